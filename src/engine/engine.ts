// The Engine: a bundle and a configuration bound together (settings resolved per policy, parameters in the data,
// one wasm instance), and `decide`, which turns one AdmissionReview into a Decision.
import { defaultConfig, FALLBACK_FAILURE, FALLBACK_MODE, type FailureMode, type PolicyMode, type VerdictConfig } from '../config/index.js';
import { isPlainObject } from '../rego/files.js';
import type { PolicyInfo, ResultRule } from './catalog.js';
import type { EngineBundle } from './bundle.js';
import { normaliseEvaluationError } from './errors.js';
import { Evaluator, type EvaluatorLimits } from './evaluator.js';
import { checkRefusesUnparseableInput } from './input-probe.js';
import { ENABLED_DATA_PATH, ENDPOINT_ENTRYPOINTS, endpointRules, policyEntrypoint, type EndpointName } from './main-module.js';
import { ExemptionMatcher, policyMatches, type RequestFacts } from './match.js';
import { finishWarnings } from './messages.js';
import { clearOutput, mergePatches, readPolicyDocument } from './results.js';
import type { ActiveMode, AdmissionReviewLike, DecideOptions, Decision, DecisionKind, PolicyResult } from './types.js';

export interface EngineOptions {
  bundle: EngineBundle;
  /** Default: enforce everything, fail closed, no exemptions. */
  config?: VerdictConfig;
  limits?: EvaluatorLimits;
}

interface ResolvedPolicy {
  info: PolicyInfo;
  index: number;
  mode: PolicyMode;
  failure: FailureMode;
  exemptions?: ExemptionMatcher;
  /** What the policy answers each endpoint with (endpointRules), worked out once rather than per request. */
  rules: Readonly<Record<EndpointName, readonly ResultRule[]>>;
}

/** Shared by every result with nothing to say: results are rebuilt per request, their empty lists need not be. */
const NONE: never[] = Object.freeze([]) as unknown as never[];

export class Engine {
  /** Problems worth a log line that do not stop the engine (a configured policy the bundle lacks, say). */
  readonly notices: string[] = [];
  private readonly policies: ResolvedPolicy[];
  private readonly exemptions: ExemptionMatcher;

  private constructor(
    readonly bundle: EngineBundle,
    readonly config: VerdictConfig,
    private readonly evaluator: Evaluator | undefined,
    policies: ResolvedPolicy[],
  ) {
    this.policies = policies;
    this.exemptions = new ExemptionMatcher(config.exemptions);
    const known = new Set(bundle.catalog.policies.map((p) => p.id));
    for (const id of Object.keys(config.policies)) {
      if (!known.has(id)) this.notices.push(`the configuration names policy "${id}", which the bundle does not have`);
    }
  }

  static async create(options: EngineOptions): Promise<Engine> {
    const config = options.config ?? defaultConfig();
    const policies = options.bundle.catalog.policies.map((info, index): ResolvedPolicy => {
      const own = config.policies[info.id] ?? {};
      return {
        info,
        index,
        // The operator's word (this policy, then every policy) over the author's, then the safe fallback.
        mode: own.mode ?? config.defaults.mode ?? info.mode ?? FALLBACK_MODE,
        failure: own.failure ?? config.defaults.failure ?? info.failure ?? FALLBACK_FAILURE,
        ...(own.exemptions ? { exemptions: new ExemptionMatcher(own.exemptions) } : {}),
        rules: { validate: endpointRules(info, 'validate'), mutate: endpointRules(info, 'mutate') },
      };
    });
    const enabled = policies.some((p) => p.mode !== 'off');
    // With nothing to evaluate there is no reason to hold an instance at all.
    const evaluator = enabled ? await Evaluator.create(options.bundle.wasm, engineData(options.bundle.data, config, policies), options.limits) : undefined;
    if (evaluator) await checkRefusesUnparseableInput(evaluator, ENDPOINT_ENTRYPOINTS.validate);
    return new Engine(options.bundle, config, evaluator, policies);
  }

