# METADATA
# title: Host ports
# description: >-
#   Pod Security Standards baseline, "Host Ports": containers may not bind ports of the node.
#   ports[*].hostPort of every container, init container and ephemeral container must be unset or 0,
#   unless the port is in the allowed_host_ports parameter (empty by default).
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
#   controls: [PR.PS-01, PR.IR-01, "CIS 5.2.12"]
#   mode: enforce
package verdict.policies.pss_baseline_host_ports

import rego.v1

import data.verdict.lib.params
import data.verdict.lib.pods

# METADATA
# custom:
#   case: host_port
deny contains msg if {
	pods.changed
	some c in pods.containers
	some i, port in object.get(c.container, "ports", [])
	host_port := object.get(port, "hostPort", 0)
	host_port != 0
	not host_port in params.get("pss_baseline_host_ports", "allowed_host_ports")
	msg := sprintf("%s: ports[%d].hostPort=%d binds a port of the node; remove hostPort and reach the pod through a Service", [pods.describe(c), i, host_port])
}
