//! # dimo-indexer: the registry's indexer and GraphQL API
//!
//! The indexer ([`follow`]) reads the logs of the deployed contracts through `eth_getLogs`,
//! from the deployment block to the head less a confirmation depth, and stores each block in
//! one database transaction: the block's hash, its logs, and the state they project to
//! ([`project`]): manufacturers, Manufacturing Licenses, device licences, batches,
//! certificates with their organizations and lifecycle history. SQLite by default, Postgres
//! for a `postgres://` URL, one schema for both ([`db`]). A block whose stored hash no longer
//! matches the chain's starts a rollback to the common ancestor: the blocks above it and
//! their logs are deleted and the rows they changed are put back from their undo records
//! ([`undo`]), so a rollback costs what it rolls back; below the kept records, the state is
//! projected again from the stored logs.
//!
//! The API ([`api`]) serves the state as GraphQL over HTTP (axum), read-only, beside
//! `/health`; every response carries the indexed block's number and hash.

pub mod api;
pub mod bindings;
pub mod codec;
pub mod db;
pub mod deployment;
pub mod follow;
pub mod history;
pub mod project;
pub mod service;
pub mod testkit;
pub mod time;
pub mod undo;
