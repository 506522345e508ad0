//! Undo records, so that a rollback costs what it rolls back rather than the whole history.
//!
//! Before the projection changes rows, it names their [`Scope`] (a table and a filter on
//! columns a row never changes, such as its key); the block's [`Journal`] copies the rows of
//! that scope as they are into `<table>_undo` (once per block and scope: the first copy is
//! the state before the block) and lists the change in `undo`. A row the block creates
//! (a plain `INSERT`, which fails if the row exists) needs no copy. A rollback walks the
//! records of the blocks above the ancestor newest first: it deletes the scope's rows and puts
//! the copies back. Records older than [`KEPT_BLOCKS`] are pruned; a rollback below what is
//! kept re-projects everything from the stored logs instead.

use std::collections::HashSet;

use sqlx::{AnyConnection, Row};

use crate::db::{self, Bind, Table};

/// Blocks whose undo records are kept (a deeper rollback re-projects from the stored logs).
pub const KEPT_BLOCKS: u64 = 1024;

/// How often (in blocks) records older than [`KEPT_BLOCKS`] are pruned.
const PRUNE_EVERY: u64 = 256;

/// Rows that a change may touch: `table`'s rows matching `filter` (its values bound as
/// `$1`, `$2`…), on columns a row never changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scope {
    /// The table.
    pub table: Table,
    /// The rows (SQL over the table's columns).
    pub filter: &'static str,
}

/// A manufacturer by id.
pub const MANUFACTURER: Scope = Scope {
    table: db::MANUFACTURERS,
    filter: "id = $1",
};
/// A role's member (role, account).
pub const ROLE_MEMBER: Scope = Scope {
    table: db::REGISTRY_ROLES,
    filter: "role = $1 AND account = $2",
};
/// Every member of a role.
pub const ROLE: Scope = Scope {
    table: db::REGISTRY_ROLES,
    filter: "role = $1",
};
/// A delegation (manufacturer, operator, privilege).
pub const DELEGATION: Scope = Scope {
    table: db::DELEGATIONS,
    filter: "manufacturer = $1 AND operator = $2 AND privilege = $3",
};
/// Every delegation of a manufacturer.
pub const DELEGATIONS_OF: Scope = Scope {
    table: db::DELEGATIONS,
    filter: "manufacturer = $1",
};
/// A Manufacturing License by manufacturer.
pub const MANUFACTURING_LICENSE: Scope = Scope {
    table: db::MANUFACTURING_LICENSES,
    filter: "manufacturer = $1",
};
/// An MOU version.
pub const MOU: Scope = Scope {
    table: db::MOUS,
    filter: "version = $1",
};
/// A device licence by id.
pub const DEVICE_LICENSE: Scope = Scope {
    table: db::DEVICE_LICENSES,
    filter: "id = $1",
};
/// An audit (licence, round, kind).
pub const AUDIT: Scope = Scope {
    table: db::DEVICE_LICENSE_AUDITS,
    filter: "license = $1 AND round = $2 AND kind = $3",
};
/// A vote (licence, round, member).
pub const VOTE: Scope = Scope {
    table: db::DEVICE_LICENSE_VOTES,
    filter: "license = $1 AND round = $2 AND member = $3",
};
/// A batch by id.
pub const BATCH: Scope = Scope {
    table: db::BATCHES,
    filter: "id = $1",
};
/// A certificate by id.
pub const CERTIFICATE: Scope = Scope {
    table: db::CERTIFICATES,
    filter: "id = $1",
};
/// Every certificate of a batch.
pub const CERTIFICATES_OF_BATCH: Scope = Scope {
    table: db::CERTIFICATES,
    filter: "batch = $1",
};
/// A certificate's organization (certificate, org).
pub const ORGANIZATION: Scope = Scope {
    table: db::CERTIFICATE_ORGANIZATIONS,
    filter: "certificate = $1 AND org = $2",
};
/// Every organization of a certificate.
pub const ORGANIZATIONS_OF: Scope = Scope {
    table: db::CERTIFICATE_ORGANIZATIONS,
    filter: "certificate = $1",
};
/// A history entry (certificate, seq).
pub const HISTORY_ENTRY: Scope = Scope {
    table: db::CERTIFICATE_HISTORY,
    filter: "certificate = $1 AND seq = $2",
};
/// The mint entries of a batch's certificates.
pub const MINT_ENTRIES_OF_BATCH: Scope = Scope {
    table: db::CERTIFICATE_HISTORY,
    filter: "kind = 'MINTED' AND certificate IN (SELECT id FROM certificates WHERE batch = $1)",
};

