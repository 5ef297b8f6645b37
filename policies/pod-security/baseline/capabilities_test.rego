package verdict.policies.pss_baseline_capabilities_test

import rego.v1

import data.verdict.lib.fixtures
import data.verdict.policies.pss_baseline_capabilities as policy

adding(caps) := fixtures.spec_with_container({"securityContext": {"capabilities": {"add": caps}}})

test_added_capability_fires_for_net_raw_and_sys_admin if {
	policy.deny == {`container "app" (spec.containers[0]): securityContext.capabilities.add includes NET_RAW, SYS_ADMIN, beyond the runtime's default set; remove them`} with input as fixtures.pod_review("Pod", adding(["SYS_ADMIN", "CHOWN", "NET_RAW"]))
}

test_added_capability_fires_for_every_pod_kind if {
	every kind in fixtures.pod_kinds {
		count(policy.deny) == 1 with input as fixtures.pod_review(kind, adding(["NET_ADMIN"]))
	}
}

test_added_capability_quiet_for_the_default_set if {
	default_set := [
		"AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD",
		"NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT",
	]
	count(policy.deny) == 0 with input as fixtures.pod_review("Pod", adding(default_set))
	count(policy.deny) == 0 with input as fixtures.pod_review("Pod", fixtures.restricted_spec)
}
