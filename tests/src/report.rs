//! `docs/gas.md`: the scenarios' gas (split into compute and the rest), their new storage
//! slots against the storage floor, DIMO's comparable figures, and each contract's size.

use std::fmt::Write as _;

use stylus_runtime::init_cost::ModuleShape;
use stylus_runtime::ArbosVersion;
use stylus_wasm::{report::thousands, Artifact, MAX_CODE_SIZE};

use crate::artifacts::{artifact_names, artifact_path};
use crate::scenarios::{Scenario, TARGET_SCENARIO};

/// Gas of one new storage slot: SSTORE of a fresh slot (20,000) plus its cold access (2,100).
pub const NEW_SLOT_GAS: u64 = 22_100;

fn num(n: u64) -> String {
    thousands(i64::try_from(n).unwrap_or(i64::MAX))
}

fn ratio(a: u64, b: u64) -> String {
    if b == 0 {
        return "-".to_owned();
    }
    // Display only: the precision of f64 is ample for gas figures.
    #[allow(clippy::cast_precision_loss)]
    let r = a as f64 / b as f64;
    format!("{r:.2}")
}

/// One contract's size line.
#[derive(Debug, Clone)]
pub struct SizeRow {
    /// Contract name.
    pub name: String,
    /// Deployable wasm bytes.
    pub wasm: usize,
    /// Deployed code bytes (Brotli-11 plus the 4-byte prefix), if it could be produced.
    pub code: Option<usize>,
    /// Entry gas per call (cached, uncached), if the program activates.
    pub entry: Option<(u64, u64)>,
}

/// Sizes of every artifact in `artifacts/`.
pub fn contract_sizes() -> Vec<SizeRow> {
    artifact_names()
        .into_iter()
        .filter_map(|name| {
            let raw = std::fs::read(artifact_path(&name)).ok()?;
            let artifact = Artifact::new(name.clone(), raw);
            let wasm = artifact.deployable.as_ref().map_or(0, Vec::len);
            let entry = artifact.deployable.as_deref().and_then(|wasm| {
                let cost = ModuleShape::measure(wasm).ok()?.entry_cost();
                Some((cost.total(true), cost.total(false)))
            });
            Some(SizeRow {
                name,
                wasm,
                code: artifact.code_len(),
                entry,
            })
        })
        .collect()
}

/// The project's target: execution gas per device in a batch of 100 full certificates.
pub const TARGET_EXECUTION_PER_DEVICE: u64 = 140_000;

/// Storage gas of a scenario: SLOADs and SSTOREs (before the refund).
fn storage(s: &Scenario) -> u64 {
    let b = &s.uncached.receipt.gas.breakdown;
    b.storage_read + b.storage_write
}

/// The target section: the batch of 100's execution gas per device against the target.
fn render_target(out: &mut String, scenarios: &[Scenario]) {
    out.push_str(TARGET_HEADER);
    let Some(s) = scenarios.iter().find(|s| s.operation == TARGET_SCENARIO) else {
        out.push_str("Not measured in this run.\n");
        return;
    };
    let gas = &s.uncached.receipt.gas;
    let n = u64::try_from(s.items.max(1)).unwrap_or(1);
    let per_device = s.execution_per_item();
    let slots = u64::try_from(s.uncached.new_slots).unwrap_or(0);
    let _ = write!(
        out,
        "| `mintCertificates`, {n} devices, programs not cached | gas |\n\
         |---|--:|\n\
         | Gas used | {} |\n\
         | − intrinsic | {} |\n\
         | − calldata ({} bytes) | {} |\n\
         | = execution | {} |\n\
         | **Execution per device** | **{}** |\n\
         | Target per device | {} |\n\
         | Same, programs cached | {} |\n\
         | New slots per device (both contracts) × 22,100 | {} × 22,100 = {} |\n\
         | Compute per device | {} |\n\
         | Storage (SLOAD + SSTORE) per device | {} |\n\
         | Other EVM (logs, calls, entry, memory) per device | {} |\n\n",
        num(gas.used),
        num(gas.intrinsic),
        num(u64::try_from(s.calldata_bytes).unwrap_or(u64::MAX)),
        num(gas.calldata),
        num(s.execution()),
        num(per_device),
        num(TARGET_EXECUTION_PER_DEVICE),
        num(s.cached_execution() / n),
        ratio(slots, n),
        num(slots * NEW_SLOT_GAS / n),
        num(gas.compute / n),
        num(storage(s) / n),
        num((gas.evm - storage(s)) / n),
    );
    let verdict = if per_device <= TARGET_EXECUTION_PER_DEVICE {
        format!(
            "**Meets the target**: {} gas of execution per device, {} below {}.\n",
            num(per_device),
            num(TARGET_EXECUTION_PER_DEVICE - per_device),
            num(TARGET_EXECUTION_PER_DEVICE)
        )
    } else {
        format!(
            "**Misses the target**: {} gas of execution per device, {} above {}.\n",
            num(per_device),
            num(per_device - TARGET_EXECUTION_PER_DEVICE),
            num(TARGET_EXECUTION_PER_DEVICE)
        )
    };
    out.push_str(&verdict);
}

