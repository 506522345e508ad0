//! The chain over real JSON-RPC with alloy's provider: every method, value transfers of each
//! transaction type, Stylus deployment (CREATE + `ArbWasm`, and `StylusDeployer`), reverts,
//! logs, bad inputs, concurrent senders, dev methods, reads at earlier blocks and a restart
//! from the store.

#![allow(
    clippy::too_many_lines,
    clippy::err_expect,
    clippy::similar_names,
    clippy::default_trait_access
)]

mod common;

use alloy::consensus::Transaction as _;
use alloy::eips::BlockNumberOrTag;
use alloy::network::TransactionBuilder;
use alloy::primitives::{keccak256, Address, U256};
use alloy::providers::Provider;
use alloy::rpc::types::{Filter, TransactionRequest};
use alloy::sol;
use alloy::sol_types::{SolCall, SolError, SolEvent, SolValue};
use common::{
    balance, code, dev_key, error_of, node, node_in, post_raw, reader, rpc, temp_dir, wallet,
};
use dimo_chain::stylus::{init_code, IArbWasm, IStylusDeployer, ARB_WASM, STYLUS_DEPLOYER};
use dimo_chain::{dev_accounts, CHAIN_ID};
use serde_json::json;

sol! {
    #[sol(rpc)]
    interface Erc20 {
        function mint(address to, uint256 amount) external;
        function balanceOf(address account) external view returns (uint256);
        function transfer(address to, uint256 value) external returns (bool);
        event Transfer(address indexed from, address indexed to, uint256 value);
        error ERC20InsufficientBalance(address sender, uint256 balance, uint256 needed);
    }

    #[sol(rpc)]
    interface Registry {
        function owner() external view returns (address);
        function addAdmin(address account) external;
        error OwnableUnauthorizedAccount(address account);
    }
}

fn eth(n: u64) -> U256 {
    U256::from(n) * U256::from(10u64).pow(U256::from(18))
}

#[tokio::test]
async fn identity_accounts_blocks_and_fees() {
    let node = node().await;
    let p = reader(&node);
    assert_eq!(p.get_chain_id().await.unwrap(), CHAIN_ID);
    assert_eq!(
        rpc(&node, "net_version", json!([])).await["result"],
        "412346"
    );
    let version = rpc(&node, "web3_clientVersion", json!([])).await;
    assert!(version["result"]
        .as_str()
        .unwrap()
        .starts_with("dimo-chain/"));
    assert_eq!(p.get_block_number().await.unwrap(), 0);
    let accounts = p.get_accounts().await.unwrap();
    assert_eq!(accounts.len(), 11);
    assert_eq!(accounts[0], dev_accounts()[0].address);
    assert_eq!(balance(&p, accounts[0]).await, eth(10_000));
    assert_eq!(p.get_gas_price().await.unwrap(), 100_000_000);
    assert_eq!(p.get_max_priority_fee_per_gas().await.unwrap(), 0);
    let history = p
        .get_fee_history(4, BlockNumberOrTag::Latest, &[50.0])
        .await
        .unwrap();
    assert_eq!(history.oldest_block, 0);
    assert_eq!(history.base_fee_per_gas, vec![100_000_000; 2]);
    let genesis = p
        .get_block_by_number(BlockNumberOrTag::Earliest)
        .await
        .unwrap()
        .unwrap();
    let by_hash = p
        .get_block_by_hash(genesis.header.hash)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(by_hash.header.hash, genesis.header.hash);
    assert!(p
        .get_block_by_number(BlockNumberOrTag::Number(5))
        .await
        .unwrap()
        .is_none());
    // ArbWasm and StylusDeployer answer eth_getCode (tools check for the deployer).
    assert!(!p.get_code_at(STYLUS_DEPLOYER).await.unwrap().is_empty());
    assert!(!p.get_code_at(ARB_WASM).await.unwrap().is_empty());
    node.stop().await;
}

