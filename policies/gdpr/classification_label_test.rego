package verdict.policies.gdpr_classification_label_test

import rego.v1

import data.verdict.lib.fixtures
import data.verdict.policies.gdpr_classification_label as policy

object(kind, labels) := fixtures.object_review(kind, {"metadata": {"name": "x", "labels": labels}})

test_missing_fires_for_every_classified_kind if {
	every kind in ["Service", "PersistentVolumeClaim", "Secret", "ConfigMap", "Namespace"] {
		policy.deny == {`metadata.labels["data-classification"] is missing; classify the data this object holds or processes as one of public, internal, confidential, personal, special-category`} with input as object(kind, {"app": "a"})
	}
}

test_missing_fires_for_owner_and_template_of_every_pod_kind if {
	every kind in fixtures.pod_kinds {
		count(policy.deny) == expected_missing[kind] with input as fixtures.pod_review(kind, fixtures.restricted_spec)
	}
}

# A Pod's metadata is its own; every other kind has an owner and a template to label.
expected_missing := {kind: n |
	some kind in fixtures.pod_kinds
	n := 1 + to_number(kind != "Pod")
}

test_missing_quiet_when_labelled if {
	count(policy.deny) == 0 with input as object("Secret", {"data-classification": "confidential"})
	count(policy.deny) == 0 with input as fixtures.classified_review("CronJob", "internal", fixtures.restricted_spec)
}

test_missing_quiet_for_unlabelled_legacy_objects_on_update if {
	review := object("ConfigMap", {"app": "a"})
	count(policy.deny) == 0 with input as fixtures.as_update(review, review.request.object)
}

test_missing_fires_when_an_update_removes_the_label if {
	review := object("ConfigMap", {})
	old := object("ConfigMap", {"data-classification": "internal"}).request.object
	count(policy.deny) == 1 with input as fixtures.as_update(review, old)
}

test_unknown_value_fires if {
	policy.deny == {`metadata.labels["data-classification"]="secret" is not a classification; use one of public, internal, confidential, personal, special-category`} with input as object("Namespace", {"data-classification": "secret"})
}

test_unknown_value_follows_the_parameters if {
	params := object.union(data.verdict.parameters, {"classification_label": "example.com/class", "classifications": ["open", "closed"]})
	count(policy.deny) == 0 with input as object("Service", {"example.com/class": "closed"}) with data.verdict.parameters as params
	count(policy.deny) == 1 with input as object("Service", {"example.com/class": "internal"}) with data.verdict.parameters as params
}

test_unknown_value_quiet_for_unrelated_kinds if {
	count(policy.deny) == 0 with input as fixtures.object_review("Role", {"metadata": {"name": "r"}, "rules": []})
}

test_template_differs_fires if {
	review := fixtures.pod_review_meta("Deployment", fixtures.labelled("personal"), fixtures.labelled("public"), fixtures.restricted_spec)
	policy.deny == {`metadata.labels["data-classification"]="personal" differs from spec.template.metadata.labels["data-classification"]="public"; the pods must carry the classification of the workload`} with input as review
}

test_template_differs_quiet_when_equal if {
	count(policy.deny) == 0 with input as fixtures.classified_review("StatefulSet", "personal", fixtures.restricted_spec)
}
