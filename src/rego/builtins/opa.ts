/** `opa.runtime`: what OPA tells a policy about the process that runs it. */
import type { BuiltinEntry } from './types.js';

export const opa: BuiltinEntry[] = [
  {
    name: 'opa.runtime',
    arity: 0,
    // OPA fills in env, config, version and commit only when it runs as a server and gives `{}` otherwise. An
    // admission policy must not read the controller's environment (it may hold credentials), so Verdict gives `{}`.
    host: () => ({}),
    doc: 'information about the running process: always `{}` in Verdict (no environment, configuration or version)',
  },
];
