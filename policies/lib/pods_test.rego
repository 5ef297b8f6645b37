# Tests of the pod-spec helpers: every pod-owning kind, the paths, and when pods are judged or patched.
package verdict.lib.pods_test

import rego.v1

import data.verdict.lib.fixtures
import data.verdict.lib.pods

expected_pointers := {
	"Pod": "/spec",
	"PodTemplate": "/template/spec",
	"ReplicationController": "/spec/template/spec",
	"Deployment": "/spec/template/spec",
	"ReplicaSet": "/spec/template/spec",
	"StatefulSet": "/spec/template/spec",
	"DaemonSet": "/spec/template/spec",
	"Job": "/spec/template/spec",
	"CronJob": "/spec/jobTemplate/spec/template/spec",
}

test_every_pod_kind_has_its_spec_found if {
	every kind in fixtures.pod_kinds {
		pods.pod.spec == fixtures.restricted_spec with input as fixtures.pod_review(kind, fixtures.restricted_spec)
	}
}

test_every_pod_kind_has_its_pointer if {
	every kind, pointer in expected_pointers {
		pods.pod.spec_pointer == pointer with input as fixtures.pod_review(kind, fixtures.restricted_spec)
	}
}

test_cronjob_fields_name_the_job_template if {
	pods.pod.spec_field == "spec.jobTemplate.spec.template.spec" with input as fixtures.pod_review("CronJob", {})
	pods.pod.metadata_pointer == "/spec/jobTemplate/spec/template/metadata" with input as fixtures.pod_review("CronJob", {})
}

test_other_kinds_have_no_pod if {
	not pods.pod with input as fixtures.object_review("Service", {"metadata": {"name": "web"}, "spec": {}})
}

test_a_kind_from_another_group_has_no_pod if {
	review := object.union(fixtures.pod_review("Deployment", {}), {"request": {"kind": {"group": "example.com"}}})
	not pods.pod with input as review
}

test_delete_has_no_pod if {
	review := object.union(fixtures.pod_review("Pod", {}), {"request": {"operation": "DELETE", "object": null}})
	not pods.pod with input as review
}

test_terminating_object_has_no_pod if {
	review := object.union(fixtures.pod_review("Pod", {}), {"request": {"object": {"metadata": {"deletionTimestamp": "2026-01-01T00:00:00Z"}}}})
	not pods.pod with input as review
}

test_containers_of_all_three_kinds_with_paths if {
	spec := {
		"initContainers": [{"name": "init"}],
		"containers": [{"name": "a"}, {"name": "b"}],
		"ephemeralContainers": [{"name": "debug"}],
	}
	paths := {c.path | some c in pods.containers} with input as fixtures.pod_review("Deployment", spec)
	paths == {
		"spec.template.spec.initContainers[0]",
		"spec.template.spec.containers[0]",
		"spec.template.spec.containers[1]",
		"spec.template.spec.ephemeralContainers[0]",
	}
}

test_container_pointer if {
	pointers := {c.pointer | some c in pods.containers} with input as fixtures.pod_review("CronJob", {"containers": [{"name": "a"}]})
	pointers == {"/spec/jobTemplate/spec/template/spec/containers/0"}
}

test_describe_names_container_and_field if {
	descriptions := {pods.describe(c) | some c in pods.containers} with input as fixtures.pod_review("Pod", {"containers": [{"name": "web"}]})
	descriptions == {`container "web" (spec.containers[0])`}
}

test_create_is_changed if {
	pods.changed with input as fixtures.pod_review("Pod", fixtures.restricted_spec)
}

test_update_of_labels_only_is_not_changed if {
	review := fixtures.pod_review_meta("Deployment", {}, {"labels": {"a": "2"}}, fixtures.restricted_spec)
	old := fixtures.pod_review_meta("Deployment", {}, {"labels": {"a": "1"}}, fixtures.restricted_spec).request.object
	not pods.changed with input as fixtures.as_update(review, old)
	pods.changed_or_relabelled with input as fixtures.as_update(review, old)
}

test_update_of_the_spec_is_changed if {
	review := fixtures.pod_review("Deployment", fixtures.restricted_spec)
	old := fixtures.pod_review("Deployment", {"containers": []}).request.object
	pods.changed with input as fixtures.as_update(review, old)
}

test_update_of_annotations_is_changed if {
	review := fixtures.pod_review_meta("Pod", {}, {"annotations": {"x": "1"}}, fixtures.restricted_spec)
	old := fixtures.pod_review("Pod", fixtures.restricted_spec).request.object
	pods.changed with input as fixtures.as_update(review, old)
}

test_pod_update_is_never_patchable if {
	review := fixtures.pod_review("Pod", fixtures.restricted_spec)
	old := fixtures.pod_review("Pod", {"containers": []}).request.object
	not pods.patchable with input as fixtures.as_update(review, old)
}

test_template_update_is_patchable_only_when_the_template_changes if {
	review := fixtures.pod_review("Deployment", fixtures.restricted_spec)
	changed := fixtures.pod_review("Deployment", {"containers": []}).request.object
	pods.patchable with input as fixtures.as_update(review, changed)
	not pods.patchable with input as fixtures.as_update(review, review.request.object)
}

test_windows_and_user_namespace if {
	pods.is_windows with input as fixtures.pod_review("Pod", {"os": {"name": "windows"}})
	not pods.is_windows with input as fixtures.pod_review("Pod", {"os": {"name": "linux"}})
	pods.in_user_namespace with input as fixtures.pod_review("Pod", {"hostUsers": false})
	not pods.in_user_namespace with input as fixtures.pod_review("Pod", {})
}

test_normalized_images if {
	pods.normalized_image("nginx") == "docker.io/library/nginx"
	pods.normalized_image("nginx:1.27") == "docker.io/library/nginx:1.27"
	pods.normalized_image("team/app") == "docker.io/team/app"
	pods.normalized_image("ghcr.io/team/app") == "ghcr.io/team/app"
	pods.normalized_image("localhost/app") == "localhost/app"
	pods.normalized_image("registry:5000/app") == "registry:5000/app"
}
