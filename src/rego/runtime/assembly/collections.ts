// Arrays, sorted objects and sorted sets: append, binary search, insert, remove, and sort-once building.
import { alloc, realloc } from "./alloc";
import { compare, compareBytes, equal } from "./compare";
import { asInteger, integerValue } from "./numbers";
import { T_ARRAY, T_OBJECT, T_SET, T_STRING, elemAt, isType, keyAt, makeObject, strLen, strPtr, valueAt, vcap, velems, vlen, vtype } from "./value";

// Makes room for one more entry of entrySize bytes (doubling).
function reserveOne(c: usize, entrySize: u32): usize {
  let n = vlen(c), cap = vcap(c);
  let entries = velems(c);
  if (n == cap) {
    let grown = cap < 4 ? 4 : cap << 1;
    entries = realloc(entries, <usize>cap * entrySize, <usize>grown * entrySize);
    store<u32>(c, grown, 8);
    store<u32>(c, <u32>entries, 12);
  }
  return entries;
}

export function arrayAppend(a: usize, v: usize): void {
  let elems = reserveOne(a, 4);
  let n = vlen(a);
  store<u32>(elems + (<usize>n << 2), <u32>v);
  store<u32>(a, n + 1, 4);
}

// Binary search of a sorted set (stride 4) or object (stride 8) for key: its index, or -(insertion point) - 1.
export function search(c: usize, key: usize, stride: u32): i32 {
  // Most keys are strings (object keys, sets of names): they are compared without the general dispatch.
  let isString = key != 0 && vtype(key) == T_STRING;
  let kp = isString ? strPtr(key) : 0, kl = isString ? strLen(key) : 0;
  let base = velems(c);
  let lo: i32 = 0, hi: i32 = <i32>vlen(c) - 1;
  // Appending in order is the common way collections get filled: check the last entry first.
  if (hi >= 0) {
    let last = compareEntry(load<u32>(base + <usize>hi * stride), key, isString, kp, kl);
    if (last < 0) return -(hi + 1) - 1;
    if (last == 0) return hi;
    hi--;
  }
  while (lo <= hi) {
    let mid = (lo + hi) >>> 1;
    let c = compareEntry(load<u32>(base + <usize>mid * stride), key, isString, kp, kl);
    if (c < 0) lo = mid + 1;
    else if (c > 0) hi = mid - 1;
    else return mid;
  }
  return -lo - 1;
}

// compare(v, key) for a stored entry v (never undefined); a string key comes as its bytes kp[0..kl) too, and is
// placed as compare() places strings, between numbers and arrays.
@inline function compareEntry(v: usize, key: usize, isString: bool, kp: usize, kl: u32): i32 {
  if (!isString) return compare(v, key);
  let t = vtype(v);
  if (t != T_STRING) return t < T_STRING ? -1 : 1;
  return compareBytes(strPtr(v), strLen(v), kp, kl);
}

// Opens a gap at index i (n entries present, room for one more).
function openGap(entries: usize, i: i32, n: u32, stride: u32): void {
  let at = entries + <usize>i * stride;
  memory.copy(at + stride, at, <usize>(n - <u32>i) * stride);
}

export function objectGet(obj: usize, key: usize): usize {
  let n = vlen(obj);
  // A small object is scanned for an equal string key: most entries differ in length already, and no order is
  // needed to find a key (only to insert one). The test is written out: a call to equal() per entry cost more.
  if (n <= SCAN_LIMIT && key != 0 && vtype(key) == T_STRING) {
    let kp = strPtr(key), kl = strLen(key);
    let entries = velems(obj);
    for (let i: u32 = 0; i < n; i++) {
      let k = load<u32>(entries + (<usize>i << 3));
      if (vtype(k) == T_STRING && strLen(k) == kl && compareBytes(strPtr(k), kl, kp, kl) == 0) return load<u32>(entries + (<usize>i << 3), 4);
    }
    return 0;
  }
  let i = search(obj, key, 8);
  return i < 0 ? 0 : valueAt(obj, <u32>i);
}

