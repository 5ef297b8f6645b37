/** Constants: a start function places every constant's bytes in one allocation and builds each value into a global. */
import binaryen from 'binaryen';
import type { Const } from '../3-plan/ir.js';
import { RT } from './abi.js';
import { constGlobal, i32, i64, type Ref } from './runtime-module.js';
import { StatementEmitter } from './statements.js';

export abstract class ConstantEmitter extends StatementEmitter {
  /** An expression building a constant at start-up; `temps` gives a scratch local per nesting depth. */
  protected buildConst(c: Const, depth: number, temps: number[]): Ref {
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
  protected initFunction(): void {
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

}
