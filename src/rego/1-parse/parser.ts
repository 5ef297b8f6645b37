/**
 * The parser's cursor and error state, shared by the readers in `read/`: token access, keyword
 * recognition (which depends on the Rego version and on imports), spans, and OPA-worded errors.
 */
import { DiagnosticBag, LineMap, RegoCompileError, type Span } from '../source.js';
import { lex, type Comment } from './lexer.js';
import { BASE_KEYWORDS, FUTURE_KEYWORDS, T, tokenName, type Token } from './tokens.js';

/** Thrown (never as an Error, so no stack is captured) to abandon the current construct after reporting it. */
export const ABORT = Symbol('parse-abort');

const MAX_DEPTH = 400;

export interface ParserSettings {
  /** Rego v1 keyword set from the start (`if`, `contains`, `in`, `every`). */
  v1Keywords: boolean;
}

export class Parser {
  readonly tokens: Token[];
  readonly comments: Comment[];
  readonly lines: LineMap;
  readonly diags = new DiagnosticBag();
  /** Identifiers currently read as keywords. */
  readonly keywords: Set<string>;
  /** `not { ... }` bodies (newer OPA, enabled by `import future.keywords.not` or `import rego.v2`). */
  notBodies = false;
  /** Rego v1 rules apply: `if` before bodies, `contains` for multi-value rules. */
  strictV1: boolean;
  pos = 0;
  tok: Token;
  /** Nesting depth of terms and bodies (see enter). */
  depth = 0;

  constructor(
    readonly file: string,
    readonly text: string,
    settings: ParserSettings,
  ) {
    this.lines = new LineMap(file, text);
    const lexed = lex(text);
    this.tokens = lexed.tokens;
    this.comments = lexed.comments;
    this.tok = this.tokens[0];
    this.strictV1 = settings.v1Keywords;
    this.keywords = new Set(settings.v1Keywords ? [...BASE_KEYWORDS, ...FUTURE_KEYWORDS] : BASE_KEYWORDS);
    for (const p of lexed.problems) this.diags.add('rego_parse_error', p.message, this.lines.span(p.start, p.end));
  }

  // --- cursor -------------------------------------------------------------------------------

  next(): Token {
    const t = this.tok;
    if (t.kind !== T.EOF) this.tok = this.tokens[++this.pos];
    return t;
  }

  peek(k = 1): Token {
    return this.tokens[Math.min(this.pos + k, this.tokens.length - 1)];
  }

  /** The token before the current one (the last consumed), for span ends. */
  get prev(): Token {
    return this.tokens[this.pos > 0 ? this.pos - 1 : 0];
  }

  at(kind: T): boolean {
    return this.tok.kind === kind;
  }

  textOf(t: Token): string {
    return this.text.slice(t.start, t.end);
  }

  /** The keyword the token spells, if it is an identifier currently read as a keyword. */
  keyword(t: Token = this.tok): string | undefined {
    if (t.kind !== T.Ident) return undefined;
    const s = this.text.slice(t.start, t.end);
    return this.keywords.has(s) ? s : undefined;
  }

  isKeyword(name: string, t: Token = this.tok): boolean {
    return t.kind === T.Ident && t.end - t.start === name.length && this.text.startsWith(name, t.start) && this.keywords.has(name);
  }

  /** The following token is a `.` or `[` touching this one: a keyword written there starts a ref (`input.if`-style heads). */
  startsRef(k = 1): boolean {
    const n = this.peek(k);
    return !n.ws && (n.kind === T.Dot || n.kind === T.LBrack);
  }

  // --- backtracking ----------------------------------------------------------------------------

  mark(): number {
    return this.pos;
  }

  reset(mark: number, diagCount?: number): void {
    this.pos = mark;
    this.tok = this.tokens[mark];
    if (diagCount !== undefined) this.diags.items.length = diagCount;
  }

  /**
   * Runs `read`; if it fails, rewinds the cursor and drops the errors it reported, and returns undefined.
   * `keepIf` sees the token the failure happened at, so a caller can decide the failure is final.
   */
  attempt<R>(read: () => R, keepFailure?: (failedAt: Token) => boolean): R | undefined {
    const mark = this.pos;
    const count = this.diags.items.length;
    try {
      return read();
    } catch (e) {
      if (e !== ABORT) throw e;
      if (keepFailure?.(this.tok)) throw e;
      this.reset(mark, count);
      return undefined;
    }
  }

  // --- spans and errors ------------------------------------------------------------------------

  /** Throws every diagnostic, in source order (lexer problems are found first but belong among the rest). */
  throwIfErrors(): void {
    if (this.diags.items.length === 0) return;
    throw new RegoCompileError([...this.diags.items].sort((a, b) => (a.span?.start ?? 0) - (b.span?.start ?? 0)));
  }

  /** Bounds nesting so hostile input fails with a parse error rather than a stack overflow. */
  enter(): void {
    if (this.depth >= MAX_DEPTH) this.fail('max parsing recursion depth exceeded');
    this.depth++;
  }

  leave(): void {
    this.depth--;
  }

  span(start: number, end: number): Span {
    return this.lines.span(start, end);
  }

  tokSpan(t: Token = this.tok): Span {
    return this.lines.span(t.start, t.end);
  }

  /** Span from `start` to the end of the last consumed token. */
  spanFrom(start: number): Span {
    return this.lines.span(start, Math.max(start, this.prev.end));
  }

  error(message: string, span: Span = this.tokSpan()): void {
    this.diags.add('rego_parse_error', message, span);
  }

  fail(message: string, span?: Span): never {
    this.error(message, span);
    throw ABORT;
  }

  /** OPA's `unexpected <token> token[: note]`; keywords read `unexpected if keyword`. */
  unexpected(note?: string, t: Token = this.tok): never {
    if (t.kind === T.Illegal) this.fail(t.message ?? 'illegal token', this.tokSpan(t));
    const kw = this.keyword(t);
    const what = kw ? `${kw} keyword` : `${tokenName(t.kind)} token`;
    let message = note ? `unexpected ${what}: ${note}` : `unexpected ${what}`;
    if (!kw && t.kind === T.Ident) message += this.futureHint(this.textOf(t));
    this.fail(message, this.tokSpan(t));
  }

  /** Explains a Rego v1 keyword met as a plain identifier in a v0 file. */
  futureHint(word: string): string {
    if (!FUTURE_KEYWORDS.includes(word) || this.keywords.has(word)) return '';
    return ` (hint: \`${word}\` is a keyword only with \`import future.keywords.${word}\` or \`import rego.v1\`)`;
  }
}
