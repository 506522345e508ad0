//! The certificate contract's and the token's events: certificates with every field, their
//! batch, owner (factory custody at mint, then the token's transfers), organizations, status
//! and their history, each link's head recomputed from the events ([`crate::history`]).

use alloy::primitives::{Address, B256, U256};
use serde_json::json;
use std::collections::HashMap;

use sqlx::{AnyConnection, Row};

use super::{roles, At, Writer};
use crate::bindings::CertificateToken::CertificateTokenEvents as T;
use crate::bindings::MintingCertificates::MintingCertificatesEvents as C;
use crate::codec;
use crate::db::{self, Bind};
use crate::history::{self, Link};
use crate::undo;

/// Certificate statuses (`dimo_interfaces::certificates::status`).
pub(crate) mod status {
    /// In service.
    pub(crate) const ACTIVE: i64 = 0;
    /// Voided after a dispute.
    pub(crate) const VOIDED: i64 = 4;
}

/// A history entry about to be written.
struct Entry<'a> {
    id: U256,
    kind: &'a str,
    details: serde_json::Value,
    by: Address,
    /// The head the event carries, for a link.
    link: Option<(Link, B256)>,
    /// The batch, for a mint.
    mint_batch: Option<String>,
}

/// A certificate's last history entry: its `seq` and the last link's recomputed head.
#[derive(Debug, Clone, Copy)]
struct Tail {
    seq: i64,
    head: B256,
}

/// The history entries of the block being indexed, written together (at the end of the block,
/// or before a statement that reads or changes the history), and each certificate's tail as
/// of the entries so far.
#[derive(Debug, Default)]
pub(crate) struct PendingHistory {
    rows: Vec<Vec<Bind>>,
    /// The batch of each pending mint entry (by row).
    mint_batches: HashMap<usize, String>,
    tails: HashMap<String, Tail>,
}

/// The column of the actor in a history row.
const HISTORY_ACTOR: usize = 8;

impl PendingHistory {
    /// Writes the pending entries.
    pub(crate) async fn flush(&mut self, conn: &mut AnyConnection) -> eyre::Result<()> {
        if self.rows.is_empty() {
            return Ok(());
        }
        let rows = std::mem::take(&mut self.rows);
        self.mint_batches.clear();
        db::insert_rows(
            conn,
            db::CERTIFICATE_HISTORY.name,
            db::CERTIFICATE_HISTORY.columns,
            rows,
        )
        .await
    }
}

impl PendingHistory {
    /// A batch's minter: the actor of its pending mint entries.
    fn batch_minted(&mut self, batch: &str, minter: &str) {
        for (row, of) in &self.mint_batches {
            if of == batch {
                self.rows[*row][HISTORY_ACTOR] = Bind::Text(minter.to_owned());
            }
        }
    }
}

/// Certificates minted in the block being indexed, written together (at the end of the block,
/// or before a statement that changes one of them), with the look-ups their rows need
/// (a manufacturer's owner, a batch's device licence) kept for the block.
#[derive(Debug, Default)]
pub(crate) struct PendingCertificates {
    rows: Vec<Vec<Bind>>,
    /// Row of each pending certificate by id.
    index: HashMap<String, usize>,
    owners: HashMap<String, String>,
    licenses: HashMap<String, String>,
}

/// Columns of a certificate row (`db::CERTIFICATES`).
mod column {
    pub(super) const ID: usize = 0;
    pub(super) const BATCH: usize = 5;
    pub(super) const DEVICE_LICENSE: usize = 6;
    pub(super) const OWNER: usize = 23;
}

impl PendingCertificates {
    fn push(&mut self, row: Vec<Bind>) {
        if let Bind::Text(id) = &row[column::ID] {
            self.index.insert(id.clone(), self.rows.len());
        }
        self.rows.push(row);
    }

    fn is_pending(&self, id: &str) -> bool {
        self.index.contains_key(id)
    }

    /// Sets a pending certificate's owner; `false` if it is not pending.
    fn set_owner(&mut self, id: &str, owner: &str) -> bool {
        match self.index.get(id) {
            Some(row) => {
                self.rows[*row][column::OWNER] = Bind::Text(owner.to_owned());
                true
            }
            None => false,
        }
    }

    /// A batch's device licence: on its pending certificates, and for those minted after.
    fn batch_minted(&mut self, batch: &str, license: &str) {
        for row in &mut self.rows {
            if row[column::BATCH] == Bind::Text(batch.to_owned()) {
                row[column::DEVICE_LICENSE] = Bind::Text(license.to_owned());
            }
        }
        self.licenses.insert(batch.to_owned(), license.to_owned());
    }

