//! Per-contract artifacts (raw, deployable and deployed-code bytes plus the validation result)
//! and the size table printed by `stylus-artifacts`.

use std::fmt::{self, Write as _};

use crate::compress::{deployed_code, MAX_CODE_SIZE};
use crate::error::{NormalizeError, ValidationError};
use crate::normalize::normalize;
use crate::validate::{validate, ModuleSummary};

/// Why an [`Artifact`] is not deployable, before any size check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ArtifactError {
    /// The round trip or the custom-section strip failed.
    Normalize(NormalizeError),
    /// The deployable module breaks a Nitro activation rule.
    Validate(ValidationError),
    /// Brotli reported an error (not expected with in-memory buffers).
    Compress(String),
}

impl fmt::Display for ArtifactError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Normalize(e) => write!(f, "{e}"),
            Self::Validate(e) => write!(f, "{e}"),
            Self::Compress(e) => write!(f, "brotli failed: {e}"),
        }
    }
}

impl std::error::Error for ArtifactError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Normalize(e) => Some(e),
            Self::Validate(e) => Some(e),
            Self::Compress(_) => None,
        }
    }
}

/// One contract's wasm at every stage between `cargo build` and deployment.
#[derive(Debug, Clone)]
pub struct Artifact {
    /// Contract (crate) name, e.g. `manufacturer-registry`.
    pub name: String,
    /// The wasm as rustc wrote it.
    pub raw: Vec<u8>,
    /// After [`normalize`] (round trip, custom sections stripped); `None` if that failed.
    pub deployable: Option<Vec<u8>>,
    /// The deployed code, `EF F0 00 00` + Brotli-11 of `deployable`; `None` if unavailable.
    pub code: Option<Vec<u8>>,
    /// Result of [`validate`] on `deployable`, or the step that failed before it.
    pub validation: Result<ModuleSummary, ArtifactError>,
}

/// Verdict for one [`Artifact`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    /// Valid and within the code size limit.
    Ok,
    /// Not deployable; the reason.
    Invalid(String),
    /// Valid, but the deployed code is larger than [`MAX_CODE_SIZE`].
    OverLimit,
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Ok => f.write_str("ok"),
            Self::Invalid(reason) => write!(f, "INVALID: {reason}"),
            Self::OverLimit => f.write_str("OVER LIMIT"),
        }
    }
}

impl Artifact {
    /// Normalizes, validates and compresses `raw`.
    pub fn new(name: impl Into<String>, raw: Vec<u8>) -> Self {
        let name = name.into();
        let deployable = match normalize(&raw) {
            Ok(bytes) => bytes,
            Err(e) => {
                let validation = Err(ArtifactError::Normalize(e));
                return Self {
                    name,
                    raw,
                    deployable: None,
                    code: None,
                    validation,
                };
            }
        };
        let code = deployed_code(&deployable);
        let validation = match &code {
            Err(e) => Err(ArtifactError::Compress(e.to_string())),
            Ok(_) => validate(&deployable).map_err(ArtifactError::Validate),
        };
        Self {
            name,
            raw,
            deployable: Some(deployable),
            code: code.ok(),
            validation,
        }
    }

    /// Length of the deployed code (prefix included), if it could be produced.
    pub fn code_len(&self) -> Option<usize> {
        self.code.as_ref().map(Vec::len)
    }

    /// Bytes left under [`MAX_CODE_SIZE`]; negative when over the limit.
    pub fn headroom(&self) -> Option<i64> {
        let limit = i64::try_from(MAX_CODE_SIZE).ok()?;
        let len = i64::try_from(self.code_len()?).ok()?;
        Some(limit - len)
    }

    /// The verdict: invalid (any failed step) first, then the size limit. An invalid module
    /// whose code is also too large says so in its reason.
    pub fn status(&self) -> Status {
        match (&self.validation, self.code_len()) {
            (Err(e), Some(len)) if len > MAX_CODE_SIZE => {
                Status::Invalid(format!("{e}; also OVER LIMIT"))
            }
            (Err(e), _) => Status::Invalid(e.to_string()),
            (Ok(_), Some(len)) if len > MAX_CODE_SIZE => Status::OverLimit,
            (Ok(_), Some(_)) => Status::Ok,
            (Ok(_), None) => Status::Invalid("no deployed code".to_owned()),
        }
    }

    /// Whether the contract can be deployed as a single (non-fragmented) program.
    pub fn is_ok(&self) -> bool {
        self.status() == Status::Ok
    }
}

