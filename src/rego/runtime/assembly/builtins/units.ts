// Native units.parse_bytes and units.parse: amounts with SI or binary suffixes, computed exactly.
import { alloc } from "../alloc";
import { bigFromText, bigLen, bigMul, bigNeg } from "../bigint";
import { makeInt } from "../value";
import { formatI64, numberFromText } from "../numbers";
import { readExponent } from "../strtod";
import { KIND_BUILTIN, SHOW_BYTES, builtinError, showError } from "../errors";
import { stringOperand, strLen, strPtr } from "./text";

// @ts-ignore: decorator
@inline function isDigit(c: u32): bool { return c - 48 < 10; }
// @ts-ignore: decorator
@inline function lower(c: u32): u32 { return c - 65 < 26 ? c + 32 : c; }

// The parsed amount: its digits (no point) and the power of ten they are scaled by.
let amountDigits: usize = 0;
let amountLen: u32 = 0;
let amountScale: i32 = 0;
// Where the unit starts.
let unitAt: u32 = 0;
// Set when readAmount fails: whether the text started like a number (OPA then cannot parse it; otherwise there is
// no amount at all).
let amountBegun = false;

// Reads "12", "1.5", ".5", "1e3", "-3.2E-2" at the start of p; false when there is no valid amount.
function readAmount(p: usize, n: u32): bool {
  amountBegun = true;
  amountDigits = alloc(n + 1);
  amountLen = 0;
  let fraction: i32 = 0, point = false, any = false;
  let i: u32 = 0;
  // A sign is kept with the digits (the big-number reader takes "-123").
  if (n > 0 && load<u8>(p) == 45) { store<u8>(amountDigits + amountLen++, 45); i++; }
  else if (n > 0 && load<u8>(p) == 43) i++;
  for (; i < n; i++) {
    let c = <u32>load<u8>(p + i);
    if (c == 46) { if (point) return false; point = true; continue; }
    if (!isDigit(c)) break;
    any = true;
    store<u8>(amountDigits + amountLen++, <u8>c);
    if (point) fraction++;
  }
  if (!any) { amountBegun = i > 0; return false; }
  let exp: i32 = 0;
  // An exponent needs digits after e[+-]; otherwise the e is a unit (exa).
  if (i < n && lower(load<u8>(p + i)) == 101) {
    let j = i + 1;
    if (j < n && (load<u8>(p + j) == 43 || load<u8>(p + j) == 45)) j++;
    if (j < n && isDigit(load<u8>(p + j))) {
      let k = j;
      while (k < n && isDigit(load<u8>(p + k))) k++;
      exp = readExponent(p + i + 1, p + k);
      i = k;
    }
  }
  amountScale = exp - fraction;
  unitAt = i;
  return true;
}

// digits × multiplier × 10^scale as a number: exact (integers stay exact), truncated toward zero if asked.
function scaled(multiplier: i64, scale: i32, truncate: bool): usize {
  if (amountScale > 1000 || amountScale < -1000) return builtinError("exponent too large");
  let text = alloc(24);
  let big = bigMul(bigFromText(amountDigits, amountLen), bigFromText(text, formatI64(multiplier, text)));
  let total = amountScale + scale;
  let n = bigLen(big);
  let digits = <usize>load<u32>(big, 8);
  let sign: u32 = bigNeg(big) ? 1 : 0;
  if (total < 0 && truncate) {
    let drop = <u32>(-total);
    if (drop >= n) return makeInt(0);
    n -= drop;
    total = 0;
  }
  // Decimal text: [-]digits[zeros] or [-]int.frac or [-]0.zeros digits, read back as a number.
  let out = alloc(sign + n + <u32>abs(total) + 2);
  let w: u32 = 0;
  if (sign != 0) store<u8>(out + w++, 45);
  if (total >= 0) {
    for (let i: u32 = 0; i < n; i++) store<u8>(out + w++, <u8>(48 + load<u8>(digits + i)));
    if (n != 0) for (let i: u32 = 0; i < <u32>total; i++) store<u8>(out + w++, 48);
    if (n == 0) store<u8>(out + w++, 48);
    return numberFromText(out, w, true);
  }
  let drop = <u32>(-total);
  if (drop >= n) {
    store<u8>(out + w++, 48);
    store<u8>(out + w++, 46);
    for (let i = n; i < drop; i++) store<u8>(out + w++, 48);
    for (let i: u32 = 0; i < n; i++) store<u8>(out + w++, <u8>(48 + load<u8>(digits + i)));
  } else {
    for (let i: u32 = 0; i < n; i++) {
      if (i == n - drop) store<u8>(out + w++, 46);
      store<u8>(out + w++, <u8>(48 + load<u8>(digits + i)));
    }
  }
  if (n == 0) return makeInt(0);
  return numberFromText(out, w, false);
}

