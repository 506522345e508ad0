//! Following the chain: fetch a range of blocks (headers and the contracts' logs through
//! `eth_getLogs`), check that they chain onto what is stored, and commit each block in one
//! database transaction (block row, logs, heads read from the chain, projection, undo
//! records). A stored block whose hash the chain no longer has starts a rollback to the
//! common ancestor.

use std::time::Duration;

use alloy::eips::BlockNumberOrTag;
use alloy::primitives::{B256, U256};
use alloy::providers::{DynProvider, Provider};
use alloy::rpc::types::Filter;
use eyre::eyre;
use sqlx::AnyPool;

use crate::bindings::MintingCertificates;
use crate::codec;
use crate::db;
use crate::deployment::Contracts;
use crate::project::{self, Applied, StoredLog, Writer};
use crate::undo::{self, Undone};

/// `historyHead` calls in flight at once (an RPC limits its connections).
const HEAD_REQUESTS: usize = 16;

/// Blocks fetched at once (the next part is fetched while one commits).
const PART_BLOCKS: u64 = 100;

/// Block headers asked for in one JSON-RPC batch.
const HEADERS_PER_BATCH: usize = 100;

/// How the indexer follows.
#[derive(Debug, Clone)]
pub struct Options {
    /// The contracts.
    pub contracts: Contracts,
    /// The first block to index (the deployment block).
    pub start_block: u64,
    /// Blocks kept back from the head (0: index the head itself).
    pub confirmations: u64,
    /// Most blocks per step (fetched in parts of 100 blocks, one `eth_getLogs` each, the next
    /// part fetched while one commits).
    pub range: u64,
    /// Pause between polls when caught up.
    pub poll: Duration,
}

/// What one step did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// Nothing new below the confirmation depth.
    Idle,
    /// Blocks `from..=to` were indexed.
    Indexed {
        /// First block.
        from: u64,
        /// Last block.
        to: u64,
        /// What the projection applied.
        events: u64,
    },
    /// The blocks above `ancestor` were rolled back.
    RolledBack {
        /// The common ancestor (now the last indexed block), `None` when nothing stayed.
        ancestor: Option<u64>,
    },
    /// The chain changed while the range was fetched: nothing stored, try again.
    Retry,
}

/// What a rollback did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RollBack {
    /// Through the undo records of the blocks rolled back.
    Undone(Undone),
    /// Deeper than the kept undo records: every stored log projected again.
    Reprojected(Applied),
}

/// One fetched block, ready to commit.
#[derive(Debug, Clone)]
struct Fetched {
    number: u64,
    hash: B256,
    parent: B256,
    timestamp: u64,
    logs: Vec<StoredLog>,
    heads: Vec<(U256, B256)>,
}

/// The indexer.
#[derive(Debug, Clone)]
pub struct Indexer {
    /// The database (writer).
    pub pool: AnyPool,
    /// The chain.
    pub provider: DynProvider,
    /// Options.
    pub options: Options,
}

impl Indexer {
    /// One step: a reorg check, then at most one range of blocks.
    pub async fn step(&self) -> eyre::Result<Step> {
        let last = db::last_block(&self.pool).await?;
        if let Some(last) = &last {
            let on_chain = self.hash_at(last.number).await?;
            if on_chain.map(codec::word).as_deref() != Some(last.hash.as_str()) {
                let ancestor = self.common_ancestor(last.number).await?;
                self.roll_back(ancestor).await?;
                return Ok(Step::RolledBack { ancestor });
            }
        }
        let head = self.provider.get_block_number().await?;
        let target = head.saturating_sub(self.options.confirmations);
        let from = last
            .as_ref()
            .map_or(self.options.start_block, |b| b.number + 1);
        if from > target {
            return Ok(Step::Idle);
        }
        let to = target.min(from + self.options.range.max(1) - 1);
        // The range in parts: the next part is fetched while this one commits.
        let part_end = |a: u64| to.min(a + PART_BLOCKS - 1);
        let mut next = Some((from, self.spawn_fetch(from, part_end(from))));
        let mut parent = last.map(|b| b.hash);
        let mut events = 0;
        let mut indexed = None;
        while let Some((part_from, task)) = next.take() {
            let Some(blocks) = task.await?? else { break };
            let chained = match (&parent, blocks.first()) {
                (Some(parent), Some(first)) => codec::word(first.parent) == *parent,
                _ => true,
            };
            if !chained {
                break;
            }
            let part_to = part_end(part_from);
            if part_to < to {
                next = Some((
                    part_to + 1,
                    self.spawn_fetch(part_to + 1, part_end(part_to + 1)),
                ));
            }
            for block in &blocks {
                events += self.commit(block).await?.events;
            }
            parent = blocks.last().map(|b| codec::word(b.hash));
            indexed = Some(part_to);
        }
        if let Some((_, task)) = next {
            task.abort();
        }
        Ok(match indexed {
            Some(to) => Step::Indexed { from, to, events },
            // The chain changed while the range was fetched: nothing stored.
            None => Step::Retry,
        })
    }

