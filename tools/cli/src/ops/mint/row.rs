//! A production run's CSV: its columns, and each row read into the ABI's `DeviceInput` with
//! the grammar of every field checked (a row that fails names its line and the reason).

use std::path::Path;

use alloy::primitives::{Address, Bytes};
use eyre::{bail, WrapErr};

use crate::contracts::IMintingCertificates::DeviceInput;
use crate::ops::parse;

/// The columns, in the order the line writes them (the header names them; any order is read).
pub(crate) const COLUMNS: [&str; 13] = [
    "serial",
    "imei",
    "device",
    "manufactured_at",
    "ict_passed",
    "ict_report",
    "mechanical_passed",
    "mechanical_report",
    "qa_passed",
    "qa_report",
    "qa_inspected_at",
    "firmware",
    "signature",
];

/// The longest serial, in bytes (`crates/interfaces`, `MAX_SERIAL_LEN`).
const MAX_SERIAL_LEN: usize = 32;

/// One line of the file as read.
#[derive(Clone)]
pub(crate) struct Line {
    /// Its line number in the file (the header is line 1).
    pub number: u64,
    /// Its fields as text (lossy for bytes that are not UTF-8), for the rejects file.
    pub raw: Vec<String>,
    /// The device, or why the line cannot be one.
    pub parsed: Result<DeviceInput, String>,
}

/// The whole file.
#[derive(Clone)]
pub(crate) struct Sheet {
    /// The header.
    pub header: Vec<String>,
    /// Every data line.
    pub lines: Vec<Line>,
}

/// A serial's grammar: 1 to 32 bytes of `[A-Za-z0-9._-]`.
pub(crate) fn serial_ok(serial: &str) -> bool {
    !serial.is_empty()
        && serial.len() <= MAX_SERIAL_LEN
        && serial
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
}

/// Reads `path`: refused as a whole if it is not a CSV or lacks a column; each line parsed.
pub(crate) fn read(path: &Path) -> eyre::Result<Sheet> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_path(path)
        .wrap_err_with(|| format!("opening {}", path.display()))?;
    let header: Vec<String> = reader
        .byte_headers()
        .wrap_err_with(|| format!("reading the header of {}", path.display()))?
        .iter()
        .map(|h| String::from_utf8_lossy(h).trim().to_ascii_lowercase())
        .collect();
    let missing: Vec<&str> = COLUMNS
        .iter()
        .copied()
        .filter(|c| !header.iter().any(|h| h == c))
        .collect();
    if !missing.is_empty() {
        bail!(
            "{} lacks the column(s) {} (the header must name: {})",
            path.display(),
            missing.join(", "),
            COLUMNS.join(",")
        );
    }
    let index: Vec<usize> = COLUMNS
        .iter()
        .map(|c| header.iter().position(|h| h == c).expect("checked above"))
        .collect();
    let mut lines = Vec::new();
    for record in reader.byte_records() {
        let record = record.wrap_err_with(|| format!("reading {}", path.display()))?;
        let line = record.position().map_or(0, csv::Position::line);
        let raw: Vec<String> = record
            .iter()
            .map(|f| String::from_utf8_lossy(f).into_owned())
            .collect();
        let parsed = if record.len() == header.len() {
            let texts: Result<Vec<&str>, String> = index
                .iter()
                .map(|&i| {
                    std::str::from_utf8(&record[i])
                        .map(str::trim)
                        .map_err(|_| format!("column {} is not valid UTF-8", header[i]))
                })
                .collect();
            texts.and_then(|t| device(&t))
        } else {
            Err(format!(
                "has {} fields, the header has {}",
                record.len(),
                header.len()
            ))
        };
        lines.push(Line {
            number: line,
            raw,
            parsed,
        });
    }
    Ok(Sheet { header, lines })
}

/// One row's fields (in [`COLUMNS`] order) as a device: every field's grammar checked.
fn device(f: &[&str]) -> Result<DeviceInput, String> {
    let [serial, imei, device, made, ict, ict_report, mech, mech_report, qa, qa_report, qa_at, firmware, signature] =
        f
    else {
        return Err("wrong number of columns".into());
    };
    if !serial_ok(serial) {
        return Err(format!(
            "serial {serial:?} is not 1 to 32 characters of A-Z a-z 0-9 . _ -"
        ));
    }
    let device: Address = if device.is_empty() {
        Address::ZERO
    } else {
        device
            .parse()
            .map_err(|_| format!("device address {device:?} is not an address"))?
    };
    let signature: Bytes = if signature.is_empty() {
        Bytes::new()
    } else {
        signature
            .parse()
            .map_err(|_| "signature is not hex".to_owned())?
    };
    let report = |name: &str, text: &str| {
        parse::hash(text)
            .map_err(|e| format!("{name}: {e}"))
            .and_then(|h| {
                if h.is_zero() {
                    Err(format!("{name} is zero"))
                } else {
                    Ok(h)
                }
            })
    };
    let firmware = parse::firmware(firmware)?;
    if firmware == 0 {
        return Err("firmware 0 is not a version".into());
    }
    Ok(DeviceInput {
        serial: (*serial).to_owned(),
        imei: parse::imei(imei)?,
        device,
        manufacturedAt: parse::date(made).map_err(|e| format!("manufactured_at: {e}"))?,
        ictPassed: parse::passed(ict).map_err(|e| format!("ict_passed: {e}"))?,
        ictReport: report("ict_report", ict_report)?,
        mechanicalPassed: parse::passed(mech).map_err(|e| format!("mechanical_passed: {e}"))?,
        mechanicalReport: report("mechanical_report", mech_report)?,
        qaPassed: parse::passed(qa).map_err(|e| format!("qa_passed: {e}"))?,
        qaReport: report("qa_report", qa_report)?,
        qaInspectedAt: parse::date(qa_at).map_err(|e| format!("qa_inspected_at: {e}"))?,
        firmware,
        signature,
    })
}
