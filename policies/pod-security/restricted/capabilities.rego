# METADATA
# title: Capabilities dropped
# description: >-
#   Pod Security Standards restricted, "Capabilities": every container, init container and ephemeral
#   container must drop ALL capabilities (securityContext.capabilities.drop includes ALL) and may add back
#   only NET_BIND_SERVICE. Windows pods are exempt.
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
#   controls: [PR.PS-01, PR.AA-05, "CIS 5.2.9"]
#   mode: warn
package verdict.policies.pss_restricted_capabilities

import rego.v1

import data.verdict.lib.pods

# METADATA
# custom:
#   case: drop_all_missing
deny contains msg if {
	pods.changed
	not pods.is_windows
	some c in pods.containers
	not "ALL" in object.get(c.security_context, ["capabilities", "drop"], [])
	msg := sprintf(`%s: securityContext.capabilities.drop must include "ALL" (add back only NET_BIND_SERVICE, if needed)`, [pods.describe(c)])
}

# METADATA
# custom:
#   case: added_capability
deny contains msg if {
	pods.changed
	not pods.is_windows
	some c in pods.containers
	extra := sort([cap | some cap in object.get(c.security_context, ["capabilities", "add"], []); cap != "NET_BIND_SERVICE"])
	count(extra) > 0
	msg := sprintf("%s: securityContext.capabilities.add includes %s; the restricted level allows adding only NET_BIND_SERVICE", [pods.describe(c), concat(", ", extra)])
}
