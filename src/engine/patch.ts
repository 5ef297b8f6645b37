// JSON Patch (RFC 6902) for the mutate endpoint: reading a policy's operations, a deterministic order, conflicts
// between policies, and applying the merged patch to a copy of the object to prove it applies before it is sent.

export type PatchOpName = 'add' | 'remove' | 'replace' | 'move' | 'copy' | 'test';

export interface PatchOp {
  op: PatchOpName;
  path: string;
  value?: unknown;
  from?: string;
}

const OPS: ReadonlySet<string> = new Set(['add', 'remove', 'replace', 'move', 'copy', 'test']);

/** Checks a policy's `patch` set element by element; the first bad one is named in the thrown message. */
export function readPatchOps(value: unknown): PatchOp[] {
  if (!Array.isArray(value)) throw new Error(`patch must be a set of JSON Patch operations, not ${typeof value}`);
  return value.map((raw) => {
    const o = raw as Record<string, unknown> | null;
    const where = `patch operation ${JSON.stringify(raw)?.slice(0, 120)}`;
    if (!o || typeof o !== 'object' || Array.isArray(o)) throw new Error(`${where} is not an object`);
    if (typeof o.op !== 'string' || !OPS.has(o.op)) throw new Error(`${where}: op must be one of ${[...OPS].join(', ')}`);
    if (typeof o.path !== 'string' || !isPointer(o.path)) throw new Error(`${where}: path must be a JSON pointer`);
    const needsValue = o.op === 'add' || o.op === 'replace' || o.op === 'test';
    if (needsValue && !Object.hasOwn(o, 'value')) throw new Error(`${where}: ${o.op} needs a value`);
    const needsFrom = o.op === 'move' || o.op === 'copy';
    if (needsFrom && (typeof o.from !== 'string' || !isPointer(o.from))) throw new Error(`${where}: ${o.op} needs from, a JSON pointer`);
    const op: PatchOp = { op: o.op as PatchOpName, path: o.path };
    if (needsValue) op.value = o.value;
    if (needsFrom) op.from = o.from as string;
    return op;
  });
}

function isPointer(s: string): boolean {
  return s === '' || (s.startsWith('/') && !/~[^01]|~$/.test(s));
}

export function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/**
 * A policy's operations come back from the module as a set, whose order is the order of values, not of intent.
 * Parents go before children (fewer path segments first), ties keep that set order: an `add` of a map then of a
 * key inside it always works, and the same policy on the same object always gives the same bytes.
 */
export function orderOps(ops: readonly PatchOp[]): PatchOp[] {
  return ops
    .map((op, i) => ({ op, i, depth: parsePointer(op.path).length }))
    .sort((a, b) => a.depth - b.depth || a.i - b.i)
    .map((x) => x.op);
}

export interface PatchConflict {
  policies: [string, string];
  path: string;
}

/** Pairs of policies whose operations touch the same location, or one inside the other's. */
export function findConflicts(byPolicy: ReadonlyArray<{ id: string; ops: readonly PatchOp[] }>): PatchConflict[] {
  const touched = byPolicy.map(({ id, ops }) => ({
    id,
    paths: ops.flatMap((op) => (op.op === 'move' ? [op.path, op.from!] : [op.path])).map((p) => ({ raw: p, segs: parsePointer(p) })),
  }));
  const out: PatchConflict[] = [];
  for (let a = 0; a < touched.length; a++) {
    for (let b = a + 1; b < touched.length; b++) {
      const hit = firstOverlap(touched[a].paths, touched[b].paths);
      if (hit !== undefined) out.push({ policies: [touched[a].id, touched[b].id], path: hit });
    }
  }
  return out;
}

function firstOverlap(xs: Array<{ raw: string; segs: string[] }>, ys: Array<{ raw: string; segs: string[] }>): string | undefined {
  for (const x of xs) {
    for (const y of ys) {
      const n = Math.min(x.segs.length, y.segs.length);
      let same = true;
      for (let i = 0; i < n && same; i++) same = x.segs[i] === y.segs[i];
      if (same) return x.segs.length <= y.segs.length ? x.raw : y.raw;
    }
  }
  return undefined;
}

export class PatchApplyError extends Error {
  constructor(
    readonly index: number,
    message: string,
  ) {
    super(message);
    this.name = 'PatchApplyError';
  }
}

/** Applies `ops` to `doc` in place (pass a copy) and returns the new root; throws PatchApplyError at the first failure. */
export function applyPatch(doc: unknown, ops: readonly PatchOp[]): unknown {
  let root = doc;
  ops.forEach((op, index) => {
    const fail = (why: string): never => {
      throw new PatchApplyError(index, `${op.op} ${op.path}: ${why}`);
    };
    const path = parsePointer(op.path);
    switch (op.op) {
      case 'add':
        root = add(root, path, clone(op.value), fail);
        break;
      case 'remove':
        root = remove(root, path, fail).root;
        break;
      case 'replace':
        get(root, path, fail);
        root = remove(root, path, fail).root;
        root = add(root, path, clone(op.value), fail);
        break;
      case 'move': {
        const from = parsePointer(op.from!);
        if (from.length < path.length && from.every((s, i) => s === path[i])) fail(`cannot move ${op.from} into itself`);
        const removed = remove(root, from, fail);
        root = add(removed.root, path, removed.value, fail);
        break;
      }
      case 'copy':
        root = add(root, path, clone(get(root, parsePointer(op.from!), fail)), fail);
        break;
      case 'test':
        if (!deepEqual(get(root, path, fail), op.value)) fail('test failed: the value differs');
        break;
    }
  });
  return root;
}

type Fail = (why: string) => never;

function get(root: unknown, path: string[], fail: Fail): unknown {
  let cur = root;
  for (const seg of path) {
    if (Array.isArray(cur)) {
      const i = arrayIndex(seg, cur.length - 1, fail);
      cur = cur[i];
    } else if (isObject(cur) && Object.hasOwn(cur, seg)) cur = cur[seg];
    else fail(`no value at /${path.join('/')}`);
  }
  return cur;
}

function add(root: unknown, path: string[], value: unknown, fail: Fail): unknown {
  if (path.length === 0) return value;
  const parent = get(root, path.slice(0, -1), fail);
  const last = path[path.length - 1];
  if (Array.isArray(parent)) {
    const i = last === '-' ? parent.length : arrayIndex(last, parent.length, fail);
    parent.splice(i, 0, value);
  } else if (isObject(parent)) {
    parent[last] = value;
  } else fail('the parent is not an object or array');
  return root;
}

function remove(root: unknown, path: string[], fail: Fail): { root: unknown; value: unknown } {
  if (path.length === 0) return { root: null, value: root };
  const parent = get(root, path.slice(0, -1), fail);
  const last = path[path.length - 1];
  if (Array.isArray(parent)) {
    const i = arrayIndex(last, parent.length - 1, fail);
    return { root, value: parent.splice(i, 1)[0] };
  }
  if (isObject(parent) && Object.hasOwn(parent, last)) {
    const value = parent[last];
    delete parent[last];
    return { root, value };
  }
  return fail(`no value at /${path.join('/')}`);
}

function arrayIndex(seg: string, max: number, fail: Fail): number {
  if (!/^(0|[1-9][0-9]*)$/.test(seg)) fail(`"${seg}" is not an array index`);
  const i = Number(seg);
  if (i > max) fail(`index ${i} is out of range`);
  return i;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function clone<T>(v: T): T {
  return v === undefined ? v : structuredClone(v);
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => Object.hasOwn(b, k) && deepEqual(a[k], b[k]));
  }
  return false;
}
