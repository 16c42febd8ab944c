/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Tunables (v6_sysctl_set/get/foreach), named and ranged as Linux's
 * net.ipv6.* sysctls, against the public API only.
 */
#include "lib/harness.h"

static int
sset(struct harness *h, const char *key, const char *value)
{
	h->err[0] = '\0';
	return v6_sysctl_set(h->stack, key, value, h->err, sizeof(h->err));
}

/* The value of key as a string, or "(error)" if get fails. */
static const char *
sget(struct harness *h, const char *key)
{
	static char buf[4][64];
	static unsigned next;
	char *b = buf[next++ % 4];

	memset(b, 0, 64);
	if (v6_sysctl_get(h->stack, key, b, 64) < 0)
		return "(error)";
	return b;
}

#define EXPECT_REJECTED(h, key, value, must_mention)                       \
	expect_rejected(__FILE__, __LINE__, h, key, value, must_mention)
static void
expect_rejected(const char *file, int line, struct harness *h,
    const char *key, const char *value, const char *must_mention)
{
	int r = sset(h, key, value);

	if (r != -1) {
		t_fail(file, line, "v6_sysctl_set(%s, \"%s\") = %d, want -1", key,
		    value, r);
		return;
	}
	if (h->err[0] == '\0')
		t_fail(file, line, "v6_sysctl_set(%s, \"%s\"): empty message", key,
		    value);
	else if (must_mention && strstr(h->err, must_mention) == NULL)
		t_fail(file, line, "v6_sysctl_set(%s, \"%s\"): message \"%s\" "
		    "does not mention \"%s\"", key, value, h->err, must_mention);
}

/* An unknown key is refused, and the message names it. */
TEST(sysctl_unknown_key_rejected)
{
	H_NEW(h, NULL);

	EXPECT_REJECTED(h, "conf.eth0.no_such_knob", "1", "no_such_knob");
	EXPECT_REJECTED(h, "icmp.bogus", "1", "icmp.bogus");
	EXPECT_REJECTED(h, "bogus", "1", "bogus");
	EXPECT_REJECTED(h, "", "1", NULL);
	CHECK_STR(sget(h, "conf.eth0.no_such_knob"), "(error)");
	h_free(h);
}

/* Linux: hop_limit is 1..255 (addrconf.c, proc_dointvec_minmax); out of
 * range values are refused and leave the value unchanged. */
TEST(sysctl_hop_limit_out_of_range_rejected)
{
	H_NEW(h, NULL);

	EXPECT_REJECTED(h, "conf.eth0.hop_limit", "256", NULL);
	EXPECT_REJECTED(h, "conf.eth0.hop_limit", "0", NULL);
	EXPECT_REJECTED(h, "conf.eth0.hop_limit", "-1", NULL);
	EXPECT_REJECTED(h, "conf.eth0.hop_limit", "99999999999999999999", NULL);
	CHECK_STR(sget(h, "conf.eth0.hop_limit"), "64");
	CHECK_EQ(sset(h, "conf.eth0.hop_limit", "1"), 0);
	CHECK_STR(sget(h, "conf.eth0.hop_limit"), "1");
	CHECK_EQ(sset(h, "conf.eth0.hop_limit", "255"), 0);
	CHECK_STR(sget(h, "conf.eth0.hop_limit"), "255");
	h_free(h);
}

/* A value that is not a number is refused. */
TEST(sysctl_non_numeric_rejected)
{
	H_NEW(h, NULL);

	EXPECT_REJECTED(h, "conf.eth0.hop_limit", "abc", NULL);
	EXPECT_REJECTED(h, "conf.eth0.hop_limit", "12x", NULL);
	EXPECT_REJECTED(h, "conf.eth0.hop_limit", "", NULL);
	EXPECT_REJECTED(h, "conf.eth0.hop_limit", "1.5", NULL);
	EXPECT_REJECTED(h, "icmp.ratelimit", "fast", NULL);
	CHECK_STR(sget(h, "conf.eth0.hop_limit"), "64");
	CHECK_STR(sget(h, "icmp.ratelimit"), "1000");
	h_free(h);
}

/* get after set returns the value. */
TEST(sysctl_get_after_set)
{
	H_NEW(h, NULL);

	CHECK_EQ(sset(h, "conf.eth0.hop_limit", "32"), 0);
	CHECK_STR(sget(h, "conf.eth0.hop_limit"), "32");
	CHECK_EQ(sset(h, "icmp.ratelimit", "250"), 0);
	CHECK_STR(sget(h, "icmp.ratelimit"), "250");
	CHECK_EQ(sset(h, "neigh.eth0.mcast_solicit", "5"), 0);
	CHECK_STR(sget(h, "neigh.eth0.mcast_solicit"), "5");
	CHECK_EQ(sset(h, "icmp.echo_ignore_all", "1"), 0);
	CHECK_STR(sget(h, "icmp.echo_ignore_all"), "1");
	h_free(h);
}

/* Defaults as Linux (and RFC 4861 10, RFC 4862 5.1), on a stack whose
 * accept_dad the harness has not touched. */
