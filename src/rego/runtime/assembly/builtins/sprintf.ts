// Native sprintf with Go's fmt semantics over OPA's argument conversion (numbers become int, *big.Int or
// float64, strings stay strings, anything else is passed as its Rego text).
import { bufferAscii, bufferByte, bufferBytes, bufferCodePoint, bufferData, bufferLen, bufferNew } from "../buffer";
import { formatI64, toF64 } from "../numbers";
import { N_INT, N_REF, T_ARRAY, T_NUMBER, T_STRING, elemAt, isType, numKind, strLen, strPtr, vlen, vtype } from "../value";
import { formatFloat } from "./fmtfloat";
import { writeGoQuoted, writeQuotedRune, writeRegoText } from "./regotext";
import { bufferString, decodeAt, decodedLength, isString, runeCount, stringOperand } from "./text";
import { typeError } from "../errors";

const A_INT: i32 = 0;   // Go int
const A_BIG: i32 = 1;   // *big.Int (decimal text)
const A_FLOAT: i32 = 2; // float64
const A_STR: i32 = 3;   // string

// The current argument, converted.
let kind: i32 = 0;
let intValue: i64 = 0;
let floatValue: f64 = 0;
let textPtr: usize = 0;
let textLen: u32 = 0;

// The current directive.
let plus = false, minus = false, sharp = false, space = false, zero = false;
let width: i32 = -1, prec: i32 = -1;
// Bytes at the start of a formatted number (sign, 0x…) that zero padding goes after.
let signLen: u32 = 0;

const UPPER_HEX = memory.data<u8>([48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 65, 66, 67, 68, 69, 70]);
const LOWER_HEX = memory.data<u8>([48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 97, 98, 99, 100, 101, 102]);

function isIntegerText(p: usize, n: u32): bool {
  let i: u32 = n > 0 && load<u8>(p) == 45 ? 1 : 0;
  if (i == n) return false;
  for (; i < n; i++) if (<u32>load<u8>(p + i) - 48 >= 10) return false;
  return true;
}

function convert(v: usize): void {
  if (isType(v, T_NUMBER)) {
    let k = numKind(v);
    if (k == N_INT) { kind = A_INT; intValue = load<i64>(v, 8); return; }
    if (k == N_REF && isIntegerText(load<u32>(v, 16), load<u32>(v, 20))) {
      kind = A_BIG;
      textPtr = load<u32>(v, 16);
      textLen = load<u32>(v, 20);
      return;
    }
    kind = A_FLOAT;
    floatValue = toF64(v);
    return;
  }
  kind = A_STR;
  if (vtype(v) == T_STRING) { textPtr = strPtr(v); textLen = strLen(v); return; }
  let b = bufferNew(32);
  writeRegoText(b, v);
  textPtr = bufferData(b);
  textLen = bufferLen(b);
}

function typeName(b: usize): void {
  if (kind == A_INT) bufferAscii(b, "int");
  else if (kind == A_BIG) bufferAscii(b, "big.Int");
  else if (kind == A_FLOAT) bufferAscii(b, "float64");
  else bufferAscii(b, "string");
}

// The argument as %v would print it, without flags.
function plainValue(b: usize): void {
  if (kind == A_INT) { let t = bufferNew(24); bufferBytes(b, bufferData(t), formatI64(intValue, bufferData(t))); }
  else if (kind == A_FLOAT) { if (floatValue < 0) bufferByte(b, 45); formatFloat(b, floatValue, 103, -1); }
  else bufferBytes(b, textPtr, textLen);
}

// Go's output for a verb that doesn't suit the argument: %!d(string=abc).
function badVerb(b: usize, verb: u32): void {
  bufferAscii(b, "%!");
  bufferCodePoint(b, verb);
  bufferByte(b, 40);
  typeName(b);
  bufferByte(b, 61);
  plainValue(b);
  bufferByte(b, 41);
}

function writeSign(t: usize, neg: bool): void {
  if (neg) bufferByte(t, 45);
  else if (plus) bufferByte(t, 43);
  else if (space) bufferByte(t, 32);
}

