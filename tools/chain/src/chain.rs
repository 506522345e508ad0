//! The chain: the world state on the runtime, the blocks, and what a transaction, a call or a
//! dev method does to them.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use alloy::consensus::{Transaction as _, TxEnvelope};
use alloy::eips::eip2718::Decodable2718;
use alloy::eips::{BlockId, BlockNumberOrTag};
use alloy::primitives::{Address, Bytes, TxKind, B256, U256};
use alloy::rpc::types::state::StateOverride;
use alloy::rpc::types::{Filter, FilterBlockOption, Log as RpcLog, TransactionRequest};
use stylus_runtime::{Account, Changes, World, DEFAULT_TX_GAS_LIMIT};

use crate::blocks::{BlockCommitments, BlockRecord, HeaderFields, ReceiptRecord, TxRecord};
use crate::convert::{from_rt_u256, from_rt_word, to_rt_address, to_rt_u256, to_rt_word};
use crate::dev::{dev_accounts, DEV_BALANCE};
use crate::diff::StateDiff;
use crate::errors::RpcError;
use crate::execute::{execute, Execution, Message, Programs};
use crate::store::Store;
use crate::stylus::{ARB_WASM, NATIVE_CODE_MARKER, STYLUS_DEPLOYER};

/// Arbitrum's block gas limit as its nodes report it.
pub const BLOCK_GAS_LIMIT: u64 = 1_125_899_906_842_624;

/// Widest block range one `eth_getLogs` may scan.
pub const MAX_LOG_RANGE: u64 = 100_000;

/// How the chain starts.
#[derive(Debug, Clone)]
pub struct ChainConfig {
    /// Chain id (412346 by default, Nitro's dev chain).
    pub chain_id: u64,
    /// Base fee, wei per gas (0.1 gwei, Nitro's dev default).
    pub base_fee: u128,
    /// Largest gas limit of a transaction (Arbitrum's 32 million).
    pub gas_cap: u64,
    /// Where the chain is stored; `None` keeps it in memory.
    pub state_dir: Option<PathBuf>,
    /// Accounts funded at genesis.
    pub genesis: Vec<(Address, U256)>,
    /// Whether `StylusDeployer` exists (a bare Nitro `--dev` node lacks it; tools must check).
    pub stylus_deployer: bool,
}

impl Default for ChainConfig {
    fn default() -> Self {
        Self {
            chain_id: crate::CHAIN_ID,
            base_fee: 100_000_000,
            gas_cap: DEFAULT_TX_GAS_LIMIT,
            state_dir: None,
            genesis: dev_accounts()
                .into_iter()
                .map(|a| (a.address, DEV_BALANCE))
                .collect(),
            stylus_deployer: true,
        }
    }
}

/// A filter installed by `eth_newFilter` / `eth_newBlockFilter`.
#[derive(Debug, Clone)]
enum Installed {
    Blocks { next: u64 },
    Logs { filter: Box<Filter>, next: u64 },
}

/// What `eth_getFilterChanges` answers.
#[derive(Debug, Clone)]
pub enum FilterChanges {
    /// New block hashes.
    Blocks(Vec<B256>),
    /// New logs.
    Logs(Vec<RpcLog>),
}

/// The chain.
pub struct Chain {
    config: ChainConfig,
    world: World,
    programs: Programs,
    codes: HashMap<B256, Bytes>,
    blocks: Vec<BlockRecord>,
    tx_index: HashMap<B256, (u64, usize)>,
    block_index: HashMap<B256, u64>,
    store: Option<Arc<Store>>,
    /// The newest block while it is committed and its roots computed on a thread of its own
    /// ([`Chain::settle`] appends it).
    sealing: Option<Sealing>,
    time_offset: i64,
    next_timestamp: Option<u64>,
    snapshots: Vec<u64>,
    filters: HashMap<u64, Installed>,
    next_filter: u64,
}

/// A block on its way to the store: its transaction's hash has been answered, its state is
/// in the world, and it becomes part of the chain (blocks, receipts, logs) once it is durable.
struct Sealing {
    /// The commit and the roots.
    work: std::thread::JoinHandle<Result<Sealed, String>>,
    /// The world's changes in this block, undone if the commit fails.
    changes: Changes,
    /// The activations before this block, put back if the commit fails.
    activated_before: HashMap<B256, u16>,
}

/// A block that is durable, with its roots.
struct Sealed {
    fields: HeaderFields,
    txs: Vec<TxRecord>,
    diff: StateDiff,
    new_code: Vec<(B256, Bytes)>,
    commitments: BlockCommitments,
}

