// Checks manifests against the Kubernetes API types, using the models generated from the API's OpenAPI spec in @kubernetes/client-node.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
// The models alone: the package's index also loads its HTTP client, which needs a newer Node than the tests run on.
import * as models from '@kubernetes/client-node/dist/gen/models/all.js';

interface Attribute {
  name: string;
  baseName: string;
  type: string;
  format: string;
}

interface ModelInfo {
  attributes: Map<string, Attribute>;
  /** JSON names the OpenAPI schema marks required (non-optional properties in the generated class). */
  required: string[];
}

const modelDir = dirname(fileURLToPath(import.meta.resolve('@kubernetes/client-node/dist/gen/models/all.js')));
const cache = new Map<string, ModelInfo | undefined>();

/** Generated class name for an object: `apps/v1` + `Deployment` → `V1Deployment`. */
export function modelNameFor(apiVersion: string, kind: string): string {
  const version = apiVersion.split('/').pop() ?? '';
  return version.charAt(0).toUpperCase() + version.slice(1) + kind;
}

/** Every problem with `object` as `path: message`; empty when it matches its kind's schema. */
export function schemaProblems(object: unknown): string[] {
  const problems: string[] = [];
  if (!isPlainObject(object)) return ['(root): not an object'];
  const { apiVersion, kind } = object;
  if (typeof apiVersion !== 'string' || typeof kind !== 'string') return ['(root): apiVersion and kind are required'];
  const name = modelNameFor(apiVersion, kind);
  if (!model(name)) return [`(root): no schema for ${apiVersion} ${kind}`];
  walk(object, name, kind, problems);
  return problems;
}

function model(name: string): ModelInfo | undefined {
  if (cache.has(name)) return cache.get(name);
  const cls = (models as Record<string, unknown>)[name] as { getAttributeTypeMap?: () => Attribute[] } | undefined;
  let info: ModelInfo | undefined;
  if (cls && typeof cls.getAttributeTypeMap === 'function') {
    const attributes = new Map(cls.getAttributeTypeMap().map((a) => [a.baseName, a]));
    const optional = optionalProperties(name);
    const required = [...attributes.values()].filter((a) => !optional.has(a.name)).map((a) => a.baseName);
    info = { attributes, required };
  }
  cache.set(name, info);
  return info;
}

/**
 * The generator writes `'field'?: T` for optional and `'field': T` for required properties; the runtime type map
 * does not keep that, so it is read from the declaration file.
 */
function optionalProperties(name: string): Set<string> {
  const file = join(modelDir, `${name}.d.ts`);
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest);
  const optional = new Set<string>();
  source.forEachChild((node) => {
    if (!ts.isClassDeclaration(node) || node.name?.text !== name) return;
    for (const member of node.members) {
      if (!ts.isPropertyDeclaration(member) || !member.questionToken) continue;
      const key = member.name;
      if (ts.isStringLiteral(key) || ts.isIdentifier(key)) optional.add(key.text);
    }
  });
  return optional;
}

function walk(value: unknown, type: string, path: string, problems: string[], format = ''): void {
  const fail = (message: string): void => {
    problems.push(`${path}: ${message}`);
  };
  if (type === 'any') return;
  if (type === 'string') {
    if (typeof value !== 'string') return fail(`expected a string, got ${JSON.stringify(value)}`);
    if (format === 'byte' && !/^[A-Za-z0-9+/]*={0,2}$/.test(value)) fail('expected base64');
    return;
  }
  if (type === 'number') {
    if (typeof value !== 'number') return fail(`expected a number, got ${JSON.stringify(value)}`);
    if ((format === 'int32' || format === 'int64') && !Number.isInteger(value)) fail('expected an integer');
    return;
  }
  if (type === 'boolean') {
    if (typeof value !== 'boolean') fail(`expected a boolean, got ${JSON.stringify(value)}`);
    return;
  }
  if (type === 'IntOrString') {
    if (typeof value !== 'string' && !Number.isInteger(value)) fail(`expected an integer or a string, got ${JSON.stringify(value)}`);
    return;
  }
  if (type === 'Date') {
    if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) fail('expected an RFC 3339 time');
    return;
  }
  const array = /^Array<(.+)>$/.exec(type);
  if (array) {
    if (!Array.isArray(value)) return fail('expected a list');
    value.forEach((item, i) => walk(item, array[1], `${path}[${i}]`, problems));
    return;
  }
  const map = /^\{ \[key: string\]: (.+); \}$/.exec(type);
  if (map) {
    if (!isPlainObject(value)) return fail('expected a map');
    for (const [key, item] of Object.entries(value)) walk(item, map[1], `${path}.${key}`, problems);
    return;
  }
  const info = model(type);
  if (!info) return fail(`the schema names an unknown type ${type}`);
  if (!isPlainObject(value)) return fail(`expected an object (${type})`);
  for (const key of Object.keys(value)) {
    if (!info.attributes.has(key)) fail(`unknown field "${key}" in ${type}`);
  }
  for (const key of info.required) {
    if (value[key] === undefined || value[key] === null) fail(`missing required field "${key}" of ${type}`);
  }
  for (const [key, attribute] of info.attributes) {
    if (value[key] === undefined || value[key] === null) continue;
    walk(value[key], attribute.type, `${path}.${key}`, problems, attribute.format);
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
