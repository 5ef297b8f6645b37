// Pins GET /metrics: the verdict_ families with their labels after a few reviews, Prometheus naming conventions,
// and the default process metrics beside them.
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readCertificateExpiry } from '../../src/certs/index.js';
import { call, podReview, send, sharedCertDir, startTestServer, type TestServer } from './harness.js';

function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(series + ' '));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('metrics', function () {
  this.timeout(60_000);
  let server: TestServer;
  let text: string;
  let contentType: string;
  before(async () => {
    server = await startTestServer({ config: 'exemptions:\n  namespaces: [ops]\n' });
    await send(server, 'validate', podReview());
    await send(server, 'validate', podReview({ privileged: true }));
    await send(server, 'validate', podReview({ privileged: true }));
    await send(server, 'mutate', podReview({ labels: null }));
    await send(server, 'validate', podReview({ namespace: 'ops', privileged: true }));
    await send(server, 'validate', podReview({ annotations: { 'verdict.test/boom': 'conflict' } }));
    const reply = await call(server, { method: 'GET', path: '/metrics' });
    expect(reply.status).to.equal(200);
    text = reply.text;
    contentType = String(reply.headers['content-type']);
  });
  after(async () => {
    await server?.close();
  });

  it('is served in the Prometheus text format', () => {
    expect(contentType).to.match(/^text\/plain; version=0\.0\.4/);
  });

  it('counts admission requests by endpoint, operation, kind and decision', () => {
    const series = (endpoint: string, decision: string) => `verdict_admission_requests_total{endpoint="${endpoint}",operation="CREATE",kind="Pod",decision="${decision}"}`;
    expect(sample(text, series('validate', 'allowed'))).to.equal(1);
    expect(sample(text, series('validate', 'denied'))).to.equal(2);
    expect(sample(text, series('mutate', 'patched'))).to.equal(1);
    expect(sample(text, series('validate', 'exempt'))).to.equal(1);
    expect(sample(text, series('validate', 'error'))).to.equal(1);
  });

  it('times every answer and every evaluation in seconds', () => {
    expect(sample(text, 'verdict_admission_duration_seconds_count{endpoint="validate"}')).to.equal(5);
    expect(sample(text, 'verdict_admission_duration_seconds_bucket{le="+Inf",endpoint="validate"}')).to.equal(5);
    // The exempt review was not evaluated.
    expect(sample(text, 'verdict_policy_evaluation_duration_seconds_count{endpoint="validate"}')).to.equal(4);
    expect(sample(text, 'verdict_policy_evaluation_duration_seconds_sum{endpoint="validate"}')).to.be.greaterThan(0);
  });

  it('counts violations by policy and mode, and errors by policy and code', () => {
    expect(sample(text, 'verdict_policy_violations_total{policy="privileged",mode="enforce"}')).to.equal(2);
    expect(sample(text, 'verdict_policy_errors_total{policy="boom",code="VERDICT_ERR_EVAL_CONFLICT"}')).to.equal(1);
  });

  it('exposes the bundle being served and the certificate expiry', async () => {
    const digest = server.running.state.engine!.bundle.digest.slice(0, 12);
    expect(sample(text, `verdict_bundle_info{revision="",digest="${digest}"}`)).to.equal(1);
    const { dir } = await sharedCertDir();
    const notAfter = readCertificateExpiry(readFileSync(join(dir, 'tls.crt'), 'utf8'));
    expect(sample(text, 'verdict_certificate_expiry_timestamp_seconds')).to.equal(notAfter.getTime() / 1000);
  });

  it('follows Prometheus naming: verdict_ prefix, snake case, _total counters, base units', () => {
    const families = [...text.matchAll(/^# TYPE (verdict_\w+) (\w+)$/gm)].map((m) => ({ name: m[1], type: m[2] }));
    expect(families.map((f) => f.name).sort()).to.deep.equal([
      'verdict_admission_duration_seconds',
      'verdict_admission_requests_total',
      'verdict_bundle_info',
      'verdict_certificate_expiry_timestamp_seconds',
      'verdict_policy_errors_total',
      'verdict_policy_evaluation_duration_seconds',
      'verdict_policy_violations_total',
    ]);
    for (const f of families) {
      expect(f.name).to.match(/^verdict_[a-z0-9_]+$/);
      if (f.type === 'counter') expect(f.name).to.match(/_total$/);
      if (f.type === 'histogram') expect(f.name).to.match(/_seconds$/);
    }
  });

  it('includes the default process metrics', () => {
    expect(text).to.match(/^process_cpu_user_seconds_total /m);
    expect(text).to.match(/^nodejs_heap_size_total_bytes /m);
  });
});
