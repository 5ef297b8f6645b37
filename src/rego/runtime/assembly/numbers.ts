// Numbers: reading decimal text, conversions, OPA's numeric order and decimal formatting.
import { alloc } from "./alloc";
import { bigFromText, bigLen, bigToValue } from "./bigint";
import { decimalToF64, readExponent } from "./strtod";
import { N_INT, N_REF, T_NUMBER, TWO_63, f64IsI64, isType, makeFloat, makeInt, makeRef, numKind } from "./value";
import { dtoa_buffered } from "util/number";
import { dtoaScratch } from "./scratch";

// @ts-ignore: decorator
@inline function isDigit(c: u32): bool { return c - 48 < 10; }

// Set by scanNumber: whether the text had neither fraction nor exponent.
export let scannedInteger = false;

// Scans a number in JSON grammar starting at p; returns the end, or 0 if the text is not a number.
export function scanNumber(p: usize, end: usize): usize {
  scannedInteger = true;
  if (p < end && load<u8>(p) == 45) p++;
  if (p >= end) return 0;
  let c = <u32>load<u8>(p);
  if (c == 48) p++;
  else if (c - 49 < 9) { while (p < end && isDigit(load<u8>(p))) p++; }
  else return 0;
  if (p < end && load<u8>(p) == 46) {
    p++;
    scannedInteger = false;
    if (p >= end || !isDigit(load<u8>(p))) return 0;
    while (p < end && isDigit(load<u8>(p))) p++;
  }
  if (p < end && (load<u8>(p) | 0x20) == 101) {
    p++;
    scannedInteger = false;
    if (p < end && (load<u8>(p) == 43 || load<u8>(p) == 45)) p++;
    if (p >= end || !isDigit(load<u8>(p))) return 0;
    while (p < end && isDigit(load<u8>(p))) p++;
  }
  return p;
}

// Significant decimal digits in number text (leading and trailing zeros of the digit string excluded).
function significantDigits(ptr: usize, len: u32): i32 {
  let first: i32 = -1, last: i32 = -1, index: i32 = 0;
  for (let i: u32 = 0; i < len; i++) {
    let c = <u32>load<u8>(ptr + i);
    if (c == 46 || c == 45) continue;
    if (!isDigit(c)) break;
    if (c != 48) { if (first < 0) first = index; last = index; }
    index++;
  }
  return first < 0 ? 0 : last - first + 1;
}

// Whether number text denotes an integer: no non-zero digit is left after the point once the exponent is applied.
function isIntegralText(ptr: usize, len: u32): bool {
  let p = ptr, end = ptr + len;
  let point = false;
  let fraction: i32 = 0; // digits after the point up to the last non-zero one
  let run: i32 = 0;
  for (; p < end; p++) {
    let c = <u32>load<u8>(p);
    if (c == 46) { point = true; continue; }
    if (!isDigit(c)) break;
    if (point) {
      run++;
      if (c != 48) fraction = run;
    }
  }
  let e = p < end ? readExponent(p + 1, end) : 0;
  return fraction <= e;
}

// Builds the number for text already validated by scanNumber. Integral values that fit are i64; other numbers
// whose digits an f64 reproduces (at most 15 significant) are f64; the rest keep their text.
export function numberFromText(ptr: usize, len: u32, isInteger: bool): usize {
  if (isInteger) {
    let p = ptr, end = ptr + len;
    let neg = load<u8>(p) == 45;
    if (neg) p++;
    let acc: u64 = 0;
    let overflow = false;
    for (; p < end; p++) {
      let d = <u64>(load<u8>(p) - 48);
      if (acc > (0xffffffffffffffff - d) / 10) { overflow = true; break; }
      acc = acc * 10 + d;
    }
    if (!overflow) {
      if (neg && acc <= 0x8000000000000000) return makeInt(<i64>(0 - acc));
      if (!neg && acc <= 0x7fffffffffffffff) return makeInt(<i64>acc);
    }
    return makeRef(ptr, len, decimalToF64(ptr, len));
  }
  let f = decimalToF64(ptr, len);
  // An integral value written with a fraction or exponent ("1.0", "1e30") stays an exact integer: i64 when it
  // fits, else its text, so that integer arithmetic on it is exact as in OPA.
  let exact = isIntegralText(ptr, len) ? bigFromText(ptr, len) : 0;
  if (exact != 0) {
    if (bigLen(exact) <= 19) return bigToValue(exact);
    return makeRef(ptr, len, f);
  }
  let digits = significantDigits(ptr, len);
  // Subnormals (and values that underflow to zero) don't keep 15 digits: they keep their text.
  if (digits <= 15 && isFinite(f) && (digits == 0 || Math.abs(f) >= 2.2250738585072014e-308)) return makeFloat(f);
  return makeRef(ptr, len, f);
}

