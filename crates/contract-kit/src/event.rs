//! Emitting events written with the shared compact encoder
//! ([`dimo_interfaces::encode::EncodeLog`]).
//!
//! Not through the SDK's generic `log`: each copy of that costs about 1 KB of wasm per event
//! type.

use dimo_interfaces::encode::{EncodeLog, Topics};

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

/// Emits a log. [`Topics`] holds at most four topics, so `raw_log` cannot fail.
#[inline(never)]
pub fn emit(topics: &Topics, data: &[u8]) {
    #[allow(deprecated)]
    let _ = stylus_sdk::evm::raw_log(topics.as_slice(), data);
}
