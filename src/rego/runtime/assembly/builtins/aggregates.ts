// Native aggregate builtins: count, sum, product, max, min, sort.
import { bigAdd, bigFromValue, bigMul, bigToValue } from "../bigint";
import { compare } from "../compare";
import { sortValues } from "../collections";
import { elementError, typeError } from "../errors";
import { toF64 } from "../numbers";
import {
  N_INT, T_ARRAY, T_NUMBER, T_OBJECT, T_SET, T_STRING,
  codePointCount, elemAt, isType, makeArray, makeFloat, makeInt, numKind, strLen, strPtr, velems, vlen, vtype,
} from "../value";

// @ts-ignore: decorator
@inline function isArrayOrSet(v: usize): bool { return isType(v, T_ARRAY) || isType(v, T_SET); }

export function builtin_count(v: usize): usize {
  if (v == 0) return 0;
  let t = vtype(v);
  if (t == T_STRING) return makeInt(<i64>codePointCount(strPtr(v), strLen(v)));
  if (t == T_ARRAY || t == T_SET || t == T_OBJECT) return makeInt(<i64>vlen(v));
  return typeError(1, "one of {array, object, set, string}", v);
}

// Sum (or product) of numbers, exact for integers (i64 while it fits, then arbitrary precision).
function fold(v: usize, product: bool): usize {
  if (!isArrayOrSet(v)) return typeError(1, "one of {set, array}", v);
  let n = vlen(v);
  let acc: i64 = product ? 1 : 0;
  let i: u32 = 0;
  // i64 while every element is an integer and nothing overflows.
  for (; i < n; i++) {
    let x = elemAt(v, i);
    if (!isType(x, T_NUMBER)) return notNumber(v, x, product);
    if (numKind(x) != N_INT) break;
    let y = load<i64>(x, 8);
    let r: i64;
    if (product) {
      r = acc * y;
      if (acc != 0 && (r / acc != y || (acc == -1 && y == i64.MIN_VALUE))) break;
      if (y == -1 && acc == i64.MIN_VALUE) break;
    } else {
      r = acc + y;
      if (((acc ^ r) & (y ^ r)) < 0) break;
    }
    acc = r;
  }
  if (i == n) return makeInt(acc);
  // Exact integers beyond i64.
  let big = bigFromValue(makeInt(acc));
  let j = i;
  for (; j < n; j++) {
    let x = elemAt(v, j);
    if (!isType(x, T_NUMBER)) return notNumber(v, x, product);
    let b = bigFromValue(x);
    if (b == 0) break;
    big = product ? bigMul(big, b) : bigAdd(big, b);
  }
  if (j == n) return bigToValue(big);
  // Floats: f64 from here on.
  let f = toF64(bigToValue(big));
  for (; j < n; j++) {
    let x = elemAt(v, j);
    if (!isType(x, T_NUMBER)) return notNumber(v, x, product);
    f = product ? f * toF64(x) : f + toF64(x);
  }
  return makeFloat(f);
}

function notNumber(coll: usize, x: usize, product: bool): usize {
  return elementError(1, coll, "number", x);
}

export function builtin_sum(v: usize): usize { return fold(v, false); }
export function builtin_product(v: usize): usize { return fold(v, true); }

function extreme(v: usize, sign: i32): usize {
  if (!isArrayOrSet(v)) return typeError(1, "one of {set, array}", v);
  let n = vlen(v);
  // No maximum of nothing: undefined, and no error (as in OPA).
  if (n == 0) return 0;
  // Sets are sorted: their ends are the answer.
  if (isType(v, T_SET)) return elemAt(v, sign > 0 ? n - 1 : 0);
  let best = elemAt(v, 0);
  for (let i: u32 = 1; i < n; i++) {
    let x = elemAt(v, i);
    if (compare(x, best) * sign > 0) best = x;
  }
  return best;
}

export function builtin_max(v: usize): usize { return extreme(v, 1); }
export function builtin_min(v: usize): usize { return extreme(v, -1); }

export function builtin_sort(v: usize): usize {
  if (!isArrayOrSet(v)) return typeError(1, "one of {set, array}", v);
  let n = vlen(v);
  let out = makeArray(n);
  if (n == 0) return out;
  memory.copy(velems(out), velems(v), <usize>n << 2);
  store<u32>(out, n, 4);
  if (isType(v, T_ARRAY)) sortValues(velems(out), n);
  return out;
}
