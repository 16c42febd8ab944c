/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * libFuzzer: src/cli/radvd_conf*.c. Input: radvd.conf text (what
 * --radvd-conf reads). An error must be one "FILE:LINE: message" line;
 * whatever parses must print, and the printed text (radvd.conf syntax,
 * derived values as comments) must parse back to the same structs.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/radvd_conf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct radvd_conf rc, rc2;
static char out[4 * 1024 * 1024];

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[512];
	FILE *f;
	size_t n;

	if (size > 64 * 1024)
		return 0;
	err[0] = '\0';
	if (radvd_conf_parse("f.conf", (const char *)data, size, &rc, err,
		sizeof(err)) != 0) {
		if (strncmp(err, "f.conf:", 7) != 0 || strchr(err, '\n') != NULL)
			abort();
		return 0;
	}
	if (rc.n_ifs == 0 || rc.n_ifs > RADVD_CONF_MAX_IFACES)
		abort();
	f = fmemopen(out, sizeof(out), "w");
	if (f == NULL)
		return 0;
	for (unsigned i = 0; i < rc.n_ifs; i++)
		radvd_conf_print(f, rc.ifs[i].name, &rc.ifs[i].conf);
	n = (size_t)ftell(f);
	fclose(f);
	if (radvd_conf_parse("p.conf", out, n, &rc2, err, sizeof(err)) != 0) {
		fprintf(stderr, "printed text refused: %s\n%.*s", err, (int)n, out);
		abort();
	}
	if (rc2.n_ifs != rc.n_ifs)
		abort();
	for (unsigned i = 0; i < rc.n_ifs; i++)
		if (strcmp(rc.ifs[i].name, rc2.ifs[i].name) ||
		    memcmp(&rc.ifs[i].conf, &rc2.ifs[i].conf, sizeof(rc.ifs[i].conf)))
			abort();
	return 0;
}
