# METADATA
# title: Data residency of personal-data pods
# description: >-
#   Pods that process personal data are pinned to nodes in the allowed regions (GDPR chapter V:
#   transfers outside the EU/EEA need a legal basis): spec.nodeSelector["topology.kubernetes.io/region"]
#   is one of allowed_regions, or every term of the required node affinity has an In expression on that
#   label whose values are all allowed regions.
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
#   controls: [GV.OC-03, PR.DS-01, "GDPR Art. 44", "GDPR Art. 46"]
#   mode: enforce
package verdict.policies.gdpr_data_residency

import rego.v1

import data.verdict.lib.gdpr
import data.verdict.lib.params
import data.verdict.lib.pods

id := "gdpr_data_residency"

region_label := params.get(id, "region_label")

regions := params.get(id, "allowed_regions")

spec := pods.pod.spec

selector_region := spec.nodeSelector[region_label]

terms := object.get(spec, ["affinity", "nodeAffinity", "requiredDuringSchedulingIgnoredDuringExecution", "nodeSelectorTerms"], [])

pinned_by_selector if selector_region in regions

# Terms are alternatives: the pod is pinned only if each of them keeps it in allowed regions.
pinned_by_affinity if {
	count(terms) > 0
	every term in terms {
		term_pins(term)
	}
}

term_pins(term) if {
	some expr in object.get(term, "matchExpressions", [])
	expr.key == region_label
	expr.operator == "In"
	count(expr.values) > 0
	every value in expr.values {
		value in regions
	}
}

# METADATA
# custom:
#   case: not_pinned
deny contains msg if {
	gdpr.personal_pod(id)
	not pinned_by_selector
	not pinned_by_affinity
	not selector_region
	msg := sprintf("a pod classified %q may run only in %s: set %s[%q] to one of them, or require it in %s", [
		gdpr.effective_pod_classification(id), concat(", ", regions), pods.field("nodeSelector"), region_label,
		pods.field("affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution"),
	])
}

# METADATA
# custom:
#   case: region_not_allowed
deny contains msg if {
	gdpr.personal_pod(id)
	region := selector_region
	not region in regions
	msg := sprintf("%s[%q]=%q is outside the allowed regions for data classified %q; use one of %s", [pods.field("nodeSelector"), region_label, region, gdpr.effective_pod_classification(id), concat(", ", regions)])
}
