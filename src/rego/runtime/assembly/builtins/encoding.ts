// Native encoding builtins: base64, base64url, hex, json.marshal, json.unmarshal and json.is_valid.
import { alloc } from "../alloc";
import { bufferNew } from "../buffer";
import { DUMP_HTML, DUMP_JSON, dumpValue } from "../json_dump";
import { parse } from "../json_parse";
import { KIND_BUILTIN, SHOW_BYTES, SHOW_HEX_BYTE, SHOW_INT, builtinError, showError } from "../errors";
import { makeBool, makeString } from "../value";
import { bufferString, isString, stringOperand, strLen, strPtr } from "./text";

const STD = memory.data<u8>([
  65, 66, 67, 68, 69, 70, 71, 72, 73, 74, 75, 76, 77, 78, 79, 80, 81, 82, 83, 84, 85, 86, 87, 88, 89, 90,
  97, 98, 99, 100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111, 112, 113, 114, 115, 116, 117, 118, 119, 120, 121, 122,
  48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 43, 47,
]);
const HEX = memory.data<u8>([48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 97, 98, 99, 100, 101, 102]);

// @ts-ignore: decorator
@inline function alphabet(i: u32, url: bool): u32 {
  let c = <u32>load<u8>(STD + i);
  if (url && c == 43) return 45;  // + → -
  if (url && c == 47) return 95;  // / → _
  return c;
}

function encode(s: usize, url: bool, pad: bool): usize {
  if (!stringOperand(1, s)) return 0;
  let p = strPtr(s), n = strLen(s);
  let out = alloc(((n + 2) / 3) << 2);
  let w: u32 = 0;
  let i: u32 = 0;
  for (; i + 3 <= n; i += 3) {
    let v = (<u32>load<u8>(p + i) << 16) | (<u32>load<u8>(p + i + 1) << 8) | <u32>load<u8>(p + i + 2);
    store<u8>(out + w++, <u8>alphabet(v >> 18, url));
    store<u8>(out + w++, <u8>alphabet((v >> 12) & 63, url));
    store<u8>(out + w++, <u8>alphabet((v >> 6) & 63, url));
    store<u8>(out + w++, <u8>alphabet(v & 63, url));
  }
  let rest = n - i;
  if (rest > 0) {
    let v = <u32>load<u8>(p + i) << 16;
    if (rest == 2) v |= <u32>load<u8>(p + i + 1) << 8;
    store<u8>(out + w++, <u8>alphabet(v >> 18, url));
    store<u8>(out + w++, <u8>alphabet((v >> 12) & 63, url));
    if (rest == 2) store<u8>(out + w++, <u8>alphabet((v >> 6) & 63, url));
    else if (pad) store<u8>(out + w++, 61);
    if (pad) store<u8>(out + w++, 61);
  }
  return makeString(out, w);
}

function sextet(c: u32, url: bool): i32 {
  if (c - 65 < 26) return <i32>(c - 65);
  if (c - 97 < 26) return <i32>(c - 71);
  if (c - 48 < 10) return <i32>(c + 4);
  if (c == (url ? 45 : 43)) return 62;
  if (c == (url ? 95 : 47)) return 63;
  return -1;
}

// Set by decode when it fails: the input byte Go's CorruptInputError would name (approximately, for bad padding).
let corruptAt: u32 = 0;

// Decodes like Go's encoding/base64: padded input must be complete; unpadded (raw) input must not be padded.
// Returns 0 for invalid input (the caller records the error). Line breaks are ignored, as Go does.
function decode(s: usize, url: bool, padded: bool): usize {
  let p = strPtr(s), n = strLen(s);
  let out = alloc((n >> 2) * 3 + 3);
  let w: u32 = 0, acc: u32 = 0, bits: u32 = 0, chars: u32 = 0, pads: u32 = 0;
  // Where the current group of four characters started (Go names it for truncated input).
  let quantum: u32 = 0;
  for (let i: u32 = 0; i < n; i++) {
    let c = <u32>load<u8>(p + i);
    if (c == 10 || c == 13) continue;
    corruptAt = i;
    if (c == 61) {
      if (!padded) return 0;
      pads++;
      continue;
    }
    if (pads > 0) return 0;
    if ((chars & 3) == 0) quantum = i;
    let v = sextet(c, url);
    if (v < 0) return 0;
    acc = (acc << 6) | <u32>v;
    bits += 6;
    chars++;
    if (bits >= 8) {
      bits -= 8;
      store<u8>(out + w++, <u8>(acc >> bits));
    }
  }
  let tail = chars & 3;
  corruptAt = quantum;
  if (tail == 1) return 0;
  if (padded && ((chars + pads) & 3) != 0) return 0;
  if (padded && tail == 0 && pads != 0) return 0;
  if (padded && tail != 0 && pads != 4 - tail) return 0;
  return makeString(out, w);
}

