# METADATA
# title: Privileged containers
# description: >-
#   Pod Security Standards baseline, "Privileged Containers": privileged containers turn off most of the
#   isolation between a container and the node. securityContext.privileged of every container, init
#   container and ephemeral container must be unset or false.
# custom:
#   severity: critical
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
#   controls: [PR.PS-01, PR.AA-05, "CIS 5.2.2"]
#   mode: enforce
package verdict.policies.pss_baseline_privileged

import rego.v1

import data.verdict.lib.pods

# METADATA
# custom:
#   case: privileged
deny contains msg if {
	pods.changed
	some c in pods.containers
	c.security_context.privileged == true
	msg := sprintf("%s: securityContext.privileged=true gives the container every device and capability of the node; remove it or set it to false", [pods.describe(c)])
}
