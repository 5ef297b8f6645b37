package verdict.policies.pss_baseline_apparmor_test

import rego.v1

import data.verdict.lib.fixtures
import data.verdict.policies.pss_baseline_apparmor as policy

profile(type) := {"appArmorProfile": {"type": type}}

test_pod_profile_fires_for_unconfined if {
	spec := object.union(fixtures.restricted_spec, {"securityContext": profile("Unconfined")})
	policy.deny == {`spec.securityContext.appArmorProfile.type="Unconfined" turns off or replaces AppArmor confinement; use RuntimeDefault or Localhost`} with input as fixtures.pod_review("Pod", spec)
}

test_pod_profile_quiet_for_allowed_types if {
	every type in ["RuntimeDefault", "Localhost"] {
		count(policy.deny) == 0 with input as fixtures.pod_review("Pod", object.union(fixtures.restricted_spec, {"securityContext": profile(type)}))
	}
}

test_container_profile_fires_for_every_pod_kind if {
	spec := fixtures.spec_with_container({"securityContext": profile("Unconfined")})
	every kind in fixtures.pod_kinds {
		count(policy.deny) == 1 with input as fixtures.pod_review(kind, spec)
	}
}

test_container_profile_quiet if {
	count(policy.deny) == 0 with input as fixtures.pod_review("Pod", fixtures.spec_with_container({"securityContext": profile("Localhost")}))
}

test_annotation_fires_for_unconfined if {
	review := fixtures.pod_review_meta("Deployment", {}, {"annotations": {"container.apparmor.security.beta.kubernetes.io/app": "unconfined"}}, fixtures.restricted_spec)
	policy.deny == {`spec.template.metadata.annotations["container.apparmor.security.beta.kubernetes.io/app"]="unconfined" turns off or replaces AppArmor confinement; use runtime/default or localhost/<profile>, or set securityContext.appArmorProfile instead`} with input as review
}

test_annotation_fires_for_every_pod_kind if {
	every kind in fixtures.pod_kinds {
		count(policy.deny) == 1 with input as fixtures.pod_review_meta(kind, {}, {"annotations": {"container.apparmor.security.beta.kubernetes.io/app": "unconfined"}}, fixtures.restricted_spec)
	}
}

test_annotation_quiet_for_allowed_values if {
	annotations := {
		"container.apparmor.security.beta.kubernetes.io/a": "runtime/default",
		"container.apparmor.security.beta.kubernetes.io/b": "localhost/k8s-nginx",
		"container.apparmor.security.beta.kubernetes.io/c": "",
		"example.com/unconfined": "unconfined",
	}
	count(policy.deny) == 0 with input as fixtures.pod_review_meta("Pod", {}, {"annotations": annotations}, fixtures.restricted_spec)
}
