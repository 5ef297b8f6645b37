// UTF-8 helpers shared by the string builtins: decoding, searching, building string values.
import { alloc } from "../alloc";
import { bufferData, bufferLen } from "../buffer";
import { builtinError, KIND_BUILTIN, RECORD_ERRORS, operandError, typeError } from "../errors";
import { asInteger, integerValue, isIntegral } from "../numbers";
import { T_NUMBER, T_STRING, isType, makeString, strLen, strPtr } from "../value";

// @ts-ignore: decorator
@inline export function isString(v: usize): bool { return isType(v, T_STRING); }

// Length in bytes of the UTF-8 sequence starting at p (1 for a byte that starts no valid sequence).
export let decodedLength: u32 = 1;

// Decodes the code point at p (end exclusive); invalid bytes decode as U+FFFD, one byte each, as Go does.
export function decodeAt(p: usize, end: usize): u32 {
  let b0 = <u32>load<u8>(p);
  decodedLength = 1;
  if (b0 < 0x80) return b0;
  let need: u32 = 0, cp: u32 = 0, least: u32 = 0;
  if (b0 >= 0xc2 && b0 < 0xe0) { need = 1; cp = b0 & 0x1f; least = 0x80; }
  else if (b0 >= 0xe0 && b0 < 0xf0) { need = 2; cp = b0 & 0x0f; least = 0x800; }
  else if (b0 >= 0xf0 && b0 < 0xf5) { need = 3; cp = b0 & 0x07; least = 0x10000; }
  else return 0xfffd;
  if (p + need >= end) return 0xfffd;
  for (let i: u32 = 1; i <= need; i++) {
    let b = <u32>load<u8>(p + i);
    if ((b & 0xc0) != 0x80) return 0xfffd;
    cp = (cp << 6) | (b & 0x3f);
  }
  if (cp < least || cp > 0x10ffff || (cp >= 0xd800 && cp < 0xe000)) return 0xfffd;
  decodedLength = need + 1;
  return cp;
}

// Byte offset of the index-th code point (the byte length when index is at or past the end).
export function byteOffsetOf(ptr: usize, len: u32, index: i64): u32 {
  let i: u32 = 0;
  let end = ptr + len;
  for (let k: i64 = 0; k < index && i < len; k++) {
    decodeAt(ptr + i, end);
    i += decodedLength;
  }
  return i;
}

// Code points in the bytes [ptr, ptr + n), counted as Go's utf8.RuneCount does.
export function runeCount(ptr: usize, n: u32): u32 {
  let count: u32 = 0;
  let end = ptr + n;
  for (let i: u32 = 0; i < n; i += decodedLength) {
    decodeAt(ptr + i, end);
    count++;
  }
  return count;
}

// First byte index ≥ from where needle occurs in haystack, or -1.
export function indexOfBytes(h: usize, hl: u32, n: usize, nl: u32, from: u32): i32 {
  if (nl == 0) return from <= hl ? <i32>from : -1;
  if (nl > hl) return -1;
  let first = load<u8>(n);
  let last = hl - nl;
  for (let i = from; i <= last; i++) {
    if (load<u8>(h + i) != first) continue;
    if (memory.compare(h + i, n, nl) == 0) return <i32>i;
  }
  return -1;
}

export function startsWith(h: usize, hl: u32, n: usize, nl: u32): bool {
  return nl <= hl && memory.compare(h, n, nl) == 0;
}

export function endsWith(h: usize, hl: u32, n: usize, nl: u32): bool {
  return nl <= hl && memory.compare(h + hl - nl, n, nl) == 0;
}

// A string value over a slice of another string's bytes (strings are immutable, so sharing is safe).
export function slice(s: usize, from: u32, to: u32): usize {
  return makeString(strPtr(s) + from, to - from);
}

// A string value holding a buffer's bytes.
export function bufferString(b: usize): usize {
  return makeString(bufferData(b), bufferLen(b));
}

// A fresh string value with n bytes of uninitialised storage.
export function newStringBytes(n: u32): usize {
  return makeString(alloc(n), n);
}

// Set by intArg: the integer argument's value.
export let intArg: i64 = 0;

// Whether v is an integral number (OPA's "integer number" operands); the value is left in intArg.
export function isIntArg(v: usize): bool {
  if (!asInteger(v)) return false;
  intArg = integerValue;
  return true;
}

// ---- Operand checks that record OPA's error when they fail (callers then return 0 at once).

// A string operand (OPA's StringOperand).
export function stringOperand(pos: i32, v: usize): bool {
  if (isString(v)) return true;
  typeError(pos, "string", v);
  return false;
}

// An integral number that fits an i64, left in intArg. `nonNumber` is what OPA expects of a non-number: "number"
// (its IntOperand) or "integer" (its BigIntOperand).
export function intOperand(pos: i32, v: usize, nonNumber: string = "number"): bool {
  if (isIntArg(v)) return true;
  if (!RECORD_ERRORS) return false;
  if (!isType(v, T_NUMBER)) typeError(pos, nonNumber, v);
  else if (!isIntegral(v)) operandError(pos, "must be integer number but got floating-point number");
  else {
    // OPA takes any integer here; Verdict's natives stop at 64 bits, and say so rather than pretend.
    operandError(pos, "is an integer beyond 64 bits", KIND_BUILTIN);
  }
  return false;
}

export { builtinError, strLen, strPtr };
