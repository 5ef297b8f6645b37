/** Scalar literals: numbers (kept as text, validated as OPA does) and strings (escapes decoded). */
import type { NumberTerm, StringTerm } from '../ast.js';
import type { Parser } from '../parser.js';
import { T } from '../tokens.js';

/**
 * Reads a number at the cursor: `1`, `-2.5`, `.5`, `- 3`, `1e400`. The text is kept as written except
 * that a leading `.` gains a `0` so every number text is valid JSON.
 */
export function readNumber(p: Parser): NumberTerm {
  const start = p.tok.start;
  let prefix = '';
  if (p.at(T.Sub)) {
    prefix = '-';
    p.next();
    if (!p.at(T.Number) && !(p.at(T.Dot) && p.peek().kind === T.Number && !p.peek().ws)) p.unexpected('expected number');
  }
  if (p.at(T.Dot)) {
    prefix += '0.';
    p.next();
    if (!p.at(T.Number) || p.tok.ws) p.unexpected('expected number');
    const digits = p.textOf(p.tok);
    if (!/^[0-9]+([eE][+-]?[0-9]+)?$/.test(digits)) p.unexpected('expected number');
  }
  const t = p.next();
  const lit = p.textOf(t);
  if (!prefix.endsWith('.') && lit.length > 1 && lit[0] === '0') {
    const decimal = lit[1] === '.';
    const scientific = lit.length > 2 && (lit[1] === 'e' || lit[1] === 'E');
    if (!decimal && !scientific) p.fail('expected number without leading zero', p.tokSpan(t));
  }
  const text = prefix + lit;
  if (tooBig(text)) p.fail('number too big', p.tokSpan(t));
  return { kind: 'number', text, span: p.spanFrom(start) };
}

/**
 * OPA rejects numbers whose binary exponent exceeds 1e5 (about 10^30103), so printing them stays cheap.
 * The decimal magnitude is estimated from the digits and the exponent without converting the number.
 */
function tooBig(text: string): boolean {
  const m = /^-?([0-9]*)(?:\.([0-9]*))?(?:[eE]([+-]?[0-9]+))?$/.exec(text);
  if (!m) return false;
  const intPart = m[1].replace(/^0+/, '');
  const frac = m[2] ?? '';
  const exp = m[3] ? Number(m[3]) : 0;
  let magnitude: number;
  if (intPart.length > 0) magnitude = intPart.length;
  else {
    const lead = frac.search(/[1-9]/);
    if (lead < 0) return false; // zero
    magnitude = -lead;
  }
  return Math.abs(magnitude + exp) > 30100;
}

/** Reads a double-quoted or back-quoted string at the cursor. */
export function readString(p: Parser): StringTerm {
  const t = p.next();
  const raw = p.textOf(t);
  const span = p.tokSpan(t);
  if (t.kind === T.RawString) return { kind: 'string', value: raw.slice(1, -1), raw: true, span };
  const closed = raw.length >= 2 && raw.endsWith('"') && !endsWithEscape(raw);
  const inner = raw.slice(1, closed ? -1 : undefined);
  return { kind: 'string', value: inner.includes('\\') ? unescape(inner) : inner, span };
}

function endsWithEscape(raw: string): boolean {
  let n = 0;
  for (let i = raw.length - 2; i >= 1 && raw.charCodeAt(i) === 92; i--) n++;
  return n % 2 === 1;
}

const SIMPLE_ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/**
 * Decodes JSON-style escapes. `\uXXXX` yields one UTF-16 code unit, so a surrogate pair written as two
 * escapes becomes the one character it encodes. Malformed escapes were already reported by the lexer.
 */
function unescape(s: string): string {
  let out = '';
  let from = 0;
  for (let i = s.indexOf('\\'); i >= 0; i = s.indexOf('\\', from)) {
    out += s.slice(from, i);
    const c = s[i + 1];
    if (c === 'u') {
      const hex = s.slice(i + 2, i + 6);
      if (/^[0-9a-fA-F]{4}$/.test(hex)) {
        out += String.fromCharCode(parseInt(hex, 16));
        from = i + 6;
        continue;
      }
    }
    const simple = c === undefined ? undefined : SIMPLE_ESCAPES[c];
    out += simple ?? c ?? '';
    from = i + 2;
  }
  return out + s.slice(from);
}