/// The per-group tables.
fn render_groups(out: &mut String, scenarios: &[Scenario]) {
    out.push_str("\n## Every operation\n");
    let mut group = "";
    for s in scenarios {
        if s.group != group {
            group = s.group;
            let _ = write!(
                out,
                "\n### {group}\n\n\
                 | Operation | n | Gas used | Per item | Calldata | Execution | Exec. per item | \
                 Compute | Storage | Other EVM | New slots | Floor | Exec. / floor | Cached |\n\
                 |---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n"
            );
        }
        let gas = &s.uncached.receipt.gas;
        let items = u64::try_from(s.items.max(1)).unwrap_or(1);
        let slots = u64::try_from(s.uncached.new_slots).unwrap_or(0);
        let floor = slots * NEW_SLOT_GAS;
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            s.operation,
            s.items,
            num(gas.used),
            num(gas.used / items),
            num(gas.calldata),
            num(s.execution()),
            num(s.execution_per_item()),
            num(gas.compute),
            num(storage(s)),
            num(gas.evm - storage(s)),
            slots,
            num(floor),
            ratio(s.execution(), floor),
            num(s.cached_gas_used),
        );
    }
}

/// The comparison with DIMO's figures.
fn render_dimo(out: &mut String, scenarios: &[Scenario]) {
    out.push_str(DIMO_HEADER);
    for s in scenarios {
        let Some(d) = s.dimo else { continue };
        let items = u64::try_from(s.items.max(1)).unwrap_or(1);
        let gas = &s.uncached.receipt.gas;
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            s.operation,
            s.items,
            num(gas.used),
            num(d.gas_used),
            ratio(gas.used, d.gas_used),
            num(s.execution_per_item()),
            num(d.execution / items),
            ratio(s.execution(), d.execution),
            d.label,
        );
    }
}

/// Renders the report.
pub fn render(scenarios: &[Scenario], sizes: &[SizeRow]) -> String {
    let mut out = String::new();
    out.push_str(HEADER);
    out.push_str(&ARBOS_RULES.replace("{version}", &ArbosVersion::default().to_string()));
    render_target(&mut out, scenarios);
    render_groups(&mut out, scenarios);
    render_dimo(&mut out, scenarios);
    out.push_str(BREAKDOWN_HEADER);
    for s in scenarios {
        let b = &s.uncached.receipt.gas.breakdown;
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            s.operation,
            num(b.wasm_ink / 10_000),
            num(b.hostio_ink / 10_000),
            num(b.program_entry),
            num(b.memory),
            num(b.storage_read),
            num(b.storage_write),
            num(s.uncached.receipt.gas.refund),
            num(b.logs),
            num(b.calls + b.account_access),
        );
    }
    out.push_str(SIZES_HEADER);
    for row in sizes {
        let code = row.code.map_or_else(|| "-".to_owned(), |c| num(c as u64));
        let headroom = row.code.map_or_else(
            || "-".to_owned(),
            |c| {
                thousands(i64::try_from(MAX_CODE_SIZE).unwrap_or(0) - i64::try_from(c).unwrap_or(0))
            },
        );
        let (cached, uncached) = row.entry.map_or_else(
            || ("-".to_owned(), "-".to_owned()),
            |(c, u)| (num(c), num(u)),
        );
        let name = if row.name == "test-erc20" {
            format!("{} (tests only)", row.name)
        } else {
            row.name.clone()
        };
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} |",
            name,
            num(row.wasm as u64),
            code,
            headroom,
            cached,
            uncached
        );
    }
    out.push_str(NOTES);
    out
}

