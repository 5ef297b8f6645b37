/** Planning references into `data`: rules are called, base documents looked up, and both merged at packages. */
import type { Term } from '../1-parse/ast.js';
import type { TreeNode } from '../2-check/index.js';
import { constOf } from './consts.js';
import type { Local } from './ir.js';
import { TermPlanner } from './terms.js';
import { type ValueCont, s, internal } from './state.js';

export abstract class DataRefPlanner extends TermPlanner {
  /** A reference into `data`: rules are called, base documents are looked up, and both merge at packages. */
  protected dataRef(path: Term[], i: number, node: TreeNode, cont: ValueCont): void {
    const ctx = this.frame.ctx;
    if (this.isShadowed(node.path)) return this.refPath(ctx.data, [...node.path.map((p) => s(p)), ...path.slice(i)], 0, cont, true);
    if (node.group) {
      if (node.group.kind === 'function') throw internal(`function data.${node.path.join('.')} used as a value`, path[0]?.span);
      const target = this.newLocal();
      this.emit({ op: 'call', fn: this.ruleFunc(node.group), builtin: false, args: [ctx.input, ctx.data], target });
      if (!this.hasDocumentsBelow(node)) return this.refPath({ local: target }, path, i, cont);
      // Rules with variables in their heads (`p[x].y := 1`) beside rules below them (`p.q.r := 2`): the
      // document at p is both, and a key of either may be asked for, so merge them first.
      const below = this.newLocal();
      const merged = this.newLocal();
      this.buildNodeObject(node, below);
      this.emit({ op: 'merge', a: { local: target }, b: { local: below }, target: merged });
      return this.refPath({ local: merged }, path, i, cont);
    }
    if (i === path.length) return this.nodeValue(node, cont);
    const key = path[i];
    const c = constOf(key);
    if (c && c.kind === 'string') {
      const childNode = node.children.get(c.value);
      if (childNode) return this.dataRef(path, i + 1, childNode, cont);
      return this.refPath(ctx.data, [...node.path.map((p) => s(p)), ...path.slice(i)], 0, cont, true);
    }
    // Rules are named by strings, so a number key (data[2]) can only be a base document's.
    if (c && c.kind === 'number') return this.refPath(ctx.data, [...node.path.map((p) => s(p)), ...path.slice(i)], 0, cont, true);
    // A variable (or non-string) key at a node with rules below: try every child, then the base document.
    for (const [name, childNode] of node.children) {
      if (childNode.group?.kind === 'function') continue;
      const body = this.collect(() =>
        this.scoped(() => this.unifyOperand(key, this.str(name), () => this.dataRef(path, i + 1, childNode, cont))),
      );
      this.emit({ op: 'block', body });
    }
    const base = this.collect(() =>
      this.scoped(() =>
        this.refPath(ctx.data, node.path.map((p) => s(p)), 0, (baseDoc) => {
          const k = this.newLocal();
          const val = this.newLocal();
          const body = this.collect(() => {
            if (node.children.size > 0) {
              const owned = this.constOp({ kind: 'set', items: [...node.children.keys()].map((value) => ({ kind: 'string', value })) });
              const hit = this.newLocal();
              this.emit({ op: 'not', body: [{ op: 'dot', src: owned, key: { local: k }, target: hit }] });
            }
            this.unifyOperand(key, { local: k }, () => this.refPath({ local: val }, path, i + 1, cont, true));
          });
          this.emit({ op: 'scan', src: baseDoc, key: k, value: val, body });
        }),
      ),
    );
    this.emit({ op: 'block', body: base });
  }

  /** The whole document at a tree node: its rules' values (functions excluded) merged over the base document. */
  protected nodeValue(node: TreeNode, cont: ValueCont): void {
    const obj = this.newLocal();
    this.buildNodeObject(node, obj);
    const base = this.newLocal();
    const merged = this.newLocal();
    const ctx = this.frame.ctx;
    this.emit({
      op: 'block',
      body: this.collect(() =>
        this.refPath(ctx.data, node.path.map((p) => s(p)), 0, (b) => this.emit({ op: 'assign', src: b, target: base })),
      ),
    });
    // Where a base document and a rule give the same key a different value, the base document wins, as in OPA.
    this.emit({ op: 'merge', a: { local: obj }, b: { local: base }, target: merged });
    cont({ local: merged });
  }

  protected buildNodeObject(node: TreeNode, obj: Local): void {
    this.emit({ op: 'make', kind: 'object', target: obj });
    for (const [name, c] of node.children) {
      if (this.isShadowed(c.path) || c.group?.kind === 'function') continue;
      if (c.group && this.hasDocumentsBelow(c)) {
        const v = this.newLocal();
        const sub = this.newLocal();
        const merged = this.newLocal();
        const ctx = this.frame.ctx;
        this.emit({ op: 'block', body: [{ op: 'call', fn: this.ruleFunc(c.group), builtin: false, args: [ctx.input, ctx.data], target: v }] });
        this.buildNodeObject(c, sub);
        this.emit({ op: 'merge', a: { local: v }, b: { local: sub }, target: merged });
        this.emit({ op: 'objectInsert', object: obj, key: this.str(name), value: { local: merged } });
      } else if (c.group) {
        const v = this.newLocal();
        const ctx = this.frame.ctx;
        this.emit({
          op: 'block',
          body: [
            { op: 'call', fn: this.ruleFunc(c.group), builtin: false, args: [ctx.input, ctx.data], target: v },
            { op: 'objectInsert', object: obj, key: this.str(name), value: { local: v } },
          ],
        });
      } else {
        const sub = this.newLocal();
        this.buildNodeObject(c, sub);
        this.emit({ op: 'objectInsert', object: obj, key: this.str(name), value: { local: sub } });
      }
    }
  }

  /** Whether rules below this node (not functions, not replaced by `with`) define parts of its document. */
  protected hasDocumentsBelow(node: TreeNode): boolean {
    for (const c of node.children.values()) {
      if (this.isShadowed(c.path) || c.group?.kind === 'function') continue;
      if (c.group || this.hasDocumentsBelow(c)) return true;
    }
    return false;
  }

  protected isShadowed(path: string[]): boolean {
    return this.frame.ctx.shadowed.some((p) => p.length <= path.length && p.every((k, i) => k === path[i]));
  }

}
