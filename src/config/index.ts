// verdict.yaml: the schema, the loader, and the per-policy settings the decision engine resolves from it.
export {
  defaultConfig,
  FAILURE_MODES,
  FALLBACK_FAILURE,
  FALLBACK_MODE,
  POLICY_MODES,
  type Exemptions,
  type FailureMode,
  type LabelSelector,
  type PolicyConfig,
  type PolicyMode,
  type VerdictConfig,
} from './schema.js';
export { ConfigError, loadConfigFile, parseConfig } from './load.js';
