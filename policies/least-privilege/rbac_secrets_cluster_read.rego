# METADATA
# title: Cluster-wide read of Secrets
# description: >-
#   ClusterRoles may not grant get, list or watch on all Secrets (core API group, no resourceNames): bound
#   with a ClusterRoleBinding, that reads every credential in every namespace. Grant Secret access with a
#   Role in the namespace that needs it, or name the Secrets in resourceNames.
#   Objects and users exempt by the exempt_* parameters are not judged.
# custom:
#   severity: high
#   kinds:
#     - rbac.authorization.k8s.io/ClusterRole
#   controls: [PR.AA-05, PR.DS-01, "CIS 5.1.2"]
#   mode: enforce
package verdict.policies.rbac_secrets_cluster_read

import rego.v1

import data.verdict.lib.rbac

# METADATA
# custom:
#   case: secret_read
deny contains msg if {
	rbac.is_cluster_role
	not rbac.exempt("rbac_secrets_cluster_read")
	some r in rbac.rules
	count(r.resource_names) == 0
	verbs := sort([verb | some verb in ["get", "list", "watch"]; rbac.grants(r, "", "secrets", verb)])
	count(verbs) > 0
	msg := sprintf("%s grants %s on secrets in every namespace; use a Role in the namespaces that need it, or list the secrets in resourceNames", [r.field, concat(", ", verbs)])
}
