# METADATA
# title: Added capabilities
# description: >-
#   Pod Security Standards baseline, "Capabilities": containers may add only capabilities of the container
#   runtime's default set (AUDIT_WRITE, CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, MKNOD, NET_BIND_SERVICE,
#   SETFCAP, SETGID, SETPCAP, SETUID, SYS_CHROOT) in securityContext.capabilities.add, for every
#   container, init container and ephemeral container. NET_RAW, SYS_ADMIN and the rest are refused.
# custom:
#   severity: high
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
#   controls: [PR.PS-01, PR.AA-05, "CIS 5.2.8", "CIS 5.2.9"]
#   mode: enforce
package verdict.policies.pss_baseline_capabilities

import rego.v1

import data.verdict.lib.pods

allowed := {
	"AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD",
	"NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT",
}

# METADATA
# custom:
#   case: added_capability
deny contains msg if {
	pods.changed
	some c in pods.containers
	added := object.get(c.security_context, ["capabilities", "add"], [])
	extra := sort([cap | some cap in added; not cap in allowed])
	count(extra) > 0
	msg := sprintf("%s: securityContext.capabilities.add includes %s, beyond the runtime's default set; remove them", [pods.describe(c), concat(", ", extra)])
}
