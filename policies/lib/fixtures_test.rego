# Test fixtures: AdmissionReviews for every pod-owning kind and for plain objects, and a pod spec that meets
# the restricted level. Test-only (the _test suffix keeps it out of a bundle built without tests).
package verdict.lib.fixtures

import rego.v1

pod_kinds := [
	"Pod", "PodTemplate", "ReplicationController", "Deployment", "ReplicaSet",
	"StatefulSet", "DaemonSet", "Job", "CronJob",
]

api := {
	"Pod": {"group": "", "version": "v1"},
	"PodTemplate": {"group": "", "version": "v1"},
	"ReplicationController": {"group": "", "version": "v1"},
	"Deployment": {"group": "apps", "version": "v1"},
	"ReplicaSet": {"group": "apps", "version": "v1"},
	"StatefulSet": {"group": "apps", "version": "v1"},
	"DaemonSet": {"group": "apps", "version": "v1"},
	"Job": {"group": "batch", "version": "v1"},
	"CronJob": {"group": "batch", "version": "v1"},
	"Service": {"group": "", "version": "v1"},
	"PersistentVolumeClaim": {"group": "", "version": "v1"},
	"Secret": {"group": "", "version": "v1"},
	"ConfigMap": {"group": "", "version": "v1"},
	"Namespace": {"group": "", "version": "v1"},
	"Role": {"group": "rbac.authorization.k8s.io", "version": "v1"},
	"ClusterRole": {"group": "rbac.authorization.k8s.io", "version": "v1"},
	"RoleBinding": {"group": "rbac.authorization.k8s.io", "version": "v1"},
	"ClusterRoleBinding": {"group": "rbac.authorization.k8s.io", "version": "v1"},
}

# A container and a pod spec that satisfy every baseline and restricted control.
restricted_container := {
	"name": "app",
	"image": "registry.example.eu/shop/app:1.4.2",
	"securityContext": {
		"allowPrivilegeEscalation": false,
		"capabilities": {"drop": ["ALL"]},
		"runAsNonRoot": true,
		"seccompProfile": {"type": "RuntimeDefault"},
	},
}

restricted_spec := {
	"automountServiceAccountToken": false,
	"securityContext": {"runAsNonRoot": true, "seccompProfile": {"type": "RuntimeDefault"}},
	"containers": [restricted_container],
}

# A spec with one container holding `security_context`, the rest of the pod restricted.
spec_with_container(container) := object.union(restricted_spec, {"containers": [object.union(restricted_container, container)]})

# A CREATE review of a `kind` (one of pod_kinds) whose pod has `spec`.
pod_review(kind, spec) := object_review(kind, wrap(kind, {}, {}, spec))

# The same with the owner's and the pod's metadata (labels, annotations).
pod_review_meta(kind, owner_metadata, pod_metadata, spec) := object_review(kind, wrap(kind, owner_metadata, pod_metadata, spec))

# A CREATE review of any object.
object_review(kind, obj) := {"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview", "request": {
	"uid": "00000000-0000-0000-0000-000000000000",
	"kind": {"group": api[kind].group, "version": api[kind].version, "kind": kind},
	"resource": {"group": api[kind].group, "version": api[kind].version, "resource": lower(kind)},
	"namespace": "shop",
	"operation": "CREATE",
	"userInfo": {"username": "alice@example.com", "groups": ["system:authenticated"]},
	"object": obj,
	"oldObject": null,
	"dryRun": false,
}}

# Turns a review into an UPDATE from `old`.
as_update(review, old) := object.union(review, {"request": {"operation": "UPDATE", "oldObject": old}})

# Turns a review into one sent by `username`.
as_user(review, username) := object.union(review, {"request": {"userInfo": {"username": username}}})

owner_meta(extra) := object.union({"name": "test", "namespace": "shop"}, extra)

template(pod_metadata, spec) := {"metadata": pod_metadata, "spec": spec}

typed(kind) := {"apiVersion": version_of(kind), "kind": kind}

version_of(kind) := api[kind].version if api[kind].group == ""

version_of(kind) := sprintf("%s/%s", [api[kind].group, api[kind].version]) if api[kind].group != ""

wrap("Pod", owner, pod_meta, spec) := object.union(typed("Pod"), {"metadata": owner_meta(object.union(owner, pod_meta)), "spec": spec})

wrap("PodTemplate", owner, pod_meta, spec) := object.union(typed("PodTemplate"), {"metadata": owner_meta(owner), "template": template(pod_meta, spec)})

wrap(kind, owner, pod_meta, spec) := object.union(typed(kind), {
	"metadata": owner_meta(owner),
	"spec": {"selector": {"matchLabels": {"app": "test"}}, "template": template(pod_meta, spec)},
}) if kind in {"ReplicationController", "Deployment", "ReplicaSet", "StatefulSet", "DaemonSet", "Job"}

wrap("CronJob", owner, pod_meta, spec) := object.union(typed("CronJob"), {
	"metadata": owner_meta(owner),
	"spec": {"schedule": "0 3 * * *", "jobTemplate": {"spec": {"template": template(pod_meta, spec)}}},
})

# Metadata and a pod spec for a workload that processes personal data and meets every GDPR policy.
labelled(classification) := {"labels": {"app": "test", "data-classification": classification}}

personal_meta := object.union(labelled("personal"), {"annotations": {
	"gdpr.verdict.dev/purpose": "order fulfilment",
	"gdpr.verdict.dev/retention": "P90D",
}})

personal_spec := object.union(restricted_spec, {"nodeSelector": {"topology.kubernetes.io/region": "eu-west-1"}})

# A CREATE review of `kind` classified with `classification` on the owner and the template.
classified_review(kind, classification, spec) := pod_review_meta(kind, labelled(classification), labelled(classification), spec)

# A personal-data workload of `kind`, compliant; `spec` patches its pod spec.
personal_review(kind, spec) := pod_review_meta(kind, labelled("personal"), personal_meta, object.union(personal_spec, spec))
