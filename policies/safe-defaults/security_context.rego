# METADATA
# title: Secure container defaults
# description: >-
#   On /mutate, gives every container and init container the restricted-level settings it does not set
#   itself: seccompProfile RuntimeDefault, allowPrivilegeEscalation false, capabilities.drop [ALL] and
#   runAsNonRoot true (the fields parameter chooses which). A value the user set, at container or pod
#   level, is never overwritten, and a default that the API would reject or that contradicts the pod
#   (allowPrivilegeEscalation on a privileged container, runAsNonRoot with runAsUser 0, Linux settings on
#   a Windows pod) is not added. Pods are patched at CREATE, templates when created or changed.
# custom:
#   severity: medium
#   kinds:
#     - Pod
#     - PodTemplate
#     - ReplicationController
#     - apps/Deployment
#     - apps/ReplicaSet
#     - apps/StatefulSet
#     - apps/DaemonSet
#     - batch/Job
#     - batch/CronJob
#   controls: [PR.PS-01, "CIS 5.6.3", "CIS 5.6.2", "CIS 5.2.6", "CIS 5.2.9", "GDPR Art. 25"]
#   mode: enforce
package verdict.policies.safe_defaults_security_context

import rego.v1

import data.verdict.lib.kubernetes as k8s
import data.verdict.lib.params
import data.verdict.lib.pods

fields := params.get("safe_defaults_security_context", "fields")

# Containers that take defaults: not ephemeral ones, which are only ever added to a running Pod.
targets contains c if {
	pods.patchable
	not pods.is_windows
	some c in pods.containers
	c.kind != "ephemeralContainers"
}

# The defaults each container lacks: {pointer, rel (path below securityContext), value}.
wanted contains {"pointer": c.pointer, "rel": ["seccompProfile"], "value": {"type": "RuntimeDefault"}} if {
	"seccompProfile" in fields
	some c in targets
	not c.security_context.seccompProfile
	not pods.security_context.seccompProfile
}

wanted contains {"pointer": c.pointer, "rel": ["allowPrivilegeEscalation"], "value": false} if {
	"allowPrivilegeEscalation" in fields
	some c in targets
	not "allowPrivilegeEscalation" in object.keys(c.security_context)
	# The API refuses allowPrivilegeEscalation=false next to privileged=true or an added CAP_SYS_ADMIN.
	not c.security_context.privileged == true
	not sys_admin_added(c.security_context)
}

wanted contains {"pointer": c.pointer, "rel": ["capabilities", "drop"], "value": ["ALL"]} if {
	"capabilities" in fields
	some c in targets
	object.get(c.security_context, ["capabilities", "drop"], null) == null
}

wanted contains {"pointer": c.pointer, "rel": ["runAsNonRoot"], "value": true} if {
	"runAsNonRoot" in fields
	some c in targets
	not "runAsNonRoot" in object.keys(c.security_context)
	not "runAsNonRoot" in object.keys(pods.security_context)
	# A container told to run as user 0 would never start with runAsNonRoot=true.
	object.get(c.security_context, "runAsUser", object.get(pods.security_context, "runAsUser", null)) != 0
}

sys_admin_added(sc) if {
	some cap in object.get(sc, ["capabilities", "add"], [])
	cap in {"SYS_ADMIN", "CAP_SYS_ADMIN"}
}

has_security_context(c) if is_object(c.container.securityContext)

# A container without a securityContext gets one holding all its defaults, in a single operation.
# METADATA
# custom:
#   case: new_security_context
patch contains op if {
	some c in targets
	not has_security_context(c)
	entries := [e | some e in wanted; e.pointer == c.pointer]
	count(entries) > 0
	value := {e.rel[0]: k8s.nest(array.slice(e.rel, 1, count(e.rel)), e.value) | some e in entries}
	op := {"op": "add", "path": concat("", [c.pointer, "/securityContext"]), "value": value}
}

# A container with a securityContext gets each missing field, with the parent it lacks.
# METADATA
# custom:
#   case: missing_field
patch contains op if {
	some c in targets
	has_security_context(c)
	some e in wanted
	e.pointer == c.pointer
	op := k8s.add_under(concat("", [c.pointer, "/securityContext"]), c.container.securityContext, e.rel, e.value)
}
