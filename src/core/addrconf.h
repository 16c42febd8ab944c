/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Addresses of the interfaces (addrconf.c): the link-local address (RFC
 * 4862 5.3), added and autoconfigured addresses (5.5.3) with their
 * lifetimes (5.5.4), Duplicate Address Detection (5.4, RFC 7527 nonces,
 * RFC 4429 optimistic DAD), RFC 7217 stable identifiers, source address
 * selection and on-link checks.
 */
#ifndef V6_CORE_ADDRCONF_H
#define V6_CORE_ADDRCONF_H

#include <stdbool.h>
#include <stdint.h>

#include "core/timer.h"
#include "wire/wire.h"

/* The stack-wide address hash: n_slots, the power of two at least 4 x
 * params.ifaces_max x V6_MAX_ADDRS (load at most 1/4), allocated by
 * v6_addrconf_init. */

/* TENTATIVE: DAD running, not usable (RFC 4862 5.4). OPTIMISTIC: DAD
 * running, usable (RFC 4429 2.1). PREFERRED, DEPRECATED: RFC 4862 5.5.4
 * (the preferred lifetime has run out; still usable, avoided for new
 * communication, RFC 6724 rule 3). */
#define V6_ADDR_STATES(X) \
	X(TENTATIVE) X(OPTIMISTIC) X(PREFERRED) X(DEPRECATED) X(DADFAILED)
enum v6_addr_state {
#define X(s) V6_ADDR_##s,
	V6_ADDR_STATES(X)
#undef X
};

struct v6_addr {
	struct in6_addr addr;
	struct v6_iface *iface;
	uint8_t plen;
	bool in_use;
	enum v6_addr_state state;
	struct v6_timer timer; /* DAD: next probe or completion; then the
				  next lifetime event */
	uint8_t dad_probes_left;
	bool dad_running;
	uint8_t nonce[6]; /* RFC 7527: nonce of our DAD probes */
	/* RFC 4862 5.5.3: an address formed from a Prefix Information
	 * option; its prefix is on-link only if the option said so (RFC
	 * 5942), so it does not count in v6_addr_onlink_plen. */
	bool autoconf;
	uint8_t dad_counter; /* RFC 7217 5: DAD_Counter of this address */
	v6_time_t preferred_until, valid_until; /* V6_TIME_NEVER: infinite */
};

/* The stack-wide index of unicast addresses (s->addrs), written only by
 * addrconf.c: (interface, address) hashed into slots. */
struct v6_addr_table {
	struct v6_addr **slots;
	uint32_t n_slots;
};
int v6_addrconf_init(struct v6_stack *s);
void v6_addrconf_free(struct v6_stack *s);

/* Is a usable as a source or destination (RFC 4862 5.4, RFC 4429 2.1)? */
static inline bool
v6_addr_usable(const struct v6_addr *a)
{
	return a->state == V6_ADDR_PREFERRED || a->state == V6_ADDR_DEPRECATED ||
	    a->state == V6_ADDR_OPTIMISTIC;
}

/* RFC 4862 5.5.3: a Prefix Information option with A=1 (already
 * validated: not link-local, preferred <= valid). */
enum v6_drop v6_addrconf_prefix_rcv(struct v6_stack *s, struct v6_iface *ifp,
    const struct in6_addr *prefix, unsigned plen, uint32_t valid_s,
    uint32_t preferred_s, v6_time_t now);
/* RFC 7217 5: the interface identifier of prefix (a /64) for ifp. */
void v6_addrconf_stable_iid(const struct v6_iface *ifp,
    const struct in6_addr *prefix, uint8_t dad_counter, uint8_t iid[8]);
/* RFC 4291 2.5.1, appendix A: the modified EUI-64 identifier of the MAC. */
void v6_addrconf_eui64_iid(const struct v6_iface *ifp, uint8_t iid[8]);
/* Does ifp form stable identifiers (addr_gen_mode 2 or 3)? *ok: it can
 * (mode 2 needs conf.IFACE.stable_secret). */
bool v6_addrconf_stable_mode(const struct v6_iface *ifp, bool *ok);
/* SHA-1 compression of one 64-byte block into h (FIPS 180-4 6.1.2), as
 * Linux's sha1_transform, which RFC 7217 addresses are computed with. */
void v6_sha1_block(uint32_t h[5], const uint8_t block[64]);
/* The address slots of a new interface (no address yet). */
void v6_addrconf_iface_init(struct v6_iface *ifp);
/* Our address a on ifp (any interface when ifp is NULL), or NULL. */
struct v6_addr *v6_addr_lookup(struct v6_stack *s, const struct v6_iface *ifp,
    const struct in6_addr *a);
/* Our address a on ifp, else (when others) on any interface, else NULL: what
 * v6_addr_lookup(ifp), then v6_addr_lookup(NULL) return, in one walk of the
 * hash (the weak host model's owner of a destination, ipv6_in.c, loopback.c). */
struct v6_addr *v6_addr_lookup_pref(struct v6_stack *s,
    const struct v6_iface *ifp, const struct in6_addr *a, bool others);
/* RFC 6724 (simplified): a source address on ifp for dst, or NULL. */
const struct v6_addr *v6_saddr_select(const struct v6_iface *ifp,
    const struct in6_addr *dst);
/* Is dst on-link on ifp (link-local, or inside one of our prefixes)? */
bool v6_addr_onlink(const struct v6_iface *ifp, const struct in6_addr *dst);
/* The longest on-link prefix covering dst (64 for link-local), or -1. */
int v6_addr_onlink_plen(const struct v6_iface *ifp, const struct in6_addr *dst);
void v6_addr_on_timer(struct v6_stack *s, struct v6_timer *t, v6_time_t now);
/* RFC 4862 5.4.3, 5.4.4: DAD saw another node using a tentative address. */
void v6_addr_dad_failed(struct v6_stack *s, struct v6_addr *a, const char *why,
    v6_time_t now);
const char *v6_addr_state_name(enum v6_addr_state st);

#endif
