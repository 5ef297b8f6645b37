/**
 * The emit phase: reads the prebuilt runtime module with binaryen, adds one wasm function per IR function,
 * a plan dispatcher in place of the runtime's `verdict.eval_plan` import, a start function that builds the
 * constant pool, and the `entrypoints`/`builtins` exports. The result is a module in OPA's wasm ABI.
 */
import binaryen from 'binaryen';
import { readFileSync } from 'node:fs';
import { lookupBuiltin, nativeExportName } from '../builtins/index.js';
import type { Block, Const, Func, Operand, Plan, Program, Stmt } from '../3-plan/ir.js';
import { EVAL_PLAN_IMPORT, GENERATED_EXPORTS, RT, SDK_IMPORTS, TYPE_TAG } from './abi.js';

const i32 = binaryen.i32;
type Ref = number;

let runtimeBytes: Uint8Array<ArrayBuffer> | undefined;
let runtimeExportNames: Set<string> | undefined;

/** True if Verdict can run the builtin: natively in the runtime, on the host, or in the SDK itself. */
export function builtinSupported(name: string): boolean {
  const entry = lookupBuiltin(name);
  if (!entry) return false;
  if (entry.host || entry.sdk) return true;
  runtimeExportNames ??= new Set(WebAssembly.Module.exports(new WebAssembly.Module(runtime())).map((e) => e.name));
  return !!entry.native && runtimeExportNames.has(nativeExportName(name));
}

function runtime(): Uint8Array<ArrayBuffer> {
  runtimeBytes ??= readFileSync(new URL('../runtime/runtime.wasm', import.meta.url));
  return runtimeBytes;
}

export interface EmitResult {
  wasm: Uint8Array;
  hostBuiltins: string[];
}

export interface EmitOptions {
  optimize?: boolean;
  /** Validate with binaryen before emitting (for debugging the emitter). */
  validate?: boolean;
}

export function emit(program: Program, builtinsUsed: Set<string>, opts: EmitOptions = {}): EmitResult {
  return new Emitter(program, builtinsUsed).run(opts);
}

class Emitter {
  private readonly m: binaryen.Module;
  private readonly exportsByName = new Map<string, string>();
  private readonly hostIds = new Map<string, number>();
  private readonly nativeBuiltins = new Set<string>();
  private readonly bytes: number[] = [];
  private readonly funcNames = new Map<string, string>();

  constructor(
    private readonly program: Program,
    private readonly builtinsUsed: Set<string>,
  ) {
    this.m = binaryen.readBinary(runtime());
    this.m.setFeatures(binaryen.Features.MVP | binaryen.Features.MutableGlobals | binaryen.Features.SignExt | binaryen.Features.NontrappingFPToInt | binaryen.Features.BulkMemory | binaryen.Features.BulkMemoryOpt);
    for (let i = 0; i < this.m.getNumExports(); i++) {
      const e = binaryen.getExportInfo(this.m.getExportByIndex(i));
      if (e.kind === binaryen.ExternalFunction) this.exportsByName.set(e.name, e.value);
    }
  }

  run(opts: EmitOptions): EmitResult {
    const m = this.m;
    this.chooseBuiltins();
    // The constant pool gets entries for the entrypoint and builtin maps before globals are made.
    const entry = this.addConst({
      kind: 'object',
      items: this.program.plans.map((p, i) => [{ kind: 'string', value: p.name }, { kind: 'number', text: String(i) }]),
    });
    const builtinsMap = this.addConst({
      kind: 'object',
      items: [...this.hostIds].map(([name, id]) => [{ kind: 'string', value: name }, { kind: 'number', text: String(id) }]),
    });
    for (let i = 0; i < this.program.consts.length; i++) m.addGlobal(constGlobal(i), i32, true, m.i32.const(0));
    m.addGlobal('verdict_const_base', i32, true, m.i32.const(0));
    this.program.funcs.forEach((f, i) => this.funcNames.set(f.name, `verdict_f${i}`));
    for (const f of this.program.funcs) this.func(f);
    this.dispatcher();
    this.initFunction();
    m.addFunction('verdict_entrypoints', binaryen.none, i32, [], m.global.get(constGlobal(entry), i32));
    m.addFunction('verdict_builtins', binaryen.none, i32, [], m.global.get(constGlobal(builtinsMap), i32));
    m.addFunctionExport('verdict_entrypoints', GENERATED_EXPORTS.entrypoints);
    m.addFunctionExport('verdict_builtins', GENERATED_EXPORTS.builtins);
    if (opts.optimize !== false) {
      binaryen.setOptimizeLevel(2);
      binaryen.setShrinkLevel(0);
      for (const f of this.program.funcs) m.optimizeFunction(this.funcNames.get(f.name)!);
    }
    // The SDK validates the module when it compiles it; validating here too costs more than the rest of the emit.
    if (opts.validate && !m.validate()) throw new Error("internal error: the emitted module does not validate");
    const wasm = m.emitBinary();
    m.dispose();
    return { wasm, hostBuiltins: [...this.hostIds.keys()] };
  }

