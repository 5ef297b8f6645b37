// Builtin errors in the runtime: what native builtins record when they fail (in runtime-strict.wasm, the build strict
// modules are made from), the export that raises them, the contract strict modules rely on (an error is recorded
// exactly when a builtin returns undefined because of one), and that the plain build records nothing.
import { expect } from 'chai';
import { loadRuntime, runtimeModule, type Runtime } from './harness.js';

const TYPE = 1;
const BUILTIN = 2;

interface Outcome {
  result: string | undefined;
  kind: number;
  message: string | undefined;
}

/** Calls a native builtin on Rego literal arguments from a clean record; reports its result and what it recorded. */
function attempt(rt: Runtime, name: string, ...args: string[]): Outcome {
  rt.call('verdict_builtin_error_clear');
  const result = rt.builtin(name, ...args);
  const kind = rt.call('verdict_builtin_error_kind');
  const message = rt.call('verdict_builtin_error');
  return { result, kind, message: message === 0 ? undefined : rt.cstring(message) };
}

type ErrorRow = [name: string, args: string[], message: string];

function expectErrors(rt: Runtime, kind: number, rows: ErrorRow[]): void {
  for (const [name, args, message] of rows) {
    const got = attempt(rt, name, ...args);
    const call = `${name}(${args.join(', ')})`;
    expect(got.result, call).to.equal(undefined);
    expect(got.message, call).to.equal(message);
    expect(got.kind, call).to.equal(kind);
  }
}

