//! `dimo manufacturer mint` end to end over JSON-RPC against `dimo devnet`: a CSV of 1,000
//! devices with 20 bad rows, the process killed with SIGKILL during a batch and started again,
//! exactly 980 certificates at the end and a rejects file naming each bad row's reason; then
//! the refusals (malformed file, unknown manufacturer, missing licence, wrong chain id, an RPC
//! that goes away mid-run and comes back).

mod ops_common;

use std::collections::HashSet;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::Stdio;

use alloy::primitives::{Address, U256};
use alloy::providers::Provider;
use alloy::rpc::types::Filter;
use alloy::sol;
use alloy::sol_types::SolEvent;
use ops_common::*;

sol! {
    event CertificateMinted(uint256 indexed id, uint256 indexed manufacturer, uint256 indexed batch, string serial, uint64 imei, uint64 manufacturedAt, bool ictPassed, bytes32 ictReport, bool mechanicalPassed, bytes32 mechanicalReport, bytes32 qaReport, uint64 qaInspectedAt, uint64 firmware);
}

/// The serials of every certificate minted with `prefix`, one entry per event.
async fn minted(devnet: &Devnet, prefix: &str) -> Vec<(U256, String)> {
    let logs = devnet
        .provider()
        .get_logs(
            &Filter::new()
                .address(devnet.contract("minting-certificates"))
                .event_signature(CertificateMinted::SIGNATURE_HASH)
                .from_block(0),
        )
        .await
        .unwrap();
    logs.iter()
        .map(|l| l.log_decode::<CertificateMinted>().unwrap().inner.data)
        .filter(|e| e.serial.starts_with(prefix))
        .map(|e| (e.id, e.serial))
        .collect()
}

/// The bad rows: (kind, row text, the reason the rejects file must give).
fn bad_row(k: usize, i: u64) -> (String, &'static str) {
    let good = good_row("RUN", 1, i);
    let fields: Vec<&str> = good.split(',').collect();
    let with = |col: usize, value: &str| {
        let mut f: Vec<String> = fields.iter().map(|s| (*s).to_owned()).collect();
        value.clone_into(&mut f[col]);
        f.join(",")
    };
    match k % 10 {
        0 => (with(1, "490154203237519"), "Luhn"),
        1 => (with(0, "BAD SERIAL!"), "serial"),
        2 => (with(0, "RUN-000001"), "repeats line"),
        3 => (with(3, "2099-01-01"), "in the future"),
        4 => (with(10, "2025-05-01"), "before manufactured_at"),
        5 => (with(8, "fail"), "QA did not pass"),
        6 => (with(11, "1.4"), "firmware"),
        7 => (
            with(2, &Address::repeat_byte(0x42).to_string()).replacen(
                ",1.4.0.7,",
                &format!(",1.4.0.7,0x{}", "11".repeat(65)),
                1,
            ),
            "signature",
        ),
        8 => (fields[..5].join(","), "fields"),
        _ => (with(4, "maybe"), "ict_passed"),
    }
}

/// 1,000 rows; rows 50k+7 (k = 0..20) are bad.
fn write_csv(path: &Path) -> Vec<(u64, &'static str)> {
    let mut text = String::from(HEADER);
    text.push('\n');
    let mut bad = Vec::new();
    for i in 1..=1000u64 {
        let row = if i % 50 == 7 {
            let (row, reason) = bad_row(bad.len(), i);
            bad.push((i + 1, reason));
            row
        } else {
            good_row("RUN", 1, i)
        };
        text.push_str(&row);
        text.push('\n');
    }
    std::fs::write(path, text).unwrap();
    bad
}

#[tokio::test]
async fn a_thousand_devices_with_twenty_bad_rows_killed_mid_batch_and_resumed() {
    let devnet = Devnet::fresh("mint1000");
    let dir = temp_dir("mint1000-csv");
    let csv = dir.join("run.csv");
    let bad = write_csv(&csv);
    assert_eq!(bad.len(), 20);
    let args = [
        "manufacturer",
        "mint",
        "--csv",
        csv.to_str().unwrap(),
        "--node",
        "1",
        "--license",
        "1",
        "--sign-with-dev-keys",
    ];

    // A dry run checks everything, writes the rejects file and sends nothing.
    let p = devnet.provider();
    let head = p.get_block_number().await.unwrap();
    let dry = ok(devnet.run(ACME, &[&args[..], &["--dry-run"]].concat()));
    assert!(dry.contains("980 to mint in 10 batch"), "{dry}");
    assert!(dry.contains("estimated gas"), "{dry}");
    assert_eq!(p.get_block_number().await.unwrap(), head);

    // The run, killed right after batch 4 is sent, before its receipt is read.
    let mut child = devnet
        .dimo(ACME, &args)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let lines = BufReader::new(child.stdout.take().unwrap()).lines();
    for line in lines {
        let line = line.unwrap();
        if line.starts_with("batch 4/10") && line.contains(": sent 0x") {
            break;
        }
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let partial = minted(&devnet, "RUN-").await.len();
    assert!(
        (300..=400).contains(&partial),
        "{partial} minted before the kill"
    );

    // Started again with the same file: it finds what is on chain and continues.
    let out = ok(devnet.run(ACME, &args));
    assert!(out.contains(&format!("{partial} already minted")), "{out}");
    let all = minted(&devnet, "RUN-").await;
    assert_eq!(all.len(), 980, "exactly 980 certificates");
    let ids: HashSet<U256> = all.iter().map(|(id, _)| *id).collect();
    let serials: HashSet<&String> = all.iter().map(|(_, s)| s).collect();
    assert_eq!((ids.len(), serials.len()), (980, 980), "none minted twice");

    // The rejects file: each bad row with its line and reason.
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_path(dir.join("run.csv.rejects.csv"))
        .unwrap();
    let rejects: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rejects.len(), 20);
    for ((line, needle), record) in bad.iter().zip(&rejects) {
        assert_eq!(record[0].parse::<u64>().unwrap(), *line);
        assert!(record[1].contains(needle), "line {line}: {:?}", &record[1]);
    }

    // A third run has nothing left to send.
    let head = p.get_block_number().await.unwrap();
    let out = ok(devnet.run(ACME, &args));
    assert!(out.contains("980 already minted"), "{out}");
    assert!(out.contains("0 to mint"), "{out}");
    assert_eq!(p.get_block_number().await.unwrap(), head);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test]
