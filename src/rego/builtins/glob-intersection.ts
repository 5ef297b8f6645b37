/**
 * Whether two simple patterns can match a common string, for regex.globs_match: the pattern language OPA's library
 * (glob-intersection) accepts — literals, escapes, `.`, character classes, each optionally followed by `*`, `+` or `?`.
 */

/** A set of code points as sorted, disjoint, inclusive ranges. */
type CharSet = Array<[number, number]>;
interface Token {
  chars: CharSet;
  repeat: '' | '*' | '+' | '?';
}

const MAX = 0x10ffff;
const ANY: CharSet = [[0, MAX]];

function complement(set: CharSet): CharSet {
  const out: CharSet = [];
  let next = 0;
  for (const [lo, hi] of set) {
    if (lo > next) out.push([next, lo - 1]);
    next = hi + 1;
  }
  if (next <= MAX) out.push([next, MAX]);
  return out;
}

function normalise(ranges: CharSet): CharSet {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const out: CharSet = [];
  for (const r of sorted) {
    const top = out[out.length - 1];
    if (top && r[0] <= top[1] + 1) top[1] = Math.max(top[1], r[1]);
    else out.push([r[0], r[1]]);
  }
  return out;
}

const overlaps = (a: CharSet, b: CharSet) => a.some(([lo, hi]) => b.some(([l, h]) => lo <= h && l <= hi));

/** Parses a pattern into tokens; throws on malformed classes, dangling escapes or misplaced repetition. */
function tokenize(pattern: string): Token[] {
  const cps = [...pattern].map((c) => c.codePointAt(0)!);
  const tokens: Token[] = [];
  for (let i = 0; i < cps.length; i++) {
    const c = String.fromCodePoint(cps[i]);
    let chars: CharSet;
    if (c === '*' || c === '+' || c === '?') {
      const last = tokens[tokens.length - 1];
      if (!last || last.repeat !== '') throw new Error('misplaced repetition');
      last.repeat = c;
      continue;
    }
    if (c === '\\') {
      if (++i >= cps.length) throw new Error('dangling escape');
      chars = [[cps[i], cps[i]]];
    } else if (c === '.') chars = ANY;
    else if (c === '[') {
      const negate = cps[i + 1] === 0x5e; // ^
      if (negate) i++;
      const ranges: CharSet = [];
      for (i++; i < cps.length && cps[i] !== 0x5d; i++) {
        let lo = cps[i];
        if (lo === 0x5c && i + 1 < cps.length) lo = cps[++i];
        if (cps[i + 1] === 0x2d && i + 2 < cps.length && cps[i + 2] !== 0x5d) {
          let hi = cps[i + 2];
          i += 2;
          if (hi === 0x5c && i + 1 < cps.length) hi = cps[++i];
          if (hi < lo) throw new Error('bad range');
          ranges.push([lo, hi]);
        } else ranges.push([lo, lo]);
      }
      if (i >= cps.length) throw new Error('unterminated class');
      chars = negate ? complement(normalise(ranges)) : normalise(ranges);
    } else chars = [[cps[i], cps[i]]];
    tokens.push({ chars, repeat: '' });
  }
  return tokens;
}

/** States reachable without consuming: a token with `*` or `?` may be skipped. */
function closure(tokens: Token[], state: number): number[] {
  const out = [state];
  while (state < tokens.length && (tokens[state].repeat === '*' || tokens[state].repeat === '?')) out.push(++state);
  return out;
}

/** Where consuming one character of token `state` can lead. */
function afterConsume(tokens: Token[], state: number): number[] {
  const r = tokens[state].repeat;
  return r === '*' || r === '+' ? [state, state + 1] : [state + 1];
}

/** True if some string matches both patterns: a search of the product of their automata. */
export function globsIntersect(a: string, b: string): boolean {
  const x = tokenize(a);
  const y = tokenize(b);
  const seen = new Set<string>();
  const todo: Array<[number, number]> = [];
  const push = (i: number, j: number) => {
    for (const ci of closure(x, i)) {
      for (const cj of closure(y, j)) {
        const key = `${ci},${cj}`;
        if (!seen.has(key)) {
          seen.add(key);
          todo.push([ci, cj]);
        }
      }
    }
  };
  push(0, 0);
  while (todo.length > 0) {
    const [i, j] = todo.pop()!;
    if (i === x.length && j === y.length) return true;
    if (i === x.length || j === y.length || !overlaps(x[i].chars, y[j].chars)) continue;
    for (const ni of afterConsume(x, i)) for (const nj of afterConsume(y, j)) push(ni, nj);
  }
  return false;
}
