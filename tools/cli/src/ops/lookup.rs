//! `dimo lookup`: anyone reads a manufacturer (by name or id), a manufacturing or device
//! licence, or a certificate (by id, device address, serial or IMEI) with its lifecycle history
//! rebuilt from the events and verified against the stored head.

use alloy::primitives::{Address, U256};
use clap::{Args, Subcommand};
use eyre::{bail, eyre};

use super::context::Ctx;
use super::history;
use super::output::Report;
use super::parse;
use crate::contracts::{
    DeviceLicenses as D, ManufacturerRegistry as R, ManufacturingLicenses as M,
    MintingCertificates as C,
};

/// Which certificate.
#[derive(Debug, Clone, Default, Args)]
pub(crate) struct CertArgs {
    /// The certificate id.
    #[arg(long, conflicts_with_all = ["device", "serial", "imei"])]
    pub id: Option<U256>,
    /// The device's current address.
    #[arg(long, conflicts_with_all = ["serial", "imei"])]
    pub device: Option<Address>,
    /// The serial (with --manufacturer).
    #[arg(long, requires = "manufacturer", conflicts_with = "imei")]
    pub serial: Option<String>,
    /// The manufacturer node of --serial.
    #[arg(long)]
    pub manufacturer: Option<U256>,
    /// The IMEI.
    #[arg(long)]
    pub imei: Option<String>,
}

/// Lookups.
#[derive(Debug, Clone, Subcommand)]
pub(crate) enum LookupCmd {
    /// A manufacturer by name or node id.
    Manufacturer {
        /// Name, or node id.
        name_or_id: String,
    },
    /// A manufacturer's Manufacturing License.
    License {
        /// The node.
        node: U256,
    },
    /// A Hardware Device License with its assessments.
    DeviceLicense {
        /// The licence id.
        id: U256,
    },
    /// A certificate with its verified history.
    Certificate(CertArgs),
}

/// The certificate `args` names (refused if none).
pub(crate) async fn certificate_id(ctx: &Ctx, args: &CertArgs) -> eyre::Result<U256> {
    let c = C::new(ctx.contracts.certificates, &ctx.provider);
    let (id, what) = if let Some(id) = args.id {
        let found = c.certificate(id).call().await.is_ok();
        (if found { id } else { U256::ZERO }, format!("id {id}"))
    } else if let Some(device) = args.device {
        (
            c.idByDeviceAddress(device).call().await?,
            format!("device address {device}"),
        )
    } else if let (Some(serial), Some(node)) = (&args.serial, args.manufacturer) {
        (
            c.idBySerial(node, serial.clone()).call().await?,
            format!("serial {serial:?} of manufacturer {node}"),
        )
    } else if let Some(imei) = &args.imei {
        let value = parse::imei(imei).map_err(|e| eyre!(e))?;
        (c.idByImei(value).call().await?, format!("IMEI {imei}"))
    } else {
        bail!("name the certificate: --id, --device, --serial with --manufacturer, or --imei");
    };
    if id.is_zero() {
        bail!("no certificate has {what}");
    }
    Ok(id)
}

fn license_status(status: u8) -> &'static str {
    ["none", "active", "suspended", "revoked"]
        .get(usize::from(status))
        .copied()
        .unwrap_or("unknown")
}

fn device_license_status(status: u8) -> &'static str {
    [
        "none",
        "pending",
        "rejected",
        "active",
        "superseded",
        "suspended",
        "revoked",
    ]
    .get(usize::from(status))
    .copied()
    .unwrap_or("unknown")
}

fn certificate_status(status: u8) -> &'static str {
    ["active", "decommissioned", "recycled", "disposed", "voided"]
        .get(usize::from(status))
        .copied()
        .unwrap_or("unknown")
}

async fn manufacturer(ctx: &Ctx, name_or_id: &str) -> eyre::Result<Report> {
    let r = R::new(ctx.contracts.registry, &ctx.provider);
    let node = match name_or_id.parse::<U256>() {
        Ok(id) => id,
        Err(_) => r.manufacturerIdByName(name_or_id.to_owned()).call().await?,
    };
    let name = r
        .manufacturerNameById(node)
        .call()
        .await
        .unwrap_or_default();
    if node.is_zero() || name.is_empty() {
        bail!("unknown manufacturer {name_or_id:?}");
    }
    let holder = r.ownerOf(node).call().await?;
    let m = M::new(ctx.contracts.manufacturing, &ctx.provider);
    let licence = m.manufacturingLicense(node).call().await?;
    let licensed = m.isManufacturerLicensed(node).call().await?;
    let devices = D::new(ctx.contracts.devices, &ctx.provider)
        .deviceLicensesOf(node, 0, 100)
        .call()
        .await?;
    let mut report = Report::default();
    report
        .field("node", node.to_string())
        .field("name", name)
        .field("holder", holder.to_string())
        .field("licensed", licensed)
        .field("licenceStatus", license_status(licence.status))
        .field("stake", licence.stake.to_string())
        .field("mouVersionAccepted", licence.mouVersion)
        .field(
            "deviceLicenses",
            devices
                .ids
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>(),
        );
    Ok(report)
}

