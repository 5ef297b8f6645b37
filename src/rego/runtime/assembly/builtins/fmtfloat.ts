// Go-style float formatting for sprintf: %e, %f and %g, from exact or shortest decimal digits.
import { alloc } from "../alloc";
import { bigFromText, bigLen, bigMul } from "../bigint";
import { bufferAscii, bufferByte, bufferBytes } from "../buffer";
import { formatI64 } from "../numbers";
import { dtoaScratch } from "../scratch";
import { dtoa_buffered } from "util/number";

// The digits being formatted: value = 0.d[0]d[1]…d[count-1] × 10^point, digits as ASCII.
let digits: usize = 0;
let count: i32 = 0;
let point: i32 = 0;

// Digits of a (non-negative) decimal integer held as a big number, as ASCII into a fresh buffer.
function takeBig(big: usize): void {
  let n = <i32>bigLen(big);
  let src = <usize>load<u32>(big, 8);
  digits = alloc(<usize>n + 1);
  for (let i = 0; i < n; i++) store<u8>(digits + i, <u8>(48 + load<u8>(src + i)));
  count = n;
}

function trimZeros(): void {
  while (count > 0 && load<u8>(digits + count - 1) == 48) count--;
  if (count == 0) point = 0;
}

// The exact decimal expansion of |x| (finite): mantissa × 2^e is mantissa × 5^-e / 10^-e for negative e.
function exactDigits(x: f64): void {
  let bits = reinterpret<u64>(x);
  let e = <i32>((bits >> 52) & 0x7ff);
  let mant = bits & 0xfffffffffffff;
  if (e == 0) e = 1; else mant |= (<u64>1) << 52;
  e -= 1075;
  if (mant == 0) { digits = alloc(1); count = 0; point = 0; return; }
  let text = alloc(24);
  let big = bigFromText(text, formatI64(<i64>mant, text));
  let factor = e >= 0 ? 2 : 5;
  let steps = e >= 0 ? e : -e;
  // Multiply by 2^|e| or 5^|e|, 13 factors at a time (5^13 and 2^13 fit the digit multiplier comfortably).
  while (steps > 0) {
    let k = min(steps, 13);
    let m: i64 = 1;
    for (let i = 0; i < k; i++) m *= factor;
    big = bigMul(big, bigFromText(text, formatI64(m, text)));
    steps -= k;
  }
  takeBig(big);
  point = e >= 0 ? count : count + e;
  trimZeros();
}

// The shortest digits that read back as x (from dtoa's text such as "1.5e-7" or "0.001").
function shortestDigits(x: f64): void {
  let n = <i32>dtoa_buffered<f64>(dtoaScratch(), x);
  digits = alloc(<usize>n + 1);
  count = 0;
  point = 0;
  let seenPoint = false, leading = true;
  let exp: i32 = 0;
  for (let i = 0; i < n; i++) {
    let c = <u32>load<u16>(dtoaScratch() + (<usize>i << 1));
    if (c == 45) continue;
    if (c == 46) { seenPoint = true; continue; }
    if (c == 101) {
      let neg = load<u16>(dtoaScratch() + (<usize>(i + 1) << 1)) == 45;
      for (let j = i + 2; j < n; j++) exp = exp * 10 + <i32>(load<u16>(dtoaScratch() + (<usize>j << 1)) - 48);
      if (neg) exp = -exp;
      break;
    }
    if (leading && c == 48) { if (seenPoint) point--; continue; }
    leading = false;
    store<u8>(digits + count++, <u8>c);
    if (!seenPoint) point++;
  }
  point += exp;
  trimZeros();
}

// Rounds to the first nd digits, half to even (the digits are exact, so a 5 alone after them is a true tie).
function roundTo(nd: i32): void {
  if (nd >= count) return;
  if (nd < 0) { count = 0; point = 0; return; }
  let d = <u32>load<u8>(digits + nd);
  let up = d > 53 || (d == 53 && (nd + 1 < count || (nd > 0 && (load<u8>(digits + nd - 1) & 1) != 0)));
  count = nd;
  if (up) {
    let i = nd - 1;
    while (i >= 0 && load<u8>(digits + i) == 57) i--;
    if (i < 0) {
      store<u8>(digits, 49);
      count = 1;
      point++;
    } else {
      store<u8>(digits + i, load<u8>(digits + i) + 1);
      count = i + 1;
    }
  }
  trimZeros();
}

// @ts-ignore: decorator
@inline function digitAt(i: i32): u32 { return i >= 0 && i < count ? <u32>load<u8>(digits + i) : 48; }

function writeFixed(b: usize, prec: i32): void {
  if (point <= 0) bufferByte(b, 48);
  else for (let i = 0; i < point; i++) bufferByte(b, digitAt(i));
  if (prec > 0) {
    bufferByte(b, 46);
    for (let i = 0; i < prec; i++) bufferByte(b, digitAt(point + i));
  }
}

function writeExponent(b: usize, prec: i32, upper: bool): void {
  bufferByte(b, digitAt(0));
  if (prec > 0) {
    bufferByte(b, 46);
    for (let i = 1; i <= prec; i++) bufferByte(b, digitAt(i));
  }
  bufferByte(b, upper ? 69 : 101);
  let e = count == 0 ? 0 : point - 1;
  bufferByte(b, e < 0 ? 45 : 43);
  if (e < 0) e = -e;
  if (e < 10) bufferByte(b, 48);
  let text = alloc(24);
  bufferBytes(b, text, formatI64(e, text));
}

// Writes |x| (finite) for verb e, E, f, F, g or G; prec < 0 means the default (6, or shortest for g).
export function formatFloat(b: usize, x: f64, verb: u32, prec: i32): void {
  if (!isFinite(x)) { bufferAscii(b, isNaN(x) ? "NaN" : "Inf"); return; }
  x = Math.abs(x);
  let lower = verb | 0x20;
  if (lower == 103) {
    let shortest = prec < 0;
    if (shortest) shortestDigits(x);
    else {
      if (prec == 0) prec = 1;
      exactDigits(x);
      roundTo(prec);
    }
    let eprec = shortest ? 6 : prec;
    if (!shortest && eprec > count && count >= point) eprec = count;
    let exp = point - 1;
    if (count == 0) exp = 0;
    if (exp < -4 || exp >= eprec) writeExponent(b, max(count - 1, 0), verb == 71);
    else writeFixed(b, max(count - point, 0));
    return;
  }
  if (prec < 0) prec = 6;
  exactDigits(x);
  if (lower == 101) {
    roundTo(prec + 1);
    writeExponent(b, prec, verb == 69);
  } else {
    roundTo(point + prec);
    writeFixed(b, prec);
  }
}
