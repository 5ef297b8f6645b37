// Runs `verdict test policies/` and `verdict build policies/` as CI does: the built CLI, as a child process, must
// pass every Rego test and compile the whole library into one bundle whose catalog lists every policy.
import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readEngineBundle } from '../../src/engine/index.js';
import { readPolicyDocs } from '../../src/rego/policy-docs.js';
import { BIN, POLICIES, PROJECT_ROOT } from './root.js';

function verdict(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd: PROJECT_ROOT, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

describe('verdict test policies/', function () {
  // Compiling the library and its few hundred tests into one module takes seconds on a shared machine.
  this.timeout(120_000);

  it('passes every Rego test of the policy library', async () => {
    const { code, stdout, stderr } = await verdict('test', 'policies/');
    expect(stderr).to.equal('');
    const summary = /^PASS: (\d+)\/(\d+)$/m.exec(stdout);
    expect(summary, stdout).to.not.equal(null);
    expect(summary![1], stdout).to.equal(summary![2]);
    expect(Number(summary![2])).to.be.greaterThan(150);
    expect(code, stdout).to.equal(0);
  });

  it('builds the whole library into one bundle whose catalog lists every policy', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'verdict-policies-'));
    try {
      const bundle = path.join(dir, 'policies.tar.gz');
      const { code, stderr } = await verdict('build', 'policies/', '-o', bundle);
      expect(stderr).to.equal('');
      expect(code).to.equal(0);
      const catalog = (await readEngineBundle(bundle)).catalog.policies.map((p) => p.id).sort();
      expect(catalog).to.deep.equal((await readPolicyDocs(POLICIES)).policies.map((p) => p.id).sort());
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
