#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# Every source file (C, headers, .def tables, shell, Python, the Makefile,
# the scripts in tools/) names its license (LICENSE, BSD-2-Clause) in an
# SPDX-License-Identifier line among its first 3 lines. Prints each file
# without one, then one "spdx: N passed, M failed" line (N, M: files).
set -u
cd "$(dirname "$0")/../.."
pass=0; fail=0

sources() {
	find src include tests tools fuzz bench examples -type f \
	    \( -name '*.c' -o -name '*.h' -o -name '*.def' -o -name '*.sh' \
	       -o -name '*.py' -o -path 'tools/*' \) \
	    -not -path 'fuzz/corpus/*' -not -path 'tests/vectors/*' \
	    -not -name '*.pyc' -not -path '*/__pycache__/*' 2>/dev/null
	echo Makefile
}

while read -r f; do
	if head -n 3 "$f" | grep -q 'SPDX-License-Identifier: BSD-2-Clause'; then
		pass=$((pass + 1))
	else
		echo "spdx: $f: no 'SPDX-License-Identifier: BSD-2-Clause' line in its first 3 lines"
		fail=$((fail + 1))
	fi
done < <(sources | sort)

echo "spdx: $pass passed, $fail failed"
[ $fail -eq 0 ]