function hasSpace(p: usize, n: u32): bool {
  for (let i: u32 = 0; i < n; i++) if (load<u8>(p + i) == 32) return true;
  return false;
}

// The text of the amount (inside one pair of surrounding quotes, if any) in textAt and textLen, or OPA's error for
// text that cannot hold one.
let textAt: usize = 0;
let textLen: u32 = 0;

function amountText(s: usize, bytes: bool): bool {
  if (!stringOperand(1, s)) return false;
  textAt = unquoted(s);
  textLen = unquotedLen(s);
  if (hasSpace(textAt, textLen)) {
    builtinError("spaces not allowed in resource strings");
    return false;
  }
  if (readAmount(textAt, textLen)) return true;
  if (amountBegun) builtinError(bytes ? "could not parse byte amount to a number" : "could not parse amount to a number");
  else builtinError(bytes ? "no byte amount provided" : "no amount provided");
  return false;
}

function unitError(bytes: bool): usize {
  return showError(KIND_BUILTIN, bytes ? "byte unit " : "unit ", SHOW_BYTES, textAt + unitAt, textLen - unitAt, " not recognized");
}

// Multiplier for SI prefixes k, m, g, t, p, e (powers of 1000) or, with i, binary ones (powers of 1024).
function power(c: u32): i32 {
  let l = lower(c);
  if (l == 107) return 1;
  if (l == 109) return 2;
  if (l == 103) return 3;
  if (l == 116) return 4;
  if (l == 112) return 5;
  if (l == 101) return 6;
  return -1;
}

// @ts-ignore: decorator
@inline function pow(base: i64, k: i32): i64 { let r: i64 = 1; for (let i = 0; i < k; i++) r *= base; return r; }

// The text inside one pair of surrounding double quotes, if there are any.
function unquoted(s: usize): usize {
  return strPtr(s) + (strLen(s) >= 2 && load<u8>(strPtr(s)) == 34 && load<u8>(strPtr(s) + strLen(s) - 1) == 34 ? 1 : 0);
}

function unquotedLen(s: usize): u32 {
  return strLen(s) >= 2 && load<u8>(strPtr(s)) == 34 && load<u8>(strPtr(s) + strLen(s) - 1) == 34 ? strLen(s) - 2 : strLen(s);
}

// Bytes: suffixes k/kb, ki/kib … e/eb, ei/eib in any case; the result is truncated to an integer.
export function builtin_units_parse_bytes(s: usize): usize {
  if (!amountText(s, true)) return 0;
  let u = textAt + unitAt, ul = textLen - unitAt;
  if (ul == 0) return scaled(1, 0, true);
  let k = power(load<u8>(u));
  if (k < 0) return unitError(true);
  let binary = ul >= 2 && lower(load<u8>(u + 1)) == 105;
  let rest = ul - (binary ? 2 : 1);
  if (rest > 1 || (rest == 1 && lower(load<u8>(u + ul - 1)) != 98)) return unitError(true);
  return binary ? scaled(pow(1024, k), 0, true) : scaled(1, 3 * k, true);
}

// Amounts: SI suffixes (m is milli, M is mega; others in any case) or binary ones (Ki … Ei, any case).
export function builtin_units_parse(s: usize): usize {
  if (!amountText(s, false)) return 0;
  let u = textAt + unitAt, ul = textLen - unitAt;
  if (ul == 0) return scaled(1, 0, false);
  let c = <u32>load<u8>(u);
  if (ul == 1 && c == 109) return scaled(1, -3, false);
  let k = power(c);
  if (k < 0) return unitError(false);
  if (ul == 1) return scaled(1, 3 * k, false);
  if (ul == 2 && lower(load<u8>(u + 1)) == 105) return scaled(pow(1024, k), 0, false);
  return unitError(false);
}
