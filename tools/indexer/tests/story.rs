//! The onboarding story of `dimo devnet` indexed into SQLite and into Postgres, then every
//! query checked against the contracts' own views over JSON-RPC: the manufacturer, its
//! Manufacturing License, the device licence, all 100 certificates field by field, owners,
//! organizations, the history with its heads, relay pages both ways, filters, and the indexed
//! block in every response.

mod common;

use alloy::primitives::{Address, U256};
use alloy::providers::{Provider, ProviderBuilder};
use dimo_indexer::bindings::{
    CertificateToken, DeviceLicenses, ManufacturerRegistry, ManufacturingLicenses,
    MintingCertificates,
};
use dimo_indexer::testkit::{dev_key, Devnet};
use dimo_indexer::time::rfc3339;
use serde_json::{json, Value};

fn time_or_null(t: u64) -> Value {
    if t == 0 {
        Value::Null
    } else {
        Value::String(rfc3339(t))
    }
}

const CERTIFICATE_FIELDS: &str = "tokenId device serial imei manufacturedAt ictPassed mechanicalPassed qaPassed \
    qaInspectedAt initialFirmware firmware provisioned provisionedAt status retiredAt otaUpdates factoryResets \
    historyHead historyVerified owner batch { id } deviceLicense { id } manufacturer { tokenId name } \
    organizations { address } history { seq kind linked head verified }";

