/**
 * The planner's intermediate representation: functions and plans made of blocks of statements. A statement
 * that is undefined (a missing key, a failed comparison, a call giving undefined) ends its innermost block;
 * `scan` runs its block once per element; `not` succeeds only if its block does not complete.
 */
import type { Span } from '../source.js';

export type Local = number;

/** A local, or a constant from the program's pool. */
export type Operand = { local: Local } | { const: number };

export type Const =
  | { kind: 'null' }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'number'; text: string }
  | { kind: 'string'; value: string }
  | { kind: 'array'; items: Const[] }
  | { kind: 'set'; items: Const[] }
  | { kind: 'object'; items: Array<[Const, Const]> };

export type Block = Stmt[];

export type Stmt =
  /** `span`: where a builtin is called, for the error a strict module raises when the builtin fails. */
  | { op: 'call'; fn: string; builtin: boolean; args: Operand[]; target: Local; span?: Span }
  | { op: 'dot'; src: Operand; key: Operand; target: Local }
  | { op: 'scan'; src: Operand; key: Local; value: Local; body: Block }
  | { op: 'not'; body: Block }
  | { op: 'block'; body: Block }
  | { op: 'assign'; src: Operand; target: Local }
  | { op: 'assignOnce'; src: Operand; target: Local; error: number }
  | { op: 'reset'; target: Local }
  | { op: 'make'; kind: 'array' | 'object' | 'set'; target: Local }
  | { op: 'equal' | 'notEqual'; a: Operand; b: Operand }
  | { op: 'isDefined' | 'isUndefined'; src: Local }
  | { op: 'isType'; src: Operand; type: 'array' | 'object' | 'set' }
  | { op: 'lenEq'; src: Operand; n: number }
  | { op: 'arrayAppend'; array: Local; value: Operand }
  | { op: 'objectInsert'; object: Local; key: Operand; value: Operand }
  | { op: 'objectInsertOnce'; object: Local; key: Operand; value: Operand; error: number }
  | { op: 'setAdd'; set: Local; value: Operand }
  | { op: 'merge'; a: Operand; b: Operand; target: Local }
  | { op: 'upsert'; base: Operand; path: Operand; value: Operand; target: Local }
  | { op: 'notFalse'; src: Operand }
  | { op: 'resultAdd'; value: Operand };

export interface Func {
  name: string;
  /** Locals 0..params-1 are the parameters: input, data, then the function's arguments. */
  params: number;
  locals: number;
  body: Block;
  /** The local returned when the body ends (0 in it means undefined). */
  result: Local;
  /** Rules without arguments outside any `with` scope are memoised per evaluation under this id. */
  memoId?: number;
}

export interface Plan {
  name: string;
  locals: number;
  /** Locals 0 and 1 hold input and data; results are added to the plan's result set. */
  body: Block;
}

export interface Program {
  consts: Const[];
  funcs: Func[];
  plans: Plan[];
}
