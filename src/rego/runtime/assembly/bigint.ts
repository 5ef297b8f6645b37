// Exact integers beyond i64 as decimal digit strings, for OPA's arbitrary-precision integer arithmetic.
//
// Rare and small (a few dozen digits), so digits are plain bytes 0..9, most significant first, and the
// algorithms are schoolbook ones.
import { alloc } from "./alloc";
import { decimalToF64, readExponent } from "./strtod";
import { N_INT, N_REF, T_NUMBER, isType, makeInt, makeRef, numKind } from "./value";

// Layout: u32 negative @0, u32 digit count @4, u32 digits @8. Zero has no digits and is not negative.

// Integers written out with more digits than this (e.g. "1e100000") are left to f64 arithmetic.
const MAX_DIGITS: u32 = 4096;

// @ts-ignore: decorator
@inline export function bigNeg(b: usize): bool { return load<u32>(b) != 0; }
// @ts-ignore: decorator
@inline export function bigLen(b: usize): u32 { return load<u32>(b, 4); }
// @ts-ignore: decorator
@inline function bigDigits(b: usize): usize { return load<u32>(b, 8); }
// @ts-ignore: decorator
@inline function isDigit(c: u32): bool { return c - 48 < 10; }

function bigMake(neg: bool, digits: usize, len: u32): usize {
  // Strip leading zeros.
  while (len > 0 && load<u8>(digits) == 0) { digits++; len--; }
  let b = alloc(12);
  store<u32>(b, len != 0 && neg ? 1 : 0);
  store<u32>(b, len, 4);
  store<u32>(b, <u32>digits, 8);
  return b;
}

function fromI64(x: i64): usize {
  let neg = x < 0;
  let u: u64 = neg ? <u64>0 - <u64>x : <u64>x;
  let buf = alloc(20);
  let i: i32 = 20;
  while (u != 0) { store<u8>(buf + --i, <u8>(u % 10)); u /= 10; }
  return bigMake(neg, buf + i, <u32>(20 - i));
}

// Exact integer value of number text in JSON grammar, or 0 if the text has a fractional part.
export function bigFromText(ptr: usize, len: u32): usize {
  let p = ptr, end = ptr + len;
  let neg = load<u8>(p) == 45;
  if (neg) p++;
  let digits = alloc(len);
  let n: u32 = 0, fraction: i32 = 0, point = false;
  for (; p < end; p++) {
    let c = <u32>load<u8>(p);
    if (c == 46) { point = true; continue; }
    if (!isDigit(c)) break;
    if (n == 0 && c == 48) { if (point) fraction++; continue; }
    store<u8>(digits + n++, <u8>(c - 48));
    if (point) fraction++;
  }
  let scale = (p < end ? readExponent(p + 1, end) : 0) - fraction;
  if (n == 0) return bigMake(false, digits, 0);
  if (scale < 0) {
    // The dropped digits must all be zeros.
    if (<u32>(-scale) > n) return 0;
    for (let i = n - <u32>(-scale); i < n; i++) if (load<u8>(digits + i) != 0) return 0;
    return bigMake(neg, digits, n - <u32>(-scale));
  }
  if (n + <u32>scale > MAX_DIGITS) return 0;
  let wide = alloc(n + <u32>scale);
  memory.copy(wide, digits, n);
  memory.fill(wide + n, 0, <usize>scale);
  return bigMake(neg, wide, n + <u32>scale);
}

// The exact integer a number holds, or 0 for floats and fractional numbers.
export function bigFromValue(v: usize): usize {
  if (!isType(v, T_NUMBER)) return 0;
  let k = numKind(v);
  if (k == N_INT) return fromI64(load<i64>(v, 8));
  if (k == N_REF) return bigFromText(load<u32>(v, 16), load<u32>(v, 20));
  return 0;
}

// An integer value: i64 when it fits, else a number keeping the decimal text.
export function bigToValue(b: usize): usize {
  let n = bigLen(b), d = bigDigits(b), neg = bigNeg(b);
  if (n <= 19) {
    let u: u64 = 0;
    for (let i: u32 = 0; i < n; i++) u = u * 10 + load<u8>(d + i);
    if (n < 19 || u <= 0x7fffffffffffffff) return makeInt(neg ? -<i64>u : <i64>u);
    if (neg && u == 0x8000000000000000) return makeInt(<i64>u);
  }
  let sign: u32 = neg ? 1 : 0;
  let text = alloc(n + sign);
  if (neg) store<u8>(text, 45);
  for (let i: u32 = 0; i < n; i++) store<u8>(text + sign + i, <u8>(48 + load<u8>(d + i)));
  return makeRef(text, n + sign, decimalToF64(text, n + sign));
}

