// Strict JSON parser (opa_json_parse) and its Rego-literal superset with sets (opa_value_parse).
import { alloc } from "./alloc";
import { encodeUtf8 } from "./buffer";
import { appendUnsorted, arrayAppend, finish } from "./collections";
import { numberFromText, scanNumber, scannedInteger } from "./numbers";
import { makeArray, makeBool, makeNull, makeObject, makeSet, makeString, vlen } from "./value";

// Deeper documents are rejected rather than overflowing the host's stack: parsing, dumping and comparing recurse
// once per level, and Node's default stack held about 5000 levels when measured.
const MAX_DEPTH: i32 = 2048; // opa_eval's abort message (eval.ts) names it

let pos: usize = 0;
let end: usize = 0;
let depth: i32 = 0;
let regoLiterals = false;

// @ts-ignore: decorator
@inline function peek(): u32 { return load<u8>(pos); }

function skipSpace(): void {
  while (pos < end) {
    let c = load<u8>(pos);
    if (c != 32 && c != 10 && c != 13 && c != 9) return;
    pos++;
  }
}

// Strings are not copied unless they contain escapes: values point into the source text, which the callers
// keep (the SDK never frees it, and opa_eval's input lies below the heap pointer it passes).
export function parse(ptr: usize, len: u32, allowRego: bool): usize {
  pos = ptr;
  end = ptr + len;
  depth = 0;
  regoLiterals = allowRego;
  skipSpace();
  let v = parseValue();
  if (v == 0) return 0;
  skipSpace();
  return pos == end ? v : 0;
}

function literal(text: string, v: usize): usize {
  let n = <usize>text.length;
  if (pos + n > end) return 0;
  for (let i: usize = 0; i < n; i++) {
    if (load<u8>(pos + i) != <u8>load<u16>(changetype<usize>(text) + (i << 1))) return 0;
  }
  pos += n;
  return v;
}

function parseValue(): usize {
  if (pos >= end) return 0;
  let c = peek();
  if (c == 34) return parseString();
  if (c == 123) return parseBraces();
  if (c == 91) return parseArray();
  if (c == 116) return literal("true", makeBool(true));
  if (c == 102) return literal("false", makeBool(false));
  if (c == 110) return literal("null", makeNull());
  if (c == 115 && regoLiterals) return literal("set()", makeSet(0));
  let start = pos;
  let stop = scanNumber(pos, end);
  if (stop == 0) return 0;
  pos = stop;
  return numberFromText(start, <u32>(stop - start), scannedInteger);
}

function parseArray(): usize {
  if (++depth > MAX_DEPTH) return 0;
  pos++;
  let a = makeArray(4);
  skipSpace();
  if (pos < end && peek() == 93) { pos++; depth--; return a; }
  while (true) {
    skipSpace();
    let v = parseValue();
    if (v == 0) return 0;
    arrayAppend(a, v);
    skipSpace();
    if (pos >= end) return 0;
    let c = peek();
    pos++;
    if (c == 93) break;
    if (c != 44) return 0;
  }
  depth--;
  return a;
}

// `{` starts an object; with Rego literals allowed it may also start a set (`{1, 2}`) or have non-string keys.
function parseBraces(): usize {
  if (++depth > MAX_DEPTH) return 0;
  pos++;
  skipSpace();
  if (pos < end && peek() == 125) { pos++; depth--; return makeObject(0); }
  if (pos < end && peek() != 34 && !regoLiterals) return 0;
  let first = parseValue();
  if (first == 0) return 0;
  skipSpace();
  if (pos >= end) return 0;
  let isSet = regoLiterals && peek() != 58;
  let c = isSet ? makeSet(4) : makeObject(4);
  let key = first;
  while (true) {
    if (isSet) {
      appendUnsorted(c, key, 0);
    } else {
      if (pos >= end || peek() != 58) return 0;
      pos++;
      skipSpace();
      let v = parseValue();
      if (v == 0) return 0;
      appendUnsorted(c, key, v);
    }
    skipSpace();
    if (pos >= end) return 0;
    let sep = peek();
    pos++;
    if (sep == 125) break;
    if (sep != 44) return 0;
    skipSpace();
    if (pos >= end || (peek() != 34 && !regoLiterals)) return 0;
    key = parseValue();
    if (key == 0) return 0;
    skipSpace();
  }
  if (vlen(c) > 1) finish(c);
  depth--;
  return c;
}

// @ts-ignore: decorator
@inline function hexValue(c: u32): i32 {
  if (c - 48 < 10) return <i32>(c - 48);
  let l = c | 0x20;
  if (l - 97 < 6) return <i32>(l - 87);
  return -1;
}

function readHex4(p: usize): i32 {
  if (p + 4 > end) return -1;
  let v: i32 = 0;
  for (let i: usize = 0; i < 4; i++) {
    let h = hexValue(load<u8>(p + i));
    if (h < 0) return -1;
    v = (v << 4) | h;
  }
  return v;
}

function parseString(): usize {
  pos++;
  let start = pos;
  while (pos < end) {
    let c = peek();
    if (c == 34) {
      let s = makeString(start, <u32>(pos - start));
      pos++;
      return s;
    }
    if (c == 92) break;
    if (c < 0x20) return 0;
    pos++;
  }
  if (pos >= end) return 0;
  // Escapes: find the closing quote to size the copy (decoding never makes the text longer).
  let q = pos;
  while (q < end) {
    let c = load<u8>(q);
    if (c == 34) break;
    q += c == 92 ? 2 : 1;
  }
  if (q >= end) return 0;
  let buf = alloc(q - start);
  memory.copy(buf, start, pos - start);
  let w = buf + (pos - start);
  while (pos < q) {
    let c = <u32>peek();
    if (c < 0x20) return 0;
    if (c != 92) { store<u8>(w++, <u8>c); pos++; continue; }
    let e = <u32>load<u8>(pos + 1);
    pos += 2;
    if (e == 34 || e == 92 || e == 47) store<u8>(w++, <u8>e);
    else if (e == 110) store<u8>(w++, 10);
    else if (e == 116) store<u8>(w++, 9);
    else if (e == 114) store<u8>(w++, 13);
    else if (e == 98) store<u8>(w++, 8);
    else if (e == 102) store<u8>(w++, 12);
    else if (e == 117) {
      let cp = readHex4(pos);
      if (cp < 0) return 0;
      pos += 4;
      if (cp >= 0xd800 && cp < 0xdc00) {
        // A high surrogate needs a low one next; alone it becomes U+FFFD, as Go decodes it.
        let low = pos + 6 <= q && load<u8>(pos) == 92 && load<u8>(pos + 1) == 117 ? readHex4(pos + 2) : -1;
        if (low >= 0xdc00 && low < 0xe000) {
          cp = 0x10000 + ((cp - 0xd800) << 10) + (low - 0xdc00);
          pos += 6;
        } else {
          cp = 0xfffd;
        }
      } else if (cp >= 0xdc00 && cp < 0xe000) {
        cp = 0xfffd;
      }
      w += encodeUtf8(w, <u32>cp);
    } else {
      return 0;
    }
  }
  pos = q + 1;
  return makeString(buf, <u32>(w - buf));
}

export function opa_json_parse(ptr: usize, len: u32): usize {
  return parse(ptr, len, false);
}

export function opa_value_parse(ptr: usize, len: u32): usize {
  return parse(ptr, len, true);
}
