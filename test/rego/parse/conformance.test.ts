// Parses every module, query and input_term of OPA's conformance suite (../shared/conformance/opa/v1).
import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';
import { parseModule, parseQuery, parseTerm } from '../../../src/rego/1-parse/index.js';

const ROOT = path.resolve(fileURLToPath(new URL('../../../../', import.meta.url)));
const SUITE = path.join(ROOT, '..', 'shared', 'conformance', 'opa', 'v1');

interface SuiteCase {
  note: string;
  query?: string;
  modules?: string[];
  input_term?: string;
  want_error?: string;
}

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? yamlFiles(path.join(dir, e.name)) : /\.ya?ml$/.test(e.name) ? [path.join(dir, e.name)] : []))
    .sort();
}

function loadSuite(): Array<SuiteCase & { file: string }> {
  return yamlFiles(SUITE).flatMap((file) => {
    const doc = YAML.parse(readFileSync(file, 'utf8')) as { cases?: SuiteCase[] } | null;
    return (doc?.cases ?? []).map((c) => ({ ...c, file: path.relative(SUITE, file) }));
  });
}

/** A case may fail to parse only if it expects a parse error. */
function expectsParseError(c: SuiteCase): boolean {
  return /rego_parse_error|parse error/i.test(c.want_error ?? '');
}

describe('parsing the OPA conformance suite', function () {
  const cases = loadSuite();

  it('finds the suite', () => {
    expect(cases.length).to.be.greaterThan(1000);
  });

  it('parses every module, except where a parse error is expected', () => {
    const failures: string[] = [];
    let parsed = 0;
    let total = 0;
    for (const c of cases) {
      (c.modules ?? []).forEach((text, i) => {
        total++;
        try {
          parseModule({ path: `${c.file}#${i}`, text });
          parsed++;
        } catch (err) {
          if (!expectsParseError(c)) failures.push(`${c.note}: ${(err as Error).message}`);
        }
      });
    }
    console.log(`      conformance modules: ${parsed}/${total} parse`);
    expect(failures).to.deep.equal([]);
  });

  it('parses every query', () => {
    const failures: string[] = [];
    let count = 0;
    for (const c of cases) {
      if (c.query === undefined) continue;
      count++;
      try {
        expect(parseQuery(c.query)).to.not.be.empty;
      } catch (err) {
        failures.push(`${c.note}: ${(err as Error).message}`);
      }
    }
    console.log(`      conformance queries: ${count - failures.length}/${count} parse`);
    expect(failures).to.deep.equal([]);
  });

  it('parses every input_term', () => {
    const failures: string[] = [];
    for (const c of cases) {
      if (c.input_term === undefined) continue;
      try {
        parseTerm(c.input_term);
      } catch (err) {
        failures.push(`${c.note}: ${(err as Error).message}`);
      }
    }
    expect(failures).to.deep.equal([]);
  });
});
