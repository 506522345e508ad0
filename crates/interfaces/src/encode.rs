//! A small ABI writer for custom errors and event logs, shared by the contracts.
//!
//! Written by hand on purpose. alloy's encoders are generic over each error and event type,
//! and in a Stylus contract every instantiation is a copy of the encoder in the wasm: about
//! 1 KB per event and 0.3 KB per error, a large share of the 24 KB code limit. Every value
//! our errors and events carry is a static word or a string, so one writer with out-of-line
//! steps covers them all. The tests check it against alloy's encoders.

use alloc::vec::Vec;

use alloy_primitives::{Address, B256, U256};
use alloy_sol_types::SolEvent;

/// How an event of this crate is written as a log: its topics and ABI-encoded data. Each
/// event's implementation sits beside its declaration, and a test checks it against alloy.
pub trait EncodeLog: SolEvent {
    /// The log's topics (signature hash first) and data.
    fn encode_log(&self) -> (Topics, Vec<u8>);
}

/// Implements [`EncodeLog`] for event types from their topics and data: `t` starts as the
/// event's [`Topics`] and `d` as an empty [`AbiWriter`].
macro_rules! log_encoding {
    ($($ty:ty => |$e:ident, $t:ident, $d:ident| ($topics:expr, $data:expr);)*) => {
        $(impl $crate::encode::EncodeLog for $ty {
            fn encode_log(&self) -> ($crate::encode::Topics, ::alloc::vec::Vec<u8>) {
                let $e = self;
                let $t = $crate::encode::Topics::new(
                    <Self as ::alloy_sol_types::SolEvent>::SIGNATURE_HASH,
                );
                let $d = $crate::encode::AbiWriter::new();
                ($topics, $data.finish())
            }
        })*
    };
}
pub(crate) use log_encoding;

/// Test helper: a contract's error enum `Err` encodes the custom error `e` exactly as alloy
/// does.
///
/// # Panics
///
/// If the encodings differ.
#[cfg(not(target_arch = "wasm32"))]
pub fn assert_error_matches_alloy<Err, E>(e: &E)
where
    E: alloy_sol_types::SolError + Clone,
    Err: From<E> + Into<Vec<u8>>,
{
    let ours: Vec<u8> = Err::from(e.clone()).into();
    assert_eq!(ours, e.abi_encode(), "{}", E::SIGNATURE);
}

/// Test helper: our topics and data for `e` equal alloy's.
///
/// # Panics
///
/// If they differ.
#[cfg(not(target_arch = "wasm32"))]
pub fn assert_log_matches_alloy<E: EncodeLog>(e: &E) {
    let log = e.encode_log_data();
    let (topics, data) = e.encode_log();
    assert_eq!(topics.as_slice(), log.topics(), "{}", E::SIGNATURE);
    assert_eq!(data, log.data.to_vec(), "{}", E::SIGNATURE);
}

/// Writes an ABI-encoded tuple of static words and strings, optionally behind a selector.
///
/// Its state sits behind one `Box`, so each by-value step of a chain moves a pointer rather
/// than the 40-byte state: 69 to 337 compressed bytes less per contract (README "Code size").
#[derive(Debug, Default)]
pub struct AbiWriter(alloc::boxed::Box<Parts>);

/// What an [`AbiWriter`] has written so far.
#[derive(Debug, Default)]
struct Parts {
    /// Selector (if any) and head words.
    head: Vec<u8>,
    /// Where the head starts in `head` (4 after a selector, else 0).
    start: usize,
    /// The encoded strings.
    tail: Vec<u8>,
    /// For each string: where its offset word sits in `head`, and where it starts in `tail`.
    offsets: Vec<(usize, usize)>,
}

impl AbiWriter {
    /// A tuple with no selector: event data.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// A tuple behind `selector`: custom-error revert data.
    #[must_use]
    pub fn error(selector: [u8; 4]) -> Self {
        Self::with_selector(selector)
    }

    /// Revert data of the custom error `e`: its selector, ready for `e`'s fields.
    #[must_use]
    pub fn error_of<E: alloy_sol_types::SolError>(_e: &E) -> Self {
        Self::with_selector(E::SELECTOR)
    }