impl Sealed {
    /// Stores the block of `fields`, `txs` and `diff` (when there is a store) while its roots
    /// are computed beside.
    fn make(
        store: Option<&Store>,
        fields: HeaderFields,
        txs: Vec<TxRecord>,
        diff: StateDiff,
        new_code: Vec<(B256, Bytes)>,
    ) -> Result<Self, String> {
        let commitments = match store {
            Some(store) => std::thread::scope(|scope| {
                let roots = scope.spawn(|| BlockCommitments::of(&txs));
                let stored = store.commit_block(&fields, &txs, &diff, &new_code);
                let commitments = roots
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
                stored.map(|()| commitments)
            })?,
            None => BlockCommitments::of(&txs),
        };
        Ok(Self {
            fields,
            txs,
            diff,
            new_code,
            commitments,
        })
    }
}

/// A block still being stored is finished before the chain goes away.
impl Drop for Chain {
    fn drop(&mut self) {
        let _ = self.settle();
    }
}

impl std::fmt::Debug for Chain {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Chain")
            .field("chain_id", &self.config.chain_id)
            .field("head", &self.head_number())
            .finish_non_exhaustive()
    }
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

impl Chain {
    /// Opens the chain: reads the store if there is one, else writes the genesis block.
    pub fn open(config: ChainConfig) -> Result<Self, String> {
        let store = config
            .state_dir
            .as_deref()
            .map(Store::open)
            .transpose()?
            .map(Arc::new);
        let mut world = World::new();
        world.block_mut().chain_id = config.chain_id;
        world.block_mut().basefee = alloy_primitives_08::U256::from(config.base_fee);
        world.block_mut().gas_limit = BLOCK_GAS_LIMIT;
        // Each block's state diff is built from the world's record of what changed.
        world.track_changes(true);
        let mut chain = Self {
            config,
            world,
            programs: Programs::default(),
            codes: HashMap::new(),
            blocks: Vec::new(),
            tx_index: HashMap::new(),
            block_index: HashMap::new(),
            store,
            sealing: None,
            time_offset: 0,
            next_timestamp: None,
            snapshots: Vec::new(),
            filters: HashMap::new(),
            next_filter: 1,
        };
        let loaded = match &chain.store {
            Some(store) => store.load()?,
            None => crate::store::Loaded::default(),
        };
        if loaded.blocks.is_empty() {
            chain.genesis()?;
            chain.settle().map_err(|e| e.message)?;
        } else {
            chain.restore_from(loaded)?;
        }
        Ok(chain)
    }

    fn restore_from(&mut self, loaded: crate::store::Loaded) -> Result<(), String> {
        self.codes = loaded.code.into_iter().collect();
        for (hash, version) in loaded.activated {
            let code = self
                .codes
                .get(&hash)
                .ok_or_else(|| format!("state store: activated code {hash} is missing"))?;
            self.programs
                .compile(code)
                .map_err(|e| format!("state store: stored program {hash}: {e}"))?;
            self.programs.activated.insert(hash, version);
        }
        let mut storage: HashMap<Address, BTreeMap<_, _>> = HashMap::new();
        for (address, slot, value) in loaded.storage {
            storage
                .entry(address)
                .or_default()
                .insert(to_rt_word(slot), to_rt_word(value));
        }
        for (address, header) in loaded.accounts {
            let code = match header.code_hash {
                Some(hash) => {
                    Some(self.programs.code_for(self.codes.get(&hash).ok_or_else(|| {
                        format!("state store: code {hash} of {address} is missing")
                    })?))
                }
                None => None,
            };
            self.world.set_account(
                to_rt_address(address),
                Some(Account {
                    balance: to_rt_u256(header.balance),
                    nonce: header.nonce,
                    code,
                    storage: storage.remove(&address).unwrap_or_default(),
                }),
            );
        }
        for block in loaded.blocks {
            self.index(&block);
            self.blocks.push(block);
        }
        Ok(())
    }

    fn index(&mut self, block: &BlockRecord) {
        self.block_index.insert(block.hash, block.number());
        for (i, tx) in block.txs.iter().enumerate() {
            self.tx_index.insert(tx.hash, (block.number(), i));
        }
    }