    /// The owner of manufacturer `id` ('' if none).
    async fn manufacturer_owner(
        &mut self,
        conn: &mut AnyConnection,
        id: &str,
    ) -> eyre::Result<String> {
        if let Some(owner) = self.owners.get(id) {
            return Ok(owner.clone());
        }
        let row = sqlx::query("SELECT owner FROM manufacturers WHERE id = $1")
            .bind(id.to_owned())
            .fetch_optional(conn)
            .await?;
        let owner = row.map_or(Ok(String::new()), |r| r.try_get::<String, _>(0))?;
        self.owners.insert(id.to_owned(), owner.clone());
        Ok(owner)
    }

    /// The device licence of batch `id` ('' if none).
    async fn batch_license(&mut self, conn: &mut AnyConnection, id: &str) -> eyre::Result<String> {
        if let Some(license) = self.licenses.get(id) {
            return Ok(license.clone());
        }
        let row = sqlx::query("SELECT device_license FROM batches WHERE id = $1")
            .bind(id.to_owned())
            .fetch_optional(conn)
            .await?;
        let license = row.map_or(Ok(String::new()), |r| r.try_get::<String, _>(0))?;
        self.licenses.insert(id.to_owned(), license.clone());
        Ok(license)
    }

    /// A manufacturer's owner may have changed: forgets the owners looked up.
    pub(crate) fn forget_owners(&mut self) {
        self.owners.clear();
    }

    /// Writes the pending certificates.
    pub(crate) async fn flush(&mut self, conn: &mut AnyConnection) -> eyre::Result<()> {
        if self.rows.is_empty() {
            return Ok(());
        }
        self.index.clear();
        let rows = std::mem::take(&mut self.rows);
        db::insert_rows(conn, db::CERTIFICATES.name, db::CERTIFICATES.columns, rows).await
    }
}

/// The stored tail of certificate `key` (none pending).
async fn stored_tail(w: &mut Writer<'_>, key: &str) -> eyre::Result<Tail> {
    let last = sqlx::query(
        "SELECT seq FROM certificate_history WHERE certificate = $1 ORDER BY seq DESC LIMIT 1",
    )
    .bind(key.to_owned())
    .fetch_optional(&mut *w.conn)
    .await?;
    let seq = last.map_or(Ok(0i64), |r| r.try_get::<i64, _>(0))?;
    let previous = sqlx::query(
        "SELECT computed_head FROM certificate_history WHERE certificate = $1 AND linked = 1 \
         ORDER BY seq DESC LIMIT 1",
    )
    .bind(key.to_owned())
    .fetch_optional(&mut *w.conn)
    .await?;
    let head: B256 = match previous {
        Some(row) => row.try_get::<String, _>(0)?.parse()?,
        None => B256::ZERO,
    };
    Ok(Tail { seq, head })
}

/// Appends `entry` to the certificate's history; for a link, recomputes the head from the
/// previous link's and records whether it equals the event's.
async fn append(w: &mut Writer<'_>, at: &At<'_>, entry: Entry<'_>) -> eyre::Result<()> {
    let mint_batch = entry.mint_batch.clone();
    let key = codec::key(entry.id);
    let tail = match w.history.tails.get(&key) {
        Some(tail) => *tail,
        // A certificate just minted (its INSERT fails if it exists) has no history yet.
        None if entry.kind == MINTED => Tail {
            seq: 0,
            head: B256::ZERO,
        },
        None => stored_tail(w, &key).await?,
    };
    let seq = tail.seq + 1;
    let previous = tail.head;
    let (linked, head, computed) = match &entry.link {
        Some((link, head)) => (
            true,
            *head,
            history::next(previous, entry.id, link, entry.by),
        ),
        None => (false, previous, previous),
    };
    w.created(&undo::HISTORY_ENTRY, &[key.clone().into(), seq.into()]);
    w.history.tails.insert(
        key.clone(),
        Tail {
            seq,
            head: computed,
        },
    );
    if let Some(batch) = mint_batch {
        w.history.mint_batches.insert(w.history.rows.len(), batch);
    }
    w.history.rows.push(vec![
        key.into(),
        seq.into(),
        entry.kind.to_owned().into(),
        codec::int(at.block).into(),
        codec::int(at.log_index).into(),
        at.tx_hash.to_owned().into(),
        codec::int(at.time).into(),
        entry.details.to_string().into(),
        codec::address(entry.by).into(),
        codec::flag(linked).into(),
        codec::word(head).into(),
        codec::word(computed).into(),
        codec::flag(head == computed).into(),
    ]);
    Ok(())
}