  get revision(): string {
    return this.bundle.revision;
  }

  /** Wasm instances thrown away and made again (after a trap, or grown large): for logs and tests. */
  get instanceReplacements(): number {
    return this.evaluator?.replacements ?? 0;
  }

  /** Mode and failure mode per policy id, as resolved from the configuration. */
  settings(): Array<{ id: string; mode: PolicyMode; failure: FailureMode }> {
    return this.policies.map((p) => ({ id: p.info.id, mode: p.mode, failure: p.failure }));
  }

  async decide(review: AdmissionReviewLike, options: DecideOptions): Promise<Decision> {
    const started = performance.now();
    const req = review.request;
    const facts = requestFacts(review);
    const decision: Decision = {
      uid: String(req.uid),
      origin: options.origin,
      endpoint: options.endpoint,
      allowed: true,
      kind: 'allowed',
      dryRun: req.dryRun === true,
      evaluated: false,
      policies: [],
      warnings: [],
      patch: [],
      bundle: { revision: this.bundle.revision, digest: this.bundle.digest },
      timings: { evaluationMs: 0, totalMs: 0 },
    };
    const finish = () => ((decision.timings.totalMs = performance.now() - started), decision);

    const exemption = this.exemptions.match(facts);
    if (exemption) return (decision.exemption = exemption), finish();
    const endpoint = options.endpoint;
    const applicable: ResolvedPolicy[] = [];
    for (const p of this.policies) {
      if (p.mode !== 'off' && p.rules[endpoint].length > 0 && policyMatches(p.info, facts) && !p.exemptions?.match(facts)) applicable.push(p);
    }
    if (applicable.length === 0 || !this.evaluator) return finish();

    const evalStart = performance.now();
    const docs = await this.evaluate(options.endpoint, applicable, options.input ?? review);
    decision.timings.evaluationMs = performance.now() - evalStart;
    decision.evaluated = true;

    const hasObject = isPlainObject(req.object);
    decision.policies = applicable.map((p) => {
      const result: PolicyResult = {
        id: p.info.id,
        title: p.info.title,
        severity: p.info.severity,
        controls: p.info.controls,
        mode: p.mode as ActiveMode,
        failure: p.failure,
        deny: NONE,
        warn: NONE,
        patch: NONE,
      };
      const doc = docs.get(p.info.id);
      if (doc?.error) result.error = doc.error;
      else readPolicyDocument(result, doc?.value, p.rules[endpoint], hasObject);
      return result;
    });
    if (options.endpoint === 'mutate') decision.patch = mergePatches(decision.policies, req.object);
    for (const r of decision.policies) if (r.error) clearOutput(r);
    combine(decision);
    return finish();
  }

  /**
   * One evaluation of the endpoint's rule for all policies. Only if it fails is each applicable policy evaluated alone,
   * so that the error lands on the policy that caused it and every other policy still gets its answer.
   */
  private async evaluate(endpoint: EndpointName, applicable: ResolvedPolicy[], input: ArrayBuffer | object): Promise<Map<string, PolicyDocument>> {
    const docs = new Map<string, PolicyDocument>();
    try {
      const all = (await this.evaluator!.evaluate(ENDPOINT_ENTRYPOINTS[endpoint], input)) as Record<string, unknown> | undefined;
      for (const p of applicable) docs.set(p.info.id, { value: all?.[p.info.id] });
      return docs;
    } catch {
      for (const p of applicable) {
        try {
          docs.set(p.info.id, { value: await this.evaluator!.evaluate(policyEntrypoint(endpoint, p.index), input) });
        } catch (thrown) {
          docs.set(p.info.id, { error: normaliseEvaluationError(thrown).attributedTo(p.info.id) });
        }
      }
      return docs;
    }
  }
}

interface PolicyDocument {
  value?: unknown;
  error?: ReturnType<typeof normaliseEvaluationError>;
}

