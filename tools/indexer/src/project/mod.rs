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
use crate::deployment::Contracts;

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

/// Applies one log to the state. Logs of other addresses are ignored.
pub async fn apply(
    conn: &mut AnyConnection,
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
        match ManufacturerRegistryEvents::decode_raw_log(topics, data) {
            Ok(event) => registry::apply(conn, &at, event).await.map(|()| true)?,
            Err(_) => false,
        }
    } else if log.address == contracts.manufacturing {
        match ManufacturingLicensesEvents::decode_raw_log(topics, data) {
            Ok(event) => licenses::manufacturing(conn, &at, event)
                .await
                .map(|()| true)?,
            Err(_) => false,
        }
    } else if log.address == contracts.devices {
        match DeviceLicensesEvents::decode_raw_log(topics, data) {
            Ok(event) => licenses::devices(conn, &at, event).await.map(|()| true)?,
            Err(_) => false,
        }
    } else if log.address == contracts.token {
        match CertificateTokenEvents::decode_raw_log(topics, data) {
            Ok(event) => certificates::token(conn, &at, event).await.map(|()| true)?,
            Err(_) => false,
        }
    } else if log.address == contracts.certificates {
        match MintingCertificatesEvents::decode_raw_log(topics, data) {
            Ok(event) => certificates::records(conn, &at, event)
                .await
                .map(|()| true)?,
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

/// After the last log of block `block`: checks the heads read from the chain at that block
/// (`chain_heads`) against the rebuilt ones and flags the certificate's last link of the
/// block when they differ.
pub async fn end_block(conn: &mut AnyConnection, block: u64) -> eyre::Result<()> {
    certificates::check_chain_heads(conn, block).await
}

/// Empties the state tables and projects every stored log again, block by block.
pub async fn rebuild(conn: &mut AnyConnection, contracts: &Contracts) -> eyre::Result<Applied> {
    for table in crate::db::STATE_TABLES {
        sqlx::query(&format!("DELETE FROM {table}"))
            .execute(&mut *conn)
            .await?;
    }
    let rows = sqlx::query(
        "SELECT l.block_number, l.log_index, l.tx_hash, l.address, l.topics, l.data, b.timestamp \
         FROM logs l JOIN blocks b ON b.number = l.block_number \
         ORDER BY l.block_number, l.log_index",
    )
    .fetch_all(&mut *conn)
    .await?;
    let mut applied = Applied::default();
    let mut current: Option<u64> = None;
    for row in &rows {
        let log = StoredLog::from_row(row)?;
        let time = codec::unint(row.try_get(6)?);
        if let Some(block) = current.filter(|b| *b != log.block_number) {
            end_block(conn, block).await?;
        }
        current = Some(log.block_number);
        apply(conn, contracts, &log, time, &mut applied).await?;
    }
    if let Some(block) = current {
        end_block(conn, block).await?;
    }
    Ok(applied)
}
