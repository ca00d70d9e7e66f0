/*
 * render: the pages of a site and their dictionaries (see render.h).
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "render/example.h"
#include "render/highlight.h"
#include "util/hmap.h"
#include "load/loader.h"
#include "render/mdtext.h"
#include "model/model.h"
#include "util/node.h"
#include "render/pages.h"
#include "render/render.h"
#include "render/schemaview.h"
#include "render/searchidx.h"
#include "util/strbuf.h"
#include "render/theme.h"
#include "render/tmpl.h"

/*
 * Markdown pages go through the same fill code as HTML pages: in a
 * Markdown page (md_page, per thread, since pages may be written by
 * several threads) every value set into a dictionary is escaped here for
 * Markdown, because ctemplate has no Markdown auto-escape: names ending in
 * _HTML hold text we made (safe Markdown, code blocks) and are set as
 * they are; _ANCHOR values are slugs; _URL values are link destinations
 * (percent-encoded, dangerous schemes dropped); everything else is
 * literal text (mdtext_escape). The templates of a Markdown page are the
 * .md.tpl twins of the HTML ones.
 */
static __thread int md_page;

static void r_set(struct tmpl_dict *d, const char *var, const char *val);
static void r_set_global(struct tmpl_dict *d, const char *var, const char *val);
static struct tmpl_dict *r_include(struct tmpl_dict *d, const char *marker,
                                   const char *file);
#define tmpl_set(d, var, val)        r_set(d, var, val)
#define tmpl_set_global(d, var, val) r_set_global(d, var, val)
#define tmpl_include_add(d, m, file) r_include(d, m, file)

/* Page templates and partials (names on the theme's html/ path). */
#define T_INDEX     "index.html.tpl"
#define T_CHANNEL   "channel.html.tpl"
#define T_OPERATION "operation.html.tpl"
#define T_MESSAGE   "message.html.tpl"
#define T_SCHEMA    "schema-page.html.tpl"
#define T_HEAD      "head.html.tpl"
#define T_HEADER    "header.html.tpl"
#define T_SIDEBAR   "sidebar.html.tpl"
#define T_FOOTER    "footer.html.tpl"
#define T_SERVER_I  "server-item.html.tpl"
#define T_CHANNEL_I "channel-item.html.tpl"
#define T_OP_I      "operation-item.html.tpl"
#define T_MSG_I     "message-item.html.tpl"
#define T_SCHEMA_I  "schema-item.html.tpl"
#define T_TAGS      "tags.html.tpl"
#define T_EXTDOCS   "extdocs.html.tpl"
#define T_BINDINGS  "bindings.html.tpl"
#define T_EXTS      "extensions.html.tpl"
#define T_SECURITY  "security.html.tpl"

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
	size_t first[L_COUNT];
};

/* State of one page expansion. */
struct ctx {
	const struct render_output *o;
	const struct model *m;
	const struct render_opts *opts;
	struct render_index *ix;
	struct diag_list *diags;
	const char *root;              /* "" or "../" */
	const struct pages_plan *plan; /* of the page's format */
	const char *page_path;         /* the page's file */
	int is_404;
	enum pages_kind kind; /* the page's object (PAGES_INDEX: none) */
	size_t item;
	int nomem;
};

static int index_new(struct render_index **out, const struct model *m,
                     const struct render_opts *opts);
static void index_free(struct render_index *ix, const struct model *m);

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

static void
md_set(void (*set)(struct tmpl_dict *, const char *, const char *),
       struct tmpl_dict *d, const char *var, const char *val)
{
	char *esc = NULL;

	if (!md_page || val == NULL || ends_with(var, "_HTML") ||
	    ends_with(var, "_ANCHOR") || ends_with(var, "ROOT")) {
		set(d, var, val);
		return;
	}
	if (ends_with(var, "_URL") || strcmp(var, "ASSETS") == 0)
		esc = md_url(val);
	else if (mdtext_escape(&esc, val) != 0)
		esc = NULL;
	/* out of memory: an empty value, and the root's flag makes it fail */
	set(d, var, esc != NULL ? esc : "");
	free(esc);
}

#undef tmpl_set
#undef tmpl_set_global
#undef tmpl_include_add

static void
r_set(struct tmpl_dict *d, const char *var, const char *val)
{
	md_set(tmpl_set, d, var, val);
}

static void
r_set_global(struct tmpl_dict *d, const char *var, const char *val)
{
	md_set(tmpl_set_global, d, var, val);
}

/* "x.html.tpl" -> "x.md.tpl" in a Markdown page. */
static struct tmpl_dict *
r_include(struct tmpl_dict *d, const char *marker, const char *file)
{
	char name[128];
	size_t n = strlen(file);

	if (md_page && n > 9 && n < sizeof(name) &&
	    strcmp(file + n - 9, ".html.tpl") == 0) {
		memcpy(name, file, n - 9);
		memcpy(name + n - 9, ".md.tpl", 8);
		return tmpl_include_add(d, marker, name);
	}
	return tmpl_include_add(d, marker, file);
}

#define tmpl_set(d, var, val)        r_set(d, var, val)
#define tmpl_set_global(d, var, val) r_set_global(d, var, val)
#define tmpl_include_add(d, m, file) r_include(d, m, file)

/* ---------------------------------------------------------- helpers */

static int
plist_add(struct plist *l, const void *p)
{
	const void **items;
	size_t cap;

	if (l->n > 0 && l->items[l->n - 1] == p)
		return 0;
	if (l->n == l->cap) {
		cap = l->cap ? l->cap * 2 : 4;
		items = realloc(l->items, cap * sizeof(*items));
		if (items == NULL)
			return -1;
		l->items = items;
		l->cap = cap;
	}
	l->items[l->n++] = p;
	return 0;
}

static int
is_set(const char *s)
{
	return s != NULL && s[0] != '\0';
}

/* The first of a, b, c that is a non-empty string, else d. */
static const char *
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

/*
 * Shows section `var` holding the variable `var` when val is non-empty,
 * so that a template can write {{#X}}<p>{{X}}</p>{{/X}}.
 */
static void
set_section(struct tmpl_dict *d, const char *var, const char *val)
{
	if (is_set(val))
		tmpl_set(tmpl_section_add(d, var), var, val);
}

/* "a" + sep + "b" (either may be NULL), or NULL. Caller frees. */
static char *
join(struct ctx *c, const char *a, const char *sep, const char *b)
{
	struct strbuf sb = STRBUF_INIT;

	if (!is_set(a) && !is_set(b))
		return NULL;
	if (is_set(a))
		strbuf_puts(&sb, a);
	if (is_set(a) && is_set(b))
		strbuf_puts(&sb, sep);
	if (is_set(b))
		strbuf_puts(&sb, b);
	if (sb.oom) {
		c->nomem = 1;
		strbuf_free(&sb);
		return NULL;
	}
	return strbuf_take(&sb);
}

/* The values of a string list joined with ", ", into var. */
static void
set_list(struct ctx *c, struct tmpl_dict *d, const char *var,
         const char *const *items, size_t n)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	if (n == 0)
		return;
	for (i = 0; i < n; i++) {
		if (i > 0)
			strbuf_puts(&sb, ", ");
		strbuf_puts(&sb, items[i] != NULL ? items[i] : "");
	}
	if (sb.oom)
		c->nomem = 1;
	else
		set_section(d, var, sb.p);
	strbuf_free(&sb);
}

/*
 * The first line of a text (Markdown or plain), cut at ONE_LINE_MAX bytes
 * on a UTF-8 boundary with "...", into var. Escaped by the template.
 */
static void
set_one_line(struct ctx *c, struct tmpl_dict *d, const char *var,
             const char *text)
{
	char buf[ONE_LINE_MAX + 4];
	size_t n = 0, end, i, j = 0;
	int cut;

	(void)c;
	if (!is_set(text))
		return;
	while (*text == ' ' || *text == '\n' || *text == '\t' || *text == '#')
		text++;
	while (text[n] != '\0' && text[n] != '\n' && n < ONE_LINE_MAX)
		n++;
	cut = text[n] != '\0' && text[n] != '\n';
	end = n;
	if (cut)
		while (end > 0 && ((unsigned char)text[end] & 0xC0) == 0x80)
			end--;
	/* Markdown emphasis and code marks mean nothing in one line of text */
	for (i = 0; i < end; i++)
		if (text[i] != '*' && text[i] != '`')
			buf[j++] = text[i];
	memcpy(buf + j, cut ? "..." : "", cut ? 4 : 1);
	set_section(d, var, buf);
}

/* 1 the first time item i of list l is rendered in this output. */
static int
first_fill(struct ctx *c, enum list l, size_t i)
{
	size_t bit = c->ix->first[l] + i;
	unsigned char mask = (unsigned char)(1u << (bit % 8));

	/* Pages may be written by several threads at once. */
	return !(__atomic_fetch_or(&c->ix->reported[bit / 8], mask,
	                           __ATOMIC_RELAXED) &
	         mask);
}

/*
 * Renders Markdown text into section/variable var. owner and key locate
 * the text for the diagnostic when it is cut (only when report is set).
 */
static void
set_markdown(struct ctx *c, struct tmpl_dict *d, const char *var,
             const char *text, const struct cJSON *owner,
             const struct loader_via *via, const char *key, int report)
{
	const struct cJSON *node;
	char *html = NULL;
	size_t len;
	int cut = 0;

	if (d == NULL || !is_set(text))
		return;
	len = strlen(text);
	if ((md_page ? mdtext_markdown(&html, &cut, text, len,
	                               c->opts->markdown_max, 3)
	             : mdtext_html(&html, &cut, text, len,
	                           c->opts->markdown_max)) != 0) {
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
			              key, len, c->opts->markdown_max);
		else
			diag_add(c->diags, DIAG_WARNING, NULL, 0, 0,
			         "markdown-too-long",
			         "%s is %zu bytes: only the first %zu are "
			         "rendered",
			         key, len, c->opts->markdown_max);
	}
	set_section(d, var, html);
	free(html);
}

/*
 * Markdown: n as a fenced code block (json or yaml), the fence longer than
 * any run of backticks in the text.
 */
static void
set_fenced(struct ctx *c, struct tmpl_dict *d, const char *var,
           const struct cJSON *n, int yaml)
{
	struct strbuf text = STRBUF_INIT, b = STRBUF_INIT;
	size_t run = 0, longest = 2, i;
	int rc;

	rc = yaml ? highlight_yaml_text(&text, n)
	          : highlight_json_text(&text, n);
	if (rc != 0 || text.oom) {
		c->nomem = 1;
		strbuf_free(&text);
		return;
	}
	for (i = 0; i < text.len; i++) {
		run = text.p[i] == '`' ? run + 1 : 0;
		if (run > longest)
			longest = run;
	}
	for (i = 0; i <= longest; i++)
		strbuf_putc(&b, '`');
	strbuf_puts(&b, yaml ? "yaml\n" : "json\n");
	strbuf_putn(&b, text.p != NULL ? text.p : "", text.len);
	if (b.len > 0 && b.p[b.len - 1] != '\n')
		strbuf_putc(&b, '\n');
	for (i = 0; i <= longest; i++)
		strbuf_putc(&b, '`');
	if (b.oom)
		c->nomem = 1;
	else
		tmpl_set(d, var, b.p);
	strbuf_free(&text);
	strbuf_free(&b);
}

/* A highlighted JSON (or YAML) rendering of n into var (an *_HTML var). */
static void
set_code(struct ctx *c, struct tmpl_dict *d, const char *var,
         const struct cJSON *n, int yaml)
{
	struct strbuf sb = STRBUF_INIT;
	int rc;

	if (d == NULL || n == NULL)
		return;
	if (md_page) {
		set_fenced(c, d, var, n, yaml);
		return;
	}
	rc = yaml ? highlight_yaml_html(&sb, n) : highlight_json_html(&sb, n);
	if (rc != 0 || sb.oom)
		c->nomem = 1;
	else
		tmpl_set(d, var, sb.p != NULL ? sb.p : "");
	strbuf_free(&sb);
}

/*
 * The URL of object id of kind from the current page: "#<anchor>" in a
 * single-page site, else ROOT + its page (and anchor).
 */
static char *
url_of(struct ctx *c, enum pages_kind kind, const char *id)
{
	char anchor[512];
	char *u, *full;

	if (c->plan->single_page) {
		pages_anchor(anchor, sizeof(anchor), kind, id);
		/* the 404 page is another page than the single one */
		full = join(c, c->is_404 ? "index.html#" : "#", "", anchor);
		return full;
	}
	u = pages_url(c->plan, kind, id);
	if (u == NULL) {
		c->nomem = 1;
		return NULL;
	}
	full = join(c, c->root, "", u);
	free(u);
	return full;
}

static void
set_url(struct ctx *c, struct tmpl_dict *d, const char *var,
        enum pages_kind kind, const char *id)
{
	char buf[512];
	char *u;

	/* The common case, with no allocation (pages make many links). */
	if (!c->plan->single_page &&
	    pages_url_into(buf, sizeof(buf), c->plan, c->root, kind, id) <
	            sizeof(buf)) {
		tmpl_set(d, var, buf);
		return;
	}
	u = url_of(c, kind, id);

