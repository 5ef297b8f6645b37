// From a policy's raw document ({deny, warn, patch} as the module returned it) to a PolicyResult, and the merge of
// every enforcing policy's patch into one that is known to apply.
import { EvaluationError } from './errors.js';
import { messageText } from './messages.js';
import { applyPatch, findConflicts, orderOps, PatchApplyError, readPatchOps, type PatchOp } from './patch.js';
import type { ResultRule } from './catalog.js';
import type { PolicyResult } from './types.js';

/**
 * Fills `result` from the policy's document for one endpoint (`rules`: what it answers that endpoint with, see
 * endpointRules); a malformed value becomes the policy's error.
 */
export function readPolicyDocument(result: PolicyResult, doc: unknown, rules: readonly ResultRule[], hasObject: boolean): void {
  if (doc === undefined || doc === null) return;
  try {
    if (typeof doc !== 'object' || Array.isArray(doc)) throw new Error('the policy document is not an object');
    const d = doc as Record<string, unknown>;
    if (rules.includes('deny')) result.deny = messages(d.deny, 'deny');
    if (rules.includes('warn')) result.warn = messages(d.warn, 'warn');
    // DELETE and CONNECT have no object to patch: a patch there could never apply, so it is not asked for.
    if (rules.includes('patch') && hasObject && d.patch !== undefined) result.patch = orderOps(readPatchOps(d.patch));
  } catch (err) {
    result.error = new EvaluationError('VERDICT_ERR_POLICY_RESULT', (err as Error).message, result.id);
  }
}

function messages(v: unknown, rule: string): string[] {
  if (v === undefined) return [];
  if (!Array.isArray(v)) throw new Error(`${rule} must be a set of messages, not ${typeof v}`);
  return v.map(messageText);
}

/**
 * Merges the patches of enforcing policies in id order, after taking out policies that touch the same path
 * and any policy whose operations do not apply. Those policies get the error (handled by their failure mode)
 * and contribute nothing. Returns the merged, verified patch.
 */
export function mergePatches(results: PolicyResult[], object: unknown): PatchOp[] {
  let active = results.filter((r) => r.mode === 'enforce' && !r.error && r.patch.length > 0);
  for (const c of findConflicts(active.map((r) => ({ id: r.id, ops: r.patch })))) {
    const message = `policies ${c.policies[0]} and ${c.policies[1]} both patch ${c.path || '/'}`;
    for (const id of c.policies) {
      const r = results.find((x) => x.id === id)!;
      r.error ??= new EvaluationError('VERDICT_ERR_PATCH_CONFLICT', message, id);
    }
  }
  active = active.filter((r) => !r.error);
  for (;;) {
    const owners: PolicyResult[] = [];
    const ops: PatchOp[] = [];
    for (const r of active) for (const op of r.patch) (owners.push(r), ops.push(op));
    if (ops.length === 0) return [];
    try {
      applyPatch(structuredClone(object), ops);
      return ops;
    } catch (err) {
      if (!(err instanceof PatchApplyError)) throw err;
      const owner = owners[err.index];
      owner.error = new EvaluationError('VERDICT_ERR_PATCH_APPLY', err.message, owner.id);
      active = active.filter((r) => r !== owner);
    }
  }
}

/** An errored policy's partial output is not trusted: it is dropped, and only the error remains. */
export function clearOutput(r: PolicyResult): void {
  r.deny = [];
  r.warn = [];
  r.patch = [];
}
