package verdict.policies.pss_restricted_privilege_escalation_test

import rego.v1

import data.verdict.lib.fixtures
import data.verdict.policies.pss_restricted_privilege_escalation as policy

unset := {"containers": [{"name": "app", "image": "app"}]}

test_escalation_allowed_fires_when_unset if {
	policy.deny == {`container "app" (spec.containers[0]): securityContext.allowPrivilegeEscalation must be false (it is unset); set it to false`} with input as fixtures.pod_review("Pod", unset)
}

test_escalation_allowed_fires_when_true_for_every_pod_kind if {
	spec := fixtures.spec_with_container({"securityContext": {"allowPrivilegeEscalation": true}})
	every kind in fixtures.pod_kinds {
		count([m | some m in policy.deny; contains(m, "(it is true)")]) == 1 with input as fixtures.pod_review(kind, spec)
	}
}

test_escalation_allowed_fires_for_init_containers if {
	spec := object.union(fixtures.restricted_spec, {"initContainers": [{"name": "migrate", "image": "m"}]})
	count(policy.deny) == 1 with input as fixtures.pod_review("Pod", spec)
}

test_escalation_allowed_quiet_when_false_or_windows if {
	count(policy.deny) == 0 with input as fixtures.pod_review("Pod", fixtures.restricted_spec)
	count(policy.deny) == 0 with input as fixtures.pod_review("Pod", object.union(unset, {"os": {"name": "windows"}}))
}
