// Pins the AdmissionReview contract over real HTTPS: allowed, denied, warned and patched answers, the version
// echoed, and the audit id that joins the apiserver's audit event to Verdict's own record.
import { expect } from 'chai';
import { auditRecords, call, podReview, send, startTestServer, type TestServer } from './harness.js';

/** An `add`-only JSON Patch applier, independent of the server's, to check what the patch does to the object. */
function applyAdds(doc: any, ops: Array<{ op: string; path: string; value: unknown }>): any {
  const out = structuredClone(doc);
  for (const op of ops) {
    expect(op.op).to.equal('add');
    const keys = op.path.split('/').slice(1).map((k) => k.replace(/~1/g, '/').replace(/~0/g, '~'));
    let node = out;
    for (const k of keys.slice(0, -1)) {
      expect(node, `parent of ${op.path}`).to.be.an('object').that.has.property(k);
      node = node[k];
    }
    node[keys[keys.length - 1]] = op.value;
  }
  return out;
}

describe('admission endpoints', function () {
  this.timeout(60_000);
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(async () => {
    await server?.close();
  });

  it('allows a compliant Pod and echoes the uid', async () => {
    const review = podReview({ uid: 'a1b2c3d4-0000-4000-8000-000000000001' });
    const reply = await send(server, 'validate', review);
    expect(reply.status).to.equal(200);
    expect(reply.headers['content-type']).to.match(/^application\/json/);
    expect(reply.json.apiVersion).to.equal('admission.k8s.io/v1');
    expect(reply.json.kind).to.equal('AdmissionReview');
    expect(reply.json.response.uid).to.equal('a1b2c3d4-0000-4000-8000-000000000001');
    expect(reply.json.response.allowed).to.equal(true);
    expect(reply.json.response).to.not.have.property('status');
    expect(reply.json.response).to.not.have.property('warnings');
    expect(reply.json.response).to.not.have.property('patch');
    expect(reply.json.response.auditAnnotations.decision).to.equal('allowed');
  });

  it('answers at the URL the apiserver calls, which carries its timeout as a query parameter', async () => {
    // The kube-apiserver appends ?timeout=<timeoutSeconds>s to every webhook URL.
    for (const endpoint of ['validate', 'mutate']) {
      const reply = await call(server, { path: `/${endpoint}?timeout=3s`, body: JSON.stringify(podReview({ privileged: endpoint === 'validate' })) });
      expect(reply.status, reply.text).to.equal(200);
      expect(reply.json.response.allowed).to.equal(endpoint !== 'validate');
    }
  });

  it('answers the same review the same way at spellings of the path that express routes (trailing slash, capitals)', async () => {
    const body = JSON.stringify(podReview({ privileged: true }));
    for (const path of ['/validate', '/validate/', '/Validate?timeout=3s']) {
      const reply = await call(server, { path, body });
      expect(reply.status, `${path}: ${reply.text}`).to.equal(200);
      expect(reply.json.response.allowed, path).to.equal(false);
      expect(reply.json.response.status.code, path).to.equal(403);
    }
  });

  it('denies a privileged Pod with 403 and a message naming the policy and its message', async () => {
    const reply = await send(server, 'validate', podReview({ privileged: true }));
    expect(reply.status).to.equal(200);
    const r = reply.json.response;
    expect(r.allowed).to.equal(false);
    expect(r.status).to.deep.equal({
      code: 403,
      reason: 'Forbidden',
      message: '[privileged] privileged containers are not allowed',
      status: 'Failure',
    });
    expect(r.auditAnnotations.decision).to.equal('denied');
    expect(r.auditAnnotations.policies).to.equal('privileged');
  });

  it('warns about a missing app label without denying', async () => {
    const reply = await send(server, 'validate', podReview({ labels: { team: 'shop' } }));
    const r = reply.json.response;
    expect(r.allowed).to.equal(true);
    expect(r.warnings).to.deep.equal(['[app_label] objects should carry an app label']);
    expect(r.auditAnnotations.decision).to.equal('warned');
  });

  it("sends a patching policy's warnings with its patch on /mutate, and not again on /validate", async () => {
    const review = podReview({ labels: { app: 'web' } });
    const mutate = (await send(server, 'mutate', review)).json.response;
    expect(mutate.warnings).to.deep.equal(['[labels] objects should carry a team label']);
    const validate = (await send(server, 'validate', review)).json.response;
    expect(validate).to.not.have.property('warnings');
  });

  it('returns a base64 JSONPatch on /mutate that turns the object into the expected one', async () => {
    const review = podReview({ labels: null });
    const reply = await send(server, 'mutate', review);
    const r = reply.json.response;
    expect(r.allowed).to.equal(true);
    expect(r.patchType).to.equal('JSONPatch');
    const ops = JSON.parse(Buffer.from(r.patch, 'base64').toString('utf8'));
    const patched = applyAdds(review.request.object, ops);
    const expected = structuredClone(review.request.object);
    expected.metadata.labels = { team: 'unowned' };
    expect(patched).to.deep.equal(expected);
    // Validation-only policies speak on /validate: the object they would judge here is not the final one.
    expect(r.warnings).to.deep.equal(['[labels] objects should carry a team label']);
  });

  it('adds a key to existing labels rather than replacing the map', async () => {
    const review = podReview({ labels: { app: 'web' } });
    const r = (await send(server, 'mutate', review)).json.response;
    const ops = JSON.parse(Buffer.from(r.patch, 'base64').toString('utf8'));
    expect(ops).to.deep.equal([{ op: 'add', path: '/metadata/labels/team', value: 'unowned' }]);
    expect(applyAdds(review.request.object, ops).metadata.labels).to.deep.equal({ app: 'web', team: 'unowned' });
  });

  it('never puts a patch on a /validate answer', async () => {
    const r = (await send(server, 'validate', podReview({ labels: null }))).json.response;
    expect(r).to.not.have.property('patch');
    expect(r).to.not.have.property('patchType');
  });

  it('answers a v1beta1 review in v1beta1', async () => {
    const reply = await send(server, 'validate', podReview({ apiVersion: 'admission.k8s.io/v1beta1', privileged: true }));
    expect(reply.json.apiVersion).to.equal('admission.k8s.io/v1beta1');
    expect(reply.json.response.allowed).to.equal(false);
  });

  it('puts the audit record id in auditAnnotations, and that record describes the decision', async () => {
    const review = podReview({ privileged: true, uid: 'feedf00d-0000-4000-8000-000000000042' });
    const r = (await send(server, 'validate', review)).json.response;
    const id = r.auditAnnotations['audit-id'];
    expect(id).to.match(/^[0-9a-f-]{36}$/);
    const record = auditRecords(server.auditFile).get(id);
    expect(record, 'record with the annotated id').to.not.equal(undefined);
    expect(record.requestUid).to.equal('feedf00d-0000-4000-8000-000000000042');
    expect(record.decision).to.equal('denied');
    expect(record.source).to.equal('admission');
    expect(record.policies.map((p: any) => [p.id, p.result, p.severity, p.controls])).to.deep.equal([['privileged', 'deny', 'high', ['CIS-5.2.1']]]);
  });

  it('keeps every annotation key a valid apiserver audit key', async () => {
    const r = (await send(server, 'validate', podReview({ privileged: true, labels: { team: 'x' }, dryRun: true }))).json.response;
    for (const [k, v] of Object.entries(r.auditAnnotations)) {
      expect(k).to.match(/^[A-Za-z0-9]([A-Za-z0-9._-]{0,61}[A-Za-z0-9])?$/);
      expect(v).to.be.a('string');
    }
  });

  it('skips evaluation for a kind no policy matches, and allows it', async () => {
    const review = podReview();
    review.request.kind = { group: 'rbac.authorization.k8s.io', version: 'v1', kind: 'Role' };
    review.request.object = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'r' }, rules: [] };
    const r = (await send(server, 'validate', review)).json.response;
    expect(r.allowed).to.equal(true);
    const record = auditRecords(server.auditFile).get(r.auditAnnotations['audit-id']);
    expect(record.latencyMs.evaluation).to.equal(0);
  });
});
