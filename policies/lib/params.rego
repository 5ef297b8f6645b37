# Policy parameters: a policy's own setting (data.verdict.parameters.<id>.<name>) wins over the shared one
# (data.verdict.parameters.<name>). Defaults ship in policies/data.yaml; operators override either level.
package verdict.lib.params

import rego.v1

get(id, name) := value if {
	value := data.verdict.parameters[id][name]
} else := data.verdict.parameters[name]
