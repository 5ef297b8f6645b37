/**
 * The planner's state and its small helpers, shared by the construct files that extend it in a chain
 * (terms → data refs → unification → literals → with → rules → planner): each construct in its own file.
 * Methods a construct needs from one further down the chain are declared abstract here.
 */
import type { Body, Literal, RefTerm, Term, VarTerm } from '../1-parse/ast.js';
import { lookupBuiltin } from '../builtins/index.js';
import type { CheckedProgram, RuleGroup, TreeNode } from '../2-check/index.js';
import { RegoCompileError, type Span } from '../source.js';
import { ConstPool } from './consts.js';
import type { Block, Func, Local, Operand, Plan, Stmt } from './ir.js';

export type Cont = () => void;
export type ValueCont = (op: Operand) => void;

/** A `with` context: which input/data locals are in force, and which rules and functions are replaced. */
export interface Context {
  input: Operand;
  data: Operand;
  /**
   * Which version of the rules this context plans: '0' outside any `with` (memoised), otherwise a signature of
   * the replacements in force. Rules take input and data as parameters, so every `with` that replaces only input
   * or base documents shares one unmemoised version; replacing rules or functions gives a version per signature.
   */
  gen: string;
  /** Paths of `data` documents replaced by a value (rules there are ignored; the value is in `data`). */
  shadowed: string[][];
  /** Replaced functions: name → replacement function name, or a path in `data` holding a value. */
  functions: Map<string, { fn: string } | { valuePath: string[] }>;
}

/** The state of the function or plan being planned. */
export interface Frame {
  locals: number;
  block: Block;
  vars: Map<string, Local>;
  ctx: Context;
}

export const MOCK_ROOT = '$verdict_with';

export abstract class PlanState {
  readonly pool = new ConstPool();

  protected readonly funcs: Func[] = [];

  protected readonly plans: Plan[] = [];

  protected readonly funcNames = new Map<string, string>();

  protected frame!: Frame;


  protected memoCounter = 0;


  readonly builtinsUsed = new Set<string>();

  /** Where each builtin is first called, so a builtin Verdict cannot run is reported at its call. */
  readonly builtinSpans = new Map<string, Span>();

  protected readonly derivedGens = new Map<string, number>();

  constructor(protected readonly program: CheckedProgram) {}

  abstract term(t: Term, cont: ValueCont): void;
  abstract terms(ts: Term[], cont: (ops: Operand[]) => void): void;
  abstract body(lits: Body, i: number, cont: Cont): void;
  abstract unify(a: Term, b: Term, cont: Cont): void;
  abstract unifyOperand(pattern: Term, op: Operand, cont: Cont): void;
  protected abstract dataRef(path: Term[], i: number, node: TreeNode, cont: ValueCont): void;
  protected abstract ruleFunc(group: RuleGroup): string;
  protected abstract withLiteral(lit: Literal, cont: Cont): void;

  isFree(t: Term): t is VarTerm {
    return t.kind === 'var' && !this.frame.vars.has(t.name) && t.name !== 'input' && t.name !== 'data';
  }

  protected functionGroup(path: string[]): RuleGroup | undefined {
    let node: TreeNode | undefined = this.program.root;
    for (const k of path) node = node?.children.get(k);
    return node?.group?.kind === 'function' ? node.group : undefined;
  }

  protected arityOf(operator: string): number | undefined {
    if (operator.startsWith('data.')) return this.functionGroup(operator.split('.').slice(1))?.arity;
    return lookupBuiltin(operator)?.arity;
  }

  /** The context without one function replacement. */
  protected withoutMock(ctx: Context, name: string): Context {
    const functions = new Map(ctx.functions);
    functions.delete(name);
    const next = { ...ctx, functions };
    return { ...next, gen: generationOf(next) };
  }

  protected emit(s: Stmt): void {
    this.frame.block.push(s);
  }

  protected newLocal(): Local {
    return this.frame.locals++;
  }

  protected constOp(c: Parameters<ConstPool['add']>[0]): Operand {
    return { const: this.pool.add(c) };
  }

  protected str(value: string): Operand {
    return { const: this.pool.string(value) };
  }

  /** Plans into a fresh block and returns it. */
  protected collect(fn: () => void): Block {
    const saved = this.frame.block;
    const block: Block = [];
    this.frame.block = block;
    try {
      fn();
    } finally {
      this.frame.block = saved;
    }
    return block;
  }

  protected inBlock(fn: () => void): void {
    this.emit({ op: 'block', body: this.collect(fn) });
  }

  /** Variables bound inside `fn` are forgotten afterwards. */
  protected scoped(fn: () => void): void {
    const saved = this.frame.vars;
    this.frame.vars = new Map(saved);
    try {
      fn();
    } finally {
      this.frame.vars = saved;
    }
  }
}

export const NOWHERE: Span = { file: '', line: 0, col: 0, start: 0, end: 0 };
export const TRUE: Term = { kind: 'boolean', value: true, span: NOWHERE };

export function v(name: string): VarTerm {
  return { kind: 'var', name, span: NOWHERE };
}

export function s(value: string): Term {
  return { kind: 'string', value, span: NOWHERE };
}

export function rootContext(): Context {
  return { input: { local: 0 }, data: { local: 1 }, gen: '0', shadowed: [], functions: new Map() };
}

export function refPath(t: RefTerm): string[] {
  return t.path.map((p) => (p.kind === 'string' ? p.value : '?'));
}

export function hasFreeVars(t: Term, p: PlanState): boolean {
  switch (t.kind) {
    case 'var':
      return p.isFree(t);
    case 'array':
    case 'set':
      return t.items.some((x) => hasFreeVars(x, p));
    case 'object':
      return t.items.some(([k, x]) => hasFreeVars(k, p) || hasFreeVars(x, p));
    default:
      return false;
  }
}

export function locationOf(group: RuleGroup): string {
  const r = group.rules[0] ?? group.defaultRule;
  const sp = r?.rule.head.span;
  return sp ? `${sp.file}:${sp.line}:${sp.col}` : 'data.' + group.path.join('.');
}

export function conflictMessage(group: RuleGroup): string {
  if (group.kind === 'function') return 'functions must not produce multiple outputs for same inputs';
  if (group.kind === 'object') return 'object keys must be unique';
  return 'complete rules must not produce multiple outputs';
}

export function internal(message: string, span?: Span): RegoCompileError {
  return new RegoCompileError([{ code: 'rego_compile_error', message, span }]);
}

/** The generation a `with` context plans its rules in: the same replacements give the same generation. */
export function generationOf(ctx: Context): string {
  const shadowed = ctx.shadowed.map((p) => p.join('.')).sort();
  const functions = [...ctx.functions].map(([name, r]) => `${name}=${'fn' in r ? r.fn : r.valuePath.join('.')}`).sort();
  return `w[${shadowed.join(',')}][${functions.join(',')}]`;
}
