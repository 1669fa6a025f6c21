//! Translating the feedparser corpus's `Expect:` lines into data.
//!
//! Each line is a Python boolean expression over feedparser's result. It is never
//! evaluated: a small tokenizer and parser read the forms that occur — `not bozo`,
//! `path == literal` joined by `and`, parentheses — into [`Check`]s, and the paths that
//! name something Gazette's reader keeps are mapped to a [`Field`]. Everything else is
//! counted as not understood.

/// One translated condition.
#[derive(Debug, Clone, PartialEq)]
pub enum Check {
    /// `not bozo`: the document was read without error.
    ReadsCleanly,
    /// A field must hold a value.
    Equals(Field, Expected),
    /// A comparison on a path Gazette's reader does not keep, or a literal it cannot use.
    NotUnderstood(String),
}

/// What a comparison expects.
#[derive(Debug, Clone, PartialEq)]
pub enum Expected {
    Text(String),
    /// A date as (year, month, day, hour, minute, second) in UTC.
    Date([i64; 6]),
}

/// A field of the parse result that both readers fill.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    FeedTitle,
    FeedLink,
    FeedDescription,
    Entry(usize, EntryField),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryField {
    Title,
    Link,
    Id,
    Summary,
    Content,
    Published,
    Updated,
    Author(usize),
    Category(usize),
}

/// The checks `expression` states, or `None` when its form is not understood at all.
pub fn translate(expression: &str) -> Option<Vec<Check>> {
    let tokens = tokenize(expression)?;
    let mut parser = Parser {
        tokens,
        position: 0,
    };
    let checks = parser.conjunction()?;
    (parser.position == parser.tokens.len()).then_some(checks)
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Word(String),
    Text(String),
    Number(i64),
    Open(char),
    Close(char),
    Comma,
    Equals,
}

fn tokenize(expression: &str) -> Option<Vec<Token>> {
    let mut tokens = Vec::new();
    let mut characters = expression.chars().peekable();
    while let Some(&character) = characters.peek() {
        match character {
            ' ' | '\t' => {
                characters.next();
            }
            '[' | '(' | '{' => {
                characters.next();
                tokens.push(Token::Open(character));
            }
            ']' | ')' | '}' => {
                characters.next();
                tokens.push(Token::Close(character));
            }
            ',' => {
                characters.next();
                tokens.push(Token::Comma);
            }
            '=' => {
                characters.next();
                (characters.next() == Some('=')).then_some(())?;
                tokens.push(Token::Equals);
            }
            '\'' | '"' => tokens.push(Token::Text(string_literal(&mut characters)?)),
            '0'..='9' | '-' => {
                let mut digits = String::new();
                while let Some(&digit) = characters
                    .peek()
                    .filter(|c| c.is_ascii_digit() || **c == '-')
                {
                    digits.push(digit);
                    characters.next();
                }
                tokens.push(Token::Number(digits.parse().ok()?));
            }
            _ if character.is_alphabetic() || character == '_' => {
                let mut word = String::new();
                while let Some(&letter) = characters
                    .peek()
                    .filter(|c| c.is_alphanumeric() || **c == '_')
                {
                    word.push(letter);
                    characters.next();
                }
                // A `u` before a quote is Python 2's Unicode prefix.
                if word == "u" && matches!(characters.peek(), Some('\'' | '"')) {
                    continue;
                }
                tokens.push(Token::Word(word));
            }
            _ => return None,
        }
    }
    Some(tokens)
}

/// A Python string literal, the opening quote next in `characters`.
fn string_literal(characters: &mut std::iter::Peekable<std::str::Chars<'_>>) -> Option<String> {
    let quote = characters.next()?;
    let mut text = String::new();
    loop {
        match characters.next()? {
            character if character == quote => return Some(text),
            '\\' => match characters.next()? {
                'n' => text.push('\n'),
                't' => text.push('\t'),
                'r' => text.push('\r'),
                'u' => text.push(code_point(characters, 4)?),
                'U' => text.push(code_point(characters, 8)?),
                'x' => text.push(code_point(characters, 2)?),
                escaped @ ('\\' | '\'' | '"') => text.push(escaped),
                _ => return None,
            },
            character => text.push(character),
        }
    }
}

fn code_point(characters: &mut impl Iterator<Item = char>, digits: usize) -> Option<char> {
    let hex: String = characters.take(digits).collect();
    char::from_u32(u32::from_str_radix(&hex, 16).ok()?)
}

struct Parser {
    tokens: Vec<Token>,
    position: usize,
}

