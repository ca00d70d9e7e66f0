/*
 * srcmap: node positions in an append-only array plus a lazily built hash
 * index (see srcmap.h).
 *
 * Why this shape: loading writes a position for every node and reads
 * almost none back. Appending to an array is sequential and touches the
 * least memory; the index (4-byte slots into the array) is built when the
 * first lookup comes, or by srcmap_index(). On this class of VM touching a
 * fresh page costs about 10 us, so memory written is time spent: a table
 * of 32-byte slots at load factor 1/2 made srcmap_put a quarter of the load
 * time.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "srcmap.h"

struct entry {
	const void *key;	/* NULL once deleted */
	struct srcpos pos;
};

struct srcmap {
	struct entry *entries;
	size_t n, cap;
	uint32_t *index;	/* entry number + 1; 0 = empty slot */
	size_t index_cap;	/* power of two, or 0 */
	size_t indexed;		/* entries[0..indexed) are in the index */
	size_t live;		/* distinct keys */
	char **files;
	size_t n_files, cap_files;
};

struct srcmap *
srcmap_new(void)
{
	return calloc(1, sizeof(struct srcmap));
}

void
srcmap_free(struct srcmap *map)
{
	size_t i;

	if (map == NULL)
		return;
	for (i = 0; i < map->n_files; i++)
		free(map->files[i]);
	free(map->files);
	free(map->entries);
	free(map->index);
	free(map);
}

/* Mixes a pointer's bits: node addresses share their low bits. */
static size_t
hash_ptr(const void *p)
{
	uint64_t x = (uint64_t)(uintptr_t)p;

	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdULL;
	x ^= x >> 33;
	return (size_t)x;
}

/* The index slot holding key, or the empty slot where it would go. */
static uint32_t *
slot_of(const struct srcmap *map, const void *key)
{
	size_t mask = map->index_cap - 1, i = hash_ptr(key) & mask;

	while (map->index[i] != 0 &&
	       map->entries[map->index[i] - 1].key != key)
		i = (i + 1) & mask;
	return &map->index[i];
}

/* Adds entries[indexed..n) to the index, growing it to stay under 3/4. */
static int
index_pending(struct srcmap *map)
{
	uint32_t *slot, *old = map->index;
	size_t cap = map->index_cap ? map->index_cap : 1024, i;

	if (map->indexed == map->n)
		return 0;
	if (map->n > UINT32_MAX - 1)
		return -1;
	while (map->n * 4 >= cap * 3)
		cap *= 2;
	if (cap != map->index_cap) {
		map->index = calloc(cap, sizeof(*map->index));
		if (map->index == NULL) {
			map->index = old;
			return -1;
		}
		free(old);
		map->index_cap = cap;
		map->indexed = 0;
		map->live = 0;
	}
	/* Later entries for the same key replace earlier ones. */
	for (i = map->indexed; i < map->n; i++) {
		if (map->entries[i].key == NULL)
			continue;
		slot = slot_of(map, map->entries[i].key);
		if (*slot == 0)
			map->live++;
		*slot = (uint32_t)(i + 1);
	}
	map->indexed = map->n;
	return 0;
}

int
srcmap_reserve(struct srcmap *map, size_t n)
{
	struct entry *e;

	if (map->n + n <= map->cap)
		return 0;
	e = realloc(map->entries, (map->n + n) * sizeof(*e));
	if (e == NULL)
		return -1;
	map->entries = e;
	map->cap = map->n + n;
	return 0;
}

int
srcmap_put(struct srcmap *map, const struct cJSON *node, struct srcpos pos)
{
	if (node == NULL)
		return -1;
	if (map->n == map->cap &&
	    srcmap_reserve(map, map->cap ? map->cap : 1024) < 0)
		return -1;
	map->entries[map->n].key = node;
	map->entries[map->n].pos = pos;
	map->n++;
	return 0;
}

int
srcmap_index(struct srcmap *map)
{
	return index_pending(map);
}

const struct srcpos *
srcmap_get(const struct srcmap *cmap, const struct cJSON *node)
{
	/*
	 * Lookups index what was appended since the last one. The map is
	 * logically const; callers that share it between threads call
	 * srcmap_index() first, after which this only reads.
	 */
	struct srcmap *map = (struct srcmap *)cmap;
	uint32_t *slot;

	if (map == NULL || node == NULL || map->n == 0)
		return NULL;
	if (map->indexed != map->n && index_pending(map) < 0)
		return NULL;
	slot = slot_of(map, node);
	return *slot == 0 ? NULL : &map->entries[*slot - 1].pos;
}

void
srcmap_del(struct srcmap *map, const struct cJSON *node)
{
	uint32_t *slot;

	if (map == NULL || node == NULL || map->n == 0)
		return;
	/*
	 * Index first so that the newest entry for node is the one found;
	 * older ones are unreachable once indexed. On ENOMEM the entry stays:
	 * a stale position is wrong but harmless, a crash is not.
	 */
	if (index_pending(map) < 0)
		return;
	slot = slot_of(map, node);
	if (*slot != 0 && map->entries[*slot - 1].key != NULL) {
		/* A tombstone: the slot stays used so probing goes on. */
		map->entries[*slot - 1].key = NULL;
		map->live--;
	}
}

size_t
srcmap_size(const struct srcmap *map)
{
	if (map->indexed != map->n && index_pending((struct srcmap *)map) < 0)
		return map->n;
	return map->live;
}

int
srcmap_add_file(uint32_t *out, struct srcmap *map, const char *path)
{
	char **files;
	size_t cap;

	if (map->n_files == map->cap_files) {
		cap = map->cap_files ? map->cap_files * 2 : 8;
		files = realloc(map->files, cap * sizeof(*files));
		if (files == NULL)
			return -1;
		map->files = files;
		map->cap_files = cap;
	}
	map->files[map->n_files] = strdup(path);
	if (map->files[map->n_files] == NULL)
		return -1;
	*out = (uint32_t)map->n_files++;
	return 0;
}

const char *
srcmap_file_path(const struct srcmap *map, uint32_t file)
{
	if (map == NULL || file >= map->n_files)
		return "?";
	return map->files[file];
}

size_t
srcmap_file_count(const struct srcmap *map)
{
	return map->n_files;
}
