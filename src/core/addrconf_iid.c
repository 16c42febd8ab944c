/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Interface identifiers (addrconf.h): the modified EUI-64 of the MAC (RFC
 * 4291 2.5.1) and RFC 7217's stable ones, computed as Linux does (one
 * SHA-1 compression), skipping RFC 5453's reserved identifiers. Pure
 * functions of the interface's MAC, mode and secret: no state written.
 */
#include <string.h>

#include "core/addrconf.h"
#include "core/iface.h"

static uint32_t
rol32(uint32_t x, unsigned k)
{
	return (x << k) | (x >> (32 - k));
}

void
v6_sha1_block(uint32_t h[5], const uint8_t block[64])
{
	uint32_t w[80], a = h[0], b = h[1], c = h[2], d = h[3], e = h[4];

	/* FIPS 180-4 6.1.2: message schedule, then 80 rounds. */
	for (int i = 0; i < 16; i++)
		w[i] = v6_rd32(block + 4 * i);
	for (int i = 16; i < 80; i++)
		w[i] = rol32(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
	for (int i = 0; i < 80; i++) {
		uint32_t f, k;
		if (i < 20) {
			f = (b & c) | (~b & d);
			k = 0x5a827999;
		} else if (i < 40) {
			f = b ^ c ^ d;
			k = 0x6ed9eba1;
		} else if (i < 60) {
			f = (b & c) | (b & d) | (c & d);
			k = 0x8f1bbcdc;
		} else {
			f = b ^ c ^ d;
			k = 0xca62c1d6;
		}
		uint32_t t = rol32(a, 5) + f + e + k + w[i];
		e = d;
		d = c;
		c = rol32(b, 30);
		b = a;
		a = t;
	}
	h[0] += a;
	h[1] += b;
	h[2] += c;
	h[3] += d;
	h[4] += e;
}

/* RFC 5453, Linux ipv6_reserved_interfaceid: identifiers never formed. */
static bool
iid_reserved(const uint8_t iid[8])
{
	static const uint8_t zero[8];
	static const uint8_t ianaeth[5] = { 0x02, 0x00, 0x5e, 0xff, 0xfe };
	static const uint8_t anycast[7] = { 0xfd, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

	return !memcmp(iid, zero, 8) || !memcmp(iid, ianaeth, 5) ||
	    (!memcmp(iid, anycast, 7) && iid[7] >= 0x80);
}

/*
 * RFC 7217 5: RID = F(Prefix, Net_Iface, Network_ID, DAD_Counter,
 * secret_key), F a PRF. As Linux's ipv6_generate_stable_address, so that
 * a host moved from the kernel keeps its addresses: one SHA-1 compression
 * of the 64-byte block secret (16) | prefix (8) | hardware address (32,
 * zero padded) | DAD counter (1) | zeros; the identifier is the first two
 * digest words as Linux stores them on a little-endian host. Net_Iface is
 * the MAC (Linux's permanent address); Network_ID is not used. A reserved
 * identifier (RFC 5453) is skipped by counting on.
 */
void
v6_addrconf_stable_iid(const struct v6_iface *ifp,
    const struct in6_addr *prefix, uint8_t dad_counter, uint8_t iid[8])
{
	const struct in6_addr *secret = ifp->conf.addr_gen_mode == 3
	    ? &ifp->random_secret : &ifp->stable_secret.addr;

	for (unsigned tries = 0; tries < 4; tries++, dad_counter++) {
		uint8_t block[64] = { 0 };
		uint32_t h[5] = { 0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476,
			0xc3d2e1f0 };
		memcpy(block, secret->s6_addr, 16);
		memcpy(block + 16, prefix->s6_addr, 8);
		memcpy(block + 24, ifp->mac, 6);
		block[56] = dad_counter;
		v6_sha1_block(h, block);
		for (int w = 0; w < 2; w++)
			for (int i = 0; i < 4; i++)
				iid[4 * w + i] = (uint8_t)(h[w] >> (8 * i));
		if (!iid_reserved(iid))
			return;
	}
}

/* RFC 4291 2.5.1, appendix A: the modified EUI-64 of the MAC (insert
 * ff:fe, flip the universal/local bit). */
void
v6_addrconf_eui64_iid(const struct v6_iface *ifp, uint8_t iid[8])
{
	iid[0] = ifp->mac[0] ^ 0x02;
	iid[1] = ifp->mac[1];
	iid[2] = ifp->mac[2];
	iid[3] = 0xff;
	iid[4] = 0xfe;
	iid[5] = ifp->mac[3];
	iid[6] = ifp->mac[4];
	iid[7] = ifp->mac[5];
}

/* Can ifp form stable identifiers (mode 2 needs conf.IFACE.stable_secret)? */
bool
v6_addrconf_stable_mode(const struct v6_iface *ifp, bool *ok)
{
	*ok = ifp->conf.addr_gen_mode == 3 ||
	    (ifp->conf.addr_gen_mode == 2 && ifp->stable_secret.set);
	return ifp->conf.addr_gen_mode >= 2;
}
