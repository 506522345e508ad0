//! Calldata fuzzing of the manufacturing-licence, device-licence and certificate contracts and
//! of the certificate token (see [`super`] for the rules), each in one populated world: two
//! licensed manufacturers and a third staked but unlicensed, an active, a pending and a
//! revoked device licence, certificates in factory custody, claimed (with an organization,
//! provisioned and updated) and retired. Templates carry genuine device signatures (mints,
//! claims, key rotations), so that mutated calls reach deep into the checks.
//!
//! Clean reverts are the contract's own errors and two-step ownership's; for the certificate
//! contract also the token's (passed on from its issuer hooks); for the token, whose
//! `safeTransferFrom` passes on a receiver's revert data, the errors of any contract here.

use alloy_primitives::{Address, Bytes, FixedBytes, B256, U256};
use alloy_sol_types::{SolCall, SolInterface};
use dimo_interfaces::admin::IAdmins as Adm;
use dimo_interfaces::{
    certificates::{DeviceInput, ICertificateToken as T, IDeviceCertificates as C},
    erc::{IERC721Metadata as Meta, IOwnable2Step as O, IERC165, IERC721 as E},
    licenses::{IDeviceLicenses as D, IManufacturingLicenses as M, DEFAULT_MINIMUM_STAKE},
    signer::DeviceKey,
};
use stylus_runtime::{constructor_selector, World};

use super::{word, Campaign, Rng};
use crate::calls::decode_error;
use crate::registry::account;
use crate::stack::{
    acme, auditors, hash, manager, owner, rival, startup, team, Device, Stack, ACME, ACME_LICENSE,
    FIRMWARE, RIVAL, RIVAL_LICENSE, STARTUP,
};

/// The fuzzing world and the material templates draw from.
struct Populated {
    stack: Stack,
    /// Every account, the contracts included.
    people: Vec<Address>,
    /// Ids of existing certificates (0: claimed; 1: retired; 2, 3: in factory custody;
    /// 4: the rival's), then two unknown ids.
    ids: Vec<U256>,
    /// Signed, never minted devices of ACME.
    fresh: Vec<DeviceInput>,
    /// Genuine `claim` calls (certificates 2 and 3 to the user).
    claims: Vec<C::claimCall>,
    /// Genuine `factoryReset` calls (certificate 0, rotating to new keys).
    resets: Vec<C::factoryResetCall>,
    now: u64,
}

fn user() -> Address {
    account("user")
}

