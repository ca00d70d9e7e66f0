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
 */
#ifndef ASYNCDOC_RENDER_H
#define ASYNCDOC_RENDER_H

#include <stddef.h>

#include "diag.h"
#include "mdtext.h"

struct model;
struct tmpl_cache;
struct tmpl_dict;

struct render_opts {
	int v3_labels;       /* SEND/RECEIVE for v2 too, not PUB/SUB */
	size_t markdown_max; /* bytes rendered per description */
};

#define RENDER_OPTS_INIT                                                       \
	{                                                                      \
		0, MDTEXT_MAX_DEFAULT                                          \
	}

/* One output file. */
struct render_page {
	char *path; /* relative to the site root, e.g. "index.html" */
	char *data;
	size_t len;
};

struct render_output {
	struct render_page *pages;
	size_t n;
};

/*
 * Builds the template dictionary of the index page of m into *out (free
 * with tmpl_dict_free()). Descriptions over opts->markdown_max are cut and
 * reported as `markdown-too-long` warnings. opts may be NULL for the
 * defaults. Returns 0, or -1 with *out NULL when out of memory.
 */
int render_index_dict(struct tmpl_dict **out, const struct model *m,
                      const struct render_opts *opts, struct diag_list *diags);

/*
 * Renders every page of the site with the templates of tmpl into *out
 * (free with render_output_free()). Returns 0, or -1 with *out NULL and a
 * `template-error` (missing or broken template) or `out-of-memory` error.
 */
int render_site(struct render_output **out, const struct model *m,
                struct tmpl_cache *tmpl, const struct render_opts *opts,
                struct diag_list *diags);
void render_output_free(struct render_output *out);

#endif
