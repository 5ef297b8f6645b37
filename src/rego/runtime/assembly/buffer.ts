// Growable byte buffers on the heap, for dumps and for builtins that build strings.
import { alloc, realloc } from "./alloc";

// Layout: u32 data @0, u32 length @4, u32 capacity @8.

export function bufferNew(cap: u32): usize {
  let b = alloc(12);
  store<u32>(b, <u32>alloc(cap), 0);
  store<u32>(b, 0, 4);
  store<u32>(b, cap, 8);
  return b;
}

// @ts-ignore: decorator
@inline export function bufferData(b: usize): usize { return load<u32>(b); }
// @ts-ignore: decorator
@inline export function bufferLen(b: usize): u32 { return load<u32>(b, 4); }

// Ensures room for n more bytes and returns where they go (the length is not advanced).
export function bufferReserve(b: usize, n: u32): usize {
  let len = load<u32>(b, 4), cap = load<u32>(b, 8);
  let data = <usize>load<u32>(b);
  if (len + n > cap) {
    let grown = max(cap << 1, len + n);
    data = realloc(data, cap, grown);
    store<u32>(b, <u32>data);
    store<u32>(b, grown, 8);
  }
  return data + len;
}

// @ts-ignore: decorator
@inline export function bufferAdvance(b: usize, n: u32): void { store<u32>(b, load<u32>(b, 4) + n, 4); }

export function bufferByte(b: usize, c: u32): void {
  store<u8>(bufferReserve(b, 1), <u8>c);
  bufferAdvance(b, 1);
}

export function bufferBytes(b: usize, p: usize, n: u32): void {
  if (n == 0) return;
  memory.copy(bufferReserve(b, n), p, n);
  bufferAdvance(b, n);
}

// Appends an ASCII AssemblyScript literal.
export function bufferAscii(b: usize, s: string): void {
  let n = <u32>s.length;
  let dst = bufferReserve(b, n);
  let src = changetype<usize>(s);
  for (let i: u32 = 0; i < n; i++) store<u8>(dst + i, <u8>load<u16>(src + (<usize>i << 1)));
  bufferAdvance(b, n);
}

// Appends a code point as UTF-8.
export function bufferCodePoint(b: usize, cp: u32): void {
  let p = bufferReserve(b, 4);
  bufferAdvance(b, encodeUtf8(p, cp));
}

// Writes cp as UTF-8 at p; returns the byte count.
export function encodeUtf8(p: usize, cp: u32): u32 {
  if (cp < 0x80) { store<u8>(p, <u8>cp); return 1; }
  if (cp < 0x800) {
    store<u8>(p, <u8>(0xc0 | (cp >> 6)));
    store<u8>(p, <u8>(0x80 | (cp & 0x3f)), 1);
    return 2;
  }
  if (cp < 0x10000) {
    store<u8>(p, <u8>(0xe0 | (cp >> 12)));
    store<u8>(p, <u8>(0x80 | ((cp >> 6) & 0x3f)), 1);
    store<u8>(p, <u8>(0x80 | (cp & 0x3f)), 2);
    return 3;
  }
  store<u8>(p, <u8>(0xf0 | (cp >> 18)));
  store<u8>(p, <u8>(0x80 | ((cp >> 12) & 0x3f)), 1);
  store<u8>(p, <u8>(0x80 | ((cp >> 6) & 0x3f)), 2);
  store<u8>(p, <u8>(0x80 | (cp & 0x3f)), 3);
  return 4;
}
