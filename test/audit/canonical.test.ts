// The canonical form and hash are what docs/audit-records.md says, so a third party can re-create them.
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { canonicalJson, sealRecord, sha256Hex } from '../../src/audit/canonical.js';
import { buildDecisionBody } from '../../src/audit/build.js';
import { createAuditWriter } from '../../src/audit/writer.js';
import { listRotated } from '../../src/audit/files.js';
import { decision, lines, projectRoot, tempDir, writeLines } from './helpers.js';

function docPythonVerifier(): string {
  const doc = readFileSync(join(projectRoot, 'docs', 'audit-records.md'), 'utf8');
  const block = /<!-- verify-py:start -->\s*```python\n([\s\S]*?)```\s*<!-- verify-py:end -->/.exec(doc);
  if (!block) throw new Error('docs/audit-records.md has no verify-py block');
  return block[1]!;
}

function hasPython(): boolean {
  return spawnSync('python3', ['--version']).status === 0;
}

describe('audit canonical form', () => {
  it('sorts keys at every level, writes no whitespace and escapes like JSON.stringify', () => {
    const value = { b: 1, a: { z: [true, null, 0.412], y: 'tab\there "q" \u0001 é ✓' } };
    expect(canonicalJson(value)).to.equal('{"a":{"y":"tab\\there \\"q\\" \\u0001 é ✓","z":[true,null,0.412]},"b":1}');
  });

  it('refuses numbers JSON cannot carry', () => {
    expect(() => canonicalJson({ x: Number.NaN })).to.throw(/NaN/);
    expect(() => canonicalJson({ x: Infinity })).to.throw(/Infinity/);
  });

  it('gives the same bytes whether or not the keys were inserted in order, skipping undefined members either way', () => {
    const sorted = { a: 1, b: { c: [1, { d: 'x', e: null }], f: undefined }, g: 'é' };
    const shuffled = { g: 'é', b: { f: undefined, c: [1, { e: null, d: 'x' }] }, a: 1 };
    expect(canonicalJson(sorted)).to.equal('{"a":1,"b":{"c":[1,{"d":"x","e":null}]},"g":"é"}');
    expect(canonicalJson(shuffled)).to.equal(canonicalJson(sorted));
    // Sorted by UTF-16 code units, like Array.prototype.sort: "Z" < "a" < "é".
    expect(canonicalJson({ é: 1, a: 2, Z: 3 })).to.equal('{"Z":3,"a":2,"é":1}');
  });

  it('refuses what JSON cannot carry on every path: undefined in arrays, functions, class instances', () => {
    expect(() => canonicalJson([1, undefined])).to.throw(/undefined/);
    expect(() => canonicalJson({ a: () => 1 })).to.throw(/function/);
    // A Date would serialise through toJSON on a JSON.stringify path; the canonical form has no such thing.
    expect(canonicalJson({ when: new Date(0) })).to.equal('{"when":{}}');
  });

  it('builds decision bodies whose keys are already in canonical order at every level', () => {
    const body = buildDecisionBody(
      decision({
        namespace: 'ns',
        name: 'n',
        policies: [{ id: 'p', mode: 'enforce', result: 'deny', message: 'm', severity: 'high', controls: ['C-1'] }],
        patch: [{ op: 'add', path: '/a' }],
        error: 'e',
      }),
    );
    const sortedEverywhere = (v: unknown): unknown =>
      Array.isArray(v) ? v.map(sortedEverywhere) : v && typeof v === 'object' ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortedEverywhere((v as Record<string, unknown>)[k])])) : v;
    expect(JSON.stringify(body)).to.equal(JSON.stringify(sortedEverywhere(body)));
  });

  it('writes a line that is the canonical form plus the hash member, hashing exactly those bytes', () => {
    const record = { type: 'audit.genesis', seq: 0, prev: '0'.repeat(64), id: 'x', time: 't', schemaVersion: 1 };
    const { line, hash } = sealRecord(record);
    expect(line.endsWith(`,"hash":"${hash}"}\n`)).to.equal(true);
    const withoutHash = line.trimEnd().replace(/,"hash":"[0-9a-f]{64}"}$/, '}');
    expect(withoutHash).to.equal(canonicalJson(record));
    expect(sha256Hex(withoutHash)).to.equal(hash);
  });

  describe('the Python verifier in the docs', () => {
    before(function () {
      if (!hasPython()) this.skip();
    });

    it('accepts a chain across rotated files, unusual characters included, and rejects a tampered one', async () => {
      const dir = tempDir();
      const file = join(dir, 'audit.log');
      const writer = createAuditWriter({ sink: 'file', file, rotate: { maxBytes: 2500 } });
      const odd = 'naïve ✓ \u0001 \u007f \u2028 😀 lone \ud800 "quoted" back\\slash /path';
      for (let i = 0; i < 12; i++) {
        await writer.write(
          decision({ requestUid: `u-${i}`, policies: [{ id: 'p', mode: 'warn', result: 'warn', message: odd }], timings: { evaluationMs: i / 7, totalMs: 1000 + i } }),
        );
      }
      await writer.close();
      const script = join(dir, 'verify.py');
      writeFileSync(script, docPythonVerifier());
      const chain = [...listRotated(file).map((r) => r.path), file];
      expect(chain.length).to.be.greaterThan(2);

      const ok = spawnSync('python3', [script, ...chain], { encoding: 'utf8' });
      expect(ok.stderr).to.equal('');
      expect(ok.stdout.trim()).to.equal('chain intact');

      const ls = lines(file);
      ls[2] = ls[2]!.replace('"warn"', '"enforce"');
      writeLines(file, ls);
      const bad = spawnSync('python3', [script, ...chain], { encoding: 'utf8' });
      expect(bad.status).to.equal(1);
      expect(bad.stderr.trim()).to.equal(`${file}:3: the record does not match its hash`);
    });
  });
});
