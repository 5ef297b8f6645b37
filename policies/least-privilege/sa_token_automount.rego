# METADATA
# title: Service account token automount
# description: >-
#   Warns when a pod mounts its service account token without opting in: spec.automountServiceAccountToken
#   is unset, so every container gets an API credential whether it needs one or not. Set it to false,
#   or to true for workloads that call the Kubernetes API.
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
#   controls: [PR.AA-05, PR.AA-01, "CIS 5.1.6"]
#   mode: warn
package verdict.policies.sa_token_automount

import rego.v1

import data.verdict.lib.pods

# METADATA
# custom:
#   case: automount_unset
warn contains msg if {
	pods.changed
	not "automountServiceAccountToken" in object.keys(pods.pod.spec)
	msg := sprintf("%s is unset, so every container gets the service account token; set it to false, or to true if the workload calls the API", [pods.field("automountServiceAccountToken")])
}
