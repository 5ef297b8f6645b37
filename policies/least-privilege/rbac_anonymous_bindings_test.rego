package verdict.policies.rbac_anonymous_bindings_test

import rego.v1

import data.verdict.lib.fixtures
import data.verdict.policies.rbac_anonymous_bindings as policy

binding(kind, name, subjects) := fixtures.object_review(kind, {
	"metadata": {"name": name},
	"roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "view"},
	"subjects": subjects,
})

group(name) := {"kind": "Group", "apiGroup": "rbac.authorization.k8s.io", "name": name}

test_anonymous_subject_fires_for_each_subject if {
	subjects := [group("system:authenticated"), group("system:unauthenticated"), {"kind": "User", "name": "system:anonymous"}]
	msgs := policy.deny with input as binding("ClusterRoleBinding", "everyone-views", subjects)
	msgs == {
		"subjects[0] (Group system:authenticated) grants the role to every client that can reach the API server; bind named users, groups or service accounts instead",
		"subjects[1] (Group system:unauthenticated) grants the role to every client that can reach the API server; bind named users, groups or service accounts instead",
		"subjects[2] (User system:anonymous) grants the role to every client that can reach the API server; bind named users, groups or service accounts instead",
	}
}

test_anonymous_subject_fires_in_a_role_binding if {
	count(policy.deny) == 1 with input as binding("RoleBinding", "open", [group("system:authenticated")])
}

test_anonymous_subject_quiet_for_named_groups_and_system_bindings if {
	count(policy.deny) == 0 with input as binding("RoleBinding", "team", [group("team-shop")])
	count(policy.deny) == 0 with input as binding("ClusterRoleBinding", "system:public-info-viewer", [group("system:unauthenticated")])
}
