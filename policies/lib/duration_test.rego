# Tests of ISO-8601 duration parsing for retention periods.
package verdict.lib.duration_test

import rego.v1

import data.verdict.lib.duration

test_days_weeks_years if {
	duration.seconds("P365D") == 365 * 86400
	duration.seconds("P1Y") == duration.seconds("P365D")
	duration.seconds("P2W") == 14 * 86400
	duration.seconds("P1M") == 30 * 86400
	duration.seconds("P1Y2M3DT4H5M6S") == (((365 + 60) + 3) * 86400 + 4 * 3600) + 5 * 60 + 6
	duration.seconds("PT36H") == 36 * 3600
}

test_invalid_durations if {
	every s in ["", "P", "PT", "365D", "P1.5Y", "P1DT", "p1d", "P-1D", "1 year"] {
		not duration.valid(s)
	}
	not duration.valid(365)
}
