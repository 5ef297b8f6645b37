package verdict.policies.gdpr_personal_data_storage_test

import rego.v1

import data.verdict.lib.fixtures
import data.verdict.policies.gdpr_personal_data_storage as policy

pvc(classification, spec) := fixtures.object_review("PersistentVolumeClaim", {
	"metadata": {"name": "data", "labels": {"data-classification": classification}},
	"spec": object.union({"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1Gi"}}}, spec),
})

statefulset(classification, class) := object.union(fixtures.classified_review("StatefulSet", classification, fixtures.personal_spec), {"request": {"object": {"spec": {
	"volumeClaimTemplates": [{"metadata": {"name": "data"}, "spec": {"storageClassName": class}}],
}}}})

test_unencrypted_class_fires_for_a_claim if {
	policy.deny == {`spec.storageClassName="standard": data classified "personal" must be stored on an encrypted storage class; use one of encrypted`} with input as pvc("personal", {"storageClassName": "standard"})
}

test_unencrypted_class_fires_for_the_default_class if {
	policy.deny == {`spec.storageClassName=unset (the cluster default): data classified "special-category" must be stored on an encrypted storage class; use one of encrypted`} with input as pvc("special-category", {})
}

test_unencrypted_class_fires_for_statefulset_claim_templates if {
	policy.deny == {`spec.volumeClaimTemplates[0].spec.storageClassName="standard": data classified "personal" must be stored on an encrypted storage class; use one of encrypted`} with input as statefulset("personal", "standard")
}

test_unencrypted_class_quiet if {
	count(policy.deny) == 0 with input as pvc("personal", {"storageClassName": "encrypted"})
	count(policy.deny) == 0 with input as pvc("internal", {"storageClassName": "standard"})
	count(policy.deny) == 0 with input as statefulset("personal", "encrypted")
	count(policy.deny) == 0 with input as statefulset("public", "standard")
}
