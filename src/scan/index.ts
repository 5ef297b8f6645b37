/**
 * Dry-run audit: existing objects (manifests or a live cluster) evaluated as CREATE reviews by the shared engine.
 *
 *   source (sources/files.ts | sources/cluster.ts) → scan.ts: engine.decide(review, {origin: 'scan'}) per object
 *     → aggregate.ts (bounded counts) + reporters/{text,json,junit,sarif,policy-reports}.ts + audit records
 *
 * `verdict scan` is src/cli/scan.ts; `verdict serve --audit-interval` runs periodic.ts, which scans only in the
 * replica that holds the audit Lease (leader.ts). docs/scan.md has the rest.
 */
export { runScan, exitCodeFor, EXIT_WOULD_DENY, type Reporter, type RunScanOptions, type ScanContext, type ScanOutcome, type ScanSource } from './scan.js';
export { loadScanEngine, scanKindPatterns, allEnforcing } from './engine.js';
export { startPeriodicScan, startClusterAuditScan, parseInterval, type PeriodicScan, type PeriodicScanOptions, type ClusterAuditOptions } from './periodic.js';
export { startLeaderElection, leaseNamespace, defaultIdentity, AUDIT_LEASE_NAME, LEASE_NAMESPACE_ENV, type LeaderElection, type LeaderElectionOptions, type Lease } from './leader.js';
export { clusterSource, type ClusterSourceOptions } from './sources/cluster.js';
export { filesSource, type FilesSourceOptions } from './sources/files.js';
export { KubeClient, KubeApiError, type KubeClientOptions } from './sources/kube-client.js';
export { policyReportsReporter, type PolicyReportsOptions } from './reporters/policy-reports.js';
export type { Finding, ScannedObject, ScanSummary, ScanItem, ResourceType } from './types.js';
