// Node flags for cluster workers: the primary's own, plus two garbage-collector defaults, each left out when the
// operator already chose that setting (on the command line or in NODE_OPTIONS).
//
// Why: a worker allocates fast (review, decision, response per request), and every request that arrives during a
// collection waits it out, so the length of collection pauses is the tail latency. Measured at half the peak rate
// on 2 cores with the open-loop bench (bench/README.md):
// - Young generation capped at 8 MiB: with V8's default 16 MiB each collection copies more survivors and pauses the
//   worker 3 to 5 ms; at 8 MiB about half as long. p99 about 11 ms → about 8.5 ms.
// - Single-threaded collection: by default V8 splits a pause's work across helper threads and waits for them; on a
//   host with more busy threads than cores (several workers, the load, a CPU quota) those helpers are often not
//   running, so the pause stretches until they are. Done on the worker's own thread it takes as long as the work.
//   p99 8–12 ms → 5–6 ms, p99.9 about halved.
// Peak throughput was the same within noise for both.
export const WORKER_SEMI_SPACE_MB = 8;

interface DefaultFlag {
  readonly flag: string;
  /** Matches any flag by which the operator already decided this setting, in either spelling (- or _). */
  readonly chosenBy: RegExp;
}

const DEFAULT_FLAGS: readonly DefaultFlag[] = [
  { flag: `--max-semi-space-size=${WORKER_SEMI_SPACE_MB}`, chosenBy: /--max[-_]semi[-_]space[-_]size/ },
  { flag: '--single-threaded-gc', chosenBy: /--(no[-_])?single[-_]threaded|--(no[-_])?parallel[-_]scavenge/ },
];

export function workerExecArgv(primaryExecArgv: readonly string[], nodeOptions = process.env.NODE_OPTIONS ?? ''): string[] {
  const chosen = (pattern: RegExp) => primaryExecArgv.some((a) => pattern.test(a)) || pattern.test(nodeOptions);
  return [...primaryExecArgv, ...DEFAULT_FLAGS.filter((d) => !chosen(d.chosenBy)).map((d) => d.flag)];
}
