/** Bitwise operations on integers. */
import type { BuiltinEntry } from './types.js';

export const bits: BuiltinEntry[] = [
  { name: 'bits.and', arity: 2, native: true, doc: 'bitwise and' },
  { name: 'bits.or', arity: 2, native: true, doc: 'bitwise or' },
  { name: 'bits.xor', arity: 2, native: true, doc: 'bitwise xor' },
  { name: 'bits.negate', arity: 1, native: true, doc: 'bitwise negation' },
  { name: 'bits.lsh', arity: 2, native: true, doc: 'shift left' },
  { name: 'bits.rsh', arity: 2, native: true, doc: 'shift right' },
];
