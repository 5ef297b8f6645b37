/** Renders docs/builtins.md from the builtin table, so the list of builtins can never drift from the code. */
import { builtins } from './index.js';
import type { BuiltinEntry } from './types.js';

function where(b: BuiltinEntry): string {
  if (b.unavailable) return 'not available';
  if (b.native) return 'wasm';
  if (b.sdk) return 'SDK (JavaScript)';
  if (b.host) return 'host (JavaScript)';
  return 'planner';
}

export function renderBuiltinsDoc(): string {
  const rows = [...builtins.values()].sort((a, b) => a.name.localeCompare(b.name));
  const lines = [
    '# Builtins',
    '',
    '<!-- Generated from src/rego/builtins by `npm run docs`; do not edit by hand. -->',
    '',
    'Every builtin a Verdict policy can call. **wasm**: compiled into the policy module by Verdict\'s runtime.',
    '**host**: run in JavaScript through the SDK\'s custom-builtin hook (every Verdict loader supplies them).',
    '**SDK**: implemented by `@open-policy-agent/opa-wasm` itself. **planner**: lowered by the compiler, not called.',
    '**not available**: known to Rego, rejected at compile time (tests may still replace it with `with`).',
    'A call to a builtin that is not listed, or cannot run, is a compile error at the call.',
    '',
    '| builtin | arguments | runs in | what it does |',
    '|---|---:|---|---|',
  ];
  for (const b of rows) lines.push(`| \`${b.name}\` | ${b.arity} | ${where(b)} | ${b.doc.replace(/\|/g, '\\|')} |`);
  return lines.join('\n') + '\n';
}
