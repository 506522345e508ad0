//! The onboarding story's calls, in order: the one place to change when a contract's
//! functions change.

use alloy::primitives::{keccak256, Address, Bytes, U256};
use alloy::signers::local::PrivateKeySigner;

use super::devices::Device;
use super::eip712::{domain, id_of, sign, sign_mint_device, Claim, RotateKey};
use super::{Cast, Story};
use crate::contracts::IMintingCertificates::DeviceInput;
use crate::contracts::{
    CertificateToken as T, DeviceLicenses as D, ManufacturerRegistry as R,
    ManufacturingLicenses as M, MintingCertificates as C, TestErc20 as E,
};

/// Devices minted in the story's batch.
pub(crate) const BATCH: u64 = 100;
/// The initial firmware: 1.4.0 build 7 (`major << 48 | minor << 32 | patch << 16 | build`).
pub(crate) const FIRMWARE: u64 = 1 << 48 | 4 << 32 | 7;
/// `EndOfLife` kind "recycled".
pub(crate) const RECYCLED: u8 = 2;

/// What the story leaves behind, for the printout and the tests.
#[derive(Debug, Clone)]
pub(crate) struct Outcome {
    /// The manufacturer's node.
    pub node: U256,
    /// Its Hardware Device License.
    pub device_license: U256,
    /// The minted batch.
    pub batch: U256,
    /// The certificate that went through the whole life.
    pub certificate: U256,
}

/// One device's `DeviceInput` (the ABI's named struct) for `node` under Hardware Device
/// License `license`, signed by its key.
pub(crate) fn device_input(
    story: &Story,
    node: U256,
    license: U256,
    device: &Device,
    now: u64,
) -> DeviceInput {
    let mut input = DeviceInput {
        serial: device.serial.clone(),
        imei: device.imei,
        device: device.address(),
        manufacturedAt: now - 30 * 86_400,
        ictPassed: true,
        ictReport: keccak256("ict report"),
        mechanicalPassed: true,
        mechanicalReport: keccak256("mechanical report"),
        qaPassed: true,
        qaReport: keccak256("qa report"),
        qaInspectedAt: now - 29 * 86_400,
        firmware: FIRMWARE,
        signature: Bytes::new(),
    };
    let d = domain(story.chain_id, story.contracts.certificates);
    input.signature = sign_mint_device(&device.key, &d, node, license, &input);
    input
}