    /// [`Self::fetch`] as a task.
    fn spawn_fetch(
        &self,
        from: u64,
        to: u64,
    ) -> tokio::task::JoinHandle<eyre::Result<Option<Vec<Fetched>>>> {
        let this = self.clone();
        tokio::spawn(async move { this.fetch(from, to).await })
    }

    /// Steps until the index reaches the head less the confirmation depth.
    pub async fn catch_up(&self) -> eyre::Result<u64> {
        let mut events = 0;
        loop {
            match self.step().await? {
                Step::Idle => return Ok(events),
                Step::Indexed { events: n, .. } => events += n,
                Step::RolledBack { .. } | Step::Retry => {}
            }
        }
    }

    /// Follows the chain until the task is dropped, pausing when caught up. Errors (an RPC
    /// that went away) are printed and retried.
    pub async fn run(&self) {
        loop {
            match self.step().await {
                Ok(Step::Idle) => tokio::time::sleep(self.options.poll).await,
                Ok(Step::RolledBack { ancestor }) => {
                    eprintln!("indexer: reorg, rolled back to block {ancestor:?}");
                }
                Ok(_) => {}
                Err(e) => {
                    eprintln!("indexer: {e:#}");
                    tokio::time::sleep(self.options.poll).await;
                }
            }
        }
    }

    async fn hash_at(&self, number: u64) -> eyre::Result<Option<B256>> {
        Ok(self
            .provider
            .get_block_by_number(BlockNumberOrTag::Number(number))
            .await?
            .map(|b| b.header.hash))
    }

    /// The highest stored block the chain still has, walking down from `from`.
    async fn common_ancestor(&self, from: u64) -> eyre::Result<Option<u64>> {
        let mut n = from;
        loop {
            let stored = db::block_hash(&self.pool, n).await?;
            let Some(stored) = stored else {
                return Ok(None);
            };
            if self.hash_at(n).await?.map(codec::word).as_deref() == Some(stored.as_str()) {
                return Ok(Some(n));
            }
            if n == 0 || n <= self.options.start_block {
                return Ok(None);
            }
            n -= 1;
        }
    }

    /// Deletes the blocks above `ancestor` with their logs and heads and puts the state back
    /// as it was after `ancestor`: through the undo records when they reach that far
    /// (the cost follows what is rolled back), else by projecting every stored log again.
    /// One transaction.
    pub async fn roll_back(&self, ancestor: Option<u64>) -> eyre::Result<RollBack> {
        let above = ancestor.map_or(-1, codec::int);
        let mut tx = self.pool.begin().await?;
        for table in ["logs", "chain_heads"] {
            sqlx::query(&format!("DELETE FROM {table} WHERE block_number > $1"))
                .bind(above)
                .execute(&mut *tx)
                .await?;
        }
        sqlx::query("DELETE FROM blocks WHERE number > $1")
            .bind(above)
            .execute(&mut *tx)
            .await?;
        let kept = codec::int(undo::kept_from(&mut tx).await?);
        let done = if above + 1 >= kept {
            RollBack::Undone(undo::roll_back(&mut tx, above).await?)
        } else {
            RollBack::Reprojected(project::rebuild(&mut tx, &self.options.contracts).await?)
        };
        tx.commit().await?;
        Ok(done)
    }

