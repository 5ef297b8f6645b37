// Native string builtins: concat, contains, startswith, endswith, lower, upper, replace, split, indexof,
// indexof_n, substring, strings.replace_n, strings.reverse, strings.count.
import { bufferBytes, bufferCodePoint, bufferNew } from "../buffer";
import { arrayAppend } from "../collections";
import { casemap } from "util/casemap";
import { builtinError, elementError, operandError, typeError } from "../errors";
import { T_ARRAY, T_OBJECT, T_SET, elemAt, isType, keyAt, makeArray, makeBool, makeInt, valueAt, vlen } from "../value";
import {
  bufferString, byteOffsetOf, decodeAt, decodedLength, endsWith, indexOfBytes, intArg, intOperand, isString,
  newStringBytes, runeCount, slice, startsWith, stringOperand, strLen, strPtr,
} from "./text";

export function builtin_concat(delim: usize, coll: usize): usize {
  if (!stringOperand(1, delim)) return 0;
  if (!(isType(coll, T_ARRAY) || isType(coll, T_SET))) return typeError(2, "one of {set, array}", coll);
  let n = vlen(coll);
  let b = bufferNew(64);
  for (let i: u32 = 0; i < n; i++) {
    let s = elemAt(coll, i);
    if (!isString(s)) return elementError(2, coll, "string", s);
    if (i > 0) bufferBytes(b, strPtr(delim), strLen(delim));
    bufferBytes(b, strPtr(s), strLen(s));
  }
  return bufferString(b);
}

// Both operands strings, or the error for the first that is not.
function twoStrings(a: usize, b: usize): bool {
  return stringOperand(1, a) && stringOperand(2, b);
}

export function builtin_contains(s: usize, sub: usize): usize {
  if (!twoStrings(s, sub)) return 0;
  return makeBool(indexOfBytes(strPtr(s), strLen(s), strPtr(sub), strLen(sub), 0) >= 0);
}

export function builtin_startswith(s: usize, prefix: usize): usize {
  if (!twoStrings(s, prefix)) return 0;
  return makeBool(startsWith(strPtr(s), strLen(s), strPtr(prefix), strLen(prefix)));
}

export function builtin_endswith(s: usize, suffix: usize): usize {
  if (!twoStrings(s, suffix)) return 0;
  return makeBool(endsWith(strPtr(s), strLen(s), strPtr(suffix), strLen(suffix)));
}

// Simple (one code point to one code point) case mapping, as Go's strings.ToLower/ToUpper.
function mapCase(s: usize, upper: bool): usize {
  if (!stringOperand(1, s)) return 0;
  let p = strPtr(s), n = strLen(s), end = p + n;
  let b = bufferNew(n + 4);
  for (let i: u32 = 0; i < n; i += decodedLength) {
    let c = decodeAt(p + i, end);
    let mapped: u32;
    if (c < 0x80) mapped = upper ? (c - 97 < 26 ? c - 32 : c) : (c - 65 < 26 ? c + 32 : c);
    else if (!upper && c - 0x24b6 <= 0x24cf - 0x24b6) mapped = c + 26; // circled letters, absent from the table
    else if (upper && c - 0x24d0 <= 0x24e9 - 0x24d0) mapped = c - 26;
    else if (c == 0xdf) mapped = c; // ß has no simple uppercase mapping (the table gives ẞ)
    else mapped = <u32>casemap(c, upper ? 1 : 0) & 0x1fffff;
    bufferCodePoint(b, mapped); // invalid bytes come out as U+FFFD, as from Go's strings.Map
  }
  return bufferString(b);
}

export function builtin_lower(s: usize): usize { return mapCase(s, false); }
export function builtin_upper(s: usize): usize { return mapCase(s, true); }

// Replaces every occurrence of old (Go's strings.ReplaceAll; an empty old inserts new around every character).
export function builtin_replace(s: usize, old: usize, repl: usize): usize {
  if (!twoStrings(s, old) || !stringOperand(3, repl)) return 0;
  let p = strPtr(s), n = strLen(s), op = strPtr(old), ol = strLen(old);
  let b = bufferNew(n + 16);
  if (ol == 0) {
    bufferBytes(b, strPtr(repl), strLen(repl));
    for (let i: u32 = 0; i < n; i += decodedLength) {
      decodeAt(p + i, p + n);
      bufferBytes(b, p + i, decodedLength);
      bufferBytes(b, strPtr(repl), strLen(repl));
    }
    return bufferString(b);
  }
  let from: u32 = 0;
  while (true) {
    let at = indexOfBytes(p, n, op, ol, from);
    if (at < 0) break;
    bufferBytes(b, p + from, <u32>at - from);
    bufferBytes(b, strPtr(repl), strLen(repl));
    from = <u32>at + ol;
  }
  bufferBytes(b, p + from, n - from);
  return bufferString(b);
}

// Go's strings.Split: an empty delimiter splits into characters.
export function builtin_split(s: usize, delim: usize): usize {
  if (!twoStrings(s, delim)) return 0;
  let p = strPtr(s), n = strLen(s), dp = strPtr(delim), dl = strLen(delim);
  let out = makeArray(4);
  if (dl == 0) {
    for (let i: u32 = 0; i < n; i += decodedLength) {
      decodeAt(p + i, p + n);
      arrayAppend(out, slice(s, i, i + decodedLength));
    }
    return out;
  }
  let from: u32 = 0;
  while (true) {
    let at = indexOfBytes(p, n, dp, dl, from);
    if (at < 0) break;
    arrayAppend(out, slice(s, from, <u32>at));
    from = <u32>at + dl;
  }
  arrayAppend(out, slice(s, from, n));
  return out;
}