/// Sets columns of certificate `id` (`assignments` uses `$2`, `$3`… for `values`).
async fn update(
    w: &mut Writer<'_>,
    id: U256,
    assignments: &str,
    values: Vec<Bind>,
) -> eyre::Result<()> {
    if w.certificates.is_pending(&codec::key(id)) {
        w.certificates.flush(&mut *w.conn).await?;
    }
    w.capture(&undo::CERTIFICATE, vec![codec::key(id).into()])
        .await?;
    let sql = format!("UPDATE certificates SET {assignments} WHERE id = $1");
    let mut query = sqlx::query(&sql).bind(codec::key(id));
    for value in values {
        query = value.bind_to(query);
    }
    query.execute(&mut *w.conn).await?;
    Ok(())
}

/// The kind of a mint's history entry.
const MINTED: &str = "MINTED";

/// Applies one event of the certificate contract.
#[allow(clippy::too_many_lines)]
pub(crate) async fn records(w: &mut Writer<'_>, at: &At<'_>, event: C) -> eyre::Result<()> {
    match event {
        C::CertificateMinted(e) => {
            let device = Address::from_word(B256::from(e.id.to_be_bytes::<32>()));
            w.created(&undo::CERTIFICATE, &[codec::key(e.id).into()]);
            let (manufacturer, batch) = (codec::key(e.manufacturer), codec::key(e.batch));
            let device_license = w.certificates.batch_license(w.conn, &batch).await?;
            let owner = w
                .certificates
                .manufacturer_owner(w.conn, &manufacturer)
                .await?;
            let firmware = codec::int(e.firmware);
            w.certificates.push(vec![
                codec::key(e.id).into(),
                codec::address(device).into(),
                manufacturer.into(),
                e.serial.clone().into(),
                codec::int(e.imei).into(),
                batch.into(),
                device_license.into(),
                codec::int(e.manufacturedAt).into(),
                codec::flag(e.ictPassed).into(),
                codec::word(e.ictReport).into(),
                codec::flag(e.mechanicalPassed).into(),
                codec::word(e.mechanicalReport).into(),
                codec::word(e.qaReport).into(),
                codec::int(e.qaInspectedAt).into(),
                firmware.into(),
                firmware.into(),
                0i64.into(),
                0i64.into(),
                0i64.into(),
                0i64.into(),
                0i64.into(),
                codec::word(B256::ZERO).into(),
                0i64.into(),
                owner.into(),
                codec::int(at.block).into(),
                codec::int(at.time).into(),
            ]);
            let entry = Entry {
                id: e.id,
                kind: MINTED,
                details: json!({ "batch": e.batch.to_string(), "serial": e.serial, "firmware": e.firmware }),
                by: Address::ZERO,
                link: None,
                mint_batch: Some(codec::key(e.batch)),
            };
            append(w, at, entry).await?;
        }
        C::BatchMinted(e) => {
            w.created(&undo::BATCH, &[codec::key(e.batch).into()]);
            sqlx::query(
                "INSERT INTO batches (id, manufacturer, device_license, license_grant, license_expires_at, \
                 count, digest, minter, block_number, minted_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
            )
            .bind(codec::key(e.batch))
            .bind(codec::key(e.manufacturer))
            .bind(codec::key(e.deviceLicense))
            .bind(codec::int(e.licenseGrant))
            .bind(codec::int(e.licenseExpiresAt))
            .bind(codec::int(e.count.saturating_to::<u64>()))
            .bind(codec::word(e.digest))
            .bind(codec::address(e.minter))
            .bind(codec::int(at.block))
            .bind(codec::int(at.time))
            .execute(&mut *w.conn)
            .await?;
            w.certificates
                .batch_minted(&codec::key(e.batch), &codec::key(e.deviceLicense));
            w.history
                .batch_minted(&codec::key(e.batch), &codec::address(e.minter));
            w.capture(
                &undo::CERTIFICATES_OF_BATCH,
                vec![codec::key(e.batch).into()],
            )
            .await?;
            sqlx::query("UPDATE certificates SET device_license = $2 WHERE batch = $1")
                .bind(codec::key(e.batch))
                .bind(codec::key(e.deviceLicense))
                .execute(&mut *w.conn)
                .await?;
            w.capture(
                &undo::MINT_ENTRIES_OF_BATCH,
                vec![codec::key(e.batch).into()],
            )
            .await?;
            sqlx::query(
                "UPDATE certificate_history SET actor = $2 WHERE kind = 'MINTED' AND certificate IN \
                 (SELECT id FROM certificates WHERE batch = $1)",
            )
            .bind(codec::key(e.batch))
            .bind(codec::address(e.minter))
            .execute(&mut *w.conn)
            .await?;
        }
        C::CertificateClaimed(e) => {
            let nonce = codec::int(e.nonce.saturating_to::<u64>());
            update(w, e.id, "claim_nonce = $2", vec![Bind::Int(nonce + 1)]).await?;
            let entry = Entry {
                id: e.id,
                kind: "CLAIMED",
                details: json!({ "owner": e.owner.to_checksum(None), "nonce": e.nonce.to_string() }),
                by: e.owner,
                link: None,
                mint_batch: None,
            };
            append(w, at, entry).await?;
        }
        C::DeviceProvisioned(e) => {
            let when = codec::int(e.provisionedAt);
            update(w, e.id, "provisioned_at = $2", vec![Bind::Int(when)]).await?;
            let entry = Entry {
                id: e.id,
                kind: "PROVISIONED",
                details: json!({ "provisionedAt": crate::time::rfc3339(e.provisionedAt) }),
                by: e.by,
                link: None,
                mint_batch: None,
            };
            append(w, at, entry).await?;
        }
        C::FirmwareUpdated(e) => {
            update(
                w,
                e.id,
                "firmware = $2, ota_updates = $3, history_head = $4",
                vec![
                    Bind::Int(codec::int(e.to)),
                    Bind::Int(codec::int(e.count)),
                    Bind::Text(codec::word(e.head)),
                ],
            )
            .await?;
            let link = Link::Ota {
                from: e.from,
                to: e.to,
                image: e.imageHash,
                rollback: e.rollback,
            };
            let entry = Entry {
                id: e.id,
                kind: "FIRMWARE_UPDATED",
                details: json!({ "from": e.from, "to": e.to, "imageHash": codec::word(e.imageHash), "rollback": e.rollback }),
                by: e.by,
                link: Some((link, e.head)),
                mint_batch: None,
            };
            append(w, at, entry).await?;
        }
        C::FactoryReset(e) => {
            let rotated = i64::from(e.newDevice != e.oldDevice);
            update(
                w,
                e.id,
                "device = $2, factory_resets = $3, history_head = $4, claim_nonce = claim_nonce + $5",
                vec![
                    Bind::Text(codec::address(e.newDevice)),
                    Bind::Int(codec::int(e.count)),
                    Bind::Text(codec::word(e.head)),
                    Bind::Int(rotated),
                ],
            )
            .await?;
            let entry = Entry {
                id: e.id,
                kind: "FACTORY_RESET",
                details: json!({ "oldDevice": e.oldDevice.to_checksum(None), "newDevice": e.newDevice.to_checksum(None) }),
                by: e.by,
                link: Some((
                    Link::Reset {
                        old: e.oldDevice,
                        new: e.newDevice,
                    },
                    e.head,
                )),
                mint_batch: None,
            };
            append(w, at, entry).await?;
        }
        C::EndOfLife(e) => {
            update(
                w,
                e.id,
                "status = $2, retired_at = $3, history_head = $4",
                vec![
                    Bind::Int(i64::from(e.kind)),
                    Bind::Int(codec::int(at.time)),
                    Bind::Text(codec::word(e.head)),
                ],
            )
            .await?;
            let entry = Entry {
                id: e.id,
                kind: "END_OF_LIFE",
                details: json!({ "kind": e.kind, "reason": codec::word(e.reason) }),
                by: e.by,
                link: Some((
                    Link::EndOfLife {
                        kind: e.kind,
                        reason: e.reason,
                    },
                    e.head,
                )),
                mint_batch: None,
            };
            append(w, at, entry).await?;
        }
        C::CertificateVoided(e) => {
            update(
                w,
                e.id,
                "retired_at = CASE WHEN status = $2 THEN $3 ELSE retired_at END, status = $4, history_head = $5",
                vec![
                    Bind::Int(status::ACTIVE),
                    Bind::Int(codec::int(at.time)),
                    Bind::Int(status::VOIDED),
                    Bind::Text(codec::word(e.head)),
                ],
            )
            .await?;
            let entry = Entry {
                id: e.id,
                kind: "VOIDED",
                details: json!({ "reason": codec::word(e.reason), "imei": e.imei }),
                by: e.by,
                link: Some((Link::Voided { reason: e.reason }, e.head)),
                mint_batch: None,
            };
            append(w, at, entry).await?;
        }
    }
    Ok(())
}

