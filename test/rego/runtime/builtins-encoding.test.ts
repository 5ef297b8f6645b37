// Native encoding, bitwise and units builtins.
import { checkRows } from './builtin-table.js';
import { loadRuntime } from './harness.js';

describe('runtime builtins: encoding, bits and units', () => {
  const rt = loadRuntime();

  it('encodes and decodes base64 and base64url', () => {
    checkRows(rt, [
      ['base64.encode', ['"there"'], '"dGhlcmU="'],
      ['base64.encode', ['"subjects?_d"'], '"c3ViamVjdHM/X2Q="'],
      ['base64.encode', ['""'], '""'],
      ['base64.encode', ['"héllo"'], '"aMOpbGxv"'],
      ['base64.decode', ['"aGVsbG8="'], '"hello"'],
      ['base64.decode', ['"c3ViamVjdHM/X2Q="'], '"subjects?_d"'],
      ['base64.decode', ['"aGVsbG8"'], undefined],
      ['base64.decode', ['"aGVs*G8="'], undefined],
      ['base64.decode', ['"aGVsbG8=="'], undefined],
      ['base64.is_valid', ['"aGVsbG8="'], 'true'],
      ['base64.is_valid', ['"not base64!"'], 'false'],
      ['base64url.encode', ['"subjects?_d"'], '"c3ViamVjdHM_X2Q="'],
      ['base64url.encode_no_pad', ['"hello"'], '"aGVsbG8"'],
      ['base64url.decode', ['"aGVsbG8="'], '"hello"'],
      ['base64url.decode', ['"aGVsbG8"'], '"hello"'],
      ['base64url.decode', ['"c3ViamVjdHM_X2Q"'], '"subjects?_d"'],
      ['base64url.decode', ['"c3ViamVjdHM/X2Q="'], undefined],
    ]);
  });

  it('encodes and decodes hex', () => {
    checkRows(rt, [
      ['hex.encode', ['"hello"'], '"68656c6c6f"'],
      ['hex.decode', ['"68656C6c6f"'], '"hello"'],
      ['hex.decode', ['"fghijkl"'], undefined],
      ['hex.decode', ['"abc"'], undefined],
    ]);
  });

  it('marshals JSON as Go does and unmarshals strict JSON', () => {
    checkRows(rt, [
      ['json.marshal', ['[{"foo": {1, 2, 3}}]'], '"[{\\"foo\\":[1,2,3]}]"'],
      ['json.marshal', ['"<a&b>"'], '"\\"\\\\u003ca\\\\u0026b\\\\u003e\\""'],
      ['json.marshal', ['"\\u2028"'], '"\\"\\\\u2028\\""'],
      ['json.marshal', ['{"b": 1.5, "a": null}'], '"{\\"a\\":null,\\"b\\":1.5}"'],
      ['json.unmarshal', ['"{\\"a\\": [1, \\"x\\"]}"'], '{"a": [1, "x"]}'],
      ['json.unmarshal', ['"{\\"a\\": }"'], undefined],
      ['json.unmarshal', ['"{1, 2}"'], undefined],
      ['json.unmarshal', ['1'], undefined],
    ]);
  });

  it('tells JSON text from anything else, false for a non-string', () => {
    checkRows(rt, [
      ['json.is_valid', ['"{\\"json\\": \\"ok\\"}"'], 'true'],
      ['json.is_valid', ['"plainstring"'], 'false'],
      ['json.is_valid', ['"{"'], 'false'],
      ['json.is_valid', ['1'], 'false'],
      ['json.is_valid', ['{"a": 1}'], 'false'],
    ]);
  });

  it('does bitwise operations on integers, shifting left past 64 bits', () => {
    checkRows(rt, [
      ['bits.and', ['50', '0'], '0'],
      ['bits.and', ['12', '10'], '8'],
      ['bits.or', ['12', '10'], '14'],
      ['bits.xor', ['42', '3'], '41'],
      ['bits.negate', ['5'], '-6'],
      ['bits.lsh', ['2147483647', '1'], '4294967294'],
      ['bits.lsh', ['9223372036854775807', '1'], '18446744073709551614'],
      ['bits.lsh', ['1', '100'], '1267650600228229401496703205376'],
      ['bits.lsh', ['-3', '2'], '-12'],
      ['bits.rsh', ['8', '3'], '1'],
      ['bits.rsh', ['-9', '1'], '-5'],
      ['bits.rsh', ['-9', '100'], '-1'],
      ['bits.and', ['7.2', '42'], undefined],
      ['bits.lsh', ['1', '-1'], undefined],
    ]);
  });

  it('parses byte amounts exactly, truncating to integers', () => {
    checkRows(rt, [
      ['units.parse_bytes', ['"0"'], '0'],
      ['units.parse_bytes', ['".0"'], '0'],
      ['units.parse_bytes', ['"12345"'], '12345'],
      ['units.parse_bytes', ['"10KB"'], '10000'],
      ['units.parse_bytes', ['"10Kib"'], '10240'],
      ['units.parse_bytes', ['"1.1KiB"'], '1126'],
      ['units.parse_bytes', ['"4.1KB"'], '4100'],
      ['units.parse_bytes', ['".5KB"'], '500'],
      ['units.parse_bytes', ['"\\"100TIB\\""'], '109951162777600'],
      ['units.parse_bytes', ['"10e"'], '10000000000000000000'],
      ['units.parse_bytes', ['"10eib"'], '11529215046068469760'],
      ['units.parse_bytes', ['"1e3KB"'], '1000000'],
      ['units.parse_bytes', ['"1e-2KB"'], '10'],
      ['units.parse_bytes', ['"3.2E2MiB"'], '335544320'],
      ['units.parse_bytes', ['""'], undefined],
      ['units.parse_bytes', ['"GB"'], undefined],
      ['units.parse_bytes', ['"0.0.0"'], undefined],
      ['units.parse_bytes', ['"100 kb"'], undefined],
      ['units.parse_bytes', ['"10e10000000EiB"'], undefined],
      ['units.parse_bytes', ['"10xb"'], undefined],
    ]);
  });

  it('parses amounts with SI and binary suffixes exactly', () => {
    checkRows(rt, [
      ['units.parse', ['"500m"'], '0.5'],
      ['units.parse', ['"0.0005K"'], '0.5'],
      ['units.parse', ['"0.0000005M"'], '0.5'],
      ['units.parse', ['"1.1Ki"'], '1126.4'],
      ['units.parse', ['"10KI"'], '10240'],
      ['units.parse', ['"100mi"'], '104857600'],
      ['units.parse', ['"200M"'], '200000000'],
      ['units.parse', ['"10E"'], '10000000000000000000'],
      ['units.parse', ['"7.8E-1"'], '0.78'],
      ['units.parse', ['"2.5e3K"'], '2500000'],
      ['units.parse', ['"1e-2"'], '0.01'],
      ['units.parse', ['"5E"'], '5000000000000000000'],
      ['units.parse', ['"-3.5E2m"'], '-0.35'],
      ['units.parse', ['"1.0Ki"'], '1024'],
      ['units.parse', ['"1KB"'], undefined],
      ['units.parse', ['" 327Mi "'], undefined],
    ]);
  });
});
