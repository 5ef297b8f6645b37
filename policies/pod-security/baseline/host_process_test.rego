package verdict.policies.pss_baseline_host_process_test

import rego.v1

import data.verdict.lib.fixtures
import data.verdict.policies.pss_baseline_host_process as policy

host_process := {"windowsOptions": {"hostProcess": true}}

test_pod_host_process_fires if {
	spec := object.union(fixtures.restricted_spec, {"securityContext": host_process})
	policy.deny == {"spec.template.spec.securityContext.windowsOptions.hostProcess=true runs the pod as processes on the Windows node; remove it or set it to false"} with input as fixtures.pod_review("Deployment", spec)
}

test_pod_host_process_quiet_when_false if {
	spec := object.union(fixtures.restricted_spec, {"securityContext": {"windowsOptions": {"hostProcess": false}}})
	count(policy.deny) == 0 with input as fixtures.pod_review("Pod", spec)
}

test_container_host_process_fires if {
	msgs := policy.deny with input as fixtures.pod_review("Pod", fixtures.spec_with_container({"securityContext": host_process}))
	msgs == {`container "app" (spec.containers[0]): securityContext.windowsOptions.hostProcess=true runs the container as a process on the Windows node; remove it or set it to false`}
}

test_container_host_process_fires_for_every_pod_kind if {
	every kind in fixtures.pod_kinds {
		count(policy.deny) == 1 with input as fixtures.pod_review(kind, fixtures.spec_with_container({"securityContext": host_process}))
	}
}

test_container_host_process_quiet if {
	count(policy.deny) == 0 with input as fixtures.pod_review("Pod", fixtures.restricted_spec)
	spec := fixtures.spec_with_container({"securityContext": {"windowsOptions": {"runAsUserName": "ContainerUser"}}})
	count(policy.deny) == 0 with input as fixtures.pod_review("Pod", spec)
}