// Integer digits of a magnitude in a base, with precision as a minimum digit count.
function integer(t: usize, neg: bool, mag: u64, verb: u32): void {
  let base: u64 = verb == 120 || verb == 88 ? 16 : verb == 111 || verb == 79 ? 8 : verb == 98 ? 2 : 10;
  writeSign(t, neg);
  if (verb == 79) bufferAscii(t, "0o");
  else if (sharp && base == 16) bufferAscii(t, verb == 88 ? "0X" : "0x");
  else if (sharp && base == 2) bufferAscii(t, "0b");
  signLen = bufferLen(t);
  let digits = bufferNew(72);
  let table = verb == 88 ? UPPER_HEX : LOWER_HEX;
  let n: u32 = 0;
  let start = bufferData(digits);
  let u = mag;
  while (u != 0) { store<u8>(start + 71 - n, load<u8>(table + <usize>(u % base))); u /= base; n++; }
  if (prec < 0 && mag == 0) { store<u8>(start + 71, 48); n = 1; }
  let need = prec > <i32>n ? <u32>prec : n;
  if (sharp && base == 8 && (n == 0 || load<u8>(start + 72 - n) != 48) && need == n) need++;
  for (let i = n; i < need; i++) bufferByte(t, 48);
  bufferBytes(t, start + 72 - n, n);
}

function formatInt(t: usize, verb: u32): bool {
  let neg = intValue < 0;
  let mag: u64 = neg ? <u64>0 - <u64>intValue : <u64>intValue;
  if (verb == 100 || verb == 118 || verb == 120 || verb == 88 || verb == 111 || verb == 79 || verb == 98) {
    integer(t, neg, mag, verb);
    return true;
  }
  if (verb == 99) { bufferCodePoint(t, validRune(intValue)); return true; }
  if (verb == 113) { bufferByte(t, 39); writeQuotedRune(t, validRune(intValue), 39); bufferByte(t, 39); return true; }
  if (verb == 85) {
    bufferAscii(t, "U+");
    let saved = prec;
    prec = max(prec, 4);
    let savedSharp = sharp, savedPlus = plus, savedSpace = space;
    sharp = false; plus = false; space = false;
    integer(t, false, mag, 88);
    prec = saved; sharp = savedSharp; plus = savedPlus; space = savedSpace;
    signLen = 0;
    return true;
  }
  // Float verbs: Go would print %!f(int=5); integral results of arithmetic are integers here, so format them.
  if (isFloatVerb(verb)) { floatValue = <f64>intValue; return formatFloatArg(t, verb); }
  return false;
}

function validRune(x: i64): u32 {
  return x < 0 || x > 0x10ffff || (x >= 0xd800 && x < 0xe000) ? 0xfffd : <u32>x;
}

// @ts-ignore: decorator
@inline function isFloatVerb(verb: u32): bool {
  let l = verb | 0x20;
  return l == 101 || l == 102 || l == 103;
}

function formatFloatArg(t: usize, verb: u32): bool {
  if (!isFloatVerb(verb) && verb != 118) return false;
  writeSign(t, floatValue < 0 || (floatValue == 0 && 1 / floatValue < 0));
  signLen = bufferLen(t);
  formatFloat(t, floatValue, verb == 118 ? 103 : verb, prec);
  return true;
}

function formatBig(t: usize, verb: u32): bool {
  if (verb != 100 && verb != 118 && verb != 115) {
    if (!isFloatVerb(verb)) return false;
    floatValue = toF64Text(textPtr, textLen);
    return formatFloatArg(t, verb);
  }
  let neg = load<u8>(textPtr) == 45;
  writeSign(t, neg);
  signLen = bufferLen(t);
  let from: u32 = neg ? 1 : 0;
  for (let i = textLen - from; <i32>i < prec; i++) bufferByte(t, 48);
  bufferBytes(t, textPtr + from, textLen - from);
  return true;
}

function toF64Text(p: usize, n: u32): f64 {
  let f: f64 = 0;
  let neg = load<u8>(p) == 45;
  for (let i: u32 = neg ? 1 : 0; i < n; i++) f = f * 10 + <f64>(load<u8>(p + i) - 48);
  return neg ? -f : f;
}

