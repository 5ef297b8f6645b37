// Pins the engine's own contract, below HTTP: what is evaluated, that origin is only a label, parameters in data,
// and the audit view of a decision.
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseConfig } from '../../src/config/index.js';
import { createEngine, decisionForAudit, readEngineBundle, type Engine } from '../../src/engine/index.js';
import { FIXTURES, fixtureBundle } from '../server/harness.js';

function review(mutate?: (r: any) => void): any {
  const r = JSON.parse(readFileSync(join(FIXTURES, 'pod-review.json'), 'utf8'));
  mutate?.(r);
  return r;
}

describe('decision engine', function () {
  this.timeout(60_000);
  let engine: Engine;
  before(async () => {
    engine = await createEngine({ bundle: await readEngineBundle(await fixtureBundle('basic')) });
  });

  it('does not evaluate a review no enabled policy matches by kind', async () => {
    const d = await engine.decide(review((r) => (r.request.kind = { group: 'apps', version: 'v1', kind: 'StatefulSet' })), { origin: 'admission', endpoint: 'validate' });
    expect(d.evaluated).to.equal(false);
    expect(d.timings.evaluationMs).to.equal(0);
    expect(d.allowed).to.equal(true);
  });

  it('does not evaluate an operation the matching policies exclude', async () => {
    // privileged lists CREATE and UPDATE; the other fixture policies match every operation, so turn them off.
    const onlyPrivileged = await createEngine({
      bundle: await readEngineBundle(await fixtureBundle('basic')),
      config: parseConfig('defaults: {mode: "off"}\npolicies: {privileged: {mode: enforce}}\n'),
    });
    const d = await onlyPrivileged.decide(review((r) => ((r.request.operation = 'DELETE'), (r.request.oldObject = r.request.object), (r.request.object = null))), { origin: 'admission', endpoint: 'validate' });
    expect(d.evaluated).to.equal(false);
  });

  it('gives the same decision whatever the origin, which is only carried along', async () => {
    const privileged = review((r) => (r.request.object.spec.containers[0].securityContext.privileged = true));
    const strip = (d: any) => ({ ...d, origin: undefined, timings: undefined });
    const a = await engine.decide(privileged, { origin: 'admission', endpoint: 'validate' });
    const s = await engine.decide(privileged, { origin: 'scan', endpoint: 'validate' });
    expect(a.origin).to.equal('admission');
    expect(s.origin).to.equal('scan');
    expect(strip(s)).to.deep.equal(strip(a));
  });

  it('takes the same decision from pre-serialised input bytes as from the object', async () => {
    const r = review((x) => (x.request.object.spec.containers[0].securityContext.privileged = true));
    const bytes = new TextEncoder().encode(JSON.stringify(r));
    const fromBytes = await engine.decide(r, { origin: 'admission', endpoint: 'validate', input: bytes.buffer as ArrayBuffer });
    const fromObject = await engine.decide(r, { origin: 'admission', endpoint: 'validate' });
    expect(fromBytes.message).to.equal(fromObject.message).and.to.equal('[privileged] privileged containers are not allowed');
  });

  it('passes configured parameters to the policy over the bundle defaults', async () => {
    const configured = await createEngine({
      bundle: await readEngineBundle(await fixtureBundle('basic')),
      config: parseConfig('policies:\n  labels:\n    parameters: {defaultTeam: platform}\n'),
    });
    const d = await configured.decide(review((r) => delete r.request.object.metadata.labels), { origin: 'admission', endpoint: 'mutate' });
    expect(d.patch).to.deep.equal([{ op: 'add', path: '/metadata/labels', value: { team: 'platform' } }]);
    const byDefault = await engine.decide(review((r) => delete r.request.object.metadata.labels), { origin: 'admission', endpoint: 'mutate' });
    expect(byDefault.patch).to.deep.equal([{ op: 'add', path: '/metadata/labels', value: { team: 'unowned' } }]);
  });

  it("resolves mode and failure: the policy's own setting, then the defaults, then its METADATA, then enforce and closed", async () => {
    const bundle = await readEngineBundle(await fixtureBundle('basic'));
    bundle.catalog.policies.find((p) => p.id === 'privileged')!.mode = 'warn';
    bundle.catalog.policies.find((p) => p.id === 'boom')!.mode = 'dryrun';
    const settings = async (yaml: string) =>
      Object.fromEntries((await createEngine({ bundle, config: parseConfig(yaml) })).settings().map((s) => [s.id, `${s.mode}/${s.failure}`]));
    expect(await settings('')).to.include({ privileged: 'warn/closed', boom: 'dryrun/closed', badpatch: 'enforce/open', labels: 'enforce/closed' });
    expect(await settings('defaults: {mode: enforce, failure: closed}')).to.include({ privileged: 'enforce/closed', badpatch: 'enforce/closed' });
    expect(await settings('defaults: {mode: enforce}\npolicies: {privileged: {mode: dryrun, failure: open}}')).to.include({ privileged: 'dryrun/open', boom: 'enforce/closed' });
  });

  it('notices a configured policy the bundle does not have', async () => {
    const e = await createEngine({ bundle: await readEngineBundle(await fixtureBundle('basic')), config: parseConfig('policies: {nosuch: {mode: warn}}\n') });
    expect(e.notices).to.deep.equal(['the configuration names policy "nosuch", which the bundle does not have']);
  });

  it('hands the audit writer identifiers and outcomes, and the Secret values to scrub', async () => {
    const secret = review((r) => {
      r.request.kind = { group: '', version: 'v1', kind: 'Secret' };
      r.request.object = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, stringData: { password: 'hunter2hunter2' } };
    });
    const d = await engine.decide(secret, { origin: 'admission', endpoint: 'validate' });
    const a = decisionForAudit(d, secret);
    expect(a.sensitiveValues).to.deep.equal(['hunter2hunter2']);
    expect(a).to.not.have.property('object');
    expect(a.kind).to.deep.equal({ group: '', version: 'v1', kind: 'Secret' });
    expect(a.name).to.equal('web-0');
  });

  it('refuses a bundle that was not built for Verdict', async () => {
    const { writeBundle, buildManifest } = await import('../../src/rego/bundle/index.js');
    const plain = await writeBundle({ wasm: new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]), manifest: buildManifest({ entrypoints: ['x/y'] }) });
    let message = '';
    await readEngineBundle(plain).catch((err: Error) => (message = err.message));
    expect(message).to.equal('bundle: verdict policy catalog: missing; build the bundle with `verdict build`');
  });
});