    fn genesis(&mut self) -> Result<(), String> {
        self.world.take_changes();
        for (address, balance) in self.config.genesis.clone() {
            self.world
                .set_balance(to_rt_address(address), to_rt_u256(balance));
        }
        let natives = if self.config.stylus_deployer {
            vec![ARB_WASM, STYLUS_DEPLOYER]
        } else {
            vec![ARB_WASM]
        };
        for address in natives {
            self.world.set_account(
                to_rt_address(address),
                Some(Account {
                    nonce: 1,
                    code: Some(stylus_runtime::Code::Raw(NATIVE_CODE_MARKER.to_vec())),
                    ..Account::default()
                }),
            );
        }
        let timestamp = now();
        let changes = self.world.take_changes();
        let activated_before = self.programs.activated.clone();
        self.seal(changes, Vec::new(), Vec::new(), timestamp, activated_before)
            .map_err(|e| e.message)
    }

    // ----- reads ----------------------------------------------------------------------------

    /// The chain id.
    pub fn chain_id(&self) -> u64 {
        self.config.chain_id
    }

    /// The base fee.
    pub fn base_fee(&self) -> u128 {
        self.config.base_fee
    }

    /// The latest block number.
    pub fn head_number(&self) -> u64 {
        self.blocks.len() as u64 - 1
    }

    fn head(&self) -> &BlockRecord {
        self.blocks.last().expect("the genesis block exists")
    }

    /// The block number a tag names (`None`: a number beyond the head).
    pub fn resolve(&self, tag: BlockNumberOrTag) -> Option<u64> {
        let n = match tag {
            BlockNumberOrTag::Earliest => 0,
            BlockNumberOrTag::Number(n) => n,
            _ => self.head_number(),
        };
        (n <= self.head_number()).then_some(n)
    }

    /// The block number a block id names.
    pub fn resolve_id(&self, id: Option<BlockId>) -> Result<u64, RpcError> {
        match id {
            None => Ok(self.head_number()),
            Some(BlockId::Number(tag)) => self
                .resolve(tag)
                .ok_or_else(|| RpcError::server("header not found")),
            Some(BlockId::Hash(hash)) => self
                .block_index
                .get(&hash.block_hash)
                .copied()
                .ok_or_else(|| RpcError::server("header not found")),
        }
    }

    /// Block `n`.
    pub fn block(&self, n: u64) -> Option<&BlockRecord> {
        self.blocks.get(usize::try_from(n).ok()?)
    }

    /// The block with `hash`.
    pub fn block_by_hash(&self, hash: B256) -> Option<&BlockRecord> {
        self.block(*self.block_index.get(&hash)?)
    }

    /// Where transaction `hash` is: its block and index.
    pub fn transaction(&self, hash: B256) -> Option<(&BlockRecord, usize)> {
        let (n, i) = *self.tx_index.get(&hash)?;
        Some((self.block(n)?, i))
    }

    /// A copy of the world to run calls on, recording no changes.
    fn scratch_world(&self) -> World {
        let mut world = self.world.clone();
        world.track_changes(false);
        world
    }

    /// The world as it was after block `n`.
    fn world_at(&self, n: u64) -> World {
        let mut world = self.scratch_world();
        for block in self
            .blocks
            .iter()
            .skip(usize::try_from(n + 1).unwrap_or(usize::MAX))
            .rev()
        {
            self.undo(&mut world, &block.diff);
        }
        world
    }

    /// Applies the before values of `diff` to `world`.
    fn undo(&self, world: &mut World, diff: &StateDiff) {
        for change in &diff.accounts {
            let address = to_rt_address(change.address);
            match &change.before {
                None => world.set_account(address, None),
                Some(header) => {
                    let mut account = world.state().account(address).cloned().unwrap_or_default();
                    account.balance = to_rt_u256(header.balance);
                    account.nonce = header.nonce;
                    account.code = header
                        .code_hash
                        .and_then(|h| self.codes.get(&h))
                        .map(|code| self.programs.code_for(code));
                    world.set_account(address, Some(account));
                }
            }
        }
        for slot in &diff.slots {
            world.set_storage(
                to_rt_address(slot.address),
                to_rt_word(slot.slot),
                to_rt_word(slot.before),
            );
        }
    }

    fn read<T>(&self, block: Option<BlockId>, f: impl Fn(&World) -> T) -> Result<T, RpcError> {
        let n = self.resolve_id(block)?;
        if n == self.head_number() {
            Ok(f(&self.world))
        } else {
            Ok(f(&self.world_at(n)))
        }
    }

    /// Balance at a block.
    pub fn balance(&self, address: Address, block: Option<BlockId>) -> Result<U256, RpcError> {
        self.read(block, |w| from_rt_u256(w.balance(to_rt_address(address))))
    }

