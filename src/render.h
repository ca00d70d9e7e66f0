/*
 * render: model -> pages, through the theme's templates.
 *
 * For now the site is one page, index.html: title, version, description,
 * info (license, terms of service, contact, external docs, id, default
 * content type, tags) and the lists of servers, channels, operations,
 * messages and schemas, each item with an anchor (server-<id>,
 * channel-<id>, operation-<id>, message-<id>, schema-<id>) and a table of
 * contents linking to them.
 *
 * Escaping: every value from the spec goes into the template dictionary
 * raw and the templates escape it (ctemplate auto-escape). The only HTML
 * built here is cmark's safe-mode output of Markdown descriptions, in the
 * variables named *_HTML. Output is the same bytes for the same input (no
 * dates, no addresses, document order everywhere).
 *
 * Template variables: see themes/default/html/index.html.tpl, which uses
 * all of them; each level of sections has its own prefix (SERVER_,
 * CHANNEL_, OP_, MSG_, SCHEMA_...) because ctemplate sections fall back to
 * their parents' values.
 *
 * Memory: a page is expanded while it is written, never held whole, and
 * the values of each item of the lists (servers, channels, operations,
 * messages, schemas) exist only while that item is expanded: the head of
 * an item (its *_ID, *_NAME and, for operations, OP_CLASS and OP_LABEL,
 * all a table of contents needs) is cheap, the rest (Markdown, schema
 * JSON) is made only when the template uses it. A build's memory is thus
 * the model's plus about one item's.
 */
#ifndef ASYNCDOC_RENDER_H
#define ASYNCDOC_RENDER_H

#include <stddef.h>

#include "diag.h"
#include "mdtext.h"

struct model;
struct tmpl_cache;

struct render_opts {
	int v3_labels;       /* SEND/RECEIVE for v2 too, not PUB/SUB */
	size_t markdown_max; /* bytes rendered per description */
};

#define RENDER_OPTS_INIT                                                       \
	{                                                                      \
		0, MDTEXT_MAX_DEFAULT                                          \
	}

/*
 * Receives a page's bytes, in order, in pieces. Returns 0, or -1 to stop
 * (the writer keeps its own error).
 */
typedef int (*render_write_fn)(void *arg, const char *data, size_t len);

/* How a page's bytes come. */
enum render_kind {
	RENDER_DATA, /* held in data */
	RENDER_INDEX /* expanded from the index template while written */
};

/*
 * One output file. A page is either held in memory (RENDER_DATA: data and
 * len) or, so that a big site is never held whole, expanded only when it
 * is written (data NULL): write every page with render_page_write().
 */
struct render_page {
	char *path; /* relative to the site root, e.g. "index.html" */
	char *data;
	size_t len;
	enum render_kind kind;
};

/*
 * The pages of a site. An output with expanded pages borrows the model
 * and the template cache it was made from (m, tmpl): they must outlive
 * it. A hand-made output of RENDER_DATA pages may leave them zero.
 */
struct render_output {
	struct render_page *pages;
	size_t n;
	const struct model *m;
	struct tmpl_cache *tmpl;
	struct render_opts opts;
};

/*
 * Plans every page of the site into *out (free with render_output_free())
 * and checks that the templates they need are there and valid, so that
 * writing them can only fail for lack of memory or on I/O. Returns 0, or
 * -1 with *out NULL and a `template-error` (missing or broken template) or
 * `out-of-memory` error.
 */
int render_site(struct render_output **out, const struct model *m,
                struct tmpl_cache *tmpl, const struct render_opts *opts,
                struct diag_list *diags);
void render_output_free(struct render_output *out);

/*
 * Hands the bytes of page i of out to write(arg, ...) in pieces (of at
 * most TMPL_CHUNK bytes, see tmpl.h), expanding the page now unless it is
 * held in memory. Descriptions over opts.markdown_max
 * are cut and reported as `markdown-too-long` warnings (once per text).
 * Returns 0; or -1 with a `template-error` or `out-of-memory` error; or -1
 * with no diagnostic when write returned -1. Some bytes may have been
 * written before a failure.
 */
int render_page_write(const struct render_output *out, size_t i,
                      render_write_fn write, void *arg,
                      struct diag_list *diags);

/*
 * The bytes of page i of out, in a NUL-terminated buffer the caller frees
 * with free(), in *text (and its length in *len, which may be NULL), for
 * callers that need a page whole (tests, the preview server). Returns 0,
 * or -1 with *text NULL (errors as render_page_write()).
 */
int render_page_text(char **text, size_t *len, const struct render_output *out,
                     size_t i, struct diag_list *diags);

#endif
