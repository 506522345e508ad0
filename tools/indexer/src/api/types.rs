//! The API's object types, each read from its table by column name ([`FromRow`]).

use async_graphql::{ComplexObject, Context, Enum, Json, SimpleObject};
use sqlx::any::AnyRow;
use sqlx::Row;

use super::scalars::{Address, BigInt};
use super::store::{self, Bind};
use crate::codec;
use crate::time::rfc3339;

/// Reads a type from a row of its table.
pub(crate) trait FromRow: Sized {
    /// The columns to select.
    const COLUMNS: &'static str;
    /// Reads one row.
    fn from_row(row: &AnyRow) -> async_graphql::Result<Self>;
}

fn text(row: &AnyRow, column: &str) -> async_graphql::Result<String> {
    Ok(row.try_get::<String, _>(column)?)
}

fn uint(row: &AnyRow, column: &str) -> async_graphql::Result<u64> {
    Ok(codec::unint(row.try_get::<i64, _>(column)?))
}

fn address(row: &AnyRow, column: &str) -> async_graphql::Result<Address> {
    Ok(Address(codec::unaddress(&text(row, column)?)))
}

fn time(row: &AnyRow, column: &str) -> async_graphql::Result<Option<String>> {
    let t = uint(row, column)?;
    Ok((t != 0).then(|| rfc3339(t)))
}

fn small(row: &AnyRow, column: &str) -> async_graphql::Result<i32> {
    Ok(i32::try_from(row.try_get::<i64, _>(column)?).unwrap_or(i32::MAX))
}

/// The block the response was read at.
#[derive(Debug, Clone, SimpleObject)]
pub struct IndexedBlock {
    /// Height.
    pub number: BigInt,
    /// Hash.
    pub hash: String,
    /// Its timestamp (RFC 3339).
    pub timestamp: String,
}

/// A Manufacturing License's status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
pub enum ManufacturingLicenseStatus {
    /// Never granted.
    None,
    /// In force.
    Active,
    /// Temporarily not in force.
    Suspended,
    /// Revoked.
    Revoked,
}

/// A Hardware Device License's status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
pub enum DeviceLicenseStatus {
    /// Unknown.
    None,
    /// Audits and votes under way.
    Pending,
    /// Rejected (final).
    Rejected,
    /// Granted and in force.
    Active,
    /// Replaced by a newer licence (final).
    Superseded,
    /// Temporarily not in force.
    Suspended,
    /// Revoked (final).
    Revoked,
}

/// A certificate's status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
pub enum CertificateStatus {
    /// In service.
    Active,
    /// End of life: decommissioned.
    Decommissioned,
    /// End of life: recycled.
    Recycled,
    /// End of life: disposed.
    Disposed,
    /// Voided after a dispute.
    Voided,
}

impl DeviceLicenseStatus {
    /// The contract's number.
    pub fn code(self) -> i64 {
        self as i64
    }

    fn from_code(code: i64) -> Self {
        [
            Self::None,
            Self::Pending,
            Self::Rejected,
            Self::Active,
            Self::Superseded,
            Self::Suspended,
            Self::Revoked,
        ]
        .get(usize::try_from(code).unwrap_or(0))
        .copied()
        .unwrap_or(Self::None)
    }
}

impl CertificateStatus {
    /// The contract's number.
    pub fn code(self) -> i64 {
        self as i64
    }

    fn from_code(code: i64) -> Self {
        [
            Self::Active,
            Self::Decommissioned,
            Self::Recycled,
            Self::Disposed,
            Self::Voided,
        ]
        .get(usize::try_from(code).unwrap_or(0))
        .copied()
        .unwrap_or(Self::Active)
    }
}