    /// Headers, logs and chain heads of `from..=to`; `None` if the chain changed meanwhile.
    async fn fetch(&self, from: u64, to: u64) -> eyre::Result<Option<Vec<Fetched>>> {
        let filter = Filter::new()
            .address(self.options.contracts.all())
            .from_block(from)
            .to_block(to);
        let logs = self.provider.get_logs(&filter).await?;
        let mut blocks = Vec::new();
        let numbers: Vec<u64> = (from..=to).collect();
        // Headers in JSON-RPC batches (one HTTP request for up to HEADERS_PER_BATCH).
        for chunk in numbers.chunks(HEADERS_PER_BATCH) {
            let mut batch = alloy::rpc::client::BatchRequest::new(self.provider.client());
            let waiters = chunk
                .iter()
                .map(|n| {
                    batch.add_call::<_, Option<alloy::rpc::types::Block>>(
                        "eth_getBlockByNumber",
                        &(BlockNumberOrTag::Number(*n), false),
                    )
                })
                .collect::<Result<Vec<_>, _>>()?;
            batch.send().await?;
            for (number, waiter) in chunk.iter().zip(waiters) {
                let Some(block) = waiter.await? else {
                    return Ok(None);
                };
                blocks.push(Fetched {
                    number: *number,
                    hash: block.header.hash,
                    parent: block.header.parent_hash,
                    timestamp: block.header.timestamp,
                    logs: Vec::new(),
                    heads: Vec::new(),
                });
            }
        }
        blocks.sort_by_key(|b| b.number);
        for pair in blocks.windows(2) {
            if pair[1].parent != pair[0].hash {
                return Ok(None);
            }
        }
        for log in logs {
            let (Some(number), Some(hash), Some(index)) =
                (log.block_number, log.block_hash, log.log_index)
            else {
                return Err(eyre!("eth_getLogs answered a log without its block"));
            };
            let Some(block) = number
                .checked_sub(from)
                .and_then(|i| blocks.get_mut(usize::try_from(i).ok()?))
            else {
                return Err(eyre!(
                    "eth_getLogs answered a log of block {number}, outside the range"
                ));
            };
            if block.hash != hash {
                return Ok(None);
            }
            block.logs.push(StoredLog {
                block_number: number,
                log_index: index,
                tx_hash: log.transaction_hash.map(codec::word).unwrap_or_default(),
                address: log.inner.address,
                topics: log.inner.data.topics().to_vec(),
                data: log.inner.data.data.clone(),
            });
        }
        self.read_heads(&mut blocks).await?;
        Ok(Some(blocks))
    }

    /// Reads `historyHead` at each block for every certificate with a lifecycle link in it
    /// (at most [`HEAD_REQUESTS`] calls in flight).
    async fn read_heads(&self, blocks: &mut [Fetched]) -> eyre::Result<()> {
        let mut calls = Vec::new();
        for (i, block) in blocks.iter_mut().enumerate() {
            block.logs.sort_by_key(|l| l.log_index);
            for id in
                project::certificates::linked_certificates(&self.options.contracts, &block.logs)
            {
                calls.push((i, block.hash, id));
            }
        }
        let mut tasks = tokio::task::JoinSet::new();
        let mut calls = calls.into_iter();
        loop {
            while tasks.len() < HEAD_REQUESTS {
                let Some((i, hash, id)) = calls.next() else {
                    break;
                };
                let certificates = MintingCertificates::new(
                    self.options.contracts.certificates,
                    self.provider.clone(),
                );
                tasks.spawn(async move {
                    let head = certificates
                        .historyHead(id)
                        .block(hash.into())
                        .call()
                        .await?;
                    Ok::<_, eyre::Report>((i, id, head))
                });
            }
            let Some(done) = tasks.join_next().await else {
                break;
            };
            let (i, id, head) = done??;
            blocks[i].heads.push((id, head));
        }
        for block in blocks {
            block.heads.sort_unstable();
        }
        Ok(())
    }

    /// Stores one block in one transaction.
    async fn commit(&self, block: &Fetched) -> eyre::Result<Applied> {
        let mut tx = self.pool.begin().await?;
        sqlx::query(
            "INSERT INTO blocks (number, hash, parent_hash, timestamp) VALUES ($1, $2, $3, $4)",
        )
        .bind(codec::int(block.number))
        .bind(codec::word(block.hash))
        .bind(codec::word(block.parent))
        .bind(codec::int(block.timestamp))
        .execute(&mut *tx)
        .await?;
        let heads = block
            .heads
            .iter()
            .map(|(id, head)| {
                vec![
                    codec::int(block.number).into(),
                    codec::key(*id).into(),
                    codec::word(*head).into(),
                ]
            })
            .collect();
        db::insert_rows(
            &mut tx,
            "chain_heads",
            "block_number, certificate, head",
            heads,
        )
        .await?;
        let logs = block
            .logs
            .iter()
            .map(|log| {
                vec![
                    codec::int(log.block_number).into(),
                    codec::int(log.log_index).into(),
                    log.tx_hash.clone().into(),
                    codec::address(log.address).into(),
                    log.topics_text().into(),
                    log.data.to_string().into(),
                ]
            })
            .collect();
        db::insert_rows(
            &mut tx,
            "logs",
            "block_number, log_index, tx_hash, address, topics, data",
            logs,
        )
        .await?;
        let mut applied = Applied::default();
        let mut w = Writer::new(&mut tx, block.number);
        for log in &block.logs {
            project::apply(
                &mut w,
                &self.options.contracts,
                log,
                block.timestamp,
                &mut applied,
            )
            .await?;
        }
        w.finish().await?;
        undo::prune(&mut tx, block.number).await?;
        tx.commit().await?;
        Ok(applied)
    }
}
