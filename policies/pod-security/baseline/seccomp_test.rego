package verdict.policies.pss_baseline_seccomp_test

import rego.v1

import data.verdict.lib.fixtures
import data.verdict.policies.pss_baseline_seccomp as policy

test_pod_profile_fires_for_unconfined if {
	spec := object.union(fixtures.restricted_spec, {"securityContext": {"seccompProfile": {"type": "Unconfined"}}})
	policy.deny == {`spec.template.spec.securityContext.seccompProfile.type="Unconfined" turns seccomp filtering off; use RuntimeDefault or Localhost`} with input as fixtures.pod_review("Job", spec)
}

test_pod_profile_quiet_when_unset if {
	count(policy.deny) == 0 with input as fixtures.pod_review("Pod", {"containers": [{"name": "a", "image": "a"}]})
}

test_container_profile_fires_for_every_pod_kind if {
	spec := fixtures.spec_with_container({"securityContext": {"seccompProfile": {"type": "Unconfined"}}})
	every kind in fixtures.pod_kinds {
		count(policy.deny) == 1 with input as fixtures.pod_review(kind, spec)
	}
}

test_container_profile_quiet_for_localhost if {
	spec := fixtures.spec_with_container({"securityContext": {"seccompProfile": {"type": "Localhost", "localhostProfile": "profiles/audit.json"}}})
	count(policy.deny) == 0 with input as fixtures.pod_review("Pod", spec)
}
