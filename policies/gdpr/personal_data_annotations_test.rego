package verdict.policies.gdpr_personal_data_annotations_test

import rego.v1

import data.verdict.lib.fixtures
import data.verdict.policies.gdpr_personal_data_annotations as policy

annotated(annotations) := fixtures.pod_review_meta("Deployment", fixtures.labelled("personal"), object.union(fixtures.labelled("personal"), {"annotations": annotations}), fixtures.personal_spec)

secret(classification, annotations) := fixtures.object_review("Secret", {"metadata": {"name": "s", "labels": {"data-classification": classification}, "annotations": annotations}})

test_purpose_missing_fires if {
	msgs := policy.deny with input as annotated({"gdpr.verdict.dev/retention": "P30D"})
	msgs == {`spec.template.metadata.annotations["gdpr.verdict.dev/purpose"] is missing or empty: personal data needs a stated purpose (GDPR Art. 5(1)(b)); describe why the data is processed`}
}

test_purpose_missing_fires_for_blank_values_and_every_pod_kind if {
	every kind in fixtures.pod_kinds {
		count(policy.deny) == 1 with input as fixtures.pod_review_meta(kind, fixtures.labelled("special-category"), {"labels": {"data-classification": "special-category"}, "annotations": {"gdpr.verdict.dev/purpose": "  ", "gdpr.verdict.dev/retention": "P1Y"}}, {})
	}
}

test_purpose_missing_quiet_for_non_personal_data if {
	count(policy.deny) == 0 with input as secret("confidential", {})
	count(policy.deny) == 0 with input as fixtures.classified_review("Deployment", "internal", fixtures.restricted_spec)
}

test_retention_missing_fires if {
	policy.deny == {`metadata.annotations["gdpr.verdict.dev/retention"] is missing: personal data needs a retention period (GDPR Art. 5(1)(e)); set an ISO-8601 duration of at most P365D, such as P90D`} with input as secret("personal", {"gdpr.verdict.dev/purpose": "billing"})
}

test_retention_missing_quiet_when_set if {
	count(policy.deny) == 0 with input as secret("personal", {"gdpr.verdict.dev/purpose": "billing", "gdpr.verdict.dev/retention": "P6M"})
	count(policy.deny) == 0 with input as fixtures.personal_review("CronJob", {})
}

test_retention_invalid_fires if {
	policy.deny == {`metadata.annotations["gdpr.verdict.dev/retention"]="1 year" is not an ISO-8601 duration; write it like P90D, P6M or P1Y`} with input as secret("personal", {"gdpr.verdict.dev/purpose": "billing", "gdpr.verdict.dev/retention": "1 year"})
}

test_retention_invalid_quiet_for_valid_durations if {
	every d in ["P365D", "P1Y", "P52W", "P12M", "PT720H"] {
		count(policy.deny) == 0 with input as secret("personal", {"gdpr.verdict.dev/purpose": "billing", "gdpr.verdict.dev/retention": d})
	}
}

test_retention_too_long_fires if {
	policy.deny == {`metadata.annotations["gdpr.verdict.dev/retention"]="P2Y" is longer than the maximum retention P365D; shorten it`} with input as secret("personal", {"gdpr.verdict.dev/purpose": "billing", "gdpr.verdict.dev/retention": "P2Y"})
	count(policy.deny) == 1 with input as secret("personal", {"gdpr.verdict.dev/purpose": "billing", "gdpr.verdict.dev/retention": "P366D"})
}

test_retention_too_long_follows_the_parameter if {
	params := object.union(data.verdict.parameters, {"gdpr_personal_data_annotations": {"max_retention": "P30D"}})
	count(policy.deny) == 1 with input as secret("personal", {"gdpr.verdict.dev/purpose": "billing", "gdpr.verdict.dev/retention": "P31D"}) with data.verdict.parameters as params
	count(policy.deny) == 0 with input as secret("personal", {"gdpr.verdict.dev/purpose": "billing", "gdpr.verdict.dev/retention": "P30D"}) with data.verdict.parameters as params
}

test_retention_too_long_quiet_on_an_unrelated_update if {
	review := secret("personal", {"gdpr.verdict.dev/purpose": "billing", "gdpr.verdict.dev/retention": "P2Y"})
	count(policy.deny) == 0 with input as fixtures.as_update(review, review.request.object)
}
