// Pins how policy inputs are gathered from files and directories and how data documents are merged.
import { expect } from 'chai';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gatherFiles, mergeData } from '../../../src/rego/files.js';

describe('gathering policy files', () => {
  let root: string;

  before(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'verdict-files-'));
    const put = async (rel: string, text: string) => {
      await mkdir(path.dirname(path.join(root, rel)), { recursive: true });
      await writeFile(path.join(root, rel), text);
    };
    await put('policies/main.rego', 'package main\n');
    await put('policies/lib/util.rego', 'package lib\n');
    await put('policies/data.json', '{"top": 1}');
    await put('policies/a/b/data.json', '{"c": [1]}');
    await put('policies/a/data.yaml', 'd: true\n');
    await put('policies/a/other.json', '{"ignored": true}');
    await put('policies/README.md', '# not policy');
    await put('extra.json', '{"extra": true}');
    await put('bad.json', '{');
    await put('clash/data.json', '{"a": 1}');
    await put('clash/a/data.json', '{"b": 2}');
  });

  after(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('walks a directory in sorted order and keeps .rego files under the path as named', async () => {
    const { modules } = await gatherFiles([path.join(root, 'policies')]);
    expect(modules.map((m) => path.relative(root, m.path))).to.deep.equal([path.join('policies', 'lib', 'util.rego'), path.join('policies', 'main.rego')]);
    expect(modules[1].text).to.equal('package main\n');
  });

  it('takes only data.json / data.yaml files from directories, at their directory path', async () => {
    const { data } = await gatherFiles([path.join(root, 'policies')]);
    expect(data.map((d) => d.dataPath)).to.deep.equal([['a', 'b'], ['a'], []]);
    expect(mergeData(data)).to.deep.equal({ top: 1, a: { b: { c: [1] }, d: true } });
  });

  it('loads a data file named directly at the root, whatever its name', async () => {
    const { data, modules } = await gatherFiles([path.join(root, 'extra.json')]);
    expect(modules).to.deep.equal([]);
    expect(mergeData(data)).to.deep.equal({ extra: true });
  });

  it('reads a file named twice only once', async () => {
    const { modules } = await gatherFiles([path.join(root, 'policies', 'main.rego'), path.join(root, 'policies')]);
    expect(modules).to.have.length(2);
  });

  it('reports a missing path, an unparsable data file and a file of unknown type as one-line errors', async () => {
    const messageOf = (p: Promise<unknown>) => p.then(() => '', (e: Error) => e.message);
    expect(await messageOf(gatherFiles([path.join(root, 'nope')]))).to.match(/nope: no such file or directory$/);
    expect(await messageOf(gatherFiles([path.join(root, 'bad.json')]))).to.match(/bad\.json: cannot parse data/);
    expect(await messageOf(gatherFiles([path.join(root, 'policies', 'README.md')]))).to.match(/not a \.rego, \.json or \.yaml file/);
  });

  it('reports data defined twice at one path as a merge error', async () => {
    const { data } = await gatherFiles([path.join(root, 'clash')]);
    expect(() => mergeData(data)).to.throw(/merge error: data\.a is defined twice/);
  });

  it('merges objects key by key without changing the documents given', () => {
    const first = { a: { x: 1 } };
    const merged = mergeData([
      { path: 'one', dataPath: [], value: first },
      { path: 'two', dataPath: ['a'], value: { y: 2 } },
    ]);
    expect(merged).to.deep.equal({ a: { x: 1, y: 2 } });
    expect(first).to.deep.equal({ a: { x: 1 } });
  });
});
