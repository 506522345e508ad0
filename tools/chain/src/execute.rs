//! Executing one message against the world: a call or value transfer (the runtime), a CREATE
//! with `cargo-stylus`'s prelude, `ArbWasm` and `StylusDeployer` (both native). The caller
//! (the chain) handles nonces and fees; an [`Execution`] says what happened and how much gas
//! it used.

use std::collections::{BTreeSet, HashMap};

use alloy::primitives::{keccak256, Address, Bytes, Log, B256, U256};
use alloy::sol_types::{Revert, SolCall, SolError, SolEvent, SolValue};
use stylus_runtime::gas::{
    calldata_gas, CODE_DEPOSIT_GAS, CREATE2_WORD_GAS, CREATE_GAS, TX_BASE_GAS,
};
use stylus_runtime::{
    create2_address, create_address, Account, Code, Program, State, Tx, TxError, World,
};

use crate::convert::{from_rt_address, from_rt_u256, to_rt_address, to_rt_u256, to_rt_word};
use crate::errors::RpcError;
use crate::stylus::{
    code_of_init_code, data_fee, is_stylus_code, IArbWasm, IStylusDeployer, ARB_WASM,
    MAX_CODE_SIZE, MAX_INITCODE_SIZE, STYLUS_DEPLOYER, STYLUS_VERSION,
};

/// Extra intrinsic gas of a contract creation (53,000 in all).
const CREATE_TX_GAS: u64 = 32_000;
/// Init-code gas per 32-byte word (EIP-3860).
const INITCODE_WORD_GAS: u64 = 2;

/// A message to execute: a transaction, or an `eth_call` / `eth_estimateGas` request.
#[derive(Debug, Clone)]
pub(crate) struct Message {
    /// Sender.
    pub from: Address,
    /// Recipient; `None` creates a contract.
    pub to: Option<Address>,
    /// Value.
    pub value: U256,
    /// Calldata or init code.
    pub data: Bytes,
    /// Gas limit, intrinsic gas included.
    pub gas_limit: u64,
    /// Gas price the program sees (`tx_gas_price`).
    pub gas_price: U256,
    /// Intrinsic gas of the access list (EIP-2930), charged but not used for warmth.
    pub access_list_gas: u64,
    /// The nonce a CREATE uses for its address (the transaction's).
    pub create_nonce: u64,
}

/// What a message did.
#[derive(Debug, Clone, Default)]
pub(crate) struct Execution {
    /// Whether it succeeded (receipt status 1).
    pub success: bool,
    /// Return data, or revert data.
    pub output: Vec<u8>,
    /// Gas used, intrinsic gas included and refunds deducted.
    pub gas_used: u64,
    /// Highest gas in use at any point (before refunds): what a gas limit must cover.
    pub gas_peak: u64,
    /// Logs, empty unless it succeeded.
    pub logs: Vec<Log>,
    /// The created contract of a CREATE.
    pub contract_address: Option<Address>,
    /// Code hashes activated.
    pub activated: Vec<(B256, u16)>,
}

impl Execution {
    fn failed(output: Vec<u8>, gas_used: u64) -> Self {
        Self {
            success: false,
            output,
            gas_used,
            gas_peak: gas_used,
            ..Self::default()
        }
    }

    fn reverted_with<E: SolError>(error: &E, gas_used: u64) -> Self {
        Self::failed(error.abi_encode(), gas_used)
    }
}

/// Programs the chain knows: activated code hashes and compiled programs (compiled once per
/// code hash, activated or not).
#[derive(Debug, Clone, Default)]
pub(crate) struct Programs {
    /// Activated code hashes and their Stylus version.
    pub activated: HashMap<B256, u16>,
    /// Compiled programs by code hash.
    pub compiled: HashMap<B256, Program>,
}

impl Programs {
    /// The compiled program of `code` (Nitro's activation checks included).
    pub(crate) fn compile(&mut self, code: &[u8]) -> Result<Program, String> {
        let hash = keccak256(code);
        if let Some(program) = self.compiled.get(&hash) {
            return Ok(program.clone());
        }
        if code.get(3) != Some(&0) {
            return Err("only dictionary byte 0 (no dictionary) is supported".into());
        }
        let program = Program::from_deployed_code(code).map_err(|e| e.to_string())?;
        self.compiled.insert(hash, program.clone());
        Ok(program)
    }

