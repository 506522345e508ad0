//! `docs/gas.md`: the scenarios' gas (split into compute and the rest), their new storage
//! slots against the storage floor, DIMO's comparable figures, and each contract's size.

use std::fmt::Write as _;

use stylus_runtime::init_cost::ModuleShape;
use stylus_wasm::{report::thousands, Artifact, MAX_CODE_SIZE};

use crate::artifacts::{artifact_names, artifact_path};
use crate::scenarios::Scenario;

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

/// Renders the report.
pub fn render(scenarios: &[Scenario], sizes: &[SizeRow]) -> String {
    let mut out = String::new();
    out.push_str(HEADER);
    let mut group = "";
    for s in scenarios {
        if s.group != group {
            group = s.group;
            let _ = write!(
                out,
                "\n### {group}\n\n\
                 | Operation | n | Gas used | Per item | Calldata | Compute | EVM rest | \
                 Entry | New slots | Floor | Used / floor | Cached | DIMO gasUsed | Ours / DIMO |\n\
                 |---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n"
            );
        }
        let gas = &s.uncached.receipt.gas;
        let items = u64::try_from(s.items.max(1)).unwrap_or(1);
        let slots = u64::try_from(s.uncached.new_slots).unwrap_or(0);
        let floor = slots * NEW_SLOT_GAS;
        let entry = gas.breakdown.program_entry + gas.breakdown.memory;
        let (dimo, vs_dimo) = s.dimo.map_or_else(
            || ("-".to_owned(), "-".to_owned()),
            |d| (num(d.gas_used), ratio(gas.used, d.gas_used)),
        );
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            s.operation,
            s.items,
            num(gas.used),
            num(gas.used / items),
            num(gas.calldata),
            num(gas.compute),
            num(gas.evm),
            num(entry),
            slots,
            num(floor),
            ratio(gas.used, floor),
            num(s.cached_gas_used),
            dimo,
            vs_dimo,
        );
    }
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
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} |",
            row.name,
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
calldata (16 / 4 gas per byte) + execution, after the refund. Execution splits into\n\
**compute** (wasm instructions and hostio prices, in ink / 10,000) and the **EVM rest**\n\
(storage, logs, calls, memory pages and the program entry cost), which Stylus charges at EVM\n\
rates. **Entry** is the per-call cost of entering a program that is not cached\n\
(`CacheManager`); **Cached** is the same transaction's gas used when it is.\n\
**New slots** are storage words the transaction took from zero to non-zero; the **floor** is\n\
what they cost at 22,100 each (20,000 for the store, 2,100 for the cold access), the least any\n\
implementation writing that state could pay. **DIMO gasUsed** is DIMO's Solidity figure for the\n\
comparable operation (`dimo-gas-baseline.md`, Cancun EVM, receipts' gasUsed).\n";

const BREAKDOWN_HEADER: &str = "\n## Where the gas goes\n\n\
Per scenario, uncached, in gas (ink converted at 10,000 per gas; the refund is subtracted\n\
from the total).\n\n\
| Operation | Wasm | Hostios | Entry | Memory | SLOAD | SSTORE | Refund | Logs | Calls & accounts |\n\
|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n";

const SIZES_HEADER: &str = "\n## Contract sizes\n\n\
Compressed size = Brotli-11 of the deployable wasm plus the 4-byte Stylus prefix, against the\n\
24,576-byte code limit. Entry gas is what every call into the program pays before running\n\
(reference formulas; cached / not cached).\n\n\
| Contract | Wasm bytes | Compressed | Headroom | Entry (cached) | Entry (uncached) |\n\
|---|--:|--:|--:|--:|--:|\n";

const NOTES: &str = "\n## What is modelled and what is not\n\n\
* Ink: Nitro's opcode price table and 2,450 ink per basic block, applied by instrumenting the\n\
  wasm as Nitro does; hostio prices from the reference note; `memory.copy`/`fill` per byte.\n\
* EVM side: EIP-2929 cold and warm access, EIP-2200/3529 stores with refunds capped at a fifth\n\
  of the gas used, logs, calls with the 63/64 rule, memory pages, program entry.\n\
* Approximations: the entry cost uses the reference note's fitted formulas (Nitro computes them\n\
  at activation with its own arithmetic); the L1 data fee is not included; Nitro's native\n\
  stack-depth checker is not reproduced; since ArbOS 60 a program used earlier in the same\n\
  block also counts as cached, which the \"Cached\" column covers.\n\
* DIMO's figures come from a Cancun EVM (hardhat), with its own router and proxies; ours run\n\
  one Stylus program per transaction.\n";
