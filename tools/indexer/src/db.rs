//! The database: SQLite (a file path or `sqlite:` URL, created if missing) or Postgres (a
//! `postgres://` URL), reached through sqlx's `Any` driver so that one code path and one
//! schema serve both. Migrations are embedded in the binary (`migrations/*.sql`).

use std::borrow::Cow;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::migrate::{Migration, MigrationSource, MigrationType, Migrator};
use sqlx::{AnyPool, Executor, Row};

/// The schema's migrations, in order (version, description, SQL).
const MIGRATIONS: &[(i64, &str, &str)] = &[
    (1, "schema", include_str!("../migrations/0001_schema.sql")),
    (2, "undo", include_str!("../migrations/0002_undo.sql")),
];

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

/// A state table: its name, its columns in the schema's order (the undo tables,
/// `<name>_undo`, hold the same columns followed by `undo_block, undo_seq`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Table {
    /// The table.
    pub name: &'static str,
    /// Its columns, comma-separated, in the schema's order.
    pub columns: &'static str,
}

impl Table {
    /// Its undo table.
    pub fn undo(&self) -> String {
        format!("{}_undo", self.name)
    }
}

/// `manufacturers`.
pub const MANUFACTURERS: Table = Table {
    name: "manufacturers",
    columns: "id, name, name_key, owner, uri, epoch, minted_block, minted_at",
};
/// `registry_roles`.
pub const REGISTRY_ROLES: Table = Table {
    name: "registry_roles",
    columns: "role, account",
};
/// `delegations`.
pub const DELEGATIONS: Table = Table {
    name: "delegations",
    columns: "manufacturer, operator, privilege, expires_at, epoch",
};
/// `manufacturing_licenses`.
pub const MANUFACTURING_LICENSES: Table = Table {
    name: "manufacturing_licenses",
    columns: "manufacturer, status, grant_number, granted_at, expires_at, changed_at, reason, stake, mou_version, mou_accepted_at",
};
/// `mous`.
pub const MOUS: Table = Table {
    name: "mous",
    columns: "version, hash, uri, published_at",
};
/// `device_licenses`.
pub const DEVICE_LICENSES: Table = Table {
    name: "device_licenses",
    columns: "id, manufacturer, status, model, hardware_revision, design_hash, supersedes, superseded_by, applicant, applied_at, decided_at, changed_at, round, approvals, rejections",
};
/// `device_license_audits`.
pub const DEVICE_LICENSE_AUDITS: Table = Table {
    name: "device_license_audits",
    columns: "license, kind, round, passed, report_hash, report_uri, auditor, recorded_at",
};
/// `device_license_votes`.
pub const DEVICE_LICENSE_VOTES: Table = Table {
    name: "device_license_votes",
    columns: "license, member, round, approve, voted_at",
};
/// `batches`.
pub const BATCHES: Table = Table {
    name: "batches",
    columns: "id, manufacturer, device_license, license_grant, license_expires_at, count, digest, minter, block_number, minted_at",
};
/// `certificates`.
pub const CERTIFICATES: Table = Table {
    name: "certificates",
    columns: "id, device, manufacturer, serial, imei, batch, device_license, manufactured_at, ict_passed, ict_report, mechanical_passed, mechanical_report, qa_report, qa_inspected_at, initial_firmware, firmware, provisioned_at, status, retired_at, ota_updates, factory_resets, history_head, claim_nonce, owner, minted_block, minted_at",
};
/// `certificate_organizations`.
pub const CERTIFICATE_ORGANIZATIONS: Table = Table {
    name: "certificate_organizations",
    columns: "certificate, org, authorized_by, authorized_at",
};
/// `certificate_history`.
pub const CERTIFICATE_HISTORY: Table = Table {
    name: "certificate_history",
    columns: "certificate, seq, kind, block_number, log_index, tx_hash, at, details, actor, linked, head, computed_head, verified",
};

/// The state tables, emptied before a re-projection.
pub const STATE_TABLES: &[Table] = &[
    MANUFACTURERS,
    REGISTRY_ROLES,
    DELEGATIONS,
    MANUFACTURING_LICENSES,
    MOUS,
    DEVICE_LICENSES,
    DEVICE_LICENSE_AUDITS,
    DEVICE_LICENSE_VOTES,
    BATCHES,
    CERTIFICATES,
    CERTIFICATE_ORGANIZATIONS,
    CERTIFICATE_HISTORY,
];

/// The state table named `name`.
pub fn state_table(name: &str) -> Option<Table> {
    STATE_TABLES.iter().copied().find(|t| t.name == name)
}

/// A value bound to a statement.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Bind {
    /// A BIGINT.
    Int(i64),
    /// A TEXT.
    Text(String),
}

impl Bind {
    /// Adds it to `query`.
    pub fn bind_to<'q>(
        self,
        query: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>,
    ) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>> {
        match self {
            Self::Int(v) => query.bind(v),
            Self::Text(v) => query.bind(v),
        }
    }
}

impl From<i64> for Bind {
    fn from(v: i64) -> Self {
        Self::Int(v)
    }
}

impl From<String> for Bind {
    fn from(v: String) -> Self {
        Self::Text(v)
    }
}

/// Rows per multi-row `INSERT` (well under both databases' limits on bound values).
const ROWS_PER_INSERT: usize = 400;

/// Inserts `rows` (each one value per column of `columns`, comma-separated) into `table`
/// with as few statements as the databases' limits allow: one for up to 400 rows.
pub async fn insert_rows(
    conn: &mut sqlx::AnyConnection,
    table: &str,
    columns: &str,
    rows: Vec<Vec<Bind>>,
) -> eyre::Result<()> {
    let width = columns.split(',').count();
    // SQLite looks a `$N` up by a walk over the statement's names (a statement of n values
    // took n² steps); `?` binds in order, Postgres wants `$N`.
    let in_order = conn.backend_name() == <sqlx::Sqlite as sqlx::Database>::NAME;
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<Vec<Bind>> = rows.by_ref().take(ROWS_PER_INSERT).collect();
        let mut sql = format!("INSERT INTO {table} ({columns}) VALUES ");
        let mut n = 0;
        for (i, row) in chunk.iter().enumerate() {
            eyre::ensure!(row.len() == width, "{table}: a row of {} values", row.len());
            sql.push_str(if i == 0 { "(" } else { ", (" });
            for j in 0..width {
                n += 1;
                if j > 0 {
                    sql.push_str(", ");
                }
                if in_order {
                    sql.push('?');
                } else {
                    sql.push('$');
                    sql.push_str(&n.to_string());
                }
            }
            sql.push(')');
        }
        // Not kept prepared: the text changes with the number of rows.
        let mut query = sqlx::query(&sql).persistent(false);
        for value in chunk.into_iter().flatten() {
            query = value.bind_to(query);
        }
        query.execute(&mut *conn).await?;
    }
    Ok(())
}

/// Every row of the state tables (and the blocks, logs and undo records), as sorted text lines: two
/// indexes of the same chain dump equal (the tests compare a rolled-back index with a fresh
/// one this way).
pub async fn dump(pool: &AnyPool) -> eyre::Result<Vec<String>> {
    let mut lines = Vec::new();
    let mut tables: Vec<String> = STATE_TABLES.iter().map(|t| t.name.to_owned()).collect();
    tables.extend(STATE_TABLES.iter().map(Table::undo));
    tables.extend(["blocks", "logs", "chain_heads", "undo", "undo_kept"].map(str::to_owned));
    for table in tables {
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
