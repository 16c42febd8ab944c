/* SPDX-License-Identifier: BSD-2-Clause */
/* Shared by the libFuzzer harnesses of the CLI's argument parsers
 * (route_args, rule_args): the input as one NUL-terminated line, and a
 * fake device "r0" for the parsers' device lookups. They link no core. */
#ifndef V6_FUZZ_ARGS_H
#define V6_FUZZ_ARGS_H

#include <stdint.h>
#include <string.h>

struct v6_iface;

static char fuzz_fake_dev;

/* The device lookup the parsers take: only "r0" exists. */
static struct v6_iface *
fuzz_dev(void *ctx, const char *name)
{
	(void)ctx;
	return strcmp(name, "r0") == 0 ? (struct v6_iface *)(void *)&fuzz_fake_dev
				       : NULL;
}

/* The input, cut to len - 1 bytes, as a string in line. */
static void
fuzz_line(char *line, size_t len, const uint8_t *data, size_t size)
{
	if (size >= len)
		size = len - 1;
	memcpy(line, data, size);
	line[size] = '\0';
}

#endif
