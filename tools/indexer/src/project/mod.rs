//! Projection: each stored log changes the state tables, in block and log order. The same
//! code runs when a block is indexed and when the state is rebuilt from the stored logs after
//! a rollback, so a rebuilt index equals a fresh one.

pub mod certificates;
mod licenses;
mod registry;
mod roles;

use alloy::primitives::{Address, Bytes, B256};
use alloy::sol_types::SolEventInterface;
use sqlx::{AnyConnection, Row};

use crate::bindings::{
    CertificateToken::CertificateTokenEvents, DeviceLicenses::DeviceLicensesEvents,
    ManufacturerRegistry::ManufacturerRegistryEvents,
    ManufacturingLicenses::ManufacturingLicensesEvents,
    MintingCertificates::MintingCertificatesEvents,
};
use crate::codec;
use crate::db::Bind;
use crate::deployment::Contracts;
use crate::undo::{Journal, Scope};

/// One log as stored (and as the projection reads it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredLog {
    /// Its block.
    pub block_number: u64,
    /// Its index in the block.
    pub log_index: u64,
    /// Its transaction (`0x…`).
    pub tx_hash: String,
    /// The emitting contract.
    pub address: Address,
    /// Topics.
    pub topics: Vec<B256>,
    /// Data.
    pub data: Bytes,
}

impl StoredLog {
    /// Topics as stored: comma-separated `0x` words.
    pub fn topics_text(&self) -> String {
        self.topics
            .iter()
            .map(|t| codec::word(*t))
            .collect::<Vec<_>>()
            .join(",")
    }

    /// Reads a stored row (`block_number, log_index, tx_hash, address, topics, data`).
    pub fn from_row(row: &sqlx::any::AnyRow) -> eyre::Result<Self> {
        let topics: String = row.try_get(4)?;
        let data: String = row.try_get(5)?;
        let address: String = row.try_get(3)?;
        Ok(Self {
            block_number: codec::unint(row.try_get(0)?),
            log_index: codec::unint(row.try_get(1)?),
            tx_hash: row.try_get(2)?,
            address: address.parse()?,
            topics: topics
                .split(',')
                .filter(|t| !t.is_empty())
                .map(str::parse)
                .collect::<Result<_, _>>()?,
            data: data.parse()?,
        })
    }
}

/// Where a log happened.
#[derive(Debug, Clone, Copy)]
pub(crate) struct At<'a> {
    /// Block.
    pub block: u64,
    /// Block timestamp.
    pub time: u64,
    /// Log index.
    pub log_index: u64,
    /// Transaction.
    pub tx_hash: &'a str,
}

/// Counts of what a projection did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Applied {
    /// Logs decoded and applied.
    pub events: u64,
    /// Logs of a followed contract that no binding decodes (a newer contract version).
    pub unknown: u64,
}

/// The writes of one block's projection: the connection (inside the block's transaction),
/// the block's undo records ([`crate::undo`]) and its pending history entries.
#[derive(Debug)]
pub struct Writer<'c> {
    pub(crate) conn: &'c mut AnyConnection,
    journal: Journal,
    pub(crate) history: certificates::PendingHistory,
    pub(crate) certificates: certificates::PendingCertificates,
    block: u64,
}

impl<'c> Writer<'c> {
    /// The writer of block `block`.
    pub fn new(conn: &'c mut AnyConnection, block: u64) -> Self {
        Self {
            conn,
            journal: Journal::new(block),
            history: certificates::PendingHistory::default(),
            certificates: certificates::PendingCertificates::default(),
            block,
        }
    }

    /// The rows of `scope` are about to change ([`Journal::capture`]).
    pub(crate) async fn capture(&mut self, scope: &Scope, binds: Vec<Bind>) -> eyre::Result<()> {
        self.journal.capture(&mut *self.conn, scope, binds).await
    }

    /// The block creates the rows of `scope` ([`Journal::created`]).
    pub(crate) fn created(&mut self, scope: &Scope, binds: &[Bind]) {
        self.journal.created(scope, binds);
    }

