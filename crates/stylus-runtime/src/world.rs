//! The world the tests drive: accounts and programs, block context, and transactions.

use std::collections::BTreeSet;
use std::fmt;

use alloy_primitives::{keccak256, Address, B256, U256};

use crate::address::create_address;
use crate::arbos::{ArbosVersion, RecentPrograms};
use crate::engine::{HOST_FRAME_STACK, MAX_WASM_STACK};
use crate::env::{BlockEnv, Tx};
use crate::exec::{run_message, stack_pointer};
use crate::frame::Message;
use crate::gas::{calldata_gas, capped_refund, GasUsage, MAX_CALL_DEPTH, TX_BASE_GAS};
use crate::pricing::INK_PER_GAS;
use crate::program::Program;
use crate::receipt::{Outcome, Receipt};
use crate::state::{Account, Changes, Code, State};
use crate::tx_state::{Limits, TxState};

/// Name behind the SDK's constructor selector and its guard slot.
pub const CONSTRUCTOR_NAME: &str = "stylus_constructor";

/// The selector stylus-sdk 0.9 routes to the `#[constructor]`: keccak-256 of
/// `stylus_constructor()`, first four bytes.
pub fn constructor_selector() -> [u8; 4] {
    let hash = keccak256(format!("{CONSTRUCTOR_NAME}()"));
    [hash[0], hash[1], hash[2], hash[3]]
}

/// The slot whose flag makes the SDK refuse a second constructor call: keccak-256 of
/// `stylus_constructor`.
pub fn constructor_guard_slot() -> B256 {
    keccak256(CONSTRUCTOR_NAME)
}

/// Native stack margin kept below the last frame.
const STACK_MARGIN: usize = 1024 * 1024;

/// Limits of the runtime itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Config {
    /// Deepest call stack (the EVM's 1,024 at most).
    pub max_depth: usize,
    /// Native stack of the thread each transaction runs on. Frames that would not fit fail
    /// like calls beyond the depth limit.
    pub stack_size: usize,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            max_depth: MAX_CALL_DEPTH,
            stack_size: (MAX_CALL_DEPTH + 1) * (MAX_WASM_STACK + HOST_FRAME_STACK)
                + 2 * STACK_MARGIN,
        }
    }
}

/// Why a transaction was not executed at all (it would not be included in a block).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TxError {
    /// The gas limit does not cover the intrinsic and calldata gas.
    IntrinsicGas {
        /// The transaction's limit.
        limit: u64,
        /// What it needs before execution.
        required: u64,
    },
    /// The sender cannot pay the value.
    InsufficientBalance {
        /// The value.
        value: U256,
        /// The sender's balance.
        balance: U256,
    },
    /// The runtime could not start its execution thread.
    Host(String),
}

impl fmt::Display for TxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::IntrinsicGas { limit, required } => {
                write!(f, "gas limit {limit} below the intrinsic gas {required}")
            }
            Self::InsufficientBalance { value, balance } => {
                write!(f, "value {value} exceeds the sender's balance {balance}")
            }
            Self::Host(e) => write!(f, "runtime error: {e}"),
        }
    }
}

impl std::error::Error for TxError {}

/// Why a deployment failed; the code was not installed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeployError {
    /// The constructor reverted, failed or ran out of gas.
    Constructor(Box<Receipt>),
    /// The constructor transaction was invalid.
    Tx(TxError),
}

impl fmt::Display for DeployError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Constructor(receipt) => write!(f, "constructor ended with {:?}", receipt.outcome),
            Self::Tx(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for DeployError {}

/// A deployed program.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deployment {
    /// Where it lives.
    pub address: Address,
    /// The constructor's transaction, if one ran.
    pub receipt: Option<Receipt>,
}

/// Accounts, programs and the block context; transactions run against it one at a time.
///
/// **Blocks.** Since ArbOS 60 a program entered earlier in the same L2 block pays only the
/// cached entry cost ([`crate::arbos`]). By default every transaction is a block of its own
/// (a chain that mines each transaction at once): only calls within one transaction can find
/// a program recent. [`Self::start_block`] opens a block that the following transactions
/// share, until the next [`Self::start_block`] or [`Self::end_block`]. The block number
/// programs see ([`BlockEnv::number`], on Arbitrum an L1 estimate) is independent of this.
#[derive(Debug, Clone, Default)]
pub struct World {
    state: State,
    block: BlockEnv,
    cached: BTreeSet<B256>,
    cache_all: bool,
    config: Config,
    arbos: ArbosVersion,
    /// Programs entered in the open block (empty when no block is open).
    recent: RecentPrograms,
    /// Whether [`Self::start_block`] opened a block the next transactions share.
    block_open: bool,
}

