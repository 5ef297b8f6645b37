// Runs one conformance case through Verdict's real pipeline: compilePolicy → loadWasmPolicy → setData → evaluate.
import { compilePolicy } from '../../src/rego/index.js';
import { loadWasmPolicy } from '../../src/rego/load.js';
import { RegoCompileError } from '../../src/rego/source.js';
import type { ConformanceCase } from './conformance-cases.js';
import type { Attempt } from './conformance-judge.js';

/** The name of the query entrypoint every case compiles. */
export const QUERY_ENTRYPOINT = 'conformance/query';

export async function attemptCase(c: ConformanceCase): Promise<Attempt> {
  let query = c.query;
  let input: { value: unknown } | undefined = c.hasInput ? { value: c.input } : undefined;
  if (c.inputTerm !== undefined) {
    const prepared = prepareInputTerm(c.query, c.inputTerm);
    if ('error' in prepared) return { stage: 'setup', message: prepared.error };
    query = prepared.query;
    input = prepared.input;
  }

  // Modules are named after the case so compile errors say which case they come from.
  const files = c.modules.map((text, i) => ({ path: `test/${c.note}/${i}.rego`, text }));
  let wasm: Uint8Array;
  try {
    // `strict_error: true` means the case runs with OPA's strict builtin errors.
    wasm = (await compilePolicy({
      files,
      entrypoints: [],
      regoVersion: c.regoVersion,
      queries: [{ name: QUERY_ENTRYPOINT, query }],
      strictBuiltinErrors: c.strictError,
    })).wasm;
  } catch (err) {
    if (err instanceof RegoCompileError) {
      return { stage: 'compile', codes: err.diagnostics.map((d) => d.code), messages: err.message.split('\n') };
    }
    return { stage: 'crash', message: errorText(err) };
  }

  let policy;
  try {
    policy = await loadWasmPolicy(wasm);
  } catch (err) {
    return { stage: 'load', message: errorText(err) };
  }
  try {
    policy.setData((c.data ?? {}) as object);
    // Input goes in as JSON bytes: the SDK drops a falsy input value (false, 0, "", null), but not a buffer.
    const bytes = input === undefined ? undefined : new TextEncoder().encode(JSON.stringify(input.value)).buffer;
    return { stage: 'done', result: policy.evaluate(bytes, QUERY_ENTRYPOINT) };
  } catch (err) {
    return { stage: 'eval', message: errorText(err) };
  }
}

/**
 * An `input_term` is Rego, not JSON. When it is also JSON it is passed as input; otherwise (set literals,
 * trailing commas) every expression of the query gets `with input as <term>`, so the compiler evaluates it.
 */
export function prepareInputTerm(query: string, term: string): { query: string; input?: { value: unknown } } | { error: string } {
  try {
    return { query, input: { value: JSON.parse(term) } };
  } catch {
    // Not JSON: fall through to the rewrite.
  }
  const literals = splitQuery(query);
  if (literals === undefined) return { error: 'cannot split the query into expressions to apply input_term' };
  return { query: literals.map((l) => `${l} with input as ${term}`).join('; ') };
}

/**
 * Splits a query at top-level `;` and newlines (outside brackets and strings). Returns undefined for text it
 * cannot split with confidence (unbalanced brackets, an unterminated string).
 */
export function splitQuery(query: string): string[] | undefined {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (let i = 0; i < query.length; i++) {
    const ch = query[i];
    if (ch === '"' || ch === '`') {
      const end = closingQuote(query, i);
      if (end < 0) return undefined;
      current += query.slice(i, end + 1);
      i = end;
      continue;
    }
    if (ch === '#') {
      // A comment runs to the end of the line; the newline itself still separates expressions.
      const nl = query.indexOf('\n', i);
      i = (nl < 0 ? query.length : nl) - 1;
      continue;
    }
    if (ch === '(' || ch === '[' || ch === '{') depth++;
    else if ((ch === ')' || ch === ']' || ch === '}') && --depth < 0) return undefined;
    if (depth === 0 && (ch === ';' || ch === '\n')) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  if (depth !== 0) return undefined;
  parts.push(current);
  return parts.map((p) => p.trim()).filter((p) => p !== '');
}

function closingQuote(text: string, open: number): number {
  const quote = text[open];
  for (let i = open + 1; i < text.length; i++) {
    if (quote === '"' && text[i] === '\\') i++;
    else if (text[i] === quote) return i;
  }
  return -1;
}

/** The SDK throws strings (opa_abort) and plain objects (missing builtins); give every kind one line of text. */
export function errorText(err: unknown): string {
  if (typeof err === 'string') return err;
  if (err instanceof Error) return err.message;
  if (err && typeof err === 'object' && typeof (err as { message?: unknown }).message === 'string') return (err as { message: string }).message;
  try {
    return JSON.stringify(err);
  } catch {
    return String(err);
  }
}
