/** Builtins Rego knows that Verdict deliberately does not run. */
import type { BuiltinEntry } from './types.js';

export const misc: BuiltinEntry[] = [
  {
    name: 'http.send',
    arity: 1,
    unavailable: true,
    doc: 'not available: an admission policy must not make network calls (it can be replaced with `with` in tests)',
  },
  {
    name: 'net.lookup_ip_addr',
    arity: 1,
    unavailable: true,
    doc: 'not available: an admission policy must not depend on DNS (it can be replaced with `with` in tests)',
  },
];
