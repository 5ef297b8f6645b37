// Pins failure modes over real HTTPS: a policy that cannot be evaluated denies when it fails closed and admits with a
// warning when it fails open, without taking the other policies with it; traps replace the wasm instance; patches
// that collide or do not apply are errors named by policy.
import { expect } from 'chai';
import { auditRecords, call, podReview, send, startTestServer, type TestServer } from './harness.js';

describe('failure modes', function () {
  this.timeout(60_000);
  const servers: TestServer[] = [];
  const serve = async (config?: string, limits?: { initialPages: number; maximumPages: number }) => {
    const s = await startTestServer({ config, limits });
    servers.push(s);
    return s;
  };
  after(async () => {
    await Promise.all(servers.map((s) => s.close()));
  });
  const boom = { 'verdict.test/boom': 'conflict' };

  it('fails closed by default: denies, naming the policy and the error code', async () => {
    const s = await serve();
    const r = (await send(s, 'validate', podReview({ annotations: boom }))).json.response;
    expect(r.allowed).to.equal(false);
    expect(r.status.code).to.equal(403);
    expect(r.status.message).to.match(/^\[boom\] could not be evaluated \(VERDICT_ERR_EVAL_CONFLICT\): .*eval_conflict_error/);
    expect(r.auditAnnotations.decision).to.equal('error');
    const record = auditRecords(s.auditFile).get(r.auditAnnotations['audit-id']);
    expect(record.error).to.equal('boom: VERDICT_ERR_EVAL_CONFLICT');
  });

  it('fails open when configured: admits with a warning, and the other policies still decide', async () => {
    const s = await serve('policies:\n  boom:\n    failure: open\n');
    const open = (await send(s, 'validate', podReview({ annotations: boom, labels: { team: 'web' } }))).json.response;
    expect(open.allowed).to.equal(true);
    expect(open.auditAnnotations.decision).to.equal('error');
    expect(open.warnings).to.deep.equal([
      '[app_label] objects should carry an app label',
      '[boom] could not be evaluated (VERDICT_ERR_EVAL_CONFLICT); admitted because the policy fails open',
    ]);
    const denied = (await send(s, 'validate', podReview({ annotations: boom, privileged: true }))).json.response;
    expect(denied.allowed).to.equal(false);
    expect(denied.status.message).to.equal('[privileged] privileged containers are not allowed');
  });

  it('takes the global default failure mode for policies without their own', async () => {
    const s = await serve('defaults:\n  failure: open\n');
    const r = (await send(s, 'validate', podReview({ annotations: boom }))).json.response;
    expect(r.allowed).to.equal(true);
  });

  it('denies a review nested deeper than the policy module parses, instead of deciding it as one without an object', async () => {
    // JSON.parse takes any depth; the module's parser stops at 2048 levels. Evaluated as undefined input, this
    // privileged Pod would pass every policy.
    const s = await serve();
    const deep = (levels: number) =>
      JSON.stringify(podReview({ privileged: true })).replace('"spec":{', `"spec":{"extra":${'['.repeat(levels)}${']'.repeat(levels)},`);
    const r = JSON.parse((await call(s, { path: '/validate', body: deep(5000) })).text).response;
    expect(r.allowed).to.equal(false);
    expect(r.status.message).to.include('[privileged] could not be evaluated (VERDICT_ERR_EVAL): opa_eval: the input does not parse');
    expect(r.auditAnnotations.decision).to.equal('error');
    const shallow = JSON.parse((await call(s, { path: '/validate', body: deep(100) })).text).response;
    expect(shallow.status.message).to.equal('[privileged] privileged containers are not allowed');
  });

  it('answers an out-of-memory evaluation per the failure mode, replaces the instance and serves the next request', async () => {
    const s = await serve(undefined, { initialPages: 8, maximumPages: 24 });
    const big = podReview({ annotations: { pad: 'x'.repeat(2 * 1024 * 1024) } });
    const r = (await send(s, 'validate', big)).json.response;
    expect(r.allowed).to.equal(false);
    expect(r.status.message).to.include('VERDICT_ERR_EVAL_MEMORY');
    const engine = s.running.state.engine!;
    expect(engine.instanceReplacements).to.be.greaterThan(0);
    const next = (await send(s, 'validate', podReview())).json.response;
    expect(next.allowed).to.equal(true);
    const metrics = (await s.running.context.metricsText()).text;
    expect(metrics).to.match(/verdict_policy_errors_total\{policy="privileged",code="VERDICT_ERR_EVAL_MEMORY"\} 1/);
  });

  it('reports two policies patching the same path by name, and sends no patch', async () => {
    const s = await serve();
    const review = podReview({ labels: { app: 'web' }, annotations: { 'verdict.test/owner': 'payments' } });
    const r = (await send(s, 'mutate', review)).json.response;
    expect(r.allowed).to.equal(false);
    expect(r.status.message).to.include('[labels] could not be evaluated (VERDICT_ERR_PATCH_CONFLICT): policies labels and owner both patch /metadata/labels/team');
    expect(r.status.message).to.include('[owner] could not be evaluated (VERDICT_ERR_PATCH_CONFLICT)');
    expect(r).to.not.have.property('patch');
  });

  it('drops a patch that does not apply and keeps the others when that policy fails open (its METADATA says so)', async () => {
    const s = await serve();
    const review = podReview({ labels: { app: 'web' }, annotations: { 'verdict.test/badpatch': 'yes' } });
    const r = (await send(s, 'mutate', review)).json.response;
    expect(r.allowed).to.equal(true);
    expect(r.warnings).to.deep.equal([
      '[badpatch] could not be evaluated (VERDICT_ERR_PATCH_APPLY); admitted because the policy fails open',
      '[labels] objects should carry a team label',
    ]);
    expect(JSON.parse(Buffer.from(r.patch, 'base64').toString())).to.deep.equal([{ op: 'add', path: '/metadata/labels/team', value: 'unowned' }]);
  });

  it("lets the configuration's default failure mode overrule a policy's METADATA", async () => {
    const s = await serve('defaults:\n  failure: closed\n');
    const review = podReview({ annotations: { 'verdict.test/badpatch': 'yes' } });
    const r = (await send(s, 'mutate', review)).json.response;
    expect(r.allowed).to.equal(false);
    expect(r.status.message).to.match(/^\[badpatch\] could not be evaluated \(VERDICT_ERR_PATCH_APPLY\): replace \/spec\/notThere: no value at \/spec\/notThere$/);
  });
});