	if (u != NULL)
		tmpl_set(d, var, u);
	free(u);
}

/* ------------------------------------------------------------ names */

static const char *
server_name(const struct model_server *s)
{
	return first_of(s->key, s->id, NULL, "server");
}

static const char *
channel_name(const struct model_channel *ch)
{
	return first_of(ch->key, ch->address, ch->id, "channel");
}

static const char *
operation_name(const struct model_operation *op)
{
	return first_of(op->operation_id, op->key,
	                op->channel != NULL ? channel_name(op->channel) : NULL,
	                op->id);
}

static const char *
message_name(const struct model_message *msg)
{
	return first_of(msg->name, msg->title,
	                first_of(msg->key, msg->message_id, msg->id, NULL),
	                "message");
}

static const char *
schema_name(const struct model_schema *s)
{
	return first_of(s->name, s->id, NULL, "schema");
}

static const char *
action_class(const struct model_operation *op)
{
	return op->action == MODEL_SEND ? "send" : "receive";
}

/* The document's root object, or NULL for a model built by hand. */
static const struct cJSON *
doc_root(const struct model *m)
{
	return m->doc != NULL ? loader_root(m->doc) : NULL;
}

/* The component schema whose tree is schema, or NULL. */
static const struct model_schema *
component_of(const struct model *m, const struct cJSON *schema)
{
	size_t i;

	if (schema == NULL)
		return NULL;
	for (i = 0; i < m->n_schemas; i++)
		if (m->schemas[i]->schema == schema ||
		    m->schemas[i]->src.node == schema)
			return m->schemas[i];
	return NULL;
}

/* ------------------------------------------------------ shared blocks */

static void
add_extdocs(struct ctx *c, struct tmpl_dict *d, const struct model_extdoc *ed,
            const struct cJSON *owner, int report)
{
	struct tmpl_dict *e;

	if (ed == NULL || !is_set(ed->url))
		return;
	e = tmpl_include_add(d, "EXTDOCS", T_EXTDOCS);
	tmpl_set(e, "ED_URL", ed->url);
	set_markdown(c, e, "ED_DESCRIPTION_HTML", ed->description,
	             node_get(owner, "externalDocs"), NULL, "description",
	             report);
}

static void
add_tags(struct ctx *c, struct tmpl_dict *d, const struct model_tags *tags)
{
	struct tmpl_dict *inc, *t;
	size_t i;

	if (tags->n == 0)
		return;
	inc = tmpl_include_add(d, "TAGS", T_TAGS);
	for (i = 0; i < tags->n; i++) {
		const struct model_tag *tag = tags->items[i];

		t = tmpl_section_add(inc, "TAG");
		tmpl_set(t, "TAG_NAME", first_of(tag->name, NULL, NULL, "tag"));
		set_markdown(c, t, "TAG_DESCRIPTION_HTML", tag->description,
		             NULL, NULL, "description", 0);
		if (tag->external_docs != NULL &&
		    is_set(tag->external_docs->url))
			tmpl_set(tmpl_section_add(t, "TAG_EXTDOCS"),
			         "TAG_EXTDOCS_URL", tag->external_docs->url);
	}
}

/* A value of a key/value table: text for scalars, code for the rest. */
static void
add_value(struct ctx *c, struct tmpl_dict *row, const char *text_var,
          const char *code_var, const struct cJSON *v)
{
	char buf[64];
	const char *text;

	if (v == NULL)
		return;
	if (c->m->doc != NULL)
		v = loader_deref(NULL, c->m->doc, v, NULL);
	text = node_text(v, buf, sizeof(buf));
	if (text != NULL)
		tmpl_set(tmpl_section_add(row, text_var), text_var, text);
	else
		set_code(c, tmpl_section_add(row, code_var), code_var, v, 0);
}

static void
add_exts(struct ctx *c, struct tmpl_dict *d, const struct model_exts *exts)
{
	struct tmpl_dict *inc, *e;
	size_t i;

	if (exts->n == 0)
		return;
	inc = tmpl_include_add(d, "EXTENSIONS", T_EXTS);
	for (i = 0; i < exts->n; i++) {
		e = tmpl_section_add(inc, "EXT");
		tmpl_set(e, "EXT_KEY", exts->items[i].key);
		add_value(c, e, "EXT_TEXT", "EXT_CODE_HTML",
		          exts->items[i].value);
	}
}

/* The display name of a binding's protocol. */
static const char *
protocol_label(const char *p)
{
	static const char *const names[][2] = {
	        {"amqp", "AMQP 0-9-1"},
	        {"amqp1", "AMQP 1.0"},
	        {"anypointmq", "Anypoint MQ"},
	        {"googlepubsub", "Google Cloud Pub/Sub"},
	        {"http", "HTTP"},
	        {"ibmmq", "IBM MQ"},
	        {"jms", "JMS"},
	        {"kafka", "Kafka"},
	        {"mercure", "Mercure"},
	        {"mqtt", "MQTT"},
	        {"mqtt5", "MQTT 5"},
	        {"nats", "NATS"},
	        {"pulsar", "Pulsar"},
	        {"redis", "Redis"},
	        {"sns", "Amazon SNS"},
	        {"solace", "Solace"},
	        {"sqs", "Amazon SQS"},
	        {"stomp", "STOMP"},
	        {"ws", "WebSocket"},
	};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(p, names[i][0]) == 0)
			return names[i][1];
	return p;
}

/*
 * Binding fields that hold a schema (Kafka key, WebSocket and HTTP query
 * and headers...): shown as schema trees, not code.
 */
static int
binding_schema_field(const char *key)
{
	return strcmp(key, "key") == 0 || strcmp(key, "query") == 0 ||
	       strcmp(key, "headers") == 0 || strcmp(key, "schema") == 0;
}

static void add_tree(struct ctx *c, struct tmpl_dict *d,
                     const struct cJSON *schema, const char *format,
                     unsigned flags);

static void
add_bindings(struct ctx *c, struct tmpl_dict *d,
             const struct model_bindings *bs)
{
	struct tmpl_dict *inc, *b, *row;
	const struct cJSON *f, *v;
	size_t i;

	if (bs->n == 0)
		return;
	inc = tmpl_include_add(d, "BINDINGS", T_BINDINGS);
	for (i = 0; i < bs->n; i++) {
		const struct model_binding *mb = &bs->items[i];

		b = tmpl_section_add(inc, "BINDING");
		tmpl_set(b, "B_PROTOCOL", protocol_label(mb->protocol));
		tmpl_set(b, "B_KEY", mb->protocol);
		set_section(b, "B_VERSION", mb->version);
		if (mb->node == NULL || node_size(mb->node) == 0 ||
		    !cJSON_IsObject(mb->node)) {
			tmpl_show(b, "B_EMPTY");
			continue;
		}
		for (f = mb->node->child; f != NULL; f = f->next) {
			if (f->string == NULL ||
			    strcmp(f->string, "bindingVersion") == 0)
				continue;
			row = tmpl_section_add(b, "B_ROW");
			tmpl_set(row, "B_FIELD", f->string);
			v = c->m->doc != NULL
			            ? loader_deref(NULL, c->m->doc, f, NULL)
			            : f;
			if (binding_schema_field(f->string) &&
			    cJSON_IsObject(v)) {
				add_tree(c, tmpl_section_add(row, "B_SCHEMA"),
				         v, NULL, 0);
				continue;
			}
			add_value(c, row, "B_TEXT", "B_CODE_HTML", v);
		}
	}
}

static void
add_security(struct ctx *c, struct tmpl_dict *d,
             const struct model_security *sec)
{
	struct tmpl_dict *inc, *set, *req, *fl, *sc;
	size_t i, j, k, l;

	if (sec->n == 0)
		return;
	inc = tmpl_include_add(d, "SECURITY", T_SECURITY);
	if (sec->n > 1)
		tmpl_show(inc, "SEC_ANY");
	for (i = 0; i < sec->n; i++) {
		set = tmpl_section_add(inc, "SEC_SET");
		if (sec->sets[i].n == 0)
			tmpl_show(set, "SEC_NONE");
		for (j = 0; j < sec->sets[i].n; j++) {
			const struct model_security_req *r =
			        &sec->sets[i].reqs[j];
			const struct model_security_scheme *s = r->scheme;

			req = tmpl_section_add(set, "SEC_REQ");
			if (s == NULL) {
				tmpl_show(req, "SEC_UNKNOWN");
				continue;
			}
			req = tmpl_section_add(req, "SEC_KNOWN");
			tmpl_set(req, "SEC_NAME",
			         first_of(s->key, s->id, NULL, "scheme"));
			set_section(req, "SEC_TYPE", s->type);
			set_markdown(c, req, "SEC_DESCRIPTION_HTML",
			             s->description, s->src.node, s->src.via,
			             "description", 0);
			set_section(req, "SEC_PARAM", s->name);
			set_section(req, "SEC_IN", s->in);
			set_section(req, "SEC_SCHEME", s->scheme);
			set_section(req, "SEC_BEARER", s->bearer_format);
			set_section(req, "SEC_OIDC", s->open_id_connect_url);
			set_list(c, req, "SEC_SCOPES", r->scopes, r->n_scopes);
			for (k = 0; k < s->n_flows; k++) {
				const struct model_oauth_flow *f = s->flows[k];

				fl = tmpl_section_add(req, "SEC_FLOW");
				tmpl_set(fl, "FLOW_KIND", f->kind);
				set_section(fl, "FLOW_AUTH_URL",
				            f->authorization_url);
				set_section(fl, "FLOW_TOKEN_URL", f->token_url);
				set_section(fl, "FLOW_REFRESH_URL",
				            f->refresh_url);
				if (f->n_scopes > 0)
					fl = tmpl_section_add(fl,
					                      "FLOW_SCOPES");
				for (l = 0; l < f->n_scopes; l++) {
					sc = tmpl_section_add(fl, "FLOW_SCOPE");
					tmpl_set(sc, "SCOPE_NAME",
					         f->scopes[l].name);
					set_section(sc, "SCOPE_DESCRIPTION",
					            f->scopes[l].description);
				}
			}
			add_exts(c, req, &s->exts);
		}
	}
}

/* A schema tree (schemaview) under section var of d. */
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
	tmpl_set(d, var, span);
	free(span);
}

/*
 * Markdown: the schema as table rows (dotted names), at most
 * RENDER_MD_DEPTH levels deep; a deeper part is left to the page of the
 * component schema it belongs to, linked from the row where it is cut.
 */
static void
add_rows(struct ctx *c, struct tmpl_dict *d, const struct cJSON *schema,
         const char *format)
{
	struct schemaview_rows *rows = NULL;
	struct tmpl_dict *inc, *r;
	const char *link;
	char url[512];
	size_t i;

	if (schemaview_rows(&rows, c->ix->sv, schema, format) != 0) {
		c->nomem = 1;
		return;
	}
	inc = tmpl_include_add(d, "SCHEMA_TREE", "schema-rows.md.tpl");
	if (rows->raw != NULL) {
		struct tmpl_dict *raw = tmpl_section_add(inc, "SR_RAW");
		struct strbuf b = STRBUF_INIT;

		tmpl_set(raw, "SR_RAW_FORMAT", rows->raw_format);
		strbuf_puts(&b, "````text\n");
		strbuf_puts(&b, rows->raw);
		strbuf_puts(&b, "\n````");
		if (!b.oom)
			tmpl_set(raw, "SR_RAW_HTML", b.p);
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
		tmpl_set(r, "SR_TYPE", row->type);
		tmpl_set(r, "SR_DESC",
		         first_of(row->description, row->title, NULL, ""));
		tmpl_set(r, "SR_VALUES", row->values);
		tmpl_set(r, "SR_CONSTRAINTS",
		         row->constraints != NULL ? row->constraints
		                                  : row->other);
		tmpl_set(r, "SR_NOTES", row->notes);
		/* cut here: deeper rows follow, or schemaview cut it */
		link = row->link_id;
		if (link != NULL &&
		    (row->cut ||
		     (row->depth == RENDER_MD_DEPTH && i + 1 < rows->n &&
		      rows->items[i + 1].depth > row->depth)) &&
		    pages_url_into(url, sizeof(url), &c->ix->plan_md, c->root,
		                   PAGES_SCHEMA, link) < sizeof(url))
			tmpl_set(tmpl_section_add(r, "SR_MORE"), "SR_MORE_URL",
			         url);
	}
	if (rows->not_shown > 0)
		tmpl_set_int(tmpl_section_add(inc, "SR_NOT_SHOWN"),
		             "SR_NOT_SHOWN", (long)rows->not_shown);
	schemaview_rows_free(rows);
}

static void
add_tree(struct ctx *c, struct tmpl_dict *d, const struct cJSON *schema,
         const char *format, unsigned flags)
{
	if (schema == NULL || d == NULL)
		return;
	if (md_page) {
		add_rows(c, d, schema, format);
		return;
	}
	if (schemaview_fill_flags(
	            tmpl_include_add(d, "SCHEMA_TREE", SCHEMAVIEW_TEMPLATE),
	            c->ix->sv, schema, format, c->root, flags) != 0)
		c->nomem = 1;
}

