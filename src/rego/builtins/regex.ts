/** Regular expressions (RE2 syntax, run as JavaScript RegExp on the host) and glob matching. */
import { globsIntersect } from './glob-intersection.js';
import type { BuiltinEntry } from './types.js';

const cache = new Map<string, RegExp | null>();

/** Translates the RE2 features JavaScript spells differently: leading inline flags `(?i)`, `(?s)`, `(?m)`. */
function compile(pattern: string, global = false): RegExp | null {
  const key = (global ? 'g:' : ':') + pattern;
  if (cache.has(key)) return cache.get(key)!;
  let flags = global ? 'gu' : 'u';
  let source = pattern;
  const inline = /^\(\?([imsU]+)\)/.exec(source);
  if (inline) {
    source = source.slice(inline[0].length);
    for (const f of inline[1]) if ('ims'.includes(f) && !flags.includes(f)) flags += f;
  }
  source = source.replace(/\\z/g, '$').replace(/\(\?P</g, '(?<');
  let re: RegExp | null;
  try {
    re = new RegExp(source, flags);
  } catch {
    re = null;
  }
  if (cache.size > 1000) cache.clear();
  cache.set(key, re);
  return re;
}

function str(x: unknown): x is string {
  return typeof x === 'string';
}

/** Escapes a glob pattern's special characters. */
function globQuoteMeta(s: string): string {
  return s.replace(/[*?\\[\]{}!]/g, (c) => '\\' + c);
}

/** Compiles a glob (gobwas/glob semantics as OPA uses them) to a RegExp. */
function globToRegExp(pattern: string, delimiters: string[]): RegExp | null {
  const delims = delimiters.map((d) => d.replace(/[\\^\]-]/g, '\\$&')).join('');
  const notDelim = delims ? `[^${delims}]` : '[\\s\\S]';
  let out = '';
  let depth = 0;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      i++;
      if (i >= pattern.length) return null;
      out += pattern[i].replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    } else if (c === '*') {
      if (pattern[i + 1] === '*') {
        out += '[\\s\\S]*';
        i++;
      } else out += `${notDelim}*`;
    } else if (c === '?') out += notDelim;
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 1);
      if (end < 0) return null;
      let body = pattern.slice(i + 1, end);
      if (body.startsWith('!')) body = '^' + body.slice(1);
      out += `[${body.replace(/\\/g, '\\\\')}]`;
      i = end;
    } else if (c === '{') {
      depth++;
      out += '(?:';
    } else if (c === '}' && depth > 0) {
      depth--;
      out += ')';
    } else if (c === ',' && depth > 0) out += '|';
    else out += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  if (depth !== 0) return null;
  try {
    return new RegExp(`^${out}$`, 'u');
  } catch {
    return null;
  }
}

const quoteMeta = (s: string) => s.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&');

/**
 * regex.template_match: the template's text is literal and each outermost `start…end` delimited part is a
 * pattern, as OPA's (gorilla/mux-style) templates; unbalanced delimiters make the call undefined.
 */
function templateMatch(template: unknown, value: unknown, start: unknown, end: unknown): boolean | undefined {
  if (![template, value, start, end].every(str) || (start as string).length === 0 || (end as string).length === 0) return undefined;
  const [tpl, open, close] = [template as string, (start as string)[0], (end as string)[0]];
  let pattern = '^';
  let level = 0;
  let from = 0;
  let partStart = 0;
  for (let i = 0; i < tpl.length; i++) {
    if (tpl[i] === open && ++level === 1) partStart = i;
    else if (tpl[i] === close && --level === 0) {
      pattern += quoteMeta(tpl.slice(from, partStart)) + '(' + tpl.slice(partStart + 1, i) + ')';
      from = i + 1;
    } else if (level < 0) return undefined;
  }
  if (level !== 0) return undefined;
  return compile(pattern + quoteMeta(tpl.slice(from)) + '$')?.test(value as string);
}

export const regex: BuiltinEntry[] = [
  {
    name: 'regex.match',
    arity: 2,
    host: (pattern: unknown, value: unknown) => (str(pattern) && str(value) ? compile(pattern)?.test(value) : undefined),
    doc: 'true if the string matches the RE2 pattern',
  },
  {
    name: 're_match',
    arity: 2,
    host: (pattern: unknown, value: unknown) => (str(pattern) && str(value) ? compile(pattern)?.test(value) : undefined),
    doc: 'deprecated name of regex.match',
  },
  {
    name: 'regex.is_valid',
    arity: 1,
    host: (pattern: unknown) => str(pattern) && compile(pattern) !== null,
    doc: 'true if the pattern is a valid regular expression',
  },
  {
    name: 'regex.split',
    arity: 2,
    sdk: true,
    doc: 'split a string at every match of a pattern',
  },
  {
    name: 'regex.find_n',
    arity: 3,
    host: (pattern: unknown, value: unknown, n: unknown) => {
      if (!str(pattern) || !str(value) || typeof n !== 'number') return undefined;
      const re = compile(pattern, true);
      if (!re) return undefined;
      const all = [...value.matchAll(re)].map((m) => m[0]);
      return n < 0 ? all : all.slice(0, n);
    },
    doc: 'up to n matches of a pattern (all if n is -1)',
  },
  {
    name: 'regex.find_all_string_submatch_n',
    arity: 3,
    host: (pattern: unknown, value: unknown, n: unknown) => {
      if (!str(pattern) || !str(value) || typeof n !== 'number') return undefined;
      const re = compile(pattern, true);
      if (!re) return undefined;
      const all = [...value.matchAll(re)].map((m) => [...m].map((g) => g ?? ''));
      return n < 0 ? all : all.slice(0, n);
    },
    doc: 'up to n matches with their submatches',
  },
  {
    name: 'regex.replace',
    arity: 3,
    host: (s: unknown, pattern: unknown, value: unknown) => {
      if (!str(s) || !str(pattern) || !str(value)) return undefined;
      const re = compile(pattern, true);
      return re ? s.replace(re, value.replace(/\$\{?(\w+)\}?/g, '$<$1>').replace(/\$<(\d+)>/g, '$$$1')) : undefined;
    },
    doc: 'replace every match of a pattern',
  },
  {
    name: 'regex.template_match',
    arity: 4,
    host: templateMatch,
    doc: 'true if the value matches a template of literal text and delimited patterns, such as "urn:{[a-z]+}"',
  },
  {
    name: 'regex.globs_match',
    arity: 2,
    host: (a: unknown, b: unknown) => {
      if (!str(a) || !str(b)) return undefined;
      try {
        return globsIntersect(a, b);
      } catch {
        return undefined;
      }
    },
    doc: 'true if some string matches both patterns (literals, `.`, classes, with `*`, `+` or `?`)',
  },
  {
    name: 'glob.match',
    arity: 3,
    host: (pattern: unknown, delimiters: unknown, match: unknown) => {
      if (!str(pattern) || !str(match)) return undefined;
      let delims: string[] = ['.'];
      if (delimiters === null) delims = [];
      else if (Array.isArray(delimiters) && delimiters.length > 0) delims = delimiters.filter(str);
      return globToRegExp(pattern, delims)?.test(match);
    },
    doc: 'true if the string matches the glob; delimiters default to ["."]',
  },
  {
    name: 'glob.quote_meta',
    arity: 1,
    host: (s: unknown) => (str(s) ? globQuoteMeta(s) : undefined),
    doc: 'escape the special characters of a glob',
  },
];
