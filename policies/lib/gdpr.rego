# Data classification helpers: which objects carry a classification, where the label is, its rank, and
# whether a value marks personal data. Keys and values come from parameters.
package verdict.lib.gdpr

import rego.v1

import data.verdict.lib.kubernetes as k8s
import data.verdict.lib.params
import data.verdict.lib.pods

# Core kinds that carry a classification besides pods and their templates.
core_kinds := {"Service", "PersistentVolumeClaim", "Secret", "ConfigMap", "Namespace"}

classified if {
	k8s.group == ""
	k8s.kind in core_kinds
}

classified if pods.pod

label_key(id) := params.get(id, "classification_label")

# The object's own classification, if it has one.
classification(id) := k8s.labels[label_key(id)]

# The pod template's classification (pods inherit their labels from it); for a Pod, its own.
pod_classification(id) := pods.labels[label_key(id)]

# What pod checks judge a workload by: its template's classification, else its owner's.
effective_pod_classification(id) := value if {
	value := pod_classification(id)
} else := classification(id)

is_personal(id, value) if value in params.get(id, "personal_classifications")

# Position in the classifications list, least sensitive first.
rank(id, value) := i if {
	some i, v in params.get(id, "classifications")
	v == value
}

# A pod (or pod template) that processes personal data, judged when it is new or its spec or labels change.
personal_pod(id) if {
	pods.changed_or_relabelled
	is_personal(id, effective_pod_classification(id))
}

# A non-pod object is judged when it is new or its labels or annotations change, so that a legacy
# object's unrelated updates (a rotated Secret, a finalizer) are not refused.
object_touched if k8s.is_create

object_touched if {
	k8s.is_update
	k8s.labels != k8s.old_labels
}

object_touched if {
	k8s.is_update
	k8s.annotations != k8s.old_annotations
}