fn populated() -> Populated {
    let mut s = Stack::licensed();
    let (d, c, token) = (s.devices, s.certificates, s.token);
    let devices: Vec<Device> = (0..4).map(|i| Device::new(7, i)).collect();
    s.mint(&devices);
    let theirs = Device::new(8, 0);
    let call = s.mint_call(RIVAL, RIVAL_LICENSE, std::slice::from_ref(&theirs));
    s.ok(rival(), c, &call);
    let (user, org) = (user(), account("org"));
    let id0 = devices[0].id();
    s.ok(user, c, &s.claim_call(&devices[0], user));
    s.ok(user, token, &T::authorizeOrganizationCall { id: id0, org });
    s.ok(
        user,
        c,
        &C::markProvisionedCall {
            id: id0,
            provisionedAt: s.now(),
        },
    );
    s.ok(
        acme(),
        c,
        &C::updateFirmwareCall {
            id: id0,
            version: FIRMWARE + 1,
            imageHash: hash(9),
            rollback: false,
        },
    );
    s.ok(
        acme(),
        c,
        &C::endOfLifeCall {
            id: devices[1].id(),
            kind: 1,
            reason: hash(1),
        },
    );
    // A pending licence with two of three audits, and a revoked one.
    let pending = s.apply(ACME, "Model Two");
    s.audit(pending, 1);
    s.audit(pending, 2);
    let revoked = s.apply(RIVAL, "Model Three");
    s.ok(
        manager(),
        d,
        &D::revokeDeviceLicenseCall {
            id: revoked,
            reason: hash(3),
        },
    );
    // The startup staked but accepted nothing.
    s.stake(STARTUP);

    let now = s.now();
    let fresh = (10..16)
        .map(|i| s.device(ACME, &Device::new(7, i)))
        .collect();
    let claims = devices[2..].iter().map(|d| s.claim_call(d, user)).collect();
    let resets = (0..3)
        .map(|i| {
            let key = DeviceKey::from_seed(&format!("fuzz rotation {i}"));
            C::factoryResetCall {
                id: id0,
                newDevice: key.address(),
                signature: s.rotate_signature(&devices[0].key, &key, id0, 0),
            }
        })
        .collect();
    let mut ids: Vec<U256> = devices.iter().map(Device::id).collect();
    ids.extend([theirs.id(), U256::ZERO, U256::from(12_345)]);
    let mut people = vec![
        owner(),
        manager(),
        auditors()[0],
        auditors()[2],
        team()[0],
        team()[1],
        acme(),
        rival(),
        startup(),
        user,
        org,
        account("stranger"),
    ];
    people.extend([
        Address::ZERO,
        s.erc20,
        s.registry,
        s.manufacturing,
        s.devices,
        s.token,
        s.certificates,
    ]);
    Populated {
        stack: s,
        people,
        ids,
        fresh,
        claims,
        resets,
        now,
    }
}

/// The callers: everyone but the zero address, the token and the staking token.
fn callers(p: &Populated) -> Vec<Address> {
    let s = &p.stack;
    p.people
        .iter()
        .copied()
        .filter(|a| !a.is_zero() && *a != s.erc20 && *a != s.token)
        .collect()
}

fn decodes<E: SolInterface>(data: &[u8]) -> bool {
    E::abi_decode(data, true).is_ok()
}

fn clean_manufacturing(data: &[u8]) -> bool {
    data.is_empty()
        || decodes::<M::IManufacturingLicensesErrors>(data)
        || decodes::<Adm::IAdminsErrors>(data)
        || decodes::<O::IOwnable2StepErrors>(data)
}

fn clean_devices(data: &[u8]) -> bool {
    data.is_empty()
        || decodes::<D::IDeviceLicensesErrors>(data)
        || decodes::<Adm::IAdminsErrors>(data)
        || decodes::<O::IOwnable2StepErrors>(data)
}

fn clean_certificates(data: &[u8]) -> bool {
    data.is_empty()
        || decodes::<C::IDeviceCertificatesErrors>(data)
        || decodes::<T::ICertificateTokenErrors>(data)
        || decodes::<E::IERC721Errors>(data)
}

fn clean_token(data: &[u8]) -> bool {
    data.is_empty() || decode_error(data).is_some()
}

/// Some strings around a limit of `max` bytes.
fn text(rng: &mut Rng, max: usize) -> String {
    rng.pick(&[
        String::new(),
        "x".to_owned(),
        "ipfs://bafy".to_owned(),
        "é".repeat(max / 2),
        "y".repeat(max),
        "z".repeat(max + 1),
    ])
}

/// A hash, zero now and then.
fn some_hash(rng: &mut Rng) -> B256 {
    B256::repeat_byte(rng.pick(&[0, 1, 0x5e]))
}

/// The calldata of `ERC-165` and the constructor, which every contract has.
fn common(rng: &mut Rng) -> Vec<Vec<u8>> {
    vec![
        IERC165::supportsInterfaceCall {
            interfaceId: FixedBytes(rng.next().to_le_bytes()[..4].try_into().unwrap_or([0; 4])),
        }
        .abi_encode(),
        [constructor_selector().to_vec(), rng.bytes(128)].concat(),
        O::ownerCall {}.abi_encode(),
        O::pendingOwnerCall {}.abi_encode(),
        O::transferOwnershipCall {
            newOwner: rng.pick(&[owner(), manager(), Address::ZERO]),
        }
        .abi_encode(),
        O::acceptOwnershipCall {}.abi_encode(),
        O::renounceOwnershipCall {}.abi_encode(),
    ]
}

