//! What every host function needs: the frame's ink (buying ink and gas, requiring gas) and
//! bounds-checked access to its memory. Nothing here panics: a bad pointer is a
//! [`Failure::MemoryOutOfBounds`] of the frame, missing ink is [`Escape::OutOfInk`].

use alloy_primitives::{Address, B256, U256};
use wasmtime::{Caller, Val};

use crate::frame::{Escape, HostData};
use crate::gas::GasBreakdown;
use crate::pricing::INK_PER_GAS;
use crate::receipt::Failure;

/// The context of a host function.
pub(crate) type Ctx<'a> = Caller<'a, HostData>;

/// Result of a host function body.
pub(crate) type HostResult<T> = Result<T, Escape>;

/// The frame's ink left.
pub(crate) fn ink_left(c: &mut Ctx<'_>) -> u64 {
    match c.data().ink.map(|g| g.get(&mut *c)) {
        #[allow(clippy::cast_sign_loss)] // The global holds the u64 bit pattern.
        Some(Val::I64(v)) => v as u64,
        _ => 0,
    }
}

/// Sets the frame's ink.
pub(crate) fn set_ink(c: &mut Ctx<'_>, ink: u64) {
    if let Some(global) = c.data().ink {
        #[allow(clippy::cast_possible_wrap)] // The global holds the u64 bit pattern.
        let _ = global.set(&mut *c, Val::I64(ink as i64));
    }
}

/// Out of ink: the frame's ink is gone and its status says so.
pub(crate) fn out_of_ink(c: &mut Ctx<'_>) -> Escape {
    set_ink(c, 0);
    if let Some(global) = c.data().status {
        let _ = global.set(&mut *c, Val::I32(1));
    }
    Escape::OutOfInk
}

/// Takes `ink` from the frame without tallying it (the tally is the caller's business).
fn take_ink(c: &mut Ctx<'_>, ink: u64) -> HostResult<()> {
    let left = ink_left(c);
    if left < ink {
        return Err(out_of_ink(c));
    }
    set_ink(c, left - ink);
    let frame = &mut c.data_mut().frame;
    frame.host_ink = frame.host_ink.saturating_add(ink);
    Ok(())
}

/// Charges hostio ink.
pub(crate) fn buy_ink(c: &mut Ctx<'_>, ink: u64) -> HostResult<()> {
    take_ink(c, ink)?;
    let tally = &mut c.data_mut().tx.tally;
    tally.hostio_ink = tally.hostio_ink.saturating_add(ink);
    Ok(())
}

/// Charges EVM gas, tallied under `kind`.
pub(crate) fn buy_gas(
    c: &mut Ctx<'_>,
    gas: u64,
    kind: fn(&mut GasBreakdown) -> &mut u64,
) -> HostResult<()> {
    take_ink(c, gas.saturating_mul(INK_PER_GAS))?;
    let total = kind(&mut c.data_mut().tx.tally);
    *total = total.saturating_add(gas);
    Ok(())
}

/// Charges gas a callee used (already tallied by the callee's frame).
pub(crate) fn buy_callee_gas(c: &mut Ctx<'_>, gas: u64) -> HostResult<()> {
    take_ink(c, gas.saturating_mul(INK_PER_GAS))
}

/// Requires `ink` to be available, without charging it.
pub(crate) fn require_ink(c: &mut Ctx<'_>, ink: u64) -> HostResult<()> {
    if ink_left(c) < ink {
        return Err(out_of_ink(c));
    }
    Ok(())
}

/// The frame's gas left (ink / 10,000, rounded down).
pub(crate) fn gas_left(c: &mut Ctx<'_>) -> u64 {
    ink_left(c) / INK_PER_GAS
}

/// The byte range `[ptr, ptr + len)` of guest memory, checked.
fn range(c: &Ctx<'_>, ptr: u32, len: u32) -> HostResult<std::ops::Range<usize>> {
    let memory = c
        .data()
        .memory
        .ok_or(Escape::Failure(Failure::MemoryOutOfBounds))?;
    let size = memory.data_size(c);
    let start = usize::try_from(ptr).map_err(|_| Failure::MemoryOutOfBounds)?;
    let len = usize::try_from(len).map_err(|_| Failure::MemoryOutOfBounds)?;
    let end = start
        .checked_add(len)
        .filter(|end| *end <= size)
        .ok_or(Failure::MemoryOutOfBounds)?;
    Ok(start..end)
}

/// Copies `len` bytes at `ptr` out of guest memory.
pub(crate) fn read(c: &mut Ctx<'_>, ptr: u32, len: u32) -> HostResult<Vec<u8>> {
    let range = range(c, ptr, len)?;
    let memory = c
        .data()
        .memory
        .ok_or(Escape::Failure(Failure::MemoryOutOfBounds))?;
    Ok(memory.data(&*c)[range].to_vec())
}

/// Copies `bytes` into guest memory at `ptr`.
pub(crate) fn write(c: &mut Ctx<'_>, ptr: u32, bytes: &[u8]) -> HostResult<()> {
    let len = u32::try_from(bytes.len()).map_err(|_| Failure::MemoryOutOfBounds)?;
    let range = range(c, ptr, len)?;
    let memory = c
        .data()
        .memory
        .ok_or(Escape::Failure(Failure::MemoryOutOfBounds))?;
    memory.data_mut(&mut *c)[range].copy_from_slice(bytes);
    Ok(())
}

/// Reads a 32-byte word.
pub(crate) fn read_b256(c: &mut Ctx<'_>, ptr: u32) -> HostResult<B256> {
    Ok(B256::from_slice(&read(c, ptr, 32)?))
}

/// Reads a 32-byte big-endian number.
pub(crate) fn read_u256(c: &mut Ctx<'_>, ptr: u32) -> HostResult<U256> {
    Ok(U256::from_be_bytes(read_b256(c, ptr)?.0))
}

/// Reads a 20-byte address.
pub(crate) fn read_address(c: &mut Ctx<'_>, ptr: u32) -> HostResult<Address> {
    Ok(Address::from_slice(&read(c, ptr, 20)?))
}

/// Writes a little-endian `u32` (a wasm32 `usize`).
pub(crate) fn write_u32(c: &mut Ctx<'_>, ptr: u32, value: u32) -> HostResult<()> {
    write(c, ptr, &value.to_le_bytes())
}

/// `u32` to `u64`.
pub(crate) fn wide(n: u32) -> u64 {
    u64::from(n)
}

/// A length to `u32`, saturating (guest lengths always fit).
pub(crate) fn narrow(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Gives back gas a callee did not use (it was taken with [`buy_callee_gas`]).
pub(crate) fn return_gas(c: &mut Ctx<'_>, gas: u64) {
    let ink = gas.saturating_mul(INK_PER_GAS);
    let left = ink_left(c);
    set_ink(c, left.saturating_add(ink));
    let frame = &mut c.data_mut().frame;
    frame.host_ink = frame.host_ink.saturating_sub(ink);
}
