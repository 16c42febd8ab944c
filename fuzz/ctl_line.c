/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * libFuzzer: the control socket's request line (src/cli/ctl_line.c), as
 * ctl_server.c reads it: up to V6_CTL_REQ_MAX - 1 bytes in one read. The
 * line must end before the first CR or LF, the verb hold no space, the
 * arguments lie inside the line after it, "-z" and "-j" be found there as
 * words of their own (checked here by splitting a copy), and the pattern
 * matcher (the arguments as a pattern) agree with fnmatch(FNM_CASEFOLD).
 */
#include <fnmatch.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli/ctl.h"
#include "cli/ctl_line.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Whether pat stays where ctl_glob_match and glibc's fnmatch agree: every
 * "[:" opens a POSIX class of a known name, none is a range's end (glibc
 * reads the rest of such a pattern its own way), and no collating symbol
 * or equivalence class ("[.", "[=": ours are characters). */
static bool
oracle_ok(const char *pat)
{
	static const char *const classes[] = { "alnum", "alpha", "blank", "cntrl",
		"digit", "graph", "lower", "print", "punct", "space", "upper", "xdigit" };

	if (strstr(pat, "-[:") || strstr(pat, "[.") || strstr(pat, "[="))
		return false;
	for (const char *q = strstr(pat, "[:"); q; q = strstr(q + 1, "[:")) {
		bool known = false;
		for (size_t i = 0; i < sizeof(classes) / sizeof(classes[0]); i++) {
			size_t l = strlen(classes[i]);
			known |= !strncmp(q + 2, classes[i], l) && !strncmp(q + 2 + l, ":]", 2);
		}
		if (!known)
			return false;
	}
	return true;
}

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
	if (l.args + alen != l.line + len)
		abort();
	{
		char copy[V6_CTL_REQ_MAX], *w, *save = NULL;
		bool json = false, zero = false;

		memcpy(copy, l.args, alen + 1);
		for (w = strtok_r(copy, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
			json |= !strcmp(w, "-j");
			zero |= !strcmp(w, "-z");
		}
		if (l.json != json || l.zero != zero || ctl_line_has_word(l.args, ""))
			abort();
	}
	/* fnmatch backtracks: only patterns of a few stars; and only where
	 * ctl_glob_match means what glibc does (oracle_ok). */
	if (alen < 64 && oracle_ok(l.args)) {
		static const char *const names[] = { "Icmp6InEchos", "Ip6InReceives",
			"drop.NDISC_HOPLIMIT", "", "a", "Icmp6OutType135", "[", "]",
			"-", "\\", "!", ":" };
		unsigned stars = 0;

		for (const char *p = l.args; *p; p++)
			stars += *p == '*';
		for (size_t k = 0; stars <= 4 && k < sizeof(names) / sizeof(names[0]); k++)
			if (ctl_glob_match(l.args, names[k]) !=
			    (fnmatch(l.args, names[k], FNM_CASEFOLD) == 0))
				abort();
	}
	return 0;
}
