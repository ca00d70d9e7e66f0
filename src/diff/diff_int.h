/*
 * diff_int.h: what diff.c (the items) and diff_schema.c (the schemas)
 * share. Not a public header.
 */
#ifndef ASYNCDOC_DIFF_INT_H
#define ASYNCDOC_DIFF_INT_H

#include "diff/diff.h"
#include "util/hmap.h"
#include "util/strbuf.h"

struct cJSON;
struct loader_doc;
struct model_schema;

/* One comparison's state; `where` grows and shrinks as the walk goes. */
struct diff_ctx {
	struct diff_result *out;
	const struct diff_opts *opts;
	struct loader_doc *od, *nd; /* the two sides' documents */
	enum diff_dir dir;
	enum diff_item item;
	const char *item_id;
	struct strbuf where;
	/* Schema node pairs compared, per direction: "%p %p %d" keys. */
	struct hmap seen;
	char **keys;
	size_t n_keys, cap_keys;
	int oom;
};

/*
 * Adds a change of kind (a diff_kinds() id) at the current where, with
 * the positions of o (old side) and n (new side), either may be NULL.
 */
void diff_add(struct diff_ctx *c, const char *kind, const struct cJSON *o,
              const struct cJSON *n, const char *fmt, ...)
        __attribute__((format(printf, 5, 6)));

/* Appends " > text" (or text first) to where; returns the length to restore. */
size_t diff_push(struct diff_ctx *c, const char *fmt, ...)
        __attribute__((format(printf, 2, 3)));
void diff_pop(struct diff_ctx *c, size_t len);

/* Compares two schemas of a message (either may be NULL) in c->dir. */
void diff_schema(struct diff_ctx *c, const struct model_schema *o,
                 const struct model_schema *n, const char *what);

/* Compares two JSON Schema trees (refs followed) in c->dir. */
void diff_json_schema(struct diff_ctx *c, const struct cJSON *o,
                      const struct cJSON *n);

/* A change of kind when member key of o and n differ ("key changed"). */
void diff_member(struct diff_ctx *c, const struct cJSON *o,
                 const struct cJSON *n, const char *key, const char *kind);

/* 1 when the two JSON values are equal (refs followed on each side). */
int diff_json_equal(struct diff_ctx *c, const struct cJSON *o,
                    const struct cJSON *n);

#endif
