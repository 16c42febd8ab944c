/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The determinism check of the frame harnesses: each input must give the
 * same result (fuzz_result(): a hash of the frames sent, the drop reasons
 * and the deadlines) alone, in a fresh process, and after all the inputs
 * before it in one process, as libFuzzer runs them: on the stack's
 * snapshot put back (fuzz_common.h, fuzz/lib/alloc.c) where the input
 * alone ran on the stack just built. A second pass runs them again in
 * the reverse order, so that each one also follows those it preceded.
 * Usage: replay FILE...; prints "replay: N passed, M failed" (N counts
 * an input passed when both passes agree with its run alone).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
uint64_t fuzz_result(void);

static uint8_t buf[1 << 20];

static size_t
load(const char *path)
{
	FILE *f = fopen(path, "rb");
	size_t n;

	if (!f) {
		perror(path);
		exit(2);
	}
	n = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	return n;
}

/* The result of path run first in a fresh process. */
static uint64_t
alone(const char *path)
{
	uint64_t h = 0;
	int fd[2], st;
	pid_t pid;

	if (pipe(fd) < 0 || (pid = fork()) < 0)
		exit(2);
	if (pid == 0) {
		size_t n = load(path);

		LLVMFuzzerTestOneInput(buf, n);
		h = fuzz_result();
		_exit(write(fd[1], &h, sizeof(h)) == sizeof(h) ? 0 : 1);
	}
	close(fd[1]);
	if (read(fd[0], &h, sizeof(h)) != sizeof(h))
		h = 0;
	close(fd[0]);
	waitpid(pid, &st, 0);
	return h;
}

int
main(int argc, char **argv)
{
	int passed = 0, failed = 0;
	uint64_t *a = calloc((size_t)argc, sizeof(*a));

	/* Every child forks from this process before it has run an input. */
	for (int i = 1; a && i < argc; i++)
		a[i] = alone(argv[i]);
	for (int i = 1; a && i < argc; i++) {
		size_t n = load(argv[i]);

		LLVMFuzzerTestOneInput(buf, n); /* after argv[1..i-1] */
		if (a[i] != fuzz_result()) {
			a[i] = 0;
			failed++;
			printf("replay: %s differs alone and after others\n", argv[i]);
		}
	}
	for (int i = argc - 1; a && i >= 1; i--) {
		size_t n;

		if (!a[i])
			continue; /* failed already */
		n = load(argv[i]);
		LLVMFuzzerTestOneInput(buf, n); /* after all, then argv[argc-1..i+1] */
		if (a[i] == fuzz_result()) {
			passed++;
		} else {
			failed++;
			printf("replay: %s differs alone and after others (reverse)\n", argv[i]);
		}
	}
	printf("replay: %d passed, %d failed\n", passed, failed);
	free(a);
	return failed != 0;
}