/* The type string of a schema into var. */
static void
set_type(struct ctx *c, struct tmpl_dict *d, const char *var,
         const struct cJSON *schema, const char *format)
{
	char *type = NULL;

	if (schema == NULL)
		return;
	if (schemaview_type(&type, c->ix->sv, schema, format) != 0) {
		c->nomem = 1;
		return;
	}
	set_section(d, var, type);
	free(type);
}

/* ------------------------------------------------------------- info */

/* The info block of the index page. */
static void
add_info(struct ctx *c, struct tmpl_dict *root)
{
	const struct model_info *info = &c->m->info;
	const struct cJSON *info_node = node_get(doc_root(c->m), "info");
	struct tmpl_dict *s;

	set_markdown(c, root, "DESCRIPTION_HTML", info->description, info_node,
	             NULL, "description", 1);
	set_section(root, "ID", info->id);
	set_section(root, "DEFAULT_CONTENT_TYPE", info->default_content_type);
	set_section(root, "LOGO", info->logo);
	if (is_set(info->license_name) || is_set(info->license_url)) {
		s = tmpl_section_add(root, "LICENSE");
		tmpl_set(s, "LICENSE_TEXT",
		         first_of(info->license_name, info->license_url, NULL,
		                  ""));
		if (is_set(info->license_url))
			tmpl_set(tmpl_section_add(s, "LICENSE_LINK"),
			         "LICENSE_URL", info->license_url);
		else
			tmpl_show(s, "LICENSE_PLAIN");
	}
	if (is_set(info->terms_of_service))
		tmpl_set(tmpl_section_add(root, "TERMS"), "TERMS_URL",
		         info->terms_of_service);
	if (first_of(info->contact_name, info->contact_url, info->contact_email,
	             NULL) != NULL) {
		s = tmpl_section_add(root, "CONTACT");
		set_section(s, "CONTACT_NAME", info->contact_name);
		set_section(s, "CONTACT_URL", info->contact_url);
		set_section(s, "CONTACT_EMAIL", info->contact_email);
	}
	add_extdocs(c, root, info->external_docs,
	            node_get(info_node, "externalDocs") != NULL
	                    ? info_node
	                    : doc_root(c->m),
	            1);
	add_tags(c, root, &info->tags);
	add_exts(c, root, &info->exts);
}

/* ------------------------------------------------------------ items */

/* The servers of a channel (all of them when it names none). */
static void
add_channel_servers(struct ctx *c, struct tmpl_dict *d, const char *list,
                    const char *section, const struct model_channel *ch)
{
	struct tmpl_dict *e, *w;
	size_t j;

	if (ch == NULL)
		return;
	if (ch->n_servers == 0) {
		if (c->m->n_servers > 0)
			tmpl_show(d, "ALL_SERVERS");
		return;
	}
	w = tmpl_section_add(d, list);
	for (j = 0; j < ch->n_servers; j++) {
		e = tmpl_section_add(w, section);
		set_url(c, e, "LINK_URL", PAGES_SERVER, ch->servers[j]->id);
		tmpl_set(e, "LINK_NAME", server_name(ch->servers[j]));
	}
}

static void
add_op_link(struct ctx *c, struct tmpl_dict *d, const char *section,
            const struct model_operation *op)
{
	struct tmpl_dict *e = tmpl_section_add(d, section);

	set_url(c, e, "LINK_URL", PAGES_OPERATION, op->id);
	tmpl_set(e, "LINK_NAME", operation_name(op));
	tmpl_set(e, "LINK_CLASS", action_class(op));
	tmpl_set(e, "LINK_LABEL",
	         model_action_label(c->m, op, c->opts->v3_labels));
	set_one_line(c, e, "LINK_SUMMARY",
	             first_of(op->summary, op->title, op->description, NULL));
}

static void
add_msg_link(struct ctx *c, struct tmpl_dict *d, const char *section,
             const struct model_message *msg)
{
	struct tmpl_dict *e = tmpl_section_add(d, section);

	set_url(c, e, "LINK_URL", PAGES_MESSAGE, msg->id);
	tmpl_set(e, "LINK_NAME", message_name(msg));
	set_one_line(
	        c, e, "LINK_SUMMARY",
	        first_of(msg->summary, msg->title, msg->description, NULL));
}

static void
add_channel_link(struct ctx *c, struct tmpl_dict *d, const char *section,
                 const struct model_channel *ch)
{
	struct tmpl_dict *e = tmpl_section_add(d, section);

	set_url(c, e, "LINK_URL", PAGES_CHANNEL, ch->id);
	tmpl_set(e, "LINK_NAME", channel_name(ch));
	if (is_set(ch->address) &&
	    (ch->key == NULL || strcmp(ch->address, ch->key) != 0))
		set_section(e, "LINK_ADDRESS", ch->address);
}

/*
 * Portal: the same channel (by address) or message (by name) in the other
 * APIs, as links to their pages: section `section`, ALSO_API, ALSO_URL,
 * ALSO_NAME.
 */
static void
add_related(struct ctx *c, struct tmpl_dict *d, const char *wrapper,
            const char *section, enum pages_kind kind, const char *key,
            int by_message)
{
	struct tmpl_dict *e, *w = NULL;
	char url[1024];
	size_t i;
	void *v;

	if (c->ix->n_others == 0 || !is_set(key) || md_page)
		return;
	for (i = 0; i < c->ix->n_others; i++) {
		const struct model *o = c->opts->others[i];
		const char *id, *name;

		v = hmap_get_str(by_message ? &c->ix->other_messages[i]
		                            : &c->ix->other_channels[i],
		                 key);
		if (v == NULL || o == NULL)
			continue;
		if (by_message) {
			id = ((const struct model_message *)v)->id;
			name = message_name(v);
		} else {
			id = ((const struct model_channel *)v)->id;
			name = channel_name(v);
		}
		snprintf(url, sizeof(url), "%s../%s/", c->root,
		         c->opts->other_dirs[i]);
		if (pages_url_into(url + strlen(url), sizeof(url) - strlen(url),
		                   c->plan, "", kind,
		                   id) >= sizeof(url) - strlen(url))
			continue;
		if (w == NULL)
			w = tmpl_section_add(d, wrapper);
		e = tmpl_section_add(w, section);
		tmpl_set(e, "ALSO_URL", url);
		tmpl_set(e, "ALSO_NAME", name);
		tmpl_set(e, "ALSO_API",
		         first_of(o->info.title, NULL, NULL,
		                  c->opts->other_dirs[i]));
	}
}

static void
fill_server(struct ctx *c, struct tmpl_dict *d, size_t i)
{
	const struct model_server *s = c->m->servers[i];
	struct tmpl_dict *e;
	char anchor[512];
	char *text;
	size_t j;
	int report = first_fill(c, L_SERVER, i);

	pages_anchor(anchor, sizeof(anchor), PAGES_SERVER, s->id);
	tmpl_set(d, "SV_ANCHOR", anchor);
	tmpl_set(d, "SV_NAME", server_name(s));
	if (s->url != NULL) {
		set_section(d, "SV_ADDRESS", s->url);
	} else {
		text = join(c, s->host, "", s->pathname);
		set_section(d, "SV_ADDRESS", text);
		free(text);
	}
	set_section(d, "SV_HOST", s->host);
	set_section(d, "SV_PATHNAME", s->pathname);
	set_section(d, "SV_PROTOCOL", s->protocol);
	set_section(d, "SV_PROTOCOL_VERSION", s->protocol_version);
	set_section(d, "SV_TITLE", s->title);
	set_section(d, "SV_SUMMARY", s->summary);
	set_markdown(c, d, "SV_DESCRIPTION_HTML", s->description, s->src.node,
	             s->src.via, "description", report);
	if (s->n_variables > 0) {
		struct tmpl_dict *vars = tmpl_section_add(d, "SV_VARS");

		for (j = 0; j < s->n_variables; j++) {
			const struct model_server_var *v = s->variables[j];

			e = tmpl_section_add(vars, "SV_VAR");
			tmpl_set(e, "VAR_NAME", v->name);
			set_section(e, "VAR_DEFAULT", v->default_value);
			set_list(c, e, "VAR_ENUM", v->enum_values, v->n_enum);
			set_list(c, e, "VAR_EXAMPLES", v->examples,
			         v->n_examples);
			set_markdown(c, e, "VAR_DESCRIPTION_HTML",
			             v->description, v->src.node, v->src.via,
			             "description", report);
		}
	}
	add_security(c, d, &s->security);
	add_tags(c, d, &s->tags);
	add_extdocs(c, d, s->external_docs, s->src.node, report);
	add_bindings(c, d, &s->bindings);
	add_exts(c, d, &s->exts);
	/* The channels available on this server. */
	e = NULL;
	for (j = 0; j < c->m->n_channels; j++) {
		const struct model_channel *ch = c->m->channels[j];
		size_t k;
		int on = ch->n_servers == 0;

		for (k = 0; !on && k < ch->n_servers; k++)
			on = ch->servers[k] == s;
		if (!on)
			continue;
		if (e == NULL)
			e = tmpl_section_add(d, "SV_CHANNELS");
		add_channel_link(c, e, "SV_CHANNEL", ch);
	}
}

static void
fill_channel(struct ctx *c, struct tmpl_dict *d, size_t i)
{
	const struct model_channel *ch = c->m->channels[i];
	struct tmpl_dict *sub, *e;
	int report = first_fill(c, L_CHANNEL, i);
	char anchor[512];
	size_t j;

	pages_anchor(anchor, sizeof(anchor), PAGES_CHANNEL, ch->id);
	tmpl_set(d, "CH_ANCHOR", anchor);
	tmpl_set(d, "CH_NAME", channel_name(ch));
	if (is_set(ch->address))
		set_section(d, "CH_ADDRESS", ch->address);
	else if (c->m->major == MODEL_V3)
		tmpl_show(d, "CH_DYNAMIC");
	set_section(d, "CH_TITLE", ch->title);
	set_section(d, "CH_SUMMARY", ch->summary);
	set_markdown(c, d, "CH_DESCRIPTION_HTML", ch->description, ch->src.node,
	             ch->src.via, "description", report);
	if (ch->n_parameters > 0) {
		sub = tmpl_section_add(d, "CH_PARAMS");
		for (j = 0; j < ch->n_parameters; j++) {
			const struct model_parameter *p = ch->parameters[j];

			e = tmpl_section_add(sub, "CH_PARAM");
			tmpl_set(e, "PARAM_NAME", p->name);
			set_markdown(c, e, "PARAM_DESCRIPTION_HTML",
			             p->description, p->src.node, p->src.via,
			             "description", report);
			set_section(e, "PARAM_LOCATION", p->location);
			set_section(e, "PARAM_DEFAULT", p->default_value);
			set_list(c, e, "PARAM_ENUM", p->enum_values, p->n_enum);
			set_list(c, e, "PARAM_EXAMPLES", p->examples,
			         p->n_examples);
			if (p->schema != NULL && p->schema->schema != NULL) {
				set_type(c, e, "PARAM_TYPE", p->schema->schema,
				         NULL);
				add_tree(c, tmpl_section_add(e, "PARAM_SCHEMA"),
				         p->schema->schema, NULL,
				         SCHEMAVIEW_NO_HEAD);
			}
		}
	}
	add_channel_servers(c, d, "CH_SERVERS", "CH_SERVER", ch);
	sub = ch->n_operations > 0 ? tmpl_section_add(d, "CH_OPS") : NULL;
	for (j = 0; j < ch->n_operations; j++)
		add_op_link(c, sub, "CH_OP", ch->operations[j]);
	/* the operations whose reply comes on this channel */
	sub = c->ix->ch_replies[i].n > 0 ? tmpl_section_add(d, "CH_REPLIES")
	                                 : NULL;
	for (j = 0; j < c->ix->ch_replies[i].n; j++)
		add_op_link(c, sub, "CH_REPLY", c->ix->ch_replies[i].items[j]);
	sub = ch->n_messages > 0 ? tmpl_section_add(d, "CH_MSGS") : NULL;
	for (j = 0; j < ch->n_messages; j++)
		add_msg_link(c, sub, "CH_MSG", ch->messages[j]);
	add_related(c, d, "CH_ALSOS", "CH_ALSO", PAGES_CHANNEL, ch->address, 0);
	add_bindings(c, d, &ch->bindings);
	add_tags(c, d, &ch->tags);
	add_extdocs(c, d, ch->external_docs, ch->src.node, report);
	add_exts(c, d, &ch->exts);
}

static void
fill_reply(struct ctx *c, struct tmpl_dict *d, const struct model_reply *r)
{
	struct tmpl_dict *s;
	size_t i;

	s = tmpl_section_add(d, "OP_REPLY");
	if (r->channel != NULL)
		add_channel_link(c, s, "REPLY_CHANNEL", r->channel);
	set_section(s, "REPLY_ADDRESS", r->address_location);
	set_markdown(c, s, "REPLY_ADDRESS_DESCRIPTION_HTML",
	             r->address_description, NULL, NULL, "description", 0);
	d = r->n_messages > 0 ? tmpl_section_add(s, "REPLY_MSGS") : NULL;
	for (i = 0; i < r->n_messages; i++)
		add_msg_link(c, d, "REPLY_MSG", r->messages[i]);
	if (r->channel == NULL && !is_set(r->address_location) &&
	    r->n_messages == 0)
		tmpl_show(s, "REPLY_EMPTY");
}

