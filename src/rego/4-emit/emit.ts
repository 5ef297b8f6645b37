/**
 * The emit phase: reads the prebuilt runtime module with binaryen, adds one wasm function per IR function,
 * a plan dispatcher in place of the runtime's `verdict.eval_plan` import, a start function that builds the
 * constant pool, and the `entrypoints`/`builtins` exports. The result is a module in OPA's wasm ABI.
 */
import binaryen from 'binaryen';
import type { Block, Func, Operand, Plan, Program, Stmt } from '../3-plan/ir.js';
import { hostNameOf, lookupBuiltin } from '../builtins/index.js';
import { EVAL_PLAN_IMPORT, GENERATED_EXPORTS, RT } from './abi.js';
import { ConstantEmitter } from './constants.js';
import { constGlobal, i32, type Ref } from './runtime-module.js';
import { FnContext } from './statements.js';

export { builtinSupported } from './runtime-module.js';

export interface EmitResult {
  wasm: Uint8Array;
  hostBuiltins: string[];
}

export interface EmitOptions {
  optimize?: boolean;
  /**
   * OPA's strict builtin errors: a builtin that fails stops evaluation with `<file>:<row>: <code>: <message>`
   * instead of being undefined. Off, the emitted code is exactly what it was without the option.
   */
  strictBuiltinErrors?: boolean;
  /** Validate with binaryen before emitting (for debugging the emitter). */
  validate?: boolean;
}

export function emit(program: Program, builtinsUsed: Set<string>, opts: EmitOptions = {}): EmitResult {
  return new Emitter(program, builtinsUsed, opts.strictBuiltinErrors === true).run(opts);
}

class Emitter extends ConstantEmitter {
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
      items: [...this.hostIds].map(([name, id]) => [{ kind: 'string', value: hostNameOf(lookupBuiltin(name)!) }, { kind: 'number', text: String(id) }]),
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
    // VERDICT_WASM_NAMES=1 (docs/compiler.md, "Profiling") keeps function names for CPU profiles.
    binaryen.setDebugInfo(process.env.VERDICT_WASM_NAMES === '1');
    const wasm = m.emitBinary();
    m.dispose();
    return { wasm, hostBuiltins: [...this.hostIds.keys()] };
  }

  protected func(f: Func): void {
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
  protected dispatcher(): void {
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

}

/** Plans see input and data in locals 0 and 1, as the dispatcher's parameters; its locals start at 3. */
function shiftPlan(p: Plan): Block {
  const map = (l: number) => (l < 2 ? l : l + 1);
  const mapOp = (o: Operand): Operand => ('local' in o ? { local: map(o.local) } : o);
  const mapBlock = (b: Block): Block => b.map(mapStmt);
  const mapStmt = (s: Stmt): Stmt => {
    const out: Record<string, unknown> = { ...s };
    for (const [k, v] of Object.entries(s)) {
      if (k === 'op' || k === 'fn' || k === 'builtin' || k === 'kind' || k === 'type' || k === 'n' || k === 'error' || k === 'span') continue;
      if (k === 'body') out[k] = mapBlock(v as Block);
      else if (k === 'args') out[k] = (v as Operand[]).map(mapOp);
      else if (typeof v === 'number') out[k] = map(v);
      else if (v && typeof v === 'object') out[k] = mapOp(v as Operand);
    }
    return out as Stmt;
  };
  return mapBlock(p.body);
}
