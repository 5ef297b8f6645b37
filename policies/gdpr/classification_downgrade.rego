# METADATA
# title: Classification downgrades need approval
# description: >-
#   An UPDATE may not lower an object's classification (move it left in classifications, e.g. personal to
#   public) or remove it, on the object or on its pod template, unless the same update sets or changes
#   the approval annotation (approval_annotation, default gdpr.verdict.dev/downgrade-approved-by) to
#   name who approved it. Lowering a classification removes the protections the data needs.
# custom:
#   severity: high
#   kinds:
#     - Pod
#     - PodTemplate
#     - ReplicationController
#     - apps/Deployment
#     - apps/ReplicaSet
#     - apps/StatefulSet
#     - apps/DaemonSet
#     - batch/Job
#     - batch/CronJob
#     - Service
#     - PersistentVolumeClaim
#     - Secret
#     - ConfigMap
#     - Namespace
#   controls: [ID.AM-07, GV.OC-03, "GDPR Art. 5(1)(f)", "GDPR Art. 32"]
#   mode: enforce
package verdict.policies.gdpr_classification_downgrade

import rego.v1

import data.verdict.lib.gdpr
import data.verdict.lib.kubernetes as k8s
import data.verdict.lib.params
import data.verdict.lib.pods

id := "gdpr_classification_downgrade"

key := gdpr.label_key(id)

approval_key := params.get(id, "approval_annotation")

places contains {"field": "metadata.labels", "new": k8s.labels, "old": k8s.old_labels} if {
	k8s.is_update
	gdpr.classified
}

places contains {"field": sprintf("%s.labels", [pods.pod.metadata_field]), "new": pods.labels, "old": object.get(pods.old_metadata, "labels", {})} if {
	k8s.is_update
	pods.pod.is_template
}

# Approval counts only when given in this update, so that an old approval does not cover new downgrades.
approved if {
	value := trim_space(object.get(k8s.annotations, approval_key, ""))
	value != ""
	value != object.get(k8s.old_annotations, approval_key, "")
}

# METADATA
# custom:
#   case: lowered
deny contains msg if {
	not approved
	some place in places
	old := place.old[key]
	new := place.new[key]
	gdpr.rank(id, new) < gdpr.rank(id, old)
	msg := sprintf("%s[%q] lowered from %q to %q without approval; set metadata.annotations[%q] to who approved it in the same update", [place.field, key, old, new, approval_key])
}

# METADATA
# custom:
#   case: removed
deny contains msg if {
	not approved
	some place in places
	old := place.old[key]
	not key in object.keys(place.new)
	msg := sprintf("%s[%q]=%q removed without approval; keep it, or set metadata.annotations[%q] to who approved the change in the same update", [place.field, key, old, approval_key])
}
