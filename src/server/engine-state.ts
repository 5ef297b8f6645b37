// The engine being served, and its hot reload: a changed bundle or configuration is loaded into a new engine next
// to the old one, and only a complete engine replaces it, in one assignment. A bad file is logged and ignored.
import type { Logger } from 'pino';
import { loadConfigFile, type VerdictConfig } from '../config/index.js';
import { createEngine, readEngineBundle, type Engine, type EngineBundle, type EvaluatorLimits } from '../engine/index.js';
import { setBundle, type VerdictMetrics } from '../metrics/index.js';
import { fingerprint, watchPaths, type Watch } from './watch.js';

export interface EngineSources {
  bundle: string;
  config?: string;
}

export class EngineState {
  private current: Engine | undefined;
  private bundle: EngineBundle | undefined;
  private config: VerdictConfig | undefined;
  private watch: Watch | undefined;
  /** Fingerprint of the files as they were just before the first load read them. */
  private loadedFingerprint: string | undefined;
  /** Successful swaps after the first load (tests wait on it). */
  reloads = 0;
  rejected = 0;

  constructor(
    private readonly sources: EngineSources,
    private readonly log: Logger,
    private readonly metrics?: VerdictMetrics,
    private readonly limits?: EvaluatorLimits,
  ) {}

  /** The engine to use for a request; undefined until the first load succeeded (then /readyz fails). */
  get engine(): Engine | undefined {
    return this.current;
  }

  /** First load: a bad bundle or configuration here is fatal (thrown), as serving nothing would be. */
  async load(): Promise<Engine> {
    this.loadedFingerprint = await fingerprint(this.paths());
    this.bundle = await readEngineBundle(this.sources.bundle);
    this.config = this.sources.config ? await loadConfigFile(this.sources.config) : undefined;
    const engine = await createEngine({ bundle: this.bundle, config: this.config, limits: this.limits });
    this.install(engine, 'loaded');
    return engine;
  }

  /** Reloads both files; on any error the engine being served stays. */
  async reload(): Promise<boolean> {
    try {
      const bundle = await readEngineBundle(this.sources.bundle);
      const config = this.sources.config ? await loadConfigFile(this.sources.config) : undefined;
      if (bundle.digest === this.bundle?.digest && JSON.stringify(config) === JSON.stringify(this.config)) return false;
      const engine = await createEngine({ bundle, config, limits: this.limits });
      this.bundle = bundle;
      this.config = config;
      this.install(engine, 'reloaded');
      this.reloads++;
      return true;
    } catch (err) {
      this.rejected++;
      this.log.error({ err: { message: (err as Error).message }, bundle: this.sources.bundle, config: this.sources.config }, 'reload rejected; still serving the previous bundle and configuration');
      return false;
    }
  }

  startWatching(intervalMs: number): void {
    this.watch = watchPaths(this.paths(), intervalMs, async () => void (await this.reload()), this.loadedFingerprint);
  }

  private paths(): string[] {
    return [this.sources.bundle, ...(this.sources.config ? [this.sources.config] : [])];
  }

  stopWatching(): void {
    this.watch?.stop();
  }

  private install(engine: Engine, what: string): void {
    this.current = engine;
    const b = engine.bundle;
    if (this.metrics) setBundle(this.metrics.bundle, b.revision, b.digest);
    this.log.info(
      { revision: b.revision, digest: b.digest.slice(0, 12), policies: b.catalog.policies.length, modes: summarizeModes(engine) },
      `policy bundle ${what}`,
    );
    for (const notice of engine.notices) this.log.warn({}, notice);
  }
}

function summarizeModes(engine: Engine): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of engine.settings()) out[s.mode] = (out[s.mode] ?? 0) + 1;
  return out;
}
