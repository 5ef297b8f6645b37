/** The constant pool: ground terms become shared constants, deduplicated by their canonical text. */
import type { Term } from '../1-parse/ast.js';
import type { Const } from './ir.js';

export class ConstPool {
  readonly consts: Const[] = [];
  private readonly index = new Map<string, number>();

  add(c: Const): number {
    const key = canonical(c);
    let i = this.index.get(key);
    if (i === undefined) {
      i = this.consts.length;
      this.consts.push(c);
      this.index.set(key, i);
    }
    return i;
  }

  string(value: string): number {
    return this.add({ kind: 'string', value });
  }
}

function canonical(c: Const): string {
  switch (c.kind) {
    case 'null':
      return 'null';
    case 'boolean':
      return String(c.value);
    case 'number':
      return 'n' + c.text;
    case 'string':
      return JSON.stringify(c.value);
    case 'array':
      return '[' + c.items.map(canonical).join(',') + ']';
    case 'set':
      return '{' + c.items.map(canonical).sort().join(',') + '}';
    case 'object':
      return '(' + c.items.map(([k, v]) => canonical(k) + ':' + canonical(v)).join(',') + ')';
  }
}

/** The constant a ground term stands for, or undefined if the term has variables, refs, calls or closures. */
export function constOf(t: Term): Const | undefined {
  switch (t.kind) {
    case 'null':
      return { kind: 'null' };
    case 'boolean':
      return { kind: 'boolean', value: t.value };
    case 'number':
      return { kind: 'number', text: t.text };
    case 'string':
      return { kind: 'string', value: t.value };
    case 'array':
    case 'set': {
      const items: Const[] = [];
      for (const x of t.items) {
        const c = constOf(x);
        if (!c) return undefined;
        items.push(c);
      }
      return { kind: t.kind, items };
    }
    case 'object': {
      const items: Array<[Const, Const]> = [];
      for (const [k, v] of t.items) {
        const ck = constOf(k);
        const cv = constOf(v);
        if (!ck || !cv) return undefined;
        items.push([ck, cv]);
      }
      return { kind: 'object', items };
    }
    default:
      return undefined;
  }
}
