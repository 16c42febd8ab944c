/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * libFuzzer: the tunables (core/sysctl.c) as `--set KEY=VALUE` and the
 * control socket's `sysctl KEY=VALUE` give them. Input: one KEY=VALUE
 * line. A refusal must say why in one line; a value taken must read back
 * (v6_sysctl_get), and what reads back must be taken again unchanged.
 * Each input starts from the stack built once (fuzz_start: the snapshot
 * put back, what a setting changed undone with it).
 */
#include <stdio.h>

#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check_err(const char *err)
{
	if (err[0] == '\0' || strchr(err, '\n') != NULL)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char line[256], err[256], got[256], again[256];
	struct v6_iface *ifp;
	struct v6_stack *s;
	char *eq;

	if (size >= sizeof(line))
		size = sizeof(line) - 1;
	memcpy(line, data, size);
	line[size] = '\0';
	/* The CLI takes a C string with an '=', and the control socket cuts
	 * its line at the first CR or LF. */
	if (strlen(line) != size || strpbrk(line, "\r\n") || !(eq = strchr(line, '=')))
		return 0;
	*eq = '\0';
	s = fuzz_start(&ifp);
	err[0] = '\0';
	if (v6_sysctl_set(s, line, eq + 1, err, sizeof(err)) < 0) {
		check_err(err);
	} else {
		if (v6_sysctl_get(s, line, got, sizeof(got)) < 0)
			abort();
		if (v6_sysctl_set(s, line, got, err, sizeof(err)) < 0)
			abort();
		if (v6_sysctl_get(s, line, again, sizeof(again)) < 0 || strcmp(got, again))
			abort();
	}
	fuzz_end(s);
	return 0;
}
