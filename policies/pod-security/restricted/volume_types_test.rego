package verdict.policies.pss_restricted_volume_types_test

import rego.v1

import data.verdict.lib.fixtures
import data.verdict.policies.pss_restricted_volume_types as policy

with_volumes(volumes) := object.union(fixtures.restricted_spec, {"volumes": volumes})

test_volume_type_fires_for_nfs if {
	spec := with_volumes([{"name": "shared", "nfs": {"server": "nfs.example", "path": "/"}}])
	policy.deny == {`spec.volumes[0] (volume "shared") is a nfs volume, which the restricted level does not allow; mount that storage through a persistentVolumeClaim`} with input as fixtures.pod_review("Pod", spec)
}

test_volume_type_fires_for_every_pod_kind if {
	spec := with_volumes([{"name": "a", "hostPath": {"path": "/"}}, {"name": "b", "gitRepo": {"repository": "x"}}])
	every kind in fixtures.pod_kinds {
		count(policy.deny) == 2 with input as fixtures.pod_review(kind, spec)
	}
}

test_volume_type_quiet_for_allowed_types if {
	spec := with_volumes([
		{"name": "a", "configMap": {"name": "c"}},
		{"name": "b", "csi": {"driver": "secrets-store.csi.k8s.io"}},
		{"name": "c", "downwardAPI": {"items": []}},
		{"name": "d", "emptyDir": {}},
		{"name": "e", "ephemeral": {"volumeClaimTemplate": {"spec": {}}}},
		{"name": "f", "image": {"reference": "registry.example.eu/models:1"}},
		{"name": "g", "persistentVolumeClaim": {"claimName": "data"}},
		{"name": "h", "projected": {"sources": []}},
		{"name": "i", "secret": {"secretName": "s"}},
	])
	count(policy.deny) == 0 with input as fixtures.pod_review("Pod", spec)
}
