//! Other accounts: `account_balance`, `account_codehash`, `account_code`,
//! `account_code_size`. Each access is priced cold or warm (EIP-2929).

use alloy_primitives::Address;

use super::guest::{buy_gas, buy_ink, narrow, read_address, write, Ctx, HostResult};
use crate::gas::{COLD_ACCOUNT_GAS, EXT_CODE_GAS, WARM_READ_GAS};
use crate::pricing::{write_price, ACCOUNT_INK, EVM_HOSTIO_INK};
use crate::state::Code;

/// Reads the address at `ptr` and charges its access (plus `extra` gas).
fn access(c: &mut Ctx<'_>, ptr: u32, extra: u64) -> HostResult<Address> {
    let address = read_address(c, ptr)?;
    let cold = c.data_mut().tx.touch_account(address);
    let gas = if cold {
        COLD_ACCOUNT_GAS
    } else {
        WARM_READ_GAS
    };
    buy_gas(c, gas + extra, |t| &mut t.account_access)?;
    Ok(address)
}

/// `account_balance(address, dest)`.
pub(crate) fn balance(c: &mut Ctx<'_>, address: u32, dest: u32) -> HostResult<()> {
    buy_ink(c, ACCOUNT_INK)?;
    let address = access(c, address, 0)?;
    let balance = c.data().tx.state.balance(address);
    write(c, dest, &balance.to_be_bytes::<32>())
}

/// `account_codehash(address, dest)`: zero for an empty account (EIP-1052).
pub(crate) fn codehash(c: &mut Ctx<'_>, address: u32, dest: u32) -> HostResult<()> {
    buy_ink(c, ACCOUNT_INK)?;
    let address = access(c, address, 0)?;
    let hash = c.data().tx.state.codehash(address);
    write(c, dest, hash.as_slice())
}

/// `account_code_size(address)`.
pub(crate) fn code_size(c: &mut Ctx<'_>, address: u32) -> HostResult<u32> {
    buy_ink(c, EVM_HOSTIO_INK)?;
    let address = access(c, address, EXT_CODE_GAS)?;
    Ok(narrow(
        c.data()
            .tx
            .state
            .code(address)
            .map_or(0, |code| code.bytes().len()),
    ))
}

/// `account_code(address, offset, size, dest)`: copies part of the code, without padding;
/// returns the bytes written.
pub(crate) fn code(
    c: &mut Ctx<'_>,
    address: u32,
    offset: u32,
    size: u32,
    dest: u32,
) -> HostResult<u32> {
    buy_ink(c, EVM_HOSTIO_INK)?;
    let address = access(c, address, EXT_CODE_GAS)?;
    let bytes = {
        let code = c
            .data()
            .tx
            .state
            .code(address)
            .map(Code::bytes)
            .unwrap_or_default();
        let start = usize::try_from(offset)
            .unwrap_or(usize::MAX)
            .min(code.len());
        let end = start
            .saturating_add(usize::try_from(size).unwrap_or(usize::MAX))
            .min(code.len());
        code[start..end].to_vec()
    };
    buy_ink(c, write_price(bytes.len() as u64))?;
    write(c, dest, &bytes)?;
    Ok(narrow(bytes.len()))
}
