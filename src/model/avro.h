/*
 * avro: the index of an Avro schema's named types (record, error, enum,
 * fixed) by full name (namespace.name) and short name, shared by the
 * schema view and the example generator.
 *
 * A name's namespace is its own "namespace", else the one of the named
 * type it is defined in (the Avro specification's rules); a dotted name is
 * already full. The first definition of a name wins.
 *
 * The index borrows the schema tree (it must outlive the index) and owns
 * only its copies of the full names. Thread safety: an index is built by
 * one thread; lookups on a built index may run in parallel.
 */
#ifndef ASYNCDOC_AVRO_H
#define ASYNCDOC_AVRO_H

#include <stddef.h>

#include "util/hmap.h"

struct cJSON;

/* Deepest schema nesting the index walks. */
#define AVRO_MAX_DEPTH 64

/*
 * Follows a reference ($ref) to its target for the walk: the target, or
 * NULL when it cannot be followed. NULL as the function: no references.
 */
typedef const struct cJSON *(*avro_deref_fn)(void *ctx,
                                             const struct cJSON *node);

struct avro_index {
	struct hmap names; /* full and short names -> definitions */
	struct hmap seen;  /* nodes already walked */
	char **keys;       /* the full names, owned */
	size_t n_keys, cap_keys;
};

#define AVRO_INDEX_INIT                                                        \
	{                                                                      \
		HMAP_INIT, HMAP_INIT, NULL, 0, 0                               \
	}

/*
 * Indexes the named types of schema into *out (an empty index: zeroed or
 * AVRO_INDEX_INIT), following references through deref(ctx, node).
 * Returns 0, or -1 when out of memory (*out then holds what was indexed
 * so far and must still be freed).
 */
int avro_index_build(struct avro_index *out, const struct cJSON *schema,
                     avro_deref_fn deref, void *ctx);

/*
 * The definition a type name refers to: by full name, else by short name
 * (the last part of a dotted name). NULL for primitive names and unknown
 * ones.
 */
const struct cJSON *avro_index_get(const struct avro_index *ix,
                                   const char *name);

/* Frees what the index owns; it is empty again afterwards. */
void avro_index_free(struct avro_index *ix);

/* 1 when s names a primitive type (null, boolean, int, ... string). */
int avro_is_primitive(const char *s);

/* 1 when type t is a named one (record, error, enum, fixed); t may be NULL. */
int avro_is_named(const char *t);

#endif
