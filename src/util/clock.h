/*
 * clock: the monotonic clock in milliseconds, for deadlines and debounce
 * timers (serve, watch) and stage timings (pipeline, site, bench). Thread-safe: it only reads the clock.
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

/* The same clock in fractional milliseconds, for stage timings. */
static inline double
clock_now_ms_f(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

#endif
