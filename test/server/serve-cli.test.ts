// Pins `verdict serve` as a process: a cluster of two workers behind one port with one audit chain and aggregated
// metrics, a generated self-signed certificate with the in-cluster SANs, a SIGTERM drain that finishes the request
// in flight and exits 0, and (without --bundle) a policy folder built at start and rebuilt on change.
import { expect } from 'chai';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { connect, type PeerCertificate } from 'node:tls';
import { auditRecords, call, eventually, FIXTURES, fixtureBundleFile, podReview, send, sleep, tempDir } from './harness.js';
import { startServe, type Serve } from './serve-process.js';

function peerCertificate(port: number, ca: string): Promise<PeerCertificate> {
  return new Promise((resolve, reject) => {
    const s = connect({ host: '127.0.0.1', port, ca, servername: 'verdict.verdict-system.svc' }, () => {
      resolve(s.getPeerCertificate());
      s.end();
    });
    s.on('error', reject);
  });
}

describe('verdict serve (process)', function () {
  this.timeout(120_000);
  const started: Serve[] = [];
  after(() => {
    for (const s of started) if (s.proc.exitCode === null) s.proc.kill('SIGKILL');
  });

  describe('with two workers', () => {
    let serve: Serve;
    let auditFile: string;
    before(async () => {
      auditFile = join(tempDir('audit'), 'audit.log');
      const bundle = await fixtureBundleFile('basic');
      serve = await startServe(['--workers', '2', '--bundle', bundle, '--audit-file', auditFile, '--watch-interval', '100'], tempDir('certs'));
      started.push(serve);
    });

    it('generates a serving certificate for the service names, localhost and 127.0.0.1, signed by its ca.crt', async () => {
      const cert = await peerCertificate(serve.port, serve.ca);
      const sans = (cert.subjectaltname ?? '').split(', ');
      for (const san of ['DNS:verdict', 'DNS:verdict.verdict-system.svc', 'DNS:verdict.verdict-system.svc.cluster.local', 'DNS:localhost', 'IP Address:127.0.0.1']) {
        expect(sans).to.include(san);
      }
    });

    it('speaks TLS 1.2 and 1.3, and answers older versions with a protocol_version alert', async () => {
      const handshake = (min: 'TLSv1' | 'TLSv1.2' | 'TLSv1.3', max: 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3') =>
        new Promise<string>((resolve) => {
          // SECLEVEL=0 lets this client offer old versions at all, so that the refusal seen is the server's.
          const s = connect({ host: '127.0.0.1', port: serve.port, ca: serve.ca, minVersion: min, maxVersion: max, ciphers: 'DEFAULT:@SECLEVEL=0' }, () => {
            resolve(s.getProtocol() ?? 'unknown');
            s.end();
          });
          s.on('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
        });
      expect(await handshake('TLSv1.2', 'TLSv1.2')).to.equal('TLSv1.2');
      expect(await handshake('TLSv1.3', 'TLSv1.3')).to.equal('TLSv1.3');
      expect(await handshake('TLSv1', 'TLSv1.1')).to.equal('ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION');
    });

    it('answers from both workers into one audit chain, and /metrics counts every worker', async () => {
      const n = 12;
      const ids: string[] = [];
      // No agent: each request on its own connection, which the primary hands to the workers in turn.
      for (let i = 0; i < n; i++) ids.push((await send(serve, 'validate', podReview({ privileged: i % 2 === 0 }))).json.response.auditAnnotations['audit-id']);
      // A worker answers once its record is handed to the primary, not once it is written (docs/audit-records.md).
      await eventually('every record written', () => ids.every((id) => auditRecords(auditFile).has(id)));
      const records = auditRecords(auditFile);
      const seqs = [...records.values()].map((r) => r.seq).sort((a, b) => a - b);
      expect(seqs).to.deep.equal(seqs.map((_, i) => seqs[0] + i));
      const metrics = (await call(serve, { method: 'GET', path: '/metrics' })).text;
      const count = (decision: string) =>
        Number(metrics.split('\n').find((l) => l.startsWith(`verdict_admission_requests_total{endpoint="validate",operation="CREATE",kind="Pod",decision="${decision}"}`))?.split(' ')[1] ?? 0);
      expect(count('denied') + count('allowed')).to.equal(n);
      expect(metrics).to.match(/^verdict_bundle_info\{revision="",digest="[0-9a-f]{12}"\} 1$/m);
      expect(metrics).to.include('process_cpu_user_seconds_total');
    });

    it('replaces a worker that dies, the other one answering meanwhile', async () => {
      const worker = serve.lines.find((l) => l.msg === 'policy bundle loaded' && l.worker !== undefined)!;
      process.kill(worker.pid, 'SIGKILL');
      // A connection handed to the worker in the instant it died is lost (a limit of node:cluster); once the
      // primary has seen the exit, every connection goes to the live worker.
      await eventually('the primary saw the exit', () => serve.lines.some((l) => l.msg === 'worker exited; starting a new one' && l.signal === 'SIGKILL'));
      for (let i = 0; i < 6; i++) expect((await send(serve, 'validate', podReview())).status).to.equal(200);
      await eventually('a new worker loaded the bundle', () => serve.lines.filter((l) => l.msg === 'policy bundle loaded' && l.worker !== undefined).length >= 3, 20_000);
      await eventually('the new worker listens', async () => (await send(serve, 'validate', podReview())).status === 200);
    });

    it('drains on SIGTERM: the request in flight is answered, its record is written, and the exit code is 0', async () => {
      const review = JSON.stringify(podReview({ privileged: true, uid: 'dddddddd-0000-4000-8000-00000000000d' }));
      const half = Math.floor(review.length / 2);
      const answer = new Promise<string>((resolve, reject) => {
        const s = connect({ host: '127.0.0.1', port: serve.port, ca: serve.ca }, () => {
          s.write(`POST /validate HTTP/1.1\r\nHost: verdict\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(review)}\r\n\r\n`);
          s.write(review.slice(0, half));
        });
        let got = '';
        s.on('data', (d: Buffer) => (got += d.toString()));
        s.on('close', () => resolve(got));
        s.on('error', reject);
        (async () => {
          await sleep(300);
          serve.proc.kill('SIGTERM');
          await sleep(500);
          s.write(review.slice(half));
        })().catch(reject);
      });
      const got = await answer;
      expect(got).to.match(/^HTTP\/1\.1 200 /);
      const body = JSON.parse(got.slice(got.indexOf('\r\n\r\n') + 4));
      expect(body.response.allowed).to.equal(false);
      expect(await serve.exited).to.equal(0);
      expect(serve.lines.some((l) => l.msg === 'stopped')).to.equal(true);
      const records = [...auditRecords(auditFile).values()];
      expect(records.some((r) => r.requestUid === 'dddddddd-0000-4000-8000-00000000000d')).to.equal(true);
    });
  });

  describe('without a bundle', () => {
    it('builds the policy folder, serves it, and rebuilds it when a file changes', async () => {
      const folder = tempDir('policies');
      cpSync(join(FIXTURES, 'policies/freeze'), folder, { recursive: true });
      const serve = await startServe(['--workers', '1', '--policies', folder, '--audit-file', join(tempDir('audit'), 'a.log'), '--watch-interval', '100'], tempDir('certs'));
      started.push(serve);
      expect(serve.lines.some((l) => l.msg === 'built the policy folder')).to.equal(true);
      expect((await send(serve, 'validate', podReview())).json.response.status.message).to.equal('[freeze] changes are frozen (bundle B)');
      writeFileSync(join(folder, 'freeze.rego'), readFileSync(join(folder, 'freeze.rego'), 'utf8').replace('(bundle B)', '(rebuilt)'));
      await eventually('rebuilt policy served', async () => (await send(serve, 'validate', podReview())).json.response.status?.message === '[freeze] changes are frozen (rebuilt)', 60_000);
      serve.proc.kill('SIGTERM');
      expect(await serve.exited).to.equal(0);
    });

    it('starts with an empty bundle from an empty folder and says so', async () => {
      const serve = await startServe(['--workers', '1', '--policies', tempDir('empty'), '--audit-file', join(tempDir('audit'), 'a.log')], tempDir('certs'));
      started.push(serve);
      expect(serve.lines.some((l) => String(l.msg).includes('serving an empty bundle'))).to.equal(true);
      expect((await send(serve, 'validate', podReview({ privileged: true }))).json.response.allowed).to.equal(true);
      expect((await call(serve, { method: 'GET', path: '/readyz' })).status).to.equal(200);
      serve.proc.kill('SIGTERM');
      expect(await serve.exited).to.equal(0);
    });
  });
});
