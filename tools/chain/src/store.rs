//! The chain on disk: an embedded redb database in `--state DIR`.
//!
//! The store holds the blocks and the code, nothing else: each block's record (its header's
//! own fields, transactions, receipts and state diff, in postcard's compact binary encoding)
//! carries every state change with its value after, so the state is the replay of the blocks
//! and needs no tables of its own. One write transaction per block holds the block and its
//! new code; it is committed with redb's default durability (fsync) before the block, its
//! receipt or anything after it is served (the chain commits it on a thread of its own while
//! the transaction's hash is answered, and every request waits for it), so a `kill -9` at any
//! moment loses nothing a receipt was returned for. The header's roots, bloom and hash are not
//! stored: they follow from the transactions, and the chain computes them while the block is
//! being committed. On start the whole chain is read
//! back ([`Store::load`]), the state replayed and the headers recomputed.

use std::collections::BTreeMap;
use std::path::Path;

use alloy::primitives::{Address, Bytes, B256};
use redb::{Database, ReadableDatabase, ReadableTable, ReadableTableMetadata, TableDefinition};
use serde::{Deserialize, Serialize};

use crate::blocks::{BlockRecord, HeaderFields, TxRecord};
use crate::diff::{AccountHeader, StateDiff};

const BLOCKS: TableDefinition<u64, &[u8]> = TableDefinition::new("blocks");
const CODE: TableDefinition<&[u8], &[u8]> = TableDefinition::new("code");
const META: TableDefinition<&str, u32> = TableDefinition::new("meta");

/// The layout of the tables and the encoding of a block; a store of another format is
/// refused with a message rather than misread.
const FORMAT: u32 = 2;

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

/// Store errors as strings (they end the node or the request).
pub type StoreResult<T> = Result<T, String>;

fn err(e: impl std::fmt::Display) -> String {
    format!("state store: {e}")
}

impl Store {
    /// Opens (or creates) `dir/chain.redb`.
    ///
    /// # Errors
    ///
    /// If the file cannot be opened, or holds a chain in another format.
    pub fn open(dir: &Path) -> StoreResult<Self> {
        std::fs::create_dir_all(dir).map_err(err)?;
        let db = Database::create(dir.join("chain.redb")).map_err(err)?;
        let txn = db.begin_write().map_err(err)?;
        {
            let blocks = txn.open_table(BLOCKS).map_err(err)?;
            txn.open_table(CODE).map_err(err)?;
            let mut meta = txn.open_table(META).map_err(err)?;
            let format = meta.get("format").map_err(err)?.map(|v| v.value());
            match format {
                Some(FORMAT) => {}
                None if blocks.is_empty().map_err(err)? => {
                    meta.insert("format", FORMAT).map_err(err)?;
                }
                other => {
                    return Err(err(format!(
                        "{} holds a chain in store format {}, this node reads format {FORMAT}: \
                         remove the folder or choose another --state",
                        dir.display(),
                        other.map_or_else(|| "1".to_owned(), |f| f.to_string())
                    )))
                }
            }
        }
        txn.commit().map_err(err)?;
        Ok(Self { db })
    }

    /// Reads every block and the code, and replays the blocks' state changes.
    pub fn load(&self) -> StoreResult<Loaded> {
        let txn = self.db.begin_read().map_err(err)?;
        let mut out = Loaded::default();
        let mut accounts = BTreeMap::new();
        let mut storage = BTreeMap::new();
        for row in txn.open_table(BLOCKS).map_err(err)?.iter().map_err(err)? {
            let (_, value) = row.map_err(err)?;
            let stored: StoredBlock = postcard::from_bytes(value.value()).map_err(err)?;
            let parent = out.blocks.last().map_or(B256::ZERO, |b| b.hash);
            if stored.fields.parent_hash != parent {
                return Err(err(format!(
                    "block {} does not follow block {parent}",
                    stored.fields.number
                )));
            }
            for change in &stored.diff.accounts {
                match &change.after {
                    Some(header) => accounts.insert(change.address, header.clone()),
                    None => accounts.remove(&change.address),
                };
            }
            for change in &stored.diff.slots {
                if change.after.is_zero() {
                    storage.remove(&(change.address, change.slot));
                } else {
                    storage.insert((change.address, change.slot), change.after);
                }
            }
            out.activated.extend_from_slice(&stored.diff.activated);
            out.blocks
                .push(BlockRecord::rebuild(stored.fields, stored.txs, stored.diff));
        }
        out.accounts = accounts.into_iter().collect();
        out.storage = storage
            .into_iter()
            .map(|((address, slot), value)| (address, slot, value))
            .collect();
        for row in txn.open_table(CODE).map_err(err)?.iter().map_err(err)? {
            let (key, value) = row.map_err(err)?;
            out.code.push((
                B256::from_slice(key.value()),
                Bytes::copy_from_slice(value.value()),
            ));
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
        let encoded = postcard::to_allocvec(&StoredBlockRef { fields, txs, diff }).map_err(err)?;
        let txn = self.db.begin_write().map_err(err)?;
        {
            txn.open_table(BLOCKS)
                .map_err(err)?
                .insert(fields.number, encoded.as_slice())
                .map_err(err)?;
            let mut code = txn.open_table(CODE).map_err(err)?;
            for (hash, bytes) in new_code {
                code.insert(hash.as_slice(), bytes.as_ref()).map_err(err)?;
            }
        }
        txn.commit().map_err(err)
    }

    /// Removes `blocks` (their state changes go with them), durably.
    pub fn revert_blocks(&self, blocks: &[BlockRecord]) -> StoreResult<()> {
        let txn = self.db.begin_write().map_err(err)?;
        {
            let mut table = txn.open_table(BLOCKS).map_err(err)?;
            for block in blocks {
                table.remove(block.number()).map_err(err)?;
            }
        }
        txn.commit().map_err(err)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A folder of its own under the system's temporary directory.
    fn scratch(name: &str) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("dimo-store-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        dir
    }

    #[test]
    fn a_new_store_records_its_format_and_opens_again() {
        let dir = scratch("new");
        drop(Store::open(&dir).unwrap());
        let store = Store::open(&dir).unwrap();
        assert!(store.load().unwrap().blocks.is_empty());
        drop(store);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_store_of_the_earlier_format_is_refused_with_a_message() {
        // The earlier layout: blocks (as JSON) beside state tables, and no format record.
        let dir = scratch("old");
        std::fs::create_dir_all(&dir).unwrap();
        {
            let db = Database::create(dir.join("chain.redb")).unwrap();
            let txn = db.begin_write().unwrap();
            txn.open_table(BLOCKS)
                .unwrap()
                .insert(0, b"{}".as_slice())
                .unwrap();
            txn.commit().unwrap();
        }
        let refused = Store::open(&dir).unwrap_err();
        assert!(refused.contains("store format 1"), "{refused}");
        assert!(refused.contains("reads format 2"), "{refused}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