    /// A tuple behind `selector`: calldata of a function call.
    #[must_use]
    pub fn call(selector: [u8; 4]) -> Self {
        Self::with_selector(selector)
    }

    /// A tuple behind a 4-byte selector.
    #[must_use]
    #[inline(never)]
    fn with_selector(selector: [u8; 4]) -> Self {
        let mut w = Self::default();
        w.0.head.extend_from_slice(&selector);
        w.0.start = 4;
        w
    }

    /// Appends a 32-byte word.
    #[must_use]
    #[inline(never)]
    pub fn word(mut self, word: &B256) -> Self {
        self.0.head.extend_from_slice(word.as_slice());
        self
    }

    /// Appends an address.
    #[must_use]
    #[inline(never)]
    pub fn address(self, a: &Address) -> Self {
        self.word(&a.into_word())
    }

    /// Appends a `uint256`.
    #[must_use]
    #[inline(never)]
    pub fn uint(self, n: &U256) -> Self {
        self.word(&B256::from(*n))
    }

    /// Appends any unsigned integer of up to 64 bits (`uint8` to `uint64`, `bool`).
    #[must_use]
    #[inline(never)]
    pub fn small(self, n: u64) -> Self {
        self.uint(&U256::from(n))
    }

    /// Appends a `string`: an offset in the head, the length and padded bytes in the tail.
    #[must_use]
    pub fn string(self, s: &str) -> Self {
        self.bytes(s.as_bytes())
    }

    /// Appends a `bytes` value (encoded as a `string` is).
    #[must_use]
    #[inline(never)]
    pub fn bytes(mut self, b: &[u8]) -> Self {
        self.0.offsets.push((self.0.head.len(), self.0.tail.len()));
        self.0.head.extend_from_slice(&[0; 32]);
        self.0
            .tail
            .extend_from_slice(&B256::from(U256::from(b.len())).0);
        self.0.tail.extend_from_slice(b);
        self.0
            .tail
            .resize(self.0.tail.len() + (32 - b.len() % 32) % 32, 0);
        self
    }

    /// The encoded bytes.
    #[must_use]
    #[inline(never)]
    pub fn finish(mut self) -> Vec<u8> {
        let head_len = self.0.head.len() - self.0.start;
        for (at, tail_pos) in &self.0.offsets {
            let offset = B256::from(U256::from(head_len + tail_pos));
            self.0.head[*at..*at + 32].copy_from_slice(offset.as_slice());
        }
        self.0.head.extend_from_slice(&self.0.tail);
        self.0.head
    }
}

/// The topics of a log: the event's signature hash, then up to three indexed values (behind
/// one `Box`, as [`AbiWriter`]'s state is, for the same reason).
#[derive(Debug, Clone)]
pub struct Topics(alloc::boxed::Box<TopicWords>);

/// The words of [`Topics`].
#[derive(Debug, Clone)]
struct TopicWords {
    /// Signature hash first.
    words: [B256; 4],
    /// How many of `words` are used.
    count: usize,
}

impl Topics {
    /// Topics of the event whose signature hash is `signature`.
    #[must_use]
    #[inline(never)]
    pub fn new(signature: B256) -> Self {
        let mut words = [B256::ZERO; 4];
        words[0] = signature;
        Self(alloc::boxed::Box::new(TopicWords { words, count: 1 }))
    }

    /// Appends an indexed word (a fourth one is ignored: Solidity allows three).
    #[must_use]
    #[inline(never)]
    pub fn word(mut self, word: &B256) -> Self {
        if let Some(slot) = self.0.words.get_mut(self.0.count) {
            *slot = *word;
            self.0.count += 1;
        }
        self
    }

    /// Appends an indexed address.
    #[must_use]
    #[inline(never)]
    pub fn address(self, a: &Address) -> Self {
        self.word(&a.into_word())
    }

    /// Appends an indexed `uint256`.
    #[must_use]
    #[inline(never)]
    pub fn uint(self, n: &U256) -> Self {
        self.word(&B256::from(*n))
    }

