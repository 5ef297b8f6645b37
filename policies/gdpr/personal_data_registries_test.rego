package verdict.policies.gdpr_personal_data_registries_test

import rego.v1

import data.verdict.lib.fixtures
import data.verdict.policies.gdpr_personal_data_registries as policy

image(ref) := {"containers": [object.union(fixtures.restricted_container, {"image": ref})]}

test_registry_fires_for_a_public_image if {
	policy.deny == {`container "app" (spec.containers[0]): image "nginx:1.27" is not from an allowed registry for data classified "personal"; use an image from registry.example.eu`} with input as fixtures.personal_review("Pod", image("nginx:1.27"))
}

test_registry_fires_for_look_alike_hosts_and_every_pod_kind if {
	every kind in fixtures.pod_kinds {
		count(policy.deny) == 1 with input as fixtures.personal_review(kind, image("registry.example.eu.attacker.example/app:1"))
	}
}

test_registry_fires_for_init_containers if {
	spec := {"initContainers": [{"name": "fetch", "image": "docker.io/curlimages/curl"}]}
	count(policy.deny) == 1 with input as fixtures.personal_review("Job", spec)
}

test_registry_quiet_for_allowed_registries if {
	count(policy.deny) == 0 with input as fixtures.personal_review("Pod", image("registry.example.eu/shop/app@sha256:0123"))
	params := object.union(data.verdict.parameters, {"gdpr_personal_data_registries": {"allowed_registries": ["docker.io/library/"]}})
	count(policy.deny) == 0 with input as fixtures.personal_review("Pod", image("nginx")) with data.verdict.parameters as params
}

test_registry_quiet_for_non_personal_data if {
	count(policy.deny) == 0 with input as fixtures.classified_review("Pod", "internal", image("nginx"))
}
