// Native set builtins: union and intersection of a set of sets, and the `in` operator (internal.member_2/3).
import { equal } from "../compare";
import { setContains, valueGet } from "../collections";
import { typeError } from "../errors";
import { T_ARRAY, T_OBJECT, T_SET, elemAt, isType, makeBool, makeSet, valueAt, vlen, vtype } from "../value";
import { builtin_and, builtin_or } from "./arithmetic";

// OPA checks each member with the operand's own message ("operand 1 must be set but got number").
export function builtin_union(sets: usize): usize {
  if (!isType(sets, T_SET)) return typeError(1, "set", sets);
  let out = makeSet(0);
  let n = vlen(sets);
  for (let i: u32 = 0; i < n; i++) {
    let s = elemAt(sets, i);
    if (!isType(s, T_SET)) return typeError(1, "set", s);
    out = builtin_or(out, s);
  }
  return out;
}

// The intersection of no sets is the empty set, as in OPA.
export function builtin_intersection(sets: usize): usize {
  if (!isType(sets, T_SET)) return typeError(1, "set", sets);
  let n = vlen(sets);
  if (n == 0) return makeSet(0);
  let out = elemAt(sets, 0);
  if (!isType(out, T_SET)) return typeError(1, "set", out);
  for (let i: u32 = 1; i < n; i++) {
    let s = elemAt(sets, i);
    if (!isType(s, T_SET)) return typeError(1, "set", s);
    out = builtin_and(out, s);
  }
  return out;
}

// `x in coll`: array elements, set members or object values; false for anything else.
export function builtin_internal_member_2(x: usize, coll: usize): usize {
  if (x == 0 || coll == 0) return 0;
  let t = vtype(coll);
  if (t == T_SET) return makeBool(setContains(coll, x));
  if (t == T_ARRAY || t == T_OBJECT) {
    let n = vlen(coll);
    for (let i: u32 = 0; i < n; i++) {
      if (equal(t == T_ARRAY ? elemAt(coll, i) : valueAt(coll, i), x)) return makeBool(true);
    }
  }
  return makeBool(false);
}

// `k, v in coll`: coll[k] == v (for a set, k is a member equal to v); false for non-collections.
export function builtin_internal_member_3(k: usize, v: usize, coll: usize): usize {
  if (k == 0 || v == 0 || coll == 0) return 0;
  let found = valueGet(coll, k);
  return makeBool(found != 0 && equal(found, v));
}
