/*
 * treehash: the content of a subtree of a loaded document as a 64-bit hash,
 * and content equality, for caches that reuse what was worked out for one
 * subtree on another equal one: documents often repeat one inline schema
 * in many messages (the validator compiles it once, the renderer shows it
 * once per theme and page depth).
 *
 * Equal content: the same JSON type; strings and numbers with the same text
 * (a number as written, else its value); objects with the same members in
 * the same order; arrays with the same items. A $ref whose target the
 * loader knows is equal to another only with the same target node (not the
 * same text, nor a target of equal content), so a cycle or a component
 * seen through a ref stays that one. A node the caller calls opaque
 * (opts.opaque returns 1) is equal to itself only, as is any node deeper
 * than TREEHASH_MAX_DEPTH below the subtree's root. Equal subtrees hash
 * alike; a hash says nothing more, so a cache compares with
 * treehash_equal() before it reuses.
 *
 * Threads: both functions only read the document (its trees and the
 * loader's ref table) and may run on any number of threads at once.
 */
#ifndef ASYNCDOC_TREEHASH_H
#define ASYNCDOC_TREEHASH_H

#include <stdint.h>

struct cJSON;
struct loader_doc;

/* Levels below a subtree's root that content is compared at. */
#define TREEHASH_MAX_DEPTH 64

struct treehash_opts {
	const struct loader_doc *doc; /* resolves refs; NULL: refs as text */
	/* 1 when n must compare by identity (NULL: no node does) */
	int (*opaque)(void *arg, const struct cJSON *n);
	void *arg;
};

/* The hash of n's content (n not NULL). */
uint64_t treehash_hash(const struct treehash_opts *opts, const struct cJSON *n);

/* 1 when a and b (not NULL) have equal content, else 0. */
int treehash_equal(const struct treehash_opts *opts, const struct cJSON *a,
                   const struct cJSON *b);

#endif
