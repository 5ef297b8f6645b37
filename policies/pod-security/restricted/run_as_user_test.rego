package verdict.policies.pss_restricted_run_as_user_test

import rego.v1

import data.verdict.lib.fixtures
import data.verdict.policies.pss_restricted_run_as_user as policy

test_pod_root_user_fires if {
	spec := object.union(fixtures.restricted_spec, {"securityContext": {"runAsUser": 0}})
	policy.deny == {"spec.template.spec.securityContext.runAsUser=0 runs the pod's containers as root; use a non-zero user ID"} with input as fixtures.pod_review("DaemonSet", spec)
}

test_pod_root_user_quiet_for_non_zero if {
	count(policy.deny) == 0 with input as fixtures.pod_review("Pod", object.union(fixtures.restricted_spec, {"securityContext": {"runAsUser": 10001}}))
}

test_container_root_user_fires_for_every_pod_kind if {
	spec := fixtures.spec_with_container({"securityContext": {"runAsUser": 0}})
	every kind in fixtures.pod_kinds {
		count(policy.deny) == 1 with input as fixtures.pod_review(kind, spec)
	}
}

test_container_root_user_quiet_when_unset_or_in_a_user_namespace if {
	count(policy.deny) == 0 with input as fixtures.pod_review("Pod", fixtures.restricted_spec)
	spec := object.union(fixtures.spec_with_container({"securityContext": {"runAsUser": 0}}), {"hostUsers": false})
	count(policy.deny) == 0 with input as fixtures.pod_review("Pod", spec)
}
