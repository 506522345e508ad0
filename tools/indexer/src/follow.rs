//! Following the chain: fetch a range of blocks (headers and the contracts' logs through
//! `eth_getLogs`), check that they chain onto what is stored, and commit each block in one
//! database transaction (block row, logs, heads read from the chain, projection). A stored
//! block whose hash the chain no longer has starts a rollback to the common ancestor.

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
use crate::project::{self, Applied, StoredLog};

/// Block headers requested at once.
const HEADER_REQUESTS: usize = 16;

/// How the indexer follows.
#[derive(Debug, Clone)]
pub struct Options {
    /// The contracts.
    pub contracts: Contracts,
    /// The first block to index (the deployment block).
    pub start_block: u64,
    /// Blocks kept back from the head (0: index the head itself).
    pub confirmations: u64,
    /// Most blocks per `eth_getLogs` range.
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
        let Some(blocks) = self.fetch(from, to).await? else {
            return Ok(Step::Retry);
        };
        if let (Some(last), Some(first)) = (&last, blocks.first()) {
            if codec::word(first.parent) != last.hash {
                return Ok(Step::Retry);
            }
        }
        let mut events = 0;
        for block in &blocks {
            events += self.commit(block).await?.events;
        }
        Ok(Step::Indexed { from, to, events })
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

    /// Deletes the blocks above `ancestor` with their logs and heads, and projects the state
    /// again from the logs that stay: one transaction.
    pub async fn roll_back(&self, ancestor: Option<u64>) -> eyre::Result<Applied> {
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
        let applied = project::rebuild(&mut tx, &self.options.contracts).await?;
        tx.commit().await?;
        Ok(applied)
    }

    /// Headers, logs and chain heads of `from..=to`; `None` if the chain changed meanwhile.
    async fn fetch(&self, from: u64, to: u64) -> eyre::Result<Option<Vec<Fetched>>> {
        let filter = Filter::new()
            .address(self.options.contracts.all())
            .from_block(from)
            .to_block(to);
        let logs = self.provider.get_logs(&filter).await?;
        let mut tasks = tokio::task::JoinSet::new();
        let mut numbers = from..=to;
        let mut blocks = Vec::new();
        loop {
            // At most HEADER_REQUESTS requests in flight (an RPC limits its connections).
            while tasks.len() < HEADER_REQUESTS {
                let Some(number) = numbers.next() else { break };
                let provider = self.provider.clone();
                tasks.spawn(async move {
                    let block = provider
                        .get_block_by_number(BlockNumberOrTag::Number(number))
                        .await?;
                    Ok::<_, eyre::Report>((number, block))
                });
            }
            let Some(done) = tasks.join_next().await else {
                break;
            };
            let (number, block) = done??;
            let Some(block) = block else { return Ok(None) };
            blocks.push(Fetched {
                number,
                hash: block.header.hash,
                parent: block.header.parent_hash,
                timestamp: block.header.timestamp,
                logs: Vec::new(),
                heads: Vec::new(),
            });
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
        let certificates =
            MintingCertificates::new(self.options.contracts.certificates, &self.provider);
        for block in &mut blocks {
            block.logs.sort_by_key(|l| l.log_index);
            for id in
                project::certificates::linked_certificates(&self.options.contracts, &block.logs)
            {
                let head = certificates
                    .historyHead(id)
                    .block(block.hash.into())
                    .call()
                    .await?;
                block.heads.push((id, head));
            }
        }
        Ok(Some(blocks))
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
        for (id, head) in &block.heads {
            sqlx::query(
                "INSERT INTO chain_heads (block_number, certificate, head) VALUES ($1, $2, $3)",
            )
            .bind(codec::int(block.number))
            .bind(codec::key(*id))
            .bind(codec::word(*head))
            .execute(&mut *tx)
            .await?;
        }
        let mut applied = Applied::default();
        for log in &block.logs {
            sqlx::query(
                "INSERT INTO logs (block_number, log_index, tx_hash, address, topics, data) \
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(codec::int(log.block_number))
            .bind(codec::int(log.log_index))
            .bind(log.tx_hash.clone())
            .bind(codec::address(log.address))
            .bind(log.topics_text())
            .bind(log.data.to_string())
            .execute(&mut *tx)
            .await?;
            project::apply(
                &mut tx,
                &self.options.contracts,
                log,
                block.timestamp,
                &mut applied,
            )
            .await?;
        }
        project::end_block(&mut tx, block.number).await?;
        tx.commit().await?;
        Ok(applied)
    }
}
