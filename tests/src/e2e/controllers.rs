//! Controllers: admins add and remove them; a controller holds at most one node.

use alloy_primitives::{Address, U256};
use dimo_interfaces::admin::IAdmins as Adm;
use dimo_interfaces::registry::IManufacturerRegistry as R;

use super::assert_event;
use crate::registry::{account, RegistryFixture};

#[test]
fn admins_add_and_remove_controllers() {
    let mut f = RegistryFixture::new();
    let (owner, admin, carol) = (f.owner, account("admin"), account("carol"));
    f.ok(owner, &Adm::addAdminCall { account: admin });
    let sent = f.send(admin, &R::addControllerCall { controller: carol });
    assert_event(
        &sent.receipt,
        f.registry,
        &R::ControllerAdded {
            controller: carol,
            by: admin,
        },
    );
    assert!(f.view(&R::isControllerCall { account: carol })._0);
    let sent = f.send(owner, &R::removeControllerCall { controller: carol });
    assert_event(
        &sent.receipt,
        f.registry,
        &R::ControllerRemoved {
            controller: carol,
            by: owner,
        },
    );
    assert!(!f.view(&R::isControllerCall { account: carol })._0);
}

#[test]
fn controller_management_refusals() {
    let mut f = RegistryFixture::new();
    let (owner, carol, mallory) = (f.owner, account("carol"), account("mallory"));
    f.refused(
        mallory,
        &R::addControllerCall { controller: carol },
        &Adm::CallerNotAdmin { account: mallory },
    );
    f.refused(
        owner,
        &R::addControllerCall {
            controller: Address::ZERO,
        },
        &Adm::InvalidAccount {
            account: Address::ZERO,
        },
    );
    f.add_controller(carol);
    f.refused(
        owner,
        &R::addControllerCall { controller: carol },
        &R::ControllerAlreadyAdded { controller: carol },
    );
    f.refused(
        mallory,
        &R::removeControllerCall { controller: carol },
        &Adm::CallerNotAdmin { account: mallory },
    );
    f.refused(
        owner,
        &R::removeControllerCall {
            controller: mallory,
        },
        &R::NotAController { account: mallory },
    );
}

#[test]
fn a_removed_controller_keeps_its_node_but_cannot_receive_one() {
    let mut f = RegistryFixture::new();
    let (owner, carol) = (f.owner, account("carol"));
    let node = f.controller_with_node(carol, "Carol Devices");
    f.ok(owner, &R::removeControllerCall { controller: carol });
    assert_eq!(f.view(&R::manufacturerOfCall { account: carol })._0, node);
    f.refused(
        owner,
        &R::mintManufacturerCall {
            owner: carol,
            name: "Other".into(),
        },
        &R::InvalidNodeOwner { owner: carol },
    );
    assert_eq!(f.view(&R::totalManufacturersCall {})._0, U256::from(1));
}
