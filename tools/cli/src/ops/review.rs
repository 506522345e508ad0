//! `dimo review`: what auditors and the Hardware Integration Team run on a device-licence
//! application: an assessment with its report's hash (computed from the report file) and URI,
//! and the team's vote.

use std::path::PathBuf;

use alloy::primitives::U256;
use clap::{Subcommand, ValueEnum};

use super::context::Ctx;
use super::send::Call;
use crate::contracts::DeviceLicenses as D;

/// The three assessments.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum AuditKind {
    /// 1: hardware and security.
    HardwareSecurity,
    /// 2: customer experience.
    CustomerExperience,
    /// 3: integration.
    Integration,
}

/// Auditor and team commands.
#[derive(Debug, Clone, Subcommand)]
pub(crate) enum ReviewCmd {
    /// Records an assessment of a device-licence application.
    Assess {
        /// The device licence.
        #[arg(long)]
        license: U256,
        #[arg(long, value_enum)]
        kind: AuditKind,
        /// The assessment failed (default: passed).
        #[arg(long)]
        failed: bool,
        /// The report: its keccak-256 is recorded.
        #[arg(long)]
        report: PathBuf,
        /// Where the report is published.
        #[arg(long)]
        uri: String,
    },
    /// Votes on a device-licence application.
    Vote {
        #[arg(long)]
        license: U256,
        /// Reject (default: approve).
        #[arg(long)]
        reject: bool,
    },
}

/// The calls `cmd` sends.
pub(crate) fn calls(ctx: &Ctx, cmd: &ReviewCmd) -> eyre::Result<Vec<Call>> {
    let devices = ctx.contracts.devices;
    Ok(match cmd {
        ReviewCmd::Assess {
            license,
            kind,
            failed,
            report,
            uri,
        } => {
            let hash = super::file_hash(report)?;
            let k = match kind {
                AuditKind::HardwareSecurity => 1,
                AuditKind::CustomerExperience => 2,
                AuditKind::Integration => 3,
            };
            vec![Call::new(
                devices,
                &D::recordAuditCall {
                    id: *license,
                    kind: k,
                    passed: !failed,
                    reportHash: hash,
                    reportUri: uri.clone(),
                },
                format!(
                    "devices.recordAudit({license}, {kind:?}, {}, report {hash}, {uri:?})",
                    if *failed { "failed" } else { "passed" }
                ),
            )]
        }
        ReviewCmd::Vote { license, reject } => vec![Call::new(
            devices,
            &D::voteCall {
                id: *license,
                approve: !reject,
            },
            format!(
                "devices.vote({license}, {})",
                if *reject { "reject" } else { "approve" }
            ),
        )],
    })
}