    /// The runtime's code for `code`: the program if its hash is activated, else raw code
    /// (calls to it fail, as calls to a program that is not activated fail on Nitro).
    pub(crate) fn code_for(&self, code: &[u8]) -> Code {
        let hash = keccak256(code);
        match (self.activated.get(&hash), self.compiled.get(&hash)) {
            (Some(_), Some(program)) => Code::Stylus(program.clone()),
            _ => Code::Raw(code.to_vec()),
        }
    }
}

/// Puts every account of `world` that differs from `before` back as it was.
pub(crate) fn restore(world: &mut World, before: &State) {
    let addresses: BTreeSet<_> = before
        .accounts()
        .map(|(a, _)| *a)
        .chain(world.state().accounts().map(|(a, _)| *a))
        .collect();
    for address in addresses {
        let old = before.account(address);
        if world.state().account(address) != old {
            world.set_account(address, old.cloned());
        }
    }
}

/// Executes `msg` on `world`, committing its effects (run it on a clone for a call). The
/// sender's nonce and fees are the caller's business.
///
/// # Errors
///
/// An [`RpcError`] when the message cannot be executed at all (intrinsic gas, funds, init
/// code this chain cannot run); `world` is then unchanged.
pub(crate) fn execute(
    world: &mut World,
    programs: &mut Programs,
    msg: &Message,
) -> Result<Execution, RpcError> {
    let balance = from_rt_u256(world.balance(to_rt_address(msg.from)));
    if balance < msg.value {
        return Err(RpcError::insufficient_funds(msg.from, balance, msg.value));
    }
    match msg.to {
        None => create(world, programs, msg),
        Some(ARB_WASM) => arb_wasm(world, programs, msg),
        // Emulated only where the chain has it (a bare Nitro dev node does not).
        Some(STYLUS_DEPLOYER) if world.code(to_rt_address(STYLUS_DEPLOYER)).is_some() => {
            stylus_deployer(world, programs, msg)
        }
        Some(to) => call(world, msg, to),
    }
}

fn intrinsic(msg: &Message, base: u64) -> Result<u64, RpcError> {
    let want = base + calldata_gas(&msg.data) + msg.access_list_gas;
    if msg.gas_limit < want {
        return Err(RpcError::intrinsic_gas(msg.gas_limit, want));
    }
    Ok(want)
}

fn rt_logs(logs: Vec<stylus_runtime::Log>) -> Vec<Log> {
    logs.into_iter()
        .map(|l| {
            Log::new_unchecked(
                from_rt_address(l.address),
                l.topics
                    .into_iter()
                    .map(crate::convert::from_rt_word)
                    .collect(),
                l.data.into(),
            )
        })
        .collect()
}

/// A call or value transfer, run by the runtime.
fn call(world: &mut World, msg: &Message, to: Address) -> Result<Execution, RpcError> {
    intrinsic(msg, TX_BASE_GAS)?;
    let tx = Tx::call(
        to_rt_address(msg.from),
        to_rt_address(to),
        msg.data.to_vec(),
    )
    .value(to_rt_u256(msg.value))
    .gas_limit(msg.gas_limit - msg.access_list_gas)
    .gas_price(to_rt_u256(msg.gas_price));
    let receipt = world.transact(&tx).map_err(|e| tx_error(msg, &e))?;
    let gas_used = receipt.gas.used + msg.access_list_gas;
    Ok(Execution {
        success: receipt.is_success(),
        gas_used,
        gas_peak: gas_used + receipt.gas.refund,
        output: receipt.output,
        logs: rt_logs(receipt.logs),
        contract_address: None,
        activated: Vec::new(),
    })
}

fn tx_error(msg: &Message, e: &TxError) -> RpcError {
    match e {
        TxError::IntrinsicGas { limit, required } => RpcError::intrinsic_gas(*limit, *required),
        TxError::InsufficientBalance { value, balance } => {
            RpcError::insufficient_funds(msg.from, from_rt_u256(*balance), from_rt_u256(*value))
        }
        TxError::Host(e) => RpcError::server(format!("runtime error: {e}")),
    }
}

/// Gas of the init-code words.
fn initcode_gas(init: &[u8], per_word: u64) -> u64 {
    (init.len() as u64).div_ceil(32) * per_word
}

/// Installs `code` at `address` with `value`; false on an address collision.
fn install(
    world: &mut World,
    programs: &Programs,
    address: Address,
    code: &[u8],
    value: U256,
) -> bool {
    let rt = to_rt_address(address);
    if let Some(existing) = world.state().account(rt) {
        if existing.code.is_some() || existing.nonce > 0 || !existing.storage.is_empty() {
            return false;
        }
    }
    let balance = world.balance(rt);
    world.set_account(
        rt,
        Some(Account {
            balance: balance + to_rt_u256(value),
            nonce: 1,
            code: Some(programs.code_for(code)),
            storage: std::collections::BTreeMap::new(),
        }),
    );
    true
}

