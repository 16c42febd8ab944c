/* SPDX-License-Identifier: BSD-2-Clause */
/* The control socket's request line (ctl_line.h). */
#include <string.h>

#include "cli/ctl_line.h"

void
ctl_line_parse(char *buf, size_t n, struct ctl_line *out)
{
	buf[n] = '\0';
	buf[strcspn(buf, "\r\n")] = '\0';
	out->line = buf;
	out->verb_len = strcspn(buf, " ");
	out->args = buf + out->verb_len;
	if (*out->args == ' ')
		out->args++;
	out->zero = strstr(out->args, "-z") != NULL;
}