#[tokio::test]
async fn value_transfers_of_every_transaction_type_each_in_its_own_block() {
    let node = node().await;
    let p = wallet(&node, dev_key(1));
    let from = dev_accounts()[1].address;
    let to = Address::repeat_byte(0x42);
    let legacy = TransactionRequest::default()
        .with_to(to)
        .with_value(U256::from(1))
        .with_gas_price(200_000_000);
    let eip2930 = legacy
        .clone()
        .with_access_list(alloy::eips::eip2930::AccessList(vec![
            alloy::eips::eip2930::AccessListItem {
                address: to,
                storage_keys: vec![],
            },
        ]));
    let eip1559 = TransactionRequest::default()
        .with_to(to)
        .with_value(U256::from(1));
    let mut hashes = Vec::new();
    for (request, ty, gas) in [
        (legacy, 0u8, 21_000u64),
        (eip2930, 1, 23_400),
        (eip1559, 2, 21_000),
    ] {
        let before = balance(&p, from).await;
        let receipt = p
            .send_transaction(request)
            .await
            .unwrap()
            .get_receipt()
            .await
            .unwrap();
        assert!(receipt.status());
        assert_eq!(receipt.gas_used, gas);
        assert_eq!(
            receipt.effective_gas_price, 100_000_000,
            "no tips on Arbitrum"
        );
        let paid = U256::from(gas) * U256::from(100_000_000u64) + U256::from(1);
        assert_eq!(balance(&p, from).await, before - paid);
        let tx = p
            .get_transaction_by_hash(receipt.transaction_hash)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(tx.inner.tx_type() as u8, ty);
        assert_eq!(tx.block_number, receipt.block_number);
        hashes.push(receipt.transaction_hash);
    }
    assert_eq!(p.get_block_number().await.unwrap(), 3);
    assert_eq!(p.get_transaction_count(from).await.unwrap(), 3);
    assert_eq!(balance(&p, to).await, U256::from(3));
    let block = p
        .get_block_by_number(BlockNumberOrTag::Number(2))
        .full()
        .await
        .unwrap()
        .unwrap();
    assert_eq!(block.transactions.len(), 1);
    assert_eq!(
        block.transactions.txns().next().unwrap().inner.tx_hash(),
        &hashes[1]
    );
    // Reads at an earlier block see the state of that block.
    let at_one = p
        .get_balance(to)
        .block_id(BlockNumberOrTag::Number(1).into())
        .await
        .unwrap();
    assert_eq!(at_one, U256::from(1));
    assert!(p
        .get_transaction_receipt(alloy::primitives::B256::ZERO)
        .await
        .unwrap()
        .is_none());
    node.stop().await;
}

#[tokio::test]
async fn stylus_code_deploys_by_create_and_runs_only_once_activated() {
    let node = node().await;
    let p = wallet(&node, dev_key(0));
    let me = dev_accounts()[0].address;
    let erc20_code = code("test-erc20");
    let receipt = p
        .send_transaction(TransactionRequest::default().with_deploy_code(init_code(&erc20_code)))
        .await
        .unwrap()
        .get_receipt()
        .await
        .unwrap();
    assert!(receipt.status());
    let erc20 = receipt.contract_address.expect("a contract address");
    assert_eq!(
        p.get_code_at(erc20).await.unwrap().as_ref(),
        erc20_code.as_slice()
    );

    // Not activated: ArbWasm says so with its custom error, and calls fail.
    let answer = rpc(
        &node,
        "eth_call",
        json!([{"to": ARB_WASM, "data": IArbWasm::codehashVersionCall { codehash: keccak256(&erc20_code) }.abi_encode()}]),
    )
    .await;
    assert_eq!(error_of(&answer).0, 3);
    assert_eq!(
        answer["error"]["data"],
        format!(
            "0x{}",
            alloy::hex::encode(IArbWasm::ProgramNotActivated {}.abi_encode())
        )
    );
    let token = Erc20::new(erc20, &p);
    assert!(token.balanceOf(me).call().await.is_err());

    // Underpaid activation reverts with the fee wanted; paid activation emits the event.
    let arb = IArbWasm::new(ARB_WASM, &p);
    let quote = arb
        .activateProgram(erc20)
        .value(eth(1))
        .call()
        .await
        .unwrap();
    assert!(quote.dataFee > U256::ZERO);
    let underpaid = arb
        .activateProgram(erc20)
        .value(U256::from(1))
        .call()
        .await
        .err()
        .expect("it reverts");
    let revert = underpaid.as_revert_data().expect("revert data");
    let decoded = IArbWasm::ProgramInsufficientValue::abi_decode(&revert).unwrap();
    assert_eq!(decoded.want, quote.dataFee);
    let before = balance(&p, me).await;
    let receipt = arb
        .activateProgram(erc20)
        .value(quote.dataFee * U256::from(2))
        .send()
        .await
        .unwrap()
        .get_receipt()
        .await
        .unwrap();
    assert!(receipt.status());
    let fee = U256::from(receipt.gas_used) * U256::from(receipt.effective_gas_price);
    assert_eq!(
        balance(&p, me).await,
        before - fee - quote.dataFee,
        "the excess is refunded"
    );
    let activated = receipt.inner.logs()[0]
        .log_decode::<IArbWasm::ProgramActivated>()
        .unwrap();
    assert_eq!(activated.inner.program, erc20);
    assert_eq!(activated.inner.codehash, keccak256(&erc20_code));

    // Now it runs: a mint, its Transfer log, eth_getLogs by address and topic.
    let receipt = token
        .mint(me, U256::from(500))
        .send()
        .await
        .unwrap()
        .get_receipt()
        .await
        .unwrap();
    assert!(receipt.status());
    assert!(receipt.gas_used > 21_000);
    assert_eq!(token.balanceOf(me).call().await.unwrap(), U256::from(500));
    let logs = p
        .get_logs(
            &Filter::new()
                .address(erc20)
                .event_signature(Erc20::Transfer::SIGNATURE_HASH)
                .topic2(me.into_word())
                .from_block(0),
        )
        .await
        .unwrap();
    assert_eq!(logs.len(), 1);
    assert_eq!(logs[0].transaction_hash, Some(receipt.transaction_hash));
    let none = p
        .get_logs(
            &Filter::new()
                .address(erc20)
                .topic2(Address::ZERO.into_word())
                .from_block(0),
        )
        .await
        .unwrap();
    assert!(none.is_empty());

    // A revert answers code 3 with the custom error as data, and changes nothing.
    let err = token
        .transfer(Address::repeat_byte(1), U256::from(501))
        .call()
        .await
        .err()
        .expect("it reverts");
    let data = err.as_revert_data().expect("revert data");
    let decoded = Erc20::ERC20InsufficientBalance::abi_decode(&data).unwrap();
    assert_eq!(decoded.needed, U256::from(501));
    let raw = rpc(
        &node,
        "eth_estimateGas",
        json!([{"from": me, "to": erc20, "data": Erc20::transferCall { to: Address::repeat_byte(1), value: U256::from(501) }.abi_encode()}]),
    )
    .await;
    assert_eq!(error_of(&raw).0, 3);
    node.stop().await;
}

