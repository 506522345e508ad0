//! The GraphQL API: the schema ([`query`], [`types`], [`scalars`], relay pages in [`page`]),
//! its limits, and the HTTP server ([`server`]). Read-only: the schema has no mutation, and
//! the database is opened read-only.

pub mod page;
pub mod query;
pub mod scalars;
pub mod server;
pub(crate) mod store;
pub mod types;

use async_graphql::{EmptyMutation, EmptySubscription, Schema};

/// Deepest selection accepted.
pub const MAX_DEPTH: usize = 8;
/// Highest query cost accepted (a field costs 1, a connection its page size times its items).
pub const MAX_COMPLEXITY: usize = 5_000;

/// The schema type.
pub type ApiSchema = Schema<query::Query, EmptyMutation, EmptySubscription>;

/// The schema with its limits.
pub fn schema() -> ApiSchema {
    Schema::build(query::Query, EmptyMutation, EmptySubscription)
        .limit_depth(MAX_DEPTH)
        .limit_complexity(MAX_COMPLEXITY)
        .finish()
}
