//! The request's database view: one read-only transaction per request (a consistent snapshot
//! on Postgres with `REPEATABLE READ`, and on SQLite's WAL from the first read), shared by the
//! request's resolvers.

use std::sync::Arc;

use async_graphql::Context;
use sqlx::any::AnyRow;
use sqlx::{Any, Transaction};
use tokio::sync::Mutex;

/// The request's transaction.
#[derive(Clone)]
pub(crate) struct Snapshot(pub Arc<Mutex<Transaction<'static, Any>>>);

/// A bound value.
#[derive(Debug, Clone)]
pub(crate) enum Bind {
    Int(i64),
    Text(String),
}

/// Runs `sql` with `binds` in the request's snapshot.
pub(crate) async fn rows(
    ctx: &Context<'_>,
    sql: &str,
    binds: &[Bind],
) -> async_graphql::Result<Vec<AnyRow>> {
    let snapshot = ctx.data::<Snapshot>()?;
    let mut tx = snapshot.0.lock().await;
    let mut query = sqlx::query(sql);
    for bind in binds {
        query = match bind {
            Bind::Int(v) => query.bind(*v),
            Bind::Text(v) => query.bind(v.clone()),
        };
    }
    Ok(query.fetch_all(&mut **tx).await?)
}

/// The first row of `sql`, if any.
pub(crate) async fn row(
    ctx: &Context<'_>,
    sql: &str,
    binds: &[Bind],
) -> async_graphql::Result<Option<AnyRow>> {
    Ok(rows(ctx, sql, binds).await?.into_iter().next())
}

/// `SELECT COUNT(*) …`.
pub(crate) async fn count(
    ctx: &Context<'_>,
    sql: &str,
    binds: &[Bind],
) -> async_graphql::Result<i64> {
    use sqlx::Row;
    let row = row(ctx, sql, binds).await?.ok_or("no count")?;
    Ok(row.try_get::<i64, _>(0)?)
}
