//! A reorganization made with `evm_snapshot` / `evm_revert` and new blocks: the indexer
//! notices that a stored block's hash is no longer the chain's, rolls back to the common
//! ancestor and re-indexes, after which its index equals a fresh index of the new chain (on
//! SQLite and on Postgres). Also: the confirmation depth keeps the last blocks out.

mod common;

use alloy::primitives::{keccak256, U256};
use alloy::providers::Provider;
use alloy::signers::local::PrivateKeySigner;
use dimo_indexer::bindings::{ManufacturerRegistry as R, MintingCertificates as C};
use dimo_indexer::db::{self, Kind};
use dimo_indexer::follow::Step;
use dimo_indexer::testkit::{dev_key, send, wallet_provider, Devnet};
use serde_json::{json, Value};

/// The story's device `i` (its key is `keccak256("dimo story device 1/<i>")`).
fn story_device(i: u64) -> U256 {
    let key = PrivateKeySigner::from_bytes(&keccak256(format!("dimo story device 1/{i}"))).unwrap();
    U256::from_be_slice(key.address().as_slice())
}

/// Blocks of one side of the fork: manufacturers named `names`, and an OTA update of story
/// device 1 to `minor`.
async fn fork(devnet: &Devnet, names: &[&str], minor: u64) {
    let provider = wallet_provider(&devnet.rpc).unwrap();
    let c = devnet.deployment().unwrap().contracts;
    let foundation = dev_key(0).address();
    for name in names {
        let call = R::mintManufacturerCall {
            owner: foundation,
            name: (*name).into(),
        };
        send(&provider, foundation, c.registry, &call)
            .await
            .unwrap();
    }
    let call = C::updateFirmwareCall {
        id: story_device(1),
        version: 1 << 48 | minor << 32 | 7,
        imageHash: keccak256(format!("firmware 1.{minor}")),
        rollback: false,
    };
    send(&provider, dev_key(2).address(), c.certificates, &call)
        .await
        .unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn a_reorg_rolls_back_to_the_common_ancestor_and_equals_a_fresh_index() {
    let devnet = Devnet::start().unwrap();
    let provider = wallet_provider(&devnet.rpc).unwrap();
    let mut followers = Vec::new();
    for kind in common::kinds() {
        if let Some(db) = common::fresh_db(kind, "reorg").await {
            let indexer = common::indexer(&devnet, &db, 0).await;
            indexer.catch_up().await.unwrap();
            followers.push((kind, db, indexer));
        }
    }
    let ancestor = provider.get_block_number().await.unwrap();
    let snapshot: String = provider
        .raw_request("evm_snapshot".into(), ())
        .await
        .unwrap();
    fork(&devnet, &["Fork A"], 5).await;
    for (_, _, indexer) in &followers {
        indexer.catch_up().await.unwrap();
        let last = db::last_block(&indexer.pool).await.unwrap().unwrap();
        assert_eq!(last.number, ancestor + 2);
    }
    let reverted: bool = provider
        .raw_request("evm_revert".into(), (snapshot,))
        .await
        .unwrap();
    assert!(reverted);
    fork(&devnet, &["Fork B1", "Fork B2"], 6).await;
    let head = provider.get_block_number().await.unwrap();
    assert_eq!(head, ancestor + 3);

    for (kind, db, indexer) in &followers {
        let step = indexer.step().await.unwrap();
        assert_eq!(
            step,
            Step::RolledBack {
                ancestor: Some(ancestor)
            },
            "{kind:?}"
        );
        indexer.catch_up().await.unwrap();
        let last = db::last_block(&indexer.pool).await.unwrap().unwrap();
        assert_eq!(last.number, head);

        // The same as an index of the new chain from scratch.
        let fresh_db = common::fresh_db(*kind, "reorg_fresh").await.unwrap();
        let fresh = common::indexer(&devnet, &fresh_db, 0).await;
        fresh.catch_up().await.unwrap();
        let (rolled, clean) = (
            db::dump(&indexer.pool).await.unwrap(),
            db::dump(&fresh.pool).await.unwrap(),
        );
        assert_eq!(rolled.len(), clean.len(), "{kind:?}");
        assert!(
            rolled == clean,
            "{kind:?}: the rolled-back index differs from a fresh one"
        );

        // And the API shows the new side only.
        let url = common::api(db).await;
        let names = common::data(
            &url,
            "{ manufacturers { edges { node { name } } } }",
            json!({}),
        )
        .await;
        let names: Vec<&str> = names["manufacturers"]["edges"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["node"]["name"].as_str().unwrap())
            .collect();
        assert_eq!(names, ["Acme Devices", "Fork B1", "Fork B2"], "{kind:?}");
        let cert = common::data(
            &url,
            "query($id: BigInt!) { certificate(by: {tokenId: $id}) { firmware otaUpdates history { kind verified } } }",
            json!({ "id": story_device(1).to_string() }),
        )
        .await;
        assert_eq!(
            cert["certificate"]["firmware"],
            (1u64 << 48 | 6 << 32 | 7).to_string()
        );
        assert_eq!(cert["certificate"]["otaUpdates"], 1);
        assert_eq!(
            cert["certificate"]["history"][1],
            json!({ "kind": "FIRMWARE_UPDATED", "verified": true })
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_confirmation_depth_keeps_the_newest_blocks_out() {
    let devnet = Devnet::start().unwrap();
    let provider = wallet_provider(&devnet.rpc).unwrap();
    let head = provider.get_block_number().await.unwrap();
    let db = common::fresh_db(Kind::Sqlite, "depth").await.unwrap();
    let indexer = common::indexer(&devnet, &db, 3).await;
    indexer.catch_up().await.unwrap();
    assert_eq!(
        db::last_block(&indexer.pool).await.unwrap().unwrap().number,
        head - 3
    );
    assert_eq!(indexer.step().await.unwrap(), Step::Idle);
    let _: Value = provider.raw_request("evm_mine".into(), ()).await.unwrap();
    indexer.catch_up().await.unwrap();
    assert_eq!(
        db::last_block(&indexer.pool).await.unwrap().unwrap().number,
        head - 2
    );
}

/// A rollback of the newest `depth` blocks puts the index back to what an index of the chain
/// up to that block holds (an index kept `depth` blocks back), through the undo records; below
/// the kept records, through a re-projection; indexing again reaches the same index as before.
#[tokio::test(flavor = "multi_thread")]
async fn rolling_back_through_undo_records_equals_an_index_that_stopped_there() {
    use dimo_indexer::follow::RollBack;
    let devnet = Devnet::start().unwrap();
    for kind in common::kinds() {
        let Some(db) = common::fresh_db(kind, "undo").await else {
            continue;
        };
        let indexer = common::indexer(&devnet, &db, 0).await;
        indexer.catch_up().await.unwrap();
        let full = db::dump(&indexer.pool).await.unwrap();
        let last = db::last_block(&indexer.pool).await.unwrap().unwrap().number;
        let start = indexer.options.start_block;
        for depth in [1, 2, 5, 20, last + 1 - start] {
            let done = indexer.roll_back(Some(last - depth)).await.unwrap();
            let RollBack::Undone(undone) = done else {
                panic!("{kind:?}: {depth} blocks re-projected: {done:?}");
            };
            assert!(undone.records > 0, "{kind:?}: {depth} blocks, no records");
            let stopped_db = common::fresh_db(kind, "undo_stopped").await.unwrap();
            let stopped = common::indexer(&devnet, &stopped_db, depth).await;
            stopped.catch_up().await.unwrap();
            assert!(
                db::dump(&indexer.pool).await.unwrap() == db::dump(&stopped.pool).await.unwrap(),
                "{kind:?}: rolled back {depth} blocks, not the index up to block {}",
                last - depth
            );
            indexer.catch_up().await.unwrap();
            assert!(
                db::dump(&indexer.pool).await.unwrap() == full,
                "{kind:?}: indexed again after {depth} blocks, not the same"
            );
        }
        // Records no longer kept: the state is projected again from the stored logs.
        sqlx::query("UPDATE undo_kept SET from_block = $1")
            .bind(i64::try_from(last).unwrap())
            .execute(&indexer.pool)
            .await
            .unwrap();
        let done = indexer.roll_back(Some(last - 10)).await.unwrap();
        assert!(
            matches!(done, RollBack::Reprojected(a) if a.events > 0),
            "{kind:?}: {done:?}"
        );
        indexer.catch_up().await.unwrap();
        assert!(
            db::dump(&indexer.pool).await.unwrap() == full,
            "{kind:?}: re-projected and indexed again, not the same"
        );
    }
}
