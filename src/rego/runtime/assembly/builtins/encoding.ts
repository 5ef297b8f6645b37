// Native encoding builtins: base64, base64url, hex, json.marshal and json.unmarshal.
import { alloc } from "../alloc";
import { bufferNew } from "../buffer";
import { DUMP_HTML, DUMP_JSON, dumpValue } from "../json_dump";
import { parse } from "../json_parse";
import { makeBool, makeString } from "../value";
import { bufferString, isString, strLen, strPtr } from "./text";

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
  if (!isString(s)) return 0;
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

// Decodes like Go's encoding/base64: padded input must be complete; unpadded (raw) input must not be padded.
// Returns 0 for invalid input. Line breaks are ignored, as Go does.
function decode(s: usize, url: bool, padded: bool): usize {
  if (!isString(s)) return 0;
  let p = strPtr(s), n = strLen(s);
  let out = alloc((n >> 2) * 3 + 3);
  let w: u32 = 0, acc: u32 = 0, bits: u32 = 0, chars: u32 = 0, pads: u32 = 0;
  for (let i: u32 = 0; i < n; i++) {
    let c = <u32>load<u8>(p + i);
    if (c == 10 || c == 13) continue;
    if (c == 61) {
      if (!padded) return 0;
      pads++;
      continue;
    }
    if (pads > 0) return 0;
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
  if (tail == 1) return 0;
  if (padded && ((chars + pads) & 3) != 0) return 0;
  if (padded && tail == 0 && pads != 0) return 0;
  if (padded && tail != 0 && pads != 4 - tail) return 0;
  return makeString(out, w);
}

export function builtin_base64_encode(s: usize): usize { return encode(s, false, true); }
export function builtin_base64_decode(s: usize): usize { return decode(s, false, true); }
export function builtin_base64_is_valid(s: usize): usize {
  if (!isString(s)) return 0;
  return makeBool(decode(s, false, true) != 0);
}

export function builtin_base64url_encode(s: usize): usize { return encode(s, true, true); }
export function builtin_base64url_encode_no_pad(s: usize): usize { return encode(s, true, false); }

// Padded or not: input whose length is not a multiple of 4 is read as unpadded.
export function builtin_base64url_decode(s: usize): usize {
  if (!isString(s)) return 0;
  return decode(s, true, (strLen(s) & 3) == 0);
}

export function builtin_hex_encode(s: usize): usize {
  if (!isString(s)) return 0;
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

export function builtin_hex_decode(s: usize): usize {
  if (!isString(s)) return 0;
  let p = strPtr(s), n = strLen(s);
  if (n & 1) return 0;
  let out = alloc(n >> 1);
  for (let i: u32 = 0; i < n; i += 2) {
    let hi = nibble(load<u8>(p + i)), lo = nibble(load<u8>(p + i + 1));
    if (hi < 0 || lo < 0) return 0;
    store<u8>(out + (i >> 1), <u8>((hi << 4) | lo));
  }
  return makeString(out, n >> 1);
}

// Go's json.Marshal of the value: compact, sets as arrays, <, > and & escaped.
export function builtin_json_marshal(v: usize): usize {
  if (v == 0) return 0;
  let b = bufferNew(64);
  dumpValue(b, v, DUMP_JSON | DUMP_HTML);
  return bufferString(b);
}

export function builtin_json_unmarshal(s: usize): usize {
  if (!isString(s)) return 0;
  return parse(strPtr(s), strLen(s), false);
}
