/** Type tests and type names. */
import type { BuiltinEntry } from './types.js';

export const typecheck: BuiltinEntry[] = [
  { name: 'is_number', arity: 1, native: true, doc: 'true if a number' },
  { name: 'is_string', arity: 1, native: true, doc: 'true if a string' },
  { name: 'is_boolean', arity: 1, native: true, doc: 'true if a boolean' },
  { name: 'is_array', arity: 1, native: true, doc: 'true if an array' },
  { name: 'is_set', arity: 1, native: true, doc: 'true if a set' },
  { name: 'is_object', arity: 1, native: true, doc: 'true if an object' },
  { name: 'is_null', arity: 1, native: true, doc: 'true if null' },
  { name: 'type_name', arity: 1, native: true, doc: 'name of the type of a value' },
  { name: 'to_number', arity: 1, native: true, doc: 'number from a number, string, boolean or null' },
];
