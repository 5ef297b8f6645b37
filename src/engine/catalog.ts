// The policy catalog: every package under `verdict.policies` with deny/warn/patch rules, and what its METADATA
// says (title, severity, kinds, operations, controls). Made at build time, stored in the bundle's manifest, read
// by the engine, so that matching a request to policies needs no evaluation.
import { FAILURE_MODES, POLICY_MODES, type FailureMode, type PolicyMode } from '../config/schema.js';
import type { Annotation, Module } from '../rego/1-parse/ast.js';
import { ruleRefPath } from '../rego/bundle/entrypoints.js';
import { RegoCompileError, type Diagnostic, type Span } from '../rego/source.js';

export const POLICY_ROOT = ['verdict', 'policies'] as const;
export const RESULT_RULES = ['deny', 'warn', 'patch'] as const;
export type ResultRule = (typeof RESULT_RULES)[number];
export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];
export const OPERATIONS = ['CREATE', 'UPDATE', 'DELETE', 'CONNECT'] as const;
export type Operation = (typeof OPERATIONS)[number];
export const CATALOG_SCHEMA = 1;

/** `group` and `kind` as in `request.kind`; `*` matches anything. */
export interface KindMatch {
  group: string;
  kind: string;
}

export interface PolicyInfo {
  /** The package path below `verdict.policies`, dot-joined: `pod_security.privileged`. */
  id: string;
  title: string;
  description?: string;
  severity: Severity;
  /** Empty: every kind. */
  kinds: KindMatch[];
  /** Empty: every operation. */
  operations: Operation[];
  controls: string[];
  /** The author's default mode and failure mode (`custom.mode`, `custom.failure`); verdict.yaml overrides them. */
  mode?: PolicyMode;
  failure?: FailureMode;
  /** Which of deny / warn / patch the package defines. */
  rules: ResultRule[];
}

export interface PolicyCatalog {
  schema: typeof CATALOG_SCHEMA;
  policies: PolicyInfo[];
}

/** Reads the catalog from parsed modules; every metadata mistake of every policy is reported at once. */
export function catalogFromModules(modules: readonly Module[]): PolicyCatalog {
  const byId = new Map<string, { rules: Set<ResultRule>; annotations: Annotation[]; span: Span }>();
  const diagnostics: Diagnostic[] = [];
  for (const m of modules) {
    const path = m.package.path;
    if (path.length <= POLICY_ROOT.length || !POLICY_ROOT.every((p, i) => path[i] === p)) continue;
    const rules = m.rules
      .filter((r) => (r.head.args?.length ?? 0) === 0)
      .map((r) => ruleRefPath(r))
      .filter((p) => p.length === 1 && (RESULT_RULES as readonly string[]).includes(p[0]))
      .map((p) => p[0] as ResultRule);
    const id = path.slice(POLICY_ROOT.length).join('.');
    const entry = byId.get(id) ?? { rules: new Set<ResultRule>(), annotations: [], span: m.package.span };
    rules.forEach((r) => entry.rules.add(r));
    entry.annotations.push(...m.annotations.filter((a) => a.scope === 'package'));
    byId.set(id, entry);
    const bad = path.slice(POLICY_ROOT.length).find((seg) => !/^[A-Za-z0-9_-]+$/.test(seg));
    if (bad !== undefined) {
      diagnostics.push({ code: 'rego_compile_error', message: `verdict: policy package segment "${bad}" may hold only letters, digits, "_" and "-"`, span: m.package.span });
    }
  }
  const policies: PolicyInfo[] = [];
  for (const [id, entry] of [...byId].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    // A package below verdict.policies without result rules is a helper library, not a policy.
    if (entry.rules.size === 0) continue;
    const meta = entry.annotations[0];
    const problem = (message: string) => diagnostics.push({ code: 'rego_compile_error', message: `verdict: policy ${id}: ${message}`, span: meta?.span ?? entry.span });
    policies.push({
      id,
      title: meta?.title ?? id,
      ...(meta?.description ? { description: meta.description } : {}),
      severity: readSeverity(field(meta, 'severity'), problem),
      kinds: readKinds(field(meta, 'kinds'), problem),
      operations: readOperations(field(meta, 'operations'), problem),
      controls: readStrings(field(meta, 'controls'), 'controls', problem),
      ...readChoice('mode', field(meta, 'mode'), POLICY_MODES, problem),
      ...readChoice('failure', field(meta, 'failure'), FAILURE_MODES, problem),
      rules: RESULT_RULES.filter((r) => entry.rules.has(r)),
    });
  }
  if (diagnostics.length > 0) throw new RegoCompileError(diagnostics);
  return { schema: CATALOG_SCHEMA, policies };
}

