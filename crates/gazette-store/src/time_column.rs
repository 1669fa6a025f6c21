//! How a [`Timestamp`] is stored: integer microseconds in SQLite, `timestamptz` in
//! PostgreSQL. The domain type knows nothing of sqlx, so this wrapper carries the codecs.

use gazette_domain::Timestamp;
use sqlx::encode::IsNull;
use sqlx::error::BoxDynError;
use sqlx::postgres::{PgArgumentBuffer, PgTypeInfo, PgValueFormat, PgValueRef, Postgres};
use sqlx::sqlite::{Sqlite, SqliteArgumentsBuffer, SqliteTypeInfo, SqliteValueRef};
use sqlx::{Decode, Encode, Type};

/// A [`Timestamp`] as a column value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct DbTime(pub Timestamp);

impl From<Timestamp> for DbTime {
    fn from(stamp: Timestamp) -> Self {
        Self(stamp)
    }
}

/// Microseconds between 1970-01-01 and 2000-01-01, PostgreSQL's epoch.
const POSTGRES_EPOCH_OFFSET_MICROS: i64 = 946_684_800_000_000;

impl Type<Sqlite> for DbTime {
    fn type_info() -> SqliteTypeInfo {
        <i64 as Type<Sqlite>>::type_info()
    }

    fn compatible(type_info: &SqliteTypeInfo) -> bool {
        <i64 as Type<Sqlite>>::compatible(type_info)
    }
}

impl Encode<'_, Sqlite> for DbTime {
    fn encode_by_ref(&self, buffer: &mut SqliteArgumentsBuffer) -> Result<IsNull, BoxDynError> {
        <i64 as Encode<Sqlite>>::encode(self.0.as_microseconds(), buffer)
    }
}

impl<'r> Decode<'r, Sqlite> for DbTime {
    fn decode(value: SqliteValueRef<'r>) -> Result<Self, BoxDynError> {
        let micros = <i64 as Decode<Sqlite>>::decode(value)?;
        Ok(Self(Timestamp::from_microseconds(micros)?))
    }
}

impl Type<Postgres> for DbTime {
    fn type_info() -> PgTypeInfo {
        PgTypeInfo::with_name("timestamptz")
    }
}

impl Encode<'_, Postgres> for DbTime {
    fn encode_by_ref(&self, buffer: &mut PgArgumentBuffer) -> Result<IsNull, BoxDynError> {
        let since_postgres_epoch = self.0.as_microseconds() - POSTGRES_EPOCH_OFFSET_MICROS;
        <i64 as Encode<Postgres>>::encode(since_postgres_epoch, buffer)
    }
}

impl<'r> Decode<'r, Postgres> for DbTime {
    fn decode(value: PgValueRef<'r>) -> Result<Self, BoxDynError> {
        match value.format() {
            PgValueFormat::Binary => {
                let since_postgres_epoch = <i64 as Decode<Postgres>>::decode(value)?;
                Ok(Self(Timestamp::from_microseconds(
                    since_postgres_epoch + POSTGRES_EPOCH_OFFSET_MICROS,
                )?))
            }
            PgValueFormat::Text => {
                // Text results only arrive from simple queries; PostgreSQL writes
                // `2024-04-24 09:30:00.123456+00`, which jiff reads once the offset is whole.
                let text = value.as_str()?;
                let bytes = text.as_bytes();
                let hour_only_offset =
                    bytes.len() > 3 && matches!(bytes[bytes.len() - 3], b'+' | b'-');
                let normalised = if hour_only_offset {
                    format!("{text}:00")
                } else {
                    text.to_owned()
                };
                let instant: jiff::Timestamp = normalised.replacen(' ', "T", 1).parse()?;
                Ok(Self(Timestamp::from_jiff(instant)))
            }
        }
    }
}
