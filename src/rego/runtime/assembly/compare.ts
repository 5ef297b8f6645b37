// OPA's total order over values: null < boolean < number < string < array < object < set.
import { compareNumbers } from "./numbers";
import { T_ARRAY, T_BOOLEAN, T_NUMBER, T_OBJECT, T_SET, T_STRING, elemAt, keyAt, strLen, strPtr, valueAt, vlen, vtype } from "./value";

// Bytewise order of two byte strings, then by length.
export function compareBytes(pa: usize, la: u32, pb: usize, lb: u32): i32 {
  let n = min(la, lb);
  let i: u32 = 0;
  // Eight bytes at a time: byte-swapped words compare like the bytes they hold.
  for (; i + 8 <= n; i += 8) {
    let x = load<u64>(pa + i), y = load<u64>(pb + i);
    if (x != y) return bswap<u64>(x) < bswap<u64>(y) ? -1 : 1;
  }
  for (; i < n; i++) {
    let x = load<u8>(pa + i), y = load<u8>(pb + i);
    if (x != y) return x < y ? -1 : 1;
  }
  return la < lb ? -1 : la > lb ? 1 : 0;
}

// <0, 0 or >0. Undefined (0) sorts before everything.
export function compare(a: usize, b: usize): i32 {
  if (a == b) return 0;
  if (a == 0) return -1;
  if (b == 0) return 1;
  let ta = vtype(a), tb = vtype(b);
  if (ta != tb) return ta < tb ? -1 : 1;
  switch (ta) {
    case T_BOOLEAN: return <i32>load<u8>(a, 1) - <i32>load<u8>(b, 1);
    case T_NUMBER: return compareNumbers(a, b);
    case T_STRING: return compareBytes(strPtr(a), strLen(a), strPtr(b), strLen(b));
    case T_ARRAY:
    case T_SET: {
      // Element-wise, then the shorter first (sets are sorted, so this compares them as sorted sequences).
      let la = vlen(a), lb = vlen(b), n = min(la, lb);
      for (let i: u32 = 0; i < n; i++) {
        let c = compare(elemAt(a, i), elemAt(b, i));
        if (c != 0) return c;
      }
      return la < lb ? -1 : la > lb ? 1 : 0;
    }
    case T_OBJECT: {
      // Keys in order, each key then its value, then the smaller object first (as OPA's ast.Compare).
      let la = vlen(a), lb = vlen(b), n = min(la, lb);
      for (let i: u32 = 0; i < n; i++) {
        let c = compare(keyAt(a, i), keyAt(b, i));
        if (c != 0) return c;
        c = compare(valueAt(a, i), valueAt(b, i));
        if (c != 0) return c;
      }
      return la < lb ? -1 : la > lb ? 1 : 0;
    }
  }
  return 0; // null
}

export function equal(a: usize, b: usize): bool {
  if (a == b) return true;
  if (a == 0 || b == 0) return false;
  let t = vtype(a);
  if (t != vtype(b)) return false;
  // Cheap mismatches first: different lengths can't be equal.
  if (t == T_STRING) return strLen(a) == strLen(b) && compareBytes(strPtr(a), strLen(a), strPtr(b), strLen(b)) == 0;
  if (t >= T_ARRAY && vlen(a) != vlen(b)) return false;
  return compare(a, b) == 0;
}
