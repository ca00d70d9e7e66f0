/*
 * render_int.h: what the files of the render module share (render.c, the
 * pages and their items; render_format.c, HTML and Markdown; render_index.c,
 * the reverse links; render_sidebar.c; render_portal.c). Not a contract
 * for other modules: only render.h is.
 *
 * Threads: a struct ctx is one page's expansion, on one thread; the
 * render_index is shared by the threads writing pages of one output and
 * only read once made (but for the atomic `reported` bits).
 */
#ifndef ASYNCDOC_RENDER_INT_H
#define ASYNCDOC_RENDER_INT_H

#include <stddef.h>

#include "util/hmap.h"
#include "model/model.h"
#include "render/pages.h"
#include "render/render.h"
#include "render/tmpl.h"

struct cJSON;
struct loader_via;

/* Page templates and partials: names without the format's suffix. */
#define T_INDEX     "index"
#define T_CHANNEL   "channel"
#define T_OPERATION "operation"
#define T_MESSAGE   "message"
#define T_SCHEMA    "schema-page"
#define T_HEAD      "head"
#define T_HEADER    "header"
#define T_SIDEBAR   "sidebar"
#define T_FOOTER    "footer"
#define T_SERVER_I  "server-item"
#define T_CHANNEL_I "channel-item"
#define T_OP_I      "operation-item"
#define T_MSG_I     "message-item"
#define T_SCHEMA_I  "schema-item"
#define T_TAGS      "tags"
#define T_EXTDOCS   "extdocs"
#define T_BINDINGS  "bindings"
#define T_EXTS      "extensions"
#define T_SECURITY  "security"
#define T_SNIPPETS  "snippets"
#define T_GRAPH     "graph"
#define T_404       "404.html.tpl"
#define T_PORTAL    "portal.html.tpl"

/*
 * An output format: HTML and Markdown pages are filled by the same code
 * and differ by this struct (render_format.c), passed in the page's ctx.
 */
struct render_format {
	const char *suffix;    /* of its templates: ".html.tpl", ".md.tpl" */
	enum tmpl_strip strip; /* how its templates are loaded, expanded */
	/*
	 * A value on its way into a dictionary: 0 with *out NULL to set val
	 * as it is, 0 with *out a new string to set instead, -1 when out of
	 * memory. NULL: every value goes in raw (the templates escape).
	 */
	int (*escape)(char **out, const char *var, const char *val);
	/* the templates its pages use, checked before anything is written */
	const char *const *templates;
	size_t n_templates;
	/* Markdown: text as Markdown, code fenced, schemas as table rows,
	 * no head, bar or sidebar, no links into the portal's others */
	int markdown;
};

extern const struct render_format render_format_html;
extern const struct render_format render_format_md;

/* One-line summaries in tables: bytes of text kept. */
#define ONE_LINE_MAX 160

/* The lists whose descriptions are reported once (see struct render_index). */
enum list { L_SERVER, L_CHANNEL, L_OPERATION, L_MESSAGE, L_SCHEMA, L_COUNT };

/* A list of pointers (reverse links). */
struct plist {
	const void **items;
	size_t n, cap;
};

/*
 * Every item's sidebar entry, made once for the sidebars of all pages
 * (each shows some twenty neighbours of its item, #18): items[slot]
 * (slot: first[list] + i of struct render_index) holds offsets in text
 * and lengths, RENDER_NAV_NONE for none (the page makes it then).
 */
#define RENDER_NAV_NONE ((size_t)-1)
struct render_nav_item {
	size_t name_len;       /* of the item's name (0 when it has none) */
	size_t html, html_len; /* the name as HTML, with <wbr> breaks */
	/*
	 * "../" and the URL from the site's root: the URL from a page one
	 * folder down, and from the root 3 bytes on.
	 */
	size_t url, url_len;
};
struct render_nav {
	char *text;
	struct render_nav_item *items;
	/*
	 * The sidebar entries' expansions, shared by the pages: key
	 * 2 * slot + 1 for a page one folder down ("../"), 2 * slot for one
	 * at the root (tmpl_dict_memo). NULL: none.
	 */
	struct tmpl_memo *memo;
	/* The same for whole groups, key 2 * kind (+ 1), see nav_kinds. */
	struct tmpl_memo *group_memo;
};

/* The sidebar's groups: servers, channels, operations, messages, schemas. */
#define NAV_KINDS 5

/*
 * What every page of an output shares: reverse links (the operations
 * that use a message, the messages whose payload or headers is a
 * component schema), the schema views, and which items' texts were
 * rendered (so that a cut description is reported once per build).
 */