/// Formats `n` with `,` thousands separators: `24576` → `24,576`, `-1234` → `-1,234`.
pub fn thousands(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn size(n: Option<usize>) -> String {
    n.and_then(|n| i64::try_from(n).ok())
        .map_or_else(|| "-".to_owned(), thousands)
}

/// Renders `artifacts` as a Markdown table (aligned, so it also reads as plain text) with the
/// columns contract, raw bytes, deployable bytes, compressed bytes (Brotli-11 + 4-byte prefix),
/// limit, headroom and status.
pub fn render_table(artifacts: &[Artifact]) -> String {
    let header = [
        "contract",
        "raw bytes",
        "deployable bytes",
        "compressed bytes",
        "limit",
        "headroom",
        "status",
    ];
    let limit = size(Some(MAX_CODE_SIZE));
    let rows: Vec<[String; 7]> = artifacts
        .iter()
        .map(|a| {
            [
                a.name.clone(),
                size(Some(a.raw.len())),
                size(a.deployable.as_ref().map(Vec::len)),
                size(a.code_len()),
                limit.clone(),
                a.headroom().map_or_else(|| "-".to_owned(), thousands),
                a.status().to_string(),
            ]
        })
        .collect();

    let mut widths = header.map(str::len);
    for row in &rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    // Numbers are right-aligned; the first and the last column are text.
    let numeric = |i: usize| i != 0 && i != header.len() - 1;
    let line = |cells: &[String]| {
        let mut out = String::from("|");
        for (i, (cell, width)) in cells.iter().zip(widths).enumerate() {
            if numeric(i) {
                let _ = write!(out, " {cell:>width$} |");
            } else {
                let _ = write!(out, " {cell:<width$} |");
            }
        }
        out.push('\n');
        out
    };

    let mut table = line(&header.map(str::to_owned));
    table.push('|');
    for (i, width) in widths.iter().enumerate() {
        let dashes = "-".repeat(*width);
        if numeric(i) {
            let _ = write!(table, " {dashes}:|");
        } else {
            let _ = write!(table, " {dashes} |");
        }
    }
    table.push('\n');
    for row in &rows {
        table.push_str(&line(row));
    }
    table
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_modules::{minimal, module, ENTRY, HOOKS, MEMORY};

    #[test]
    fn valid_module_is_ok_with_headroom() {
        let raw = minimal();
        let a = Artifact::new("tiny", raw.clone());
        assert_eq!(a.status(), Status::Ok);
        assert!(a.is_ok());
        assert_eq!(
            a.deployable.as_deref(),
            Some(&raw[..]),
            "already normalized"
        );
        let code = a.code.as_ref().unwrap();
        assert_eq!(code[..4], [0xEF, 0xF0, 0x00, 0x00]);
        assert_eq!(
            a.headroom(),
            Some(24_576 - i64::try_from(code.len()).unwrap())
        );
    }

    #[test]
    fn invalid_module_reports_the_rule() {
        let raw = module(&format!(
            r#"(import "env" "abort" (func)) {MEMORY} {ENTRY}"#
        ));
        let a = Artifact::new("bad", raw);
        assert!(!a.is_ok());
        match a.status() {
            Status::Invalid(reason) => assert!(reason.contains("env.abort"), "{reason}"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn valid_but_incompressible_module_is_over_limit() {
        use std::fmt::Write as _;
        // 30,000 pseudo-random bytes in a data segment: valid, < 128 KiB, but Brotli cannot
        // squeeze them under 24,576 bytes.
        let mut seed = 0x9e37_79b9_u32;
        let mut data = String::new();
        for _ in 0..30_000 {
            seed ^= seed << 13;
            seed ^= seed >> 17;
            seed ^= seed << 5;
            let _ = write!(data, "\\{:02x}", seed & 0xff);
        }
        let raw = module(&format!(
            r#"{HOOKS} {MEMORY} {ENTRY} (data (i32.const 0) "{data}")"#
        ));
        let a = Artifact::new("big", raw);
        assert!(a.validation.is_ok(), "{:?}", a.validation);
        assert_eq!(a.status(), Status::OverLimit);
        assert!(!a.is_ok());
        assert!(a.headroom().unwrap() < 0);
        assert!(render_table(&[a]).contains("OVER LIMIT"));
    }

    #[test]
    fn garbage_is_invalid_without_sizes() {
        let a = Artifact::new("junk", b"junk".to_vec());
        assert!(matches!(a.validation, Err(ArtifactError::Normalize(_))));
        assert!(matches!(a.status(), Status::Invalid(_)));
        assert_eq!(a.code_len(), None);
        let table = render_table(&[a]);
        assert!(
            table.contains("| junk ") && table.contains("INVALID: "),
            "{table}"
        );
    }

    #[test]
    fn thousands_separators() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(24_576), "24,576");
        assert_eq!(thousands(1_234_567), "1,234,567");
        assert_eq!(thousands(-1_234), "-1,234");
    }

    #[test]
    fn table_has_header_and_one_row_per_artifact() {
        let table = render_table(&[
            Artifact::new("a", minimal()),
            Artifact::new("bb", minimal()),
        ]);
        let lines: Vec<&str> = table.lines().collect();
        assert_eq!(lines.len(), 4, "{table}");
        assert!(lines[0].starts_with("| contract"));
        assert!(lines[0].contains("compressed bytes"));
        assert!(lines[1].starts_with("|-") || lines[1].starts_with("| -"));
        assert!(
            lines[2].contains("24,576") && lines[2].ends_with("| ok     |"),
            "{table}"
        );
        // Every line has the same width.
        assert!(lines.iter().all(|l| l.len() == lines[0].len()), "{table}");
    }
}
