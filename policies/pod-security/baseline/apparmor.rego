# METADATA
# title: AppArmor profile
# description: >-
#   Pod Security Standards baseline, "AppArmor": the runtime's default AppArmor profile may be replaced
#   by a profile loaded on the node, never turned off. securityContext.appArmorProfile.type of the pod and
#   of every container must be unset, RuntimeDefault or Localhost, and the annotations
#   container.apparmor.security.beta.kubernetes.io/* unset, empty, runtime/default or localhost/*.
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
#   mode: enforce
package verdict.policies.pss_baseline_apparmor

import rego.v1

import data.verdict.lib.pods

allowed_types := {"RuntimeDefault", "Localhost"}

annotation_prefix := "container.apparmor.security.beta.kubernetes.io/"

# METADATA
# custom:
#   case: pod_profile
deny contains msg if {
	pods.changed
	type := pods.security_context.appArmorProfile.type
	not type in allowed_types
	msg := sprintf("%s=%q turns off or replaces AppArmor confinement; use RuntimeDefault or Localhost", [pods.field("securityContext.appArmorProfile.type"), type])
}

# METADATA
# custom:
#   case: container_profile
deny contains msg if {
	pods.changed
	some c in pods.containers
	type := c.security_context.appArmorProfile.type
	not type in allowed_types
	msg := sprintf("%s: securityContext.appArmorProfile.type=%q turns off or replaces AppArmor confinement; use RuntimeDefault or Localhost", [pods.describe(c), type])
}

# METADATA
# custom:
#   case: annotation
deny contains msg if {
	pods.changed
	some key, value in pods.annotations
	startswith(key, annotation_prefix)
	not allowed_annotation(value)
	msg := sprintf("%s.annotations[%q]=%q turns off or replaces AppArmor confinement; use runtime/default or localhost/<profile>, or set securityContext.appArmorProfile instead", [pods.pod.metadata_field, key, value])
}

allowed_annotation(value) if value in {"", "runtime/default"}

allowed_annotation(value) if startswith(value, "localhost/")
