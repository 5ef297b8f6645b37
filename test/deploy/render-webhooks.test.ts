// Pins caBundle rendering and the TLS Secret manifest: what `kubectl apply -f certs/` installs.
import { expect } from 'chai';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateCertificates, renderTlsSecret, renderWebhookConfigs, type GeneratedCertificates } from '../../src/certs/index.js';
import { UserError } from '../../src/shared/user-error.js';
import { schemaProblems } from './k8s-schema.js';
import { excludedNamespaces, parseManifests, projectRoot, webhooksOf, type Manifest } from './kustomize.js';

const BASE = join(projectRoot, 'webhook-config');

describe('webhook configuration rendering', () => {
  let certs: GeneratedCertificates;
  let out: string;
  before(() => {
    certs = generateCertificates({ namespace: 'verdict-system', service: 'verdict' });
  });
  beforeEach(async () => {
    out = await mkdtemp(join(tmpdir(), 'verdict-render-'));
  });
  afterEach(async () => {
    await rm(out, { recursive: true, force: true });
  });

  it('fills the CA into every webhook of both configurations in webhook-config/', async () => {
    const rendered = await renderWebhookConfigs(BASE, certs.caCertPem);
    expect(rendered.map((r) => r.kind).sort()).to.deep.equal(['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration']);
    const hooks = webhooksOf(rendered.flatMap((r) => parseManifests(r.text)));
    expect(hooks).to.have.length(2);
    for (const { webhook } of hooks) {
      const bundle = (webhook.clientConfig as { caBundle?: string }).caBundle ?? '';
      expect(Buffer.from(bundle, 'base64').toString('utf8')).to.equal(certs.caCertPem);
    }
  });

  it('keeps the rendered configurations valid against the Kubernetes schema, comments included', async () => {
    const rendered = await renderWebhookConfigs(BASE, certs.caCertPem);
    for (const r of rendered) {
      for (const manifest of parseManifests(r.text)) expect(schemaProblems(manifest), r.name).to.deep.equal([]);
      expect(r.text).to.include('# failurePolicy');
    }
  });

  it('writes one file per source file into the output folder and leaves the base untouched', async () => {
    const before = await readFile(join(BASE, 'validating-webhook.yaml'), 'utf8');
    const rendered = await renderWebhookConfigs(BASE, certs.caCertPem, out);
    expect((await readdir(out)).sort()).to.deep.equal(['mutating-webhook.yaml', 'validating-webhook.yaml']);
    expect(rendered.every((r) => r.path?.startsWith(out))).to.equal(true);
    expect(await readFile(join(BASE, 'validating-webhook.yaml'), 'utf8')).to.equal(before);
    const written = parseManifests(await readFile(join(out, 'validating-webhook.yaml'), 'utf8'));
    expect(written.map((m) => m.kind)).to.deep.equal(['ValidatingWebhookConfiguration']);
  });

  it('moves the Service reference to another namespace and excludes that namespace instead', async () => {
    const rendered = await renderWebhookConfigs(BASE, certs.caCertPem, undefined, { namespace: 'policy-system', service: 'admission' });
    for (const { webhook } of webhooksOf(rendered.flatMap((r) => parseManifests(r.text)))) {
      expect(webhook.clientConfig.service).to.include({ namespace: 'policy-system', name: 'admission' });
      const excluded = excludedNamespaces(webhook);
      expect(excluded).to.include.members(['kube-system', 'policy-system']);
      expect(excluded).to.not.include('verdict-system');
    }
  });

  it('puts several CAs in the bundle, for overlap during a CA rotation', async () => {
    const next = generateCertificates({ namespace: 'verdict-system', service: 'verdict' });
    const rendered = await renderWebhookConfigs(BASE, certs.caCertPem + next.caCertPem);
    const bundle = Buffer.from(String((webhooksOf(parseManifests(rendered[0].text))[0].webhook.clientConfig as { caBundle?: string }).caBundle), 'base64').toString();
    expect(bundle.match(/BEGIN CERTIFICATE/g)).to.have.length(2);
  });

  it('reads a single file holding other kinds too, keeping only the webhook configurations', async () => {
    const stream = join(out, 'all.yaml');
    const base = await readFile(join(BASE, 'validating-webhook.yaml'), 'utf8');
    await writeFile(stream, `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: x\n---\n${base}`);
    const rendered = await renderWebhookConfigs(stream, certs.caCertPem);
    expect(rendered.map((r) => r.kind)).to.deep.equal(['ValidatingWebhookConfiguration']);
  });

  it('fails with a user error for a folder without webhook configurations or a bundle without a certificate', async () => {
    const noHooks = await renderWebhookConfigs(out, certs.caCertPem).catch((err: Error) => err);
    expect(noHooks).to.be.instanceOf(UserError);
    expect((noHooks as Error).message).to.match(/no ValidatingWebhookConfiguration or MutatingWebhookConfiguration/);
    const noCert = await renderWebhookConfigs(BASE, certs.keyPem).catch((err: Error) => err);
    expect(noCert).to.be.instanceOf(UserError);
    const missing = await renderWebhookConfigs(join(out, 'nope'), certs.caCertPem).catch((err: Error) => err);
    expect(missing).to.be.instanceOf(UserError);
  });
});

describe('TLS Secret manifest', () => {
  it('is a valid kubernetes.io/tls Secret holding tls.crt, tls.key and ca.crt under the Deployment’s secret name', () => {
    const certs = generateCertificates({ namespace: 'verdict-system', service: 'verdict' });
    const [secret] = parseManifests(renderTlsSecret(certs, 'verdict-system', 'verdict-tls')) as Manifest[];
    expect(schemaProblems(secret)).to.deep.equal([]);
    expect(secret.type).to.equal('kubernetes.io/tls');
    expect(secret.metadata).to.include({ name: 'verdict-tls', namespace: 'verdict-system' });
    const data = secret.data as Record<string, string>;
    const decode = (key: string) => Buffer.from(data[key], 'base64').toString('utf8');
    expect([decode('tls.crt'), decode('tls.key'), decode('ca.crt')]).to.deep.equal([certs.certPem, certs.keyPem, certs.caCertPem]);
  });
});
