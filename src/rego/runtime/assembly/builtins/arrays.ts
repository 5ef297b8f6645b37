// Native array builtins: array.concat, array.slice, array.reverse, array.flatten, numbers.range,
// numbers.range_step and walk.
import { arrayAppend } from "../collections";
import { bigFromValue, bigNeg } from "../bigint";
import { T_ARRAY, T_NUMBER, T_OBJECT, T_SET, elemAt, isType, keyAt, makeArray, makeInt, valueAt, velems, vlen, vtype } from "../value";
import { builtinError, typeError } from "../errors";
import { intArg, intOperand, isIntArg } from "./text";

export function builtin_array_concat(a: usize, b: usize): usize {
  if (!isType(a, T_ARRAY)) return typeError(1, "array", a);
  if (!isType(b, T_ARRAY)) return typeError(2, "array", b);
  let la = vlen(a), lb = vlen(b);
  let out = makeArray(la + lb);
  if (la != 0) memory.copy(velems(out), velems(a), <usize>la << 2);
  if (lb != 0) memory.copy(velems(out) + (<usize>la << 2), velems(b), <usize>lb << 2);
  store<u32>(out, la + lb, 4);
  return out;
}

// Elements from start (inclusive) to stop (exclusive), both clamped to the array.
export function builtin_array_slice(arr: usize, start: usize, stop: usize): usize {
  if (!isType(arr, T_ARRAY)) return typeError(1, "array", arr);
  if (!intOperand(2, start)) return 0;
  let from = intArg;
  if (!intOperand(3, stop)) return 0;
  let to = intArg;
  let n = <i64>vlen(arr);
  if (from < 0) from = 0;
  if (to > n) to = n;
  if (from >= to) return makeArray(0);
  let count = <u32>(to - from);
  let out = makeArray(count);
  memory.copy(velems(out), velems(arr) + (<usize>from << 2), <usize>count << 2);
  store<u32>(out, count, 4);
  return out;
}

export function builtin_array_reverse(arr: usize): usize {
  if (!isType(arr, T_ARRAY)) return typeError(1, "array", arr);
  let n = vlen(arr);
  let out = makeArray(n);
  for (let i: u32 = 0; i < n; i++) store<u32>(velems(out) + (<usize>i << 2), <u32>elemAt(arr, n - 1 - i));
  store<u32>(out, n, 4);
  return out;
}

// One level of nesting removed.
export function builtin_array_flatten(arr: usize): usize {
  if (!isType(arr, T_ARRAY)) return typeError(1, "array", arr);
  let n = vlen(arr);
  let out = makeArray(n);
  for (let i: u32 = 0; i < n; i++) {
    let x = elemAt(arr, i);
    if (isType(x, T_ARRAY)) {
      let m = vlen(x);
      for (let j: u32 = 0; j < m; j++) arrayAppend(out, elemAt(x, j));
    } else {
      arrayAppend(out, x);
    }
  }
  return out;
}

// Integers from a to b inclusive, counting up or down by step.
function range(a: i64, b: i64, step: i64): usize {
  let span: u64 = a <= b ? <u64>b - <u64>a : <u64>a - <u64>b;
  // Ranges that could never fit in memory (OPA would run until its deadline).
  if (span / <u64>step >= 0x10000000) return builtinError("range too large");
  let count = span / <u64>step + 1;
  let out = makeArray(<u32>count);
  let x = a;
  for (let i: u64 = 0; i < count; i++) {
    arrayAppend(out, makeInt(x));
    x = a <= b ? x + step : x - step;
  }
  return out;
}

export function builtin_numbers_range(a: usize, b: usize): usize {
  if (!intOperand(1, a, "integer")) return 0;
  let from = intArg;
  if (!intOperand(2, b, "integer")) return 0;
  return range(from, intArg, 1);
}

// The step must be a positive integer; one larger than the range gives just the start.
export function builtin_numbers_range_step(a: usize, b: usize, step: usize): usize {
  if (!intOperand(1, a, "integer")) return 0;
  let from = intArg;
  if (!intOperand(2, b, "integer")) return 0;
  let to = intArg;
  if (!isIntArg(step)) {
    let big = isType(step, T_NUMBER) ? bigFromValue(step) : 0;
    // Not an integer at all: intOperand records why.
    if (big == 0) { intOperand(3, step, "integer"); return 0; }
    if (bigNeg(big)) return builtinError("step must be a positive integer");
    return range(from, from, 1);
  }
  if (intArg <= 0) return builtinError("step must be a positive integer");
  return range(from, to, intArg);
}

// Every [path, value] pair of a document, pre-order (the document itself first, with path []); object keys
// and set members in order. The planner scans the array this returns.
export function builtin_walk(x: usize): usize {
  if (x == 0) return 0;
  let out = makeArray(8);
  walkInto(out, makeArray(0), x);
  return out;
}

function walkInto(out: usize, path: usize, x: usize): void {
  let pair = makeArray(2);
  arrayAppend(pair, path);
  arrayAppend(pair, x);
  arrayAppend(out, pair);
  let t = vtype(x);
  if (t != T_ARRAY && t != T_OBJECT && t != T_SET) return;
  let n = vlen(x);
  let depth = vlen(path);
  for (let i: u32 = 0; i < n; i++) {
    let key = t == T_ARRAY ? makeInt(<i64>i) : t == T_OBJECT ? keyAt(x, i) : elemAt(x, i);
    let child = t == T_OBJECT ? valueAt(x, i) : elemAt(x, i);
    // Each path is its own array: values handed out must not change afterwards.
    let sub = makeArray(depth + 1);
    if (depth != 0) memory.copy(velems(sub), velems(path), <usize>depth << 2);
    store<u32>(sub, depth, 4);
    arrayAppend(sub, key);
    walkInto(out, sub, child);
  }
}
