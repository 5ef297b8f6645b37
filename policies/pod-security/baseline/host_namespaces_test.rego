package verdict.policies.pss_baseline_host_namespaces_test

import rego.v1

import data.verdict.lib.fixtures
import data.verdict.policies.pss_baseline_host_namespaces as policy

test_host_namespace_fires_for_each_field if {
	every field in ["hostNetwork", "hostPID", "hostIPC"] {
		count(policy.deny) == 1 with input as fixtures.pod_review("Pod", object.union(fixtures.restricted_spec, {field: true}))
	}
}

test_host_namespace_fires_with_the_field_named if {
	spec := object.union(fixtures.restricted_spec, {"hostPID": true})
	policy.deny == {"spec.jobTemplate.spec.template.spec.hostPID=true gives the pod the node's processes; remove it or set it to false"} with input as fixtures.pod_review("CronJob", spec)
}

test_host_namespace_fires_for_every_pod_kind if {
	spec := object.union(fixtures.restricted_spec, {"hostNetwork": true, "hostIPC": true})
	every kind in fixtures.pod_kinds {
		count(policy.deny) == 2 with input as fixtures.pod_review(kind, spec)
	}
}

test_host_namespace_quiet_when_false_or_unset if {
	spec := object.union(fixtures.restricted_spec, {"hostNetwork": false, "hostPID": false, "hostIPC": false})
	count(policy.deny) == 0 with input as fixtures.pod_review("Pod", spec)
	count(policy.deny) == 0 with input as fixtures.pod_review("Pod", fixtures.restricted_spec)
}

test_host_namespace_quiet_for_other_kinds if {
	count(policy.deny) == 0 with input as fixtures.object_review("Service", {"metadata": {"name": "a"}, "spec": {"hostNetwork": true}})
}
