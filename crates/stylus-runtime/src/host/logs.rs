//! `emit_log(data, len, topics)`: the first `topics × 32` bytes are the topics, the rest the
//! data (reference note 1.7).

use alloy_primitives::B256;

use super::guest::{buy_gas, buy_ink, read, wide, Ctx, HostResult};
use crate::frame::Escape;
use crate::gas::log_gas;
use crate::pricing::{read_price, EVM_HOSTIO_INK};
use crate::receipt::{Failure, Log};

/// Most topics of a log.
const MAX_TOPICS: u32 = 4;

/// `emit_log(data, len, topics)`.
pub(crate) fn emit_log(c: &mut Ctx<'_>, data: u32, len: u32, topics: u32) -> HostResult<()> {
    buy_ink(c, EVM_HOSTIO_INK + read_price(wide(len)))?;
    if topics > MAX_TOPICS || wide(len) < 32 * wide(topics) {
        return Err(Escape::Failure(Failure::BadLog));
    }
    if c.data().frame.msg.is_static {
        return Err(Escape::Failure(Failure::WriteProtection));
    }
    let bytes = read(c, data, len)?;
    let topic_bytes = 32 * usize::try_from(topics).unwrap_or(0);
    buy_gas(
        c,
        log_gas(wide(topics), (bytes.len() - topic_bytes) as u64),
        |t| &mut t.logs,
    )?;
    let log = Log {
        address: c.data().frame.msg.acting,
        topics: bytes[..topic_bytes]
            .chunks_exact(32)
            .map(B256::from_slice)
            .collect(),
        data: bytes[topic_bytes..].to_vec(),
    };
    c.data_mut().tx.push_log(log);
    Ok(())
}