// The first n parts of split(s, delim), or the last -n parts for a negative n.
export function builtin_strings_split_n(s: usize, delim: usize, n: usize): usize {
  if (!twoStrings(s, delim) || !intOperand(3, n)) return 0;
  let count = intArg;
  let parts = builtin_split(s, delim);
  let total = <i64>vlen(parts);
  let from: i64 = 0, to: i64 = total;
  if (count >= 0) to = min(count, total);
  else from = max(total + count, 0);
  let out = makeArray(<u32>(to - from));
  for (let i = from; i < to; i++) arrayAppend(out, elemAt(parts, <u32>i));
  return out;
}

// Code point index of the first occurrence, or -1; an empty needle is an error in OPA.
export function builtin_indexof(s: usize, sub: usize): usize {
  if (!twoStrings(s, sub)) return 0;
  if (strLen(sub) == 0) return builtinError("empty search character");
  let at = indexOfBytes(strPtr(s), strLen(s), strPtr(sub), strLen(sub), 0);
  return makeInt(at < 0 ? -1 : <i64>runeCount(strPtr(s), <u32>at));
}

// Code point indexes of every occurrence, overlapping ones included.
export function builtin_indexof_n(s: usize, sub: usize): usize {
  if (!twoStrings(s, sub)) return 0;
  if (strLen(sub) == 0) return builtinError("empty search character");
  let p = strPtr(s), n = strLen(s);
  let out = makeArray(0);
  let from: u32 = 0, runes: u32 = 0, counted: u32 = 0;
  while (true) {
    let at = indexOfBytes(p, n, strPtr(sub), strLen(sub), from);
    if (at < 0) break;
    runes += runeCount(p + counted, <u32>at - counted);
    counted = <u32>at;
    arrayAppend(out, makeInt(<i64>runes));
    decodeAt(p + <u32>at, p + n);
    from = <u32>at + decodedLength;
  }
  return out;
}

// Code points from offset, length of them (a negative length means to the end); a negative offset is an error.
export function builtin_substring(s: usize, offset: usize, length: usize): usize {
  if (!stringOperand(1, s) || !intOperand(2, offset)) return 0;
  let start = intArg;
  if (!intOperand(3, length)) return 0;
  let count = intArg;
  if (start < 0) return builtinError("negative offset");
  let p = strPtr(s), n = strLen(s);
  let from = byteOffsetOf(p, n, start);
  if (count < 0) return slice(s, from, n);
  let to = from + byteOffsetOf(p + from, n - from, count);
  return slice(s, from, to);
}

// Go's strings.NewReplacer over the pairs in key order: at each position the first key that matches wins and
// its replacement is not rescanned; an empty key matches between characters.
export function builtin_strings_replace_n(patterns: usize, s: usize): usize {
  if (!isType(patterns, T_OBJECT)) return typeError(1, "object", patterns);
  if (!stringOperand(2, s)) return 0;
  let k = vlen(patterns);
  for (let j: u32 = 0; j < k; j++) {
    if (!isString(keyAt(patterns, j))) return operandError(1, "non-string key found in pattern object");
    if (!isString(valueAt(patterns, j))) return operandError(1, "non-string value found in pattern object");
  }
  let p = strPtr(s), n = strLen(s);
  let b = bufferNew(n + 16);
  let emptyMatched = false;
  let i: u32 = 0;
  while (i <= n) {
    let matched = false;
    for (let j: u32 = 0; j < k; j++) {
      let key = keyAt(patterns, j);
      let kl = strLen(key);
      if (kl == 0 && emptyMatched) continue; // the empty key matches once per position
      if (kl <= n - i && memory.compare(p + i, strPtr(key), kl) == 0) {
        let val = valueAt(patterns, j);
        bufferBytes(b, strPtr(val), strLen(val));
        i += kl;
        emptyMatched = kl == 0;
        matched = true;
        break;
      }
    }
    if (matched) continue;
    emptyMatched = false;
    if (i == n) break;
    decodeAt(p + i, p + n);
    bufferBytes(b, p + i, decodedLength);
    i += decodedLength;
  }
  return bufferString(b);
}

export function builtin_strings_reverse(s: usize): usize {
  if (!stringOperand(1, s)) return 0;
  let p = strPtr(s), n = strLen(s);
  let out = newStringBytes(n);
  let w = strPtr(out) + n;
  for (let i: u32 = 0; i < n; i += decodedLength) {
    decodeAt(p + i, p + n);
    w -= decodedLength;
    memory.copy(w, p + i, decodedLength);
  }
  return out;
}

// Non-overlapping occurrences (Go's strings.Count: an empty substring counts code points + 1).
export function builtin_strings_count(s: usize, sub: usize): usize {
  if (!twoStrings(s, sub)) return 0;
  let p = strPtr(s), n = strLen(s), sl = strLen(sub);
  if (sl == 0) return makeInt(<i64>runeCount(p, n) + 1);
  let count: i64 = 0;
  let from: u32 = 0;
  while (true) {
    let at = indexOfBytes(p, n, strPtr(sub), sl, from);
    if (at < 0) break;
    count++;
    from = <u32>at + sl;
  }
  return makeInt(count);
}
