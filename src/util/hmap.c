/*
 * hmap: open-addressing hash map with address or string keys (see
 * hmap.h). One implementation serves both kinds: `str` says how keys
 * hash and compare.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/hash.h"
#include "util/hmap.h"

static size_t
hash_key(const void *key, int str)
{
	if (str)
		return (size_t)hash_fnv1a_str(HASH_FNV_OFFSET, key);
	return (size_t)hash_mix_half((uint64_t)(uintptr_t)key);
}

static int
same_key(const void *a, const void *b, int str)
{
	return str ? strcmp(a, b) == 0 : a == b;
}

/* Slot of key, or the empty slot where it would go. m->cap > 0. */
static size_t
slot(const struct hmap *m, const void *key, int str)
{
	size_t i, n = 1;

	for (i = hash_key(key, str) & (m->cap - 1);
	     m->keys[i] && !same_key(m->keys[i], key, str);
	     i = (i + 1) & (m->cap - 1))
		n++;
	if (m->work)
		*m->work += n;
	return i;
}

static int
resize(struct hmap *m, int str)
{
	size_t ncap = m->cap ? m->cap * 2 : 64, i, j;
	const void **keys;
	void **vals;

	if (ncap > SIZE_MAX / 2 / sizeof(*vals))
		return -1;
	keys = calloc(ncap, sizeof(*keys));
	vals = calloc(ncap, sizeof(*vals));
	if (!keys || !vals) {
		free(keys);
		free(vals);
		return -1;
	}
	for (i = 0; i < m->cap; i++) {
		if (!m->keys[i])
			continue;
		for (j = hash_key(m->keys[i], str) & (ncap - 1); keys[j];
		     j = (j + 1) & (ncap - 1))
			;
		keys[j] = m->keys[i];
		vals[j] = m->vals[i];
	}
	if (m->work)
		*m->work += m->cap;
	free(m->keys);
	free(m->vals);
	m->keys = keys;
	m->vals = vals;
	m->cap = ncap;
	return 0;
}

/* put (replace) or add (keep): 1 added, 0 was there, -1 ENOMEM. */
static int
insert(struct hmap *m, const void *key, void *val, int str, int replace)
{
	size_t i;

	if ((m->n + 1) * 2 > m->cap && resize(m, str) != 0)
		return -1;
	i = slot(m, key, str);
	if (m->keys[i]) {
		if (replace)
			m->vals[i] = val;
		return 0;
	}
	m->keys[i] = key;
	m->vals[i] = val;
	m->n++;
	return 1;
}

static int
find(const struct hmap *m, const void *key, int str, void **val)
{
	size_t i;

	if (!m->cap || !key)
		return 0;
	i = slot(m, key, str);
	if (!m->keys[i])
		return 0;
	if (val)
		*val = m->vals[i];
	return 1;
}

int
hmap_put_ptr(struct hmap *m, const void *key, void *val)
{
	return insert(m, key, val, 0, 1) < 0 ? -1 : 0;
}

int
hmap_put_str(struct hmap *m, const char *key, void *val)
{
	return insert(m, key, val, 1, 1) < 0 ? -1 : 0;
}

int
hmap_add_ptr(struct hmap *m, const void *key, void *val)
{
	return insert(m, key, val, 0, 0);
}

int
hmap_add_str(struct hmap *m, const char *key, void *val)
{
	return insert(m, key, val, 1, 0);
}

int
hmap_find_ptr(const struct hmap *m, const void *key, void **val)
{
	return find(m, key, 0, val);
}

int
hmap_find_str(const struct hmap *m, const char *key, void **val)
{
	return find(m, key, 1, val);
}

void *
hmap_get_ptr(const struct hmap *m, const void *key)
{
	void *v = NULL;

	find(m, key, 0, &v);
	return v;
}

void *
hmap_get_str(const struct hmap *m, const char *key)
{
	void *v = NULL;

	find(m, key, 1, &v);
	return v;
}

void
hmap_clear(struct hmap *m)
{
	size_t *work = m->work;

	/*
	 * A big table holding few keys is dropped, not wiped: a scratch map
	 * that once held many keys and is then cleared once per item of a
	 * long list would cost its whole table each time (quadratic). Wiping
	 * is paid for by the adds that filled an eighth of the table.
	 */
	if (m->cap > 256 && m->n < m->cap / 8) {
		hmap_free(m);
		m->work = work;
		return;
	}
	if (m->cap)
		memset(m->keys, 0, m->cap * sizeof(*m->keys));
	if (m->work)
		*m->work += m->cap;
	m->n = 0;
}

void
hmap_free(struct hmap *m)
{
	free(m->keys);
	free(m->vals);
	memset(m, 0, sizeof(*m));
}
