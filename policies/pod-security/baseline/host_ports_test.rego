package verdict.policies.pss_baseline_host_ports_test

import rego.v1

import data.verdict.lib.fixtures
import data.verdict.policies.pss_baseline_host_ports as policy

ports(list) := fixtures.spec_with_container({"ports": list})

test_host_port_fires if {
	spec := ports([{"containerPort": 8080}, {"containerPort": 80, "hostPort": 80}])
	policy.deny == {`container "app" (spec.containers[0]): ports[1].hostPort=80 binds a port of the node; remove hostPort and reach the pod through a Service`} with input as fixtures.pod_review("Pod", spec)
}

test_host_port_fires_for_every_pod_kind if {
	every kind in fixtures.pod_kinds {
		count(policy.deny) == 1 with input as fixtures.pod_review(kind, ports([{"containerPort": 53, "hostPort": 53}]))
	}
}

test_host_port_quiet_for_zero_or_unset if {
	count(policy.deny) == 0 with input as fixtures.pod_review("Pod", ports([{"containerPort": 80, "hostPort": 0}, {"containerPort": 81}]))
}

test_host_port_quiet_when_allowed_by_parameter if {
	spec := ports([{"containerPort": 9100, "hostPort": 9100}])
	count(policy.deny) == 0 with input as fixtures.pod_review("Pod", spec)
		with data.verdict.parameters as {"pss_baseline_host_ports": {"allowed_host_ports": [9100]}}
}
