# Request helpers shared by every policy: the object under review, its kind, labels, user and JSON pointers.
package verdict.lib.kubernetes

import rego.v1

# Policies judge what is being written. CREATE and UPDATE carry the new object; DELETE and CONNECT carry
# none. An object that is already being deleted only loses finalizers, which no policy should stand in the
# way of, so it is not judged either.
object := input.request.object if {
	input.request.operation in {"CREATE", "UPDATE"}
	not input.request.object.metadata.deletionTimestamp
}

# The object as it was before an UPDATE.
old_object := input.request.oldObject if input.request.operation == "UPDATE"

is_create if input.request.operation == "CREATE"

is_update if input.request.operation == "UPDATE"

# A write to a subresource (pods/ephemeralcontainers, say): the apiserver keeps only that part of the object.
is_subresource if object.get(input.request, "subResource", "") != ""

kind := input.request.kind.kind

# The API group, "" for the core group (Pod, Service...).
group := object.get(input.request.kind, "group", "")

# `group/kind` with "core" for the core group: "core/Pod", "apps/Deployment".
kind_key := sprintf("%s/%s", [group_name, kind])

group_name := "core" if group == ""

group_name := group if group != ""

is_kind(g, k) if {
	group == g
	kind == k
}

name := object.metadata.name

username := object.get(input.request, ["userInfo", "username"], "")

labels := object.get(object, ["metadata", "labels"], {})

annotations := object.get(object, ["metadata", "annotations"], {})

default old_labels := {}

old_labels := object.get(old_object, ["metadata", "labels"], {})

default old_annotations := {}

old_annotations := object.get(old_object, ["metadata", "annotations"], {})

# True when `s` starts with one of `prefixes`.
has_prefix(s, prefixes) if {
	some prefix in prefixes
	startswith(s, prefix)
}

# One JSON pointer segment (RFC 6901): "~" and "/" in a key are escaped.
pointer_segment(s) := replace(replace(s, "~", "~0"), "/", "~1")

# ["spec", "template"] -> "/spec/template"; [] -> "".
pointer(path) := concat("", [sprintf("/%s", [pointer_segment(p)]) | some p in path])

# A JSON patch operation that adds `value` at `rel` (object keys) below `base`, which exists at JSON
# pointer `base_pointer`. Parents missing below `base` are added with it, holding the rest, so that the
# patch applies to the object as it is: adding ["securityContext", "runAsNonRoot"] to a container without
# a securityContext adds `securityContext: {runAsNonRoot: ...}`.
add_under(base_pointer, base, rel, value) := {
	"op": "add",
	"path": concat("", [base_pointer, pointer(array.slice(rel, 0, n + 1))]),
	"value": nest(array.slice(rel, n + 1, count(rel)), value),
} if {
	# Parents exist from the top down, so the number of existing proper prefixes is the longest one.
	n := count([i |
		some i in numbers.range(1, count(rel) - 1)
		i >= 1
		i < count(rel)
		object.get(base, array.slice(rel, 0, i), null) != null
	])
}

# nest(["a", "b"], v) = {"a": {"b": v}}, for the shallow paths patches need (Rego has no recursion).
nest(path, value) := value if count(path) == 0

nest(path, value) := {path[0]: value} if count(path) == 1

nest(path, value) := {path[0]: {path[1]: value}} if count(path) == 2

nest(path, value) := {path[0]: {path[1]: {path[2]: value}}} if count(path) == 3
