/*
 * render_format: HTML and Markdown, the two formats of a page (see
 * render_int.h). Pages of both go through the same fill code; what
 * differs is here, as data (struct render_format) and the few functions
 * that make a value differently per format.
 *
 * Markdown has no auto-escape in ctemplate, so every value set into a
 * Markdown page's dictionary is escaped here: names ending in _HTML hold
 * text we made (safe Markdown, code blocks) and are set as they are;
 * _ANCHOR values are slugs; _URL values are link destinations
 * (percent-encoded, dangerous schemes dropped); everything else is
 * literal text (mdtext_escape). The templates of a Markdown page are the
 * .md.tpl twins of the HTML ones.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "load/loader.h"
#include "render/highlight.h"
#include "render/mdtext.h"
#include "render/render_int.h"
#include "render/schemaview.h"
#include "util/array.h"
#include "util/hmap.h"
#include "util/node.h"
#include "util/strbuf.h"

/* ------------------------------------------------------ the formats */

static const char *const html_templates[] = {"index.html.tpl",
                                             "channel.html.tpl",
                                             "operation.html.tpl",
                                             "message.html.tpl",
                                             "schema-page.html.tpl",
                                             "head.html.tpl",
                                             "header.html.tpl",
                                             "sidebar.html.tpl",
                                             "footer.html.tpl",
                                             "server-item.html.tpl",
                                             "channel-item.html.tpl",
                                             "operation-item.html.tpl",
                                             "message-item.html.tpl",
                                             "schema-item.html.tpl",
                                             "tags.html.tpl",
                                             "extdocs.html.tpl",
                                             "bindings.html.tpl",
                                             "extensions.html.tpl",
                                             "security.html.tpl",
                                             "snippets.html.tpl",
                                             "graph.html.tpl",
                                             SCHEMAVIEW_TEMPLATE,
                                             T_404};

static const char *const md_templates[] = {
        "index.md.tpl",        "channel.md.tpl",      "operation.md.tpl",
        "message.md.tpl",      "schema-page.md.tpl",  "footer.md.tpl",
        "server-item.md.tpl",  "channel-item.md.tpl", "operation-item.md.tpl",
        "message-item.md.tpl", "schema-item.md.tpl",  "tags.md.tpl",
        "extdocs.md.tpl",      "bindings.md.tpl",     "extensions.md.tpl",
        "security.md.tpl",     "schema-rows.md.tpl",  "snippets.md.tpl",
        "graph.md.tpl"};

static int md_escape(char **out, const char *var, const char *val);

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* HTML: values go in raw, the templates' auto-escape does the rest. */
const struct render_format render_format_html = {
        .suffix = ".html.tpl",
        .strip = TMPL_STRIP_BLANK,
        .templates = html_templates,
        .n_templates = N(html_templates),
};

/* Markdown: escaped here; blank lines matter, so templates are kept. */
const struct render_format render_format_md = {
        .suffix = ".md.tpl",
        .strip = TMPL_KEEP,
        .escape = md_escape,
        .templates = md_templates,
        .n_templates = N(md_templates),
        .markdown = 1,
};

/* ----------------------------------------------- Markdown escaping */

static int
ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && memcmp(s + n - m, suffix, m) == 0;
}

/* A link destination for Markdown: percent-encoded where it matters. */
static char *
md_url(const char *url)
{
	static const char hex[] = "0123456789ABCDEF";
	struct strbuf b = STRBUF_INIT;
	const char *p;

	strbuf_puts(&b, "");
	if (url == NULL || url[0] == '\0')
		return strbuf_take(&b);
	/* never a script: the schemes cmark's safe mode drops */
	if (mdtext_url_dangerous(url)) {
		strbuf_puts(&b, "#");
		return strbuf_take(&b);
	}
	for (p = url; *p != '\0'; p++) {
		unsigned char ch = (unsigned char)*p;

		if (ch <= ' ' || ch >= 0x7F || strchr("<>()[]|\\`\"'{}", ch)) {
			strbuf_putc(&b, '%');
			strbuf_putc(&b, hex[ch >> 4]);
			strbuf_putc(&b, hex[ch & 15]);
		} else {
			strbuf_putc(&b, (char)ch);
		}
	}
	return strbuf_take(&b);
}

