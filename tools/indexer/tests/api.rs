//! The API under bad input and load: unknown fields, pages over the maximum, malformed
//! addresses, cursors and IMEIs, queries too deep or too costly, mutations and SQL in
//! strings all get GraphQL errors and change nothing; concurrent clients all get answers;
//! `/health` reports the indexed block (on SQLite and on Postgres).

mod common;

use alloy::transports::http::reqwest;
use dimo_indexer::db;
use dimo_indexer::testkit::Devnet;
use serde_json::json;
use std::fmt::Write as _;

#[tokio::test(flavor = "multi_thread")]
async fn bad_queries_get_graphql_errors_and_change_nothing() {
    let devnet = Devnet::start().unwrap();
    for kind in common::kinds() {
        let Some(db) = common::fresh_db(kind, "api").await else {
            continue;
        };
        let indexer = common::indexer(&devnet, &db, 0).await;
        indexer.catch_up().await.unwrap();
        let before = db::dump(&indexer.pool).await.unwrap();
        let url = common::api(&db).await;
        let aliases = (0..60).fold(String::new(), |mut out, i| {
            let _ = write!(out, " a{i}: serial");
            out
        });
        let cases: Vec<(String, &str)> = vec![
            ("{ certificates { edges { node { colour } } } }".into(), "Unknown field"),
            ("{ certificates(first: 101) { totalCount } }".into(), "outside 0..=100"),
            ("{ certificates(last: 101) { totalCount } }".into(), "outside 0..=100"),
            ("{ certificates(first: -1) { totalCount } }".into(), "outside 0..=100"),
            ("{ certificates(first: 2, last: 2) { totalCount } }".into(), "not both"),
            ("{ certificates(after: \"zz\") { totalCount } }".into(), "invalid cursor"),
            ("{ certificate(by: {address: \"0x1234\"}) { serial } }".into(), "malformed address"),
            ("{ certificate(by: {address: \"0xF39Fd6e51aad88F6F4ce6aB8827279cffFb92266\"}) { serial } }".into(), "checksum"),
            ("{ certificates(filterBy: {owner: \"nobody\"}) { totalCount } }".into(), "malformed address"),
            ("{ certificate(by: {imei: \"12345\"}) { serial } }".into(), "15 digits"),
            ("{ certificate(by: {tokenId: \"-1\"}) { serial } }".into(), "not a uint256"),
            ("{ certificate(by: {tokenId: \"1\", imei: \"490154203237518\"}) { serial } }".into(), "exactly one"),
            ("{ manufacturer(by: {}) { name } }".into(), "exactly one"),
            (
                "{ certificates { edges { node { manufacturer { deviceLicenses { manufacturer { deviceLicenses { manufacturer { name } } } } } } } } }".into(),
                "nested too deep",
            ),
            (format!("{{ certificates(first: 100) {{ edges {{ node {{ {aliases} }} }} }} }}"), "complex"),
            ("mutation { certificates { totalCount } }".into(), "mutation"),
            ("{ certificates { totalCount }".into(), "expected"),
        ];
        for (query, expected) in &cases {
            let message = common::error(&url, query, json!({})).await;
            assert!(
                message.to_lowercase().contains(&expected.to_lowercase()),
                "{kind:?}: {query}\n  got: {message}\n  expected: {expected}"
            );
        }
        // SQL in a string is a value, never SQL.
        let injected = common::data(
            &url,
            "query($n: String!) { manufacturer(by: {name: $n}) { name } }",
            json!({ "n": "x'; DROP TABLE certificates; --" }),
        )
        .await;
        assert_eq!(injected["manufacturer"], serde_json::Value::Null);
        // Not JSON at all.
        let (status, _) = common::post_raw(&url, "{not json".into()).await;
        assert!(status >= 400, "{status}");
        assert_eq!(
            db::dump(&indexer.pool).await.unwrap(),
            before,
            "{kind:?}: the API changed data"
        );

        // Concurrent clients.
        let mut tasks = tokio::task::JoinSet::new();
        for i in 0..16 {
            let url = url.clone();
            tasks.spawn(async move {
                let page = common::data(
                    &url,
                    "query($n: Int) { certificates(first: $n) { totalCount edges { node { serial owner history { kind } } } } }",
                    json!({ "n": 1 + i * 6 }),
                )
                .await;
                (i, page)
            });
        }
        while let Some(done) = tasks.join_next().await {
            let (i, page) = done.unwrap();
            assert_eq!(page["certificates"]["totalCount"], 100);
            assert_eq!(
                page["certificates"]["edges"].as_array().unwrap().len(),
                1 + i * 6
            );
        }

        // Health.
        let health_url = url.replace("/graphql", "/health");
        let health: serde_json::Value = serde_json::from_str(
            &reqwest::get(&health_url)
                .await
                .unwrap()
                .text()
                .await
                .unwrap(),
        )
        .unwrap();
        let last = db::last_block(&indexer.pool).await.unwrap().unwrap();
        assert_eq!(health["status"], "ok");
        assert_eq!(health["indexedBlock"]["number"], last.number.to_string());
        assert_eq!(health["indexedBlock"]["hash"], last.hash);
    }
}

#[tokio::test]
async fn a_taken_api_port_is_named_with_the_option_that_moves_it() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = taken.local_addr().unwrap();
    let dir = dimo_indexer::testkit::temp_dir("port");
    let index = db::DbUrl::parse(&dir.join("index.sqlite").display().to_string());
    db::open_writer(&index).await.unwrap().close().await;
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_dimo-indexer"))
        .args(["serve", "--listen", &addr.to_string(), "--db"])
        .arg(dir.join("index.sqlite"))
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(&format!("cannot listen on {addr}")) && stderr.contains("already in use"),
        "{stderr}"
    );
    assert!(stderr.contains("--listen"), "{stderr}");
}
