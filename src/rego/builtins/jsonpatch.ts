/** json.patch on the host: RFC 6902 JSON Patch, with paths as JSON Pointers or arrays of keys, as OPA accepts them. */
import { isObject, isString } from './host-values.js';
import type { BuiltinEntry } from './types.js';

type Json = unknown;
class PatchError extends Error {}
const fail = (message: string): never => {
  throw new PatchError(message);
};

/** Path segments from a JSON Pointer (`/a/b~1c`) or an array of keys; '' and [] are the whole document. */
function segments(path: unknown): string[] {
  if (Array.isArray(path)) return path.map((k) => (isString(k) ? k : typeof k === 'number' ? String(k) : fail('bad path')));
  if (!isString(path)) return fail('path must be a string or an array');
  if (path === '') return [];
  if (!path.startsWith('/')) return fail('a JSON Pointer starts with /');
  return path
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** An array index: digits without leading zeros, within [0, max]. */
function index(key: string, max: number): number {
  if (!/^(?:0|[1-9]\d*)$/.test(key)) return fail(`bad array index ${key}`);
  const i = Number(key);
  return i <= max ? i : fail('index out of range');
}

function get(doc: Json, path: string[]): Json {
  let at = doc;
  for (const key of path) {
    if (Array.isArray(at)) at = at[index(key, at.length - 1)];
    else if (isObject(at) && Object.hasOwn(at, key)) at = at[key];
    else fail(`missing ${key}`);
  }
  return at;
}

/** A copy of `doc` with the container at `path`'s parent changed by `change` (copy-on-write along the path). */
function update(doc: Json, path: string[], change: (parent: Json, key: string) => Json): Json {
  if (path.length === 1) return change(doc, path[0]);
  const [key, ...rest] = path;
  if (Array.isArray(doc)) {
    const i = index(key, doc.length - 1);
    return doc.map((v, j) => (j === i ? update(v, rest, change) : v));
  }
  if (isObject(doc) && Object.hasOwn(doc, key)) return { ...doc, [key]: update(doc[key], rest, change) };
  return fail(`missing ${key}`);
}

function add(doc: Json, path: string[], value: Json): Json {
  if (path.length === 0) return value;
  return update(doc, path, (parent, key) => {
    if (Array.isArray(parent)) {
      const i = key === '-' ? parent.length : index(key, parent.length);
      return [...parent.slice(0, i), value, ...parent.slice(i)];
    }
    return isObject(parent) ? { ...parent, [key]: value } : fail('cannot add to a scalar');
  });
}

function remove(doc: Json, path: string[]): Json {
  if (path.length === 0) return fail('cannot remove the whole document');
  return update(doc, path, (parent, key) => {
    if (Array.isArray(parent)) {
      const i = index(key, parent.length - 1);
      return parent.filter((_, j) => j !== i);
    }
    if (!isObject(parent) || !Object.hasOwn(parent, key)) return fail(`missing ${key}`);
    const { [key]: _removed, ...rest } = parent;
    return rest;
  });
}

function equal(a: Json, b: Json): boolean {
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => equal(x, b[i]));
  if (isObject(a)) {
    if (!isObject(b)) return false;
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && equal(a[k], b[k]));
  }
  return a === b;
}

function apply(doc: Json, op: Record<string, unknown>): Json {
  if (!('path' in op)) return fail('missing path');
  const path = segments(op.path);
  const value = () => ('value' in op ? op.value : fail('missing value'));
  const from = () => ('from' in op ? segments(op.from) : fail('missing from'));
  switch (op.op) {
    case 'add':
      return add(doc, path, value());
    case 'remove':
      return remove(doc, path);
    case 'replace': {
      const v = value();
      get(doc, path);
      return path.length === 0 ? v : add(remove(doc, path), path, v);
    }
    case 'move': {
      const source = from();
      const v = get(doc, source);
      if (source.join('/') === path.join('/')) return doc;
      return add(remove(doc, source), path, v);
    }
    case 'copy':
      return add(doc, path, get(doc, from()));
    case 'test':
      return equal(get(doc, path), value()) ? doc : fail('test failed');
    default:
      return fail(`unknown op ${String(op.op)}`);
  }
}

function patch(doc: unknown, ops: unknown): Json | undefined {
  if (!Array.isArray(ops)) return undefined;
  try {
    return ops.reduce((d: Json, op: unknown) => (isObject(op) ? apply(d, op) : fail('an operation must be an object')), doc);
  } catch (e) {
    if (e instanceof PatchError) return undefined;
    throw e;
  }
}

export const jsonpatch: BuiltinEntry[] = [
  { name: 'json.patch', arity: 2, host: patch, doc: 'a document with RFC 6902 JSON Patch operations applied; undefined if one fails' },
];
