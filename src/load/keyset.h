/*
 * keyset: duplicate-key detection for the members of one cJSON object while
 * a loader builds or scans it.
 *
 * Small objects are checked by walking the member list (no allocation);
 * once an object has more than KEYSET_LINEAR members its keys go into an
 * open-addressing hash set, so a map of n keys costs O(n), not O(n^2). The
 * hash is seeded once per process so that crafted keys cannot be made to
 * collide in advance.
 *
 * Ownership: the set borrows the object and its members; it must be
 * finished (keyset_fini) before they are freed or unlinked.
 */
#ifndef ASYNCDOC_KEYSET_H
#define ASYNCDOC_KEYSET_H

#include <stddef.h>

struct cJSON;

#define KEYSET_LINEAR 32

struct keyset {
	const struct cJSON *obj;    /* the object whose members are checked */
	int interned;               /* keys compare by address */
	size_t n;                   /* members added so far */
	const struct cJSON **slots; /* NULL while n <= KEYSET_LINEAR */
	size_t cap;                 /* power of two, or 0 */
	size_t compares; /* key comparisons so far (the caller's work count) */
};

/* Starts a set for the members of obj (none added yet). */
void keyset_init(struct keyset *ks, const struct cJSON *obj);
/*
 * Same, for an object whose member keys all come from one srcmap_intern()
 * pool, as must every key given to keyset_find(): equal keys are then the
 * same pointer, so keys compare and hash by address (no string is read).
 */
void keyset_init_interned(struct keyset *ks, const struct cJSON *obj);
/* Frees the hash table; the set may be initialised again. */
void keyset_fini(struct keyset *ks);

/*
 * The member added earlier whose key equals key (byte-wise, C string), or
 * NULL when there is none.
 */
const struct cJSON *keyset_find(struct keyset *ks, const char *key);

/*
 * Records item, which must already be linked into the object as its last
 * member. Returns 0, or -1 when out of memory (the set is then unusable:
 * finish it).
 */
int keyset_add(struct keyset *ks, const struct cJSON *item);

#endif
