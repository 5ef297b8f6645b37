# METADATA
# title: Encrypted storage for personal data
# description: >-
#   PersistentVolumeClaims classified as personal data, and the volumeClaimTemplates of StatefulSets
#   classified so, name a storage class from encrypted_storage_classes in spec.storageClassName (the
#   cluster's default class is not assumed to be encrypted).
# custom:
#   severity: high
#   kinds:
#     - PersistentVolumeClaim
#     - apps/StatefulSet
#   controls: [PR.DS-01, "GDPR Art. 32"]
#   mode: enforce
package verdict.policies.gdpr_personal_data_storage

import rego.v1

import data.verdict.lib.gdpr
import data.verdict.lib.kubernetes as k8s
import data.verdict.lib.params
import data.verdict.lib.pods

id := "gdpr_personal_data_storage"

classes := params.get(id, "encrypted_storage_classes")

# Claims to judge: a personal-data PVC, or each claim template of a personal-data StatefulSet.
claims contains {"field": "spec.storageClassName", "spec": k8s.object.spec, "classification": c} if {
	k8s.is_kind("", "PersistentVolumeClaim")
	gdpr.object_touched
	c := gdpr.classification(id)
	gdpr.is_personal(id, c)
}

claims contains {"field": sprintf("spec.volumeClaimTemplates[%d].spec.storageClassName", [i]), "spec": object.get(t, "spec", {}), "classification": c} if {
	k8s.is_kind("apps", "StatefulSet")
	changed_statefulset
	c := gdpr.effective_pod_classification(id)
	gdpr.is_personal(id, c)
	some i, t in k8s.object.spec.volumeClaimTemplates
}

changed_statefulset if k8s.is_create

changed_statefulset if {
	k8s.is_update
	k8s.object.spec != k8s.old_object.spec
}

changed_statefulset if {
	k8s.is_update
	k8s.labels != k8s.old_labels
}

# METADATA
# custom:
#   case: unencrypted_class
deny contains msg if {
	some claim in claims
	class := object.get(claim.spec, "storageClassName", null)
	not class in classes
	msg := sprintf("%s=%s: data classified %q must be stored on an encrypted storage class; use one of %s", [claim.field, describe(class), claim.classification, concat(", ", classes)])
}

describe(class) := "unset (the cluster default)" if class == null

describe(class) := sprintf("%q", [class]) if class != null
