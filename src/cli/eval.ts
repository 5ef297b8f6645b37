/**
 * `verdict eval [-d files|dirs]... [-i input.json] [--format json|raw] '<query>'`: compiles the query with the
 * policy into wasm, evaluates it once and prints the result in `opa eval`'s JSON shape.
 */
import { readFile } from 'node:fs/promises';
import { parseQuery } from '../rego/1-parse/index.js';
import type { Body, Literal } from '../rego/1-parse/ast.js';
import { compilePolicy, type CompiledPolicy } from '../rego/index.js';
import { gatherFiles, mergeData, parseDataDocument } from '../rego/files.js';
import { loadWasmPolicy } from '../rego/load.js';
import { RegoCompileError } from '../rego/source.js';
import { UserError } from '../shared/user-error.js';
import { formatFlags, parseArgs } from './args.js';
import { COMPILE_FLAGS, compileOptions } from './compile-flags.js';

const spec = {
  data: { kind: 'list', short: 'd', value: 'PATH', help: '.rego and data files or directories (data.json/data.yaml in directories land at their path)' },
  input: { kind: 'string', short: 'i', value: 'FILE', help: 'input document, JSON or YAML ("-" reads stdin)' },
  format: { kind: 'string', short: 'f', value: 'json|raw', help: 'json: opa eval\'s result object (default); raw: each expression value' },
  ...COMPILE_FLAGS,
} as const;

const USAGE = `usage: verdict eval [-d files|dirs]... [-i input.json] [--format json|raw] '<query>'\n\n${formatFlags(spec)}\n`;
const QUERY_ENTRYPOINT = 'eval';
/** Names of the variables that capture expression values; they do not start with `_`, which hides a var. */
const EXPR_VAR = 'verdict__expr';

export interface EvalExpression {
  value: unknown;
  text: string;
  location: { row: number; col: number };
}

export interface EvalRow {
  expressions: EvalExpression[];
  bindings?: Record<string, unknown>;
}

