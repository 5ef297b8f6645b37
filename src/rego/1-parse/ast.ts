/**
 * The Rego abstract syntax tree produced by the parser and consumed by check and plan.
 * Every node carries a span. Operators are desugared to calls of OPA's builtin names at parse time
 * (`a + b` is a call of `plus`, `x := 1` of `assign`, `x in xs` of `internal.member_2`), as OPA does,
 * so later phases treat every operator and builtin alike.
 */
import type { Span } from '../source.js';

export type Term =
  | NullTerm
  | BooleanTerm
  | NumberTerm
  | StringTerm
  | VarTerm
  | RefTerm
  | ArrayTerm
  | ObjectTerm
  | SetTerm
  | ArrayComprehension
  | SetComprehension
  | ObjectComprehension
  | CallTerm;

export interface NullTerm {
  kind: 'null';
  span: Span;
}

export interface BooleanTerm {
  kind: 'boolean';
  value: boolean;
  span: Span;
}

/** A number keeps its source text (`1`, `-2.5`, `1e400`, `12345678901234567890`) so no precision is lost. */
export interface NumberTerm {
  kind: 'number';
  text: string;
  span: Span;
}

/** A string literal, escapes decoded; `raw` is true for back-quoted strings. */
export interface StringTerm {
  kind: 'string';
  value: string;
  raw?: boolean;
  span: Span;
}

/** A variable. The wildcard `_` is parsed as a var named `_`; the checker gives each one a fresh name. */
export interface VarTerm {
  kind: 'var';
  name: string;
  span: Span;
}

/**
 * A reference: `head` followed by `path` operands.
 * `input.a[x].b` is `{head: var input, path: [string "a", var x, string "b"]}`;
 * `data.p` is `{head: var data, path: [string "p"]}`;
 * `[1,2][0]` has an array head; `f(x).y` has a call head.
 */
export interface RefTerm {
  kind: 'ref';
  head: Term;
  path: Term[];
  span: Span;
}

export interface ArrayTerm {
  kind: 'array';
  items: Term[];
  span: Span;
}

export interface ObjectTerm {
  kind: 'object';
  items: Array<[Term, Term]>;
  span: Span;
}

/** A set literal `{1, 2}`; the empty set is written `set()` and parses to a SetTerm with no items. */
export interface SetTerm {
  kind: 'set';
  items: Term[];
  span: Span;
}

export interface ArrayComprehension {
  kind: 'arraycompr';
  term: Term;
  body: Body;
  span: Span;
}

export interface SetComprehension {
  kind: 'setcompr';
  term: Term;
  body: Body;
  span: Span;
}

export interface ObjectComprehension {
  kind: 'objectcompr';
  key: Term;
  value: Term;
  body: Body;
  span: Span;
}

/**
 * A call of a builtin or a user function. `operator` is the dotted name as written
 * (`count`, `object.get`, `data.lib.f`, `lib.f`, `f`), or the builtin name of an operator:
 *   `=`  eq      `:=` assign   `==` equal   `!=` neq   `<` lt   `<=` lte   `>` gt   `>=` gte
 *   `+`  plus    `-`  minus    `*`  mul     `/`  div   `%` rem
 *   `|`  or      `&`  and
 *   `x in xs`     internal.member_2(x, xs)
 *   `k, v in xs`  internal.member_3(k, v, xs)
 * A unary minus on a number literal is folded into the literal; on anything else it is `minus(0, x)`.
 */
export interface CallTerm {
  kind: 'call';
  operator: string;
  /** Span of the operator name (for error messages about unknown functions). */
  operatorSpan: Span;
  args: Term[];
  span: Span;
}

export type Body = Literal[];

/** One expression of a body, possibly negated with `not` and modified with `with ... as ...`. */
export interface Literal {
  negated: boolean;
  with: WithModifier[];
  expr: Expression;
  span: Span;
}

