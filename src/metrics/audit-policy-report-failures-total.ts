// verdict_audit_policy_report_failures_total: periodic scans whose PolicyReports could not be written (all or some).
import { Counter, type Registry } from 'prom-client';

export function auditPolicyReportFailuresTotal(registry: Registry): Counter {
  return new Counter({
    name: 'verdict_audit_policy_report_failures_total',
    help: 'Audit scans that could not write their PolicyReports; the scan itself still counts as a success and updates the gauges.',
    registers: [registry],
  });
}
