/**
 * Compile time: a 20-rule policy file (goal: under 100 ms warm) and the whole built-in `policies/` library
 * (goal: under 1 s warm), each against the time to parse the same sources, measured side by side.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseModule } from '../src/rego/1-parse/index.js';
import { compilePolicy } from '../src/rego/index.js';
import { gatherPolicyFiles } from './policy-files.js';
import { fmt, time } from './measure.js';

export function twentyRulePolicy(): string {
  const rules: string[] = ['package bench.pods', '', 'import rego.v1', ''];
  for (let i = 0; i < 20; i++) {
    rules.push(
      `deny contains msg if {`,
      `  some c in input.request.object.spec.containers`,
      `  c.securityContext.privileged == true`,
      `  not c.name in {"allowed-${i}", "sidecar-${i}"}`,
      `  msg := sprintf("rule ${i}: container %s must not be privileged", [c.name])`,
      `}`,
      '',
    );
  }
  return rules.join('\n');
}

export async function run(): Promise<void> {
  const file = { path: 'bench/pods.rego', text: twentyRulePolicy() };
  const parse = await time(() => parseModule(file));
  const compile = await time(() => compilePolicy({ files: [file], entrypoints: ['bench/pods/deny'] }));
  console.log(`20-rule file   compile ${fmt(compile.medianMs)} ms (min ${fmt(compile.minMs)})   parse alone ${fmt(parse.medianMs, 2)} ms   goal < 100 ms`);

  const root = fileURLToPath(new URL('../../', import.meta.url));
  if (!existsSync(`${root}policies`)) {
    console.log('policies/      not present yet');
    return;
  }
  const files = gatherPolicyFiles(`${root}policies`);
  if (files.length === 0) {
    console.log('policies/      no .rego files yet');
    return;
  }
  const lib = await time(() => compilePolicy({ files, entrypoints: ['verdict/policies'] }), 5, 1);
  console.log(`policies/      compile ${fmt(lib.medianMs)} ms (min ${fmt(lib.minMs)}) for ${files.length} files   goal < 1000 ms`);
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
