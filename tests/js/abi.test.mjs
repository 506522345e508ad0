// The published ABIs (`abi/`) as a dApp uses them: solc compiles every Solidity file alone and
// all together; solc's selectors, event topics, error selectors and interface ids equal the
// JSON's; viem and ethers read every JSON ABI, decode every error and find every item
// without ambiguity. (The ids the compiled contracts answer, and EIP-712 signatures made by
// viem, are checked on the wasm by the Rust end-to-end tests, tests/src/e2e/clients.rs.)

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Interface } from 'ethers';
import {
  decodeErrorResult,
  decodeEventLog,
  encodeAbiParameters,
  encodeErrorResult,
  encodeEventTopics,
  encodeFunctionData,
  getAbiItem,
  toEventSelector,
  toFunctionSelector,
} from 'viem';
import {
  abiSource,
  compile,
  contractNames,
  figures,
  interfaceName,
  interfaces,
  jsonAbi,
  solFiles,
} from './lib/solc.mjs';
import { sampleArgs, signature } from './lib/samples.mjs';

const contracts = contractNames();
const all = figures();

test('every contract has a JSON ABI and a Solidity interface', () => {
  assert.ok(contracts.length >= 5, `only ${contracts.length} contracts in abi/`);
  for (const c of contracts) {
    assert.ok(solFiles().includes(`${c}.sol`), `abi/${c}.sol is missing`);
    assert.ok(all[interfaceName(c)], `abi/${c}.sol does not declare ${interfaceName(c)}`);
  }
});

test('every abi/*.sol compiles on its own', () => {
  for (const file of solFiles()) {
    assert.doesNotThrow(() => compile(abiSource(file)), file);
  }
});

test('all abi/*.sol imported together into one contract that uses each interface', () => {
  const files = solFiles();
  const uses = [];
  for (const [name, i] of Object.entries(all)) {
    uses.push(`    function id${name}() external pure returns (bytes4) { return type(${name}).interfaceId; }`);
    if (i.bases.includes('IERC165') && name !== 'IERC165') {
      uses.push(`    function supports${name}(${name} target) external view returns (bool) {`);
      uses.push(`        return target.supportsInterface(type(${name}).interfaceId);`);
      uses.push('    }');
    }
  }
  // Every struct of every interface, as a dApp would pass one on.
  for (const [name, i] of Object.entries(all)) {
    for (const f of i.abi.filter((x) => x.type === 'function')) {
      const structs = f.inputs.filter((p) => p.internalType?.startsWith('struct '));
      if (structs.length === 0 || !f.inputs.every((p) => p.name)) continue;
      const params = f.inputs
        .map((p) => `${solidityType(p)}${isReference(p) ? ' calldata' : ''} ${p.name}`)
        .join(', ');
      uses.push(`    function forward_${name}_${f.name}(${name} target, ${params}) external {`);
      uses.push(`        target.${f.name}(${f.inputs.map((p) => p.name).join(', ')});`);
      uses.push('    }');
    }
  }
  const source = [
    '// SPDX-License-Identifier: MIT',
    'pragma solidity ^0.8.24;',
    ...files.map((f) => `import "./${f}";`),
    'contract UsesEveryInterface {',
    ...uses,
    '}',
  ].join('\n');
  const out = compile({ ...Object.assign({}, ...files.map(abiSource)), 'abi/UsesEveryInterface.sol': source });
  const abi = out.contracts['abi/UsesEveryInterface.sol'].UsesEveryInterface.abi;
  assert.ok(abi.some((f) => f.name.startsWith('forward_IMintingCertificates_mintCertificates')));
  for (const name of Object.keys(all)) {
    assert.ok(abi.some((f) => f.name === `id${name}`), name);
  }
});

/** `struct I.S[]` → `I.S[]`; a plain type as it is. */
function solidityType(p) {
  return p.internalType.replace(/^struct /, '');
}
function isReference(p) {
  return /^(string|bytes|tuple)|\[\]$/.test(p.type);
}