/// A manufacturer: a node of the registry.
#[derive(Debug, Clone, SimpleObject)]
#[graphql(complex)]
pub struct Manufacturer {
    /// The node's token id.
    pub token_id: BigInt,
    /// Display name.
    pub name: String,
    /// The node's holder.
    pub owner: Address,
    /// Metadata URI ("" before one is set).
    pub uri: String,
    /// Delegation epoch (every change of holder ends all grants).
    pub delegation_epoch: BigInt,
    /// When it was registered.
    pub minted_at: Option<String>,
    #[graphql(skip)]
    pub(crate) key: String,
}

impl FromRow for Manufacturer {
    const COLUMNS: &'static str = "id, name, owner, uri, epoch, minted_at";
    fn from_row(row: &AnyRow) -> async_graphql::Result<Self> {
        let key = text(row, "id")?;
        Ok(Self {
            token_id: BigInt::from_key(&key),
            name: text(row, "name")?,
            owner: address(row, "owner")?,
            uri: text(row, "uri")?,
            delegation_epoch: BigInt::from_u64(uint(row, "epoch")?),
            minted_at: time(row, "minted_at")?,
            key,
        })
    }
}

/// A delegated privilege.
#[derive(Debug, Clone, SimpleObject)]
pub struct Delegation {
    /// The delegate.
    pub operator: Address,
    /// Privilege id (1 mint, 3 OTA, 4 reset, 5 end of life, 6 licences).
    pub privilege: i32,
    /// End of the grant (exclusive), unix seconds as a decimal string.
    pub expires_at: BigInt,
}

