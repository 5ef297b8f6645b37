# METADATA
# title: Wildcards in roles
# description: >-
#   Roles and ClusterRoles may not use "*" in verbs, resources or apiGroups: a wildcard grants every
#   present and future verb, resource or API group, including custom resources installed later.
#   Objects and users exempt by the exempt_* parameters are not judged.
# custom:
#   severity: high
#   kinds:
#     - rbac.authorization.k8s.io/Role
#     - rbac.authorization.k8s.io/ClusterRole
#   controls: [PR.AA-05, "CIS 5.1.3"]
#   mode: enforce
package verdict.policies.rbac_wildcards

import rego.v1

import data.verdict.lib.rbac

fields := {"verbs": "verbs", "resources": "resources", "api_groups": "apiGroups"}

# METADATA
# custom:
#   case: wildcard
deny contains msg if {
	not rbac.exempt("rbac_wildcards")
	some r in rbac.rules
	some key, field in fields
	"*" in r[key]
	msg := sprintf(`%s.%s contains "*", which grants every %s, including ones added later; list the %s the role needs`, [r.field, field, singular[field], field])
}

singular := {"verbs": "verb", "resources": "resource", "apiGroups": "API group"}
