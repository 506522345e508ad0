//! The licence contracts' events: Manufacturing Licenses (stake, MOU acceptance, grant and
//! status), MOU versions, Hardware Device Licenses (application, audits by round, votes,
//! decision, status, supersession) and the roles of both contracts.

use alloy::primitives::U256;

use super::{roles, At, Writer};
use crate::bindings::DeviceLicenses::DeviceLicensesEvents as D;
use crate::bindings::ManufacturingLicenses::ManufacturingLicensesEvents as M;
use crate::codec;
use crate::undo;

/// A Manufacturing License row with every field at its zero, if there is none yet.
async fn ensure_license(w: &mut Writer<'_>, node: U256) -> eyre::Result<()> {
    w.capture(&undo::MANUFACTURING_LICENSE, vec![codec::key(node).into()])
        .await?;
    sqlx::query(
        "INSERT INTO manufacturing_licenses (manufacturer, status, grant_number, granted_at, expires_at, \
         changed_at, reason, stake, mou_version, mou_accepted_at) \
         VALUES ($1, 0, 0, 0, 0, 0, '', $2, 0, 0) ON CONFLICT (manufacturer) DO NOTHING",
    )
    .bind(codec::key(node))
    .bind(codec::key(U256::ZERO))
    .execute(&mut *w.conn)
    .await?;
    Ok(())
}

async fn set_stake(w: &mut Writer<'_>, node: U256, stake: U256) -> eyre::Result<()> {
    ensure_license(w, node).await?;
    sqlx::query("UPDATE manufacturing_licenses SET stake = $2 WHERE manufacturer = $1")
        .bind(codec::key(node))
        .bind(codec::key(stake))
        .execute(&mut *w.conn)
        .await?;
    Ok(())
}

/// Applies one event of the manufacturing-licence contract.
pub(crate) async fn manufacturing(w: &mut Writer<'_>, at: &At<'_>, event: M) -> eyre::Result<()> {
    match event {
        M::Staked(e) => set_stake(w, e.node, e.stake).await?,
        M::Unstaked(e) => set_stake(w, e.node, e.stake).await?,
        M::StakeSlashed(e) => set_stake(w, e.node, e.stake).await?,
        M::MouAccepted(e) => {
            ensure_license(w, e.node).await?;
            sqlx::query(
                "UPDATE manufacturing_licenses SET mou_version = $2, mou_accepted_at = $3 \
                 WHERE manufacturer = $1",
            )
            .bind(codec::key(e.node))
            .bind(codec::int(e.version))
            .bind(codec::int(at.time))
            .execute(&mut *w.conn)
            .await?;
        }
        M::ManufacturingLicenseGranted(e) => {
            ensure_license(w, e.node).await?;
            sqlx::query(
                "UPDATE manufacturing_licenses SET status = 1, grant_number = $2, granted_at = $3, \
                 expires_at = $4, changed_at = $3, reason = $5 WHERE manufacturer = $1",
            )
            .bind(codec::key(e.node))
            .bind(codec::int(e.grant))
            .bind(codec::int(at.time))
            .bind(codec::int(e.expiresAt))
            .bind(codec::word(e.reason))
            .execute(&mut *w.conn)
            .await?;
        }
        M::ManufacturingLicenseStatusChanged(e) => {
            ensure_license(w, e.node).await?;
            sqlx::query(
                "UPDATE manufacturing_licenses SET status = $2, changed_at = $3, reason = $4 \
                 WHERE manufacturer = $1",
            )
            .bind(codec::key(e.node))
            .bind(i64::from(e.status))
            .bind(codec::int(at.time))
            .bind(codec::word(e.reason))
            .execute(&mut *w.conn)
            .await?;
        }
        M::MouPublished(e) => {
            w.capture(&undo::MOU, vec![codec::int(e.version).into()])
                .await?;
            sqlx::query(
                "INSERT INTO mous (version, hash, uri, published_at) VALUES ($1, $2, $3, $4) \
                 ON CONFLICT (version) DO UPDATE SET hash = $2, uri = $3, published_at = $4",
            )
            .bind(codec::int(e.version))
            .bind(codec::word(e.hash))
            .bind(e.uri)
            .bind(codec::int(at.time))
            .execute(&mut *w.conn)
            .await?;
        }
        M::LicenseManagerAdded(e) => {
            roles::add(w, "manufacturing:licenseManager", e.account).await?;
        }
        M::LicenseManagerRemoved(e) => {
            roles::remove(w, "manufacturing:licenseManager", e.account).await?;
        }
        M::AdminAdded(e) => roles::add(w, "manufacturing:admin", e.account).await?,
        M::AdminRemoved(e) => roles::remove(w, "manufacturing:admin", e.account).await?,
        M::OwnershipTransferred(e) => {
            roles::set_only(w, "manufacturing:owner", e.newOwner).await?;
        }
        // Configuration (token, treasury, minimum stake, cooldown) and the pending owner.
        _ => {}
    }
    Ok(())
}

async fn set_status(
    w: &mut Writer<'_>,
    id: U256,
    status: i64,
    at: &At<'_>,
    decided: bool,
) -> eyre::Result<()> {
    w.capture(&undo::DEVICE_LICENSE, vec![codec::key(id).into()])
        .await?;
    let sql = if decided {
        "UPDATE device_licenses SET status = $2, changed_at = $3, decided_at = $3 WHERE id = $1"
    } else {
        "UPDATE device_licenses SET status = $2, changed_at = $3 WHERE id = $1"
    };
    sqlx::query(sql)
        .bind(codec::key(id))
        .bind(status)
        .bind(codec::int(at.time))
        .execute(&mut *w.conn)
        .await?;
    Ok(())
}