// "illegal base64 data at input byte N" (Go's CorruptInputError).
function corrupt(): usize {
  return showError(KIND_BUILTIN, "illegal base64 data at input byte ", SHOW_INT, corruptAt, 0, "");
}

export function builtin_base64_encode(s: usize): usize { return encode(s, false, true); }
export function builtin_base64_decode(s: usize): usize {
  if (!stringOperand(1, s)) return 0;
  let out = decode(s, false, true);
  return out != 0 ? out : corrupt();
}

// False for anything that is not a string of valid base64, as OPA answers.
export function builtin_base64_is_valid(s: usize): usize {
  if (!isString(s)) return makeBool(false);
  return makeBool(decode(s, false, true) != 0);
}

export function builtin_base64url_encode(s: usize): usize { return encode(s, true, true); }
export function builtin_base64url_encode_no_pad(s: usize): usize { return encode(s, true, false); }

// Padded or not: input whose length is not a multiple of 4 is read as unpadded.
export function builtin_base64url_decode(s: usize): usize {
  if (!stringOperand(1, s)) return 0;
  let out = decode(s, true, (strLen(s) & 3) == 0);
  if (out != 0) return out;
  let n = strLen(s);
  // OPA pads unpadded input itself and names a length it cannot pad.
  if ((n & 3) == 1 && (n == 0 || load<u8>(strPtr(s) + n - 1) != 61)) {
    return showError(KIND_BUILTIN, "illegal base64url string: ", SHOW_BYTES, strPtr(s), n, "");
  }
  return corrupt();
}

export function builtin_hex_encode(s: usize): usize {
  if (!stringOperand(1, s)) return 0;
  let p = strPtr(s), n = strLen(s);
  let out = alloc(<usize>n << 1);
  for (let i: u32 = 0; i < n; i++) {
    let c = <u32>load<u8>(p + i);
    store<u8>(out + (i << 1), load<u8>(HEX + (c >> 4)));
    store<u8>(out + (i << 1) + 1, load<u8>(HEX + (c & 15)));
  }
  return makeString(out, n << 1);
}

function nibble(c: u32): i32 {
  if (c - 48 < 10) return <i32>(c - 48);
  let l = c | 0x20;
  if (l - 97 < 6) return <i32>(l - 87);
  return -1;
}

// Go's hex.DecodeString: the first invalid byte is named before an odd length is.
export function builtin_hex_decode(s: usize): usize {
  if (!stringOperand(1, s)) return 0;
  let p = strPtr(s), n = strLen(s);
  let out = alloc(n >> 1);
  for (let i: u32 = 0; i + 1 < n; i += 2) {
    let a = <u32>load<u8>(p + i), b = <u32>load<u8>(p + i + 1);
    let hi = nibble(a), lo = nibble(b);
    if (hi < 0) return invalidHexByte(a);
    if (lo < 0) return invalidHexByte(b);
    store<u8>(out + (i >> 1), <u8>((hi << 4) | lo));
  }
  if (n & 1) {
    let last = <u32>load<u8>(p + n - 1);
    if (nibble(last) < 0) return invalidHexByte(last);
    return builtinError("encoding/hex: odd length hex string");
  }
  return makeString(out, n >> 1);
}

// "encoding/hex: invalid byte: U+0067 'g'" (Go's %#U of the byte read as a code point).
function invalidHexByte(c: u32): usize {
  return showError(KIND_BUILTIN, "encoding/hex: invalid byte: U+00", SHOW_HEX_BYTE, c, 0, "");
}

// Go's json.Marshal of the value: compact, sets as arrays, <, > and & escaped.
export function builtin_json_marshal(v: usize): usize {
  if (v == 0) return 0;
  let b = bufferNew(64);
  dumpValue(b, v, DUMP_JSON | DUMP_HTML);
  return bufferString(b);
}

// False for anything that is not a string of JSON, as OPA answers (the SDK's own json.is_valid is undefined for a
// non-string, which is why this one is compiled in).
export function builtin_json_is_valid(s: usize): usize {
  if (!isString(s)) return makeBool(false);
  return makeBool(parse(strPtr(s), strLen(s), false) != 0);
}

export function builtin_json_unmarshal(s: usize): usize {
  if (!stringOperand(1, s)) return 0;
  let v = parse(strPtr(s), strLen(s), false);
  // Go's decoder says where and why; Verdict's parser only knows that the text is not JSON.
  return v != 0 ? v : builtinError("invalid JSON text");
}
