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
 *
 * Interned strings sit back to back in chunks (one allocation per few
 * thousand keys instead of one per member) found through an open-addressing
 * set of 16-byte slots. The hash is seeded per process, as keyset's is, so
 * that keys cannot be crafted to collide in advance.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "util/array.h"
#include "load/srcmap.h"
#include "util/hash.h"

struct entry {
	const void *key; /* NULL once deleted */
	struct srcpos pos;
};

/* A chunk of interned strings. */
struct ichunk {
	struct ichunk *next;
	size_t used, cap;
	char data[];
};

struct islot {
	const char *s; /* NULL = empty */
	uint32_t len;
	uint32_t h; /* 32 bits of the hash: the slot, and a quick check */
};

/* First chunk size; chunks double up to ICHUNK_MAX. */
#define ICHUNK_MIN 4096
#define ICHUNK_MAX 65536

struct srcmap {
	struct entry *entries;
	size_t n, cap;
	uint32_t *index;  /* entry number + 1; 0 = empty slot */
	size_t index_cap; /* power of two, or 0 */
	size_t indexed;   /* entries[0..indexed) are in the index */
	size_t live;      /* distinct keys */
	char **files;
	size_t n_files, cap_files;
	struct islot *islots; /* interned strings */
	size_t islot_cap;     /* power of two, or 0 */
	size_t n_interned;
	struct ichunk *chunks; /* the newest, with room, first */
	size_t chunk_next;     /* size of the next chunk */
};

struct srcmap *
srcmap_new(void)
{
	return calloc(1, sizeof(struct srcmap));
}

void
srcmap_free(struct srcmap *map)
{
	struct ichunk *c;
	size_t i;

	if (map == NULL)
		return;
	for (i = 0; i < map->n_files; i++)
		free(map->files[i]);
	free(map->files);
	free(map->entries);
	free(map->index);
	free(map->islots);
	while (map->chunks != NULL) {
		c = map->chunks;
		map->chunks = c->next;
		free(c);
	}
	free(map);
}

/* Mixes a pointer's bits: node addresses share their low bits. */
static size_t
hash_ptr(const void *p)
{
	return (size_t)hash_mix_half((uint64_t)(uintptr_t)p);
}

