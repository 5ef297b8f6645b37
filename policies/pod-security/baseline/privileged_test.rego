package verdict.policies.pss_baseline_privileged_test

import rego.v1

import data.verdict.lib.fixtures
import data.verdict.policies.pss_baseline_privileged as policy

privileged := fixtures.spec_with_container({"securityContext": {"privileged": true}})

test_privileged_fires if {
	policy.deny == {`container "app" (spec.containers[0]): securityContext.privileged=true gives the container every device and capability of the node; remove it or set it to false`} with input as fixtures.pod_review("Pod", privileged)
}

test_privileged_fires_for_every_pod_kind if {
	every kind in fixtures.pod_kinds {
		count(policy.deny) == 1 with input as fixtures.pod_review(kind, privileged)
	}
}

test_privileged_fires_for_init_and_ephemeral_containers if {
	spec := object.union(fixtures.restricted_spec, {
		"initContainers": [{"name": "init", "securityContext": {"privileged": true}}],
		"ephemeralContainers": [{"name": "debug", "securityContext": {"privileged": true}}],
	})
	msgs := policy.deny with input as fixtures.pod_review("Deployment", spec)
	count(msgs) == 2
	some m in msgs
	contains(m, `container "debug" (spec.template.spec.ephemeralContainers[0])`)
}

test_privileged_quiet_when_false_or_unset if {
	count(policy.deny) == 0 with input as fixtures.pod_review("Pod", fixtures.spec_with_container({"securityContext": {"privileged": false}}))
	count(policy.deny) == 0 with input as fixtures.pod_review("Pod", {"containers": [{"name": "a", "image": "a"}]})
}

test_privileged_quiet_on_metadata_only_update if {
	review := fixtures.pod_review_meta("Pod", {}, {"labels": {"a": "b"}}, privileged)
	old := fixtures.pod_review("Pod", privileged).request.object
	count(policy.deny) == 0 with input as fixtures.as_update(review, old)
}
