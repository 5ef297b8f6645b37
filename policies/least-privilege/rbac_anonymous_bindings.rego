# METADATA
# title: Bindings to anonymous or all users
# description: >-
#   RoleBindings and ClusterRoleBindings may not name system:anonymous, system:unauthenticated or
#   system:authenticated (the forbidden_subjects parameter) as a subject: that grants the role to
#   everyone who can reach the API server. Objects and users exempt by the exempt_* parameters (the
#   control plane's own system: bindings) are not judged.
# custom:
#   severity: critical
#   kinds:
#     - rbac.authorization.k8s.io/RoleBinding
#     - rbac.authorization.k8s.io/ClusterRoleBinding
#   controls: [PR.AA-05, PR.AA-03, "CIS 5.1.1"]
#   mode: enforce
package verdict.policies.rbac_anonymous_bindings

import rego.v1

import data.verdict.lib.params
import data.verdict.lib.rbac

# METADATA
# custom:
#   case: anonymous_subject
deny contains msg if {
	not rbac.exempt("rbac_anonymous_bindings")
	some s in rbac.subjects
	s.subject.name in params.get("rbac_anonymous_bindings", "forbidden_subjects")
	msg := sprintf("%s (%s) grants the role to every client that can reach the API server; bind named users, groups or service accounts instead", [s.field, s.describe])
}