/** An ABI item with its members in a fixed order, for comparisons. */
function canonical(item) {
  return JSON.parse(JSON.stringify(item, (k, v) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      return Object.fromEntries(Object.keys(v).sort().map((key) => [key, v[key]]));
    }
    return v;
  }));
}

const key = (item) => `${item.type} ${signature(item)}`;

test("each JSON ABI is solc's ABI of the published interface, item for item, internalType included", () => {
  for (const c of contracts) {
    const json = jsonAbi(c).filter((i) => i.type !== 'constructor');
    const solcAbi = all[interfaceName(c)].abi;
    const ours = new Map(json.map((i) => [key(i), canonical(i)]));
    const theirs = new Map(solcAbi.map((i) => [key(i), canonical(i)]));
    assert.deepEqual([...ours.keys()].sort(), [...theirs.keys()].sort(), c);
    for (const [k, item] of ours) {
      // solc writes an unnamed output's name as "" and omits nothing else.
      assert.deepEqual(item, theirs.get(k), `${c}: ${k}`);
    }
  }
});

test("solc's selectors, event topics and error selectors equal the JSON's", () => {
  let checked = 0;
  for (const c of contracts) {
    const json = jsonAbi(c);
    const solcFigures = all[interfaceName(c)];
    const functions = json.filter((i) => i.type === 'function');
    assert.equal(functions.length, Object.keys(solcFigures.functions).length, c);
    for (const f of functions) {
      const sig = signature(f);
      assert.equal(toFunctionSelector(f), `0x${solcFigures.functions[sig]}`, `${c}: ${sig}`);
      checked += 1;
    }
    for (const e of json.filter((i) => i.type === 'error')) {
      assert.equal(toFunctionSelector(e), solcFigures.errors[e.name], `${c}: error ${e.name}`);
      checked += 1;
    }
    for (const e of json.filter((i) => i.type === 'event')) {
      assert.equal(toEventSelector(e), solcFigures.events[e.name], `${c}: event ${e.name}`);
      checked += 1;
    }
  }
  assert.ok(checked > 300, `only ${checked} items`);
});

test("solc's interface ids: the XOR of the functions each interface declares itself, the JSON's included", () => {
  for (const [name, i] of Object.entries(all)) {
    const inherited = new Set(
      i.bases.slice(1).flatMap((b) => Object.values(all[b].functions)),
    );
    let id = 0;
    for (const selector of Object.values(i.functions)) {
      if (!inherited.has(selector)) id ^= Number.parseInt(selector, 16);
    }
    assert.equal(i.id, '0x' + (id >>> 0).toString(16).padStart(8, '0'), name);
  }
  // The JSON's functions less the inherited ones give each contract's own id too.
  for (const c of contracts) {
    const main = all[interfaceName(c)];
    const inherited = new Set(
      main.bases.slice(1).flatMap((b) => Object.values(all[b].functions).map((x) => `0x${x}`)),
    );
    let id = 0;
    for (const f of jsonAbi(c).filter((i) => i.type === 'function')) {
      const selector = toFunctionSelector(f);
      if (!inherited.has(selector)) id ^= Number.parseInt(selector.slice(2), 16);
    }
    assert.equal(main.id, '0x' + (id >>> 0).toString(16).padStart(8, '0'), c);
  }
  // The standard ids, as the EIPs give them.
  assert.equal(all.IERC165.id, '0x01ffc9a7');
  assert.equal(all.IERC721.id, '0x80ac58cd');
  assert.equal(all.IERC721Metadata.id, '0x5b5e139f');
  // ERC-4906 declares no function: its id is fixed by the EIP (0x49064906), not computed.
  assert.equal(all.IERC4906.id, '0x00000000');
});