/// Device licence statuses (`dimo_interfaces::licenses::DeviceStatus`).
pub(crate) mod device_status {
    /// Applied for.
    pub(crate) const PENDING: i64 = 1;
    /// Rejected.
    pub(crate) const REJECTED: i64 = 2;
    /// Granted.
    pub(crate) const ACTIVE: i64 = 3;
    /// Replaced by a newer licence.
    pub(crate) const SUPERSEDED: i64 = 4;
}

/// Applies one event of the device-licence contract.
#[allow(clippy::too_many_lines)]
pub(crate) async fn devices(w: &mut Writer<'_>, at: &At<'_>, event: D) -> eyre::Result<()> {
    match event {
        D::DeviceLicenseApplied(e) => {
            w.created(&undo::DEVICE_LICENSE, &[codec::key(e.id).into()]);
            sqlx::query(
                "INSERT INTO device_licenses (id, manufacturer, status, model, hardware_revision, \
                 design_hash, supersedes, superseded_by, applicant, applied_at, decided_at, changed_at, \
                 round, approvals, rejections) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 0, $10, 0, 0, 0)",
            )
            .bind(codec::key(e.id))
            .bind(codec::key(e.manufacturer))
            .bind(device_status::PENDING)
            .bind(e.model)
            .bind(e.hardwareRevision)
            .bind(codec::word(e.designHash))
            .bind(codec::key(e.supersedes))
            .bind(codec::key(U256::ZERO))
            .bind(codec::address(e.applicant))
            .bind(codec::int(at.time))
            .execute(&mut *w.conn)
            .await?;
        }
        D::AuditRecorded(e) => {
            let audit = vec![
                codec::key(e.id).into(),
                codec::int(e.round).into(),
                i64::from(e.kind).into(),
            ];
            w.created(&undo::AUDIT, &audit);
            w.capture(&undo::DEVICE_LICENSE, vec![codec::key(e.id).into()])
                .await?;
            sqlx::query(
                "INSERT INTO device_license_audits (license, kind, round, passed, report_hash, \
                 report_uri, auditor, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .bind(codec::key(e.id))
            .bind(i64::from(e.kind))
            .bind(codec::int(e.round))
            .bind(codec::flag(e.passed))
            .bind(codec::word(e.reportHash))
            .bind(e.reportUri)
            .bind(codec::address(e.auditor))
            .bind(codec::int(at.time))
            .execute(&mut *w.conn)
            .await?;
            sqlx::query(
                "UPDATE device_licenses SET round = $2, approvals = 0, rejections = 0 WHERE id = $1",
            )
            .bind(codec::key(e.id))
            .bind(codec::int(e.round))
            .execute(&mut *w.conn)
            .await?;
        }
        D::VoteCast(e) => {
            let vote = vec![
                codec::key(e.id).into(),
                codec::int(e.round).into(),
                codec::address(e.member).into(),
            ];
            w.created(&undo::VOTE, &vote);
            w.capture(&undo::DEVICE_LICENSE, vec![codec::key(e.id).into()])
                .await?;
            sqlx::query(
                "INSERT INTO device_license_votes (license, member, round, approve, voted_at) \
                 VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(codec::key(e.id))
            .bind(codec::address(e.member))
            .bind(codec::int(e.round))
            .bind(codec::flag(e.approve))
            .bind(codec::int(at.time))
            .execute(&mut *w.conn)
            .await?;
            sqlx::query("UPDATE device_licenses SET approvals = $2, rejections = $3 WHERE id = $1")
                .bind(codec::key(e.id))
                .bind(codec::int(e.approvals))
                .bind(codec::int(e.rejections))
                .execute(&mut *w.conn)
                .await?;
        }
        D::DeviceLicenseGranted(e) => {
            set_status(w, e.id, device_status::ACTIVE, at, true).await?;
        }
        D::DeviceLicenseRejected(e) => {
            set_status(w, e.id, device_status::REJECTED, at, true).await?;
        }
        D::DeviceLicenseStatusChanged(e) => {
            set_status(w, e.id, i64::from(e.status), at, false).await?;
        }
        D::DeviceLicenseSuperseded(e) => {
            set_status(w, e.id, device_status::SUPERSEDED, at, false).await?;
            sqlx::query("UPDATE device_licenses SET superseded_by = $2 WHERE id = $1")
                .bind(codec::key(e.id))
                .bind(codec::key(e.supersededBy))
                .execute(&mut *w.conn)
                .await?;
        }
        D::AuditorAdded(e) => roles::add(w, "devices:auditor", e.auditor).await?,
        D::AuditorRemoved(e) => roles::remove(w, "devices:auditor", e.auditor).await?,
        D::TeamMemberAdded(e) => roles::add(w, "devices:teamMember", e.member).await?,
        D::TeamMemberRemoved(e) => roles::remove(w, "devices:teamMember", e.member).await?,
        D::AdminAdded(e) => roles::add(w, "devices:admin", e.account).await?,
        D::AdminRemoved(e) => roles::remove(w, "devices:admin", e.account).await?,
        D::OwnershipTransferred(e) => roles::set_only(w, "devices:owner", e.newOwner).await?,
        _ => {}
    }
    Ok(())
}
