//! HTTP: `POST /graphql` (a GraphQL request as JSON) and `GET /health`, on axum. Each
//! request reads in one read-only transaction and its response carries the block it was read
//! at in `extensions.indexedBlock`.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use sqlx::{AnyPool, Executor};
use tokio::sync::Mutex;

use super::scalars::BigInt;
use super::store::Snapshot;
use super::types::IndexedBlock;
use super::ApiSchema;
use crate::db::{self, Kind};

/// What the handlers share.
#[derive(Clone)]
pub struct Api {
    /// The read-only pool.
    pub pool: AnyPool,
    /// Its kind.
    pub kind: Kind,
    /// The schema.
    pub schema: ApiSchema,
}

/// The router.
pub fn router(api: Api) -> Router {
    Router::new()
        .route("/graphql", post(graphql))
        .route("/health", get(health))
        .with_state(Arc::new(api))
}

/// The API's address is taken (by another indexer or devnet, most likely): callers name the
/// option that changes it ([`AddressInUse::hint`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AddressInUse(pub SocketAddr);

impl std::fmt::Display for AddressInUse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "the GraphQL API cannot listen on {}: the address is already in use \
             (another `dimo devnet` or `dimo-indexer run`?)",
            self.0
        )
    }
}

impl std::error::Error for AddressInUse {}

impl AddressInUse {
    /// `error` with `option` named as the way out when it is an [`AddressInUse`] (other
    /// errors unchanged).
    pub fn hint(error: eyre::Report, option: &str) -> eyre::Report {
        match error.downcast_ref::<Self>() {
            Some(taken) => eyre::eyre!("{taken}; choose another with {option}"),
            None => error,
        }
    }
}

/// Serves `api` on `addr` until the task is dropped; returns the bound address through
/// `bound` first.
pub async fn serve(
    api: Api,
    addr: SocketAddr,
) -> eyre::Result<(SocketAddr, tokio::task::JoinHandle<()>)> {
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::AddrInUse => eyre::Report::new(AddressInUse(addr)),
            _ => eyre::Report::new(e).wrap_err(format!("the GraphQL API cannot listen on {addr}")),
        })?;
    let bound = listener.local_addr()?;
    let app = router(api);
    let task = tokio::spawn(async move {
        if let Err(e) = axum::serve(listener, app).await {
            eprintln!("api: {e}");
        }
    });
    Ok((bound, task))
}

async fn begin(api: &Api) -> eyre::Result<Snapshot> {
    let mut tx = api.pool.begin().await?;
    if api.kind == Kind::Postgres {
        tx.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            .await?;
    }
    Ok(Snapshot(Arc::new(Mutex::new(tx))))
}

async fn head(snapshot: &Snapshot) -> eyre::Result<Option<IndexedBlock>> {
    let mut tx = snapshot.0.lock().await;
    let last = db::last_block(&mut **tx).await?;
    Ok(last.map(|b| IndexedBlock {
        number: BigInt::from_u64(b.number),
        hash: b.hash,
        timestamp: crate::time::rfc3339(b.timestamp),
    }))
}

async fn graphql(
    State(api): State<Arc<Api>>,
    Json(request): Json<async_graphql::Request>,
) -> Result<Json<async_graphql::Response>, (StatusCode, String)> {
    let unavailable = |e: eyre::Report| (StatusCode::SERVICE_UNAVAILABLE, format!("{e:#}"));
    let snapshot = begin(&api).await.map_err(unavailable)?;
    let block = head(&snapshot).await.map_err(unavailable)?;
    let request = request.data(snapshot.clone()).data(block.clone());
    let mut response = api.schema.execute(request).await;
    let value = match &block {
        Some(b) => async_graphql::Value::from_json(serde_json::json!({
            "number": b.number.0.to_string(),
            "hash": b.hash,
        }))
        .unwrap_or_default(),
        None => async_graphql::Value::Null,
    };
    response.extensions.insert("indexedBlock".into(), value);
    drop(snapshot);
    Ok(Json(response))
}

async fn health(State(api): State<Arc<Api>>) -> (StatusCode, Json<serde_json::Value>) {
    let status = async {
        let snapshot = begin(&api).await?;
        head(&snapshot).await
    }
    .await;
    match status {
        Ok(block) => (
            StatusCode::OK,
            Json(serde_json::json!({
                "status": "ok",
                "indexedBlock": block.map(|b| serde_json::json!({
                    "number": b.number.0.to_string(), "hash": b.hash
                })),
            })),
        ),
        Err(e) => (
            StatusCode::SERVICE_UNAVAILABLE,
            Json(serde_json::json!({ "status": "unavailable", "error": format!("{e:#}") })),
        ),
    }
}
