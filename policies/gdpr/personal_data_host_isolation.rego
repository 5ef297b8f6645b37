# METADATA
# title: Host isolation of personal-data pods
# description: >-
#   Pods that process personal data (classified in personal_classifications) may not use hostPath
#   volumes or the node's network (spec.hostNetwork): both let the data leave the pod's isolation onto
#   the node, where other workloads and node agents can reach it.
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
#   controls: [PR.DS-01, PR.DS-10, PR.IR-01, "GDPR Art. 32", "GDPR Art. 25"]
#   mode: enforce
package verdict.policies.gdpr_personal_data_host_isolation

import rego.v1

import data.verdict.lib.gdpr
import data.verdict.lib.pods

id := "gdpr_personal_data_host_isolation"

# METADATA
# custom:
#   case: host_path
deny contains msg if {
	gdpr.personal_pod(id)
	some i, volume in object.get(pods.pod.spec, "volumes", [])
	volume.hostPath
	msg := sprintf("%s (volume %q) is a hostPath volume in a pod classified %q: personal data may not be written to or read from the node's disk; use a persistentVolumeClaim on an encrypted storage class", [pods.field(sprintf("volumes[%d]", [i])), volume.name, gdpr.effective_pod_classification(id)])
}

# METADATA
# custom:
#   case: host_network
deny contains msg if {
	gdpr.personal_pod(id)
	pods.pod.spec.hostNetwork == true
	msg := sprintf("%s=true in a pod classified %q exposes its traffic on the node's network; remove it", [pods.field("hostNetwork"), gdpr.effective_pod_classification(id)])
}
