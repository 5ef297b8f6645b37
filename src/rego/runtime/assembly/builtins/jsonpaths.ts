// Native json.filter and json.remove: keep or drop the parts of a document named by paths.
import { alloc } from "../alloc";
import { arrayAppend, objectGet, objectInsert } from "../collections";
import { asInteger, formatI64, integerValue } from "../numbers";
import { T_ARRAY, T_NULL, T_OBJECT, T_SET, T_STRING, elemAt, isType, keyAt, makeArray, makeNull, makeObject, makeString, valueAt, vlen, vtype } from "../value";
import { builtinError, typeError } from "../errors";
import { isString, strLen, strPtr } from "./text";

// Paths become a tree of objects keyed by segment (as strings); null marks a whole subtree, and a shorter
// path wins over a longer one below it.

function segmentKey(seg: usize): usize {
  if (isType(seg, T_STRING)) return seg;
  if (asInteger(seg)) {
    let buf = alloc(24);
    return makeString(buf, formatI64(integerValue, buf));
  }
  return 0;
}

// Adds one path (n segments read by segmentAt) to the tree; false if a segment is not usable.
function addPath(tree: usize, segments: usize, count: u32, fromString: bool): bool {
  let node = tree;
  for (let i: u32 = 0; i < count; i++) {
    let key = fromString ? elemAt(segments, i) : segmentKey(elemAt(segments, i));
    if (key == 0) return false;
    let last = i + 1 == count;
    let child = objectGet(node, key);
    if (child != 0 && isType(child, T_NULL)) return true; // an ancestor already covers it
    if (last) { objectInsert(node, key, makeNull()); return true; }
    if (child == 0) { child = makeObject(0); objectInsert(node, key, child); }
    node = child;
  }
  return true;
}

// "a/b/c" (leading and trailing slashes ignored; ~1 and ~0 stand for / and ~) as an array of strings.
function splitPath(s: usize): usize {
  let p = strPtr(s), n = strLen(s);
  let from: u32 = 0, to = n;
  while (from < to && load<u8>(p + from) == 47) from++;
  while (to > from && load<u8>(p + to - 1) == 47) to--;
  let out = makeArray(4);
  if (from == to) return out;
  let start = from;
  for (let i = from; i <= to; i++) {
    if (i < to && load<u8>(p + i) != 47) continue;
    arrayAppend(out, unescape(p + start, i - start));
    start = i + 1;
  }
  return out;
}

function unescape(p: usize, n: u32): usize {
  let buf = alloc(n);
  let w: u32 = 0;
  for (let i: u32 = 0; i < n; i++) {
    let c = load<u8>(p + i);
    if (c == 126 && i + 1 < n && (load<u8>(p + i + 1) == 49 || load<u8>(p + i + 1) == 48)) {
      store<u8>(buf + w++, load<u8>(p + ++i) == 49 ? 47 : 126);
    } else {
      store<u8>(buf + w++, c);
    }
  }
  return makeString(buf, w);
}

// Set by buildTree when it fails: the path it could not use (0 when the operand itself is not a collection).
let badPath: usize = 0;

function buildTree(paths: usize): usize {
  badPath = 0;
  if (!isType(paths, T_ARRAY) && !isType(paths, T_SET)) return 0;
  let tree = makeObject(0);
  let n = vlen(paths);
  for (let i: u32 = 0; i < n; i++) {
    let path = elemAt(paths, i);
    let ok = false;
    if (isString(path)) {
      let segs = splitPath(path);
      ok = addPath(tree, segs, vlen(segs), true);
    } else if (isType(path, T_ARRAY)) {
      ok = addPath(tree, path, vlen(path), false);
    }
    if (!ok) {
      badPath = path;
      return 0;
    }
  }
  return tree;
}

// Records why the paths operand could not be used (OPA's messages) and returns 0.
function pathsError(paths: usize): usize {
  if (badPath == 0) return typeError(2, "one of {set, array}", paths);
  if (isString(badPath) || isType(badPath, T_ARRAY)) {
    // An array path whose segment is neither a string nor an integer: OPA takes any segment, Verdict cannot.
    return builtinError("path segments must be strings or integers");
  }
  return typeError(2, "one of {set, array} containing string paths or array of path segments", badPath);
}

function indexKey(i: u32): usize {
  let buf = alloc(20);
  return makeString(buf, formatI64(<i64>i, buf));
}

function filter(doc: usize, tree: usize): usize {
  if (isType(tree, T_NULL)) return doc;
  let t = vtype(doc);
  if (t == T_OBJECT) {
    let out = makeObject(0);
    let n = vlen(tree);
    for (let i: u32 = 0; i < n; i++) {
      let v = objectGet(doc, keyAt(tree, i));
      if (v == 0) continue;
      let r = filter(v, valueAt(tree, i));
      if (r != 0) objectInsert(out, keyAt(tree, i), r);
    }
    return out;
  }
  if (t == T_ARRAY) {
    let out = makeArray(0);
    let n = vlen(doc);
    for (let i: u32 = 0; i < n; i++) {
      let sub = objectGet(tree, indexKey(i));
      if (sub == 0) continue;
      let r = filter(elemAt(doc, i), sub);
      if (r != 0) arrayAppend(out, r);
    }
    return out;
  }
  return 0;
}

function remove(doc: usize, tree: usize): usize {
  if (isType(tree, T_NULL)) return 0;
  let t = vtype(doc);
  if (t == T_OBJECT) {
    let out = makeObject(0);
    let n = vlen(doc);
    for (let i: u32 = 0; i < n; i++) {
      let k = keyAt(doc, i), v = valueAt(doc, i);
      let sub = objectGet(tree, k);
      let r = sub == 0 ? v : remove(v, sub);
      if (r != 0) objectInsert(out, k, r);
    }
    return out;
  }
  if (t == T_ARRAY) {
    let out = makeArray(0);
    let n = vlen(doc);
    for (let i: u32 = 0; i < n; i++) {
      let sub = objectGet(tree, indexKey(i));
      let r = sub == 0 ? elemAt(doc, i) : remove(elemAt(doc, i), sub);
      if (r != 0) arrayAppend(out, r);
    }
    return out;
  }
  return doc;
}

export function builtin_json_filter(doc: usize, paths: usize): usize {
  if (!isType(doc, T_OBJECT)) return typeError(1, "object", doc);
  let tree = buildTree(paths);
  return tree == 0 ? pathsError(paths) : filter(doc, tree);
}

export function builtin_json_remove(doc: usize, paths: usize): usize {
  if (!isType(doc, T_OBJECT)) return typeError(1, "object", doc);
  let tree = buildTree(paths);
  return tree == 0 ? pathsError(paths) : remove(doc, tree);
}
