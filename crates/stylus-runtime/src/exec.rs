//! Running one message: precompile, plain account or Stylus program. A program frame pays its
//! entry costs, gets a fresh wasmtime store and instance with the ink it was given, runs
//! `user_entrypoint`, and maps the result to an [`Outcome`] (reference note 1.3).
//!
//! The caller of [`run_message`] moves value and rolls the journal back when the outcome is
//! not a success.

use wasmtime::{Store, StoreLimitsBuilder, Trap, Val};

use crate::engine::{HOST_FRAME_STACK, MAX_MEMORY_BYTES, MAX_WASM_STACK};
use crate::frame::{Escape, Frame, HostData, Message};
use crate::gas::MAX_CALL_DEPTH;
use crate::instrument::{INK_LEFT, INK_STATUS};
use crate::memory_model::page_gas;
use crate::pricing::INK_PER_GAS;
use crate::program::Program;
use crate::receipt::{Failure, Outcome};
use crate::state::Code;
use crate::tx_state::TxState;

/// How a frame ended, what it returned and the gas it did not use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FrameResult {
    pub(crate) outcome: Outcome,
    pub(crate) output: Vec<u8>,
    pub(crate) gas_left: u64,
}

impl FrameResult {
    pub(crate) fn success(output: Vec<u8>, gas_left: u64) -> Self {
        Self {
            outcome: Outcome::Success,
            output,
            gas_left,
        }
    }

    pub(crate) fn failure(failure: Failure, gas_left: u64) -> Self {
        Self {
            outcome: Outcome::Failure(failure),
            output: Vec::new(),
            gas_left,
        }
    }

    pub(crate) fn out_of_gas() -> Self {
        Self {
            outcome: Outcome::OutOfGas,
            output: Vec::new(),
            gas_left: 0,
        }
    }
}

/// An approximation of the native stack pointer: the address of a local.
#[inline(never)]
pub(crate) fn stack_pointer() -> usize {
    let marker = 0_u8;
    std::hint::black_box(std::ptr::addr_of!(marker)) as usize
}

/// Runs `msg` with `gas` (value already moved).
pub(crate) fn run_message(
    mut tx: Box<TxState>,
    msg: Message,
    gas: u64,
) -> (Box<TxState>, FrameResult) {
    if tx.depth > tx.limits.max_depth.min(MAX_CALL_DEPTH) {
        return (tx, FrameResult::failure(Failure::DepthLimit, gas));
    }
    if let Some(result) = crate::precompiles::run(&mut tx, msg.code_address, &msg.data, gas) {
        return (tx, result);
    }
    match tx.state.code(msg.code_address).cloned() {
        None => (tx, FrameResult::success(Vec::new(), gas)),
        Some(Code::Raw(_)) => (tx, FrameResult::failure(Failure::UnsupportedCode, gas)),
        Some(Code::Stylus(program)) => run_program(tx, &program, msg, gas),
    }
}

/// Runs a Stylus program frame.
fn run_program(
    mut tx: Box<TxState>,
    program: &Program,
    msg: Message,
    gas: u64,
) -> (Box<TxState>, FrameResult) {
    if stack_pointer() < tx.limits.stack_floor + MAX_WASM_STACK + HOST_FRAME_STACK {
        return (tx, FrameResult::failure(Failure::DepthLimit, gas));
    }
    let footprint = program.footprint();
    let Some(pages_gas) = page_gas(footprint, tx.pages_open, tx.pages_ever) else {
        return (tx, FrameResult::out_of_gas());
    };
    // Since ArbOS 60 the call is recorded in the block's recently used programs before it is
    // charged, whatever its outcome; a program already there pays the cached entry cost.
    let recent = tx.arbos.has_recent_programs() && tx.recent.insert(program.id());
    let entry_gas = program.entry_cost().total(recent || tx.is_cached(program));
    let upfront = pages_gas.saturating_add(entry_gas);
    if upfront > gas {
        return (tx, FrameResult::out_of_gas());
    }
    tx.tally.memory = tx.tally.memory.saturating_add(pages_gas);
    tx.tally.program_entry = tx.tally.program_entry.saturating_add(entry_gas);
    *tx.entries.entry(msg.code_address).or_default() += 1;

    let pages_before = tx.pages_open;
    tx.pages_open += footprint;
    tx.pages_ever = tx.pages_ever.max(tx.pages_open);
    let acting = msg.acting;
    let is_delegate = msg.is_delegate;
    if !is_delegate {
        tx.open_program(acting);
    }
    tx.depth += 1;

    let start_ink = (gas - upfront).saturating_mul(INK_PER_GAS);
    let run = execute(tx, program, msg, start_ink);
    let mut tx = run.tx;

    tx.depth -= 1;
    if !is_delegate {
        tx.close_program(acting);
    }
    tx.pages_open = pages_before;
    let end_ink = if run.outcome == Outcome::OutOfGas {
        0
    } else {
        run.end_ink
    };
    tx.tally.wasm_ink = tx.tally.wasm_ink.saturating_add(
        start_ink
            .saturating_sub(end_ink)
            .saturating_sub(run.host_ink),
    );
    let output = match run.outcome {
        Outcome::Success | Outcome::Revert => run.output,
        Outcome::Failure(_) | Outcome::OutOfGas => Vec::new(),
    };
    let result = FrameResult {
        outcome: run.outcome,
        output,
        gas_left: end_ink / INK_PER_GAS,
    };
    (tx, result)
}

