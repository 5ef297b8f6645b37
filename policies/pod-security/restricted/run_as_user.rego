# METADATA
# title: Non-root user ID
# description: >-
#   Pod Security Standards restricted, "Running as Non-root user": runAsUser may not be 0, in
#   spec.securityContext or in any container, init container or ephemeral container. Pods in their own
#   user namespace (spec.hostUsers false) are exempt (Kubernetes v1.35+).
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
#   controls: [PR.PS-01, PR.AA-05, "CIS 5.2.7"]
#   mode: warn
package verdict.policies.pss_restricted_run_as_user

import rego.v1

import data.verdict.lib.pods

# METADATA
# custom:
#   case: pod_root_user
deny contains msg if {
	pods.changed
	not pods.in_user_namespace
	pods.security_context.runAsUser == 0
	msg := sprintf("%s=0 runs the pod's containers as root; use a non-zero user ID", [pods.field("securityContext.runAsUser")])
}

# METADATA
# custom:
#   case: container_root_user
deny contains msg if {
	pods.changed
	not pods.in_user_namespace
	some c in pods.containers
	c.security_context.runAsUser == 0
	msg := sprintf("%s: securityContext.runAsUser=0 runs the container as root; use a non-zero user ID", [pods.describe(c)])
}