    /// Nonce at a block.
    pub fn nonce(&self, address: Address, block: Option<BlockId>) -> Result<u64, RpcError> {
        self.read(block, |w| w.nonce(to_rt_address(address)))
    }

    /// Code at a block.
    pub fn code(&self, address: Address, block: Option<BlockId>) -> Result<Bytes, RpcError> {
        self.read(block, |w| {
            w.code(to_rt_address(address))
                .map(|c| Bytes::copy_from_slice(c.bytes()))
                .unwrap_or_default()
        })
    }

    /// A storage word at a block.
    pub fn storage(
        &self,
        address: Address,
        slot: B256,
        block: Option<BlockId>,
    ) -> Result<B256, RpcError> {
        self.read(block, |w| {
            from_rt_word(w.storage(to_rt_address(address), to_rt_word(slot)))
        })
    }

    /// Logs matching `filter`.
    pub fn logs(&self, filter: &Filter) -> Result<Vec<RpcLog>, RpcError> {
        let (from, to) = match &filter.block_option {
            FilterBlockOption::AtBlockHash(hash) => {
                let n = *self
                    .block_index
                    .get(hash)
                    .ok_or_else(|| RpcError::server("unknown block"))?;
                (n, n)
            }
            FilterBlockOption::Range {
                from_block,
                to_block,
            } => {
                let head = self.head_number();
                let from = from_block
                    .map_or(Some(head), |t| self.resolve(t))
                    .unwrap_or(u64::MAX);
                let to = to_block
                    .map_or(Some(head), |t| self.resolve(t))
                    .unwrap_or(head);
                (from, to)
            }
        };
        if from > to {
            return if from == u64::MAX {
                Ok(Vec::new())
            } else {
                Err(RpcError::invalid_params("invalid block range params"))
            };
        }
        if to - from >= MAX_LOG_RANGE {
            return Err(RpcError::server(format!(
                "block range too large: at most {MAX_LOG_RANGE} blocks"
            )));
        }
        Ok((from..=to)
            .filter_map(|n| self.block(n))
            .flat_map(BlockRecord::rpc_logs)
            .filter(|log| log_matches(filter, log))
            .collect())
    }

    // ----- filters --------------------------------------------------------------------------

    /// `eth_newBlockFilter`.
    pub fn new_block_filter(&mut self) -> u64 {
        let next = self.head_number() + 1;
        self.install(Installed::Blocks { next })
    }

    /// `eth_newFilter`.
    pub fn new_log_filter(&mut self, filter: Filter) -> u64 {
        let next = self.head_number() + 1;
        self.install(Installed::Logs {
            filter: Box::new(filter),
            next,
        })
    }

    fn install(&mut self, filter: Installed) -> u64 {
        let id = self.next_filter;
        self.next_filter += 1;
        self.filters.insert(id, filter);
        id
    }

    /// `eth_uninstallFilter`.
    pub fn uninstall_filter(&mut self, id: u64) -> bool {
        self.filters.remove(&id).is_some()
    }

    /// `eth_getFilterChanges`.
    pub fn filter_changes(&mut self, id: u64) -> Result<FilterChanges, RpcError> {
        let head = self.head_number();
        let blocks = &self.blocks;
        let filter = self
            .filters
            .get_mut(&id)
            .ok_or_else(|| RpcError::server("filter not found"))?;
        let range = |next: u64| {
            blocks
                .iter()
                .skip(usize::try_from(next).unwrap_or(usize::MAX))
                .take_while(move |b| b.number() <= head)
        };
        Ok(match filter {
            Installed::Blocks { next } => {
                let hashes = range(*next).map(|b| b.hash).collect();
                *next = head + 1;
                FilterChanges::Blocks(hashes)
            }
            Installed::Logs { filter, next } => {
                let logs = range(*next)
                    .flat_map(BlockRecord::rpc_logs)
                    .filter(|log| log_matches(filter, log))
                    .collect();
                *next = head + 1;
                FilterChanges::Logs(logs)
            }
        })
    }

    // ----- transactions ---------------------------------------------------------------------

    fn next_block_timestamp(&self) -> u64 {
        let wall = i64::try_from(now())
            .unwrap_or(i64::MAX)
            .saturating_add(self.time_offset);
        let t = self
            .next_timestamp
            .unwrap_or_else(|| u64::try_from(wall).unwrap_or(0));
        t.max(self.head().header.timestamp)
    }

