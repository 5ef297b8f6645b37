// Native arithmetic, comparison and set-operator builtins.
import { expect } from 'chai';
import { checkRows, type BuiltinRow } from './builtin-table.js';
import { loadRuntime } from './harness.js';

describe('runtime builtins: arithmetic', () => {
  const rt = loadRuntime();

  it('adds, subtracts and multiplies integers exactly, beyond 64 bits too', () => {
    checkRows(rt, [
      ['plus', ['2', '3'], '5'],
      ['plus', ['1.5', '2.5'], '4'],
      ['plus', ['1', '2.5'], '3.5'],
      ['plus', ['9223372036854775807', '1'], '9223372036854775808'],
      ['plus', ['18446744073709551617', '1'], '18446744073709551618'],
      ['plus', ['123456789012345678901234567890', '1'], '123456789012345678901234567891'],
      ['plus', ['1e30', '1'], '1000000000000000000000000000001'],
      ['minus', ['-18446744073709551617', '1'], '-18446744073709551618'],
      ['minus', ['-2147483648', '1'], '-2147483649'],
      ['minus', ['-9223372036854775808', '1'], '-9223372036854775809'],
      ['mul', ['2147483647', '2147483647'], '4611686014132420609'],
      ['mul', ['18446744073709551617', '2'], '36893488147419103234'],
      ['mul', ['-9223372036854775808', '-1'], '9223372036854775808'],
      ['mul', ['2.5', '2'], '5'],
      ['plus', ['"a"', '1'], undefined],
      ['mul', ['1', 'null'], undefined],
    ]);
  });

  it('prints exact big results digit for digit', () => {
    expect(rt.builtin('plus', '18446744073709551617', '1')).to.equal('18446744073709551618');
    expect(rt.builtin('mul', '99999999999999999999', '99999999999999999999')).to.equal('9999999999999999999800000000000000000001');
    expect(rt.builtin('minus', '100000000000000000000', '100000000000000000001')).to.equal('-1');
  });

  it('takes set differences with minus', () => {
    checkRows(rt, [
      ['minus', ['{1,2,3}', '{2,4}'], '{1,3}'],
      ['minus', ['{1}', '[1]'], undefined],
    ]);
  });

  it('divides exactly when the divisor divides, and has no result for a zero divisor', () => {
    checkRows(rt, [
      ['div', ['6', '3'], '2'],
      ['div', ['-6', '3'], '-2'],
      ['div', ['1', '4'], '0.25'],
      ['div', ['0', '5'], '0'],
      ['div', ['1', '0'], undefined],
      ['div', ['1', '0.0'], undefined],
      ['div', ['36893488147419103234', '2'], '18446744073709551617'],
      ['div', ['"6"', '3'], undefined],
    ]);
  });

  it('takes remainders of integers with the sign of the dividend', () => {
    checkRows(rt, [
      ['rem', ['-17', '5'], '-2'],
      ['rem', ['17', '-5'], '2'],
      ['rem', ['4.0', '3'], '1'],
      ['rem', ['1.1', '1'], undefined],
      ['rem', ['1', '0'], undefined],
      ['rem', ['10', '18446744073709551616'], '10'],
      ['rem', ['100', '-18446744073709551616'], '100'],
      ['rem', ['18446744073709551617', '18446744073709551616'], '1'],
      ['rem', ['7', '340282366920938463463374607431768211456'], '7'],
      ['rem', ['-9223372036854775808', '-1'], '0'],
    ]);
  });

  it('takes absolute values and rounds half away from zero', () => {
    checkRows(rt, [
      ['abs', ['-5'], '5'],
      ['abs', ['-9223372036854775808'], '9223372036854775808'],
      ['abs', ['-2.5'], '2.5'],
      ['abs', ['"x"'], undefined],
      ['round', ['2.5'], '3'],
      ['round', ['-2.5'], '-3'],
      ['round', ['2.4'], '2'],
      ['round', ['0.49999999999999994'], '0'],
      ['round', ['-5'], '-5'],
      ['round', ['10.00'], '10'],
      ['ceil', ['1.2'], '2'],
      ['ceil', ['-1.2'], '-1'],
      ['floor', ['1.8'], '1'],
      ['floor', ['-1.2'], '-2'],
      ['floor', ['123456789012345678901234567890'], '123456789012345678901234567890'],
    ]);
  });

  it('compares any values by OPA order and returns booleans', () => {
    checkRows(rt, [
      ['equal', ['1', '1.0'], 'true'],
      ['equal', ['{"a":[1]}', '{"a":[1]}'], 'true'],
      ['neq', ['"a"', '"b"'], 'true'],
      ['neq', ['28857836529306024611913', '28857836529306024611912'], 'true'],
      ['lt', ['1', '"a"'], 'true'],
      ['lt', ['2', '1'], 'false'],
      ['lte', ['1', '1'], 'true'],
      ['gt', ['[1,2]', '[1]'], 'true'],
      ['gte', ['null', 'false'], 'false'],
    ]);
  });

  it('intersects and unites sets with and / or', () => {
    checkRows(rt, [
      ['and', ['{1,2,3}', '{2,3,4}'], '{2,3}'],
      ['or', ['{1,3,5}', '{2,3,4}'], '{1,2,3,4,5}'],
      ['or', ['set()', '{1}'], '{1}'],
      ['and', ['{1}', '[1]'], undefined],
    ]);
  });
});