static void
fill_operation(struct ctx *c, struct tmpl_dict *d, size_t i)
{
	const struct model_operation *op = c->m->operations[i];
	struct tmpl_dict *sub;
	char anchor[512];
	size_t j;
	int report = first_fill(c, L_OPERATION, i);
	const struct cJSON *node =
	        op->merged != NULL ? op->merged : op->src.node;

	pages_anchor(anchor, sizeof(anchor), PAGES_OPERATION, op->id);
	tmpl_set(d, "OP_ANCHOR", anchor);
	tmpl_set(d, "OP_NAME", operation_name(op));
	tmpl_set(d, "OP_CLASS", action_class(op));
	tmpl_set(d, "OP_LABEL",
	         model_action_label(c->m, op, c->opts->v3_labels));
	tmpl_set(d, "OP_KEYWORD", op->keyword);
	if (op->channel != NULL) {
		add_channel_link(c, d, "OP_CHANNEL", op->channel);
		add_channel_servers(c, d, "OP_SERVERS", "OP_SERVER",
		                    op->channel);
	}
	set_section(d, "OP_OPERATION_ID", op->operation_id);
	set_section(d, "OP_TITLE", op->title);
	set_section(d, "OP_SUMMARY", op->summary);
	set_markdown(c, d, "OP_DESCRIPTION_HTML", op->description, node,
	             op->src.via, "description", report);
	if (op->n_traits > 0)
		tmpl_set_int(tmpl_section_add(d, "OP_TRAITS"), "OP_TRAITS",
		             (long)op->n_traits);
	sub = op->n_messages > 0 ? tmpl_section_add(d, "OP_MSGS") : NULL;
	for (j = 0; j < op->n_messages; j++)
		add_msg_link(c, sub, "OP_MSG", op->messages[j]);
	if (op->reply != NULL)
		fill_reply(c, d, op->reply);
	add_security(c, d, &op->security);
	add_bindings(c, d, &op->bindings);
	add_tags(c, d, &op->tags);
	add_extdocs(c, d, op->external_docs, node, report);
	add_exts(c, d, &op->exts);
}

/* Is the content type a YAML one (examples are then shown as YAML)? */
static int
yaml_type(const char *ct)
{
	return ct != NULL && strstr(ct, "yaml") != NULL;
}

/* A message's headers or payload block. */
static void
add_part(struct ctx *c, struct tmpl_dict *d, const char *label,
         const struct model_schema *s, const char *format)
{
	const struct model_schema *named;
	struct tmpl_dict *part;

	if (s == NULL || s->schema == NULL)
		return;
	part = tmpl_section_add(d, "MSG_PART");
	tmpl_set(part, "PART_LABEL", label);
	tmpl_set(part, "PART_ANCHOR", s->id);
	named = component_of(c->m, s->schema);
	if (named != NULL) {
		struct tmpl_dict *e = tmpl_section_add(part, "PART_LINK");

		set_url(c, e, "LINK_URL", PAGES_SCHEMA, named->id);
		tmpl_set(e, "LINK_NAME", schema_name(named));
	}
	set_section(part, "PART_FORMAT", format);
	set_type(c, part, "PART_TYPE", s->schema, format);
	add_tree(c, part, s->schema, format, SCHEMAVIEW_NO_HEAD);
}

/* A value the document gives, its refs followed, as highlighted code. */
static void
add_given(struct ctx *c, struct tmpl_dict *d, const char *section,
          const char *var, const struct cJSON *value, int yaml)
{
	struct cJSON *copy = NULL;

	if (value == NULL)
		return;
	if (example_copy(&copy, c->m->doc, value, NULL) != 0) {
		c->nomem = 1;
		return;
	}
	set_code(c, tmpl_section_add(d, section), var,
	         copy != NULL ? copy : value, yaml);
	cJSON_Delete(copy);
}

static void
add_examples(struct ctx *c, struct tmpl_dict *d,
             const struct model_message *msg)
{
	struct example_set *set = NULL;
	struct cJSON *headers = NULL;
	struct tmpl_dict *e;
	int yaml = yaml_type(msg->content_type);
	char name[32];
	size_t i;

	if (msg->n_examples > 0 ||
	    (msg->payload != NULL && msg->payload->schema != NULL))
		d = tmpl_section_add(d, "MSG_EXAMPLES");
	for (i = 0; i < msg->n_examples; i++) {
		const struct model_example *ex = msg->examples[i];

		e = tmpl_section_add(d, "MSG_EXAMPLE");
		if (is_set(ex->name)) {
			tmpl_set(e, "EX_NAME", ex->name);
		} else {
			snprintf(name, sizeof(name), "Example %zu", i + 1);
			tmpl_set(e, "EX_NAME", name);
		}
		set_section(e, "EX_SUMMARY", ex->summary);
		add_given(c, e, "EX_HEADERS", "EX_HEADERS_HTML", ex->headers,
		          yaml);
		add_given(c, e, "EX_PAYLOAD", "EX_PAYLOAD_HTML", ex->payload,
		          yaml);
	}
	if (msg->n_examples > 0 || msg->payload == NULL ||
	    msg->payload->schema == NULL)
		return;
	/* None given: one per payload branch, made from the schemas. */
	if (example_generate_branches(&set, c->m->doc, msg->payload->schema,
	                              msg->schema_format, NULL) != 0) {
		c->nomem = 1;
		return;
	}
	if (msg->headers != NULL && msg->headers->schema != NULL &&
	    example_generate(&headers, c->m->doc, msg->headers->schema, NULL,
	                     NULL) != 0)
		c->nomem = 1;
	for (i = 0; i < set->n; i++) {
		e = tmpl_section_add(d, "MSG_EXAMPLE");
		tmpl_show(e, "EX_GENERATED");
		tmpl_set(e, "EX_NAME",
		         set->items[i].label != NULL ? set->items[i].label
		                                     : "Generated example");
		if (headers != NULL)
			set_code(c, tmpl_section_add(e, "EX_HEADERS"),
			         "EX_HEADERS_HTML", headers, yaml);
		if (set->items[i].value != NULL)
			set_code(c, tmpl_section_add(e, "EX_PAYLOAD"),
			         "EX_PAYLOAD_HTML", set->items[i].value, yaml);
	}
	cJSON_Delete(headers);
	example_set_free(set);
}

static void
fill_message(struct ctx *c, struct tmpl_dict *d, size_t i)
{
	const struct model_message *msg = c->m->messages[i];
	const struct cJSON *node =
	        msg->merged != NULL ? msg->merged : msg->src.node;
	const struct plist *ops = &c->ix->msg_ops[i];
	const struct plist *chs = &c->ix->msg_channels[i];
	struct tmpl_dict *e;
	char anchor[512];
	int report = first_fill(c, L_MESSAGE, i);
	size_t j;

	pages_anchor(anchor, sizeof(anchor), PAGES_MESSAGE, msg->id);
	tmpl_set(d, "MSG_ANCHOR", anchor);
	tmpl_set(d, "MSG_NAME", message_name(msg));
	if (is_set(msg->name))
		set_section(d, "MSG_TITLE", msg->title);
	set_section(d, "MSG_MESSAGE_ID", msg->message_id);
	set_section(d, "MSG_SUMMARY", msg->summary);
	set_markdown(c, d, "MSG_DESCRIPTION_HTML", msg->description, node,
	             msg->src.via, "description", report);
	set_section(d, "MSG_CONTENT_TYPE", msg->content_type);
	if (msg->content_type_is_default)
		tmpl_show(d, "MSG_CONTENT_TYPE_DEFAULT");
	set_section(d, "MSG_SCHEMA_FORMAT", msg->schema_format);
	if (msg->correlation_id != NULL) {
		e = tmpl_section_add(d, "MSG_CORRELATION");
		set_section(e, "CORR_LOCATION", msg->correlation_id->location);
		set_markdown(c, e, "CORR_DESCRIPTION_HTML",
		             msg->correlation_id->description,
		             msg->correlation_id->src.node,
		             msg->correlation_id->src.via, "description",
		             report);
	}
	if (msg->n_traits > 0)
		tmpl_set_int(tmpl_section_add(d, "MSG_TRAITS"), "MSG_TRAITS",
		             (long)msg->n_traits);
	add_part(c, d, "Headers", msg->headers, NULL);
	add_part(c, d, "Payload", msg->payload, msg->schema_format);
	/* A payload written as text (a Protobuf or RAML file inline). */
	if (msg->payload == NULL && cJSON_IsString(node_get(node, "payload"))) {
		struct tmpl_dict *part = tmpl_section_add(d, "MSG_PART");

		tmpl_set(part, "PART_LABEL", "Payload");
		set_section(part, "PART_FORMAT", msg->schema_format);
		add_tree(c, part, node_get(node, "payload"), msg->schema_format,
		         0);
	}
	add_examples(c, d, msg);
	e = chs->n > 0 ? tmpl_section_add(d, "MSG_CHANNELS") : NULL;
	for (j = 0; j < chs->n; j++)
		add_channel_link(c, e, "MSG_CHANNEL", chs->items[j]);
	e = ops->n > 0 ? tmpl_section_add(d, "MSG_OPS") : NULL;
	for (j = 0; j < ops->n; j++)
		add_op_link(c, e, "MSG_OP", ops->items[j]);
	add_related(c, d, "MSG_ALSOS", "MSG_ALSO", PAGES_MESSAGE, msg->name, 1);
	add_bindings(c, d, &msg->bindings);
	add_tags(c, d, &msg->tags);
	add_extdocs(c, d, msg->external_docs, node, report);
	add_exts(c, d, &msg->exts);
}

static void
fill_schema(struct ctx *c, struct tmpl_dict *d, size_t i)
{
	const struct model_schema *s = c->m->schemas[i];
	const struct plist *msgs = &c->ix->schema_msgs[i];
	struct tmpl_dict *e;
	char anchor[512];
	size_t j;

	pages_anchor(anchor, sizeof(anchor), PAGES_SCHEMA, s->id);
	tmpl_set(d, "SC_ANCHOR", anchor);
	tmpl_set(d, "SC_NAME", schema_name(s));
	set_section(d, "SC_FORMAT", s->format);
	set_type(c, d, "SC_TYPE", s->schema, s->format);
	set_section(d, "SC_TITLE", node_get_str(s->schema, "title"));
	set_markdown(c, d, "SC_DESCRIPTION_HTML",
	             node_get_str(s->schema, "description"), s->schema,
	             s->src.via, "description", first_fill(c, L_SCHEMA, i));
	add_tree(c, d, s->schema, s->format,
	         SCHEMAVIEW_NO_HEAD | SCHEMAVIEW_NO_ROOT_TEXT);
	if (s->schema != NULL)
		set_code(c, tmpl_section_add(d, "SC_SOURCE"), "SC_SOURCE_HTML",
		         s->schema, 0);
	e = msgs->n > 0 ? tmpl_section_add(d, "SC_MSGS") : NULL;
	for (j = 0; j < msgs->n; j++)
		add_msg_link(c, e, "SC_MSG", msgs->items[j]);
}

/* ---------------------------------------------------------- sidebar */

/*
 * The sidebar's entries of one kind: all of them up to
 * RENDER_SIDEBAR_FULL, else a window around the current item.
 */
static void
nav_range(const struct ctx *c, enum pages_kind kind, size_t n, size_t *from,
          size_t *to)
{
	size_t cur;

	*from = 0;
	*to = n;
	if (c->m->n_servers + c->m->n_channels + c->m->n_operations +
	            c->m->n_messages + c->m->n_schemas <=
	    RENDER_SIDEBAR_FULL)
		return;
	/* a long list of another kind than the page's: its heading only */
	if (c->kind != kind) {
		*to = 0;
		return;
	}
	cur = c->item;
	*from = cur > RENDER_SIDEBAR_NEAR ? cur - RENDER_SIDEBAR_NEAR : 0;
	*to = cur + RENDER_SIDEBAR_NEAR + 1 < n ? cur + RENDER_SIDEBAR_NEAR + 1
	                                        : n;
}

static void
nav_entry(struct ctx *c, struct tmpl_dict *list, enum pages_kind kind, size_t i,
          const char *id, const char *name)
{
	struct tmpl_dict *e = tmpl_section_add(list, "NAV_ITEM");

	set_url(c, e, "NAV_URL", kind, id);
	tmpl_set(e, "NAV_NAME", name);
	if (c->kind == kind && c->item == i && !c->plan->single_page)
		tmpl_show(e, "NAV_CURRENT");
}

