// Native bitwise builtins on integers: bits.and, bits.or, bits.xor, bits.negate, bits.lsh, bits.rsh.
import { bigFromValue, bigMul, bigToValue } from "../bigint";
import { makeInt } from "../value";
import { builtinError, operandError } from "../errors";
import { intArg, intOperand } from "./text";

const AND: i32 = 0;
const OR: i32 = 1;
const XOR: i32 = 2;

function bitwise(a: usize, b: usize, op: i32): usize {
  if (!intOperand(1, a, "integer")) return 0;
  let x = intArg;
  if (!intOperand(2, b, "integer")) return 0;
  let y = intArg;
  return makeInt(op == AND ? x & y : op == OR ? x | y : x ^ y);
}

export function builtin_bits_and(a: usize, b: usize): usize { return bitwise(a, b, AND); }
export function builtin_bits_or(a: usize, b: usize): usize { return bitwise(a, b, OR); }
export function builtin_bits_xor(a: usize, b: usize): usize { return bitwise(a, b, XOR); }

export function builtin_bits_negate(a: usize): usize {
  if (!intOperand(1, a, "integer")) return 0;
  return makeInt(~intArg);
}

// A shift count: a non-negative integer.
function shiftOperand(n: usize): bool {
  if (!intOperand(2, n, "integer")) return false;
  if (intArg >= 0) return true;
  operandError(2, "must be an unsigned integer number but got a negative integer");
  return false;
}

// x · 2^n, exact past 64 bits.
export function builtin_bits_lsh(a: usize, n: usize): usize {
  if (!intOperand(1, a, "integer")) return 0;
  let x = intArg;
  if (!shiftOperand(n)) return 0;
  let s = intArg;
  if (x == 0) return makeInt(0);
  if (s < 63) {
    let r = x << s;
    if (r >> s == x) return makeInt(r);
  }
  if (s > 4096) return builtinError("shift count too large");
  // Multiply by 2^s in chunks of 2^62.
  let big = bigFromValue(makeInt(x));
  while (s > 0) {
    let k = min(s, 62);
    big = bigMul(big, bigFromValue(makeInt((<i64>1) << k)));
    s -= k;
  }
  return bigToValue(big);
}

// Arithmetic shift right (rounds toward negative infinity, as big.Int.Rsh).
export function builtin_bits_rsh(a: usize, n: usize): usize {
  if (!intOperand(1, a, "integer")) return 0;
  let x = intArg;
  if (!shiftOperand(n)) return 0;
  let s = intArg;
  return makeInt(s >= 64 ? (x < 0 ? -1 : 0) : x >> s);
}
