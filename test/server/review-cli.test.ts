// Pins `verdict review`: one decision through the shared engine, printed as the apiserver would receive it, for a
// bare manifest (wrapped as a CREATE) or an AdmissionReview; exit 0 when allowed, 3 when denied.
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { auditRecords, fixtureBundleFile, podReview, ROOT, tempDir } from './harness.js';

function review(args: string[], input?: string): { code: number | null; out: any; stderr: string } {
  const res = spawnSync(process.execPath, [join(ROOT, 'bin/verdict.js'), 'review', ...args], { encoding: 'utf8', input, timeout: 60_000 });
  let out: unknown;
  try {
    out = JSON.parse(res.stdout);
  } catch {
    out = res.stdout;
  }
  return { code: res.status, out, stderr: res.stderr };
}

describe('verdict review', function () {
  this.timeout(120_000);
  let bundle: string;
  let dir: string;
  const manifest = (privileged: boolean) =>
    [
      'apiVersion: v1',
      'kind: Pod',
      'metadata:',
      '  name: web',
      '  labels: {app: web, team: shop}',
      'spec:',
      '  containers:',
      '    - name: web',
      '      image: nginx',
      `      securityContext: {privileged: ${privileged}}`,
    ].join('\n');
  before(async () => {
    bundle = await fixtureBundleFile('basic');
    dir = tempDir('review');
    writeFileSync(join(dir, 'privileged.yaml'), manifest(true));
    writeFileSync(join(dir, 'fine.yaml'), manifest(false));
    writeFileSync(join(dir, 'review.json'), JSON.stringify(podReview({ uid: 'rrrrrrrr-0000-4000-8000-000000000001', labels: null })));
    writeFileSync(join(dir, 'two.yaml'), `${manifest(true)}\n---\n${manifest(false)}\n`);
  });

  it('denies a privileged Pod manifest as a CREATE, prints the response and exits 3', () => {
    const { code, out } = review([join(dir, 'privileged.yaml'), '--bundle', bundle]);
    expect(code).to.equal(3);
    expect(out.apiVersion).to.equal('admission.k8s.io/v1');
    expect(out.response.allowed).to.equal(false);
    expect(out.response.status.message).to.equal('[privileged] privileged containers are not allowed');
  });

  it('allows a compliant manifest and exits 0', () => {
    const { code, out } = review([join(dir, 'fine.yaml'), '--bundle', bundle]);
    expect(code).to.equal(0);
    expect(out.response.allowed).to.equal(true);
  });

  it('answers an AdmissionReview with its own uid, as /mutate when asked', () => {
    const { code, out } = review([join(dir, 'review.json'), '--bundle', bundle, '--endpoint', 'mutate']);
    expect(code).to.equal(0);
    expect(out.response.uid).to.equal('rrrrrrrr-0000-4000-8000-000000000001');
    expect(JSON.parse(Buffer.from(out.response.patch, 'base64').toString())).to.deep.equal([{ op: 'add', path: '/metadata/labels', value: { team: 'unowned' } }]);
  });

  it('reads the manifest from stdin and applies the configuration', () => {
    writeFileSync(join(dir, 'warn.yaml'), 'policies:\n  privileged: {mode: warn}\n');
    const { code, out } = review(['-', '--bundle', bundle, '--config', join(dir, 'warn.yaml')], manifest(true));
    expect(code).to.equal(0);
    expect(out.response.warnings).to.deep.equal(['[privileged] privileged containers are not allowed']);
  });

  it('writes the decision to an audit file when given one, under the id it annotates', () => {
    const audit = join(dir, 'audit.log');
    const { out, stderr } = review([join(dir, 'privileged.yaml'), '--bundle', bundle, '--audit-file', audit]);
    expect(stderr).to.equal('');
    const record = auditRecords(audit).get(out.response.auditAnnotations['audit-id']);
    expect(record.decision).to.equal('denied');
    expect(record.source).to.equal('dryrun');
    expect(record.name).to.equal('web');
    expect(record.namespace).to.equal('default');
  });

  it('says so when there is neither a bundle nor a policy folder', () => {
    const { code, stderr } = review([join(dir, 'fine.yaml'), '--policies', join(dir, 'nowhere')]);
    expect(code).to.equal(1);
    expect(stderr.trim()).to.equal(`verdict review: no policy folder ${join(dir, 'nowhere')}: give --bundle or --policies`);
  });

  it('refuses a file with several documents, pointing at scan', () => {
    const { code, stderr } = review([join(dir, 'two.yaml'), '--bundle', bundle]);
    expect(code).to.equal(1);
    expect(stderr.trim()).to.equal(`${join(dir, 'two.yaml')}: holds 2 documents; review takes one (use verdict scan for many)`);
  });
});
