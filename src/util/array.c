#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/array.h"

int
array_reserve(void *items_ptr, size_t *cap, size_t need, size_t esize)
{
	void *items, *grown;
	size_t ncap;

	if (need <= *cap)
		return 0;
	ncap = *cap ? *cap : 8;
	while (ncap < need) {
		if (ncap > SIZE_MAX / 2)
			return -1;
		ncap *= 2;
	}
	if (esize == 0 || ncap > SIZE_MAX / esize)
		return -1;
	/* The pointer is read and written as bytes: items_ptr may point to
	 * any object pointer type, all of which share one representation on
	 * the platforms we build for (POSIX requires it for dlsym). */
	memcpy(&items, items_ptr, sizeof(items));
	grown = realloc(items, ncap * esize);
	if (grown == NULL)
		return -1;
	memcpy(items_ptr, &grown, sizeof(grown));
	*cap = ncap;
	return 0;
}