struct render_index {
	struct plist *msg_ops;      /* per message: operations using it */
	struct plist *msg_channels; /* per message: channels carrying it */
	struct plist *ch_replies;   /* per channel: operations replying on it */
	struct plist *schema_msgs;  /* per component schema: messages */
	struct schemaview_ctx *sv;
	struct pages_plan plan;    /* HTML pages */
	struct pages_plan plan_md; /* Markdown pages */
	char *front_matter;        /* Markdown pages, {{title}}... replaced */
	/* portal: per other member, its channels by address, messages by name
	 */
	struct hmap *other_channels, *other_messages;
	size_t n_others;
	unsigned char *reported;
	/*
	 * Single page: the items whose headings' ids move aside, one bit per
	 * item as `reported` (see render_set_sub_anchor()); NULL elsewhere.
	 */
	unsigned char *heads_moved;
	size_t first[L_COUNT];
	struct render_nav nav; /* the sidebar's items (render_sidebar.c) */
};

struct ctx;

/* A group's window of sidebar entries, made as the page is expanded. */
struct nav_run {
	struct ctx *c;
	enum pages_kind kind;
	size_t from;
};

/* State of one page expansion. */
struct ctx {
	const struct render_output *o;
	const struct model *m;
	const struct render_opts *opts;
	const struct render_format *fmt;
	struct render_index *ix;
	struct diag_list *diags;
	const char *root;              /* "" or "../" */
	const struct pages_plan *plan; /* of the page's format */
	const char *page_path;         /* the page's file */
	int is_404;
	enum pages_kind kind; /* the page's object (PAGES_INDEX: none) */
	size_t item;
	int nomem;
	/*
	 * The names of the page's schema trees (render_add_tree), each once:
	 * name -> the next suffix to try when it is asked for again. The
	 * keys are owned (tree_names), freed by render_ctx_release().
	 */
	struct hmap trees;
	char **tree_names;
	size_t n_tree_names, cap_tree_names;
	/* render_fill_sidebar(): the page's groups (nav_kinds indices) */
	size_t nav_groups[NAV_KINDS], n_nav_groups;
	/* the memo keys' last bit: 0 at the root, 1 one folder down; SIZE_MAX:
	 * no memo for this page */
	size_t nav_variant;
	struct nav_run nav_runs[NAV_KINDS]; /* their windows */
};

/* Passes text on to the caller's writer, noting whether it failed. */
struct relay {
	render_write_fn write;
	void *arg;
	int failed;
};

int render_relay_write(void *arg, const char *data, size_t len);

/* ------------------------------------------------ small value helpers */

static inline int
is_set(const char *s)
{
	return s != NULL && s[0] != '\0';
}

/* The first of a, b, c that is a non-empty string, else d. */
static inline const char *
first_of(const char *a, const char *b, const char *c, const char *d)
{
	if (is_set(a))
		return a;
	if (is_set(b))
		return b;
	if (is_set(c))
		return c;
	return d;
}

static inline const char *
server_name(const struct model_server *s)
{
	return first_of(s->key, s->id, NULL, "server");
}

static inline const char *
channel_name(const struct model_channel *ch)
{
	return first_of(ch->key, ch->address, ch->id, "channel");
}

static inline const char *
operation_name(const struct model_operation *op)
{
	return first_of(op->operation_id, op->key,
	                op->channel != NULL ? channel_name(op->channel) : NULL,
	                op->id);
}

static inline const char *
message_name(const struct model_message *msg)
{
	return first_of(msg->name, msg->title,
	                first_of(msg->key, msg->message_id, msg->id, NULL),
	                "message");
}

static inline const char *
schema_name(const struct model_schema *s)
{
	return first_of(s->name, s->id, NULL, "schema");
}

/* -------------------------------------- render_format.c: values in */

/* tmpl_set and tmpl_set_global through the page's format's escaping. */
void render_set_escaped(struct ctx *c, struct tmpl_dict *d, const char *var,
                        const char *val);
/*
 * Inline: an HTML page's values go in raw, and a name written as a
 * literal is then measured by the compiler (see tmpl_set).
 */
static inline void
render_set(struct ctx *c, struct tmpl_dict *d, const char *var, const char *val)
{
	if (c->fmt->escape == NULL)
		tmpl_set(d, var, val);
	else
		render_set_escaped(c, d, var, val);
}
void render_set_global(struct ctx *c, struct tmpl_dict *d, const char *var,
                       const char *val);
/* Includes the partial file (a T_* name) of the page's format. */
struct tmpl_dict *render_include(struct ctx *c, struct tmpl_dict *d,
                                 const char *marker, const char *file);
/*
 * Shows section `var` holding the variable `var` when val is non-empty,
 * so that a template can write {{#X}}<p>{{X}}</p>{{/X}}.
 */
void render_set_section(struct ctx *c, struct tmpl_dict *d, const char *var,
                        const char *val);
/*
 * Renders Markdown text into section/variable var. owner and key locate
 * the text for the diagnostic when it is cut (only when report is set).
 */
void render_set_markdown(struct ctx *c, struct tmpl_dict *d, const char *var,
                         const char *text, const struct cJSON *owner,
                         const struct loader_via *via, const char *key,
                         int report);
/*
 * Markdown: text[0..len) as a fenced code block in lang ("sh"), the fence
 * longer than any run of backticks in it, into var (an *_HTML var).
 */
