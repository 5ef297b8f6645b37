package verdict.policies.rbac_wildcards_test

import rego.v1

import data.verdict.lib.fixtures
import data.verdict.policies.rbac_wildcards as policy

role(kind, name, rules) := fixtures.object_review(kind, {"metadata": {"name": name}, "rules": rules})

reader := {"apiGroups": [""], "resources": ["configmaps"], "verbs": ["get", "list"]}

test_wildcard_fires_for_each_field if {
	msgs := policy.deny with input as role("ClusterRole", "ops", [reader, {"apiGroups": ["*"], "resources": ["*"], "verbs": ["*"]}])
	msgs == {
		`rules[1].verbs contains "*", which grants every verb, including ones added later; list the verbs the role needs`,
		`rules[1].resources contains "*", which grants every resource, including ones added later; list the resources the role needs`,
		`rules[1].apiGroups contains "*", which grants every API group, including ones added later; list the apiGroups the role needs`,
	}
}

test_wildcard_fires_for_namespaced_roles if {
	count(policy.deny) == 1 with input as role("Role", "deployer", [{"apiGroups": ["apps"], "resources": ["deployments"], "verbs": ["*"]}])
}

test_wildcard_quiet_for_explicit_rules if {
	count(policy.deny) == 0 with input as role("ClusterRole", "reader", [reader])
}

test_wildcard_quiet_for_exempt_names_and_users if {
	star := [{"apiGroups": ["*"], "resources": ["*"], "verbs": ["*"]}]
	count(policy.deny) == 0 with input as role("ClusterRole", "system:controller:foo", star)
	count(policy.deny) == 0 with input as role("ClusterRole", "cluster-admin", star)
	count(policy.deny) == 0 with input as fixtures.as_user(role("ClusterRole", "x", star), "system:apiserver")
}

test_wildcard_fires_for_service_accounts_despite_the_system_prefix if {
	star := [{"apiGroups": ["*"], "resources": ["pods"], "verbs": ["get"]}]
	count(policy.deny) == 1 with input as fixtures.as_user(role("ClusterRole", "x", star), "system:serviceaccount:ci:deployer")
}

test_wildcard_exemptions_follow_the_parameters if {
	star := [{"apiGroups": ["*"], "resources": ["pods"], "verbs": ["get"]}]
	params := {"exempt_name_prefixes": [], "exempt_cluster_roles": [], "exempt_user_prefixes": [], "non_exempt_user_prefixes": []}
	count(policy.deny) == 1 with input as role("ClusterRole", "system:controller:foo", star) with data.verdict.parameters as params
}

test_wildcard_fires_for_a_role_named_like_a_bootstrap_cluster_role if {
	count(policy.deny) == 1 with input as role("Role", "admin", [{"apiGroups": ["*"], "resources": ["pods"], "verbs": ["get"]}])
}