static int
md_escape(char **out, const char *var, const char *val)
{
	*out = NULL;
	if (ends_with(var, "_HTML") || ends_with(var, "_ANCHOR") ||
	    ends_with(var, "ROOT"))
		return 0;
	if (ends_with(var, "_URL") || strcmp(var, "ASSETS") == 0)
		*out = md_url(val);
	else if (mdtext_escape(out, val) != 0)
		*out = NULL;
	return *out != NULL ? 0 : -1;
}

/* ------------------------------------------------------- values in */

static void
format_set(struct ctx *c,
           void (*set)(struct tmpl_dict *, const char *, const char *),
           struct tmpl_dict *d, const char *var, const char *val)
{
	char *esc = NULL;

	if (c->fmt->escape == NULL || val == NULL) {
		set(d, var, val);
		return;
	}
	if (c->fmt->escape(&esc, var, val) != 0) {
		/* an empty value, and the page fails for lack of memory */
		c->nomem = 1;
		set(d, var, "");
		return;
	}
	set(d, var, esc != NULL ? esc : val);
	free(esc);
}

void
render_set_escaped(struct ctx *c, struct tmpl_dict *d, const char *var,
                   const char *val)
{
	format_set(c, tmpl_set, d, var, val);
}

void
render_set_global(struct ctx *c, struct tmpl_dict *d, const char *var,
                  const char *val)
{
	format_set(c, tmpl_set_global, d, var, val);
}

struct tmpl_dict *
render_include(struct ctx *c, struct tmpl_dict *d, const char *marker,
               const char *file)
{
	char name[128];
	size_t a = strlen(file), b = strlen(c->fmt->suffix);

	/* by hand (cut as snprintf would): its format parsing added up */
	if (a > sizeof(name) - 1)
		a = sizeof(name) - 1;
	if (b > sizeof(name) - 1 - a)
		b = sizeof(name) - 1 - a;
	memcpy(name, file, a);
	memcpy(name + a, c->fmt->suffix, b);
	name[a + b] = '\0';
	return tmpl_include_add(d, marker, name);
}

void
render_set_section(struct ctx *c, struct tmpl_dict *d, const char *var,
                   const char *val)
{
	if (is_set(val))
		render_set(c, tmpl_section_add(d, var), var, val);
}

/* ------------------------------------------- text, code and trees */

/*
 * Renders Markdown text into section/variable var. owner and key locate
 * the text for the diagnostic when it is cut (only when report is set).
 */
void
render_set_markdown(struct ctx *c, struct tmpl_dict *d, const char *var,
                    const char *text, const struct cJSON *owner,
                    const struct loader_via *via, const char *key, int report)
{
	/* 0 in the options is the default */
	size_t max = c->opts->markdown_max ? c->opts->markdown_max
	                                   : MDTEXT_MAX_DEFAULT;
	const struct cJSON *node;
	char *html = NULL;
	size_t len;
	int cut = 0;

	if (d == NULL || !is_set(text))
		return;
	len = strlen(text);
	if ((c->fmt->markdown
	             ? mdtext_markdown(&html, &cut, text, len, max, 3)
	             : mdtext_html(&html, &cut, text, len, max)) != 0) {
		c->nomem = 1;
		return;
	}
	if (cut && report) {
		node = node_get(owner, key);
		if (node == NULL)
			node = owner;
		if (c->m->doc != NULL && node != NULL)
			loader_report(c->diags, c->m->doc, node, via,
			              DIAG_WARNING, "markdown-too-long",
			              "%s is %zu bytes: only the first %zu are "
			              "rendered",
			              key, len, max);
		else
			diag_add(c->diags, DIAG_WARNING, NULL, 0, 0,
			         "markdown-too-long",
			         "%s is %zu bytes: only the first %zu are "
			         "rendered",
			         key, len, max);
	}
	render_set_section(c, d, var, html);
	free(html);
}

