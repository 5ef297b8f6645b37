/** The shape of a builtin table entry, shared by every family file. */

/** A host implementation receives JSON values (sets arrive as arrays) and returns a JSON value or undefined. */
export type HostImplementation = (...args: any[]) => unknown;

export interface BuiltinEntry {
  /** The Rego name, e.g. `object.get`. */
  name: string;
  /** Number of input arguments (the optional output argument of a call is not counted). */
  arity: number;
  /**
   * Implemented in the wasm runtime, exported as `builtin_<name with dots as underscores>`. The emitter uses the
   * native implementation when the runtime exports it and otherwise falls back to `host`.
   */
  native?: boolean;
  /** Implemented in JavaScript, called through the SDK's custom-builtin hook. */
  host?: HostImplementation;
  /**
   * The name the module gives the host implementation in its `builtins` export, when it is not `name`: the SDK's
   * own implementations win over custom builtins of the same name, so a builtin whose SDK version answers
   * differently from OPA is asked for under a Verdict name.
   */
  hostName?: string;
  /**
   * Host only: integers beyond 2^53 in the arguments arrive as bigints, exact (nanosecond timestamps), instead of
   * as the numbers the SDK's JSON.parse rounds them to. The loader re-reads them from the module (src/rego/load.ts).
   */
  exactIntegers?: boolean;
  /**
   * Host only: the implementation returns an object of just the keys it sets, and the module merges it over this
   * operand (an index), so the operand's other values come back as they were. A value that crossed as JSON would
   * not: a set arrives as an array. `providers.aws.sign_req` adds headers to a request this way.
   */
  mergesOverOperand?: number;
  /** The SDK implements it itself in JavaScript (sprintf, regex.split, yaml.*; its json.is_valid is not used: Verdict's is native). */
  sdk?: boolean;
  /** Yields several results (like `walk`): the runtime returns an array of results the planner scans. */
  relation?: boolean;
  /**
   * The host implementation's result is a set: JavaScript can only hand back an array, which the module turns
   * into a set, so that set operations on the result behave as in OPA.
   */
  returnsSet?: boolean;
  /**
   * A name Rego knows but Verdict does not run (such as `http.send`, which an admission policy must not call):
   * it resolves, and can be replaced with `with`, but calling it is a compile error.
   */
  unavailable?: boolean;
  /** Short description for docs/builtins.md. */
  doc: string;
}

export function nativeExportName(name: string): string {
  return 'builtin_' + name.replace(/\./g, '_');
}
