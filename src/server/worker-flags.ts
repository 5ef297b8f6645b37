// Node flags for cluster workers: the primary's own, plus a smaller cap on V8's young generation unless the
// operator chose one (on the command line or in NODE_OPTIONS).
//
// Why: a worker allocates fast (review, decision, response per request), and with V8's default cap the young
// generation grows to 16 MiB; each collection then copies more survivors and pauses the worker 3 to 5 ms, which
// every request arriving meanwhile waits out. At 8 MiB the pauses are about half as long. Measured at half the peak
// rate on 2 cores (bench/README.md): p99 about 11 ms with the default, about 8.5 ms with 8 MiB, peak throughput the
// same within noise.
export const WORKER_SEMI_SPACE_MB = 8;

const SEMI_SPACE_FLAG = /--max[-_]semi[-_]space[-_]size/;

export function workerExecArgv(primaryExecArgv: readonly string[], nodeOptions = process.env.NODE_OPTIONS ?? ''): string[] {
  const chosen = primaryExecArgv.some((a) => SEMI_SPACE_FLAG.test(a)) || SEMI_SPACE_FLAG.test(nodeOptions);
  return chosen ? [...primaryExecArgv] : [...primaryExecArgv, `--max-semi-space-size=${WORKER_SEMI_SPACE_MB}`];
}
