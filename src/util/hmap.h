/*
 * hmap: an open-addressing hash map from borrowed keys to borrowed
 * pointers, for indexes built while a document is walked.
 *
 * A map holds either address keys (the *_ptr functions: keys compare by
 * address) or string keys (the *_str functions: keys compare with
 * strcmp); one map must only ever be used with one kind. Keys are
 * never NULL and are not copied: they must outlive the map (or the next
 * hmap_clear()). Values may be NULL; the map owns neither.
 *
 * A zeroed struct (HMAP_INIT or `= {0}`) is an empty map. The table
 * stays at most half full. Nothing is ever removed but by hmap_clear().
 */
#ifndef ASYNCDOC_HMAP_H
#define ASYNCDOC_HMAP_H

#include <stddef.h>
#include <stdint.h>

struct hmap {
	const void **keys; /* NULL marks an empty slot */
	void **vals;
	size_t cap, n; /* cap is 0 or a power of two */
	/*
	 * NULL, or a counter of the map's work that its owner reads in tests
	 * of cost: every slot a lookup examines, and every slot a resize or
	 * hmap_clear() goes over, adds 1.
	 */
	size_t *work;
};

#define HMAP_INIT                                                              \
	{                                                                      \
		NULL, NULL, 0, 0, NULL                                         \
	}

/* Sets key's value (replacing it). 0 ok, -1 when out of memory. */
int hmap_put_ptr(struct hmap *m, const void *key, void *val);
int hmap_put_str(struct hmap *m, const char *key, void *val);

/*
 * Adds key unless it is there (keeping the value it has): 1 added,
 * 0 already there, -1 when out of memory (the map is unchanged).
 */
int hmap_add_ptr(struct hmap *m, const void *key, void *val);
int hmap_add_str(struct hmap *m, const char *key, void *val);

/* 1 when key is there (*val, when val is not NULL, gets its value), 0 not. */
int hmap_find_ptr(const struct hmap *m, const void *key, void **val);
int hmap_find_str(const struct hmap *m, const char *key, void **val);

/* key's value, or NULL when key is NULL or not there. */
void *hmap_get_ptr(const struct hmap *m, const void *key);
void *hmap_get_str(const struct hmap *m, const char *key);

/*
 * A 64-bit hash (of content, a pair, a name) as an address key: folded to
 * a nonzero uintptr_t (NULL marks an empty slot). Equal hashes give equal
 * keys; a key says nothing more, so the value is checked before use.
 */
static inline const void *
hmap_hash_key(uint64_t h)
{
	uintptr_t v = (uintptr_t)(sizeof(v) < sizeof(h) ? h ^ (h >> 32) : h);

	return (const void *)(v != 0 ? v : 1);
}

/*
 * For a walk over every entry (i from 0 to m->cap - 1, in no useful
 * order): the value in slot i, or NULL when the slot is empty.
 */
static inline void *
hmap_slot_val(const struct hmap *m, size_t i)
{
	return m->keys != NULL && m->keys[i] != NULL ? m->vals[i] : NULL;
}

/*
 * Empties the map, keeping its table for reuse unless the table is big and
 * mostly empty (then it is freed): a clear costs O(keys), not O(table).
 */
void hmap_clear(struct hmap *m);
/* Frees the table; the map is empty and usable again. */
void hmap_free(struct hmap *m);

#endif