// One entry per function of the ABI: splitting the list would only scatter it.
#[allow(clippy::too_many_lines)]
fn manufacturing_templates(rng: &mut Rng, p: &Populated) -> Vec<Vec<u8>> {
    let who = |rng: &mut Rng| rng.pick(&p.people);
    let node = |rng: &mut Rng| word(rng.pick(&[0, 1, 2, 3, 4]));
    let amount = |rng: &mut Rng| {
        rng.pick(&[
            U256::ZERO,
            U256::from(1),
            DEFAULT_MINIMUM_STAKE,
            DEFAULT_MINIMUM_STAKE * U256::from(20),
            U256::MAX,
        ])
    };
    let now = p.now;
    let expiry = |rng: &mut Rng| rng.pick(&[0, now, now + 1, u64::MAX]);
    let version = |rng: &mut Rng| rng.pick(&[0, 1, 2, u64::MAX]);
    let mut out = vec![
        Adm::isAdminCall { account: who(rng) }.abi_encode(),
        Adm::addAdminCall { account: who(rng) }.abi_encode(),
        Adm::removeAdminCall { account: who(rng) }.abi_encode(),
        M::isLicenseManagerCall { account: who(rng) }.abi_encode(),
        M::addLicenseManagerCall { account: who(rng) }.abi_encode(),
        M::removeLicenseManagerCall { account: who(rng) }.abi_encode(),
        M::setStakingTokenCall { token: who(rng) }.abi_encode(),
        M::setMinimumStakeCall {
            amount: amount(rng),
        }
        .abi_encode(),
        M::setUnstakeCooldownCall {
            cooldown: expiry(rng),
        }
        .abi_encode(),
        M::setTreasuryCall { treasury: who(rng) }.abi_encode(),
        M::registryCall {}.abi_encode(),
        M::stakingTokenCall {}.abi_encode(),
        M::minimumStakeCall {}.abi_encode(),
        M::unstakeCooldownCall {}.abi_encode(),
        M::treasuryCall {}.abi_encode(),
        M::totalStakedCall {}.abi_encode(),
        M::stakeCall {
            node: node(rng),
            amount: amount(rng),
        }
        .abi_encode(),
        M::unstakeCall {
            node: node(rng),
            amount: amount(rng),
        }
        .abi_encode(),
        M::slashCall {
            node: node(rng),
            amount: amount(rng),
            reason: some_hash(rng),
        }
        .abi_encode(),
        M::stakeOfCall { node: node(rng) }.abi_encode(),
        M::unstakeUnlocksAtCall { node: node(rng) }.abi_encode(),
        M::publishMouCall {
            hash: some_hash(rng),
            uri: text(rng, 256),
        }
        .abi_encode(),
        M::currentMouVersionCall {}.abi_encode(),
        M::mouCall {
            version: version(rng),
        }
        .abi_encode(),
        M::acceptMouCall {
            node: node(rng),
            version: version(rng),
        }
        .abi_encode(),
        M::grantManufacturingLicenseCall {
            node: node(rng),
            expiresAt: expiry(rng),
            reason: some_hash(rng),
        }
        .abi_encode(),
        M::suspendManufacturingLicenseCall {
            node: node(rng),
            reason: some_hash(rng),
        }
        .abi_encode(),
        M::reinstateManufacturingLicenseCall {
            node: node(rng),
            reason: some_hash(rng),
        }
        .abi_encode(),
        M::revokeManufacturingLicenseCall {
            node: node(rng),
            reason: some_hash(rng),
        }
        .abi_encode(),
        M::manufacturingLicenseCall { node: node(rng) }.abi_encode(),
        M::isManufacturerLicensedCall { node: node(rng) }.abi_encode(),
    ];
    out.extend(common(rng));
    out
}

