/** String builtins. */
import { isString, lenient, typeError } from './host-values.js';
import type { BuiltinEntry } from './types.js';

/** A string, or an array or set of strings, as strings.any_prefix_match takes it; anything else is a type error. */
function stringsOperand(x: unknown, position: number): string[] {
  if (isString(x)) return [x];
  if (!Array.isArray(x)) return typeError(`operand ${position} must be one of {string, set, array}`);
  return x.every(isString) ? x : typeError(`operand ${position} must be array of strings`);
}

export const strings: BuiltinEntry[] = [
  { name: 'concat', arity: 2, native: true, doc: 'join an array or set of strings with a delimiter' },
  { name: 'contains', arity: 2, native: true, doc: 'true if a string contains a substring' },
  { name: 'startswith', arity: 2, native: true, doc: 'true if a string starts with a prefix' },
  { name: 'endswith', arity: 2, native: true, doc: 'true if a string ends with a suffix' },
  { name: 'lower', arity: 1, native: true, doc: 'lower case' },
  { name: 'upper', arity: 1, native: true, doc: 'upper case' },
  { name: 'replace', arity: 3, native: true, doc: 'replace every occurrence of old by new' },
  { name: 'split', arity: 2, native: true, doc: 'split a string at a delimiter' },
  { name: 'strings.split_n', arity: 3, native: true, doc: 'split a string at a delimiter into at most n parts' },
  { name: 'indexof', arity: 2, native: true, doc: 'index (in code points) of the first occurrence, or -1' },
  { name: 'indexof_n', arity: 2, native: true, doc: 'indexes of every occurrence' },
  { name: 'substring', arity: 3, native: true, doc: 'substring by code point offset and length' },
  { name: 'trim', arity: 2, native: true, doc: 'remove leading and trailing characters of a cutset' },
  { name: 'trim_left', arity: 2, native: true, doc: 'remove leading characters of a cutset' },
  { name: 'trim_right', arity: 2, native: true, doc: 'remove trailing characters of a cutset' },
  { name: 'trim_prefix', arity: 2, native: true, doc: 'remove a prefix' },
  { name: 'trim_suffix', arity: 2, native: true, doc: 'remove a suffix' },
  { name: 'trim_space', arity: 1, native: true, doc: 'remove leading and trailing white space' },
  { name: 'strings.replace_n', arity: 2, native: true, doc: 'replace by an object of old → new' },
  { name: 'strings.reverse', arity: 1, native: true, doc: 'reverse a string' },
  { name: 'strings.count', arity: 2, native: true, doc: 'count non-overlapping occurrences of a substring' },
  { name: 'format_int', arity: 2, native: true, doc: 'format a number in base 2, 8, 10 or 16' },
  { name: 'sprintf', arity: 2, native: true, sdk: true, doc: 'format with Go-style verbs (%v, %s, %d, ...)' },
  {
    name: 'strings.any_prefix_match',
    arity: 2,
    host: lenient((search: unknown, base: unknown) => {
      const [xs, ps] = [stringsOperand(search, 1), stringsOperand(base, 2)];
      return xs.some((x) => ps.some((p) => x.startsWith(p)));
    }),
    doc: 'true if any string starts with any prefix',
  },
  {
    name: 'strings.any_suffix_match',
    arity: 2,
    host: lenient((search: unknown, base: unknown) => {
      const [xs, ps] = [stringsOperand(search, 1), stringsOperand(base, 2)];
      return xs.some((x) => ps.some((p) => x.endsWith(p)));
    }),
    doc: 'true if any string ends with any suffix',
  },
];