  // ---- builtins -----------------------------------------------------------------------------------------

  /** Native when the runtime exports the builtin, else the host (numbered by sorted name, as OPA does). */
  private chooseBuiltins(): void {
    const host: string[] = [];
    for (const name of [...this.builtinsUsed].sort()) {
      const entry = lookupBuiltin(name);
      if (entry?.native && this.exportsByName.has(nativeExportName(name))) this.nativeBuiltins.add(name);
      else host.push(name);
    }
    host.forEach((name, id) => this.hostIds.set(name, id));
    const arities = new Set(host.map((n) => lookupBuiltin(n)?.arity ?? 0));
    for (const n of arities) {
      const params = binaryen.createType(Array(n + 2).fill(i32));
      this.m.addFunctionImport(`verdict_host${n}`, 'env', SDK_IMPORTS.builtin(n), params, i32);
    }
  }

  private builtinCall(name: string, args: Ref[]): Ref {
    const m = this.m;
    if (this.nativeBuiltins.has(name)) return m.call(this.rt(nativeExportName(name)), args, i32);
    const id = this.hostIds.get(name)!;
    return m.call(`verdict_host${args.length}`, [m.i32.const(id), m.i32.const(0), ...args], i32);
  }

  private rt(exportName: string): string {
    const internal = this.exportsByName.get(exportName);
    if (!internal) throw new Error(`internal error: the runtime does not export ${exportName}`);
    return internal;
  }

  private callRt(exportName: string, args: Ref[], type: number = i32): Ref {
    return this.m.call(this.rt(exportName), args, type);
  }

  // ---- constants ----------------------------------------------------------------------------------------

  private addConst(c: Const): number {
    const consts = this.program.consts;
    consts.push(c);
    return consts.length - 1;
  }

  /** Places a string's UTF-8 bytes (NUL-terminated) in the constant area; returns [offset, length]. */
  private placeString(value: string): [number, number] {
    const utf8 = Buffer.from(value, 'utf8');
    const offset = this.bytes.length;
    for (const b of utf8) this.bytes.push(b);
    this.bytes.push(0);
    return [offset, utf8.length];
  }

  private constAddress(offset: number): Ref {
    return this.m.i32.add(this.m.global.get('verdict_const_base', i32), this.m.i32.const(offset));
  }

  /** An expression building a constant at start-up; `temps` gives a scratch local per nesting depth. */
  private buildConst(c: Const, depth: number, temps: number[]): Ref {
    const m = this.m;
    switch (c.kind) {
      case 'null':
        return this.callRt(RT.null, []);
      case 'boolean':
        return this.callRt(RT.boolean, [m.i32.const(c.value ? 1 : 0)]);
      case 'number': {
        if (/^-?\d+$/.test(c.text)) {
          const n = BigInt(c.text);
          if (n >= -(2n ** 63n) && n < 2n ** 63n) {
            return this.callRt(RT.numberInt, [i64(m, n)]);
          }
        }
        const [off, len] = this.placeString(c.text);
        return this.callRt(RT.numberRef, [this.constAddress(off), m.i32.const(len)]);
      }
      case 'string': {
        const [off, len] = this.placeString(c.value);
        return this.callRt(RT.string, [this.constAddress(off), m.i32.const(len)]);
      }
      case 'array':
      case 'set':
      case 'object': {
        // Two scratch locals per nesting depth: the collection being filled and an object key.
        while (temps.length <= depth) temps.push(depth);
        const t = 2 * depth;
        const keyLocal = 2 * depth + 1;
        const make =
          c.kind === 'array' ? this.callRt(RT.array, [m.i32.const(c.items.length)]) : this.callRt(c.kind === 'set' ? RT.set : RT.object, []);
        const steps: Ref[] = [m.local.set(t, make)];
        if (c.kind === 'object') {
          for (const [k, v] of c.items) {
            const key = this.buildConst(k, depth + 1, temps);
            steps.push(m.local.set(keyLocal, key));
            steps.push(m.call(this.rt(RT.objectInsert), [m.local.get(t, i32), m.local.get(keyLocal, i32), this.buildConst(v, depth + 1, temps)], binaryen.none));
          }
        } else {
          for (const x of c.items) {
            const add = c.kind === 'array' ? RT.arrayAppend : RT.setAdd;
            steps.push(m.call(this.rt(add), [m.local.get(t, i32), this.buildConst(x, depth + 1, temps)], binaryen.none));
          }
        }
        steps.push(m.local.get(t, i32));
        return m.block(null, steps, i32);
      }
    }
  }

