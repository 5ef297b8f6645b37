// urlquery.* on the host, matching Go's net/url.
import { expect } from 'chai';
import { evaluateAll } from './evaluate.js';

describe('host builtins: urlquery', () => {
  it('escapes and unescapes like QueryEscape and QueryUnescape', async () => {
    const r = await evaluateAll({
      enc: 'urlquery.encode("a=b+1 é~")',
      dec: 'urlquery.decode("a%3Db%2B1+%C3%A9~")',
      bad: 'urlquery.decode("100%")',
    });
    expect(r).to.deep.equal({ enc: 'a%3Db%2B1+%C3%A9~', dec: 'a=b+1 é~', bad: undefined });
  });

  it('encodes objects with sorted keys and repeated values for arrays and sets', async () => {
    const r = await evaluateAll({
      obj: 'urlquery.encode_object({"c": "d", "a": ["b+1", "c+2"], "s": {"x"}})',
      notString: 'urlquery.encode_object({"a": 1})',
    });
    expect(r).to.deep.equal({ obj: 'a=b%2B1&a=c%2B2&c=d&s=x', notString: undefined });
  });

  it('decodes a query into arrays of values, keeping empty ones', async () => {
    const r = await evaluateAll({
      q: 'urlquery.decode_object("a=value_a1&b&a=value_a2&&c=%20")',
      empty: 'urlquery.decode_object("")',
      semicolon: 'urlquery.decode_object("a=1;b=2")',
    });
    expect(r).to.deep.equal({ q: { a: ['value_a1', 'value_a2'], b: [''], c: [' '] }, empty: {}, semicolon: undefined });
  });
});
