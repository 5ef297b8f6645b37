/**
 * The one list of names where generated code meets the runtime and the SDK: runtime exports the emitter
 * calls, the hook it replaces, and the exports it adds for the SDK.
 */

/** Runtime exports called by generated code (see src/rego/runtime/README.md). */
export const RT = {
  malloc: 'opa_malloc',
  null: 'opa_null',
  boolean: 'opa_boolean',
  numberInt: 'opa_number_int',
  numberRef: 'opa_number_ref',
  string: 'opa_string',
  array: 'opa_array_with_cap',
  object: 'opa_object',
  set: 'opa_set',
  arrayAppend: 'opa_array_append',
  objectInsert: 'opa_object_insert',
  objectInsertOnce: 'verdict_object_insert_once',
  setAdd: 'opa_set_add',
  type: 'opa_value_type',
  get: 'opa_value_get',
  len: 'verdict_len',
  keyAt: 'verdict_key_at',
  valueAt: 'verdict_value_at',
  equal: 'verdict_value_equal',
  merge: 'opa_value_merge',
  upsert: 'verdict_upsert_path',
  isFalse: 'verdict_is_false',
  memoGet: 'opa_memoize_get',
  memoInsert: 'opa_memoize_insert',
  /** Strict modules only: (location, builtin) → aborts if the builtin that just returned 0 recorded an error. */
  builtinErrorRaise: 'verdict_builtin_error_raise',
} as const;

/** Value type tags returned by `opa_value_type`. */
export const TYPE_TAG = { null: 1, boolean: 2, number: 3, string: 4, array: 5, object: 6, set: 7 } as const;

/** The runtime imports this; the emitter replaces it with the generated plan dispatcher. */
export const EVAL_PLAN_IMPORT = { module: 'verdict', base: 'eval_plan' } as const;

/** Imports the SDK supplies (module `env`). */
export const SDK_IMPORTS = { abort: 'opa_abort', builtin: (n: number) => `opa_builtin${n}` } as const;

/** Exports the emitter adds for the SDK. */
export const GENERATED_EXPORTS = { entrypoints: 'entrypoints', builtins: 'builtins' } as const;
