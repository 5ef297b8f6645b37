// Data-driven checks of native builtins: each row is a builtin name, its arguments and the expected result,
// all in Rego literal text (undefined when the call has no result).
import { expect } from 'chai';
import type { Runtime } from './harness.js';

export type BuiltinRow = [name: string, args: string[], expected: string | undefined];

export function checkRows(rt: Runtime, rows: BuiltinRow[]): void {
  for (const [name, args, expected] of rows) {
    const got = rt.builtin(name, ...args);
    // Compare as values, so that key order and number spelling don't matter.
    if (expected === undefined || got === undefined) {
      expect(got, `${name}(${args.join(', ')})`).to.equal(expected);
    } else {
      const same = rt.call('verdict_value_equal', rt.value(got), rt.value(expected)) === 1;
      expect(same, `${name}(${args.join(', ')}) = ${got}, want ${expected}`).to.equal(true);
    }
  }
}
