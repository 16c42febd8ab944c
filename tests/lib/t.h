/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Minimal unit-test framework: TEST(name) registers a test; the CHECK
 * macros record failures with file:line and continue; T_MAIN() runs every
 * test and prints "PASS name" / "FAIL name" lines, then the summary line
 * "<binary>: N passed, N failed", exiting 1 when anything failed.
 */
#ifndef V6_TESTS_T_H
#define V6_TESTS_T_H

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

struct t_case {
	const char *name;
	void (*fn)(void);
};

#define T_MAX_CASES 512
extern struct t_case t_cases[T_MAX_CASES];
extern int t_ncases;
extern int t_failed_checks;

#define TEST(name)                                                         \
	static void name(void);                                            \
	__attribute__((constructor)) static void t_reg_##name(void)        \
	{                                                                  \
		if (t_ncases < T_MAX_CASES)                                \
			t_cases[t_ncases++] = (struct t_case){ #name, name }; \
	}                                                                  \
	static void name(void)

void t_fail(const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#define CHECK(cond)                                                        \
	do {                                                               \
		if (!(cond))                                               \
			t_fail(__FILE__, __LINE__, "CHECK(%s)", #cond);    \
	} while (0)

#define CHECK_EQ(a, b)                                                     \
	do {                                                               \
		long long t_a_ = (long long)(a), t_b_ = (long long)(b);    \
		if (t_a_ != t_b_)                                          \
			t_fail(__FILE__, __LINE__, "%s == %lld, want %s == %lld", \
			    #a, t_a_, #b, t_b_);                           \
	} while (0)

#define CHECK_MEM(a, b, n)                                                 \
	do {                                                               \
		if (memcmp((a), (b), (n)) != 0)                            \
			t_fail(__FILE__, __LINE__, "memcmp(%s, %s, %zu) != 0", \
			    #a, #b, (size_t)(n));                          \
	} while (0)

#define CHECK_STR(a, b)                                                    \
	do {                                                               \
		const char *t_sa_ = (a), *t_sb_ = (b);                     \
		if (strcmp(t_sa_, t_sb_) != 0)                             \
			t_fail(__FILE__, __LINE__, "%s == \"%s\", want \"%s\"", \
			    #a, t_sa_, t_sb_);                             \
	} while (0)

int t_main(int argc, char **argv);
#define T_MAIN()                                                           \
	int main(int argc, char **argv) { return t_main(argc, argv); }

#endif
