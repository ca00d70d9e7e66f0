/*
 * suggest: the likely intended name of a misspelt one (see suggest.h).
 */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "util/ascii.h"
#include "util/suggest.h"

/* Optimal string alignment distance, capped (strings up to 64 bytes). */
static size_t
edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i, j, cost, best;
	size_t r0[65], r1[65], r2[65], *pp = r0, *p = r1, *cur = r2, *tmp;

	if (la > 64 || lb > 64)
		return SIZE_MAX;
	for (j = 0; j <= lb; j++)
		p[j] = j;
	for (i = 1; i <= la; i++) {
		cur[0] = i;
		for (j = 1; j <= lb; j++) {
			cost = ascii_lower((unsigned char)a[i - 1]) ==
			                       ascii_lower((unsigned char)b[j - 1])
			               ? 0
			               : 1;
			best = p[j] + 1;
			if (cur[j - 1] + 1 < best)
				best = cur[j - 1] + 1;
			if (p[j - 1] + cost < best)
				best = p[j - 1] + cost;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
			    a[i - 2] == b[j - 1] && pp[j - 2] + 1 < best)
				best = pp[j - 2] + 1;
			cur[j] = best;
		}
		tmp = pp;
		pp = p;
		p = cur;
		cur = tmp;
	}
	return p[lb];
}

const char *
suggest_closest(const char *s, const char *const *cand, size_t n)
{
	size_t i, d, best = SIZE_MAX, len = strlen(s), max;
	const char *pick = NULL;

	max = len <= 3 ? 1 : len <= 8 ? 2 : 3;
	for (i = 0; i < n; i++) {
		d = edit_distance(s, cand[i]);
		if (d <= max && d * 2 <= len && d < best &&
		    strcmp(s, cand[i]) != 0) {
			best = d;
			pick = cand[i];
		}
	}
	return pick;
}