void
render_set_fenced(struct ctx *c, struct tmpl_dict *d, const char *var,
                  const char *lang, const char *text, size_t len)
{
	struct strbuf b = STRBUF_INIT;
	size_t run = 0, longest = 2, i;

	for (i = 0; i < len; i++) {
		run = text[i] == '`' ? run + 1 : 0;
		if (run > longest)
			longest = run;
	}
	for (i = 0; i <= longest; i++)
		strbuf_putc(&b, '`');
	strbuf_printf(&b, "%s\n", lang);
	strbuf_putn(&b, text != NULL ? text : "", len);
	if (b.len > 0 && b.p[b.len - 1] != '\n')
		strbuf_putc(&b, '\n');
	for (i = 0; i <= longest; i++)
		strbuf_putc(&b, '`');
	if (b.oom)
		c->nomem = 1;
	else
		render_set(c, d, var, b.p);
	strbuf_free(&b);
}

/*
 * Markdown: n as a fenced code block (json or yaml), the fence longer than
 * any run of backticks in the text.
 */
static void
set_fenced(struct ctx *c, struct tmpl_dict *d, const char *var,
           const struct cJSON *n, int yaml)
{
	struct strbuf text = STRBUF_INIT;
	int rc;

	rc = yaml ? highlight_yaml_text(&text, n)
	          : highlight_json_text(&text, n);
	if (rc != 0 || text.oom) {
		c->nomem = 1;
		strbuf_free(&text);
		return;
	}
	render_set_fenced(c, d, var, yaml ? "yaml" : "json", text.p, text.len);
	strbuf_free(&text);
}

/* A highlighted JSON (or YAML) rendering of n into var (an *_HTML var). */
void
render_set_code(struct ctx *c, struct tmpl_dict *d, const char *var,
                const struct cJSON *n, int yaml)
{
	struct strbuf sb = STRBUF_INIT;
	int rc;

	if (d == NULL || n == NULL)
		return;
	if (c->fmt->markdown) {
		set_fenced(c, d, var, n, yaml);
		return;
	}
	rc = yaml ? highlight_yaml_html(&sb, n) : highlight_json_html(&sb, n);
	if (rc != 0 || sb.oom)
		c->nomem = 1;
	else
		render_set(c, d, var, sb.p != NULL ? sb.p : "");
	strbuf_free(&sb);
}

/* A code span of text (table cell) into var, as made text. */
static void
set_code_span(struct ctx *c, struct tmpl_dict *d, const char *var,
              const char *text)
{
	char *span = NULL;

	if (mdtext_code_span(&span, text, 1) != 0) {
		c->nomem = 1;
		return;
	}
	render_set(c, d, var, span);
	free(span);
}

/*
 * Markdown: the schema as table rows (dotted names), at most
 * RENDER_MD_DEPTH levels deep; a deeper part is left to the page of the
 * component schema it belongs to, linked from the row where it is cut.
 */
static void
add_rows(struct ctx *c, struct tmpl_dict *d, const struct cJSON *schema,
         const char *format, unsigned flags)
{
	struct schemaview_rows *rows = NULL;
	struct tmpl_dict *inc, *r;
	const char *link;
	size_t i;

	if (schemaview_rows(&rows, c->ix->sv, schema, format) != 0) {
		c->nomem = 1;
		return;
	}
	inc = render_include(c, d, "SCHEMA_TREE", "schema-rows");
	/*
	 * The root's description above the table, as the HTML tree shows
	 * it (its row is left out below), unless the page shows it already.
	 */
	if (rows->raw == NULL && rows->n > 1 &&
	    rows->items[0].path[0] == '\0' &&
	    !(flags & SCHEMAVIEW_NO_ROOT_TEXT))
		render_set_markdown(c, inc, "SR_DESC_HTML",
		                    rows->items[0].description, NULL, NULL,
		                    "description", 0);
	if (rows->raw != NULL) {
		struct tmpl_dict *raw = tmpl_section_add(inc, "SR_RAW");
		struct strbuf b = STRBUF_INIT;

		render_set(c, raw, "SR_RAW_FORMAT", rows->raw_format);
		strbuf_puts(&b, "````text\n");
		strbuf_puts(&b, rows->raw);
		strbuf_puts(&b, "\n````");
		if (!b.oom)
			render_set(c, raw, "SR_RAW_HTML", b.p);
		strbuf_free(&b);
	} else if (rows->n > 0) {
		inc = tmpl_section_add(inc, "SR_TABLE");
	}
	for (i = 0; i < rows->n; i++) {
		const struct schemaview_row *row = &rows->items[i];

		/* the schema itself: its type is in the heading already */
		if (row->depth > RENDER_MD_DEPTH ||
		    (row->path[0] == '\0' && rows->n > 1))
			continue;
		r = tmpl_section_add(inc, "SR_ROW");
		set_code_span(c, r, "SR_PATH_HTML",
		              row->path[0] != '\0' ? row->path : "(root)");
		render_set(c, r, "SR_TYPE", row->type);
		render_set(c, r, "SR_DESC",
		           first_of(row->description, row->title, NULL, ""));
		/* Markdown already (schemaview.h): values in code spans */
		render_set(c, r, "SR_VALUES_HTML", row->values);
		render_set(c, r, "SR_CONSTRAINTS_HTML",
		           row->constraints != NULL ? row->constraints
		                                    : row->other);
		render_set(c, r, "SR_NOTES", row->notes);
		/* cut here: deeper rows follow, or schemaview cut it */
		link = row->link_id;
		/*
		 * As every link of the page: "#schema-<id>" in one Markdown
		 * file (its name is not index.md), else the schema's page.
		 */
		if (link != NULL &&
		    (row->cut ||
		     (row->depth == RENDER_MD_DEPTH && i + 1 < rows->n &&
		      rows->items[i + 1].depth > row->depth)))
			render_set_url(c, tmpl_section_add(r, "SR_MORE"),
			               "SR_MORE_URL", PAGES_SCHEMA, link);
	}
	if (rows->not_shown > 0)
		tmpl_set_int(tmpl_section_add(inc, "SR_NOT_SHOWN"),
		             "SR_NOT_SHOWN", (long)rows->not_shown);
	schemaview_rows_free(rows);
}