// Parses a whole text as a number; 0 if it isn't one (JSON grammar).
export function parseNumberText(ptr: usize, len: u32): usize {
  if (len == 0) return 0;
  let end = scanNumber(ptr, ptr + len);
  if (end != ptr + len) return 0;
  return numberFromText(ptr, len, scannedInteger);
}

export function toF64(v: usize): f64 {
  if (numKind(v) == N_INT) return <f64>load<i64>(v, 8);
  return load<f64>(v, 8);
}

// Set by asInteger when it succeeds.
export let integerValue: i64 = 0;

// Whether v is a number with an integral value that fits an i64 (left in integerValue).
export function asInteger(v: usize): bool {
  if (!isType(v, T_NUMBER)) return false;
  let k = numKind(v);
  // Integral floats in i64 range are stored as integers, and refs in that range carry a fraction.
  if (k != N_INT) return false;
  integerValue = load<i64>(v, 8);
  return true;
}

// Whether v is a number with an integral value (any magnitude).
export function isIntegral(v: usize): bool {
  if (!isType(v, T_NUMBER)) return false;
  if (numKind(v) == N_INT) return true;
  let f = load<f64>(v, 8);
  return isFinite(f) && floor<f64>(f) == f;
}

function compareIntFloat(i: i64, f: f64): i32 {
  if (f >= TWO_63) return -1;
  if (f < -TWO_63) return 1;
  let t = trunc<f64>(f);
  let ti = <i64>t;
  if (i < ti) return -1;
  if (i > ti) return 1;
  let frac = f - t;
  return frac > 0 ? -1 : frac < 0 ? 1 : 0;
}

// @ts-ignore: decorator
@inline function sign64(x: f64, y: f64): i32 { return x < y ? -1 : x > y ? 1 : 0; }