function compareMagnitude(a: usize, b: usize): i32 {
  let la = bigLen(a), lb = bigLen(b);
  if (la != lb) return la < lb ? -1 : 1;
  let da = bigDigits(a), db = bigDigits(b);
  for (let i: u32 = 0; i < la; i++) {
    let x = load<u8>(da + i), y = load<u8>(db + i);
    if (x != y) return x < y ? -1 : 1;
  }
  return 0;
}

function addMagnitudes(a: usize, b: usize, neg: bool): usize {
  let la = bigLen(a), lb = bigLen(b);
  let n = max(la, lb) + 1;
  let out = alloc(n);
  let carry: u32 = 0;
  for (let i: u32 = 0; i < n; i++) {
    let x: u32 = i < la ? load<u8>(bigDigits(a) + la - 1 - i) : 0;
    let y: u32 = i < lb ? load<u8>(bigDigits(b) + lb - 1 - i) : 0;
    let s = x + y + carry;
    carry = s >= 10 ? 1 : 0;
    store<u8>(out + n - 1 - i, <u8>(s - carry * 10));
  }
  return bigMake(neg, out, n);
}

// |a| - |b| for |a| ≥ |b|.
function subMagnitudes(a: usize, b: usize, neg: bool): usize {
  let la = bigLen(a), lb = bigLen(b);
  let out = alloc(la);
  let borrow: i32 = 0;
  for (let i: u32 = 0; i < la; i++) {
    let x = <i32>load<u8>(bigDigits(a) + la - 1 - i);
    let y: i32 = i < lb ? <i32>load<u8>(bigDigits(b) + lb - 1 - i) : 0;
    let d = x - y - borrow;
    borrow = d < 0 ? 1 : 0;
    store<u8>(out + la - 1 - i, <u8>(d + borrow * 10));
  }
  return bigMake(neg, out, la);
}

export function bigAdd(a: usize, b: usize): usize {
  if (bigNeg(a) == bigNeg(b)) return addMagnitudes(a, b, bigNeg(a));
  let c = compareMagnitude(a, b);
  if (c == 0) return bigMake(false, 0, 0);
  return c > 0 ? subMagnitudes(a, b, bigNeg(a)) : subMagnitudes(b, a, bigNeg(b));
}

export function bigNegate(a: usize): usize {
  return bigMake(!bigNeg(a), bigDigits(a), bigLen(a));
}

export function bigAbs(a: usize): usize {
  return bigMake(false, bigDigits(a), bigLen(a));
}

export function bigSub(a: usize, b: usize): usize {
  return bigAdd(a, bigNegate(b));
}

export function bigMul(a: usize, b: usize): usize {
  let la = bigLen(a), lb = bigLen(b);
  if (la == 0 || lb == 0) return bigMake(false, 0, 0);
  let n = la + lb;
  let acc = alloc(<usize>n << 2);
  memory.fill(acc, 0, <usize>n << 2);
  for (let i: u32 = 0; i < la; i++) {
    let x = <u32>load<u8>(bigDigits(a) + la - 1 - i);
    for (let j: u32 = 0; j < lb; j++) {
      let at = acc + (<usize>(i + j) << 2);
      store<u32>(at, load<u32>(at) + x * load<u8>(bigDigits(b) + lb - 1 - j));
    }
  }
  let out = alloc(n);
  let carry: u32 = 0;
  for (let k: u32 = 0; k < n; k++) {
    let s = load<u32>(acc + (<usize>k << 2)) + carry;
    store<u8>(out + n - 1 - k, <u8>(s % 10));
    carry = s / 10;
  }
  return bigMake(bigNeg(a) != bigNeg(b), out, n);
}

// Set by bigDivMod: the remainder, with the dividend's sign (Go's QuoRem, truncating).
export let bigRemainder: usize = 0;

// Quotient truncated toward zero; b must not be zero.
export function bigDivMod(a: usize, b: usize): usize {
  let la = bigLen(a);
  let quotient = alloc(max<u32>(la, 1));
  let rem = bigMake(false, 0, 0);
  let divisor = bigAbs(b);
  for (let i: u32 = 0; i < la; i++) {
    // rem = rem * 10 + next digit
    let rl = bigLen(rem);
    let shifted = alloc(rl + 1);
    if (rl != 0) memory.copy(shifted, bigDigits(rem), rl);
    store<u8>(shifted + rl, load<u8>(bigDigits(a) + i));
    rem = bigMake(false, shifted, rl + 1);
    let q: u8 = 0;
    while (compareMagnitude(rem, divisor) >= 0) {
      rem = subMagnitudes(rem, divisor, false);
      q++;
    }
    store<u8>(quotient + i, q);
  }
  bigRemainder = bigMake(bigNeg(a), bigDigits(rem), bigLen(rem));
  return bigMake(bigNeg(a) != bigNeg(b), quotient, la);
}

export function bigIsZero(a: usize): bool {
  return bigLen(a) == 0;
}
