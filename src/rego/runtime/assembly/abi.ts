// The value functions generated code and hosts call by name (see ../README.md for the contract).
import { compare, equal } from "./compare";
import {
  arrayAppend, merge, objectGet, objectInsert, objectInsertOnce, objectRemove, setAdd, shallowCopy, upsertPath, valueGet,
} from "./collections";
import { parseNumberText, toF64 } from "./numbers";
import {
  T_ARRAY, T_BOOLEAN, T_NUMBER, T_OBJECT, T_STRING,
  boolValue, codePointCount, elemAt, isType, keyAt, makeArray, makeBool, makeFloat, makeInt, makeNull, makeObject,
  makeRef, makeSet, makeString, strLen, strPtr, valueAt, vlen, vtype,
} from "./value";

export const opa_wasm_abi_version: i32 = 1;
export const opa_wasm_abi_minor_version: i32 = 3;

export function opa_null(): usize { return makeNull(); }
export function opa_boolean(b: i32): usize { return makeBool(b != 0); }
export function opa_number_int(x: i64): usize { return makeInt(x); }
export function opa_number_float(x: f64): usize { return makeFloat(x); }

// Text that is not a JSON number still makes a number, with NaN as its value, rather than undefined.
export function opa_number_ref(ptr: usize, len: u32): usize {
  let v = parseNumberText(ptr, len);
  return v != 0 ? v : makeRef(ptr, len, NaN);
}

// The f64 value of a number (NaN for anything else).
export function verdict_number_f64(v: usize): f64 {
  return isType(v, T_NUMBER) ? toF64(v) : NaN;
}

export function opa_string(ptr: usize, len: u32): usize { return makeString(ptr, len); }
export function opa_array_with_cap(cap: u32): usize { return makeArray(cap); }
export function opa_object(): usize { return makeObject(0); }
export function opa_set(): usize { return makeSet(0); }
export function opa_array_append(a: usize, v: usize): void { arrayAppend(a, v); }
export function opa_object_insert(obj: usize, key: usize, v: usize): void { objectInsert(obj, key, v); }
export function verdict_object_insert_once(obj: usize, key: usize, v: usize): i32 { return objectInsertOnce(obj, key, v); }
export function opa_set_add(set: usize, v: usize): void { setAdd(set, v); }

export function opa_value_type(v: usize): i32 { return v == 0 ? 0 : <i32>vtype(v); }
export function opa_value_get(v: usize, key: usize): usize { return valueGet(v, key); }

export function verdict_len(v: usize): u32 {
  return v != 0 && vtype(v) >= T_ARRAY ? vlen(v) : 0;
}

export function verdict_key_at(v: usize, i: u32): usize {
  let t = vtype(v);
  if (t == T_ARRAY) return makeInt(<i64>i);
  if (t == T_OBJECT) return keyAt(v, i);
  return elemAt(v, i);
}

export function verdict_value_at(v: usize, i: u32): usize {
  return vtype(v) == T_OBJECT ? valueAt(v, i) : elemAt(v, i);
}

export function opa_value_length(v: usize): u32 {
  if (v == 0) return 0;
  if (vtype(v) == T_STRING) return codePointCount(strPtr(v), strLen(v));
  return verdict_len(v);
}

export function opa_value_compare(a: usize, b: usize): i32 { return compare(a, b); }
export function verdict_value_equal(a: usize, b: usize): i32 { return equal(a, b) ? 1 : 0; }
export function opa_value_merge(a: usize, b: usize): usize { return merge(a, b); }
export function opa_value_shallow_copy(v: usize): usize { return shallowCopy(v); }

export function verdict_upsert_path(base: usize, path: usize, v: usize): usize {
  return upsertPath(base, path, 0, v);
}

export function verdict_is_false(v: usize): i32 {
  return isType(v, T_BOOLEAN) && !boolValue(v) ? 1 : 0;
}

// With a bump allocator values are released by rewinding the heap; nothing to do per value.
export function opa_value_free(v: usize): void {}

// Error codes of opa_value_add_path / opa_value_remove_path.
const ERR_OK: i32 = 0;
const ERR_INVALID_TYPE: i32 = 2;
const ERR_INVALID_PATH: i32 = 3;

// A path is a non-empty array whose keys before the last are strings.
function validPath(path: usize): bool {
  if (!isType(path, T_ARRAY) || vlen(path) == 0) return false;
  let n = vlen(path);
  for (let i: u32 = 0; i + 1 < n; i++) {
    if (!isType(elemAt(path, i), T_STRING)) return false;
  }
  return true;
}

// Sets v at path inside base, in place, creating missing objects on the way (hosts use it to update data).
export function opa_value_add_path(base: usize, path: usize, v: usize): i32 {
  if (!validPath(path)) return ERR_INVALID_PATH;
  let n = vlen(path);
  let curr = base;
  for (let i: u32 = 0; i + 1 < n; i++) {
    if (!isType(curr, T_OBJECT)) return ERR_INVALID_TYPE;
    let k = elemAt(path, i);
    let next = objectGet(curr, k);
    if (next == 0) {
      next = makeObject(0);
      objectInsert(curr, k, next);
    }
    curr = next;
  }
  if (!isType(curr, T_OBJECT)) return ERR_INVALID_TYPE;
  objectInsert(curr, elemAt(path, n - 1), v);
  return ERR_OK;
}

// Removes the entry at path, in place. A path that leads nowhere counts as already removed.
export function opa_value_remove_path(base: usize, path: usize): i32 {
  if (!validPath(path)) return ERR_INVALID_PATH;
  let n = vlen(path);
  let curr = base;
  for (let i: u32 = 0; i + 1 < n; i++) {
    curr = valueGet(curr, elemAt(path, i));
    if (curr == 0) return ERR_OK;
  }
  if (!isType(curr, T_OBJECT)) return ERR_INVALID_TYPE;
  objectRemove(curr, elemAt(path, n - 1));
  return ERR_OK;
}

