//! Emitting the registry's events with the shared compact writer.
//!
//! Written out rather than through the SDK's generic `log`: each copy of that costs about
//! 1 KB of wasm (11 KB for this contract's events), a share of the 24 KB limit we cannot
//! spare. A test checks every event against alloy's own encoder.

use alloc::vec::Vec;

use alloy_sol_types::SolEvent;
use dimo_interfaces::{
    encode::{AbiWriter, Topics},
    erc::IERC4906,
    registry::IManufacturerRegistry as R,
};

/// An event the registry emits.
pub(crate) trait Event: SolEvent + Sized {
    /// Emits the event as a log of the current contract.
    fn emit(self) {
        let (topics, data) = self.encode();
        emit(&topics, &data);
    }

    /// The log's topics and ABI-encoded data.
    fn encode(&self) -> (Topics, Vec<u8>);
}

/// Emits a log through the SDK's free host function, not `self.vm()`: building the SDK's
/// `&dyn Host` vtable keeps every host wrapper in the wasm. [`Topics`] holds at most four
/// topics, so `raw_log` cannot fail.
#[inline(never)]
fn emit(topics: &Topics, data: &[u8]) {
    #[allow(deprecated)]
    let _ = stylus_sdk::evm::raw_log(topics.as_slice(), data);
}

/// Implements [`Event`] for an event type from its topics and data.
macro_rules! events {
    ($($ty:ty => |$e:ident, $t:ident, $d:ident| ($topics:expr, $data:expr);)*) => {
        $(impl Event for $ty {
            fn encode(&self) -> (Topics, Vec<u8>) {
                let $e = self;
                let $t = Topics::new(Self::SIGNATURE_HASH);
                let $d = AbiWriter::new();
                ($topics, $data.finish())
            }
        })*
    };
}

events! {
    R::AdminAdded => |e, t, d| (t.address(&e.account).address(&e.by), d);
    R::AdminRemoved => |e, t, d| (t.address(&e.account).address(&e.by), d);
    R::ControllerAdded => |e, t, d| (t.address(&e.controller).address(&e.by), d);
    R::ControllerRemoved => |e, t, d| (t.address(&e.controller).address(&e.by), d);
    R::ManufacturerMinted => |e, t, d| (t.uint(&e.node).address(&e.owner), d.string(&e.name));
    R::ManufacturerRenamed => |e, t, d| (
        t.uint(&e.node).address(&e.by),
        d.string(&e.previousName).string(&e.newName)
    );
    R::PrivilegeGranted => |e, t, d| (
        t.uint(&e.node).address(&e.operator).small(e.privilege.into()),
        d.small(e.expiresAt)
    );
    R::PrivilegeRevoked => |e, t, d| (
        t.uint(&e.node).address(&e.operator).small(e.privilege.into()),
        d
    );
    R::DelegationsCleared => |e, t, d| (t.uint(&e.node), d.small(e.epoch));
    R::ManufacturerURIUpdated => |e, t, d| (t.uint(&e.node), d.string(&e.uri));
    IERC4906::MetadataUpdate => |e, t, d| (t, d.uint(&e.tokenId));
}

#[cfg(test)]
mod tests {
    use alloc::string::String;

    use alloy_primitives::{address, U256};

    use super::*;

    /// Our topics and data equal alloy's for the same event.
    fn same<E: Event>(e: &E) {
        let log = e.encode_log_data();
        let (topics, data) = e.encode();
        assert_eq!(topics.as_slice(), log.topics(), "{}", E::SIGNATURE);
        assert_eq!(data, log.data.to_vec(), "{}", E::SIGNATURE);
    }

    #[test]
    fn every_event_encodes_as_alloy_does() {
        let a = address!("00000000000000000000000000000000000000a1");
        let b = address!("b0b0000000000000000000000000000000000b0b");
        let node = U256::from(7) << 200;
        for text in ["", "A", &"x".repeat(32), &"y".repeat(33), "Acme Devices"] {
            let text = String::from(text);
            same(&R::ManufacturerMinted {
                node,
                owner: a,
                name: text.clone(),
            });
            same(&R::ManufacturerRenamed {
                node,
                previousName: text.clone(),
                newName: "AutoPi".into(),
                by: b,
            });
            same(&R::ManufacturerRenamed {
                node,
                previousName: "Z".into(),
                newName: text.clone(),
                by: b,
            });
            same(&R::ManufacturerURIUpdated { node, uri: text });
        }
        same(&R::AdminAdded { account: a, by: b });
        same(&R::AdminRemoved { account: a, by: b });
        same(&R::ControllerAdded {
            controller: a,
            by: b,
        });
        same(&R::ControllerRemoved {
            controller: a,
            by: b,
        });
        same(&R::PrivilegeGranted {
            node,
            operator: a,
            privilege: 6,
            expiresAt: u64::MAX,
        });
        same(&R::PrivilegeRevoked {
            node,
            operator: a,
            privilege: 1,
        });
        same(&R::DelegationsCleared { node, epoch: 3 });
        same(&IERC4906::MetadataUpdate { tokenId: U256::MAX });
    }
}
