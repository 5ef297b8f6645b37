// Entry point of the runtime module: everything exported here is part of runtime.wasm's interface.
export { verdict_heap_base, opa_malloc, opa_free, opa_heap_ptr_get, opa_heap_ptr_set } from "./alloc";
export { opa_heap_blocks_stash, opa_heap_blocks_restore, opa_heap_stash_clear } from "./alloc";
export { opa_json_parse, opa_value_parse } from "./json_parse";
export { opa_json_dump, opa_value_dump, verdict_json_dump_recent } from "./json_dump";
export {
  opa_eval, opa_eval_ctx_new, opa_eval_ctx_set_input, opa_eval_ctx_set_data, opa_eval_ctx_set_entrypoint,
  opa_eval_ctx_get_result,
} from "./eval";
export { opa_memoize_init, opa_memoize_push, opa_memoize_pop, opa_memoize_insert, opa_memoize_get } from "./memo";
export * from "./abi";
export {
  verdict_builtin_error, verdict_builtin_error_kind, verdict_builtin_error_clear, verdict_builtin_error_set,
  verdict_builtin_error_raise,
} from "./errors";

import { evalCtx } from "./eval";
export { evalCtx as eval };
export * from "./builtins/arithmetic";
export * from "./builtins/aggregates";
export * from "./builtins/types";
export * from "./builtins/strings";
export * from "./builtins/trim";
export * from "./builtins/casts";
export * from "./builtins/sprintf";
export * from "./builtins/objects";
export * from "./builtins/jsonpaths";
export * from "./builtins/arrays";
export * from "./builtins/sets";
export * from "./builtins/encoding";
export * from "./builtins/bits";
export * from "./builtins/units";