/// Moves `value` from `from` to `to` (the balance was checked).
fn transfer(world: &mut World, from: Address, to: Address, value: U256) {
    if value.is_zero() {
        return;
    }
    let (from, to) = (to_rt_address(from), to_rt_address(to));
    let v = to_rt_u256(value);
    world.set_balance(from, world.balance(from) - v);
    world.set_balance(to, world.balance(to) + v);
}

/// A contract-creation transaction: only `cargo-stylus`'s prelude is understood.
fn create(world: &mut World, programs: &Programs, msg: &Message) -> Result<Execution, RpcError> {
    let init = &msg.data;
    if init.len() > MAX_INITCODE_SIZE {
        return Err(RpcError::server(format!(
            "max initcode size exceeded: code size {} limit {MAX_INITCODE_SIZE}",
            init.len()
        )));
    }
    let want = intrinsic(msg, TX_BASE_GAS + CREATE_TX_GAS)? + initcode_gas(init, INITCODE_WORD_GAS);
    if msg.gas_limit < want {
        return Err(RpcError::intrinsic_gas(msg.gas_limit, want));
    }
    let Some(code) = code_of_init_code(init) else {
        return Err(RpcError::server(
            "unsupported init code: this chain runs Stylus programs only (cargo-stylus's deploy \
             prelude around EF F000 code), not EVM bytecode",
        ));
    };
    if code.len() > MAX_CODE_SIZE {
        return Err(RpcError::server(format!(
            "max code size exceeded: code size {} limit {MAX_CODE_SIZE}",
            code.len()
        )));
    }
    let gas_used = want + CODE_DEPOSIT_GAS * code.len() as u64;
    if gas_used > msg.gas_limit {
        return Ok(Execution::failed(Vec::new(), msg.gas_limit));
    }
    let address = create_address(to_rt_address(msg.from), msg.create_nonce);
    let address = from_rt_address(address);
    let balance = world.balance(to_rt_address(msg.from));
    world.set_balance(to_rt_address(msg.from), balance - to_rt_u256(msg.value));
    if !install(world, programs, address, code, msg.value) {
        world.set_balance(to_rt_address(msg.from), balance);
        return Ok(Execution::failed(Vec::new(), msg.gas_limit));
    }
    Ok(Execution {
        success: true,
        gas_used,
        gas_peak: gas_used,
        contract_address: Some(address),
        ..Execution::default()
    })
}

/// A successful activation.
struct Activation {
    version: u16,
    fee: U256,
    log: Log,
    code_hash: B256,
}

/// Activates the code at `program`, `payer` paying up to `value` (the excess stays with it).
/// Returns the data fee and the activation log, or the revert data.
fn activate(
    world: &mut World,
    programs: &mut Programs,
    payer: Address,
    program: Address,
    value: U256,
) -> Result<Activation, Vec<u8>> {
    let code = world
        .code(to_rt_address(program))
        .map(|c| c.bytes().to_vec())
        .unwrap_or_default();
    if !is_stylus_code(&code) {
        return Err(IArbWasm::ProgramNotWasm {}.abi_encode());
    }
    let hash = keccak256(&code);
    if programs.activated.get(&hash) == Some(&STYLUS_VERSION) {
        return Err(IArbWasm::ProgramUpToDate {}.abi_encode());
    }
    let compiled = programs.compile(&code).map_err(|e| {
        Revert {
            reason: format!("activation failed: {e}"),
        }
        .abi_encode()
    })?;
    let fee = data_fee(compiled.wasm().len());
    if value < fee {
        return Err(IArbWasm::ProgramInsufficientValue {
            have: value,
            want: fee,
        }
        .abi_encode());
    }
    let payer_rt = to_rt_address(payer);
    world.set_balance(payer_rt, world.balance(payer_rt) - to_rt_u256(fee));
    programs.activated.insert(hash, STYLUS_VERSION);
    let rt_hash = to_rt_word(hash);
    let holders: Vec<_> = world
        .state()
        .accounts()
        .filter(|(_, a)| a.code.as_ref().is_some_and(|c| c.hash() == rt_hash))
        .map(|(address, _)| *address)
        .collect();
    for address in holders {
        let mut account = world.state().account(address).cloned().unwrap_or_default();
        account.code = Some(Code::Stylus(compiled.clone()));
        world.set_account(address, Some(account));
    }
    let event = IArbWasm::ProgramActivated {
        codehash: hash,
        moduleHash: keccak256(compiled.wasm()),
        program,
        dataFee: fee,
        version: STYLUS_VERSION,
    };
    let log = Log {
        address: ARB_WASM,
        data: event.encode_log_data(),
    };
    Ok(Activation {
        version: STYLUS_VERSION,
        fee,
        log,
        code_hash: hash,
    })
}

