//! The chain on disk: an embedded redb database in `--state DIR`.
//!
//! One write transaction per block holds the block (its header's own fields, transactions,
//! receipts and state diff), the new account headers and storage words, new code and
//! activations; it is committed with redb's default durability (fsync) before the
//! transaction's hash is answered, so a `kill -9` at any moment loses nothing a client was
//! told about. The header's roots, bloom and hash are not stored: they follow from the
//! transactions, and the chain computes them while the block is being committed. On start the
//! whole chain is read back ([`Store::load`]) and those are recomputed.

use std::path::Path;

use alloy::primitives::{Address, Bytes, B256};
use redb::{Database, ReadableDatabase, ReadableTable, TableDefinition};
use serde::{Deserialize, Serialize};

use crate::blocks::{BlockRecord, HeaderFields, TxRecord};
use crate::diff::{AccountHeader, StateDiff};

const BLOCKS: TableDefinition<u64, &[u8]> = TableDefinition::new("blocks");
const ACCOUNTS: TableDefinition<&[u8], &[u8]> = TableDefinition::new("accounts");
const STORAGE: TableDefinition<&[u8], &[u8]> = TableDefinition::new("storage");
const CODE: TableDefinition<&[u8], &[u8]> = TableDefinition::new("code");
const ACTIVATED: TableDefinition<&[u8], u16> = TableDefinition::new("activated");

/// A block as written: what its header does not compute, its transactions and state diff.
#[derive(Serialize)]
struct StoredBlockRef<'a> {
    fields: &'a HeaderFields,
    txs: &'a [TxRecord],
    diff: &'a StateDiff,
}

/// A block as read back.
#[derive(Deserialize)]
struct StoredBlock {
    fields: HeaderFields,
    txs: Vec<TxRecord>,
    diff: StateDiff,
}

/// Everything the store holds, read back at start.
#[derive(Debug, Default)]
pub struct Loaded {
    /// Blocks in order from genesis.
    pub blocks: Vec<BlockRecord>,
    /// Account headers.
    pub accounts: Vec<(Address, AccountHeader)>,
    /// Storage words.
    pub storage: Vec<(Address, B256, B256)>,
    /// Code by hash.
    pub code: Vec<(B256, Bytes)>,
    /// Activated code hashes.
    pub activated: Vec<(B256, u16)>,
}

/// The database.
#[derive(Debug)]
pub struct Store {
    db: Database,
}

fn storage_key(address: &Address, slot: &B256) -> [u8; 52] {
    let mut key = [0u8; 52];
    key[..20].copy_from_slice(address.as_slice());
    key[20..].copy_from_slice(slot.as_slice());
    key
}

/// Store errors as strings (they end the node or the request).
pub type StoreResult<T> = Result<T, String>;

fn err(e: impl std::fmt::Display) -> String {
    format!("state store: {e}")
}

impl Store {
    /// Opens (or creates) `dir/chain.redb`.
    pub fn open(dir: &Path) -> StoreResult<Self> {
        std::fs::create_dir_all(dir).map_err(err)?;
        let db = Database::create(dir.join("chain.redb")).map_err(err)?;
        let txn = db.begin_write().map_err(err)?;
        {
            txn.open_table(BLOCKS).map_err(err)?;
            txn.open_table(ACCOUNTS).map_err(err)?;
            txn.open_table(STORAGE).map_err(err)?;
            txn.open_table(CODE).map_err(err)?;
            txn.open_table(ACTIVATED).map_err(err)?;
        }
        txn.commit().map_err(err)?;
        Ok(Self { db })
    }