// Numeric order; an integer and a float compare by value (1 == 1.0).
export function compareNumbers(a: usize, b: usize): i32 {
  let ka = numKind(a), kb = numKind(b);
  if (ka == N_INT && kb == N_INT) {
    let x = load<i64>(a, 8), y = load<i64>(b, 8);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (ka == N_REF || kb == N_REF) {
    let c = sign64(toF64(a), toF64(b));
    return c != 0 ? c : compareDecimalTexts(a, b);
  }
  if (ka == N_INT) return compareIntFloat(load<i64>(a, 8), load<f64>(b, 8));
  if (kb == N_INT) return -compareIntFloat(load<i64>(b, 8), load<f64>(a, 8));
  return sign64(load<f64>(a, 8), load<f64>(b, 8));
}

// Exact comparison of two numbers whose f64 approximations tie, via their decimal texts.
function compareDecimalTexts(a: usize, b: usize): i32 {
  let ta = alloc(40);
  let la = numberText(a, ta);
  let pa = numberTextPtr;
  let tb = alloc(40);
  let lb = numberText(b, tb);
  let pb = numberTextPtr;
  return compareDecimals(pa, la, pb, lb);
}

// Canonical (sign, digits, exponent) comparison of two decimal texts in JSON grammar.
function compareDecimals(pa: usize, la: u32, pb: usize, lb: u32): i32 {
  let na = load<u8>(pa) == 45, nb = load<u8>(pb) == 45;
  let za = significantDigits(pa, la) == 0, zb = significantDigits(pb, lb) == 0;
  if (za && zb) return 0;
  let sa = za ? 0 : na ? -1 : 1, sb = zb ? 0 : nb ? -1 : 1;
  if (sa != sb) return sa < sb ? -1 : 1;
  let mag = compareMagnitudes(pa, la, pb, lb);
  return sa < 0 ? -mag : mag;
}

// Decimal exponent of the first significant digit, read from the text.
function leadingExponent(p: usize, len: u32): i32 {
  let end = p + len;
  if (load<u8>(p) == 45) p++;
  let intDigits: i32 = 0, leadingZeros: i32 = 0, seen = false, point = false;
  for (; p < end; p++) {
    let c = <u32>load<u8>(p);
    if (c == 46) { point = true; continue; }
    if (!isDigit(c)) break;
    if (!seen && c == 48) { if (point) leadingZeros++; continue; }
    seen = true;
    if (!point) intDigits++;
  }
  let e: i32 = 0;
  if (p < end) {
    let q = p + 1;
    let neg = false;
    if (load<u8>(q) == 45 || load<u8>(q) == 43) { neg = load<u8>(q) == 45; q++; }
    for (; q < end; q++) if (e < 100000) e = e * 10 + (<i32>load<u8>(q) - 48);
    if (neg) e = -e;
  }
  return (intDigits > 0 ? intDigits : -leadingZeros) + e;
}

// Index of the next significant digit at or after i (skipping '-', '.', leading zeros handled by caller).
function nextDigit(p: usize, len: u32, i: u32): u32 {
  while (i < len) {
    let c = <u32>load<u8>(p + i);
    if (isDigit(c)) return i;
    if (c != 46 && c != 45) return len;
    i++;
  }
  return len;
}

function compareMagnitudes(pa: usize, la: u32, pb: usize, lb: u32): i32 {
  let ea = leadingExponent(pa, la), eb = leadingExponent(pb, lb);
  if (ea != eb) return ea < eb ? -1 : 1;
  // Same exponent: compare digit strings from the first significant digit, missing digits counting as 0.
  let i = skipToSignificant(pa, la), j = skipToSignificant(pb, lb);
  while (true) {
    i = nextDigit(pa, la, i);
    j = nextDigit(pb, lb, j);
    let da: u32 = i < la ? load<u8>(pa + i) : 48;
    let db: u32 = j < lb ? load<u8>(pb + j) : 48;
    if (i >= la && j >= lb) return 0;
    if (da != db) return da < db ? -1 : 1;
    i++; j++;
  }
  return 0;
}

function skipToSignificant(p: usize, len: u32): u32 {
  for (let i: u32 = 0; i < len; i++) {
    let c = <u32>load<u8>(p + i);
    if (c - 49 < 9) return i;
    if (!isDigit(c) && c != 46 && c != 45) return len;
  }
  return len;
}

// Scratch for dtoa, which writes UTF-16.

// Where numberText put the text (a ref's own text is not copied).
export let numberTextPtr: usize = 0;

// Writes the decimal text of a number into buf (≥ 40 bytes; integers need 20) unless it is a ref; returns its length and leaves
// its address in numberTextPtr. Integral values print as integers; NaN as null and infinities as ±1e309,
// which JSON readers turn back into infinities (OPA itself never produces them).
export function numberText(v: usize, buf: usize): u32 {
  numberTextPtr = buf;
  let k = numKind(v);
  if (k == N_INT) return formatI64(load<i64>(v, 8), buf);
  if (k == N_REF) {
    numberTextPtr = load<u32>(v, 16);
    return load<u32>(v, 20);
  }
  return formatF64(load<f64>(v, 8), buf);
}

export function formatI64(x: i64, buf: usize): u32 {
  let neg = x < 0;
  let u: u64 = neg ? <u64>0 - <u64>x : <u64>x;
  let digits: u32 = 1;
  for (let t = u / 10; t != 0; t /= 10) digits++;
  let sign: u32 = neg ? 1 : 0;
  if (neg) store<u8>(buf, 45);
  for (let i = digits; i > 0; i--) {
    store<u8>(buf + sign + i - 1, <u8>(48 + u % 10));
    u /= 10;
  }
  return digits + sign;
}

export function formatF64(x: f64, buf: usize): u32 {
  if (isNaN(x)) return writeAscii(buf, "null");
  if (!isFinite(x)) return writeAscii(buf, x < 0 ? "-1e309" : "1e309");
  if (f64IsI64(x)) return formatI64(<i64>x, buf);
  let n = dtoa_buffered<f64>(dtoaScratch(), x);
  for (let i: u32 = 0; i < n; i++) store<u8>(buf + i, <u8>load<u16>(dtoaScratch() + (<usize>i << 1)));
  // Integral values beyond i64 come out as "123…0.0"; drop the fraction.
  if (n > 2 && load<u8>(buf + n - 2) == 46 && load<u8>(buf + n - 1) == 48) n -= 2;
  return n;
}

function writeAscii(buf: usize, s: string): u32 {
  let n = s.length;
  for (let i = 0; i < n; i++) store<u8>(buf + i, <u8>load<u16>(changetype<usize>(s) + (<usize>i << 1)));
  return <u32>n;
}