    fn set_block_env(world: &mut World, number: u64, timestamp: u64) {
        world.set_block_number(number);
        world.set_timestamp(timestamp);
    }

    /// `eth_sendRawTransaction`: decodes, checks, executes and mines `raw` in a block of its
    /// own; the hash is returned while the block is being stored ([`Self::settle`]).
    pub fn send_raw_transaction(&mut self, raw: &[u8]) -> Result<B256, RpcError> {
        self.settle()?;
        let mut buf = raw;
        let envelope =
            TxEnvelope::decode_2718(&mut buf).map_err(|e| RpcError::server(format!("rlp: {e}")))?;
        if !buf.is_empty() {
            return Err(RpcError::server("rlp: input contains more than one value"));
        }
        if !matches!(
            envelope,
            TxEnvelope::Legacy(_) | TxEnvelope::Eip2930(_) | TxEnvelope::Eip1559(_)
        ) {
            return Err(RpcError::server("transaction type not supported"));
        }
        let hash = *envelope.tx_hash();
        if self.tx_index.contains_key(&hash) {
            return Err(RpcError::server("already known"));
        }
        match envelope.chain_id() {
            None => {
                return Err(RpcError::server(
                    "only replay-protected (EIP-155) transactions allowed over RPC",
                ))
            }
            Some(id) if id != self.config.chain_id => {
                return Err(RpcError::server(format!(
                    "invalid chain id for signer: have {id} want {}",
                    self.config.chain_id
                )))
            }
            Some(_) => {}
        }
        let from = alloy::consensus::transaction::SignerRecoverable::recover_signer(&envelope)
            .map_err(|_| RpcError::server("invalid sender"))?;
        let state_nonce = self.world.nonce(to_rt_address(from));
        match envelope.nonce().cmp(&state_nonce) {
            std::cmp::Ordering::Less => {
                return Err(RpcError::nonce_too_low(from, envelope.nonce(), state_nonce))
            }
            std::cmp::Ordering::Greater => {
                return Err(RpcError::nonce_too_high(
                    from,
                    envelope.nonce(),
                    state_nonce,
                ))
            }
            std::cmp::Ordering::Equal => {}
        }
        if envelope.gas_limit() > self.config.gas_cap {
            return Err(RpcError::server("exceeds block gas limit"));
        }
        let max_fee = envelope.max_fee_per_gas();
        if max_fee < self.config.base_fee {
            return Err(RpcError::server(format!(
                "max fee per gas less than block base fee: address {from}, maxFeePerGas: {max_fee}, baseFee: {}",
                self.config.base_fee
            )));
        }
        let balance = from_rt_u256(self.world.balance(to_rt_address(from)));
        let want = U256::from(envelope.gas_limit()) * U256::from(max_fee) + envelope.value();
        if balance < want {
            return Err(RpcError::insufficient_funds(from, balance, want));
        }
        let access_list_gas = envelope.access_list().map_or(0, access_list_gas);
        let price = self.config.base_fee;
        let msg = Message {
            from,
            to: envelope.to(),
            value: envelope.value(),
            data: envelope.input().clone(),
            gas_limit: envelope.gas_limit(),
            gas_price: U256::from(price),
            access_list_gas,
            create_nonce: state_nonce,
        };
        self.mine(&msg, raw, hash, from)?;
        Ok(hash)
    }

    fn mine(
        &mut self,
        msg: &Message,
        raw: &[u8],
        hash: B256,
        from: Address,
    ) -> Result<(), RpcError> {
        self.world.take_changes();
        let activated_before = self.programs.activated.clone();
        let timestamp = self.next_block_timestamp();
        let number = self.head_number() + 1;
        Self::set_block_env(&mut self.world, number, timestamp);
        let price = U256::from(self.config.base_fee);
        let sender = to_rt_address(from);
        let mut account = self
            .world
            .state()
            .account(sender)
            .cloned()
            .unwrap_or_default();
        account.nonce += 1;
        account.balance -= to_rt_u256(U256::from(msg.gas_limit) * price);
        self.world.set_account(sender, Some(account));
        let exec = match execute(&mut self.world, &mut self.programs, msg) {
            Ok(exec) => exec,
            Err(e) => {
                let changes = self.world.take_changes();
                self.world.undo(&changes);
                self.programs.activated = activated_before;
                return Err(e);
            }
        };
        let refund = U256::from(msg.gas_limit - exec.gas_used.min(msg.gas_limit)) * price;
        let balance = self.world.balance(sender);
        self.world.set_balance(sender, balance + to_rt_u256(refund));
        let record = TxRecord {
            raw: Bytes::copy_from_slice(raw),
            hash,
            from,
            to: msg.to,
            receipt: ReceiptRecord {
                success: exec.success,
                gas_used: exec.gas_used,
                cumulative_gas_used: exec.gas_used,
                effective_gas_price: self.config.base_fee,
                logs: exec.logs,
                contract_address: exec.contract_address,
                output: exec.output.into(),
            },
        };
        let changes = self.world.take_changes();
        self.seal(
            changes,
            vec![record],
            exec.activated,
            timestamp,
            activated_before,
        )?;
        self.next_timestamp = None;
        Ok(())
    }

