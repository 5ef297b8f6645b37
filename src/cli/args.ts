/** The small flag parser every `verdict` command shares: typed flags from a spec, the rest as positionals. */
import { UserError } from '../shared/user-error.js';

/**
 * How a flag takes its value:
 * - `boolean`: present or not (`--verbose`); never takes a value, except an explicit `--verbose=false`.
 * - `string`: one value (`-o out.tar.gz`, `-o=out.tar.gz`, `--output out.tar.gz`); given twice, the last wins.
 * - `list`: repeatable (`-e a -e b`), in the order given.
 * - `number`: one finite number (`--port 8443`).
 */
export type FlagKind = 'boolean' | 'string' | 'list' | 'number';

export interface FlagDef {
  kind: FlagKind;
  /** A one-letter alias used with a single dash (`o` for `-o`). */
  short?: string;
  /** Shown by `formatFlags`; also documents the flag in the source. */
  help?: string;
  /** Placeholder for the value in help text (`FILE`). */
  value?: string;
}

export type FlagSpec = Record<string, FlagDef>;

type ValueOf<D extends FlagDef> = D['kind'] extends 'boolean'
  ? boolean
  : D['kind'] extends 'list'
    ? string[]
    : D['kind'] extends 'number'
      ? number | undefined
      : string | undefined;

export type Flags<S extends FlagSpec> = { [K in keyof S]: ValueOf<S[K]> };

export interface ParsedArgs<S extends FlagSpec> {
  flags: Flags<S>;
  positionals: string[];
  /** `-h` or `--help` was given (always accepted, whatever the spec). */
  help: boolean;
}

/**
 * Parses `args` against `spec`. Flags and positionals may interleave; `--` ends the flags.
 * A lone `-` is a positional (conventionally stdin). Mistakes throw a UserError naming `command`.
 */
export function parseArgs<S extends FlagSpec>(args: readonly string[], spec: S, command = 'verdict'): ParsedArgs<S> {
  const byShort = new Map<string, string>();
  for (const [name, def] of Object.entries(spec)) if (def.short) byShort.set(def.short, name);

  const flags: Record<string, unknown> = {};
  for (const [name, def] of Object.entries(spec)) {
    flags[name] = def.kind === 'boolean' ? false : def.kind === 'list' ? [] : undefined;
  }
  const positionals: string[] = [];
  let help = false;

  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--') {
      positionals.push(...args.slice(i + 1));
      break;
    }
    if (arg === '-h' || arg === '--help') {
      help = true;
      continue;
    }
    if (!arg.startsWith('-') || arg === '-') {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const written = eq >= 0 ? arg.slice(0, eq) : arg;
    const inline = eq >= 0 ? arg.slice(eq + 1) : undefined;
    const name = written.startsWith('--') ? written.slice(2) : byShort.get(written.slice(1));
    const def = name !== undefined && Object.hasOwn(spec, name) ? spec[name] : undefined;
    if (name === undefined || def === undefined) throw new UserError(`${command}: unknown flag ${written}`);

    if (def.kind === 'boolean') {
      if (inline === undefined) flags[name] = true;
      else if (inline === 'true' || inline === 'false') flags[name] = inline === 'true';
      else throw new UserError(`${command}: flag ${written} takes no value (got "${inline}")`);
      continue;
    }
    let value = inline;
    if (value === undefined) {
      // A following "-x" is taken as the value only if it is not itself a flag we know, so that a
      // forgotten value reports the missing value rather than silently swallowing the next flag.
      const next = args[i + 1];
      if (next === undefined || (next.startsWith('-') && next !== '-' && isKnownFlag(next, spec, byShort))) {
        throw new UserError(`${command}: flag ${written} needs a value`);
      }
      value = next;
      i++;
    }
    if (def.kind === 'list') (flags[name] as string[]).push(value);
    else if (def.kind === 'number') {
      const n = Number(value);
      if (value.trim() === '' || !Number.isFinite(n)) throw new UserError(`${command}: flag ${written} needs a number (got "${value}")`);
      flags[name] = n;
    } else flags[name] = value;
  }
  return { flags: flags as Flags<S>, positionals, help };
}

function isKnownFlag(arg: string, spec: FlagSpec, byShort: Map<string, string>): boolean {
  const written = arg.split('=', 1)[0];
  if (written === '-h' || written === '--help' || written === '--') return true;
  if (written.startsWith('--')) return Object.hasOwn(spec, written.slice(2));
  return byShort.has(written.slice(1));
}

/** Help lines for a spec, one flag per line: `  -o, --output FILE   where to write`. */
export function formatFlags(spec: FlagSpec): string {
  const rows = Object.entries(spec).map(([name, def]) => {
    const names = (def.short ? `-${def.short}, ` : '    ') + `--${name}`;
    const value = def.kind === 'boolean' ? '' : ` ${def.value ?? (def.kind === 'number' ? 'N' : 'VALUE')}`;
    return [`  ${names}${value}`, (def.help ?? '') + (def.kind === 'list' ? ' (repeatable)' : '')];
  });
  const width = Math.max(0, ...rows.map(([left]) => left.length)) + 2;
  return rows.map(([left, right]) => (right ? left.padEnd(width) + right : left)).join('\n');
}
