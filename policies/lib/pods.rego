# The pod spec of every kind that has one (Pod and the eight pod-template owners), its containers, and the
# paths that messages name and patches write to.
package verdict.lib.pods

import rego.v1

import data.verdict.lib.kubernetes as k8s

# Where each kind keeps the pod it describes: the pod's `spec` and `metadata` sit under this path (empty
# for a Pod, whose spec and metadata are its own). Policies about pods match exactly these kinds.
template_paths := {
	"core/Pod": [],
	"core/PodTemplate": ["template"],
	"core/ReplicationController": ["spec", "template"],
	"apps/Deployment": ["spec", "template"],
	"apps/ReplicaSet": ["spec", "template"],
	"apps/StatefulSet": ["spec", "template"],
	"apps/DaemonSet": ["spec", "template"],
	"batch/Job": ["spec", "template"],
	"batch/CronJob": ["spec", "jobTemplate", "spec", "template"],
}

template_path := template_paths[k8s.kind_key]

spec_path := array.concat(template_path, ["spec"])

metadata_path := array.concat(template_path, ["metadata"])

# The pod under review: its spec and metadata, and where they are, as dotted fields for messages
# ("spec.template.spec") and JSON pointers for patches ("/spec/template/spec").
pod := {
	"spec": object.get(k8s.object, spec_path, {}),
	"metadata": object.get(k8s.object, metadata_path, {}),
	"spec_field": concat(".", spec_path),
	"spec_pointer": k8s.pointer(spec_path),
	"metadata_field": concat(".", metadata_path),
	"metadata_pointer": k8s.pointer(metadata_path),
	"is_template": count(template_path) > 0,
}

labels := object.get(pod.metadata, "labels", {})

annotations := object.get(pod.metadata, "annotations", {})

default old_spec := null

old_spec := object.get(k8s.old_object, spec_path, null)

default old_metadata := {}

old_metadata := object.get(k8s.old_object, metadata_path, {})

# Pod Security checks run on new pods and on updates that change the spec or the annotations, as Pod
# Security Admission does. Updates that leave both alone (a scale, a label, a finalizer, an owner
# reference) pass, so that an existing workload is never stuck because of a rule newer than itself.
changed if {
	pod
	k8s.is_create
}

changed if {
	pod
	k8s.is_update
	pod.spec != old_spec
}

changed if {
	pod
	k8s.is_update
	annotations != object.get(old_metadata, "annotations", {})
}

# Data-protection checks depend on the labels too: relabelling a pod as personal data must be judged.
changed_or_relabelled if changed

changed_or_relabelled if {
	pod
	k8s.is_update
	labels != object.get(old_metadata, "labels", {})
}

# Defaults may be added to a pod spec that is being written anyway: a Pod at CREATE only (the API rejects
# most changes to a running Pod's spec), a template at CREATE or when the update changes it (so that
# scaling a Deployment does not start a rollout).
patchable if {
	pod
	k8s.is_create
}

patchable if {
	pod.is_template
	k8s.is_update
	pod.spec != old_spec
}

container_fields := ["initContainers", "containers", "ephemeralContainers"]

# Every container of the pod: init, regular and ephemeral.
containers contains c if {
	some field in container_fields
	some i, container in object.get(pod.spec, field, [])
	c := {
		"name": container.name,
		"container": container,
		"kind": field,
		"path": sprintf("%s.%s[%d]", [pod.spec_field, field, i]),
		"pointer": sprintf("%s/%s/%d", [pod.spec_pointer, field, i]),
		"security_context": object.get(container, "securityContext", {}),
	}
}

# How messages name a container: `container "app" (spec.template.spec.containers[0])`.
describe(c) := sprintf("container %q (%s)", [c.name, c.path])

# A field of the pod spec as messages name it: field("hostPID") = "spec.template.spec.hostPID".
field(name) := sprintf("%s.%s", [pod.spec_field, name])

security_context := object.get(pod.spec, "securityContext", {})

is_windows if pod.spec.os.name == "windows"

# Pods in their own user namespace (hostUsers: false): root in the container is not root on the node.
in_user_namespace if pod.spec.hostUsers == false

# Image references normalised the way container runtimes resolve them: "nginx" is
# "docker.io/library/nginx", "team/app" is "docker.io/team/app", "ghcr.io/x/y" stays as written.
normalized_image(ref) := ref if {
	first := split(ref, "/")[0]
	count(split(ref, "/")) > 1
	registry_like(first)
}

normalized_image(ref) := concat("/", ["docker.io", ref]) if {
	parts := split(ref, "/")
	count(parts) > 1
	not registry_like(parts[0])
}

normalized_image(ref) := concat("/", ["docker.io", "library", ref]) if {
	count(split(ref, "/")) == 1
}

# The first part of a reference names a registry when it has a dot or a port, or is localhost.
registry_like(part) if contains(part, ".")

registry_like(part) if contains(part, ":")

registry_like(part) if part == "localhost"