/// Applies one event of the certificate token.
pub(crate) async fn token(w: &mut Writer<'_>, at: &At<'_>, event: T) -> eyre::Result<()> {
    match event {
        T::Transfer(e) => {
            let (id, to) = (codec::key(e.tokenId), codec::address(e.to));
            if w.certificates.set_owner(&id, &to) {
                return Ok(());
            }
            w.capture(&undo::CERTIFICATE, vec![id.into()]).await?;
            sqlx::query("UPDATE certificates SET owner = $2 WHERE id = $1")
                .bind(codec::key(e.tokenId))
                .bind(to)
                .execute(&mut *w.conn)
                .await?;
        }
        T::OrganizationAuthorized(e) => {
            w.capture(
                &undo::ORGANIZATION,
                vec![codec::key(e.id).into(), codec::address(e.org).into()],
            )
            .await?;
            sqlx::query(
                "INSERT INTO certificate_organizations (certificate, org, authorized_by, authorized_at) \
                 VALUES ($1, $2, $3, $4) ON CONFLICT (certificate, org) DO NOTHING",
            )
            .bind(codec::key(e.id))
            .bind(codec::address(e.org))
            .bind(codec::address(e.by))
            .bind(codec::int(at.time))
            .execute(&mut *w.conn)
            .await?;
        }
        T::OrganizationRevoked(e) => {
            w.capture(
                &undo::ORGANIZATION,
                vec![codec::key(e.id).into(), codec::address(e.org).into()],
            )
            .await?;
            sqlx::query(
                "DELETE FROM certificate_organizations WHERE certificate = $1 AND org = $2",
            )
            .bind(codec::key(e.id))
            .bind(codec::address(e.org))
            .execute(&mut *w.conn)
            .await?;
        }
        T::OrganizationsCleared(e) => {
            w.capture(&undo::ORGANIZATIONS_OF, vec![codec::key(e.id).into()])
                .await?;
            sqlx::query("DELETE FROM certificate_organizations WHERE certificate = $1")
                .bind(codec::key(e.id))
                .execute(&mut *w.conn)
                .await?;
        }
        T::OwnershipTransferred(e) => roles::set_only(w, "token:owner", e.newOwner).await?,
        T::IssuerSet(e) => roles::set_only(w, "token:issuer", e.issuer).await?,
        _ => {}
    }
    Ok(())
}