/* Adds the nav group of one kind: "NAV_GROUP" with its entries. */
static struct tmpl_dict *
nav_group(struct ctx *c, struct tmpl_dict *d, enum pages_kind kind,
          const char *title, const char *section_anchor, size_t n)
{
	struct tmpl_dict *g = tmpl_section_add(d, "NAV_GROUP");
	char *u;

	tmpl_set(g, "GROUP_TITLE", title);
	tmpl_set_int(g, "GROUP_COUNT", (long)n);
	tmpl_set(g, "GROUP_KIND", pages_kind_name(kind));
	if (c->plan->single_page && !c->is_404) {
		u = join(c, "#", "", section_anchor);
	} else {
		char *idx = join(c, c->root, "", "index.html#");

		u = join(c, idx, "", section_anchor);
		free(idx);
	}
	if (u != NULL)
		tmpl_set(g, "GROUP_URL", u);
	free(u);
	return g;
}

static void
nav_more(struct tmpl_dict *g, size_t shown, size_t n)
{
	if (shown < n)
		tmpl_set_int(tmpl_section_add(g, "NAV_MORE"), "NAV_MORE_COUNT",
		             (long)(n - shown));
}

static void
add_nav_ops_by_tag(struct ctx *c, struct tmpl_dict *g)
{
	const struct model *m = c->m;
	struct tmpl_dict *t = NULL;
	const char *prev = NULL, *tag;
	size_t i, j;
	int pass;

	/* Tags in order of first use; then the untagged operations. */
	for (pass = 0; pass < 2; pass++) {
		for (i = 0; i < m->n_operations; i++) {
			const struct model_operation *op = m->operations[i];

			tag = op->tags.n > 0 ? op->tags.items[0]->name : NULL;
			if ((pass == 0) != is_set(tag))
				continue;
			if (pass == 0) {
				/* the first operation with this tag */
				for (j = 0; j < i; j++)
					if (m->operations[j]->tags.n > 0 &&
					    is_set(m->operations[j]
					                   ->tags.items[0]
					                   ->name) &&
					    strcmp(m->operations[j]
					                   ->tags.items[0]
					                   ->name,
					           tag) == 0)
						break;
				if (j < i)
					continue;
				t = tmpl_section_add(g, "NAV_TAG");
				tmpl_set(t, "NAV_TAG_NAME", tag);
				for (j = i; j < m->n_operations; j++) {
					const struct model_operation *o =
					        m->operations[j];

					if (o->tags.n > 0 &&
					    is_set(o->tags.items[0]->name) &&
					    strcmp(o->tags.items[0]->name,
					           tag) == 0)
						nav_entry(c, t, PAGES_OPERATION,
						          j, o->id,
						          operation_name(o));
				}
			} else {
				if (prev == NULL) {
					t = tmpl_section_add(g, "NAV_TAG");
					tmpl_set(t, "NAV_TAG_NAME", "Untagged");
					prev = "";
				}
				nav_entry(c, t, PAGES_OPERATION, i, op->id,
				          operation_name(op));
			}
		}
	}
}

static void
fill_sidebar(struct ctx *c, struct tmpl_dict *d)
{
	const struct model *m = c->m;
	struct tmpl_dict *g, *l;
	size_t i, from, to;

	if (m->n_servers > 0) {
		g = nav_group(c, d, PAGES_SERVER, "Servers", "servers",
		              m->n_servers);
		nav_range(c, PAGES_SERVER, m->n_servers, &from, &to);
		l = tmpl_section_add(g, "NAV_LIST");
		for (i = from; i < to; i++)
			nav_entry(c, l, PAGES_SERVER, i, m->servers[i]->id,
			          server_name(m->servers[i]));
		nav_more(g, to - from, m->n_servers);
	}
	if (m->n_channels > 0) {
		g = nav_group(c, d, PAGES_CHANNEL, "Channels", "channels",
		              m->n_channels);
		nav_range(c, PAGES_CHANNEL, m->n_channels, &from, &to);
		l = tmpl_section_add(g, "NAV_LIST");
		for (i = from; i < to; i++)
			nav_entry(c, l, PAGES_CHANNEL, i, m->channels[i]->id,
			          channel_name(m->channels[i]));
		nav_more(g, to - from, m->n_channels);
	}
	if (m->n_operations > 0) {
		g = nav_group(c, d, PAGES_OPERATION, "Operations", "operations",
		              m->n_operations);
		if (c->opts->group_by_tags &&
		    m->n_operations <= RENDER_SIDEBAR_FULL) {
			add_nav_ops_by_tag(c, g);
		} else {
			nav_range(c, PAGES_OPERATION, m->n_operations, &from,
			          &to);
			l = tmpl_section_add(g, "NAV_LIST");
			for (i = from; i < to; i++)
				nav_entry(c, l, PAGES_OPERATION, i,
				          m->operations[i]->id,
				          operation_name(m->operations[i]));
			nav_more(g, to - from, m->n_operations);
		}
	}
	if (m->n_messages > 0) {
		g = nav_group(c, d, PAGES_MESSAGE, "Messages", "messages",
		              m->n_messages);
		nav_range(c, PAGES_MESSAGE, m->n_messages, &from, &to);
		l = tmpl_section_add(g, "NAV_LIST");
		for (i = from; i < to; i++)
			nav_entry(c, l, PAGES_MESSAGE, i, m->messages[i]->id,
			          message_name(m->messages[i]));
		nav_more(g, to - from, m->n_messages);
	}
	if (m->n_schemas > 0) {
		g = nav_group(c, d, PAGES_SCHEMA, "Schemas", "schemas",
		              m->n_schemas);
		nav_range(c, PAGES_SCHEMA, m->n_schemas, &from, &to);
		l = tmpl_section_add(g, "NAV_LIST");
		for (i = from; i < to; i++)
			nav_entry(c, l, PAGES_SCHEMA, i, m->schemas[i]->id,
			          schema_name(m->schemas[i]));
		nav_more(g, to - from, m->n_schemas);
	}
}

/* ------------------------------------------------------------ pages */

/* Lazy fillers: rows of the index tables and items of the single page. */

static void
row_channel(struct tmpl_dict *d, size_t i, void *arg)
{
	struct ctx *c = arg;
	const struct model_channel *ch = c->m->channels[i];
	char anchor[512];

	pages_anchor(anchor, sizeof(anchor), PAGES_CHANNEL, ch->id);
	tmpl_set(d, "ROW_ANCHOR", anchor);
	set_url(c, d, "ROW_URL", PAGES_CHANNEL, ch->id);
	tmpl_set(d, "ROW_NAME", channel_name(ch));
	set_section(d, "ROW_ADDRESS", ch->address);
	set_one_line(c, d, "ROW_SUMMARY",
	             first_of(ch->summary, ch->title, ch->description, NULL));
}

static void
row_operation(struct tmpl_dict *d, size_t i, void *arg)
{
	struct ctx *c = arg;
	const struct model_operation *op = c->m->operations[i];

	set_url(c, d, "ROW_URL", PAGES_OPERATION, op->id);
	tmpl_set(d, "ROW_NAME", operation_name(op));
	tmpl_set(d, "ROW_CLASS", action_class(op));
	tmpl_set(d, "ROW_LABEL",
	         model_action_label(c->m, op, c->opts->v3_labels));
	if (op->channel != NULL) {
		struct tmpl_dict *e = tmpl_section_add(d, "ROW_CHANNEL");

		set_url(c, e, "ROW_CHANNEL_URL", PAGES_CHANNEL,
		        op->channel->id);
		tmpl_set(e, "ROW_CHANNEL_NAME", channel_name(op->channel));
	}
	set_one_line(c, d, "ROW_SUMMARY",
	             first_of(op->summary, op->title, op->description, NULL));
}

static void
row_message(struct tmpl_dict *d, size_t i, void *arg)
{
	struct ctx *c = arg;
	const struct model_message *msg = c->m->messages[i];

	set_url(c, d, "ROW_URL", PAGES_MESSAGE, msg->id);
	tmpl_set(d, "ROW_NAME", message_name(msg));
	set_section(d, "ROW_CONTENT_TYPE", msg->content_type);
	set_one_line(
	        c, d, "ROW_SUMMARY",
	        first_of(msg->summary, msg->title, msg->description, NULL));
}

static void
row_schema(struct tmpl_dict *d, size_t i, void *arg)
{
	struct ctx *c = arg;
	const struct model_schema *s = c->m->schemas[i];

	set_url(c, d, "ROW_URL", PAGES_SCHEMA, s->id);
	tmpl_set(d, "ROW_NAME", schema_name(s));
	set_type(c, d, "ROW_TYPE", s->schema, s->format);
	set_one_line(c, d, "ROW_SUMMARY",
	             first_of(node_get_str(s->schema, "title"),
	                      node_get_str(s->schema, "description"), NULL,
	                      NULL));
}

static void
item_server(struct tmpl_dict *d, size_t i, void *arg)
{
	fill_server(arg, tmpl_include_add(d, "ITEM", T_SERVER_I), i);
}

static void
item_channel(struct tmpl_dict *d, size_t i, void *arg)
{
	struct tmpl_dict *it = tmpl_include_add(d, "ITEM", T_CHANNEL_I);

	tmpl_show(it, "IT_TITLE");
	fill_channel(arg, it, i);
}

static void
item_operation(struct tmpl_dict *d, size_t i, void *arg)
{
	struct tmpl_dict *it = tmpl_include_add(d, "ITEM", T_OP_I);

	tmpl_show(it, "IT_TITLE");
	fill_operation(arg, it, i);
}

static void
item_message(struct tmpl_dict *d, size_t i, void *arg)
{
	struct tmpl_dict *it = tmpl_include_add(d, "ITEM", T_MSG_I);

	tmpl_show(it, "IT_TITLE");
	fill_message(arg, it, i);
}

static void
item_schema(struct tmpl_dict *d, size_t i, void *arg)
{
	struct tmpl_dict *it = tmpl_include_add(d, "ITEM", T_SCHEMA_I);

	tmpl_show(it, "IT_TITLE");
	fill_schema(arg, it, i);
}

/* Shows {{#list}} with n lazy repetitions of {{#item}} when n > 0. */
static void
add_list(struct ctx *c, struct tmpl_dict *root, const char *list,
         const char *item, size_t n, tmpl_fill_fn fill)
{
	if (n > 0)
		tmpl_section_lazy(tmpl_section_add(root, list), item, n, fill,
		                  NULL, c);
}

/* "ASSET_" + rel with every non-alphanumeric byte as '_', into buf. */
static void
asset_var(char *buf, size_t size, const char *rel)
{
	size_t n = (size_t)snprintf(buf, size, "ASSET_%s", rel), i;

	for (i = 6; i < n && i < size; i++)
		if (!((buf[i] >= 'a' && buf[i] <= 'z') ||
		      (buf[i] >= 'A' && buf[i] <= 'Z') ||
		      (buf[i] >= '0' && buf[i] <= '9')))
			buf[i] = '_';
}

/*
 * The globals ASSET_<file>: each asset's URL from a page at root, the
 * assets folder being up (another "../" for a portal's APIs).
 */
static void
set_asset_globals(struct tmpl_dict *root, const struct render_opts *o,
                  const char *page_root, const char *up)
{
	/* no list: a caller that copies the theme's folders as they are */
	static const char *const names[] = {"style.css", "schema.css",
	                                    "highlight.css", "app.js"};
	char var[160], url[1024];
	size_t i, n = o->assets != NULL ? o->n_assets
	                                : sizeof(names) / sizeof(names[0]);

	for (i = 0; i < n; i++) {
		const char *rel =
		        o->assets != NULL ? o->assets[i].rel : names[i];
		const char *out =
		        o->assets != NULL ? o->assets[i].out : names[i];

		asset_var(var, sizeof(var), rel);
		if ((size_t)snprintf(url, sizeof(url), "%s%sassets/%s",
		                     page_root, up, out) < sizeof(url))
			tmpl_set_global(root, var, url);
	}
}

/*
 * What the head of an HTML page needs beyond its title: the assets (their
 * URLs, or their text inlined in a self-contained page), and with a site
 * URL the canonical link and Open Graph tags.
 */
