/** YAML builtins: marshal and unmarshal are the SDK's; is_valid runs on the host, as OPA answers it. */
import { parseAllDocuments } from 'yaml';
import { isString } from './host-values.js';
import type { BuiltinEntry } from './types.js';

/**
 * True when every document of the text parses. The SDK's own yaml.is_valid is undefined for a non-string and
 * rejects a stream of several documents, where OPA answers false and true.
 */
function isValidYaml(text: unknown): boolean {
  if (!isString(text)) return false;
  return parseAllDocuments(text).every((doc) => doc.errors.length === 0);
}

export const yaml: BuiltinEntry[] = [
  { name: 'yaml.marshal', arity: 1, sdk: true, doc: 'YAML text of a value' },
  { name: 'yaml.unmarshal', arity: 1, sdk: true, doc: 'value of a YAML text' },
  {
    name: 'yaml.is_valid',
    arity: 1,
    host: isValidYaml,
    // The SDK's implementation would win under the Rego name.
    hostName: 'verdict.yaml.is_valid',
    doc: 'true if valid YAML, every document of it (false for a non-string)',
  },
];
