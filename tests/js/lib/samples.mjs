// Sample arguments for any ABI parameter list, so that every item of an ABI can be encoded
// and decoded without a hand-written list.

import { getAddress } from 'viem';

/** A value of ABI type `param` (with components for tuples), as viem takes and returns it. */
export function sampleValue(param) {
  const array = param.type.match(/^(.*)\[(\d*)\]$/);
  if (array) {
    const inner = { ...param, type: array[1] };
    const length = array[2] === '' ? 2 : Number(array[2]);
    return Array.from({ length }, () => sampleValue(inner));
  }
  const t = param.type;
  if (t === 'tuple') {
    return Object.fromEntries(param.components.map((c) => [c.name, sampleValue(c)]));
  }
  if (t === 'address') return getAddress('0x00000000000000000000000000000000000000a1');
  if (t === 'bool') return true;
  if (t === 'string') return 'dimo';
  if (t === 'bytes') return '0x0102';
  if (/^bytes\d+$/.test(t)) return '0x' + 'ab'.repeat(Number(t.slice(5)));
  const int = t.match(/^u?int(\d*)$/);
  // viem takes and returns integers of up to 48 bits as numbers, wider ones as bigints.
  if (int) return Number(int[1] || 256) <= 48 ? 7 : 7n;
  throw new Error(`no sample for ABI type ${t}`);
}

/** Sample arguments for `inputs`. */
export function sampleArgs(inputs) {
  return inputs.map(sampleValue);
}

/** The canonical type of a parameter (`(string,uint64)[]` for a tuple array). */
export function canonicalType(param) {
  if (!param.type.startsWith('tuple')) return param.type;
  return `(${param.components.map(canonicalType).join(',')})${param.type.slice('tuple'.length)}`;
}

/** The canonical signature of an ABI item: `name(type,...)`. */
export function signature(item) {
  return `${item.name ?? ''}(${(item.inputs ?? []).map(canonicalType).join(',')})`;
}