  /** The start function: one allocation for all constant bytes, then every constant into its global. */
  private initFunction(): void {
    const m = this.m;
    const temps: number[] = [];
    const sets: Ref[] = [];
    this.program.consts.forEach((c, i) => {
      sets.push(m.global.set(constGlobal(i), this.buildConst(c, 0, temps)));
    });
    const total = (this.bytes.length + 7) & ~7;
    while (this.bytes.length < total) this.bytes.push(0);
    const stores: Ref[] = [m.global.set('verdict_const_base', this.callRt(RT.malloc, [m.i32.const(Math.max(total, 8))]))];
    for (let off = 0; off < total; off += 8) {
      let word = 0n;
      for (let b = 7; b >= 0; b--) word = (word << 8n) | BigInt(this.bytes[off + b]);
      if (word === 0n) continue;
      stores.push(m.i64.store(off, 1, m.global.get('verdict_const_base', i32), i64(m, BigInt.asIntN(64, word))));
    }
    const vars = Array(2 * temps.length).fill(i32);
    const body: Ref[] = [...stores, ...sets];
    const previousStart = this.m.getStart();
    if (previousStart) body.unshift(m.call(binaryen.getFunctionInfo(previousStart).name, [], binaryen.none));
    m.addFunction('verdict_init', binaryen.none, binaryen.none, vars, m.block(null, body, binaryen.none));
    m.setStart(m.getFunction('verdict_init'));
  }

  private operand(op: Operand): Ref {
    return 'local' in op ? this.m.local.get(op.local, i32) : this.m.global.get(constGlobal(op.const), i32);
  }

  // ---- functions and plans ------------------------------------------------------------------------------

  private func(f: Func): void {
    const m = this.m;
    const ctx = new FnContext(f.locals);
    const body: Ref[] = [];
    if (f.memoId !== undefined) {
      const cached = ctx.temp();
      body.push(m.local.set(cached, this.callRt(RT.memoGet, [m.i32.const(f.memoId)])));
      body.push(m.if(m.local.get(cached, i32), m.return(m.local.get(cached, i32))));
    }
    body.push(this.block(f.body, ctx, 'body'));
    if (f.memoId !== undefined) {
      body.push(m.if(m.local.get(f.result, i32), m.call(this.rt(RT.memoInsert), [m.i32.const(f.memoId), m.local.get(f.result, i32)], binaryen.none)));
    }
    body.push(m.local.get(f.result, i32));
    const params = binaryen.createType(Array(f.params).fill(i32));
    m.addFunction(this.funcNames.get(f.name)!, params, i32, ctx.varTypes(f.params), m.block(null, body, i32));
  }

  /** Replaces the runtime's `verdict.eval_plan` import: (input, data, entrypoint) → result set. */
  private dispatcher(): void {
    const m = this.m;
    let hook: string | undefined;
    for (let i = 0; i < m.getNumFunctions(); i++) {
      const info = binaryen.getFunctionInfo(m.getFunctionByIndex(i));
      if (info.module === EVAL_PLAN_IMPORT.module && info.base === EVAL_PLAN_IMPORT.base) hook = info.name;
    }
    if (!hook) throw new Error('internal error: the runtime has no verdict.eval_plan import');
    const locals = Math.max(3, ...this.program.plans.map((p) => p.locals + 1));
    const ctx = new FnContext(locals);
    const rs = 2; // the entrypoint parameter is read once, then its local holds the result set
    const ep = ctx.temp();
    const cases: Ref[] = [m.local.set(ep, m.local.get(2, i32)), m.local.set(rs, this.callRt(RT.set, []))];
    this.program.plans.forEach((p: Plan, i) => {
      ctx.resultSet = rs;
      const shifted = shiftPlan(p);
      cases.push(m.if(m.i32.eq(m.local.get(ep, i32), m.i32.const(i)), m.block(null, [this.block(shifted, ctx, `plan${i}`), m.return(m.local.get(rs, i32))])));
    });
    const [off] = this.placeString('internal: illegal entrypoint id');
    cases.push(m.call(this.abortImport(), [this.constAddress(off)], binaryen.none));
    cases.push(m.unreachable());
    const sig = binaryen.createType([i32, i32, i32]);
    m.removeFunction(hook);
    m.addFunction(hook, sig, i32, ctx.varTypes(3), m.block(null, cases, i32));
  }

