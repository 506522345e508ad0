//! Names: look-ups both ways (case-insensitive by name) and renames.

use alloy_primitives::U256;
use dimo_interfaces::admin::IAdmins as Adm;
use dimo_interfaces::{erc::IERC721 as E, registry::IManufacturerRegistry as R};

use super::assert_event;
use crate::registry::{account, RegistryFixture};

#[test]
fn names_both_ways() {
    let mut f = RegistryFixture::new();
    let owner = f.owner;
    let node = f.mint(owner, "AutoPi Ltd");
    for query in ["AutoPi Ltd", "autopi ltd", "AUTOPI LTD"] {
        assert_eq!(
            f.view(&R::manufacturerIdByNameCall { name: query.into() })
                ._0,
            node
        );
    }
    assert_eq!(
        f.view(&R::manufacturerIdByNameCall {
            name: "AutoPi".into()
        })
        ._0,
        U256::ZERO
    );
    assert_eq!(
        f.view(&R::manufacturerIdByNameCall {
            name: String::new()
        })
        ._0,
        U256::ZERO
    );
    assert_eq!(
        f.view(&R::manufacturerNameByIdCall { node })._0,
        "AutoPi Ltd"
    );
    assert_eq!(
        f.view(&R::manufacturerNameByIdCall {
            node: U256::from(99)
        })
        ._0,
        ""
    );
    // A long name (two storage words) reads back whole.
    let long = "L".repeat(64);
    let second = f.mint(owner, &long);
    assert_eq!(
        f.view(&R::manufacturerNameByIdCall { node: second })._0,
        long
    );
}

#[test]
fn rename_releases_the_old_name() {
    let mut f = RegistryFixture::new();
    let owner = f.owner;
    let node = f.mint(owner, "Old Name");
    let sent = f.send(
        owner,
        &R::renameManufacturerCall {
            node,
            newName: "New Name".into(),
        },
    );
    assert!(sent.is_ok());
    assert_event(
        &sent.receipt,
        f.registry,
        &R::ManufacturerRenamed {
            node,
            previousName: "Old Name".into(),
            newName: "New Name".into(),
            by: owner,
        },
    );
    assert_eq!(f.view(&R::manufacturerNameByIdCall { node })._0, "New Name");
    assert_eq!(
        f.view(&R::manufacturerIdByNameCall {
            name: "old name".into()
        })
        ._0,
        U256::ZERO
    );
    assert_eq!(
        f.view(&R::manufacturerIdByNameCall {
            name: "new name".into()
        })
        ._0,
        node
    );
    // The released name can be minted again; a change of case keeps the key.
    f.mint(owner, "Old Name");
    f.ok(
        owner,
        &R::renameManufacturerCall {
            node,
            newName: "NEW NAME".into(),
        },
    );
    assert_eq!(f.view(&R::manufacturerNameByIdCall { node })._0, "NEW NAME");
}

#[test]
fn rename_refusals() {
    let mut f = RegistryFixture::new();
    let (owner, mallory) = (f.owner, account("mallory"));
    let a = f.mint(owner, "Alpha");
    let b = f.mint(owner, "Beta");
    f.refused(
        owner,
        &R::renameManufacturerCall {
            node: a,
            newName: "beta".into(),
        },
        &R::ManufacturerNameTaken {
            name: "beta".into(),
            node: b,
        },
    );
    f.refused(
        mallory,
        &R::renameManufacturerCall {
            node: a,
            newName: "Gamma".into(),
        },
        &Adm::CallerNotAdmin { account: mallory },
    );
    f.refused(
        owner,
        &R::renameManufacturerCall {
            node: U256::from(7),
            newName: "Gamma".into(),
        },
        &E::ERC721NonexistentToken {
            tokenId: U256::from(7),
        },
    );
    f.refused(
        owner,
        &R::renameManufacturerCall {
            node: a,
            newName: "Gamma ".into(),
        },
        &R::InvalidManufacturerName {
            name: "Gamma ".into(),
            reason: 4,
        },
    );
}
