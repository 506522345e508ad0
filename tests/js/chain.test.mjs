// The local chain (`dimo node`) with real JavaScript clients: the deploy tool deploys, then the
// onboarding story runs with viem's wallet and public clients: device messages signed with
// signTypedData, views read with readContract, logs filtered with getLogs, reverts decoded with
// decodeErrorResult. Needs the tools built (scripts/build) and the artifacts.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { createInterface } from 'node:readline';
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  createPublicClient, createWalletClient, defineChain, http, parseAbi, keccak256, toHex,
  decodeErrorResult, encodeFunctionData, getAddress, concat,
} from 'viem';
import { privateKeyToAccount } from 'viem/accounts';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const targetDir = process.env.CARGO_TARGET_DIR ?? join(repo, 'tools/target');
const dimoBin = join(targetDir, 'debug/dimo');
const abi = (name) => JSON.parse(readFileSync(join(repo, `abi/${name}.json`), 'utf8'));
const erc20Abi = parseAbi([
  'function mint(address to, uint256 amount)',
  'function approve(address spender, uint256 value) returns (bool)',
]);

let node;
let url;
const keys = [];
let contracts;
let records;

before(async () => {
  node = spawn(dimoBin, ['node', '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: node.stdout });
  url = await new Promise((resolveUrl, reject) => {
    node.on('exit', (code) => reject(new Error(`dimo node exited with ${code}`)));
    lines.on('line', (line) => {
      const key = line.match(/^\s+\(\d+\) (0x[0-9a-fA-F]{40}) key (0x[0-9a-f]{64})$/);
      if (key) keys.push(key[2]);
      if (line.startsWith('Listening on ')) resolveUrl(line.slice('Listening on '.length));
    });
  });
  const role = (i) => privateKeyToAccount(keys[i]).address;
  records = mkdtempSync(join(tmpdir(), 'dimo-js-'));
  execFileSync(dimoBin, [
    'deploy', '--network', 'devnet', '--rpc', url, '--deployments', records,
    '--artifacts', join(repo, 'artifacts'), '--license-manager', role(1),
    '--auditor', role(3), '--auditor', role(4), '--auditor', role(5),
    '--team-member', role(6), '--team-member', role(7), '--team-member', role(8), '--threshold', '2',
  ], { env: { ...process.env, DIMO_DEPLOYER_KEY: keys[0] }, cwd: repo, stdio: ['ignore', 'ignore', 'inherit'] });
  const record = JSON.parse(readFileSync(join(records, 'devnet.json'), 'utf8'));
  contracts = Object.fromEntries(
    Object.entries(record.contracts).map(([name, entry]) => [name, getAddress(entry.address)]),
  );
});

after(() => {
  node?.kill('SIGKILL');
  if (records) rmSync(records, { recursive: true, force: true });
});

test('the onboarding story with viem', async () => {
  const chain = defineChain({
    id: 412346, name: 'dimo devnet', nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [url] } },
  });
  const pub = createPublicClient({ chain, transport: http(url) });
  const as = (i) => createWalletClient({ account: privateKeyToAccount(keys[i]), chain, transport: http(url) });
  assert.equal(await pub.getChainId(), 412346);
  const send = async (i, address, abiOf, functionName, args) => {
    const hash = await as(i).writeContract({ address, abi: abiOf, functionName, args });
    const receipt = await pub.waitForTransactionReceipt({ hash, pollingInterval: 50 });
    assert.equal(receipt.status, 'success', functionName);
    return receipt;
  };
  const [foundation, manager, acme, buyer, relayer] = [0, 1, 2, 9, 10];
  const acmeAddress = as(acme).account.address;
  const R = abi('manufacturer-registry');
  const M = abi('manufacturing-licenses');
  const D = abi('device-licenses');
  const T = abi('certificate-token');
  const C = abi('minting-certificates');
  const registry = contracts['manufacturer-registry'];
  const manufacturing = contracts['manufacturing-licenses'];
  const devices = contracts['device-licenses'];
  const token = contracts['certificate-token'];
  const certificates = contracts['minting-certificates'];

  // A refused call: its custom error decoded from the revert data (code 3).
  const refused = await fetch(url, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      jsonrpc: '2.0', id: 1, method: 'eth_call',
      params: [{ from: acmeAddress, to: registry, data: encodeFunctionData({ abi: R, functionName: 'addController', args: [acmeAddress] }) }, 'latest'],
    }),
  }).then((r) => r.json());
  assert.equal(refused.error.code, 3);
  const decoded = decodeErrorResult({ abi: R, data: refused.error.data });
  assert.ok(decoded.errorName.length > 0);
  assert.deepEqual(decoded.args.map((a) => String(a).toLowerCase()).includes(acmeAddress.toLowerCase()), true);

  await send(foundation, registry, R, 'addController', [acmeAddress]);
  await send(foundation, registry, R, 'mintManufacturer', [as(foundation).account.address, 'Acme Devices']);
  const node = await pub.readContract({ address: registry, abi: R, functionName: 'manufacturerIdByName', args: ['Acme Devices'] });
  await send(foundation, registry, R, 'transferFrom', [as(foundation).account.address, acmeAddress, node]);
  assert.equal(getAddress(await pub.readContract({ address: registry, abi: R, functionName: 'ownerOf', args: [node] })), acmeAddress);

  const stake = await pub.readContract({ address: manufacturing, abi: M, functionName: 'minimumStake' });
  await send(acme, contracts['test-erc20'], erc20Abi, 'mint', [acmeAddress, stake]);
  await send(acme, contracts['test-erc20'], erc20Abi, 'approve', [manufacturing, stake]);
  await send(acme, manufacturing, M, 'stake', [node, stake]);
  const version = await pub.readContract({ address: manufacturing, abi: M, functionName: 'currentMouVersion' });
  await send(acme, manufacturing, M, 'acceptMou', [node, version]);
  await send(manager, manufacturing, M, 'grantManufacturingLicense', [node, 0n, keccak256(toHex('ok'))]);
  assert.equal(await pub.readContract({ address: manufacturing, abi: M, functionName: 'isManufacturerLicensed', args: [node] }), true);

  const apply = { address: devices, abi: D, functionName: 'applyForDeviceLicense', args: [node, 'Model JS', 'rev A', keccak256(toHex('design')), 0n] };
  const { result: license } = await pub.simulateContract({ ...apply, account: as(acme).account });
  await send(acme, devices, D, 'applyForDeviceLicense', apply.args);
  for (const kind of [1, 2, 3]) {
    await send(2 + kind, devices, D, 'recordAudit', [license, kind, true, keccak256(toHex(`audit ${kind}`)), `ipfs://audit-${kind}`]);
  }
  await send(6, devices, D, 'vote', [license, true]);
  await send(7, devices, D, 'vote', [license, true]);
  assert.equal(await pub.readContract({ address: devices, abi: D, functionName: 'isDeviceLicenseActive', args: [license] }), true);

  // Three devices, each signing its MintDevice message with signTypedData.
  const domain = { name: 'DIMO Device Minting Certificates', version: '1', chainId: 412346, verifyingContract: certificates };
  const now = (await pub.getBlock()).timestamp;
  const luhn = (body) => {
    let sum = 0n; let n = body;
    for (let i = 0n; i < 14n; i++) { let d = n % 10n; n /= 10n; if (i % 2n === 0n) d *= 2n; sum += d > 9n ? d - 9n : d; }
    return body * 10n + (10n - (sum % 10n)) % 10n;
  };
  const deviceKeys = [1, 2, 3].map((i) => privateKeyToAccount(keccak256(toHex(`js device ${i}`))));
  const inputs = [];
  // The device signs every field its certificate records, with the manufacturer and the
  // licence (all of DeviceInput but qaPassed, which must be true, and the signature).
  const mintDeviceType = [
    { name: 'manufacturer', type: 'uint256' }, { name: 'deviceLicense', type: 'uint256' },
    { name: 'device', type: 'address' }, { name: 'serial', type: 'string' },
    { name: 'imei', type: 'uint64' }, { name: 'manufacturedAt', type: 'uint64' },
    { name: 'ictPassed', type: 'bool' }, { name: 'ictReport', type: 'bytes32' },
    { name: 'mechanicalPassed', type: 'bool' }, { name: 'mechanicalReport', type: 'bytes32' },
    { name: 'qaReport', type: 'bytes32' }, { name: 'qaInspectedAt', type: 'uint64' },
    { name: 'firmware', type: 'uint64' }];
  for (const [i, device] of deviceKeys.entries()) {
    const record = {
      serial: `JSD000-00000000${i}`, imei: luhn(35_900_000_000_000n + BigInt(i)),
      device: device.address, manufacturedAt: now - 86_400n * 30n,
      ictPassed: true, ictReport: keccak256(toHex('ict')), mechanicalPassed: true,
      mechanicalReport: keccak256(toHex('mech')), qaPassed: true, qaReport: keccak256(toHex('qa')),
      qaInspectedAt: now - 86_400n * 29n, firmware: (1n << 48n) | (4n << 32n) | 7n,
    };
    const signature = await device.signTypedData({
      domain,
      types: { MintDevice: mintDeviceType },
      primaryType: 'MintDevice',
      message: { manufacturer: node, deviceLicense: license, ...record },
    });
    inputs.push({ ...record, signature });
  }
  // A record altered after signing (a second minting wallet front-running) is refused.
  const altered = { ...inputs[0], firmware: inputs[0].firmware + 1n };
  await assert.rejects(
    pub.simulateContract({ address: certificates, abi: C, functionName: 'mintCertificates', args: [node, license, [altered]], account: as(acme).account }),
    (e) => e.walk((err) => err.data && typeof err.data === 'object' && 'errorName' in err.data)?.data?.errorName === 'WrongSigner',
  );
  const minted = await send(acme, certificates, C, 'mintCertificates', [node, license, inputs]);
  const logs = await pub.getLogs({ address: certificates, event: C.find((e) => e.name === 'CertificateMinted'), fromBlock: minted.blockNumber, toBlock: minted.blockNumber });
  assert.equal(logs.length, 3);

  // The buyer claims device 1 (relayed), provisions it, authorizes an organization.
  const id = BigInt(deviceKeys[0].address);
  const buyerAddress = as(buyer).account.address;
  const deadline = now + 86_400n;
  const claimSig = await deviceKeys[0].signTypedData({
    domain,
    types: { Claim: [
      { name: 'certificate', type: 'uint256' }, { name: 'owner', type: 'address' },
      { name: 'nonce', type: 'uint256' }, { name: 'deadline', type: 'uint256' }] },
    primaryType: 'Claim',
    message: { certificate: id, owner: buyerAddress, nonce: 0n, deadline },
  });
  await send(relayer, certificates, C, 'claim', [id, buyerAddress, 0n, deadline, claimSig]);
  assert.equal(getAddress(await pub.readContract({ address: token, abi: T, functionName: 'ownerOf', args: [id] })), buyerAddress);
  await send(buyer, certificates, C, 'markProvisioned', [id, now - 60n]);
  await send(buyer, token, T, 'authorizeOrganization', [id, getAddress(keccak256(toHex('org')).slice(0, 42))]);
  await send(acme, certificates, C, 'updateFirmware', [id, ((1n << 48n) | (5n << 32n) | 7n), keccak256(toHex('fw')), false]);
  const newKey = privateKeyToAccount(keccak256(toHex('js device 1 after reset')));
  const rotation = {
    domain,
    types: { RotateKey: [
      { name: 'certificate', type: 'uint256' }, { name: 'device', type: 'address' }, { name: 'nonce', type: 'uint256' }] },
    primaryType: 'RotateKey',
    message: { certificate: id, device: newKey.address, nonce: 0n },
  };
  // The current device key agrees to the rotation first, then the new key.
  const rotateSig = concat([await deviceKeys[0].signTypedData(rotation), await newKey.signTypedData(rotation)]);
  await send(buyer, certificates, C, 'factoryReset', [id, newKey.address, rotateSig]);
  await send(buyer, certificates, C, 'endOfLife', [id, 2, keccak256(toHex('recycled'))]);
  assert.equal(await pub.readContract({ address: token, abi: T, functionName: 'isRetired', args: [id] }), true);

  // After end of life every change is refused with the contract's custom error.
  try {
    await pub.simulateContract({ address: certificates, abi: C, functionName: 'markProvisioned', args: [id, now], account: as(buyer).account });
    assert.fail('a retired certificate accepted a change');
  } catch (e) {
    const data = e.walk((err) => err.data && typeof err.data === 'object' && 'errorName' in err.data)?.data;
    assert.ok(data?.errorName, String(e));
  }
});
