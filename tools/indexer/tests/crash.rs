//! A crash in the middle of indexing: `dimo-indexer index` as a process, killed with SIGKILL
//! several times while it commits (a block is one transaction, so a kill can land in the
//! middle of one), then restarted to the end: the index equals a fresh one, with nothing
//! lost or counted twice (on SQLite and on Postgres).

mod common;

use std::process::{Command, Stdio};
use std::time::Duration;

use alloy::providers::Provider;
use dimo_indexer::bindings::MintingCertificates as C;
use dimo_indexer::db::{self, DbUrl};
use dimo_indexer::testkit::{dev_key, send, wallet_provider, Device, Devnet};

/// Batches of 100 more devices, so that indexing takes long enough to be interrupted.
async fn mint_more(devnet: &Devnet, batches: u64) {
    let provider = wallet_provider(&devnet.rpc).unwrap();
    let c = devnet.deployment().unwrap().contracts;
    let chain_id = provider.get_chain_id().await.unwrap();
    let now = provider
        .get_block_by_number(alloy::eips::BlockNumberOrTag::Latest)
        .await
        .unwrap()
        .unwrap()
        .header
        .timestamp;
    for line in 0..batches {
        let devices = (0..100)
            .map(|i| {
                Device::new(10 + line, i).input(
                    chain_id,
                    c.certificates,
                    alloy::primitives::U256::from(1u64),
                    alloy::primitives::U256::from(1u64),
                    now,
                )
            })
            .collect();
        let call = C::mintCertificatesCall {
            manufacturer: alloy::primitives::U256::from(1u64),
            deviceLicense: alloy::primitives::U256::from(1u64),
            devices,
        };
        send(&provider, dev_key(2).address(), c.certificates, &call)
            .await
            .unwrap();
        // Empty blocks between batches: more commits to land in.
        for _ in 0..40 {
            let _: serde_json::Value = provider.raw_request("evm_mine".into(), ()).await.unwrap();
        }
    }
}

fn spawn_indexer(devnet: &Devnet, db: &DbUrl, once: bool) -> std::process::Child {
    let mut command = Command::new(env!("CARGO_BIN_EXE_dimo-indexer"));
    command
        .args([
            "index",
            "--rpc",
            &devnet.rpc,
            "--range",
            "3",
            "--db",
            &db.url,
            "--deployment",
        ])
        .arg(&devnet.record)
        .stdout(Stdio::null())
        .stderr(Stdio::inherit());
    if once {
        command.arg("--once");
    }
    command.spawn().unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn kill_9_while_indexing_then_a_restart_loses_nothing_and_counts_nothing_twice() {
    let devnet = Devnet::start().unwrap();
    mint_more(&devnet, 3).await;
    for kind in common::kinds() {
        let Some(db) = common::fresh_db(kind, "crash").await else {
            continue;
        };
        let mut interrupted = 0;
        for delay in [80u64, 160, 260, 400, 600] {
            let mut child = spawn_indexer(&devnet, &db, false);
            tokio::time::sleep(Duration::from_millis(delay)).await;
            child.kill().unwrap(); // SIGKILL
            child.wait().unwrap();
            let pool = db::open_writer(&db).await.unwrap();
            let head = wallet_provider(&devnet.rpc)
                .unwrap()
                .get_block_number()
                .await
                .unwrap();
            if db::last_block(&pool)
                .await
                .unwrap()
                .is_some_and(|b| b.number < head)
            {
                interrupted += 1;
            }
            pool.close().await;
        }
        assert!(
            interrupted > 0,
            "{kind:?}: no kill landed before the end of indexing"
        );
        let status = spawn_indexer(&devnet, &db, true).wait().unwrap();
        assert!(status.success());
        let restarted = db::open_writer(&db).await.unwrap();
        let fresh_db = common::fresh_db(kind, "crash_fresh").await.unwrap();
        let fresh = common::indexer(&devnet, &fresh_db, 0).await;
        fresh.catch_up().await.unwrap();
        let (a, b) = (
            db::dump(&restarted).await.unwrap(),
            db::dump(&fresh.pool).await.unwrap(),
        );
        assert_eq!(a.len(), b.len(), "{kind:?}");
        assert!(
            a == b,
            "{kind:?}: the restarted index differs from a fresh one"
        );
        let certificates = a.iter().filter(|l| l.starts_with("certificates:")).count();
        assert_eq!(certificates, 400, "{kind:?}");
    }
}