    /// Makes the block of `txs` on top of the head from the world's `changes` and starts
    /// storing it: [`Self::settle`] appends it once it is durable. `activated_before` is
    /// what to put back if it cannot be stored.
    fn seal(
        &mut self,
        changes: Changes,
        txs: Vec<TxRecord>,
        activated: Vec<(B256, u16)>,
        timestamp: u64,
        activated_before: HashMap<B256, u16>,
    ) -> Result<(), RpcError> {
        // The head is the previous block (every request settles it first).
        debug_assert!(self.sealing.is_none());
        let mut diff = StateDiff::of_changes(&changes, self.world.state());
        diff.activated = activated;
        let mut new_code = Vec::new();
        for change in &diff.accounts {
            if let Some(hash) = change.after.as_ref().and_then(|h| h.code_hash) {
                if !self.codes.contains_key(&hash) && !new_code.iter().any(|(h, _)| *h == hash) {
                    let code = self
                        .world
                        .code(to_rt_address(change.address))
                        .map(|c| Bytes::copy_from_slice(c.bytes()))
                        .unwrap_or_default();
                    new_code.push((hash, code));
                }
            }
        }
        let fields = HeaderFields {
            parent_hash: self.blocks.last().map_or(B256::ZERO, |b| b.hash),
            number: self.blocks.len() as u64,
            timestamp,
            gas_limit: BLOCK_GAS_LIMIT,
            base_fee_per_gas: Some(u64::try_from(self.config.base_fee).unwrap_or(u64::MAX)),
        };
        // Stored and rooted on a thread of its own: the transaction's hash is answered now,
        // and the next request (a receipt, a block, the next transaction) waits for it.
        let store = self.store.clone();
        let work = match std::thread::Builder::new()
            .name("dimo-seal".into())
            .spawn(move || Sealed::make(store.as_deref(), fields, txs, diff, new_code))
        {
            Ok(work) => work,
            Err(e) => {
                self.world.undo(&changes);
                self.programs.activated = activated_before;
                return Err(RpcError::server(format!(
                    "starting the block's commit: {e}"
                )));
            }
        };
        self.sealing = Some(Sealing {
            work,
            changes,
            activated_before,
        });
        Ok(())
    }

    /// Appends the block being stored, once it is durable; if it could not be stored, its
    /// state changes are undone (its transaction is dropped) and the store's error returned.
    /// Every request calls this first, so none sees a block before it is durable.
    ///
    /// # Errors
    ///
    /// The store's error when the block could not be written.
    pub fn settle(&mut self) -> Result<(), RpcError> {
        let Some(sealing) = self.sealing.take() else {
            return Ok(());
        };
        let sealed = sealing
            .work
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        match sealed {
            Ok(sealed) => {
                let block = BlockRecord::assemble(
                    sealed.fields,
                    sealed.txs,
                    sealed.diff,
                    sealed.commitments,
                );
                self.codes.extend(sealed.new_code);
                self.index(&block);
                self.blocks.push(block);
                Ok(())
            }
            Err(e) => {
                self.world.undo(&sealing.changes);
                self.programs.activated = sealing.activated_before;
                Err(RpcError::server(e))
            }
        }
    }

    // ----- calls ----------------------------------------------------------------------------

    fn message(&self, request: &TransactionRequest, world: &World) -> Message {
        let from = request.from.unwrap_or_default();
        Message {
            from,
            to: match request.to {
                Some(TxKind::Call(to)) => Some(to),
                _ => None,
            },
            value: request.value.unwrap_or_default(),
            data: request.input.input().cloned().unwrap_or_default(),
            gas_limit: request
                .gas
                .unwrap_or(self.config.gas_cap)
                .min(self.config.gas_cap),
            gas_price: U256::from(request.gas_price.or(request.max_fee_per_gas).unwrap_or(0)),
            access_list_gas: request.access_list.as_ref().map_or(0, access_list_gas),
            create_nonce: world.nonce(to_rt_address(from)),
        }
    }

