/*
 * helpers: what the cmocka tests share (tests/libtesthelpers.a, linked
 * into every test): the clock, reading and writing files, counting
 * diagnostics, walking a tree, and one harness for the two tree loaders.
 *
 * Include after <cmocka.h>. Helpers that can only fail on a broken test
 * machine (out of memory, a write error) fail the running test; the
 * others say what they found. Not thread-safe: call from the test thread.
 */
#ifndef ASYNCDOC_TESTS_HELPERS_H
#define ASYNCDOC_TESTS_HELPERS_H

#include <stddef.h>
#include <stdint.h>

#include "load/load_limits.h"

struct cJSON;
struct diag;
struct diag_list;
struct srcmap;

/*
 * Cost checks count work (a counter the library keeps), never time: exact,
 * and the same on a busy machine. Fails unless big, the work for 4 x the
 * input of small, is at most 5 x small (linear, with some slack); what
 * names the counter in the message.
 */
void helpers_assert_linear(size_t small, size_t big, const char *what);

/*
 * The whole of path (dir NULL) or of dir/name, NUL-terminated, length in
 * *len when len is not NULL. NULL when the file cannot be opened. The
 * caller frees.
 */
char *helpers_read_file(const char *dir, const char *name, size_t *len);

/* Writes text to path (dir NULL) or to dir/name, replacing it. */
void helpers_write_file(const char *dir, const char *name, const char *text);

/* How many diagnostics of d have rule rule; the first of them or NULL. */
size_t helpers_count_rule(const struct diag_list *d, const char *rule);
const struct diag *helpers_find_rule(const struct diag_list *d,
                                     const char *rule);

/* Node at a slash-separated path of keys and array indexes, or NULL. */
const struct cJSON *helpers_at(const struct cJSON *n, const char *path);

/* yaml_load_buffer() and json_load_buffer() share this signature. */
typedef int helpers_load_fn(struct cJSON **out, const char *buf, size_t len,
                            uint32_t file, struct srcmap *map,
                            const struct limits *lim,
                            struct load_budget *budget,
                            struct diag_list *diags);

/* One load: its tree, positions, diagnostics and node budget. */
struct helpers_ld {
	struct cJSON *root;
	struct srcmap *map;
	struct diag_list *diags;
	struct limits lim; /* LIMITS_INIT when left zeroed */
	size_t left;       /* lim.max_nodes when left zero */
	size_t work;       /* the load's budget.work (see load_limits.h) */
	int rc;
};

/*
 * Loads a private copy of text[0..len) (nothing after it, so that a read
 * past the end shows up under the sanitizers) with fn as file `shown` of a
 * new map, counting its work; checks that root is set exactly when fn
 * returns 0.
 */
void helpers_ld_load(struct helpers_ld *l, helpers_load_fn *fn,
                     const char *shown, const char *text, size_t len);
/* helpers_ld_load of the file dir/name (which must not be empty). */
void helpers_ld_load_file(struct helpers_ld *l, helpers_load_fn *fn,
                          const char *shown, const char *dir, const char *name);
/* The work (budget.work) of a default helpers_ld_load of text, freed. */
size_t helpers_ld_work(helpers_load_fn *fn, const char *shown,
                       const char *text);
/* Frees what a load made and zeroes l. */
void helpers_ld_unload(struct helpers_ld *l);
/* Fails unless the node at path sits at line:col, its key at key_*. */
void helpers_ld_check_pos(const struct helpers_ld *l, const char *path,
                          uint32_t line, uint32_t col, uint32_t key_line,
                          uint32_t key_col);

struct diag_list;
/* diag_print_text() of l (no colour) as a string freed with free(). */
char *helpers_diags_text(const struct diag_list *l);

/*
 * The shared corpus's folder: $ASYNCDOC_CORPUS, else ../shared/corpus
 * beside the project (into buf, size bytes). NULL, after a "# corpus not
 * found at ...: skipped" line, when it cannot be read.
 */
const char *helpers_corpus_dir(char *buf, size_t size);

#endif
