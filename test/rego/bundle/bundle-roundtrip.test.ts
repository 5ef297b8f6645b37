// Pins the bundle format: what `writeBundle` writes, `readBundle` reads back, including OPA's own layout.
import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import tar from 'tar-stream';
import { buildManifest, parseManifest, readBundle, writeBundle, bundleEntryPath } from '../../../src/rego/bundle/index.js';

/** The smallest valid wasm binary: magic and version; enough to check bytes survive the round trip. */
const WASM = Uint8Array.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);

async function tarEntries(gz: Uint8Array): Promise<Map<string, { mode: number; text: string }>> {
  const out = new Map<string, { mode: number; text: string }>();
  const extract = tar.extract();
  const reading = (async () => {
    for await (const entry of extract) {
      const chunks: Buffer[] = [];
      for await (const c of entry) chunks.push(c as Buffer);
      out.set(entry.header.name, { mode: entry.header.mode, text: Buffer.concat(chunks).toString('latin1') });
    }
  })();
  extract.end(gunzipSync(gz));
  await reading;
  return out;
}

/** A tar.gz laid out as `opa build -t wasm` writes it: leading `/`, mode 0600, mtime 0, data before the wasm. */
async function opaStyleBundle(entries: Array<[string, Uint8Array | string]>): Promise<Buffer> {
  const pack = tar.pack();
  const chunks: Buffer[] = [];
  const done = (async () => {
    for await (const c of pack) chunks.push(Buffer.from(c as Uint8Array));
  })();
  for (const [name, body] of entries) {
    const buf = typeof body === 'string' ? Buffer.from(body) : Buffer.from(body);
    await new Promise<void>((res, rej) => pack.entry({ name, size: buf.length, mode: 0o600, mtime: new Date(0) }, buf, (e) => (e ? rej(e) : res())));
  }
  pack.finalize();
  await done;
  return gzipSync(Buffer.concat(chunks));
}

