# METADATA
# title: SELinux options
# description: >-
#   Pod Security Standards baseline, "SELinux": seLinuxOptions of the pod and of every container may set
#   the type only to container_t, container_init_t, container_kvm_t or container_engine_t, and may not
#   set user or role.
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
#   controls: [PR.PS-01, "CIS 5.6.3"]
#   mode: enforce
package verdict.policies.pss_baseline_selinux

import rego.v1

import data.verdict.lib.pods

allowed_types := {"", "container_t", "container_init_t", "container_kvm_t", "container_engine_t"}

# Every seLinuxOptions in the pod: the pod's own and each container's, with the field messages name.
options contains {"where": pods.field("securityContext.seLinuxOptions"), "options": o} if {
	o := pods.security_context.seLinuxOptions
}

options contains {"where": sprintf("%s: securityContext.seLinuxOptions", [pods.describe(c)]), "options": c.security_context.seLinuxOptions} if {
	some c in pods.containers
}

# METADATA
# custom:
#   case: type
deny contains msg if {
	pods.changed
	some o in options
	type := object.get(o.options, "type", "")
	not type in allowed_types
	msg := sprintf("%s.type=%q is not a container type; remove it or use container_t, container_init_t, container_kvm_t or container_engine_t", [o.where, type])
}

# METADATA
# custom:
#   case: user_or_role
deny contains msg if {
	pods.changed
	some o in options
	some field in ["user", "role"]
	value := object.get(o.options, field, "")
	value != ""
	msg := sprintf("%s.%s=%q sets a custom SELinux %s; remove it", [o.where, field, value, field])
}
