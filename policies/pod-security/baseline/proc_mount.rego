# METADATA
# title: /proc mount type
# description: >-
#   Pod Security Standards baseline, "/proc Mount Type": the default /proc masks must stay in place.
#   securityContext.procMount of every container must be unset or Default, except in pods that run in
#   their own user namespace (spec.hostUsers false), where baseline allows Unmasked (Kubernetes v1.35+).
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
package verdict.policies.pss_baseline_proc_mount

import rego.v1

import data.verdict.lib.pods

# METADATA
# custom:
#   case: unmasked
deny contains msg if {
	pods.changed
	not pods.in_user_namespace
	some c in pods.containers
	mount := c.security_context.procMount
	mount != "Default"
	msg := sprintf("%s: securityContext.procMount=%q removes the /proc masks; remove it or set spec.hostUsers: false to run the pod in its own user namespace", [pods.describe(c), mount])
}
