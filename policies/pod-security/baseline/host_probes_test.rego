package verdict.policies.pss_baseline_host_probes_test

import rego.v1

import data.verdict.lib.fixtures
import data.verdict.policies.pss_baseline_host_probes as policy

test_probe_host_fires if {
	spec := fixtures.spec_with_container({"livenessProbe": {"httpGet": {"host": "169.254.169.254", "path": "/", "port": 80}}})
	policy.deny == {`container "app" (spec.containers[0]): livenessProbe.httpGet.host="169.254.169.254" makes the kubelet connect to another host; remove host so that the check goes to the pod itself`} with input as fixtures.pod_review("Pod", spec)
}

test_probe_host_fires_for_every_handler if {
	container := {
		"readinessProbe": {"tcpSocket": {"host": "a", "port": 1}},
		"startupProbe": {"httpGet": {"host": "b", "port": 1}},
		"lifecycle": {"postStart": {"httpGet": {"host": "c", "port": 1}}, "preStop": {"tcpSocket": {"host": "d", "port": 1}}},
	}
	count(policy.deny) == 4 with input as fixtures.pod_review("Pod", fixtures.spec_with_container(container))
}

test_probe_host_fires_for_every_pod_kind if {
	spec := fixtures.spec_with_container({"startupProbe": {"tcpSocket": {"host": "10.0.0.1", "port": 22}}})
	every kind in fixtures.pod_kinds {
		count(policy.deny) == 1 with input as fixtures.pod_review(kind, spec)
	}
}

test_probe_host_quiet_without_host_or_with_empty_host if {
	container := {
		"livenessProbe": {"httpGet": {"path": "/healthz", "port": 8080}},
		"readinessProbe": {"tcpSocket": {"host": "", "port": 8080}},
		"lifecycle": {"preStop": {"exec": {"command": ["sleep", "5"]}}},
	}
	count(policy.deny) == 0 with input as fixtures.pod_review("Pod", fixtures.spec_with_container(container))
}
