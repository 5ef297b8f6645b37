/** Reads every non-test .rego file under a folder, for the benchmarks. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

export function gatherPolicyFiles(dir: string): Array<{ path: string; text: string }> {
  const out: Array<{ path: string; text: string }> = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...gatherPolicyFiles(p));
    else if (name.endsWith('.rego') && !name.endsWith('_test.rego')) out.push({ path: p, text: readFileSync(p, 'utf8') });
  }
  return out;
}
