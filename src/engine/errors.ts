// EvaluationError: the one error type that leaves the engine. The SDK throws strings (opa_abort, unknown entrypoints),
// plain objects (unimplemented builtins) and WebAssembly traps; they are all normalised here, at the boundary.

export const EVALUATION_ERROR_CODES = {
  /** A complete rule or function produced two different values (OPA's eval_conflict_error). */
  VERDICT_ERR_EVAL_CONFLICT: 'a rule produced conflicting values',
  /** A builtin failed or is not available in this build. */
  VERDICT_ERR_EVAL_BUILTIN: 'a builtin function failed',
  /** The module trapped (unreachable, out-of-bounds access, bad cast). The instance is replaced. */
  VERDICT_ERR_EVAL_TRAP: 'the policy module trapped',
  /** The module ran out of its memory limit. The instance is replaced. */
  VERDICT_ERR_EVAL_MEMORY: 'the policy module ran out of memory',
  /** Evaluation recursed past the stack (deeply nested input, say). The instance is replaced. */
  VERDICT_ERR_EVAL_STACK: 'the policy evaluation overflowed the stack',
  /** Any other failure reported by the module or the SDK. */
  VERDICT_ERR_EVAL: 'the policy could not be evaluated',
  /** A policy's deny/warn/patch value has the wrong shape (a patch that is not a JSON Patch operation, say). */
  VERDICT_ERR_POLICY_RESULT: 'the policy returned a malformed result',
  /** Two policies patch the same path (or one patches inside what the other adds). */
  VERDICT_ERR_PATCH_CONFLICT: 'two policies patch the same path',
  /** A policy's patch does not apply to the object. */
  VERDICT_ERR_PATCH_APPLY: 'the patch does not apply to the object',
} as const;

export type EvaluationErrorCode = keyof typeof EVALUATION_ERROR_CODES;

/** Traps leave the instance in an unknown state: it is thrown away rather than reused. */
const INSTANCE_FATAL: ReadonlySet<EvaluationErrorCode> = new Set(['VERDICT_ERR_EVAL_TRAP', 'VERDICT_ERR_EVAL_MEMORY', 'VERDICT_ERR_EVAL_STACK']);

export class EvaluationError extends Error {
  constructor(
    readonly code: EvaluationErrorCode,
    message: string,
    /** The policy the error is attributed to, once known. */
    readonly policy?: string,
  ) {
    super(message);
    this.name = 'EvaluationError';
  }

  /** The instance that threw it must not evaluate again. */
  get instanceFatal(): boolean {
    return INSTANCE_FATAL.has(this.code);
  }

  attributedTo(policy: string): EvaluationError {
    return new EvaluationError(this.code, this.message, policy);
  }

  toJSON(): { code: string; message: string; policy?: string } {
    return { code: this.code, message: this.message, ...(this.policy ? { policy: this.policy } : {}) };
  }
}

/** Turns anything the SDK or the module threw into an EvaluationError. */
export function normaliseEvaluationError(thrown: unknown): EvaluationError {
  if (thrown instanceof EvaluationError) return thrown;
  if (thrown instanceof WebAssembly.RuntimeError) {
    return new EvaluationError('VERDICT_ERR_EVAL_TRAP', `wasm trap: ${thrown.message}`);
  }
  if (thrown instanceof RangeError) {
    if (/call stack/i.test(thrown.message)) return new EvaluationError('VERDICT_ERR_EVAL_STACK', thrown.message);
    // WebAssembly.Memory.grow() past the maximum, or an allocation the engine refused.
    if (/memory|allocation|array buffer/i.test(thrown.message)) return new EvaluationError('VERDICT_ERR_EVAL_MEMORY', thrown.message);
  }
  const message = messageOf(thrown);
  if (/eval_conflict_error/.test(message)) return new EvaluationError('VERDICT_ERR_EVAL_CONFLICT', message);
  if (/out of memory|memory limit|opa_malloc/i.test(message)) return new EvaluationError('VERDICT_ERR_EVAL_MEMORY', message);
  if (/built-?in|builtin|eval_type_error/i.test(message)) return new EvaluationError('VERDICT_ERR_EVAL_BUILTIN', message);
  return new EvaluationError('VERDICT_ERR_EVAL', message);
}

function messageOf(thrown: unknown): string {
  if (typeof thrown === 'string') return thrown;
  if (thrown instanceof Error) return thrown.message;
  if (thrown && typeof thrown === 'object' && typeof (thrown as { message?: unknown }).message === 'string') {
    return (thrown as { message: string }).message;
  }
  try {
    return JSON.stringify(thrown) ?? String(thrown);
  } catch {
    return String(thrown);
  }
}
