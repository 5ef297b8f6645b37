# Tests of the request helpers: JSON pointers and patches that add missing parents.
package verdict.lib.kubernetes_test

import rego.v1

import data.verdict.lib.fixtures
import data.verdict.lib.kubernetes as k8s

test_pointer_escapes_slash_and_tilde if {
	k8s.pointer(["metadata", "labels", "gdpr.verdict.dev/class~x"]) == "/metadata/labels/gdpr.verdict.dev~1class~0x"
	k8s.pointer([]) == ""
}

test_add_under_adds_the_leaf_when_parents_exist if {
	op := k8s.add_under("/spec/containers/0", {"securityContext": {"capabilities": {}}}, ["securityContext", "capabilities", "drop"], ["ALL"])
	op == {"op": "add", "path": "/spec/containers/0/securityContext/capabilities/drop", "value": ["ALL"]}
}

test_add_under_adds_the_first_missing_parent if {
	op := k8s.add_under("/spec/containers/0", {"name": "a"}, ["securityContext", "capabilities", "drop"], ["ALL"])
	op == {"op": "add", "path": "/spec/containers/0/securityContext", "value": {"capabilities": {"drop": ["ALL"]}}}
}

test_add_under_replaces_a_null_parent if {
	op := k8s.add_under("", {"metadata": {"labels": null}}, ["metadata", "labels", "a"], "b")
	op == {"op": "add", "path": "/metadata/labels", "value": {"a": "b"}}
}

test_add_under_one_segment if {
	op := k8s.add_under("/metadata", {}, ["labels"], {"a": "b"})
	op == {"op": "add", "path": "/metadata/labels", "value": {"a": "b"}}
}

test_kind_key_names_core_as_core if {
	k8s.kind_key == "core/Pod" with input as fixtures.pod_review("Pod", {})
	k8s.kind_key == "batch/CronJob" with input as fixtures.pod_review("CronJob", {})
}

test_no_object_on_delete if {
	not k8s.object with input as {"request": {"operation": "DELETE", "object": null, "oldObject": {}}}
}

test_has_prefix if {
	k8s.has_prefix("system:node:a", ["x", "system:"])
	not k8s.has_prefix("alice", ["system:"])
}
