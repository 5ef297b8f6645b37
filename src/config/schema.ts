// The verdict.yaml schema: the TypeScript types of a loaded configuration and the same shape as data for validation.
import type { AuditConfig } from '../audit/writer.js';

export const POLICY_MODES = ['enforce', 'warn', 'dryrun', 'off'] as const;
export const FAILURE_MODES = ['closed', 'open'] as const;
export type PolicyMode = (typeof POLICY_MODES)[number];
export type FailureMode = (typeof FAILURE_MODES)[number];

export interface LabelSelectorRequirement {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  values?: string[];
}

/** A Kubernetes label selector; an empty one selects nothing here (it would exempt everything). */
export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: LabelSelectorRequirement[];
}

/** Who and what is admitted without evaluation. Names may hold `*` wildcards (`team-*`, `system:serviceaccount:ci:*`). */
export interface Exemptions {
  namespaces: string[];
  users: string[];
  groups: string[];
  /** Matched against the labels of the object (the old object on DELETE). */
  labelSelector?: LabelSelector;
}

export interface PolicyConfig {
  mode?: PolicyMode;
  failure?: FailureMode;
  /** Passed to the policy as `data.verdict.parameters.<policy id path>`, over the bundle's own defaults. */
  parameters?: Record<string, unknown>;
  /** Exemptions for this policy alone, on top of the global ones. */
  exemptions?: Exemptions;
}

export interface VerdictConfig {
  /**
   * For every policy without its own setting. When absent, each policy's METADATA (`custom.mode`,
   * `custom.failure`) decides, and after that `enforce` and `closed`.
   */
  defaults: { mode?: PolicyMode; failure?: FailureMode };
  policies: Record<string, PolicyConfig>;
  exemptions: Exemptions;
  audit?: AuditConfig;
}

/** Used when a policy, the configuration and its defaults all leave a setting open. */
export const FALLBACK_MODE: PolicyMode = 'enforce';
export const FALLBACK_FAILURE: FailureMode = 'closed';

/**
 * What an absent or empty verdict.yaml means: each policy at the mode and failure mode its METADATA declares
 * (else enforce, fail closed), no exemptions.
 */
export function defaultConfig(): VerdictConfig {
  return {
    defaults: {},
    policies: {},
    exemptions: { namespaces: [], users: [], groups: [] },
  };
}

/** The shape language of the validator: just what verdict.yaml needs. */
export type Shape =
  | { type: 'string'; enum?: readonly string[]; nonEmpty?: boolean }
  | { type: 'boolean' }
  | { type: 'integer'; min?: number }
  | { type: 'array'; items: Shape }
  | { type: 'object'; fields: Record<string, Shape>; required?: readonly string[] }
  | { type: 'map'; values: Shape }
  | { type: 'any' };

const names: Shape = { type: 'array', items: { type: 'string', nonEmpty: true } };

const labelSelector: Shape = {
  type: 'object',
  fields: {
    matchLabels: { type: 'map', values: { type: 'string' } },
    matchExpressions: {
      type: 'array',
      items: {
        type: 'object',
        required: ['key', 'operator'],
        fields: {
          key: { type: 'string', nonEmpty: true },
          operator: { type: 'string', enum: ['In', 'NotIn', 'Exists', 'DoesNotExist'] },
          values: { type: 'array', items: { type: 'string' } },
        },
      },
    },
  },
};

const exemptions: Shape = {
  type: 'object',
  fields: { namespaces: names, users: names, groups: names, labelSelector },
};

const mode: Shape = { type: 'string', enum: POLICY_MODES };
const failure: Shape = { type: 'string', enum: FAILURE_MODES };

/** The fields of AuditConfig (src/audit/writer.ts); the writer checks the combinations itself. */
const audit: Shape = {
  type: 'object',
  required: ['sink'],
  fields: {
    sink: { type: 'string', enum: ['stdout', 'file'] },
    file: { type: 'string', nonEmpty: true },
    rotate: { type: 'object', fields: { maxBytes: { type: 'integer', min: 1 }, intervalMs: { type: 'integer', min: 1 } } },
    retentionDays: { type: 'integer', min: 1 },
    pseudonymise: { type: 'object', fields: { keyFile: { type: 'string', nonEmpty: true }, keyEnv: { type: 'string', nonEmpty: true } } },
    checkpoint: {
      type: 'object',
      required: ['keyFile', 'every'],
      fields: { keyFile: { type: 'string', nonEmpty: true }, every: { type: 'integer', min: 1 } },
    },
  },
};

export const CONFIG_SHAPE: Shape = {
  type: 'object',
  fields: {
    defaults: { type: 'object', fields: { mode, failure } },
    policies: {
      type: 'map',
      values: { type: 'object', fields: { mode, failure, parameters: { type: 'map', values: { type: 'any' } }, exemptions } },
    },
    exemptions,
    audit,
  },
};
