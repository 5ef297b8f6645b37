// Evaluation plumbing: opa_eval as the SDK drives it, the eval context path, and memoisation frames.
import { expect } from 'chai';
import { loadRuntime, type Runtime } from './harness.js';

// A result set {{"result": value}}, built through the runtime's exports as generated code would.
function resultSet(rt: Runtime, value: number): number {
  const set = rt.call('opa_set');
  if (value === 0) return set;
  const binding = rt.call('opa_object');
  rt.call('opa_object_insert', binding, rt.str('result'), value);
  rt.call('opa_set_add', set, binding);
  return set;
}

// Mirrors the SDK's fast path: input bytes written raw at the data heap pointer, not through opa_malloc.
function evaluate(rt: Runtime, dataAddr: number, dataHeapPtr: number, input: string | undefined, entrypoint = 0, format = 0): string {
  let inputAddr = 0, inputLen = 0;
  if (input !== undefined) {
    const bytes = new TextEncoder().encode(input);
    new Uint8Array(rt.memory.buffer).set(bytes, dataHeapPtr);
    inputAddr = dataHeapPtr;
    inputLen = bytes.length;
  }
  const out = rt.call('opa_eval', 0, entrypoint, dataAddr, inputAddr, inputLen, dataHeapPtr + inputLen, format);
  return rt.cstring(out);
}

