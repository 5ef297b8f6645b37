// Native object, array and set builtins, json.filter/json.remove, `in`, ranges and walk.
import { expect } from 'chai';
import { checkRows } from './builtin-table.js';
import { loadRuntime } from './harness.js';

describe('runtime builtins: objects, arrays and sets', () => {
  const rt = loadRuntime();

  it('gets object values by key or path, with a default', () => {
    checkRows(rt, [
      ['object.get', ['{"a": {"b": "c"}}', '"a"', 'true'], '{"b": "c"}'],
      ['object.get', ['{"a": {"b": "c"}}', '"b"', 'true'], 'true'],
      ['object.get', ['{"a": {"b": [1, {"c": 2}]}}', '["a", "b", 1, "c"]', '0'], '2'],
      ['object.get', ['{"a": {"b": "c"}}', '["a", "x"]', '"d"'], '"d"'],
      ['object.get', ['{"a": 1}', '[]', '"d"'], '"d"'],
      ['object.get', ['{1: "one"}', '1', '0'], '"one"'],
      ['object.get', ['[1]', '0', '0'], undefined],
    ]);
  });

  it('lists keys and unites objects recursively, the right side winning', () => {
    checkRows(rt, [
      ['object.keys', ['{"b": 1, "a": 2}'], '{"a", "b"}'],
      ['object.keys', ['{}'], 'set()'],
      ['object.union', ['{"a": 1}', '{"a": {"b": {"c": 1}}, "d": 7}'], '{"a": {"b": {"c": 1}}, "d": 7}'],
      ['object.union', ['{"a": {"x": 1}}', '{"a": {"y": 2}}'], '{"a": {"x": 1, "y": 2}}'],
      ['object.union', ['{"a": 1}', '[]'], undefined],
      ['object.union_n', ['[{"a": 1, "b": 2, "c": 3}, {"foo": "baz", "a": "a", "d": 4}, {"a": "final A!", "e": 5.0}]'],
        '{"a": "final A!", "b": 2, "c": 3, "d": 4, "e": 5, "foo": "baz"}'],
      ['object.union_n', ['[]'], '{}'],
      ['object.union_n', ['[{}, 1]'], undefined],
    ]);
  });

  it('removes and filters keys named by a set, an array or an object', () => {
    checkRows(rt, [
      ['object.remove', ['{"a": 1, "b": {"c": 3}, "d": 4}', '{"b", "d"}'], '{"a": 1}'],
      ['object.remove', ['{"a": 1, "b": {"c": 3}, "d": 4}', '{"b": 1, "d": ""}'], '{"a": 1}'],
      ['object.remove', ['{"a": 1, [[7]]: 2}', '[[[7]], "zz"]'], '{"a": 1}'],
      ['object.remove', ['{"a": 1}', '"a"'], undefined],
      ['object.filter', ['{"a": 1, "b": 2, "c": 3, "e": 9}', '["e", "a", "e"]'], '{"a": 1, "e": 9}'],
      ['object.filter', ['{"a": 7}', '{}'], '{}'],
      ['object.filter', ['[1]', '{"a"}'], undefined],
    ]);
  });

  it('tests subsets of objects, sets and arrays', () => {
    checkRows(rt, [
      ['object.subset', ['{"a": 5, "b": 7, "n": {"x": 1, "s": {1, 2, 3}, "l": [6, 7, 8]}}', '{"a": 5, "n": {"s": {3, 1}, "l": [7, 8]}}'], 'true'],
      ['object.subset', ['{"a": 5}', '{"a": 5, "b": 10}'], 'false'],
      ['object.subset', ['{1, 2, {"a"}}', '{2, {"a"}}'], 'true'],
      ['object.subset', ['{1, 2, {"a", "b"}}', '{{"a"}}'], 'false'],
      ['object.subset', ['[1, 2, 3, 4, 5, 6]', '[3, 4, 5]'], 'true'],
      ['object.subset', ['[1, 2, 3, 4, 5, 6]', '[4, 5, 6, 8]'], 'false'],
      ['object.subset', ['[1, 2, 3, 4, 5, 6]', '[3, 5]'], 'false'],
      ['object.subset', ['[1, 2, 3]', '{3, 1}'], 'true'],
      ['object.subset', ['{1, 2}', '[1]'], undefined],
      ['object.subset', ['{"a": 1}', '{1}'], undefined],
    ]);
  });

  it('filters and removes JSON paths given as strings or arrays', () => {
    checkRows(rt, [
      ['json.filter', ['{"a": [{"b": 7, "c": 8}, {"d": 9}]}', '{"a/0/b", "a/1"}'], '{"a": [{"b": 7}, {"d": 9}]}'],
      ['json.filter', ['{"a": {"b": {"c": 7, "d": 8, "x": 0}}, "e": 9}', '{"a/b/d", ["a", "b", "c"]}'], '{"a": {"b": {"c": 7, "d": 8}}}'],
      ['json.filter', ['{}', '{"a/b"}'], '{}'],
      ['json.filter', ['{"a/b": 1, "a": {"~": 2}}', '["/a~0"]'], '{}'],
      ['json.filter', ['{"x": {"a/b": 1}}', '["x/a~1b"]'], '{"x": {"a/b": 1}}'],
      ['json.remove', ['{"a": {"b": {"c": 7, "d": 8}}, "e": 9}', '{"a/b/c", "e"}'], '{"a": {"b": {"d": 8}}}'],
      ['json.remove', ['{"a": {"b": 7}, "c": 1}', '{"a", "a/b"}'], '{"c": 1}'],
      ['json.remove', ['{"a": {"b": 7}, "c": 1}', '["a/b", "a"]'], '{"c": 1}'],
      ['json.remove', ['{"a": [{"b": 7, "c": 8}, {"d": 9}]}', '{"a/0/b", "a/1"}'], '{"a": [{"c": 8}]}'],
      ['json.remove', ['{"a": 7}', 'set()'], '{"a": 7}'],
      ['json.remove', ['{"a": 7}', '{{"a": 1}}'], undefined],
      ['json.remove', ['"x"', '{"a"}'], undefined],
    ]);
  });

  it('concatenates, slices, reverses and flattens arrays', () => {
    checkRows(rt, [
      ['array.concat', ['[1, 2]', '[3, 4]'], '[1, 2, 3, 4]'],
      ['array.concat', ['[]', '[]'], '[]'],
      ['array.concat', ['{}', '[]'], undefined],
      ['array.slice', ['[1, 2, 3, 4, 5]', '1', '3'], '[2, 3]'],
      ['array.slice', ['[1, 2, 3, 4, 5]', '-4', '-1'], '[]'],
      ['array.slice', ['[1, 2, 3]', '1', '100'], '[2, 3]'],
      ['array.slice', ['[1, 2, 3]', '2', '1'], '[]'],
      ['array.slice', ['[1, 2, 3]', '0.5', '1'], undefined],
      ['array.reverse', ['[1, [2], 3]'], '[3, [2], 1]'],
      ['array.flatten', ['[1, [2, [3]], []]'], '[1, 2, [3]]'],
    ]);
  });

  it('unites and intersects sets of sets', () => {
    checkRows(rt, [
      ['union', ['{{1, 2}, {2, 3}, set()}'], '{1, 2, 3}'],
      ['union', ['set()'], 'set()'],
      ['intersection', ['{{1, 2, "d"}, {2, "d"}, {"d", 5, 2}}'], '{2, "d"}'],
      ['intersection', ['{set(), {1, 2}}'], 'set()'],
      ['intersection', ['set()'], 'set()'],
      ['union', ['{[1]}'], undefined],
    ]);
  });

  it('answers `in` for arrays, sets and object values, false for other types', () => {
    checkRows(rt, [
      ['internal.member_2', ['1', '{1}'], 'true'],
      ['internal.member_2', ['1.0', '[2, 1]'], 'true'],
      ['internal.member_2', ['1', '{"foo": 1}'], 'true'],
      ['internal.member_2', ['"foo"', '{"foo": 1}'], 'false'],
      ['internal.member_2', ['{"foo": {"baz": 2000}}', '[{"foo": {"baz": 2000}}]'], 'true'],
      ['internal.member_2', ['1', '"foo"'], 'false'],
      ['internal.member_3', ['"foo"', '1', '{"foo": 1}'], 'true'],
      ['internal.member_3', ['1', '"two"', '["one", "two", "three"]'], 'true'],
      ['internal.member_3', ['2', '"two"', '["one", "two", "three"]'], 'false'],
      ['internal.member_3', ['1', '1', '{1}'], 'true'],
      ['internal.member_3', ['1', '"foo"', '1'], 'false'],
    ]);
  });

  it('builds integer ranges up or down, by a positive step', () => {
    checkRows(rt, [
      ['numbers.range', ['-2', '3'], '[-2, -1, 0, 1, 2, 3]'],
      ['numbers.range', ['2', '-3'], '[2, 1, 0, -1, -2, -3]'],
      ['numbers.range', ['0', '0'], '[0]'],
      ['numbers.range', ['0', '1.5'], undefined],
      ['numbers.range_step', ['0', '-10', '2'], '[0, -2, -4, -6, -8, -10]'],
      ['numbers.range_step', ['10', '3', '2'], '[10, 8, 6, 4]'],
      ['numbers.range_step', ['2', '5', '2'], '[2, 4]'],
      ['numbers.range_step', ['0', '10', '99999999999999999999'], '[0]'],
      ['numbers.range_step', ['0', '10', '-2'], undefined],
      ['numbers.range_step', ['0', '10', '0'], undefined],
    ]);
  });

  it('walks documents pre-order into [path, value] pairs', () => {
    checkRows(rt, [
      ['walk', ['1'], '[[[], 1]]'],
      ['walk', ['[1, 2]'], '[[[], [1, 2]], [[0], 1], [[1], 2]]'],
      ['walk', ['{"v2": "b", "v1": {"x": [true]}}'],
        '[[[], {"v1": {"x": [true]}, "v2": "b"}], [["v1"], {"x": [true]}], [["v1", "x"], [true]], [["v1", "x", 0], true], [["v2"], "b"]]'],
      ['walk', ['{{1, 2}}'], '[[[], {{1, 2}}], [[{1, 2}], {1, 2}], [[{1, 2}, 1], 1], [[{1, 2}, 2], 2]]'],
    ]);
  });

  it('gives each walked path its own array', () => {
    const out = rt.builtin('walk', '{"a": [{"b": 1}, {"c": 2}]}');
    expect(out).to.equal('[[[],{"a":[{"b":1},{"c":2}]}],[["a"],[{"b":1},{"c":2}]],[["a",0],{"b":1}],[["a",0,"b"],1],[["a",1],{"c":2}],[["a",1,"c"],2]]');
  });
});