// One entry per function of the ABI: splitting the list would only scatter it.
#[allow(clippy::too_many_lines)]
fn device_license_templates(rng: &mut Rng, p: &Populated) -> Vec<Vec<u8>> {
    let who = |rng: &mut Rng| rng.pick(&p.people);
    let node = |rng: &mut Rng| word(rng.pick(&[0, 1, 2, 3, 4]));
    let id = |rng: &mut Rng| word(rng.pick(&[0, 1, 2, 3, 4, 5]));
    let kind = |rng: &mut Rng| rng.pick(&[0, 1, 2, 3, 4]);
    let mut out = vec![
        Adm::isAdminCall { account: who(rng) }.abi_encode(),
        Adm::addAdminCall { account: who(rng) }.abi_encode(),
        Adm::removeAdminCall { account: who(rng) }.abi_encode(),
        D::registryCall {}.abi_encode(),
        D::manufacturingLicensesCall {}.abi_encode(),
        D::addAuditorCall {
            auditor: who(rng),
            uri: text(rng, 256),
        }
        .abi_encode(),
        D::removeAuditorCall { auditor: who(rng) }.abi_encode(),
        D::isAuditorCall { account: who(rng) }.abi_encode(),
        D::auditorUriCall { auditor: who(rng) }.abi_encode(),
        D::addTeamMemberCall { member: who(rng) }.abi_encode(),
        D::removeTeamMemberCall { member: who(rng) }.abi_encode(),
        D::setApprovalThresholdCall {
            threshold: rng.pick(&[0, 1, 2, 3, 4]),
        }
        .abi_encode(),
        D::isTeamMemberCall { account: who(rng) }.abi_encode(),
        D::teamSizeCall {}.abi_encode(),
        D::approvalThresholdCall {}.abi_encode(),
        D::applyForDeviceLicenseCall {
            manufacturer: node(rng),
            model: text(rng, 64),
            hardwareRevision: text(rng, 32),
            designHash: some_hash(rng),
            supersedes: id(rng),
        }
        .abi_encode(),
        D::recordAuditCall {
            id: id(rng),
            kind: kind(rng),
            passed: rng.below(4) != 0,
            reportHash: some_hash(rng),
            reportUri: text(rng, 256),
        }
        .abi_encode(),
        D::deviceLicenseAuditCall {
            id: id(rng),
            kind: kind(rng),
        }
        .abi_encode(),
        D::voteCall {
            id: id(rng),
            approve: rng.below(3) != 0,
        }
        .abi_encode(),
        D::hasVotedCall {
            id: id(rng),
            member: who(rng),
        }
        .abi_encode(),
        D::suspendDeviceLicenseCall {
            id: id(rng),
            reason: some_hash(rng),
        }
        .abi_encode(),
        D::reinstateDeviceLicenseCall {
            id: id(rng),
            reason: some_hash(rng),
        }
        .abi_encode(),
        D::revokeDeviceLicenseCall {
            id: id(rng),
            reason: some_hash(rng),
        }
        .abi_encode(),
        D::deviceLicenseCall { id: id(rng) }.abi_encode(),
        D::isDeviceLicenseActiveCall { id: id(rng) }.abi_encode(),
        D::deviceLicenseManufacturerCall { id: id(rng) }.abi_encode(),
        D::deviceLicensesOfCall {
            manufacturer: node(rng),
            offset: rng.pick(&[0, 1, u64::MAX]),
            limit: rng.pick(&[0, 1, 100, 101, u64::MAX]),
        }
        .abi_encode(),
        D::totalDeviceLicensesCall {}.abi_encode(),
    ];
    out.extend(common(rng));
    out
}