/** `custom.<name>` is the documented place; a top-level key is accepted too, as some authors write it there. */
function field(meta: Annotation | undefined, name: string): unknown {
  return meta?.custom?.[name] ?? meta?.raw[name];
}

function readSeverity(v: unknown, problem: (m: string) => void): Severity {
  if (v === undefined || v === null) return 'medium';
  const s = String(v).toLowerCase();
  if ((SEVERITIES as readonly string[]).includes(s)) return s as Severity;
  problem(`severity must be one of ${SEVERITIES.join(', ')} (got ${JSON.stringify(v)})`);
  return 'medium';
}

function readChoice<K extends string, T extends string>(name: K, v: unknown, allowed: readonly T[], problem: (m: string) => void): Partial<Record<K, T>> {
  if (v === undefined || v === null) return {};
  if (typeof v === 'string' && (allowed as readonly string[]).includes(v)) return { [name]: v } as Partial<Record<K, T>>;
  problem(`${name} must be one of ${allowed.join(', ')} (got ${JSON.stringify(v)})`);
  return {};
}

function readStrings(v: unknown, name: string, problem: (m: string) => void): string[] {
  if (v === undefined || v === null) return [];
  const list = Array.isArray(v) ? v : [v];
  if (!list.every((x) => typeof x === 'string' && x !== '')) {
    problem(`${name} must be a list of non-empty strings`);
    return [];
  }
  return list as string[];
}

function readOperations(v: unknown, problem: (m: string) => void): Operation[] {
  const ops = readStrings(v, 'operations', problem).map((o) => o.toUpperCase());
  if (ops.includes('*')) return [];
  const bad = ops.filter((o) => !(OPERATIONS as readonly string[]).includes(o));
  if (bad.length > 0) problem(`unknown operation ${bad.join(', ')} (known: ${OPERATIONS.join(', ')}, *)`);
  return ops.filter((o): o is Operation => (OPERATIONS as readonly string[]).includes(o));
}

/**
 * Kinds are written `Pod` (any group), `apps/Deployment`, `core/Pod` (the core group), `*`, or as
 * `{apiGroups: [...], kinds: [...]}` as Gatekeeper writes them.
 */
function readKinds(v: unknown, problem: (m: string) => void): KindMatch[] {
  if (v === undefined || v === null) return [];
  const out: KindMatch[] = [];
  for (const item of Array.isArray(v) ? v : [v]) {
    if (typeof item === 'string') {
      const slash = item.lastIndexOf('/');
      const group = slash < 0 ? '*' : item.slice(0, slash);
      const kind = slash < 0 ? item : item.slice(slash + 1);
      if (kind === '') problem(`kind "${item}" names no kind`);
      else out.push({ group: group === 'core' ? '' : group, kind });
    } else if (item && typeof item === 'object' && Array.isArray((item as Record<string, unknown>).kinds)) {
      const o = item as { apiGroups?: unknown; kinds: unknown[] };
      const groups = Array.isArray(o.apiGroups) ? o.apiGroups : ['*'];
      for (const g of groups) for (const k of o.kinds) out.push({ group: String(g), kind: String(k) });
    } else {
      problem(`kinds must be a list of "Kind", "group/Kind" or {apiGroups, kinds} (got ${JSON.stringify(item)})`);
    }
  }
  return out.some((k) => k.group === '*' && k.kind === '*') ? [] : out;
}

/** Checks a catalog read back from a bundle manifest. */
export function parseCatalog(raw: unknown, where: string): PolicyCatalog {
  const fail = (m: string): never => {
    throw new Error(`${where}: verdict policy catalog: ${m}`);
  };
  if (!raw || typeof raw !== 'object') fail('missing; build the bundle with `verdict build`');
  const c = raw as Partial<PolicyCatalog>;
  if (c.schema !== CATALOG_SCHEMA) fail(`unsupported schema ${String(c.schema)} (this Verdict reads ${CATALOG_SCHEMA})`);
  if (!Array.isArray(c.policies)) fail('policies must be a list');
  for (const [i, p] of c.policies!.entries()) {
    if (!p || typeof p.id !== 'string' || !Array.isArray(p.rules) || !Array.isArray(p.kinds) || !Array.isArray(p.operations)) {
      fail(`policies[${i}] is malformed`);
    }
  }
  return c as PolicyCatalog;
}