TEST(sysctl_defaults_match_linux)
{
	struct h_cfg cfg = { .dad = 1 };
	H_NEW(h, &cfg);

	CHECK_STR(sget(h, "icmp.ratelimit"), "1000");
	CHECK_STR(sget(h, "neigh.default.mcast_solicit"), "3");
	CHECK_STR(sget(h, "neigh.eth0.mcast_solicit"), "3");
	CHECK_STR(sget(h, "conf.default.hop_limit"), "64");
	CHECK_STR(sget(h, "conf.eth0.hop_limit"), "64");
	CHECK_STR(sget(h, "conf.default.accept_dad"), "1");
	CHECK_STR(sget(h, "conf.default.dad_transmits"), "1");
	CHECK_STR(sget(h, "conf.eth0.accept_dad"), "1");
	CHECK_STR(sget(h, "icmp.echo_ignore_all"), "0");
	CHECK_STR(sget(h, "icmp.echo_ignore_multicast"), "0");
	h_free(h);
}

/* "icmp.ratelimit" defaults to 1000 (ms, Linux). */
TEST(sysctl_icmp_ratelimit_default_1000)
{
	H_NEW(h, NULL);

	CHECK_STR(sget(h, "icmp.ratelimit"), "1000");
	h_free(h);
}

/* "neigh.default.mcast_solicit" defaults to 3 (RFC 4861 10
 * MAX_MULTICAST_SOLICIT). */
TEST(sysctl_neigh_mcast_solicit_default_3)
{
	H_NEW(h, NULL);

	CHECK_STR(sget(h, "neigh.default.mcast_solicit"), "3");
	h_free(h);
}

/* A per-interface key for an interface that does not exist is refused. */
TEST(sysctl_unknown_interface_rejected)
{
	H_NEW(h, NULL);

	EXPECT_REJECTED(h, "conf.eth9.hop_limit", "10", "eth9");
	EXPECT_REJECTED(h, "neigh.eth9.mcast_solicit", "2", "eth9");
	CHECK_STR(sget(h, "conf.eth9.hop_limit"), "(error)");
	h_free(h);
}

/* v6stack.h: "The interface takes a copy of conf.default and
 * neigh.default" when it is added (Linux: a new device inherits
 * default); later changes to default do not touch eth0. */
TEST(sysctl_new_interface_copies_default)
{
	static const char *const pre[] = { "conf.default.hop_limit", "100",
		"neigh.default.mcast_solicit", "7", NULL };
	struct h_cfg cfg = { .pre_sysctl = pre };
	H_NEW(h, &cfg);

	CHECK_STR(sget(h, "conf.eth0.hop_limit"), "100");
	CHECK_STR(sget(h, "neigh.eth0.mcast_solicit"), "7");
	CHECK_EQ(sset(h, "conf.default.hop_limit", "50"), 0);
	CHECK_STR(sget(h, "conf.eth0.hop_limit"), "100");
	h_free(h);
}

/* RFC 4861 6.3.2 CurHopLimit / Linux conf.IFACE.hop_limit is the hop limit
 * of the packets we originate: an echo reply leaves with it. */
TEST(sysctl_hop_limit_used_by_echo_reply)
{
	static const uint8_t data[4] = { 1, 2, 3, 4 };
	H_NEW(h, NULL);
	struct in6_addr peer = h_peer_ll(), ours = h_our_ll();
	struct bframe f;
	struct c_pkt p;

	H_SYSCTL(h, "conf.eth0.hop_limit", "32");
	expect_ns_answered(h, &peer, &ours); /* NA: still 255 (RFC 4861) */
	b_init(&f, H_PEER_MAC, H_OUR_MAC, &peer, &ours);
	b_echo(&f, B_ICMP6_ECHO_REQUEST, 0, 1, 1, data, sizeof(data));
	expect_accepted(h, h_send(h, &f));
	if (expect_tx_count(h, 1) == 0 &&
	    CHECK_PARSE(&p, h->tx[0], h->tx_len[0]) == 0) {
		CHECK_IP6(&p, &ours, &peer, 32, B_PROTO_ICMPV6);
		CHECK_ECHO_REPLY(&p, 1, 1, data, sizeof(data));
	}
	h_free(h);
}

struct seen {
	int found;
	long long value;
};

static void
seen_ratelimit(void *ctx, const char *key, long long value)
{
	struct seen *s = ctx;
	size_t n = strlen(key);

	if (n >= 9 && strcmp(key + n - 9, "ratelimit") == 0) {
		s->found = 1;
		s->value = value;
	}
}

/* v6_sysctl_foreach visits the keys of a scope with their values. */
TEST(sysctl_foreach_visits_icmp_ratelimit)
{
	H_NEW(h, NULL);
	struct seen s = { 0, 0 };

	v6_sysctl_foreach(h->stack, seen_ratelimit, &s);
	if (CHECK_TRUE(s.found))
		CHECK_EQ(s.value, 1000);
	h_free(h);
}

T_MAIN()
