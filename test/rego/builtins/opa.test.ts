// opa.runtime: an object, empty in Verdict, usable as a value and as a `with` replacement of an arity-0 builtin.
import { expect } from 'chai';
import { evaluate, evaluateAll } from './evaluate.js';

describe('host builtins: opa.runtime', () => {
  it('is an empty object, telling nothing of the environment', async () => {
    expect(await evaluate('opa.runtime()')).to.deep.equal({});
  });

  it('replaces an arity-0 builtin with `with`', async () => {
    const r = await evaluateAll({
      replaced: 'x if { x := time.now_ns() with time.now_ns as opa.runtime }',
      envKeys: 'object.keys(opa.runtime())',
    });
    expect(r).to.deep.equal({ replaced: {}, envKeys: [] });
  });
});
