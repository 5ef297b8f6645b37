# METADATA
# title: Probe and lifecycle hosts
# description: >-
#   Pod Security Standards baseline, "Probes / Lifecycle Hooks" (Kubernetes v1.34+): probes and lifecycle
#   hooks may not name a host, which would let the kubelet send requests from the node to any address.
#   The host field of httpGet and tcpSocket in livenessProbe, readinessProbe, startupProbe and
#   lifecycle.postStart / preStop must be unset or empty, for every container, init container and
#   ephemeral container.
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
#   controls: [PR.PS-01, PR.IR-01]
#   mode: enforce
package verdict.policies.pss_baseline_host_probes

import rego.v1

import data.verdict.lib.pods

handlers := [
	["livenessProbe"], ["readinessProbe"], ["startupProbe"],
	["lifecycle", "postStart"], ["lifecycle", "preStop"],
]

# METADATA
# custom:
#   case: probe_host
deny contains msg if {
	pods.changed
	some c in pods.containers
	some handler in handlers
	some action in ["httpGet", "tcpSocket"]
	host := object.get(c.container, array.concat(handler, [action, "host"]), "")
	host != ""
	field := concat(".", array.concat(handler, [action, "host"]))
	msg := sprintf("%s: %s=%q makes the kubelet connect to another host; remove host so that the check goes to the pod itself", [pods.describe(c), field, host])
}
