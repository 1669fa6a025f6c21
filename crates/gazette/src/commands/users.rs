//! `gazette user add|list|invite|role|disable|enable`.

use crate::cli::{
    ListArgs, RoleChoice, UserAddArgs, UserCommand, UserInviteArgs, UserNamedArgs, UserRoleArgs,
};
use crate::output;
use gazette_app::{App, AppError, Config, Invitation, NewUser};
use gazette_domain::{Role, User};
use std::io::BufRead as _;

pub async fn run(config: &Config, command: UserCommand) -> Result<(), String> {
    let app = super::open(config).await?;
    let result = match command {
        UserCommand::Add(args) => add(&app, args).await,
        UserCommand::List(args) => list(&app, &args).await,
        UserCommand::Invite(args) => invite(&app, args).await,
        UserCommand::Role(args) => change_role(&app, &args).await,
        UserCommand::Disable(args) => set_enabled(&app, &args, false).await,
        UserCommand::Enable(args) => set_enabled(&app, &args, true).await,
    };
    app.close().await;
    result
}

fn role_of(choice: RoleChoice) -> Role {
    match choice {
        RoleChoice::Administrator => Role::Administrator,
        RoleChoice::Editor => Role::Editor,
        RoleChoice::Author => Role::Author,
        RoleChoice::Contributor => Role::Contributor,
    }
}

async fn add(app: &App, args: UserAddArgs) -> Result<(), String> {
    let password = if args.password_stdin {
        let mut line = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut line)
            .map_err(|error| format!("cannot read the password from standard input: {error}"))?;
        Some(line.trim_end_matches(['\r', '\n']).to_owned())
    } else {
        None
    };
    let user = app
        .create_user(NewUser {
            display_name: args.name,
            email: args.email,
            role: role_of(args.role),
            password,
        })
        .await
        .map_err(sentences)?;
    output::line(&format!(
        "Added {} <{}> as {} (user {}).",
        user.display_name, user.email, user.role, user.id
    ));
    Ok(())
}

/// An error as the sentences to print: each field's problem in turn.
fn sentences(error: AppError) -> String {
    match error {
        AppError::Validation(errors) => errors
            .iter()
            .map(|error| error.message.clone())
            .collect::<Vec<_>>()
            .join(" "),
        other => other.to_string(),
    }
}

/// The user with this email address.
async fn named(app: &App, email: &str) -> Result<User, String> {
    app.user_by_email(email)
        .await
        .map_err(sentences)?
        .ok_or_else(|| {
            format!(
                "there is no user with the email address {email}; `gazette user list` shows them"
            )
        })
}

async fn invite(app: &App, args: UserInviteArgs) -> Result<(), String> {
    let user = app
        .invite_user(Invitation {
            display_name: args.name,
            email: args.email,
            role: role_of(args.role),
            invited_by: None,
        })
        .await
        .map_err(sentences)?;
    output::line(&format!(
        "Invited {} <{}> as {} (user {}); the mail goes out with the next job run.",
        user.display_name, user.email, user.role, user.id
    ));
    Ok(())
}

async fn change_role(app: &App, args: &UserRoleArgs) -> Result<(), String> {
    let user = named(app, &args.email).await?;
    let user = app
        .change_role(None, user.id, role_of(args.role))
        .await
        .map_err(sentences)?;
    output::line(&format!(
        "{} <{}> is now {}.",
        user.display_name, user.email, user.role
    ));
    Ok(())
}

async fn set_enabled(app: &App, args: &UserNamedArgs, enabled: bool) -> Result<(), String> {
    let user = named(app, &args.email).await?;
    let user = app
        .set_account_enabled(None, user.id, enabled)
        .await
        .map_err(sentences)?;
    let state = if enabled {
        "can sign in again"
    } else {
        "is disabled and signed out everywhere"
    };
    output::line(&format!("{} <{}> {state}.", user.display_name, user.email));
    Ok(())
}

async fn list(app: &App, args: &ListArgs) -> Result<(), String> {
    let users = app.users().await.map_err(|error| error.to_string())?;
    if args.json {
        return output::json(&users);
    }
    if users.is_empty() {
        output::line("No users yet.");
        return Ok(());
    }
    let rows: Vec<Vec<String>> = users
        .iter()
        .map(|user| {
            vec![
                user.id.to_string(),
                user.display_name.clone(),
                user.email.clone(),
                user.role.to_string(),
                if user.disabled_at.is_some() {
                    "disabled"
                } else {
                    "active"
                }
                .to_owned(),
            ]
        })
        .collect();
    output::table(&["ID", "NAME", "EMAIL", "ROLE", "STATE"], &rows);
    Ok(())
}
