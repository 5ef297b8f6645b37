// Host imports (env.opa_abort, env.opa_println, verdict.eval_plan) and the runtime's abort helper.

@external("env", "opa_abort")
declare function opa_abort(message: usize): void;

@external("env", "opa_println")
declare function opa_println(message: usize): void;

// Replaced by the emitter with the generated plan dispatcher; an import keeps the optimiser from inlining a stub.
@external("verdict", "eval_plan")
export declare function eval_plan(input: usize, data: usize, entrypoint: i32): usize;

import { MESSAGE_SIZE, messageScratch } from "./scratch";

// Static scratch for NUL-terminated messages: aborting must not depend on the heap, which may be exhausted.
const MESSAGE_BUFFER_SIZE: i32 = <i32>MESSAGE_SIZE;

// Copies an ASCII AssemblyScript literal (static UTF-16 data, no allocation) into the scratch buffer.
function cstr(message: string): usize {
  let messageBuffer = messageScratch();
  let n = min(message.length, MESSAGE_BUFFER_SIZE - 1);
  let src = changetype<usize>(message);
  for (let i = 0; i < n; i++) store<u8>(messageBuffer + i, <u8>load<u16>(src + (<usize>i << 1)));
  store<u8>(messageBuffer + n, 0);
  return messageBuffer;
}

// Aborts evaluation with a message; the SDK's opa_abort throws it as a string.
export function fail(message: string): void {
  opa_abort(cstr(message));
  unreachable();
}

// Aborts with a NUL-terminated UTF-8 message that already lives in memory.
export function failWith(message: usize): void {
  opa_abort(message);
  unreachable();
}

export function println(message: usize): void {
  opa_println(message);
}

// Target of asc's `--use abort=…`: AssemblyScript passes UTF-16 strings the host can't read, so say where instead.
export function runtimeAbort(message: usize, file: usize, line: u32, column: u32): void {
  fail("internal: runtime assertion failed");
}
