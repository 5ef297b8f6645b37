package verdict.policies.pss_baseline_proc_mount_test

import rego.v1

import data.verdict.lib.fixtures
import data.verdict.policies.pss_baseline_proc_mount as policy

unmasked := fixtures.spec_with_container({"securityContext": {"procMount": "Unmasked"}})

test_unmasked_fires if {
	policy.deny == {`container "app" (spec.containers[0]): securityContext.procMount="Unmasked" removes the /proc masks; remove it or set spec.hostUsers: false to run the pod in its own user namespace`} with input as fixtures.pod_review("Pod", unmasked)
}

test_unmasked_fires_for_every_pod_kind if {
	every kind in fixtures.pod_kinds {
		count(policy.deny) == 1 with input as fixtures.pod_review(kind, unmasked)
	}
}

test_unmasked_quiet_for_default_or_in_a_user_namespace if {
	count(policy.deny) == 0 with input as fixtures.pod_review("Pod", fixtures.spec_with_container({"securityContext": {"procMount": "Default"}}))
	count(policy.deny) == 0 with input as fixtures.pod_review("Pod", object.union(unmasked, {"hostUsers": false}))
}
