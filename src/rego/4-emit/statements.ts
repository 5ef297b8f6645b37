/** Statements: each IR statement becomes wasm; an undefined result branches out of the innermost block. */
import binaryen from 'binaryen';
import type { Block, Operand, Stmt } from '../3-plan/ir.js';
import { RT, TYPE_TAG } from './abi.js';
import { constGlobal, i32, type Ref, RuntimeModule } from './runtime-module.js';

/** Locals and labels of one wasm function being emitted. */
export class FnContext {
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

export abstract class StatementEmitter extends RuntimeModule {
  protected operand(op: Operand): Ref {
    return 'local' in op ? this.m.local.get(op.local, i32) : this.m.global.get(constGlobal(op.const), i32);
  }

  protected block(stmts: Block, ctx: FnContext, hint: string): Ref {
    const label = ctx.label(hint);
    ctx.fail.push(label);
    const body = stmts.map((s) => this.stmt(s, ctx));
    ctx.fail.pop();
    return this.m.block(label, body.length ? body : [this.m.nop()], binaryen.none);
  }

  protected stmt(s: Stmt, ctx: FnContext): Ref {
    const m = this.m;
    const fail = ctx.fail[ctx.fail.length - 1];
    const failIf = (cond: Ref) => m.br(fail, cond);
    const seq = (...xs: Ref[]) => m.block(null, xs, binaryen.none);
    const op = (o: Operand) => this.operand(o);
    switch (s.op) {
      case 'call': {
        const args = s.args.map(op);
        const call = s.builtin ? this.builtinCall(s.fn, args) : m.call(this.funcNames.get(s.fn)!, args, i32);
        const undefinedResult = () => m.i32.eqz(m.local.get(s.target, i32));
        if (!s.builtin || !this.strictBuiltinErrors) return seq(m.local.set(s.target, call), failIf(undefinedResult()));
        // Strict: an undefined result may be an error the builtin recorded; the runtime aborts with it if so.
        const where = s.span ? `${s.span.file}:${s.span.line}` : '<unknown>';
        const raise = m.call(this.rt(RT.builtinErrorRaise), [this.sharedString(where), this.sharedString(s.fn)], binaryen.none);
        return seq(m.local.set(s.target, call), m.if(undefinedResult(), raise), failIf(undefinedResult()));
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

  protected abort(messageConst: number): Ref {
    const c = this.program.consts[messageConst];
    const [off] = this.placeString(c.kind === 'string' ? c.value : 'eval error');
    return this.m.block(null, [this.m.call(this.abortImport(), [this.constAddress(off)], binaryen.none), this.m.unreachable()]);
  }
}
