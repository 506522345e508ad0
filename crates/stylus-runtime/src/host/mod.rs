//! The `vm_hooks` host functions: every hook of stylus-sdk 0.9's `hostio.rs`, plus the ones
//! Nitro links beyond it (`exit_early`, transient storage, `math_*`). Each charges its ink
//! before it acts (reference note 4.3) and turns bad pointers, write attempts in a static
//! context and other misuse into a failure of the frame, never a panic of the host.

mod account;
mod calls;
mod context;
pub(crate) mod create;
mod crypto;
pub(crate) mod guest;
mod io;
mod logs;
mod memory;
mod storage;

use wasmtime::{Caller, Linker, Result};

use crate::frame::HostData;
use calls::{CallArgs, CallKind};
use context::{Scalar, Written};
use create::CreateArgs;
use crypto::MathOp;

/// Import module of every hook.
const HOOKS: &str = stylus_wasm::limits::HOST_MODULE;

/// Every `vm_hooks` function the runtime links: stylus-sdk 0.9's `hostio.rs` (without the
/// debug-only `console` module) plus `exit_early`, transient storage and `math_*`.
pub const HOOK_NAMES: &[&str] = &[
    "read_args",
    "write_result",
    "exit_early",
    "return_data_size",
    "read_return_data",
    "pay_for_memory_grow",
    "emit_log",
    "storage_load_bytes32",
    "storage_cache_bytes32",
    "storage_flush_cache",
    "transient_load_bytes32",
    "transient_store_bytes32",
    "msg_sender",
    "msg_value",
    "contract_address",
    "tx_origin",
    "tx_gas_price",
    "block_basefee",
    "block_coinbase",
    "block_gas_limit",
    "block_number",
    "block_timestamp",
    "chainid",
    "evm_gas_left",
    "evm_ink_left",
    "tx_ink_price",
    "msg_reentrant",
    "account_balance",
    "account_codehash",
    "account_code_size",
    "account_code",
    "call_contract",
    "delegate_call_contract",
    "static_call_contract",
    "create1",
    "create2",
    "native_keccak256",
    "math_div",
    "math_mod",
    "math_pow",
    "math_add_mod",
    "math_mul_mod",
];

type C<'a> = Caller<'a, HostData>;

/// Defines every hook on `linker`.
///
/// # Errors
///
/// wasmtime's error if a definition is rejected (a duplicate name; not expected).
pub(crate) fn link(linker: &mut Linker<HostData>) -> Result<()> {
    link_io(linker)?;
    link_storage(linker)?;
    link_context(linker)?;
    link_accounts(linker)?;
    link_calls(linker)?;
    link_crypto(linker)?;
    Ok(())
}

fn link_io(l: &mut Linker<HostData>) -> Result<()> {
    l.func_wrap(HOOKS, "read_args", |mut c: C<'_>, dest: u32| {
        Ok(io::read_args(&mut c, dest)?)
    })?;
    l.func_wrap(
        HOOKS,
        "write_result",
        |mut c: C<'_>, data: u32, len: u32| Ok(io::write_result(&mut c, data, len)?),
    )?;
    l.func_wrap(HOOKS, "exit_early", |mut c: C<'_>, status: u32| {
        Ok(io::exit_early(&mut c, status)?)
    })?;
    l.func_wrap(HOOKS, "return_data_size", |mut c: C<'_>| {
        Ok(io::return_data_size(&mut c)?)
    })?;
    l.func_wrap(
        HOOKS,
        "read_return_data",
        |mut c: C<'_>, dest: u32, offset: u32, size: u32| {
            Ok(io::read_return_data(&mut c, dest, offset, size)?)
        },
    )?;
    l.func_wrap(HOOKS, "pay_for_memory_grow", |mut c: C<'_>, pages: u32| {
        Ok(memory::pay_for_memory_grow(&mut c, pages)?)
    })?;
    l.func_wrap(
        HOOKS,
        "emit_log",
        |mut c: C<'_>, data: u32, len: u32, topics: u32| {
            Ok(logs::emit_log(&mut c, data, len, topics)?)
        },
    )?;
    Ok(())
}

fn link_storage(l: &mut Linker<HostData>) -> Result<()> {
    l.func_wrap(
        HOOKS,
        "storage_load_bytes32",
        |mut c: C<'_>, key: u32, dest: u32| Ok(storage::load(&mut c, key, dest)?),
    )?;
    l.func_wrap(
        HOOKS,
        "storage_cache_bytes32",
        |mut c: C<'_>, key: u32, value: u32| Ok(storage::cache(&mut c, key, value)?),
    )?;
    l.func_wrap(HOOKS, "storage_flush_cache", |mut c: C<'_>, clear: u32| {
        Ok(storage::flush(&mut c, clear)?)
    })?;
    l.func_wrap(
        HOOKS,
        "transient_load_bytes32",
        |mut c: C<'_>, key: u32, dest: u32| Ok(storage::transient_load(&mut c, key, dest)?),
    )?;
    l.func_wrap(
        HOOKS,
        "transient_store_bytes32",
        |mut c: C<'_>, key: u32, value: u32| Ok(storage::transient_store(&mut c, key, value)?),
    )?;
    Ok(())
}