// One entry per function of the ABI: splitting the list would only scatter it.
#[allow(clippy::too_many_lines)]
fn certificate_templates(rng: &mut Rng, p: &Populated) -> Vec<Vec<u8>> {
    let who = |rng: &mut Rng| rng.pick(&p.people);
    let id = |rng: &mut Rng| rng.pick(&p.ids);
    let now = p.now;
    let node = |rng: &mut Rng| rng.pick(&[ACME, ACME, RIVAL, STARTUP, U256::ZERO]);
    let license = |rng: &mut Rng| {
        rng.pick(&[
            ACME_LICENSE,
            ACME_LICENSE,
            RIVAL_LICENSE,
            U256::from(3),
            U256::ZERO,
        ])
    };
    let firmware = |rng: &mut Rng| {
        rng.pick(&[
            0,
            FIRMWARE - 1,
            FIRMWARE,
            FIRMWARE + 1,
            FIRMWARE + 2,
            u64::MAX,
        ])
    };
    let devices: Vec<DeviceInput> = (0..=rng.below(3)).map(|_| rng.pick(&p.fresh)).collect();
    let mut claim = rng.pick(&p.claims);
    if rng.below(3) == 0 {
        claim.owner = who(rng);
    }
    let mut reset = rng.pick(&p.resets);
    if rng.below(4) == 0 {
        reset.newDevice = Address::ZERO;
        reset.signature = Bytes::new();
    }
    let serial = rng.pick(&[
        p.fresh[0].serial.clone(),
        "DMC007-000000000".to_owned(),
        String::new(),
        "bad serial".to_owned(),
    ]);
    let mut out = vec![
        C::mintCertificatesCall {
            manufacturer: node(rng),
            deviceLicense: license(rng),
            devices,
        }
        .abi_encode(),
        C::batchCall {
            batch: word(rng.pick(&[0, 1, 2, 3])),
        }
        .abi_encode(),
        C::totalBatchesCall {}.abi_encode(),
        claim.abi_encode(),
        C::claimNonceCall { id: id(rng) }.abi_encode(),
        C::markProvisionedCall {
            id: id(rng),
            provisionedAt: rng.pick(&[0, 1, now - 86_400, now, now + 1]),
        }
        .abi_encode(),
        C::updateFirmwareCall {
            id: id(rng),
            version: firmware(rng),
            imageHash: some_hash(rng),
            rollback: rng.below(2) == 0,
        }
        .abi_encode(),
        reset.abi_encode(),
        C::factoryResetCall {
            id: id(rng),
            ..reset
        }
        .abi_encode(),
        C::endOfLifeCall {
            id: id(rng),
            kind: rng.pick(&[0, 1, 2, 3, 4]),
            reason: some_hash(rng),
        }
        .abi_encode(),
        C::historyHeadCall { id: id(rng) }.abi_encode(),
        C::certificateCall { id: id(rng) }.abi_encode(),
        C::idByDeviceAddressCall { device: who(rng) }.abi_encode(),
        C::idBySerialCall {
            manufacturer: node(rng),
            serial,
        }
        .abi_encode(),
        C::idByImeiCall {
            imei: rng.pick(&[0, p.fresh[0].imei, 490_154_203_237_518, u64::MAX]),
        }
        .abi_encode(),
        C::domainSeparatorCall {}.abi_encode(),
        C::tokenCall {}.abi_encode(),
        C::registryCall {}.abi_encode(),
        C::manufacturingLicensesCall {}.abi_encode(),
        C::deviceLicensesCall {}.abi_encode(),
    ];
    out.extend(common(rng).into_iter().take(2));
    out
}

