/**
 * The one table of builtins: every family file contributes entries, merged here. The checker reads arity from
 * it, the emitter chooses native or host implementations from it, and loaders supply the host implementations.
 */
import { aggregates } from './aggregates.js';
import { arithmetic } from './arithmetic.js';
import { arrays } from './arrays.js';
import { bits } from './bits.js';
import { crypto } from './crypto.js';
import { debug } from './debug.js';
import { encoding } from './encoding.js';
import { graph } from './graph.js';
import { graphql } from './graphql/index.js';
import { jsonpatch } from './jsonpatch.js';
import { jsonschema } from './jsonschema.js';
import { jwt } from './jwt.js';
import { misc } from './misc.js';
import { net } from './net.js';
import { objects } from './objects.js';
import { opa } from './opa.js';
import { operators } from './operators.js';
import { providers } from './providers.js';
import { regex } from './regex.js';
import { semver } from './semver.js';
import { sets } from './sets.js';
import { strings } from './strings.js';
import type { BuiltinEntry, HostImplementation } from './types.js';
import { time } from './time.js';
import { typecheck } from './typecheck.js';
import { urlquery } from './urlquery.js';
import { uuid } from './uuid.js';
import { x509 } from './x509.js';
import { yaml } from './yaml.js';

export type { BuiltinEntry, HostImplementation } from './types.js';
export { nativeExportName } from './types.js';

const families = [aggregates, arithmetic, arrays, bits, crypto, debug, encoding, graph, graphql, jsonpatch, jsonschema, jwt, misc, net, objects, opa, operators, providers, regex, semver, sets, strings, time, typecheck, urlquery, uuid, x509, yaml];

export const builtins: ReadonlyMap<string, BuiltinEntry> = new Map(
  families.flat().map((entry) => [entry.name, entry] as const),
);

export function lookupBuiltin(name: string): BuiltinEntry | undefined {
  return builtins.get(name);
}

/** The name a host implementation is supplied and asked for under (see BuiltinEntry.hostName). */
export function hostNameOf(entry: BuiltinEntry): string {
  return entry.hostName ?? entry.name;
}

/** The host builtins whose integer arguments must arrive exact (see BuiltinEntry.exactIntegers). */
export function exactIntegerBuiltins(): Set<string> {
  return new Set([...builtins.values()].filter((e) => e.host && e.exactIntegers).map(hostNameOf));
}

/** Every host implementation, keyed by host name: what a loader passes to the SDK as custom builtins. */
export function hostImplementations(): Record<string, HostImplementation> {
  const out: Record<string, HostImplementation> = {};
  for (const entry of builtins.values()) if (entry.host) out[hostNameOf(entry)] = entry.host;
  return out;
}
