// OPA's text form of values (ast.Value.String()): what sprintf prints for composites, booleans and null.
import { bufferAscii, bufferByte, bufferCodePoint } from "../buffer";
import { writeNumber } from "../json_dump";
import { T_ARRAY, T_BOOLEAN, T_NUMBER, T_OBJECT, T_SET, T_STRING, boolValue, elemAt, keyAt, strLen, strPtr, valueAt, vlen, vtype } from "../value";
import { decodeAt, decodedLength } from "./text";

const HEX = memory.data<u8>([48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 97, 98, 99, 100, 101, 102]);

function hexDigits(b: usize, x: u32, n: i32): void {
  for (let i = n - 1; i >= 0; i--) bufferByte(b, load<u8>(HEX + ((x >> (<u32>i << 2)) & 15)));
}

// Approximates Go's unicode.IsPrint: controls, the C1 block, soft hyphen, line/paragraph separators and
// surrogates are not printable; other code points are taken as printable.
function isPrint(c: u32): bool {
  if (c < 0x20 || c == 0x7f) return false;
  if (c >= 0x80 && c < 0xa0) return false;
  return c != 0xad && c != 0x2028 && c != 0x2029 && !(c >= 0xd800 && c < 0xe000) && c != 0xfeff;
}

// Go's strconv.Quote (quote = 34) or QuoteRune (quote = 39) of UTF-8 bytes.
export function writeGoQuoted(b: usize, p: usize, n: u32, quote: u32): void {
  bufferByte(b, quote);
  for (let i: u32 = 0; i < n; i += decodedLength) {
    let c = decodeAt(p + i, p + n);
    if (c == 0xfffd && decodedLength == 1) {
      // An invalid byte.
      bufferAscii(b, "\\x");
      hexDigits(b, load<u8>(p + i), 2);
      continue;
    }
    writeQuotedRune(b, c, quote);
  }
  bufferByte(b, quote);
}

export function writeQuotedRune(b: usize, c: u32, quote: u32): void {
  if (c == quote || c == 92) { bufferByte(b, 92); bufferByte(b, c); return; }
  if (isPrint(c)) { bufferCodePoint(b, c); return; }
  bufferByte(b, 92);
  if (c == 7) bufferByte(b, 97);
  else if (c == 8) bufferByte(b, 98);
  else if (c == 12) bufferByte(b, 102);
  else if (c == 10) bufferByte(b, 110);
  else if (c == 13) bufferByte(b, 114);
  else if (c == 9) bufferByte(b, 116);
  else if (c == 11) bufferByte(b, 118);
  else if (c < 0x20 || c == 0x7f) { bufferByte(b, 120); hexDigits(b, c, 2); }
  else if (c < 0x10000) { bufferByte(b, 117); hexDigits(b, c, 4); }
  else { bufferByte(b, 85); hexDigits(b, c, 8); }
}

export function writeRegoText(b: usize, v: usize): void {
  if (v == 0) return;
  switch (vtype(v)) {
    case T_BOOLEAN: bufferAscii(b, boolValue(v) ? "true" : "false"); return;
    case T_NUMBER: writeNumber(b, v); return;
    case T_STRING: writeGoQuoted(b, strPtr(v), strLen(v), 34); return;
    case T_ARRAY: writeElements(b, v, 91, 93); return;
    case T_SET: {
      if (vlen(v) == 0) bufferAscii(b, "set()");
      else writeElements(b, v, 123, 125);
      return;
    }
    case T_OBJECT: {
      bufferByte(b, 123);
      let n = vlen(v);
      for (let i: u32 = 0; i < n; i++) {
        if (i > 0) bufferAscii(b, ", ");
        writeRegoText(b, keyAt(v, i));
        bufferAscii(b, ": ");
        writeRegoText(b, valueAt(v, i));
      }
      bufferByte(b, 125);
      return;
    }
  }
  bufferAscii(b, "null");
}

function writeElements(b: usize, v: usize, open: u32, close: u32): void {
  bufferByte(b, open);
  let n = vlen(v);
  for (let i: u32 = 0; i < n; i++) {
    if (i > 0) bufferAscii(b, ", ");
    writeRegoText(b, elemAt(v, i));
  }
  bufferByte(b, close);
}
