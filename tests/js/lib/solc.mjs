// solc (the npm package pinned in package-lock.json) on the published `abi/*.sol` files, and
// solc's own figures for them: selectors, event topics, error selectors and ERC-165
// interface ids, read from what solc itself computes.
//
// Interface ids, error selectors and event topics are compile-time constants of Solidity
// (`type(I).interfaceId`, `I.E.selector`), but solc prints no table of them. So a probe
// contract returns each one from a function of its own, and the value is read from solc's
// Yul IR of that function, where solc writes it as a literal. Nothing here recomputes them.

import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import solc from 'solc';

/** The repository root. */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
/** The published ABIs. */
export const ABI_DIR = join(ROOT, 'abi');

/** Every published Solidity file, by file name, sorted. */
export function solFiles() {
  return readdirSync(ABI_DIR).filter((f) => f.endsWith('.sol')).sort();
}

/** Every contract with a published JSON ABI (crate names), sorted. */
export function contractNames() {
  return readdirSync(ABI_DIR)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -'.json'.length))
    .sort();
}

/** The JSON ABI of `contract`. */
export function jsonAbi(contract) {
  return JSON.parse(readFileSync(join(ABI_DIR, `${contract}.json`), 'utf8'));
}

/** The Solidity name of a contract's published interface (`minting-certificates` →
 * `IMintingCertificates`), as scripts/abi writes it. */
export function interfaceName(contract) {
  return 'I' + contract.split('-').map((p) => p[0].toUpperCase() + p.slice(1)).join('');
}

/** Loads an import (`abi/<file>` after solc resolved `./<file>`) from the repository. */
function findImports(path) {
  try {
    return { contents: readFileSync(join(ROOT, path), 'utf8') };
  } catch (e) {
    return { error: `${path}: ${e.message}` };
  }
}

/**
 * Compiles `sources` (source unit name → Solidity text; names under `abi/` resolve their
 * imports there). Returns solc's output; throws with solc's messages on any error.
 */
export function compile(sources, outputs = ['abi', 'evm.methodIdentifiers']) {
  const input = {
    language: 'Solidity',
    sources: Object.fromEntries(Object.entries(sources).map(([k, v]) => [k, { content: v }])),
    settings: { outputSelection: { '*': { '*': outputs, '': ['ast'] } } },
  };
  const output = JSON.parse(solc.compile(JSON.stringify(input), { import: findImports }));
  const errors = (output.errors ?? []).filter((e) => e.severity === 'error');
  if (errors.length > 0) {
    throw new Error(errors.map((e) => e.formattedMessage).join('\n'));
  }
  return output;
}

/** The source of `abi/<file>`, keyed by its source unit name. */
export function abiSource(file) {
  return { [`abi/${file}`]: readFileSync(join(ABI_DIR, file), 'utf8') };
}

/** Every interface solc compiled in `output`: name → { unit, abi, methodIdentifiers, bases,
 * ownErrors, ownEvents } where `bases` lists the names of the interface and those it inherits
 * (solc's linearization) and `own*` the names of the errors and events it declares itself. */
export function interfaces(output) {
  const byId = new Map();
  for (const unit of Object.values(output.sources)) {
    for (const node of unit.ast.nodes) {
      if (node.nodeType === 'ContractDefinition') byId.set(node.id, node);
    }
  }
  const all = {};
  for (const [unit, contracts] of Object.entries(output.contracts)) {
    for (const [name, c] of Object.entries(contracts)) {
      const node = [...byId.values()].find((n) => n.name === name && n.contractKind === 'interface');
      if (!node) continue;
      all[name] = {
        unit,
        abi: c.abi,
        methodIdentifiers: c.evm?.methodIdentifiers ?? {},
        bases: node.linearizedBaseContracts.map((id) => byId.get(id).name),
        ownErrors: node.nodes.filter((n) => n.nodeType === 'ErrorDefinition').map((n) => n.name),
        ownEvents: node.nodes.filter((n) => n.nodeType === 'EventDefinition').map((n) => n.name),
      };
    }
  }
  return all;
}

/** The literal solc wrote for the single expression of probe function `fn` in `ir`. */
function literalOf(ir, fn) {
  const start = ir.search(new RegExp(`function fun_${fn}_\\d+\\(`));
  if (start < 0) throw new Error(`probe ${fn} not found in solc's IR`);
  const end = ir.indexOf('\n            function ', start + 1);
  const body = ir.slice(start, end < 0 ? undefined : end);
  const literals = [...body.matchAll(/let expr_\d+ := (0x[0-9a-fA-F]+|\d+)\b/g)];
  if (literals.length !== 1) {
    throw new Error(`probe ${fn}: expected one literal in solc's IR, found ${literals.length}`);
  }
  return BigInt(literals[0][1]);
}

const hex = (value, bytes) => '0x' + value.toString(16).padStart(bytes * 2, '0');

/**
 * solc's own figures for every interface in `files` (names of `abi/*.sol`): per interface,
 * `id` (`type(I).interfaceId`), `errors` (name → `I.E.selector`), `events` (name →
 * `I.E.selector`, the topic), `functions` (signature → selector, solc's method identifiers)
 * and `bases` (solc's linearization). Compiles the files together with a probe contract.
 */
export function figures(files = solFiles()) {
  const plain = compile(Object.assign({}, ...files.map(abiSource)));
  const found = interfaces(plain);
  const probes = [];
  const wanted = [];
  for (const [name, i] of Object.entries(found)) {
    probes.push(`    function id_${name}() external pure returns (bytes4) { return type(${name}).interfaceId; }`);
    wanted.push([name, 'id', null, `id_${name}`, 4]);
    // `I.E.selector` names only what `I` declares itself; inherited items are read from the
    // base that declares them.
    for (const e of i.ownErrors) {
      probes.push(`    function error_${name}_${e}() external pure returns (bytes4) { return ${name}.${e}.selector; }`);
      wanted.push([name, 'errors', e, `error_${name}_${e}`, 4]);
    }
    for (const e of i.ownEvents) {
      probes.push(`    function event_${name}_${e}() external pure returns (bytes32) { return ${name}.${e}.selector; }`);
      wanted.push([name, 'events', e, `event_${name}_${e}`, 32]);
    }
  }
  const probe = [
    '// SPDX-License-Identifier: MIT',
    'pragma solidity ^0.8.24;',
    ...files.map((f) => `import "./${f}";`),
    'contract SolcFigures {',
    ...probes,
    '}',
  ].join('\n');
  const out = compile({ ...Object.assign({}, ...files.map(abiSource)), 'abi/SolcFigures.sol': probe }, ['ir']);
  const ir = out.contracts['abi/SolcFigures.sol'].SolcFigures.ir;
  const result = {};
  for (const [name, i] of Object.entries(found)) {
    result[name] = { bases: i.bases, functions: i.methodIdentifiers, errors: {}, events: {}, abi: i.abi };
  }
  for (const [name, kind, item, fn, bytes] of wanted) {
    const value = literalOf(ir, fn);
    const shifted = bytes === 4 ? value >> 224n : value;
    if (bytes === 4 && shifted << 224n !== value) throw new Error(`${fn}: not a bytes4 literal`);
    if (kind === 'id') result[name].id = hex(shifted, 4);
    else result[name][kind][item] = hex(shifted, bytes);
  }
  // Inherited errors and events, from the bases that declare them (most derived first).
  for (const r of Object.values(result)) {
    for (const base of r.bases.slice(1)) {
      r.errors = { ...result[base].errors, ...r.errors };
      r.events = { ...result[base].events, ...r.events };
    }
  }
  return result;
}
