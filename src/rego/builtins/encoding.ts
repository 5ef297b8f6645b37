/** Encodings: base64, base64url, hex, JSON, and unit parsing (YAML is in yaml.ts). */
import type { BuiltinEntry } from './types.js';

export const encoding: BuiltinEntry[] = [
  { name: 'base64.encode', arity: 1, native: true, doc: 'base64 encoding' },
  { name: 'base64.decode', arity: 1, native: true, doc: 'base64 decoding' },
  { name: 'base64.is_valid', arity: 1, native: true, doc: 'true if valid base64' },
  { name: 'base64url.encode', arity: 1, native: true, doc: 'base64url encoding with padding' },
  { name: 'base64url.encode_no_pad', arity: 1, native: true, doc: 'base64url encoding without padding' },
  { name: 'base64url.decode', arity: 1, native: true, doc: 'base64url decoding' },
  { name: 'hex.encode', arity: 1, native: true, doc: 'hex encoding' },
  { name: 'hex.decode', arity: 1, native: true, doc: 'hex decoding' },
  { name: 'json.marshal', arity: 1, native: true, doc: 'JSON text of a value' },
  { name: 'json.unmarshal', arity: 1, native: true, doc: 'value of a JSON text' },
  { name: 'json.is_valid', arity: 1, native: true, doc: 'true if valid JSON (false for a non-string)' },
  { name: 'units.parse_bytes', arity: 1, native: true, doc: 'bytes from a quantity such as "10Mi"' },
  { name: 'units.parse', arity: 1, native: true, doc: 'number from a quantity such as "100m" or "2Gi"' },
];
