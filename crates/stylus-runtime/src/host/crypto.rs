//! `native_keccak256` and the `math_*` hostios (256-bit arithmetic Nitro offers).

use alloy_primitives::{keccak256, U256};

use super::guest::{buy_ink, read, read_u256, wide, write, Ctx, HostResult};
use crate::pricing::{
    keccak_price, MATH_ADD_MOD_INK, MATH_DIV_INK, MATH_MUL_MOD_INK, MATH_POW_BASE_INK,
    MATH_POW_BYTE_INK,
};

/// `native_keccak256(bytes, len, output)`.
pub(crate) fn keccak(c: &mut Ctx<'_>, bytes: u32, len: u32, output: u32) -> HostResult<()> {
    buy_ink(c, keccak_price(wide(len)))?;
    let data = read(c, bytes, len)?;
    write(c, output, keccak256(data).as_slice())
}

/// A binary 256-bit operation of the `math_*` hostios.
#[derive(Debug, Clone, Copy)]
pub(crate) enum MathOp {
    /// `value / other`, 0 when dividing by zero.
    Div,
    /// `value % other`, 0 when dividing by zero.
    Mod,
    /// `value ** other`, wrapping.
    Pow,
}

/// `math_div`, `math_mod`, `math_pow (value, other)`: the result replaces `value`.
pub(crate) fn math(c: &mut Ctx<'_>, op: MathOp, value: u32, other: u32) -> HostResult<()> {
    let a = read_u256(c, value)?;
    let b = read_u256(c, other)?;
    let (ink, result) = match op {
        MathOp::Div => (MATH_DIV_INK, a.checked_div(b).unwrap_or_default()),
        MathOp::Mod => (MATH_DIV_INK, a.checked_rem(b).unwrap_or_default()),
        MathOp::Pow => {
            let bytes = u64::try_from(b.byte_len()).unwrap_or(32);
            (
                MATH_POW_BASE_INK + MATH_POW_BYTE_INK * (bytes + 1),
                a.wrapping_pow(b),
            )
        }
    };
    buy_ink(c, ink)?;
    write(c, value, &result.to_be_bytes::<32>())
}

/// `math_add_mod`, `math_mul_mod (value, b, modulus)`: the result replaces `value`.
pub(crate) fn math_mod(
    c: &mut Ctx<'_>,
    multiply: bool,
    value: u32,
    b: u32,
    modulus: u32,
) -> HostResult<()> {
    buy_ink(
        c,
        if multiply {
            MATH_MUL_MOD_INK
        } else {
            MATH_ADD_MOD_INK
        },
    )?;
    let a = read_u256(c, value)?;
    let b = read_u256(c, b)?;
    let m = read_u256(c, modulus)?;
    let result = if m.is_zero() {
        U256::ZERO
    } else if multiply {
        a.mul_mod(b, m)
    } else {
        a.add_mod(b, m)
    };
    write(c, value, &result.to_be_bytes::<32>())
}
