// Signs one EIP-712 message with viem's `signTypedData`, as a dApp or a device's firmware
// would, for the Rust end-to-end tests (tests/src/e2e/clients.rs), and prints the 65-byte
// signature as hex.
//
// Usage: node sign-typed-data.mjs <private key> <domain name> <domain version> <chain id>
//        <verifying contract> <EIP-712 type> <message, ABI-encoded>
//
// The message's type and value come from the Rust side as they are declared there: the type
// as its EIP-712 encoding (`MintDevice(uint256 manufacturer,string serial,...)`, referenced
// struct types appended), the value as `abi.encode(message)`. So a field added to a message
// in crates/interfaces needs no change here.

import { decodeAbiParameters } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';

const [privateKey, name, version, chainId, verifyingContract, encodeType, encoded] =
  process.argv.slice(2);
if (encoded === undefined) {
  console.error('usage: sign-typed-data.mjs <key> <name> <version> <chainId> <contract> <type> <data>');
  process.exit(2);
}

// `A(uint256 x,B b)B(string s)` → { A: [{ name: 'x', type: 'uint256' }, ...], B: [...] }.
const types = {};
for (const [, typeName, fields] of encodeType.matchAll(/(\w+)\(([^)]*)\)/g)) {
  types[typeName] = fields === ''
    ? []
    : fields.split(',').map((field) => {
      const [type, fieldName] = field.split(' ');
      return { name: fieldName, type };
    });
}
const primaryType = encodeType.slice(0, encodeType.indexOf('('));

// The ABI parameter of a struct type, for decoding `abi.encode(message)`.
function parameter(type, fieldName) {
  const base = type.replace(/(\[\d*\])+$/, '');
  if (!types[base]) return { name: fieldName, type };
  return {
    name: fieldName,
    type: 'tuple' + type.slice(base.length),
    components: types[base].map((f) => parameter(f.type, f.name)),
  };
}
const [message] = decodeAbiParameters([parameter(primaryType, 'message')], encoded);

const account = privateKeyToAccount(privateKey);
const signature = await account.signTypedData({
  domain: { name, version, chainId: Number(chainId), verifyingContract },
  types,
  primaryType,
  message,
});
console.log(signature);