const HEADER: &str = "# Gas report\n\
\n\
Generated by `scripts/gas-report` (do not edit by hand): every figure comes from running the\n\
deployable wasm in `artifacts/` on the local Stylus runtime (`crates/stylus-runtime`).\n\
\n\
These are **estimates of Arbitrum L2 gas under Nitro's default prices**, not receipts from a\n\
chain. \"Gas used\" is what a receipt would show without the L1 data fee: 21,000 intrinsic +\n\
calldata (16 / 4 gas per byte) + execution, after the refund. **Execution** is gas used less\n\
the 21,000 and the calldata gas (so net of any refund). Before the refund it splits into\n\
**compute** (wasm instructions and hostio prices, in ink / 10,000), **storage** (SLOADs and\n\
SSTOREs, at EVM prices) and the **other EVM** charges (logs, calls, memory pages and the\n\
program entry cost, which every call into a program that is not cached pays: a mint calls\n\
five programs). **Cached** is the same transaction's gas used when every program is cached\n\
(`CacheManager`). **New slots** are storage words the transaction took from zero to non-zero,\n\
in every contract it touched (a mint writes to the certificate contract and, through one\n\
`issue` call, to the token); the **floor** is what they cost at 22,100 each (20,000 for the\n\
store, 2,100 for the cold access), the least any implementation writing that state could pay,\n\
and **Exec. / floor** the execution gas over it. Every scenario starts from a steady state:\n\
other manufacturers, licences and certificates exist (\"first\" rows excepted). DIMO's\n\
figures for comparable operations (`dimo-gas-baseline.md`, Cancun EVM, receipts' gasUsed) are\n\
in [Against DIMO](#against-dimo).\n";

const ARBOS_RULES: &str = "\n\
The runtime follows the rules of **{version}**, the version Arbitrum One runs\n\
(`stylus_runtime::ArbosVersion`). Every measured transaction is a block of its own, so \"not\n\
cached\" means the program is neither in the `CacheManager` nor entered earlier in the block;\n\
within the transaction, a second call into the same program pays only the cached entry cost\n\
(Nitro's recently-used-programs rule, ArbOS 60 and later).\n";

const TARGET_HEADER: &str = "\n## Target: execution gas per device, batch of 100\n\n\
The project's target is at most 140,000 gas of execution per device when 100 full\n\
certificates (serial, IMEI, test records, firmware, device signature) are minted in one\n\
`mintCertificates` call; execution = gas used − 21,000 intrinsic − calldata gas.\n\n";

const DIMO_HEADER: &str = "\n## Against DIMO\n\n\
DIMO's figure for the comparable operation (`dimo-gas-baseline.md`: its Solidity contracts\n\
behind a router and proxies, Cancun EVM) and ours; execution is gasUsed less 21,000 and the\n\
calldata gas on both sides. DIMO's aftermarket-device mint writes six new slots per device\n\
(Serial + IMEI), ours five.\n\n\
| Operation | n | Gas used | DIMO gasUsed | Ours / DIMO | Exec. per item | DIMO exec. per item | Ours / DIMO (exec.) | DIMO's row |\n\
|---|--:|--:|--:|--:|--:|--:|--:|---|\n";

const BREAKDOWN_HEADER: &str = "\n## Where the gas goes\n\n\
Per scenario, uncached, in gas (ink converted at 10,000 per gas; the refund is subtracted\n\
from the total).\n\n\
| Operation | Wasm | Hostios | Entry | Memory | SLOAD | SSTORE | Refund | Logs | Calls & accounts |\n\
|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n";

const SIZES_HEADER: &str = "\n## Contract sizes\n\n\
Compressed size = Brotli-11 of the deployable wasm plus the 4-byte Stylus prefix, against the\n\
24,576-byte code limit. Entry gas is what every call into the program pays before running\n\
(Nitro's activation arithmetic; cached / not cached).\n\n\
| Contract | Wasm bytes | Compressed | Headroom | Entry (cached) | Entry (uncached) |\n\
|---|--:|--:|--:|--:|--:|\n";

const NOTES: &str = "\n## What is modelled and what is not\n\n\
* Ink: Nitro's opcode price table and 2,450 ink per basic block, applied by instrumenting the\n\
  wasm as Nitro does; hostio prices from the reference note; `memory.copy`/`fill` per byte.\n\
* EVM side: EIP-2929 cold and warm access, EIP-2200/3529 stores with refunds capped at a fifth\n\
  of the gas used, logs, calls with the 63/64 rule, memory pages, program entry.\n\
* Program entry: Nitro's activation arithmetic (each term rounded down, the 4 globals its\n\
  instrumentation adds, data and element segments by encoded length); a program entered\n\
  earlier in the block pays the cached cost (ArbOS 60); a storage-cache miss pays 5 gas for\n\
  the EVM-API call (ArbOS 32).\n\
* Not modelled: the L1 data fee; Nitro's native stack-depth checker; the EVM memory cost floor\n\
  of large return data.\n\
* DIMO's figures come from a Cancun EVM (hardhat), with its own router and proxies. Ours run\n\
  the registry's operations in one program; a certificate mint calls five (the certificate\n\
  contract, then the registry, both licence contracts and the token), and each call pays the\n\
  program entry cost (the Entry column above): once per batch, not per device.\n";
