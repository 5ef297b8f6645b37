// Replays the Dockerfile's RUN steps without Docker (.ci/dockerfile-steps.sh) and checks the runtime stage it assembles. Slow: npm ci twice and a full build.
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from './kustomize.js';

describe('Dockerfile steps, replayed without Docker', function () {
  this.timeout(180_000);
  let work: string;
  let run: { status: number | null; stdout: string; stderr: string };
  let app: string;

  before(async () => {
    work = await mkdtemp(join(tmpdir(), 'verdict-dockerfile-'));
    const result = spawnSync('bash', ['.ci/dockerfile-steps.sh', '--work', work], { cwd: projectRoot, encoding: 'utf8', maxBuffer: 64 << 20 });
    run = { status: result.status, stdout: result.stdout, stderr: result.stderr };
    app = join(work, 'stages', 'runtime', 'app');
  });
  after(async () => {
    await rm(work, { recursive: true, force: true });
  });
  /** The checks below need the assembled stages; without them, point at the real failure. */
  const requireAssembled = () => expect(run.status, 'dockerfile-steps.sh failed: see the first test').to.equal(0);

  it('runs every step on a fresh copy of the build context and starts the entrypoint', () => {
    expect(run.status, `${run.stdout.slice(-3000)}\n${run.stderr.slice(-3000)}`).to.equal(0);
    expect(run.stdout).to.include('[build] RUN npm run build');
    expect(run.stdout).to.include('[runtime] smoke test');
  });

  it('assembles a runtime stage with the compiled CLI and production dependencies only', async () => {
    requireAssembled();
    expect(existsSync(join(app, 'dist', 'src', 'cli', 'main.js'))).to.equal(true);
    const modules = await readdir(join(app, 'node_modules'));
    expect(modules).to.include.members(['node-forge', 'yaml']);
    for (const dev of ['typescript', 'mocha', 'assemblyscript', 'chai']) expect(modules, dev).to.not.include(dev);
    expect(await readdir(join(app, 'dist'))).to.not.include('test');
  });

  it('puts the built-in policy bundle into the runtime stage', function () {
    // Until the policies and `verdict build` exist, the script skips that step and says so; show it as pending.
    requireAssembled();
    if (/NOTE: skipped, .*bin\/verdict\.js build/.test(run.stdout)) this.skip();
    expect(existsSync(join(app, 'dist', 'policies.tar.gz'))).to.equal(true);
  });

  it('can make certificates from the runtime stage alone', () => {
    requireAssembled();
    const out = join(work, 'certs-from-image');
    const result = spawnSync(process.execPath, [join(app, 'bin', 'verdict.js'), 'certs', '--out', out], { cwd: work, encoding: 'utf8' });
    expect(result.status, result.stderr).to.equal(0);
    expect(existsSync(join(out, 'tls.crt'))).to.equal(true);
  });
});
