package verdict.policies.pss_baseline_sysctls_test

import rego.v1

import data.verdict.lib.fixtures
import data.verdict.policies.pss_baseline_sysctls as policy

with_sysctls(names) := object.union(fixtures.restricted_spec, {"securityContext": {"sysctls": [{"name": n, "value": "1"} | some n in names]}})

test_unsafe_sysctl_fires if {
	policy.deny == {`spec.securityContext.sysctls[1].name="kernel.msgmax" is not a safe sysctl: it can affect other pods on the node; remove it`} with input as fixtures.pod_review("Pod", with_sysctls(["net.ipv4.tcp_syncookies", "kernel.msgmax"]))
}

test_unsafe_sysctl_fires_for_every_pod_kind if {
	every kind in fixtures.pod_kinds {
		count(policy.deny) == 1 with input as fixtures.pod_review(kind, with_sysctls(["net.core.somaxconn"]))
	}
}

test_unsafe_sysctl_quiet_for_the_safe_set if {
	count(policy.deny) == 0 with input as fixtures.pod_review("Pod", with_sysctls(data.verdict.parameters.pss_baseline_sysctls.allowed_sysctls))
	count(policy.deny) == 0 with input as fixtures.pod_review("Pod", with_sysctls(["net.ipv4.ip_unprivileged_port_start", "net.ipv4.tcp_wmem"]))
}
