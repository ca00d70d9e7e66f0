/*
 * keyset: duplicate-key detection for big objects (see keyset.h).
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "load/keyset.h"
#include "util/hash.h"

/*
 * Seeded FNV-1a with a final avalanche. The seed comes from the address of a
 * static object, which address-space randomisation changes on every run: no
 * shared mutable state, and keys cannot be crafted to collide in advance.
 */
static const char seed_anchor;

static size_t
hash_key(const char *s)
{
	uint64_t seed = HASH_FNV_OFFSET ^ (uint64_t)(uintptr_t)&seed_anchor;

	return (size_t)hash_mix_half(hash_fnv1a_str(seed, s));
}

/* Mixes a pointer's bits: interned strings share their high bits. */
static size_t
hash_addr(const char *s)
{
	return (size_t)hash_mix_half((uint64_t)(uintptr_t)s);
}

void
keyset_init_interned(struct keyset *ks, const struct cJSON *obj)
{
	keyset_init(ks, obj);
	ks->interned = 1;
}

void
keyset_init(struct keyset *ks, const struct cJSON *obj)
{
	ks->obj = obj;
	ks->interned = 0;
	ks->n = 0;
	ks->slots = NULL;
	ks->cap = 0;
	ks->compares = 0;
}

void
keyset_fini(struct keyset *ks)
{
	free(ks->slots);
	ks->slots = NULL;
	ks->cap = 0;
	ks->n = 0;
}

static const char *
key_of(const struct cJSON *item)
{
	return item->string != NULL ? item->string : "";
}

const struct cJSON *
keyset_find(struct keyset *ks, const char *key)
{
	const struct cJSON *c;
	size_t i, k;

	if (ks->interned) {
		if (ks->slots == NULL) {
			for (c = ks->obj->child, k = 0; c != NULL && k < ks->n;
			     c = c->next, k++, ks->compares++)
				if (c->string == key)
					return c;
			return NULL;
		}
		i = hash_addr(key) & (ks->cap - 1);
		while (ks->slots[i] != NULL) {
			ks->compares++;
			if (ks->slots[i]->string == key)
				return ks->slots[i];
			i = (i + 1) & (ks->cap - 1);
		}
		return NULL;
	}
	if (ks->slots == NULL) {
		for (c = ks->obj->child, k = 0; c != NULL && k < ks->n;
		     c = c->next, k++, ks->compares++)
			if (strcmp(key_of(c), key) == 0)
				return c;
		return NULL;
	}
	i = hash_key(key) & (ks->cap - 1);
	while (ks->slots[i] != NULL) {
		ks->compares++;
		if (strcmp(key_of(ks->slots[i]), key) == 0)
			return ks->slots[i];
		i = (i + 1) & (ks->cap - 1);
	}
	return NULL;
}

static void
insert(const struct keyset *ks, const struct cJSON **slots, size_t cap,
       const struct cJSON *item)
{
	size_t i = (ks->interned ? hash_addr(item->string)
	                         : hash_key(key_of(item))) &
	           (cap - 1);

	while (slots[i] != NULL)
		i = (i + 1) & (cap - 1);
	slots[i] = item;
}

/* Sizes the table for n + 1 keys at a load factor under 1/2. */
static int
grow(struct keyset *ks)
{
	const struct cJSON **slots;
	const struct cJSON *c;
	size_t cap, i, k;

	if (ks->slots != NULL && (ks->n + 1) * 2 <= ks->cap)
		return 0;
	cap = ks->cap ? ks->cap * 2 : 128;
	while ((ks->n + 1) * 2 > cap)
		cap *= 2;
	slots = calloc(cap, sizeof(*slots));
	if (slots == NULL)
		return -1;
	if (ks->slots == NULL) {
		for (c = ks->obj->child, k = 0; c != NULL && k < ks->n;
		     c = c->next, k++)
			insert(ks, slots, cap, c);
	} else {
		for (i = 0; i < ks->cap; i++)
			if (ks->slots[i] != NULL)
				insert(ks, slots, cap, ks->slots[i]);
	}
	free(ks->slots);
	ks->slots = slots;
	ks->cap = cap;
	return 0;
}

int
keyset_add(struct keyset *ks, const struct cJSON *item)
{
	if (ks->slots == NULL && ks->n < KEYSET_LINEAR) {
		ks->n++;
		return 0;
	}
	if (grow(ks) < 0)
		return -1;
	insert(ks, ks->slots, ks->cap, item);
	ks->n++;
	return 0;
}
