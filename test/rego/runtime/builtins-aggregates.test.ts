// Native aggregate and type builtins.
import { checkRows } from './builtin-table.js';
import { loadRuntime } from './harness.js';

describe('runtime builtins: aggregates and types', () => {
  const rt = loadRuntime();

  it('counts collection entries and string code points', () => {
    checkRows(rt, [
      ['count', ['[1,2,3]'], '3'],
      ['count', ['{"a":1}'], '1'],
      ['count', ['{1,2}'], '2'],
      ['count', ['"héllo😀"'], '6'],
      ['count', ['""'], '0'],
      ['count', ['42'], undefined],
    ]);
  });

  it('sums and multiplies exactly, past i64 when needed, and in f64 with floats', () => {
    checkRows(rt, [
      ['sum', ['[1,2,3]'], '6'],
      ['sum', ['{1,2,3}'], '6'],
      ['sum', ['[]'], '0'],
      ['sum', ['[1.5,2.5]'], '4'],
      ['sum', ['[1,2.5]'], '3.5'],
      ['sum', ['[9223372036854775807, 1]'], '9223372036854775808'],
      ['sum', ['{9223372036854775807, 1, 2}'], '9223372036854775810'],
      ['sum', ['[-9223372036854775808, -1]'], '-9223372036854775809'],
      ['sum', ['[18446744073709551617, 1]'], '18446744073709551618'],
      ['sum', ['[1,"a"]'], undefined],
      ['sum', ['"abc"'], undefined],
      ['product', ['[2,3,4]'], '24'],
      ['product', ['[]'], '1'],
      ['product', ['[1.5,2]'], '3'],
      ['product', ['[18446744073709551617, 2]'], '36893488147419103234'],
      ['product', ['[4294967296, 4294967296]'], '18446744073709551616'],
    ]);
  });

  it('finds maxima and minima by OPA order, with no result for empty collections', () => {
    checkRows(rt, [
      ['max', ['[1,3,2]'], '3'],
      ['max', ['[1,"a",null]'], '"a"'],
      ['min', ['{3,1,2}'], '1'],
      ['min', ['[[2],[1,5]]'], '[1,5]'],
      ['max', ['[]'], undefined],
      ['min', ['set()'], undefined],
      ['max', ['{"a":1}'], undefined],
    ]);
  });

  it('sorts arrays and sets into arrays', () => {
    checkRows(rt, [
      ['sort', ['[3,1,"b",null,2.5,"a"]'], '[null,1,2.5,3,"a","b"]'],
      ['sort', ['{3,1,2}'], '[1,2,3]'],
      ['sort', ['[]'], '[]'],
      ['sort', ['"abc"'], undefined],
    ]);
  });

  it('tests types, answering false for other types', () => {
    checkRows(rt, [
      ['is_number', ['1.5'], 'true'],
      ['is_number', ['"1"'], 'false'],
      ['is_string', ['"x"'], 'true'],
      ['is_boolean', ['false'], 'true'],
      ['is_array', ['[]'], 'true'],
      ['is_array', ['set()'], 'false'],
      ['is_set', ['set()'], 'true'],
      ['is_object', ['{}'], 'true'],
      ['is_null', ['null'], 'true'],
      ['is_null', ['false'], 'false'],
    ]);
  });

  it('names types', () => {
    const names = ['null', 'true', '1', '"s"', '[]', '{}', 'set()'].map((x) => rt.builtin('type_name', x));
    checkRows(rt, names.map((name, i) => ['equal', [name ?? 'null', ['"null"', '"boolean"', '"number"', '"string"', '"array"', '"object"', '"set"'][i]], 'true']));
  });
});
