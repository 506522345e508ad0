//! `dimo foundation`: what the foundation (registry admins, licence managers, the contracts'
//! owner) runs: manufacturers and controllers, the MOU, auditors, the team and its threshold,
//! licence managers, and manufacturing licences (grant, suspend, reinstate, revoke, slash).

use std::path::PathBuf;

use alloy::primitives::{keccak256, Address, B256, U256};
use clap::Subcommand;
use eyre::WrapErr;

use super::context::Ctx;
use super::send::Call;
use crate::contracts::{
    DeviceLicenses as D, ManufacturerRegistry as R, ManufacturingLicenses as M,
};

/// The most names one `mintManufacturerBatch` takes.
const REGISTRY_BATCH: usize = 100;

/// Foundation commands.
#[derive(Debug, Clone, Subcommand)]
pub(crate) enum FoundationCmd {
    /// Registers a manufacturer (mints its node).
    RegisterManufacturer {
        /// Its name (unique).
        #[arg(long)]
        name: String,
        /// Who holds the node (default: the sender; hand it over later).
        #[arg(long)]
        owner: Option<Address>,
    },
    /// Registers every manufacturer named in a file (one name a line), 100 per transaction.
    RegisterManufacturers {
        /// The list.
        #[arg(long)]
        file: PathBuf,
        /// Who holds the nodes (default: the sender).
        #[arg(long)]
        owner: Option<Address>,
    },
    /// Adds a controller (an address allowed to hold a node).
    AddController { address: Address },
    /// Removes a controller.
    RemoveController { address: Address },
    /// Hands node `node` over to `to` (a controller).
    HandOver {
        #[arg(long)]
        node: U256,
        #[arg(long)]
        to: Address,
    },
    /// Renames a manufacturer.
    Rename {
        #[arg(long)]
        node: U256,
        #[arg(long)]
        name: String,
    },
    /// Publishes a new MOU version: its hash computed from the file, and its URI.
    PublishMou {
        #[arg(long)]
        file: PathBuf,
        #[arg(long)]
        uri: String,
    },
    /// Adds an auditor with the URI describing it.
    AddAuditor {
        address: Address,
        #[arg(long, default_value = "")]
        uri: String,
    },
    /// Removes an auditor.
    RemoveAuditor { address: Address },
    /// Adds a Hardware Integration Team member.
    AddTeamMember { address: Address },
    /// Removes a team member.
    RemoveTeamMember { address: Address },
    /// Sets the approvals a device licence needs.
    SetThreshold { threshold: u64 },
    /// Adds a licence manager.
    AddLicenseManager { address: Address },
    /// Removes a licence manager.
    RemoveLicenseManager { address: Address },
    /// Grants a Manufacturing License.
    Grant {
        #[arg(long)]
        node: U256,
        /// Unix seconds; 0 for no expiry.
        #[arg(long, default_value_t = 0)]
        expires_at: u64,
        /// The reason, as text (its keccak-256 is recorded).
        #[arg(long)]
        reason: String,
    },
    /// Suspends a Manufacturing License.
    Suspend {
        #[arg(long)]
        node: U256,
        #[arg(long)]
        reason: String,
    },
    /// Reinstates a suspended Manufacturing License.
    Reinstate {
        #[arg(long)]
        node: U256,
        #[arg(long)]
        reason: String,
    },
    /// Revokes a Manufacturing License.
    Revoke {
        #[arg(long)]
        node: U256,
        #[arg(long)]
        reason: String,
    },
    /// Suspends a Hardware Device License.
    SuspendDeviceLicense {
        #[arg(long)]
        license: U256,
        #[arg(long)]
        reason: String,
    },
    /// Reinstates a suspended Hardware Device License.
    ReinstateDeviceLicense {
        #[arg(long)]
        license: U256,
        #[arg(long)]
        reason: String,
    },
    /// Revokes a Hardware Device License.
    RevokeDeviceLicense {
        #[arg(long)]
        license: U256,
        #[arg(long)]
        reason: String,
    },
    /// Voids a certificate after a dispute (frees its serial and IMEI).
    VoidCertificate {
        #[command(flatten)]
        cert: super::lookup::CertArgs,
        #[arg(long)]
        reason: String,
    },
    /// Slashes part of a manufacturer's stake to the treasury.
    Slash {
        #[arg(long)]
        node: U256,
        /// Amount in the token's smallest unit.
        #[arg(long)]
        amount: U256,
        #[arg(long)]
        reason: String,
    },
}

