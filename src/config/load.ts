// Reads verdict.yaml: YAML → shape check → semantic checks → a complete VerdictConfig, every problem reported with
// its line and column so that a bad ConfigMap says exactly what to fix.
import { readFile } from 'node:fs/promises';
import { LineCounter, parseDocument, isMap, isNode, isScalar, type Document } from 'yaml';
import { UserError } from '../shared/user-error.js';
import { CONFIG_SHAPE, defaultConfig, type Exemptions, type LabelSelector, type VerdictConfig } from './schema.js';
import { formatPath, isMapping, validateShape, type Problem } from './validate.js';

/** Every problem of one configuration file, one per line in `message`. */
export class ConfigError extends UserError {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`${file}: invalid configuration:\n${problems.map((p) => `  ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export async function loadConfigFile(file: string): Promise<VerdictConfig> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new UserError(`${file}: cannot read configuration: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  return parseConfig(text, file);
}

export function parseConfig(text: string, file = 'verdict.yaml'): VerdictConfig {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number) => {
    const { line, col } = lines.linePos(offset);
    return `${file}:${line}:${col}`;
  };
  if (doc.errors.length > 0) {
    throw new ConfigError(
      file,
      doc.errors.map((e) => `${at(e.pos[0])}: ${e.message.split('\n')[0]}`),
    );
  }
  const raw: unknown = doc.toJS() ?? {};
  const problems = validateShape(raw, CONFIG_SHAPE);
  if (problems.length === 0) problems.push(...semanticProblems(raw as Record<string, unknown>));
  if (problems.length > 0) {
    throw new ConfigError(
      file,
      problems.map((p) => `${locate(doc, p, at) ?? file}: ${formatPath(p.path)}: ${p.message}`),
    );
  }
  return complete(raw as Partial<VerdictConfig>);
}

/** Problems a shape cannot express: selectors that would exempt everything, operators without values. */
function semanticProblems(raw: Record<string, unknown>): Problem[] {
  const out: Problem[] = [];
  const checkExemptions = (ex: unknown, path: string[]) => {
    if (!isMapping(ex) || ex.labelSelector === undefined) return;
    const sel = ex.labelSelector as LabelSelector;
    const where = [...path, 'labelSelector'];
    if (Object.keys(sel.matchLabels ?? {}).length === 0 && (sel.matchExpressions ?? []).length === 0) {
      out.push({ path: where, message: 'is empty, which would exempt every object; give matchLabels or matchExpressions' });
    }
    (sel.matchExpressions ?? []).forEach((req, i) => {
      const hasValues = (req.values ?? []).length > 0;
      if ((req.operator === 'In' || req.operator === 'NotIn') && !hasValues) {
        out.push({ path: [...where, 'matchExpressions', i], message: `operator ${req.operator} needs a non-empty values list` });
      }
      if ((req.operator === 'Exists' || req.operator === 'DoesNotExist') && hasValues) {
        out.push({ path: [...where, 'matchExpressions', i], message: `operator ${req.operator} takes no values` });
      }
    });
  };
  checkExemptions(raw.exemptions, ['exemptions']);
  for (const [id, p] of Object.entries((raw.policies as Record<string, unknown>) ?? {})) {
    if (isMapping(p)) checkExemptions(p.exemptions, ['policies', id, 'exemptions']);
  }
  const audit = raw.audit as Record<string, unknown> | undefined;
  if (audit?.sink === 'file' && audit.file === undefined) out.push({ path: ['audit'], message: 'sink "file" needs the field "file"' });
  return out;
}

function complete(raw: Partial<VerdictConfig>): VerdictConfig {
  const base = defaultConfig();
  const exemptions = (e: Partial<Exemptions> | undefined): Exemptions => ({
    namespaces: e?.namespaces ?? [],
    users: e?.users ?? [],
    groups: e?.groups ?? [],
    ...(e?.labelSelector ? { labelSelector: e.labelSelector } : {}),
  });
  const policies: VerdictConfig['policies'] = {};
  for (const [id, p] of Object.entries(raw.policies ?? {})) {
    policies[id] = { ...p, ...(p.exemptions ? { exemptions: exemptions(p.exemptions) } : {}) };
  }
  return {
    defaults: { ...base.defaults, ...raw.defaults },
    policies,
    exemptions: exemptions(raw.exemptions),
    ...(raw.audit ? { audit: raw.audit } : {}),
  };
}

/** `file:line:col` of the node at the problem's path, or of its closest existing parent. */
function locate(doc: Document, problem: Problem, at: (offset: number) => string): string | undefined {
  if (problem.atKey && problem.path.length > 0) {
    const parentPath = problem.path.slice(0, -1);
    const parent = parentPath.length === 0 ? doc.contents : doc.getIn(parentPath, true);
    const last = problem.path[problem.path.length - 1];
    const pair = isMap(parent) ? parent.items.find((p) => isScalar(p.key) && p.key.value === last) : undefined;
    if (pair && isNode(pair.key) && pair.key.range) return at(pair.key.range[0]);
  }
  for (let n = problem.path.length; n >= 0; n--) {
    const node = n === 0 ? doc.contents : doc.getIn(problem.path.slice(0, n), true);
    if (isNode(node) && node.range) return at(node.range[0]);
  }
  return undefined;
}
