//! Custom errors and events decoded from the published ABIs (`abi/*.json`, which list every
//! error a call can return, including those passed on from the contracts it calls), shown as
//! `Name(field: value, …)`.

use std::sync::LazyLock;

use alloy::dyn_abi::{DynSolValue, EventExt, JsonAbiExt};
use alloy::json_abi::JsonAbi;
use alloy::primitives::Log;
use serde_json::{Map, Value};

/// The five contracts' ABIs.
static ABIS: LazyLock<Vec<JsonAbi>> = LazyLock::new(|| {
    [
        include_str!("../../../../abi/minting-certificates.json"),
        include_str!("../../../../abi/manufacturer-registry.json"),
        include_str!("../../../../abi/manufacturing-licenses.json"),
        include_str!("../../../../abi/device-licenses.json"),
        include_str!("../../../../abi/certificate-token.json"),
    ]
    .iter()
    .map(|text| serde_json::from_str(text).expect("abi/*.json are valid ABIs"))
    .collect()
});

/// One decoded error or event.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Decoded {
    /// Its name.
    pub name: String,
    /// Its fields, by name, in order.
    pub fields: Vec<(String, String)>,
}

impl Decoded {
    /// `Name(field: value, …)`.
    pub(crate) fn text(&self) -> String {
        let fields: Vec<String> = self
            .fields
            .iter()
            .map(|(k, v)| format!("{k}: {v}"))
            .collect();
        format!("{}({})", self.name, fields.join(", "))
    }

    /// `{"name": …, "fields": {…}}`.
    pub(crate) fn json(&self) -> Value {
        let fields: Map<String, Value> = self
            .fields
            .iter()
            .map(|(k, v)| (k.clone(), Value::String(v.clone())))
            .collect();
        serde_json::json!({ "name": self.name, "fields": fields })
    }
}

/// A value as text: addresses checksummed, numbers in decimal, bytes in hex.
pub(crate) fn show(value: &DynSolValue) -> String {
    match value {
        DynSolValue::Address(a) => a.to_checksum(None),
        DynSolValue::Bool(b) => b.to_string(),
        DynSolValue::Int(i, _) => i.to_string(),
        DynSolValue::Uint(u, _) => u.to_string(),
        DynSolValue::FixedBytes(w, size) => format!("0x{}", alloy::hex::encode(&w[..*size])),
        DynSolValue::Bytes(b) => format!("0x{}", alloy::hex::encode(b)),
        DynSolValue::String(s) => format!("{s:?}"),
        DynSolValue::Array(items) | DynSolValue::FixedArray(items) | DynSolValue::Tuple(items) => {
            let inner: Vec<String> = items.iter().map(show).collect();
            format!("[{}]", inner.join(", "))
        }
        other @ DynSolValue::Function(_) => format!("{other:?}"),
    }
}

/// The custom error `data` encodes (selector and arguments), if an ABI declares it.
pub(crate) fn error(data: &[u8]) -> Option<Decoded> {
    let selector: [u8; 4] = data.get(..4)?.try_into().ok()?;
    ABIS.iter()
        .flat_map(JsonAbi::errors)
        .filter(|e| e.selector().0 == selector)
        .find_map(|e| {
            let values = e.abi_decode_input(&data[4..]).ok()?;
            Some(Decoded {
                name: e.name.clone(),
                fields: e
                    .inputs
                    .iter()
                    .zip(&values)
                    .map(|(p, v)| (p.name.clone(), show(v)))
                    .collect(),
            })
        })
}

/// The event `log` carries, if an ABI declares it.
pub(crate) fn event(log: &Log) -> Option<Decoded> {
    let topic0 = *log.data.topics().first()?;
    ABIS.iter()
        .flat_map(JsonAbi::events)
        .filter(|e| !e.anonymous && e.selector() == topic0)
        .find_map(|e| {
            let decoded = e.decode_log(&log.data).ok()?;
            let (mut indexed, mut body) = (decoded.indexed.iter(), decoded.body.iter());
            let fields = e
                .inputs
                .iter()
                .map(|p| {
                    let v = if p.indexed {
                        indexed.next()
                    } else {
                        body.next()
                    };
                    (p.name.clone(), v.map_or_else(String::new, show))
                })
                .collect();
            Some(Decoded {
                name: e.name.clone(),
                fields,
            })
        })
}

/// A human message for an RPC error: the decoded custom error when it carries revert data.
pub(crate) fn rpc_error(e: &alloy::transports::TransportError) -> String {
    #[allow(clippy::redundant_closure_for_method_calls)] // the payload type is not re-exported
    let data = e.as_error_resp().and_then(|p| p.as_revert_data());
    if let Some(data) = data {
        return match error(&data) {
            Some(decoded) => decoded.text(),
            None => format!("reverted with undecoded data {data}"),
        };
    }
    e.to_string()
}

#[cfg(test)]
mod tests {
    use alloy::primitives::{Address, U256};
    use alloy::sol_types::SolError;

    use super::*;
    use crate::contracts::MintingCertificates;

    #[test]
    fn a_custom_error_is_decoded_with_its_field_names() {
        let data = MintingCertificates::ManufacturerNotLicensed {
            node: U256::from(7),
        }
        .abi_encode();
        let decoded = error(&data).unwrap();
        assert_eq!(decoded.text(), "ManufacturerNotLicensed(node: 7)");
        let data = MintingCertificates::CallerNotAuthorized {
            node: U256::from(2),
            account: Address::repeat_byte(0xab),
        }
        .abi_encode();
        assert_eq!(
            error(&data).unwrap().fields[1],
            (
                "account".to_owned(),
                Address::repeat_byte(0xab).to_checksum(None)
            )
        );
        assert!(error(&[1, 2, 3, 4]).is_none());
    }
}