/// The keccak-256 of a reason's text (what the contracts record).
pub(crate) fn reason_hash(reason: &str) -> B256 {
    keccak256(reason.as_bytes())
}

/// The calls `cmd` sends.
#[allow(clippy::too_many_lines)] // one arm per command
pub(crate) async fn calls(ctx: &Ctx, cmd: &FoundationCmd) -> eyre::Result<Vec<Call>> {
    let c = ctx.contracts;
    let sender = ctx.sender()?;
    Ok(match cmd {
        FoundationCmd::RegisterManufacturer { name, owner } => {
            let owner = owner.unwrap_or(sender);
            vec![Call::new(
                c.registry,
                &R::mintManufacturerCall {
                    owner,
                    name: name.clone(),
                },
                format!("registry.mintManufacturer({owner}, {name:?})"),
            )]
        }
        FoundationCmd::RegisterManufacturers { file, owner } => {
            let owner = owner.unwrap_or(sender);
            let text = std::fs::read_to_string(file)
                .wrap_err_with(|| format!("reading {}", file.display()))?;
            let names: Vec<String> = text
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(str::to_owned)
                .collect();
            eyre::ensure!(
                !names.is_empty(),
                "{} names no manufacturer",
                file.display()
            );
            names
                .chunks(REGISTRY_BATCH)
                .map(|chunk| {
                    Call::new(
                        c.registry,
                        &R::mintManufacturerBatchCall {
                            owner,
                            names: chunk.to_vec(),
                        },
                        format!(
                            "registry.mintManufacturerBatch({owner}, {} names from {:?})",
                            chunk.len(),
                            chunk[0]
                        ),
                    )
                })
                .collect()
        }
        FoundationCmd::AddController { address } => vec![Call::new(
            c.registry,
            &R::addControllerCall {
                controller: *address,
            },
            format!("registry.addController({address})"),
        )],
        FoundationCmd::RemoveController { address } => vec![Call::new(
            c.registry,
            &R::removeControllerCall {
                controller: *address,
            },
            format!("registry.removeController({address})"),
        )],
        FoundationCmd::HandOver { node, to } => vec![Call::new(
            c.registry,
            &R::transferFromCall {
                from: sender,
                to: *to,
                tokenId: *node,
            },
            format!("registry.transferFrom({sender}, {to}, node {node})"),
        )],
        FoundationCmd::Rename { node, name } => vec![Call::new(
            c.registry,
            &R::renameManufacturerCall {
                node: *node,
                newName: name.clone(),
            },
            format!("registry.renameManufacturer({node}, {name:?})"),
        )],
        FoundationCmd::PublishMou { file, uri } => {
            let hash = super::file_hash(file)?;
            vec![Call::new(
                c.manufacturing,
                &M::publishMouCall {
                    hash,
                    uri: uri.clone(),
                },
                format!("manufacturing.publishMou({hash}, {uri:?})"),
            )]
        }
        FoundationCmd::AddAuditor { address, uri } => vec![Call::new(
            c.devices,
            &D::addAuditorCall {
                auditor: *address,
                uri: uri.clone(),
            },
            format!("devices.addAuditor({address}, {uri:?})"),
        )],
        FoundationCmd::RemoveAuditor { address } => vec![Call::new(
            c.devices,
            &D::removeAuditorCall { auditor: *address },
            format!("devices.removeAuditor({address})"),
        )],
        FoundationCmd::AddTeamMember { address } => vec![Call::new(
            c.devices,
            &D::addTeamMemberCall { member: *address },
            format!("devices.addTeamMember({address})"),
        )],
        FoundationCmd::RemoveTeamMember { address } => vec![Call::new(
            c.devices,
            &D::removeTeamMemberCall { member: *address },
            format!("devices.removeTeamMember({address})"),
        )],
        FoundationCmd::SetThreshold { threshold } => vec![Call::new(
            c.devices,
            &D::setApprovalThresholdCall {
                threshold: *threshold,
            },
            format!("devices.setApprovalThreshold({threshold})"),
        )],
        FoundationCmd::AddLicenseManager { address } => vec![Call::new(
            c.manufacturing,
            &M::addLicenseManagerCall { account: *address },
            format!("manufacturing.addLicenseManager({address})"),
        )],
        FoundationCmd::RemoveLicenseManager { address } => vec![Call::new(
            c.manufacturing,
            &M::removeLicenseManagerCall { account: *address },
            format!("manufacturing.removeLicenseManager({address})"),
        )],
        FoundationCmd::Grant {
            node,
            expires_at,
            reason,
        } => vec![Call::new(
            c.manufacturing,
            &M::grantManufacturingLicenseCall {
                node: *node,
                expiresAt: *expires_at,
                reason: reason_hash(reason),
            },
            format!(
                "manufacturing.grantManufacturingLicense({node}, expires {expires_at}, {reason:?})"
            ),
        )],
        FoundationCmd::Suspend { node, reason } => vec![Call::new(
            c.manufacturing,
            &M::suspendManufacturingLicenseCall {
                node: *node,
                reason: reason_hash(reason),
            },
            format!("manufacturing.suspendManufacturingLicense({node}, {reason:?})"),
        )],
        FoundationCmd::Reinstate { node, reason } => vec![Call::new(
            c.manufacturing,
            &M::reinstateManufacturingLicenseCall {
                node: *node,
                reason: reason_hash(reason),
            },
            format!("manufacturing.reinstateManufacturingLicense({node}, {reason:?})"),
        )],
        FoundationCmd::Revoke { node, reason } => vec![Call::new(
            c.manufacturing,
            &M::revokeManufacturingLicenseCall {
                node: *node,
                reason: reason_hash(reason),
            },
            format!("manufacturing.revokeManufacturingLicense({node}, {reason:?})"),
        )],
        FoundationCmd::SuspendDeviceLicense { license, reason } => vec![Call::new(
            c.devices,
            &D::suspendDeviceLicenseCall {
                id: *license,
                reason: reason_hash(reason),
            },
            format!("devices.suspendDeviceLicense({license}, {reason:?})"),
        )],
        FoundationCmd::ReinstateDeviceLicense { license, reason } => vec![Call::new(
            c.devices,
            &D::reinstateDeviceLicenseCall {
                id: *license,
                reason: reason_hash(reason),
            },
            format!("devices.reinstateDeviceLicense({license}, {reason:?})"),
        )],
        FoundationCmd::RevokeDeviceLicense { license, reason } => vec![Call::new(
            c.devices,
            &D::revokeDeviceLicenseCall {
                id: *license,
                reason: reason_hash(reason),
            },
            format!("devices.revokeDeviceLicense({license}, {reason:?})"),
        )],
        FoundationCmd::VoidCertificate { cert, reason } => {
            let id = super::lookup::certificate_id(ctx, cert).await?;
            vec![Call::new(
                c.certificates,
                &crate::contracts::MintingCertificates::voidCertificateCall {
                    id,
                    reason: reason_hash(reason),
                },
                format!("certificates.voidCertificate({id}, {reason:?})"),
            )]
        }
        FoundationCmd::Slash {
            node,
            amount,
            reason,
        } => vec![Call::new(
            c.manufacturing,
            &M::slashCall {
                node: *node,
                amount: *amount,
                reason: reason_hash(reason),
            },
            format!("manufacturing.slash({node}, {amount}, {reason:?})"),
        )],
    })
}
