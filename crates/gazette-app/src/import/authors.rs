//! The export's authors as users: mapped to existing users by the authors file or by their
//! email address, or created without a password (they get one when invited, and cannot
//! sign in until then), with the role of author.
//!
//! The authors file (`--authors map.csv`) has two columns: a WordPress login, and the email
//! address of the Gazette user who takes that login's posts. A first line
//! `login,email` is a heading; blank lines and lines starting with `#` are ignored.

use super::report::{ImportKind, ImportReport};
use super::session::Writing;
use crate::accounts::insert_user;
use crate::{App, AppResult};
use gazette_domain::email::{looks_like_address, normalise};
use gazette_domain::user::check_profile;
use gazette_domain::{Role, Slug, Timestamp, UserId};
use gazette_store::{ImportedKind, ImportedObjectRecord, Tx};
use gazette_wordpress::Author;
use std::collections::HashMap;
use std::fmt;

/// The domain of the addresses given to authors the export has none for: `.invalid` is
/// reserved for addresses that reach no one.
const NO_ADDRESS_DOMAIN: &str = "wordpress-import.invalid";
/// The longest name shown on articles, in characters (the domain's limit).
const MAX_NAME_CHARACTERS: usize = gazette_domain::user::MAX_NAME_CHARACTERS;

/// WordPress logins mapped to the email addresses of existing users.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AuthorMap {
    entries: HashMap<String, (String, u64)>,
}

/// Why an authors file cannot be used, with the line that says so.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuthorMapError {
    /// The line, from 1.
    pub line: u64,
    /// What is wrong with it.
    pub message: String,
}

impl fmt::Display for AuthorMapError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "line {}: {}", self.line, self.message)
    }
}

impl std::error::Error for AuthorMapError {}

impl AuthorMap {
    /// Reads an authors file: `login,email` per line, a field quoted as in CSV
    /// (`"smith, j",j@example.com`) when it holds a comma or a quote.
    pub fn from_csv(text: &str) -> Result<Self, AuthorMapError> {
        let mut entries = HashMap::new();
        let mut first = true;
        for (index, raw) in text.lines().enumerate() {
            let line = index as u64 + 1;
            let trimmed = raw.trim();
            if trimmed.is_empty() || trimmed.starts_with('#') {
                continue;
            }
            let fields = csv_fields(trimmed).map_err(|message| AuthorMapError { line, message })?;
            let is_heading = first
                && fields.len() == 2
                && fields[0].to_ascii_lowercase().ends_with("login")
                && fields[1].to_ascii_lowercase().ends_with("email");
            first = false;
            if is_heading {
                continue;
            }
            let [login, email] = &fields[..] else {
                return Err(AuthorMapError {
                    line,
                    message: format!(
                        "it has {} columns where two are needed: a WordPress login and the email address of a Gazette user",
                        fields.len()
                    ),
                });
            };
            if login.is_empty() {
                return Err(AuthorMapError {
                    line,
                    message: "its WordPress login is empty".to_owned(),
                });
            }
            if !looks_like_address(email) {
                return Err(AuthorMapError {
                    line,
                    message: format!("`{email}` is not an email address"),
                });
            }
            if entries
                .insert(login.clone(), (normalise(email), line))
                .is_some()
            {
                return Err(AuthorMapError {
                    line,
                    message: format!("the login `{login}` is mapped twice"),
                });
            }
        }
        Ok(Self { entries })
    }
}

/// The users the export's logins became, as the import goes.
pub(super) struct Authors {
    /// Logins mapped by the authors file.
    mapped: HashMap<String, UserId>,
    /// Logins met so far, and the user each became.
    known: HashMap<String, UserId>,
    /// The users the export's authors became, by their WordPress id.
    by_wordpress_id: HashMap<u64, UserId>,
}