impl World {
    /// An empty world with the default block ([`BlockEnv::default`]).
    pub fn new() -> Self {
        Self::default()
    }

    /// An empty world with other runtime limits.
    pub fn with_config(config: Config) -> Self {
        Self {
            config,
            ..Self::default()
        }
    }

    /// The world state.
    pub fn state(&self) -> &State {
        &self.state
    }

    /// The block context.
    pub fn block(&self) -> &BlockEnv {
        &self.block
    }

    /// The block context, to change.
    pub fn block_mut(&mut self) -> &mut BlockEnv {
        &mut self.block
    }

    /// Sets `block_timestamp`.
    pub fn set_timestamp(&mut self, timestamp: u64) {
        self.block.timestamp = timestamp;
    }

    /// Sets `block_number`.
    pub fn set_block_number(&mut self, number: u64) {
        self.block.number = number;
    }

    /// Balance of `address`.
    pub fn balance(&self, address: Address) -> U256 {
        self.state.balance(address)
    }

    /// Sets the balance of `address`.
    pub fn set_balance(&mut self, address: Address, balance: U256) {
        self.state.account_mut(address).balance = balance;
        self.state.prune();
    }

    /// Nonce of `address`.
    pub fn nonce(&self, address: Address) -> u64 {
        self.state.nonce(address)
    }

    /// Storage word `key` of `address`.
    pub fn storage(&self, address: Address, key: B256) -> B256 {
        self.state.storage(address, key)
    }

    /// Sets a storage word.
    pub fn set_storage(&mut self, address: Address, key: B256, value: B256) {
        self.state.set_storage(address, key, value);
        self.state.prune();
    }

    /// Code of `address`.
    pub fn code(&self, address: Address) -> Option<&Code> {
        self.state.code(address)
    }

    /// Installs `program` at `address` without running anything (nonce set to 1).
    pub fn install(&mut self, address: Address, program: &Program) {
        let account = self.state.account_mut(address);
        account.code = Some(Code::Stylus(program.clone()));
        account.nonce = account.nonce.max(1);
    }

    /// Sets other code at `address` (calls to it fail; `account_code` sees it).
    pub fn set_code(&mut self, address: Address, code: Code) {
        self.state.account_mut(address).code = Some(code);
    }

    /// Replaces the whole account at `address` (`None` removes it): how a node restores
    /// accounts from its store or undoes a block.
    pub fn set_account(&mut self, address: Address, account: Option<Account>) {
        self.state.replace_account(address, account);
        self.state.prune();
    }

    /// Starts (`true`) or stops recording the state's changes ([`State::track_changes`]).
    pub fn track_changes(&mut self, on: bool) {
        self.state.track_changes(on);
    }

    /// The changes recorded since the last call ([`State::take_changes`]).
    pub fn take_changes(&mut self) -> Changes {
        self.state.take_changes()
    }

    /// Puts back what `changes` changed ([`State::undo`]).
    pub fn undo(&mut self, changes: &Changes) {
        self.state.undo(changes);
    }

    /// Whether calls into `program` pay only the cached entry cost (as if it were in the
    /// `CacheManager`). Programs are uncached by default.
    pub fn set_cached(&mut self, program: &Program, cached: bool) {
        if cached {
            self.cached.insert(program.id());
        } else {
            self.cached.remove(&program.id());
        }
    }

    /// Treats every program as cached (or none, except those set with [`Self::set_cached`]).
    pub fn set_cache_all(&mut self, cached: bool) {
        self.cache_all = cached;
    }

    /// The ArbOS version whose rules the runtime follows.
    pub fn arbos_version(&self) -> ArbosVersion {
        self.arbos
    }

    /// Follows the rules of another ArbOS version (by default
    /// [`ArbosVersion::ARBITRUM_ONE`]); see [`crate::arbos`] for what depends on it.
    pub fn set_arbos_version(&mut self, version: ArbosVersion) {
        self.arbos = version;
    }

