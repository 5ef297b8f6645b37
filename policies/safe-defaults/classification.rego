# METADATA
# title: Default classification label
# description: >-
#   On /mutate, labels an object that carries no classification with default_classification (default
#   internal), and warns that it did so. A pod-template owner and its template take each other's label
#   when only one has it; the template is labelled when created or changed (never on a scale, which
#   would restart its pods). A label the user set is never changed.
# custom:
#   severity: low
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
#   controls: [ID.AM-07, PR.PS-01, "GDPR Art. 25", "GDPR Art. 30"]
#   mode: enforce
package verdict.policies.safe_defaults_classification

import rego.v1

import data.verdict.lib.gdpr
import data.verdict.lib.kubernetes as k8s
import data.verdict.lib.params
import data.verdict.lib.pods

id := "safe_defaults_classification"

key := gdpr.label_key(id)

default_value := params.get(id, "default_classification")

# What an unlabelled object gets: its pod template's classification if that is set, else the default.
object_value := value if {
	pods.pod.is_template
	value := gdpr.pod_classification(id)
} else := default_value

template_value := value if {
	value := gdpr.classification(id)
} else := default_value

# A subresource write (kubectl debug's pods/ephemeralcontainers) cannot change labels: nothing to add there.
object_unlabelled if {
	gdpr.classified
	not k8s.is_subresource
	not key in object.keys(k8s.labels)
}

template_path := pods.template_path

template := object.get(k8s.object, template_path, null)

template_unlabelled if {
	pods.pod.is_template
	pods.patchable
	is_object(template)
	not key in object.keys(pods.labels)
}

# METADATA
# custom:
#   case: object_label
patch contains k8s.add_under("", k8s.object, ["metadata", "labels", key], object_value) if object_unlabelled

# METADATA
# custom:
#   case: template_label
patch contains k8s.add_under(k8s.pointer(template_path), template, ["metadata", "labels", key], template_value) if {
	template_unlabelled
}

# METADATA
# custom:
#   case: object_defaulted
warn contains msg if {
	object_unlabelled
	msg := sprintf("metadata.labels[%q] is not set: Verdict labels the object %q; set it to the classification of its data", [key, object_value])
}

# METADATA
# custom:
#   case: template_defaulted
warn contains msg if {
	template_unlabelled
	msg := sprintf("%s.labels[%q] is not set: Verdict labels the pods %q", [pods.pod.metadata_field, key, template_value])
}
