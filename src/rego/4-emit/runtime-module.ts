/**
 * The runtime module being extended: binaryen over the prebuilt runtime, name lookup of runtime exports, the
 * constant byte area, and the choice of native or host implementation for each builtin.
 */
import binaryen from 'binaryen';
import { readFileSync } from 'node:fs';
import { lookupBuiltin, nativeExportName } from '../builtins/index.js';
import type { Const, Program } from '../3-plan/ir.js';
import { RT, SDK_IMPORTS } from './abi.js';

export const i32 = binaryen.i32;
export type Ref = number;

/** The two builds of the runtime: the strict one records builtin errors (runtime README: builtin errors). */
const runtimeBytes = new Map<boolean, Uint8Array<ArrayBuffer>>();
let runtimeExportNames: Set<string> | undefined;

/** True if Verdict can run the builtin: natively in the runtime, on the host, or in the SDK itself. */
export function builtinSupported(name: string): boolean {
  const entry = lookupBuiltin(name);
  if (!entry) return false;
  if (entry.unavailable) return false;
  if (entry.host || entry.sdk) return true;
  runtimeExportNames ??= new Set(WebAssembly.Module.exports(new WebAssembly.Module(runtime())).map((e) => e.name));
  return !!entry.native && runtimeExportNames.has(nativeExportName(name));
}

function runtime(strict = false): Uint8Array<ArrayBuffer> {
  let bytes = runtimeBytes.get(strict);
  if (!bytes) {
    bytes = readFileSync(new URL(strict ? '../runtime/runtime-strict.wasm' : '../runtime/runtime.wasm', import.meta.url));
    runtimeBytes.set(strict, bytes);
  }
  return bytes;
}

/** binaryen.js takes a bigint for i64 constants (its type declarations still show the old two-number form). */
export function i64(m: binaryen.Module, value: bigint): number {
  return (m.i64.const as unknown as (v: bigint) => number)(value);
}

export function constGlobal(i: number): string {
  return `verdict_c${i}`;
}

export abstract class RuntimeModule {
  protected readonly m: binaryen.Module;

  protected readonly exportsByName = new Map<string, string>();

  protected readonly hostIds = new Map<string, number>();

  protected readonly nativeBuiltins = new Set<string>();

  protected readonly bytes: number[] = [];

  protected readonly funcNames = new Map<string, string>();

  constructor(
    protected readonly program: Program,
    protected readonly builtinsUsed: Set<string>,
    /** Check every builtin call for a recorded error (OPA's strict builtin errors). */
    protected readonly strictBuiltinErrors = false,
  ) {
    this.m = binaryen.readBinary(runtime(strictBuiltinErrors));
    this.m.setFeatures(binaryen.Features.MVP | binaryen.Features.MutableGlobals | binaryen.Features.SignExt | binaryen.Features.NontrappingFPToInt | binaryen.Features.BulkMemory | binaryen.Features.BulkMemoryOpt);
    for (let i = 0; i < this.m.getNumExports(); i++) {
      const e = binaryen.getExportInfo(this.m.getExportByIndex(i));
      if (e.kind === binaryen.ExternalFunction) this.exportsByName.set(e.name, e.value);
    }
  }

  /** Native when the runtime exports the builtin, else the host (numbered by sorted name, as OPA does). */
  protected chooseBuiltins(): void {
    const host: string[] = [];
    for (const name of [...this.builtinsUsed].sort()) {
      const entry = lookupBuiltin(name);
      if (entry?.native && this.exportsByName.has(nativeExportName(name))) this.nativeBuiltins.add(name);
      else host.push(name);
    }
    host.forEach((name, id) => this.hostIds.set(name, id));
    const arities = new Set(host.map((n) => lookupBuiltin(n)?.arity ?? 0));
    for (const n of arities) {
      const params = binaryen.createType(Array(n + 2).fill(i32));
      this.m.addFunctionImport(`verdict_host${n}`, 'env', SDK_IMPORTS.builtin(n), params, i32);
    }
  }

  protected builtinCall(name: string, args: Ref[]): Ref {
    const m = this.m;
    if (this.nativeBuiltins.has(name)) return m.call(this.rt(nativeExportName(name)), args, i32);
    const id = this.hostIds.get(name)!;
    const call = m.call(`verdict_host${args.length}`, [m.i32.const(id), m.i32.const(0), ...args], i32);
    return lookupBuiltin(name)?.returnsSet ? m.call(this.toSetFunction(), [call], i32) : call;
  }

  private toSet?: string;

  /** A generated helper turning the array a host builtin returns into the set Rego expects (0 stays 0). */
  private toSetFunction(): string {
    if (this.toSet) return this.toSet;
    const m = this.m;
    const [arr, set, i, n] = [0, 1, 2, 3];
    const get = (l: number) => m.local.get(l, i32);
    const body = m.block(null, [
      m.if(m.i32.eqz(get(arr)), m.return(m.i32.const(0))),
      m.local.set(set, this.callRt(RT.set, [])),
      m.local.set(n, this.callRt(RT.len, [get(arr)])),
      m.loop(
        'to_set',
        m.if(
          m.i32.lt_s(get(i), get(n)),
          m.block(null, [
            m.call(this.rt(RT.setAdd), [get(set), this.callRt(RT.valueAt, [get(arr), get(i)])], binaryen.none),
            m.local.set(i, m.i32.add(get(i), m.i32.const(1))),
            m.br('to_set'),
          ]),
        ),
      ),
      get(set),
    ], i32);
    m.addFunction('verdict_to_set', i32, i32, [i32, i32, i32], body);
    this.toSet = 'verdict_to_set';
    return this.toSet;
  }

  protected rt(exportName: string): string {
    const internal = this.exportsByName.get(exportName);
    if (!internal) throw new Error(`internal error: the runtime does not export ${exportName}`);
    return internal;
  }

  protected callRt(exportName: string, args: Ref[], type: number = i32): Ref {
    return this.m.call(this.rt(exportName), args, type);
  }

  protected addConst(c: Const): number {
    const consts = this.program.consts;
    consts.push(c);
    return consts.length - 1;
  }

  private readonly placedOnce = new Map<string, number>();

  /** A NUL-terminated string in the constant area, placed once however often it is asked for; its address. */
  protected sharedString(value: string): Ref {
    let offset = this.placedOnce.get(value);
    if (offset === undefined) {
      offset = this.placeString(value)[0];
      this.placedOnce.set(value, offset);
    }
    return this.constAddress(offset);
  }

  /** Places a string's UTF-8 bytes (NUL-terminated) in the constant area; returns [offset, length]. */
  protected placeString(value: string): [number, number] {
    const utf8 = Buffer.from(value, 'utf8');
    const offset = this.bytes.length;
    for (const b of utf8) this.bytes.push(b);
    this.bytes.push(0);
    return [offset, utf8.length];
  }

  protected constAddress(offset: number): Ref {
    return this.m.i32.add(this.m.global.get('verdict_const_base', i32), this.m.i32.const(offset));
  }

  protected abortImport(): string {
    const m = this.m;
    for (let i = 0; i < m.getNumFunctions(); i++) {
      const info = binaryen.getFunctionInfo(m.getFunctionByIndex(i));
      if (info.module === 'env' && info.base === SDK_IMPORTS.abort) return info.name;
    }
    m.addFunctionImport('verdict_abort', 'env', SDK_IMPORTS.abort, i32, binaryen.none);
    return 'verdict_abort';
  }

}
