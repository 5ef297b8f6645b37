// Pins the conventions of the policy library: complete METADATA, every pod kind for pod policies, a firing and a
// quiet Rego test for every deny/warn/patch rule, parameters that exist in data.yaml, and readable file sizes.
import { expect } from 'chai';
import path from 'node:path';
import type { Module, Rule } from '../../src/rego/1-parse/ast.js';
import { parseModules } from '../../src/rego/bundle/entrypoints.js';
import { gatherFiles, isPlainObject, mergeData } from '../../src/rego/files.js';
import { POLICIES } from './root.js';

const RESULT_RULES = ['deny', 'warn', 'patch'];
const POD_KINDS = [
  'Pod', 'PodTemplate', 'ReplicationController', 'apps/Deployment', 'apps/ReplicaSet',
  'apps/StatefulSet', 'apps/DaemonSet', 'batch/Job', 'batch/CronJob',
];
const CONTROL_FORMATS = [
  /^(GV|ID|PR|DE|RS|RC)\.[A-Z]{2}-\d{2}$/, // NIST CSF 2.0 subcategory
  /^CIS \d+(\.\d+)+$/, // CIS Kubernetes Benchmark recommendation
  /^GDPR Art\. \d+(\(\d+\))?(\([a-z]\))?$/, // GDPR article, paragraph, point
];

interface Library {
  modules: Module[];
  texts: Map<string, string>;
  parameters: Record<string, unknown>;
}

let library: Library;

before(async () => {
  const gathered = await gatherFiles([POLICIES]);
  const data = mergeData(gathered.data);
  const verdict = data.verdict;
  const parameters = isPlainObject(verdict) && isPlainObject(verdict.parameters) ? verdict.parameters : {};
  library = { modules: parseModules(gathered.modules), texts: new Map(gathered.modules.map((f) => [f.path, f.text])), parameters };
});

function ruleName(rule: Rule): string | undefined {
  const first = rule.head.ref[0];
  return rule.head.ref.length === 1 && first?.kind === 'var' ? first.name : undefined;
}

function policies(): Module[] {
  return library.modules.filter((m) => {
    const p = m.package.path;
    return p[0] === 'verdict' && p[1] === 'policies' && m.rules.some((r) => RESULT_RULES.includes(ruleName(r) ?? ''));
  });
}

function idOf(m: Module): string {
  return m.package.path.slice(2).join('.');
}

function custom(m: Module): Record<string, unknown> {
  return m.annotations.find((a) => a.scope === 'package')?.custom ?? {};
}

function testsOf(m: Module): string[] {
  const pkg = [...m.package.path.slice(0, -1), `${m.package.path.at(-1)}_test`].join('.');
  return library.modules
    .filter((t) => t.package.path.join('.') === pkg)
    .flatMap((t) => t.rules.map(ruleName).filter((n): n is string => n !== undefined && n.startsWith('test_')));
}

