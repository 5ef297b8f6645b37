// Number keys in refs into base documents: OPA reads data[2] as the key "2" (a storage path), or as an array index.
import { expect } from 'chai';
import { compilePolicy } from '../../../src/rego/index.js';
import { loadWasmPolicy } from '../../../src/rego/load.js';

const DATA = { '2': 'top', nested: { '2': 'bar', deeper: { '7': ['a', 'b'] } }, list: ['x', 'y', 'z'] };

/** The value of data.t.p for a policy made of `rules`, evaluated over DATA. */
async function valueOf(rules: string): Promise<unknown> {
  const compiled = await compilePolicy({ files: [{ path: 't.rego', text: `package t\n\n${rules}\n` }], entrypoints: ['t/p'] });
  const policy = await loadWasmPolicy(compiled.wasm);
  policy.setData(DATA);
  const rows = policy.evaluate({}, 't/p') as Array<{ result?: unknown }>;
  return rows[0]?.result;
}

describe('number keys into base documents', () => {
  it('reads data[2] at the top as the key "2"', async () => {
    expect(await valueOf('p := data[2]')).to.equal('top');
  });

  it('reads a nested number key as its string', async () => {
    expect(await valueOf('p := data.nested[2]')).to.equal('bar');
    expect(await valueOf('p := data.nested.deeper[7][1]')).to.equal('b');
  });

  it('still indexes arrays of base documents by number', async () => {
    expect(await valueOf('p := data.list[1]')).to.equal('y');
  });

  it('does not convert the key once the document is a local value', async () => {
    expect(await valueOf('p := obj[2] if obj := data.nested')).to.equal(undefined);
  });
});
