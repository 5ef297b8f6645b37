// Shared helpers of the host families: exact integers, per-evaluation caches, error kinds, Go-style JSON.
import { expect } from 'chai';
import { BuiltinError, EvaluationCache, OperandTypeError, exactInteger, exactJson, goJson, hostFamily, parseExactJson } from '../../../src/rego/builtins/host-values.js';

const text = (v: unknown) => new TextDecoder().decode(v as ArrayBuffer);

describe('host builtin helpers', () => {
  it('keeps integers beyond 2^53 exact as raw JSON text, and small ones as numbers', () => {
    expect(exactInteger(42n)).to.equal(42);
    expect(text(exactInteger(9223372036854775807n))).to.equal('9223372036854775807');
    expect(text(exactJson({ a: [1n << 60n, 'x'] }))).to.equal('{"a":[1152921504606846976,"x"]}');
    expect(exactJson({ a: 1 })).to.deep.equal({ a: 1 });
  });

  it('reads integers beyond 2^53 in JSON text as bigints, leaving strings, floats and small integers alone', () => {
    const v = parseExactJson('[1670006453141828752, "1670006453141828752", 1.5e300, -9007199254740993, 3, {"k": "a\\"9007199254740993"}]');
    expect(v).to.deep.equal([1670006453141828752n, '1670006453141828752', 1.5e300, -9007199254740993n, 3, { k: 'a"9007199254740993' }]);
  });

  it('holds cached values until the current synchronous job ends', async () => {
    const cache = new EvaluationCache<number>();
    let made = 0;
    const first = cache.get('k', () => ++made);
    expect(cache.get('k', () => ++made)).to.equal(first);
    await Promise.resolve();
    expect(cache.get('k', () => ++made)).to.equal(2);
  });

  it('tells builtin errors from type errors by code, and leaves the throw to the loader', () => {
    expect(new BuiltinError('x').code).to.equal('eval_builtin_error');
    expect(new OperandTypeError('x').code).to.equal('eval_type_error');
    const [entry] = hostFamily([{ name: 'f', arity: 0, doc: '', host: () => { throw new BuiltinError('bad'); } }]);
    // The loader turns the throw into undefined, or raises it in a strict module (test/rego/strict-errors.test.ts).
    expect(() => entry.host!()).to.throw(BuiltinError, 'bad');
  });

  it('writes JSON as Go does: sorted keys, HTML characters escaped', () => {
    expect(goJson({ b: 1, a: { d: '<&>', c: null } })).to.equal('{"a":{"c":null,"d":"\\u003c\\u0026\\u003e"},"b":1}');
  });
});