export type Expression = TermExpression | SomeDeclaration | SomeIn | Every;

/** A term used as an expression: a call (`x = 1`, `count(xs) > 0`, `f(x)`) or a plain term (`input.ok`). */
export interface TermExpression {
  kind: 'term';
  term: Term;
  span: Span;
}

/** `some x, y` — declares local variables. */
export interface SomeDeclaration {
  kind: 'some';
  vars: VarTerm[];
  span: Span;
}

/** `some x in xs` (key undefined) or `some k, v in xs`. `key` and `value` may be patterns (`some [a, b] in xs`). */
export interface SomeIn {
  kind: 'somein';
  key?: Term;
  value: Term;
  collection: Term;
  span: Span;
}

/** `every x in xs { body }` or `every k, v in xs { body }`. */
export interface Every {
  kind: 'every';
  key?: VarTerm;
  value: VarTerm;
  domain: Term;
  body: Body;
  span: Span;
}

/** `with target as value`; the target is a ref such as `input`, `input.a.b`, `data.x.y`, or a function name. */
export interface WithModifier {
  target: RefTerm | VarTerm;
  value: Term;
  span: Span;
}

/**
 * A rule head. `ref` is the rule's name followed by any further ref-head operands:
 *   `p := 1`            ref [var p]
 *   `a.b.c := 1`        ref [var a, string b, string c]
 *   `p[x] := 1`         ref [var p, var x]            (partial object / ref head with a variable)
 *   `p contains x`      ref [var p], key x, contains true
 *   v0 `p[x] { ... }`   ref [var p], key x, contains true (the parser decides this is a partial set)
 *   `f(x) := y`         ref [var f], args [x]
 * `value` is undefined when the head gives none: `p if {...}` means `true`, which the parser fills in
 * (`valueImplicit` true), while `p contains x` has no value.
 */
export interface RuleHead {
  ref: Term[];
  args?: Term[];
  key?: Term;
  value?: Term;
  /** The head used `:=` (as opposed to `=` or nothing). */
  assign: boolean;
  contains: boolean;
  /** The value `true` was implied by the absence of one (`p if {...}`, v0 `p { ... }`). */
  valueImplicit: boolean;
  span: Span;
}

/** An `else` branch of a rule or function: `else := value if { body }`. A missing value means `true`. */
export interface ElseClause {
  value: Term;
  body: Body;
  span: Span;
}

export interface Rule {
  kind: 'rule';
  default: boolean;
  head: RuleHead;
  /** The body; a rule without one (`p := 1`) has an empty body, which is always true. */
  body: Body;
  else: ElseClause[];
  /** `# METADATA` block placed directly above the rule. */
  annotations?: Annotation;
  span: Span;
}

export interface Import {
  /** The imported ref, e.g. `data.lib.k8s` or `input.request` or `future.keywords.in` or `rego.v1`. */
  path: RefTerm | VarTerm;
  alias?: string;
  span: Span;
}

export interface Package {
  /** Path without the leading `data`: `package a.b` gives ["a", "b"]. */
  path: string[];
  span: Span;
}

/**
 * A `# METADATA` block: the YAML under it, parsed. Known keys are lifted out; everything else stays in `raw`.
 * `scope` defaults to `rule` before a rule and `package` before a package, as in OPA.
 */
export interface Annotation {
  scope: 'package' | 'rule' | 'document' | 'subpackages';
  title?: string;
  description?: string;
  custom?: Record<string, unknown>;
  entrypoint?: boolean;
  raw: Record<string, unknown>;
  span: Span;
}

export interface Module {
  file: string;
  package: Package;
  imports: Import[];
  rules: Rule[];
  /** Every METADATA block in the file, including those attached to the package and rules. */
  annotations: Annotation[];
  /** The Rego version this file was parsed as (v1 unless parsed v0-compatible without `import rego.v1`). */
  regoVersion: 0 | 1;
}
