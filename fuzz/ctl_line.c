/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * libFuzzer: the control socket's request line (src/cli/ctl_line.c), as
 * ctl_server.c reads it: up to V6_CTL_REQ_MAX - 1 bytes in one read. The
 * line must end before the first CR or LF, the verb hold no space, the
 * arguments lie inside the line after it, and "-z" be found there.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli/ctl.h"
#include "cli/ctl_line.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char buf[V6_CTL_REQ_MAX];
	struct ctl_line l;
	size_t len, alen;

	if (size > sizeof(buf) - 1)
		size = sizeof(buf) - 1;
	memcpy(buf, data, size);
	ctl_line_parse(buf, size, &l);
	len = strlen(l.line);
	if (l.line != buf || len > size || memchr(data, '\r', len) || memchr(data, '\n', len))
		abort();
	if (l.verb_len > len || memchr(l.line, ' ', l.verb_len))
		abort();
	if (l.args < l.line + l.verb_len || l.args > l.line + len)
		abort();
	if (l.verb_len < len && l.args != l.line + l.verb_len + 1)
		abort();
	alen = strlen(l.args);
	if (l.zero != (strstr(l.args, "-z") != NULL) || l.args + alen != l.line + len)
		abort();
	return 0;
}
