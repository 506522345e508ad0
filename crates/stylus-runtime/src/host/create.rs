//! `create1` and `create2`: deployment from a program.
//!
//! The runtime has no EVM interpreter, so it accepts one kind of init code: the deployment
//! prelude `cargo-stylus` emits (`PUSH32 len, DUP1, PUSH1 43, PUSH1 0, CODECOPY, PUSH1 0,
//! RETURN`, a version byte, then the Stylus code `EF F0 00 00` + Brotli wasm). That code is
//! installed and activated at once (on chain, activation is a separate `ArbWasm` call). Any
//! other init code fails: the zero address is written, as for a failed creation. No
//! constructor runs: on chain the deployer calls it afterwards.

use alloy_primitives::{keccak256, Address, U256};

use super::guest::{
    buy_gas, buy_ink, read, read_b256, read_u256, wide, write, write_u32, Ctx, HostResult,
};
use crate::address::{create2_address, create_address};
use crate::frame::Escape;
use crate::gas::{CODE_DEPOSIT_GAS, CREATE2_WORD_GAS, CREATE_GAS};
use crate::pricing::{read_price, CREATE1_INK, CREATE2_INK};
use crate::program::Program;
use crate::receipt::Failure;
use crate::state::Code;

/// Native stack a creation needs for compiling the new program.
const COMPILE_STACK: usize = 16 * 1024 * 1024;

/// Length of the `cargo-stylus` deployment prelude, version byte included.
const PRELUDE_LEN: usize = 43;

/// The prelude's fixed bytes after `PUSH32 <len>`.
const PRELUDE_TAIL: [u8; 10] = [0x80, 0x60, 0x2b, 0x60, 0x00, 0x39, 0x60, 0x00, 0xf3, 0x00];

/// The Stylus code inside `cargo-stylus` init code, if `init` is such code.
pub(crate) fn stylus_code_of_init(init: &[u8]) -> Option<&[u8]> {
    if init.len() < PRELUDE_LEN || init[0] != 0x7f || init[33..PRELUDE_LEN] != PRELUDE_TAIL {
        return None;
    }
    let len = U256::from_be_slice(&init[1..33]);
    let code = &init[PRELUDE_LEN..];
    (U256::from(code.len()) == len).then_some(code)
}

/// Pointers a create hostio receives.
#[derive(Debug, Clone, Copy)]
pub(crate) struct CreateArgs {
    pub(crate) code: u32,
    pub(crate) code_len: u32,
    pub(crate) endowment: u32,
    /// `create2` only.
    pub(crate) salt: Option<u32>,
    pub(crate) contract: u32,
    pub(crate) revert_data_len: u32,
}

/// `create1` / `create2`.
pub(crate) fn create(c: &mut Ctx<'_>, args: CreateArgs) -> HostResult<()> {
    let base = if args.salt.is_some() {
        CREATE2_INK
    } else {
        CREATE1_INK
    };
    buy_ink(c, base + 2 * read_price(wide(args.code_len)))?;
    if c.data().frame.msg.is_static {
        return Err(Escape::Failure(Failure::WriteProtection));
    }
    let init = read(c, args.code, args.code_len)?;
    let endowment = read_u256(c, args.endowment)?;
    let salt = match args.salt {
        Some(ptr) => Some(read_b256(c, ptr)?),
        None => None,
    };
    let mut gas = CREATE_GAS;
    if salt.is_some() {
        gas += CREATE2_WORD_GAS * wide(args.code_len).div_ceil(32);
    }
    buy_gas(c, gas, |t| &mut t.create)?;

    let creator = c.data().frame.msg.acting;
    let tx = &mut c.data_mut().tx;
    let nonce = tx.state.nonce(creator);
    let address = match salt {
        None => create_address(creator, nonce),
        Some(salt) => create2_address(creator, salt, keccak256(&init)),
    };
    tx.set_nonce(creator, nonce.saturating_add(1));
    tx.touch_account(address);
    let collision = tx.state.code(address).is_some() || tx.state.nonce(address) != 0;

    // Activation compiles on this thread: refuse it when little native stack is left.
    let room = crate::exec::stack_pointer() >= c.data().tx.limits.stack_floor + COMPILE_STACK;
    let program = stylus_code_of_init(&init)
        .filter(|_| room)
        .and_then(|code| Program::from_deployed_code(code).ok());
    let created = match program {
        Some(program) if !collision => {
            buy_gas(c, CODE_DEPOSIT_GAS * program.code().len() as u64, |t| {
                &mut t.create
            })?;
            let tx = &mut c.data_mut().tx;
            let checkpoint = tx.checkpoint();
            if tx.transfer(creator, address, endowment) {
                tx.set_nonce(address, 1);
                tx.set_code(address, Code::Stylus(program));
                Some(address)
            } else {
                tx.revert_to(checkpoint);
                None
            }
        }
        _ => None,
    };
    c.data_mut().frame.return_data.clear();
    write(
        c,
        args.contract,
        created.unwrap_or(Address::ZERO).as_slice(),
    )?;
    write_u32(c, args.revert_data_len, 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognizes_the_cargo_stylus_prelude() {
        let code = [0xEF, 0xF0, 0x00, 0x00, 1, 2, 3];
        let mut init = vec![0x7f];
        init.extend_from_slice(&U256::from(code.len()).to_be_bytes::<32>());
        init.extend_from_slice(&PRELUDE_TAIL);
        init.extend_from_slice(&code);
        assert_eq!(stylus_code_of_init(&init), Some(&code[..]));
        init.push(0);
        assert_eq!(stylus_code_of_init(&init), None);
        assert_eq!(stylus_code_of_init(&[0x7f; 10]), None);
    }
}
