# METADATA
# title: Windows HostProcess containers
# description: >-
#   Pod Security Standards baseline, "HostProcess": Windows HostProcess containers run as processes on the
#   node with full access to it. spec.securityContext.windowsOptions.hostProcess and the same field of
#   every container, init container and ephemeral container must be unset or false.
# custom:
#   severity: critical
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
#   controls: [PR.PS-01, PR.AA-05, "CIS 5.2.10"]
#   mode: enforce
package verdict.policies.pss_baseline_host_process

import rego.v1

import data.verdict.lib.pods

# METADATA
# custom:
#   case: pod_host_process
deny contains msg if {
	pods.changed
	pods.security_context.windowsOptions.hostProcess == true
	msg := sprintf("%s=true runs the pod as processes on the Windows node; remove it or set it to false", [pods.field("securityContext.windowsOptions.hostProcess")])
}

# METADATA
# custom:
#   case: container_host_process
deny contains msg if {
	pods.changed
	some c in pods.containers
	c.security_context.windowsOptions.hostProcess == true
	msg := sprintf("%s: securityContext.windowsOptions.hostProcess=true runs the container as a process on the Windows node; remove it or set it to false", [pods.describe(c)])
}
