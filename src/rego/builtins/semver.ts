/** Semantic versions (SemVer 2.0.0, strictly: no leading zeros, no empty sections) on the host. */
import { builtinError, hostFamily, isString, typeError } from './host-values.js';
import type { BuiltinEntry } from './types.js';

interface Version {
  core: [bigint, bigint, bigint];
  pre: string[];
}

const NUMERIC = /^(?:0|[1-9]\d*)$/;
const PRE_ID = /^(?:0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*)$/;
const BUILD_ID = /^[0-9A-Za-z-]+$/;

function parse(v: string): Version | undefined {
  const plus = v.indexOf('+');
  const main = plus < 0 ? v : v.slice(0, plus);
  if (plus >= 0 && !v.slice(plus + 1).split('.').every((id) => BUILD_ID.test(id))) return undefined;
  const dash = main.indexOf('-');
  const core = (dash < 0 ? main : main.slice(0, dash)).split('.');
  if (core.length !== 3 || !core.every((n) => NUMERIC.test(n))) return undefined;
  const pre = dash < 0 ? [] : main.slice(dash + 1).split('.');
  if (!pre.every((id) => PRE_ID.test(id))) return undefined;
  return { core: [BigInt(core[0]), BigInt(core[1]), BigInt(core[2])], pre };
}

const sign = (a: bigint, b: bigint): number => (a < b ? -1 : a > b ? 1 : 0);

/** Precedence per SemVer §11: core numbers, then a release above its pre-releases, then identifier by identifier. */
function compare(x: Version, y: Version): number {
  for (let i = 0; i < 3; i++) if (x.core[i] !== y.core[i]) return sign(x.core[i], y.core[i]);
  if (x.pre.length === 0 || y.pre.length === 0) return Math.sign(y.pre.length - x.pre.length);
  for (let i = 0; i < Math.min(x.pre.length, y.pre.length); i++) {
    const [a, b] = [x.pre[i], y.pre[i]];
    if (a === b) continue;
    const [an, bn] = [NUMERIC.test(a), NUMERIC.test(b)];
    if (an && bn) return sign(BigInt(a), BigInt(b));
    if (an !== bn) return an ? -1 : 1;
    return a < b ? -1 : 1;
  }
  return Math.sign(x.pre.length - y.pre.length);
}

function operand(v: unknown, position: number): Version {
  if (!isString(v)) return typeError(`operand ${position} must be string`);
  return parse(v) ?? builtinError(`operand ${position}: string ${JSON.stringify(v)} is not a valid SemVer`);
}

export const semver: BuiltinEntry[] = hostFamily([
  {
    name: 'semver.compare',
    arity: 2,
    host: (a: unknown, b: unknown) => compare(operand(a, 1), operand(b, 2)),
    doc: '-1, 0 or 1 comparing two semantic versions (build metadata is ignored)',
  },
  {
    name: 'semver.is_valid',
    arity: 1,
    host: (v: unknown) => isString(v) && parse(v) !== undefined,
    doc: 'true if the value is a SemVer 2.0.0 version string',
  },
]);