    /// Appends an indexed integer of up to 64 bits.
    #[must_use]
    pub fn small(self, n: u64) -> Self {
        self.uint(&U256::from(n))
    }

    /// The used topics.
    #[must_use]
    pub fn as_slice(&self) -> &[B256] {
        &self.0.words[..self.0.count]
    }
}

#[cfg(test)]
mod tests {
    use alloc::string::String;

    use alloy_primitives::address;
    use alloy_sol_types::{sol, SolError};

    use super::*;

    sol! {
        error E0();
        error E1(address a, uint256 n, uint8 s, bool b);
        error E2(string text, uint256 n);
        error E3(string a, string b, address c);
        error E4(uint64 x, string text);
        event V1(uint256 indexed node, address indexed who, uint64 epoch);
        event V2(uint256 indexed node, string a, string b);
        function onReceived(address op, address from, uint256 id, bytes data) external;
    }

    const A: Address = address!("00000000000000000000000000000000000000a1");

    fn texts() -> [String; 5] {
        [
            String::new(),
            "A".into(),
            "x".repeat(32),
            "y".repeat(33),
            "Acme Devices é".into(),
        ]
    }

    #[test]
    fn errors_match_alloy() {
        assert_eq!(AbiWriter::error(E0::SELECTOR).finish(), E0 {}.abi_encode());
        let n = U256::from(0xdead_beef_u64) << 190;
        let e1 = E1 {
            a: A,
            n,
            s: 255,
            b: true,
        };
        let ours = AbiWriter::error(E1::SELECTOR)
            .address(&A)
            .uint(&n)
            .small(255)
            .small(1);
        assert_eq!(ours.finish(), e1.abi_encode());
        for t in texts() {
            let ours = AbiWriter::error(E2::SELECTOR).string(&t).uint(&n).finish();
            assert_eq!(ours, E2 { text: t.clone(), n }.abi_encode());
            let ours = AbiWriter::error(E3::SELECTOR)
                .string(&t)
                .string("bb")
                .address(&A)
                .finish();
            assert_eq!(
                ours,
                E3 {
                    a: t.clone(),
                    b: "bb".into(),
                    c: A
                }
                .abi_encode()
            );
            let ours = AbiWriter::error(E4::SELECTOR)
                .small(u64::MAX)
                .string(&t)
                .finish();
            assert_eq!(
                ours,
                E4 {
                    x: u64::MAX,
                    text: t
                }
                .abi_encode()
            );
        }
    }

    #[test]
    fn calls_match_alloy() {
        use alloy_sol_types::SolCall;
        for t in texts() {
            let call = onReceivedCall {
                op: A,
                from: A,
                id: U256::MAX,
                data: t.clone().into(),
            };
            let ours = AbiWriter::call(onReceivedCall::SELECTOR)
                .address(&A)
                .address(&A)
                .uint(&U256::MAX)
                .bytes(t.as_bytes())
                .finish();
            assert_eq!(ours, call.abi_encode());
        }
    }

    #[test]
    fn events_match_alloy() {
        let node = U256::from(9) << 100;
        let v1 = V1 {
            node,
            who: A,
            epoch: 3,
        };
        let log = v1.encode_log_data();
        let topics = Topics::new(V1::SIGNATURE_HASH).uint(&node).address(&A);
        assert_eq!(topics.as_slice(), log.topics());
        assert_eq!(AbiWriter::new().small(3).finish(), log.data.to_vec());
        for t in texts() {
            let log = V2 {
                node,
                a: t.clone(),
                b: "b".into(),
            }
            .encode_log_data();
            assert_eq!(
                Topics::new(V2::SIGNATURE_HASH).uint(&node).as_slice(),
                log.topics()
            );
            assert_eq!(
                AbiWriter::new().string(&t).string("b").finish(),
                log.data.to_vec()
            );
        }
    }

    #[test]
    fn a_fourth_indexed_topic_is_ignored() {
        let t = Topics::new(B256::ZERO).small(1).small(2).small(3).small(4);
        assert_eq!(t.as_slice().len(), 4);
        assert_eq!(t.as_slice()[3], B256::from(U256::from(3)));
    }
}
