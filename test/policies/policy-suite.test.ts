// Runs `verdict test policies/` as CI does: the built CLI, as a child process, must pass every Rego test.
import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { BIN, PROJECT_ROOT } from './root.js';

function verdictTest(): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, 'test', 'policies/'], { cwd: PROJECT_ROOT, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

describe('verdict test policies/', function () {
  // Compiling the library and its few hundred tests into one module takes seconds on a shared machine.
  this.timeout(120_000);

  it('passes every Rego test of the policy library', async () => {
    const { code, stdout, stderr } = await verdictTest();
    expect(stderr).to.equal('');
    const summary = /^PASS: (\d+)\/(\d+)$/m.exec(stdout);
    expect(summary, stdout).to.not.equal(null);
    expect(summary![1], stdout).to.equal(summary![2]);
    expect(Number(summary![2])).to.be.greaterThan(150);
    expect(code, stdout).to.equal(0);
  });
});