// One entry per function of the ABI: splitting the list would only scatter it.
#[allow(clippy::too_many_lines)]
fn token_templates(rng: &mut Rng, p: &Populated) -> Vec<Vec<u8>> {
    let who = |rng: &mut Rng| rng.pick(&p.people);
    let id = |rng: &mut Rng| rng.pick(&p.ids);
    let ids = (0..rng.below(4)).map(|_| id(rng)).collect();
    let mut out = vec![
        E::balanceOfCall { owner: who(rng) }.abi_encode(),
        E::ownerOfCall { tokenId: id(rng) }.abi_encode(),
        E::transferFromCall {
            from: who(rng),
            to: who(rng),
            tokenId: id(rng),
        }
        .abi_encode(),
        E::safeTransferFrom_0Call {
            from: who(rng),
            to: who(rng),
            tokenId: id(rng),
            data: {
                let n = rng.below(40);
                Bytes::from(rng.bytes(n))
            },
        }
        .abi_encode(),
        E::safeTransferFrom_1Call {
            from: who(rng),
            to: who(rng),
            tokenId: id(rng),
        }
        .abi_encode(),
        E::approveCall {
            to: who(rng),
            tokenId: id(rng),
        }
        .abi_encode(),
        E::setApprovalForAllCall {
            operator: who(rng),
            approved: rng.below(2) == 1,
        }
        .abi_encode(),
        E::getApprovedCall { tokenId: id(rng) }.abi_encode(),
        E::isApprovedForAllCall {
            owner: who(rng),
            operator: who(rng),
        }
        .abi_encode(),
        Meta::nameCall {}.abi_encode(),
        Meta::symbolCall {}.abi_encode(),
        Meta::tokenURICall { tokenId: id(rng) }.abi_encode(),
        T::setIssuerCall { issuer: who(rng) }.abi_encode(),
        T::issuerCall {}.abi_encode(),
        T::setBaseUriCall {
            uri: text(rng, 256),
        }
        .abi_encode(),
        T::issueCall { to: who(rng), ids }.abi_encode(),
        T::issuerTransferCall {
            from: who(rng),
            to: who(rng),
            id: id(rng),
        }
        .abi_encode(),
        T::retireCall { id: id(rng) }.abi_encode(),
        T::notifyUpdateCall { id: id(rng) }.abi_encode(),
        T::isRetiredCall { id: id(rng) }.abi_encode(),
        T::authorizeOrganizationCall {
            id: id(rng),
            org: who(rng),
        }
        .abi_encode(),
        T::revokeOrganizationCall {
            id: id(rng),
            org: who(rng),
        }
        .abi_encode(),
        T::authorizedOrganizationsCall { id: id(rng) }.abi_encode(),
        T::isAuthorizedOrganizationCall {
            id: id(rng),
            org: who(rng),
        }
        .abi_encode(),
    ];
    out.extend(common(rng));
    out
}

/// Runs one contract's campaign.
fn fuzz(
    name: &'static str,
    target: impl Fn(&Stack) -> Address,
    clean: fn(&[u8]) -> bool,
    salt: u64,
    templates: fn(&mut Rng, &Populated) -> Vec<Vec<u8>>,
) {
    let p = populated();
    let world: &World = &p.stack.world;
    let callers = callers(&p);
    Campaign {
        name,
        pristine: world,
        target: target(&p.stack),
        callers: &callers,
        clean,
        salt,
    }
    .run(|rng| templates(rng, &p));
}

#[test]
fn manufacturing_licenses_end_cleanly() {
    fuzz(
        "manufacturing-licenses",
        |s| s.manufacturing,
        clean_manufacturing,
        1,
        manufacturing_templates,
    );
}

#[test]
fn device_licenses_end_cleanly() {
    fuzz(
        "device-licenses",
        |s| s.devices,
        clean_devices,
        2,
        device_license_templates,
    );
}

#[test]
fn minting_certificates_end_cleanly() {
    fuzz(
        "minting-certificates",
        |s| s.certificates,
        clean_certificates,
        3,
        certificate_templates,
    );
}

#[test]
fn certificate_token_ends_cleanly() {
    fuzz(
        "certificate-token",
        |s| s.token,
        clean_token,
        4,
        token_templates,
    );
}
