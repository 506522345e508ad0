//! The contracts as the tools see them: the bindings and artifact names of `dimo-contracts`
//! (`tools/contracts`), shared with the indexer.

pub(crate) use dimo_contracts::*;