#[tokio::test]
async fn stylus_deployer_deploys_activates_and_constructs_in_one_transaction() {
    let node = node().await;
    let p = wallet(&node, dev_key(0));
    let owner = dev_accounts()[0].address;
    let registry_code = code("manufacturer-registry");
    let mut init_data = vec![0x55, 0x85, 0x25, 0x8d];
    init_data.extend_from_slice(&(owner,).abi_encode_params());
    let deployer = IStylusDeployer::new(STYLUS_DEPLOYER, &p);
    let call = deployer.deploy_call(
        init_code(&registry_code).into(),
        init_data.clone().into(),
        U256::ZERO,
        alloy::primitives::B256::ZERO,
    );
    // Without the data fee, activation reverts inside the deployer.
    let err = call.call().await.err().expect("it reverts");
    assert!(IArbWasm::ProgramInsufficientValue::abi_decode(&err.as_revert_data().unwrap()).is_ok());
    let receipt = call
        .value(eth(1))
        .send()
        .await
        .unwrap()
        .get_receipt()
        .await
        .unwrap();
    assert!(receipt.status());
    let deployed = receipt
        .inner
        .logs()
        .iter()
        .find_map(|l| l.log_decode::<IStylusDeployer::ContractDeployed>().ok())
        .unwrap()
        .inner
        .deployedContract;
    assert!(receipt.inner.logs().iter().any(|l| l.address() == ARB_WASM));
    let registry = Registry::new(deployed, &p);
    assert_eq!(registry.owner().call().await.unwrap(), owner);
    // The refund left the deployer empty.
    assert_eq!(balance(&p, STYLUS_DEPLOYER).await, U256::ZERO);

    // Same code again: no activation needed, no fee; a reverting constructor is reported.
    let again = deployer
        .deploy_call(
            init_code(&registry_code).into(),
            init_data.into(),
            U256::ZERO,
            alloy::primitives::B256::ZERO,
        )
        .send()
        .await
        .unwrap()
        .get_receipt()
        .await
        .unwrap();
    assert!(again.status());
    assert!(!again.inner.logs().iter().any(|l| l.address() == ARB_WASM));
    let bad = deployer
        .deploy_call(
            init_code(&registry_code).into(),
            vec![0x55, 0x85, 0x25, 0x8d].into(),
            U256::ZERO,
            alloy::primitives::B256::ZERO,
        )
        .call()
        .await
        .err()
        .expect("it reverts");
    let data = bad.as_revert_data().unwrap();
    assert_eq!(
        data[..4],
        IStylusDeployer::ContractInitializationError::SELECTOR
    );

    // Only the owner adds admins: a custom error, code 3.
    let stranger = wallet(&node, dev_key(5));
    let err = Registry::new(deployed, &stranger)
        .addAdmin(Address::repeat_byte(9))
        .call()
        .await
        .err()
        .expect("it reverts");
    let data = err.as_revert_data().unwrap();
    assert_eq!(
        Registry::OwnableUnauthorizedAccount::abi_decode(&data)
            .unwrap()
            .account,
        dev_accounts()[5].address
    );
    node.stop().await;
}

