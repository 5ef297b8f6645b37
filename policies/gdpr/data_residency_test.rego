package verdict.policies.gdpr_data_residency_test

import rego.v1

import data.verdict.lib.fixtures
import data.verdict.policies.gdpr_data_residency as policy

unpinned := object.remove(fixtures.personal_spec, ["nodeSelector"])

personal(kind, spec) := fixtures.pod_review_meta(kind, fixtures.labelled("personal"), fixtures.personal_meta, spec)

affinity(terms) := object.union(unpinned, {"affinity": {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": terms}}}})

region_in(values) := {"matchExpressions": [{"key": "topology.kubernetes.io/region", "operator": "In", "values": values}]}

test_not_pinned_fires if {
	msgs := policy.deny with input as personal("Pod", unpinned)
	count(msgs) == 1
	some m in msgs
	startswith(m, `a pod classified "personal" may run only in eu-central-1, eu-north-1,`)
	endswith(m, `: set spec.nodeSelector["topology.kubernetes.io/region"] to one of them, or require it in spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution`)
}

test_not_pinned_fires_for_every_pod_kind if {
	every kind in fixtures.pod_kinds {
		count(policy.deny) == 1 with input as personal(kind, unpinned)
	}
}

test_not_pinned_fires_when_one_affinity_term_allows_other_regions if {
	count(policy.deny) == 1 with input as personal("Pod", affinity([region_in(["eu-west-1"]), region_in(["us-east-1"])]))
	count(policy.deny) == 1 with input as personal("Pod", affinity([{"matchExpressions": [{"key": "topology.kubernetes.io/region", "operator": "NotIn", "values": ["us-east-1"]}]}]))
	count(policy.deny) == 1 with input as personal("Pod", affinity([region_in(["eu-west-1", "us-east-1"])]))
}

test_not_pinned_quiet_when_pinned_by_selector_or_affinity if {
	count(policy.deny) == 0 with input as personal("Pod", fixtures.personal_spec)
	count(policy.deny) == 0 with input as personal("Deployment", affinity([region_in(["eu-west-1", "westeurope"]), region_in(["europe-west4"])]))
}

test_not_pinned_quiet_for_non_personal_data if {
	count(policy.deny) == 0 with input as fixtures.classified_review("Pod", "confidential", unpinned)
}

test_region_not_allowed_fires if {
	spec := object.union(unpinned, {"nodeSelector": {"topology.kubernetes.io/region": "us-east-1"}})
	msgs := policy.deny with input as personal("Pod", spec)
	count(msgs) == 1
	some m in msgs
	startswith(m, `spec.nodeSelector["topology.kubernetes.io/region"]="us-east-1" is outside the allowed regions for data classified "personal"; use one of `)
}

test_region_not_allowed_quiet_for_allowed_region if {
	count(policy.deny) == 0 with input as personal("Pod", object.union(unpinned, {"nodeSelector": {"topology.kubernetes.io/region": "europe-west3"}}))
}
