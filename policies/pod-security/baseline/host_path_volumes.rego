# METADATA
# title: HostPath volumes
# description: >-
#   Pod Security Standards baseline, "HostPath Volumes": a hostPath volume exposes the node's file system
#   to the pod. spec.volumes[*].hostPath must be unset.
# custom:
#   severity: high
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
#   controls: [PR.PS-01, PR.DS-01, "CIS 5.2.11"]
#   mode: enforce
package verdict.policies.pss_baseline_host_path_volumes

import rego.v1

import data.verdict.lib.pods

# METADATA
# custom:
#   case: host_path
deny contains msg if {
	pods.changed
	some i, volume in object.get(pods.pod.spec, "volumes", [])
	volume.hostPath
	msg := sprintf("%s.hostPath (volume %q) mounts %q from the node's file system; use an emptyDir, configMap, secret or persistentVolumeClaim volume instead", [pods.field(sprintf("volumes[%d]", [i])), volume.name, object.get(volume.hostPath, "path", "")])
}
