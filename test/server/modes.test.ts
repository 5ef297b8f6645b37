// Pins what verdict.yaml does to a decision over real HTTPS: the four modes, global and per-policy exemptions, and
// dryRun requests evaluated and marked.
import { expect } from 'chai';
import { auditRecords, podReview, send, startTestServer, type TestServer } from './harness.js';

describe('policy modes, exemptions and dry runs', function () {
  this.timeout(60_000);
  const servers: TestServer[] = [];
  const serve = async (config: string) => {
    const s = await startTestServer({ config });
    servers.push(s);
    return s;
  };
  after(async () => {
    await Promise.all(servers.map((s) => s.close()));
  });

  it('warn mode admits a violation and sends it back as a warning', async () => {
    const s = await serve('policies:\n  privileged:\n    mode: warn\n');
    const r = (await send(s, 'validate', podReview({ privileged: true }))).json.response;
    expect(r.allowed).to.equal(true);
    expect(r.warnings).to.deep.equal(['[privileged] privileged containers are not allowed']);
    expect(r.auditAnnotations.decision).to.equal('warned');
  });

  it('dryrun mode admits silently but records the violation in the audit log and metrics', async () => {
    const s = await serve('policies:\n  privileged:\n    mode: dryrun\n');
    const r = (await send(s, 'validate', podReview({ privileged: true }))).json.response;
    expect(r.allowed).to.equal(true);
    expect(r).to.not.have.property('warnings');
    const record = auditRecords(s.auditFile).get(r.auditAnnotations['audit-id']);
    expect(record.policies).to.deep.include({ id: 'privileged', mode: 'dryrun', result: 'deny', message: 'privileged containers are not allowed', severity: 'high', controls: ['CIS-5.2.1'] });
    const metrics = await s.running.context.metricsText();
    expect(metrics.text).to.include('verdict_policy_violations_total{policy="privileged",mode="dryrun"} 1');
  });

  it('off mode does not evaluate the policy at all', async () => {
    const s = await serve('policies:\n  privileged:\n    mode: "off"\n');
    const r = (await send(s, 'validate', podReview({ privileged: true }))).json.response;
    expect(r.allowed).to.equal(true);
    expect(auditRecords(s.auditFile).get(r.auditAnnotations['audit-id']).policies).to.deep.equal([]);
  });

  it('the default mode applies to every policy without its own', async () => {
    const s = await serve('defaults:\n  mode: warn\n');
    const r = (await send(s, 'validate', podReview({ privileged: true, labels: { team: 'web' } }))).json.response;
    expect(r.allowed).to.equal(true);
    expect(r.warnings).to.have.members(['[privileged] privileged containers are not allowed', '[app_label] objects should carry an app label']);
  });

  describe('exemptions', () => {
    let s: TestServer;
    before(async () => {
      s = await serve(
        [
          'exemptions:',
          '  namespaces: [kube-*, ops]',
          '  users: ["system:serviceaccount:ci:*"]',
          '  groups: [break-glass]',
          '  labelSelector:',
          '    matchExpressions:',
          '      - {key: verdict.dev/exempt, operator: In, values: ["true"]}',
          'policies:',
          '  privileged:',
          '    exemptions:',
          '      namespaces: [gpu]',
        ].join('\n'),
      );
    });

    const cases: Array<[string, Parameters<typeof podReview>[0], string]> = [
      ['a namespace pattern', { namespace: 'kube-monitoring' }, 'namespace:kube-*'],
      ['a namespace', { namespace: 'ops' }, 'namespace:ops'],
      ['a user pattern', { username: 'system:serviceaccount:ci:deployer' }, 'user:system:serviceaccount:ci:*'],
      ['a group', { groups: ['developers', 'break-glass'] }, 'group:break-glass'],
      ['a label selector', { labels: { app: 'web', team: 'x', 'verdict.dev/exempt': 'true' } }, 'label:verdict.dev/exempt in (true)'],
    ];
    for (const [what, opts, annotation] of cases) {
      it(`admits a violating request exempt by ${what}, unevaluated`, async () => {
        const r = (await send(s, 'validate', podReview({ privileged: true, ...opts }))).json.response;
        expect(r.allowed).to.equal(true);
        expect(r.auditAnnotations.decision).to.equal('exempt');
        expect(r.auditAnnotations.exemption).to.equal(annotation);
      });
    }

    it('still denies what no exemption covers', async () => {
      const r = (await send(s, 'validate', podReview({ privileged: true, namespace: 'shop', labels: { 'verdict.dev/exempt': 'false', team: 't' } }))).json.response;
      expect(r.allowed).to.equal(false);
    });

    it('a per-policy exemption lifts only that policy', async () => {
      const r = (await send(s, 'validate', podReview({ privileged: true, namespace: 'gpu', labels: { team: 'web' } }))).json.response;
      expect(r.allowed).to.equal(true);
      expect(r.warnings).to.deep.equal(['[app_label] objects should carry an app label']);
    });
  });

  it('evaluates dryRun requests, answers them truthfully and marks them as dry runs', async () => {
    const s = await serve('{}\n');
    const r = (await send(s, 'validate', podReview({ privileged: true, dryRun: true }))).json.response;
    expect(r.allowed).to.equal(false);
    expect(r.auditAnnotations['dry-run']).to.equal('true');
    const record = auditRecords(s.auditFile).get(r.auditAnnotations['audit-id']);
    expect(record.dryRun).to.equal(true);
    expect(record.source).to.equal('dryrun');
  });
});
