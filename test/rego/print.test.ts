// print(...) for policy authors: writes its operands to stderr, never fails, and shows undefined operands.
import { expect } from 'chai';
import { compilePolicy } from '../../src/rego/index.js';
import { loadWasmPolicy } from '../../src/rego/load.js';

async function evaluateCapturingStderr(source: string, entrypoint: string): Promise<{ result: unknown; stderr: string }> {
  const out = await compilePolicy({ files: [{ path: 'p.rego', text: source }], entrypoints: [entrypoint] });
  const policy = await loadWasmPolicy(out.wasm);
  const original = process.stderr.write.bind(process.stderr);
  let stderr = '';
  process.stderr.write = ((chunk: string | Uint8Array) => {
    stderr += chunk.toString();
    return true;
  }) as typeof process.stderr.write;
  try {
    return { result: policy.evaluate({ user: 'alice' }, entrypoint), stderr };
  } finally {
    process.stderr.write = original;
  }
}

describe('print', () => {
  it('writes its operands, strings bare and other values as JSON, and the rule still holds', async () => {
    const { result, stderr } = await evaluateCapturingStderr('package t\n\np if {\n  print("user", input.user, {"n": 1})\n}\n', 't/p');
    expect(result).to.deep.equal([{ result: true }]);
    expect(stderr).to.equal('user alice {"n":1}\n');
  });

  it('prints an undefined operand as <undefined> instead of failing', async () => {
    const { result, stderr } = await evaluateCapturingStderr('package t\n\np if {\n  print("missing:", input.nope)\n}\n', 't/p');
    expect(result).to.deep.equal([{ result: true }]);
    expect(stderr).to.equal('missing: <undefined>\n');
  });
});
