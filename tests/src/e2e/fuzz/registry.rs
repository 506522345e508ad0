//! Calldata fuzzing of the registry (see [`super`] for the rules): every function of its ABI
//! with arguments drawn from a registry holding admins, controllers, nodes, a delegation and
//! an approval. Clean reverts are the registry's errors, ERC-721's and two-step ownership's.

use alloy_primitives::{Address, Bytes, FixedBytes, U256};
use alloy_sol_types::SolCall;
use dimo_interfaces::admin::IAdmins as Adm;
use dimo_interfaces::{
    erc::{IERC721Metadata as M, IOwnable2Step as O, IERC165, IERC721 as E},
    registry::IManufacturerRegistry as R,
};
use stylus_runtime::{constructor_selector, World};

use super::{Campaign, Rng};
use crate::calls::decode_registry_error;
use crate::registry::{account, RegistryFixture};

/// Valid calldata for every function, with arguments drawn from the fixture's accounts and
/// nodes (and some odd values).
// One entry per function of the ABI: splitting the list would only scatter it.
#[allow(clippy::too_many_lines)]
fn templates(rng: &mut Rng, people: &[Address], now: u64) -> Vec<Vec<u8>> {
    let who = |rng: &mut Rng| rng.pick(people);
    let node = |rng: &mut Rng| U256::from(rng.below(5));
    let name = |rng: &mut Rng| {
        rng.pick(&[
            "Acme".to_owned(),
            "acme".to_owned(),
            "New Maker".to_owned(),
            String::new(),
            " x".to_owned(),
            "z".repeat(65),
            "Ünï".to_owned(),
        ])
    };
    let privilege = |rng: &mut Rng| u8::try_from(rng.below(8)).unwrap_or(0);
    let expiry = |rng: &mut Rng| rng.pick(&[0, now, now + 1, now + 86_400, u64::MAX]);
    vec![
        Adm::isAdminCall { account: who(rng) }.abi_encode(),
        Adm::addAdminCall { account: who(rng) }.abi_encode(),
        Adm::removeAdminCall { account: who(rng) }.abi_encode(),
        R::isControllerCall { account: who(rng) }.abi_encode(),
        R::addControllerCall {
            controller: who(rng),
        }
        .abi_encode(),
        R::removeControllerCall {
            controller: who(rng),
        }
        .abi_encode(),
        R::manufacturerOfCall { account: who(rng) }.abi_encode(),
        R::mintManufacturerCall {
            owner: who(rng),
            name: name(rng),
        }
        .abi_encode(),
        R::mintManufacturerBatchCall {
            owner: who(rng),
            names: (0..rng.below(4)).map(|_| name(rng)).collect(),
        }
        .abi_encode(),
        R::renameManufacturerCall {
            node: node(rng),
            newName: name(rng),
        }
        .abi_encode(),
        R::manufacturerIdByNameCall { name: name(rng) }.abi_encode(),
        R::manufacturerNameByIdCall { node: node(rng) }.abi_encode(),
        R::totalManufacturersCall {}.abi_encode(),
        R::grantPrivilegeCall {
            node: node(rng),
            operator: who(rng),
            privilege: privilege(rng),
            expiresAt: expiry(rng),
        }
        .abi_encode(),
        R::revokePrivilegeCall {
            node: node(rng),
            operator: who(rng),
            privilege: privilege(rng),
        }
        .abi_encode(),
        R::privilegeExpiryCall {
            node: node(rng),
            operator: who(rng),
            privilege: privilege(rng),
        }
        .abi_encode(),
        R::isAuthorizedCall {
            node: node(rng),
            account: who(rng),
            privilege: privilege(rng),
        }
        .abi_encode(),
        R::setManufacturerURICall {
            node: node(rng),
            uri: "ipfs://x".repeat(rng.below(70)),
        }
        .abi_encode(),
        E::balanceOfCall { owner: who(rng) }.abi_encode(),
        E::ownerOfCall { tokenId: node(rng) }.abi_encode(),
        E::transferFromCall {
            from: who(rng),
            to: who(rng),
            tokenId: node(rng),
        }
        .abi_encode(),
        E::safeTransferFrom_0Call {
            from: who(rng),
            to: who(rng),
            tokenId: node(rng),
            data: {
                let n = rng.below(40);
                Bytes::from(rng.bytes(n))
            },
        }
        .abi_encode(),
        E::safeTransferFrom_1Call {
            from: who(rng),
            to: who(rng),
            tokenId: node(rng),
        }
        .abi_encode(),
        E::approveCall {
            to: who(rng),
            tokenId: node(rng),
        }
        .abi_encode(),
        E::setApprovalForAllCall {
            operator: who(rng),
            approved: rng.below(2) == 1,
        }
        .abi_encode(),
        E::getApprovedCall { tokenId: node(rng) }.abi_encode(),
        E::isApprovedForAllCall {
            owner: who(rng),
            operator: who(rng),
        }
        .abi_encode(),
        M::nameCall {}.abi_encode(),
        M::symbolCall {}.abi_encode(),
        M::tokenURICall { tokenId: node(rng) }.abi_encode(),
        O::ownerCall {}.abi_encode(),
        O::pendingOwnerCall {}.abi_encode(),
        O::transferOwnershipCall { newOwner: who(rng) }.abi_encode(),
        O::acceptOwnershipCall {}.abi_encode(),
        O::renounceOwnershipCall {}.abi_encode(),
        IERC165::supportsInterfaceCall {
            interfaceId: FixedBytes(rng.next().to_le_bytes()[..4].try_into().unwrap_or([0; 4])),
        }
        .abi_encode(),
        [constructor_selector().to_vec(), rng.bytes(32)].concat(),
    ]
}

/// Whether revert data is clean: empty, or exactly the encoding of an error of the ABI.
fn clean_revert(data: &[u8]) -> bool {
    data.is_empty() || decode_registry_error(data).is_some()
}

/// A registry with admins, controllers, nodes, a grant and an approval.
fn populated() -> (World, Address, Vec<Address>, u64) {
    let mut f = RegistryFixture::new();
    let (owner, admin, carol, dave, erin, op) = (
        f.owner,
        account("admin"),
        account("carol"),
        account("dave"),
        account("erin"),
        account("operator"),
    );
    f.ok(owner, &Adm::addAdminCall { account: admin });
    let node = f.controller_with_node(carol, "Acme");
    f.controller_with_node(dave, "Dave Devices");
    f.add_controller(erin);
    f.mint(admin, "Admin Held");
    let now = f.world.block().timestamp;
    f.ok(
        carol,
        &R::grantPrivilegeCall {
            node,
            operator: op,
            privilege: 1,
            expiresAt: now + 1_000,
        },
    );
    f.ok(
        carol,
        &E::approveCall {
            to: op,
            tokenId: node,
        },
    );
    let people = vec![
        owner,
        admin,
        carol,
        dave,
        erin,
        op,
        account("stranger"),
        Address::ZERO,
        f.registry,
    ];
    (f.world, f.registry, people, now)
}

#[test]
fn random_and_mutated_calldata_ends_cleanly() {
    let (pristine, registry, people, now) = populated();
    let campaign = Campaign {
        name: "manufacturer-registry",
        pristine: &pristine,
        target: registry,
        callers: &people[..7],
        clean: clean_revert,
        salt: 0,
    };
    campaign.run(|rng| templates(rng, &people, now));
}
