// Prints solc's ERC-165 id of every interface each published contract implements, one line
// per contract and interface: `<contract> <interface> <id>`, for the Rust end-to-end test that
// asks the compiled contracts (tests/src/e2e/clients.rs). The interfaces are the contract's
// published interface and every one it inherits (solc's linearization); the ids are
// `type(I).interfaceId` as solc computes it (lib/solc.mjs).

import { contractNames, figures, interfaceName } from '../lib/solc.mjs';

const all = figures();
for (const contract of contractNames()) {
  const main = all[interfaceName(contract)];
  if (!main) throw new Error(`abi/${contract}.sol does not declare ${interfaceName(contract)}`);
  for (const name of main.bases) {
    console.log(`${contract} ${name} ${all[name].id}`);
  }
}
