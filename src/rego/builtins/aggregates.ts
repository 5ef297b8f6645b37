/** Aggregates over collections: count, sum, product, max, min, sort, all, any. */
import type { BuiltinEntry } from './types.js';

export const aggregates: BuiltinEntry[] = [
  { name: 'count', arity: 1, native: true, doc: 'number of elements of a collection, or code points of a string' },
  { name: 'sum', arity: 1, native: true, doc: 'sum of the numbers of an array or set' },
  { name: 'product', arity: 1, native: true, doc: 'product of the numbers of an array or set' },
  { name: 'max', arity: 1, native: true, doc: 'largest element of an array or set' },
  { name: 'min', arity: 1, native: true, doc: 'smallest element of an array or set' },
  { name: 'sort', arity: 1, native: true, doc: 'sorted array of the elements of an array or set' },
];
