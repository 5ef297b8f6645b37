package verdict.policies.rbac_secrets_cluster_read_test

import rego.v1

import data.verdict.lib.fixtures
import data.verdict.policies.rbac_secrets_cluster_read as policy

role(kind, rules) := fixtures.object_review(kind, {"metadata": {"name": "reader"}, "rules": rules})

test_secret_read_fires if {
	rules := [{"apiGroups": [""], "resources": ["configmaps", "secrets"], "verbs": ["list", "get", "create"]}]
	policy.deny == {"rules[0] grants get, list on secrets in every namespace; use a Role in the namespaces that need it, or list the secrets in resourceNames"} with input as role("ClusterRole", rules)
}

test_secret_read_fires_through_wildcards if {
	rules := [{"apiGroups": ["*"], "resources": ["*"], "verbs": ["*"]}]
	policy.deny == {"rules[0] grants get, list, watch on secrets in every namespace; use a Role in the namespaces that need it, or list the secrets in resourceNames"} with input as role("ClusterRole", rules)
}

test_secret_read_quiet_for_roles_names_and_other_groups if {
	read := [{"apiGroups": [""], "resources": ["secrets"], "verbs": ["get", "list", "watch"]}]
	count(policy.deny) == 0 with input as role("Role", read)
	named := [{"apiGroups": [""], "resources": ["secrets"], "verbs": ["get"], "resourceNames": ["tls-cert"]}]
	count(policy.deny) == 0 with input as role("ClusterRole", named)
	other := [{"apiGroups": ["example.com"], "resources": ["secrets"], "verbs": ["get"]}]
	count(policy.deny) == 0 with input as role("ClusterRole", other)
	write := [{"apiGroups": [""], "resources": ["secrets"], "verbs": ["create", "delete"]}]
	count(policy.deny) == 0 with input as role("ClusterRole", write)
}