#[derive(Debug)]
enum Segment {
    Key(String),
    Index(usize),
}

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.position)
    }

    fn next(&mut self) -> Option<Token> {
        let token = self.tokens.get(self.position).cloned();
        self.position += 1;
        token
    }

    fn expect(&mut self, expected: &Token) -> Option<()> {
        (self.next()? == *expected).then_some(())
    }

    fn conjunction(&mut self) -> Option<Vec<Check>> {
        let mut checks = self.term()?;
        while self.peek() == Some(&Token::Word("and".to_owned())) {
            self.position += 1;
            checks.extend(self.term()?);
        }
        Some(checks)
    }

    fn term(&mut self) -> Option<Vec<Check>> {
        match self.peek()? {
            Token::Word(word) if word == "not" => {
                self.position += 1;
                self.expect(&Token::Word("bozo".to_owned()))?;
                Some(vec![Check::ReadsCleanly])
            }
            Token::Open('(') => {
                self.position += 1;
                let checks = self.conjunction()?;
                self.expect(&Token::Close(')'))?;
                Some(checks)
            }
            _ => Some(vec![self.comparison()?]),
        }
    }

    fn comparison(&mut self) -> Option<Check> {
        let (root, segments) = self.path()?;
        self.expect(&Token::Equals)?;
        let start = self.position;
        let literal = self.literal();
        if self.peek() == Some(&Token::Equals) {
            return None;
        }
        let written = format!(
            "{root}{segments:?} == {:?}",
            &self.tokens[start..self.position]
        );
        let (Some(field), Some(expected)) = (field(&root, &segments), literal) else {
            return Some(Check::NotUnderstood(written));
        };
        let fits = matches!(
            (field, &expected),
            (
                Field::Entry(_, EntryField::Published | EntryField::Updated),
                Expected::Date(_)
            )
        ) || !matches!(
            field,
            Field::Entry(_, EntryField::Published | EntryField::Updated)
        ) && matches!(expected, Expected::Text(_));
        Some(if fits {
            Check::Equals(field, expected)
        } else {
            Check::NotUnderstood(written)
        })
    }

    fn path(&mut self) -> Option<(String, Vec<Segment>)> {
        let Token::Word(root) = self.next()? else {
            return None;
        };
        let mut segments = Vec::new();
        while self.peek() == Some(&Token::Open('[')) {
            self.position += 1;
            segments.push(match self.next()? {
                Token::Text(key) => Segment::Key(key),
                Token::Number(index) => Segment::Index(usize::try_from(index).ok()?),
                _ => return None,
            });
            self.expect(&Token::Close(']'))?;
        }
        Some((root, segments))
    }

    /// A literal, read past even when it is of a form no field uses (then `None`).
    fn literal(&mut self) -> Option<Expected> {
        match self.next()? {
            Token::Text(text) => Some(Expected::Text(text)),
            Token::Open(open) => {
                let close = match open {
                    '(' => ')',
                    '[' => ']',
                    _ => '}',
                };
                let mut numbers = Vec::new();
                let mut depth = 1;
                while depth > 0 {
                    match self.next()? {
                        Token::Open(_) => depth += 1,
                        Token::Close(_) => depth -= 1,
                        Token::Number(number) if depth == 1 => numbers.push(number),
                        _ => {}
                    }
                }
                (open == '(' && close == ')' && numbers.len() == 9).then(|| {
                    Expected::Date([
                        numbers[0], numbers[1], numbers[2], numbers[3], numbers[4], numbers[5],
                    ])
                })
            }
            _ => None,
        }
    }
}

/// The field a feedparser path names, with its aliases (`tagline` is `subtitle`,
/// `issued` is `published`, `modified` is `updated`…), if Gazette keeps it.
fn field(root: &str, segments: &[Segment]) -> Option<Field> {
    use Segment::{Index, Key};
    let keys: Vec<String> = segments
        .iter()
        .map(|segment| match segment {
            Key(key) => key.clone(),
            Index(index) => index.to_string(),
        })
        .collect();
    let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
    match root {
        "feed" => match keys.as_slice() {
            ["title"] | ["title_detail", "value"] => Some(Field::FeedTitle),
            ["link"] => Some(Field::FeedLink),
            ["subtitle" | "tagline" | "description"]
            | ["subtitle_detail" | "tagline_detail", "value"] => Some(Field::FeedDescription),
            _ => None,
        },
        "entries" => {
            let (index, rest) = keys.split_first()?;
            let index: usize = index.parse().ok()?;
            let entry_field = match rest {
                ["title"] | ["title_detail", "value"] => EntryField::Title,
                ["link"] => EntryField::Link,
                ["id" | "guid"] => EntryField::Id,
                ["summary" | "description"] | ["summary_detail", "value"] => EntryField::Summary,
                ["content", "0", "value"] => EntryField::Content,
                ["published_parsed" | "issued_parsed"] => EntryField::Published,
                ["updated_parsed" | "modified_parsed"] => EntryField::Updated,
                ["author_detail", "name"] => EntryField::Author(0),
                ["authors", author, "name"] => EntryField::Author(author.parse().ok()?),
                ["category"] => EntryField::Category(0),
                ["tags", tag, "term"] => EntryField::Category(tag.parse().ok()?),
                _ => return None,
            };
            Some(Field::Entry(index, entry_field))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_common_forms() {
        assert_eq!(
            translate(
                r#"not bozo and entries[0]['title'] == u'Caf\u00e9' and feed['tagline'] == "x""#
            ),
            Some(vec![
                Check::ReadsCleanly,
                Check::Equals(
                    Field::Entry(0, EntryField::Title),
                    Expected::Text("Café".to_owned())
                ),
                Check::Equals(Field::FeedDescription, Expected::Text("x".to_owned())),
            ])
        );
        assert_eq!(
            translate("entries[0]['modified_parsed'] == (2003, 12, 31, 10, 14, 55, 2, 365, 0)"),
            Some(vec![Check::Equals(
                Field::Entry(0, EntryField::Updated),
                Expected::Date([2003, 12, 31, 10, 14, 55])
            )])
        );
    }

    #[test]
    fn counts_what_it_does_not_understand() {
        assert!(matches!(
            translate("not bozo and feed['generator_detail']['version'] == '2.65'").unwrap()[1],
            Check::NotUnderstood(_)
        ));
        assert_eq!(
            translate("entries[0]['link'] == entries[1]['link'] == 'x'"),
            None
        );
        assert_eq!(translate("len(entries) == 2"), None);
        assert_eq!(translate("1"), None);
    }
}