static void
add_head(struct ctx *c, struct tmpl_dict *root, struct tmpl_dict *head,
         const char *page_title)
{
	const struct render_opts *o = c->opts;
	struct strbuf css = STRBUF_INIT, js = STRBUF_INIT;
	char url[1024];
	size_t i;

	set_asset_globals(root, o, c->root, o->other_dirs != NULL ? "../" : "");
	if (o->self_contained) {
		struct tmpl_dict *sc = tmpl_section_add(head, "SELF_CONTAINED");

		for (i = 0; i < o->n_assets; i++) {
			const struct theme_asset *a = &o->assets[i];
			size_t len = strlen(a->rel);

			if (a->data == NULL)
				continue;
			if (len > 4 && strcmp(a->rel + len - 4, ".css") == 0) {
				strbuf_putn(&css, a->data, a->len);
				strbuf_putc(&css, '\n');
			} else {
				strbuf_putn(&js, a->data, a->len);
				strbuf_putc(&js, '\n');
			}
		}
		if (searchidx_write(&js, c->m, c->plan) != 0)
			c->nomem = 1;
		if (css.oom || js.oom)
			c->nomem = 1;
		tmpl_set(sc, "INLINE_CSS_HTML", css.p != NULL ? css.p : "");
		tmpl_set(sc, "INLINE_JS_HTML", js.p != NULL ? js.p : "");
		strbuf_free(&css);
		strbuf_free(&js);
	} else {
		tmpl_show(head, "LINKED");
	}
	if (is_set(o->site_url)) {
		struct tmpl_dict *cn = tmpl_section_add(head, "CANONICAL");
		const char *file = c->page_path != NULL ? c->page_path : "";

		snprintf(url, sizeof(url), "%s%s%s", o->site_url,
		         o->site_url[strlen(o->site_url) - 1] == '/' ? "" : "/",
		         strcmp(file, "index.html") == 0 ? "" : file);
		tmpl_set(cn, "CANONICAL_URL", url);
		tmpl_set(cn, "OG_TITLE", page_title);
		tmpl_set(cn, "OG_SITE",
		         first_of(c->m->info.title, NULL, NULL, "API"));
		set_one_line(c, cn, "OG_DESCRIPTION", c->m->info.description);
		if (c->is_404) {
			/* a base must end with / for relative links to work */
			snprintf(url, sizeof(url), "%s%s", o->site_url,
			         o->site_url[strlen(o->site_url) - 1] == '/'
			                 ? ""
			                 : "/");
			tmpl_set(tmpl_section_add(head, "BASE"), "BASE_URL",
			         url);
		}
	}
}

/* The values every page has: globals, head, header, sidebar, footer. */
static struct tmpl_dict *
page_dict(struct ctx *c, const char *page_title, const char *kind_label)
{
	const struct model *m = c->m;
	struct tmpl_dict *root, *head;
	char *assets, *index_url, *title;
	size_t i;

	root = tmpl_dict_new("page");
	if (root == NULL)
		return NULL;
	assets = join(c, c->root, "", "assets/");
	{
		char buf[64];

		snprintf(buf, sizeof(buf), "%sindex%s", c->root,
		         c->plan != NULL ? c->plan->ext : ".html");
		index_url = join(c, buf, "", NULL);
	}
	tmpl_set_global(root, "GENERATOR", PACKAGE_NAME " " PACKAGE_VERSION);
	tmpl_set_global(root, "ROOT", c->root);
	{
		/*
		 * Where the search index is: in a portal, one for all APIs
		 * at the portal's root, one folder up.
		 */
		char sroot[64];

		snprintf(sroot, sizeof(sroot), "%s%s", c->root,
		         c->opts->other_dirs != NULL ? "../" : "");
		tmpl_set_global(root, "SEARCH_ROOT", sroot);
	}
	tmpl_set_global(root, "ASSETS", assets != NULL ? assets : "");
	tmpl_set_global(root, "INDEX_URL", index_url != NULL ? index_url : "");
	tmpl_set_global(root, "ASYNCAPI_VERSION", m->asyncapi);
	tmpl_set_global(root, "SITE_TITLE",
	                first_of(m->info.title, NULL, NULL, "API"));
	tmpl_set_global(root, "SITE_VERSION",
	                m->info.version != NULL ? m->info.version : "");
	free(assets);
	free(index_url);
	for (i = 0; i < c->opts->n_params; i++) {
		char var[160];

		snprintf(var, sizeof(var), "PARAM_%s", c->opts->params[2 * i]);
		tmpl_set_global(root, var, c->opts->params[2 * i + 1]);
	}
	if (md_page) {
		/* a Markdown page: no head, bar or sidebar */
		tmpl_set(root, "TITLE", page_title);
		if (kind_label != NULL)
			tmpl_set(root, "KIND_LABEL", kind_label);
		tmpl_include_add(root, "FOOTER", T_FOOTER);
		return root;
	}
	head = tmpl_include_add(root, "HEAD", T_HEAD);
	add_head(c, root, head, page_title);
	if (kind_label != NULL) {
		title = join(c, page_title, " · ",
		             first_of(m->info.title, NULL, NULL, "API"));
		tmpl_set(head, "PAGE_TITLE", title != NULL ? title : "");
		free(title);
		tmpl_set(root, "KIND_LABEL", kind_label);
	} else {
		tmpl_set(head, "PAGE_TITLE", page_title);
	}
	{
		struct tmpl_dict *hd =
		        tmpl_include_add(root, "HEADER", T_HEADER);

		/* a portal's API: a way back to the list of APIs */
		if (c->opts->other_dirs != NULL) {
			char purl[64];

			snprintf(purl, sizeof(purl), "%s../index.html",
			         c->root);
			tmpl_set(tmpl_section_add(hd, "PORTAL"), "PORTAL_URL",
			         purl);
		}
	}
	fill_sidebar(c, tmpl_include_add(root, "SIDEBAR", T_SIDEBAR));
	tmpl_include_add(root, "FOOTER", T_FOOTER);
	tmpl_set(root, "TITLE", page_title);
	return root;
}

static struct tmpl_dict *
index_dict(struct ctx *c)
{
	const struct model *m = c->m;
	struct tmpl_dict *root;
	int single = c->plan->single_page;

	root = page_dict(c, first_of(m->info.title, NULL, NULL, "API"), NULL);
	if (root == NULL)
		return NULL;
	tmpl_set(root, "VERSION", m->info.version);
	add_info(c, root);
	add_list(c, root, "SERVERS", "SERVER", m->n_servers, item_server);
	if (single) {
		tmpl_show(root, "SINGLE_PAGE");
		add_list(c, root, "CHANNELS", "CHANNEL", m->n_channels,
		         item_channel);
		add_list(c, root, "OPERATIONS", "OPERATION", m->n_operations,
		         item_operation);
		add_list(c, root, "MESSAGES", "MESSAGE", m->n_messages,
		         item_message);
		add_list(c, root, "SCHEMAS", "SCHEMA", m->n_schemas,
		         item_schema);
	} else {
		add_list(c, root, "CHANNEL_TABLE", "CHANNEL_ROW", m->n_channels,
		         row_channel);
		add_list(c, root, "OPERATION_TABLE", "OPERATION_ROW",
		         m->n_operations, row_operation);
		add_list(c, root, "MESSAGE_TABLE", "MESSAGE_ROW", m->n_messages,
		         row_message);
		add_list(c, root, "SCHEMA_TABLE", "SCHEMA_ROW", m->n_schemas,
		         row_schema);
	}
	return root;
}

/* A per-object page: page dict with the item partial as ITEM. */
static struct tmpl_dict *
object_dict(struct ctx *c, enum render_kind kind, size_t i)
{
	const struct model *m = c->m;
	struct tmpl_dict *root = NULL;

	switch (kind) {
	case RENDER_CHANNEL:
		c->kind = PAGES_CHANNEL;
		root = page_dict(c, channel_name(m->channels[i]), "Channel");
		if (root != NULL)
			fill_channel(
			        c, tmpl_include_add(root, "ITEM", T_CHANNEL_I),
			        i);
		break;
	case RENDER_OPERATION:
		c->kind = PAGES_OPERATION;
		root = page_dict(c, operation_name(m->operations[i]),
		                 "Operation");
		if (root != NULL) {
			tmpl_set(root, "OP_LABEL",
			         model_action_label(m, m->operations[i],
			                            c->opts->v3_labels));
			tmpl_set(root, "OP_CLASS",
			         action_class(m->operations[i]));
			fill_operation(
			        c, tmpl_include_add(root, "ITEM", T_OP_I), i);
		}
		break;
	case RENDER_MESSAGE:
		c->kind = PAGES_MESSAGE;
		root = page_dict(c, message_name(m->messages[i]), "Message");
		if (root != NULL)
			fill_message(c, tmpl_include_add(root, "ITEM", T_MSG_I),
			             i);
		break;
	case RENDER_SCHEMA:
		c->kind = PAGES_SCHEMA;
		root = page_dict(c, schema_name(m->schemas[i]), "Schema");
		if (root != NULL)
			fill_schema(c,
			            tmpl_include_add(root, "ITEM", T_SCHEMA_I),
			            i);
		break;
	default:
		break;
	}
	return root;
}

static int
nomem(struct diag_list *diags)
{
	diag_add(diags, DIAG_ERROR, NULL, 0, 0, "out-of-memory",
	         "out of memory while rendering");
	return -1;
}

/* Passes text on to the caller's writer, noting whether it failed. */
struct relay {
	render_write_fn write;
	void *arg;
	int failed;
};

static int
relay_write(void *arg, const char *data, size_t len)
{
	struct relay *r = arg;

	if (r->write(r->arg, data, len) != 0) {
		r->failed = 1;
		return -1;
	}
	return 0;
}

/*
 * Markdown templates are expanded as written (blank lines matter there),
 * so the lines their section tags leave empty are squeezed: at most one
 * blank line in a row, none at the start.
 */
struct squeeze {
	struct relay *r;
	int newlines; /* newlines just written (1 at the start) */
};

static int
squeeze_write(void *arg, const char *data, size_t len)
{
	struct squeeze *sq = arg;
	size_t i, from = 0;

	for (i = 0; i < len; i++) {
		if (data[i] != '\n') {
			sq->newlines = 0;
			continue;
		}
		if (++sq->newlines > 2) {
			/* drop this newline: flush what came before it */
			if (i > from &&
			    relay_write(sq->r, data + from, i - from) != 0)
				return -1;
			from = i + 1;
		}
	}
	return len > from ? relay_write(sq->r, data + from, len - from) : 0;
}

static const char *
page_template(enum render_kind kind, int md)
{
	switch (kind) {
	case RENDER_CHANNEL:
		return md ? "channel.md.tpl" : T_CHANNEL;
	case RENDER_OPERATION:
		return md ? "operation.md.tpl" : T_OPERATION;
	case RENDER_MESSAGE:
		return md ? "message.md.tpl" : T_MESSAGE;
	case RENDER_SCHEMA:
		return md ? "schema-page.md.tpl" : T_SCHEMA;
	case RENDER_404:
		return "404.html.tpl";
	default:
		return md ? "index.md.tpl" : T_INDEX;
	}
}

/* Expands a templated page of out through write. */
static int
write_templated(const struct render_output *out, const struct render_page *p,
                render_write_fn write, void *arg, struct diag_list *diags)
{
	struct ctx c;
	struct relay r = {write, arg, 0};
	struct squeeze sq = {&r, 2};
	struct tmpl_dict *root = NULL;
	struct render_index *own = NULL;
	int ret = -1;

	memset(&c, 0, sizeof(c));
	c.o = out;
	c.m = out->m;
	c.opts = &out->opts;
	c.ix = out->ix;
	/* A hand-made output has no index: make one for this page. */
	if (c.ix == NULL) {
		if (out->m == NULL ||
		    index_new(&own, out->m, &out->opts) != 0) {
			nomem(diags);
			goto out;
		}
		c.ix = own;
	}
	c.diags = diags;
	c.root = pages_root(p->path);
	c.kind = PAGES_INDEX;
	c.item = p->item;
	c.plan = p->md ? &c.ix->plan_md : &c.ix->plan;
	c.page_path = p->path;
	c.is_404 = p->kind == RENDER_404;
	md_page = p->md;
	root = p->kind == RENDER_INDEX ? index_dict(&c)
	       : p->kind == RENDER_404 ? page_dict(&c, "Page not found", NULL)
	                               : object_dict(&c, p->kind, p->item);
	if (root == NULL) {
		nomem(diags);
		goto out;
	}
	if (p->md && c.ix->front_matter != NULL &&
	    write(arg, c.ix->front_matter, strlen(c.ix->front_matter)) != 0)
		goto out;
	if (tmpl_expand_to(p->md ? squeeze_write : relay_write,
	                   p->md ? (void *)&sq : (void *)&r, out->tmpl,
	                   page_template(p->kind, p->md),
	                   p->md ? TMPL_KEEP : TMPL_STRIP_BLANK, root) != 0) {
		if (r.failed)
			goto out;
		if (c.nomem)
			nomem(diags);
		else
			diag_add(diags, DIAG_ERROR, NULL, 0, 0,
			         "template-error", "%s", tmpl_error());
		goto out;
	}
	if (c.nomem) {
		nomem(diags);
		goto out;
	}
	/* the last line's newline, and no more */
	if (p->md && sq.newlines == 0 && relay_write(&r, "\n", 1) != 0)
		goto out;
	ret = 0;
out:
	md_page = 0;
	tmpl_dict_free(root);
	if (own != NULL)
		index_free(own, out->m);
	return ret;
}

static int
write_search(const struct render_output *out, render_write_fn write, void *arg,
             struct diag_list *diags)
{
	struct pages_plan plan = {out->opts.single_page, ".html"};
	struct strbuf sb = STRBUF_INIT;
	struct searchidx w;
	char prefix[512];
	size_t i;
	int rc = 0;

