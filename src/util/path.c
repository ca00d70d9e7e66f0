/*
 * path: file name helpers (see path.h).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "util/path.h"

char *
path_join(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	char *p = malloc(la + lb + 2);

	if (p == NULL)
		return NULL;
	memcpy(p, a, la);
	p[la] = '/';
	memcpy(p + la + 1, b, lb + 1);
	return p;
}