/// Runs the whole story.
#[allow(clippy::too_many_lines)]
pub(crate) async fn run(story: &mut Story, cast: &Cast) -> eyre::Result<Outcome> {
    let a = story.contracts;
    let (foundation, acme, buyer) = (&cast.foundation, &cast.acme, &cast.buyer);

    // The foundation registers the manufacturer and hands the node to its controller.
    story
        .send(
            foundation,
            a.registry,
            &R::addControllerCall {
                controller: acme.address(),
            },
            "registry.addController(acme)".into(),
        )
        .await?;
    story
        .send(
            foundation,
            a.registry,
            &R::mintManufacturerCall {
                owner: foundation.address(),
                name: "Acme Devices".into(),
            },
            "registry.mintManufacturer(foundation, \"Acme Devices\")".into(),
        )
        .await?;
    let node = story
        .view(
            foundation.address(),
            a.registry,
            &R::manufacturerIdByNameCall {
                name: "Acme Devices".into(),
            },
        )
        .await?;
    story
        .send(
            foundation,
            a.registry,
            &R::transferFromCall {
                from: foundation.address(),
                to: acme.address(),
                tokenId: node,
            },
            format!("registry.transferFrom(foundation, acme, {node})"),
        )
        .await?;

    // Stake, MOU, Manufacturing License.
    let stake = story
        .view(acme.address(), a.manufacturing, &M::minimumStakeCall {})
        .await?;
    story
        .send(
            acme,
            a.staking_token,
            &E::mintCall {
                to: acme.address(),
                amount: stake,
            },
            "dimo.mint(acme, minimum stake) [test token]".into(),
        )
        .await?;
    story
        .send(
            acme,
            a.staking_token,
            &E::approveCall {
                spender: a.manufacturing,
                value: stake,
            },
            "dimo.approve(manufacturing, minimum stake)".into(),
        )
        .await?;
    story
        .send(
            acme,
            a.manufacturing,
            &M::stakeCall {
                node,
                amount: stake,
            },
            format!("manufacturing.stake({node}, {stake})"),
        )
        .await?;
    let version = story
        .view(
            acme.address(),
            a.manufacturing,
            &M::currentMouVersionCall {},
        )
        .await?;
    story
        .send(
            acme,
            a.manufacturing,
            &M::acceptMouCall { node, version },
            format!("manufacturing.acceptMou({node}, {version})"),
        )
        .await?;
    story
        .send(
            &cast.manager,
            a.manufacturing,
            &M::grantManufacturingLicenseCall {
                node,
                expiresAt: 0,
                reason: keccak256("onboarding approved"),
            },
            format!("manufacturing.grantManufacturingLicense({node})"),
        )
        .await?;

    // The Hardware Device License: application, three audits, the team's vote.
    let apply = D::applyForDeviceLicenseCall {
        manufacturer: node,
        model: "Model One".into(),
        hardwareRevision: "rev B".into(),
        designHash: keccak256("model one design"),
        supersedes: U256::ZERO,
    };
    let license = story.view(acme.address(), a.devices, &apply).await?;
    story
        .send(
            acme,
            a.devices,
            &apply,
            format!("devices.applyForDeviceLicense({node}, \"Model One\")"),
        )
        .await?;
    for (kind, auditor) in (1u8..).zip(&cast.auditors) {
        story
            .send(
                auditor,
                a.devices,
                &D::recordAuditCall {
                    id: license,
                    kind,
                    passed: true,
                    reportHash: keccak256(format!("audit {kind}")),
                    reportUri: format!("ipfs://audit-{kind}"),
                },
                format!("devices.recordAudit({license}, kind {kind}, passed)"),
            )
            .await?;
    }
    for member in &cast.team[..2] {
        story
            .send(
                member,
                a.devices,
                &D::voteCall {
                    id: license,
                    approve: true,
                },
                format!("devices.vote({license}, approve)"),
            )
            .await?;
    }

    // A batch of devices, each with its key's signature.
    let now = story.now().await?;
    let devices: Vec<Device> = (0..BATCH).map(|i| Device::new(1, i)).collect();
    let mint = C::mintCertificatesCall {
        manufacturer: node,
        deviceLicense: license,
        devices: devices
            .iter()
            .map(|d| device_input(story, node, license, d, now))
            .collect(),
    };
    let batch = story.view(acme.address(), a.certificates, &mint).await?;
    story
        .send(
            acme,
            a.certificates,
            &mint,
            format!("certificates.mintCertificates({node}, {license}, {BATCH} devices)"),
        )
        .await?;

    // A buyer claims device 0 (a relayer sends the device's signature), provisions it and
    // authorizes an organization.
    let device = &devices[0];
    let id = id_of(device.address());
    let d = domain(story.chain_id, a.certificates);
    let deadline = U256::from(now + 86_400);
    let claim = C::claimCall {
        id,
        owner: buyer.address(),
        nonce: U256::ZERO,
        deadline,
        signature: sign(
            &device.key,
            &d,
            &Claim {
                certificate: id,
                owner: buyer.address(),
                nonce: U256::ZERO,
                deadline,
            },
        ),
    };
    story
        .send(
            &cast.relayer,
            a.certificates,
            &claim,
            "certificates.claim(device 0, buyer, device signature)".into(),
        )
        .await?;
    let now = story.now().await?;
    story
        .send(
            buyer,
            a.certificates,
            &C::markProvisionedCall {
                id,
                provisionedAt: now - 60,
            },
            "certificates.markProvisioned(device 0)".into(),
        )
        .await?;
    let org = Address::from_word(keccak256("fleet organization"));
    story
        .send(
            buyer,
            a.token,
            &T::authorizeOrganizationCall { id, org },
            format!("token.authorizeOrganization(device 0, {org})"),
        )
        .await?;

    // The manufacturer ships an OTA update; the owner resets the device with a new key; end
    // of life.
    story
        .send(
            acme,
            a.certificates,
            &C::updateFirmwareCall {
                id,
                version: FIRMWARE + (1 << 32),
                imageHash: keccak256("firmware 1.5.0 build 7"),
                rollback: false,
            },
            "certificates.updateFirmware(device 0, 1.5.0)".into(),
        )
        .await?;
    let new_key = PrivateKeySigner::from_bytes(&keccak256("dimo story device 1/0 after reset"))?;
    let rotate = RotateKey {
        certificate: id,
        device: new_key.address(),
        nonce: U256::ZERO,
    };
    story
        .send(
            buyer,
            a.certificates,
            &C::factoryResetCall {
                id,
                newDevice: new_key.address(),
                // The current key agrees first (it proves possession), then the new key.
                signature: [sign(&device.key, &d, &rotate), sign(&new_key, &d, &rotate)]
                    .concat()
                    .into(),
            },
            "certificates.factoryReset(device 0, new key)".into(),
        )
        .await?;
    story
        .send(
            buyer,
            a.certificates,
            &C::endOfLifeCall {
                id,
                kind: RECYCLED,
                reason: keccak256("recycled at end of life"),
            },
            "certificates.endOfLife(device 0, recycled)".into(),
        )
        .await?;
    Ok(Outcome {
        node,
        device_license: license,
        batch,
        certificate: id,
    })
}
