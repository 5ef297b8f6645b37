// Objects, sets and arrays in the runtime: inserts, lookups, iteration order, copy-on-write and path updates.
import { expect } from 'chai';
import { loadRuntime } from './harness.js';

describe('runtime collections', () => {
  const rt = loadRuntime();
  const v = rt.value;
  const keys = (c: number): string[] => {
    const out: string[] = [];
    for (let i = 0; i < rt.call('verdict_len', c); i++) out.push(rt.valueDump(rt.call('verdict_key_at', c, i)));
    return out;
  };
  const values = (c: number): string[] => {
    const out: string[] = [];
    for (let i = 0; i < rt.call('verdict_len', c); i++) out.push(rt.valueDump(rt.call('verdict_value_at', c, i)));
    return out;
  };

  it('keeps object keys sorted whatever the insertion order, and overwrites on re-insert', () => {
    const obj = rt.call('opa_object');
    for (const [k, x] of [['"m"', '1'], ['"b"', '2'], ['3', '3'], ['"z"', '4'], ['"b"', '5'], ['null', '6']]) {
      rt.call('opa_object_insert', obj, v(k), v(x));
    }
    expect(keys(obj)).to.deep.equal(['null', '3', '"b"', '"m"', '"z"']);
    expect(values(obj)).to.deep.equal(['6', '3', '5', '1', '4']);
    expect(rt.valueDump(rt.call('opa_value_get', obj, v('"b"')))).to.equal('5');
    expect(rt.call('opa_value_get', obj, v('"nope"'))).to.equal(0);
    expect(rt.call('opa_value_get', obj, v('3.0'))).to.equal(rt.call('opa_value_get', obj, v('3')));
  });

  it('finds every string key and no absent one, in objects below and above the scan limit, among keys of other types', () => {
    // Strings have a lookup path of their own (a scan of small objects, a string-only binary search otherwise);
    // these keys share lengths and 8-byte prefixes, and sit beside numbers, arrays and null in the order.
    const names = ['a', 'b', 'ab', 'ba', 'abcdefgh', 'abcdefgi', 'abcdefghij', 'abcdefghik', '', 'é', 'spec', 'specs'];
    for (const size of [1, 3, 8, 9, names.length]) {
      const present = names.slice(0, size);
      const obj = rt.call('opa_object');
      for (const [i, name] of present.entries()) rt.call('opa_object_insert', obj, v(JSON.stringify(name)), v(String(i)));
      for (const other of ['null', '7', '[1]', '{"x":1}']) rt.call('opa_object_insert', obj, v(other), v('"other"'));
      for (const [i, name] of present.entries()) {
        expect(rt.valueDump(rt.call('opa_value_get', obj, v(JSON.stringify(name)))), `${size}: ${name}`).to.equal(String(i));
      }
      for (const name of names.slice(size).concat(['abcdefg', 'abcdefghijk', 'A', 'null', '7'])) {
        expect(rt.call('opa_value_get', obj, v(JSON.stringify(name))), `${size}: absent ${name}`).to.equal(0);
      }
      expect(rt.valueDump(rt.call('opa_value_get', obj, v('7')))).to.equal('"other"');
      const set = rt.call('opa_set');
      for (const name of present) rt.call('opa_set_add', set, v(JSON.stringify(name)));
      rt.call('opa_set_add', set, v('1'));
      rt.call('opa_set_add', set, v('[1]'));
      for (const name of present) expect(rt.call('opa_value_get', set, v(JSON.stringify(name))), `set ${size}: ${name}`).to.not.equal(0);
      expect(rt.call('opa_value_get', set, v('"abcdefg"'))).to.equal(0);
    }
  });

  it('reports a conflicting insert without changing the object', () => {
    const obj = rt.call('opa_object');
    expect(rt.call('verdict_object_insert_once', obj, v('"a"'), v('1'))).to.equal(0);
    expect(rt.call('verdict_object_insert_once', obj, v('"a"'), v('1.0'))).to.equal(0);
    expect(rt.call('verdict_object_insert_once', obj, v('"a"'), v('2'))).to.equal(1);
    expect(rt.valueDump(obj)).to.equal('{"a":1}');
  });

  it('keeps sets sorted and free of duplicates, and finds members by value', () => {
    const set = rt.call('opa_set');
    for (const x of ['"b"', '2', '[1]', '1', '"b"', '1.0', 'true']) rt.call('opa_set_add', set, v(x));
    expect(rt.valueDump(set)).to.equal('{true,1,2,"b",[1]}');
    expect(keys(set)).to.deep.equal(values(set));
    expect(rt.valueDump(rt.call('opa_value_get', set, v('[1.0]')))).to.equal('[1]');
    expect(rt.call('opa_value_get', set, v('3'))).to.equal(0);
  });

  it('indexes arrays by integral numbers only', () => {
    const arr = rt.call('opa_array_with_cap', 0);
    for (let i = 0; i < 300; i++) rt.call('opa_array_append', arr, rt.call('opa_number_int', BigInt(i * 2)));
    expect(rt.call('verdict_len', arr)).to.equal(300);
    expect(rt.valueDump(rt.call('opa_value_get', arr, v('299')))).to.equal('598');
    expect(rt.valueDump(rt.call('opa_value_get', arr, v('2.0')))).to.equal('4');
    for (const key of ['300', '-1', '1.5', '"1"']) expect(rt.call('opa_value_get', arr, v(key)), key).to.equal(0);
    expect(keys(arr).slice(0, 3)).to.deep.equal(['0', '1', '2']);
    expect(rt.valueDump(rt.call('verdict_key_at', arr, 299))).to.equal('299');
  });

  it('reports lengths: collections by entries, strings by code points, other scalars as 0', () => {
    expect(rt.call('verdict_len', v('{"a":1,"b":2}'))).to.equal(2);
    expect(rt.call('verdict_len', v('"héllo"'))).to.equal(0);
    expect(rt.call('opa_value_length', v('"héllo😀"'))).to.equal(6);
    expect(rt.call('verdict_len', v('42'))).to.equal(0);
    expect(rt.call('verdict_len', 0)).to.equal(0);
  });

  it('gives value types and recognises false', () => {
    const types = ['null', 'true', '1', '"s"', '[]', '{}', 'set()'].map((x) => rt.call('opa_value_type', v(x)));
    expect(types).to.deep.equal([1, 2, 3, 4, 5, 6, 7]);
    expect(rt.call('verdict_is_false', v('false'))).to.equal(1);
    expect(rt.call('verdict_is_false', v('true'))).to.equal(0);
    expect(rt.call('verdict_is_false', v('null'))).to.equal(0);
    expect(rt.call('verdict_is_false', 0)).to.equal(0);
  });

  it('upserts a path copy-on-write, leaving the original unchanged', () => {
    const base = v('{"a":{"b":1,"c":{"d":2}},"x":[1]}');
    const before = rt.valueDump(base);
    const updated = rt.call('verdict_upsert_path', base, v('["a","c","e"]'), v('3'));
    expect(rt.valueDump(updated)).to.equal('{"a":{"b":1,"c":{"d":2,"e":3}},"x":[1]}');
    expect(rt.valueDump(base)).to.equal(before);
    const replaced = rt.call('verdict_upsert_path', base, v('["x","y"]'), v('true'));
    expect(rt.valueDump(replaced)).to.equal('{"a":{"b":1,"c":{"d":2}},"x":{"y":true}}');
    expect(rt.valueDump(rt.call('verdict_upsert_path', 0, v('["p",1]'), v('"v"')))).to.equal('{"p":{1:"v"}}');
    expect(rt.valueDump(rt.call('verdict_upsert_path', base, v('[]'), v('7')))).to.equal('7');
  });

  it('merges objects recursively, the second side winning on non-objects', () => {
    const merged = rt.call('opa_value_merge', v('{"a":{"b":1,"c":2},"d":1}'), v('{"a":{"c":3,"e":4},"d":{"x":1}}'));
    expect(rt.valueDump(merged)).to.equal('{"a":{"b":1,"c":3,"e":4},"d":{"x":1}}');
    const only = v('{"a":1}');
    expect(rt.call('opa_value_merge', only, 0)).to.equal(only);
    expect(rt.call('opa_value_merge', 0, only)).to.equal(only);
  });

  it('makes shallow copies that can change independently', () => {
    const original = v('{"a":1}');
    const copy = rt.call('opa_value_shallow_copy', original);
    rt.call('opa_object_insert', copy, v('"b"'), v('2'));
    expect(rt.valueDump(original)).to.equal('{"a":1}');
    expect(rt.valueDump(copy)).to.equal('{"a":1,"b":2}');
  });

  it('adds and removes paths in place with OPA error codes', () => {
    const data = v('{"a":{"b":123}}');
    expect(rt.call('opa_value_add_path', data, v('["a","x","y"]'), v('{"foo":"bar"}'))).to.equal(0);
    expect(rt.valueDump(data)).to.equal('{"a":{"b":123,"x":{"y":{"foo":"bar"}}}}');
    expect(rt.call('opa_value_add_path', data, v('["a","b","c"]'), v('1'))).to.equal(2);
    expect(rt.call('opa_value_add_path', data, v('[]'), v('1'))).to.equal(3);
    expect(rt.call('opa_value_add_path', data, v('[1,"a"]'), v('1'))).to.equal(3);
    expect(rt.call('opa_value_remove_path', data, v('["a","x"]'))).to.equal(0);
    expect(rt.valueDump(data)).to.equal('{"a":{"b":123}}');
    expect(rt.call('opa_value_remove_path', data, v('["q","r"]'))).to.equal(0);
    expect(rt.call('opa_value_remove_path', data, v('"a"'))).to.equal(3);
  });
});
