/**
 * An open-loop load generator for latency at a fixed rate: requests start on a schedule of random (Poisson)
 * arrivals, whether or not earlier ones have been answered, the way independent kube-apiserver calls arrive.
 *
 * Latency runs from the moment a request is handed to the client to its last response byte.
 *
 * Why not autocannon's `overallRate`: it gives each connection a quota per second, which the connection spends
 * back to back as fast as the server answers and then waits for the next second. Half the peak rate is then peak
 * load for half of each second and idle for the rest, so its p99 is the p99 at peak. Its latency histogram also
 * adds corrected samples whenever a response takes longer than 1 ms. Neither measures latency at half the rate.
 *
 * It runs in a process of its own (this file, forked), so the measuring process does nothing else: its own
 * garbage collection and timers are the only noise it adds. Its client (fixed-request-pool.ts) sends one request
 * encoded once, so that the generator takes as little as it can of the cores it shares with the server.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { FixedRequestPool } from './fixed-request-pool.js';

export interface OpenLoopOptions {
  port: number;
  path: string;
  body: string;
  /** Requests per second, on average. */
  rate: number;
  seconds: number;
  connections: number;
  /** Unmeasured lead-in at the same rate: connections set up, JIT warm. */
  warmupSeconds?: number;
}

export interface OpenLoopFigures {
  /** Requests answered with HTTP 200 during the measured window. */
  requests: number;
  /** Every request sent, warm-up included (what the server's CPU time is divided by). */
  sent: number;
  failures: number;
  p50: number;
  p99: number;
  p999: number;
  max: number;
}

/** Runs the generator in a child process and returns its figures (latencies in ms, from send to full response). */
export function openLoop(options: OpenLoopOptions): Promise<OpenLoopFigures> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(import.meta.url), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let figures: OpenLoopFigures | undefined;
    child.on('message', (msg) => (figures = msg as OpenLoopFigures));
    child.on('error', reject);
    child.on('exit', (code) => (figures ? resolve(figures) : reject(new Error(`open-loop generator exited with ${code}`))));
    child.send(options);
  });
}

async function generate(options: OpenLoopOptions): Promise<OpenLoopFigures> {
  const pool = await FixedRequestPool.connect(options.port, options.connections, {
    path: options.path,
    headers: { 'content-type': 'application/json' },
    body: options.body,
  });
  const phase = async (seconds: number): Promise<{ latencies: Float64Array; failures: number }> => {
    const count = Math.max(1, Math.round(options.rate * seconds));
    const latencies = new Float64Array(count).fill(NaN);
    // The whole schedule up front: exponential gaps with the given mean.
    const due = new Float64Array(count);
    let at = performance.now() + 10;
    for (let i = 0; i < count; i++) due[i] = at += (-Math.log(1 - Math.random()) * 1000) / options.rate;
    let failures = 0;
    let settled = 0;
    let next = 0;
    await new Promise<void>((done) => {
      const settle = () => {
        if (++settled === count) done();
      };
      const tick = () => {
        const now = performance.now();
        // Everything due by now goes out in this turn; a late timer delays a send but never drops one.
        while (next < count && due[next] <= now) {
          const slot = next++;
          const started = performance.now();
          pool.send((status) => {
            if (status === 200) latencies[slot] = performance.now() - started;
            else failures++;
            settle();
          });
        }
        if (next < count) setTimeout(tick, Math.max(0, due[next] - performance.now()));
      };
      tick();
    });
    return { latencies, failures };
  };
  const warmup = await phase(options.warmupSeconds ?? 2);
  const { latencies, failures } = await phase(options.seconds);
  pool.close();
  const answered = Array.from(latencies).filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
  const at = (q: number) => answered[Math.min(answered.length - 1, Math.floor(q * answered.length))] ?? NaN;
  const sent = warmup.latencies.length + latencies.length;
  return { requests: answered.length, sent, failures, p50: at(0.5), p99: at(0.99), p999: at(0.999), max: answered.at(-1) ?? NaN };
}

if (process.send && import.meta.url === `file://${process.argv[1]}`) {
  process.once('message', (options) => {
    generate(options as OpenLoopOptions).then(
      (figures) => process.send!(figures, () => process.exit(0)),
      (err: Error) => {
        console.error(`open-loop generator: ${err.message}`);
        process.exit(1);
      },
    );
  });
}
