# METADATA
# title: Bindings of cluster-admin and admin
# description: >-
#   RoleBindings and ClusterRoleBindings may bind the ClusterRoles in privileged_roles (cluster-admin
#   and admin) only to the subjects listed in allowed_subjects. Objects and users exempt by the exempt_*
#   parameters are not judged.
# custom:
#   severity: critical
#   kinds:
#     - rbac.authorization.k8s.io/RoleBinding
#     - rbac.authorization.k8s.io/ClusterRoleBinding
#   controls: [PR.AA-05, "CIS 5.1.1"]
#   mode: enforce
package verdict.policies.rbac_privileged_bindings

import rego.v1

import data.verdict.lib.kubernetes as k8s
import data.verdict.lib.params
import data.verdict.lib.rbac

id := "rbac_privileged_bindings"

# METADATA
# custom:
#   case: privileged_binding
deny contains msg if {
	not rbac.exempt(id)
	ref := k8s.object.roleRef
	ref.kind == "ClusterRole"
	ref.name in params.get(id, "privileged_roles")
	some s in rbac.subjects
	not allowed(s.subject)
	msg := sprintf("%s (%s) would be given ClusterRole %q, which only subjects in the allowed_subjects parameter may hold; bind a role with the permissions needed instead", [s.field, s.describe, ref.name])
}

allowed(subject) if {
	some a in params.get(id, "allowed_subjects")
	a.kind == subject.kind
	a.name == subject.name
	object.get(a, "namespace", "") == object.get(subject, "namespace", "")
}
