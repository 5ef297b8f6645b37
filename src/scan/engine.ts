// What a scan needs from the engine beyond `decide`: the bundle from a file or a policy folder, the configuration
// as scanned (optionally with every policy turned to enforce), and the kinds worth listing from a cluster.
import { stat } from 'node:fs/promises';
import { loadConfigFile, defaultConfig, type VerdictConfig } from '../config/index.js';
import { buildPolicyBundle, createEngine, readEngineBundle, type Engine } from '../engine/index.js';
import { UserError } from '../shared/user-error.js';
import type { KindPattern } from './sources/discovery.js';

export interface ScanEngineOptions {
  /** A bundle built by `verdict build`, or a folder of policies built here. */
  bundle: string;
  config?: string;
  /** Every policy that is not `off` evaluated as `enforce`: what switching them all on would deny. */
  asEnforce?: boolean;
}

export async function loadScanEngine(options: ScanEngineOptions): Promise<Engine> {
  const info = await stat(options.bundle).catch(() => undefined);
  if (!info) throw new UserError(`verdict scan: ${options.bundle}: no such bundle or policy folder (give --bundle)`);
  const bundle = info.isDirectory()
    ? await readEngineBundle((await buildPolicyBundle({ paths: [options.bundle] })).bundle)
    : await readEngineBundle(options.bundle);
  let config = options.config ? await loadConfigFile(options.config) : defaultConfig();
  if (options.asEnforce) config = allEnforcing(config);
  return createEngine({ bundle, config });
}

export function allEnforcing(config: VerdictConfig): VerdictConfig {
  const on = <T extends { mode?: string }>(x: T): T => (x.mode === undefined || x.mode === 'off' ? x : { ...x, mode: 'enforce' });
  return {
    ...config,
    defaults: { ...config.defaults, mode: config.defaults.mode === 'off' ? 'off' : 'enforce' },
    policies: Object.fromEntries(Object.entries(config.policies).map(([id, p]) => [id, on(p)])),
  };
}

/**
 * The kinds a CREATE review can reach: those of every policy that is not `off` and that runs on CREATE.
 * `'all'` when one such policy matches every kind.
 */
export function scanKindPatterns(engine: Engine): KindPattern[] | 'all' {
  const modes = new Map(engine.settings().map((s) => [s.id, s.mode]));
  const out: KindPattern[] = [];
  for (const p of engine.bundle.catalog.policies) {
    if (modes.get(p.id) === 'off') continue;
    if (p.operations.length > 0 && !p.operations.includes('CREATE')) continue;
    if (p.kinds.length === 0) return 'all';
    for (const k of p.kinds) if (!out.some((o) => o.group === k.group && o.kind === k.kind)) out.push({ group: k.group, kind: k.kind });
  }
  return out;
}
