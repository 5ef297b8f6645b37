// The runtime's memory contract: the memory import's limits, the bump heap, resets and growth.
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { loadRuntime, runtimeModule, runtimePath } from './harness.js';

// Reads the limits of the env.memory import from the binary's import section.
function memoryImportLimits(bytes: Uint8Array): { min: number; max?: number } {
  let pos = 8;
  const leb = (): number => {
    let result = 0, shift = 0, byte = 0;
    do {
      byte = bytes[pos++];
      result |= (byte & 0x7f) << shift;
      shift += 7;
    } while (byte & 0x80);
    return result >>> 0;
  };
  const name = (): string => {
    const n = leb();
    const s = new TextDecoder().decode(bytes.subarray(pos, pos + n));
    pos += n;
    return s;
  };
  while (pos < bytes.length) {
    const id = bytes[pos++];
    const size = leb();
    const end = pos + size;
    if (id === 2) {
      for (let count = leb(); count > 0; count--) {
        const module = name(), field = name(), kind = bytes[pos++];
        if (kind === 0) { leb(); continue; }
        if (kind === 3) { pos += 2; continue; }
        if (kind === 1) pos++;
        const flags = bytes[pos++];
        const min = leb();
        const max = flags & 1 ? leb() : undefined;
        if (kind === 2 && module === 'env' && field === 'memory') return { min, max };
      }
    }
    pos = end;
  }
  throw new Error('no env.memory import');
}

describe('runtime memory', () => {
  it('imports env.memory with a minimum of at most 2 pages and no maximum', () => {
    const limits = memoryImportLimits(readFileSync(runtimePath));
    expect(limits.min).to.be.at.most(2);
    expect(limits.max).to.equal(undefined);
  });

  it('imports only what the SDK and the emitter provide', () => {
    const imports = WebAssembly.Module.imports(runtimeModule()).map((i) => `${i.module}.${i.name}`).sort();
    expect(imports.every((name) => ['env.memory', 'env.opa_abort', 'env.opa_println', 'verdict.eval_plan'].includes(name)))
      .to.equal(true, imports.join(', '));
  });

  it('runs in a 2-page memory, as the SDK tests use', () => {
    const rt = loadRuntime({ initial: 2 });
    expect(rt.dump(rt.json('{"ok":true}'))).to.equal('{"ok":true}');
  });

  it('starts the heap at verdict_heap_base, read on first use so the emitter can move it', () => {
    const rt = loadRuntime();
    const global = rt.exports.verdict_heap_base as unknown as WebAssembly.Global;
    expect(global.value % 8).to.equal(0);
    global.value = 40000;
    expect(rt.call('opa_heap_ptr_get')).to.equal(40000);
    expect(rt.call('opa_malloc', 3)).to.equal(40000);
    expect(rt.call('opa_heap_ptr_get')).to.equal(40003);
  });

  it('reuses memory after the heap pointer is rewound', () => {
    const rt = loadRuntime();
    const mark = rt.call('opa_heap_ptr_get');
    const first = rt.json('{"a":[1,2,3]}');
    const firstEnd = rt.call('opa_heap_ptr_get');
    rt.call('opa_heap_ptr_set', mark);
    const second = rt.json('{"a":[1,2,3]}');
    expect(second).to.equal(first);
    expect(rt.call('opa_heap_ptr_get')).to.equal(firstEnd);
  });

  it('aligns allocations to 8 bytes', () => {
    const rt = loadRuntime();
    rt.call('opa_malloc', 3);
    expect(rt.call('opa_malloc', 5) % 8).to.equal(0);
  });

  it('grows memory past the 5 initial pages and keeps earlier values intact', () => {
    const rt = loadRuntime();
    const arr = rt.call('opa_array_with_cap', 0);
    const item = 'x'.repeat(1000);
    for (let i = 0; i < 500; i++) rt.call('opa_array_append', arr, rt.str(`${i}:${item}`));
    expect(rt.memory.buffer.byteLength).to.be.above(5 * 65536);
    expect(rt.call('verdict_len', arr)).to.equal(500);
    expect(rt.valueDump(rt.call('opa_value_get', arr, rt.value('0')))).to.equal(`"0:${item}"`);
    expect(rt.valueDump(rt.call('opa_value_get', arr, rt.value('499')))).to.equal(`"499:${item}"`);
  });

  it('aborts with "opa_malloc: failed" when memory cannot grow', () => {
    const rt = loadRuntime({ initial: 2, maximum: 2 });
    expect(() => rt.call('opa_malloc', 200000)).to.throw('opa_malloc: failed');
  });

  it('accepts the heap stash calls as no-ops', () => {
    const rt = loadRuntime();
    const before = rt.call('opa_heap_ptr_get');
    for (const name of ['opa_heap_blocks_stash', 'opa_heap_blocks_restore', 'opa_heap_stash_clear']) rt.call(name);
    rt.call('opa_free', rt.call('opa_malloc', 8));
    rt.call('opa_value_free', rt.json('[1]'));
    expect(rt.call('opa_heap_ptr_get')).to.be.above(before);
  });
});
