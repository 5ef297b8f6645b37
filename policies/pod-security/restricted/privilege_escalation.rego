# METADATA
# title: Privilege escalation
# description: >-
#   Pod Security Standards restricted, "Privilege Escalation": processes may not gain more privileges
#   than their parent (set-user-ID binaries, file capabilities). securityContext.allowPrivilegeEscalation
#   must be false on every container, init container and ephemeral container. Windows pods
#   (spec.os.name windows) are exempt.
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
#   controls: [PR.PS-01, PR.AA-05, "CIS 5.2.6"]
#   mode: warn
package verdict.policies.pss_restricted_privilege_escalation

import rego.v1

import data.verdict.lib.pods

# METADATA
# custom:
#   case: escalation_allowed
deny contains msg if {
	pods.changed
	not pods.is_windows
	some c in pods.containers
	not c.security_context.allowPrivilegeEscalation == false
	msg := sprintf("%s: securityContext.allowPrivilegeEscalation must be false (it is %s); set it to false", [pods.describe(c), describe(c.security_context)])
}

describe(sc) := "unset" if not "allowPrivilegeEscalation" in object.keys(sc)

describe(sc) := sprintf("%v", [sc.allowPrivilegeEscalation]) if "allowPrivilegeEscalation" in object.keys(sc)
