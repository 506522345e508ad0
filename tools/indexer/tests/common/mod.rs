//! What the indexer's tests share: a fresh database on SQLite or on Postgres (the server
//! named by `DIMO_TEST_POSTGRES_URL`, which `.ci/run` starts), an indexer over a devnet, the
//! API on a free port and a GraphQL client over HTTP.
#![allow(dead_code, unreachable_pub)]

use std::net::SocketAddr;
use std::time::Duration;

use alloy::providers::{Provider, ProviderBuilder};
use alloy::transports::http::reqwest;
use dimo_indexer::db::{self, DbUrl, Kind};
use dimo_indexer::follow::{Indexer, Options};
use dimo_indexer::testkit::{temp_dir, Devnet};
use serde_json::{json, Value};
use sqlx::Executor;

/// The Postgres server of the tests.
pub const POSTGRES_ENV: &str = "DIMO_TEST_POSTGRES_URL";
/// Set to 1 to skip the Postgres half of the suite (never in CI).
pub const SKIP_POSTGRES_ENV: &str = "DIMO_TEST_SKIP_POSTGRES";

/// A fresh, empty database of `kind`; `None` only when Postgres is explicitly skipped.
pub async fn fresh_db(kind: Kind, name: &str) -> Option<DbUrl> {
    match kind {
        Kind::Sqlite => {
            let path = temp_dir(name).join("index.sqlite");
            Some(DbUrl::parse(&path.display().to_string()))
        }
        Kind::Postgres => {
            let Ok(admin) = std::env::var(POSTGRES_ENV) else {
                if std::env::var(SKIP_POSTGRES_ENV).as_deref() == Ok("1") {
                    eprintln!("{SKIP_POSTGRES_ENV}=1: skipping the Postgres run");
                    return None;
                }
                panic!(
                    "{POSTGRES_ENV} is not set: start a server (scripts/postgres-test prints a URL) \
                     or set {SKIP_POSTGRES_ENV}=1 to skip the Postgres half of the suite"
                );
            };
            sqlx::any::install_default_drivers();
            let pool = sqlx::AnyPool::connect(&admin)
                .await
                .expect("Postgres reachable");
            let nanos = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos();
            let database = format!("dimo_{name}_{}_{nanos}", std::process::id());
            pool.execute(format!("CREATE DATABASE {database}").as_str())
                .await
                .expect("CREATE DATABASE");
            pool.close().await;
            let base = admin.rsplit_once('/').map_or(admin.as_str(), |(b, _)| b);
            Some(DbUrl::parse(&format!("{base}/{database}")))
        }
    }
}

/// An indexer of `devnet` into `db` (range `range`, no confirmation depth).
pub async fn indexer(devnet: &Devnet, db: &DbUrl, confirmations: u64) -> Indexer {
    let deployment = devnet.deployment().unwrap();
    let provider = ProviderBuilder::new()
        .connect_http(devnet.rpc.parse().unwrap())
        .erased();
    let start_block = deployment.start_block(&provider).await.unwrap();
    Indexer {
        pool: db::open_writer(db).await.unwrap(),
        provider,
        options: Options {
            contracts: deployment.contracts,
            start_block,
            confirmations,
            range: 50,
            poll: Duration::from_millis(50),
        },
    }
}

/// The API over `db` on a free port: its GraphQL URL.
pub async fn api(db: &DbUrl) -> String {
    let (url, _task) = dimo_indexer::service::api(db, SocketAddr::from(([127, 0, 0, 1], 0)))
        .await
        .unwrap();
    url
}

/// POSTs `body` (raw) to `url`: the status and the JSON answer.
pub async fn post_raw(url: &str, body: String) -> (u16, Value) {
    let response = reqwest::Client::new()
        .post(url)
        .header("content-type", "application/json")
        .body(body)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    let text = response.text().await.unwrap();
    (
        status,
        serde_json::from_str(&text).unwrap_or(Value::String(text)),
    )
}

/// A GraphQL query: the whole response (data, errors, extensions).
pub async fn gql(url: &str, query: &str, variables: Value) -> Value {
    let (status, body) = post_raw(
        url,
        json!({ "query": query, "variables": variables }).to_string(),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    body
}

/// A query that must succeed: its `data`.
pub async fn data(url: &str, query: &str, variables: Value) -> Value {
    let body = gql(url, query, variables).await;
    assert!(body.get("errors").is_none(), "errors: {body}");
    body["data"].clone()
}

/// A query that must fail: its first error's message.
pub async fn error(url: &str, query: &str, variables: Value) -> String {
    let body = gql(url, query, variables).await;
    body["errors"][0]["message"]
        .as_str()
        .unwrap_or_else(|| panic!("expected an error: {body}"))
        .to_owned()
}

/// Whether the Postgres half runs.
pub fn kinds() -> Vec<Kind> {
    vec![Kind::Sqlite, Kind::Postgres]
}
