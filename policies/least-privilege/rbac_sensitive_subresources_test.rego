package verdict.policies.rbac_sensitive_subresources_test

import rego.v1

import data.verdict.lib.fixtures
import data.verdict.policies.rbac_sensitive_subresources as policy

role(kind, rules) := fixtures.object_review(kind, {"metadata": {"name": "debugger"}, "rules": rules})

test_sensitive_resource_fires_for_each_resource if {
	rules := [
		{"apiGroups": [""], "resources": ["pods", "pods/exec", "pods/attach"], "verbs": ["create", "get"]},
		{"apiGroups": [""], "resources": ["nodes/proxy"], "verbs": ["get"]},
	]
	msgs := policy.warn with input as role("ClusterRole", rules)
	msgs == {
		"rules[0] grants create, get on pods/exec: holders can run commands in containers or reach the kubelet directly; grant it only to those who need it",
		"rules[0] grants create, get on pods/attach: holders can run commands in containers or reach the kubelet directly; grant it only to those who need it",
		"rules[1] grants get on nodes/proxy: holders can run commands in containers or reach the kubelet directly; grant it only to those who need it",
	}
}

test_sensitive_resource_fires_in_a_role if {
	count(policy.warn) == 1 with input as role("Role", [{"apiGroups": [""], "resources": ["pods/exec"], "verbs": ["create"]}])
}

test_sensitive_resource_quiet_for_other_subresources if {
	rules := [{"apiGroups": [""], "resources": ["pods", "pods/log", "pods/portforward"], "verbs": ["get", "create"]}]
	count(policy.warn) == 0 with input as role("Role", rules)
}
