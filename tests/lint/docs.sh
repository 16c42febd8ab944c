#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# docs/COUNTERS.md and docs/TUNABLES.md are fresh: what tools/gen-docs would
# generate from drop.def, snmp.def and sysctl.def (STYLE P8). On failure,
# run tools/gen-docs and commit the result.
set -u
cd "$(dirname "$0")/../.."
fail=0

if ! /usr/bin/python3 tools/gen-docs --check; then
	echo "docs: generated docs are stale or a .def table does not parse (run tools/gen-docs)"
	fail=1
fi

if [ $fail -eq 0 ]; then echo "docs: 1 passed, 0 failed"; else echo "docs: 0 passed, 1 failed"; fi
exit $fail
