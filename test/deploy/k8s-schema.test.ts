// Pins the schema checker the deploy tests rely on: it must reject what the apiserver would reject.
import { expect } from 'chai';
import { modelNameFor, schemaProblems } from './k8s-schema.js';

const service = () => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'verdict', namespace: 'verdict-system' },
  spec: { selector: { app: 'verdict' }, ports: [{ name: 'https', port: 443, targetPort: 'https' }] },
});

describe('kubernetes schema checker', () => {
  it('maps apiVersion and kind to the generated model name', () => {
    expect(modelNameFor('apps/v1', 'Deployment')).to.equal('V1Deployment');
    expect(modelNameFor('v1', 'Service')).to.equal('V1Service');
    expect(modelNameFor('admissionregistration.k8s.io/v1', 'ValidatingWebhookConfiguration')).to.equal('V1ValidatingWebhookConfiguration');
  });

  it('accepts a valid object', () => {
    expect(schemaProblems(service())).to.deep.equal([]);
  });

  it('reports an unknown field with its path', () => {
    const bad = service();
    (bad.spec.ports[0] as Record<string, unknown>).targetPorts = 8443;
    expect(schemaProblems(bad)).to.deep.equal(['Service.spec.ports[0]: unknown field "targetPorts" in V1ServicePort']);
  });

  it('reports a missing required field', () => {
    const bad = service();
    delete (bad.spec.ports[0] as Record<string, unknown>).port;
    expect(schemaProblems(bad)).to.deep.equal(['Service.spec.ports[0]: missing required field "port" of V1ServicePort']);
  });

  it('reports a value of the wrong type, and accepts int-or-string fields either way', () => {
    const bad = service();
    (bad.spec.ports[0] as Record<string, unknown>).port = '443';
    expect(schemaProblems(bad)).to.deep.equal(['Service.spec.ports[0].port: expected a number, got "443"']);
    const numeric = service();
    (numeric.spec.ports[0] as Record<string, unknown>).targetPort = 8443;
    expect(schemaProblems(numeric)).to.deep.equal([]);
  });

  it('reports a missing required field inside a list item and a caBundle that is not base64', () => {
    const webhook = {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingWebhookConfiguration',
      metadata: { name: 'x' },
      webhooks: [{ name: 'a.b.c', clientConfig: { caBundle: 'not base64!' }, admissionReviewVersions: ['v1'] }],
    };
    expect(schemaProblems(webhook)).to.have.members([
      'ValidatingWebhookConfiguration.webhooks[0]: missing required field "sideEffects" of V1ValidatingWebhook',
      'ValidatingWebhookConfiguration.webhooks[0].clientConfig.caBundle: expected base64',
    ]);
  });

  it('rejects a kind it has no schema for', () => {
    expect(schemaProblems({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } })).to.deep.equal([
      '(root): no schema for example.com/v1 Widget',
    ]);
  });
});
