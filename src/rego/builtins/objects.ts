/** Object builtins and JSON path filtering. */
import type { BuiltinEntry } from './types.js';

export const objects: BuiltinEntry[] = [
  { name: 'object.get', arity: 3, native: true, doc: 'value at a key or path, or a default' },
  { name: 'object.keys', arity: 1, native: true, doc: 'set of the keys of an object' },
  { name: 'object.union', arity: 2, native: true, doc: 'recursive merge of two objects, the second winning' },
  { name: 'object.union_n', arity: 1, native: true, doc: 'object.union over an array of objects' },
  { name: 'object.remove', arity: 2, native: true, doc: 'object without the given keys' },
  { name: 'object.filter', arity: 2, native: true, doc: 'object with only the given keys' },
  { name: 'object.subset', arity: 2, native: true, doc: 'true if the second value is a subset of the first' },
  { name: 'json.filter', arity: 2, native: true, doc: 'object with only the given JSON paths' },
  { name: 'json.remove', arity: 2, native: true, doc: 'object without the given JSON paths' },
];
