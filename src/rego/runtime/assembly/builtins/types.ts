// Native type builtins: is_number, is_string, is_boolean, is_array, is_set, is_object, is_null, type_name.
import { T_ARRAY, T_BOOLEAN, T_NULL, T_NUMBER, T_OBJECT, T_SET, T_STRING, makeBool, makeLiteral, vtype } from "../value";

// OPA answers false (not undefined) for a value of another type.
// @ts-ignore: decorator
@inline function is(v: usize, t: u8): usize { return v == 0 ? 0 : makeBool(vtype(v) == t); }

export function builtin_is_number(v: usize): usize { return is(v, T_NUMBER); }
export function builtin_is_string(v: usize): usize { return is(v, T_STRING); }
export function builtin_is_boolean(v: usize): usize { return is(v, T_BOOLEAN); }
export function builtin_is_array(v: usize): usize { return is(v, T_ARRAY); }
export function builtin_is_set(v: usize): usize { return is(v, T_SET); }
export function builtin_is_object(v: usize): usize { return is(v, T_OBJECT); }
export function builtin_is_null(v: usize): usize { return is(v, T_NULL); }

export function builtin_type_name(v: usize): usize {
  if (v == 0) return 0;
  switch (vtype(v)) {
    case T_NULL: return makeLiteral("null");
    case T_BOOLEAN: return makeLiteral("boolean");
    case T_NUMBER: return makeLiteral("number");
    case T_STRING: return makeLiteral("string");
    case T_ARRAY: return makeLiteral("array");
    case T_OBJECT: return makeLiteral("object");
  }
  return makeLiteral("set");
}