describe('policy library conventions', () => {
  it('has policies in every family of the issue', () => {
    const ids = policies().map(idOf);
    for (const prefix of ['pss_baseline_', 'pss_restricted_', 'rbac_', 'sa_', 'gdpr_', 'safe_defaults_']) {
      expect(ids.some((id) => id.startsWith(prefix)), prefix).to.equal(true);
    }
  });

  it('names each policy package verdict.policies.<snake_case id>', () => {
    for (const m of policies()) expect(idOf(m), m.file).to.match(/^[a-z][a-z0-9_]*$/);
  });

  it('gives each policy a title, description, severity, kinds, controls and default mode', () => {
    for (const m of policies()) {
      const meta = m.annotations.find((a) => a.scope === 'package');
      const c = custom(m);
      expect(meta?.title, m.file).to.be.a('string').and.not.equal('');
      expect(meta?.description, m.file).to.be.a('string').and.not.equal('');
      expect(c.severity, m.file).to.be.oneOf(['low', 'medium', 'high', 'critical']);
      expect(c.mode, m.file).to.be.oneOf(['enforce', 'warn', 'dryrun', 'off']);
      expect(c.kinds, m.file).to.be.an('array').that.is.not.empty;
      expect(c.controls, m.file).to.be.an('array').that.is.not.empty;
      for (const control of c.controls as unknown[]) {
        expect(CONTROL_FORMATS.some((f) => f.test(String(control))), `${m.file}: control ${String(control)}`).to.equal(true);
      }
    }
  });

  it('runs Pod Security baseline in enforce mode and restricted in warn mode', () => {
    for (const m of policies()) {
      if (idOf(m).startsWith('pss_baseline_')) expect(custom(m).mode, m.file).to.equal('enforce');
      if (idOf(m).startsWith('pss_restricted_')) expect(custom(m).mode, m.file).to.equal('warn');
    }
  });

  it('applies every policy that concerns Pods to every pod-template kind as well', () => {
    for (const m of policies()) {
      const kinds = (custom(m).kinds as unknown[]).map(String);
      if (kinds.includes('Pod')) expect(kinds, m.file).to.include.members(POD_KINDS);
    }
  });

  it('marks every deny, warn and patch rule with a case name', () => {
    for (const m of policies()) {
      for (const rule of m.rules.filter((r) => RESULT_RULES.includes(ruleName(r) ?? ''))) {
        expect(rule.annotations?.custom?.case, `${m.file}:${rule.span.line}`).to.be.a('string').and.match(/^[a-z][a-z0-9_]*$/);
      }
    }
  });

  it('has a firing and a quiet test for every case: test_<case>_fires* and test_<case>_quiet*', () => {
    for (const m of policies()) {
      const tests = testsOf(m);
      const cases = new Set(m.rules.map((r) => r.annotations?.custom?.case).filter((c): c is string => typeof c === 'string'));
      for (const c of cases) {
        expect(tests.some((t) => t.startsWith(`test_${c}_fires`)), `${idOf(m)}: no test_${c}_fires*`).to.equal(true);
        expect(tests.some((t) => t.startsWith(`test_${c}_quiet`)), `${idOf(m)}: no test_${c}_quiet*`).to.equal(true);
      }
    }
  });

  it('tests each pod policy on every pod-template kind', () => {
    for (const m of policies()) {
      if (!(custom(m).kinds as unknown[]).includes('Pod')) continue;
      expect(testsOf(m).some((t) => t.includes('every_pod_kind')), `${idOf(m)}: no *every_pod_kind* test`).to.equal(true);
    }
  });

  it('keeps each policy next to its test file, with the test package named <id>_test', () => {
    for (const m of policies()) {
      const testFile = m.file.replace(/\.rego$/, '_test.rego');
      const test = library.modules.find((t) => t.file === testFile);
      expect(test, testFile).to.not.equal(undefined);
      expect(test!.package.path.join('.'), testFile).to.equal(`${m.package.path.join('.')}_test`);
    }
  });

  it('keeps policy files readable: under 300 lines', () => {
    for (const m of policies()) expect(library.texts.get(m.file)!.split('\n').length, m.file).to.be.below(300);
  });

  it('reads only parameters that policies/data.yaml defines, under the policy\'s own id', () => {
    const shared = library.parameters;
    for (const m of policies()) {
      const id = idOf(m);
      const text = library.texts.get(m.file)!;
      const declared = /^id := "([^"]+)"$/m.exec(text)?.[1];
      if (declared !== undefined) expect(declared, m.file).to.equal(id);
      for (const [, literal, name] of text.matchAll(/params\.get\((?:"([^"]+)"|id), "([^"]+)"\)/g)) {
        if (literal !== undefined) expect(literal, `${m.file}: params.get("${literal}", ...)`).to.equal(id);
        const own = shared[id];
        const defined = (isPlainObject(own) && name in own) || name in shared;
        expect(defined, `${m.file}: parameter ${name} has no default in data.yaml`).to.equal(true);
      }
    }
  });

  it('reads only shared parameters in the library helpers', () => {
    for (const m of library.modules.filter((x) => x.package.path.join('.').startsWith('verdict.lib.') && !x.file.endsWith('_test.rego'))) {
      for (const [, name] of library.texts.get(m.file)!.matchAll(/params\.get\(id, "([^"]+)"\)/g)) {
        expect(name in library.parameters, `${path.basename(m.file)}: shared parameter ${name} has no default`).to.equal(true);
      }
    }
  });
});
