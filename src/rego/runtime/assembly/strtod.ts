// Decimal text → correctly rounded f64: an exact fast path, then a decimal-shift fallback for the rest.
import { digitsScratch } from "./scratch";
//
// The fallback keeps the decimal digits in a buffer and multiplies or divides them by powers of two until the
// value lies in [1/2, 1), then takes 53 bits with round-half-even. It is slow but exact, and only numbers with
// many digits or large exponents reach it.

const MAX_DIGITS: i32 = 800;
// Room for the digits a left shift adds before the result is truncated back to MAX_DIGITS.
// (digitsScratch: MAX_DIGITS + 64 bytes.)
let nd: i32 = 0;       // number of digits held
let dp: i32 = 0;       // decimal point position: value = 0.d[0]d[1]... × 10^dp
let truncated = false; // non-zero digits were dropped past MAX_DIGITS

const POW10 = memory.data<f64>([
  1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
  1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
]);
// Bits to shift by for a decimal point position below 9 (enough to move one step without overshooting).
const SHIFT_FOR_DP = memory.data<u8>([1, 3, 6, 9, 13, 16, 19, 23, 26]);
const MAX_SHIFT: i32 = 60;
// Far from [1/2, 1), scale by 2^27 (< 10^9) at a time, which moves the decimal point by at most 9 places and so
// cannot step over the target range.
const SCALE_STEP: i32 = 27;

// @ts-ignore: decorator
@inline function digit(i: i32): u32 { return load<u8>(digitsScratch() + i); }
// @ts-ignore: decorator
@inline function isDigit(c: u32): bool { return c - 48 < 10; }

// Parses already validated number text (JSON grammar) into the digit buffer; returns the sign.
function loadDigits(ptr: usize, len: u32): bool {
  let p = ptr, end = ptr + len;
  let neg = load<u8>(p) == 45;
  if (neg) p++;
  nd = 0; dp = 0; truncated = false;
  let sawPoint = false, leading = true;
  for (; p < end; p++) {
    let c = <u32>load<u8>(p);
    if (c == 46) { sawPoint = true; continue; }
    if (!isDigit(c)) break;
    if (leading && c == 48) { if (sawPoint) dp--; continue; }
    leading = false;
    if (!sawPoint) dp++;
    if (nd < MAX_DIGITS) store<u8>(digitsScratch() + nd++, <u8>(c - 48));
    else if (c != 48) truncated = true;
  }
  if (p < end) dp += readExponent(p + 1, end);
  trim();
  return neg;
}

// Exponent after 'e'/'E', clamped so absurd exponents saturate instead of overflowing.
export function readExponent(p: usize, end: usize): i32 {
  let neg = false;
  let c = load<u8>(p);
  if (c == 45 || c == 43) { neg = c == 45; p++; }
  let e: i32 = 0;
  for (; p < end; p++) {
    if (e < 100000) e = e * 10 + (<i32>load<u8>(p) - 48);
  }
  return neg ? -e : e;
}

function trim(): void {
  while (nd > 0 && digit(nd - 1) == 0) nd--;
  if (nd == 0) dp = 0;
}

// Divides the decimal by 2^k (k ≤ MAX_SHIFT).
function shiftRight(k: i32): void {
  let r: i32 = 0, w: i32 = 0;
  let n: u64 = 0;
  for (; (n >> k) == 0; r++) {
    if (r >= nd) {
      if (n == 0) { nd = 0; return; }
      while ((n >> k) == 0) { n *= 10; r++; }
      break;
    }
    n = n * 10 + digit(r);
  }
  dp -= r - 1;
  let mask: u64 = ((<u64>1) << k) - 1;
  for (; r < nd; r++) {
    let c = digit(r);
    store<u8>(digitsScratch() + w++, <u8>(n >> k));
    n = (n & mask) * 10 + c;
  }
  while (n > 0) {
    let d = <u8>(n >> k);
    n = (n & mask) * 10;
    if (w < MAX_DIGITS) store<u8>(digitsScratch() + w++, d);
    else if (d > 0) truncated = true;
  }
  nd = w;
  trim();
}

// Multiplies the decimal by 2^k (k ≤ MAX_SHIFT), writing from the last digit backwards.
function shiftLeft(k: i32): void {
  // 2^60 < 10^19: at most 19 new digits.
  let extra: i32 = 19;
  let w = nd + extra - 1;
  let n: u64 = 0;
  for (let r = nd - 1; r >= 0; r--) {
    n += (<u64>digit(r)) << k;
    let q = n / 10;
    store<u8>(digitsScratch() + w--, <u8>(n - q * 10));
    n = q;
  }
  while (n > 0) {
    let q = n / 10;
    store<u8>(digitsScratch() + w--, <u8>(n - q * 10));
    n = q;
  }
  let first = w + 1;
  let count = nd + extra - first;
  memory.copy(digitsScratch(), digitsScratch() + first, count);
  dp += count - nd;
  nd = count;
  if (nd > MAX_DIGITS) {
    for (let i = MAX_DIGITS; i < nd; i++) if (digit(i) != 0) truncated = true;
    nd = MAX_DIGITS;
  }
  trim();
}

