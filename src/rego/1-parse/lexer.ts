/** Hand-written Rego lexer: source text to a token array plus the comments (kept for METADATA blocks). */
import { T, type Token } from './tokens.js';

export interface Comment {
  /** Text after the `#`, without a trailing carriage return. */
  text: string;
  start: number;
  end: number;
}

export interface LexProblem {
  message: string;
  start: number;
  end: number;
}

export interface LexResult {
  tokens: Token[];
  comments: Comment[];
  /** Problems inside otherwise usable tokens (bad escapes, malformed numbers); Illegal tokens carry their own. */
  problems: LexProblem[];
}

const enum C {
  Tab = 9,
  LF = 10,
  CR = 13,
  Space = 32,
  Bang = 33,
  Quote = 34,
  Hash = 35,
  Dollar = 36,
  Percent = 37,
  Amp = 38,
  LParen = 40,
  RParen = 41,
  Star = 42,
  Plus = 43,
  Comma = 44,
  Minus = 45,
  Dot = 46,
  Slash = 47,
  D0 = 48,
  D9 = 57,
  Colon = 58,
  Semi = 59,
  Lt = 60,
  Eq = 61,
  Gt = 62,
  LBrack = 91,
  Backslash = 92,
  RBrack = 93,
  Underscore = 95,
  Backtick = 96,
  LBrace = 123,
  Pipe = 124,
  RBrace = 125,
  BOM = 0xfeff,
}

function isLetter(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === C.Underscore;
}

function isDigit(c: number): boolean {
  return c >= C.D0 && c <= C.D9;
}

/** Single-character punctuation, indexed by char code. */
const SINGLE: Partial<Record<number, T>> = {
  [C.LBrack]: T.LBrack,
  [C.RBrack]: T.RBrack,
  [C.LBrace]: T.LBrace,
  [C.RBrace]: T.RBrace,
  [C.LParen]: T.LParen,
  [C.RParen]: T.RParen,
  [C.Comma]: T.Comma,
  [C.Semi]: T.Semicolon,
  [C.Dot]: T.Dot,
  [C.Plus]: T.Add,
  [C.Minus]: T.Sub,
  [C.Star]: T.Mul,
  [C.Slash]: T.Quo,
  [C.Percent]: T.Rem,
  [C.Amp]: T.And,
  [C.Pipe]: T.Or,
};

export function lex(text: string): LexResult {
  const tokens: Token[] = [];
  const comments: Comment[] = [];
  const problems: LexProblem[] = [];
  const n = text.length;
  let i = text.charCodeAt(0) === C.BOM ? 1 : 0;
  let nl = false;
  let ws = false;

  const push = (kind: T, start: number, message?: string): void => {
    const tok: Token = { kind, start, end: i, nl, ws };
    if (message !== undefined) tok.message = message;
    tokens.push(tok);
    nl = false;
    ws = false;
  };

  while (i < n) {
    const c = text.charCodeAt(i);
    const start = i;
    if (c === C.Space || c === C.Tab || c === C.CR) {
      i++;
      ws = true;
    } else if (c === C.LF) {
      i++;
      ws = true;
      nl = true;
    } else if (c === C.Hash) {
      while (i < n && text.charCodeAt(i) !== C.LF) i++;
      const end = i > start + 1 && text.charCodeAt(i - 1) === C.CR ? i - 1 : i;
      comments.push({ text: text.slice(start + 1, end), start, end });
      ws = true;
    } else if (isLetter(c)) {
      i++;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (!isLetter(d) && !isDigit(d)) break;
        i++;
      }
      push(T.Ident, start);
    } else if (isDigit(c)) {
      i = scanNumber(text, i, problems);
      push(T.Number, start);
    } else if (c === C.Quote) {
      i = scanString(text, i, problems);
      push(T.String, start);
    } else if (c === C.Backtick) {
      const close = text.indexOf('`', i + 1);
      if (close < 0) {
        i = n;
        push(T.Illegal, start, 'non-terminated string');
      } else {
        i = close + 1;
        push(T.RawString, start);
      }
    } else {
      i++;
      const next = i < n ? text.charCodeAt(i) : -1;
      const single = SINGLE[c];
      if (single !== undefined) push(single, start);
      else if (c === C.Colon) {
        if (next === C.Eq) i++;
        push(next === C.Eq ? T.Assign : T.Colon, start);
      } else if (c === C.Eq) {
        if (next === C.Eq) i++;
        push(next === C.Eq ? T.Equal : T.Unify, start);
      } else if (c === C.Lt || c === C.Gt) {
        if (next === C.Eq) i++;
        push(c === C.Lt ? (next === C.Eq ? T.Lte : T.Lt) : next === C.Eq ? T.Gte : T.Gt, start);
      } else if (c === C.Bang) {
        if (next === C.Eq) {
          i++;
          push(T.Neq, start);
        } else push(T.Illegal, start, 'illegal ! character');
      } else if (c === C.Dollar) {
        push(T.Illegal, start, 'illegal $ character');
      } else {
        // Keep a surrogate pair together so the error points at one character.
        if (c >= 0xd800 && c <= 0xdbff && i < n) i++;
        push(T.Illegal, start, c === 0 ? 'illegal null character' : 'illegal token');
      }
    }
  }
  tokens.push({ kind: T.EOF, start: n, end: n, nl, ws });
  return { tokens, comments, problems };
}

function scanNumber(text: string, i: number, problems: LexProblem[]): number {
  const n = text.length;
  const start = i;
  while (i < n && isDigit(text.charCodeAt(i))) i++;
  if (text.charCodeAt(i) === C.Dot) {
    i++;
    const f = i;
    while (i < n && isDigit(text.charCodeAt(i))) i++;
    if (i === f) problems.push({ message: 'expected fraction', start, end: i });
  }
  const e = text.charCodeAt(i);
  if (e === 101 || e === 69) {
    i++;
    const s = text.charCodeAt(i);
    if (s === C.Plus || s === C.Minus) i++;
    const f = i;
    while (i < n && isDigit(text.charCodeAt(i))) i++;
    if (i === f) problems.push({ message: 'expected exponent', start, end: i });
  }
  // `0a2b` is one malformed number, not a number followed by an identifier.
  if (i < n && isLetter(text.charCodeAt(i))) {
    while (i < n && (isLetter(text.charCodeAt(i)) || isDigit(text.charCodeAt(i)))) i++;
    problems.push({ message: 'illegal number format', start, end: i });
  }
  return i;
}

function scanString(text: string, i: number, problems: LexProblem[]): number {
  const n = text.length;
  const start = i;
  i++;
  for (;;) {
    if (i >= n || text.charCodeAt(i) === C.LF) {
      problems.push({ message: 'non-terminated string', start, end: i });
      return i;
    }
    const c = text.charCodeAt(i++);
    if (c === C.Quote) return i;
    if (c === C.Backslash) {
      const d = text.charCodeAt(i);
      if (d === 117 /* u */) {
        let ok = true;
        for (let k = 1; k <= 4; k++) if (!isHex(text.charCodeAt(i + k))) ok = false;
        if (!ok) problems.push({ message: 'illegal escape sequence', start: i - 1, end: i + 1 });
        else i += 5;
      } else if (d === C.Backslash || d === C.Quote || d === C.Slash || d === 98 || d === 102 || d === 110 || d === 114 || d === 116) {
        i++;
      } else {
        problems.push({ message: 'illegal escape sequence', start: i - 1, end: i + 1 });
      }
    }
  }
}

function isHex(c: number): boolean {
  return isDigit(c) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
}
