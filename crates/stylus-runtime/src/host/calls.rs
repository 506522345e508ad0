//! `call_contract`, `delegate_call_contract`, `static_call_contract`: a nested frame run from
//! inside the host function (reference note 1.6).
//!
//! The caller pays the access cost of the target (cold 2,600 / warm 100), 9,000 more when it
//! sends value and 25,000 more when that value creates an account; the callee gets at most
//! all but one 64th of what is left (plus the 2,300 stipend with value), and the caller pays
//! what the callee used. A callee that reverts, fails or runs out of gas has its state
//! changes rolled back; the caller sees status 2 and the revert data (empty on failures).

use alloy_primitives::U256;

use super::guest::{
    buy_callee_gas, buy_gas, buy_ink, gas_left, read, read_address, read_u256, return_gas, wide,
    write_u32, Ctx, HostResult,
};
use crate::exec::{run_message, FrameResult};
use crate::frame::{Escape, Message};
use crate::gas::{
    all_but_one_64th, CALL_STIPEND, CALL_VALUE_GAS, COLD_ACCOUNT_GAS, NEW_ACCOUNT_GAS,
    WARM_READ_GAS,
};
use crate::pricing::{read_price, CALL_INK};
use crate::receipt::Failure;

/// Status a call returns on any failure.
const CALL_FAILED: u32 = 2;

/// The three kinds of call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CallKind {
    /// `call_contract`.
    Call,
    /// `delegate_call_contract`.
    Delegate,
    /// `static_call_contract`.
    Static,
}

/// Pointers and numbers a call hostio receives.
#[derive(Debug, Clone, Copy)]
pub(crate) struct CallArgs {
    pub(crate) contract: u32,
    pub(crate) calldata: u32,
    pub(crate) calldata_len: u32,
    /// `call_contract` only.
    pub(crate) value: Option<u32>,
    pub(crate) gas: u64,
    pub(crate) return_data_len: u32,
}

/// Runs a call hostio; returns its status (0 success, 2 failure).
pub(crate) fn call(c: &mut Ctx<'_>, kind: CallKind, args: CallArgs) -> HostResult<u32> {
    buy_ink(c, CALL_INK + 2 * read_price(wide(args.calldata_len)))?;
    let target = read_address(c, args.contract)?;
    let data = read(c, args.calldata, args.calldata_len)?;
    let value = match args.value {
        Some(ptr) => read_u256(c, ptr)?,
        None => U256::ZERO,
    };
    let parent = {
        let msg = &c.data().frame.msg;
        (msg.caller, msg.acting, msg.value, msg.is_static)
    };
    let (parent_caller, parent_acting, parent_value, parent_static) = parent;
    if parent_static && !value.is_zero() {
        return Err(Escape::Failure(Failure::WriteProtection));
    }

    let tx = &mut c.data_mut().tx;
    let cold = tx.touch_account(target);
    let mut base = if cold {
        COLD_ACCOUNT_GAS
    } else {
        WARM_READ_GAS
    };
    if !value.is_zero() {
        base += CALL_VALUE_GAS;
        if tx.state.is_empty(target) {
            base += NEW_ACCOUNT_GAS;
        }
    }
    buy_gas(c, base, |t| &mut t.calls)?;
    let callee_gas = args.gas.min(all_but_one_64th(gas_left(c)));
    buy_callee_gas(c, callee_gas)?;
    let stipend = if value.is_zero() { 0 } else { CALL_STIPEND };

    let msg = match kind {
        CallKind::Call => Message {
            caller: parent_acting,
            acting: target,
            code_address: target,
            value,
            data,
            is_static: parent_static,
            is_delegate: false,
        },
        CallKind::Delegate => Message {
            caller: parent_caller,
            acting: parent_acting,
            code_address: target,
            value: parent_value,
            data,
            is_static: parent_static,
            is_delegate: true,
        },
        CallKind::Static => Message {
            caller: parent_acting,
            acting: target,
            code_address: target,
            value: U256::ZERO,
            data,
            is_static: true,
            is_delegate: false,
        },
    };

    let mut tx = std::mem::take(&mut c.data_mut().tx);
    let checkpoint = tx.checkpoint();
    let (mut tx, result) = if tx.transfer(parent_acting, target, value) {
        run_message(tx, msg, callee_gas + stipend)
    } else {
        let failed = FrameResult::failure(Failure::InsufficientBalance, callee_gas + stipend);
        (tx, failed)
    };
    if !result.outcome.is_success() {
        tx.revert_to(checkpoint);
    }
    c.data_mut().tx = tx;

    return_gas(c, result.gas_left);
    let len = super::guest::narrow(result.output.len());
    let status = if result.outcome.is_success() {
        0
    } else {
        CALL_FAILED
    };
    c.data_mut().frame.return_data = result.output;
    write_u32(c, args.return_data_len, len)?;
    Ok(status)
}
