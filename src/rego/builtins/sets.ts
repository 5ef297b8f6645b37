/** Set operators and membership. */
import type { BuiltinEntry } from './types.js';

export const sets: BuiltinEntry[] = [
  { name: 'and', arity: 2, native: true, doc: '`a & b`: intersection of two sets' },
  { name: 'or', arity: 2, native: true, doc: '`a | b`: union of two sets' },
  { name: 'intersection', arity: 1, native: true, doc: 'intersection of a set of sets' },
  { name: 'union', arity: 1, native: true, doc: 'union of a set of sets' },
  { name: 'internal.member_2', arity: 2, native: true, doc: '`x in xs`' },
  { name: 'internal.member_3', arity: 3, native: true, doc: '`k, v in xs`' },
];
