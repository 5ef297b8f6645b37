# METADATA
# title: Purpose and retention of personal data
# description: >-
#   Objects classified as personal data (personal_classifications) state why the data is processed and
#   how long it is kept: the annotations gdpr.verdict.dev/purpose (non-empty) and
#   gdpr.verdict.dev/retention (an ISO-8601 duration such as P90D, no longer than max_retention, default
#   P365D). Pod-template owners carry them on the pod template, so that every pod does.
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
#   controls: [ID.AM-07, GV.OC-03, "GDPR Art. 5(1)(b)", "GDPR Art. 5(1)(e)", "GDPR Art. 30"]
#   mode: enforce
package verdict.policies.gdpr_personal_data_annotations

import rego.v1

import data.verdict.lib.duration
import data.verdict.lib.gdpr
import data.verdict.lib.kubernetes as k8s
import data.verdict.lib.params
import data.verdict.lib.pods

id := "gdpr_personal_data_annotations"

purpose_key := params.get(id, "purpose_annotation")

retention_key := params.get(id, "retention_annotation")

max_retention := params.get(id, "max_retention")

# Where the annotations must be: on the pod template for pod-template owners, else on the object.
target := {"field": sprintf("%s.annotations", [pods.pod.metadata_field]), "annotations": pods.annotations} if {
	gdpr.personal_pod(id)
}

target := {"field": "metadata.annotations", "annotations": k8s.annotations} if {
	not pods.pod
	gdpr.classified
	gdpr.object_touched
	gdpr.is_personal(id, gdpr.classification(id))
}

# METADATA
# custom:
#   case: purpose_missing
deny contains msg if {
	trim_space(object.get(target.annotations, purpose_key, "")) == ""
	msg := sprintf("%s[%q] is missing or empty: personal data needs a stated purpose (GDPR Art. 5(1)(b)); describe why the data is processed", [target.field, purpose_key])
}

# METADATA
# custom:
#   case: retention_missing
deny contains msg if {
	not retention_key in object.keys(target.annotations)
	msg := sprintf("%s[%q] is missing: personal data needs a retention period (GDPR Art. 5(1)(e)); set an ISO-8601 duration of at most %s, such as P90D", [target.field, retention_key, max_retention])
}

# METADATA
# custom:
#   case: retention_invalid
deny contains msg if {
	value := target.annotations[retention_key]
	not duration.valid(value)
	msg := sprintf("%s[%q]=%q is not an ISO-8601 duration; write it like P90D, P6M or P1Y", [target.field, retention_key, value])
}

# METADATA
# custom:
#   case: retention_too_long
deny contains msg if {
	value := target.annotations[retention_key]
	duration.seconds(value) > duration.seconds(max_retention)
	msg := sprintf("%s[%q]=%q is longer than the maximum retention %s; shorten it", [target.field, retention_key, value, max_retention])
}