/// Flags a certificate's last link in `block` (its entries written) when the head read from the chain at that
/// block differs from the one rebuilt from the events.
pub(crate) async fn check_chain_heads(w: &mut Writer<'_>, block: u64) -> eyre::Result<()> {
    let rows = sqlx::query("SELECT certificate, head FROM chain_heads WHERE block_number = $1")
        .bind(codec::int(block))
        .fetch_all(&mut *w.conn)
        .await?;
    for row in rows {
        let certificate: String = row.try_get(0)?;
        let chain_head: String = row.try_get(1)?;
        let last = sqlx::query(
            "SELECT seq, computed_head FROM certificate_history WHERE certificate = $1 AND linked = 1 \
             AND block_number = $2 ORDER BY seq DESC LIMIT 1",
        )
        .bind(certificate.clone())
        .bind(codec::int(block))
        .fetch_optional(&mut *w.conn)
        .await?;
        if let Some(last) = last {
            let seq: i64 = last.try_get(0)?;
            let computed: String = last.try_get(1)?;
            if computed != chain_head {
                w.capture(
                    &undo::HISTORY_ENTRY,
                    vec![certificate.clone().into(), seq.into()],
                )
                .await?;
                sqlx::query(
                    "UPDATE certificate_history SET verified = 0 WHERE certificate = $1 AND seq = $2",
                )
                .bind(certificate)
                .bind(seq)
                .execute(&mut *w.conn)
                .await?;
            }
        }
    }
    Ok(())
}

/// The certificate ids whose head the chain should be asked for after `logs`: every
/// certificate with a lifecycle link in them.
pub fn linked_certificates(
    contracts: &crate::deployment::Contracts,
    logs: &[super::StoredLog],
) -> Vec<U256> {
    use crate::bindings::MintingCertificates::{
        CertificateVoided, EndOfLife, FactoryReset, FirmwareUpdated,
    };
    use alloy::sol_types::SolEvent;
    let mut ids: Vec<U256> = logs
        .iter()
        .filter(|l| l.address == contracts.certificates && l.topics.len() > 1)
        .filter(|l| {
            [
                FirmwareUpdated::SIGNATURE_HASH,
                FactoryReset::SIGNATURE_HASH,
                EndOfLife::SIGNATURE_HASH,
                CertificateVoided::SIGNATURE_HASH,
            ]
            .contains(&l.topics[0])
        })
        .map(|l| U256::from_be_bytes(l.topics[1].0))
        .collect();
    ids.sort_unstable();
    ids.dedup();
    ids
}
