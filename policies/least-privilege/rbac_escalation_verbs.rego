# METADATA
# title: Privilege escalation verbs
# description: >-
#   Roles and ClusterRoles may not grant the escalate, bind or impersonate verbs, which let their holder
#   grant themselves permissions they do not have or act as another user.
#   Objects and users exempt by the exempt_* parameters are not judged.
# custom:
#   severity: critical
#   kinds:
#     - rbac.authorization.k8s.io/Role
#     - rbac.authorization.k8s.io/ClusterRole
#   controls: [PR.AA-05, "CIS 5.1.8"]
#   mode: enforce
package verdict.policies.rbac_escalation_verbs

import rego.v1

import data.verdict.lib.rbac

effects := {
	"escalate": "lets the holder create or edit roles with permissions it does not have",
	"bind": "lets the holder bind roles with permissions it does not have",
	"impersonate": "lets the holder act as other users, groups or service accounts",
}

# METADATA
# custom:
#   case: escalation_verb
deny contains msg if {
	not rbac.exempt("rbac_escalation_verbs")
	some r in rbac.rules
	some verb, effect in effects
	verb in r.verbs
	msg := sprintf("%s.verbs contains %q, which %s; remove it", [r.field, verb, effect])
}
