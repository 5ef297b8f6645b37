package verdict.policies.pss_restricted_capabilities_test

import rego.v1

import data.verdict.lib.fixtures
import data.verdict.policies.pss_restricted_capabilities as policy

test_drop_all_missing_fires if {
	spec := fixtures.spec_with_container({"securityContext": {"capabilities": {"drop": ["NET_RAW"]}}})
	policy.deny == {`container "app" (spec.containers[0]): securityContext.capabilities.drop must include "ALL" (add back only NET_BIND_SERVICE, if needed)`} with input as fixtures.pod_review("Pod", spec)
}

test_drop_all_missing_fires_for_every_pod_kind if {
	spec := {"containers": [{"name": "app", "image": "app"}]}
	every kind in fixtures.pod_kinds {
		count(policy.deny) == 1 with input as fixtures.pod_review(kind, spec)
	}
}

test_drop_all_missing_quiet_for_windows if {
	count(policy.deny) == 0 with input as fixtures.pod_review("Pod", {"os": {"name": "windows"}, "containers": [{"name": "app", "image": "app"}]})
}

test_added_capability_fires if {
	spec := fixtures.spec_with_container({"securityContext": {"capabilities": {"drop": ["ALL"], "add": ["NET_BIND_SERVICE", "CHOWN"]}}})
	policy.deny == {`container "app" (spec.containers[0]): securityContext.capabilities.add includes CHOWN; the restricted level allows adding only NET_BIND_SERVICE`} with input as fixtures.pod_review("Pod", spec)
}

test_added_capability_quiet_for_net_bind_service if {
	spec := fixtures.spec_with_container({"securityContext": {"capabilities": {"drop": ["ALL"], "add": ["NET_BIND_SERVICE"]}}})
	count(policy.deny) == 0 with input as fixtures.pod_review("Pod", spec)
}