export async function run(args: string[]): Promise<number> {
  const { flags, positionals, help } = parseArgs(args, spec, 'verdict eval');
  if (help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (positionals.length !== 1) throw new UserError("verdict eval: give exactly one query, such as 'data.example.allow'");
  const format = flags.format ?? 'json';
  if (format !== 'json' && format !== 'raw') throw new UserError(`verdict eval: unknown format "${format}" (json or raw)`);

  const gathered = await gatherFiles(flags.data);
  const data = mergeData(gathered.data);
  const input = flags.input === undefined ? undefined : { value: await readInput(flags.input) };
  const rows = await evaluateQuery({
    files: gathered.modules,
    query: positionals[0],
    data,
    input,
    ...compileOptions(flags),
  });
  process.stdout.write(format === 'json' ? formatJson(rows) : formatRaw(rows));
  return 0;
}

export interface EvalRequest {
  files: Array<{ path: string; text: string }>;
  query: string;
  data: Record<string, unknown>;
  input?: { value: unknown };
  regoVersion?: 0 | 1;
  strictBuiltinErrors?: boolean;
}

/** Compiles and evaluates `query`; one row per solution, each with every expression's value and the bindings. */
export async function evaluateQuery(req: EvalRequest): Promise<EvalRow[]> {
  const body = parseQuery(req.query);
  const capture = captureValues(req.query, body);
  let compiled: CompiledPolicy;
  let captured = capture.query !== req.query;
  try {
    compiled = await compile(req, capture.query);
  } catch (err) {
    // The rewrite is a convenience: if it does not compile, the query as written still gives the bindings.
    if (!captured || !(err instanceof RegoCompileError)) throw err;
    compiled = await compile(req, req.query);
    captured = false;
  }
  const policy = await loadWasmPolicy(compiled.wasm);
  let result: unknown;
  try {
    policy.setData(req.data);
    const bytes = req.input === undefined ? undefined : new TextEncoder().encode(JSON.stringify(req.input.value)).buffer;
    result = policy.evaluate(bytes, QUERY_ENTRYPOINT);
  } catch (err) {
    throw new UserError(`verdict eval: evaluation failed: ${errorText(err)}`);
  }
  return (result as Array<Record<string, unknown>>).map((row) => {
    const expressions = body.map((lit, i) => ({
      value: captured && capture.names[i] ? row[capture.names[i]!] : true,
      text: req.query.slice(lit.span.start, lit.span.end),
      location: { row: lit.span.line, col: lit.span.col },
    }));
    const bindings = Object.fromEntries(Object.entries(row).filter(([name]) => !name.startsWith(EXPR_VAR)));
    return Object.keys(bindings).length > 0 ? { expressions, bindings } : { expressions };
  });
}

function compile(req: EvalRequest, query: string): Promise<CompiledPolicy> {
  return compilePolicy({
    files: req.files,
    entrypoints: [],
    regoVersion: req.regoVersion,
    queries: [{ name: QUERY_ENTRYPOINT, query }],
    strictBuiltinErrors: req.strictBuiltinErrors,
  });
}

/** Operators whose expression value is just "true" in opa eval's output (comparisons, unification, membership). */
const TRUTH_ONLY = new Set(['eq', 'assign', 'equal', 'neq', 'lt', 'lte', 'gt', 'gte', 'internal.member_2', 'internal.member_3']);

/**
 * Rewrites each expression that has a value of its own (`data.a.b`, `count(x)`, `input.user`) into
 * `NAME := <expr> [with ...]; NAME != false`, so that the value comes back as a binding while the expression
 * still fails when it is false, as it would in the query as written.
 */
export function captureValues(query: string, body: Body): { query: string; names: Array<string | undefined> } {
  const names: Array<string | undefined> = [];
  const parts = body.map((lit, i) => {
    const text = query.slice(lit.span.start, lit.span.end);
    if (!hasOwnValue(lit)) {
      names.push(undefined);
      return text;
    }
    const name = `${EXPR_VAR}${i}`;
    names.push(name);
    const term = lit.expr.kind === 'term' ? lit.expr.term : undefined;
    const termEnd = term!.span.end;
    return `${name} := ${query.slice(term!.span.start, termEnd)}${query.slice(termEnd, lit.span.end)}\n${name} != false`;
  });
  return names.some((n) => n !== undefined) ? { query: parts.join('\n'), names } : { query, names };
}

function hasOwnValue(lit: Literal): boolean {
  if (lit.negated || lit.expr.kind !== 'term') return false;
  const term = lit.expr.term;
  return !(term.kind === 'call' && TRUTH_ONLY.has(term.operator));
}

async function readInput(file: string): Promise<unknown> {
  let text: string;
  try {
    text = file === '-' ? await readStdin() : await readFile(file, 'utf8');
  } catch (err) {
    throw new UserError(`verdict eval: cannot read input ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  // Stdin has no file name: JSON is tried first, and YAML (a superset) otherwise.
  return parseDataDocument(file === '-' ? (text.trimStart().startsWith('{') || text.trimStart().startsWith('[') ? 'stdin.json' : 'stdin.yaml') : file, text);
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** opa eval's JSON: `{"result": [...]}`, or `{}` when the query is undefined. */
export function formatJson(rows: EvalRow[]): string {
  return JSON.stringify(rows.length > 0 ? { result: rows } : {}, null, 2) + '\n';
}

/** One line per expression value of each row; strings without quotes, as `opa eval --format raw` prints them. */
export function formatRaw(rows: EvalRow[]): string {
  const lines: string[] = [];
  for (const row of rows) {
    for (const e of row.expressions) lines.push(typeof e.value === 'string' ? e.value : JSON.stringify(e.value, null, 2));
  }
  return lines.length > 0 ? lines.join('\n') + '\n' : '';
}

/** The SDK throws strings (opa_abort) and plain objects (missing builtins); one line of text for each. */
export function errorText(err: unknown): string {
  if (typeof err === 'string') return err;
  if (err && typeof err === 'object' && 'message' in err) return String((err as { message: unknown }).message);
  return String(err);
}