describe('runtime builtin errors', () => {
  const rt = loadRuntime(undefined, { strict: true });

  it("records OPA's operand type errors, in OPA's words, as eval_type_error", () => {
    expectErrors(rt, TYPE, [
      ['array.concat', ['{}', '[1]'], 'operand 1 must be array but got object'],
      ['array.concat', ['[1]', '{"a": 1}'], 'operand 2 must be array but got object'],
      ['array.flatten', ['1'], 'operand 1 must be array but got number'],
      ['plus', ['"a"', '1'], 'operand 1 must be number but got string'],
      ['div', ['1', 'null'], 'operand 2 must be number but got null'],
      ['minus', ['{1}', '1'], 'operand 2 must be set but got number'],
      ['minus', ['1', '{1}'], 'operand 2 must be number but got set'],
      ['minus', ['"a"', '1'], 'operand 1 must be one of {number, set} but got string'],
      ['and', ['{1}', '[1]'], 'operand 2 must be set but got array'],
      ['count', ['5'], 'operand 1 must be one of {array, object, set, string} but got number'],
      ['sum', ['[1, "a"]'], 'operand 1 must be array of numbers but got array containing string'],
      ['max', ['"ab"'], 'operand 1 must be one of {set, array} but got string'],
      ['bits.and', ['7.2', '42'], 'operand 1 must be integer number but got floating-point number'],
      ['bits.or', ['"7"', '42'], 'operand 1 must be integer but got string'],
      ['bits.lsh', ['1', '-1'], 'operand 2 must be an unsigned integer number but got a negative integer'],
      ['numbers.range', ['1', '"a"'], 'operand 2 must be integer but got string'],
      ['array.slice', ['[1]', '0.5', '1'], 'operand 2 must be integer number but got floating-point number'],
      ['strings.split_n', ['"a.b"', '"."', '1.5'], 'operand 3 must be integer number but got floating-point number'],
      ['concat', ['","', '{"a", 1}'], 'operand 2 must be set of strings but got set containing number'],
      ['concat', ['1', '[]'], 'operand 1 must be string but got number'],
      ['object.union_n', ['[{}, 1]'], 'operand 1 must be array of objects but got array containing number'],
      ['object.remove', ['{}', '"a"'], 'operand 2 must be one of {object, set, array} but got string'],
      ['object.filter', ['null', '[]'], 'operand 1 must be object but got null'],
      ['object.subset', ['1', '[1]'], 'both arguments object.subset must be of the same type or array and set'],
      ['json.remove', ['"x"', '[]'], 'operand 1 must be object but got string'],
      ['json.remove', ['{}', '1'], 'operand 2 must be one of {set, array} but got number'],
      ['json.filter', ['{}', '[{}]'], 'operand 2 must be one of {set, array} containing string paths or array of path segments but got object'],
      ['strings.replace_n', ['{"a": 1}', '"x"'], 'operand 1 non-string value found in pattern object'],
      ['strings.replace_n', ['{"a": "b"}', '1'], 'operand 2 must be string but got number'],
      ['to_number', ['[]'], 'operand 1 must be one of {null, boolean, number, string} but got array'],
      ['to_number', ['"-Infinity"'], 'operand 1 must be valid number string but got string'],
      ['format_int', ['5', '3'], 'operand 2 must be one of {2, 8, 10, 16}'],
      ['sprintf', ['"%d"', '{1}'], 'operand 2 must be array but got set'],
      ['union', ['{{1}, 2}'], 'operand 1 must be set but got number'],
      ['trim_space', ['true'], 'operand 1 must be string but got boolean'],
    ]);
  });

  it('records failures that are not about types as eval_builtin_error', () => {
    expectErrors(rt, BUILTIN, [
      ['div', ['1', '0'], 'divide by zero'],
      ['div', ['1.5', '0.0'], 'divide by zero'],
      ['rem', ['1', '0'], 'modulo by zero'],
      ['rem', ['1.5', '1'], 'modulo on floating-point number'],
      ['base64.decode', ['"YW"'], 'illegal base64 data at input byte 0'],
      ['base64.decode', ['"YW!="'], 'illegal base64 data at input byte 2'],
      ['base64url.decode', ['"abcde"'], 'illegal base64url string: abcde'],
      ['hex.decode', ['"0g"'], "encoding/hex: invalid byte: U+0067 'g'"],
      ['hex.decode', ['"abc"'], 'encoding/hex: odd length hex string'],
      ['to_number', ['"broken"'], 'strconv.ParseFloat: parsing "broken": invalid syntax'],
      ['to_number', ['"a\\"b\\n"'], 'strconv.ParseFloat: parsing "a\\"b\\n": invalid syntax'],
      ['numbers.range_step', ['0', '10', '-2'], 'step must be a positive integer'],
      ['indexof', ['"abc"', '""'], 'empty search character'],
      ['substring', ['"abc"', '-1', '1'], 'negative offset'],
      ['json.unmarshal', ['"{"'], 'invalid JSON text'],
      ['units.parse_bytes', ['""'], 'no byte amount provided'],
      ['units.parse_bytes', ['"GB"'], 'no byte amount provided'],
      ['units.parse_bytes', ['"0.0.0"'], 'could not parse byte amount to a number'],
      ['units.parse_bytes', ['"100 kb"'], 'spaces not allowed in resource strings'],
      ['units.parse_bytes', ['"10e10000000EiB"'], 'exponent too large'],
      ['units.parse_bytes', ['"12xb"'], 'byte unit xb not recognized'],
      ['units.parse', ['".5.2"'], 'could not parse amount to a number'],
      ['units.parse', ['"5Q"'], 'unit Q not recognized'],
      ['bits.and', ['18446744073709551616', '1'], 'operand 1 is an integer beyond 64 bits'],
    ]);
  });

  it('records nothing for a result, nor for an undefined that is no error (the maximum of nothing)', () => {
    for (const [name, args] of [['div', ['6', '3']], ['array.concat', ['[1]', '[2]']], ['base64.is_valid', ['1']], ['max', ['[]']], ['min', ['set()']]] as const) {
      const got = attempt(rt, name, ...args);
      expect(got.kind, `${name}(${args.join(', ')})`).to.equal(0);
      expect(got.message).to.equal(undefined);
    }
    expect(attempt(rt, 'base64.is_valid', '1').result).to.equal('false');
  });

  it('keeps the contract strict modules rely on: undefined from a native builtin comes with an error, a value never does', () => {
    // Every native builtin, called with every combination of a few values of each type.
    const values = ['null', 'true', '0', '-3', '2.5', '18446744073709551616', '""', '"a.b"', '"12kb"', '[]', '["a", 1]', '{}', '{"a": "b"}', 'set()', '{1, "x"}'];
    const builtins = WebAssembly.Module.exports(runtimeModule(true)).map((e) => e.name).filter((n) => n.startsWith('builtin_'));
    const undefinedWithoutError = new Set(['builtin_max(set())', 'builtin_max([])', 'builtin_min(set())', 'builtin_min([])']);
    const base = rt.call('opa_heap_ptr_get');
    const parsed = values.map((v) => rt.value(v));
    const afterValues = rt.call('opa_heap_ptr_get');
    const broken: string[] = [];
    let calls = 0;
    for (const name of builtins) {
      const fn = rt.exports[name];
      const arity = fn.length;
      const combos = arity === 0 ? [[]] : cartesian(parsed.map((_, i) => i), arity);
      for (const combo of combos) {
        rt.call('verdict_builtin_error_clear');
        const result = fn(...combo.map((i) => parsed[i]));
        const kind = rt.call('verdict_builtin_error_kind');
        const call = `${name}(${combo.map((i) => values[i]).join(', ')})`;
        if (result === 0 && kind === 0 && !undefinedWithoutError.has(call)) broken.push(`${call}: undefined without an error`);
        if (result !== 0 && kind !== 0) broken.push(`${call}: a result, and an error recorded`);
        rt.call('opa_heap_ptr_set', afterValues);
        calls++;
      }
    }
    rt.call('opa_heap_ptr_set', base);
    expect(broken, broken.slice(0, 20).join('\n')).to.deep.equal([]);
    expect(calls).to.be.greaterThan(1000);
  });

  it('raises a recorded error with its location, code and builtin, and returns when nothing is recorded', () => {
    const [location] = rt.bytes('policy/x.rego:12\0');
    const [name] = rt.bytes('array.concat\0');
    rt.call('verdict_builtin_error_clear');
    expect(() => rt.call('verdict_builtin_error_raise', location, name)).not.to.throw();
    rt.builtin('array.concat', '{}', '[]');
    expect(() => rt.call('verdict_builtin_error_raise', location, name)).to.throw(
      'policy/x.rego:12: eval_type_error: array.concat: operand 1 must be array but got object',
    );
    rt.builtin('div', '1', '0');
    const [div] = rt.bytes('div\0');
    expect(() => rt.call('verdict_builtin_error_raise', location, div)).to.throw('policy/x.rego:12: eval_builtin_error: div: divide by zero');
  });

  it('takes a host builtin error from the loader as a copy, with its kind', () => {
    const [message] = rt.bytes('not a semantic version: "1"\0');
    rt.call('verdict_builtin_error_set', TYPE, message);
    new Uint8Array(rt.memory.buffer).fill(0, message, message + 10);
    expect(rt.cstring(rt.call('verdict_builtin_error'))).to.equal('not a semantic version: "1"');
    expect(rt.call('verdict_builtin_error_kind')).to.equal(TYPE);
    rt.call('verdict_builtin_error_set', 7, message);
    expect(rt.call('verdict_builtin_error_kind')).to.equal(BUILTIN);
  });

  it('cuts a message longer than its area instead of writing past it', () => {
    const long = 'x'.repeat(2000);
    const [message] = rt.bytes(`${long}\0`);
    const [location] = rt.bytes('p.rego:1\0');
    const [name] = rt.bytes('semver.compare\0');
    rt.call('verdict_builtin_error_set', BUILTIN, message);
    const recorded = rt.cstring(rt.call('verdict_builtin_error'));
    expect(recorded.length).to.be.lessThan(long.length).and.greaterThan(256);
    expect(() => rt.call('verdict_builtin_error_raise', location, name)).to.throw(/^p\.rego:1: eval_builtin_error: semver\.compare: x+$/);
  });

  it('records and raises nothing in the plain build, which non-strict modules are made from', () => {
    const plain = loadRuntime();
    const [location] = plain.bytes('x.rego:1\0');
    const [message] = plain.bytes('from a host builtin\0');
    expect(attempt(plain, 'div', '1', '0')).to.deep.equal({ result: undefined, kind: 0, message: undefined });
    expect(attempt(plain, 'array.concat', '{}', '[]').kind).to.equal(0);
    plain.call('verdict_builtin_error_set', BUILTIN, message);
    expect(plain.call('verdict_builtin_error_kind')).to.equal(0);
    expect(() => plain.call('verdict_builtin_error_raise', location, location)).not.to.throw();
    // Same answers otherwise.
    expect(plain.builtin('div', '6', '3')).to.equal('2');
    expect(plain.builtin('base64.is_valid', '1')).to.equal('false');
  });

  it('forgets a recorded error when an evaluation starts', () => {
    rt.setPlan(() => rt.call('opa_set'));
    rt.builtin('div', '1', '0');
    expect(rt.call('verdict_builtin_error_kind')).to.equal(BUILTIN);
    const heap = rt.call('opa_heap_ptr_get');
    rt.call('opa_eval', 0, 0, rt.call('opa_object'), 0, 0, heap, 0);
    expect(rt.call('verdict_builtin_error_kind')).to.equal(0);
    expect(rt.call('verdict_builtin_error')).to.equal(0);
  });
});

/** Every list of `n` picks from `items` (with repetition). */
function cartesian(items: number[], n: number): number[][] {
  let out: number[][] = [[]];
  for (let k = 0; k < n; k++) out = out.flatMap((prefix) => items.map((i) => [...prefix, i]));
  return out;
}
