// regex.template_match and regex.globs_match on the host.
import { expect } from 'chai';
import { evaluateAll } from './evaluate.js';

describe('host builtins: regex templates and glob intersection', () => {
  it('matches templates of literal text and delimited patterns', async () => {
    const r = await evaluateAll({
      match: 'regex.template_match("urn:foo:{.*}", "urn:foo:bar:baz", "{", "}")',
      literalDots: 'regex.template_match("a.{[0-9]+}", "aX12", "{", "}")',
      nested: 'regex.template_match("id-<[a-z]{2}>", "id-ab", "<", ">")',
      unbalanced: 'regex.template_match("urn:{.*", "urn:x", "{", "}")',
    });
    expect(r).to.deep.equal({ match: true, literalDots: false, nested: true, unbalanced: undefined });
  });

  it('tells whether two patterns share a matching string', async () => {
    const r = await evaluateAll({
      overlap: 'regex.globs_match("a.a.", ".b.b")',
      disjoint: 'regex.globs_match("[a-c]+", "[d-f]+")',
      starEmpty: 'regex.globs_match("x*", "")',
      negated: 'regex.globs_match("[^a]", "a")',
      plus: 'regex.globs_match("ab+c", "a.c")',
      malformed: 'regex.globs_match("[a", "a")',
    });
    expect(r).to.deep.equal({ overlap: true, disjoint: false, starEmpty: true, negated: false, plus: true, malformed: undefined });
  });
});
