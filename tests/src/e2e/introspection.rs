//! ERC-165.

use alloy_primitives::FixedBytes;
use dimo_interfaces::{erc::IERC165, interface_id};

use crate::registry::RegistryFixture;

#[test]
fn supports_exactly_its_interfaces() {
    let mut f = RegistryFixture::new();
    for id in [
        interface_id::ERC165,
        interface_id::ERC721,
        interface_id::ERC721_METADATA,
        interface_id::ERC4906,
        interface_id::OWNABLE_2STEP,
        interface_id::MANUFACTURER_REGISTRY,
    ] {
        assert!(
            f.view(&IERC165::supportsInterfaceCall { interfaceId: id })
                ._0,
            "{id}"
        );
    }
    for id in [
        FixedBytes([0xff; 4]),
        FixedBytes([0; 4]),
        FixedBytes([0x12, 0x34, 0x56, 0x78]),
        interface_id::DEVICE_LICENSES,
    ] {
        assert!(
            !f.view(&IERC165::supportsInterfaceCall { interfaceId: id })
                ._0,
            "{id}"
        );
    }
}
