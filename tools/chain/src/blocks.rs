//! Blocks, transactions and receipts as the chain keeps them, and their JSON-RPC shapes
//! (alloy's RPC types, so that every client's decoder accepts them).

use std::collections::HashSet;

use alloy::consensus::transaction::Recovered;
use alloy::consensus::{
    proofs, Eip658Value, Header, Receipt, ReceiptEnvelope, ReceiptWithBloom, TxEnvelope, TxType,
    EMPTY_OMMER_ROOT_HASH,
};
use alloy::eips::eip2718::Decodable2718;
use alloy::primitives::{Address, Bloom, BloomInput, Bytes, Log, B256, U256};
use alloy::rlp::{BufMut, Encodable};
use alloy::rpc::types::{
    Block, BlockTransactions, Header as RpcHeader, Log as RpcLog, Transaction as RpcTransaction,
    TransactionReceipt,
};
use serde::{Deserialize, Serialize};

use crate::diff::StateDiff;

/// A receipt as stored.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ReceiptRecord {
    /// Status 1.
    pub success: bool,
    /// Gas used by this transaction (the runtime's figure for calls).
    pub gas_used: u64,
    /// Gas used in the block up to and including it.
    pub cumulative_gas_used: u64,
    /// Price paid per gas (the base fee: Arbitrum pays no tips).
    pub effective_gas_price: u128,
    /// Logs.
    pub logs: Vec<Log>,
    /// The contract a creation made.
    pub contract_address: Option<Address>,
    /// Return or revert data (not part of a receipt on chain; kept for diagnostics).
    pub output: Bytes,
}

/// A transaction as stored: its EIP-2718 bytes, sender and receipt.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TxRecord {
    /// The signed transaction as sent.
    pub raw: Bytes,
    /// Its hash.
    pub hash: B256,
    /// The recovered sender.
    pub from: Address,
    /// The recipient (none for a creation), kept so that a receipt need not decode `raw`.
    pub to: Option<Address>,
    /// Its receipt.
    pub receipt: ReceiptRecord,
}

impl TxRecord {
    /// The decoded transaction (it was decoded when accepted).
    pub fn envelope(&self) -> TxEnvelope {
        TxEnvelope::decode_2718(&mut self.raw.as_ref()).expect("stored transactions decode")
    }

    /// The EIP-2718 type, read from the stored bytes without decoding them: a legacy
    /// transaction is an RLP list (first byte 0xc0 or above), a typed one starts with its type.
    pub fn tx_type(&self) -> TxType {
        match self.raw.first() {
            Some(1) => TxType::Eip2930,
            Some(2) => TxType::Eip1559,
            _ => TxType::Legacy,
        }
    }

    /// The consensus receipt's EIP-2718 encoding (what the receipts root commits to), with
    /// its logs bloom `logs_bloom`; the logs are encoded where they are, not copied.
    fn encode_consensus_receipt(&self, logs_bloom: Bloom, out: &mut dyn BufMut) {
        let receipt = ReceiptWithBloom {
            receipt: Receipt {
                status: Eip658Value::Eip658(self.receipt.success),
                cumulative_gas_used: self.receipt.cumulative_gas_used,
                logs: self.receipt.logs.iter().collect::<Vec<&Log>>(),
            },
            logs_bloom,
        };
        let ty = self.tx_type();
        if ty != TxType::Legacy {
            out.put_u8(ty as u8);
        }
        receipt.encode(out);
    }
}

/// The roots and bloom a header commits to for `txs`.
pub(crate) struct BlockCommitments {
    /// Transactions root (their EIP-2718 bytes as stored).
    pub transactions_root: B256,
    /// Receipts root.
    pub receipts_root: B256,
    /// The block's logs bloom.
    pub logs_bloom: Bloom,
    /// Each receipt's logs bloom, in order.
    pub receipt_blooms: Vec<Bloom>,
}

