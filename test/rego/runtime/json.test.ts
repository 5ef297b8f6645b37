// JSON and Rego-literal parsing and dumping in the runtime: round trips, numbers, unicode, errors.
import { expect } from 'chai';
import { loadRuntime } from './harness.js';

describe('runtime JSON', () => {
  const rt = loadRuntime();
  const roundTrip = (text: string): string => {
    const v = rt.json(text);
    expect(v, `parse ${text}`).to.not.equal(0);
    return rt.dump(v);
  };

  it('round-trips scalars, arrays and objects in compact form', () => {
    for (const text of ['null', 'true', 'false', '0', '-7', '"x"', '[]', '{}', '[1,[2,[3]],{"a":null}]']) {
      expect(roundTrip(text)).to.equal(text);
    }
  });

  it('ignores whitespace around tokens', () => {
    expect(roundTrip(' \n\t{ "a" : [ 1 , 2 ] }\r\n')).to.equal('{"a":[1,2]}');
  });

  it('dumps object keys in sorted order and keeps the last of duplicate keys', () => {
    expect(roundTrip('{"b":1,"a":2,"c":3,"a":4}')).to.equal('{"a":4,"b":1,"c":3}');
    const many = Array.from({ length: 40 }, (_, i) => `"k${(i * 7) % 40}":${i}`).join(',');
    const dumped = JSON.parse(roundTrip(`{${many},"k3":"last"}`)) as Record<string, unknown>;
    expect(Object.keys(dumped)).to.deep.equal(Object.keys(dumped).slice().sort());
    expect(dumped.k3).to.equal('last');
  });

  it('decodes escapes and surrogate pairs to UTF-8 and escapes control characters on output', () => {
    const v = rt.json('"a\\"b\\\\c\\/d\\n\\t\\u00e9\\ud83d\\ude00\\u0001"');
    expect(rt.call('opa_value_length', v)).to.equal(12);
    expect(rt.dump(v)).to.equal('"a\\"b\\\\c/d\\n\\té😀\\u0001"');
    expect(JSON.parse(rt.dump(v))).to.equal('a"b\\c/d\n\té😀\u0001');
  });

  it('passes raw UTF-8 through unchanged', () => {
    expect(roundTrip('"héllo wörld ✓ 😀"')).to.equal('"héllo wörld ✓ 😀"');
  });

  it('turns a lone surrogate escape into U+FFFD', () => {
    expect(JSON.parse(roundTrip('"\\ud800x"'))).to.equal('\ufffdx');
    expect(JSON.parse(roundTrip('"\\udc00"'))).to.equal('\ufffd');
  });

  it('keeps integers exact across the whole i64 range and big integers verbatim', () => {
    for (const text of ['9223372036854775807', '-9223372036854775808', '12345678901234567890123456789']) {
      expect(roundTrip(text)).to.equal(text);
    }
  });

  it('dumps floats in shortest round-trip form and integral floats as integers', () => {
    expect(roundTrip('0.1')).to.equal('0.1');
    expect(roundTrip('2.50')).to.equal('2.5');
    expect(roundTrip('1.0')).to.equal('1');
    expect(roundTrip('1e2')).to.equal('100');
    expect(roundTrip('-0')).to.equal('0');
    expect(roundTrip('123.456e-5')).to.equal('0.00123456');
    expect(Number(roundTrip('1.5e300'))).to.equal(1.5e300);
    expect(rt.dump(rt.call('opa_number_float', 6 / 2))).to.equal('3');
  });

  it('keeps the text of numbers an f64 cannot reproduce', () => {
    expect(roundTrip('0.12345678901234567890')).to.equal('0.12345678901234567890');
    expect(roundTrip('1e400')).to.equal('1e400');
  });

  it('converts decimal text to the nearest f64', () => {
    const cases = ['0.1', '1e-30', '2.2250738585072014e-308', '5e-324', '1.7976931348623157e308',
      '9007199254740993', '123456789.123456789e-100', '0.30000000000000004'];
    for (const text of cases) {
      expect(rt.exports.verdict_number_f64(rt.json(text)), text).to.equal(Number(text));
    }
  });

  it('parses deeply nested documents', () => {
    const depth = 2000;
    const text = '['.repeat(depth) + '{"a":1}' + ']'.repeat(depth);
    expect(roundTrip(text)).to.equal(text);
  });

  it('rejects documents nested deeper than 2048 levels instead of exhausting the stack', () => {
    expect(rt.json('['.repeat(2049) + ']'.repeat(2049))).to.equal(0);
    expect(rt.json('{"a":'.repeat(2049) + '1' + '}'.repeat(2049))).to.equal(0);
    expect(rt.json('['.repeat(2048) + ']'.repeat(2048))).to.not.equal(0);
  });

  it('returns 0 for malformed JSON', () => {
    const bad = ['', ' ', '[1,2', '[1,]', '{"a":1,}', '{"a"}', '{a:1}', "'a'", '01', '1.', '.5', '-', '1e', '+1',
      'tru', 'nul', '"abc', '"a\\x"', '"a\\u12G4"', '"tab\there"', '[1] x', '{1:2}', '{1,2}', 'set()', 'NaN'];
    for (const text of bad) expect(rt.json(text), JSON.stringify(text)).to.equal(0);
  });

  it('accepts Rego set literals and non-string keys only in opa_value_parse', () => {
    const v = rt.value('{3, 1, {2}, set(), 1}');
    expect(rt.call('opa_value_type', v)).to.equal(7);
    expect(rt.valueDump(v)).to.equal('{1,3,set(),{2}}');
    expect(rt.dump(v)).to.equal('[1,3,[],[2]]');
    expect(rt.valueDump(rt.value('set()'))).to.equal('set()');
    expect(rt.valueDump(rt.value('{}'))).to.equal('{}');
  });

  it('dumps non-string object keys as their JSON text in JSON and as literals in Rego form', () => {
    const v = rt.value('{1: "a", [1, "x"]: 2, "s": 3, null: 4}');
    expect(rt.valueDump(v)).to.equal('{null:4,1:"a","s":3,[1,"x"]:2}');
    expect(rt.dump(v)).to.equal('{"null":4,"1":"a","s":3,"[1,\\"x\\"]":2}');
  });

  it('NUL-terminates dumps', () => {
    const addr = rt.call('opa_json_dump', rt.json('[1]'));
    expect(new Uint8Array(rt.memory.buffer)[addr + 3]).to.equal(0);
  });
});
