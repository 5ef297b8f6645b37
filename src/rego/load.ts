/**
 * The one way Verdict loads a compiled policy: the unmodified SDK's `loadPolicy`, given the host builtins
 * (builtins Verdict runs in JavaScript rather than inside the module). Every loader in Verdict goes through here.
 *
 * Host builtins that throw are builtin errors. Each implementation is wrapped so that an exception makes the call
 * undefined and is recorded in the module (`verdict_builtin_error_set`), exactly as a failing native builtin
 * records its error: a module compiled with strict builtin errors then stops with
 * `<file>:<row>: eval_builtin_error: <builtin>: <message>`, and any other module just sees undefined (OPA's
 * default). Strictness is a property of the module, so loading takes no option.
 */
import { loadPolicy } from '@open-policy-agent/opa-wasm';
import { exactIntegerBuiltins, hostImplementations, hostNameOf, lookupBuiltin, type HostImplementation } from './builtins/index.js';
import { parseExactJson } from './builtins/host-values.js';

export type LoadedPolicy = Awaited<ReturnType<typeof loadPolicy>>;

/** The exports a host error is recorded through; absent from modules that `opa build` made. */
interface ErrorExports {
  opa_malloc?: (size: number) => number;
  verdict_builtin_error_set?: (kind: number, message: number) => void;
  /** The text of a recent opa_json_dump (src/rego/runtime/README.md, Exact integers for host builtins). */
  verdict_json_dump_recent?: (back: number) => number;
}

/** Error kinds as the runtime numbers them (src/rego/runtime/assembly/errors.ts). */
const KIND_TYPE = 1;
const KIND_BUILTIN = 2;

export interface LoadOptions {
  /** Host implementations that replace the table's, by Rego name (a test's failing builtin, an embedder's own). */
  builtins?: Record<string, HostImplementation>;
}

let implementations: Record<string, HostImplementation> | undefined;
let exactNames: Set<string> | undefined;

export async function loadWasmPolicy(wasm: Uint8Array | ArrayBuffer, memory?: WebAssembly.MemoryDescriptor, options: LoadOptions = {}): Promise<LoadedPolicy> {
  implementations ??= hostImplementations();
  exactNames ??= exactIntegerBuiltins();
  const impls = options.builtins ? { ...implementations, ...byHostName(options.builtins) } : implementations;
  const bytes = wasm instanceof Uint8Array ? wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) : wasm;
  // The wrappers need the instance, which exists only once loadPolicy returns; builtins run only during evaluate.
  const target: { exports?: ErrorExports; memory?: WebAssembly.Memory } = {};
  const policy = await loadPolicy(bytes as ArrayBuffer, memory, guarded(impls, target) as any);
  target.exports = (policy as unknown as { wasmInstance: WebAssembly.Instance }).wasmInstance.exports as ErrorExports;
  target.memory = (policy as unknown as { mem: WebAssembly.Memory }).mem;
  return policy;
}

/** Replacements named by Rego name, keyed as the module asks for them (see BuiltinEntry.hostName). */
function byHostName(builtins: Record<string, HostImplementation>): Record<string, HostImplementation> {
  return Object.fromEntries(Object.entries(builtins).map(([name, impl]) => {
    const entry = lookupBuiltin(name);
    return [entry ? hostNameOf(entry) : name, impl];
  }));
}

/** Each implementation wrapped so that an exception becomes undefined, recorded in the module as a builtin error. */
function guarded(impls: Record<string, HostImplementation>, target: { exports?: ErrorExports; memory?: WebAssembly.Memory }): Record<string, HostImplementation> {
  const out: Record<string, HostImplementation> = {};
  for (const [name, impl] of Object.entries(impls)) {
    // Only the table's own implementation expects bigints; a replacement gets what the SDK gives.
    const exact = exactNames!.has(name) && impl === implementations![name];
    out[name] = (...args: unknown[]) => {
      try {
        return impl(...(exact ? exactArguments(target, args) : args));
      } catch (err) {
        recordHostError(target, name, err);
        return undefined;
      }
    };
  }
  return out;
}

/**
 * The arguments with integers beyond 2^53 exact: the SDK has just dumped them with opa_json_dump, one per
 * argument in order, so they are the latest dumps. Each text is used only when it parses to what the SDK
 * parsed; otherwise (another SDK, no such export) the arguments stay as given.
 */
function exactArguments(target: { exports?: ErrorExports; memory?: WebAssembly.Memory }, args: unknown[]): unknown[] {
  const recent = target.exports?.verdict_json_dump_recent;
  if (!recent || !target.memory || !args.some(hasRoundedInteger)) return args;
  const out: unknown[] = [];
  for (let i = 0; i < args.length; i++) {
    const addr = recent(args.length - 1 - i);
    if (addr === 0) return args;
    const exact = parseExactJson(cString(target.memory, addr));
    if (JSON.stringify(exact, (_k, v: unknown) => (typeof v === 'bigint' ? Number(v) : v)) !== JSON.stringify(args[i])) return args;
    out.push(exact);
  }
  return out;
}

/** Whether a JSON value holds an integer a JavaScript number cannot hold exactly. */
function hasRoundedInteger(v: unknown): boolean {
  if (typeof v === 'number') return Number.isInteger(v) && !Number.isSafeInteger(v);
  if (Array.isArray(v)) return v.some(hasRoundedInteger);
  if (typeof v === 'object' && v !== null) return Object.values(v).some(hasRoundedInteger);
  return false;
}

function cString(memory: WebAssembly.Memory, addr: number): string {
  const bytes = new Uint8Array(memory.buffer);
  let end = addr;
  while (bytes[end] !== 0) end++;
  return new TextDecoder().decode(bytes.subarray(addr, end));
}

/**
 * Writes the error into the module. An error whose `code` is `eval_type_error` is a type error (an operand of the
 * wrong type); anything else is a builtin error. A message that already starts with the builtin's name (as
 * `BuiltinError` messages do) loses it: the module adds the name where it reports the call.
 */
function recordHostError(target: { exports?: ErrorExports; memory?: WebAssembly.Memory }, name: string, err: unknown): void {
  const exports = target.exports;
  const memory = target.memory;
  if (!exports?.verdict_builtin_error_set || !exports.opa_malloc || !memory) return;
  const kind = (err as { code?: unknown } | null)?.code === 'eval_type_error' ? KIND_TYPE : KIND_BUILTIN;
  let message = errorMessage(err);
  if (message.startsWith(`${name}: `)) message = message.slice(name.length + 2);
  const utf8 = new TextEncoder().encode(message.replaceAll('\0', ' '));
  const addr = exports.opa_malloc(utf8.length + 1);
  const view = new Uint8Array(memory.buffer, addr, utf8.length + 1);
  view.set(utf8);
  view[utf8.length] = 0;
  exports.verdict_builtin_error_set(kind, addr);
}

function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  if (typeof err === 'string') return err;
  const message = (err as { message?: unknown } | null)?.message;
  return typeof message === 'string' ? message : String(err);
}
