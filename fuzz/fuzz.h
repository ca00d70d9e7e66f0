/*
 * fuzz.h: what the libFuzzer targets of fuzz/ share (scripts/fuzz builds
 * them; see fuzz/README.md). Each target calls the library in-process on
 * the input and checks what must always hold; a crash, a leak or
 * undefined behaviour is a finding.
 */
#ifndef ASYNCDOC_FUZZ_H
#define ASYNCDOC_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "load/load_limits.h"

/*
 * Limits small enough that one input costs milliseconds: the fuzzer looks
 * for crashes, not for the limits themselves (tests cover those).
 */
static inline struct limits
fuzz_limits(void)
{
	struct limits l = LIMITS_INIT;

	l.max_depth = 64;
	l.max_nodes = 20000;
	l.max_file_size = (size_t)1 << 20;
	l.max_files = 1;
	return l;
}

/* Stops the run on a broken invariant (libFuzzer reports the abort). */
#define FUZZ_ASSERT(cond)                                                      \
	do {                                                                   \
		if (!(cond))                                                   \
			abort();                                               \
	} while (0)

#endif