/// The `ArbWasm` precompile.
fn arb_wasm(
    world: &mut World,
    programs: &mut Programs,
    msg: &Message,
) -> Result<Execution, RpcError> {
    let gas = intrinsic(msg, TX_BASE_GAS)?;
    let data = &msg.data;
    let selector: [u8; 4] = data
        .get(..4)
        .and_then(|s| s.try_into().ok())
        .unwrap_or_default();
    let ok = |output: Vec<u8>| Execution {
        success: true,
        output,
        gas_used: gas,
        gas_peak: gas,
        ..Execution::default()
    };
    if selector != IArbWasm::activateProgramCall::SELECTOR && !msg.value.is_zero() {
        return Ok(Execution::failed(Vec::new(), gas));
    }
    let version_of = |hash: B256| programs.activated.get(&hash).copied();
    match selector {
        IArbWasm::activateProgramCall::SELECTOR => {
            let Ok(call) = IArbWasm::activateProgramCall::abi_decode(data) else {
                return Ok(Execution::failed(Vec::new(), gas));
            };
            transfer(world, msg.from, ARB_WASM, msg.value);
            match activate(world, programs, ARB_WASM, call.program, msg.value) {
                Ok(done) => {
                    // The excess goes back to the sender.
                    transfer(world, ARB_WASM, msg.from, msg.value - done.fee);
                    Ok(Execution {
                        logs: vec![done.log],
                        activated: vec![(done.code_hash, done.version)],
                        ..ok((done.version, done.fee).abi_encode_params())
                    })
                }
                Err(revert) => {
                    transfer(world, ARB_WASM, msg.from, msg.value);
                    Ok(Execution::failed(revert, gas))
                }
            }
        }
        IArbWasm::codehashVersionCall::SELECTOR => {
            let Ok(call) = IArbWasm::codehashVersionCall::abi_decode(data) else {
                return Ok(Execution::failed(Vec::new(), gas));
            };
            Ok(match version_of(call.codehash) {
                Some(v) => ok(v.abi_encode()),
                None => Execution::reverted_with(&IArbWasm::ProgramNotActivated {}, gas),
            })
        }
        IArbWasm::programVersionCall::SELECTOR => {
            let Ok(call) = IArbWasm::programVersionCall::abi_decode(data) else {
                return Ok(Execution::failed(Vec::new(), gas));
            };
            let hash = world
                .code(to_rt_address(call.program))
                .map(|c| keccak256(c.bytes()));
            Ok(match hash.and_then(version_of) {
                Some(v) => ok(v.abi_encode()),
                None => Execution::reverted_with(&IArbWasm::ProgramNotActivated {}, gas),
            })
        }
        IArbWasm::stylusVersionCall::SELECTOR => Ok(ok(STYLUS_VERSION.abi_encode())),
        _ => Ok(Execution::failed(Vec::new(), gas)),
    }
}

