/**
 * Evaluation: microseconds per evaluation of a realistic Pod AdmissionReview through the unmodified SDK, with
 * the input given as an object (the SDK serialises it) and as pre-serialised bytes, next to a bare
 * JSON.stringify + JSON.parse of the same review as the floor any evaluation pays.
 */
import { readFileSync } from 'node:fs';
import { compilePolicy } from '../src/rego/index.js';
import { loadWasmPolicy } from '../src/rego/load.js';
import { twentyRulePolicy } from './compile.bench.js';
import { fmt, microsPerCall } from './measure.js';

export async function run(): Promise<void> {
  const review = JSON.parse(readFileSync(new URL('../../bench/fixtures/pod-review.json', import.meta.url), 'utf8'));
  const compiled = await compilePolicy({
    files: [{ path: 'bench/pods.rego', text: twentyRulePolicy() }],
    entrypoints: ['bench/pods/deny'],
  });
  const policy = await loadWasmPolicy(compiled.wasm);
  const result = policy.evaluate(review, 'bench/pods/deny');
  if (JSON.stringify(result) !== '[{"result":[]}]') throw new Error(`unexpected result ${JSON.stringify(result)}`);
  const bytes = new TextEncoder().encode(JSON.stringify(review));
  const inputBuffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);

  const floor = microsPerCall(() => JSON.parse(JSON.stringify(review)));
  const asObject = microsPerCall(() => policy.evaluate(review, 'bench/pods/deny'));
  const asBytes = microsPerCall(() => policy.evaluate(inputBuffer as never, 'bench/pods/deny'));
  console.log(`pod review (${bytes.length} bytes), 20-rule policy`);
  console.log(`  evaluate, object input      ${fmt(asObject)} µs   (${fmt(asObject / floor)}× a JSON round trip)`);
  console.log(`  evaluate, pre-serialised    ${fmt(asBytes)} µs   (${fmt(asBytes / floor)}× a JSON round trip)`);
  console.log(`  JSON stringify+parse floor  ${fmt(floor)} µs`);
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
