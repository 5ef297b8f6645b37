/** Small timing helpers shared by the benchmark scenarios: warm-up, then the median of repeated runs. */

export interface Timing {
  medianMs: number;
  minMs: number;
  runs: number;
}

/** Runs `fn` `warmup` times unmeasured, then `runs` times, and reports the median and the fastest run. */
export async function time(fn: () => unknown, runs = 15, warmup = 3): Promise<Timing> {
  for (let i = 0; i < warmup; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  return { medianMs: samples[Math.floor(samples.length / 2)], minMs: samples[0], runs };
}

/** Calls `fn` in batches until `budgetMs` has passed; returns microseconds per call (median of batches). */
export function microsPerCall(fn: () => unknown, budgetMs = 1500, batch = 200): number {
  for (let i = 0; i < batch; i++) fn();
  const perCall: number[] = [];
  const end = performance.now() + budgetMs;
  while (performance.now() < end) {
    const t0 = performance.now();
    for (let i = 0; i < batch; i++) fn();
    perCall.push(((performance.now() - t0) * 1000) / batch);
  }
  perCall.sort((a, b) => a - b);
  return perCall[Math.floor(perCall.length / 2)];
}

export function fmt(n: number, digits = 1): string {
  return n.toFixed(digits);
}