describe('bundle write/read', () => {
  it('writes /policy.wasm, /data.json, /.manifest and the sources with a leading slash', async () => {
    const gz = await writeBundle({
      wasm: WASM,
      data: { a: { b: 1 } },
      manifest: buildManifest({ revision: 'r1', entrypoints: ['a/b/c', 'a/d'] }),
      modules: [{ path: 'policies/x.rego', text: 'package a.b\nc := 1\n' }],
    });
    const entries = await tarEntries(gz);
    expect([...entries.keys()].sort()).to.deep.equal(['/.manifest', '/data.json', '/policies/x.rego', '/policy.wasm']);
    expect(JSON.parse(entries.get('/.manifest')!.text)).to.deep.equal({
      revision: 'r1',
      roots: [''],
      wasm: [
        { entrypoint: 'a/b/c', module: '/policy.wasm' },
        { entrypoint: 'a/d', module: '/policy.wasm' },
      ],
    });
    expect(JSON.parse(entries.get('/data.json')!.text)).to.deep.equal({ a: { b: 1 } });
  });

  it('reads back what it wrote: wasm bytes, data, manifest, revision, entrypoints and sources', async () => {
    const manifest = buildManifest({ revision: 'v7', entrypoints: ['p/allow'] });
    const gz = await writeBundle({ wasm: WASM, data: { x: [1, 2] }, manifest, modules: [{ path: 'p.rego', text: 'package p\n' }] });
    const bundle = await readBundle(gz);
    expect([...bundle.wasm]).to.deep.equal([...WASM]);
    expect(bundle.data).to.deep.equal({ x: [1, 2] });
    expect(bundle.manifest).to.deep.equal(manifest);
    expect(bundle.revision).to.equal('v7');
    expect(bundle.entrypoints).to.deep.equal(['p/allow']);
    expect(bundle.modules).to.deep.equal([{ path: '/p.rego', text: 'package p\n' }]);
  });

  it('reports the sha256 of the gzipped bytes as the digest', async () => {
    const gz = await writeBundle({ wasm: WASM, manifest: buildManifest({ entrypoints: ['p'] }) });
    const bundle = await readBundle(gz);
    expect(bundle.digest).to.equal(createHash('sha256').update(gz).digest('hex'));
  });

  it('builds byte-identical bundles from identical inputs', async () => {
    const make = () => writeBundle({ wasm: WASM, data: { a: 1 }, manifest: buildManifest({ entrypoints: ['p'] }) });
    expect(Buffer.compare(await make(), await make())).to.equal(0);
  });

  it('records rego_version 0 in the manifest of a v0-compatible build', () => {
    expect(buildManifest({ entrypoints: ['p'], regoVersion: 0 }).rego_version).to.equal(0);
    expect(buildManifest({ entrypoints: ['p'], regoVersion: 1 })).to.not.have.property('rego_version');
  });

  it('reads a bundle laid out as opa build writes it', async () => {
    const manifest = '{"revision":"","roots":[""],"wasm":[{"entrypoint":"wasm/test/main","module":"/policy.wasm"},{"entrypoint":"wasm/test/main/a","module":"/policy.wasm"}]}';
    const gz = await opaStyleBundle([
      ['/data.json', '{}\n'],
      ['/main.rego', 'package wasm.test\n'],
      ['/policy.wasm', WASM],
      ['/.manifest', manifest],
    ]);
    const bundle = await readBundle(gz);
    expect([...bundle.wasm]).to.deep.equal([...WASM]);
    expect(bundle.data).to.deep.equal({});
    expect(bundle.entrypoints).to.deep.equal(['wasm/test/main', 'wasm/test/main/a']);
    expect(bundle.revision).to.equal('');
  });

  it('accepts entry names without a leading slash and a module path without one', async () => {
    const gz = await opaStyleBundle([
      ['policy.wasm', WASM],
      ['.manifest', '{"revision":"x","wasm":[{"entrypoint":"a","module":"policy.wasm"}]}'],
    ]);
    const bundle = await readBundle(gz);
    expect([...bundle.wasm]).to.deep.equal([...WASM]);
    expect(bundle.revision).to.equal('x');
    expect(bundle.data).to.deep.equal({});
  });

  it('accepts a bundle without a manifest, with an empty revision', async () => {
    const bundle = await readBundle(await opaStyleBundle([['/policy.wasm', WASM]]));
    expect(bundle.revision).to.equal('');
    expect(bundle.entrypoints).to.deep.equal([]);
  });

  it('keeps manifest fields it does not interpret, such as rego_version and metadata', async () => {
    const gz = await opaStyleBundle([
      ['/policy.wasm', WASM],
      ['/.manifest', '{"revision":"","rego_version":1,"file_rego_versions":{"/a.rego":0},"metadata":{"k":"v"}}'],
    ]);
    const bundle = await readBundle(gz);
    expect(bundle.manifest.rego_version).to.equal(1);
    expect(bundle.manifest.metadata).to.deep.equal({ k: 'v' });
  });

  it('merges data files found at nested paths under their directory', async () => {
    const gz = await opaStyleBundle([
      ['/policy.wasm', WASM],
      ['/data.json', '{"top": true}'],
      ['/a/b/data.json', '{"c": 1}'],
      ['/a/data.yaml', 'd: [1, 2]\n'],
    ]);
    expect((await readBundle(gz)).data).to.deep.equal({ top: true, a: { b: { c: 1 }, d: [1, 2] } });
  });

  it('rejects a bundle with no wasm module, naming what is missing', async () => {
    const gz = await opaStyleBundle([['/data.json', '{}']]);
    let message = '';
    await readBundle(gz).catch((e: Error) => (message = e.message));
    expect(message).to.contain('no /policy.wasm');
  });

  it('rejects a manifest whose wasm table is malformed', () => {
    expect(() => parseManifest('{"wasm":[{"entrypoint":1}]}')).to.throw(/wasm\[0\]/);
    expect(() => parseManifest('{"revision": 3}')).to.throw(/revision/);
    expect(() => parseManifest('[')).to.throw(/not valid JSON/);
  });

  it('rejects bytes that are not a tar archive', async () => {
    let message = '';
    await readBundle(gzipSync(Buffer.from('not a tar archive, just text'.repeat(30)))).catch((e: Error) => (message = e.message));
    expect(message).to.match(/not a valid tar/);
  });

  it('names sources in the bundle by their path, without ./ or .. steps', () => {
    expect(bundleEntryPath('./a/b.rego')).to.equal('/a/b.rego');
    expect(bundleEntryPath('../x/y.rego')).to.equal('/x/y.rego');
    expect(bundleEntryPath('p.rego')).to.equal('/p.rego');
  });
});
