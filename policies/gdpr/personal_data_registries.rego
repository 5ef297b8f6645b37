# METADATA
# title: Image registries of personal-data pods
# description: >-
#   Pods that process personal data pull every image (containers, init containers, ephemeral containers)
#   from a registry in allowed_registries, so that the code handling the data comes from a controlled,
#   scanned source. Short names resolve as the runtime does: "nginx" is docker.io/library/nginx.
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
#   controls: [PR.PS-05, PR.DS-10, "CIS 5.5.1", "GDPR Art. 32", "GDPR Art. 28"]
#   mode: enforce
package verdict.policies.gdpr_personal_data_registries

import rego.v1

import data.verdict.lib.gdpr
import data.verdict.lib.params
import data.verdict.lib.pods

id := "gdpr_personal_data_registries"

registries := params.get(id, "allowed_registries")

# A registry entry "registry.example.eu" or "registry.example.eu/team" matches whole path segments only,
# so "registry.example.eu.evil.com/x" does not pass.
from_allowed(image) if {
	some registry in registries
	startswith(pods.normalized_image(image), concat("", [trim_suffix(registry, "/"), "/"]))
}

# METADATA
# custom:
#   case: registry
deny contains msg if {
	gdpr.personal_pod(id)
	some c in pods.containers
	not from_allowed(c.container.image)
	msg := sprintf("%s: image %q is not from an allowed registry for data classified %q; use an image from %s", [pods.describe(c), c.container.image, gdpr.effective_pod_classification(id), concat(", ", registries)])
}
