// The Kubernetes API server simulator the scan tests and the benchmark run against, and a kubeconfig for it that
// both Verdict (through @kubernetes/client-node) and a real kubectl accept.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunningSimulator } from './server.js';

export { startApiSimulator, type ExpiryRule, type RunningSimulator, type SimulatorOptions } from './server.js';
export { defaultResources, namespaceNames, objectFor, placement, podTraits, uidOf, type SimResource } from './objects.js';
export { LEASE_GROUP, LEASE_VERSION, LeaseStore, type StoredLease } from './leases.js';
export { REPORT_GROUP, REPORT_VERSION, ReportStore, type StoredReport } from './reports.js';

/** Writes `<dir>/kubeconfig` with one context, `simulator`, and returns its path. */
export function writeKubeconfig(sim: RunningSimulator, dir: string, context = 'simulator'): string {
  const cluster = sim.ca
    ? `    certificate-authority-data: ${Buffer.from(sim.ca).toString('base64')}\n`
    : '    insecure-skip-tls-verify: true\n';
  const text = [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    '- name: simulator',
    '  cluster:',
    `    server: ${sim.url}`,
    cluster.trimEnd(),
    'users:',
    '- name: scanner',
    '  user:',
    `    token: ${sim.token}`,
    'contexts:',
    `- name: ${context}`,
    '  context:',
    '    cluster: simulator',
    '    user: scanner',
    `current-context: ${context}`,
    '',
  ].join('\n');
  const file = join(dir, 'kubeconfig');
  writeFileSync(file, text);
  return file;
}