	if (out->m == NULL && out->portal == NULL) {
		strbuf_free(&sb);
		return nomem(diags);
	}
	searchidx_begin(&w, &sb);
	if (out->portal != NULL) {
		/* the portal's index: every API, under its folder */
		for (i = 0; rc == 0 && i < out->n_portal; i++) {
			if (out->portal[i].m == NULL)
				continue;
			snprintf(prefix, sizeof(prefix), "%s/",
			         out->portal[i].dir);
			rc = searchidx_add(&w, out->portal[i].m, &plan, prefix);
		}
	} else {
		/* this API first, then the portal's others from its folder */
		rc = searchidx_add(&w, out->m, &plan, "");
		for (i = 0; rc == 0 && i < out->opts.n_others; i++) {
			if (out->opts.others[i] == NULL)
				continue;
			snprintf(prefix, sizeof(prefix), "../%s/",
			         out->opts.other_dirs[i]);
			rc = searchidx_add(&w, out->opts.others[i], &plan,
			                   prefix);
		}
	}
	if (rc != 0 || searchidx_end(&w) != 0 || sb.oom) {
		strbuf_free(&sb);
		return nomem(diags);
	}
	rc = write(arg, sb.p != NULL ? sb.p : "", sb.len) != 0 ? -1 : 0;
	strbuf_free(&sb);
	return rc;
}

/* The landing page of a portal: every API with its counts. */
static int
write_portal(const struct render_output *out, render_write_fn write, void *arg,
             struct diag_list *diags)
{
	struct relay r = {write, arg, 0};
	struct tmpl_dict *root, *e;
	struct ctx c;
	char url[1024];
	size_t i;
	int ret = -1;

	memset(&c, 0, sizeof(c));
	c.opts = &out->opts;
	c.root = "";
	root = tmpl_dict_new("portal");
	if (root == NULL)
		return nomem(diags);
	tmpl_set_global(root, "GENERATOR", PACKAGE_NAME " " PACKAGE_VERSION);
	tmpl_set_global(root, "ROOT", "");
	tmpl_set_global(root, "INDEX_URL", "index.html");
	tmpl_set_global(root, "SITE_TITLE", "APIs");
	tmpl_set_global(root, "SITE_VERSION", "");
	tmpl_set_global(root, "ASYNCAPI_VERSION", "");
	set_asset_globals(root, &out->opts, "", "");
	{
		struct tmpl_dict *head = tmpl_include_add(root, "HEAD", T_HEAD);

		tmpl_set(head, "PAGE_TITLE", "APIs");
		tmpl_show(head, "LINKED");
	}
	tmpl_include_add(root, "HEADER", T_HEADER);
	tmpl_include_add(root, "FOOTER", T_FOOTER);
	tmpl_set_int(root, "API_COUNT", (long)out->n_portal);
	for (i = 0; i < out->n_portal; i++) {
		const struct render_portal_entry *a = &out->portal[i];

		e = tmpl_section_add(root, "API");
		snprintf(url, sizeof(url), "%s/index.html", a->dir);
		tmpl_set(e, "API_URL", url);
		tmpl_set(e, "API_SPEC", a->spec);
		if (a->m == NULL) {
			tmpl_set(e, "API_TITLE", a->spec);
			tmpl_show(e, "API_FAILED");
			continue;
		}
		tmpl_show(e, "API_OK");
		tmpl_set(e, "API_TITLE",
		         first_of(a->m->info.title, NULL, NULL, a->dir));
		set_section(e, "API_VERSION", a->m->info.version);
		set_one_line(&c, e, "API_SUMMARY", a->m->info.description);
		tmpl_set_int(e, "API_CHANNELS", (long)a->m->n_channels);
		tmpl_set_int(e, "API_MESSAGES", (long)a->m->n_messages);
		tmpl_set_int(e, "API_OPERATIONS", (long)a->m->n_operations);
		tmpl_set(e, "API_ASYNCAPI", a->m->asyncapi);
	}
	if (tmpl_expand_to(relay_write, &r, out->tmpl, "portal.html.tpl",
	                   TMPL_STRIP_BLANK, root) != 0) {
		if (!r.failed)
			diag_add(diags, DIAG_ERROR, NULL, 0, 0,
			         "template-error", "%s", tmpl_error());
		goto out;
	}
	ret = 0;
out:
	tmpl_dict_free(root);
	return ret;
}

/* sitemap.xml: every HTML page but the 404 page, at the site URL. */
static int
write_sitemap(const struct render_output *out, render_write_fn write, void *arg,
              struct diag_list *diags)
{
	const char *base = out->opts.site_url, *q;
	struct strbuf sb = STRBUF_INIT;
	size_t i, n;
	int rc;

	strbuf_puts(&sb, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	                 "<urlset xmlns=\"http://www.sitemaps.org/schemas/"
	                 "sitemap/0.9\">\n");
	n = base != NULL ? strlen(base) : 0;
	for (i = 0; base != NULL && i < out->n; i++) {
		const struct render_page *p = &out->pages[i];

		if (p->md ||
		    (p->kind != RENDER_INDEX && p->kind != RENDER_CHANNEL &&
		     p->kind != RENDER_OPERATION && p->kind != RENDER_MESSAGE &&
		     p->kind != RENDER_SCHEMA))
			continue;
		strbuf_puts(&sb, "<url><loc>");
		/* XML text: the URL's & < > escaped (ids are slugs) */
		for (q = base; *q != '\0'; q++) {
			if (*q == '&')
				strbuf_puts(&sb, "&amp;");
			else if (*q == '<')
				strbuf_puts(&sb, "&lt;");
			else if (*q == '>')
				strbuf_puts(&sb, "&gt;");
			else
				strbuf_putc(&sb, *q);
		}
		if (n > 0 && base[n - 1] != '/')
			strbuf_putc(&sb, '/');
		if (strcmp(p->path, "index.html") != 0)
			strbuf_puts(&sb, p->path);
		strbuf_puts(&sb, "</loc></url>\n");
	}
	strbuf_puts(&sb, "</urlset>\n");
	if (sb.oom) {
		strbuf_free(&sb);
		return nomem(diags);
	}
	rc = write(arg, sb.p, sb.len) != 0 ? -1 : 0;
	strbuf_free(&sb);
	return rc;
}

int
render_page_write(const struct render_output *out, size_t i,
                  render_write_fn write, void *arg, struct diag_list *diags)
{
	const struct render_page *page = &out->pages[i];

	if (page->owner != NULL)
		return render_page_write(page->owner, page->owner_page, write,
		                         arg, diags);
	switch (page->kind) {
	case RENDER_PORTAL:
		return write_portal(out, write, arg, diags);
	case RENDER_DATA:
		if (page->len == 0)
			return 0;
		return write(arg, page->data, page->len) != 0 ? -1 : 0;
	case RENDER_SEARCH:
		return write_search(out, write, arg, diags);
	case RENDER_SITEMAP:
		return write_sitemap(out, write, arg, diags);
	default:
		return write_templated(out, page, write, arg, diags);
	}
}

/* A render_write_fn appending to a struct strbuf (render_page_text). */
static int
textbuf_write(void *arg, const char *data, size_t len)
{
	struct strbuf *b = arg;

	strbuf_putn(b, data, len);
	return b->oom ? -1 : 0;
}

int
render_page_text(char **text, size_t *len, const struct render_output *out,
                 size_t i, struct diag_list *diags)
{
	struct strbuf b = STRBUF_INIT;
	int was_oom;

	*text = NULL;
	if (len != NULL)
		*len = 0;
	/* The empty write makes the buffer of an empty page. */
	if (textbuf_write(&b, "", 0) != 0 ||
	    render_page_write(out, i, textbuf_write, &b, diags) != 0) {
		was_oom = b.oom;
		strbuf_free(&b);
		return was_oom ? nomem(diags) : -1;
	}
	if (len != NULL)
		*len = b.len;
	*text = strbuf_take(&b);
	return 0;
}

/* ------------------------------------------------------------- plan */

static void
index_free(struct render_index *ix, const struct model *m)
{
	size_t i;

	if (ix == NULL)
		return;
	for (i = 0; ix->msg_ops != NULL && i < m->n_messages; i++)
		free(ix->msg_ops[i].items);
	for (i = 0; ix->msg_channels != NULL && i < m->n_messages; i++)
		free(ix->msg_channels[i].items);
	for (i = 0; ix->ch_replies != NULL && i < m->n_channels; i++)
		free(ix->ch_replies[i].items);
	free(ix->ch_replies);
	for (i = 0; ix->schema_msgs != NULL && i < m->n_schemas; i++)
		free(ix->schema_msgs[i].items);
	free(ix->msg_ops);
	free(ix->msg_channels);
	free(ix->schema_msgs);
	for (i = 0; i < ix->n_others; i++) {
		hmap_free(&ix->other_channels[i]);
		hmap_free(&ix->other_messages[i]);
	}
	free(ix->other_channels);
	free(ix->other_messages);
	schemaview_ctx_free(ix->sv);
	free(ix->reported);
	free(ix->front_matter);
	free(ix);
}

/* The reverse links: operations and channels per message, messages per
 * component schema. */
static int
index_links(struct render_index *ix, const struct model *m)
{
	struct hmap msg_ix = HMAP_INIT, schema_ix = HMAP_INIT,
	            ch_ix = HMAP_INIT;
	void *v;
	size_t i, j;
	int rc = -1;

	for (i = 0; i < m->n_messages; i++)
		if (hmap_put_ptr(&msg_ix, m->messages[i], (void *)(i + 1)) != 0)
			goto out;
	for (i = 0; i < m->n_channels; i++)
		if (hmap_put_ptr(&ch_ix, m->channels[i], (void *)(i + 1)) != 0)
			goto out;
	for (i = 0; i < m->n_operations; i++) {
		const struct model_reply *r = m->operations[i]->reply;

		v = r != NULL && r->channel != NULL
		            ? hmap_get_ptr(&ch_ix, r->channel)
		            : NULL;
		if (v != NULL && plist_add(&ix->ch_replies[(size_t)v - 1],
		                           m->operations[i]) != 0)
			goto out;
	}
	for (i = 0; i < m->n_schemas; i++)
		if ((m->schemas[i]->schema != NULL &&
		     hmap_put_ptr(&schema_ix, m->schemas[i]->schema,
		                  (void *)(i + 1)) != 0))
			goto out;
	for (i = 0; i < m->n_operations; i++) {
		const struct model_operation *op = m->operations[i];

		for (j = 0; j < op->n_messages; j++) {
			v = hmap_get_ptr(&msg_ix, op->messages[j]);
			if (v != NULL &&
			    plist_add(&ix->msg_ops[(size_t)v - 1], op) != 0)
				goto out;
		}
	}
	for (i = 0; i < m->n_channels; i++) {
		const struct model_channel *ch = m->channels[i];

		for (j = 0; j < ch->n_messages; j++) {
			v = hmap_get_ptr(&msg_ix, ch->messages[j]);
			if (v != NULL &&
			    plist_add(&ix->msg_channels[(size_t)v - 1], ch) !=
			            0)
				goto out;
		}
	}
	for (i = 0; i < m->n_messages; i++) {
		const struct model_message *msg = m->messages[i];
		const struct model_schema *parts[2] = {msg->headers,
		                                       msg->payload};

		for (j = 0; j < 2; j++) {
			if (parts[j] == NULL || parts[j]->schema == NULL)
				continue;
			v = hmap_get_ptr(&schema_ix, parts[j]->schema);
			if (v != NULL &&
			    plist_add(&ix->schema_msgs[(size_t)v - 1], msg) !=
			            0)
				goto out;
		}
	}
	rc = 0;
out:
	hmap_free(&msg_ix);
	hmap_free(&schema_ix);
	hmap_free(&ch_ix);
	return rc;
}

/* s as a JSON string (quotes included) onto b. */
static void
json_string(struct strbuf *b, const char *s)
{
	static const char hex[] = "0123456789abcdef";

	strbuf_putc(b, '"');
	for (; s != NULL && *s != '\0'; s++) {
		unsigned char ch = (unsigned char)*s;

		if (ch == '"' || ch == '\\') {
			strbuf_putc(b, '\\');
			strbuf_putc(b, (char)ch);
		} else if (ch < 0x20) {
			strbuf_puts(b, "\\u00");
			strbuf_putc(b, hex[ch >> 4]);
			strbuf_putc(b, hex[ch & 15]);
		} else {
			strbuf_putc(b, (char)ch);
		}
	}
	strbuf_putc(b, '"');
}

/* The front matter text with {{title}} and {{version}} replaced. */
static int
front_matter(char **out, const char *text, const struct model *m)
{
	struct strbuf b = STRBUF_INIT;
	const char *p = text;

	while (*p != '\0') {
		if (strncmp(p, "{{title}}", 9) == 0) {
			json_string(&b,
			            first_of(m->info.title, NULL, NULL, "API"));
			p += 9;
		} else if (strncmp(p, "{{version}}", 11) == 0) {
			json_string(&b, m->info.version);
			p += 11;
		} else {
			strbuf_putc(&b, *p++);
		}
	}
	if (b.len > 0 && b.p[b.len - 1] != '\n')
		strbuf_putc(&b, '\n');
	if (b.oom) {
		strbuf_free(&b);
		return -1;
	}
	*out = strbuf_take(&b);
	return *out != NULL ? 0 : -1;
}

