// `--format sarif`: SARIF 2.1.0 for code-scanning tools. The rules (one per policy) are known from the catalog
// before the first object, so the log is streamed: header and rules, each result as it is found, then the
// invocation with the notes.
import { createHash } from 'node:crypto';
import type { PolicyInfo, Severity } from '../../engine/index.js';
import type { Reporter } from '../scan.js';
import type { Finding } from '../types.js';
import { resourceLabel, type Output } from './output.js';

const SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

/** GitHub code scanning ranks security results by this score (CVSS-like, 0–10). */
const SECURITY_SEVERITY: Readonly<Record<Severity, string>> = { critical: '9.5', high: '8.0', medium: '5.5', low: '3.0', info: '1.0' };

export function sarifReporter(out: Output, toolVersion = '0.0.0'): Reporter {
  const ruleIndex = new Map<string, number>();
  let first = true;
  return {
    begin(ctx) {
      const rules = ctx.engine.bundle.catalog.policies.map((p, i) => (ruleIndex.set(p.id, i), rule(p)));
      const head = {
        $schema: SCHEMA,
        version: '2.1.0',
        runs: [{ tool: { driver: { name: 'verdict', version: toolVersion, rules } } }],
      };
      const text = JSON.stringify(head, null, 2);
      // Reopen the run object just before its end to append the results array.
      return out.write(text.slice(0, text.lastIndexOf('}', text.lastIndexOf(']') - 1)).trimEnd() + ',\n      "results": [\n');
    },
    object(o) {
      if (o.findings.length === 0) return;
      const parts = o.findings.map((f) => (first ? '' : ',\n') + ((first = false), '        ' + JSON.stringify(result(f, ruleIndex.get(f.policy)))));
      return out.write(parts.join(''));
    },
    async end(summary) {
      const invocation = {
        executionSuccessful: true,
        toolExecutionNotifications: summary.notes.map((text) => ({ level: 'note', message: { text } })),
        properties: { objects: summary.objects, evaluated: summary.evaluated, exempt: summary.exempt, wouldDeny: summary.wouldDeny },
      };
      await out.write(`\n      ],\n      "invocations": [${JSON.stringify(invocation)}]\n    }\n  ]\n}\n`);
      await out.close();
    },
  };
}

function rule(p: PolicyInfo): Record<string, unknown> {
  return {
    id: p.id,
    name: p.id.split(/[._-]/).map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join(''),
    shortDescription: { text: p.title },
    fullDescription: { text: p.description ?? p.title },
    defaultConfiguration: { level: 'error' },
    properties: { severity: p.severity, 'security-severity': SECURITY_SEVERITY[p.severity], tags: ['security', 'kubernetes', ...p.controls] },
  };
}

function result(f: Finding, index: number | undefined): Record<string, unknown> {
  const message = f.messages.join('; ');
  const location = f.location && f.location.file !== '-'
    ? { physicalLocation: { artifactLocation: { uri: f.location.file.split('\\').join('/') }, region: { startLine: f.location.line } } }
    : { logicalLocations: [{ name: f.resource.name, fullyQualifiedName: resourceLabel(f.resource), kind: 'resource' }] };
  return {
    ruleId: f.policy,
    ...(index !== undefined ? { ruleIndex: index } : {}),
    level: f.result === 'warn' ? 'warning' : 'error',
    message: { text: `${resourceLabel(f.resource)}: ${message}` },
    locations: [location],
    // Stable across runs, so code scanning tracks one alert per policy, object and message.
    partialFingerprints: { 'verdict/v1': createHash('sha256').update(`${f.policy}\0${resourceLabel(f.resource)}\0${f.result}\0${message}`).digest('hex').slice(0, 32) },
    properties: { result: f.result, mode: f.mode, severity: f.severity, wouldDeny: f.wouldDeny, resource: f.resource },
  };
}