async fn license(ctx: &Ctx, node: U256) -> eyre::Result<Report> {
    let m = M::new(ctx.contracts.manufacturing, &ctx.provider);
    let l = m.manufacturingLicense(node).call().await?;
    let mut report = Report::default();
    report
        .field("node", node.to_string())
        .field("status", license_status(l.status))
        .field("inForce", m.isManufacturerLicensed(node).call().await?)
        .field("grant", l.grant)
        .field("grantedAt", l.grantedAt)
        .field("expiresAt", l.expiresAt)
        .field("changedAt", l.changedAt)
        .field("stake", l.stake.to_string())
        .field("mouVersion", l.mouVersion)
        .field("mouAcceptedAt", l.mouAcceptedAt);
    Ok(report)
}

async fn device_license(ctx: &Ctx, id: U256) -> eyre::Result<Report> {
    let d = D::new(ctx.contracts.devices, &ctx.provider);
    let l = d.deviceLicense(id).call().await?;
    if l.status == 0 {
        bail!("no device licence {id}");
    }
    let mut report = Report::default();
    report
        .field("id", id.to_string())
        .field("manufacturer", l.manufacturer.to_string())
        .field("status", device_license_status(l.status))
        .field("model", l.model)
        .field("hardwareRevision", l.hardwareRevision)
        .field("designHash", l.designHash.to_string())
        .field("applicant", l.applicant.to_string())
        .field("round", l.round)
        .field("approvals", l.approvals)
        .field("rejections", l.rejections);
    let mut rows = Vec::new();
    for kind in 1u8..=3 {
        let a = d.deviceLicenseAudit(id, kind).call().await?;
        rows.push(vec![
            kind.to_string(),
            ["none", "passed", "failed"]
                .get(usize::from(a.result))
                .unwrap_or(&"unknown")
                .to_string(),
            a.auditor.to_string(),
            a.reportHash.to_string(),
            a.reportUri,
        ]);
    }
    report.table(
        "audits",
        &["kind", "result", "auditor", "reportHash", "reportUri"],
        rows,
    );
    Ok(report)
}

async fn certificate(ctx: &Ctx, args: &CertArgs) -> eyre::Result<Report> {
    let id = certificate_id(ctx, args).await?;
    let c = C::new(ctx.contracts.certificates, &ctx.provider);
    let cert = c.certificate(id).call().await?;
    let history = history::verified(ctx, id, cert.historyHead).await?;
    let mut report = Report::default();
    report
        .field("id", id.to_string())
        .field("device", cert.device.to_string())
        .field("manufacturer", cert.manufacturer.to_string())
        .field("serial", cert.serial)
        .field("imei", cert.imei)
        .field("batch", cert.batch.to_string())
        .field("deviceLicense", cert.deviceLicense.to_string())
        .field("manufacturedAt", cert.manufacturedAt)
        .field("qaInspectedAt", cert.qaInspectedAt)
        .field(
            "initialFirmware",
            parse::firmware_text(cert.initialFirmware),
        )
        .field("firmware", parse::firmware_text(cert.firmware))
        .field("provisionedAt", cert.provisionedAt)
        .field("status", certificate_status(cert.status))
        .field("otaUpdates", cert.otaUpdates)
        .field("factoryResets", cert.factoryResets)
        .field("historyHead", cert.historyHead.to_string())
        .field(
            "historyVerified",
            format!("yes: {} events fold into the stored head", history.len()),
        );
    report.table(
        "history",
        &["block", "tx", "event"],
        history
            .into_iter()
            .map(|h| vec![h.block.to_string(), h.tx.to_string(), h.event])
            .collect(),
    );
    Ok(report)
}

/// Runs a lookup.
pub(crate) async fn run(ctx: &Ctx, cmd: &LookupCmd) -> eyre::Result<Report> {
    match cmd {
        LookupCmd::Manufacturer { name_or_id } => manufacturer(ctx, name_or_id).await,
        LookupCmd::License { node } => license(ctx, *node).await,
        LookupCmd::DeviceLicense { id } => device_license(ctx, *id).await,
        LookupCmd::Certificate(args) => certificate(ctx, args).await,
    }
}