/* The portal's other members: channels by address, messages by name. */
static int
index_others(struct render_index *ix, const struct render_opts *opts)
{
	size_t i, j;

	ix->other_channels = calloc(opts->n_others, sizeof(struct hmap));
	ix->other_messages = calloc(opts->n_others, sizeof(struct hmap));
	if (ix->other_channels == NULL || ix->other_messages == NULL)
		return -1;
	ix->n_others = opts->n_others;
	for (i = 0; i < opts->n_others; i++) {
		const struct model *o = opts->others[i];

		for (j = 0; o != NULL && j < o->n_channels; j++)
			if (is_set(o->channels[j]->address) &&
			    hmap_get_str(&ix->other_channels[i],
			                 o->channels[j]->address) == NULL &&
			    hmap_put_str(&ix->other_channels[i],
			                 o->channels[j]->address,
			                 o->channels[j]) != 0)
				return -1;
		for (j = 0; o != NULL && j < o->n_messages; j++) {
			const char *name = o->messages[j]->name;

			if (is_set(name) &&
			    hmap_get_str(&ix->other_messages[i], name) ==
			            NULL &&
			    hmap_put_str(&ix->other_messages[i], name,
			                 o->messages[j]) != 0)
				return -1;
		}
	}
	return 0;
}

static int
index_new(struct render_index **out, const struct model *m,
          const struct render_opts *opts)
{
	struct render_index *ix = calloc(1, sizeof(*ix));
	size_t bits;

	*out = NULL;
	if (ix == NULL)
		return -1;
	ix->plan.single_page = opts->single_page || opts->self_contained;
	ix->plan.ext = ".html";
	ix->plan_md.single_page = opts->single_file;
	ix->plan_md.ext = opts->md_ext != NULL ? opts->md_ext : ".md";
	ix->msg_ops = calloc(m->n_messages + 1, sizeof(*ix->msg_ops));
	ix->msg_channels = calloc(m->n_messages + 1, sizeof(*ix->msg_channels));
	ix->ch_replies = calloc(m->n_channels + 1, sizeof(*ix->ch_replies));
	ix->schema_msgs = calloc(m->n_schemas + 1, sizeof(*ix->schema_msgs));
	ix->first[L_SERVER] = 0;
	ix->first[L_CHANNEL] = ix->first[L_SERVER] + m->n_servers;
	ix->first[L_OPERATION] = ix->first[L_CHANNEL] + m->n_channels;
	ix->first[L_MESSAGE] = ix->first[L_OPERATION] + m->n_operations;
	ix->first[L_SCHEMA] = ix->first[L_MESSAGE] + m->n_messages;
	bits = ix->first[L_SCHEMA] + m->n_schemas;
	ix->reported = calloc(bits / 8 + 1, 1);
	/* schemaview only reads the model: the cast keeps its API simple */
	if (opts->n_others > 0 && index_others(ix, opts) != 0) {
		index_free(ix, m);
		return -1;
	}
	if (opts->front_matter != NULL &&
	    front_matter(&ix->front_matter, opts->front_matter, m) != 0) {
		index_free(ix, m);
		return -1;
	}
	if (ix->msg_ops == NULL || ix->msg_channels == NULL ||
	    ix->ch_replies == NULL || ix->schema_msgs == NULL ||
	    ix->reported == NULL ||
	    schemaview_ctx_new(&ix->sv, m, &ix->plan) != 0 ||
	    index_links(ix, m) != 0) {
		index_free(ix, m);
		return -1;
	}
	*out = ix;
	return 0;
}

/* a + b in a new string, or NULL. */
static char *
join_plain(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	char *s = malloc(la + lb + 1);

	if (s != NULL) {
		memcpy(s, a, la);
		memcpy(s + la, b, lb + 1);
	}
	return s;
}

/* Appends a page of kind for item, at path (copied). */
static int
add_page(struct render_output *r, size_t *cap, char *path,
         enum render_kind kind, size_t item)
{
	struct render_page *pages;

	if (path == NULL)
		return -1;
	if (r->n == *cap) {
		*cap = *cap ? *cap * 2 : 16;
		pages = realloc(r->pages, *cap * sizeof(*pages));
		if (pages == NULL) {
			free(path);
			return -1;
		}
		r->pages = pages;
	}
	memset(&r->pages[r->n], 0, sizeof(r->pages[r->n]));
	r->pages[r->n].path = path;
	r->pages[r->n].kind = kind;
	r->pages[r->n].item = item;
	r->n++;
	return 0;
}

/* The per-object pages of one format. */
static int
plan_objects(struct render_output *r, size_t *cap,
             const struct pages_plan *plan, int md)
{
	const struct model *m = r->m;
	size_t i, n = r->n;

	for (i = 0; i < m->n_channels; i++)
		if (add_page(
		            r, cap,
		            pages_file(plan, PAGES_CHANNEL, m->channels[i]->id),
		            RENDER_CHANNEL, i) != 0)
			return -1;
	for (i = 0; i < m->n_operations; i++)
		if (add_page(r, cap,
		             pages_file(plan, PAGES_OPERATION,
		                        m->operations[i]->id),
		             RENDER_OPERATION, i) != 0)
			return -1;
	for (i = 0; i < m->n_messages; i++)
		if (add_page(
		            r, cap,
		            pages_file(plan, PAGES_MESSAGE, m->messages[i]->id),
		            RENDER_MESSAGE, i) != 0)
			return -1;
	for (i = 0; i < m->n_schemas; i++)
		if (add_page(r, cap,
		             pages_file(plan, PAGES_SCHEMA, m->schemas[i]->id),
		             RENDER_SCHEMA, i) != 0)
			return -1;
	for (i = n; i < r->n; i++)
		r->pages[i].md = md;
	return 0;
}

static int
plan_pages(struct render_output *r)
{
	unsigned formats = r->opts.formats ? r->opts.formats : RENDER_FMT_HTML;
	size_t cap = 0;
	char *index;

	if ((formats & RENDER_FMT_HTML) && r->opts.self_contained) {
		/* one file: CSS, JS and the search index inlined */
		if (add_page(r, &cap, strdup("index.html"), RENDER_INDEX, 0) !=
		    0)
			return -1;
	} else if (formats & RENDER_FMT_HTML) {
		if (add_page(r, &cap, strdup("index.html"), RENDER_INDEX, 0) !=
		            0 ||
		    /* a portal's APIs use the portal's index */
		    (r->opts.other_dirs == NULL &&
		     add_page(r, &cap, strdup(SEARCHIDX_FILE), RENDER_SEARCH,
		              0) != 0) ||
		    add_page(r, &cap, strdup("404.html"), RENDER_404, 0) != 0 ||
		    /* GitHub Pages: serve the files as they are (no Jekyll) */
		    add_page(r, &cap, strdup(".nojekyll"), RENDER_DATA, 0) != 0)
			return -1;
		if (!r->opts.single_page &&
		    plan_objects(r, &cap, &r->ix->plan, 0) != 0)
			return -1;
		if (is_set(r->opts.site_url) &&
		    add_page(r, &cap, strdup("sitemap.xml"), RENDER_SITEMAP,
		             0) != 0)
			return -1;
	}
	if (formats & RENDER_FMT_MD) {
		/* one asyncapi.md like the reference, or index.md and pages */
		index = join_plain(r->opts.single_file ? "asyncapi" : "index",
		                   r->ix->plan_md.ext);
		if (add_page(r, &cap, index, RENDER_INDEX, 0) != 0)
			return -1;
		r->pages[r->n - 1].md = 1;
		if (!r->opts.single_file &&
		    plan_objects(r, &cap, &r->ix->plan_md, 1) != 0)
			return -1;
	}
	return 0;
}

int
render_site(struct render_output **out, const struct model *m,
            struct tmpl_cache *tmpl, const struct render_opts *opts,
            struct diag_list *diags)
{
	static const struct render_opts defaults = RENDER_OPTS_INIT;
	static const char *const templates[] = {
	        T_INDEX,       T_CHANNEL,  T_OPERATION, T_MESSAGE,
	        T_SCHEMA,      T_HEAD,     T_HEADER,    T_SIDEBAR,
	        T_FOOTER,      T_SERVER_I, T_CHANNEL_I, T_OP_I,
	        T_MSG_I,       T_SCHEMA_I, T_TAGS,      T_EXTDOCS,
	        T_BINDINGS,    T_EXTS,     T_SECURITY,  SCHEMAVIEW_TEMPLATE,
	        "404.html.tpl"};
	static const char *const md_templates[] = {
	        "index.md.tpl",          "channel.md.tpl",
	        "operation.md.tpl",      "message.md.tpl",
	        "schema-page.md.tpl",    "footer.md.tpl",
	        "server-item.md.tpl",    "channel-item.md.tpl",
	        "operation-item.md.tpl", "message-item.md.tpl",
	        "schema-item.md.tpl",    "tags.md.tpl",
	        "extdocs.md.tpl",        "bindings.md.tpl",
	        "extensions.md.tpl",     "security.md.tpl",
	        "schema-rows.md.tpl"};
	struct render_output *r = NULL;
	size_t i;

	unsigned formats;

	*out = NULL;
	if (opts == NULL)
		opts = &defaults;
	formats = opts->formats ? opts->formats : RENDER_FMT_HTML;
	/* Template errors now, before anything is written. */
	for (i = 0; (formats & RENDER_FMT_HTML) &&
	            i < sizeof(templates) / sizeof(templates[0]);
	     i++) {
		if (tmpl_cache_load(tmpl, templates[i], TMPL_STRIP_BLANK) !=
		    0) {
			diag_add(diags, DIAG_ERROR, NULL, 0, 0,
			         "template-error", "%s", tmpl_error());
			return -1;
		}
	}
	for (i = 0; (formats & RENDER_FMT_MD) &&
	            i < sizeof(md_templates) / sizeof(md_templates[0]);
	     i++) {
		if (tmpl_cache_load(tmpl, md_templates[i], TMPL_KEEP) != 0) {
			diag_add(diags, DIAG_ERROR, NULL, 0, 0,
			         "template-error", "%s", tmpl_error());
			return -1;
		}
	}
	/* Positions are looked up from the threads that write pages. */
	if (m->doc != NULL && loader_freeze(m->doc) != 0)
		return nomem(diags);
	r = calloc(1, sizeof(*r));
	if (r == NULL)
		return nomem(diags);
	r->m = m;
	r->tmpl = tmpl;
	r->opts = *opts;
	if (index_new(&r->ix, m, opts) != 0 || plan_pages(r) != 0) {
		render_output_free(r);
		return nomem(diags);
	}
	*out = r;
	return 0;
}

void
render_output_free(struct render_output *out)
{
	size_t i;

	if (out == NULL)
		return;
	if (out->pages != NULL) {
		for (i = 0; i < out->n; i++) {
			free(out->pages[i].path);
			free(out->pages[i].data);
		}
		free(out->pages);
	}
	if (out->m != NULL)
		index_free(out->ix, out->m);
	free(out);
}

int
render_portal(struct render_output **out,
              const struct render_portal_entry *apis, size_t n,
              struct tmpl_cache *tmpl, const struct render_opts *opts,
              struct diag_list *diags)
{
	static const struct render_opts defaults = RENDER_OPTS_INIT;
	struct render_output *r;
	size_t cap = 0;

	*out = NULL;
	if (tmpl_cache_load(tmpl, "portal.html.tpl", TMPL_STRIP_BLANK) != 0 ||
	    tmpl_cache_load(tmpl, T_HEAD, TMPL_STRIP_BLANK) != 0 ||
	    tmpl_cache_load(tmpl, T_HEADER, TMPL_STRIP_BLANK) != 0 ||
	    tmpl_cache_load(tmpl, T_FOOTER, TMPL_STRIP_BLANK) != 0) {
		diag_add(diags, DIAG_ERROR, NULL, 0, 0, "template-error", "%s",
		         tmpl_error());
		return -1;
	}
	r = calloc(1, sizeof(*r));
	if (r == NULL)
		return nomem(diags);
	r->tmpl = tmpl;
	r->opts = opts != NULL ? *opts : defaults;
	r->portal = apis;
	r->n_portal = n;
	if (add_page(r, &cap, strdup("index.html"), RENDER_PORTAL, 0) != 0 ||
	    add_page(r, &cap, strdup(SEARCHIDX_FILE), RENDER_SEARCH, 0) != 0 ||
	    add_page(r, &cap, strdup(".nojekyll"), RENDER_DATA, 0) != 0) {
		render_output_free(r);
		return nomem(diags);
	}
	*out = r;
	return 0;
}

int
render_merge(struct render_output *out, const struct render_output *sub,
             const char *prefix)
{
	size_t cap = out->n, i, n;
	char *path;

	for (i = 0; i < sub->n; i++) {
		n = strlen(prefix) + strlen(sub->pages[i].path) + 2;
		path = malloc(n);
		if (path == NULL)
			return -1;
		snprintf(path, n, "%s/%s", prefix, sub->pages[i].path);
		if (add_page(out, &cap, path, RENDER_DATA, 0) != 0)
			return -1;
		out->pages[out->n - 1].owner = sub;
		out->pages[out->n - 1].owner_page = i;
	}
	return 0;
}