void render_set_fenced(struct ctx *c, struct tmpl_dict *d, const char *var,
                       const char *lang, const char *text, size_t len);
/* n as code (JSON or YAML) into var (an *_HTML var). */
void render_set_code(struct ctx *c, struct tmpl_dict *d, const char *var,
                     const struct cJSON *n, int yaml);
/*
 * A schema as a tree (HTML) or rows (Markdown) under d. name says where
 * the tree is on the page ("message-<id>-payload": the item's anchor and
 * the tree's place in it); the tree's anchors are "sv-<name>-<n>", with
 * "-2", "-3"... after a name the page has used already, so that a page
 * that shows one schema in several places (a single page, a message's
 * bindings) repeats no id.
 */
void render_add_tree(struct ctx *c, struct tmpl_dict *d,
                     const struct cJSON *schema, const char *format,
                     unsigned flags, const char *name);
/* Frees what the page's expansion kept in c (the tree names). */
void render_ctx_release(struct ctx *c);

/* --------------------------------------------- render.c: shared */

/*
 * a + b + c (none NULL) into buf of size > 0, cut to size as snprintf
 * would; the length written. For the short values of every page, which
 * snprintf's format parsing or a malloc'd join made costly.
 */
size_t render_cat3(char *buf, size_t size, const char *a, const char *b,
                   const char *c);
/* "a" + sep + "b" (either may be NULL), or NULL. Caller frees. */
char *render_join(struct ctx *c, const char *a, const char *sep, const char *b);
/* The URL of object id of kind from the current page into var. */
void render_set_url(struct ctx *c, struct tmpl_dict *d, const char *var,
                    enum pages_kind kind, const char *id);
/*
 * The first line of a text (Markdown or plain), cut at ONE_LINE_MAX bytes
 * on a UTF-8 boundary with "...", into var. Escaped by the template.
 */
void render_set_one_line(struct ctx *c, struct tmpl_dict *d, const char *var,
                         const char *text);
/*
 * The globals ASSET_<file>: each asset's URL from a page at page_root, the
 * assets folder being up (another "../" for a portal's APIs).
 */
void render_set_asset_globals(struct ctx *c, struct tmpl_dict *root,
                              const struct render_opts *o,
                              const char *page_root, const char *up);
/* Appends a page of kind for item, at path (taken; freed on failure). */
int render_add_page(struct render_output *r, size_t *cap, char *path,
                    enum render_kind kind, size_t item);

/* ------------------------------------------------ the other files */

/* render_sidebar.c: the sidebar's groups of a page. */
void render_fill_sidebar(struct ctx *c, struct tmpl_dict *d);
/*
 * Makes ix->nav (ix->first and ix->plan set): 0, or -1 when out of
 * memory. render_sidebar_names_free() frees it (zeroed is fine).
 */
int render_sidebar_names(struct render_index *ix, const struct model *m);
void render_sidebar_names_free(struct render_nav *nav);

/* render_index.c: the index of m (free with render_index_free()). */
int render_index_new(struct render_index **out, const struct model *m,
                     const struct render_opts *opts);
void render_index_free(struct render_index *ix, const struct model *m);

/*
 * render_index.c: the prefix of the ids of item i's headings into var
 * ("channel-<id>-messages" is {{CH_SUB_ANCHOR}}-messages): its anchor,
 * else, on a single page where one of them would be the anchor of another
 * item of its kind, "<anchor>-" (see index_heads()).
 */
void render_set_sub_anchor(struct ctx *c, struct tmpl_dict *d, const char *var,
                           enum list l, size_t i, const char *anchor);

/* render.c: the values every page has (globals, head, sidebar...). */
struct tmpl_dict *render_page_dict(struct ctx *c, const char *title,
                                   const char *kind_label);

/* render_changes.c: the Changes page, its link and the items' badges. */
enum diff_item;
int render_changes_plan(struct render_output *r, size_t *cap, int md);
const char *render_changes_template(void);
struct tmpl_dict *render_changes_dict(struct ctx *c);
void render_changes_link(struct ctx *c, struct tmpl_dict *root);
void render_changes_badge(struct ctx *c, struct tmpl_dict *d,
                          enum diff_item item, const char *id);
/* render_snippet.c: the operation's snippets (snippet.h) under d. */
void render_add_snippets(struct ctx *c, struct tmpl_dict *d,
                         const struct model_operation *op);

/* render_graph.c: the architecture graph (graph.h) under d. */
void render_add_graph(struct ctx *c, struct tmpl_dict *d);
/* The portal's graph: its APIs and the channels they share. */
void render_add_portal_graph(struct ctx *c, struct tmpl_dict *d,
                             const struct render_portal_entry *apis,
                             size_t n);

/* render_portal.c: a portal's landing page through write. */
int render_write_portal(const struct render_output *out, render_write_fn write,
                        void *arg, struct diag_list *diags);

#endif
