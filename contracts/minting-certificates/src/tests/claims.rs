//! `claim` out of factory custody, and `markProvisioned`.

use alloy_primitives::{Address, U256};
use dimo_interfaces::{
    certificates::{ICertificateToken as T, IDeviceCertificates as C},
    erc::IERC721,
    signer::high_s_twin,
};
use motsu::prelude::*;
use openzeppelin_stylus::token::erc721::IErc721;

use super::{decode, who, World, NOW};

#[motsu::test]
fn a_device_signature_claims_from_factory_custody() {
    let world = World::new();
    let d = world.mint(0..1).remove(0);
    let (uma, relayer) = (who("uma"), who("oscar"));
    let signature = world.claim_signature(&d.key, d.id(), uma, 0, U256::from(NOW));
    // Anyone may relay it; the deadline is inclusive.
    world
        .certificates
        .sender(relayer)
        .claim(d.id(), uma, U256::ZERO, U256::from(NOW), signature.clone())
        .motsu_unwrap();
    assert_eq!(world.owner(d.id()), uma);
    let call = world.certificates.sender(Address::ZERO);
    assert_eq!(call.claim_nonce(d.id()), U256::from(1));
    drop(call);
    let (logs, token_logs) = world.logs();
    let claimed = decode::<C::CertificateClaimed>(&logs);
    assert_eq!(claimed.len(), 1);
    assert_eq!(
        (claimed[0].id, claimed[0].owner, claimed[0].nonce),
        (d.id(), uma, U256::ZERO)
    );
    let transfers = decode::<IERC721::Transfer>(&token_logs);
    let last = transfers.last().unwrap();
    assert_eq!(
        (last.from, last.to, last.tokenId),
        (who("bob"), uma, d.id())
    );

    // The same signature cannot work twice: the nonce moved on, and custody ended.
    assert_refused!(
        world,
        world
            .certificates
            .sender(uma)
            .claim(d.id(), uma, U256::ZERO, U256::from(NOW), signature),
        InvalidNonce,
        C::InvalidNonce {
            nonce: U256::ZERO,
            expected: U256::from(1)
        }
    );
    let next = world.claim_signature(&d.key, d.id(), who("vic"), 1, U256::MAX);
    assert_refused!(
        world,
        world.certificates.sender(who("vic")).claim(
            d.id(),
            who("vic"),
            U256::from(1),
            U256::MAX,
            next
        ),
        NotInFactoryCustody,
        C::NotInFactoryCustody {
            id: d.id(),
            owner: uma
        }
    );
}

#[motsu::test]
fn a_claim_follows_the_node_holder_back_into_custody() {
    let world = World::new();
    let d = world.mint(0..1).remove(0);
    world.claim_to(&d, who("uma"));
    // The owner returns the device to the factory: it can be claimed again, with nonce 2.
    world
        .token
        .sender(who("uma"))
        .transfer_from(who("uma"), who("bob"), d.id())
        .motsu_unwrap();
    world.claim_to(&d, who("vic"));
    assert_eq!(world.owner(d.id()), who("vic"));
    // Three changes of owner: the claim, the return, the second claim.
    assert_eq!(
        world.certificates.sender(Address::ZERO).claim_nonce(d.id()),
        U256::from(3)
    );
}