fn signed_legacy(
    key_index: usize,
    nonce: u64,
    chain_id: Option<u64>,
    gas: u64,
    value: U256,
) -> Vec<u8> {
    use alloy::consensus::{SignableTransaction, TxLegacy};
    use alloy::eips::eip2718::Encodable2718;
    use alloy::signers::SignerSync;
    let tx = TxLegacy {
        chain_id,
        nonce,
        gas_price: 100_000_000,
        gas_limit: gas,
        to: Address::repeat_byte(7).into(),
        value,
        input: Default::default(),
    };
    let signature = dev_key(key_index)
        .sign_hash_sync(&tx.signature_hash())
        .unwrap();
    alloy::consensus::TxEnvelope::from(tx.into_signed(signature)).encoded_2718()
}

async fn send_raw(node: &dimo_chain::NodeHandle, raw: &[u8]) -> serde_json::Value {
    rpc(
        node,
        "eth_sendRawTransaction",
        json!([format!("0x{}", alloy::hex::encode(raw))]),
    )
    .await
}

#[tokio::test]
async fn bad_input_gets_geths_errors_and_changes_nothing() {
    let node = node().await;
    let p = reader(&node);
    let start = p.get_block_number().await.unwrap();

    let (_, body) = post_raw(&node, b"{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":").await;
    assert_eq!(error_of(&serde_json::from_str(&body).unwrap()).0, -32700);
    let answer = rpc(&node, "eth_getBalance", json!([12, "latest"])).await;
    assert_eq!(error_of(&answer).0, -32602);
    let answer = rpc(&node, "eth_noSuchMethod", json!([])).await;
    assert_eq!(error_of(&answer).0, -32601);
    let huge = format!(
        "{{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_call\",\"params\":[{{\"data\":\"0x{}\"}}]}}",
        "00".repeat(3 * 1024 * 1024)
    );
    let (status, _) = post_raw(&node, huge.as_bytes()).await;
    assert!(status.contains("413"), "oversized body: {status}");

    let bad = |answer: serde_json::Value, needle: &str| {
        let (code, message) = error_of(&answer);
        assert_eq!(code, -32000, "{message}");
        assert!(
            message.contains(needle),
            "{message} should mention {needle}"
        );
    };
    bad(send_raw(&node, &[0x02, 0xc0]).await, "rlp");
    bad(send_raw(&node, b"garbage").await, "rlp");
    bad(
        send_raw(&node, &signed_legacy(1, 0, None, 21_000, U256::ZERO)).await,
        "replay-protected",
    );
    bad(
        send_raw(&node, &signed_legacy(1, 0, Some(1), 21_000, U256::ZERO)).await,
        "chain id",
    );
    bad(
        send_raw(
            &node,
            &signed_legacy(1, 5, Some(CHAIN_ID), 21_000, U256::ZERO),
        )
        .await,
        "nonce too high",
    );
    bad(
        send_raw(
            &node,
            &signed_legacy(1, 0, Some(CHAIN_ID), 20_000, U256::ZERO),
        )
        .await,
        "intrinsic gas too low",
    );
    bad(
        send_raw(
            &node,
            &signed_legacy(1, 0, Some(CHAIN_ID), 21_000, eth(20_000)),
        )
        .await,
        "insufficient funds",
    );
    bad(
        send_raw(
            &node,
            &signed_legacy(1, 0, Some(CHAIN_ID), 40_000_000, U256::ZERO),
        )
        .await,
        "gas limit",
    );
    // A good one, then the same nonce again.
    let ok = send_raw(
        &node,
        &signed_legacy(1, 0, Some(CHAIN_ID), 21_000, U256::ZERO),
    )
    .await;
    assert!(ok["result"].is_string(), "{ok}");
    bad(
        send_raw(
            &node,
            &signed_legacy(1, 0, Some(CHAIN_ID), 21_000, U256::ZERO),
        )
        .await,
        "already known",
    );
    bad(
        send_raw(
            &node,
            &signed_legacy(1, 0, Some(CHAIN_ID), 21_001, U256::ZERO),
        )
        .await,
        "nonce too low",
    );

    // Code over the size limit, and EVM init code, are refused before anything is mined.
    let w = wallet(&node, dev_key(2));
    let mut oversized = vec![0xef, 0xf0, 0x00, 0x00];
    oversized.extend(std::iter::repeat_n(0x11, 30_000));
    let err = w
        .send_transaction(
            TransactionRequest::default()
                .with_deploy_code(init_code(&oversized))
                .with_nonce(0)
                .with_gas_limit(10_000_000),
        )
        .await
        .err()
        .expect("it reverts");
    assert!(err.to_string().contains("max code size exceeded"), "{err}");
    let err = w
        .send_transaction(
            TransactionRequest::default()
                .with_deploy_code(vec![0x60, 0x00, 0x60, 0x00, 0xf3])
                .with_nonce(0)
                .with_gas_limit(100_000),
        )
        .await
        .err()
        .expect("it reverts");
    assert!(err.to_string().contains("unsupported init code"), "{err}");

    assert_eq!(
        p.get_block_number().await.unwrap(),
        start + 1,
        "only the good one was mined"
    );
    assert_eq!(
        p.get_transaction_count(dev_accounts()[2].address)
            .await
            .unwrap(),
        0
    );
    node.stop().await;
}

#[tokio::test]
async fn concurrent_senders_are_each_mined_once_in_nonce_order() {
    const SENDERS: usize = 6;
    const EACH: u64 = 8;
    let node = node().await;
    let mut tasks = Vec::new();
    for s in 0..SENDERS {
        let url = node.url();
        tasks.push(tokio::spawn(async move {
            let p = alloy::providers::ProviderBuilder::new()
                .wallet(alloy::network::EthereumWallet::from(dev_key(s + 1)))
                .connect_http(url.parse().unwrap());
            let mut hashes = Vec::new();
            for i in 0..EACH {
                let pending = p
                    .send_transaction(
                        TransactionRequest::default()
                            .with_to(Address::repeat_byte(0x99))
                            .with_value(U256::from(1))
                            .with_nonce(i)
                            .with_gas_limit(21_000),
                    )
                    .await
                    .unwrap();
                hashes.push(*pending.tx_hash());
            }
            hashes
        }));
    }
    let mut all = Vec::new();
    for task in tasks {
        all.push(task.await.unwrap());
    }
    let p = reader(&node);
    assert_eq!(p.get_block_number().await.unwrap(), (SENDERS as u64) * EACH);
    assert_eq!(
        balance(&p, Address::repeat_byte(0x99)).await,
        U256::from(SENDERS as u64 * EACH)
    );
    for (s, hashes) in all.iter().enumerate() {
        let mut last_block = 0;
        for (i, hash) in hashes.iter().enumerate() {
            let tx = p.get_transaction_by_hash(*hash).await.unwrap().unwrap();
            assert_eq!(tx.inner.nonce(), i as u64);
            assert_eq!(tx.inner.signer(), dev_accounts()[s + 1].address);
            let block = tx.block_number.unwrap();
            assert!(block > last_block, "nonce order");
            last_block = block;
        }
    }
    node.stop().await;
}

#[tokio::test]
async fn snapshot_revert_mine_and_time() {
    let node = node().await;
    let p = wallet(&node, dev_key(3));
    let snapshot = rpc(&node, "evm_snapshot", json!([])).await["result"].clone();
    let receipt = p
        .send_transaction(
            TransactionRequest::default()
                .with_to(Address::repeat_byte(5))
                .with_value(U256::from(9)),
        )
        .await
        .unwrap()
        .get_receipt()
        .await
        .unwrap();
    assert_eq!(balance(&p, Address::repeat_byte(5)).await, U256::from(9));
    assert_eq!(
        rpc(&node, "evm_revert", json!([snapshot])).await["result"],
        true
    );
    assert_eq!(p.get_block_number().await.unwrap(), 0);
    assert_eq!(balance(&p, Address::repeat_byte(5)).await, U256::ZERO);
    assert!(p
        .get_transaction_receipt(receipt.transaction_hash)
        .await
        .unwrap()
        .is_none());
    assert_eq!(
        rpc(&node, "evm_revert", json!([snapshot])).await["result"],
        false,
        "used up"
    );

    let head = p
        .get_block_by_number(BlockNumberOrTag::Latest)
        .await
        .unwrap()
        .unwrap();
    let t = head.header.timestamp + 1_000;
    assert!(rpc(&node, "evm_setNextBlockTimestamp", json!([t]))
        .await
        .get("error")
        .is_none());
    rpc(&node, "evm_mine", json!([])).await;
    let mined = p
        .get_block_by_number(BlockNumberOrTag::Latest)
        .await
        .unwrap()
        .unwrap();
    assert_eq!((mined.header.number, mined.header.timestamp), (1, t));
    let offset = rpc(&node, "evm_increaseTime", json!([86_400])).await["result"]
        .as_i64()
        .unwrap();
    assert_eq!(offset, 86_400);
    rpc(&node, "evm_mine", json!([])).await;
    let later = p
        .get_block_by_number(BlockNumberOrTag::Latest)
        .await
        .unwrap()
        .unwrap();
    assert!(later.header.timestamp >= head.header.timestamp + 86_400);
    let past = rpc(&node, "evm_setNextBlockTimestamp", json!([1])).await;
    assert_eq!(error_of(&past).0, -32000);

    // Block filters see new blocks once.
    let filter = rpc(&node, "eth_newBlockFilter", json!([])).await["result"].clone();
    rpc(&node, "evm_mine", json!([])).await;
    let changes = rpc(&node, "eth_getFilterChanges", json!([filter])).await;
    assert_eq!(changes["result"].as_array().unwrap().len(), 1);
    let again = rpc(&node, "eth_getFilterChanges", json!([filter])).await;
    assert!(again["result"].as_array().unwrap().is_empty());
    node.stop().await;
}

#[tokio::test]
async fn a_restarted_node_keeps_blocks_receipts_state_and_programs() {
    let dir = temp_dir("restart");
    let node = node_in(&dir).await;
    let p = wallet(&node, dev_key(0));
    let me = dev_accounts()[0].address;
    let erc20 = p
        .send_transaction(
            TransactionRequest::default().with_deploy_code(init_code(&code("test-erc20"))),
        )
        .await
        .unwrap()
        .get_receipt()
        .await
        .unwrap()
        .contract_address
        .unwrap();
    IArbWasm::new(ARB_WASM, &p)
        .activateProgram(erc20)
        .value(eth(1))
        .send()
        .await
        .unwrap()
        .get_receipt()
        .await
        .unwrap();
    let minted = Erc20::new(erc20, &p)
        .mint(me, U256::from(77))
        .send()
        .await
        .unwrap()
        .get_receipt()
        .await
        .unwrap();
    let head = p.get_block_number().await.unwrap();
    let my_balance = balance(&p, me).await;
    let head_block = p.get_block_by_number(head.into()).await.unwrap().unwrap();
    node.stop().await;

    let node = node_in(&dir).await;
    let p = wallet(&node, dev_key(0));
    assert_eq!(p.get_block_number().await.unwrap(), head);
    assert_eq!(balance(&p, me).await, my_balance);
    let receipt = p
        .get_transaction_receipt(minted.transaction_hash)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(receipt.gas_used, minted.gas_used);
    assert_eq!(receipt.inner.logs().len(), 1);
    assert_eq!(receipt.inner.logs_bloom(), minted.inner.logs_bloom());
    // The header's roots, bloom and hash, recomputed from the stored block, are the same.
    assert_eq!(receipt.block_hash, minted.block_hash);
    let again = p.get_block_by_number(head.into()).await.unwrap().unwrap();
    assert_eq!(again.header, head_block.header);
    let token = Erc20::new(erc20, &p);
    assert_eq!(token.balanceOf(me).call().await.unwrap(), U256::from(77));
    // The program still runs, and the chain goes on from where it was.
    token
        .mint(me, U256::from(1))
        .send()
        .await
        .unwrap()
        .get_receipt()
        .await
        .unwrap();
    assert_eq!(token.balanceOf(me).call().await.unwrap(), U256::from(78));
    assert_eq!(p.get_block_number().await.unwrap(), head + 1);
    node.stop().await;
    std::fs::remove_dir_all(&dir).unwrap();
}
