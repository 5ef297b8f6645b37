/**
 * Scan: objects per second and peak memory of `verdict scan --cluster` over 10,000 and 100,000 generated Pods served
 * by the API server simulator (test/scan/simulator), next to the same lists read and parsed without evaluating
 * anything: the floor every scan pays. Two policy sets: the six scan test fixtures, and the built-in library
 * (policies/) when it builds. The simulator runs in this process and each measurement in a child process of its
 * own, so that the peak RSS reported is the scan's alone. Goal: 100,000 objects in under 60 s, under 300 MiB.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildPolicyBundle } from '../src/engine/index.js';
import { fmt } from './measure.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SELF = fileURLToPath(import.meta.url);
const SIZES = [10_000, 100_000];
const PAGE_SIZE = 500;
const GOAL = { objects: 100_000, seconds: 60, mib: 300 };

interface Measurement {
  objects: number;
  ms: number;
  peakMiB: number;
  exit: number;
}

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'verdict-scan-bench-'));
  try {
    const sets: Array<{ name: string; bundle: string; config?: string }> = [];
    const fixtures = join(dir, 'fixtures.tar.gz');
    writeFileSync(fixtures, (await buildPolicyBundle({ paths: [join(ROOT, 'test/fixtures/scan/policies')] })).bundle);
    sets.push({ name: 'test fixtures (6 policies)', bundle: fixtures, config: join(ROOT, 'test/fixtures/scan/verdict.yaml') });
    try {
      const built = await buildPolicyBundle({ paths: [join(ROOT, 'policies')] });
      writeFileSync(join(dir, 'library.tar.gz'), built.bundle);
      sets.push({ name: `built-in library (${built.catalog.policies.length} policies)`, bundle: join(dir, 'library.tar.gz') });
    } catch (err) {
      console.log(`built-in library skipped: policies/ does not build (${(err as Error).message.split('\n')[0]})`);
    }

    const { startApiSimulator, writeKubeconfig } = await import('../test/scan/simulator/index.js');
    let goalMet: boolean | undefined;
    console.log(`generated Pods (~2 KiB of JSON each) listed in pages of ${PAGE_SIZE}; each run a child process`);
    console.log(`  ${'objects'.padStart(8)}  ${'policies'.padEnd(34)} ${'scan s'.padStart(7)} ${'objects/s'.padStart(10)} ${'peak MiB'.padStart(9)}   ${'list only s'.padStart(11)} ${'peak MiB'.padStart(9)}  scan/list`);
    for (const size of SIZES) {
      const sim = await startApiSimulator({ resources: [{ group: '', version: 'v1', kind: 'Pod', plural: 'pods', namespaced: true, count: size }], namespaces: 50 });
      try {
        const kubeconfig = writeKubeconfig(sim, mkdtempSync(join(dir, 'kube-')));
        const list = await child(['list', kubeconfig], dir);
        for (const set of sets) {
          const scan = await child(['scan', kubeconfig, set.bundle, set.config ?? ''], dir);
          if (scan.exit !== 0 && scan.exit !== 3) throw new Error(`the scan exited with ${scan.exit}`);
          const rate = (scan.objects * 1000) / scan.ms;
          console.log(
            `  ${scan.objects.toLocaleString('en-US').padStart(8)}  ${set.name.padEnd(34)} ${fmt(scan.ms / 1000, 2).padStart(7)} ${Math.round(rate).toLocaleString('en-US').padStart(10)} ${fmt(scan.peakMiB, 0).padStart(9)}   ${fmt(list.ms / 1000, 2).padStart(11)} ${fmt(list.peakMiB, 0).padStart(9)}  ${fmt(scan.ms / list.ms, 1)}×`,
          );
          if (size === GOAL.objects) {
            const met = scan.ms < GOAL.seconds * 1000 && scan.peakMiB < GOAL.mib;
            goalMet = (goalMet ?? true) && met;
          }
        }
      } finally {
        await sim.close();
      }
    }
    if (goalMet !== undefined) console.log(`goal (${GOAL.objects.toLocaleString('en-US')} objects in < ${GOAL.seconds} s, peak < ${GOAL.mib} MiB): ${goalMet ? 'met' : 'NOT met'}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs this file as a child (`--child <mode> ...`) and reads back its measurement. */
function child(args: string[], dir: string): Promise<Measurement> {
  const out = join(mkdtempSync(join(dir, 'child-')), 'result.json');
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [SELF, '--child', out, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    p.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    p.on('error', reject);
    p.on('close', (code) => {
      try {
        resolve(JSON.parse(readFileSync(out, 'utf8')) as Measurement);
      } catch {
        reject(new Error(`bench child failed (${code}): ${stderr.slice(0, 500)}`));
      }
    });
  });
}

/** In the child: one scan through the CLI's own code path, or the bare list; then time, count and peak RSS. */
async function childMain(out: string, mode: string, kubeconfig: string, bundle?: string, config?: string): Promise<void> {
  const started = performance.now();
  let objects = 0;
  let exit = 0;
  if (mode === 'list') {
    const { KubeClient } = await import('../src/scan/sources/kube-client.js');
    const { clusterSource } = await import('../src/scan/sources/cluster.js');
    const source = clusterSource({ client: await KubeClient.fromConfig({ kubeconfig }), patterns: [{ group: '', kind: 'Pod' }], pageSize: PAGE_SIZE });
    for await (const _ of source.items()) objects++;
  } else {
    const { run: scan } = await import('../src/cli/scan.js');
    const args = ['--kubeconfig', kubeconfig, '--bundle', bundle!, '--page-size', String(PAGE_SIZE), '--format', 'json', '-o', '/dev/null', '--no-progress'];
    if (config) args.push('--config', config);
    // The text summary goes to stdout, which the parent ignores; its first line has the object count.
    const write = process.stdout.write.bind(process.stdout);
    let text = '';
    process.stdout.write = ((chunk: string | Uint8Array) => ((text += String(chunk)), true)) as typeof process.stdout.write;
    exit = await scan(args);
    process.stdout.write = write;
    objects = Number((/: ([\d,]+) objects/.exec(text)?.[1] ?? '0').replace(/,/g, ''));
  }
  const ms = performance.now() - started;
  writeFileSync(out, JSON.stringify({ objects, ms, peakMiB: (process.resourceUsage().maxRSS * 1024) / 1048576, exit } satisfies Measurement));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const at = process.argv.indexOf('--child');
  if (at >= 0) {
    const [out, mode, kubeconfig, bundle, config] = process.argv.slice(at + 1);
    await childMain(out, mode, kubeconfig, bundle, config || undefined);
  } else {
    await run();
  }
}
