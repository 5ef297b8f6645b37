/** `print` for policy authors: `print(a, b)` is rewritten by the checker to `internal.print([{a}, {b}])`. */
import type { BuiltinEntry } from './types.js';

/** Each operand arrives as the set of its values: empty when the operand was undefined. */
function render(operand: unknown): string {
  if (!Array.isArray(operand) || operand.length === 0) return '<undefined>';
  const value = operand[0];
  return typeof value === 'string' ? value : JSON.stringify(value);
}

export const debug: BuiltinEntry[] = [
  {
    name: 'internal.print',
    arity: 1,
    host: (operands: unknown) => {
      const parts = Array.isArray(operands) ? operands.map(render) : [];
      process.stderr.write(parts.join(' ') + '\n');
      return true;
    },
    doc: 'what `print(...)` becomes: writes its operands to standard error and is always true',
  },
];
