//! Emitting events written with the shared compact encoder
//! ([`dimo_interfaces::encode::EncodeLog`]).
//!
//! Not through the SDK's generic `log`: each copy of that costs about 1 KB of wasm per event
//! type.

use alloc::vec::Vec;

use dimo_interfaces::encode::{EncodeLog, Topics};
use stylus_sdk::{host::WasmVM, stylus_core::host::LogAccess};

/// An event a contract can emit.
pub trait Event {
    /// Emits the event as a log of the current contract.
    fn emit(self);
}

impl<E: EncodeLog> Event for E {
    fn emit(self) {
        let (topics, data) = self.encode_log();
        emit(&topics, &data);
    }
}

/// Emits a log: its topics' words then its data, in one buffer, as the host takes them
/// ([`Topics`] holds at most four topics, the host's limit). Straight to the host rather than
/// through the SDK's `raw_log`, whose byte-by-byte flattening of the topics costs wasm.
#[inline(never)]
pub fn emit(topics: &Topics, data: &[u8]) {
    let topics = topics.as_slice();
    let mut log = Vec::with_capacity(32 * topics.len() + data.len());
    for topic in topics {
        log.extend_from_slice(topic.as_slice());
    }
    log.extend_from_slice(data);
    WasmVM {}.emit_log(&log, topics.len());
}
