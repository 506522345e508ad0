//! The database: SQLite (a file path or `sqlite:` URL, created if missing) or Postgres (a
//! `postgres://` URL), reached through sqlx's `Any` driver so that one code path and one
//! schema serve both. Migrations are embedded in the binary (`migrations/*.sql`).

use std::borrow::Cow;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::migrate::{Migration, MigrationSource, MigrationType, Migrator};
use sqlx::{AnyPool, Executor, Row};

/// The schema's migrations, in order (version, description, SQL).
const MIGRATIONS: &[(i64, &str, &str)] =
    &[(1, "schema", include_str!("../migrations/0001_schema.sql"))];

/// The embedded migrations as sqlx's migration source.
#[derive(Debug, Clone, Copy)]
struct Embedded;

impl MigrationSource<'static> for Embedded {
    fn resolve(
        self,
    ) -> std::pin::Pin<
        Box<
            dyn std::future::Future<Output = Result<Vec<Migration>, sqlx::error::BoxDynError>>
                + Send,
        >,
    > {
        Box::pin(async {
            Ok(MIGRATIONS
                .iter()
                .map(|(version, description, sql)| {
                    Migration::new(
                        *version,
                        Cow::Borrowed(*description),
                        MigrationType::Simple,
                        Cow::Borrowed(*sql),
                        false,
                    )
                })
                .collect())
        })
    }
}

/// Which database a URL names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A SQLite file.
    Sqlite,
    /// A Postgres server.
    Postgres,
}

/// A database URL: `postgres://…` / `postgresql://…`, `sqlite:…`, or a plain file path
/// (SQLite).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DbUrl {
    /// The URL as sqlx reads it.
    pub url: String,
    /// Its kind.
    pub kind: Kind,
}

impl DbUrl {
    /// Reads a URL or a path.
    pub fn parse(text: &str) -> Self {
        if text.starts_with("postgres://") || text.starts_with("postgresql://") {
            Self {
                url: text.to_owned(),
                kind: Kind::Postgres,
            }
        } else if text.starts_with("sqlite:") {
            Self {
                url: text.to_owned(),
                kind: Kind::Sqlite,
            }
        } else {
            Self {
                url: format!("sqlite://{text}"),
                kind: Kind::Sqlite,
            }
        }
    }

    fn with_mode(&self, mode: &str) -> String {
        match self.kind {
            Kind::Postgres => self.url.clone(),
            Kind::Sqlite => {
                let sep = if self.url.contains('?') { '&' } else { '?' };
                format!("{}{sep}mode={mode}", self.url)
            }
        }
    }
}

/// Opens the database for writing (creating a SQLite file if missing) and runs the
/// migrations. SQLite gets WAL (readers beside the one writer) and one connection.
pub async fn open_writer(db: &DbUrl) -> eyre::Result<AnyPool> {
    sqlx::any::install_default_drivers();
    let options: AnyConnectOptions = db.with_mode("rwc").parse()?;
    let kind = db.kind;
    let pool = AnyPoolOptions::new()
        .max_connections(if kind == Kind::Sqlite { 1 } else { 4 })
        .after_connect(move |conn, _| {
            Box::pin(async move {
                if kind == Kind::Sqlite {
                    conn.execute("PRAGMA journal_mode = WAL").await?;
                    conn.execute("PRAGMA synchronous = NORMAL").await?;
                    conn.execute("PRAGMA busy_timeout = 5000").await?;
                }
                Ok(())
            })
        })
        .connect_with(options)
        .await?;
    let migrator = Migrator::new(Embedded).await?;
    migrator.run(&pool).await?;
    Ok(pool)
}

/// Opens the database for the API: read-only (SQLite `mode=ro`; Postgres sessions with
/// `default_transaction_read_only`), so nothing the API receives can change stored data.
pub async fn open_reader(db: &DbUrl, connections: u32) -> eyre::Result<AnyPool> {
    sqlx::any::install_default_drivers();
    let options: AnyConnectOptions = db.with_mode("ro").parse()?;
    let kind = db.kind;
    let pool = AnyPoolOptions::new()
        .max_connections(connections)
        .after_connect(move |conn, _| {
            Box::pin(async move {
                match kind {
                    Kind::Sqlite => {
                        conn.execute("PRAGMA busy_timeout = 5000").await?;
                        conn.execute("PRAGMA query_only = ON").await?;
                    }
                    Kind::Postgres => {
                        conn.execute("SET default_transaction_read_only = on")
                            .await?;
                    }
                }
                Ok(())
            })
        })
        .connect_with(options)
        .await?;
    Ok(pool)
}

/// One indexed block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BlockRow {
    /// Height.
    pub number: u64,
    /// Hash (`0x…`).
    pub hash: String,
    /// Timestamp.
    pub timestamp: u64,
}

/// The highest indexed block.
pub async fn last_block<'e, E>(executor: E) -> eyre::Result<Option<BlockRow>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let row =
        sqlx::query("SELECT number, hash, timestamp FROM blocks ORDER BY number DESC LIMIT 1")
            .fetch_optional(executor)
            .await?;
    Ok(row.map(|r| BlockRow {
        number: crate::codec::unint(r.get(0)),
        hash: r.get(1),
        timestamp: crate::codec::unint(r.get(2)),
    }))
}

/// The stored hash at `number`.
pub async fn block_hash(pool: &AnyPool, number: u64) -> eyre::Result<Option<String>> {
    let row = sqlx::query("SELECT hash FROM blocks WHERE number = $1")
        .bind(crate::codec::int(number))
        .fetch_optional(pool)
        .await?;
    Ok(row.map(|r| r.get(0)))
}

/// The state tables, emptied before a re-projection.
pub const STATE_TABLES: &[&str] = &[
    "manufacturers",
    "registry_roles",
    "delegations",
    "manufacturing_licenses",
    "mous",
    "device_licenses",
    "device_license_audits",
    "device_license_votes",
    "batches",
    "certificates",
    "certificate_organizations",
    "certificate_history",
];

/// Every row of the state tables (and the blocks and logs), as sorted text lines: two
/// indexes of the same chain dump equal (the tests compare a rolled-back index with a fresh
/// one this way).
pub async fn dump(pool: &AnyPool) -> eyre::Result<Vec<String>> {
    let mut lines = Vec::new();
    for table in STATE_TABLES
        .iter()
        .chain(&["blocks", "logs", "chain_heads"])
    {
        let rows = sqlx::query(&format!("SELECT * FROM {table}"))
            .fetch_all(pool)
            .await?;
        for row in rows {
            let mut line = format!("{table}:");
            for i in 0..row.len() {
                let value = match row.try_get::<String, _>(i) {
                    Ok(text) => text,
                    Err(_) => row.try_get::<i64, _>(i)?.to_string(),
                };
                line.push('|');
                line.push_str(&value);
            }
            lines.push(line);
        }
    }
    lines.sort();
    Ok(lines)
}
