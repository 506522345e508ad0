//! A certificate's lifecycle history rebuilt from its events and checked against the head the
//! contract stores: `head' = keccak256(abi.encode(head, kind, id, fields…, by))` per event
//! (`contracts/minting-certificates/src/history.rs`), 0 at mint.

use alloy::primitives::{keccak256, B256, U256};
use alloy::providers::Provider;
use alloy::rpc::types::Filter;
use alloy::sol_types::{SolEvent, SolValue};
use eyre::{bail, eyre};

use super::context::Ctx;
use super::parse::firmware_text;
use crate::contracts::MintingCertificates as C;

/// One lifecycle event.
#[derive(Debug, Clone)]
pub(crate) struct Entry {
    /// Its block.
    pub block: u64,
    /// Its transaction.
    pub tx: B256,
    /// What happened.
    pub event: String,
}

/// The link kinds (`crates/interfaces/src/certificates.rs`, `link`).
const OTA_UPDATE: u8 = 1;
const FACTORY_RESET: u8 = 2;
const END_OF_LIFE: u8 = 3;
const VOIDED: u8 = 4;

/// Certificate `id`'s history, verified to fold into `stored`.
pub(crate) async fn verified(ctx: &Ctx, id: U256, stored: B256) -> eyre::Result<Vec<Entry>> {
    let filter = Filter::new()
        .address(ctx.contracts.certificates)
        .event_signature(vec![
            C::FirmwareUpdated::SIGNATURE_HASH,
            C::FactoryReset::SIGNATURE_HASH,
            C::EndOfLife::SIGNATURE_HASH,
            C::CertificateVoided::SIGNATURE_HASH,
        ])
        .topic1(B256::from(id))
        .from_block(0);
    let mut logs = ctx
        .provider
        .get_logs(&filter)
        .await
        .map_err(|e| eyre!("reading certificate {id}'s events: {e}"))?;
    logs.sort_by_key(|l| (l.block_number, l.log_index));
    let mut head = B256::ZERO;
    let mut entries = Vec::new();
    for log in logs {
        let k = |kind: u8| U256::from(kind);
        let (next, text) = if let Ok(e) = log.log_decode::<C::FirmwareUpdated>() {
            let e = e.inner.data;
            (
                keccak256(
                    (
                        head,
                        k(OTA_UPDATE),
                        id,
                        e.from,
                        e.to,
                        e.imageHash,
                        e.rollback,
                        e.by,
                    )
                        .abi_encode(),
                ),
                format!(
                    "OTA {} -> {}{} by {}",
                    firmware_text(e.from),
                    firmware_text(e.to),
                    if e.rollback { " (rollback)" } else { "" },
                    e.by
                ),
            )
        } else if let Ok(e) = log.log_decode::<C::FactoryReset>() {
            let e = e.inner.data;
            (
                keccak256(
                    (head, k(FACTORY_RESET), id, e.oldDevice, e.newDevice, e.by).abi_encode(),
                ),
                format!(
                    "factory reset, key {} -> {} by {}",
                    e.oldDevice, e.newDevice, e.by
                ),
            )
        } else if let Ok(e) = log.log_decode::<C::EndOfLife>() {
            let e = e.inner.data;
            (
                keccak256(
                    (head, k(END_OF_LIFE), id, U256::from(e.kind), e.reason, e.by).abi_encode(),
                ),
                format!("end of life (kind {}) by {}", e.kind, e.by),
            )
        } else if let Ok(e) = log.log_decode::<C::CertificateVoided>() {
            let e = e.inner.data;
            (
                keccak256((head, k(VOIDED), id, e.reason, e.by).abi_encode()),
                format!("voided by {}", e.by),
            )
        } else {
            continue;
        };
        head = next;
        entries.push(Entry {
            block: log.block_number.unwrap_or_default(),
            tx: log.transaction_hash.unwrap_or_default(),
            event: text,
        });
    }
    if head != stored {
        bail!(
            "certificate {id}'s history does not verify: its {} events fold into {head}, the \
             contract stores {stored}",
            entries.len()
        );
    }
    Ok(entries)
}
