// One wasm instance of a compiled bundle, always loaded through loadWasmPolicy. Errors come out as EvaluationError;
// after a trap the instance is thrown away and a fresh one is made from the same module, and an instance whose
// memory has grown large (after a huge review) is swapped for a fresh one in the background.
import { loadWasmPolicy, type LoadedPolicy } from '../rego/load.js';
import { EvaluationError, normaliseEvaluationError } from './errors.js';

export interface EvaluatorLimits {
  /** Initial and maximum linear memory, in 64 KiB pages. */
  initialPages?: number;
  maximumPages?: number;
  /** Past this many bytes of linear memory the instance is replaced once the evaluation is done. */
  recycleBytes?: number;
}

const DEFAULTS: Required<EvaluatorLimits> = {
  initialPages: 32,
  // 128 MiB: far above what a 3 MiB review needs, low enough that a runaway policy in each of two workers stays
  // inside the Deployment's 512 MiB memory limit.
  maximumPages: 2048,
  recycleBytes: 32 * 1024 * 1024,
};

export class Evaluator {
  private policy: LoadedPolicy | null;
  private replacing: Promise<void> | null = null;
  /** How many instances were replaced after traps or growth (for tests and logs). */
  replacements = 0;

  private constructor(
    private readonly wasm: Uint8Array,
    private readonly data: ArrayBuffer,
    private readonly limits: Required<EvaluatorLimits>,
    policy: LoadedPolicy,
    readonly entrypoints: ReadonlyMap<string, number>,
  ) {
    this.policy = policy;
  }

  static async create(wasm: Uint8Array, data: unknown, limits: EvaluatorLimits = {}): Promise<Evaluator> {
    const full = { ...DEFAULTS, ...limits };
    const encoded = new TextEncoder().encode(JSON.stringify(data ?? {}));
    const dataBytes = encoded.buffer.slice(encoded.byteOffset, encoded.byteOffset + encoded.byteLength) as ArrayBuffer;
    const policy = await instantiate(wasm, dataBytes, full);
    const entrypoints = new Map(Object.entries(policy.entrypoints as Record<string, number>));
    return new Evaluator(wasm, dataBytes, full, policy, entrypoints);
  }

  /**
   * Evaluates one entrypoint; `input` is an object or its JSON bytes in an ArrayBuffer of its own (what the SDK
   * copies straight into the module's memory). Returns the entrypoint's value, or undefined when it is undefined.
   */
  async evaluate(entrypoint: string, input: ArrayBuffer | object): Promise<unknown> {
    const id = this.entrypoints.get(entrypoint);
    if (id === undefined) throw new EvaluationError('VERDICT_ERR_EVAL', `the bundle has no entrypoint ${entrypoint}`);
    if (!this.policy) {
      // A replacement that failed leaves no instance; try again rather than fail every request from now on.
      if (!this.replacing) this.replace(true);
      await this.replacing;
    }
    const policy = this.policy;
    if (!policy) throw new EvaluationError('VERDICT_ERR_EVAL', 'the policy instance could not be replaced');
    let rs: unknown;
    try {
      rs = policy.evaluate(input, id);
    } catch (thrown) {
      const err = normaliseEvaluationError(thrown);
      if (err.instanceFatal) this.replace(true);
      throw err;
    }
    if ((policy as unknown as { mem: WebAssembly.Memory }).mem.buffer.byteLength > this.limits.recycleBytes) this.replace(false);
    if (!Array.isArray(rs) || rs.length === 0) return undefined;
    return (rs[0] as { result?: unknown }).result;
  }

  /** Resolves once no replacement is under way (tests use it to observe the swap). */
  async settled(): Promise<void> {
    while (this.replacing) await this.replacing;
  }

  /**
   * Makes a fresh instance. `discard`: the current one is unusable now (evaluations wait for the new one);
   * otherwise it keeps serving until the new one is ready.
   */
  private replace(discard: boolean): void {
    if (discard) this.policy = null;
    if (this.replacing) return;
    this.replacing = instantiate(this.wasm, this.data, this.limits)
      .then((fresh) => {
        this.policy = fresh;
        this.replacements++;
      })
      .catch(() => {
        // Leaves `policy` null when it was discarded: evaluations fail with an EvaluationError rather than hang.
      })
      .finally(() => {
        this.replacing = null;
      });
  }
}

async function instantiate(wasm: Uint8Array, data: ArrayBuffer, limits: Required<EvaluatorLimits>): Promise<LoadedPolicy> {
  const policy = await loadWasmPolicy(wasm, { initial: limits.initialPages, maximum: limits.maximumPages });
  // setData copies the bytes into the module; the same ArrayBuffer serves every replacement.
  policy.setData(data as unknown as object);
  return policy;
}