#[tokio::test(flavor = "multi_thread")]
#[allow(clippy::too_many_lines)] // one story, checked end to end
async fn the_story_indexed_answers_as_the_contracts_do_on_sqlite_and_postgres() {
    let devnet = Devnet::start().unwrap();
    let deployment = devnet.deployment().unwrap();
    let c = deployment.contracts;
    let provider = ProviderBuilder::new()
        .connect_http(devnet.rpc.parse().unwrap())
        .erased();
    let registry = ManufacturerRegistry::new(c.registry, &provider);
    let manufacturing = ManufacturingLicenses::new(c.manufacturing, &provider);
    let devices = DeviceLicenses::new(c.devices, &provider);
    let token = CertificateToken::new(c.token, &provider);
    let certificates = MintingCertificates::new(c.certificates, &provider);

    for kind in common::kinds() {
        let Some(db) = common::fresh_db(kind, "story").await else {
            continue;
        };
        let indexer = common::indexer(&devnet, &db, 0).await;
        let events = indexer.catch_up().await.unwrap();
        assert!(events > 200, "{kind:?}: {events} events");
        let url = common::api(&db).await;
        let head = provider.get_block_number().await.unwrap();

        // The manufacturer, by name in another case and by id.
        let node = registry
            .manufacturerIdByName("Acme Devices".into())
            .call()
            .await
            .unwrap();
        let by_name = common::gql(
            &url,
            "query($n: String!) { manufacturer(by: {name: $n}) { tokenId name owner \
             manufacturingLicense { status grant expiresAt stake mouVersion grantedAt changedAt mouAcceptedAt } \
             deviceLicenses { id } } }",
            json!({ "n": "ACME devices" }),
        )
        .await;
        let extension = &by_name["extensions"]["indexedBlock"];
        assert_eq!(extension["number"], head.to_string(), "{kind:?}");
        let block = provider
            .get_block_by_number(head.into())
            .await
            .unwrap()
            .unwrap();
        assert_eq!(extension["hash"], format!("{:#x}", block.header.hash));
        let m = &by_name["data"]["manufacturer"];
        assert_eq!(m["tokenId"], node.to_string());
        assert_eq!(m["name"], "Acme Devices");
        let holder = registry.ownerOf(node).call().await.unwrap();
        assert_eq!(m["owner"], holder.to_checksum(None));
        let ml = manufacturing
            .manufacturingLicense(node)
            .call()
            .await
            .unwrap();
        let l = &m["manufacturingLicense"];
        assert_eq!(l["status"], "ACTIVE");
        assert_eq!(ml.status, 1);
        assert_eq!(l["grant"], ml.grant.to_string());
        assert_eq!(l["expiresAt"], ml.expiresAt.to_string());
        assert_eq!(l["stake"], ml.stake.to_string());
        assert_eq!(l["mouVersion"], ml.mouVersion.to_string());
        assert_eq!(l["grantedAt"], time_or_null(ml.grantedAt));
        assert_eq!(l["changedAt"], time_or_null(ml.changedAt));
        assert_eq!(l["mouAcceptedAt"], time_or_null(ml.mouAcceptedAt));
        let by_id = common::data(
            &url,
            "query($id: BigInt!) { manufacturer(by: {tokenId: $id}) { name } }",
            json!({ "id": node.to_string() }),
        )
        .await;
        assert_eq!(by_id["manufacturer"]["name"], "Acme Devices");

        // The device licence against its view.
        let license_id = U256::from(1u64);
        let view = devices.deviceLicense(license_id).call().await.unwrap();
        let dl = common::data(
            &url,
            "{ deviceLicense(id: \"1\") { id status model hardwareRevision designHash supersedes applicant \
             appliedAt decidedAt changedAt round approvals rejections manufacturer { name } \
             audits { kind passed auditor } votes { member approve } } }",
            json!({}),
        )
        .await;
        let dl = &dl["deviceLicense"];
        assert_eq!(view.status, 3);
        assert_eq!(dl["status"], "ACTIVE");
        assert_eq!(dl["model"], view.model);
        assert_eq!(dl["hardwareRevision"], view.hardwareRevision);
        assert_eq!(dl["designHash"], format!("{:#x}", view.designHash));
        assert_eq!(dl["applicant"], view.applicant.to_checksum(None));
        assert_eq!(dl["appliedAt"], time_or_null(view.appliedAt));
        assert_eq!(dl["decidedAt"], time_or_null(view.decidedAt));
        assert_eq!(dl["changedAt"], time_or_null(view.changedAt));
        assert_eq!(dl["round"], view.round);
        assert_eq!(dl["approvals"], view.approvals);
        assert_eq!(dl["rejections"], view.rejections);
        assert_eq!(dl["audits"].as_array().unwrap().len(), 3);
        assert_eq!(dl["votes"].as_array().unwrap().len(), 2);
        let listed = common::data(
            &url,
            "query($m: BigInt) { deviceLicenses(filterBy: {manufacturer: $m, status: ACTIVE}) { totalCount edges { node { id } } } }",
            json!({ "m": node.to_string() }),
        )
        .await;
        assert_eq!(listed["deviceLicenses"]["totalCount"], 1);

        // Every certificate, page by page (30 at a time), against certificate(id).
        let mut after: Option<String> = None;
        let mut seen = Vec::new();
        loop {
            let page = common::data(
                &url,
                &format!(
                    "query($after: String) {{ certificates(first: 30, after: $after) {{ totalCount \
                     pageInfo {{ hasNextPage endCursor }} edges {{ cursor node {{ {CERTIFICATE_FIELDS} }} }} }} }}"
                ),
                json!({ "after": after }),
            )
            .await;
            let connection = &page["certificates"];
            assert_eq!(connection["totalCount"], 100);
            for edge in connection["edges"].as_array().unwrap() {
                seen.push(edge["node"].clone());
            }
            if connection["pageInfo"]["hasNextPage"] == false {
                break;
            }
            after = connection["pageInfo"]["endCursor"]
                .as_str()
                .map(str::to_owned);
        }
        assert_eq!(seen.len(), 100);
        let buyer = dev_key(9).address();
        for cert in &seen {
            let id: U256 = cert["tokenId"].as_str().unwrap().parse().unwrap();
            let v = certificates.certificate(id).call().await.unwrap();
            assert_eq!(cert["device"], v.device.to_checksum(None));
            assert_eq!(cert["serial"], v.serial);
            assert_eq!(cert["imei"], format!("{:015}", v.imei));
            assert_eq!(cert["batch"]["id"], v.batch.to_string());
            assert_eq!(cert["deviceLicense"]["id"], v.deviceLicense.to_string());
            assert_eq!(cert["manufacturer"]["tokenId"], v.manufacturer.to_string());
            assert_eq!(cert["manufacturedAt"], time_or_null(v.manufacturedAt));
            assert_eq!(cert["ictPassed"], v.ictPassed);
            assert_eq!(cert["mechanicalPassed"], v.mechanicalPassed);
            assert_eq!(cert["qaPassed"], v.qaPassed);
            assert_eq!(cert["qaInspectedAt"], time_or_null(v.qaInspectedAt));
            assert_eq!(cert["initialFirmware"], v.initialFirmware.to_string());
            assert_eq!(cert["firmware"], v.firmware.to_string());
            assert_eq!(cert["provisionedAt"], time_or_null(v.provisionedAt));
            let status = ["ACTIVE", "DECOMMISSIONED", "RECYCLED", "DISPOSED", "VOIDED"]
                [usize::from(v.status)];
            assert_eq!(cert["status"], status);
            assert_eq!(cert["retiredAt"], time_or_null(v.retiredAt));
            assert_eq!(cert["otaUpdates"], v.otaUpdates);
            assert_eq!(cert["factoryResets"], v.factoryResets);
            assert_eq!(cert["historyHead"], format!("{:#x}", v.historyHead));
            assert_eq!(cert["historyVerified"], true);
            let owner = token.ownerOf(id).call().await.unwrap();
            assert_eq!(cert["owner"], owner.to_checksum(None));
            let orgs = token.authorizedOrganizations(id).call().await.unwrap();
            let org_list: Vec<Address> = cert["organizations"]
                .as_array()
                .unwrap()
                .iter()
                .map(|o| o["address"].as_str().unwrap().parse().unwrap())
                .collect();
            assert_eq!(org_list, orgs);
            let history = cert["history"].as_array().unwrap();
            assert_eq!(history[0]["kind"], "MINTED");
            let last = history.last().unwrap();
            assert_eq!(last["head"], format!("{:#x}", v.historyHead));
            assert!(history.iter().all(|h| h["verified"] == true));
        }

        // The certificate that lived the whole story: every way of finding it, its history.
        let lived = seen
            .iter()
            .find(|c| c["status"] == "RECYCLED")
            .expect("one certificate ended its life");
        let kinds: Vec<&str> = lived["history"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| h["kind"].as_str().unwrap())
            .collect();
        assert_eq!(
            kinds,
            [
                "MINTED",
                "CLAIMED",
                "PROVISIONED",
                "FIRMWARE_UPDATED",
                "FACTORY_RESET",
                "END_OF_LIFE"
            ]
        );
        assert_eq!(lived["owner"], buyer.to_checksum(None));
        assert_eq!(lived["organizations"].as_array().unwrap().len(), 1);
        let id = lived["tokenId"].as_str().unwrap();
        for by in [
            json!({ "tokenId": id }),
            json!({ "address": lived["device"] }),
            json!({ "address": lived["device"].as_str().unwrap().to_lowercase() }),
            json!({ "serial": { "serial": lived["serial"], "manufacturer": node.to_string() } }),
            json!({ "imei": lived["imei"] }),
        ] {
            let found = common::data(
                &url,
                "query($by: CertificateBy!) { certificate(by: $by) { tokenId } }",
                json!({ "by": by }),
            )
            .await;
            assert_eq!(found["certificate"]["tokenId"], id, "{by}");
        }
        // The original key was rotated away: it no longer finds the certificate.
        let original = Address::from_word(U256::from_str_radix(id, 10).unwrap().into());
        let gone = common::data(
            &url,
            "query($a: Address!) { certificate(by: {address: $a}) { tokenId } }",
            json!({ "a": original.to_checksum(None) }),
        )
        .await;
        assert_eq!(gone["certificate"], Value::Null);

        // Filters.
        for (filter, expected) in [
            (json!({ "owner": buyer.to_checksum(None) }), 1),
            (json!({ "provisioned": true }), 1),
            (json!({ "provisioned": false }), 99),
            (json!({ "status": "RECYCLED" }), 1),
            (
                json!({ "status": "ACTIVE", "manufacturer": node.to_string() }),
                99,
            ),
            (json!({ "deviceLicense": "1" }), 100),
            (json!({ "deviceLicense": "2" }), 0),
            (
                json!({ "owner": holder.to_checksum(None), "status": "ACTIVE" }),
                99,
            ),
        ] {
            let page = common::data(
                &url,
                "query($f: CertificateFilter) { certificates(filterBy: $f, first: 100) { totalCount edges { node { tokenId } } } }",
                json!({ "f": filter }),
            )
            .await;
            assert_eq!(page["certificates"]["totalCount"], expected, "{filter}");
            assert_eq!(
                page["certificates"]["edges"].as_array().unwrap().len(),
                expected,
                "{filter}"
            );
        }

        // Backwards: the last 30, then the 30 before them, equal the forward order.
        let last = common::data(
            &url,
            "{ certificates(last: 30) { pageInfo { hasPreviousPage hasNextPage startCursor } edges { node { tokenId } } } }",
            json!({}),
        )
        .await;
        let ids = |v: &Value| -> Vec<String> {
            v["edges"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| e["node"]["tokenId"].as_str().unwrap().to_owned())
                .collect()
        };
        let forward: Vec<String> = seen
            .iter()
            .map(|c| c["tokenId"].as_str().unwrap().to_owned())
            .collect();
        assert_eq!(ids(&last["certificates"]), forward[70..]);
        assert_eq!(last["certificates"]["pageInfo"]["hasPreviousPage"], true);
        let before = common::data(
            &url,
            "query($b: String) { certificates(last: 30, before: $b) { pageInfo { hasNextPage } edges { node { tokenId } } } }",
            json!({ "b": last["certificates"]["pageInfo"]["startCursor"] }),
        )
        .await;
        assert_eq!(ids(&before["certificates"]), forward[40..70]);
        assert_eq!(before["certificates"]["pageInfo"]["hasNextPage"], true);
        let manufacturers = common::data(
            &url,
            "{ manufacturers { totalCount edges { node { name } } } }",
            json!({}),
        )
        .await;
        assert_eq!(manufacturers["manufacturers"]["totalCount"], 1);
    }
}
