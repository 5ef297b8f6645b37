# RBAC helpers: which objects are roles and bindings, their rules, and who is exempt (by parameter).
package verdict.lib.rbac

import rego.v1

import data.verdict.lib.kubernetes as k8s
import data.verdict.lib.params

group := "rbac.authorization.k8s.io"

is_role if k8s.is_kind(group, "Role")

is_role if k8s.is_kind(group, "ClusterRole")

is_cluster_role if k8s.is_kind(group, "ClusterRole")

is_binding if k8s.is_kind(group, "RoleBinding")

is_binding if k8s.is_kind(group, "ClusterRoleBinding")

# Control-plane objects and requests are exempt through parameters, not hard-coded names:
# exempt_name_prefixes for the object, exempt_cluster_roles for the bootstrap ClusterRoles that the
# aggregation controller rewrites, exempt_user_prefixes for the requesting user. Bindings are never exempt
# by a bare name: adding a subject to the bootstrap `cluster-admin` binding is judged like any other.
exempt(id) if k8s.has_prefix(k8s.name, params.get(id, "exempt_name_prefixes"))

exempt(id) if {
	is_cluster_role
	k8s.name in params.get(id, "exempt_cluster_roles")
}

exempt(id) if {
	k8s.has_prefix(k8s.username, params.get(id, "exempt_user_prefixes"))
	not k8s.has_prefix(k8s.username, params.get(id, "non_exempt_user_prefixes"))
}

# The rules of a Role or ClusterRole, each with the field messages name: "rules[0]".
rules contains r if {
	is_role
	some i, rule in object.get(k8s.object, "rules", [])
	r := {
		"rule": rule,
		"field": sprintf("rules[%d]", [i]),
		"verbs": object.get(rule, "verbs", []),
		"resources": object.get(rule, "resources", []),
		"api_groups": object.get(rule, "apiGroups", []),
		"resource_names": object.get(rule, "resourceNames", []),
	}
}

# The subjects of a RoleBinding or ClusterRoleBinding, with their field and a readable name.
subjects contains s if {
	is_binding
	some i, subject in object.get(k8s.object, "subjects", [])
	s := {
		"subject": subject,
		"field": sprintf("subjects[%d]", [i]),
		"describe": describe_subject(subject),
	}
}

describe_subject(s) := sprintf("%s %s/%s", [s.kind, object.get(s, "namespace", ""), s.name]) if s.kind == "ServiceAccount"

describe_subject(s) := sprintf("%s %s", [s.kind, s.name]) if s.kind != "ServiceAccount"

# A rule grants `verb` on `resource` in `api_group`, wildcards included.
grants(r, api_group, resource, verb) if {
	some g in r.api_groups
	g in {api_group, "*"}
	some res in r.resources
	res in {resource, "*"}
	some v in r.verbs
	v in {verb, "*"}
}