impl Authors {
    /// Resolves the authors file's addresses to users; an address that is no user's stops
    /// the import before anything is written.
    pub(super) async fn new(app: &App, map: &AuthorMap) -> AppResult<Self> {
        let mut mapped = HashMap::with_capacity(map.entries.len());
        for (login, (email, line)) in &map.entries {
            let user = app.user_by_email(email).await?.ok_or_else(|| {
                crate::AppError::NotFound(format!(
                    "the authors file maps `{login}` to {email} (line {line}), but no user has that address; `gazette user list` shows them"
                ))
            })?;
            mapped.insert(login.clone(), user.id);
        }
        Ok(Self {
            mapped,
            known: HashMap::new(),
            by_wordpress_id: HashMap::new(),
        })
    }

    /// The user the export's author with WordPress id `id` became, if the export
    /// described them.
    pub(super) fn user_with_wordpress_id(&self, id: u64) -> Option<UserId> {
        self.by_wordpress_id.get(&id).copied()
    }

    /// The user an author of the export becomes: the authors file's, the one imported
    /// before, the user with the same address, or a new one.
    pub(super) async fn take_author(
        &mut self,
        writing: &mut Writing,
        author: &Author,
    ) -> AppResult<UserId> {
        let user = self.user_for_author(writing, author).await?;
        if let Some(id) = author.id {
            self.by_wordpress_id.insert(id, user);
        }
        Ok(user)
    }

    /// The user `author` becomes, counted in the report.
    async fn user_for_author(
        &mut self,
        writing: &mut Writing,
        author: &Author,
    ) -> AppResult<UserId> {
        let login = author.login.trim();
        if let Some(user) = self.mapped.get(login) {
            writing.report.skipped(
                ImportKind::Author,
                "mapped to an existing user by the authors file",
            );
            self.known.insert(login.to_owned(), *user);
            return Ok(*user);
        }
        if let Some(user) = self.known.get(login) {
            writing
                .report
                .skipped(ImportKind::Author, "named twice in the export");
            return Ok(*user);
        }
        let earlier = writing
            .tx
            .imported_objects(&writing.site, ImportedKind::User, &[login])
            .await?;
        if let Some(object) = earlier.get(login)
            && writing
                .tx
                .user_by_id(UserId(object.gazette_id))
                .await?
                .is_some()
        {
            writing
                .report
                .skipped(ImportKind::Author, "already imported");
            self.known
                .insert(login.to_owned(), UserId(object.gazette_id));
            return Ok(UserId(object.gazette_id));
        }
        let email = normalise(author.email.trim());
        let same_address = if looks_like_address(&email) {
            writing.tx.user_by_email(&email).await?
        } else {
            None
        };
        let user = if let Some(user) = same_address {
            writing.report.skipped(
                ImportKind::Author,
                "a user with the same email address exists: the author's posts are theirs",
            );
            user.id
        } else {
            let user =
                create_author(&mut writing.tx, author, &mut writing.report, writing.now).await?;
            writing.report.created(ImportKind::Author, 1);
            user
        };
        writing
            .tx
            .record_imported_objects(
                &writing.site,
                ImportedKind::User,
                &[ImportedObjectRecord {
                    key: login,
                    gazette_id: user.get(),
                    version: None,
                }],
                writing.now,
            )
            .await?;
        self.known.insert(login.to_owned(), user);
        Ok(user)
    }

    /// The user the login `login` names, made (as an author known only by login) the first
    /// time an item names a login the export did not describe.
    pub(super) async fn user_for_login(
        &mut self,
        writing: &mut Writing,
        login: &str,
    ) -> AppResult<Option<UserId>> {
        let login = login.trim();
        if login.is_empty() {
            return Ok(None);
        }
        if let Some(user) = self.known.get(login).or_else(|| self.mapped.get(login)) {
            return Ok(Some(*user));
        }
        let author = Author {
            login: login.to_owned(),
            ..Author::default()
        };
        self.take_author(writing, &author).await.map(Some)
    }
}