    /// Opens a new L2 block: no program is recent any more, and the following transactions
    /// share the block (programs one of them enters are recent for the next) until the next
    /// call of this function or [`Self::end_block`].
    pub fn start_block(&mut self) {
        self.recent.clear();
        self.block_open = true;
    }

    /// Closes the block [`Self::start_block`] opened: every transaction is again a block of
    /// its own (the default).
    pub fn end_block(&mut self) {
        self.recent.clear();
        self.block_open = false;
    }

    /// Whether a block opened by [`Self::start_block`] is open.
    pub fn is_block_open(&self) -> bool {
        self.block_open
    }

    /// The programs entered so far in the open block (empty when none is open).
    pub fn recent_programs(&self) -> &RecentPrograms {
        &self.recent
    }

    /// Deploys `program` from `deployer` (at the CREATE address of its nonce, which is bumped)
    /// and runs its SDK constructor with `constructor_args` (the ABI-encoded parameters): a
    /// call with [`constructor_selector`] from `deployer`.
    ///
    /// # Errors
    ///
    /// [`DeployError`] if the constructor does not succeed; nothing is installed then, but
    /// the deployer's nonce stays bumped (as on chain).
    pub fn deploy(
        &mut self,
        deployer: Address,
        program: &Program,
        constructor_args: &[u8],
    ) -> Result<Deployment, DeployError> {
        self.deploy_with(deployer, program, Some(constructor_args), U256::ZERO)
    }

    /// [`Self::deploy`] with a choice: `constructor` `None` installs without a constructor
    /// call (for programs that have none); `value` is sent to the constructor.
    ///
    /// # Errors
    ///
    /// As [`Self::deploy`].
    pub fn deploy_with(
        &mut self,
        deployer: Address,
        program: &Program,
        constructor: Option<&[u8]>,
        value: U256,
    ) -> Result<Deployment, DeployError> {
        let nonce = self.state.nonce(deployer);
        let address = create_address(deployer, nonce);
        self.state.account_mut(deployer).nonce = nonce.saturating_add(1);
        let previous = self.state.account(address).cloned();
        self.install(address, program);
        let Some(args) = constructor else {
            return Ok(Deployment {
                address,
                receipt: None,
            });
        };
        let mut data = constructor_selector().to_vec();
        data.extend_from_slice(args);
        let result = self.transact(&Tx::call(deployer, address, data).value(value));
        let restore = |world: &mut Self| {
            world.state.replace_account(address, previous);
            world.state.prune();
        };
        match result {
            Ok(receipt) if receipt.is_success() => Ok(Deployment {
                address,
                receipt: Some(receipt),
            }),
            Ok(receipt) => {
                restore(self);
                Err(DeployError::Constructor(Box::new(receipt)))
            }
            Err(e) => {
                restore(self);
                Err(DeployError::Tx(e))
            }
        }
    }

    /// A call of `to` by `from` with `data` and the default gas limit; committed.
    ///
    /// # Errors
    ///
    /// As [`Self::transact`].
    pub fn call(&mut self, from: Address, to: Address, data: &[u8]) -> Result<Receipt, TxError> {
        self.transact(&Tx::call(from, to, data))
    }

    /// Runs `tx` and commits its effects (nothing but warmth-free bookkeeping survives a
    /// failed transaction).
    ///
    /// # Errors
    ///
    /// [`TxError`] when the transaction could not be included at all.
    pub fn transact(&mut self, tx: &Tx) -> Result<Receipt, TxError> {
        self.execute(tx, true)
    }

    /// Runs `tx` without committing anything (like `eth_call`).
    ///
    /// # Errors
    ///
    /// As [`Self::transact`].
    pub fn view(&mut self, tx: &Tx) -> Result<Receipt, TxError> {
        self.execute(tx, false)
    }