#[ComplexObject]
impl Manufacturer {
    /// Its Manufacturing License (none before a stake or a grant).
    async fn manufacturing_license(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Option<ManufacturingLicense>> {
        load_one(ctx, "manufacturing_licenses", "manufacturer", &self.key).await
    }

    /// Live delegations (epoch-current grants).
    async fn delegations(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Delegation>> {
        let rows = store::rows(
            ctx,
            "SELECT operator, privilege, expires_at FROM delegations WHERE manufacturer = $1 \
             ORDER BY operator, privilege",
            &[Bind::Text(self.key.clone())],
        )
        .await?;
        rows.iter()
            .map(|r| {
                Ok(Delegation {
                    operator: address(r, "operator")?,
                    privilege: small(r, "privilege")?,
                    expires_at: BigInt::from_u64(uint(r, "expires_at")?),
                })
            })
            .collect()
    }

    /// Its Hardware Device Licenses, by id.
    async fn device_licenses(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Vec<DeviceLicense>> {
        load_many(ctx, "device_licenses", "manufacturer", &self.key, "id").await
    }
}

/// Loads the row of `table` whose `column` is `key`.
pub(crate) async fn load_one<T: FromRow>(
    ctx: &Context<'_>,
    table: &str,
    column: &str,
    key: &str,
) -> async_graphql::Result<Option<T>> {
    let sql = format!("SELECT {} FROM {table} WHERE {column} = $1", T::COLUMNS);
    store::row(ctx, &sql, &[Bind::Text(key.to_owned())])
        .await?
        .as_ref()
        .map(T::from_row)
        .transpose()
}

async fn load_many<T: FromRow>(
    ctx: &Context<'_>,
    table: &str,
    column: &str,
    key: &str,
    order: &str,
) -> async_graphql::Result<Vec<T>> {
    let sql = format!(
        "SELECT {} FROM {table} WHERE {column} = $1 ORDER BY {order}",
        T::COLUMNS
    );
    store::rows(ctx, &sql, &[Bind::Text(key.to_owned())])
        .await?
        .iter()
        .map(T::from_row)
        .collect()
}

/// A Manufacturing License.
#[derive(Debug, Clone, SimpleObject)]
pub struct ManufacturingLicense {
    /// Status.
    pub status: ManufacturingLicenseStatus,
    /// Grant number.
    pub grant: BigInt,
    /// When granted.
    pub granted_at: Option<String>,
    /// Expiry (unix seconds; 0 for none).
    pub expires_at: BigInt,
    /// Last change of status.
    pub changed_at: Option<String>,
    /// Reason hash of the last grant or change.
    pub reason: String,
    /// Stake ($DIMO wei).
    pub stake: BigInt,
    /// MOU version accepted (0: none).
    pub mou_version: BigInt,
    /// When the MOU was accepted.
    pub mou_accepted_at: Option<String>,
}

impl FromRow for ManufacturingLicense {
    const COLUMNS: &'static str =
        "status, grant_number, granted_at, expires_at, changed_at, reason, \
        stake, mou_version, mou_accepted_at";
    fn from_row(row: &AnyRow) -> async_graphql::Result<Self> {
        let status = match row.try_get::<i64, _>("status")? {
            1 => ManufacturingLicenseStatus::Active,
            2 => ManufacturingLicenseStatus::Suspended,
            3 => ManufacturingLicenseStatus::Revoked,
            _ => ManufacturingLicenseStatus::None,
        };
        Ok(Self {
            status,
            grant: BigInt::from_u64(uint(row, "grant_number")?),
            granted_at: time(row, "granted_at")?,
            expires_at: BigInt::from_u64(uint(row, "expires_at")?),
            changed_at: time(row, "changed_at")?,
            reason: text(row, "reason")?,
            stake: BigInt::from_key(&text(row, "stake")?),
            mou_version: BigInt::from_u64(uint(row, "mou_version")?),
            mou_accepted_at: time(row, "mou_accepted_at")?,
        })
    }
}

/// A Hardware Device License.
#[derive(Debug, Clone, SimpleObject)]
#[graphql(complex)]
pub struct DeviceLicense {
    /// Licence id.
    pub id: BigInt,
    /// Status.
    pub status: DeviceLicenseStatus,
    /// Device model.
    pub model: String,
    /// Hardware revision.
    pub hardware_revision: String,
    /// Design hash.
    pub design_hash: String,
    /// The licence it supersedes (0: none).
    pub supersedes: BigInt,
    /// The licence that superseded it (0: none).
    pub superseded_by: BigInt,
    /// Who applied.
    pub applicant: Address,
    /// When it was applied for.
    pub applied_at: Option<String>,
    /// When it was granted or rejected.
    pub decided_at: Option<String>,
    /// Last change of status.
    pub changed_at: Option<String>,
    /// Voting round (one per audit record).
    pub round: i32,
    /// Approvals in the round.
    pub approvals: i32,
    /// Rejections in the round.
    pub rejections: i32,
    #[graphql(skip)]
    pub(crate) manufacturer_key: String,
    #[graphql(skip)]
    pub(crate) key: String,
}

impl FromRow for DeviceLicense {
    const COLUMNS: &'static str = "id, manufacturer, status, model, hardware_revision, design_hash, \
        supersedes, superseded_by, applicant, applied_at, decided_at, changed_at, round, approvals, rejections";
    fn from_row(row: &AnyRow) -> async_graphql::Result<Self> {
        let key = text(row, "id")?;
        Ok(Self {
            id: BigInt::from_key(&key),
            status: DeviceLicenseStatus::from_code(row.try_get::<i64, _>("status")?),
            model: text(row, "model")?,
            hardware_revision: text(row, "hardware_revision")?,
            design_hash: text(row, "design_hash")?,
            supersedes: BigInt::from_key(&text(row, "supersedes")?),
            superseded_by: BigInt::from_key(&text(row, "superseded_by")?),
            applicant: address(row, "applicant")?,
            applied_at: time(row, "applied_at")?,
            decided_at: time(row, "decided_at")?,
            changed_at: time(row, "changed_at")?,
            round: small(row, "round")?,
            approvals: small(row, "approvals")?,
            rejections: small(row, "rejections")?,
            manufacturer_key: text(row, "manufacturer")?,
            key,
        })
    }
}

/// One assessment record.
#[derive(Debug, Clone, SimpleObject)]
pub struct Audit {
    /// 1 hardware and security, 2 customer experience, 3 integration and quality.
    pub kind: i32,
    /// The round it opened.
    pub round: i32,
    /// Passed.
    pub passed: bool,
    /// Report hash.
    pub report_hash: String,
    /// Report URI.
    pub report_uri: String,
    /// The auditor.
    pub auditor: Address,
    /// When recorded.
    pub recorded_at: Option<String>,
}

/// One vote of the team.
#[derive(Debug, Clone, SimpleObject)]
pub struct Vote {
    /// The member.
    pub member: Address,
    /// Its round.
    pub round: i32,
    /// Approve or reject.
    pub approve: bool,
    /// When cast.
    pub voted_at: Option<String>,
}

#[ComplexObject]
impl DeviceLicense {
    /// The manufacturer.
    async fn manufacturer(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Manufacturer>> {
        load_one(ctx, "manufacturers", "id", &self.manufacturer_key).await
    }

    /// Every assessment record, in order.
    async fn audits(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Audit>> {
        let rows = store::rows(
            ctx,
            "SELECT kind, round, passed, report_hash, report_uri, auditor, recorded_at \
             FROM device_license_audits WHERE license = $1 ORDER BY round, kind",
            &[Bind::Text(self.key.clone())],
        )
        .await?;
        rows.iter()
            .map(|r| {
                Ok(Audit {
                    kind: small(r, "kind")?,
                    round: small(r, "round")?,
                    passed: uint(r, "passed")? != 0,
                    report_hash: text(r, "report_hash")?,
                    report_uri: text(r, "report_uri")?,
                    auditor: address(r, "auditor")?,
                    recorded_at: time(r, "recorded_at")?,
                })
            })
            .collect()
    }

    /// Every vote, in order.
    async fn votes(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Vote>> {
        let rows = store::rows(
            ctx,
            "SELECT member, round, approve, voted_at FROM device_license_votes WHERE license = $1 \
             ORDER BY round, voted_at, member",
            &[Bind::Text(self.key.clone())],
        )
        .await?;
        rows.iter()
            .map(|r| {
                Ok(Vote {
                    member: address(r, "member")?,
                    round: small(r, "round")?,
                    approve: uint(r, "approve")? != 0,
                    voted_at: time(r, "voted_at")?,
                })
            })
            .collect()
    }
}

/// A minted batch.
#[derive(Debug, Clone, SimpleObject)]
pub struct Batch {
    /// Batch id.
    pub id: BigInt,
    /// Manufacturing License grant in force at the mint.
    pub license_grant: BigInt,
    /// Its expiry then (0: none).
    pub license_expires_at: BigInt,
    /// Devices in the batch.
    pub count: i32,
    /// The batch digest.
    pub digest: String,
    /// Who minted.
    pub minter: Address,
    /// When.
    pub minted_at: Option<String>,
}

impl FromRow for Batch {
    const COLUMNS: &'static str =
        "id, license_grant, license_expires_at, count, digest, minter, minted_at";
    fn from_row(row: &AnyRow) -> async_graphql::Result<Self> {
        Ok(Self {
            id: BigInt::from_key(&text(row, "id")?),
            license_grant: BigInt::from_u64(uint(row, "license_grant")?),
            license_expires_at: BigInt::from_u64(uint(row, "license_expires_at")?),
            count: small(row, "count")?,
            digest: text(row, "digest")?,
            minter: address(row, "minter")?,
            minted_at: time(row, "minted_at")?,
        })
    }
}

/// An organization authorized for a device.
#[derive(Debug, Clone, SimpleObject)]
pub struct Organization {
    /// The organization.
    pub address: Address,
    /// Who authorized it.
    pub authorized_by: Address,
    /// When.
    pub authorized_at: Option<String>,
}

/// One lifecycle event of a certificate.
#[derive(Debug, Clone, SimpleObject)]
pub struct HistoryEntry {
    /// Position, from 1.
    pub seq: i32,
    /// `MINTED`, `CLAIMED`, `PROVISIONED`, `FIRMWARE_UPDATED`, `FACTORY_RESET`, `END_OF_LIFE`,
    /// `VOIDED`.
    pub kind: String,
    /// Its block.
    pub block_number: BigInt,
    /// Its transaction.
    pub transaction_hash: String,
    /// Block time.
    pub at: Option<String>,
    /// Who acted.
    pub by: Address,
    /// The event's own fields.
    pub details: Json<serde_json::Value>,
    /// A link of the history chain (it moved the head).
    pub linked: bool,
    /// The head after this entry, as the event carries it.
    pub head: String,
    /// For a link: the head recomputed from the events equals the event's and, for the last
    /// link of the certificate in its block, the head stored on chain at that block.
    pub verified: bool,
}

/// A Device Minting Certificate.
#[allow(clippy::struct_excessive_bools)] // the record's own flags
#[derive(Debug, Clone, SimpleObject)]
#[graphql(complex)]
pub struct Certificate {
    /// Token id (the device's original address as a number).
    pub token_id: BigInt,
    /// The current device key.
    pub device: Address,
    /// Serial.
    pub serial: String,
    /// IMEI as 15 digits, none for a device without a modem.
    pub imei: Option<String>,
    /// Manufacturing date.
    pub manufactured_at: Option<String>,
    /// ICT result.
    pub ict_passed: bool,
    /// ICT report hash.
    pub ict_report: String,
    /// Mechanical test result.
    pub mechanical_passed: bool,
    /// Mechanical report hash.
    pub mechanical_report: String,
    /// QA result (a failed QA is refused at mint).
    pub qa_passed: bool,
    /// QA report hash.
    pub qa_report: String,
    /// QA inspection date.
    pub qa_inspected_at: Option<String>,
    /// Firmware at mint (packed `major << 48 | minor << 32 | patch << 16 | build`).
    pub initial_firmware: BigInt,
    /// Current firmware.
    pub firmware: BigInt,
    /// Provisioned.
    pub provisioned: bool,
    /// Provisioning date.
    pub provisioned_at: Option<String>,
    /// Status.
    pub status: CertificateStatus,
    /// End of life or void.
    pub retired_at: Option<String>,
    /// OTA updates.
    pub ota_updates: i32,
    /// Factory resets.
    pub factory_resets: i32,
    /// The history head the contract stores.
    pub history_head: String,
    /// The current owner.
    pub owner: Address,
    /// When minted.
    pub minted_at: Option<String>,
    #[graphql(skip)]
    pub(crate) key: String,
    #[graphql(skip)]
    pub(crate) manufacturer_key: String,
    #[graphql(skip)]
    pub(crate) batch_key: String,
    #[graphql(skip)]
    pub(crate) license_key: String,
}

impl FromRow for Certificate {
    const COLUMNS: &'static str = "id, device, manufacturer, serial, imei, batch, device_license, \
        manufactured_at, ict_passed, ict_report, mechanical_passed, mechanical_report, qa_report, \
        qa_inspected_at, initial_firmware, firmware, provisioned_at, status, retired_at, ota_updates, \
        factory_resets, history_head, owner, minted_at";
    fn from_row(row: &AnyRow) -> async_graphql::Result<Self> {
        let key = text(row, "id")?;
        let imei = uint(row, "imei")?;
        let provisioned_at = time(row, "provisioned_at")?;
        Ok(Self {
            token_id: BigInt::from_key(&key),
            device: address(row, "device")?,
            serial: text(row, "serial")?,
            imei: (imei != 0).then(|| format!("{imei:015}")),
            manufactured_at: time(row, "manufactured_at")?,
            ict_passed: uint(row, "ict_passed")? != 0,
            ict_report: text(row, "ict_report")?,
            mechanical_passed: uint(row, "mechanical_passed")? != 0,
            mechanical_report: text(row, "mechanical_report")?,
            qa_passed: true,
            qa_report: text(row, "qa_report")?,
            qa_inspected_at: time(row, "qa_inspected_at")?,
            initial_firmware: BigInt::from_u64(uint(row, "initial_firmware")?),
            firmware: BigInt::from_u64(uint(row, "firmware")?),
            provisioned: provisioned_at.is_some(),
            provisioned_at,
            status: CertificateStatus::from_code(row.try_get::<i64, _>("status")?),
            retired_at: time(row, "retired_at")?,
            ota_updates: small(row, "ota_updates")?,
            factory_resets: small(row, "factory_resets")?,
            history_head: text(row, "history_head")?,
            owner: address(row, "owner")?,
            minted_at: time(row, "minted_at")?,
            manufacturer_key: text(row, "manufacturer")?,
            batch_key: text(row, "batch")?,
            license_key: text(row, "device_license")?,
            key,
        })
    }
}

#[ComplexObject]
impl Certificate {
    /// The manufacturer.
    async fn manufacturer(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Manufacturer>> {
        load_one(ctx, "manufacturers", "id", &self.manufacturer_key).await
    }

    /// Its Hardware Device License.
    async fn device_license(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Option<DeviceLicense>> {
        load_one(ctx, "device_licenses", "id", &self.license_key).await
    }

    /// The manufacturer's Manufacturing License (now).
    async fn manufacturing_license(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Option<ManufacturingLicense>> {
        load_one(
            ctx,
            "manufacturing_licenses",
            "manufacturer",
            &self.manufacturer_key,
        )
        .await
    }

    /// Its batch.
    async fn batch(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Batch>> {
        load_one(ctx, "batches", "id", &self.batch_key).await
    }

    /// Organizations authorized now.
    async fn organizations(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Organization>> {
        let rows = store::rows(
            ctx,
            "SELECT org, authorized_by, authorized_at FROM certificate_organizations \
             WHERE certificate = $1 ORDER BY authorized_at, org",
            &[Bind::Text(self.key.clone())],
        )
        .await?;
        rows.iter()
            .map(|r| {
                Ok(Organization {
                    address: address(r, "org")?,
                    authorized_by: address(r, "authorized_by")?,
                    authorized_at: time(r, "authorized_at")?,
                })
            })
            .collect()
    }

    /// Every lifecycle event, in order.
    async fn history(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<HistoryEntry>> {
        let rows = store::rows(
            ctx,
            "SELECT seq, kind, block_number, tx_hash, at, actor, details, linked, head, verified \
             FROM certificate_history WHERE certificate = $1 ORDER BY seq",
            &[Bind::Text(self.key.clone())],
        )
        .await?;
        rows.iter()
            .map(|r| {
                Ok(HistoryEntry {
                    seq: small(r, "seq")?,
                    kind: text(r, "kind")?,
                    block_number: BigInt::from_u64(uint(r, "block_number")?),
                    transaction_hash: text(r, "tx_hash")?,
                    at: time(r, "at")?,
                    by: address(r, "actor")?,
                    details: Json(serde_json::from_str(&text(r, "details")?)?),
                    linked: uint(r, "linked")? != 0,
                    head: text(r, "head")?,
                    verified: uint(r, "verified")? != 0,
                })
            })
            .collect()
    }

    /// Every link of the history verified (see `HistoryEntry.verified`).
    async fn history_verified(&self, ctx: &Context<'_>) -> async_graphql::Result<bool> {
        let bad = store::count(
            ctx,
            "SELECT COUNT(*) FROM certificate_history WHERE certificate = $1 AND verified = 0",
            &[Bind::Text(self.key.clone())],
        )
        .await?;
        Ok(bad == 0)
    }
}
