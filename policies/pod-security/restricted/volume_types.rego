# METADATA
# title: Volume types
# description: >-
#   Pod Security Standards restricted, "Volume Types": pods may use only configMap, csi, downwardAPI,
#   emptyDir, ephemeral, image, persistentVolumeClaim, projected and secret volumes. Node and network
#   storage (hostPath, nfs, iscsi, rbd...) must come through a PersistentVolume and a claim.
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
#   controls: [PR.PS-01, PR.DS-01, "CIS 5.2.11"]
#   mode: warn
package verdict.policies.pss_restricted_volume_types

import rego.v1

import data.verdict.lib.pods

allowed := {
	"configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "image",
	"persistentVolumeClaim", "projected", "secret",
}

# METADATA
# custom:
#   case: volume_type
deny contains msg if {
	pods.changed
	some i, volume in object.get(pods.pod.spec, "volumes", [])
	sources := {key | some key, _ in volume; key != "name"}
	count(sources & allowed) == 0
	msg := sprintf("%s (volume %q) is a %s volume, which the restricted level does not allow; mount that storage through a persistentVolumeClaim", [
		pods.field(sprintf("volumes[%d]", [i])), volume.name, concat("/", sort(sources)),
	])
}
