/*
 * searchidx: the site's search index, written at build time.
 *
 * The index is a script, search-index.js, that the page loads with a
 * <script> element (fetch() of a JSON file is blocked on file://). It
 * assigns one object:
 *
 *   window.ASYNCDOC_INDEX = {"v":1,"specs":[SPEC,...]};
 *   SPEC  = {"title":T,"prefix":P,"entries":[ENTRY,...]}
 *   ENTRY = [kind, title, url, summary, terms]
 *
 * kind    "server", "channel", "operation", "message" or "schema"
 *         (pages_kind_name()), the badge a result shows;
 * title   the name the site shows for the object (the sidebar's);
 * url     where the object is, from pages_url(), relative to the spec's
 *         site; a page joins its root (data-root), the spec's prefix
 *         and url;
 * summary one line of plain text ("" when there is none);
 * terms   plain text that only matches: addresses, ids, summaries,
 *         descriptions, schema property names (payload, headers and
 *         component schemas, through $refs), enum values, operationIds,
 *         message names and titles, tags, protocols; pieces separated by
 *         one space, each piece once per entry.
 *
 * Entries come in document order: servers, channels, operations, messages,
 * component schemas, each in model order, so the same model gives the same
 * bytes. A portal of several specs adds one SPEC per spec
 * (searchidx_add() with a prefix such as "parking/"); a site of one spec
 * has one SPEC with the prefix "".
 *
 * Safety: every string is JSON-escaped and the file is pure ASCII: every
 * byte outside printable ASCII, and <, >, &, ' are written as \uXXXX
 * escapes (U+2028/2029 too, and U+FFFD for invalid UTF-8), so the file
 * means the same in any page encoding and "</script>" or "<!--" can never
 * appear in it.
 *
 * Size: the caps below are in bytes of spec text before escaping (an
 * escape writes at most 6 bytes per byte of text). Descriptions are cut at
 * SEARCHIDX_DESC_MAX, titles and summaries at SEARCHIDX_TEXT_MAX, one
 * entry's terms at SEARCHIDX_TERMS_MAX; a schema walk stops at depth
 * SEARCHIDX_SCHEMA_DEPTH or after SEARCHIDX_SCHEMA_NODES nodes per entry
 * (circular refs and schemas shared several times are walked once per
 * entry). Once the terms of all entries so far reach SEARCHIDX_TOTAL_MAX
 * (the writer's total_max),
 * later entries have empty terms (they are still found by title and
 * summary), so an index is at most about SEARCHIDX_TOTAL_MAX plus 2 KiB
 * per object. Cuts end with "...".
 */
#ifndef ASYNCDOC_SEARCHIDX_H
#define ASYNCDOC_SEARCHIDX_H

#include <stddef.h>

struct model;
struct pages_plan;
struct strbuf;

/* The index's file name, at the root of the site. */
#define SEARCHIDX_FILE "search-index.js"

#define SEARCHIDX_TEXT_MAX     160
#define SEARCHIDX_DESC_MAX     400
#define SEARCHIDX_TERMS_MAX    2048
#define SEARCHIDX_SCHEMA_DEPTH 16
#define SEARCHIDX_SCHEMA_NODES 2000
#define SEARCHIDX_TOTAL_MAX    ((size_t)8 << 20)

/*
 * An index being written into out: searchidx_begin(), searchidx_add() per
 * spec, searchidx_end(). The writer holds nothing to free; out is the
 * caller's.
 */
struct searchidx {
	struct strbuf *out;
	size_t n_specs;
	size_t terms_total; /* bytes of terms written so far */
	size_t total_max;   /* SEARCHIDX_TOTAL_MAX; may be changed after
	                       searchidx_begin() */
};

/* Starts an index in out (appending to what out holds). */
void searchidx_begin(struct searchidx *w, struct strbuf *out);

/*
 * Appends the entries of m, with URLs laid out by plan, as one SPEC whose
 * prefix is prefix (NULL or "" for a site of one spec; else a relative
 * folder path ending with '/', written as given). Returns 0, or -1 when
 * out of memory (out->oom is then set).
 */
int searchidx_add(struct searchidx *w, const struct model *m,
                  const struct pages_plan *plan, const char *prefix);

/* Closes the index. Returns 0, or -1 when out ran out of memory. */
int searchidx_end(struct searchidx *w);

/*
 * The whole index of a site of one spec into out: begin, add with prefix
 * "", end. Returns 0, or -1 when out of memory.
 */
int searchidx_write(struct strbuf *out, const struct model *m,
                    const struct pages_plan *plan);

#endif