impl BlockCommitments {
    /// Computes them, each receipt's bloom once.
    pub(crate) fn of(txs: &[TxRecord]) -> Self {
        let transactions_root =
            proofs::ordered_trie_root_with_encoder(txs, |tx: &TxRecord, buf| {
                buf.put_slice(&tx.raw);
            });
        let blooms: Vec<(&TxRecord, Bloom)> =
            txs.iter().map(|tx| (tx, bloom(&tx.receipt.logs))).collect();
        let receipts_root =
            proofs::ordered_trie_root_with_encoder(&blooms, |(tx, logs_bloom), buf| {
                tx.encode_consensus_receipt(*logs_bloom, buf);
            });
        let mut logs_bloom = Bloom::default();
        for (_, b) in &blooms {
            logs_bloom |= *b;
        }
        Self {
            transactions_root,
            receipts_root,
            logs_bloom,
            receipt_blooms: blooms.into_iter().map(|(_, b)| b).collect(),
        }
    }
}

/// The header's fields that are not computed from the transactions: what the store keeps of
/// a header (its roots, bloom, gas used and hash are recomputed from the transactions when
/// the block is read back, so that they can be computed while the block is being stored).
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
pub struct HeaderFields {
    /// The parent block's hash (zero for genesis).
    pub parent_hash: B256,
    /// Block number.
    pub number: u64,
    /// Timestamp in seconds.
    pub timestamp: u64,
    /// Gas limit.
    pub gas_limit: u64,
    /// Base fee per gas.
    pub base_fee_per_gas: Option<u64>,
}

/// A block: header, transactions with receipts, and the state it changed.
#[derive(Debug, Clone)]
pub struct BlockRecord {
    /// The header (its hash is `hash`).
    pub header: Header,
    /// keccak-256 of the RLP header.
    pub hash: B256,
    /// Transactions in order.
    pub txs: Vec<TxRecord>,
    /// State changes.
    pub diff: StateDiff,
    /// Each receipt's logs bloom (computed with the header's, kept for the receipts).
    pub receipt_blooms: Vec<Bloom>,
}

impl BlockRecord {
    /// The block of `txs` with header `fields` and the `commitments` of `txs`.
    pub(crate) fn assemble(
        fields: HeaderFields,
        txs: Vec<TxRecord>,
        diff: StateDiff,
        commitments: BlockCommitments,
    ) -> Self {
        let header = Header {
            parent_hash: fields.parent_hash,
            ommers_hash: EMPTY_OMMER_ROOT_HASH,
            beneficiary: Address::ZERO,
            state_root: B256::ZERO,
            transactions_root: commitments.transactions_root,
            receipts_root: commitments.receipts_root,
            logs_bloom: commitments.logs_bloom,
            difficulty: U256::from(1),
            number: fields.number,
            gas_limit: fields.gas_limit,
            gas_used: txs.iter().map(|t| t.receipt.gas_used).sum(),
            timestamp: fields.timestamp,
            base_fee_per_gas: fields.base_fee_per_gas,
            ..Header::default()
        };
        Self {
            hash: header.hash_slow(),
            header,
            txs,
            diff,
            receipt_blooms: commitments.receipt_blooms,
        }
    }

    /// The block of `txs` with header `fields`, its commitments computed here.
    pub(crate) fn rebuild(fields: HeaderFields, txs: Vec<TxRecord>, diff: StateDiff) -> Self {
        let commitments = BlockCommitments::of(&txs);
        Self::assemble(fields, txs, diff, commitments)
    }

    /// Block number.
    pub fn number(&self) -> u64 {
        self.header.number
    }

    /// An RPC log of transaction `index`'s log `log`, numbered `log_index` in the block.
    pub fn rpc_log(&self, index: usize, log: &Log, log_index: u64) -> RpcLog {
        RpcLog {
            inner: log.clone(),
            block_hash: Some(self.hash),
            block_number: Some(self.number()),
            block_timestamp: Some(self.header.timestamp),
            transaction_hash: Some(self.txs[index].hash),
            transaction_index: Some(index as u64),
            log_index: Some(log_index),
            removed: false,
        }
    }

    /// Every log of the block in order, as RPC logs.
    pub fn rpc_logs(&self) -> Vec<RpcLog> {
        let mut out = Vec::new();
        for (index, tx) in self.txs.iter().enumerate() {
            for log in &tx.receipt.logs {
                let n = out.len() as u64;
                out.push(self.rpc_log(index, log, n));
            }
        }
        out
    }

