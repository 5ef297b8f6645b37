// Native sprintf: Go fmt verbs over OPA's argument conversion.
import { expect } from 'chai';
import { loadRuntime } from './harness.js';

describe('runtime builtins: sprintf', () => {
  const rt = loadRuntime();
  const sprintf = (format: string, args: string): unknown => {
    const out = rt.builtin('sprintf', JSON.stringify(format), args);
    return out === undefined ? undefined : JSON.parse(out);
  };

  const cases: Array<[string, string, string]> = [
    ['hi %s', '["there"]', 'hi there'],
    ['hi %02X.%02X', '[127, 1]', 'hi 7F.01'],
    ['hi %.2f', '[3.1415]', 'hi 3.14'],
    ['hi %s', '[true]', 'hi true'],
    ['hi %v', '[["there", 5, 3.14]]', 'hi ["there", 5, 3.14]'],
    ['%v', '[{"b": [1], "a": {1, 2}}]', '{"a": {1, 2}, "b": [1]}'],
    ['%v|%v|%v', '[null, set(), {}]', 'null|set()|{}'],
    ['%s', '[123456789123456789123]', '123456789123456789123'],
    ['%v', '[18446744073709551618]', '18446744073709551618'],
    ['%d', '[-42]', '-42'],
    ['%5d|%-5d|%05d|%+d', '[42, 42, -42, 42]', '   42|42   |-0042|+42'],
    ['%x %X %o %b %#x %#o', '[255, 255, 8, 5, 255, 8]', 'ff FF 10 101 0xff 010'],
    ['%c%c', '[72, 233]', 'Hé'],
    ['%q', '["a\\"b\\n"]', '"a\\"b\\n"'],
    ['%q', '[65]', "'A'"],
    ['%U', '[233]', 'U+00E9'],
    ['%v %v', '[0.1, 1.5e-7]', '0.1 1.5e-07'],
    ['%v', '[123456789.5]', '1.234567895e+08'],
    ['%f %e %g', '[3.5, 1234.5678, 0.00001234]', '3.500000 1.234568e+03 1.234e-05'],
    ['%.0f %.0f %.1f', '[2.5, 3.5, 0.25]', '2 4 0.2'],
    ['%8.3f|%-8.2f|%08.3f', '[3.14159, 2.5, -3.14159]', '   3.142|2.50    |-003.142'],
    ['%.3g %G', '[1234.5678, 1e-10]', '1.23e+03 1E-10'],
    ['%.2f', '[5]', '5.00'],
    ['%6s|%-6s|%.2s', '["ab", "ab", "héllo"]', '    ab|ab    |hé'],
    ['%x', '["hi"]', '6869'],
    ['100%%', '[]', '100%'],
    ['%d', '["x"]', '%!d(string=x)'],
    ['%d', '[1.5]', '%!d(float64=1.5)'],
    ['%s', '[5]', '%!s(int=5)'],
    ['%t', '[true]', '%!t(string=true)'],
    ['%d %d', '[1]', '1 %!d(MISSING)'],
    ['%d', '[1, "a", 2.5]', '1%!(EXTRA string=a, float64=2.5)'],
    ['%', '[]', '%!(NOVERB)'],
    ['%v', '["é😀"]', 'é😀'],
    ['%v', '[["é", "\\u0001"]]', '["é", "\\x01"]'],
  ];

  for (const [format, args, want] of cases) {
    it(`formats ${JSON.stringify(format)} with ${args}`, () => {
      expect(sprintf(format, args)).to.equal(want);
    });
  }

  it('has no result unless given a format string and an array', () => {
    expect(sprintf('%v', '{1}')).to.equal(undefined);
    expect(rt.builtin('sprintf', '1', '[]')).to.equal(undefined);
  });
});
