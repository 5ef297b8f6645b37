package verdict.policies.pss_baseline_host_path_volumes_test

import rego.v1

import data.verdict.lib.fixtures
import data.verdict.policies.pss_baseline_host_path_volumes as policy

with_volumes(volumes) := object.union(fixtures.restricted_spec, {"volumes": volumes})

test_host_path_fires if {
	spec := with_volumes([{"name": "cache", "emptyDir": {}}, {"name": "logs", "hostPath": {"path": "/var/log"}}])
	policy.deny == {`spec.template.spec.volumes[1].hostPath (volume "logs") mounts "/var/log" from the node's file system; use an emptyDir, configMap, secret or persistentVolumeClaim volume instead`} with input as fixtures.pod_review("StatefulSet", spec)
}

test_host_path_fires_for_every_pod_kind if {
	every kind in fixtures.pod_kinds {
		count(policy.deny) == 1 with input as fixtures.pod_review(kind, with_volumes([{"name": "root", "hostPath": {"path": "/"}}]))
	}
}

test_host_path_quiet_for_other_volumes if {
	spec := with_volumes([{"name": "a", "emptyDir": {}}, {"name": "b", "persistentVolumeClaim": {"claimName": "data"}}])
	count(policy.deny) == 0 with input as fixtures.pod_review("Pod", spec)
}