/// What [`execute`] hands back.
struct Run {
    tx: Box<TxState>,
    outcome: Outcome,
    output: Vec<u8>,
    end_ink: u64,
    host_ink: u64,
}

/// Instantiates `program` in a fresh store and calls `user_entrypoint`.
fn execute(tx: Box<TxState>, program: &Program, msg: Message, ink: u64) -> Run {
    let len = u32::try_from(msg.data.len()).unwrap_or(u32::MAX);
    let data = HostData {
        tx,
        frame: Frame {
            msg,
            ..Frame::default()
        },
        memory: None,
        ink: None,
        status: None,
        limits: StoreLimitsBuilder::new()
            .memory_size(MAX_MEMORY_BYTES)
            .instances(1)
            .memories(1)
            .tables(1)
            .build(),
    };
    let engine = program.instance_pre().module().engine().clone();
    let mut store = Store::new(&engine, data);
    store.limiter(|data| &mut data.limits);

    let outcome = match start(&mut store, program, ink) {
        Err(failure) => Outcome::Failure(failure),
        Ok(entry) => match entry.call(&mut store, len) {
            Ok(0) => Outcome::Success,
            Ok(_) => Outcome::Revert,
            Err(error) => {
                let status_global = store.data().status;
                let status = read_i32(&mut store, status_global);
                classify(&error, status)
            }
        },
    };
    let end_ink = read_ink(&mut store);
    let data = store.into_data();
    Run {
        tx: data.tx,
        outcome,
        output: data.frame.output,
        end_ink,
        host_ink: data.frame.host_ink,
    }
}

/// Instantiates the program, wires its exports into the store data and sets its ink.
fn start(
    store: &mut Store<HostData>,
    program: &Program,
    ink: u64,
) -> Result<wasmtime::TypedFunc<u32, u32>, Failure> {
    let trap = |e: wasmtime::Error| Failure::Trap(format!("{e:#}"));
    let instance = program
        .instance_pre()
        .instantiate(&mut *store)
        .map_err(trap)?;
    let memory = instance.get_memory(&mut *store, stylus_wasm::limits::MEMORY_EXPORT);
    let ink_global = instance.get_global(&mut *store, INK_LEFT);
    let status = instance.get_global(&mut *store, INK_STATUS);
    let (Some(memory), Some(ink_global), Some(status)) = (memory, ink_global, status) else {
        return Err(Failure::Trap("instrumented exports missing".into()));
    };
    #[allow(clippy::cast_possible_wrap)] // The global holds the u64 bit pattern.
    ink_global
        .set(&mut *store, Val::I64(ink as i64))
        .map_err(trap)?;
    let data = store.data_mut();
    data.memory = Some(memory);
    data.ink = Some(ink_global);
    data.status = Some(status);
    instance
        .get_typed_func::<u32, u32>(&mut *store, stylus_wasm::limits::ENTRYPOINT)
        .map_err(trap)
}

fn read_i32(store: &mut Store<HostData>, global: Option<wasmtime::Global>) -> i32 {
    match global.map(|g| g.get(&mut *store)) {
        Some(Val::I32(v)) => v,
        _ => 0,
    }
}

fn read_ink(store: &mut Store<HostData>) -> u64 {
    match store.data().ink.map(|g| g.get(&mut *store)) {
        #[allow(clippy::cast_sign_loss)] // The global holds the u64 bit pattern.
        Some(Val::I64(v)) => v as u64,
        _ => 0,
    }
}

/// Maps a trap or host escape to an outcome; `status` is the out-of-ink flag.
fn classify(error: &wasmtime::Error, status: i32) -> Outcome {
    if let Some(escape) = error.downcast_ref::<Escape>() {
        return match escape {
            Escape::OutOfInk => Outcome::OutOfGas,
            Escape::Failure(failure) => Outcome::Failure(failure.clone()),
            Escape::Exit(0) => Outcome::Success,
            Escape::Exit(_) => Outcome::Revert,
        };
    }
    if status != 0 {
        return Outcome::OutOfGas;
    }
    let failure = match error.downcast_ref::<Trap>() {
        Some(Trap::UnreachableCodeReached) => Failure::Unreachable,
        Some(Trap::MemoryOutOfBounds) => Failure::MemoryOutOfBounds,
        Some(Trap::StackOverflow) => Failure::StackOverflow,
        Some(other) => Failure::Trap(other.to_string()),
        None => Failure::Trap(format!("{error:#}")),
    };
    Outcome::Failure(failure)
}
