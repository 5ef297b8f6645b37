// The lexer: token kinds, the newline/whitespace flags the parser relies on, comments, and scanner errors.
import { expect } from 'chai';
import { lex } from '../../../src/rego/1-parse/lexer.js';
import { T, tokenName } from '../../../src/rego/1-parse/tokens.js';

function kinds(text: string): string[] {
  return lex(text).tokens.map((t) => tokenName(t.kind));
}

describe('lexer', () => {
  it('splits operators, longest first', () => {
    expect(kinds(':= = == != < <= > >= + - * / % & | : ; , .')).to.deep.equal([
      'assign', 'eq', 'equal', 'neq', 'lt', 'lte', 'gt', 'gte', 'plus', 'minus', 'mul', 'div', 'rem', 'and', 'or', ':', ';', ',', '.', 'eof',
    ]);
  });

  it('reads identifiers (keywords included), numbers and both string forms as single tokens', () => {
    const text = 'if x_1 12.5e-3 "a\\"b" `multi\nline`';
    const { tokens } = lex(text);
    expect(tokens.map((t) => text.slice(t.start, t.end))).to.deep.equal(['if', 'x_1', '12.5e-3', '"a\\"b"', '`multi\nline`', '']);
    expect(tokens.map((t) => t.kind)).to.deep.equal([T.Ident, T.Ident, T.Number, T.String, T.RawString, T.EOF]);
  });

  it('flags tokens preceded by a newline or by any whitespace', () => {
    const { tokens } = lex('a.b [c]\n  d # note\ne');
    expect(tokens.map((t) => [t.nl, t.ws])).to.deep.equal([
      [false, false], // a
      [false, false], // .
      [false, false], // b
      [false, true], // [
      [false, false], // c
      [false, false], // ]
      [true, true], // d
      [true, true], // e (after the comment's line end)
      [false, false], // eof
    ]);
  });

  it('keeps comments with their text for METADATA blocks, without a trailing CR', () => {
    const { comments, tokens } = lex('# METADATA\r\n#title: x\np');
    expect(comments.map((c) => c.text)).to.deep.equal([' METADATA', 'title: x']);
    expect(tokens).to.have.length(2);
  });

  it('skips a byte-order mark at the start', () => {
    const { tokens } = lex('\ufeffpackage a');
    expect(tokens[0]).to.include({ kind: T.Ident, start: 1 });
  });

  it('reports malformed numbers and strings but keeps a usable token', () => {
    const { tokens, problems } = lex('1. 2e 3x "a\\q" "open');
    expect(tokens.slice(0, 5).map((t) => t.kind)).to.deep.equal([T.Number, T.Number, T.Number, T.String, T.String]);
    expect(problems.map((p) => p.message)).to.deep.equal([
      'expected fraction',
      'expected exponent',
      'illegal number format',
      'illegal escape sequence',
      'non-terminated string',
    ]);
  });

  it('turns characters Rego does not use into illegal tokens with a reason', () => {
    const { tokens } = lex('! $ @ `open');
    expect(tokens.slice(0, 4).map((t) => [t.kind, t.message])).to.deep.equal([
      [T.Illegal, 'illegal ! character'],
      [T.Illegal, 'illegal $ character'],
      [T.Illegal, 'illegal token'],
      [T.Illegal, 'non-terminated string'],
    ]);
  });
});
