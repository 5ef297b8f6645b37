/** Unification and assignment: operators the planner lowers itself, listed so the checker knows their arity. */
import type { BuiltinEntry } from './types.js';

export const operators: BuiltinEntry[] = [
  { name: 'eq', arity: 2, doc: '`a = b`: unification' },
  { name: 'assign', arity: 2, doc: '`a := b`: assignment of a local variable' },
];
