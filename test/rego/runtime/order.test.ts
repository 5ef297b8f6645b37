// OPA's total order and equality as the runtime implements them (opa_value_compare, verdict_value_equal).
import { expect } from 'chai';
import { loadRuntime } from './harness.js';

describe('runtime value order', () => {
  const rt = loadRuntime();
  const compare = (a: string, b: string): number => Math.sign(rt.call('opa_value_compare', rt.value(a), rt.value(b)));
  const equal = (a: string, b: string): boolean => rt.call('verdict_value_equal', rt.value(a), rt.value(b)) === 1;

  // Each entry sorts strictly before the next.
  const ascending = [
    'null', 'false', 'true',
    '-1e300', '-9223372036854775808', '-2', '-1.5', '-1e-400', '0', '1e-400', '1e-320', '0.5', '1', '1.0000000001', '2', '9223372036854775807',
    '9223372036854775808', '1e300',
    '""', '"A"', '"a"', '"ab"', '"b"', '"é"',
    '[]', '[1]', '[1,2]', '[2]', '["a"]',
    '{}', '{"a":1}', '{"a":1,"b":1}', '{"a":2}', '{"b":0}',
    'set()', '{1}', '{1,2}', '{2}',
  ];

  it('sorts null < boolean < number < string < array < object < set, and within each type', () => {
    for (let i = 0; i < ascending.length; i++) {
      for (let j = 0; j < ascending.length; j++) {
        expect(compare(ascending[i], ascending[j]), `${ascending[i]} vs ${ascending[j]}`).to.equal(Math.sign(i - j));
      }
    }
  });

  it('compares integers and floats by value', () => {
    expect(equal('1', '1.0')).to.equal(true);
    expect(equal('[1, {"a": 2}]', '[1.0, {"a": 2.00}]')).to.equal(true);
    expect(compare('3', '2.9999999')).to.equal(1);
    expect(compare('9007199254740993', '9007199254740992.0')).to.equal(1);
  });

  it('compares big numbers kept as text exactly', () => {
    expect(compare('123456789012345678901234567890', '123456789012345678901234567891')).to.equal(-1);
    expect(equal('123456789012345678901234567890', '1.2345678901234567890123456789e29')).to.equal(true);
    expect(compare('-123456789012345678901234567890', '-123456789012345678901234567891')).to.equal(1);
  });

  it('compares objects key by key, each key before its value', () => {
    // OPA: the first differing key decides before any value is looked at.
    expect(compare('{"a":9}', '{"b":0}')).to.equal(-1);
    expect(compare('{"a":1,"c":1}', '{"a":1,"b":5}')).to.equal(1);
    expect(compare('{"a":1}', '{"a":1,"b":1}')).to.equal(-1);
  });

  it('compares sets as their sorted elements, then by size', () => {
    expect(compare('{3,1}', '{1,3}')).to.equal(0);
    expect(compare('{1,3}', '{1,2,3}')).to.equal(1);
    expect(compare('{1}', '{1,2}')).to.equal(-1);
  });

  it('sorts undefined (0) before every value', () => {
    expect(rt.call('opa_value_compare', 0, rt.value('null'))).to.be.below(0);
    expect(rt.call('verdict_value_equal', 0, rt.value('null'))).to.equal(0);
    expect(rt.call('verdict_value_equal', 0, 0)).to.equal(1);
  });

  it('treats strings as bytes: equal only with the same bytes and length', () => {
    expect(equal('"abcdefghijklmnop"', '"abcdefghijklmnop"')).to.equal(true);
    expect(equal('"abcdefghijklmnop"', '"abcdefghijklmnoq"')).to.equal(false);
    expect(compare('"abcdefghijklmnop"', '"abcdefghijklmnoq"')).to.equal(-1);
    expect(compare('"abcdefgh"', '"abcdefgh\\u0000"')).to.equal(-1);
  });
});
