/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * v6stack's version, written here and nowhere else: the Makefile reads
 * these three numbers for the shared library's file name and SONAME
 * (libv6stack.so.MAJOR), v6stack.pc and the man pages; `v6stack --version`
 * prints v6_version(). MAJOR changes when the ABI breaks, MINOR when the
 * API grows, PATCH otherwise.
 */
#ifndef V6STACK_VERSION_H
#define V6STACK_VERSION_H

#define V6STACK_VERSION_MAJOR 0
#define V6STACK_VERSION_MINOR 1
#define V6STACK_VERSION_PATCH 0

#define V6STACK_VERSION_STR_(x) #x
#define V6STACK_VERSION_STR(x) V6STACK_VERSION_STR_(x)
/* "MAJOR.MINOR.PATCH", the version a program was compiled against. */
#define V6STACK_VERSION                                 \
	V6STACK_VERSION_STR(V6STACK_VERSION_MAJOR) "."  \
	V6STACK_VERSION_STR(V6STACK_VERSION_MINOR) "."  \
	V6STACK_VERSION_STR(V6STACK_VERSION_PATCH)

#ifdef __cplusplus
extern "C" {
#endif

/* The version of the library the program runs with ("0.1.0"), which a
 * shared library may make differ from V6STACK_VERSION. */
const char *v6_version(void);

#ifdef __cplusplus
}
#endif
#endif
