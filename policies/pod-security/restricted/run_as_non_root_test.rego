package verdict.policies.pss_restricted_run_as_non_root_test

import rego.v1

import data.verdict.lib.fixtures
import data.verdict.policies.pss_restricted_run_as_non_root as policy

bare := {"containers": [{"name": "app", "image": "app"}]}

test_pod_allows_root_fires if {
	spec := object.union(fixtures.restricted_spec, {"securityContext": {"runAsNonRoot": false}})
	policy.deny == {"spec.securityContext.runAsNonRoot=false allows containers to run as root; set it to true"} with input as fixtures.pod_review("Pod", spec)
}

test_pod_allows_root_quiet_when_true if {
	count(policy.deny) == 0 with input as fixtures.pod_review("Pod", fixtures.restricted_spec)
}

test_container_allows_root_fires_for_every_pod_kind if {
	spec := fixtures.spec_with_container({"securityContext": {"runAsNonRoot": false}})
	every kind in fixtures.pod_kinds {
		count(policy.deny) == 1 with input as fixtures.pod_review(kind, spec)
	}
}

test_container_allows_root_quiet_in_a_user_namespace if {
	spec := object.union(fixtures.spec_with_container({"securityContext": {"runAsNonRoot": false}}), {"hostUsers": false})
	count(policy.deny) == 0 with input as fixtures.pod_review("Pod", spec)
}

test_container_unset_fires_without_pod_level if {
	policy.deny == {`container "app" (spec.containers[0]): set securityContext.runAsNonRoot=true here or in the pod's securityContext`} with input as fixtures.pod_review("Pod", bare)
}

test_container_unset_quiet_with_pod_level_true if {
	count(policy.deny) == 0 with input as fixtures.pod_review("Pod", object.union(bare, {"securityContext": {"runAsNonRoot": true}}))
}

test_container_unset_quiet_with_container_level_true if {
	spec := {"containers": [{"name": "app", "image": "app", "securityContext": {"runAsNonRoot": true}}]}
	count(policy.deny) == 0 with input as fixtures.pod_review("Pod", spec)
}
