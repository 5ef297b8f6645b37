// Native string builtins: searching, splitting, case, trimming, conversions.
import { checkRows } from './builtin-table.js';
import { loadRuntime } from './harness.js';

describe('runtime builtins: strings', () => {
  const rt = loadRuntime();

  it('joins arrays and sets of strings', () => {
    checkRows(rt, [
      ['concat', ['"/"', '["", "foo", "bar", "0", "baz"]'], '"/foo/bar/0/baz"'],
      ['concat', ['","', '{"b", "a"}'], '"a,b"'],
      ['concat', ['","', '[]'], '""'],
      ['concat', ['","', '["a", 1]'], undefined],
      ['concat', ['1', '["a"]'], undefined],
    ]);
  });

  it('tests containment, prefixes and suffixes', () => {
    checkRows(rt, [
      ['contains', ['"abcdefgh"', '"defg"'], 'true'],
      ['contains', ['"abc"', '""'], 'true'],
      ['contains', ['"abc"', '"x"'], 'false'],
      ['startswith', ['"abcdefgh"', '"abcd"'], 'true'],
      ['startswith', ['"ab"', '"abc"'], 'false'],
      ['endswith', ['"abcdefgh"', '"fgh"'], 'true'],
      ['endswith', ['"abcdefgh"', '"fg"'], 'false'],
      ['contains', ['1', '"1"'], undefined],
    ]);
  });

  it('maps case one code point at a time', () => {
    checkRows(rt, [
      ['lower', ['"AbCdEf"'], '"abcdef"'],
      ['upper', ['"AbCdEf"'], '"ABCDEF"'],
      ['lower', ['"ÅÄÖ ΣΑΣ İ"'], '"åäö σασ i"'],
      ['upper', ['"straße ⓐ"'], '"STRAßE Ⓐ"'],
      ['upper', ['1'], undefined],
    ]);
  });

  it('replaces every occurrence without rescanning', () => {
    checkRows(rt, [
      ['replace', ['"foo.bar.baz"', '"."', '","'], '"foo,bar,baz"'],
      ['replace', ['"foo...bar"', '".."', '",,"'], '"foo,,.bar"'],
      ['replace', ['"ab"', '""', '"-"'], '"-a-b-"'],
      ['replace', ['"aé"', '""', '"-"'], '"-a-é-"'],
    ]);
  });

  it('splits like Go, into characters for an empty delimiter', () => {
    checkRows(rt, [
      ['split', ['"foo.bar.baz"', '"."'], '["foo","bar","baz"]'],
      ['split', ['"foo"', '"."'], '["foo"]'],
      ['split', ['""', '"."'], '[""]'],
      ['split', ['"tést"', '""'], '["t","é","s","t"]'],
      ['split', ['""', '""'], '[]'],
      ['split', ['"a..b"', '"."'], '["a","","b"]'],
      ['strings.split_n', ['"a.b.c.d"', '"."', '2'], '["a","b"]'],
      ['strings.split_n', ['"a.b.c.d"', '"."', '-1'], '["d"]'],
      ['strings.split_n', ['"a.b.c.d"', '"."', '-10'], '["a","b","c","d"]'],
      ['strings.split_n', ['"a.b.c.d"', '"."', '0'], '[]'],
      ['strings.split_n', ['"abc"', '""', '-2'], '["b","c"]'],
      ['strings.split_n', ['"a.b"', '"."', '1.5'], undefined],
    ]);
  });

  it('finds code point indexes', () => {
    checkRows(rt, [
      ['indexof', ['"μx"', '"x"'], '1'],
      ['indexof', ['"μ"', '"μμ"'], '-1'],
      ['indexof', ['"skön var våren"', '"vår"'], '9'],
      ['indexof', ['"🍧🍨🧁🍰🍮"', '"🍮"'], '4'],
      ['indexof', ['"abc"', '""'], undefined],
      ['indexof_n', ['"dogcatdogcat"', '"cat"'], '[3,9]'],
      ['indexof_n', ['"😇😀😇😀😇😀"', '"😀"'], '[1,3,5]'],
      ['indexof_n', ['"aaa"', '"aa"'], '[0,1]'],
      ['indexof_n', ['"dogcat"', '"rabbit"'], '[]'],
    ]);
  });

  it('takes substrings by code points', () => {
    checkRows(rt, [
      ['substring', ['"abcdefgh"', '2', '-1'], '"cdefgh"'],
      ['substring', ['"aåäö"', '2', '-1'], '"äö"'],
      ['substring', ['"abcdefgh"', '2', '10000'], '"cdefgh"'],
      ['substring', ['"abcdefghåäö"', '2', '3'], '"cde"'],
      ['substring', ['"åäö"', '4', '-1'], '""'],
      ['substring', ['"abc"', '-1', '1'], undefined],
      ['substring', ['"abc"', '1.5', '1'], undefined],
    ]);
  });

  it('trims cutsets, prefixes, suffixes and Unicode spaces', () => {
    checkRows(rt, [
      ['trim', ['"...foo.bar..."', '".o"'], '"foo.bar"'],
      ['trim', ['""', '"."'], '""'],
      ['trim', ['"¡¡¡foo, bar!!!"', '"!¡"'], '"foo, bar"'],
      ['trim', ['"¡¡¡foo, bar!!!"', '"i"'], '"¡¡¡foo, bar!!!"'],
      ['trim', ['"...."', '"."'], '""'],
      ['trim_left', ['"¡¡¡foo!!!"', '"¡"'], '"foo!!!"'],
      ['trim_right', ['"¡¡¡foo!!!"', '"!"'], '"¡¡¡foo"'],
      ['trim_prefix', ['"¡¡¡foo, bar!!!"', '"¡¡¡foo"'], '", bar!!!"'],
      ['trim_prefix', ['"foo"', '"bar"'], '"foo"'],
      ['trim_suffix', ['"¡¡¡foo, bar!!!"', '", bar!!!"'], '"¡¡¡foo"'],
      ['trim_space', ['" \\t\\n foo bar \\u3000\\u00a0"'], '"foo bar"'],
      ['trim_space', ['"   "'], '""'],
    ]);
  });

  it('replaces by a pattern object in key order, the first matching key winning', () => {
    checkRows(rt, [
      ['strings.replace_n', ['{"info": "X", "anotherinfo": "Y"}', '"anotherinfo"'], '"Y"'],
      ['strings.replace_n', ['{"a": "YY", "bba": "bX"}', '"bbab"'], '"bXb"'],
      ['strings.replace_n', ['{"ab": "b", "b": "Y"}', '"baaabbbba"'], '"YaabYYYa"'],
      ['strings.replace_n', ['{"a": "b", "b": "a"}', '"abba"'], '"baab"'],
      ['strings.replace_n', ['{"a": "Xa", "ab": "X", "ba": "bYa", "aaa": "X"}', '"aaaaab"'], '"XaXaXaXaXab"'],
      ['strings.replace_n', ['{"aab": "Y", "a": "", "b": ""}', '"bbaab"'], '""'],
      ['strings.replace_n', ['{"": "X"}', '""'], '"X"'],
      ['strings.replace_n', ['{"": "X", "a": "Y"}', '"ab"'], '"XYXbX"'],
      ['strings.replace_n', ['{"": "-", "é": "e"}', '"aéb"'], '"-a-e-b-"'],
      ['strings.replace_n', ['{2: "x"}', '"foo"'], undefined],
      ['strings.replace_n', ['{"a": 1}', '"foo"'], undefined],
    ]);
  });

  it('reverses and counts', () => {
    checkRows(rt, [
      ['strings.reverse', ['"abc😀é"'], '"é😀cba"'],
      ['strings.count', ['"cheese"', '"e"'], '3'],
      ['strings.count', ['"11111"', '"11"'], '2'],
      ['strings.count', ['"dummy"', '""'], '6'],
      ['strings.count', ['""', '""'], '1'],
    ]);
  });

  it('formats integers in bases 2, 8, 10 and 16, truncating toward zero', () => {
    checkRows(rt, [
      ['format_int', ['15.5', '16'], '"f"'],
      ['format_int', ['-15.5', '16'], '"-f"'],
      ['format_int', ['5', '2'], '"101"'],
      ['format_int', ['64', '8'], '"100"'],
      ['format_int', ['-9223372036854775808', '10'], '"-9223372036854775808"'],
      ['format_int', ['123456789012345678901234567890', '10'], '"123456789012345678901234567890"'],
      ['format_int', ['5', '3'], undefined],
      ['format_int', ['"5"', '10'], undefined],
    ]);
  });

  it('converts to numbers as Go parses decimals', () => {
    checkRows(rt, [
      ['to_number', ['"3"'], '3'],
      ['to_number', ['"-1.5e2"'], '-150'],
      ['to_number', ['"+7"'], '7'],
      ['to_number', ['".5"'], '0.5'],
      ['to_number', ['"5."'], '5'],
      ['to_number', ['"007"'], '7'],
      ['to_number', ['"123456789012345678901234567890"'], '123456789012345678901234567890'],
      ['to_number', ['null'], '0'],
      ['to_number', ['true'], '1'],
      ['to_number', ['2.5'], '2.5'],
      ['to_number', ['"broken"'], undefined],
      ['to_number', ['""'], undefined],
      ['to_number', ['"1e"'], undefined],
      ['to_number', ['" 1"'], undefined],
      ['to_number', ['"NaN"'], undefined],
      ['to_number', ['[]'], undefined],
    ]);
  });
});
