/* SPDX-License-Identifier: BSD-2-Clause */
#include "t.h"

#include <stdarg.h>
#include <stdlib.h>

struct t_case t_cases[T_MAX_CASES];
int t_ncases;
int t_failed_checks;

void
t_fail(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	t_failed_checks++;
	fprintf(stderr, "  %s:%d: ", file, line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int
t_main(int argc, char **argv)
{
	const char *prog = strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 : argv[0];
	int passed = 0, failed = 0;

	for (int i = 0; i < t_ncases; i++) {
		if (argc > 1 && strstr(t_cases[i].name, argv[1]) == NULL)
			continue;
		int before = t_failed_checks;
		t_cases[i].fn();
		if (t_failed_checks == before) {
			passed++;
			printf("PASS %s\n", t_cases[i].name);
		} else {
			failed++;
			printf("FAIL %s\n", t_cases[i].name);
		}
		fflush(stdout);
	}
	printf("%s: %d passed, %d failed\n", prog, passed, failed);
	return failed ? 1 : 0;
}
