# ISO-8601 durations (PnYnMnWnDTnHnMnS, whole numbers) as seconds, for retention periods. A year counts
# 365 days and a month 30, so "P1Y" equals "P365D" and "P12M" is shorter than both.
package verdict.lib.duration

import rego.v1

pattern := `^P([0-9]+Y)?([0-9]+M)?([0-9]+W)?([0-9]+D)?(T([0-9]+H)?([0-9]+M)?([0-9]+S)?)?$`

date_units := {"Y": 31536000, "M": 2592000, "W": 604800, "D": 86400}

time_units := {"H": 3600, "M": 60, "S": 1}

# At least one component, and a "T" only when a time component follows it.
valid(s) if {
	is_string(s)
	regex.match(pattern, s)
	s != "P"
	not endswith(s, "T")
}

seconds(s) := total if {
	valid(s)
	parts := split(trim_prefix(s, "P"), "T")
	date_part := parts[0]
	time_part := concat("", array.slice(parts, 1, 2))
	total := sum([amount(c, date_units) | some c in regex.find_n(`[0-9]+[YMWD]`, date_part, -1)]) + sum([amount(c, time_units) | some c in regex.find_n(`[0-9]+[HMS]`, time_part, -1)])
}

# "12D" -> 12 * 86400.
amount(component, units) := to_number(substring(component, 0, n - 1)) * units[substring(component, n - 1, 1)] if {
	n := count(component)
}
