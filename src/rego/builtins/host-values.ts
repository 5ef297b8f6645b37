/** Helpers shared by host builtin families: argument guards, builtin errors, exact integers, per-evaluation caches. */
import type { BuiltinEntry, HostImplementation } from './types.js';

export const isString = (x: unknown): x is string => typeof x === 'string';
export const isNumber = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
export const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/**
 * What OPA reports as `eval_builtin_error`: input a builtin cannot work with. `code` tells the loader what kind of
 * error to record; the message leaves out the builtin's name, which the module adds where it reports the call.
 */
export class BuiltinError extends Error {
  readonly code = 'eval_builtin_error';
}

/** What OPA reports as `eval_type_error`: an operand of the wrong type. */
export class OperandTypeError extends Error {
  readonly code = 'eval_type_error';
}

export const builtinError = (message: string): never => {
  throw new BuiltinError(message);
};
export const typeError = (message: string): never => {
  throw new OperandTypeError(message);
};

/**
 * A host implementation as it is: a throw is an OPA builtin error. The loader (src/rego/load.ts) catches it and
 * makes the call undefined, or, in a module compiled with strict builtin errors, raises it at the call.
 */
export function lenient(fn: HostImplementation): HostImplementation {
  return fn;
}

/** A family's entries; kept as the one place to adapt every host implementation of a family (see `lenient`). */
export function hostFamily(entries: BuiltinEntry[]): BuiltinEntry[] {
  return entries.map((e) => (e.host ? { ...e, host: lenient(e.host) } : e));
}

/**
 * An integer result, exact even beyond 2^53: the SDK hands an ArrayBuffer result to the module as raw JSON text,
 * so nanosecond timestamps keep every digit inside the module (a JavaScript number would round them).
 */
export function exactInteger(n: bigint): number | ArrayBuffer {
  if (n >= BigInt(Number.MIN_SAFE_INTEGER) && n <= BigInt(Number.MAX_SAFE_INTEGER)) return Number(n);
  return rawJson(n.toString());
}

/** A result given as JSON text, parsed by the module itself (see exactInteger). */
export function rawJson(text: string): ArrayBuffer {
  const bytes = new TextEncoder().encode(text);
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

/**
 * A JSON value that may hold bigints: when it does, it becomes raw JSON text with each bigint written out exactly
 * (see exactInteger); otherwise it is returned unchanged.
 */
export function exactJson(value: unknown): unknown {
  let hasBigint = false;
  const text = JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v !== 'bigint') return v;
    hasBigint = true;
    return `\u0000${v}\u0000`;
  });
  if (!hasBigint) return value;
  return rawJson(text.replace(/"\\u0000(-?\d+)\\u0000"/g, '$1'));
}

/** An integer literal too large for a JavaScript number to hold exactly. */
const isBigIntegerText = (text: string): boolean => /^-?\d+$/.test(text) && !Number.isSafeInteger(Number(text));

/**
 * JSON text parsed with every integer beyond 2^53 as an exact bigint (JSON.parse would round it). A string that
 * the marker could be mistaken for is not a concern: the loader compares the result with JSON.parse's.
 */
export function parseExactJson(text: string): unknown {
  const marked = text.replace(/"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?/g, (tok) =>
    tok.startsWith('"') || !isBigIntegerText(tok) ? tok : `"\\u0000${tok}"`,
  );
  return JSON.parse(marked, (_key, v: unknown) => (typeof v === 'string' && v.startsWith('\u0000') && isBigIntegerText(v.slice(1)) ? BigInt(v.slice(1)) : v));
}

/**
 * A cache that lives for one evaluation. The SDK evaluates synchronously, so entries are dropped in the first
 * microtask after they were made: every call within one `evaluate()` sees the same value, as OPA caches
 * `time.now_ns`, `uuid.rfc4122` and `rand.intn` per query, while the next evaluation starts afresh.
 */
export class EvaluationCache<V> {
  private entries = new Map<string, V>();
  private clearing = false;

  get(key: string, make: () => V): V {
    if (this.entries.has(key)) return this.entries.get(key)!;
    const value = make();
    this.entries.set(key, value);
    if (!this.clearing) {
      this.clearing = true;
      queueMicrotask(() => {
        this.entries.clear();
        this.clearing = false;
      });
    }
    return value;
  }
}

/** Sorts object keys recursively, as Go's encoding/json does for maps, and escapes <, > and & like it. */
export function goJson(value: unknown): string {
  return JSON.stringify(sortKeys(value)).replace(/[<>&\u2028\u2029]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (!isObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(value).sort()) out[k] = sortKeys(value[k]);
  return out;
}