// Objects up to this many entries are scanned rather than binary-searched by objectGet.
const SCAN_LIMIT: u32 = 8;

export function objectInsert(obj: usize, key: usize, v: usize): void {
  let i = search(obj, key, 8);
  if (i >= 0) {
    store<u32>(velems(obj) + (<usize>i << 3), <u32>v, 4);
    return;
  }
  let at = -i - 1;
  let entries = reserveOne(obj, 8);
  let n = vlen(obj);
  if (<u32>at < n) openGap(entries, at, n, 8);
  store<u32>(entries + (<usize>at << 3), <u32>key);
  store<u32>(entries + (<usize>at << 3), <u32>v, 4);
  store<u32>(obj, n + 1, 4);
}

// 0 if inserted (or the same value is already there), 1 if the key holds a different value.
export function objectInsertOnce(obj: usize, key: usize, v: usize): i32 {
  let i = search(obj, key, 8);
  if (i >= 0) return equal(valueAt(obj, <u32>i), v) ? 0 : 1;
  objectInsert(obj, key, v);
  return 0;
}

export function objectRemove(obj: usize, key: usize): void {
  let i = search(obj, key, 8);
  if (i < 0) return;
  let n = vlen(obj);
  let at = velems(obj) + (<usize>i << 3);
  memory.copy(at, at + 8, <usize>(n - 1 - <u32>i) << 3);
  store<u32>(obj, n - 1, 4);
}

export function setContains(set: usize, v: usize): bool {
  return search(set, v, 4) >= 0;
}

export function setAdd(set: usize, v: usize): void {
  let i = search(set, v, 4);
  if (i >= 0) return;
  let at = -i - 1;
  let elems = reserveOne(set, 4);
  let n = vlen(set);
  if (<u32>at < n) openGap(elems, at, n, 4);
  store<u32>(elems + (<usize>at << 2), <u32>v);
  store<u32>(set, n + 1, 4);
}

// Appends without keeping order; finish() must run before the collection is used.
export function appendUnsorted(c: usize, key: usize, v: usize): void {
  if (vtype(c) == T_OBJECT) {
    let entries = reserveOne(c, 8);
    let n = vlen(c);
    store<u32>(entries + (<usize>n << 3), <u32>key);
    store<u32>(entries + (<usize>n << 3), <u32>v, 4);
    store<u32>(c, n + 1, 4);
  } else {
    arrayAppend(c, key);
  }
}

// Sorts an object or set filled by appendUnsorted and drops duplicates (for objects the last value wins).
export function finish(c: usize): void {
  let n = vlen(c);
  if (n < 2) return;
  let stride: u32 = vtype(c) == T_OBJECT ? 8 : 4;
  let base = velems(c);
  let sorted = true;
  for (let i: u32 = 1; i < n; i++) {
    if (compare(load<u32>(base + <usize>(i - 1) * stride), load<u32>(base + <usize>i * stride)) >= 0) { sorted = false; break; }
  }
  if (sorted) return;
  sortEntries(base, n, stride);
  let w: u32 = 1;
  for (let i: u32 = 1; i < n; i++) {
    let src = base + <usize>i * stride;
    let prev = base + <usize>(w - 1) * stride;
    if (compare(load<u32>(prev), load<u32>(src)) == 0) {
      if (stride == 8) store<u32>(prev, load<u32>(src, 4), 4);
      continue;
    }
    if (w != i) memory.copy(base + <usize>w * stride, src, stride);
    w++;
  }
  store<u32>(c, w, 4);
}

// Sorts n value addresses at base in OPA order (stable).
export function sortValues(base: usize, n: u32): void {
  sortEntries(base, n, 4);
}

