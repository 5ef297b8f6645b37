package verdict.policies.rbac_escalation_verbs_test

import rego.v1

import data.verdict.lib.fixtures
import data.verdict.policies.rbac_escalation_verbs as policy

role(kind, rules) := fixtures.object_review(kind, {"metadata": {"name": "team"}, "rules": rules})

test_escalation_verb_fires_for_each_verb if {
	rules := [
		{"apiGroups": ["rbac.authorization.k8s.io"], "resources": ["clusterroles"], "verbs": ["escalate", "bind"]},
		{"apiGroups": [""], "resources": ["users", "groups"], "verbs": ["impersonate"]},
	]
	msgs := policy.deny with input as role("ClusterRole", rules)
	msgs == {
		`rules[0].verbs contains "escalate", which lets the holder create or edit roles with permissions it does not have; remove it`,
		`rules[0].verbs contains "bind", which lets the holder bind roles with permissions it does not have; remove it`,
		`rules[1].verbs contains "impersonate", which lets the holder act as other users, groups or service accounts; remove it`,
	}
}

test_escalation_verb_fires_in_a_role if {
	count(policy.deny) == 1 with input as role("Role", [{"apiGroups": [""], "resources": ["serviceaccounts"], "verbs": ["impersonate"]}])
}

test_escalation_verb_quiet_for_ordinary_verbs if {
	rules := [{"apiGroups": ["rbac.authorization.k8s.io"], "resources": ["roles", "rolebindings"], "verbs": ["get", "list", "create"]}]
	count(policy.deny) == 0 with input as role("Role", rules)
}

test_escalation_verb_quiet_for_the_bootstrap_admin_role if {
	review := fixtures.object_review("ClusterRole", {"metadata": {"name": "admin"}, "rules": [{"apiGroups": [""], "resources": ["serviceaccounts"], "verbs": ["impersonate"]}]})
	count(policy.deny) == 0 with input as fixtures.as_user(review, "system:serviceaccount:kube-system:clusterrole-aggregation-controller")
}
