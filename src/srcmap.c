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
#include <sys/mman.h>

#include "srcmap.h"

/*
 * The entry array of a big document is mapped, not malloc'd, and asks for
 * transparent huge pages: one fault per 2 MiB instead of one per 4 KiB,
 * which took a third of the time of srcmap_put on this class of VM. The
 * mapping costs nothing until touched, so the loaders' generous reserve
 * stays free.
 */
#define BIG_ARRAY ((size_t)4 << 20) /* bytes from which arrays are mapped */
#define HUGE_PAGE ((size_t)2 << 20)

struct entry {
	const void *key;	/* NULL once deleted */
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
	uint32_t h; /* high bits of the hash: most mismatches stop here */
};

/* First chunk size; chunks double up to ICHUNK_MAX. */
#define ICHUNK_MIN 4096
#define ICHUNK_MAX 65536

struct srcmap {
	struct entry *entries;
	size_t n, cap;
	size_t mapped;		/* bytes mapped for entries, 0 when malloc'd */
	uint32_t *index;	/* entry number + 1; 0 = empty slot */
	size_t index_cap;	/* power of two, or 0 */
	size_t indexed;		/* entries[0..indexed) are in the index */
	size_t live;		/* distinct keys */
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
	if (map->mapped)
		munmap(map->entries, map->mapped);
	else
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

/*
 * An anonymous mapping of *size bytes (rounded up to whole huge pages),
 * aligned so that the kernel can back it with huge pages, or NULL.
 */
static void *
big_map(size_t *size)
{
	size_t len, head;
	char *p, *a;

	if (*size > SIZE_MAX - 2 * HUGE_PAGE)
		return NULL;
	len = (*size + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
	p = mmap(NULL, len + HUGE_PAGE, PROT_READ | PROT_WRITE,
	         MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return NULL;
	/* Trim to an aligned range: head and tail go back at once. */
	a = (char *)(((uintptr_t)p + HUGE_PAGE - 1) & ~(uintptr_t)(HUGE_PAGE - 1));
	head = (size_t)(a - p);
	if (head > 0)
		munmap(p, head);
	if (HUGE_PAGE - head > 0)
		munmap(a + len, HUGE_PAGE - head);
#ifdef MADV_HUGEPAGE
	/* Advice only: without it (or THP) the pages are just small. */
	madvise(a, len, MADV_HUGEPAGE);
#endif
	*size = len;
	return a;
}

int
srcmap_reserve(struct srcmap *map, size_t n)
{
	struct entry *e;
	size_t bytes;

	if (map->n + n <= map->cap)
		return 0;
	if (map->n + n > SIZE_MAX / sizeof(*e))
		return -1;
	bytes = (map->n + n) * sizeof(*e);
	if (bytes < BIG_ARRAY) {
		e = realloc(map->entries, bytes);
		if (e == NULL)
			return -1;
	} else {
		if ((e = big_map(&bytes)) == NULL)
			return -1;
		if (map->n > 0)
			memcpy(e, map->entries, map->n * sizeof(*e));
		if (map->mapped)
			munmap(map->entries, map->mapped);
		else
			free(map->entries);
		map->mapped = bytes;
	}
	map->entries = e;
	map->cap = bytes / sizeof(*e);
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

/* ---------------------------------------------------------- interning */

static const char seed_anchor;

/*
 * Seeded hash, a word at a time (keys are short: most fit one or two
 * words). Every step is a bijection of the state for a given word.
 */
static uint64_t
hash_str(const char *s, size_t n)
{
	uint64_t h = (uint64_t)(uintptr_t)&seed_anchor ^
	             ((uint64_t)n * 0x9e3779b97f4a7c15ULL);
	uint64_t w;

	while (n >= 8) {
		memcpy(&w, s, 8);
		h = (h ^ w) * 0xff51afd7ed558ccdULL;
		h ^= h >> 32;
		s += 8;
		n -= 8;
	}
	w = 0;
	memcpy(&w, s, n);
	h = (h ^ w) * 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 33;
	return h;
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
	uint64_t h;

	if ((slots = calloc(cap, sizeof(*slots))) == NULL)
		return -1;
	for (i = 0; i < map->islot_cap; i++) {
		if (old[i].s == NULL)
			continue;
		h = hash_str(old[i].s, old[i].len);
		for (j = h & (cap - 1); slots[j].s != NULL; j = (j + 1) & (cap - 1))
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
	uint64_t h;
	uint32_t hi;
	size_t mask, i;
	char *copy;

	if (map == NULL || s == NULL || len >= UINT32_MAX)
		return NULL;
	if ((map->n_interned + 1) * 2 > map->islot_cap &&
	    islots_grow(map) < 0)
		return NULL;
	h = hash_str(s, len);
	hi = (uint32_t)(h >> 32);
	mask = map->islot_cap - 1;
	for (i = h & mask;; i = (i + 1) & mask) {
		sl = &map->islots[i];
		if (sl->s == NULL)
			break;
		if (sl->h == hi && sl->len == len && memcmp(sl->s, s, len) == 0)
			return sl->s;
	}
	if ((copy = arena_alloc(map, len + 1)) == NULL)
		return NULL;
	memcpy(copy, s, len);
	copy[len] = '\0';
	sl->s = copy;
	sl->len = (uint32_t)len;
	sl->h = hi;
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
