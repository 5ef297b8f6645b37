/** Token kinds produced by the Rego lexer, and the names OPA uses for them in error messages. */

export const enum T {
  EOF,
  Illegal,
  Ident,
  Number,
  String,
  RawString,
  LBrack,
  RBrack,
  LBrace,
  RBrace,
  LParen,
  RParen,
  Comma,
  Colon,
  Semicolon,
  Dot,
  Assign,
  Unify,
  Equal,
  Neq,
  Lt,
  Lte,
  Gt,
  Gte,
  Add,
  Sub,
  Mul,
  Quo,
  Rem,
  And,
  Or,
}

/**
 * One token. Keywords are lexed as identifiers: whether `if` or `in` is a keyword depends on the
 * Rego version and on `future.keywords` imports met part-way through the file, so the parser decides.
 */
export interface Token {
  kind: T;
  start: number;
  end: number;
  /** A newline occurred between the previous token and this one (a literal separator in bodies). */
  nl: boolean;
  /** Whitespace or a comment precedes this token; refs and calls need their `.`, `[` and `(` adjacent. */
  ws: boolean;
  /** For Illegal tokens: what the lexer found wrong. */
  message?: string;
}

/** The builtin each infix operator token desugars to (OPA's names). */
export const OPERATOR_BUILTIN: Record<number, string> = {
  [T.Assign]: 'assign',
  [T.Unify]: 'eq',
  [T.Equal]: 'equal',
  [T.Neq]: 'neq',
  [T.Lt]: 'lt',
  [T.Lte]: 'lte',
  [T.Gt]: 'gt',
  [T.Gte]: 'gte',
  [T.Add]: 'plus',
  [T.Sub]: 'minus',
  [T.Mul]: 'mul',
  [T.Quo]: 'div',
  [T.Rem]: 'rem',
  [T.And]: 'and',
  [T.Or]: 'or',
};

/** Names as OPA prints them in `unexpected X token` messages; operators go by their builtin's name. */
const NAMES: Record<number, string> = {
  [T.EOF]: 'eof',
  [T.Illegal]: 'illegal',
  [T.Ident]: 'identifier',
  [T.Number]: 'number',
  [T.String]: 'string',
  [T.RawString]: 'string',
  [T.LBrack]: '[',
  [T.RBrack]: ']',
  [T.LBrace]: '{',
  [T.RBrace]: '}',
  [T.LParen]: '(',
  [T.RParen]: ')',
  [T.Comma]: ',',
  [T.Colon]: ':',
  [T.Semicolon]: ';',
  [T.Dot]: '.',
  ...OPERATOR_BUILTIN,
};

export function tokenName(kind: T): string {
  return NAMES[kind] ?? 'unknown';
}

/** Keywords in every Rego version. */
export const BASE_KEYWORDS = ['package', 'import', 'as', 'default', 'else', 'not', 'some', 'with', 'null', 'true', 'false'];

/** Keywords that v0 files get only through `import future.keywords[.kw]`; always on in v1. */
export const FUTURE_KEYWORDS = ['contains', 'every', 'if', 'in'];
