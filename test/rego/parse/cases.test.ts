// Runs the data-driven parser cases in test/rego/parse/cases/*.yaml (FILTER=<text> narrows by note).
import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';
import { parseModule, parseQuery, parseTerm } from '../../../src/rego/1-parse/index.js';
import { RegoCompileError } from '../../../src/rego/source.js';
import { showBody, showModule, showRule, showTerm } from './print.js';

/** The project root, from this file's place in `dist/test/rego/parse/`. */
const ROOT = path.resolve(fileURLToPath(new URL('../../../../', import.meta.url)));
const CASES = path.join(ROOT, 'test', 'rego', 'parse', 'cases');

interface ParseCase {
  note: string;
  /** A module, parsed as `x.rego`; `version` is ParseOptions.regoVersion. */
  source?: string;
  version?: 0 | 1;
  /** Expected rendering of each rule (print.ts), the imports, the package path and Module.regoVersion. */
  rules?: string[];
  imports?: string[];
  package?: string;
  regoVersion?: 0 | 1;
  /** A query for parseQuery, and its expected rendering. */
  query?: string;
  body?: string;
  /** A term for parseTerm, and its expected rendering. */
  term?: string;
  show?: string;
  /** Every expected diagnostic, rendered (`file:line:col: code: message`), in order; or `error` for just one. */
  errors?: string[];
  error?: string;
}

function parse(c: ParseCase): string[] | string {
  if (c.source !== undefined) {
    const m = parseModule({ path: 'x.rego', text: c.source }, { regoVersion: c.version });
    if (c.regoVersion !== undefined) expect(m.regoVersion, 'regoVersion').to.equal(c.regoVersion);
    if (c.package !== undefined) expect(m.package.path.join('.')).to.equal(c.package);
    if (c.imports !== undefined) expect(showModule(m).filter((l) => l.startsWith('import '))).to.deep.equal(c.imports);
    return m.rules.map(showRule);
  }
  if (c.query !== undefined) return showBody(parseQuery(c.query));
  if (c.term !== undefined) return showTerm(parseTerm(c.term));
  throw new Error(`case ${c.note} has no source, query or term`);
}

function messages(c: ParseCase): string[] {
  try {
    parse(c);
  } catch (err) {
    if (err instanceof RegoCompileError) return err.message.split('\n');
    throw err;
  }
  return [];
}

const filter = process.env.FILTER;
for (const file of readdirSync(CASES).filter((f) => f.endsWith('.yaml')).sort()) {
  const doc = YAML.parse(readFileSync(path.join(CASES, file), 'utf8')) as { cases: ParseCase[] };
  describe(`parse cases: ${file}`, () => {
    for (const c of doc.cases) {
      if (filter && !c.note.includes(filter)) continue;
      it(c.note, () => {
        const wantErrors = c.errors ?? (c.error !== undefined ? [c.error] : undefined);
        if (wantErrors) {
          expect(messages(c)).to.deep.equal(wantErrors);
          return;
        }
        const got = parse(c);
        if (c.rules !== undefined) expect(got).to.deep.equal(c.rules);
        if (c.body !== undefined) expect(got).to.equal(c.body);
        if (c.show !== undefined) expect(got).to.equal(c.show);
      });
    }
  });
}