function formatString(t: usize, verb: u32): bool {
  if (verb == 115 || verb == 118) {
    let n = textLen;
    if (prec >= 0) {
      // Precision limits the number of characters.
      let i: u32 = 0, k: i32 = 0;
      while (i < n && k < prec) { decodeAt(textPtr + i, textPtr + n); i += decodedLength; k++; }
      n = i;
    }
    bufferBytes(t, textPtr, n);
    return true;
  }
  if (verb == 113) { writeGoQuoted(t, textPtr, textLen, 34); return true; }
  if (verb == 120 || verb == 88) {
    let table = verb == 88 ? UPPER_HEX : LOWER_HEX;
    for (let i: u32 = 0; i < textLen; i++) {
      let c = <u32>load<u8>(textPtr + i);
      if (space && i > 0) bufferByte(t, 32);
      if (sharp && (space || i == 0)) bufferAscii(t, verb == 88 ? "0X" : "0x");
      bufferByte(t, load<u8>(table + (c >> 4)));
      bufferByte(t, load<u8>(table + (c & 15)));
    }
    return true;
  }
  return false;
}

// Writes the formatted text with the directive's width: spaces before (after with '-'), or zeros after the sign.
function pad(out: usize, t: usize, numeric: bool): void {
  let p = bufferData(t), n = bufferLen(t);
  let runes = <i32>runeCount(p, n);
  if (width <= runes) { bufferBytes(out, p, n); return; }
  let fill = width - runes;
  if (minus) {
    bufferBytes(out, p, n);
    for (let i = 0; i < fill; i++) bufferByte(out, 32);
    return;
  }
  if (zero) {
    let head: u32 = numeric ? signLen : 0;
    bufferBytes(out, p, head);
    for (let i = 0; i < fill; i++) bufferByte(out, 48);
    bufferBytes(out, p + head, n - head);
    return;
  }
  for (let i = 0; i < fill; i++) bufferByte(out, 32);
  bufferBytes(out, p, n);
}

function formatArg(out: usize, verb: u32): void {
  let t = bufferNew(32);
  signLen = 0;
  let ok: bool;
  if (kind == A_INT) {
    if (prec >= 0 && !isFloatVerb(verb)) zero = false; // Go ignores 0 when an integer has a precision
    ok = formatInt(t, verb);
  } else if (kind == A_BIG) ok = formatBig(t, verb);
  else if (kind == A_FLOAT) ok = formatFloatArg(t, verb);
  else ok = formatString(t, verb);
  if (!ok) { badVerb(out, verb); return; }
  pad(out, t, kind != A_STR);
}

// @ts-ignore: decorator
@inline function isDigit(c: u32): bool { return c - 48 < 10; }

export function builtin_sprintf(format: usize, args: usize): usize {
  if (!stringOperand(1, format)) return 0;
  if (!isType(args, T_ARRAY)) return typeError(2, "array", args);
  let p = strPtr(format), n = strLen(format);
  let argc = vlen(args);
  let next: u32 = 0;
  let out = bufferNew(n + 32);
  let i: u32 = 0;
  while (i < n) {
    let c = <u32>load<u8>(p + i);
    if (c != 37) { bufferByte(out, c); i++; continue; }
    i++;
    plus = false; minus = false; sharp = false; space = false; zero = false;
    width = -1; prec = -1;
    for (; i < n; i++) {
      let f = <u32>load<u8>(p + i);
      if (f == 43) plus = true;
      else if (f == 45) minus = true;
      else if (f == 35) sharp = true;
      else if (f == 32) space = true;
      else if (f == 48) zero = true;
      else break;
    }
    while (i < n && isDigit(load<u8>(p + i))) { width = max(width, 0) * 10 + <i32>(load<u8>(p + i) - 48); i++; }
    if (i < n && load<u8>(p + i) == 46) {
      i++;
      prec = 0;
      while (i < n && isDigit(load<u8>(p + i))) { prec = prec * 10 + <i32>(load<u8>(p + i) - 48); i++; }
    }
    if (i >= n) { bufferAscii(out, "%!(NOVERB)"); break; }
    let verb = decodeAt(p + i, p + n);
    i += decodedLength;
    if (verb == 37) { bufferByte(out, 37); continue; }
    if (next >= argc) {
      bufferAscii(out, "%!");
      bufferCodePoint(out, verb);
      bufferAscii(out, "(MISSING)");
      continue;
    }
    convert(elemAt(args, next++));
    formatArg(out, verb);
  }
  if (next < argc) {
    bufferAscii(out, "%!(EXTRA ");
    for (let k = next; k < argc; k++) {
      if (k > next) bufferAscii(out, ", ");
      convert(elemAt(args, k));
      typeName(out);
      bufferByte(out, 61);
      plainValue(out);
    }
    bufferByte(out, 41);
  }
  return bufferString(out);
}
