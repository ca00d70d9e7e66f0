/*
 * render: model -> pages, through the theme's templates.
 *
 * The page plan (src/pages.h): index.html (overview: info, servers in
 * full, tables of channels, operations, messages and schemas with one-line
 * summaries), one page per channel, operation, message and component
 * schema, and search-index.js (src/searchidx.h). With opts.single_page
 * everything is one index.html with anchors (<kind>-<id>). Links between
 * pages are relative (a page in a folder reaches the root through "../"),
 * so a site works from any sub-path and from file://.
 *
 * Templates (names on the theme's html/ path; each page template includes
 * the partials): index.html.tpl, channel.html.tpl, operation.html.tpl,
 * message.html.tpl, schema-page.html.tpl; partials head, header, sidebar,
 * footer, the item partials server-item, channel-item, operation-item,
 * message-item, schema-item (the content of one object, shared by its page
 * and the single page), and tags, extdocs, bindings, extensions, security
 * (shared blocks), plus schemaview's schema.html.tpl. Every page sets the
 * globals ROOT ("" or "../"), ASSETS (ROOT + "assets/"), INDEX_URL,
 * SITE_TITLE, SITE_VERSION, ASYNCAPI_VERSION, GENERATOR and FOOTER_FROM
 * ("an AsyncAPI 3.0.0 document", on a portal "3 AsyncAPI documents"). The variables
 * each partial gets are the ones themes/default uses (it uses all of
 * them); a partial sees only its own dictionary and the globals.
 *
 * Escaping: every value from the spec goes into the dictionaries raw and
 * the templates escape it (ctemplate auto-escape). The only HTML built
 * here is cmark's safe-mode output of Markdown descriptions and the
 * highlighter's and schemaview's escaped HTML, in variables named *_HTML.
 * Output is the same bytes for the same input (no dates, no addresses,
 * document order everywhere).
 *
 * Size: the sidebar of a page lists every item only when the document
 * has at most RENDER_SIDEBAR_FULL of them (servers, channels, operations,
 * messages and schemas together); above that it shows, for the page's own
 * kind, the RENDER_SIDEBAR_NEAR items on each side of the current one,
 * and for the other kinds their heading only, each linking to the index's
 * full table, so that a site of n objects stays O(n) bytes, not O(n^2).
 *
 * Memory: a page is expanded while it is written, never held whole, and
 * the values of each item of a long list exist only while that item is
 * expanded (lazy sections), so a build's memory is the model's plus about
 * one page's values.
 */
#ifndef ASYNCDOC_RENDER_H
#define ASYNCDOC_RENDER_H

#include <stddef.h>

#include "util/diag.h"
#include "render/mdtext.h"

struct diff_result;
struct model;
struct theme_asset;
struct tmpl_cache;

#define RENDER_SIDEBAR_FULL 500
#define RENDER_SIDEBAR_NEAR 10

/*
 * Options of a build, set with designated initialisers: every field's
 * zero (or NULL) is its default, so `struct render_opts o = {0}` is the
 * default build.
 */
struct render_opts {
	int v3_labels;       /* SEND/RECEIVE for v2 too, not PUB/SUB */
	size_t markdown_max; /* bytes rendered per description; 0:
	                        MDTEXT_MAX_DEFAULT */
	int single_page;     /* everything in index.html */
	int no_snippets;     /* no command-line snippets (snippet.h) */
	int no_graph;        /* no architecture graph (graph.h) */
	int group_by_tags;   /* sidebar: operations under their first tag */
	unsigned formats;    /* RENDER_FMT_HTML and/or RENDER_FMT_MD; 0: HTML */
	int single_file;     /* Markdown: one asyncapi<md_ext> */
	const char *md_ext;  /* ".md" (NULL) or ".mdx" */
	/*
	 * Markdown: text put before every page (front matter for static
	 * site generators), with {{title}} and {{version}} replaced by the
	 * document's, as JSON strings (double-quoted, escaped: valid YAML
	 * and JSON wherever a value may go). NULL for none.
	 */
	const char *front_matter;
	/*
	 * Theme parameters: n_params (key, value) pairs in params[2 * i],
	 * params[2 * i + 1], borrowed; every template sees each as the
	 * global PARAM_<key> (the key as written, e.g. PARAM_groupByTags).
	 */
	const char *const *params;
	size_t n_params;
	/*
	 * The theme's assets (theme_assets()): each page sees the global
	 * ASSET_<rel, non-alphanumerics as _> holding its URL from the page
	 * (e.g. ASSET_style_css = "../assets/style.3f2a9c1e.css"). NULL: the
	 * names ASSETS + rel. With self_contained, the HTML site is one
	 * index.html: the CSS assets' text in the global INLINE_CSS_HTML, the
	 * JS assets' and the search index's in INLINE_JS_HTML (shown as
	 * section SELF_CONTAINED; LINKED otherwise).
	 */
	const struct theme_asset *assets;
	size_t n_assets;
	int self_contained;
	/*
	 * The address the site is published at ("https://x.github.io/api/"),
	 * or NULL: with it, sitemap.xml, and canonical links and Open Graph
	 * tags on every page (CANONICAL_URL, SITE_URL).
	 */
	const char *site_url;
	/*
	 * A member of a portal (several specs in one site, each in its
	 * folder): the other members' models and folders. Channels that
	 * share an address and messages that share a name link to each
	 * other, the search index holds every member (the others with the
	 * prefix "../<folder>/"), assets are looked up one folder up, and
	 * the header links to the portal's index (PORTAL_URL).
	 *
	 * Ownership: borrowed. render_site() copies these pointers into its
	 * output's opts and never frees them or what they point to; the
	 * arrays and the models must outlive the output. A caller that
	 * allocates one view of the others per API (src/cli does, once per
	 * API, no scratch copy) hands that allocation to the output and
	 * frees it through out->opts.others and out->opts.other_dirs when it
	 * frees the output.
	 */
	const struct model *const *others;
	const char *const *other_dirs;
	size_t n_others;
	/*
	 * The changes since an older version (build --compare-to), or NULL:
	 * a Changes page (changes.html, changes.md: template "changes"),
	 * linked from the index (section CHANGES_LINK), and a CHANGE_BADGE
	 * section (new, changed, breaking) on changed items' pages.
	 * changes_from names the older version. Borrowed: they must outlive
	 * the output.
	 */
	const struct diff_result *changes;
	const char *changes_from;
};

