// Pins `verdict certs` end to end, run as the built CLI: files, modes, rendering, reuse of a CA, and exit codes.
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseManifests, projectRoot, webhooksOf } from './kustomize.js';

const DAY = 24 * 60 * 60 * 1000;
const cli = join(projectRoot, 'bin', 'verdict.js');

function verdict(args: string[], cwd: string, input?: string): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [cli, 'certs', ...args], { cwd, input, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('verdict certs (CLI)', function () {
  this.timeout(30_000);
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'verdict-certs-cli-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  const read = (name: string) => readFile(join(dir, 'out', name), 'utf8');

  it('writes the cert dir, the TLS Secret and the rendered webhook configurations, and exits 0', async () => {
    const run = verdict(['--namespace', 'verdict-system', '--service', 'verdict', '--out', 'out', '--render', join(projectRoot, 'webhook-config')], dir);
    expect(run.stderr).to.equal('');
    expect(run.status).to.equal(0);
    expect((await readdir(join(dir, 'out'))).sort()).to.deep.equal(
      ['.gitignore', 'ca.crt', 'mutating-webhook.yaml', 'tls.crt', 'tls.key', 'validating-webhook.yaml', 'verdict-tls.secret.yaml'].sort(),
    );
    for (const secretFile of ['tls.key', 'verdict-tls.secret.yaml']) {
      expect((await stat(join(dir, 'out', secretFile))).mode & 0o777, secretFile).to.equal(0o600);
    }
    const ca = new X509Certificate(await read('ca.crt'));
    const leaf = new X509Certificate(await read('tls.crt'));
    expect(leaf.verify(ca.publicKey)).to.equal(true);
    expect(leaf.checkHost('verdict.verdict-system.svc')).to.equal('verdict.verdict-system.svc');
    const hooks = webhooksOf([...parseManifests(await read('validating-webhook.yaml')), ...parseManifests(await read('mutating-webhook.yaml'))]);
    expect(hooks).to.have.length(2);
    for (const { webhook } of hooks) {
      const bundle = (webhook.clientConfig as { caBundle?: string }).caBundle ?? '';
      expect(Buffer.from(bundle, 'base64').toString('utf8')).to.equal(await read('ca.crt'));
    }
    expect(run.stdout).to.include(`expires ${new Date(leaf.validTo).toISOString().slice(0, 10)}`);
    expect(run.stdout).to.include('kubectl apply -f out');
  });

  it('uses --validity-days for the serving certificate', async () => {
    expect(verdict(['--out', 'out', '--validity-days', '10'], dir).status).to.equal(0);
    const leaf = new X509Certificate(await read('tls.crt'));
    const days = (new Date(leaf.validTo).getTime() - new Date(leaf.validFrom).getTime()) / DAY;
    // validFrom is backdated a few minutes for clock skew.
    expect(days).to.be.within(10, 10.01);
  });

  it('renders configurations piped in on stdin, such as an overlay from kubectl kustomize', async () => {
    const manifest = await readFile(join(projectRoot, 'webhook-config', 'validating-webhook.yaml'), 'utf8');
    const run = verdict(['--namespace', 'policy-system', '--out', 'out', '--render', '-'], dir, manifest);
    expect(run.status, run.stderr).to.equal(0);
    const [{ webhook }] = webhooksOf(parseManifests(await read('webhook-configurations.yaml')));
    expect(webhook.clientConfig.service.namespace).to.equal('policy-system');
    expect(new X509Certificate(await read('tls.crt')).checkHost('verdict.policy-system.svc')).to.equal('verdict.policy-system.svc');
  });

  it('keeps the CA key only with --write-ca-key, and reissues under that CA with --reuse-ca', async () => {
    expect(verdict(['--out', 'ca-dir', '--write-ca-key'], dir).status).to.equal(0);
    const caPem = await readFile(join(dir, 'ca-dir', 'ca.crt'), 'utf8');
    expect((await stat(join(dir, 'ca-dir', 'ca.key'))).mode & 0o777).to.equal(0o600);
    expect(verdict(['--out', 'out', '--reuse-ca', 'ca-dir'], dir).status).to.equal(0);
    expect(await read('ca.crt')).to.equal(caPem);
    expect(new X509Certificate(await read('tls.crt')).verify(new X509Certificate(caPem).publicKey)).to.equal(true);
    expect(await readdir(join(dir, 'out'))).to.not.include('ca.key');
  });

  it('refuses to replace existing certificates without --force (exit 1), and replaces them with it', async () => {
    expect(verdict(['--out', 'out'], dir).status).to.equal(0);
    const first = await read('tls.crt');
    const again = verdict(['--out', 'out'], dir);
    expect(again.status).to.equal(1);
    expect(again.stderr).to.match(/exists; pass --force/);
    expect(await read('tls.crt')).to.equal(first);
    expect(verdict(['--out', 'out', '--force'], dir).status).to.equal(0);
    expect(await read('tls.crt')).to.not.equal(first);
  });

  it('exits 2 with the usage for unknown flags, bad numbers, stray arguments and --render-out alone', () => {
    for (const args of [['--nope'], ['--validity-days', 'soon'], ['extra'], ['--render-out', 'x']]) {
      const run = verdict(args, dir);
      expect(run.status, args.join(' ')).to.equal(2);
      expect(run.stderr, args.join(' ')).to.match(/^verdict certs: /);
    }
    expect(verdict(['--nope'], dir).stderr).to.include('usage: verdict certs');
  });

  it('exits 1 with one line, no stack, for a namespace that is not a DNS label or a missing render source', () => {
    const bad = verdict(['--namespace', 'Bad_NS', '--out', 'out'], dir);
    expect(bad.status).to.equal(1);
    expect(bad.stderr.trim().split('\n')).to.have.length(1);
    expect(bad.stderr).to.include('not a DNS label');
    const missing = verdict(['--out', 'out', '--render', 'no-such-dir'], dir);
    expect(missing.status).to.equal(1);
    expect(missing.stderr).to.include('no-such-dir');
  });

  it('prints its usage for --help and exits 0', () => {
    const run = verdict(['--help'], dir);
    expect(run.status).to.equal(0);
    expect(run.stdout).to.include('--validity-days').and.include('--render');
  });
});
