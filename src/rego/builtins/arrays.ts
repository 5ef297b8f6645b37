/** Array builtins and the `walk` relation. */
import type { BuiltinEntry } from './types.js';

export const arrays: BuiltinEntry[] = [
  { name: 'array.concat', arity: 2, native: true, doc: 'concatenation of two arrays' },
  { name: 'array.slice', arity: 3, native: true, doc: 'elements from start (inclusive) to stop (exclusive)' },
  { name: 'array.reverse', arity: 1, native: true, doc: 'reversed array' },
  { name: 'array.flatten', arity: 1, native: true, doc: 'array with nested arrays flattened one level' },
  { name: 'walk', arity: 1, native: true, relation: true, doc: 'every [path, value] pair of a nested document' },
];
