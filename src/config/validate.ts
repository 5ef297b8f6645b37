// Checks a parsed value against a Shape and lists every problem with the path where it sits.
import type { Shape } from './schema.js';

export interface Problem {
  path: Array<string | number>;
  message: string;
  /** Point at the key rather than the value (an unknown field is its key's fault). */
  atKey?: boolean;
}

export function validateShape(value: unknown, shape: Shape, path: Array<string | number> = [], out: Problem[] = []): Problem[] {
  const problem = (message: string) => out.push({ path, message });
  switch (shape.type) {
    case 'any':
      return out;
    case 'string':
      if (typeof value !== 'string') problem(`must be a string, not ${describe(value)}`);
      else if (shape.enum && !shape.enum.includes(value)) problem(`must be one of ${shape.enum.join(', ')} (got "${value}")`);
      else if (shape.nonEmpty && value === '') problem('must not be empty');
      return out;
    case 'boolean':
      if (typeof value !== 'boolean') problem(`must be true or false, not ${describe(value)}`);
      return out;
    case 'integer':
      if (typeof value !== 'number' || !Number.isInteger(value)) problem(`must be a whole number, not ${describe(value)}`);
      else if (shape.min !== undefined && value < shape.min) problem(`must be at least ${shape.min} (got ${value})`);
      return out;
    case 'array':
      if (!Array.isArray(value)) problem(`must be a list, not ${describe(value)}`);
      else value.forEach((item, i) => validateShape(item, shape.items, [...path, i], out));
      return out;
    case 'map':
      if (!isMapping(value)) problem(`must be a mapping, not ${describe(value)}`);
      else for (const [k, v] of Object.entries(value)) validateShape(v, shape.values, [...path, k], out);
      return out;
    case 'object': {
      if (!isMapping(value)) {
        problem(`must be a mapping, not ${describe(value)}`);
        return out;
      }
      for (const key of shape.required ?? []) {
        if (value[key] === undefined) out.push({ path, message: `needs the field "${key}"` });
      }
      for (const [k, v] of Object.entries(value)) {
        const field = shape.fields[k];
        if (!field) out.push({ path: [...path, k], message: `unknown field (known: ${Object.keys(shape.fields).join(', ')})`, atKey: true });
        else validateShape(v, field, [...path, k], out);
      }
      return out;
    }
  }
}

export function isMapping(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'string') return `the string "${v.length > 40 ? v.slice(0, 40) + '…' : v}"`;
  return `${typeof v} ${String(v)}`;
}

/** `policies.privileged.mode`, `exemptions.users[2]`. */
export function formatPath(path: ReadonlyArray<string | number>): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out === '' ? p : `.${p}`;
  return out === '' ? '(top level)' : out;
}
