# METADATA
# title: /proc mount type (restricted)
# description: >-
#   Pod Security Standards restricted, "/proc Mount Type" (Kubernetes v1.35+): securityContext.procMount
#   of every container must be unset or Default, also in pods with their own user namespace (which
#   baseline lets use Unmasked).
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
#   controls: [PR.PS-01, "CIS 5.6.3"]
#   mode: warn
package verdict.policies.pss_restricted_proc_mount

import rego.v1

import data.verdict.lib.pods

# METADATA
# custom:
#   case: unmasked
deny contains msg if {
	pods.changed
	some c in pods.containers
	mount := c.security_context.procMount
	mount != "Default"
	msg := sprintf("%s: securityContext.procMount=%q removes the /proc masks; remove it", [pods.describe(c), mount])
}
