// Refuses a policy module that evaluates input it cannot parse as undefined input. Under undefined input no deny
// rule fires, so with such a module a review nested past the parser's depth would pass every policy. Runtimes
// built by earlier versions of `verdict build` (and OPA's own) read unparseable input that way; this one aborts.
import { UserError } from '../shared/user-error.js';

/** One level past the depth the runtime's JSON parser takes (MAX_DEPTH in src/rego/runtime/assembly/json_parse.ts). */
const PROBE_DEPTH = 2049;

export interface ProbedEvaluator {
  evaluate(entrypoint: string, input: ArrayBuffer): Promise<unknown>;
}

/** Evaluates `entrypoint` once with input the module cannot parse; an answer rather than an error refuses the module. */
export async function checkRefusesUnparseableInput(evaluator: ProbedEvaluator, entrypoint: string): Promise<void> {
  const text = `{"probe":${'['.repeat(PROBE_DEPTH)}${']'.repeat(PROBE_DEPTH)}}`;
  const bytes = new TextEncoder().encode(text);
  try {
    await evaluator.evaluate(entrypoint, bytes.buffer as ArrayBuffer);
  } catch {
    return;
  }
  throw new UserError(
    'the bundle was built by an earlier version of `verdict build`: its policy module evaluates a review it cannot parse ' +
      '(one nested more than 2048 levels deep) as a review without content, so no deny rule would fire; build it again with this version',
  );
}