test('viem reads every JSON ABI: no duplicate or ambiguous item, every error decodes', () => {
  for (const c of contracts) {
    const abi = jsonAbi(c);
    // viem finds each item by its name (and arguments, for overloads), and no other.
    for (const item of abi.filter((i) => i.type !== 'constructor')) {
      const found = getAbiItem({ abi, name: item.name, args: sampleArgs(item.inputs) });
      assert.equal(signature(found), signature(item), `${c}: ${item.name}`);
    }
    for (const type of ['function', 'event', 'error']) {
      const items = abi.filter((i) => i.type === type);
      const ids = items.map((i) => (type === 'event' ? toEventSelector(i) : toFunctionSelector(i)));
      assert.equal(new Set(ids).size, ids.length, `${c}: duplicate ${type}`);
      const names = items.map((i) => i.name);
      if (type !== 'function') assert.equal(new Set(names).size, names.length, `${c}: two ${type}s of one name`);
    }
    for (const e of abi.filter((i) => i.type === 'error')) {
      const args = sampleArgs(e.inputs);
      const data = encodeErrorResult({ abi, errorName: e.name, args });
      assert.equal(data.slice(0, 10), toFunctionSelector(e));
      const decoded = decodeErrorResult({ abi, data });
      assert.equal(decoded.errorName, e.name, c);
      assert.deepEqual(decoded.args ?? [], args, `${c}: ${e.name}`);
    }
    for (const f of abi.filter((i) => i.type === 'function')) {
      // By name and arguments alone viem picks exactly this function (overloads included).
      const data = encodeFunctionData({ abi, functionName: f.name, args: sampleArgs(f.inputs) });
      assert.equal(data.slice(0, 10), toFunctionSelector(f), `${c}: ${f.name}`);
    }
  }
});

test('viem decodes every event of every JSON ABI from its topics and data', () => {
  for (const c of contracts) {
    const abi = jsonAbi(c);
    for (const e of abi.filter((i) => i.type === 'event')) {
      const args = sampleArgs(e.inputs);
      const indexed = Object.fromEntries(e.inputs.map((p, i) => [p, args[i]]).filter(([p]) => p.indexed).map(([p, v]) => [p.name, v]));
      const topics = encodeEventTopics({ abi, eventName: e.name, args: indexed });
      const plain = e.inputs.filter((p) => !p.indexed);
      const data = encodeAbiParameters(plain, sampleArgs(plain));
      const log = decodeEventLog({ abi, topics, data });
      assert.equal(log.eventName, e.name, `${c}: ${e.name}`);
      const expected = Object.fromEntries(e.inputs.map((p, i) => [p.name, args[i]]));
      assert.deepEqual({ ...log.args }, expected, `${c}: ${e.name}`);
    }
  }
});

test('ethers reads every JSON ABI and decodes every error and event by its selector', () => {
  for (const c of contracts) {
    const abi = jsonAbi(c);
    const iface = new Interface(abi);
    for (const e of abi.filter((i) => i.type === 'error')) {
      const args = sampleArgs(e.inputs);
      const data = encodeErrorResult({ abi, errorName: e.name, args });
      const parsed = iface.parseError(data);
      assert.equal(parsed?.name, e.name, `${c}: ${e.name}`);
    }
    for (const e of abi.filter((i) => i.type === 'event')) {
      assert.equal(iface.getEvent(toEventSelector(e))?.name, e.name, `${c}: ${e.name}`);
    }
    for (const f of abi.filter((i) => i.type === 'function')) {
      assert.equal(iface.getFunction(toFunctionSelector(f))?.name, f.name, `${c}: ${f.name}`);
    }
  }
});

test('the errors of the contracts a contract calls are in its JSON ABI', () => {
  // minting-certificates passes the token's revert data on: viem decodes it with the
  // certificate contract's ABI alone.
  const certificates = jsonAbi('minting-certificates');
  const token = jsonAbi('certificate-token');
  for (const e of token.filter((i) => i.type === 'error')) {
    const args = sampleArgs(e.inputs);
    const data = encodeErrorResult({ abi: token, errorName: e.name, args });
    assert.equal(decodeErrorResult({ abi: certificates, data }).errorName, e.name);
  }
});
