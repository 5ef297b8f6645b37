package verdict.policies.sa_token_automount_test

import rego.v1

import data.verdict.lib.fixtures
import data.verdict.policies.sa_token_automount as policy

unset := object.remove(fixtures.restricted_spec, ["automountServiceAccountToken"])

test_automount_unset_fires if {
	policy.warn == {"spec.template.spec.automountServiceAccountToken is unset, so every container gets the service account token; set it to false, or to true if the workload calls the API"} with input as fixtures.pod_review("Deployment", unset)
}

test_automount_unset_fires_for_every_pod_kind if {
	every kind in fixtures.pod_kinds {
		count(policy.warn) == 1 with input as fixtures.pod_review(kind, unset)
	}
}

test_automount_unset_quiet_when_opted_in_or_out if {
	count(policy.warn) == 0 with input as fixtures.pod_review("Pod", fixtures.restricted_spec)
	count(policy.warn) == 0 with input as fixtures.pod_review("Pod", object.union(unset, {"automountServiceAccountToken": true}))
}