/* One API of a portal's landing page (render_portal()). */
struct render_portal_entry {
	const struct model *m; /* NULL for a spec that failed */
	const char *dir;       /* its folder in the site, e.g. "payments" */
	const char *spec;      /* the file it was built from */
};

#define RENDER_FMT_HTML 1u
#define RENDER_FMT_MD   2u

/* Deepest schema row a Markdown page shows (the schema's page has more). */
#define RENDER_MD_DEPTH 3

/*
 * Receives a page's bytes, in order, in pieces. Returns 0, or -1 to stop
 * (the writer keeps its own error).
 */
typedef int (*render_write_fn)(void *arg, const char *data, size_t len);

/* How a page's bytes come. */
enum render_kind {
	RENDER_DATA,      /* held in data */
	RENDER_INDEX,     /* expanded from the index template while written */
	RENDER_CHANNEL,   /* channel page of item (index in m->channels) */
	RENDER_OPERATION, /* m->operations[item] */
	RENDER_MESSAGE,   /* m->messages[item] */
	RENDER_SCHEMA,    /* m->schemas[item] */
	RENDER_SEARCH,    /* search-index.js */
	RENDER_404,       /* 404.html */
	RENDER_SITEMAP,   /* sitemap.xml (with site_url) */
	RENDER_PORTAL,    /* a portal's landing page */
	RENDER_CHANGES    /* changes since an older version (opts.changes) */
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
	size_t item; /* the object of a per-object page */
	int md;      /* a Markdown page (the .md.tpl templates) */
	/*
	 * A page of another output merged into this one (render_merge()):
	 * it is page owner_page of owner, written under this path.
	 */
	const struct render_output *owner;
	size_t owner_page;
};

/*
 * The pages of a site. An output with expanded pages borrows the model
 * and the template cache it was made from (m, tmpl): they must outlive
 * it. A hand-made output of RENDER_DATA pages may leave them zero.
 */
struct render_index;
struct render_portal_entry;

struct render_output {
	struct render_page *pages;
	size_t n;
	const struct model *m;
	struct tmpl_cache *tmpl;
	struct render_opts opts;
	struct render_index *ix; /* internal: reverse links, views */
	const struct render_portal_entry
	        *portal; /* render_portal(), borrowed */
	size_t n_portal;
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
 * Loads the page templates render_site() with opts would load into tmpl
 * (NULL: nothing), so that a thread started beside the load can parse
 * them while the spec is still being loaded: the template cache is
 * thread-safe, and render_site() loads whatever is not there. Failures are
 * left for render_site() to load again and report.
 */
void render_preload(struct tmpl_cache *tmpl, const struct render_opts *opts);

/*
 * A portal's own pages into *out: index.html (the landing page: every API
 * with its title, version, description and counts of channels and
 * messages, linking to <dir>/index.html; failed specs listed as such),
 * search-index.js over every API (prefix "<dir>/") and .nojekyll;
 * opts as for render_site() (its assets, theme parameters).
 * Returns 0, or -1 with a diagnostic.
 */
int render_portal(struct render_output **out,
                  const struct render_portal_entry *apis, size_t n,
                  struct tmpl_cache *tmpl, const struct render_opts *opts,
                  struct diag_list *diags);

/*
 * Appends every page of sub to out under prefix + "/" + its path; sub
 * must outlive out. Returns 0 or -1 (out of memory).
 */
int render_merge(struct render_output *out, const struct render_output *sub,
                 const char *prefix);

/*
 * Threads: once render_site() has returned, several threads may write
 * different pages of one output at once (each with its own diags list);
 * the model, its document and the template cache are only read.
 *
 * Hands the bytes of page i of out to write(arg, ...) in pieces (of at
 * most TMPL_CHUNK bytes, see tmpl.h), expanding the page now unless it is
 * held in memory. Descriptions over opts.markdown_max (or
 * MDTEXT_MAX_DEFAULT) are cut and reported as `markdown-too-long` warnings (once per text).
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