describe('runtime evaluation', () => {
  it('evaluates through opa_eval with parsed input, data and entrypoint, and returns JSON', () => {
    const rt = loadRuntime();
    const data = rt.json('{"limit":3}');
    const heap = rt.call('opa_heap_ptr_get');
    rt.setPlan((input, d, ep) => {
      const out = rt.call('opa_object');
      rt.call('opa_object_insert', out, rt.str('user'), rt.call('opa_value_get', input, rt.str('user')));
      rt.call('opa_object_insert', out, rt.str('limit'), rt.call('opa_value_get', d, rt.str('limit')));
      rt.call('opa_object_insert', out, rt.str('ep'), rt.call('opa_number_int', BigInt(ep)));
      return resultSet(rt, out);
    });
    const text = evaluate(rt, data, heap, '{"user":"alice","roles":["x"]}', 2);
    expect(JSON.parse(text)).to.deep.equal([{ result: { ep: 2, limit: 3, user: 'alice' } }]);
  });

  it('gives undefined input when there are no input bytes, and [] for an empty result set', () => {
    const rt = loadRuntime();
    let seen = -1;
    rt.setPlan((input) => { seen = input; return resultSet(rt, 0); });
    expect(evaluate(rt, rt.json('{}'), rt.call('opa_heap_ptr_get'), undefined)).to.equal('[]');
    expect(seen).to.equal(0);
  });

  it('aborts, rather than evaluating undefined input, when the input bytes do not parse', () => {
    // Undefined input fires no deny rule: a review the parser cannot take must never pass as if it had no object.
    const rt = loadRuntime();
    let evaluated = false;
    rt.setPlan(() => ((evaluated = true), resultSet(rt, 0)));
    const heap = rt.call('opa_heap_ptr_get');
    const tooDeep = `{"a":${'['.repeat(2049)}${']'.repeat(2049)}}`;
    expect(() => evaluate(rt, 0, heap, tooDeep)).to.throw(/input does not parse.*2048 levels/);
    expect(() => evaluate(rt, 0, heap, '{"a":')).to.throw(/input does not parse/);
    expect(evaluated).to.equal(false);
    // The deepest input the parser takes still evaluates.
    expect(evaluate(rt, 0, heap, `{"a":${'['.repeat(2047)}${']'.repeat(2047)}}`)).to.equal('[]');
    expect(evaluated).to.equal(true);
  });

  it('keeps a false result defined', () => {
    const rt = loadRuntime();
    rt.setPlan(() => resultSet(rt, rt.call('opa_boolean', 0)));
    expect(evaluate(rt, rt.json('{}'), rt.call('opa_heap_ptr_get'), '{}')).to.equal('[{"result":false}]');
  });

  it('dumps Rego literals when asked for format 1', () => {
    const rt = loadRuntime();
    rt.setPlan((input) => resultSet(rt, input));
    const heap = rt.call('opa_heap_ptr_get');
    expect(evaluate(rt, 0, heap, '{"a":[1,2]}', 0, 1)).to.equal('{{"result":{"a":[1,2]}}}');
  });

  it('aborts on a non-zero reserved argument', () => {
    const rt = loadRuntime();
    expect(() => rt.call('opa_eval', 1, 0, 0, 0, 0, rt.call('opa_heap_ptr_get'), 0)).to.throw('invalid reserved argument');
  });

  it('allocates above the heap pointer it is given, leaving the input bytes intact', () => {
    const rt = loadRuntime();
    const heap = rt.call('opa_heap_ptr_get');
    const input = '{"name":"unescaped text stays in place"}';
    rt.setPlan((inp) => {
      expect(rt.call('opa_heap_ptr_get')).to.be.at.least(heap + input.length);
      return resultSet(rt, rt.call('opa_value_get', inp, rt.str('name')));
    });
    expect(JSON.parse(evaluate(rt, 0, heap, input))).to.deep.equal([{ result: 'unescaped text stays in place' }]);
  });

  it('does not leak: repeated evaluations reuse the same memory', () => {
    const rt = loadRuntime({ initial: 2 });
    const data = rt.json('{"x":1}');
    const heap = rt.call('opa_heap_ptr_get');
    rt.setPlan((input) => resultSet(rt, input));
    const input = JSON.stringify({ items: Array.from({ length: 200 }, (_, i) => ({ i, name: `item-${i}` })) });
    evaluate(rt, data, heap, input);
    const pages = rt.memory.buffer.byteLength;
    for (let i = 0; i < 50; i++) expect(JSON.parse(evaluate(rt, data, heap, input))[0].result.items).to.have.length(200);
    expect(rt.memory.buffer.byteLength).to.equal(pages);
  });

  it('evaluates through the context functions and eval', () => {
    const rt = loadRuntime();
    const data = rt.json('{"d":true}');
    const input = rt.json('{"i":1}');
    rt.setPlan((inp, d, ep) => {
      const out = rt.call('opa_array_with_cap', 3);
      for (const x of [inp, d, rt.call('opa_number_int', BigInt(ep))]) rt.call('opa_array_append', out, x);
      return resultSet(rt, out);
    });
    const ctx = rt.call('opa_eval_ctx_new');
    rt.call('opa_eval_ctx_set_input', ctx, input);
    rt.call('opa_eval_ctx_set_data', ctx, data);
    rt.call('opa_eval_ctx_set_entrypoint', ctx, 1);
    expect(rt.call('eval', ctx)).to.equal(0);
    expect(rt.dump(rt.call('opa_eval_ctx_get_result', ctx))).to.equal('[{"result":[{"i":1},{"d":true},1]}]');
  });

  it('starts new contexts with undefined input and data and entrypoint 0', () => {
    const rt = loadRuntime();
    const seen: number[] = [];
    rt.setPlan((inp, d, ep) => { seen.push(inp, d, ep); return resultSet(rt, 0); });
    const ctx = rt.call('opa_eval_ctx_new');
    rt.call('eval', ctx);
    expect(seen).to.deep.equal([0, 0, 0]);
  });

  it('memoises per frame: a pushed frame starts empty and popping restores the outer one', () => {
    const rt = loadRuntime();
    rt.call('opa_memoize_init');
    const one = rt.value('1'), two = rt.value('2');
    rt.call('opa_memoize_insert', 7, one);
    rt.call('opa_memoize_insert', 3000, two);
    expect(rt.call('opa_memoize_get', 7)).to.equal(one);
    expect(rt.call('opa_memoize_get', 8)).to.equal(0);
    rt.call('opa_memoize_push');
    expect(rt.call('opa_memoize_get', 7)).to.equal(0);
    rt.call('opa_memoize_insert', 7, two);
    expect(rt.call('opa_memoize_get', 7)).to.equal(two);
    rt.call('opa_memoize_pop');
    expect(rt.call('opa_memoize_get', 7)).to.equal(one);
    expect(rt.call('opa_memoize_get', 3000)).to.equal(two);
    rt.call('opa_memoize_push');
    expect(rt.call('opa_memoize_get', 7)).to.equal(0, 'a reused frame is cleared');
  });

  it('keeps many ids and nested frames apart', () => {
    const rt = loadRuntime();
    rt.call('opa_memoize_init');
    const ids = Array.from({ length: 500 }, (_, i) => (i * 37) % 2000);
    for (const id of ids) rt.call('opa_memoize_insert', id, rt.call('opa_number_int', BigInt(id)));
    for (let depth = 0; depth < 20; depth++) {
      rt.call('opa_memoize_push');
      rt.call('opa_memoize_insert', 1, rt.call('opa_number_int', BigInt(depth)));
    }
    for (let depth = 19; depth >= 0; depth--) {
      expect(rt.valueDump(rt.call('opa_memoize_get', 1))).to.equal(String(depth));
      rt.call('opa_memoize_pop');
    }
    for (const id of ids) expect(rt.valueDump(rt.call('opa_memoize_get', id))).to.equal(String(id));
  });

  it('clears memoised values at the start of every evaluation', () => {
    const rt = loadRuntime();
    const seen: number[] = [];
    rt.setPlan((input) => {
      seen.push(rt.call('opa_memoize_get', 1));
      rt.call('opa_memoize_insert', 1, input);
      return resultSet(rt, 0);
    });
    const heap = rt.call('opa_heap_ptr_get');
    evaluate(rt, 0, heap, '1');
    evaluate(rt, 0, heap, '2');
    expect(seen).to.deep.equal([0, 0]);
  });
});
