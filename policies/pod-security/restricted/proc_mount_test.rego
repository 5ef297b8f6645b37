package verdict.policies.pss_restricted_proc_mount_test

import rego.v1

import data.verdict.lib.fixtures
import data.verdict.policies.pss_restricted_proc_mount as policy

unmasked := fixtures.spec_with_container({"securityContext": {"procMount": "Unmasked"}})

test_unmasked_fires_even_in_a_user_namespace if {
	spec := object.union(unmasked, {"hostUsers": false})
	policy.deny == {`container "app" (spec.containers[0]): securityContext.procMount="Unmasked" removes the /proc masks; remove it`} with input as fixtures.pod_review("Pod", spec)
}

test_unmasked_fires_for_every_pod_kind if {
	every kind in fixtures.pod_kinds {
		count(policy.deny) == 1 with input as fixtures.pod_review(kind, unmasked)
	}
}

test_unmasked_quiet_for_default if {
	count(policy.deny) == 0 with input as fixtures.pod_review("Pod", fixtures.spec_with_container({"securityContext": {"procMount": "Default"}}))
}