  private abortImport(): string {
    const m = this.m;
    for (let i = 0; i < m.getNumFunctions(); i++) {
      const info = binaryen.getFunctionInfo(m.getFunctionByIndex(i));
      if (info.module === 'env' && info.base === SDK_IMPORTS.abort) return info.name;
    }
    m.addFunctionImport('verdict_abort', 'env', SDK_IMPORTS.abort, i32, binaryen.none);
    return 'verdict_abort';
  }

  private block(stmts: Block, ctx: FnContext, hint: string): Ref {
    const label = ctx.label(hint);
    ctx.fail.push(label);
    const body = stmts.map((s) => this.stmt(s, ctx));
    ctx.fail.pop();
    return this.m.block(label, body.length ? body : [this.m.nop()], binaryen.none);
  }

  private stmt(s: Stmt, ctx: FnContext): Ref {
    const m = this.m;
    const fail = ctx.fail[ctx.fail.length - 1];
    const failIf = (cond: Ref) => m.br(fail, cond);
    const seq = (...xs: Ref[]) => m.block(null, xs, binaryen.none);
    const op = (o: Operand) => this.operand(o);
    switch (s.op) {
      case 'call': {
        const args = s.args.map(op);
        const call = s.builtin ? this.builtinCall(s.fn, args) : m.call(this.funcNames.get(s.fn)!, args, i32);
        return seq(m.local.set(s.target, call), failIf(m.i32.eqz(m.local.get(s.target, i32))));
      }
      case 'dot': {
        const src = op(s.src);
        const get = this.callRt(RT.get, [src, op(s.key)]);
        return seq(m.local.set(s.target, get), failIf(m.i32.eqz(m.local.get(s.target, i32))));
      }
      case 'scan': {
        const n = ctx.temp();
        const i = ctx.temp();
        const src = ctx.temp();
        const end = ctx.label('scan_end');
        const loop = ctx.label('scan_next');
        const iter = this.block(s.body, ctx, 'iter');
        return m.block(end, [
          m.local.set(src, op(s.src)),
          m.local.set(n, this.callRt(RT.len, [m.local.get(src, i32)])),
          m.local.set(i, m.i32.const(0)),
          m.loop(
            loop,
            m.block(null, [
              m.br(end, m.i32.ge_s(m.local.get(i, i32), m.local.get(n, i32))),
              m.local.set(s.key, this.callRt(RT.keyAt, [m.local.get(src, i32), m.local.get(i, i32)])),
              m.local.set(s.value, this.callRt(RT.valueAt, [m.local.get(src, i32), m.local.get(i, i32)])),
              iter,
              m.local.set(i, m.i32.add(m.local.get(i, i32), m.i32.const(1))),
              m.br(loop),
            ]),
          ),
        ]);
      }
      case 'not': {
        const label = ctx.label('not');
        ctx.fail.push(label);
        const body = s.body.map((x) => this.stmt(x, ctx));
        ctx.fail.pop();
        return m.block(label, [...body, m.br(fail)]);
      }
      case 'block':
        return this.block(s.body, ctx, 'b');
      case 'assign':
        return m.local.set(s.target, op(s.src));
      case 'assignOnce': {
        const cur = m.local.get(s.target, i32);
        return m.if(
          m.i32.eqz(cur),
          m.local.set(s.target, op(s.src)),
          m.if(m.i32.eqz(this.callRt(RT.equal, [m.local.get(s.target, i32), op(s.src)])), this.abort(s.error)),
        );
      }
      case 'reset':
        return m.local.set(s.target, m.i32.const(0));
      case 'make':
        return m.local.set(
          s.target,
          s.kind === 'array' ? this.callRt(RT.array, [m.i32.const(0)]) : this.callRt(s.kind === 'set' ? RT.set : RT.object, []),
        );
      case 'equal':
        return failIf(m.i32.eqz(this.callRt(RT.equal, [op(s.a), op(s.b)])));
      case 'notEqual':
        return failIf(this.callRt(RT.equal, [op(s.a), op(s.b)]));
      case 'isDefined':
        return failIf(m.i32.eqz(m.local.get(s.src, i32)));
      case 'isUndefined':
        return failIf(m.local.get(s.src, i32));
      case 'isType':
        return failIf(m.i32.ne(this.callRt(RT.type, [op(s.src)]), m.i32.const(TYPE_TAG[s.type])));
      case 'lenEq':
        return failIf(m.i32.ne(this.callRt(RT.len, [op(s.src)]), m.i32.const(s.n)));
      case 'arrayAppend':
        return m.call(this.rt(RT.arrayAppend), [m.local.get(s.array, i32), op(s.value)], binaryen.none);
      case 'objectInsert':
        return m.call(this.rt(RT.objectInsert), [m.local.get(s.object, i32), op(s.key), op(s.value)], binaryen.none);
      case 'objectInsertOnce':
        return m.if(this.callRt(RT.objectInsertOnce, [m.local.get(s.object, i32), op(s.key), op(s.value)]), this.abort(s.error));
      case 'setAdd':
        return m.call(this.rt(RT.setAdd), [m.local.get(s.set, i32), op(s.value)], binaryen.none);
      case 'merge': {
        const a = ctx.temp();
        const b = ctx.temp();
        return seq(
          m.local.set(a, op(s.a)),
          m.local.set(b, op(s.b)),
          m.local.set(
            s.target,
            m.if(
              m.i32.eqz(m.local.get(a, i32)),
              m.local.get(b, i32),
              m.if(m.i32.eqz(m.local.get(b, i32)), m.local.get(a, i32), this.callRt(RT.merge, [m.local.get(a, i32), m.local.get(b, i32)])),
            ),
          ),
        );
      }
      case 'upsert':
        return m.local.set(s.target, this.callRt(RT.upsert, [op(s.base), op(s.path), op(s.value)]));
      case 'notFalse':
        return failIf(this.callRt(RT.isFalse, [op(s.src)]));
      case 'resultAdd':
        return m.call(this.rt(RT.setAdd), [m.local.get(ctx.resultSet, i32), op(s.value)], binaryen.none);
    }
  }

