// Native conversions: format_int and to_number.
import { alloc } from "../alloc";
import { bigFromValue, bigLen, bigNeg } from "../bigint";
import { KIND_BUILTIN, RECORD_ERRORS, SHOW_QUOTED, builtinError, operandError, showError, typeError } from "../errors";
import { parseNumberText, toF64 } from "../numbers";
import { N_INT, T_BOOLEAN, T_NULL, T_NUMBER, TWO_63, boolValue, isType, makeInt, makeString, numKind, vtype } from "../value";
import { intArg, isIntArg, isString, strLen, strPtr } from "./text";

const DIGITS = memory.data<u8>([48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 97, 98, 99, 100, 101, 102]);

// The number truncated toward zero, in base 2, 8, 10 or 16 (lowercase digits).
export function builtin_format_int(x: usize, base: usize): usize {
  if (!isType(x, T_NUMBER)) return typeError(1, "number", x);
  if (!isType(base, T_NUMBER)) return typeError(2, "number", base);
  let radix: i64 = isIntArg(base) ? intArg : 0;
  if (radix != 2 && radix != 8 && radix != 10 && radix != 16) return operandError(2, "must be one of {2, 8, 10, 16}");
  let v: i64;
  if (numKind(x) == N_INT) {
    v = load<i64>(x, 8);
  } else {
    let f = Math.trunc(toF64(x));
    if (!(f > -TWO_63 && f < TWO_63)) return formatBig(x, radix);
    v = <i64>f;
  }
  let neg = v < 0;
  let u: u64 = neg ? <u64>0 - <u64>v : <u64>v;
  let buf = alloc(65);
  let i: i32 = 65;
  do {
    store<u8>(buf + --i, load<u8>(DIGITS + <usize>(u % <u64>radix)));
    u /= <u64>radix;
  } while (u != 0);
  if (neg) store<u8>(buf + --i, 45);
  return makeString(buf + i, <u32>(65 - i));
}

// Exact integers beyond i64 in base 10 only (other bases would need big division).
function formatBig(x: usize, radix: i64): usize {
  let big = bigFromValue(x);
  if (big == 0 || radix != 10) return builtinError("integers beyond 64 bits are formatted in base 10 only");
  let n = bigLen(big);
  let sign: u32 = bigNeg(big) ? 1 : 0;
  let out = alloc(n + sign);
  if (sign != 0) store<u8>(out, 45);
  let digits = <usize>load<u32>(big, 8);
  for (let i: u32 = 0; i < n; i++) store<u8>(out + sign + i, <u8>(48 + load<u8>(digits + i)));
  return makeString(out, n + sign);
}

// @ts-ignore: decorator
@inline function isDigit(c: u32): bool { return c - 48 < 10; }

// Numbers from strings accept what Go's strconv.ParseFloat does for decimals ("+1", ".5", "5.", "007"),
// normalised to JSON number text; null is 0 and booleans are 0 or 1.
export function builtin_to_number(x: usize): usize {
  if (x == 0) return 0;
  let t = vtype(x);
  if (t == T_NUMBER) return x;
  if (t == T_NULL) return makeInt(0);
  if (t == T_BOOLEAN) return makeInt(boolValue(x) ? 1 : 0);
  if (!isString(x)) return typeError(1, "one of {null, boolean, number, string}", x);
  let v = numberFromString(strPtr(x), strLen(x));
  if (v != 0 || !RECORD_ERRORS) return v;
  // OPA refuses the words Go's ParseFloat would take for infinities and NaN as a type error.
  if (isInfOrNaN(strPtr(x), strLen(x))) return typeError(1, "valid number string", x);
  return showError(KIND_BUILTIN, "strconv.ParseFloat: parsing ", SHOW_QUOTED, strPtr(x), strLen(x), ": invalid syntax");
}

// "inf", "infinity" or "nan" in any case, after any leading signs.
function isInfOrNaN(p: usize, n: u32): bool {
  let i: u32 = 0;
  while (i < n && (load<u8>(p + i) == 43 || load<u8>(p + i) == 45)) i++;
  return matchesWord(p + i, n - i, "inf") || matchesWord(p + i, n - i, "infinity") || matchesWord(p + i, n - i, "nan");
}

// `word`: a lowercase ASCII literal.
function matchesWord(p: usize, n: u32, word: string): bool {
  if (<i32>n != word.length) return false;
  for (let i: u32 = 0; i < n; i++) {
    if ((<u32>load<u8>(p + i) | 0x20) != <u32>load<u16>(changetype<usize>(word) + (<usize>i << 1))) return false;
  }
  return true;
}

// The number a decimal string denotes, or 0 when it is not one.
function numberFromString(p: usize, n: u32): usize {
  if (n == 0) return 0;
  let out = alloc(n + 2);
  let w: u32 = 0, i: u32 = 0;
  let c = <u32>load<u8>(p);
  if (c == 43 || c == 45) { if (c == 45) store<u8>(out + w++, 45); i++; }
  // Integer part without leading zeros ("0" when empty).
  while (i + 1 < n && load<u8>(p + i) == 48 && isDigit(load<u8>(p + i + 1))) i++;
  let intStart = i;
  while (i < n && isDigit(load<u8>(p + i))) store<u8>(out + w++, load<u8>(p + i++));
  let intDigits = i - intStart;
  if (intDigits == 0) store<u8>(out + w++, 48);
  let fracDigits: u32 = 0;
  if (i < n && load<u8>(p + i) == 46) {
    i++;
    let mark = w;
    store<u8>(out + w++, 46);
    while (i < n && isDigit(load<u8>(p + i))) { store<u8>(out + w++, load<u8>(p + i++)); fracDigits++; }
    if (fracDigits == 0) w = mark; // "5." is 5
  }
  if (intDigits == 0 && fracDigits == 0) return 0;
  if (i < n && (load<u8>(p + i) | 0x20) == 101) {
    // The exponent is copied as is; the JSON scanner below validates it.
    memory.copy(out + w, p + i, n - i);
    w += n - i;
    i = n;
  }
  if (i != n) return 0;
  return parseNumberText(out, w);
}
