/*
 * treehash: content hash and equality of document subtrees (see
 * treehash.h).
 */
#include "config.h"

#include <string.h>

#include <cJSON.h>

#include "load/loader.h"
#include "load/treehash.h"
#include "util/hash.h"

/* The target of n when n is a ref the loader resolved, else NULL. */
static const cJSON *
target_of(const struct treehash_opts *o, const cJSON *n, int type)
{
	if (type != cJSON_Object || o->doc == NULL || !loader_is_ref(n))
		return NULL;
	return loader_ref_target(o->doc, n);
}

static int
opaque(const struct treehash_opts *o, const cJSON *n)
{
	return o->opaque != NULL && o->opaque(o->arg, n);
}

static uint64_t
identity(const cJSON *n)
{
	return hash_fmix64((uint64_t)(uintptr_t)n);
}

static uint64_t
hash_at(const struct treehash_opts *o, const cJSON *n, int depth)
{
	const cJSON *el, *t;
	uint64_t h;
	int type;

	if (depth > TREEHASH_MAX_DEPTH || opaque(o, n))
		return identity(n);
	/* the type tests inline: every node of every schema comes here */
	type = n->type & 0xFF;
	if ((t = target_of(o, n, type)) != NULL)
		return hash_fmix64((uint64_t)(uintptr_t)t ^ 0x5bd1e995ULL);
	h = hash_fnv1a(HASH_FNV_OFFSET, (const char *)&type, sizeof(type));
	if (type == cJSON_String || type == cJSON_Number) {
		if (n->valuestring != NULL)
			h = hash_fnv1a_str(h, n->valuestring);
		else
			h = hash_fnv1a(h, (const char *)&n->valuedouble,
			               sizeof(n->valuedouble));
	}
	if (type != cJSON_Object && type != cJSON_Array)
		return h;
	for (el = n->child; el != NULL; el = el->next) {
		if (el->string != NULL)
			h = hash_fnv1a(hash_fnv1a_str(h, el->string), "", 1);
		h = hash_fmix64(h ^ hash_at(o, el, depth + 1));
	}
	return h;
}

uint64_t
treehash_hash(const struct treehash_opts *opts, const cJSON *n)
{
	return hash_at(opts, n, 0);
}

static int
equal_at(const struct treehash_opts *o, const cJSON *a, const cJSON *b,
         int depth)
{
	const cJSON *x, *y, *ta, *tb;
	int type;

	if (a == b)
		return 1;
	type = a->type & 0xFF;
	if (depth > TREEHASH_MAX_DEPTH || type != (b->type & 0xFF) ||
	    opaque(o, a) || opaque(o, b))
		return 0;
	ta = target_of(o, a, type);
	tb = target_of(o, b, type);
	if (ta != NULL || tb != NULL)
		return ta == tb;
	if (type == cJSON_String || type == cJSON_Number) {
		if (a->valuestring != NULL && b->valuestring != NULL)
			return strcmp(a->valuestring, b->valuestring) == 0;
		return a->valuestring == NULL && b->valuestring == NULL &&
		       a->valuedouble == b->valuedouble;
	}
	if (type != cJSON_Object && type != cJSON_Array)
		return 1;
	for (x = a->child, y = b->child; x != NULL && y != NULL;
	     x = x->next, y = y->next) {
		if ((x->string != NULL || y->string != NULL) &&
		    (x->string == NULL || y->string == NULL ||
		     strcmp(x->string, y->string) != 0))
			return 0;
		if (!equal_at(o, x, y, depth + 1))
			return 0;
	}
	return x == NULL && y == NULL;
}

int
treehash_equal(const struct treehash_opts *opts, const cJSON *a, const cJSON *b)
{
	return equal_at(opts, a, b, 0);
}
