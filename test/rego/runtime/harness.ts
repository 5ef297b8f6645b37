// Loads runtime.wasm (or the strict build, runtime-strict.wasm) with JavaScript stand-ins for its imports, plus
// helpers to move values in and out.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// Compiled to dist/test/rego/runtime/: the project root is four levels up.
export const projectRoot = join(dirname(fileURLToPath(import.meta.url)), '../../../..');
export const runtimePath = join(projectRoot, 'dist/src/rego/runtime/runtime.wasm');
/** The build strict modules are made from: the same runtime, recording builtin errors. */
export const strictRuntimePath = join(projectRoot, 'dist/src/rego/runtime/runtime-strict.wasm');

type Export = (...args: Array<number | bigint>) => number;

export type EvalPlan = (input: number, data: number, entrypoint: number) => number;

export interface Runtime {
  exports: Record<string, Export>;
  memory: WebAssembly.Memory;
  printed: string[];
  /** Replaces the plan the `verdict.eval_plan` import runs. */
  setPlan(plan: EvalPlan): void;
  /** Calls an export by name; throws if it does not exist. */
  call(name: string, ...args: Array<number | bigint>): number;
  /** Copies UTF-8 bytes into fresh heap memory: [address, length]. */
  bytes(text: string): [number, number];
  str(text: string): number;
  /** opa_json_parse of the text (0 when it does not parse). */
  json(text: string): number;
  /** opa_value_parse of the text (JSON plus Rego set literals). */
  value(text: string): number;
  dump(v: number): string;
  valueDump(v: number): string;
  cstring(addr: number): string;
  /** Calls builtin_<name> on arguments given in Rego literal text; returns the result's Rego text or undefined. */
  builtin(name: string, ...args: string[]): string | undefined;
}

const cachedModules = new Map<boolean, WebAssembly.Module>();

export function runtimeModule(strict = false): WebAssembly.Module {
  let module = cachedModules.get(strict);
  if (!module) {
    module = new WebAssembly.Module(readFileSync(strict ? strictRuntimePath : runtimePath));
    cachedModules.set(strict, module);
  }
  return module;
}

export function loadRuntime(memoryDescriptor: WebAssembly.MemoryDescriptor = { initial: 5 }, options: { strict?: boolean } = {}): Runtime {
  const memory = new WebAssembly.Memory(memoryDescriptor);
  const decoder = new TextDecoder();
  const encoder = new TextEncoder();
  const printed: string[] = [];
  let plan: EvalPlan = () => 0;

  const cstring = (addr: number): string => {
    const view = new Uint8Array(memory.buffer);
    let end = addr;
    while (view[end] !== 0) end++;
    return decoder.decode(view.subarray(addr, end));
  };

  const instance = new WebAssembly.Instance(runtimeModule(options.strict === true), {
    env: {
      memory,
      opa_abort: (addr: number) => { throw cstring(addr); },
      opa_println: (addr: number) => { printed.push(cstring(addr)); },
    },
    verdict: { eval_plan: (input: number, data: number, entrypoint: number) => plan(input, data, entrypoint) },
  });
  const exports = instance.exports as unknown as Record<string, Export>;

  const call = (name: string, ...args: Array<number | bigint>): number => {
    const fn = exports[name];
    if (typeof fn !== 'function') throw new Error(`runtime has no export ${name}`);
    return fn(...args);
  };
  const bytes = (text: string): [number, number] => {
    const encoded = encoder.encode(text);
    const addr = call('opa_malloc', encoded.length);
    new Uint8Array(memory.buffer).set(encoded, addr);
    return [addr, encoded.length];
  };
  const value = (text: string): number => call('opa_value_parse', ...bytes(text));
  const valueDump = (v: number): string => cstring(call('opa_value_dump', v));

  return {
    exports,
    memory,
    printed,
    setPlan: (p) => { plan = p; },
    call,
    bytes,
    str: (text) => call('opa_string', ...bytes(text)),
    json: (text) => call('opa_json_parse', ...bytes(text)),
    value,
    dump: (v) => cstring(call('opa_json_dump', v)),
    valueDump,
    cstring,
    builtin(name, ...args) {
      const values = args.map((arg) => {
        const v = value(arg);
        if (v === 0) throw new Error(`bad argument literal ${arg}`);
        return v;
      });
      const result = call(`builtin_${name.replaceAll('.', '_')}`, ...values);
      return result === 0 ? undefined : valueDump(result);
    },
  };
}
