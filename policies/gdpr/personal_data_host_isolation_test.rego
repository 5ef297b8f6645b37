package verdict.policies.gdpr_personal_data_host_isolation_test

import rego.v1

import data.verdict.lib.fixtures
import data.verdict.policies.gdpr_personal_data_host_isolation as policy

host_path := {"volumes": [{"name": "spool", "hostPath": {"path": "/var/spool"}}]}

test_host_path_fires if {
	policy.deny == {`spec.template.spec.volumes[0] (volume "spool") is a hostPath volume in a pod classified "personal": personal data may not be written to or read from the node's disk; use a persistentVolumeClaim on an encrypted storage class`} with input as fixtures.personal_review("Deployment", host_path)
}

test_host_path_fires_for_every_pod_kind if {
	every kind in fixtures.pod_kinds {
		count(policy.deny) == 1 with input as fixtures.personal_review(kind, host_path)
	}
}

test_host_path_quiet_for_non_personal_data if {
	count(policy.deny) == 0 with input as fixtures.classified_review("Deployment", "confidential", object.union(fixtures.restricted_spec, host_path))
}

test_host_network_fires if {
	policy.deny == {`spec.hostNetwork=true in a pod classified "personal" exposes its traffic on the node's network; remove it`} with input as fixtures.personal_review("Pod", {"hostNetwork": true})
}

test_host_network_fires_when_a_pod_is_relabelled_personal if {
	review := fixtures.personal_review("Pod", {"hostNetwork": true})
	old := fixtures.classified_review("Pod", "internal", object.union(fixtures.personal_spec, {"hostNetwork": true})).request.object
	count(policy.deny) == 1 with input as fixtures.as_update(review, old)
}

test_host_network_quiet if {
	count(policy.deny) == 0 with input as fixtures.personal_review("Pod", {"hostNetwork": false})
	count(policy.deny) == 0 with input as fixtures.classified_review("Pod", "public", {"hostNetwork": true})
}
