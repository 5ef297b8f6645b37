# METADATA
# title: Running as non-root
# description: >-
#   Pod Security Standards restricted, "Running as Non-root": containers must be required to run as a
#   non-root user. spec.securityContext.runAsNonRoot must be true, or every container, init container and
#   ephemeral container must set securityContext.runAsNonRoot true; none may set it to false. Pods in
#   their own user namespace (spec.hostUsers false) are exempt (Kubernetes v1.35+).
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
package verdict.policies.pss_restricted_run_as_non_root

import rego.v1

import data.verdict.lib.pods

# METADATA
# custom:
#   case: pod_allows_root
deny contains msg if {
	pods.changed
	not pods.in_user_namespace
	pods.security_context.runAsNonRoot == false
	msg := sprintf("%s=false allows containers to run as root; set it to true", [pods.field("securityContext.runAsNonRoot")])
}

# METADATA
# custom:
#   case: container_allows_root
deny contains msg if {
	pods.changed
	not pods.in_user_namespace
	some c in pods.containers
	c.security_context.runAsNonRoot == false
	msg := sprintf("%s: securityContext.runAsNonRoot=false allows the container to run as root; set it to true", [pods.describe(c)])
}

# METADATA
# custom:
#   case: container_unset
deny contains msg if {
	pods.changed
	not pods.in_user_namespace
	not pods.security_context.runAsNonRoot == true
	some c in pods.containers
	not "runAsNonRoot" in object.keys(c.security_context)
	msg := sprintf("%s: set securityContext.runAsNonRoot=true here or in the pod's securityContext", [pods.describe(c)])
}
