//! Storage errors, described so that whoever reads them knows what to do.

/// What can go wrong in storage.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database address could not be understood.
    #[error(
        "`{0}` is not a database address Gazette understands; use sqlite://PATH or postgres://USER@HOST/DATABASE"
    )]
    UnsupportedAddress(String),
    /// Connecting failed.
    #[error("could not open the database at {address}: {source}")]
    Connect {
        /// Where we tried to connect (without password).
        address: String,
        /// What the driver said.
        source: sqlx::Error,
    },
    /// Applying migrations failed.
    #[error("could not bring the database schema up to date: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// The schema is older than this program and must be migrated first.
    #[error(
        "the database schema is behind this version of Gazette ({pending} migration(s) not applied); run `gazette migrate` first"
    )]
    SchemaBehind {
        /// How many migrations are missing.
        pending: usize,
    },
    /// The schema was migrated by a newer Gazette.
    #[error(
        "the database was set up by a newer version of Gazette (it has migration {version}, which this version does not know); upgrade Gazette"
    )]
    SchemaAhead {
        /// The unknown migration's version.
        version: i64,
    },
    /// A unique value is already taken.
    #[error("{0} already exists")]
    Conflict(String),
    /// A stored value does not fit the domain's rules; the database was changed by hand.
    #[error("the database holds a value Gazette cannot read: {0}")]
    Corrupt(String),
    /// Any other database failure.
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
}

impl StoreError {
    /// Whether the database could not be reached (pool exhausted or closed, network or
    /// file IO failure) rather than refusing a statement.
    pub fn is_connection_problem(&self) -> bool {
        matches!(
            self,
            Self::Database(
                sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Io(_)
            ) | Self::Connect { .. }
        )
    }

    /// Turns a unique violation into [`StoreError::Conflict`] naming `what`; other errors
    /// pass through.
    pub(crate) fn conflict_on_unique(error: sqlx::Error, what: &str) -> Self {
        match &error {
            sqlx::Error::Database(database_error) if database_error.is_unique_violation() => {
                Self::Conflict(what.to_owned())
            }
            _ => Self::Database(error),
        }
    }
}