/// The fields of one line of CSV, each trimmed; quoted fields may hold commas, and `""`
/// stands for a quote inside them.
fn csv_fields(line: &str) -> Result<Vec<String>, String> {
    let mut fields = Vec::new();
    let mut characters = line.chars().peekable();
    loop {
        while characters.next_if(|character| *character == ' ').is_some() {}
        let mut field = String::new();
        if characters.next_if_eq(&'"').is_some() {
            loop {
                match characters.next() {
                    Some('"') if characters.next_if_eq(&'"').is_some() => field.push('"'),
                    Some('"') => break,
                    Some(character) => field.push(character),
                    None => return Err("a quoted field is never closed".to_owned()),
                }
            }
            while characters.next_if(|character| *character == ' ').is_some() {}
            if characters.peek().is_some_and(|character| *character != ',') {
                return Err("something follows a quoted field before the next comma".to_owned());
            }
        } else {
            while let Some(character) = characters.next_if(|character| *character != ',') {
                field.push(character);
            }
        }
        fields.push(field.trim().to_owned());
        if characters.next().is_none() {
            return Ok(fields);
        }
    }
}

/// Creates the user `author` becomes: named by their display name (else their first and
/// last names, else their login), with their email address or, without a usable one, an
/// address that reaches no one.
async fn create_author(
    tx: &mut Tx,
    author: &Author,
    report: &mut ImportReport,
    now: Timestamp,
) -> AppResult<UserId> {
    let full_name = format!("{} {}", author.first_name.trim(), author.last_name.trim());
    let name = [
        author.display_name.trim(),
        full_name.trim(),
        author.login.trim(),
    ]
    .into_iter()
    .find(|name| !name.is_empty())
    .unwrap_or("WordPress author");
    let name: String = name.chars().take(MAX_NAME_CHARACTERS).collect();
    let email = normalise(author.email.trim());
    let email = if looks_like_address(&email) && tx.user_by_email(&email).await?.is_none() {
        email
    } else {
        report.note(format!(
            "Authors without a usable email address were given one at {NO_ADDRESS_DOMAIN}, which reaches no one: map them to existing users with --authors, or give them a real address before inviting them."
        ));
        format!(
            "{}@{NO_ADDRESS_DOMAIN}",
            Slug::from_title(&author.login, "author")
        )
    };
    let profile = check_profile(&name, &email).map_err(crate::AppError::Validation)?;
    insert_user(tx, profile, Role::Author, None, now).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_logins_and_addresses_with_or_without_a_heading() {
        let map = AuthorMap::from_csv(
            "login,email\nada, Ada@Harbour.example\n\n# the editor\n\"grace, h\",grace@harbour.example\n",
        )
        .unwrap();
        assert_eq!(map.entries["ada"].0, "Ada@harbour.example");
        assert_eq!(
            map.entries["grace, h"],
            ("grace@harbour.example".to_owned(), 5)
        );
        assert!(
            AuthorMap::from_csv("\n# nothing yet\n")
                .unwrap()
                .entries
                .is_empty()
        );
    }

    #[test]
    fn a_malformed_file_names_its_line() {
        let error = AuthorMap::from_csv("ada,ada@harbour.example\ngrace\n").unwrap_err();
        assert_eq!(error.line, 2);
        assert!(
            error.to_string().starts_with("line 2: it has 1 columns"),
            "{error}"
        );
        let error = AuthorMap::from_csv("ada,not an address\n").unwrap_err();
        assert_eq!(
            (error.line, error.message.as_str()),
            (1, "`not an address` is not an email address")
        );
        let error = AuthorMap::from_csv("ada,a@x.example\nada,b@x.example\n").unwrap_err();
        assert_eq!(error.line, 2);
        let error = AuthorMap::from_csv("\nada,\"a@x.example\n").unwrap_err();
        assert_eq!(error.to_string(), "line 2: a quoted field is never closed");
    }
}
