# METADATA
# title: Host namespaces
# description: >-
#   Pod Security Standards baseline, "Host Namespaces": a pod may not share the node's network, process
#   or IPC namespace. spec.hostNetwork, spec.hostPID and spec.hostIPC must be unset or false.
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
#   controls: [PR.PS-01, PR.IR-01, "CIS 5.2.3", "CIS 5.2.4", "CIS 5.2.5"]
#   mode: enforce
package verdict.policies.pss_baseline_host_namespaces

import rego.v1

import data.verdict.lib.pods

what := {
	"hostNetwork": "the node's network: its interfaces, and every port on them",
	"hostPID": "the node's processes",
	"hostIPC": "the node's shared memory and IPC objects",
}

# METADATA
# custom:
#   case: host_namespace
deny contains msg if {
	pods.changed
	some field, shared in what
	pods.pod.spec[field] == true
	msg := sprintf("%s=true gives the pod %s; remove it or set it to false", [pods.field(field), shared])
}
