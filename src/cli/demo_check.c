/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * v6stack demo, the verdict: read what ping, `ip neigh` and tcpdump
 * printed and check the seed's scenario against RFC 4861 and RFC 4443.
 */
#include <stdio.h>
#include <string.h>

#include "cli/demo.h"

/* The value of counter name in the stack's "Name value" lines, or NULL. */
const char *
demo_counter(const char *text, const char *name, char *buf, size_t len)
{
	size_t nlen = strlen(name);

	for (const char *l = text; l && *l;) {
		if (strncmp(l, name, nlen) == 0 && (l[nlen] == ' ' ||
		    l[nlen] == '\t')) {
			const char *v = l + nlen + strspn(l + nlen, " \t");
			size_t n = strcspn(v, " \t\n");

			snprintf(buf, len, "%.*s", (int)n, v);
			return buf;
		}
		l = strchr(l, '\n');
		l = l ? l + 1 : NULL;
	}
	return NULL;
}

/* Copy line l without its leading and trailing blanks into buf. */
static const char *
demo_line(const char *l, char *buf, size_t len)
{
	int n;

	l += strspn(l, " \t");
	n = (int)strcspn(l, "\n");
	while (n > 0 && (l[n - 1] == ' ' || l[n - 1] == '\t' ||
	    l[n - 1] == '\r'))
		n--;
	snprintf(buf, len, "%.*s", n, l);
	return buf;
}

/*
 * Check 1: every echo request got its reply. ping prints
 * "3 packets transmitted, 3 received, ..." and exits 0.
 */
bool
demo_check_ping(int code, const char *out)
{
	const char *stats = out ? strstr(out, "packets transmitted") : NULL;
	char line[256];

	while (stats && stats > out && stats[-1] != '\n')
		stats--;
	if (code == 0 && out && strstr(out, ", " PING_COUNT " received")) {
		printf("ok:   ping: " PING_COUNT "/" PING_COUNT
		       " echo replies from " STACK_LL "\n");
		return true;
	}
	printf("FAIL: ping: %s\n", stats ? demo_line(stats, line, sizeof(line))
					 : "no statistics (interrupted?)");
	return false;
}

/*
 * Check 2: the container resolved the stack. A solicited NA with a Target
 * Link-Layer Address option makes the entry REACHABLE (RFC 4861 7.2.5);
 * it turns STALE when ReachableTime passes, and DELAY when traffic is sent
 * while STALE (7.3.3). The seed saw FAILED: without the option the NA is
 * silently discarded while the entry is INCOMPLETE (7.2.5).
 */
bool
demo_check_neigh(const char *out)
{
	const char *l = out;
	char line[256];
	const char *state, *last;

	while (l && *l && strncmp(l, STACK_LL " ", strlen(STACK_LL " ")) != 0) {
		l = strchr(l, '\n');
		l = l ? l + 1 : NULL;
	}
	if (!l || !*l) {
		printf("FAIL: neighbour: no entry for " STACK_LL
		       " in the container\n");
		return false;
	}
	demo_line(l, line, sizeof(line));
	/* The state is the last word of the line. */
	last = strrchr(line, ' ');
	state = last ? last + 1 : line;
	if (!strstr(line, "lladdr " STACK_MAC)) {
		printf("FAIL: neighbour: %s (want lladdr " STACK_MAC
		       ", REACHABLE or STALE)\n",
		    line);
		return false;
	}
	if (!strcmp(state, "REACHABLE") || !strcmp(state, "STALE")) {
		printf("ok:   neighbour: %s\n", line);
		return true;
	}
	if (!strcmp(state, "DELAY")) {
		printf("ok:   neighbour: %s (DELAY: resolved, the kernel is "
		       "about to reconfirm; expected REACHABLE or STALE)\n",
		    line);
		return true;
	}
	printf("FAIL: neighbour: %s (want REACHABLE or STALE)\n", line);
	return false;
}

/* Is l the start of a packet line in tcpdump's output (not a follow-on)? */
static bool
demo_is_packet_line(const char *l)
{
	return *l && *l != ' ' && *l != '\t' && *l != '\n';
}

/*
 * Check 3: the stack's Neighbor Advertisement carries a Target Link-Layer
 * Address option (type 2) with its MAC. RFC 4861 4.4: the option MUST be
 * included in an NA answering a multicast solicitation; 4.6.1: Source
 * Link-Layer Address is type 1, Target Link-Layer Address type 2. tcpdump
 * 4.99 names type 2 "destination link-address option (2)", newer ones
 * "target link-address option (2)".
 */
bool
demo_check_na(const char *out)
{
	char line[512], na[512] = "", src_opt[512] = "";
	bool in_na = false, seen_na = false;

	for (const char *l = out; l && *l;) {
		demo_line(l, line, sizeof(line));
		if (demo_is_packet_line(l)) {
			in_na = strstr(line, "neighbor advertisement") &&
			    strstr(line, "tgt is " STACK_LL);
			if (in_na) {
				seen_na = true;
				snprintf(na, sizeof(na), "%s", line);
			}
		} else if (in_na) {
			/* The NA's options follow on indented lines. */
			if (strstr(line, "link-address option (2)") &&
			    strstr(line, STACK_MAC)) {
				printf("ok:   NA from the stack: %s\n", na);
				printf("      with its option:   %s\n", line);
				return true;
			}
			if (strstr(line, "link-address option (1)"))
				snprintf(src_opt, sizeof(src_opt), "%s", line);
		}
		l = strchr(l, '\n');
		l = l ? l + 1 : NULL;
	}
	if (src_opt[0]) {
		printf("FAIL: NA from the stack carries a Source (type 1), not "
		       "a Target (type 2) Link-Layer Address option, as in the "
		       "seed: %s\n", src_opt);
	} else if (seen_na) {
		printf("FAIL: NA from the stack has no \"link-address option "
		       "(2)\" with " STACK_MAC ": %s\n", na);
	} else {
		printf("FAIL: tcpdump saw no neighbor advertisement for "
		       STACK_LL "\n");
	}
	return false;
}

/*
 * Check 4: every ICMPv6 message on the wire has a correct checksum
 * (RFC 4443 2.3, over the RFC 8200 8.1 pseudo-header); tcpdump -vv says
 * "[icmp6 sum ok]" for each.
 */
bool
demo_check_sums(const char *out)
{
	int total = 0, bad = 0;
	char line[512], first_bad[512] = "";

	for (const char *l = out; l && *l;) {
		if (demo_is_packet_line(l)) {
			demo_line(l, line, sizeof(line));
			if (strstr(line, "ICMP6")) {
				total++;
				if (!strstr(line, "[icmp6 sum ok]")) {
					if (!bad++)
						snprintf(first_bad,
						    sizeof(first_bad), "%s",
						    line);
				}
			}
		}
		l = strchr(l, '\n');
		l = l ? l + 1 : NULL;
	}
	if (total == 0) {
		printf("FAIL: checksums: tcpdump decoded no ICMPv6 message\n");
		return false;
	}
	if (bad) {
		printf("FAIL: checksums: %d of %d ICMPv6 messages without "
		       "[icmp6 sum ok], first: %s\n", bad, total, first_bad);
		return false;
	}
	printf("ok:   checksums: all %d ICMPv6 messages [icmp6 sum ok]\n",
	    total);
	return true;
}