/* The index slot holding key, or the empty slot where it would go. */
static uint32_t *
slot_of(const struct srcmap *map, const void *key)
{
	size_t mask = map->index_cap - 1, i = hash_ptr(key) & mask;

	while (map->index[i] != 0 && map->entries[map->index[i] - 1].key != key)
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
	if (map->n + n > SIZE_MAX / sizeof(*e))
		return -1;
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

size_t
srcmap_puts(const struct srcmap *map)
{
	return map->n;
}

const struct cJSON *
srcmap_put_at(const struct srcmap *map, size_t i, const struct srcpos **pos)
{
	*pos = &map->entries[i].pos;
	return map->entries[i].key;
}

void
srcmap_truncate(struct srcmap *map, size_t n)
{
	if (n >= map->n)
		return;
	map->n = n;
	if (map->indexed > n) {
		/* The index may point past n: rebuilt on the next lookup. */
		free(map->index);
		map->index = NULL;
		map->index_cap = 0;
		map->indexed = 0;
		map->live = 0;
	}
}

int
srcmap_absorb(struct srcmap *map, struct srcmap *from, size_t skip,
              uint32_t line_delta)
{
	struct ichunk *tail;
	struct entry *e;
	size_t i;

	if (skip < from->n && srcmap_reserve(map, from->n - skip) < 0)
		return -1;
	for (i = skip; i < from->n; i++) {
		if (from->entries[i].key == NULL)
			continue;
		e = &map->entries[map->n++];
		*e = from->entries[i];
		e->pos.line += line_delta;
		if (e->pos.key_line != 0)
			e->pos.key_line += line_delta;
	}
	from->n = 0;
	/*
	 * from's chunks go after map's first one, which stays the one with
	 * room that the next intern uses.
	 */
	if (from->chunks != NULL) {
		for (tail = from->chunks; tail->next != NULL; tail = tail->next)
			;
		if (map->chunks == NULL) {
			map->chunks = from->chunks;
			map->chunk_next = from->chunk_next;
		} else {
			tail->next = map->chunks->next;
			map->chunks->next = from->chunks;
		}
		from->chunks = NULL;
	}
	return 0;
}

/* ---------------------------------------------------------- interning */

static const char seed_anchor;

/*
 * The last n (< 8) bytes of a string as one word: two overlapping loads,
 * or three bytes, cover every byte, so for a given n the word tells the
 * bytes apart.
 */
static uint64_t
tail_word(const unsigned char *p, size_t n)
{
	uint32_t a, b;

	if (n >= 4) {
		memcpy(&a, p, 4);
		memcpy(&b, p + n - 4, 4);
		return a | (uint64_t)b << 32;
	}
	if (n > 0)
		return p[0] | (uint64_t)p[n / 2] << 8 |
		       (uint64_t)p[n - 1] << 16;
	return 0;
}

/*
 * Seeded hash, a word at a time (keys are short: most fit one or two
 * words). Every step is a bijection of the state for a given word. 32 bits
 * are plenty: a set never holds more strings than a document has nodes.
 */
static uint32_t
hash_str(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	uint64_t h = (uint64_t)(uintptr_t)&seed_anchor ^
	             ((uint64_t)n * 0x9e3779b97f4a7c15ULL);
	uint64_t w;

	for (; n >= 8; p += 8, n -= 8) {
		memcpy(&w, p, 8);
		h = (h ^ w) * 0xff51afd7ed558ccdULL;
		h ^= h >> 32;
	}
	h = (h ^ tail_word(p, n)) * 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 33;
	return (uint32_t)h;
}

/* Room for n bytes in the chunks, or NULL when out of memory. */
static char *
arena_alloc(struct srcmap *map, size_t n)
{
	struct ichunk *c = map->chunks, *nc;
	size_t cap;
	char *p;

	if (c == NULL || c->cap - c->used < n) {
		cap = map->chunk_next ? map->chunk_next : ICHUNK_MIN;
		if (n > cap / 4) {
			/* A long string gets a chunk of its own. */
			if (n > SIZE_MAX - sizeof(*nc) ||
			    (nc = malloc(sizeof(*nc) + n)) == NULL)
				return NULL;
			nc->used = nc->cap = n;
			if (c != NULL) {
				nc->next = c->next;
				c->next = nc;
			} else {
				nc->next = NULL;
				map->chunks = nc;
			}
			return nc->data;
		}
		if ((nc = malloc(sizeof(*nc) + cap)) == NULL)
			return NULL;
		nc->used = 0;
		nc->cap = cap;
		nc->next = c;
		map->chunks = c = nc;
		if (cap < ICHUNK_MAX)
			map->chunk_next = cap * 2;
	}
	p = c->data + c->used;
	c->used += n;
	return p;
}

/* Doubles the set (or makes the first one). 0 or -1. */
static int
islots_grow(struct srcmap *map)
{
	struct islot *slots, *old = map->islots;
	size_t cap = map->islot_cap ? map->islot_cap * 2 : 256, i, j;

	if ((slots = calloc(cap, sizeof(*slots))) == NULL)
		return -1;
	for (i = 0; i < map->islot_cap; i++) {
		if (old[i].s == NULL)
			continue;
		for (j = old[i].h & (cap - 1); slots[j].s != NULL;
		     j = (j + 1) & (cap - 1))
			;
		slots[j] = old[i];
	}
	free(old);
	map->islots = slots;
	map->islot_cap = cap;
	return 0;
}

const char *
srcmap_intern(struct srcmap *map, const char *s, size_t len)
{
	struct islot *sl;
	uint32_t h;
	size_t mask, i;
	char *copy;

	if (map == NULL || s == NULL || len >= UINT32_MAX)
		return NULL;
	if ((map->n_interned + 1) * 2 > map->islot_cap && islots_grow(map) < 0)
		return NULL;
	h = hash_str(s, len);
	mask = map->islot_cap - 1;
	for (i = h & mask;; i = (i + 1) & mask) {
		sl = &map->islots[i];
		if (sl->s == NULL)
			break;
		if (sl->h == h && sl->len == len && memcmp(sl->s, s, len) == 0)
			return sl->s;
	}
	if ((copy = arena_alloc(map, len + 1)) == NULL)
		return NULL;
	memcpy(copy, s, len);
	copy[len] = '\0';
	sl->s = copy;
	sl->len = (uint32_t)len;
	sl->h = h;
	map->n_interned++;
	return copy;
}

size_t
srcmap_intern_count(const struct srcmap *map)
{
	return map->n_interned;
}

int
srcmap_add_file(uint32_t *out, struct srcmap *map, const char *path)
{
	if (ARRAY_RESERVE(map->files, map->n_files + 1, map->cap_files) < 0)
		return -1;
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
