// yaml.is_valid on the host under a Verdict name (the SDK's own would answer instead under the Rego name).
import { expect } from 'chai';
import { compilePolicy } from '../../../src/rego/index.js';
import { loadWasmPolicy } from '../../../src/rego/load.js';
import { evaluateAll } from './evaluate.js';

describe('host builtins: yaml.is_valid', () => {
  it('checks every document of a stream, and is false for a non-string', async () => {
    const r = await evaluateAll({
      mapping: 'yaml.is_valid("foo:\\n  - qux: bar\\n  - baz: 2")',
      unclosed: 'yaml.is_valid("foo:\\n  - baz: {")',
      twoDocs: 'yaml.is_valid("a: 1\\n---\\nb: 2\\n")',
      tabInSecond: 'yaml.is_valid("a: 1\\n---\\n\\tb: 2\\n")',
      trailing: 'yaml.is_valid("  test:\\ntest1: hello\\n")',
      number: 'yaml.is_valid(1)',
    });
    expect(r).to.deep.equal({ mapping: true, unclosed: false, twoDocs: true, tabInSecond: false, trailing: false, number: false });
  });

  it('is asked for under its host name, which a replacement given by Rego name also takes', async () => {
    const compiled = await compilePolicy({ files: [{ path: 't.rego', text: 'package t\n\np := yaml.is_valid("a: 1")\n' }], entrypoints: ['t/p'] });
    expect(compiled.hostBuiltins).to.deep.equal(['yaml.is_valid']);
    const policy = await loadWasmPolicy(compiled.wasm, undefined, { builtins: { 'yaml.is_valid': () => 'replaced' } });
    expect(policy.evaluate({}, 't/p')).to.deep.equal([{ result: 'replaced' }]);
  });
});
