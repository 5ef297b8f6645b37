package verdict.policies.pss_restricted_seccomp_test

import rego.v1

import data.verdict.lib.fixtures
import data.verdict.policies.pss_restricted_seccomp as policy

bare := {"containers": [{"name": "app", "image": "app"}]}

test_pod_profile_fires_for_unconfined if {
	spec := object.union(bare, {"securityContext": {"seccompProfile": {"type": "Unconfined"}}})
	msgs := policy.deny with input as fixtures.pod_review("Pod", spec)
	`spec.securityContext.seccompProfile.type="Unconfined" turns seccomp filtering off; use RuntimeDefault or Localhost` in msgs
}

test_pod_profile_quiet_for_runtime_default if {
	count(policy.deny) == 0 with input as fixtures.pod_review("Pod", object.union(bare, {"securityContext": {"seccompProfile": {"type": "RuntimeDefault"}}}))
}

test_container_profile_fires_for_every_pod_kind if {
	spec := fixtures.spec_with_container({"securityContext": {"seccompProfile": {"type": "Unconfined"}}})
	every kind in fixtures.pod_kinds {
		count(policy.deny) == 1 with input as fixtures.pod_review(kind, spec)
	}
}

test_container_profile_quiet_for_localhost if {
	spec := {"containers": [{"name": "app", "image": "app", "securityContext": {"seccompProfile": {"type": "Localhost", "localhostProfile": "p.json"}}}]}
	count(policy.deny) == 0 with input as fixtures.pod_review("Pod", spec)
}

test_container_unset_fires_without_a_pod_profile if {
	policy.deny == {`container "app" (spec.containers[0]): set securityContext.seccompProfile.type=RuntimeDefault (or Localhost) here or in the pod's securityContext`} with input as fixtures.pod_review("Pod", bare)
}

test_container_unset_quiet_for_windows_pods if {
	count(policy.deny) == 0 with input as fixtures.pod_review("Pod", object.union(bare, {"os": {"name": "windows"}}))
}
