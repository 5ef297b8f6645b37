// Serialises values: JSON (sets as arrays, non-string keys as strings) or Rego literals (opa_value_dump).
import { bufferAscii, bufferByte, bufferBytes, bufferAdvance, bufferData, bufferLen, bufferNew, bufferReserve } from "./buffer";
import { numberText, numberTextPtr } from "./numbers";
import { RECENT_DUMPS, recentDumpsScratch } from "./scratch";
import {
  T_ARRAY, T_BOOLEAN, T_NULL, T_NUMBER, T_OBJECT, T_SET, T_STRING,
  boolValue, elemAt, keyAt, strLen, strPtr, valueAt, vlen, vtype,
} from "./value";

// Dump flags.
export const DUMP_JSON: u32 = 1;   // JSON rather than Rego literal text
export const DUMP_HTML: u32 = 2;   // escape <, > and & as Go's encoding/json does (json.marshal)

const HEX = memory.data<u8>([48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 97, 98, 99, 100, 101, 102]);

// @ts-ignore: decorator
@inline function needsEscape(c: u32, flags: u32): bool {
  return c < 0x20 || c == 34 || c == 92 || ((flags & DUMP_HTML) != 0 && (c == 60 || c == 62 || c == 38));
}

export function writeQuoted(b: usize, p: usize, n: u32, flags: u32): void {
  bufferByte(b, 34);
  let run: u32 = 0;
  for (let i: u32 = 0; i < n; i++) {
    let c = <u32>load<u8>(p + i);
    if ((flags & DUMP_HTML) != 0 && c == 0xe2 && i + 2 < n && load<u8>(p + i + 1) == 0x80 && (load<u8>(p + i + 2) | 1) == 0xa9) {
      // Go's encoder also escapes U+2028 and U+2029, which JavaScript treats as line ends.
      bufferBytes(b, p + run, i - run);
      bufferAscii(b, load<u8>(p + i + 2) == 0xa8 ? "\\u2028" : "\\u2029");
      i += 2;
      run = i + 1;
      continue;
    }
    if (!needsEscape(c, flags)) continue;
    bufferBytes(b, p + run, i - run);
    run = i + 1;
    bufferByte(b, 92);
    if (c == 34 || c == 92) bufferByte(b, c);
    else if (c == 10) bufferByte(b, 110);
    else if (c == 13) bufferByte(b, 114);
    else if (c == 9) bufferByte(b, 116);
    else if (c == 8) bufferByte(b, 98);
    else if (c == 12) bufferByte(b, 102);
    else {
      bufferAscii(b, "u00");
      bufferByte(b, load<u8>(HEX + (c >> 4)));
      bufferByte(b, load<u8>(HEX + (c & 15)));
    }
  }
  bufferBytes(b, p + run, n - run);
  bufferByte(b, 34);
}

export function writeNumber(b: usize, v: usize): void {
  let dst = bufferReserve(b, 40);
  let n = numberText(v, dst);
  if (numberTextPtr != dst) bufferBytes(b, numberTextPtr, n);
  else bufferAdvance(b, n);
}

export function dumpValue(b: usize, v: usize, flags: u32): void {
  if (v == 0) { bufferAscii(b, "null"); return; }
  switch (vtype(v)) {
    case T_NULL: bufferAscii(b, "null"); return;
    case T_BOOLEAN: bufferAscii(b, boolValue(v) ? "true" : "false"); return;
    case T_NUMBER: writeNumber(b, v); return;
    case T_STRING: writeQuoted(b, strPtr(v), strLen(v), flags); return;
    case T_ARRAY: dumpElements(b, v, 91, 93, flags); return;
    case T_SET: {
      if ((flags & DUMP_JSON) != 0) dumpElements(b, v, 91, 93, flags);
      else if (vlen(v) == 0) bufferAscii(b, "set()");
      else dumpElements(b, v, 123, 125, flags);
      return;
    }
    case T_OBJECT: dumpObject(b, v, flags); return;
  }
}

function dumpElements(b: usize, v: usize, open: u32, close: u32, flags: u32): void {
  bufferByte(b, open);
  let n = vlen(v);
  for (let i: u32 = 0; i < n; i++) {
    if (i > 0) bufferByte(b, 44);
    dumpValue(b, elemAt(v, i), flags);
  }
  bufferByte(b, close);
}

function dumpObject(b: usize, v: usize, flags: u32): void {
  bufferByte(b, 123);
  let n = vlen(v);
  for (let i: u32 = 0; i < n; i++) {
    if (i > 0) bufferByte(b, 44);
    let k = keyAt(v, i);
    if (vtype(k) == T_STRING || (flags & DUMP_JSON) == 0) {
      dumpValue(b, k, flags);
    } else {
      // JSON keys are strings: a non-string key becomes its own JSON text, quoted.
      let text = bufferNew(32);
      dumpValue(text, k, flags);
      writeQuoted(b, bufferData(text), bufferLen(text), flags);
    }
    bufferByte(b, 58);
    dumpValue(b, valueAt(v, i), flags);
  }
  bufferByte(b, 125);
}

// Dumps into a fresh NUL-terminated string; returns its address.
export function dumpToCString(v: usize, flags: u32): usize {
  let b = bufferNew(64);
  dumpValue(b, v, flags);
  bufferByte(b, 0);
  return bufferData(b);
}

// The SDK hands a host builtin its arguments through opa_json_dump and JSON.parse, which rounds integers beyond
// 2^53; the latest dumps stay readable (verdict_json_dump_recent) so the loader can read them exactly.
let dumpCount: u32 = 0;

export function opa_json_dump(v: usize): usize {
  let text = dumpToCString(v, DUMP_JSON);
  store<u32>(recentDumpsScratch() + (<usize>(dumpCount % RECENT_DUMPS) << 2), <u32>text);
  dumpCount++;
  return text;
}

// The address of the text of the `back`-th latest opa_json_dump (0: the latest), or 0 when there is none.
export function verdict_json_dump_recent(back: u32): usize {
  if (back >= RECENT_DUMPS || back >= dumpCount) return 0;
  return load<u32>(recentDumpsScratch() + (<usize>((dumpCount - 1 - back) % RECENT_DUMPS) << 2));
}

export function opa_value_dump(v: usize): usize {
  return dumpToCString(v, 0);
}