    /// Reads everything.
    pub fn load(&self) -> StoreResult<Loaded> {
        let txn = self.db.begin_read().map_err(err)?;
        let mut out = Loaded::default();
        for row in txn.open_table(BLOCKS).map_err(err)?.iter().map_err(err)? {
            let (_, value) = row.map_err(err)?;
            let stored: StoredBlock = serde_json::from_slice(value.value()).map_err(err)?;
            let parent = out.blocks.last().map_or(B256::ZERO, |b| b.hash);
            if stored.fields.parent_hash != parent {
                return Err(err(format!(
                    "block {} does not follow block {parent}",
                    stored.fields.number
                )));
            }
            out.blocks
                .push(BlockRecord::rebuild(stored.fields, stored.txs, stored.diff));
        }
        for row in txn.open_table(ACCOUNTS).map_err(err)?.iter().map_err(err)? {
            let (key, value) = row.map_err(err)?;
            out.accounts.push((
                Address::from_slice(key.value()),
                serde_json::from_slice(value.value()).map_err(err)?,
            ));
        }
        for row in txn.open_table(STORAGE).map_err(err)?.iter().map_err(err)? {
            let (key, value) = row.map_err(err)?;
            let key = key.value();
            out.storage.push((
                Address::from_slice(&key[..20]),
                B256::from_slice(&key[20..]),
                B256::from_slice(value.value()),
            ));
        }
        for row in txn.open_table(CODE).map_err(err)?.iter().map_err(err)? {
            let (key, value) = row.map_err(err)?;
            out.code.push((
                B256::from_slice(key.value()),
                Bytes::copy_from_slice(value.value()),
            ));
        }
        for row in txn
            .open_table(ACTIVATED)
            .map_err(err)?
            .iter()
            .map_err(err)?
        {
            let (key, value) = row.map_err(err)?;
            out.activated
                .push((B256::from_slice(key.value()), value.value()));
        }
        Ok(out)
    }

    /// Writes the block of `fields`, `txs` and `diff` with its state changes and `new_code`,
    /// durably.
    pub fn commit_block(
        &self,
        fields: &HeaderFields,
        txs: &[TxRecord],
        diff: &StateDiff,
        new_code: &[(B256, Bytes)],
    ) -> StoreResult<()> {
        let txn = self.db.begin_write().map_err(err)?;
        {
            let encoded = serde_json::to_vec(&StoredBlockRef { fields, txs, diff }).map_err(err)?;
            txn.open_table(BLOCKS)
                .map_err(err)?
                .insert(fields.number, encoded.as_slice())
                .map_err(err)?;
            let mut code = txn.open_table(CODE).map_err(err)?;
            for (hash, bytes) in new_code {
                code.insert(hash.as_slice(), bytes.as_ref()).map_err(err)?;
            }
            write_state(&txn, diff, false)?;
        }
        txn.commit().map_err(err)
    }

    /// Removes `blocks` (highest first) and undoes their state changes, durably.
    pub fn revert_blocks(&self, blocks: &[BlockRecord]) -> StoreResult<()> {
        let txn = self.db.begin_write().map_err(err)?;
        {
            let mut table = txn.open_table(BLOCKS).map_err(err)?;
            for block in blocks {
                table.remove(block.number()).map_err(err)?;
            }
            for block in blocks {
                write_state(&txn, &block.diff, true)?;
            }
        }
        txn.commit().map_err(err)
    }
}

/// Writes the after values of `diff` (or the before values when `undo`).
fn write_state(txn: &redb::WriteTransaction, diff: &StateDiff, undo: bool) -> StoreResult<()> {
    let mut accounts = txn.open_table(ACCOUNTS).map_err(err)?;
    for change in &diff.accounts {
        let header = if undo { &change.before } else { &change.after };
        match header {
            Some(header) => {
                let encoded = serde_json::to_vec(header).map_err(err)?;
                accounts
                    .insert(change.address.as_slice(), encoded.as_slice())
                    .map_err(err)?;
            }
            None => {
                accounts.remove(change.address.as_slice()).map_err(err)?;
            }
        }
    }
    let mut storage = txn.open_table(STORAGE).map_err(err)?;
    for change in &diff.slots {
        let key = storage_key(&change.address, &change.slot);
        let value = if undo { change.before } else { change.after };
        if value.is_zero() {
            storage.remove(key.as_slice()).map_err(err)?;
        } else {
            storage
                .insert(key.as_slice(), value.as_slice())
                .map_err(err)?;
        }
    }
    let mut activated = txn.open_table(ACTIVATED).map_err(err)?;
    for (hash, version) in &diff.activated {
        if undo {
            activated.remove(hash.as_slice()).map_err(err)?;
        } else {
            activated.insert(hash.as_slice(), *version).map_err(err)?;
        }
    }
    Ok(())
}
