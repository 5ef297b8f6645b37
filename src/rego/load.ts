/**
 * The one way Verdict loads a compiled policy: the unmodified SDK's `loadPolicy`, given the host builtins
 * (builtins Verdict runs in JavaScript rather than inside the module). Every loader in Verdict goes through here.
 */
import { loadPolicy } from '@open-policy-agent/opa-wasm';
import { hostImplementations } from './builtins/index.js';

export type LoadedPolicy = Awaited<ReturnType<typeof loadPolicy>>;

let hostBuiltins: Record<string, (...args: any[]) => unknown> | undefined;

export async function loadWasmPolicy(wasm: Uint8Array | ArrayBuffer, memory?: WebAssembly.MemoryDescriptor): Promise<LoadedPolicy> {
  hostBuiltins ??= hostImplementations();
  const bytes = wasm instanceof Uint8Array ? wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) : wasm;
  return loadPolicy(bytes as ArrayBuffer, memory, hostBuiltins as any);
}