    /// The world for a call at `block`, with `overrides` applied.
    fn call_world(
        &self,
        block: Option<BlockId>,
        overrides: Option<&StateOverride>,
    ) -> Result<(World, Programs), RpcError> {
        let n = self.resolve_id(block)?;
        let mut world = if n == self.head_number() {
            self.scratch_world()
        } else {
            self.world_at(n)
        };
        let programs = self.programs.clone();
        Self::set_block_env(&mut world, n + 1, self.next_block_timestamp());
        for (address, account) in overrides.into_iter().flatten() {
            let rt = to_rt_address(*address);
            let mut current = world.state().account(rt).cloned().unwrap_or_default();
            if let Some(balance) = account.balance {
                current.balance = to_rt_u256(balance);
            }
            if let Some(nonce) = account.nonce {
                current.nonce = nonce;
            }
            if let Some(code) = &account.code {
                current.code = (!code.is_empty()).then(|| programs.code_for(code));
            }
            if let Some(state) = &account.state {
                current.storage = state
                    .iter()
                    .filter(|(_, v)| !v.is_zero())
                    .map(|(k, v)| (to_rt_word(*k), to_rt_word(*v)))
                    .collect();
            }
            if let Some(diff) = &account.state_diff {
                for (k, v) in diff {
                    if v.is_zero() {
                        current.storage.remove(&to_rt_word(*k));
                    } else {
                        current.storage.insert(to_rt_word(*k), to_rt_word(*v));
                    }
                }
            }
            world.set_account(rt, Some(current));
        }
        Ok((world, programs))
    }

    fn run_call(
        &mut self,
        request: &TransactionRequest,
        block: Option<BlockId>,
        overrides: Option<&StateOverride>,
        gas: Option<u64>,
    ) -> Result<Execution, RpcError> {
        let (mut world, mut programs) = self.call_world(block, overrides)?;
        let mut msg = self.message(request, &world);
        if let Some(gas) = gas {
            msg.gas_limit = gas;
        }
        let exec = execute(&mut world, &mut programs, &msg)?;
        // Keep what was compiled (activation checks are slow); activations stay the call's.
        for (hash, program) in programs.compiled {
            self.programs.compiled.entry(hash).or_insert(program);
        }
        Ok(exec)
    }

    /// `eth_call`.
    pub fn call(
        &mut self,
        request: &TransactionRequest,
        block: Option<BlockId>,
        overrides: Option<&StateOverride>,
    ) -> Result<Bytes, RpcError> {
        let exec = self.run_call(request, block, overrides, None)?;
        if exec.success {
            Ok(exec.output.into())
        } else {
            Err(RpcError::reverted(&exec.output))
        }
    }

    /// `eth_estimateGas`: the smallest gas limit with which the request succeeds (the peak
    /// use checked, else a binary search up to the cap).
    pub fn estimate_gas(
        &mut self,
        request: &TransactionRequest,
        block: Option<BlockId>,
        overrides: Option<&StateOverride>,
    ) -> Result<u64, RpcError> {
        let cap = request
            .gas
            .unwrap_or(self.config.gas_cap)
            .min(self.config.gas_cap);
        let first = self.run_call(request, block, overrides, Some(cap))?;
        if !first.success {
            return Err(RpcError::reverted(&first.output));
        }
        let mut low = first.gas_used.max(first.gas_peak);
        if self.run_call(request, block, overrides, Some(low))?.success {
            return Ok(low);
        }
        let mut high = cap;
        while low + 1 < high {
            let mid = low + (high - low) / 2;
            if self
                .run_call(request, block, overrides, Some(mid))
                .is_ok_and(|e| e.success)
            {
                high = mid;
            } else {
                low = mid;
            }
        }
        Ok(high)
    }

    /// A copy of the world as the next block would see it and the runtime's transaction for
    /// a call: what the chain runs inside `eth_sendRawTransaction`, for a benchmark of the
    /// chain's overhead.
    pub fn runtime_call(
        &self,
        from: Address,
        to: Address,
        data: &[u8],
        gas_limit: u64,
    ) -> (World, stylus_runtime::Tx) {
        let mut world = self.scratch_world();
        Self::set_block_env(
            &mut world,
            self.head_number() + 1,
            self.next_block_timestamp(),
        );
        let tx = stylus_runtime::Tx::call(to_rt_address(from), to_rt_address(to), data.to_vec())
            .gas_limit(gas_limit)
            .gas_price(to_rt_u256(U256::from(self.config.base_fee)));
        (world, tx)
    }