/* Records name (taken) as used on the page: 0, or -1 (name freed). */
static int
tree_name_add(struct ctx *c, char *name, uintptr_t next)
{
	if (ARRAY_RESERVE(c->tree_names, c->n_tree_names + 1,
	                  c->cap_tree_names) < 0 ||
	    hmap_put_str(&c->trees, name, (void *)next) < 0) {
		free(name);
		return -1;
	}
	c->tree_names[c->n_tree_names++] = name;
	return 0;
}

/*
 * The name of a tree at place on the page: place the first time, then
 * place-2, place-3... (the first that no tree of the page has), so that
 * two trees never share an anchor. Owned by c; NULL when out of memory.
 */
static const char *
tree_name(struct ctx *c, const char *place)
{
	struct strbuf b = STRBUF_INIT;
	uintptr_t n;
	void *v;
	char *name;

	if (!hmap_find_str(&c->trees, place, &v)) {
		name = strdup(place);
		if (name == NULL || tree_name_add(c, name, 2) < 0)
			return NULL;
		return name;
	}
	/* as make_id() does: the next suffix is kept, so n trees cost n */
	for (n = (uintptr_t)v;; n++) {
		b.len = 0;
		strbuf_printf(&b, "%s-%zu", place, (size_t)n);
		if (b.oom)
			return NULL;
		if (!hmap_find_str(&c->trees, b.p, NULL))
			break;
	}
	/* place is there: its value changes, its own copy stays the key */
	if (hmap_put_str(&c->trees, place, (void *)(n + 1)) < 0 ||
	    (name = strbuf_take(&b)) == NULL || tree_name_add(c, name, 2) < 0) {
		strbuf_free(&b);
		return NULL;
	}
	return name;
}

void
render_ctx_release(struct ctx *c)
{
	size_t i;

	for (i = 0; i < c->n_tree_names; i++)
		free(c->tree_names[i]);
	free(c->tree_names);
	c->tree_names = NULL;
	c->n_tree_names = c->cap_tree_names = 0;
	hmap_free(&c->trees);
}

void
render_add_tree(struct ctx *c, struct tmpl_dict *d, const struct cJSON *schema,
                const char *format, unsigned flags, const char *name)
{
	const char *unique;

	if (schema == NULL || d == NULL)
		return;
	if (c->fmt->markdown) {
		/* rows have no anchors: the name is not needed */
		add_rows(c, d, schema, format, flags);
		return;
	}
	unique = tree_name(c, name != NULL ? name : "schema");
	if (unique == NULL ||
	    schemaview_add_tree(d, "SCHEMA_TREE", c->ix->sv, schema, format,
	                        c->root, flags, unique) != 0)
		c->nomem = 1;
}
