/**
 * The decision engine: the one place an AdmissionReview becomes a Decision, shared by `verdict serve`,
 * `verdict review` and `verdict scan`.
 *
 *   const bundle = await readEngineBundle('policies.tar.gz');          // built by `verdict build`
 *   const engine = await createEngine({ bundle, config });             // config from loadConfigFile(); optional
 *   const decision = await engine.decide(review, { origin: 'admission', endpoint: 'validate' });
 *
 * - `origin` ('admission' | 'dryrun' | 'scan') is a label for audit and metrics; it never changes the decision.
 * - `endpoint` 'validate' acts on deny/warn rules, 'mutate' on patch rules (merged, checked to apply).
 * - Pass `input` (the review's JSON bytes in an ArrayBuffer of its own) when you have them: it saves a stringify.
 * - All policies are evaluated in ONE wasm evaluation (the generated `verdict/main/validate` or `verdict/main/mutate`
 *   entrypoint); a review that no enabled policy matches by kind and operation, or that an exemption covers, is
 *   not evaluated at all.
 * - Evaluation problems never throw out of `decide`: they become a policy's `error` (an EvaluationError with a
 *   VERDICT_ERR_* code) and are settled by that policy's failure mode (`closed` denies, `open` admits and warns).
 * - The Decision feeds the response encoder, `decisionForAudit` and the metrics alike.
 * - An engine is immutable: a new bundle or configuration means a new engine (swap the reference).
 */
import { Engine, type EngineOptions } from './engine.js';

export function createEngine(options: EngineOptions): Promise<Engine> {
  return Engine.create(options);
}

export { Engine, type EngineOptions } from './engine.js';
export { readEngineBundle, type EngineBundle } from './bundle.js';
export { buildPolicyBundle, planVerdictBuild, withCatalog, MANIFEST_CATALOG_KEY, type VerdictBuildPlan } from './build.js';
export { decisionForAudit } from './audit.js';
export { EvaluationError, EVALUATION_ERROR_CODES, type EvaluationErrorCode } from './errors.js';
export type { PolicyCatalog, PolicyInfo, Severity } from './catalog.js';
export type { EvaluatorLimits } from './evaluator.js';
export type { ExemptionMatch } from './match.js';
export type { PatchOp } from './patch.js';
export {
  firedPolicies,
  type AdmissionRequestLike,
  type AdmissionReviewLike,
  type DecideOptions,
  type Decision,
  type DecisionKind,
  type Endpoint,
  type Origin,
  type PolicyResult,
} from './types.js';
