# METADATA
# title: Seccomp profile required
# description: >-
#   Pod Security Standards restricted, "Seccomp": a seccomp profile must be set, RuntimeDefault or
#   Localhost, in spec.securityContext.seccompProfile.type or in every container, init container and
#   ephemeral container (a container's own setting wins over the pod's). Windows pods are exempt.
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
#   mode: warn
package verdict.policies.pss_restricted_seccomp

import rego.v1

import data.verdict.lib.pods

allowed_types := {"RuntimeDefault", "Localhost"}

pod_profile_set if pods.security_context.seccompProfile.type in allowed_types

# METADATA
# custom:
#   case: pod_profile
deny contains msg if {
	pods.changed
	not pods.is_windows
	type := pods.security_context.seccompProfile.type
	not type in allowed_types
	msg := sprintf("%s=%q turns seccomp filtering off; use RuntimeDefault or Localhost", [pods.field("securityContext.seccompProfile.type"), type])
}

# METADATA
# custom:
#   case: container_profile
deny contains msg if {
	pods.changed
	not pods.is_windows
	some c in pods.containers
	type := c.security_context.seccompProfile.type
	not type in allowed_types
	msg := sprintf("%s: securityContext.seccompProfile.type=%q turns seccomp filtering off; use RuntimeDefault or Localhost", [pods.describe(c), type])
}

# METADATA
# custom:
#   case: container_unset
deny contains msg if {
	pods.changed
	not pods.is_windows
	not pod_profile_set
	some c in pods.containers
	not c.security_context.seccompProfile
	msg := sprintf("%s: set securityContext.seccompProfile.type=RuntimeDefault (or Localhost) here or in the pod's securityContext", [pods.describe(c)])
}