#[allow(clippy::too_many_lines)] // one transaction's steps, in the order the contract takes them
/// `StylusDeployer.deploy`: CREATE (or CREATE2 with the hashed salt), activation if needed,
/// the constructor call with `initData` and `initValue`, the refund and `ContractDeployed`.
fn stylus_deployer(
    world: &mut World,
    programs: &mut Programs,
    msg: &Message,
) -> Result<Execution, RpcError> {
    let mut gas = intrinsic(msg, TX_BASE_GAS)?;
    let Ok(call) = IStylusDeployer::deployCall::abi_decode(&msg.data) else {
        return Ok(Execution::failed(Vec::new(), gas));
    };
    let before = world.state().clone();
    let before_programs = programs.activated.clone();
    let deployer_base = from_rt_u256(world.balance(to_rt_address(STYLUS_DEPLOYER)));
    let fail = |world: &mut World, programs: &mut Programs, output: Vec<u8>, gas: u64| {
        restore(world, &before);
        programs.activated.clone_from(&before_programs);
        Ok::<_, RpcError>(Execution::failed(output, gas.min(msg.gas_limit)))
    };
    transfer(world, msg.from, STYLUS_DEPLOYER, msg.value);
    let bytecode = &call.bytecode;
    if bytecode.is_empty() {
        return fail(
            world,
            programs,
            IStylusDeployer::EmptyBytecode {}.abi_encode(),
            gas,
        );
    }
    gas += CREATE_GAS + initcode_gas(bytecode, INITCODE_WORD_GAS);
    let deployer_rt = to_rt_address(STYLUS_DEPLOYER);
    let address = if call.salt.is_zero() {
        let nonce = world.nonce(deployer_rt);
        let mut account = world
            .state()
            .account(deployer_rt)
            .cloned()
            .unwrap_or_default();
        account.nonce = nonce + 1;
        world.set_account(deployer_rt, Some(account));
        from_rt_address(create_address(deployer_rt, nonce))
    } else {
        gas += initcode_gas(bytecode, CREATE2_WORD_GAS);
        let mut packed = call.salt.to_vec();
        packed.extend_from_slice(&call.initData);
        packed.extend_from_slice(&call.initValue.to_be_bytes::<32>());
        let salt = keccak256(packed);
        from_rt_address(create2_address(
            deployer_rt,
            to_rt_word(salt),
            to_rt_word(keccak256(bytecode)),
        ))
    };
    let deployment_error = IStylusDeployer::ContractDeploymentError {
        bytecode: bytecode.clone(),
    }
    .abi_encode();
    let Some(code) = code_of_init_code(bytecode).filter(|c| c.len() <= MAX_CODE_SIZE) else {
        return fail(world, programs, deployment_error, gas);
    };
    gas += CODE_DEPOSIT_GAS * code.len() as u64;
    if gas > msg.gas_limit || !install(world, programs, address, code, U256::ZERO) {
        return fail(world, programs, deployment_error, msg.gas_limit);
    }
    let mut logs = Vec::new();
    let mut activated = Vec::new();
    let hash = keccak256(code);
    let should_activate = programs.activated.get(&hash) != Some(&STYLUS_VERSION);
    if should_activate {
        let Some(activation_value) = msg.value.checked_sub(call.initValue) else {
            // Solidity 0.8's checked subtraction: Panic(0x11).
            let mut panic = vec![0x4e, 0x48, 0x7b, 0x71];
            panic.extend_from_slice(&U256::from(0x11).to_be_bytes::<32>());
            return fail(world, programs, panic, gas);
        };
        match activate(world, programs, STYLUS_DEPLOYER, address, activation_value) {
            Ok(done) => {
                logs.push(done.log);
                activated.push((done.code_hash, done.version));
            }
            Err(revert) => return fail(world, programs, revert, gas),
        }
    }
    if !call.initData.is_empty() {
        let remaining = msg.gas_limit.saturating_sub(gas);
        let inner_intrinsic = TX_BASE_GAS + calldata_gas(&call.initData);
        let tx = Tx::call(deployer_rt, to_rt_address(address), call.initData.to_vec())
            .value(to_rt_u256(call.initValue))
            .gas_limit(remaining + inner_intrinsic)
            .origin(to_rt_address(msg.from))
            .gas_price(to_rt_u256(msg.gas_price));
        let receipt = match world.transact(&tx) {
            Ok(receipt) => receipt,
            Err(e) => return Err(tx_error(msg, &e)),
        };
        gas += receipt.gas.used.saturating_sub(inner_intrinsic);
        if !receipt.is_success() {
            let error = IStylusDeployer::ContractInitializationError {
                newContract: address,
            };
            return fail(world, programs, error.abi_encode(), gas);
        }
        logs.extend(rt_logs(receipt.logs));
    } else if !call.initValue.is_zero() {
        return fail(
            world,
            programs,
            IStylusDeployer::InitValueButNotInitData {}.abi_encode(),
            gas,
        );
    }
    if should_activate || msg.value != call.initValue {
        let balance = from_rt_u256(world.balance(deployer_rt));
        transfer(
            world,
            STYLUS_DEPLOYER,
            msg.from,
            balance.saturating_sub(deployer_base),
        );
    }
    let event = IStylusDeployer::ContractDeployed {
        deployedContract: address,
    };
    logs.push(Log {
        address: STYLUS_DEPLOYER,
        data: event.encode_log_data(),
    });
    Ok(Execution {
        success: true,
        output: address.abi_encode(),
        gas_used: gas,
        gas_peak: gas,
        logs,
        contract_address: None,
        activated,
    })
}
