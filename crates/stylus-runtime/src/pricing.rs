//! Ink prices: the per-opcode table the metering rewrite charges per basic block, and the
//! hostio prices (Nitro's defaults, Stylus versions 1 and 2; reference note sections 4.2, 4.3).
//!
//! One gas is [`INK_PER_GAS`] ink. Everything here is in ink unless the name says gas.

use wasmparser::Operator;

/// Ink per gas (`InkPrice`, default 10,000).
pub const INK_PER_GAS: u64 = 10_000;

/// Ink every executed basic block pays on top of its operators (the block header).
pub const BLOCK_INK: u64 = 2_450;

/// Ink per byte that `memory.copy` and `memory.fill` pay at run time.
pub const MEMORY_BYTE_INK: u64 = 100;

/// Base ink of every hostio (`HOSTIO_INK`).
pub const HOSTIO_INK: u64 = 8_400;

/// Ink for each pointer argument beyond the first (`PTR_INK`).
pub const PTR_INK: u64 = 13_440 - HOSTIO_INK;

/// Ink for a round trip to the EVM side (`EVM_API_INK`).
pub const EVM_API_INK: u64 = 59_673;

/// `storage_load_bytes32` and `storage_cache_bytes32`: two pointers.
pub const STORAGE_ACCESS_INK: u64 = HOSTIO_INK + 2 * PTR_INK;

/// Hostios that reach the EVM without pointers: `storage_flush_cache`, `emit_log`,
/// `read_return_data`, `account_code`, `account_code_size`.
pub const EVM_HOSTIO_INK: u64 = HOSTIO_INK + EVM_API_INK;

/// `account_balance`, `account_codehash`, transient storage: two pointers and the EVM.
pub const ACCOUNT_INK: u64 = HOSTIO_INK + 2 * PTR_INK + EVM_API_INK;

/// Calls: three pointers and the EVM.
pub const CALL_INK: u64 = HOSTIO_INK + 3 * PTR_INK + EVM_API_INK;

/// `create1`: as a call.
pub const CREATE1_INK: u64 = CALL_INK;

/// `create2`: one pointer more than `create1`.
pub const CREATE2_INK: u64 = CALL_INK + PTR_INK;

/// Hostios that write one word or address to guest memory (`msg_sender`, `block_basefee`, ...).
pub const WRITE_ONE_INK: u64 = HOSTIO_INK + PTR_INK;

/// `math_div` and `math_mod`.
pub const MATH_DIV_INK: u64 = 43_520;

/// `math_add_mod`.
pub const MATH_ADD_MOD_INK: u64 = 49_560;

/// `math_mul_mod`.
pub const MATH_MUL_MOD_INK: u64 = 52_660;

/// `math_pow`: base part; plus [`MATH_POW_BYTE_INK`] per significant exponent byte, plus one.
pub const MATH_POW_BASE_INK: u64 = 23_520 + 3_000;

/// `math_pow`: per significant exponent byte (plus one).
pub const MATH_POW_BYTE_INK: u64 = 17_500;

/// Ink to copy `bytes` from guest memory to the host (`read_price`).
pub fn read_price(bytes: u64) -> u64 {
    16_381_u64.saturating_add(55_u64.saturating_mul(bytes.saturating_sub(32)))
}

/// Ink to copy `bytes` from the host into guest memory (`write_price`).
pub fn write_price(bytes: u64) -> u64 {
    5_040_u64.saturating_add(30_u64.saturating_mul(bytes.saturating_sub(32)))
}

/// Ink of `native_keccak256` over `bytes` bytes (`keccak_price`).
pub fn keccak_price(bytes: u64) -> u64 {
    let words = bytes.div_ceil(32);
    121_800_u64.saturating_add(21_000_u64.saturating_mul(words.saturating_sub(2)))
}

/// Extra gas a storage read pays after the frame's first 32 reads (2 gas up to read 128, then
/// 10). `reads` counts this read (1 for the first).
pub fn cache_read_surcharge(reads: u64) -> u64 {
    match reads {
        0..=32 => 0,
        33..=128 => 2,
        _ => 10,
    }
}

/// Extra gas a cached write pays after the frame's first 8 writes (7 gas up to write 64, then
/// 10). `writes` counts this write (1 for the first).
pub fn cache_write_surcharge(writes: u64) -> u64 {
    match writes {
        0..=8 => 0,
        9..=64 => 7,
        _ => 10,
    }
}

