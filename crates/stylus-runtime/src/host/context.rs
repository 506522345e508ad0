//! Message, transaction and block context: `msg_*`, `tx_*`, `block_*`, `chainid`,
//! `contract_address`, `evm_gas_left`, `evm_ink_left`.

use super::guest::{buy_ink, gas_left, ink_left, write, Ctx, HostResult};
use crate::pricing::{HOSTIO_INK, INK_PER_GAS, WRITE_ONE_INK};

/// Which 32- or 20-byte value a pointer hostio writes.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Written {
    MsgSender,
    MsgValue,
    ContractAddress,
    TxOrigin,
    TxGasPrice,
    BlockBasefee,
    BlockCoinbase,
}

/// Writes the chosen value to `dest`.
pub(crate) fn write_value(c: &mut Ctx<'_>, which: Written, dest: u32) -> HostResult<()> {
    buy_ink(c, WRITE_ONE_INK)?;
    let data = c.data();
    let msg = &data.frame.msg;
    let bytes: Vec<u8> = match which {
        Written::MsgSender => msg.caller.to_vec(),
        Written::MsgValue => msg.value.to_be_bytes::<32>().to_vec(),
        Written::ContractAddress => msg.acting.to_vec(),
        Written::TxOrigin => data.tx.origin.to_vec(),
        Written::TxGasPrice => data.tx.gas_price.to_be_bytes::<32>().to_vec(),
        Written::BlockBasefee => data.tx.block.basefee.to_be_bytes::<32>().to_vec(),
        Written::BlockCoinbase => data.tx.block.coinbase.to_vec(),
    };
    write(c, dest, &bytes)
}

/// Which `u64` a scalar hostio returns.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Scalar {
    BlockGasLimit,
    BlockNumber,
    BlockTimestamp,
    ChainId,
    EvmGasLeft,
    EvmInkLeft,
}

/// Returns the chosen scalar.
pub(crate) fn scalar(c: &mut Ctx<'_>, which: Scalar) -> HostResult<u64> {
    buy_ink(c, HOSTIO_INK)?;
    let (gas, ink) = (gas_left(c), ink_left(c));
    let block = &c.data().tx.block;
    Ok(match which {
        Scalar::BlockGasLimit => block.gas_limit,
        Scalar::BlockNumber => block.number,
        Scalar::BlockTimestamp => block.timestamp,
        Scalar::ChainId => block.chain_id,
        Scalar::EvmGasLeft => gas,
        Scalar::EvmInkLeft => ink,
    })
}

/// `tx_ink_price()`.
pub(crate) fn tx_ink_price(c: &mut Ctx<'_>) -> HostResult<u32> {
    buy_ink(c, HOSTIO_INK)?;
    Ok(u32::try_from(INK_PER_GAS).unwrap_or(u32::MAX))
}

/// `msg_reentrant()`: whether the acting address has another open non-delegate frame.
pub(crate) fn msg_reentrant(c: &mut Ctx<'_>) -> HostResult<u32> {
    buy_ink(c, HOSTIO_INK)?;
    let data = c.data();
    Ok(u32::from(data.tx.is_reentrant(data.frame.msg.acting)))
}
