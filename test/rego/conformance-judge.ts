// Decides whether a conformance case passed from what its attempt produced, and says why not in a groupable way.
import type { ConformanceCase } from './conformance-cases.js';
import { wantsError } from './conformance-cases.js';
import { describeResult, sameResults } from './conformance-compare.js';

/** What running a case produced, stage by stage; built by the executor, judged here. */
export type Attempt =
  | { stage: 'setup'; message: string }
  | { stage: 'compile'; codes: string[]; messages: string[] }
  | { stage: 'crash'; message: string }
  | { stage: 'load'; message: string }
  | { stage: 'eval'; message: string }
  | { stage: 'timeout'; ms: number }
  | { stage: 'done'; result: unknown };

export interface CaseOutcome {
  passed: boolean;
  /** Why it failed, specific to the case (values, names). */
  reason?: string;
  /** The reason with the specifics taken out, so that like failures group together in the report. */
  group?: string;
  /** The builtin whose absence made the case fail, if that is why. */
  missingBuiltin?: string;
}

/**
 * Compile error codes that count as "the error this case wants". OPA raises these cases' errors while
 * evaluating; a compiler that proves the same conflict or type error ahead of time is right to refuse the
 * policy. A parse error, an unsupported construct or a missing builtin means we did not understand a valid
 * policy, so it never counts.
 */
const ACCEPTED_COMPILE_CODES = new Set(['rego_type_error', 'rego_compile_error']);

export function judge(c: ConformanceCase, attempt: Attempt): CaseOutcome {
  const missing = missingBuiltin(c, attempt);
  if (missing) return fail(`missing builtin: ${missing}`, 'missing builtin', missing);
  const wantErr = wantsError(c);
  switch (attempt.stage) {
    case 'setup':
      return fail(`case not runnable: ${attempt.message}`, `case not runnable: ${normalize(attempt.message)}`);
    case 'crash':
      return fail(`compiler crash: ${attempt.message}`, `compiler crash: ${normalize(attempt.message)}`);
    case 'load':
      return fail(`module rejected by the SDK: ${attempt.message}`, `module rejected by the SDK: ${normalize(attempt.message)}`);
    case 'timeout':
      return fail(`timed out after ${attempt.ms} ms`, 'timeout');
    case 'compile': {
      if (wantErr && attempt.codes.length > 0 && attempt.codes.every((code) => ACCEPTED_COMPILE_CODES.has(code))) return { passed: true };
      const first = stripLocation(attempt.messages[0] ?? 'unknown compile error');
      const more = attempt.messages.length > 1 ? ` (+${attempt.messages.length - 1} more)` : '';
      return fail(`compile error: ${first}${more}`, `compile error: ${normalize(first)}`);
    }
    case 'eval':
      if (wantErr) return { passed: true };
      return fail(`evaluation error: ${attempt.message}`, `evaluation error: ${normalize(attempt.message)}`);
    case 'done': {
      if (wantErr) {
        const wanted = c.wantErrorCode ?? c.wantError ?? '';
        if (c.strictError) {
          // OPA raises these only in strict mode; non-strict evaluation (Verdict's, OPA wasm's) is undefined instead.
          return fail(`strict_error case: expected an error (${wanted}), got ${describeResult(attempt.result)}`, 'strict builtin error not raised (strict_error case)');
        }
        return fail(`expected an error (${wanted}), got ${describeResult(attempt.result)}`, `expected an error, got a result (${c.wantErrorCode ?? 'message'})`);
      }
      if (sameResults(attempt.result, c.wantResult ?? [], c.sortBindings)) return { passed: true };
      return fail(`wrong result: want ${describeResult(c.wantResult ?? [])}, got ${describeResult(attempt.result)}`, 'wrong result');
    }
  }
}

function fail(reason: string, group: string, missingBuiltin?: string): CaseOutcome {
  return missingBuiltin ? { passed: false, reason, group, missingBuiltin } : { passed: false, reason, group };
}

/**
 * The builtin a case lacks: the checker's `builtin NAME is not supported`, a compile error
 * `undefined function NAME` for a name the case's modules do not define themselves, or the SDK's
 * `not implemented: built-in function ID: NAME` when no host implementation was supplied.
 */
export function missingBuiltin(c: Pick<ConformanceCase, 'modules'>, attempt: Attempt): string | undefined {
  const texts = attempt.stage === 'compile' ? attempt.messages : attempt.stage === 'eval' || attempt.stage === 'crash' ? [attempt.message] : [];
  for (const text of texts) {
    const sdk = /not implemented: built-in function \d+: ([\w.]+)/.exec(text);
    if (sdk) return sdk[1];
    const unsupported = /builtin ([\w.]+) is not supported/.exec(text);
    if (unsupported) return unsupported[1];
    const undef = /undefined function ([\w.]+)/.exec(text);
    if (undef && !undef[1].startsWith('data.') && !definesFunction(c.modules, undef[1])) return undef[1];
  }
  return undefined;
}

function definesFunction(modules: readonly string[], name: string): boolean {
  const last = name.split('.').pop()!;
  const head = new RegExp(`^\\s*${last.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*\\(`, 'm');
  return modules.some((m) => head.test(m));
}

/** Drops a leading `file:line:col: ` (or `file:line: `) so messages about different files group together. */
export function stripLocation(message: string): string {
  return message.replace(/^[^\n]*?:\d+(?::\d+)?: /, '');
}

/** Takes out the specifics of a message (quoted text, numbers, variable names) to make a group key. */
export function normalize(message: string): string {
  return stripLocation(message)
    .split('\n')[0]
    .replace(/"(?:[^"\\]|\\.)*"/g, '"…"')
    .replace(/`[^`]*`/g, '`…`')
    .replace(/\b(var|function|rule|ref|builtin|operand)\s+[\w.$[\]]+/g, '$1 …')
    .replace(/\d+/g, 'N')
    .slice(0, 160);
}