// Stable sort of entries by their first word: insertion sort for short runs, bottom-up merge sort above.
function sortEntries(base: usize, n: u32, stride: u32): void {
  if (n <= 12) { insertionSort(base, n, stride); return; }
  let tmp = alloc(<usize>n * stride);
  let src = base, dst = tmp;
  for (let width: u32 = 1; width < n; width <<= 1) {
    for (let lo: u32 = 0; lo < n; lo += width << 1) {
      let mid = min(lo + width, n), hi = min(lo + (width << 1), n);
      let i = lo, j = mid, k = lo;
      while (i < mid && j < hi) {
        // Take from the right only when strictly smaller, which keeps equal keys in input order.
        if (compare(load<u32>(src + <usize>j * stride), load<u32>(src + <usize>i * stride)) < 0) {
          memory.copy(dst + <usize>k * stride, src + <usize>j * stride, stride);
          j++;
        } else {
          memory.copy(dst + <usize>k * stride, src + <usize>i * stride, stride);
          i++;
        }
        k++;
      }
      if (i < mid) memory.copy(dst + <usize>k * stride, src + <usize>i * stride, <usize>(mid - i) * stride);
      else if (j < hi) memory.copy(dst + <usize>k * stride, src + <usize>j * stride, <usize>(hi - j) * stride);
    }
    let t = src; src = dst; dst = t;
  }
  if (src != base) memory.copy(base, src, <usize>n * stride);
}

function insertionSort(base: usize, n: u32, stride: u32): void {
  for (let i: u32 = 1; i < n; i++) {
    let k = load<u32>(base + <usize>i * stride);
    let v = stride == 8 ? load<u32>(base + <usize>i * stride, 4) : 0;
    let j = i;
    while (j > 0 && compare(load<u32>(base + <usize>(j - 1) * stride), k) > 0) {
      memory.copy(base + <usize>j * stride, base + <usize>(j - 1) * stride, stride);
      j--;
    }
    store<u32>(base + <usize>j * stride, k);
    if (stride == 8) store<u32>(base + <usize>j * stride, v, 4);
  }
}

// A new collection header with its own copy of the entries (values themselves are shared).
export function shallowCopy(v: usize): usize {
  if (v == 0 || vtype(v) < T_ARRAY) return v;
  let n = vlen(v);
  let stride: u32 = vtype(v) == T_OBJECT ? 8 : 4;
  let c = alloc(16);
  let entries = n == 0 ? 0 : alloc(<usize>n * stride);
  if (n != 0) memory.copy(entries, velems(v), <usize>n * stride);
  store<u8>(c, vtype(v));
  store<u32>(c, n, 4);
  store<u32>(c, n, 8);
  store<u32>(c, <u32>entries, 12);
  return c;
}

// Arrays by integral index, objects by key, sets by membership (the member itself).
export function valueGet(v: usize, key: usize): usize {
  if (v == 0 || key == 0) return 0;
  let t = vtype(v);
  if (t == T_OBJECT) return objectGet(v, key);
  if (t == T_ARRAY) {
    if (!asInteger(key)) return 0;
    let i = integerValue;
    if (i < 0 || i >= <i64>vlen(v)) return 0;
    return elemAt(v, <u32>i);
  }
  if (t == T_SET) {
    let i = search(v, key, 4);
    return i < 0 ? 0 : elemAt(v, <u32>i);
  }
  return 0;
}

// Recursive object merge; where both sides hold something other than two objects, b wins.
export function merge(a: usize, b: usize): usize {
  if (a == 0) return b;
  if (b == 0) return a;
  if (!isType(a, T_OBJECT) || !isType(b, T_OBJECT)) return b;
  let result = shallowCopy(a);
  let n = vlen(b);
  for (let i: u32 = 0; i < n; i++) {
    let k = keyAt(b, i);
    let vb = valueAt(b, i);
    let va = objectGet(a, k);
    objectInsert(result, k, va == 0 ? vb : merge(va, vb));
  }
  return result;
}

// Copy-on-write: a value equal to base with v at path[from..]; non-objects on the way are replaced by objects.
export function upsertPath(base: usize, path: usize, from: u32, v: usize): usize {
  if (from >= vlen(path)) return v;
  let key = elemAt(path, from);
  let isObject = isType(base, T_OBJECT);
  let obj = isObject ? shallowCopy(base) : makeObject(0);
  let child = isObject ? objectGet(base, key) : 0;
  objectInsert(obj, key, upsertPath(child, path, from + 1, v));
  return obj;
}