/// Every scope: a stored record names one of these (nothing else is run).
pub const SCOPES: &[Scope] = &[
    MANUFACTURER,
    ROLE_MEMBER,
    ROLE,
    DELEGATION,
    DELEGATIONS_OF,
    MANUFACTURING_LICENSE,
    MOU,
    DEVICE_LICENSE,
    AUDIT,
    VOTE,
    BATCH,
    CERTIFICATE,
    CERTIFICATES_OF_BATCH,
    ORGANIZATION,
    ORGANIZATIONS_OF,
    HISTORY_ENTRY,
    MINT_ENTRIES_OF_BATCH,
];

/// The undo records of one block being indexed.
#[derive(Debug)]
pub struct Journal {
    block: i64,
    seq: i64,
    seen: HashSet<(&'static str, &'static str, Vec<Bind>)>,
    records: Vec<Vec<Bind>>,
}

fn binds_text(binds: &[Bind]) -> String {
    serde_json::Value::Array(
        binds
            .iter()
            .map(|b| match b {
                Bind::Int(v) => serde_json::Value::from(*v),
                Bind::Text(v) => serde_json::Value::from(v.as_str()),
            })
            .collect(),
    )
    .to_string()
}

fn binds_from_text(text: &str) -> eyre::Result<Vec<Bind>> {
    let values: Vec<serde_json::Value> = serde_json::from_str(text)?;
    values
        .into_iter()
        .map(|v| match v {
            serde_json::Value::String(s) => Ok(Bind::Text(s)),
            serde_json::Value::Number(n) => n
                .as_i64()
                .map(Bind::Int)
                .ok_or_else(|| eyre::eyre!("undo: a value {n} out of range")),
            other => Err(eyre::eyre!("undo: a value {other}")),
        })
        .collect()
}

impl Journal {
    /// The journal of block `block`.
    pub fn new(block: u64) -> Self {
        Self {
            block: crate::codec::int(block),
            seq: 0,
            seen: HashSet::new(),
            records: Vec::new(),
        }
    }

    /// `true` the first time the block names this scope and these values.
    fn first(&mut self, scope: &Scope, binds: &[Bind]) -> bool {
        self.seen
            .insert((scope.table.name, scope.filter, binds.to_vec()))
    }

    fn record(&mut self, scope: &Scope, binds: &str, copied: u64) {
        self.seq += 1;
        self.records.push(vec![
            Bind::Int(self.block),
            Bind::Int(self.seq),
            Bind::Text(scope.table.name.to_owned()),
            Bind::Text(scope.filter.to_owned()),
            Bind::Text(binds.to_owned()),
            Bind::Int(crate::codec::int(copied)),
        ]);
    }

    /// The rows of `scope` are about to change: copies them as they are (the first time in
    /// this block).
    pub async fn capture(
        &mut self,
        conn: &mut AnyConnection,
        scope: &Scope,
        binds: Vec<Bind>,
    ) -> eyre::Result<()> {
        if !self.first(scope, &binds) {
            return Ok(());
        }
        let n = binds.len();
        let sql = format!(
            "INSERT INTO {} SELECT *, CAST(${} AS BIGINT), CAST(${} AS BIGINT) FROM {} WHERE {}",
            scope.table.undo(),
            n + 1,
            n + 2,
            scope.table.name,
            scope.filter
        );
        let text = binds_text(&binds);
        let mut query = sqlx::query(&sql);
        for value in binds {
            query = value.bind_to(query);
        }
        let copied = query
            .bind(self.block)
            .bind(self.seq + 1)
            .execute(&mut *conn)
            .await?
            .rows_affected();
        self.record(scope, &text, copied);
        Ok(())
    }

    /// The block creates the rows of `scope` (a plain `INSERT`: there were none).
    pub fn created(&mut self, scope: &Scope, binds: &[Bind]) {
        if self.first(scope, binds) {
            self.record(scope, &binds_text(binds), 0);
        }
    }

    /// Stores the block's records (at the end of the block).
    pub async fn flush(&mut self, conn: &mut AnyConnection) -> eyre::Result<()> {
        let records = std::mem::take(&mut self.records);
        db::insert_rows(
            conn,
            "undo",
            "block_number, seq, tbl, scope, binds, copied",
            records,
        )
        .await
    }
}

/// The first block whose undo records are all kept.
pub async fn kept_from(conn: &mut AnyConnection) -> eyre::Result<u64> {
    let row = sqlx::query("SELECT from_block FROM undo_kept WHERE id = 1")
        .fetch_optional(&mut *conn)
        .await?;
    let from = row.map_or(Ok(0), |r| r.try_get::<i64, _>(0))?;
    Ok(crate::codec::unint(from))
}

