//! The checks every row passes before anything is sent: locally (the device signs for this
//! chain, contract and manufacturer; QA passed; dates; duplicates within the file) and against
//! the chain (serial, IMEI or device address already taken, or minted by an earlier run of this
//! file).

use std::collections::{HashMap, HashSet};

use alloy::primitives::{keccak256, Address, U256};
use alloy::signers::local::PrivateKeySigner;
use alloy::sol_types::Eip712Domain;
use futures::{StreamExt, TryStreamExt};

use super::row::Line;
use crate::contracts::IMintingCertificates::DeviceInput;
use crate::contracts::MintingCertificates as C;
use crate::ops::context::Ctx;
use crate::story::eip712::{id_of, mint_device_signer, sign_mint_device};

/// Where a row stands after the checks.
#[derive(Clone)]
pub(crate) enum Verdict {
    /// To mint.
    Mint(DeviceInput),
    /// Already on chain from an earlier run of this file (its journal lists it).
    Done,
    /// Refused, with the reason.
    Rejected(String),
}

/// A development device key: derived from the manufacturer and the serial.
pub(crate) fn dev_key(manufacturer: U256, serial: &str) -> PrivateKeySigner {
    PrivateKeySigner::from_bytes(&keccak256(format!(
        "dimo dev device key {manufacturer}/{serial}"
    )))
    .expect("a hash is a valid key")
}

/// What the local checks need.
pub(crate) struct Local<'a> {
    /// The signing domain (chain id and certificate contract).
    pub domain: &'a Eip712Domain,
    /// The manufacturer node.
    pub manufacturer: U256,
    /// The Hardware Device License the rows are minted under (the device signs it too).
    pub device_license: U256,
    /// The chain's time (Unix seconds).
    pub now: u64,
    /// Sign rows that lack a device address or signature with derived dev keys.
    pub dev_keys: bool,
}

/// The local checks of one parsed row (signatures made first for dev keys).
fn check_one(local: &Local<'_>, mut d: DeviceInput) -> Result<DeviceInput, String> {
    if local.dev_keys && (d.device.is_zero() || d.signature.is_empty()) {
        let key = dev_key(local.manufacturer, &d.serial);
        if d.device.is_zero() {
            d.device = key.address();
        }
        if d.device != key.address() {
            return Err(format!(
                "device {} is not the dev key of serial {:?} ({})",
                d.device,
                d.serial,
                key.address()
            ));
        }
        d.signature = sign_mint_device(
            &key,
            local.domain,
            local.manufacturer,
            local.device_license,
            &d,
        );
    }
    if d.device.is_zero() {
        return Err("no device address".into());
    }
    if !d.qaPassed {
        return Err("QA did not pass: the device may not be certified".into());
    }
    if d.manufacturedAt > local.now {
        return Err(format!(
            "manufactured_at {} is in the future (chain time {})",
            d.manufacturedAt, local.now
        ));
    }
    if d.qaInspectedAt < d.manufacturedAt {
        return Err("qa_inspected_at is before manufactured_at".into());
    }
    if d.qaInspectedAt > local.now {
        return Err(format!(
            "qa_inspected_at {} is in the future (chain time {})",
            d.qaInspectedAt, local.now
        ));
    }
    if d.signature.len() != 65 {
        return Err(format!("signature has {} bytes, not 65", d.signature.len()));
    }
    match mint_device_signer(local.domain, local.manufacturer, local.device_license, &d) {
        Some(signer) if signer == d.device => Ok(d),
        Some(signer) => Err(format!(
            "signature recovers to {signer}, not the row's device {} (signed for another \
             chain, contract, manufacturer, licence or record?)",
            d.device
        )),
        None => Err("signature does not recover".into()),
    }
}

/// The local verdict of every line, in order: grammar, signature, dates, then duplicates
/// within the file (the first occurrence stays, later ones are rejected).
pub(crate) fn local(local: &Local<'_>, lines: &[Line]) -> Vec<Verdict> {
    let mut serials: HashMap<String, u64> = HashMap::new();
    let mut imeis: HashMap<u64, u64> = HashMap::new();
    let mut devices: HashMap<Address, u64> = HashMap::new();
    lines
        .iter()
        .map(|line| {
            let d = match line.parsed.clone().and_then(|d| check_one(local, d)) {
                Ok(d) => d,
                Err(reason) => return Verdict::Rejected(reason),
            };
            if let Some(first) = serials.get(&d.serial) {
                return Verdict::Rejected(format!("serial {:?} repeats line {first}", d.serial));
            }
            if let Some(first) = imeis.get(&d.imei).filter(|_| d.imei != 0) {
                return Verdict::Rejected(format!("IMEI {} repeats line {first}", d.imei));
            }
            if let Some(first) = devices.get(&d.device) {
                return Verdict::Rejected(format!("device {} repeats line {first}", d.device));
            }
            serials.insert(d.serial.clone(), line.number);
            imeis.insert(d.imei, line.number);
            devices.insert(d.device, line.number);
            Verdict::Mint(d)
        })
        .collect()
}

/// How many rows are checked against the chain at once.
const CONCURRENCY: usize = 16;

/// The chain's verdict on a locally valid row: `journaled` devices found on chain with this
/// row's serial under this manufacturer were minted by an earlier run.
async fn on_chain(
    ctx: &Ctx,
    manufacturer: U256,
    d: DeviceInput,
    journaled: &HashSet<Address>,
) -> eyre::Result<Verdict> {
    let c = C::new(ctx.contracts.certificates, &ctx.provider);
    let by_device = c.idByDeviceAddress(d.device).call().await?;
    let by_serial = c.idBySerial(manufacturer, d.serial.clone()).call().await?;
    let by_imei = if d.imei == 0 {
        U256::ZERO
    } else {
        c.idByImei(d.imei).call().await?
    };
    let mine = id_of(d.device);
    if by_device == mine && by_serial == mine && journaled.contains(&d.device) {
        return Ok(Verdict::Done);
    }
    let taken = if !by_device.is_zero() {
        Some(format!(
            "device address {} already has certificate {by_device}",
            d.device
        ))
    } else if !by_serial.is_zero() {
        Some(format!(
            "serial {:?} is already certificate {by_serial} of this manufacturer",
            d.serial
        ))
    } else if !by_imei.is_zero() {
        Some(format!("IMEI {} is already certificate {by_imei}", d.imei))
    } else {
        None
    };
    Ok(match taken {
        Some(reason) => Verdict::Rejected(format!("{reason} (on chain)")),
        None => Verdict::Mint(d),
    })
}

/// The chain's verdicts, `CONCURRENCY` rows at a time.
pub(crate) async fn chain(
    ctx: &Ctx,
    manufacturer: U256,
    verdicts: Vec<Verdict>,
    journaled: &HashSet<Address>,
) -> eyre::Result<Vec<Verdict>> {
    futures::stream::iter(verdicts)
        .map(|v| async move {
            match v {
                Verdict::Mint(d) => on_chain(ctx, manufacturer, d, journaled).await,
                other => Ok(other),
            }
        })
        .buffered(CONCURRENCY)
        .try_collect()
        .await
}
