package verdict.policies.safe_defaults_security_context_test

import rego.v1

import data.verdict.lib.fixtures
import data.verdict.policies.safe_defaults_security_context as policy

bare := {"containers": [{"name": "app", "image": "app"}]}

all_defaults := {
	"seccompProfile": {"type": "RuntimeDefault"},
	"allowPrivilegeEscalation": false,
	"capabilities": {"drop": ["ALL"]},
	"runAsNonRoot": true,
}

test_new_security_context_fires if {
	policy.patch == {{"op": "add", "path": "/spec/containers/0/securityContext", "value": all_defaults}} with input as fixtures.pod_review("Pod", bare)
}

test_new_security_context_fires_for_every_pod_kind_at_its_path if {
	every kind in fixtures.pod_kinds {
		{op.path | some op in policy.patch} == {sprintf("%s/containers/0/securityContext", [data.verdict.lib.pods.pod.spec_pointer])} with input as fixtures.pod_review(kind, bare)
	}
}

test_new_security_context_fires_for_init_containers_but_not_ephemeral_ones if {
	spec := object.union(bare, {"initContainers": [{"name": "init", "image": "i"}], "ephemeralContainers": [{"name": "debug", "image": "d"}]})
	{op.path | some op in policy.patch} == {"/spec/template/spec/containers/0/securityContext", "/spec/template/spec/initContainers/0/securityContext"} with input as fixtures.pod_review("Deployment", spec)
}

test_new_security_context_quiet_for_compliant_pods if {
	count(policy.patch) == 0 with input as fixtures.pod_review("Pod", fixtures.restricted_spec)
}

test_new_security_context_quiet_on_pod_updates_and_template_scales if {
	pod := fixtures.pod_review("Pod", bare)
	count(policy.patch) == 0 with input as fixtures.as_update(pod, fixtures.pod_review("Pod", {"containers": []}).request.object)
	deployment := fixtures.pod_review("Deployment", bare)
	scaled := object.union(deployment, {"request": {"object": {"spec": {"replicas": 5}}}})
	count(policy.patch) == 0 with input as fixtures.as_update(scaled, deployment.request.object)
}

test_new_security_context_quiet_for_windows_pods if {
	count(policy.patch) == 0 with input as fixtures.pod_review("Pod", object.union(bare, {"os": {"name": "windows"}}))
}

test_missing_field_fires_only_for_unset_fields if {
	spec := {"containers": [{"name": "app", "image": "app", "securityContext": {"readOnlyRootFilesystem": true, "capabilities": {"add": ["NET_BIND_SERVICE"]}}}]}
	policy.patch == {
		{"op": "add", "path": "/spec/containers/0/securityContext/seccompProfile", "value": {"type": "RuntimeDefault"}},
		{"op": "add", "path": "/spec/containers/0/securityContext/allowPrivilegeEscalation", "value": false},
		{"op": "add", "path": "/spec/containers/0/securityContext/capabilities/drop", "value": ["ALL"]},
		{"op": "add", "path": "/spec/containers/0/securityContext/runAsNonRoot", "value": true},
	} with input as fixtures.pod_review("Pod", spec)
}

test_missing_field_fires_with_the_missing_capabilities_parent if {
	spec := {"containers": [{"name": "app", "image": "app", "securityContext": {"allowPrivilegeEscalation": true, "runAsNonRoot": false, "seccompProfile": {"type": "Localhost", "localhostProfile": "p.json"}}}]}
	policy.patch == {{"op": "add", "path": "/spec/containers/0/securityContext/capabilities", "value": {"drop": ["ALL"]}}} with input as fixtures.pod_review("Pod", spec)
}

test_missing_field_quiet_when_the_pod_level_decides if {
	spec := object.union(bare, {"securityContext": {"seccompProfile": {"type": "Unconfined"}, "runAsNonRoot": false}})
	paths := {op.path | some op in policy.patch} with input as fixtures.pod_review("Pod", spec)
	values := {op.value | some op in policy.patch} with input as fixtures.pod_review("Pod", spec)
	paths == {"/spec/containers/0/securityContext"}
	values == {{"allowPrivilegeEscalation": false, "capabilities": {"drop": ["ALL"]}}}
}

test_missing_field_quiet_where_the_api_or_the_pod_would_break if {
	privileged := {"containers": [{"name": "app", "image": "app", "securityContext": {"privileged": true, "runAsUser": 0, "capabilities": {"drop": []}}}]}
	{op.path | some op in policy.patch} == {"/spec/containers/0/securityContext/seccompProfile"} with input as fixtures.pod_review("Pod", privileged)
	sys_admin := {"containers": [{"name": "app", "image": "app", "securityContext": {"capabilities": {"add": ["SYS_ADMIN"], "drop": ["ALL"]}, "seccompProfile": {"type": "RuntimeDefault"}, "runAsNonRoot": true}}]}
	count(policy.patch) == 0 with input as fixtures.pod_review("Pod", sys_admin)
}

test_missing_field_follows_the_fields_parameter if {
	params := object.union(data.verdict.parameters, {"safe_defaults_security_context": {"fields": ["seccompProfile"]}})
	policy.patch == {{"op": "add", "path": "/spec/containers/0/securityContext", "value": {"seccompProfile": {"type": "RuntimeDefault"}}}} with input as fixtures.pod_review("Pod", bare) with data.verdict.parameters as params
}