/// Static ink of `op` in Nitro's `pricing_v1` table; `u64::MAX` for the operators Stylus cannot
/// run (floats, SIMD, atomics, reference and table operators, exceptions).
///
/// `call_indirect_params` gives the parameter count of a `call_indirect`'s type; the caller
/// resolves it from the type section.
// The arms follow the table's categories (loads, compares, bitwise, ...), some of which share
// a price; merging them by price would hide the table's structure.
#[allow(clippy::match_same_arms)]
pub fn op_ink(op: &Operator<'_>, call_indirect_params: u64) -> u64 {
    #[allow(clippy::enum_glob_use)]
    use Operator::*;
    match op {
        Unreachable
        | Return
        | Nop
        | I32Const { .. }
        | I64Const { .. }
        | Block { .. }
        | Loop { .. }
        | Else
        | End => 1,
        Drop => 9,
        Br { .. } | BrIf { .. } | If { .. } => 765,
        Select => 1_250,
        Call { .. } => 3_800,
        LocalGet { .. } | LocalTee { .. } => 75,
        LocalSet { .. } => 210,
        GlobalGet { .. } => 225,
        GlobalSet { .. } => 575,
        I32Load { .. }
        | I32Load8S { .. }
        | I32Load8U { .. }
        | I32Load16S { .. }
        | I32Load16U { .. } => 670,
        I64Load { .. }
        | I64Load8S { .. }
        | I64Load8U { .. }
        | I64Load16S { .. }
        | I64Load16U { .. }
        | I64Load32S { .. }
        | I64Load32U { .. } => 680,
        I32Store { .. } | I32Store8 { .. } | I32Store16 { .. } => 825,
        I64Store { .. } | I64Store8 { .. } | I64Store16 { .. } | I64Store32 { .. } => 950,
        MemorySize { .. } => 3_000,
        MemoryGrow { .. } => 8_050,
        I32Eqz | I32Eq | I32Ne | I32LtS | I32LtU | I32GtS | I32GtU | I32LeS | I32LeU | I32GeS
        | I32GeU => 170,
        I64Eqz | I64Eq | I64Ne | I64LtS | I64LtU | I64GtS | I64GtU | I64LeS | I64LeU | I64GeS
        | I64GeU => 225,
        I32Clz | I32Ctz | I64Clz | I64Ctz => 210,
        I32Add | I32Sub => 70,
        I64Add | I64Sub => 100,
        I32Mul | I64Mul => 160,
        I32DivS | I32DivU | I32RemS | I32RemU => 1_120,
        I64DivS | I64DivU | I64RemS | I64RemU => 1_270,
        I32And | I32Or | I32Xor | I32Shl | I32ShrS | I32ShrU | I32Rotl | I32Rotr => 70,
        I64And | I64Or | I64Xor | I64Shl | I64ShrS | I64ShrU | I64Rotl | I64Rotr => 100,
        I32Popcnt => 2_650,
        I64Popcnt => 6_000,
        I32WrapI64 | I64ExtendI32S | I64ExtendI32U | I32Extend8S | I32Extend16S | I64Extend8S
        | I64Extend16S | I64Extend32S => 100,
        MemoryCopy { .. } | MemoryFill { .. } => 950,
        BrTable { targets } => 2_400 + 325 * u64::from(targets.len()),
        CallIndirect { .. } => {
            13_610_u64.saturating_add(650_u64.saturating_mul(call_indirect_params))
        }
        _ => u64::MAX,
    }
}

/// Whether `op` ends a basic block for metering: the block's cost is charged before its first
/// operator, and the next block starts after this one.
pub fn ends_block(op: &Operator<'_>) -> bool {
    matches!(
        op,
        Operator::End
            | Operator::Else
            | Operator::Return
            | Operator::Loop { .. }
            | Operator::Br { .. }
            | Operator::BrTable { .. }
            | Operator::BrIf { .. }
            | Operator::If { .. }
            | Operator::Call { .. }
            | Operator::CallIndirect { .. }
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostio_building_blocks_match_the_reference() {
        assert_eq!(PTR_INK, 5_040);
        assert_eq!(STORAGE_ACCESS_INK, 18_480);
        assert_eq!(EVM_HOSTIO_INK, 68_073);
        assert_eq!(ACCOUNT_INK, 78_153);
        assert_eq!(CALL_INK, 83_193);
        assert_eq!(CREATE2_INK, 88_233);
        assert_eq!(WRITE_ONE_INK, 13_440);
    }

    #[test]
    fn byte_prices() {
        assert_eq!(read_price(0), 16_381);
        assert_eq!(read_price(32), 16_381);
        assert_eq!(read_price(33), 16_436);
        assert_eq!(write_price(100), 5_040 + 30 * 68);
        assert_eq!(keccak_price(0), 121_800);
        assert_eq!(keccak_price(64), 121_800);
        assert_eq!(keccak_price(65), 142_800);
    }

    #[test]
    fn surcharges_step_up() {
        assert_eq!(cache_read_surcharge(32), 0);
        assert_eq!(cache_read_surcharge(33), 2);
        assert_eq!(cache_read_surcharge(129), 10);
        assert_eq!(cache_write_surcharge(8), 0);
        assert_eq!(cache_write_surcharge(9), 7);
        assert_eq!(cache_write_surcharge(65), 10);
    }

    #[test]
    fn opcode_prices_and_block_ends() {
        assert_eq!(op_ink(&Operator::I32Add, 0), 70);
        assert_eq!(op_ink(&Operator::Call { function_index: 0 }, 0), 3_800);
        assert_eq!(
            op_ink(
                &Operator::CallIndirect {
                    type_index: 0,
                    table_index: 0
                },
                3
            ),
            13_610 + 1_950
        );
        assert_eq!(op_ink(&Operator::F32Add, 0), u64::MAX);
        assert!(ends_block(&Operator::End));
        assert!(ends_block(&Operator::Call { function_index: 1 }));
        assert!(!ends_block(&Operator::I32Add));
    }
}
