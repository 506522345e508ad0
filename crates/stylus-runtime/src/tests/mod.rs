//! Semantics tests with hand-written WAT modules: `script.wat` runs a list of host actions
//! given as calldata, so each test states its scenario as a script.

mod blocks;
mod calls;
mod context;
mod journal;
mod loading;
mod metering;
mod script;
mod storage;
