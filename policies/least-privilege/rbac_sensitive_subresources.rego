# METADATA
# title: Exec, attach and node proxy access
# description: >-
#   Warns when a Role or ClusterRole grants pods/exec, pods/attach or nodes/proxy (the
#   sensitive_resources parameter): they open a shell in running containers or reach the kubelet API,
#   bypassing admission control and audit of what is done there.
#   Objects and users exempt by the exempt_* parameters are not judged.
# custom:
#   severity: medium
#   kinds:
#     - rbac.authorization.k8s.io/Role
#     - rbac.authorization.k8s.io/ClusterRole
#   controls: [PR.AA-05, "CIS 5.1.10"]
#   mode: warn
package verdict.policies.rbac_sensitive_subresources

import rego.v1

import data.verdict.lib.params
import data.verdict.lib.rbac

# METADATA
# custom:
#   case: sensitive_resource
warn contains msg if {
	not rbac.exempt("rbac_sensitive_subresources")
	some r in rbac.rules
	some resource in r.resources
	resource in params.get("rbac_sensitive_subresources", "sensitive_resources")
	count(r.verbs) > 0
	msg := sprintf("%s grants %s on %s: holders can run commands in containers or reach the kubelet directly; grant it only to those who need it", [r.field, concat(", ", r.verbs), resource])
}
