/*
 * srcmap: source positions of cJSON nodes, kept beside the trees.
 *
 * cJSON has no spare field, so positions live in a hash table keyed by the
 * node's address: every lookup goes through srcmap_get(). The map also holds
 * the table of files (id -> path) so that a position can be printed as
 * path:line:col anywhere.
 *
 * Contract: a node must not be freed while the map may still be asked about
 * it (a freed address can be reused by a later node). Trees are freed with
 * the map, by their owner (the loader document), and before it: they may
 * hold the map's interned strings (srcmap_intern()).
 */
#ifndef ASYNCDOC_SRCMAP_H
#define ASYNCDOC_SRCMAP_H

#include <stddef.h>
#include <stdint.h>

struct cJSON;

struct srcpos {
	uint32_t file;      /* index into the file table */
	uint32_t line, col; /* of the value, 1-based, code points */
	uint32_t key_line;  /* of the member key, 0 when not a member */
	uint32_t key_col;
};

struct srcmap;

/* A new empty map, or NULL when out of memory. */
struct srcmap *srcmap_new(void);
/*
 * Frees the map, its file table and its interned strings (not the trees,
 * which must be freed first). NULL is fine.
 */
void srcmap_free(struct srcmap *map);

/*
 * Records (or replaces) the position of node: an append, O(1), no lookup.
 * Returns 0, or -1 on ENOMEM.
 */
int srcmap_put(struct srcmap *map, const struct cJSON *node, struct srcpos pos);
/* Makes room for n more puts (a loader's estimate). Returns 0 or -1. */
int srcmap_reserve(struct srcmap *map, size_t n);
/* Forgets node (before it is freed while the map lives on). */
void srcmap_del(struct srcmap *map, const struct cJSON *node);

/*
 * The position of node, or NULL when it has none (or out of memory).
 * Borrowed until the next put. The first lookup after puts indexes them,
 * so lookups are not thread-safe until srcmap_index() has been called
 * after the last put; from then on they only read.
 */
const struct srcpos *srcmap_get(const struct srcmap *map,
                                const struct cJSON *node);
/* Indexes every put so far. Returns 0 or -1 on ENOMEM. */
int srcmap_index(struct srcmap *map);
/* Number of distinct nodes recorded. */
size_t srcmap_size(const struct srcmap *map);

/*
 * For yaml_load's split load (one thread, like every call here). Puts so
 * far, deleted ones included: the number of the next put.
 */
size_t srcmap_puts(const struct srcmap *map);
/*
 * The node of put number i (< srcmap_puts(), NULL once deleted), its
 * position in *pos. Reads no index.
 */
const struct cJSON *srcmap_put_at(const struct srcmap *map, size_t i,
                                  const struct srcpos **pos);
/* Forgets every put from number n on (a load that is thrown away). */
void srcmap_truncate(struct srcmap *map, size_t n);
/*
 * Appends the puts of from, except its first skip, with line_delta added
 * to their lines (and to key lines that are not 0), and takes over its
 * interned strings (they stay valid until map is freed; srcmap_intern()
 * on map does not find them, so an equal string interned later is another
 * pointer). from is left empty, to be freed. 0, or -1 on ENOMEM (nothing
 * moved).
 */
int srcmap_absorb(struct srcmap *map, struct srcmap *from, size_t skip,
                  uint32_t line_delta);

/*
 * Interning: one copy of each distinct string, kept by the map. yaml_load
 * makes every object member key an interned string (flagged
 * cJSON_StringIsConst: cJSON_Delete leaves it, cJSON_Duplicate shares it),
 * and every string value of up to 64 bytes (flagged cJSON_IsReference:
 * cJSON_Delete leaves it, cJSON_Duplicate copies it). A document has few
 * distinct keys and short values and many nodes: one copy saves an
 * allocation per node. Members with equal keys in one tree yaml_load
 * parsed in one part share one pointer (its duplicate-key check compares
 * addresses); a big text parsed in two parts (yaml_load.h) has two
 * pointers for some equal keys, so code after the load compares key
 * bytes, never addresses. (json_load keeps the strings cJSON allocated.)
 *
 * Returns the map's copy of s[0..len) (NUL-terminated after len; s need
 * not be), the same pointer for equal bytes every time, or NULL when out
 * of memory (or len >= 4 GiB). Interned strings live until srcmap_free():
 * a tree holding interned strings must be freed before its map, and must
 * not be used after it. Strings are never freed one by one, nor written.
 * Not thread-safe.
 */
const char *srcmap_intern(struct srcmap *map, const char *s, size_t len);
/* Number of distinct strings interned. */
size_t srcmap_intern_count(const struct srcmap *map);

/* Adds a file path to the table; its id goes to *out. Returns 0 or -1. */
int srcmap_add_file(uint32_t *out, struct srcmap *map, const char *path);
/* The path of file id, or "?" when unknown. Borrowed from the map. */
const char *srcmap_file_path(const struct srcmap *map, uint32_t file);
size_t srcmap_file_count(const struct srcmap *map);

#endif
