# METADATA
# title: Data classification label
# description: >-
#   Pods, pod-template owners, Services, PersistentVolumeClaims, Secrets, ConfigMaps and Namespaces carry
#   the classification label (classification_label, default data-classification) with one of the
#   classifications (public, internal, confidential, personal, special-category). Pod-template owners
#   carry it on the pod template too, with the same value, so that their pods are labelled. Judged on
#   CREATE and on updates that change the label; the safe_defaults_classification policy adds it.
# custom:
#   severity: medium
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
#   controls: [ID.AM-07, GV.OC-03, "GDPR Art. 30", "GDPR Art. 5(2)"]
#   mode: enforce
package verdict.policies.gdpr_classification_label

import rego.v1

import data.verdict.lib.gdpr
import data.verdict.lib.kubernetes as k8s
import data.verdict.lib.params
import data.verdict.lib.pods

id := "gdpr_classification_label"

key := gdpr.label_key(id)

allowed := params.get(id, "classifications")

# Each place a classification belongs: the object's metadata and, for pod-template owners, the template's.
places contains {"field": "metadata.labels", "labels": k8s.labels, "old": k8s.old_labels} if gdpr.classified

places contains {"field": sprintf("%s.labels", [pods.pod.metadata_field]), "labels": pods.labels, "old": old} if {
	pods.pod.is_template
	old := object.get(pods.old_metadata, "labels", {})
}

# New objects must be labelled; on UPDATE only a change of the label is judged, so that an object written
# before the policy existed can still be updated (the mutating policy labels it on the way).
judged(place) if k8s.is_create

judged(place) if {
	k8s.is_update
	object.get(place.labels, key, null) != object.get(place.old, key, null)
}

# METADATA
# custom:
#   case: missing
deny contains msg if {
	some place in places
	judged(place)
	not key in object.keys(place.labels)
	msg := sprintf("%s[%q] is missing; classify the data this object holds or processes as one of %s", [place.field, key, concat(", ", allowed)])
}

# METADATA
# custom:
#   case: unknown_value
deny contains msg if {
	some place in places
	judged(place)
	value := place.labels[key]
	not value in allowed
	msg := sprintf("%s[%q]=%q is not a classification; use one of %s", [place.field, key, value, concat(", ", allowed)])
}

# METADATA
# custom:
#   case: template_differs
deny contains msg if {
	pods.pod.is_template
	some place in places
	judged(place)
	owner := gdpr.classification(id)
	template := gdpr.pod_classification(id)
	owner != template
	msg := sprintf("metadata.labels[%q]=%q differs from %s.labels[%q]=%q; the pods must carry the classification of the workload", [key, owner, pods.pod.metadata_field, key, template])
}
