/** Planning `with`: replaced input and data travel in new locals; replaced rules and functions get a new generation. */
import type { Literal, WithModifier } from '../1-parse/ast.js';
import { lookupBuiltin } from '../builtins/index.js';
import { RegoCompileError } from '../source.js';
import type { Operand } from './ir.js';
import { LiteralPlanner } from './literals.js';
import type { TreeNode } from '../2-check/index.js';
import { type Cont, type Context, generationOf, MOCK_ROOT, refPath } from './state.js';

export abstract class WithPlanner extends LiteralPlanner {
  protected withLiteral(lit: Literal, cont: Cont): void {
    const outer = this.frame.ctx;
    const next: Context = { ...outer, shadowed: [...outer.shadowed], functions: new Map(outer.functions) };
    const apply = (i: number): void => {
      if (i === lit.with.length) {
        next.gen = generationOf(next);
        this.frame.ctx = next;
        this.literal({ ...lit, with: [] }, () => {
          this.frame.ctx = outer;
          cont();
          this.frame.ctx = next;
        });
        this.frame.ctx = outer;
        return;
      }
      this.withModifier(lit.with[i], next, () => apply(i + 1));
    };
    apply(0);
  }

  protected withModifier(w: WithModifier, next: Context, cont: Cont): void {
    const target = w.target;
    const head = target.kind === 'var' ? target.name : target.head.kind === 'var' ? target.head.name : '';
    const path = target.kind === 'ref' ? target.path.map((p) => (p.kind === 'string' ? p.value : undefined)) : [];
    if ((head === 'input' || head === 'data') && path.every((p) => p !== undefined)) {
      const keys = path as string[];
      const fnGroup = head === 'data' ? this.functionGroup(keys) : undefined;
      if (!fnGroup) {
        return this.term(w.value, (val) => {
          const base = head === 'input' ? next.input : next.data;
          const updated = this.upsert(base, keys, val);
          if (head === 'input') next.input = updated;
          else {
            next.data = updated;
            // Rules at, above or below the path must give way to the value; base documents are simply replaced.
            if (this.overlapsRules(keys)) next.shadowed.push(keys);
          }
          cont();
        });
      }
      return this.withFunction('data.' + keys.join('.'), w, next, cont);
    }
    if (target.kind === 'var' && lookupBuiltin(target.name)) return this.withFunction(target.name, w, next, cont);
    throw new RegoCompileError([{ code: 'rego_compile_error', message: 'invalid with target', span: w.span }]);
  }

  protected withFunction(name: string, w: WithModifier, next: Context, cont: Cont): void {
    const value = w.value;
    const replacement =
      value.kind === 'var' && lookupBuiltin(value.name)
        ? value.name
        : value.kind === 'ref' && value.head.kind === 'var' && value.head.name === 'data' && this.functionGroup(refPath(value))
          ? 'data.' + refPath(value).join('.')
          : undefined;
    if (replacement) {
      next.functions.set(name, { fn: replacement });
      return cont();
    }
    this.term(value, (val) => {
      const valuePath = [MOCK_ROOT, name];
      next.data = this.upsert(next.data, valuePath, val);
      next.functions.set(name, { valuePath });
      cont();
    });
  }

  /** True if any rule lives at, above or below a `data` path. */
  private overlapsRules(keys: string[]): boolean {
    let node: TreeNode | undefined = this.program.root;
    for (const k of keys) {
      if (node.group) return true;
      node = node.children.get(k);
      if (!node) return false;
    }
    const below = (n: TreeNode): boolean => !!n.group || [...n.children.values()].some(below);
    return below(node);
  }

  protected upsert(base: Operand, keys: string[], val: Operand): Operand {
    if (keys.length === 0) return val;
    const target = this.newLocal();
    const path = this.constOp({ kind: 'array', items: keys.map((value) => ({ kind: 'string', value })) });
    this.emit({ op: 'upsert', base, path, value: val, target });
    return { local: target };
  }

}
