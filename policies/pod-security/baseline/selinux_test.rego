package verdict.policies.pss_baseline_selinux_test

import rego.v1

import data.verdict.lib.fixtures
import data.verdict.policies.pss_baseline_selinux as policy

test_type_fires_for_a_host_type if {
	spec := object.union(fixtures.restricted_spec, {"securityContext": {"seLinuxOptions": {"type": "spc_t"}}})
	policy.deny == {`spec.securityContext.seLinuxOptions.type="spc_t" is not a container type; remove it or use container_t, container_init_t, container_kvm_t or container_engine_t`} with input as fixtures.pod_review("Pod", spec)
}

test_type_fires_in_containers_for_every_pod_kind if {
	spec := fixtures.spec_with_container({"securityContext": {"seLinuxOptions": {"type": "unconfined_t"}}})
	every kind in fixtures.pod_kinds {
		count(policy.deny) == 1 with input as fixtures.pod_review(kind, spec)
	}
}

test_type_quiet_for_container_types if {
	every type in ["container_t", "container_init_t", "container_kvm_t", "container_engine_t", ""] {
		count(policy.deny) == 0 with input as fixtures.pod_review("Pod", fixtures.spec_with_container({"securityContext": {"seLinuxOptions": {"type": type, "level": "s0:c123,c456"}}}))
	}
}

test_user_or_role_fires if {
	spec := fixtures.spec_with_container({"securityContext": {"seLinuxOptions": {"user": "system_u", "role": "system_r"}}})
	msgs := policy.deny with input as fixtures.pod_review("Pod", spec)
	msgs == {
		`container "app" (spec.containers[0]): securityContext.seLinuxOptions.user="system_u" sets a custom SELinux user; remove it`,
		`container "app" (spec.containers[0]): securityContext.seLinuxOptions.role="system_r" sets a custom SELinux role; remove it`,
	}
}

test_user_or_role_quiet_when_empty if {
	spec := object.union(fixtures.restricted_spec, {"securityContext": {"seLinuxOptions": {"user": "", "role": "", "level": "s0"}}})
	count(policy.deny) == 0 with input as fixtures.pod_review("Pod", spec)
}
