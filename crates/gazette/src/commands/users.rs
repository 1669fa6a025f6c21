//! `gazette user add|list`.

use crate::cli::{ListArgs, RoleChoice, UserAddArgs, UserCommand};
use crate::output;
use gazette_app::{App, AppError, Config, NewUser};
use gazette_domain::Role;
use std::io::BufRead as _;

pub async fn run(config: &Config, command: UserCommand) -> Result<(), String> {
    let app = super::open(config).await?;
    let result = match command {
        UserCommand::Add(args) => add(&app, args).await,
        UserCommand::List(args) => list(&app, &args).await,
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
        .map_err(|error| match error {
            AppError::Validation(errors) => errors
                .iter()
                .map(|error| error.message.clone())
                .collect::<Vec<_>>()
                .join(" "),
            other => other.to_string(),
        })?;
    output::line(&format!(
        "Added {} <{}> as {} (user {}).",
        user.display_name, user.email, user.role, user.id
    ));
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