/** Applies modes and failure modes: what denies, what only warns, what is only recorded. */
function combine(d: Decision): void {
  const denials: string[] = [];
  const failedClosed: string[] = [];
  const warnings: string[] = [];
  let failedOpen = false;
  for (const r of d.policies) {
    if (r.error === undefined && r.deny.length + r.warn.length + r.patch.length === 0) continue;
    const tag = `[${r.id}]`;
    if (r.error) {
      const what = `${tag} could not be evaluated (${r.error.code})`;
      if (r.mode === 'enforce' && r.failure === 'closed') failedClosed.push(`${what}: ${r.error.message}`);
      else if (r.mode === 'enforce') (warnings.push(`${what}; admitted because the policy fails open`), (failedOpen = true));
      else if (r.mode === 'warn') warnings.push(what);
      continue;
    }
    if (r.mode === 'dryrun') continue;
    if (r.mode === 'enforce') denials.push(...r.deny.map((m) => `${tag} ${m}`));
    else warnings.push(...r.deny.map((m) => `${tag} ${m}`));
    warnings.push(...r.warn.map((m) => `${tag} ${m}`));
    if (r.mode === 'warn' && r.patch.length > 0) {
      warnings.push(`${tag} would patch ${[...new Set(r.patch.map((op) => op.path))].join(', ')} (warn mode: not applied)`);
      r.patch = [];
    }
  }
  d.warnings = finishWarnings(warnings);
  d.allowed = denials.length === 0 && failedClosed.length === 0;
  if (!d.allowed) d.message = [...denials, ...failedClosed].join('; ');
  const kind: DecisionKind = !d.allowed
    ? denials.length > 0
      ? 'denied'
      : 'error'
    : failedOpen
      ? 'error'
      : d.patch.length > 0
        ? 'patched'
        : d.warnings.length > 0
          ? 'warned'
          : 'allowed';
  d.kind = kind;
  // A denied request is not mutated.
  if (!d.allowed) d.patch = [];
}

function requestFacts(review: AdmissionReviewLike): RequestFacts {
  const req = review.request;
  const object = (isPlainObject(req.object) ? req.object : isPlainObject(req.oldObject) ? req.oldObject : {}) as { metadata?: { labels?: unknown } };
  const labels = isPlainObject(object.metadata?.labels) ? (object.metadata!.labels as Record<string, string>) : {};
  return {
    operation: String(req.operation ?? ''),
    kind: { group: String(req.kind?.group ?? ''), version: String(req.kind?.version ?? ''), kind: String(req.kind?.kind ?? '') },
    namespace: typeof req.namespace === 'string' ? req.namespace : '',
    username: String(req.userInfo?.username ?? ''),
    groups: Array.isArray(req.userInfo?.groups) ? req.userInfo!.groups.map(String) : [],
    labels,
  };
}

/**
 * The data document: the bundle's data, with the configuration's parameters over it at
 * `verdict.parameters.<id path>`, and the set of enabled policies the generated `results` rule checks.
 */
export function engineData(bundleData: Record<string, unknown>, config: VerdictConfig, policies: ReadonlyArray<{ info: PolicyInfo; mode: PolicyMode }>): Record<string, unknown> {
  const data = structuredClone(bundleData);
  for (const [id, p] of Object.entries(config.policies)) {
    if (p.parameters) setMerged(data, ['verdict', 'parameters', ...id.split('.')], p.parameters);
  }
  const enabled: Record<string, boolean> = {};
  for (const p of policies) if (p.mode !== 'off') enabled[p.info.id] = true;
  setMerged(data, [...ENABLED_DATA_PATH], enabled, true);
  return data;
}

function setMerged(root: Record<string, unknown>, path: string[], value: Record<string, unknown>, replace = false): void {
  let node = root;
  for (const key of path.slice(0, -1)) {
    if (!isPlainObject(node[key])) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  const last = path[path.length - 1];
  node[last] = !replace && isPlainObject(node[last]) ? deepMerge(node[last] as Record<string, unknown>, value) : value;
}

function deepMerge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = isPlainObject(out[k]) && isPlainObject(v) ? deepMerge(out[k] as Record<string, unknown>, v) : v;
  return out;
}