#[motsu::test]
fn bad_claims_are_refused() {
    let world = World::new();
    let d = world.mint(0..1).remove(0);
    let uma = who("uma");
    let claim = |owner: Address, nonce: u64, deadline: U256, sig| {
        world
            .certificates
            .sender(uma)
            .claim(d.id(), owner, U256::from(nonce), deadline, sig)
    };
    let expired = world.claim_signature(&d.key, d.id(), uma, 0, U256::from(NOW - 1));
    assert_refused!(
        world,
        claim(uma, 0, U256::from(NOW - 1), expired),
        SignatureExpired,
        C::SignatureExpired {
            deadline: U256::from(NOW - 1),
            now: NOW
        }
    );
    // A signature for uma does not work for vic.
    let for_uma = world.claim_signature(&d.key, d.id(), uma, 0, U256::MAX);
    let err = claim(who("vic"), 0, U256::MAX, for_uma.clone()).motsu_unwrap_err();
    assert!(
        matches!(err, crate::Error::WrongSigner(ref e) if e.expected == d.address()),
        "{err:?}"
    );
    // Another key, a high-s twin, a future nonce, the zero owner.
    let other = super::Device::new(5);
    let forged = world.claim_signature(&other.key, d.id(), uma, 0, U256::MAX);
    assert_refused!(
        world,
        claim(uma, 0, U256::MAX, forged),
        WrongSigner,
        C::WrongSigner {
            expected: d.address(),
            recovered: other.address()
        }
    );
    assert_refused!(
        world,
        claim(uma, 0, U256::MAX, high_s_twin(&for_uma).into()),
        InvalidSignature,
        C::InvalidSignature {}
    );
    let ahead = world.claim_signature(&d.key, d.id(), uma, 3, U256::MAX);
    assert_refused!(
        world,
        claim(uma, 3, U256::MAX, ahead),
        InvalidNonce,
        C::InvalidNonce {
            nonce: U256::from(3),
            expected: U256::ZERO
        }
    );
    let to_zero = world.claim_signature(&d.key, d.id(), Address::ZERO, 0, U256::MAX);
    assert_refused!(
        world,
        claim(Address::ZERO, 0, U256::MAX, to_zero),
        InvalidNewOwner,
        C::InvalidNewOwner {
            owner: Address::ZERO
        }
    );
    let unknown = U256::from(99);
    assert_refused!(
        world,
        world
            .certificates
            .sender(uma)
            .claim(unknown, uma, U256::ZERO, U256::MAX, for_uma),
        UnknownCertificate,
        C::UnknownCertificate { id: unknown }
    );
}

#[motsu::test]
fn a_claim_clears_the_factorys_organizations() {
    let world = World::new();
    let d = world.mint(0..1).remove(0);
    world
        .token
        .sender(who("bob"))
        .authorize_organization(d.id(), who("oscar"))
        .motsu_unwrap();
    world.claim_to(&d, who("uma"));
    assert!(world
        .token
        .sender(Address::ZERO)
        .authorized_organizations(d.id())
        .is_empty());
    assert_eq!(decode::<T::OrganizationsCleared>(&world.logs().1).len(), 1);
}

#[motsu::test]
fn the_owner_marks_the_device_provisioned_once() {
    let world = World::new();
    let d = world.mint(0..1).remove(0);
    let uma = who("uma");
    world.claim_to(&d, uma);
    for tag in ["bob", "oscar", "dave"] {
        assert_refused!(
            world,
            world
                .certificates
                .sender(who(tag))
                .mark_provisioned(d.id(), NOW),
            CallerNotOwner,
            C::CallerNotOwner {
                id: d.id(),
                account: who(tag)
            },
            "{tag}"
        );
    }
    for (date, bound) in [
        (NOW + 1, NOW),
        (0, NOW),
        (d.manufactured_at - 1, d.manufactured_at),
    ] {
        assert_refused!(
            world,
            world
                .certificates
                .sender(uma)
                .mark_provisioned(d.id(), date),
            InvalidDate,
            C::InvalidDate { date, bound },
            "{date}"
        );
    }
    world
        .certificates
        .sender(uma)
        .mark_provisioned(d.id(), NOW - 5)
        .motsu_unwrap();
    assert_eq!(world.view(d.id()).provisioned_at, NOW - 5);
    let (logs, token_logs) = world.logs();
    let e = &decode::<C::DeviceProvisioned>(&logs)[0];
    assert_eq!((e.id, e.provisionedAt, e.by), (d.id(), NOW - 5, uma));
    let updates = decode::<dimo_interfaces::erc::IERC4906::MetadataUpdate>(&token_logs);
    assert_eq!(updates.last().unwrap().tokenId, d.id());
    assert_refused!(
        world,
        world.certificates.sender(uma).mark_provisioned(d.id(), NOW),
        AlreadyProvisioned,
        C::AlreadyProvisioned {
            id: d.id(),
            provisionedAt: NOW - 5
        }
    );
}
