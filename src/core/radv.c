/*
 * Router Advertisements sent (radv.h; RFC 4861 6.2).
 */
#include <stdlib.h>
#include <string.h>

#include "core/radv.h"
#include "core/iface.h"
#include "core/stack.h"
#include "wire/ipv6.h"

/* RFC 4861 6.2.1 and radvd's defaults (radvd.conf(5)). */
void
v6_radv_conf_default(struct v6_radv_conf *c)
{
	memset(c, 0, sizeof(*c));
	c->max_interval_ms = 600000;
	c->cur_hop_limit = 64;
	c->default_lifetime_s = -1;
	c->source_lladdr = true;
}

void
v6_radv_iface_init(struct v6_iface *ifp)
{
	v6_timer_init(&ifp->radv.timer, V6_TIMER_RA);
	ifp->radv.next_ra = V6_TIME_NEVER;
}

void
v6_radv_iface_free(struct v6_iface *ifp)
{
	free(ifp->radv.conf);
	ifp->radv.conf = NULL;
}

/* MinRtrAdvInterval when the configuration leaves it 0 (RFC 4861 6.2.1). */
static uint32_t
min_interval_ms(const struct v6_radv_conf *c)
{
	if (c->min_interval_ms)
		return c->min_interval_ms;
	return c->max_interval_ms >= 9000 ? c->max_interval_ms / 3
					  : c->max_interval_ms * 3 / 4;
}

/* RFC 4861 6.2.1: the bounds of each variable. */
static int
conf_check(const struct v6_radv_conf *c, char *err, size_t errlen)
{
	uint32_t min = min_interval_ms(c);

	if (c->max_interval_ms < 4000 || c->max_interval_ms > 1800000)
		return v6_fail(err, errlen, "MaxRtrAdvInterval must be between 4 and 1800 seconds");
	if (min < 3000 || min > c->max_interval_ms * 3 / 4)
		return v6_fail(err, errlen, "MinRtrAdvInterval must be between 3 seconds and 0.75 * MaxRtrAdvInterval");
	if (c->default_lifetime_s > 9000 || (c->default_lifetime_s > 0 &&
	    (uint64_t)c->default_lifetime_s * 1000 < c->max_interval_ms))
		return v6_fail(err, errlen, "AdvDefaultLifetime must be 0 or between MaxRtrAdvInterval and 9000 seconds");
	if (c->link_mtu && (c->link_mtu < V6_IP6_MIN_MTU || c->link_mtu > 65535))
		return v6_fail(err, errlen, "AdvLinkMTU must be 0 or at least 1280");
	if (c->reachable_ms > 3600000)
		return v6_fail(err, errlen, "AdvReachableTime must be at most 3600000 milliseconds");
	if (c->default_pref < -1 || c->default_pref > 1)
		return v6_fail(err, errlen, "AdvDefaultPreference must be low, medium or high");
	if (c->n_prefix > V6_RADV_MAX_PREFIXES || c->n_route > V6_RADV_MAX_ROUTES ||
	    c->n_rdnss > V6_RADV_MAX_RDNSS || c->n_dnssl > V6_RADV_MAX_DNSSL)
		return v6_fail(err, errlen, "too many prefixes, routes, RDNSS or DNSSL");
	for (unsigned i = 0; i < c->n_prefix; i++) {
		const struct v6_radv_prefix *p = &c->prefix[i];
		if (p->plen > 128)
			return v6_fail(err, errlen, "prefix length must be at most 128");
		if (p->preferred_s > p->valid_s)
			return v6_fail(err, errlen, "AdvPreferredLifetime must not exceed AdvValidLifetime");
	}
	return 0;
}

int
v6_radv_set(struct v6_iface *ifp, const struct v6_radv_conf *conf,
    v6_time_t now, char *err, size_t errlen)
{
	(void)now;
	if (conf_check(conf, err, errlen) < 0)
		return -1;
	if (!ifp->radv.conf && !(ifp->radv.conf = malloc(sizeof(*conf))))
		return v6_fail(err, errlen, "out of memory");
	*ifp->radv.conf = *conf;
	return 0;
}

const struct v6_radv_conf *
v6_radv_get(const struct v6_iface *ifp, v6_time_t *next_ra)
{
	if (next_ra)
		*next_ra = ifp->radv.next_ra;
	return ifp->radv.conf;
}

void
v6_radv_forwarding_changed(struct v6_iface *ifp)
{
	(void)ifp;
}

void
v6_radv_on_timer(struct v6_stack *s, struct v6_timer *t, v6_time_t now)
{
	(void)s;
	(void)t;
	(void)now;
}

void
v6_radv_stop(struct v6_stack *s, v6_time_t now)
{
	(void)s;
	(void)now;
}