    // ----- dev methods ----------------------------------------------------------------------

    /// `evm_mine`: an empty block (at `timestamp` if given).
    pub fn mine_empty(&mut self, timestamp: Option<u64>) -> Result<(), RpcError> {
        self.settle()?;
        if let Some(t) = timestamp {
            self.next_timestamp = Some(t);
        }
        // An empty block changes nothing (what was changed outside a block is not its own).
        self.world.take_changes();
        let t = self.next_block_timestamp();
        let activated = self.programs.activated.clone();
        self.seal(Changes::default(), Vec::new(), Vec::new(), t, activated)?;
        self.next_timestamp = None;
        Ok(())
    }

    /// `evm_increaseTime`: moves the clock forward; returns the total offset in seconds.
    pub fn increase_time(&mut self, seconds: i64) -> i64 {
        self.time_offset = self.time_offset.saturating_add(seconds);
        self.time_offset
    }

    /// `evm_setNextBlockTimestamp`.
    pub fn set_next_timestamp(&mut self, timestamp: u64) -> Result<(), RpcError> {
        if timestamp < self.head().header.timestamp {
            return Err(RpcError::server(format!(
                "timestamp {timestamp} is lower than the previous block's timestamp {}",
                self.head().header.timestamp
            )));
        }
        self.next_timestamp = Some(timestamp);
        Ok(())
    }

    /// `evm_snapshot`: an id to revert to.
    pub fn snapshot(&mut self) -> u64 {
        self.snapshots.push(self.head_number());
        self.snapshots.len() as u64
    }

    /// `evm_revert`: back to the state of snapshot `id` (which, with every later one, is
    /// used up). False for an unknown id.
    pub fn revert(&mut self, id: u64) -> Result<bool, RpcError> {
        let Some(index) = usize::try_from(id).ok().and_then(|i| i.checked_sub(1)) else {
            return Ok(false);
        };
        let Some(&number) = self.snapshots.get(index) else {
            return Ok(false);
        };
        let keep = usize::try_from(number + 1).unwrap_or(usize::MAX);
        let removed: Vec<BlockRecord> = self.blocks[keep..].iter().rev().cloned().collect();
        if let Some(store) = &self.store {
            store.revert_blocks(&removed).map_err(RpcError::server)?;
        }
        let mut deactivated = Vec::new();
        for block in &removed {
            for (hash, _) in &block.diff.activated {
                self.programs.activated.remove(hash);
                deactivated.push(to_rt_word(*hash));
            }
        }
        let mut world = std::mem::take(&mut self.world);
        // Programs activated in the removed blocks are raw code again.
        let holders: Vec<_> = world
            .state()
            .accounts()
            .filter(|(_, a)| {
                a.code
                    .as_ref()
                    .is_some_and(|c| deactivated.contains(&c.hash()))
            })
            .map(|(address, _)| *address)
            .collect();
        for address in holders {
            let mut account = world.state().account(address).cloned().unwrap_or_default();
            account.code = account
                .code
                .map(|c| stylus_runtime::Code::Raw(c.bytes().to_vec()));
            world.set_account(address, Some(account));
        }
        for block in &removed {
            self.undo(&mut world, &block.diff);
            self.block_index.remove(&block.hash);
            for tx in &block.txs {
                self.tx_index.remove(&tx.hash);
            }
        }
        self.world = world;
        self.blocks.truncate(keep);
        self.snapshots.truncate(index);
        Ok(true)
    }
}

/// Intrinsic gas of an access list (EIP-2930): 2,400 per address, 1,900 per storage key.
fn access_list_gas(list: &alloy::eips::eip2930::AccessList) -> u64 {
    list.iter()
        .map(|item| 2_400 + 1_900 * item.storage_keys.len() as u64)
        .sum()
}

/// Whether `log` passes `filter`'s address and topic sets.
fn log_matches(filter: &Filter, log: &RpcLog) -> bool {
    if !filter.address.is_empty() && !filter.address.matches(&log.address()) {
        return false;
    }
    filter
        .topics
        .iter()
        .enumerate()
        .all(|(i, set)| set.is_empty() || log.topics().get(i).is_some_and(|t| set.matches(t)))
}
