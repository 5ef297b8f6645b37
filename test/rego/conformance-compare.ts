// Compares a query's result set with a case's want_result, the way OPA's conformance harness does.

/**
 * Result rows are compared as a multiset: the wasm module returns its result set in value order, while OPA's
 * expected rows follow its interpreter's evaluation order. Object keys never matter; numbers compare by value
 * (`1` equals `1.0`). With `sortBindings`, arrays inside the values are compared ignoring order too (sets are
 * dumped as arrays, and OPA's cases mark the cases whose order is not fixed).
 */
export function sameResults(actual: unknown, want: ReadonlyArray<Record<string, unknown>>, sortBindings: boolean): boolean {
  if (!Array.isArray(actual)) return false;
  const a = actual.map((row) => canonical(row, sortBindings)).sort();
  const w = want.map((row) => canonical(row, sortBindings)).sort();
  return a.length === w.length && a.every((row, i) => row === w[i]);
}

/** A JSON text that is equal for equal values: sorted keys, numbers by value, optionally sorted arrays. */
export function canonical(value: unknown, sortArrays: boolean): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'number') return numberText(value);
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'string' || typeof value === 'boolean') return JSON.stringify(value);
  if (Array.isArray(value)) {
    const items = value.map((v) => canonical(v, sortArrays));
    if (sortArrays) items.sort();
    return `[${items.join(',')}]`;
  }
  if (value instanceof Map) {
    // The yaml library gives a Map for mappings with non-scalar keys; compare it as the object it dumps to.
    return canonical(Object.fromEntries([...value].map(([k, v]) => [String(k), v])), sortArrays);
  }
  if (value instanceof Set) return canonical([...value], sortArrays);
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(obj[k], sortArrays)}`).join(',')}}`;
}

function numberText(n: number): string {
  if (Object.is(n, -0)) return '0';
  return Number.isFinite(n) ? String(n) : JSON.stringify(String(n));
}

/** A short text of a result for a failure reason; long values are cut so a report stays readable. */
export function describeResult(value: unknown, max = 240): string {
  let text: string;
  try {
    text = canonical(value, false);
  } catch {
    text = String(value);
  }
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
