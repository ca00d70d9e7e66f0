/*
 * array: the one growth rule for the growable arrays every module keeps as
 * (items, n, cap) triples: capacity doubles from a small first size, the
 * byte count is checked for overflow, and a failed growth leaves the array
 * as it was.
 *
 *     if (ARRAY_RESERVE(l->items, l->n + 1, l->cap) < 0)
 *             return -1;
 *     l->items[l->n++] = x;
 *
 * Thread safety: none of its own; the array belongs to its caller.
 */
#ifndef ASYNCDOC_ARRAY_H
#define ASYNCDOC_ARRAY_H

#include <stddef.h>

/*
 * Makes room for at least need items of esize bytes in the array whose
 * pointer is at items_ptr (a T ** passed as void *) and whose capacity is
 * *cap. Grows with realloc (the first allocation holds at least 8 items)
 * and updates *items_ptr and *cap. Returns 0, or -1 when out of memory or
 * when the size overflows (the array is then unchanged).
 */
int array_reserve(void *items_ptr, size_t *cap, size_t need, size_t esize);

/* array_reserve for an lvalue array pointer and its capacity. */
#define ARRAY_RESERVE(items, need, cap) \
	array_reserve(&(items), &(cap), (need), sizeof(*(items)))

#endif
