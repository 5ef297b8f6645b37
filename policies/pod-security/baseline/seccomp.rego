# METADATA
# title: Seccomp profile not Unconfined
# description: >-
#   Pod Security Standards baseline, "Seccomp": a seccomp profile, if set, may not be Unconfined.
#   securityContext.seccompProfile.type of the pod and of every container must be unset, RuntimeDefault
#   or Localhost.
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
#   controls: [PR.PS-01, "CIS 5.6.2"]
#   mode: enforce
package verdict.policies.pss_baseline_seccomp

import rego.v1

import data.verdict.lib.pods

allowed_types := {"RuntimeDefault", "Localhost"}

# METADATA
# custom:
#   case: pod_profile
deny contains msg if {
	pods.changed
	type := pods.security_context.seccompProfile.type
	not type in allowed_types
	msg := sprintf("%s=%q turns seccomp filtering off; use RuntimeDefault or Localhost", [pods.field("securityContext.seccompProfile.type"), type])
}

# METADATA
# custom:
#   case: container_profile
deny contains msg if {
	pods.changed
	some c in pods.containers
	type := c.security_context.seccompProfile.type
	not type in allowed_types
	msg := sprintf("%s: securityContext.seccompProfile.type=%q turns seccomp filtering off; use RuntimeDefault or Localhost", [pods.describe(c), type])
}
