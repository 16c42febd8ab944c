/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * libFuzzer: `v6stack run`'s command line (src/cli/run_args.c: -i, -m,
 * -a, --anycast, -b, --set, --route, --rule, --udp-echo ...). Input: the
 * words of argv, separated by NUL bytes. -h (exits) and --radvd-conf
 * (reads a file; fuzz/radvd_conf.c has the parser) are left out. A
 * command line taken must name an interface, and keep within the bounds.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli/run.h"
#include "link/link_internal.h"

/* link.c's backends, never opened here: only v6_link_kind_parse is used. */
const struct v6_link_backend v6_link_packet_backend, v6_link_pcap_backend,
    v6_link_tap_backend;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_ARGV_MAX 64

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char buf[4096];
	char *argv[FUZZ_ARGV_MAX + 1] = { "run" };
	struct run_opts o;
	int argc = 1;

	if (size >= sizeof(buf))
		size = sizeof(buf) - 1;
	memcpy(buf, data, size);
	buf[size] = '\0';
	for (size_t i = 0; i <= size && argc < FUZZ_ARGV_MAX; i += strlen(buf + i) + 1) {
		if (!strcmp(buf + i, "-h") || !strcmp(buf + i, "--help") ||
		    !strcmp(buf + i, "--radvd-conf"))
			return 0;
		argv[argc++] = buf + i;
	}
	argv[argc] = NULL;
	memset(&o, 0, sizeof(o));
	if (run_parse_args(argc, argv, &o) == 0 && o.n_ifs == 0)
		abort();
	return 0;
}