    /// The state of `tx` in flight: the world state (taken out of the world), the context,
    /// the cache rules and the warm accounts every transaction starts with.
    fn begin_tx(&mut self, tx: &Tx) -> Box<TxState> {
        let state = std::mem::take(&mut self.state);
        let mut tx_state = Box::new(TxState::new(
            state,
            self.block.clone(),
            tx.origin.unwrap_or(tx.from),
            tx.gas_price.unwrap_or(self.block.basefee),
        ));
        tx_state.cached.clone_from(&self.cached);
        tx_state.cache_all = self.cache_all;
        tx_state.arbos = self.arbos;
        // A transaction outside an open block is a block of its own; a view sees the open
        // block's programs but records nothing in it.
        if self.block_open {
            tx_state.recent.clone_from(&self.recent);
        }
        for address in [tx.from, tx.to, self.block.coinbase] {
            tx_state.prewarm(address);
        }
        for n in 1..=0x11 {
            tx_state.prewarm(Address::with_last_byte(n));
        }
        tx_state
    }

    fn execute(&mut self, tx: &Tx, commit: bool) -> Result<Receipt, TxError> {
        let calldata = calldata_gas(&tx.data);
        let required = TX_BASE_GAS + calldata;
        if tx.gas_limit < required {
            return Err(TxError::IntrinsicGas {
                limit: tx.gas_limit,
                required,
            });
        }
        let balance = self.state.balance(tx.from);
        if balance < tx.value {
            return Err(TxError::InsufficientBalance {
                value: tx.value,
                balance,
            });
        }
        let mut tx_state = self.begin_tx(tx);
        let gas = tx.gas_limit - required;
        let msg = Message {
            caller: tx.from,
            acting: tx.to,
            code_address: tx.to,
            value: tx.value,
            data: tx.data.clone(),
            is_static: false,
            is_delegate: false,
        };
        let config = self.config;
        let outcome = on_big_stack(config.stack_size, move |stack_floor| {
            tx_state.limits = Limits {
                max_depth: config.max_depth,
                stack_floor,
            };
            let start = tx_state.checkpoint();
            // The balance was checked above.
            tx_state.transfer(msg.caller, msg.acting, msg.value);
            let (mut tx_state, result) = run_message(tx_state, msg, gas);
            if !result.outcome.is_success() {
                tx_state.revert_to(start);
            }
            (tx_state, result, start)
        });
        let (mut tx_state, result, start) = match outcome {
            Ok(done) => done,
            Err(e) => return Err(TxError::Host(e)),
        };

        let total = required + (gas - result.gas_left.min(gas));
        let success = result.outcome.is_success();
        let refund = if success {
            capped_refund(tx_state.refund(), total)
        } else {
            0
        };
        let breakdown = tx_state.tally;
        let execution = total - required;
        let compute = (breakdown.ink() / INK_PER_GAS).min(execution);
        let gas_usage = GasUsage {
            limit: tx.gas_limit,
            used: total - refund,
            intrinsic: TX_BASE_GAS,
            calldata,
            execution,
            compute,
            evm: execution - compute,
            refund,
            breakdown,
        };
        let logs = if success {
            std::mem::take(&mut tx_state.logs)
        } else {
            Vec::new()
        };
        if !commit {
            tx_state.revert_to(start);
        } else if self.block_open {
            self.recent = std::mem::take(&mut tx_state.recent);
        }
        tx_state.state.prune();
        self.state = std::mem::take(&mut tx_state.state);
        let output = match result.outcome {
            Outcome::Success | Outcome::Revert => result.output,
            Outcome::Failure(_) | Outcome::OutOfGas => Vec::new(),
        };
        Ok(Receipt {
            outcome: result.outcome,
            output,
            logs,
            gas: gas_usage,
            entries: std::mem::take(&mut tx_state.entries),
        })
    }
}

/// Runs `f` on a thread with `stack_size` bytes of stack, passing the lowest stack address
/// frames may use.
fn on_big_stack<R: Send>(
    stack_size: usize,
    f: impl FnOnce(usize) -> R + Send,
) -> Result<R, String> {
    std::thread::scope(|scope| {
        let handle = std::thread::Builder::new()
            .name("stylus-tx".into())
            .stack_size(stack_size)
            .spawn_scoped(scope, move || {
                let top = stack_pointer();
                f(top.saturating_sub(stack_size).saturating_add(STACK_MARGIN))
            })
            .map_err(|e| format!("spawning the transaction thread: {e}"))?;
        // A panic here is a bug of the runtime, not something a guest can cause: pass it on.
        Ok(handle
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
    })
}
