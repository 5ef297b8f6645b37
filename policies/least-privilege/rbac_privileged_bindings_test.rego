package verdict.policies.rbac_privileged_bindings_test

import rego.v1

import data.verdict.lib.fixtures
import data.verdict.policies.rbac_privileged_bindings as policy

binding(kind, role_kind, role, subjects) := fixtures.object_review(kind, {
	"metadata": {"name": "grant"},
	"roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": role_kind, "name": role},
	"subjects": subjects,
})

alice := {"kind": "User", "apiGroup": "rbac.authorization.k8s.io", "name": "alice@example.com"}

ci := {"kind": "ServiceAccount", "name": "deployer", "namespace": "ci"}

test_privileged_binding_fires_for_cluster_admin if {
	msgs := policy.deny with input as binding("ClusterRoleBinding", "ClusterRole", "cluster-admin", [alice, ci])
	msgs == {
		`subjects[0] (User alice@example.com) would be given ClusterRole "cluster-admin", which only subjects in the allowed_subjects parameter may hold; bind a role with the permissions needed instead`,
		`subjects[1] (ServiceAccount ci/deployer) would be given ClusterRole "cluster-admin", which only subjects in the allowed_subjects parameter may hold; bind a role with the permissions needed instead`,
	}
}

test_privileged_binding_fires_for_admin_in_a_namespace if {
	count(policy.deny) == 1 with input as binding("RoleBinding", "ClusterRole", "admin", [alice])
}

test_privileged_binding_quiet_for_allowed_subjects if {
	params := object.union(data.verdict.parameters, {"rbac_privileged_bindings": {"allowed_subjects": [
		{"kind": "User", "name": "alice@example.com"},
		{"kind": "ServiceAccount", "name": "deployer", "namespace": "ci"},
	]}})
	count(policy.deny) == 0 with input as binding("ClusterRoleBinding", "ClusterRole", "cluster-admin", [alice, ci]) with data.verdict.parameters as params
}

test_privileged_binding_quiet_for_other_roles if {
	count(policy.deny) == 0 with input as binding("RoleBinding", "ClusterRole", "edit", [alice])
	count(policy.deny) == 0 with input as binding("RoleBinding", "Role", "admin", [alice])
}

test_privileged_binding_quiet_for_the_control_plane if {
	count(policy.deny) == 0 with input as fixtures.as_user(binding("ClusterRoleBinding", "ClusterRole", "cluster-admin", [alice]), "system:apiserver")
}

test_privileged_binding_fires_when_a_user_extends_the_bootstrap_binding if {
	review := object.union(binding("ClusterRoleBinding", "ClusterRole", "cluster-admin", [alice]), {"request": {"object": {"metadata": {"name": "cluster-admin"}}}})
	count(policy.deny) == 1 with input as review
}
