/**
 * `npm run bench`: runs every scenario in one process, one after another, each printing its figures and the
 * ratios against its baseline measured in the same run. `npm run bench -- compile` runs the scenarios whose
 * name contains "compile".
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const filter = process.argv[2];

const scenarios = readdirSync(here)
  .filter((f) => f.endsWith('.bench.js'))
  .filter((f) => !filter || f.includes(filter))
  .sort();

for (const file of scenarios) {
  const mod = (await import(new URL(file, import.meta.url).href)) as { run?: () => Promise<void> };
  if (typeof mod.run !== 'function') continue;
  console.log(`\n## ${file.replace(/\.bench\.js$/, '')}`);
  await mod.run();
}