/// Sets the first block whose undo records are all kept.
pub async fn set_kept_from(conn: &mut AnyConnection, block: u64) -> eyre::Result<()> {
    sqlx::query("UPDATE undo_kept SET from_block = $1 WHERE id = 1")
        .bind(crate::codec::int(block))
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// What a rollback through the undo records did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Undone {
    /// Records walked.
    pub records: u64,
    /// Rows put back.
    pub rows: u64,
}

/// Deletes every record (and copy) of the blocks above `above`.
async fn forget_above(conn: &mut AnyConnection, above: i64) -> eyre::Result<()> {
    sqlx::query("DELETE FROM undo WHERE block_number > $1")
        .bind(above)
        .execute(&mut *conn)
        .await?;
    for table in db::STATE_TABLES {
        sqlx::query(&format!(
            "DELETE FROM {} WHERE undo_block > $1",
            table.undo()
        ))
        .bind(above)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// Puts the state tables back as they were after block `above` (newest record first), and
/// deletes the records of the blocks above it.
pub async fn roll_back(conn: &mut AnyConnection, above: i64) -> eyre::Result<Undone> {
    let rows = sqlx::query(
        "SELECT block_number, seq, tbl, scope, binds, copied FROM undo WHERE block_number > $1 \
         ORDER BY block_number DESC, seq DESC",
    )
    .bind(above)
    .fetch_all(&mut *conn)
    .await?;
    let mut undone = Undone::default();
    for row in rows {
        let (block, seq): (i64, i64) = (row.try_get(0)?, row.try_get(1)?);
        let (table, filter): (String, String) = (row.try_get(2)?, row.try_get(3)?);
        let scope = SCOPES
            .iter()
            .find(|s| s.table.name == table && s.filter == filter)
            .ok_or_else(|| eyre::eyre!("undo: an unknown scope {table}: {filter}"))?;
        let binds = binds_from_text(&row.try_get::<String, _>(4)?)?;
        let copied: i64 = row.try_get(5)?;
        let sql = format!("DELETE FROM {} WHERE {}", scope.table.name, scope.filter);
        let mut query = sqlx::query(&sql);
        for value in binds {
            query = value.bind_to(query);
        }
        query.execute(&mut *conn).await?;
        if copied > 0 {
            let sql = format!(
                "INSERT INTO {table} ({columns}) SELECT {columns} FROM {undo} \
                 WHERE undo_block = $1 AND undo_seq = $2",
                table = scope.table.name,
                columns = scope.table.columns,
                undo = scope.table.undo(),
            );
            undone.rows += sqlx::query(&sql)
                .bind(block)
                .bind(seq)
                .execute(&mut *conn)
                .await?
                .rows_affected();
        }
        undone.records += 1;
    }
    forget_above(conn, above).await?;
    Ok(undone)
}

/// Empties every record (before a re-projection from the stored logs, which records them
/// again).
pub async fn clear(conn: &mut AnyConnection) -> eyre::Result<()> {
    forget_above(conn, -1).await?;
    set_kept_from(conn, 0).await
}

/// After block `block`: every [`PRUNE_EVERY`] blocks, deletes the records older than
/// [`KEPT_BLOCKS`].
pub async fn prune(conn: &mut AnyConnection, block: u64) -> eyre::Result<()> {
    if !block.is_multiple_of(PRUNE_EVERY) {
        return Ok(());
    }
    prune_as_of(conn, block).await
}

/// Deletes the records that the pruning up to block `block` deletes (those older than
/// [`KEPT_BLOCKS`] at the last multiple of [`PRUNE_EVERY`]): after a re-projection, the same
/// records are kept as by indexing block after block.
pub async fn prune_as_of(conn: &mut AnyConnection, block: u64) -> eyre::Result<()> {
    let at = block - block % PRUNE_EVERY;
    if at < KEPT_BLOCKS {
        return Ok(());
    }
    let below = at - KEPT_BLOCKS;
    let floor = crate::codec::int(below);
    sqlx::query("DELETE FROM undo WHERE block_number < $1")
        .bind(floor)
        .execute(&mut *conn)
        .await?;
    for table in db::STATE_TABLES {
        sqlx::query(&format!(
            "DELETE FROM {} WHERE undo_block < $1",
            table.undo()
        ))
        .bind(floor)
        .execute(&mut *conn)
        .await?;
    }
    if kept_from(conn).await? < below {
        set_kept_from(conn, below).await?;
    }
    Ok(())
}
