/** Arithmetic and comparison operators on numbers (and the set operators `-`, `|`, `&`). */
import type { BuiltinEntry } from './types.js';

export const arithmetic: BuiltinEntry[] = [
  { name: 'plus', arity: 2, native: true, doc: '`a + b`' },
  { name: 'minus', arity: 2, native: true, doc: '`a - b` on numbers; set difference on sets' },
  { name: 'mul', arity: 2, native: true, doc: '`a * b`' },
  { name: 'div', arity: 2, native: true, doc: '`a / b`' },
  { name: 'rem', arity: 2, native: true, doc: '`a % b`' },
  { name: 'abs', arity: 1, native: true, doc: 'absolute value' },
  { name: 'round', arity: 1, native: true, doc: 'nearest integer' },
  { name: 'ceil', arity: 1, native: true, doc: 'round up' },
  { name: 'floor', arity: 1, native: true, doc: 'round down' },
  { name: 'numbers.range', arity: 2, native: true, doc: 'array of the integers from a to b inclusive' },
  { name: 'numbers.range_step', arity: 3, native: true, doc: 'array of the integers from a to b by step' },
  { name: 'equal', arity: 2, native: true, doc: '`a == b`' },
  { name: 'neq', arity: 2, native: true, doc: '`a != b`' },
  { name: 'lt', arity: 2, native: true, doc: '`a < b`' },
  { name: 'lte', arity: 2, native: true, doc: '`a <= b`' },
  { name: 'gt', arity: 2, native: true, doc: '`a > b`' },
  { name: 'gte', arity: 2, native: true, doc: '`a >= b`' },
];