fn link_context(l: &mut Linker<HostData>) -> Result<()> {
    for (name, which) in [
        ("msg_sender", Written::MsgSender),
        ("msg_value", Written::MsgValue),
        ("contract_address", Written::ContractAddress),
        ("tx_origin", Written::TxOrigin),
        ("tx_gas_price", Written::TxGasPrice),
        ("block_basefee", Written::BlockBasefee),
        ("block_coinbase", Written::BlockCoinbase),
    ] {
        l.func_wrap(HOOKS, name, move |mut c: C<'_>, dest: u32| {
            Ok(context::write_value(&mut c, which, dest)?)
        })?;
    }
    for (name, which) in [
        ("block_gas_limit", Scalar::BlockGasLimit),
        ("block_number", Scalar::BlockNumber),
        ("block_timestamp", Scalar::BlockTimestamp),
        ("chainid", Scalar::ChainId),
        ("evm_gas_left", Scalar::EvmGasLeft),
        ("evm_ink_left", Scalar::EvmInkLeft),
    ] {
        l.func_wrap(HOOKS, name, move |mut c: C<'_>| {
            Ok(context::scalar(&mut c, which)?)
        })?;
    }
    l.func_wrap(HOOKS, "tx_ink_price", |mut c: C<'_>| {
        Ok(context::tx_ink_price(&mut c)?)
    })?;
    l.func_wrap(HOOKS, "msg_reentrant", |mut c: C<'_>| {
        Ok(context::msg_reentrant(&mut c)?)
    })?;
    Ok(())
}

fn link_accounts(l: &mut Linker<HostData>) -> Result<()> {
    l.func_wrap(
        HOOKS,
        "account_balance",
        |mut c: C<'_>, address: u32, dest: u32| Ok(account::balance(&mut c, address, dest)?),
    )?;
    l.func_wrap(
        HOOKS,
        "account_codehash",
        |mut c: C<'_>, address: u32, dest: u32| Ok(account::codehash(&mut c, address, dest)?),
    )?;
    l.func_wrap(HOOKS, "account_code_size", |mut c: C<'_>, address: u32| {
        Ok(account::code_size(&mut c, address)?)
    })?;
    l.func_wrap(
        HOOKS,
        "account_code",
        |mut c: C<'_>, address: u32, offset: u32, size: u32, dest: u32| {
            Ok(account::code(&mut c, address, offset, size, dest)?)
        },
    )?;
    Ok(())
}

fn link_calls(l: &mut Linker<HostData>) -> Result<()> {
    l.func_wrap(
        HOOKS,
        "call_contract",
        |mut c: C<'_>,
         contract: u32,
         calldata: u32,
         calldata_len: u32,
         value: u32,
         gas: u64,
         return_data_len: u32| {
            let args = CallArgs {
                contract,
                calldata,
                calldata_len,
                value: Some(value),
                gas,
                return_data_len,
            };
            Ok(calls::call(&mut c, CallKind::Call, args)?)
        },
    )?;
    for (name, kind) in [
        ("delegate_call_contract", CallKind::Delegate),
        ("static_call_contract", CallKind::Static),
    ] {
        l.func_wrap(
            HOOKS,
            name,
            move |mut c: C<'_>,
                  contract: u32,
                  calldata: u32,
                  calldata_len: u32,
                  gas: u64,
                  return_data_len: u32| {
                let args = CallArgs {
                    contract,
                    calldata,
                    calldata_len,
                    value: None,
                    gas,
                    return_data_len,
                };
                Ok(calls::call(&mut c, kind, args)?)
            },
        )?;
    }
    l.func_wrap(
        HOOKS,
        "create1",
        |mut c: C<'_>, code: u32, code_len: u32, endowment: u32, contract: u32, revert: u32| {
            let args = CreateArgs {
                code,
                code_len,
                endowment,
                salt: None,
                contract,
                revert_data_len: revert,
            };
            Ok(create::create(&mut c, args)?)
        },
    )?;
    l.func_wrap(
        HOOKS,
        "create2",
        |mut c: C<'_>,
         code: u32,
         code_len: u32,
         endowment: u32,
         salt: u32,
         contract: u32,
         revert: u32| {
            let args = CreateArgs {
                code,
                code_len,
                endowment,
                salt: Some(salt),
                contract,
                revert_data_len: revert,
            };
            Ok(create::create(&mut c, args)?)
        },
    )?;
    Ok(())
}

fn link_crypto(l: &mut Linker<HostData>) -> Result<()> {
    l.func_wrap(
        HOOKS,
        "native_keccak256",
        |mut c: C<'_>, bytes: u32, len: u32, output: u32| {
            Ok(crypto::keccak(&mut c, bytes, len, output)?)
        },
    )?;
    for (name, op) in [
        ("math_div", MathOp::Div),
        ("math_mod", MathOp::Mod),
        ("math_pow", MathOp::Pow),
    ] {
        l.func_wrap(HOOKS, name, move |mut c: C<'_>, value: u32, other: u32| {
            Ok(crypto::math(&mut c, op, value, other)?)
        })?;
    }
    for (name, multiply) in [("math_add_mod", false), ("math_mul_mod", true)] {
        l.func_wrap(
            HOOKS,
            name,
            move |mut c: C<'_>, value: u32, b: u32, modulus: u32| {
                Ok(crypto::math_mod(&mut c, multiply, value, b, modulus)?)
            },
        )?;
    }
    Ok(())
}
