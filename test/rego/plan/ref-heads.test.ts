// Rules with variables in their heads (general ref heads): multi-value leaves, and documents shared with rules below them.
import { expect } from 'chai';
import { compilePolicy } from '../../../src/rego/index.js';
import { loadWasmPolicy } from '../../../src/rego/load.js';
import { RegoCompileError } from '../../../src/rego/source.js';

/** The value of data.t.<rule> for a policy made of `rules`, with `more` files beside. */
async function valueOf(rules: string, rule: string, more: Array<{ path: string; text: string }> = []): Promise<unknown> {
  const files = [{ path: 't.rego', text: `package t\n\n${rules}\n` }, ...more];
  const compiled = await compilePolicy({ files, entrypoints: [`t/${rule}`] });
  const policy = await loadWasmPolicy(compiled.wasm);
  const rows = policy.evaluate({}, `t/${rule}`) as Array<{ result?: unknown }>;
  return rows[0]?.result;
}

async function compileError(rules: string): Promise<string> {
  try {
    await compilePolicy({ files: [{ path: 't.rego', text: `package t\n\n${rules}\n` }], entrypoints: ['t'] });
  } catch (err) {
    if (err instanceof RegoCompileError) return err.message;
    throw err;
  }
  throw new Error('expected a compile error');
}

describe('general ref heads', () => {
  it('builds an object of sets for a multi-value rule with a variable in its head', async () => {
    const v = await valueOf('p[x] contains y if {\n  some x in ["a", "b"]\n  some y in [1, 2]\n}', 'p');
    expect(v).to.deep.equal({ a: [1, 2], b: [1, 2] });
  });

  it('nests the sets under every variable of a multi-value head', async () => {
    const v = await valueOf('p.q[x][x] contains x if some x in ["one", "two"]', 'p');
    expect(v).to.deep.equal({ q: { one: { one: ['one'] }, two: { two: ['two'] } } });
  });

  it('merges a rule with variables in its head with a rule below its path', async () => {
    const rules = [
      'obj.sub[x][x] contains x if some x in ["one", "two"]',
      'obj[x][x] contains x if x := "whatever"',
      'main contains x if x := obj.sub[_][_][_]',
      'whole := obj',
    ].join('\n');
    expect(await valueOf(rules, 'main')).to.deep.equal(['one', 'two']);
    expect(await valueOf(rules, 'whole')).to.deep.equal({
      sub: { one: { one: ['one'] }, two: { two: ['two'] } },
      whatever: { whatever: ['whatever'] },
    });
  });

  it('finds a constant key defined below a partial object rule', async () => {
    const rules = ['allow[action].something if action := "show"', 'allow.see.other if true', 'p := allow.see.other', 'q := allow.show'].join('\n');
    expect(await valueOf(rules, 'p')).to.equal(true);
    expect(await valueOf(rules, 'q')).to.deep.equal({ something: true });
  });

  it('reaches a rule below a partial object rule through a variable key', async () => {
    const other = { path: 'u.rego', text: 'package u\n\nallow[action].something if action := "show"\n\nallow.see.other if true\n' };
    expect(await valueOf('p := data[k].allow.see.other if k := "u"', 'p', [other])).to.equal(true);
  });

  it('still rejects a rule below a complete rule', async () => {
    expect(await compileError('p := {"q": 1}\n\np.q.r := 2')).to.match(/rego_type_error: rule data\.t\.p\.q\.r conflicts with data\.t\.p/);
  });

  it('rejects multi-value and single-value rules at one path', async () => {
    expect(await compileError('p[x] contains 1 if x := "a"\n\np[x] := 2 if x := "b"')).to.match(/rego_type_error: conflicting rules data\.t\.p found/);
  });
});