  private abort(messageConst: number): Ref {
    const c = this.program.consts[messageConst];
    const [off] = this.placeString(c.kind === 'string' ? c.value : 'eval error');
    return this.m.block(null, [this.m.call(this.abortImport(), [this.constAddress(off)], binaryen.none), this.m.unreachable()]);
  }
}

/** Locals and labels of one wasm function being emitted. */
class FnContext {
  private count: number;
  private labels = 0;
  readonly fail: string[] = [];
  resultSet = -1;
  constructor(locals: number) {
    this.count = locals;
  }
  temp(): number {
    return this.count++;
  }
  label(hint: string): string {
    return `${hint}${this.labels++}`;
  }
  varTypes(params: number): number[] {
    return Array(Math.max(0, this.count - params)).fill(i32);
  }
}

/** binaryen.js takes a bigint for i64 constants (its type declarations still show the old two-number form). */
function i64(m: binaryen.Module, value: bigint): number {
  return (m.i64.const as unknown as (v: bigint) => number)(value);
}

function constGlobal(i: number): string {
  return `verdict_c${i}`;
}

/** Plans see input and data in locals 0 and 1, as the dispatcher's parameters; its locals start at 3. */
function shiftPlan(p: Plan): Block {
  const map = (l: number) => (l < 2 ? l : l + 1);
  const mapOp = (o: Operand): Operand => ('local' in o ? { local: map(o.local) } : o);
  const mapBlock = (b: Block): Block => b.map(mapStmt);
  const mapStmt = (s: Stmt): Stmt => {
    const out: Record<string, unknown> = { ...s };
    for (const [k, v] of Object.entries(s)) {
      if (k === 'op' || k === 'fn' || k === 'builtin' || k === 'kind' || k === 'type' || k === 'n' || k === 'error') continue;
      if (k === 'body') out[k] = mapBlock(v as Block);
      else if (k === 'args') out[k] = (v as Operand[]).map(mapOp);
      else if (typeof v === 'number') out[k] = map(v);
      else if (v && typeof v === 'object') out[k] = mapOp(v as Operand);
    }
    return out as Stmt;
  };
  return mapBlock(p.body);
}
