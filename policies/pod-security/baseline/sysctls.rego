# METADATA
# title: Sysctls
# description: >-
#   Pod Security Standards baseline, "Sysctls": only sysctls that are namespaced and isolated from other
#   pods on the node may be set. spec.securityContext.sysctls[*].name must be in the allowed_sysctls
#   parameter, by default the safe set of Kubernetes v1.36.
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
package verdict.policies.pss_baseline_sysctls

import rego.v1

import data.verdict.lib.params
import data.verdict.lib.pods

# METADATA
# custom:
#   case: unsafe_sysctl
deny contains msg if {
	pods.changed
	some i, sysctl in object.get(pods.security_context, "sysctls", [])
	not sysctl.name in params.get("pss_baseline_sysctls", "allowed_sysctls")
	msg := sprintf("%s.name=%q is not a safe sysctl: it can affect other pods on the node; remove it", [pods.field(sprintf("securityContext.sysctls[%d]", [i])), sysctl.name])
}
