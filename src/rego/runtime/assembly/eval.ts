// Evaluation entry points: opa_eval (ABI 1.2 fast path) and the eval context functions (ABI 1.0).
import { opa_heap_ptr_set } from "./alloc";
import { eval_plan, fail } from "./env";
import { dumpToCString, DUMP_JSON } from "./json_dump";
import { parse } from "./json_parse";
import { opa_memoize_init } from "./memo";
import { verdict_builtin_error_clear } from "./errors";
import { alloc } from "./alloc";
import { makeSet } from "./value";

// The SDK writes the input bytes at the heap pointer it then passes as heap_ptr minus input_len; setting the
// heap first keeps every allocation above them.
export function opa_eval(reserved: i32, entrypoint: i32, data: usize, input: usize, inputLen: u32, heapPtr: usize, format: i32): usize {
  if (reserved != 0) fail("invalid reserved argument");
  opa_heap_ptr_set(heapPtr);
  // No input bytes means undefined input. Bytes that don't parse (not JSON, or nested past the parser's depth
  // limit) abort: OPA's runtime evaluates them as undefined input, under which no deny rule fires, so an
  // admission review nested deep enough would pass every policy unexamined.
  let inputValue: usize = 0;
  if (inputLen != 0) {
    inputValue = parse(input, inputLen, true);
    if (inputValue == 0) fail("opa_eval: the input does not parse (not JSON, or nested more than 2048 levels deep)");
  }
  let result = run(inputValue, data, entrypoint);
  return dumpToCString(result, format == 1 ? 0 : DUMP_JSON);
}

function run(input: usize, data: usize, entrypoint: i32): usize {
  opa_memoize_init();
  // An evaluation that aborted on a builtin error leaves it recorded; the next one starts clean.
  verdict_builtin_error_clear();
  let result = eval_plan(input, data, entrypoint);
  // A plan always yields a result set; an empty one is the safe reading of "nothing".
  return result == 0 ? makeSet(0) : result;
}

// Context layout (as OPA's): input @0, data @4, result @8, entrypoint @12.
export function opa_eval_ctx_new(): usize {
  let ctx = alloc(16);
  memory.fill(ctx, 0, 16);
  return ctx;
}

export function opa_eval_ctx_set_input(ctx: usize, v: usize): void { store<u32>(ctx, <u32>v, 0); }
export function opa_eval_ctx_set_data(ctx: usize, v: usize): void { store<u32>(ctx, <u32>v, 4); }
export function opa_eval_ctx_set_entrypoint(ctx: usize, entrypoint: i32): void { store<i32>(ctx, entrypoint, 12); }
export function opa_eval_ctx_get_result(ctx: usize): usize { return load<u32>(ctx, 8); }

// Exported as `eval`. Always returns 0: failures abort through opa_abort.
export function evalCtx(ctx: usize): i32 {
  let result = run(load<u32>(ctx, 0), load<u32>(ctx, 4), load<i32>(ctx, 12));
  store<u32>(ctx, <u32>result, 8);
  return 0;
}
