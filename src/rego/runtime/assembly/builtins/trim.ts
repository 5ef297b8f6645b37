// Native trim builtins: trim, trim_left, trim_right, trim_prefix, trim_suffix, trim_space.
import { decodeAt, decodedLength, endsWith, slice, startsWith, stringOperand, strLen, strPtr } from "./text";

// Whether code point c occurs in the cutset string.
function inCutset(c: u32, cut: usize): bool {
  let p = strPtr(cut), n = strLen(cut);
  for (let i: u32 = 0; i < n; i += decodedLength) {
    if (decodeAt(p + i, p + n) == c) return true;
  }
  return false;
}

// Byte index after the leading characters to remove (those in the cutset, or spaces when cut is 0).
function leftEdge(s: usize, cut: usize): u32 {
  let p = strPtr(s), n = strLen(s);
  let i: u32 = 0;
  while (i < n) {
    let c = decodeAt(p + i, p + n);
    if (cut != 0 ? !inCutset(c, cut) : !isSpace(c)) break;
    i += decodedLength;
  }
  return i;
}

// Go's unicode.IsSpace.
function isSpace(c: u32): bool {
  if (c < 0x80) return c == 32 || (c >= 9 && c <= 13);
  return c == 0x85 || c == 0xa0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200a) || c == 0x2028 || c == 0x2029
    || c == 0x202f || c == 0x205f || c == 0x3000;
}

function trimmed(s: usize, cut: usize, left: bool, right: bool): usize {
  let from = left ? leftEdge(s, cut) : 0;
  let to = right ? lastKept(s, cut, from) : strLen(s);
  return slice(s, from, to);
}

// End of the last character at or after `from` that is not removed (from itself when all are removed).
function lastKept(s: usize, cut: usize, from: u32): u32 {
  let p = strPtr(s), n = strLen(s);
  let end = from;
  for (let i = from; i < n; i += decodedLength) {
    let c = decodeAt(p + i, p + n);
    if (cut != 0 ? !inCutset(c, cut) : !isSpace(c)) end = i + decodedLength;
  }
  return end;
}

export function builtin_trim(s: usize, cut: usize): usize {
  if (!stringOperand(1, s) || !stringOperand(2, cut)) return 0;
  return trimmed(s, cut, true, true);
}

export function builtin_trim_left(s: usize, cut: usize): usize {
  if (!stringOperand(1, s) || !stringOperand(2, cut)) return 0;
  return trimmed(s, cut, true, false);
}

export function builtin_trim_right(s: usize, cut: usize): usize {
  if (!stringOperand(1, s) || !stringOperand(2, cut)) return 0;
  return trimmed(s, cut, false, true);
}

export function builtin_trim_space(s: usize): usize {
  if (!stringOperand(1, s)) return 0;
  return trimmed(s, 0, true, true);
}

export function builtin_trim_prefix(s: usize, prefix: usize): usize {
  if (!stringOperand(1, s) || !stringOperand(2, prefix)) return 0;
  if (!startsWith(strPtr(s), strLen(s), strPtr(prefix), strLen(prefix))) return s;
  return slice(s, strLen(prefix), strLen(s));
}

export function builtin_trim_suffix(s: usize, suffix: usize): usize {
  if (!stringOperand(1, s) || !stringOperand(2, suffix)) return 0;
  if (!endsWith(strPtr(s), strLen(s), strPtr(suffix), strLen(suffix))) return s;
  return slice(s, 0, strLen(s) - strLen(suffix));
}
