//! The operator commands end to end over JSON-RPC against `dimo devnet`: a second
//! manufacturer onboarded entirely through `dimo foundation`, `dimo manufacturer` and
//! `dimo review` (each step's event checked, and the refusals of the wrong role and of a
//! missing licence decoded), and the certificate commands on the story's devices (OTA list,
//! factory reset, end of life, relayed claim, lookups with the history verified).
#![allow(clippy::many_single_char_names)] // p(rovider), t(ext), v(alue), d, m, a in the steps

mod ops_common;

use alloy::network::{EthereumWallet, TransactionBuilder};
use alloy::primitives::{keccak256, Address, U256};
use alloy::providers::{Provider, ProviderBuilder};
use alloy::rpc::types::TransactionRequest;
use alloy::signers::local::PrivateKeySigner;
use alloy::signers::SignerSync;
use alloy::sol;
use alloy::sol_types::{eip712_domain, SolCall, SolStruct};
use dimo_chain::dev_accounts;
use ops_common::*;
use serde_json::Value;

sol! {
    function mint(address to, uint256 amount) external;
    struct Claim { uint256 certificate; address owner; uint256 nonce; uint256 deadline; }
}

/// The decoded event names of a `--json` send.
fn events(v: &Value) -> Vec<String> {
    v["transactions"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|t| t["events"].as_array().cloned().unwrap_or_default())
        .map(|e| e["name"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
#[allow(clippy::too_many_lines)] // the onboarding in order
async fn a_manufacturer_onboarded_through_the_cli_with_refusals() {
    let devnet = Devnet::fresh("onboard");
    let dir = temp_dir("onboard-files");
    let p = devnet.provider();
    let beta = BUYER;
    let beta_addr = address(beta).to_string();

    // Wrong role: estimated, refused with the decoded error, nothing sent.
    let head = p.get_block_number().await.unwrap();
    let t = refused(
        devnet.run(beta, &["foundation", "add-controller", &beta_addr]),
        "would fail: ",
    );
    assert!(
        t.contains("nothing was sent") && t.contains(&beta_addr[..10]),
        "{t}"
    );
    // --dry-run shows the plan with gas and fee and sends nothing.
    let t = ok(devnet.run(
        FOUNDATION,
        &["foundation", "add-controller", &beta_addr, "--dry-run"],
    ));
    assert!(t.contains("estimated gas") && t.contains("dry run"), "{t}");
    assert_eq!(p.get_block_number().await.unwrap(), head);

    let v = devnet.json(FOUNDATION, &["foundation", "add-controller", &beta_addr]);
    assert_eq!(events(&v), ["ControllerAdded"]);
    assert!(v["transactions"][0]["tx"]
        .as_str()
        .unwrap()
        .starts_with("0x"));
    let v = devnet.json(
        FOUNDATION,
        &[
            "foundation",
            "register-manufacturer",
            "--name",
            "Beta Devices",
        ],
    );
    assert_eq!(events(&v), ["Transfer", "ManufacturerMinted"]);
    let list = dir.join("names.txt");
    std::fs::write(&list, "Gamma Co\nDelta Co\n\nEpsilon Co\n").unwrap();
    let v = devnet.json(
        FOUNDATION,
        &[
            "foundation",
            "register-manufacturers",
            "--file",
            list.to_str().unwrap(),
        ],
    );
    assert_eq!(
        events(&v)
            .iter()
            .filter(|e| *e == "ManufacturerMinted")
            .count(),
        3
    );
    let v = devnet.json(
        FOUNDATION,
        &[
            "foundation",
            "rename",
            "--node",
            "2",
            "--name",
            "Beta Devices Ltd",
        ],
    );
    assert_eq!(events(&v), ["ManufacturerRenamed"]);
    devnet.json(
        FOUNDATION,
        &["foundation", "hand-over", "--node", "2", "--to", &beta_addr],
    );
    let m = devnet.json(FOUNDATION, &["lookup", "manufacturer", "Beta Devices Ltd"]);
    assert_eq!(m["node"], "2");
    assert_eq!(m["holder"], beta_addr);
    assert_eq!(m["licensed"], false);

    // Stake (test tokens first), the MOU, the licence (the wrong role refused first).
    let wallet = ProviderBuilder::new()
        .wallet(EthereumWallet::from(
            PrivateKeySigner::from_bytes(&dev_accounts()[beta].key).unwrap(),
        ))
        .connect_http(devnet.url.parse().unwrap());
    wallet
        .send_transaction(
            TransactionRequest::default()
                .with_to(devnet.contract("test-erc20"))
                .with_input(
                    mintCall {
                        to: address(beta),
                        amount: U256::from(10).pow(U256::from(24)),
                    }
                    .abi_encode(),
                ),
        )
        .await
        .unwrap()
        .get_receipt()
        .await
        .unwrap();
    let v = devnet.json(beta, &["manufacturer", "stake", "--node", "2"]);
    assert_eq!(events(&v), ["Staked"]); // the test ERC-20 has no ABI in abi/
    let v = devnet.json(beta, &["manufacturer", "accept-mou", "--node", "2"]);
    assert_eq!(events(&v), ["MouAccepted"]);
    refused(
        devnet.run(
            beta,
            &["foundation", "grant", "--node", "2", "--reason", "self"],
        ),
        "CallerNotLicenseManager",
    );
    let v = devnet.json(
        MANAGER,
        &[
            "foundation",
            "grant",
            "--node",
            "2",
            "--reason",
            "onboarded",
        ],
    );
    assert_eq!(events(&v), ["ManufacturingLicenseGranted"]);
    assert_eq!(
        devnet.json(beta, &["lookup", "license", "2"])["status"],
        "active"
    );

    // The device licence: application, three assessments, two votes.
    let design = dir.join("design.pdf");
    std::fs::write(&design, b"beta one schematics").unwrap();
    let v = devnet.json(
        beta,
        &[
            "manufacturer",
            "apply",
            "--node",
            "2",
            "--model",
            "Beta One",
            "--revision",
            "A",
            "--design-file",
            design.to_str().unwrap(),
        ],
    );
    assert_eq!(events(&v), ["DeviceLicenseApplied"]);
    let report = dir.join("report.pdf");
    std::fs::write(&report, b"assessment report").unwrap();
    let assess = |kind: &str| {
        vec![
            "review".to_owned(),
            "assess".into(),
            "--license".into(),
            "2".into(),
            "--kind".into(),
            kind.into(),
            "--report".into(),
            report.to_str().unwrap().into(),
            "--uri".into(),
            format!("ipfs://{kind}"),
        ]
    };
    let a = assess("hardware-security");
    refused(
        devnet.run(beta, &a.iter().map(String::as_str).collect::<Vec<_>>()),
        "NotAnAuditor",
    );
    for (auditor, kind) in
        AUDITORS
            .iter()
            .zip(["hardware-security", "customer-experience", "integration"])
    {
        let a = assess(kind);
        let v = devnet.json(*auditor, &a.iter().map(String::as_str).collect::<Vec<_>>());
        assert_eq!(events(&v), ["AuditRecorded"]);
    }
    for member in &TEAM[..2] {
        devnet.json(*member, &["review", "vote", "--license", "2"]);
    }
    let d = devnet.json(beta, &["lookup", "device-license", "2"]);
    assert_eq!(d["status"], "active");
    assert_eq!(
        d["audits"][0]["reportHash"],
        keccak256(b"assessment report").to_string()
    );

    // Minting works now; a suspended licence refuses it with a clear message.
    let csv = dir.join("beta.csv");
    let rows: Vec<String> = (1..=5).map(|i| good_row("BETA", 9, i)).collect();
    std::fs::write(&csv, format!("{HEADER}\n{}\n", rows.join("\n"))).unwrap();
    let mint = [
        "manufacturer",
        "mint",
        "--csv",
        csv.to_str().unwrap(),
        "--node",
        "2",
        "--license",
        "2",
        "--sign-with-dev-keys",
    ];
    devnet.json(
        MANAGER,
        &["foundation", "suspend", "--node", "2", "--reason", "audit"],
    );
    refused(devnet.run(beta, &mint), "no Manufacturing License in force");
    devnet.json(
        MANAGER,
        &["foundation", "reinstate", "--node", "2", "--reason", "ok"],
    );
    let v = devnet.json(beta, &mint);
    assert_eq!(v["minted"], 5);
    // A suspended device licence: the mint is refused before anything is sent.
    let v = devnet.json(
        MANAGER,
        &[
            "foundation",
            "suspend-device-license",
            "--license",
            "2",
            "--reason",
            "recall",
        ],
    );
    assert_eq!(events(&v), ["DeviceLicenseStatusChanged"]);
    refused(devnet.run(beta, &mint), "device licence 2 is not active");
    devnet.json(
        MANAGER,
        &[
            "foundation",
            "reinstate-device-license",
            "--license",
            "2",
            "--reason",
            "fixed",
        ],
    );
    // The foundation voids one of them after a dispute.
    let v = devnet.json(
        FOUNDATION,
        &[
            "foundation",
            "void-certificate",
            "--serial",
            "BETA-000001",
            "--manufacturer",
            "2",
            "--reason",
            "dispute",
        ],
    );
    assert!(events(&v).contains(&"CertificateVoided".to_owned()), "{v}");

    // Delegation, slashing, and the foundation's lists.
    let relayer = address(RELAYER).to_string();
    let v = devnet.json(
        beta,
        &[
            "manufacturer",
            "delegate",
            "--node",
            "2",
            "--operator",
            &relayer,
            "--privilege",
            "ota-update",
        ],
    );
    assert_eq!(events(&v), ["PrivilegeGranted"]);
    let v = devnet.json(
        beta,
        &[
            "manufacturer",
            "revoke-privilege",
            "--node",
            "2",
            "--operator",
            &relayer,
            "--privilege",
            "ota-update",
        ],
    );
    assert_eq!(events(&v), ["PrivilegeRevoked"]);
    let v = devnet.json(
        FOUNDATION,
        &[
            "foundation",
            "slash",
            "--node",
            "2",
            "--amount",
            "1000",
            "--reason",
            "late report",
        ],
    );
    assert!(events(&v).contains(&"StakeSlashed".to_owned()), "{v}");
    let mou = dir.join("mou-v2.pdf");
    std::fs::write(&mou, b"MOU v2").unwrap();
    let v = devnet.json(
        FOUNDATION,
        &[
            "foundation",
            "publish-mou",
            "--file",
            mou.to_str().unwrap(),
            "--uri",
            "ipfs://mou-v2",
        ],
    );
    assert_eq!(events(&v), ["MouPublished"]);
    for (cmd, event) in [
        ("add-auditor", "AuditorAdded"),
        ("remove-auditor", "AuditorRemoved"),
        ("add-team-member", "TeamMemberAdded"),
        ("remove-team-member", "TeamMemberRemoved"),
        ("add-license-manager", "LicenseManagerAdded"),
        ("remove-license-manager", "LicenseManagerRemoved"),
    ] {
        let v = devnet.json(FOUNDATION, &["foundation", cmd, &relayer]);
        assert_eq!(events(&v), [event], "{cmd}");
    }
    let v = devnet.json(FOUNDATION, &["foundation", "set-threshold", "3"]);
    assert_eq!(events(&v), ["ApprovalThresholdSet"]);
    let v = devnet.json(
        MANAGER,
        &["foundation", "revoke", "--node", "2", "--reason", "closed"],
    );
    assert_eq!(events(&v), ["ManufacturingLicenseStatusChanged"]);
    std::fs::remove_dir_all(&dir).unwrap();
}

/// The story's device `i` key (`tools/cli/src/story/devices.rs`).
fn story_device(i: u64) -> PrivateKeySigner {
    PrivateKeySigner::from_bytes(&keccak256(format!("dimo story device 1/{i}"))).unwrap()
}

#[tokio::test]
#[allow(clippy::too_many_lines)] // the certificate's life in order
async fn certificate_commands_and_lookups_with_verified_history() {
    let devnet = Devnet::fresh("certs");
    let dir = temp_dir("certs-files");
    let p = devnet.provider();
    // Device 0 went through OTA, reset with a new key and end of life in the story.
    let c = devnet.json(
        BUYER,
        &[
            "lookup",
            "certificate",
            "--serial",
            "DMC001-000000000",
            "--manufacturer",
            "1",
        ],
    );
    assert_eq!(c["status"], "recycled");
    assert_eq!(c["history"].as_array().unwrap().len(), 3);
    assert!(c["historyVerified"].as_str().unwrap().starts_with("yes"));
    let id = c["id"].as_str().unwrap().to_owned();
    assert_eq!(
        id,
        U256::from_be_slice(story_device(0).address().as_slice()).to_string()
    );

    // An OTA list for devices 2 and 3, refused for a stranger, done by the manufacturer.
    let list = dir.join("ota.csv");
    std::fs::write(
        &list,
        format!(
            "device,version,image_hash\n{},1.5.0.0,{}\n{},1.5.0.0,{}\n",
            story_device(2).address(),
            keccak256("fw 1.5"),
            story_device(3).address(),
            keccak256("fw 1.5")
        ),
    )
    .unwrap();
    refused(
        devnet.run(
            BUYER,
            &["manufacturer", "ota", "--file", list.to_str().unwrap()],
        ),
        "CallerNotAuthorized",
    );
    let v = devnet.json(
        ACME,
        &["manufacturer", "ota", "--file", list.to_str().unwrap()],
    );
    assert_eq!(
        events(&v)
            .iter()
            .filter(|e| *e == "FirmwareUpdated")
            .count(),
        2
    );
    let device2 = story_device(2).address().to_string();
    let v = devnet.json(
        ACME,
        &["manufacturer", "factory-reset", "--device", &device2],
    );
    assert!(events(&v).contains(&"FactoryReset".to_owned()), "{v}");
    let v = devnet.json(
        ACME,
        &[
            "manufacturer",
            "end-of-life",
            "--device",
            &device2,
            "--kind",
            "disposed",
            "--reason",
            "broken",
        ],
    );
    assert!(events(&v).contains(&"EndOfLife".to_owned()), "{v}");
    let c = devnet.json(BUYER, &["lookup", "certificate", "--device", &device2]);
    assert_eq!(c["status"], "disposed");
    assert_eq!(c["firmware"], "1.5.0.0");
    assert_eq!(c["history"].as_array().unwrap().len(), 3);

    // A relayed claim of device 4 for the buyer, signed by the device.
    let key = story_device(4);
    let certificates = devnet.contract("minting-certificates");
    let cert_id = U256::from_be_slice(key.address().as_slice());
    let deadline = U256::from(4_000_000_000u64);
    let message = Claim {
        certificate: cert_id,
        owner: address(BUYER),
        nonce: U256::ZERO,
        deadline,
    };
    let domain = eip712_domain! {
        name: "DIMO Device Minting Certificates",
        version: "1",
        chain_id: 412_346,
        verifying_contract: certificates,
    };
    let signature = key
        .sign_hash_sync(&message.eip712_signing_hash(&domain))
        .unwrap();
    let sig = alloy::hex::encode_prefixed(signature.as_bytes());
    let v = devnet.json(
        RELAYER,
        &[
            "claim",
            "--device",
            &key.address().to_string(),
            "--owner",
            &address(BUYER).to_string(),
            "--deadline",
            "4000000000",
            "--signature",
            &sig,
        ],
    );
    assert!(events(&v).contains(&"CertificateClaimed".to_owned()), "{v}");
    // Replayed: refused before sending.
    let head = p.get_block_number().await.unwrap();
    refused(
        devnet.run(
            RELAYER,
            &[
                "claim",
                "--id",
                &cert_id.to_string(),
                "--owner",
                &address(BUYER).to_string(),
                "--nonce",
                "0",
                "--deadline",
                "4000000000",
                "--signature",
                &sig,
            ],
        ),
        "would fail",
    );
    assert_eq!(p.get_block_number().await.unwrap(), head);

    // Lookups by IMEI and id agree; an unknown device is a clear message; text tables.
    let by_id = devnet.json(
        BUYER,
        &["lookup", "certificate", "--id", &cert_id.to_string()],
    );
    let imei = by_id["imei"].to_string();
    let by_imei = devnet.json(BUYER, &["lookup", "certificate", "--imei", &imei]);
    assert_eq!(by_imei["id"], by_id["id"]);
    refused(
        devnet.run(
            BUYER,
            &[
                "lookup",
                "certificate",
                "--device",
                &Address::repeat_byte(9).to_string(),
            ],
        ),
        "no certificate has device address",
    );
    let t = ok(devnet.run(BUYER, &["lookup", "manufacturer", "Acme Devices"]));
    assert!(
        t.contains("Acme Devices") && t.contains("licenceStatus"),
        "{t}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}
