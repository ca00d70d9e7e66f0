/*
 * memsite: a site held as its model, rendered a page at a time when the
 * page is asked for (the preview server's source when serve writes
 * nothing), with a small cache of the pages rendered last.
 *
 * Ownership: memsite_set() takes the pages and the document and model they
 * were rendered from; they are freed when the next set replaces them, or
 * by memsite_free(). The theme assets list is borrowed: it must outlive
 * the memsite (the pipeline's).
 *
 * Threads: memsite_get() may run in any number of threads at once and
 * alongside one memsite_set(); a get that began before a set finishes
 * with the old site, whole. memsite_set() and memsite_drop_old() are
 * called from one thread.
 */
#ifndef ASYNCDOC_MEMSITE_H
#define ASYNCDOC_MEMSITE_H

#include <stddef.h>

struct loader_doc;
struct model;
struct render_output;
struct theme_asset;

/* Pages kept rendered; dropped whenever the site changes. */
#define MEMSITE_CACHE 8

struct memsite;

/* An empty site (every path not found), or -1 when out of memory. */
int memsite_new(struct memsite **out);
void memsite_free(struct memsite *ms);

/*
 * Puts pages (of model m, loaded as doc) in place of the previous site,
 * with assets (n of them, served under "assets/<out>"; NULL for none) and
 * drops the cached pages. Takes pages, m and doc, also on failure.
 * Returns 0, or -1 when out of memory (the previous site stays).
 *
 * The previous site is not freed here but kept until memsite_drop_old()
 * (or the next set, or memsite_free()): freeing a big model and document
 * takes time that the reload of the browsers need not wait for. Its
 * assets list must live until then.
 */
int memsite_set(struct memsite *ms, struct render_output *pages,
                struct model *m, struct loader_doc *doc,
                const struct theme_asset *assets, size_t n);

/* Frees the site that the last memsite_set() replaced, if any. */
void memsite_drop_old(struct memsite *ms);

/*
 * The bytes of the file at path (relative to the site's root, e.g.
 * "index.html" or "channels/a.html"), NUL-terminated, in *out (its length
 * in *len), for the caller to free(). Returns 1, 0 when the site has no
 * such file, or -1 when it cannot be made (out of memory, a template or
 * an asset file that cannot be read).
 */
int memsite_get(char **out, size_t *len, struct memsite *ms, const char *path);

#endif
