/* SPDX-License-Identifier: BSD-2-Clause */
/* The library's version at run time (include/v6stack/version.h). */
#include "v6stack/version.h"

const char *
v6_version(void)
{
	return V6STACK_VERSION;
}
