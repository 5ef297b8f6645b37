// Acceptance: Verdict's modules run in the unmodified opa-wasm SDK, and a bundle gives the same results
// through Verdict's loader as through the SDK used directly.
import { expect } from 'chai';
import { loadPolicy } from '@open-policy-agent/opa-wasm';
import { compilePolicy } from '../../../src/rego/index.js';
import { buildManifest, loadBundle, readBundle, writeBundle } from '../../../src/rego/bundle/index.js';

const POLICY = `package k8s.admission

default allow := false

allow if {
	input.kind == "Pod"
	not privileged
}

privileged if {
	some c in input.containers
	c.privileged == true
}

deny contains msg if {
	some c in input.containers
	not allowed_image(c.image)
	msg := c.image
}

allowed_image(image) if data.registries.allowed[_] == image
`;

const INPUTS = [
  { kind: 'Pod', containers: [{ image: 'good/app', privileged: false }] },
  { kind: 'Pod', containers: [{ image: 'evil/app', privileged: true }, { image: 'good/app' }] },
  { kind: 'Service' },
  {},
];

const DATA = { registries: { allowed: ['good/app'] } };

describe('opa-wasm SDK acceptance', () => {
  it('runs a compiled module in the unmodified loadPolicy() with setData() and evaluate()', async () => {
    const compiled = await compilePolicy({
      files: [{ path: 'admission.rego', text: POLICY }],
      entrypoints: ['k8s/admission/allow', 'k8s/admission/deny'],
    });
    // Nothing is supplied to the SDK here, so the module must not need host builtins for this policy.
    expect(compiled.hostBuiltins).to.deep.equal([]);
    const policy = await loadPolicy(compiled.wasm.slice().buffer as ArrayBuffer);
    policy.setData(DATA);
    expect(policy.entrypoints).to.deep.equal({ 'k8s/admission/allow': 0, 'k8s/admission/deny': 1 });
    expect(policy.evaluate(INPUTS[0], 'k8s/admission/allow')).to.deep.equal([{ result: true }]);
    expect(policy.evaluate(INPUTS[1], 'k8s/admission/allow')).to.deep.equal([{ result: false }]);
    expect(policy.evaluate(INPUTS[1], 'k8s/admission/deny')).to.deep.equal([{ result: ['evil/app'] }]);
    expect(policy.evaluate(INPUTS[0])).to.deep.equal([{ result: true }]);
  });

  it('gives the same results for a bundle through loadBundle and through the SDK directly', async () => {
    const compiled = await compilePolicy({
      files: [{ path: 'admission.rego', text: POLICY }],
      entrypoints: ['k8s/admission/allow', 'k8s/admission/deny'],
    });
    const gz = await writeBundle({
      wasm: compiled.wasm,
      data: DATA,
      manifest: buildManifest({ revision: 'acceptance', entrypoints: compiled.entrypoints }),
      modules: [{ path: 'admission.rego', text: POLICY }],
    });

    const { policy: ours, bundle } = await loadBundle(gz);
    // The SDK used directly, as its README shows: the wasm entry, then the bundle's data.
    const raw = await readBundle(gz);
    const sdk = await loadPolicy(raw.wasm.slice().buffer as ArrayBuffer);
    sdk.setData(raw.data);

    expect(bundle.revision).to.equal('acceptance');
    for (const entrypoint of bundle.entrypoints) {
      for (const input of INPUTS) {
        expect(ours.evaluate(input, entrypoint), `${entrypoint} ${JSON.stringify(input)}`).to.deep.equal(sdk.evaluate(input, entrypoint));
      }
    }
    expect(ours.evaluate(INPUTS[1], 'k8s/admission/deny')).to.deep.equal([{ result: ['evil/app'] }]);
  });

  it('refuses a bundle whose manifest names an entrypoint the module does not export', async () => {
    const compiled = await compilePolicy({ files: [{ path: 'admission.rego', text: POLICY }], entrypoints: ['k8s/admission/allow'] });
    const gz = await writeBundle({ wasm: compiled.wasm, manifest: buildManifest({ entrypoints: ['k8s/admission/allow', 'k8s/admission/gone'] }) });
    const message = await loadBundle(gz).then(() => '', (e: Error) => e.message);
    expect(message).to.equal('bundle: the manifest names entrypoint k8s/admission/gone, which the wasm module does not export');
  });
});
