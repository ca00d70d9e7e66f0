/*
 * srcmap: pointer-keyed open-addressing hash of node positions (see
 * srcmap.h).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "srcmap.h"

struct slot {
	const void *key;	/* NULL = empty */
	struct srcpos pos;
};

struct srcmap {
	struct slot *slots;
	size_t cap;		/* power of two */
	size_t n;
	char **files;
	size_t n_files, cap_files;
};

struct srcmap *
srcmap_new(void)
{
	struct srcmap *map;

	map = calloc(1, sizeof(*map));
	if (map == NULL)
		return NULL;
	map->cap = 1024;
	map->slots = calloc(map->cap, sizeof(*map->slots));
	if (map->slots == NULL) {
		free(map);
		return NULL;
	}
	return map;
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
	free(map->slots);
	free(map);
}

/* Mixes a pointer's bits: nodes are 64-byte aligned-ish allocations. */
static size_t
hash_ptr(const void *p)
{
	uint64_t x = (uint64_t)(uintptr_t)p;

	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdULL;
	x ^= x >> 33;
	return (size_t)x;
}

static struct slot *
find(const struct srcmap *map, const void *key)
{
	size_t i = hash_ptr(key) & (map->cap - 1);

	while (map->slots[i].key != NULL && map->slots[i].key != key)
		i = (i + 1) & (map->cap - 1);
	return &map->slots[i];
}

static int
rehash(struct srcmap *map)
{
	struct slot *old = map->slots, *s;
	size_t old_cap = map->cap, i;

	map->slots = calloc(old_cap * 2, sizeof(*map->slots));
	if (map->slots == NULL) {
		map->slots = old;
		return -1;
	}
	map->cap = old_cap * 2;
	for (i = 0; i < old_cap; i++) {
		if (old[i].key == NULL)
			continue;
		s = find(map, old[i].key);
		*s = old[i];
	}
	free(old);
	return 0;
}

int
srcmap_put(struct srcmap *map, const struct cJSON *node, struct srcpos pos)
{
	struct slot *s;

	if (node == NULL)
		return -1;
	/* Keep the load factor under 1/2 so probes stay short. */
	if ((map->n + 1) * 2 > map->cap && rehash(map) < 0)
		return -1;
	s = find(map, node);
	if (s->key == NULL) {
		s->key = node;
		map->n++;
	}
	s->pos = pos;
	return 0;
}

const struct srcpos *
srcmap_get(const struct srcmap *map, const struct cJSON *node)
{
	const struct slot *s;

	if (map == NULL || node == NULL)
		return NULL;
	s = find(map, node);
	return s->key == NULL ? NULL : &s->pos;
}

size_t
srcmap_size(const struct srcmap *map)
{
	return map->n;
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
