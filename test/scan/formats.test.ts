// The output formats over one scan of the manifest fixtures: JSON lines, JUnit XML, SARIF 2.1.0 and the text summary.
import { expect } from 'chai';
import { Readable } from 'node:stream';
import type { Engine } from '../../src/engine/index.js';
import { jsonReporter } from '../../src/scan/reporters/json.js';
import { junitReporter } from '../../src/scan/reporters/junit.js';
import type { Output } from '../../src/scan/reporters/output.js';
import { sarifReporter } from '../../src/scan/reporters/sarif.js';
import { textReporter } from '../../src/scan/reporters/text.js';
import { runScan, type Reporter } from '../../src/scan/scan.js';
import { filesSource } from '../../src/scan/sources/files.js';
import { fixtureEngine, MANIFESTS } from './helpers.js';

function memory(): Output & { text: string; closed: boolean } {
  const m = {
    text: '',
    closed: false,
    write(s: string) {
      m.text += s;
    },
    async close() {
      m.closed = true;
    },
  };
  return m;
}

async function scanWith(engine: Engine, reporter: Reporter, paths = [MANIFESTS]) {
  return runScan({ engine, source: filesSource(paths, { namespace: 'dev' }), reporters: [reporter] });
}

/** Tags balance, attributes are quoted, and no bare `<` or `&` sits in text: enough to know a parser will accept it. */
function wellFormed(xml: string): void {
  const stack: string[] = [];
  const body = xml.replace(/^<\?xml[^?]*\?>\s*/, '');
  const tag = /<(\/?)([A-Za-z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>/g;
  let last = 0;
  for (let m = tag.exec(body); m; m = tag.exec(body)) {
    const text = body.slice(last, m.index);
    expect(text, `text before ${m[0]}`).to.not.match(/<|&(?!(amp|lt|gt|quot|#\d+);)/);
    last = tag.lastIndex;
    if (m[1]) expect(stack.pop(), `closing ${m[2]}`).to.equal(m[2]);
    else if (!m[4]) stack.push(m[2]);
  }
  expect(body.slice(last).trim()).to.equal('');
  expect(stack).to.deep.equal([]);
}

describe('scan: output formats', function () {
  this.timeout(30_000);
  let engine: Engine;
  before(async () => {
    engine = await fixtureEngine();
  });

  it('json: one record per finding, one per line, with policy, result, mode, resource and location', async () => {
    const out = memory();
    const { summary } = await scanWith(engine, jsonReporter(out));
    const records = out.text.trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(records).to.have.length(summary.findings);
    expect(records.map((r) => `${r.policy}:${r.result}:${r.resource.name}`).sort()).to.deep.equal([
      'cluster_admin:deny:ops-admin',
      'fragile:error:settings',
      'host_network:deny:debug',
      'labels:warn:web',
      'latest:deny:debug',
      'privileged:deny:web',
    ]);
    const web = records.find((r) => r.policy === 'privileged');
    expect(web).to.deep.include({ severity: 'high', mode: 'enforce', wouldDeny: true, message: 'container web is privileged', messages: ['container web is privileged'], controls: ['CIS-5.2.1'] });
    expect(web.resource).to.deep.equal({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'web' });
    expect(web.location).to.include({ document: 1, line: 4, template: 'shop/templates/deployment.yaml' });
    const dry = records.find((r) => r.policy === 'host_network');
    expect(dry).to.include({ mode: 'dryrun', wouldDeny: false });
    expect(out.closed).to.equal(true);
  });

  it('json: nothing at all when nothing is found', async () => {
    const out = memory();
    await runScan({ engine, source: filesSource(['-'], { stdin: Readable.from(['apiVersion: v1\nkind: Pod\nmetadata: {name: ok, namespace: a, labels: {team: x}}\nspec: {containers: []}\n']) }), reporters: [jsonReporter(out)] });
    expect(out.text).to.equal('');
  });

  it('junit: a suite per policy, a case per object it evaluated; denials fail, errors error, warnings pass', async () => {
    const out = memory();
    await scanWith(engine, junitReporter(out));
    wellFormed(out.text);
    const suites = [...out.text.matchAll(/<testsuite name="([^"]+)" tests="(\d+)" failures="(\d+)" errors="(\d+)"/g)].map((m) => m.slice(1).join(' '));
    expect(suites).to.deep.equal([
      'cluster_admin 1 1 0',
      'fragile 1 0 1',
      'host_network 2 1 0',
      'labels 3 0 0',
      'latest 2 1 0',
      'privileged 3 1 0',
    ]);
    expect(out.text).to.match(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="verdict scan" tests="12" failures="4" errors="1" /);
    expect(out.text).to.include('<testcase classname="privileged" name="apps/v1 Deployment shop/web" file="');
    expect(out.text).to.include('<failure type="deny" message="container web is privileged">');
    expect(out.text).to.include('<failure type="deny-dryrun" message="pod uses the host network">');
    expect(out.text).to.include('<system-out>warning: objects should carry a team label</system-out>');
  });

  it('junit: escapes what XML cannot hold in messages and names', async () => {
    const out = memory();
    const manifest = 'apiVersion: v1\nkind: Pod\nmetadata: {name: "a", namespace: x}\nspec:\n  containers: [{name: "<&\\"\\u0001>", image: "x", securityContext: {privileged: true}}]\n';
    await runScan({ engine, source: filesSource(['-'], { stdin: Readable.from([manifest]) }), reporters: [junitReporter(out)] });
    wellFormed(out.text);
    expect(out.text).to.include('message="container &lt;&amp;&quot;&gt; is privileged"');
  });

  it('sarif: a 2.1.0 log with a rule per policy and a result per finding, at the file and line of the manifest', async () => {
    const out = memory();
    const { summary } = await scanWith(engine, sarifReporter(out, '9.9.9'));
    const log = JSON.parse(out.text);
    expect(log.version).to.equal('2.1.0');
    expect(log.$schema).to.match(/sarif-2\.1\.0/);
    const run = log.runs[0];
    expect(run.tool.driver).to.include({ name: 'verdict', version: '9.9.9' });
    expect(run.tool.driver.rules.map((r: { id: string }) => r.id)).to.deep.equal(engine.bundle.catalog.policies.map((p) => p.id));
    expect(run.results).to.have.length(summary.findings);
    for (const r of run.results) expect(run.tool.driver.rules[r.ruleIndex].id).to.equal(r.ruleId);
    const privileged = run.results.find((r: { ruleId: string }) => r.ruleId === 'privileged');
    expect(privileged.level).to.equal('error');
    expect(privileged.message.text).to.equal('apps/v1 Deployment shop/web: container web is privileged');
    expect(privileged.locations[0].physicalLocation.region).to.deep.equal({ startLine: 4 });
    expect(privileged.locations[0].physicalLocation.artifactLocation.uri).to.match(/test\/fixtures\/scan\/manifests\/app\.yaml$/);
    expect(privileged.partialFingerprints['verdict/v1']).to.match(/^[0-9a-f]{32}$/);
    expect(run.results.find((r: { ruleId: string }) => r.ruleId === 'labels').level).to.equal('warning');
    expect(run.tool.driver.rules.find((r: { id: string }) => r.id === 'cluster_admin').properties['security-severity']).to.equal('9.5');
    expect(run.invocations[0]).to.deep.include({ executionSuccessful: true });
    expect(run.invocations[0].properties).to.deep.equal({ objects: 7, evaluated: 5, exempt: 1, wouldDeny: 3 });
  });

  it('sarif: still valid JSON with no result at all', async () => {
    const out = memory();
    await runScan({ engine, source: filesSource(['-'], { stdin: Readable.from(['']) }), reporters: [sarifReporter(out)] });
    expect(JSON.parse(out.text).runs[0].results).to.deep.equal([]);
  });

  it('text: per policy and per namespace, worst first, the findings with their file and line, and the result', async () => {
    const out = memory();
    await scanWith(engine, textReporter(out));
    const text = out.text;
    const policyRows = text.split('Policies (worst first)\n')[1].split('\n\n')[0].split('\n').slice(1).map((l) => l.trim().split(/\s+/)[0]);
    expect(policyRows).to.deep.equal(['cluster_admin', 'privileged', 'latest', 'host_network', 'fragile', 'labels']);
    const nsRows = text.split('Namespaces (worst first)\n')[1].split('\n\n')[0].split('\n').slice(1).map((l) => l.trim().split(/\s+/)[0]);
    expect(nsRows).to.deep.equal(['shop', '(cluster-scoped)', 'dev']);
    expect(text).to.match(/WOULD DENY\s+critical cluster_admin {2}rbac\.authorization\.k8s\.io\/v1 ClusterRoleBinding ops-admin: User bob is bound to cluster-admin {2}\(.*kustomize\/rbac\.yaml:1\)/);
    expect(text).to.match(/deny \(dryrun\)\s+critical host_network/);
    expect(text.trimEnd().split('\n').pop()).to.equal('Result: 3 of 7 objects would be denied admission.');
  });
});