    /// Transaction `index` as an RPC transaction.
    pub fn rpc_transaction(&self, index: usize) -> RpcTransaction {
        let tx = &self.txs[index];
        RpcTransaction {
            inner: Recovered::new_unchecked(tx.envelope(), tx.from),
            block_hash: Some(self.hash),
            block_number: Some(self.number()),
            transaction_index: Some(index as u64),
            effective_gas_price: Some(tx.receipt.effective_gas_price),
        }
    }

    /// Transaction `index`'s receipt.
    pub fn rpc_receipt(&self, index: usize) -> TransactionReceipt {
        let tx = &self.txs[index];
        let first_log = self.txs[..index]
            .iter()
            .map(|t| t.receipt.logs.len() as u64)
            .sum::<u64>();
        let logs: Vec<RpcLog> = tx
            .receipt
            .logs
            .iter()
            .enumerate()
            .map(|(i, log)| self.rpc_log(index, log, first_log + i as u64))
            .collect();
        let logs_bloom = self.receipt_blooms[index];
        let receipt = ReceiptWithBloom {
            receipt: Receipt {
                status: Eip658Value::Eip658(tx.receipt.success),
                cumulative_gas_used: tx.receipt.cumulative_gas_used,
                logs,
            },
            logs_bloom,
        };
        let inner = match tx.tx_type() {
            TxType::Legacy => ReceiptEnvelope::Legacy(receipt),
            TxType::Eip2930 => ReceiptEnvelope::Eip2930(receipt),
            _ => ReceiptEnvelope::Eip1559(receipt),
        };
        TransactionReceipt {
            inner,
            transaction_hash: tx.hash,
            transaction_index: Some(index as u64),
            block_hash: Some(self.hash),
            block_number: Some(self.number()),
            gas_used: tx.receipt.gas_used,
            effective_gas_price: tx.receipt.effective_gas_price,
            blob_gas_used: None,
            blob_gas_price: None,
            from: tx.from,
            to: tx.to,
            contract_address: tx.receipt.contract_address,
        }
    }

    /// The block in RPC form, with hashes or full transactions.
    pub fn rpc_block(&self, full: bool) -> Block {
        let transactions = if full {
            BlockTransactions::Full(
                (0..self.txs.len())
                    .map(|i| self.rpc_transaction(i))
                    .collect(),
            )
        } else {
            BlockTransactions::Hashes(self.txs.iter().map(|t| t.hash).collect())
        };
        let size = alloy::rlp::encode(&self.header).len()
            + self.txs.iter().map(|t| t.raw.len()).sum::<usize>();
        Block {
            header: RpcHeader {
                hash: self.hash,
                inner: self.header.clone(),
                total_difficulty: Some(U256::ZERO),
                size: Some(U256::from(size)),
            },
            uncles: Vec::new(),
            transactions,
            withdrawals: None,
        }
    }
}

/// The logs bloom of `logs`: every address and topic accrued, each distinct one hashed once
/// (accruing is idempotent, and a batch's logs repeat the same contracts, event signatures and
/// owners, while keccak is most of a bloom's cost).
pub(crate) fn bloom<'a>(logs: impl IntoIterator<Item = &'a Log>) -> Bloom {
    let mut bloom = Bloom::default();
    let mut seen = HashSet::new();
    for log in logs {
        let inputs =
            std::iter::once(log.address.as_slice()).chain(log.topics().iter().map(B256::as_slice));
        for input in inputs {
            if seen.insert(input) {
                bloom.accrue(BloomInput::Raw(input));
            }
        }
    }
    bloom
}

#[cfg(test)]
mod tests {
    use alloy::primitives::logs_bloom;

    use super::*;

    #[test]
    fn the_bloom_equals_the_bloom_of_every_log() {
        let word = |n: u8| B256::with_last_byte(n);
        let logs: Vec<Log> = (0..40u8)
            .map(|i| {
                let topics = (0..i % 5).map(|t| word((i * t) % 7)).collect();
                Log::new_unchecked(Address::with_last_byte(i % 3), topics, Bytes::new())
            })
            .collect();
        for n in 0..=logs.len() {
            assert_eq!(bloom(&logs[..n]), logs_bloom(&logs[..n]), "{n} logs");
        }
        assert_ne!(bloom(&logs), Bloom::default());
    }
}