function shift(k: i32): void {
  while (k > MAX_SHIFT) { shiftLeft(MAX_SHIFT); k -= MAX_SHIFT; }
  while (k < -MAX_SHIFT) { shiftRight(MAX_SHIFT); k += MAX_SHIFT; }
  if (k > 0) shiftLeft(k);
  else if (k < 0) shiftRight(-k);
}

function roundsUp(at: i32): bool {
  if (at < 0 || at >= nd) return false;
  if (digit(at) == 5 && at + 1 == nd) {
    if (truncated) return true;
    return at > 0 && (digit(at - 1) & 1) != 0;
  }
  return digit(at) >= 5;
}

// The integer part, rounded half to even.
function roundedInteger(): u64 {
  let n: u64 = 0;
  let i: i32 = 0;
  for (; i < dp && i < nd; i++) n = n * 10 + digit(i);
  for (; i < dp; i++) n *= 10;
  if (roundsUp(dp)) n++;
  return n;
}

function slowPath(ptr: usize, len: u32): f64 {
  let neg = loadDigits(ptr, len);
  let sign: u64 = neg ? (<u64>1) << 63 : 0;
  if (nd == 0) return reinterpret<f64>(sign);
  if (dp > 310) return reinterpret<f64>(sign | 0x7ff0000000000000);
  if (dp < -330) return reinterpret<f64>(sign);
  let exp: i32 = 0;
  while (dp > 0) {
    let k = dp >= 9 ? SCALE_STEP : <i32>load<u8>(SHIFT_FOR_DP + dp);
    shift(-k);
    exp += k;
  }
  while (dp < 0 || (dp == 0 && digit(0) < 5)) {
    let k = -dp >= 9 ? SCALE_STEP : <i32>load<u8>(SHIFT_FOR_DP - dp);
    shift(k);
    exp -= k;
  }
  // Now 1/2 ≤ value < 1; as a binary mantissa in [1, 2) the exponent is one less.
  exp--;
  if (exp < -1022) {
    let k = -1022 - exp;
    shift(-k);
    exp += k;
  }
  if (exp + 1023 >= 0x7ff) return reinterpret<f64>(sign | 0x7ff0000000000000);
  shift(53);
  let mant = roundedInteger();
  if (mant == (<u64>2) << 52) {
    mant >>= 1;
    exp++;
    if (exp + 1023 >= 0x7ff) return reinterpret<f64>(sign | 0x7ff0000000000000);
  }
  if ((mant & ((<u64>1) << 52)) == 0) exp = -1023;
  let bits = (mant & (((<u64>1) << 52) - 1)) | ((<u64>(exp + 1023) & 0x7ff) << 52);
  return reinterpret<f64>(bits | sign);
}

// Converts number text in JSON grammar to the nearest f64.
export function decimalToF64(ptr: usize, len: u32): f64 {
  let p = ptr, end = ptr + len;
  let neg = load<u8>(p) == 45;
  if (neg) p++;
  let mant: u64 = 0;
  let count: i32 = 0; // significant digits seen
  let exp10: i32 = 0;
  let sawPoint = false;
  for (; p < end; p++) {
    let c = <u32>load<u8>(p);
    if (c == 46) { sawPoint = true; continue; }
    if (!isDigit(c)) break;
    if (count == 0 && c == 48) { if (sawPoint) exp10--; continue; }
    if (count < 19) {
      mant = mant * 10 + (c - 48);
      count++;
      if (sawPoint) exp10--;
    } else {
      // Too many digits for the exact path.
      return slowPath(ptr, len);
    }
  }
  if (p < end) exp10 += readExponent(p + 1, end);
  if (mant == 0) return neg ? -0.0 : 0.0;
  if (mant <= (<u64>1) << 53) {
    let f = <f64>mant;
    let r: f64 = 0;
    let exact = true;
    if (exp10 == 0) r = f;
    else if (exp10 > 0 && exp10 <= 22) r = f * load<f64>(POW10 + (<usize>exp10 << 3));
    else if (exp10 < 0 && exp10 >= -22) r = f / load<f64>(POW10 + (<usize>(-exp10) << 3));
    else if (exp10 > 22 && exp10 <= 22 + 15) {
      // Move the excess power into the mantissa when that product stays exact.
      let g = f * load<f64>(POW10 + (<usize>(exp10 - 22) << 3));
      if (g < 9007199254740992.0) r = g * 1e22;
      else exact = false;
    } else exact = false;
    if (exact) return neg ? -r : r;
  }
  return slowPath(ptr, len);
}
