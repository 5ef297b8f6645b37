// Native object builtins: object.get, object.keys, object.union, object.union_n, object.remove,
// object.filter, object.subset.
import { compare, equal } from "../compare";
import { KIND_TYPE, builtinError, elementError, typeError } from "../errors";
import { arrayAppend, merge, objectGet, objectInsert, search, setContains, valueGet } from "../collections";
import { T_ARRAY, T_OBJECT, T_SET, elemAt, isType, keyAt, makeBool, makeObject, makeSet, valueAt, vlen, vtype } from "../value";

// Looks key up in obj, or follows it as a path when it is an array (an empty path gives the default).
export function builtin_object_get(obj: usize, key: usize, fallback: usize): usize {
  if (!isType(obj, T_OBJECT)) return typeError(1, "object", obj);
  if (key == 0 || fallback == 0) return 0;
  if (!isType(key, T_ARRAY)) {
    let v = objectGet(obj, key);
    return v != 0 ? v : fallback;
  }
  let n = vlen(key);
  if (n == 0) return fallback;
  let curr = obj;
  for (let i: u32 = 0; i < n && curr != 0; i++) curr = valueGet(curr, elemAt(key, i));
  return curr != 0 ? curr : fallback;
}

export function builtin_object_keys(obj: usize): usize {
  if (!isType(obj, T_OBJECT)) return typeError(1, "object", obj);
  let n = vlen(obj);
  let out = makeSet(n);
  // Keys are already in order.
  for (let i: u32 = 0; i < n; i++) arrayAppend(out, keyAt(obj, i));
  return out;
}

export function builtin_object_union(a: usize, b: usize): usize {
  if (!isType(a, T_OBJECT)) return typeError(1, "object", a);
  if (!isType(b, T_OBJECT)) return typeError(2, "object", b);
  return merge(a, b);
}

export function builtin_object_union_n(objs: usize): usize {
  if (!isType(objs, T_ARRAY)) return typeError(1, "array", objs);
  let out = makeObject(0);
  let n = vlen(objs);
  for (let i: u32 = 0; i < n; i++) {
    let o = elemAt(objs, i);
    if (!isType(o, T_OBJECT)) return elementError(1, objs, "object", o);
    out = merge(out, o);
  }
  return out;
}

// The keys named by an array, set or object (its keys): a sorted set, or 0 for other types.
function keySet(keys: usize): usize {
  if (keys == 0) return 0;
  let t = vtype(keys);
  if (t == T_SET) return keys;
  let n = vlen(keys);
  let out = makeSet(n);
  if (t == T_OBJECT) {
    for (let i: u32 = 0; i < n; i++) arrayAppend(out, keyAt(keys, i));
    return out;
  }
  if (t != T_ARRAY) return 0;
  for (let i: u32 = 0; i < n; i++) {
    let k = elemAt(keys, i);
    if (search(out, k, 4) < 0) insertSorted(out, k);
  }
  return out;
}

function insertSorted(set: usize, v: usize): void {
  // setAdd without re-checking membership (callers have checked).
  let i = -search(set, v, 4) - 1;
  arrayAppend(set, v);
  let elems = <usize>load<u32>(set, 12);
  let n = vlen(set);
  memory.copy(elems + ((<usize>i + 1) << 2), elems + (<usize>i << 2), <usize>(n - 1 - <u32>i) << 2);
  store<u32>(elems + (<usize>i << 2), <u32>v);
}

// Keeps (keep = true) or drops the entries whose keys are named.
function selectKeys(obj: usize, keys: usize, keep: bool): usize {
  if (!isType(obj, T_OBJECT)) return typeError(1, "object", obj);
  let set = keySet(keys);
  if (set == 0) return typeError(2, "one of {object, set, array}", keys);
  let out = makeObject(0);
  let n = vlen(obj);
  for (let i: u32 = 0; i < n; i++) {
    let k = keyAt(obj, i);
    if (setContains(set, k) == keep) objectInsert(out, k, valueAt(obj, i));
  }
  return out;
}

export function builtin_object_remove(obj: usize, keys: usize): usize { return selectKeys(obj, keys, false); }
export function builtin_object_filter(obj: usize, keys: usize): usize { return selectKeys(obj, keys, true); }

// Whether sub is contained in sup: objects key by key (recursively), sets by membership, arrays as a
// contiguous run (or, for a set, by membership in the array), anything else by equality.
function isSubset(sup: usize, sub: usize): bool {
  let ts = vtype(sup), tb = vtype(sub);
  if (ts == T_OBJECT) {
    if (tb != T_OBJECT) return false;
    let n = vlen(sub);
    for (let i: u32 = 0; i < n; i++) {
      let v = objectGet(sup, keyAt(sub, i));
      if (v == 0 || !isSubset(v, valueAt(sub, i))) return false;
    }
    return true;
  }
  if (ts == T_SET) {
    if (tb != T_SET) return false;
    let n = vlen(sub);
    for (let i: u32 = 0; i < n; i++) if (!setContains(sup, elemAt(sub, i))) return false;
    return true;
  }
  if (ts == T_ARRAY) {
    if (tb == T_SET) {
      let n = vlen(sub);
      for (let i: u32 = 0; i < n; i++) if (!arrayContains(sup, elemAt(sub, i))) return false;
      return true;
    }
    if (tb != T_ARRAY) return false;
    let ls = vlen(sup), lb = vlen(sub);
    if (lb == 0) return true;
    for (let start: u32 = 0; start + lb <= ls; start++) {
      let j: u32 = 0;
      while (j < lb && compare(elemAt(sup, start + j), elemAt(sub, j)) == 0) j++;
      if (j == lb) return true;
    }
    return false;
  }
  return equal(sup, sub);
}

function arrayContains(arr: usize, v: usize): bool {
  let n = vlen(arr);
  for (let i: u32 = 0; i < n; i++) if (equal(elemAt(arr, i), v)) return true;
  return false;
}

export function builtin_object_subset(sup: usize, sub: usize): usize {
  if (sup == 0 || sub == 0) return 0;
  let ts = vtype(sup), tb = vtype(sub);
  let valid = (ts == T_OBJECT && tb == T_OBJECT) || (ts == T_SET && tb == T_SET)
    || (ts == T_ARRAY && (tb == T_ARRAY || tb == T_SET));
  if (valid) return makeBool(isSubset(sup, sub));
  return builtinError("both arguments object.subset must be of the same type or array and set", KIND_TYPE);
}