#[allow(clippy::too_many_lines)] // each bad input in turn
async fn bad_input_gets_a_clear_message_and_an_rpc_that_goes_away_loses_nothing() {
    let devnet = Devnet::fresh("mint-refusals");
    let dir = temp_dir("mint-refusals-csv");
    let mint = |csv: &Path, node: &str| -> Vec<String> {
        [
            "manufacturer",
            "mint",
            "--csv",
            csv.to_str().unwrap(),
            "--node",
            node,
            "--license",
            "1",
            "--sign-with-dev-keys",
        ]
        .iter()
        .map(|s| (*s).to_owned())
        .collect()
    };
    let run = |who: usize, args: &[String]| {
        let a: Vec<&str> = args.iter().map(String::as_str).collect();
        devnet.run(who, &a)
    };

    // A missing column.
    let no_imei = dir.join("no-imei.csv");
    std::fs::write(&no_imei, format!("{}\n", HEADER.replace("imei,", ""))).unwrap();
    refused(run(ACME, &mint(&no_imei, "1")), "lacks the column(s) imei");

    // Bad encoding and wrong types are rejected rows, named by line.
    let mixed = dir.join("mixed.csv");
    let mut bytes = format!("{HEADER}\n{}\nMIX-\u{e9}", good_row("MIX", 2, 1)).into_bytes();
    bytes.truncate(bytes.len() - 2);
    bytes.push(0xe9); // a Latin-1 byte: not UTF-8
    let second = good_row("MIX", 2, 2);
    bytes.extend_from_slice(&second.as_bytes()[second.find(',').unwrap()..]);
    bytes.extend_from_slice(
        format!("\n{}\n", good_row("MIX", 2, 3).replace("1.4.0.7", "one")).as_bytes(),
    );
    std::fs::write(&mixed, &bytes).unwrap();
    let out = ok(run(ACME, &mint(&mixed, "1")));
    assert!(out.contains(" 1 to mint"), "{out}");
    let rejects = std::fs::read_to_string(dir.join("mixed.csv.rejects.csv")).unwrap();
    let lines: Vec<&str> = rejects.lines().collect();
    assert_eq!(lines.len(), 3, "{rejects}");
    assert!(
        lines[1].starts_with("3,") && lines[1].contains("UTF-8"),
        "{rejects}"
    );
    assert!(
        lines[2].starts_with("4,") && lines[2].contains("firmware"),
        "{rejects}"
    );

    // Unknown manufacturer; a manufacturer without a licence; a sender without the privilege.
    let csv = dir.join("run.csv");
    let rows: Vec<String> = (1..=250).map(|i| good_row("GONE", 3, i)).collect();
    std::fs::write(&csv, format!("{HEADER}\n{}\n", rows.join("\n"))).unwrap();
    refused(run(ACME, &mint(&csv, "999")), "unknown manufacturer 999");
    ok(devnet.run(
        FOUNDATION,
        &[
            "foundation",
            "register-manufacturer",
            "--name",
            "Unlicensed Co",
        ],
    ));
    refused(
        run(FOUNDATION, &mint(&csv, "2")),
        "has no Manufacturing License in force",
    );
    refused(
        run(BUYER, &mint(&csv, "1")),
        "may not mint for manufacturer 1",
    );

    // The wrong network for the RPC's chain id.
    let mut wrong = mint(&csv, "1");
    wrong.extend(["--network".into(), "arbitrum-sepolia".into()]);
    refused(run(ACME, &wrong), "wrong chain: ");
    // No RPC at all.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_dimo"))
        .args([
            "lookup",
            "manufacturer",
            "1",
            "--rpc-url",
            "http://127.0.0.1:9",
        ])
        .arg("--deployments")
        .arg(devnet.deployments())
        .output()
        .unwrap();
    refused(out, "did not answer");

    // The RPC goes away during the run (the devnet is killed after batch 1 is sent), comes
    // back on the same state, and the same command finishes: 250 certificates, none twice.
    let state = devnet.state.clone();
    let mut child = devnet
        .dimo(
            ACME,
            &mint(&csv, "1")
                .iter()
                .map(String::as_str)
                .collect::<Vec<_>>(),
        )
        .arg("--batch-size")
        .arg("50")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    for line in lines.by_ref() {
        if line.unwrap().starts_with("batch 2/5") {
            break;
        }
    }
    devnet.kill_9();
    let out = child.wait_with_output().unwrap();
    let message = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(message.contains("run the same command again"), "{message}");
    let devnet = Devnet::start(&state);
    let args: Vec<String> = mint(&csv, "1");
    let a: Vec<&str> = args.iter().map(String::as_str).collect();
    ok(devnet.run(ACME, &a));
    let all = minted(&devnet, "GONE-").await;
    let ids: HashSet<U256> = all.iter().map(|(id, _)| *id).collect();
    assert_eq!((all.len(), ids.len()), (250, 250));
    std::fs::remove_dir_all(&dir).unwrap();
}
