// Value layout in linear memory, with the constructors and accessors every other module shares.
import { alloc } from "./alloc";
import { smallIntsScratch } from "./scratch";

// Type tags, in OPA's sort order (the order `compare` relies on).
export const T_NULL: u8 = 1;
export const T_BOOLEAN: u8 = 2;
export const T_NUMBER: u8 = 3;
export const T_STRING: u8 = 4;
export const T_ARRAY: u8 = 5;
export const T_OBJECT: u8 = 6;
export const T_SET: u8 = 7;

// Number representations (byte 1 of a number).
export const N_INT: u8 = 0;   // i64 @8
export const N_FLOAT: u8 = 1; // f64 @8; never integral within i64 range (those are stored as N_INT)
export const N_REF: u8 = 2;   // f64 approximation @8, decimal text ptr @16 and len @20, dumped verbatim

// Layouts, byte offsets (every value starts with its u8 type tag at 0):
//   boolean        u8 value @1
//   string         u32 byte length @4, u32 bytes @8 (UTF-8, not NUL-terminated, not owned)
//   array, set     u32 length @4, u32 capacity @8, u32 elements @12 (array of value addresses)
//   object         u32 length @4, u32 capacity @8, u32 entries @12 (key, value address pairs, sorted by key)
// Sets and objects are kept sorted by `compare`, so lookups are binary searches and iteration is ordered.

const NULL_VALUE = memory.data<u8>([1, 0, 0, 0, 0, 0, 0, 0], 8);
const FALSE_VALUE = memory.data<u8>([2, 0, 0, 0, 0, 0, 0, 0], 8);
const TRUE_VALUE = memory.data<u8>([2, 1, 0, 0, 0, 0, 0, 0], 8);

// Integers 0..255 are preallocated (array iteration asks for an index value on every step).
const SMALL_INTS: i32 = 256;
let smallIntsReady = false;

// @ts-ignore: decorator
@inline export function vtype(v: usize): u8 { return load<u8>(v); }
// @ts-ignore: decorator
@inline export function vlen(v: usize): u32 { return load<u32>(v, 4); }
// @ts-ignore: decorator
@inline export function vcap(v: usize): u32 { return load<u32>(v, 8); }
// @ts-ignore: decorator
@inline export function velems(v: usize): usize { return load<u32>(v, 12); }
// @ts-ignore: decorator
@inline export function elemAt(v: usize, i: u32): usize { return load<u32>(load<u32>(v, 12) + (<usize>i << 2)); }
// @ts-ignore: decorator
@inline export function keyAt(v: usize, i: u32): usize { return load<u32>(load<u32>(v, 12) + (<usize>i << 3)); }
// @ts-ignore: decorator
@inline export function valueAt(v: usize, i: u32): usize { return load<u32>(load<u32>(v, 12) + (<usize>i << 3), 4); }
// @ts-ignore: decorator
@inline export function strLen(v: usize): u32 { return load<u32>(v, 4); }
// @ts-ignore: decorator
@inline export function strPtr(v: usize): usize { return load<u32>(v, 8); }
// @ts-ignore: decorator
@inline export function numKind(v: usize): u8 { return load<u8>(v, 1); }
// @ts-ignore: decorator
@inline export function boolValue(v: usize): bool { return load<u8>(v, 1) != 0; }

// @ts-ignore: decorator
@inline export function isType(v: usize, t: u8): bool { return v != 0 && load<u8>(v) == t; }

export function makeNull(): usize { return NULL_VALUE; }

export function makeBool(b: bool): usize { return b ? TRUE_VALUE : FALSE_VALUE; }

export function makeInt(x: i64): usize {
  if (<u64>x < <u64>SMALL_INTS) {
    if (!smallIntsReady) initSmallInts();
    return smallIntsScratch() + (<usize>x << 4);
  }
  let v = alloc(16);
  store<u8>(v, T_NUMBER);
  store<u8>(v, N_INT, 1);
  store<i64>(v, x, 8);
  return v;
}

function initSmallInts(): void {
  for (let i = 0; i < SMALL_INTS; i++) {
    let v = smallIntsScratch() + (<usize>i << 4);
    store<u8>(v, T_NUMBER);
    store<u8>(v, N_INT, 1);
    store<i64>(v, <i64>i, 8);
  }
  smallIntsReady = true;
}

// 2^63 as an f64: the first value above every i64.
export const TWO_63: f64 = 9223372036854775808.0;

// @ts-ignore: decorator
@inline export function f64IsI64(x: f64): bool {
  return x >= -TWO_63 && x < TWO_63 && floor<f64>(x) == x;
}

// Integral floats that fit an i64 become integers, so `6 / 2` is the integer 3 everywhere (dumps, indexing).
export function makeFloat(x: f64): usize {
  if (f64IsI64(x)) return makeInt(<i64>x);
  let v = alloc(16);
  store<u8>(v, T_NUMBER);
  store<u8>(v, N_FLOAT, 1);
  store<f64>(v, x, 8);
  return v;
}

// A number known by its decimal text (too big for i64 or too precise for f64); `approx` serves arithmetic.
export function makeRef(ptr: usize, len: u32, approx: f64): usize {
  let v = alloc(24);
  store<u8>(v, T_NUMBER);
  store<u8>(v, N_REF, 1);
  store<f64>(v, approx, 8);
  store<u32>(v, <u32>ptr, 16);
  store<u32>(v, len, 20);
  return v;
}

export function makeString(ptr: usize, len: u32): usize {
  let v = alloc(12);
  store<u8>(v, T_STRING);
  store<u32>(v, len, 4);
  store<u32>(v, <u32>ptr, 8);
  return v;
}

// Copies an ASCII AssemblyScript literal (static UTF-16 data) into a new string value.
export function makeLiteral(s: string): usize {
  let n = s.length;
  let bytes = alloc(<usize>n);
  let src = changetype<usize>(s);
  for (let i = 0; i < n; i++) store<u8>(bytes + i, <u8>load<u16>(src + (<usize>i << 1)));
  return makeString(bytes, <u32>n);
}

// Allocates a collection header followed by its element storage, so the storage is the heap's top block and
// the first growths happen in place.
function makeCollection(t: u8, cap: u32, entrySize: u32): usize {
  let v = alloc(16);
  store<u8>(v, t);
  store<u32>(v, 0, 4);
  store<u32>(v, cap, 8);
  store<u32>(v, cap == 0 ? 0 : <u32>alloc(<usize>cap * entrySize), 12);
  return v;
}

export function makeArray(cap: u32): usize { return makeCollection(T_ARRAY, cap, 4); }
export function makeSet(cap: u32): usize { return makeCollection(T_SET, cap, 4); }
export function makeObject(cap: u32): usize { return makeCollection(T_OBJECT, cap, 8); }

// Number of code points in a UTF-8 string (bytes that don't continue a sequence).
export function codePointCount(ptr: usize, len: u32): u32 {
  let n: u32 = 0;
  for (let i: u32 = 0; i < len; i++) {
    if ((load<u8>(ptr + i) & 0xc0) != 0x80) n++;
  }
  return n;
}
