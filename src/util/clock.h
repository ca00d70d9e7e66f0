/*
 * clock: the monotonic clock in milliseconds, for deadlines and debounce
 * timers (serve, watch). Thread-safe: it only reads the clock.
 */
#ifndef ASYNCDOC_CLOCK_H
#define ASYNCDOC_CLOCK_H

#include <stdint.h>
#include <time.h>

/* Milliseconds on CLOCK_MONOTONIC (from an unspecified start). */
static inline int64_t
clock_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

#endif
