//! The schema's history, embedded in the binary: one folder of SQL files per backend,
//! with the same version ids in both (a test checks that).

use crate::backend::Db;
use crate::error::StoreError;
use sqlx::migrate::Migrator;

static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("../../migrations/sqlite");
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("../../migrations/postgres");

/// Where a database stands against the migrations this binary carries.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MigrationState {
    /// Versions applied to the database, oldest first.
    pub applied: Vec<i64>,
    /// Versions this binary knows, oldest first.
    pub known: Vec<i64>,
}

/// The outcome of comparing the two.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SchemaStatus {
    /// Every known migration is applied.
    Current,
    /// Some known migrations are missing.
    Behind(usize),
    /// The database has a migration this binary does not know.
    Ahead(i64),
}

impl MigrationState {
    /// Compares applied and known versions.
    pub fn status(&self) -> SchemaStatus {
        if let Some(unknown) = self
            .applied
            .iter()
            .find(|version| !self.known.contains(version))
        {
            return SchemaStatus::Ahead(*unknown);
        }
        let pending = self
            .known
            .iter()
            .filter(|version| !self.applied.contains(version))
            .count();
        if pending == 0 {
            SchemaStatus::Current
        } else {
            SchemaStatus::Behind(pending)
        }
    }
}

fn migrator_for(db: &Db) -> &'static Migrator {
    match db {
        Db::Sqlite(_) => &SQLITE_MIGRATIONS,
        Db::Postgres(_) => &POSTGRES_MIGRATIONS,
    }
}

/// The versions of the SQLite and PostgreSQL migrations, for checking they pair up.
#[cfg(test)]
fn known_versions_by_backend() -> [Vec<(i64, String)>; 2] {
    let list = |migrator: &Migrator| {
        migrator
            .iter()
            .map(|migration| (migration.version, migration.description.to_string()))
            .collect()
    };
    [list(&SQLITE_MIGRATIONS), list(&POSTGRES_MIGRATIONS)]
}

/// Applies every pending migration, each in its own transaction, then writes what SQL
/// alone could not (the search's body text of articles stored before it existed).
pub async fn apply(db: &Db) -> Result<(), StoreError> {
    if let SchemaStatus::Ahead(version) = state(db).await?.status() {
        return Err(StoreError::SchemaAhead { version });
    }
    match db {
        Db::Sqlite(pools) => SQLITE_MIGRATIONS.run(&pools.writer).await?,
        Db::Postgres(pool) => POSTGRES_MIGRATIONS.run(pool).await?,
    }
    crate::search::fill_missing_body_text(db).await
}

/// Fails unless the schema is exactly what this binary expects.
pub async fn ensure_current(db: &Db) -> Result<(), StoreError> {
    match state(db).await?.status() {
        SchemaStatus::Current => Ok(()),
        SchemaStatus::Behind(pending) => Err(StoreError::SchemaBehind { pending }),
        SchemaStatus::Ahead(version) => Err(StoreError::SchemaAhead { version }),
    }
}

/// Reads which migrations the database has. A database never migrated has none.
pub async fn state(db: &Db) -> Result<MigrationState, StoreError> {
    const APPLIED: &str = "SELECT version FROM _sqlx_migrations WHERE success ORDER BY version";
    let has_table: bool = match db {
        Db::Sqlite(pools) => sqlx::query_scalar::<_, i64>(
            "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = '_sqlx_migrations'",
        )
        .fetch_one(&pools.reader)
        .await?
            > 0,
        Db::Postgres(pool) => {
            sqlx::query_scalar::<_, bool>("SELECT to_regclass('_sqlx_migrations') IS NOT NULL")
                .fetch_one(pool)
                .await?
        }
    };
    let applied = if has_table {
        read!(db, conn => sqlx::query_scalar::<_, i64>(APPLIED).fetch_all(conn).await)?
    } else {
        Vec::new()
    };
    let known = migrator_for(db)
        .iter()
        .map(|migration| migration.version)
        .collect();
    Ok(MigrationState { applied, known })
}

impl Db {
    /// Applies every pending migration, each in its own transaction. Fails, changing
    /// nothing, when the database was migrated by a newer Gazette.
    pub async fn migrate(&self) -> Result<(), StoreError> {
        apply(self).await
    }

    /// Which migrations are applied and known.
    pub async fn migration_state(&self) -> Result<MigrationState, StoreError> {
        state(self).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_backends_have_the_same_migration_versions() {
        let [sqlite, postgres] = known_versions_by_backend();
        assert!(!sqlite.is_empty());
        assert_eq!(
            sqlite, postgres,
            "every migration must exist for both SQLite and PostgreSQL under the same version and name"
        );
    }

    #[test]
    fn status_compares_applied_and_known() {
        let state = |applied: Vec<i64>| MigrationState {
            applied,
            known: vec![1, 2],
        };
        assert_eq!(state(vec![1, 2]).status(), SchemaStatus::Current);
        assert_eq!(state(vec![1]).status(), SchemaStatus::Behind(1));
        assert_eq!(state(vec![1, 2, 3]).status(), SchemaStatus::Ahead(3));
    }
}
