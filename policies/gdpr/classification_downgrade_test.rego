package verdict.policies.gdpr_classification_downgrade_test

import rego.v1

import data.verdict.lib.fixtures
import data.verdict.policies.gdpr_classification_downgrade as policy

config_map(classification, annotations) := {"metadata": {"name": "c", "labels": {"data-classification": classification}, "annotations": annotations}}

update(new, old) := fixtures.as_update(fixtures.object_review("ConfigMap", new), old)

approval := {"gdpr.verdict.dev/downgrade-approved-by": "dpo@example.com, ticket PRIV-42"}

test_lowered_fires if {
	policy.deny == {`metadata.labels["data-classification"] lowered from "personal" to "public" without approval; set metadata.annotations["gdpr.verdict.dev/downgrade-approved-by"] to who approved it in the same update`} with input as update(config_map("public", {}), config_map("personal", {}))
}

test_lowered_fires_on_pod_templates if {
	review := fixtures.pod_review_meta("Deployment", fixtures.labelled("personal"), fixtures.labelled("internal"), fixtures.restricted_spec)
	old := fixtures.classified_review("Deployment", "personal", fixtures.restricted_spec).request.object
	msgs := policy.deny with input as fixtures.as_update(review, old)
	msgs == {`spec.template.metadata.labels["data-classification"] lowered from "personal" to "internal" without approval; set metadata.annotations["gdpr.verdict.dev/downgrade-approved-by"] to who approved it in the same update`}
}

test_lowered_fires_for_every_pod_kind if {
	every kind in fixtures.pod_kinds {
		count(policy.deny) == 1 with input as fixtures.as_update(
			fixtures.pod_review_meta(kind, fixtures.labelled("personal"), fixtures.labelled("public"), fixtures.restricted_spec),
			fixtures.classified_review(kind, "personal", fixtures.restricted_spec).request.object,
		)
	}
}

test_lowered_fires_when_the_approval_is_stale if {
	count(policy.deny) == 1 with input as update(config_map("internal", approval), config_map("confidential", approval))
}

test_lowered_quiet_with_approval_or_when_raised if {
	count(policy.deny) == 0 with input as update(config_map("public", approval), config_map("personal", {}))
	count(policy.deny) == 0 with input as update(config_map("special-category", {}), config_map("personal", {}))
	count(policy.deny) == 0 with input as update(config_map("personal", {}), config_map("personal", {}))
	count(policy.deny) == 0 with input as fixtures.object_review("ConfigMap", config_map("public", {}))
}

test_removed_fires if {
	policy.deny == {`metadata.labels["data-classification"]="confidential" removed without approval; keep it, or set metadata.annotations["gdpr.verdict.dev/downgrade-approved-by"] to who approved the change in the same update`} with input as update({"metadata": {"name": "c"}}, config_map("confidential", {}))
}

test_removed_quiet_with_approval if {
	count(policy.deny) == 0 with input as update({"metadata": {"name": "c", "annotations": approval}}, config_map("confidential", {}))
}
