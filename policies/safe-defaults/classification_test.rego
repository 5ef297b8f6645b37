package verdict.policies.safe_defaults_classification_test

import rego.v1

import data.verdict.lib.fixtures
import data.verdict.policies.safe_defaults_classification as policy

test_object_label_fires_with_labels_present if {
	review := fixtures.object_review("ConfigMap", {"metadata": {"name": "c", "labels": {"app": "shop"}}})
	policy.patch == {{"op": "add", "path": "/metadata/labels/data-classification", "value": "internal"}} with input as review
}

test_object_label_fires_without_labels if {
	review := fixtures.object_review("Namespace", {"metadata": {"name": "shop"}})
	policy.patch == {{"op": "add", "path": "/metadata/labels", "value": {"data-classification": "internal"}}} with input as review
}

test_object_label_escapes_the_key_and_follows_the_parameters if {
	params := object.union(data.verdict.parameters, {"classification_label": "gdpr.verdict.dev/class", "safe_defaults_classification": {"default_classification": "confidential"}})
	review := fixtures.object_review("Secret", {"metadata": {"name": "s", "labels": {}}})
	policy.patch == {{"op": "add", "path": "/metadata/labels/gdpr.verdict.dev~1class", "value": "confidential"}} with input as review with data.verdict.parameters as params
}

test_object_label_quiet_for_subresource_writes if {
	review := fixtures.pod_review("Pod", fixtures.restricted_spec)
	debug := object.union(review, {"request": {"subResource": "ephemeralcontainers"}})
	count(policy.patch) == 0 with input as fixtures.as_update(debug, review.request.object)
}

test_object_label_quiet_when_set if {
	count(policy.patch) == 0 with input as fixtures.object_review("Service", {"metadata": {"name": "s", "labels": {"data-classification": "public"}}})
	count(policy.patch) == 0 with input as fixtures.object_review("Role", {"metadata": {"name": "r"}})
}

test_template_label_fires_for_every_pod_kind if {
	every kind in fixtures.pod_kinds {
		count(policy.patch) == expected_patches[kind] with input as fixtures.pod_review(kind, fixtures.restricted_spec)
	}
}

# A Pod's labels are its own; the other kinds label the owner and the template.
expected_patches := {kind: n |
	some kind in fixtures.pod_kinds
	n := 1 + to_number(kind != "Pod")
}

test_template_label_fires_and_copies_the_owner_label if {
	review := fixtures.pod_review_meta("Deployment", fixtures.labelled("personal"), {"labels": {"app": "test"}}, fixtures.restricted_spec)
	policy.patch == {{"op": "add", "path": "/spec/template/metadata/labels/data-classification", "value": "personal"}} with input as review
}

test_template_label_fires_with_missing_template_metadata if {
	review := fixtures.object_review("Job", {"metadata": {"name": "j", "labels": {"data-classification": "public"}}, "spec": {"template": {"spec": fixtures.restricted_spec}}})
	policy.patch == {{"op": "add", "path": "/spec/template/metadata", "value": {"labels": {"data-classification": "public"}}}} with input as review
}

test_template_label_quiet_on_a_scale if {
	review := fixtures.pod_review_meta("Deployment", fixtures.labelled("internal"), {"labels": {"app": "test"}}, fixtures.restricted_spec)
	count(policy.patch) == 0 with input as fixtures.as_update(review, review.request.object)
}

test_object_defaulted_fires if {
	policy.warn == {`metadata.labels["data-classification"] is not set: Verdict labels the object "internal"; set it to the classification of its data`} with input as fixtures.object_review("PersistentVolumeClaim", {"metadata": {"name": "p"}, "spec": {}})
}

test_object_defaulted_names_the_template_value if {
	review := fixtures.pod_review_meta("CronJob", {}, fixtures.labelled("confidential"), fixtures.restricted_spec)
	policy.warn == {`metadata.labels["data-classification"] is not set: Verdict labels the object "confidential"; set it to the classification of its data`} with input as review
}

test_object_defaulted_quiet_when_labelled if {
	count(policy.warn) == 0 with input as fixtures.classified_review("Deployment", "internal", fixtures.restricted_spec)
}

test_template_defaulted_fires if {
	review := fixtures.pod_review_meta("StatefulSet", fixtures.labelled("internal"), {}, fixtures.restricted_spec)
	policy.warn == {`spec.template.metadata.labels["data-classification"] is not set: Verdict labels the pods "internal"`} with input as review
}

test_template_defaulted_quiet_for_pods if {
	count(policy.warn) == 0 with input as fixtures.pod_review_meta("Pod", fixtures.labelled("internal"), {}, fixtures.restricted_spec)
}
