#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# The layering rules of ARCHITECTURE.md, checked by grep:
#  - src/core is sans-I/O: no sockets, clocks, stdio I/O, threads or syscalls
#    (snprintf and vsnprintf, pure formatting, are allowed);
#  - src/wire makes no protocol decisions and knows nothing of core;
#  - src/link and src/cli see the core only through include/v6stack;
#  - examples/ use the library as its users do: the public headers only.
set -u
cd "$(dirname "$0")/../.."
fail=0
bad() { echo "layering: $*"; fail=1; }

for f in src/core/*.[ch]; do
	grep -nE '#include <(sys/socket|sys/ioctl|time|unistd|pthread|poll|fcntl|signal|net/if|linux/[a-z_]+)\.h>' "$f" \
		| while read -r l; do echo "layering: $f: I/O header in the sans-I/O core: $l"; done
	# <stdio.h> is allowed for pure formatting into a buffer (snprintf,
	# vsnprintf: error messages); none of its I/O.
	grep -nE '\b(clock_gettime|gettimeofday|printf|fprintf|vprintf|vfprintf|dprintf|vdprintf|puts|fputs|fputc|putc|putchar|fwrite|fread|fgets|fgetc|getc|getchar|gets|scanf|fscanf|vscanf|vfscanf|fopen|fdopen|freopen|fclose|fflush|fseek|ftell|rewind|perror|setvbuf|setbuf|tmpfile|popen|pclose|socket|sendto|recvfrom|read|write|ioctl)\s*\(' "$f" \
		| grep -v '^\s*[0-9]*:\s*/\?\*' \
		| while read -r l; do echo "layering: $f: I/O call in the sans-I/O core: $l"; done
done | tee /tmp/v6-layering.$$ ; [ -s /tmp/v6-layering.$$ ] && fail=1; rm -f /tmp/v6-layering.$$

grep -lE '#include "core/' src/wire/*.[ch] 2>/dev/null | while read -r f; do echo "layering: $f: wire includes core"; done | grep . && fail=1
grep -lE '#include "core/' src/link/*.[ch] src/cli/*.[ch] 2>/dev/null | while read -r f; do echo "layering: $f: includes core internals"; done | grep . && fail=1

grep -lE '#include "(core|wire|link|cli)/' examples/*.[ch] 2>/dev/null | while read -r f; do echo "layering: $f: an example includes internals"; done | grep . && fail=1

# Packed structs cast onto packet bytes are not used (STYLE P3).
grep -rn '__attribute__((packed))\|__attribute__ ((packed))' src include && { echo "layering: packed struct found"; fail=1; }

if [ $fail -eq 0 ]; then echo "lint: 1 passed, 0 failed"; else echo "lint: 0 passed, 1 failed"; fi
exit $fail