    /// After the block's last log: writes the pending certificates and history, checks the heads read from
    /// the chain at this block (`chain_heads`) against the rebuilt ones (flagging the
    /// certificate's last link of the block when they differ), and stores the undo records.
    pub async fn finish(mut self) -> eyre::Result<()> {
        self.certificates.flush(&mut *self.conn).await?;
        self.history.flush(&mut *self.conn).await?;
        let block = self.block;
        certificates::check_chain_heads(&mut self, block).await?;
        self.journal.flush(&mut *self.conn).await
    }
}

/// Applies one log to the state. Logs of other addresses are ignored.
pub async fn apply(
    w: &mut Writer<'_>,
    contracts: &Contracts,
    log: &StoredLog,
    time: u64,
    applied: &mut Applied,
) -> eyre::Result<()> {
    let at = At {
        block: log.block_number,
        time,
        log_index: log.log_index,
        tx_hash: &log.tx_hash,
    };
    let (topics, data) = (&log.topics, log.data.as_ref());
    let known = if log.address == contracts.registry {
        // A manufacturer's owner is what a certificate minted next starts with.
        w.certificates.forget_owners();
        match ManufacturerRegistryEvents::decode_raw_log(topics, data) {
            Ok(event) => registry::apply(w, &at, event).await.map(|()| true)?,
            Err(_) => false,
        }
    } else if log.address == contracts.manufacturing {
        match ManufacturingLicensesEvents::decode_raw_log(topics, data) {
            Ok(event) => licenses::manufacturing(w, &at, event)
                .await
                .map(|()| true)?,
            Err(_) => false,
        }
    } else if log.address == contracts.devices {
        match DeviceLicensesEvents::decode_raw_log(topics, data) {
            Ok(event) => licenses::devices(w, &at, event).await.map(|()| true)?,
            Err(_) => false,
        }
    } else if log.address == contracts.token {
        match CertificateTokenEvents::decode_raw_log(topics, data) {
            Ok(event) => certificates::token(w, &at, event).await.map(|()| true)?,
            Err(_) => false,
        }
    } else if log.address == contracts.certificates {
        match MintingCertificatesEvents::decode_raw_log(topics, data) {
            Ok(event) => certificates::records(w, &at, event).await.map(|()| true)?,
            Err(_) => false,
        }
    } else {
        return Ok(());
    };
    if known {
        applied.events += 1;
    } else {
        applied.unknown += 1;
    }
    Ok(())
}

/// Empties the state tables and the undo records and projects every stored log again, block
/// by block (what a rollback deeper than the kept undo records costs).
pub async fn rebuild(conn: &mut AnyConnection, contracts: &Contracts) -> eyre::Result<Applied> {
    for table in crate::db::STATE_TABLES {
        sqlx::query(&format!("DELETE FROM {}", table.name))
            .execute(&mut *conn)
            .await?;
    }
    crate::undo::clear(conn).await?;
    let rows = sqlx::query(
        "SELECT l.block_number, l.log_index, l.tx_hash, l.address, l.topics, l.data, b.timestamp \
         FROM logs l JOIN blocks b ON b.number = l.block_number \
         ORDER BY l.block_number, l.log_index",
    )
    .fetch_all(&mut *conn)
    .await?;
    let mut applied = Applied::default();
    let mut i = 0;
    while i < rows.len() {
        let number = codec::unint(rows[i].try_get(0)?);
        let mut w = Writer::new(&mut *conn, number);
        while let Some(row) = rows.get(i) {
            let log = StoredLog::from_row(row)?;
            if log.block_number != number {
                break;
            }
            let time = codec::unint(row.try_get(6)?);
            apply(&mut w, contracts, &log, time, &mut applied).await?;
            i += 1;
        }
        w.finish().await?;
    }
    if let Some(last) = crate::db::last_block(&mut *conn).await? {
        crate::undo::prune_as_of(conn, last.number).await?;
    }
    Ok(applied)
}
