/*
 * render: the pages of a site and their dictionaries (see render.h): the
 * items (servers, channels, operations, messages, schemas) and the blocks
 * they share, the page dictionaries, the page plan and the writers. The
 * formats are in render_format.c, the sidebar in render_sidebar.c, the
 * shared index in render_index.c, the portal's page in render_portal.c.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "diff/diff.h"
#include "load/loader.h"
#include "model/model.h"
#include "render/example.h"
#include "render/pages.h"
#include "render/render.h"
#include "render/render_int.h"
#include "render/schemaview.h"
#include "render/searchidx.h"
#include "render/theme.h"
#include "render/tmpl.h"
#include "util/array.h"
#include "util/hmap.h"
#include "util/node.h"
#include "util/strbuf.h"

size_t
render_cat3(char *buf, size_t size, const char *a, const char *b, const char *c)
{
	const char *parts[3] = {a, b, c};
	size_t n = 0, k, i;

	for (i = 0; i < 3; i++) {
		k = strlen(parts[i]);
		if (k > size - 1 - n)
			k = size - 1 - n;
		memcpy(buf + n, parts[i], k);
		n += k;
	}
	buf[n] = '\0';
	return n;
}

/* "a" + sep + "b" (either may be NULL), or NULL. Caller frees. */
char *
render_join(struct ctx *c, const char *a, const char *sep, const char *b)
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
		render_set_section(c, d, var, sb.p);
	strbuf_free(&sb);
}

/*
 * The first line of a text (Markdown or plain), cut at ONE_LINE_MAX bytes
 * on a UTF-8 boundary with "...", into var. Escaped by the template.
 */
void
render_set_one_line(struct ctx *c, struct tmpl_dict *d, const char *var,
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
	render_set_section(c, d, var, buf);
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
		full = render_join(c, c->is_404 ? "index.html#" : "#", "",
		                   anchor);
		return full;
	}
	u = pages_url(c->plan, kind, id);
	if (u == NULL) {
		c->nomem = 1;
		return NULL;
	}
	full = render_join(c, c->root, "", u);
	free(u);
	return full;
}

void
render_set_url(struct ctx *c, struct tmpl_dict *d, const char *var,
               enum pages_kind kind, const char *id)
{
	char buf[512];
	char *u;

	/* The common case, with no allocation (pages make many links). */
	if (!c->plan->single_page &&
	    pages_url_into(buf, sizeof(buf), c->plan, c->root, kind, id) <
	            sizeof(buf)) {
		render_set(c, d, var, buf);
		return;
	}
	u = url_of(c, kind, id);

	if (u != NULL)
		render_set(c, d, var, u);
	free(u);
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
	e = render_include(c, d, "EXTDOCS", T_EXTDOCS);
	render_set(c, e, "ED_URL", ed->url);
	render_set_markdown(c, e, "ED_DESCRIPTION_HTML", ed->description,
	                    node_get(owner, "externalDocs"), NULL,
	                    "description", report);
}

static void
add_tags(struct ctx *c, struct tmpl_dict *d, const struct model_tags *tags)
{
	struct tmpl_dict *inc, *t;
	size_t i;

	if (tags->n == 0)
		return;
	inc = render_include(c, d, "TAGS", T_TAGS);
	for (i = 0; i < tags->n; i++) {
		const struct model_tag *tag = tags->items[i];

		t = tmpl_section_add(inc, "TAG");
		render_set(c, t, "TAG_NAME",
		           first_of(tag->name, NULL, NULL, "tag"));
		render_set_markdown(c, t, "TAG_DESCRIPTION_HTML",
		                    tag->description, NULL, NULL, "description",
		                    0);
		if (tag->external_docs != NULL &&
		    is_set(tag->external_docs->url))
			render_set(c, tmpl_section_add(t, "TAG_EXTDOCS"),
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
		render_set(c, tmpl_section_add(row, text_var), text_var, text);
	else
		render_set_code(c, tmpl_section_add(row, code_var), code_var, v,
		                0);
}

static void
add_exts(struct ctx *c, struct tmpl_dict *d, const struct model_exts *exts)
{
	struct tmpl_dict *inc, *e;
	size_t i;

	if (exts->n == 0)
		return;
	inc = render_include(c, d, "EXTENSIONS", T_EXTS);
	for (i = 0; i < exts->n; i++) {
		e = tmpl_section_add(inc, "EXT");
		render_set(c, e, "EXT_KEY", exts->items[i].key);
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

/*
 * The place of a tree of the item at anchor, for render_add_tree():
 * "<anchor>-<a>[-<b>]", a and b slugged (keys of the document: any text).
 * Two keys may slug alike; render_add_tree() tells their trees apart.
 */
static void
tree_place(char *buf, size_t size, const char *anchor, const char *a,
           const char *b)
{
	char slug[128];
	size_t n;

	model_slug(slug, sizeof(slug), a);
	n = render_cat3(buf, size, anchor, "-", slug);
	if (b != NULL) {
		model_slug(slug, sizeof(slug), b);
		render_cat3(buf + n, size - n, "-", slug, "");
	}
}

/* The bindings of the item at anchor (its schema trees are named by it). */
static void
add_bindings(struct ctx *c, struct tmpl_dict *d, const char *anchor,
             const struct model_bindings *bs)
{
	struct tmpl_dict *inc, *b, *row;
	const struct cJSON *f, *v;
	char place[768];
	size_t i;

	if (bs->n == 0)
		return;
	inc = render_include(c, d, "BINDINGS", T_BINDINGS);
	for (i = 0; i < bs->n; i++) {
		const struct model_binding *mb = &bs->items[i];

		b = tmpl_section_add(inc, "BINDING");
		render_set(c, b, "B_PROTOCOL", protocol_label(mb->protocol));
		render_set(c, b, "B_KEY", mb->protocol);
		render_set_section(c, b, "B_VERSION", mb->version);
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
			render_set(c, row, "B_FIELD", f->string);
			v = c->m->doc != NULL
			            ? loader_deref(NULL, c->m->doc, f, NULL)
			            : f;
			if (binding_schema_field(f->string) &&
			    cJSON_IsObject(v)) {
				tree_place(place, sizeof(place), anchor,
				           mb->protocol, f->string);
				render_add_tree(
				        c, tmpl_section_add(row, "B_SCHEMA"), v,
				        NULL, 0, place);
				continue;
			}
			add_value(c, row, "B_TEXT", "B_CODE_HTML", v);
		}
	}
}

/* One scheme in full (SEC_KNOWN) with the scopes a requirement asks. */
static void
fill_scheme(struct ctx *c, struct tmpl_dict *req,
            const struct model_security_scheme *s, const char **scopes,
            size_t n_scopes)
{
	struct tmpl_dict *fl, *sc;
	size_t k, l;

	render_set(c, req, "SEC_NAME", first_of(s->key, s->id, NULL, "scheme"));
	render_set_section(c, req, "SEC_TYPE", s->type);
	render_set_markdown(c, req, "SEC_DESCRIPTION_HTML", s->description,
	                    s->src.node, s->src.via, "description", 0);
	render_set_section(c, req, "SEC_PARAM", s->name);
	render_set_section(c, req, "SEC_IN", s->in);
	render_set_section(c, req, "SEC_SCHEME", s->scheme);
	render_set_section(c, req, "SEC_BEARER", s->bearer_format);
	render_set_section(c, req, "SEC_OIDC", s->open_id_connect_url);
	set_list(c, req, "SEC_SCOPES", scopes, n_scopes);
	for (k = 0; k < s->n_flows; k++) {
		const struct model_oauth_flow *f = s->flows[k];

		fl = tmpl_section_add(req, "SEC_FLOW");
		render_set(c, fl, "FLOW_KIND", f->kind);
		render_set_section(c, fl, "FLOW_AUTH_URL",
		                   f->authorization_url);
		render_set_section(c, fl, "FLOW_TOKEN_URL", f->token_url);
		render_set_section(c, fl, "FLOW_REFRESH_URL", f->refresh_url);
		if (f->n_scopes > 0)
			fl = tmpl_section_add(fl, "FLOW_SCOPES");
		for (l = 0; l < f->n_scopes; l++) {
			sc = tmpl_section_add(fl, "FLOW_SCOPE");
			render_set(c, sc, "SCOPE_NAME", f->scopes[l].name);
			render_set_section(c, sc, "SCOPE_DESCRIPTION",
			                   f->scopes[l].description);
		}
	}
	add_exts(c, req, &s->exts);
}

static void
add_security(struct ctx *c, struct tmpl_dict *d,
             const struct model_security *sec)
{
	struct tmpl_dict *inc, *set, *req;
	size_t i, j;

	if (sec->n == 0)
		return;
	inc = render_include(c, d, "SECURITY", T_SECURITY);
	tmpl_show(inc, "SEC_HEADING");
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
			fill_scheme(c, tmpl_section_add(req, "SEC_KNOWN"), s,
			            r->scopes, r->n_scopes);
		}
	}
}

static int
security_uses(const struct model_security *sec,
              const struct model_security_scheme *s)
{
	size_t i, j;

	for (i = 0; i < sec->n; i++)
		for (j = 0; j < sec->sets[i].n; j++)
			if (sec->sets[i].reqs[j].scheme == s)
				return 1;
	return 0;
}

/*
 * The schemes of components that no server or operation requires
 * (SCHEMES, one SEC_SET each): shown on the index, since no item page
 * would show them. Quadratic in the worst case; documents hold a handful
 * of schemes.
 */
static void
add_unused_schemes(struct ctx *c, struct tmpl_dict *d)
{
	const struct model *m = c->m;
	struct tmpl_dict *inc = NULL, *req;
	size_t i, j;
	int used;

	for (i = 0; i < m->n_security_schemes; i++) {
		const struct model_security_scheme *s = m->security_schemes[i];

		used = 0;
		for (j = 0; !used && j < m->n_servers; j++)
			used = security_uses(&m->servers[j]->security, s);
		for (j = 0; !used && j < m->n_operations; j++)
			used = security_uses(&m->operations[j]->security, s);
		if (used)
			continue;
		if (inc == NULL)
			inc = render_include(c, tmpl_section_add(d, "SCHEMES"),
			                     "SECURITY", T_SECURITY);
		req = tmpl_section_add(tmpl_section_add(inc, "SEC_SET"),
		                       "SEC_REQ");
		fill_scheme(c, tmpl_section_add(req, "SEC_KNOWN"), s, s->scopes,
		            s->n_scopes);
	}
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
	render_set_section(c, d, var, type);
	free(type);
}

/*
 * Markdown: a description that is one paragraph goes in a table cell (var,
 * its lines joined, | escaped); a longer one is shown below the table
 * (section below).
 */
static void
set_md_cell(struct ctx *c, struct tmpl_dict *d, const char *var,
            const char *below, const char *text)
{
	struct strbuf b = STRBUF_INIT;
	char *md = NULL;
	const char *p;
	int cut = 0;

	if (!is_set(text))
		return;
	if (mdtext_markdown(&md, &cut, text, strlen(text), 4096, 3) != 0) {
		c->nomem = 1;
		return;
	}
	/* blocks (lists, code, headings, paragraphs) keep their lines */
	for (p = md; *p >= '0' && *p <= '9'; p++)
		;
	if (cut || strstr(md, "\n\n") != NULL ||
	    strchr("-*+#>`|", md[0]) != NULL ||
	    (p > md && (*p == '.' || *p == ')'))) {
		tmpl_show(d, below);
		free(md);
		return;
	}
	for (p = md; *p != '\0'; p++) {
		if (*p == '|')
			strbuf_putc(&b, '\\');
		strbuf_putc(&b, *p == '\n' ? ' ' : *p);
	}
	while (b.len > 0 && b.p[b.len - 1] == ' ')
		b.p[--b.len] = '\0';
	if (!b.oom)
		render_set_section(c, d, var, b.p);
	strbuf_free(&b);
	free(md);
}

/*
 * LOGO, the logo's URL from the page: the copy in assets/ when the
 * pipeline made one (the asset "x-logo", site/logo.h), else x-logo as
 * written.
 */
static void
set_logo(struct ctx *c, struct tmpl_dict *root, const char *logo)
{
	const struct render_opts *o = c->opts;
	char url[1024];
	size_t i;

	for (i = 0; o->assets != NULL && i < o->n_assets; i++) {
		if (strcmp(o->assets[i].rel, "x-logo") != 0)
			continue;
		if ((size_t)snprintf(url, sizeof(url), "%s%sassets/%s", c->root,
		                     o->other_dirs != NULL ? "../" : "",
		                     o->assets[i].out) < sizeof(url))
			logo = url;
		break;
	}
	render_set_section(c, root, "LOGO", logo);
}

/* ------------------------------------------------------------- info */

/* The info block of the index page. */
static void
add_info(struct ctx *c, struct tmpl_dict *root)
{
	const struct model_info *info = &c->m->info;
	const struct cJSON *info_node = node_get(doc_root(c->m), "info");
	struct tmpl_dict *s;

	render_set_markdown(c, root, "DESCRIPTION_HTML", info->description,
	                    info_node, NULL, "description", 1);
	render_set_section(c, root, "ID", info->id);
	render_set_section(c, root, "DEFAULT_CONTENT_TYPE",
	                   info->default_content_type);
	set_logo(c, root, info->logo);
	if (is_set(info->license_name) || is_set(info->license_url)) {
		s = tmpl_section_add(root, "LICENSE");
		render_set(c, s, "LICENSE_TEXT",
		           first_of(info->license_name, info->license_url, NULL,
		                    ""));
		if (is_set(info->license_url))
			render_set(c, tmpl_section_add(s, "LICENSE_LINK"),
			           "LICENSE_URL", info->license_url);
		else
			tmpl_show(s, "LICENSE_PLAIN");
	}
	if (is_set(info->terms_of_service))
		render_set(c, tmpl_section_add(root, "TERMS"), "TERMS_URL",
		           info->terms_of_service);
	if (first_of(info->contact_name, info->contact_url, info->contact_email,
	             NULL) != NULL) {
		s = tmpl_section_add(root, "CONTACT");
		render_set_section(c, s, "CONTACT_NAME", info->contact_name);
		render_set_section(c, s, "CONTACT_URL", info->contact_url);
		render_set_section(c, s, "CONTACT_EMAIL", info->contact_email);
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
		render_set_url(c, e, "LINK_URL", PAGES_SERVER,
		               ch->servers[j]->id);
		render_set(c, e, "LINK_NAME", server_name(ch->servers[j]));
	}
}

static void
add_op_link(struct ctx *c, struct tmpl_dict *d, const char *section,
            const struct model_operation *op)
{
	struct tmpl_dict *e = tmpl_section_add(d, section);

	render_set_url(c, e, "LINK_URL", PAGES_OPERATION, op->id);
	render_set(c, e, "LINK_NAME", operation_name(op));
	render_set(c, e, "LINK_CLASS", action_class(op));
	render_set(c, e, "LINK_LABEL",
	           model_action_label(c->m, op, c->opts->v3_labels));
	render_set_one_line(
	        c, e, "LINK_SUMMARY",
	        first_of(op->summary, op->title, op->description, NULL));
}

static void
add_msg_link(struct ctx *c, struct tmpl_dict *d, const char *section,
             const struct model_message *msg)
{
	struct tmpl_dict *e = tmpl_section_add(d, section);

	render_set_url(c, e, "LINK_URL", PAGES_MESSAGE, msg->id);
	render_set(c, e, "LINK_NAME", message_name(msg));
	render_set_one_line(
	        c, e, "LINK_SUMMARY",
	        first_of(msg->summary, msg->title, msg->description, NULL));
}

static void
add_channel_link(struct ctx *c, struct tmpl_dict *d, const char *section,
                 const struct model_channel *ch)
{
	struct tmpl_dict *e = tmpl_section_add(d, section);

	render_set_url(c, e, "LINK_URL", PAGES_CHANNEL, ch->id);
	render_set(c, e, "LINK_NAME", channel_name(ch));
	if (is_set(ch->address) &&
	    (ch->key == NULL || strcmp(ch->address, ch->key) != 0))
		render_set_section(c, e, "LINK_ADDRESS", ch->address);
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

	if (c->ix->n_others == 0 || !is_set(key) || c->fmt->markdown)
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
		render_set(c, e, "ALSO_URL", url);
		render_set(c, e, "ALSO_NAME", name);
		render_set(c, e, "ALSO_API",
		           first_of(o->info.title, NULL, NULL,
		                    c->opts->other_dirs[i]));
	}
}

/*
 * The server's URL as one line, protocol://host/path (a v2 url that names
 * its own scheme is kept as written): SV_ADDRESS whole, and SV_URL's
 * URL_PART pieces, each URL_TEXT or URL_VAR (a {variable}) for the theme
 * to mark.
 */
static void
add_server_url(struct ctx *c, struct tmpl_dict *d, const struct model_server *s)
{
	struct strbuf sb = STRBUF_INIT;
	struct tmpl_dict *w, *e;
	const char *p, *end, *q;
	char *url;

	if (!is_set(s->url) && !is_set(s->host) && !is_set(s->pathname))
		return;
	if (is_set(s->protocol) &&
	    (s->url == NULL || strstr(s->url, "://") == NULL))
		strbuf_printf(&sb, "%s://", s->protocol);
	if (s->url != NULL) {
		strbuf_puts(&sb, s->url);
	} else {
		if (is_set(s->host))
			strbuf_puts(&sb, s->host);
		if (is_set(s->pathname))
			strbuf_puts(&sb, s->pathname);
	}
	url = strbuf_take(&sb);
	if (url == NULL) {
		c->nomem = 1;
		return;
	}
	render_set_section(c, d, "SV_ADDRESS", url);
	w = tmpl_section_add(d, "SV_URL");
	for (p = url; *p != '\0'; p = end) {
		/* a variable runs from { to the next }; a lone { is text */
		q = *p == '{' ? strchr(p, '}') : NULL;
		if (q != NULL) {
			end = q + 1;
		} else {
			end = strchr(p + 1, '{');
			if (end == NULL)
				end = p + strlen(p);
		}
		e = tmpl_section_add(w, "URL_PART");
		strbuf_putn(&sb, p, (size_t)(end - p));
		if (sb.oom) {
			c->nomem = 1;
			break;
		}
		render_set_section(c, e, q != NULL ? "URL_VAR" : "URL_TEXT",
		                   sb.p);
		sb.len = 0;
		sb.p[0] = '\0';
	}
	strbuf_free(&sb);
	free(url);
}

static void
fill_server(struct ctx *c, struct tmpl_dict *d, size_t i)
{
	const struct model_server *s = c->m->servers[i];
	struct tmpl_dict *e;
	char anchor[512];
	size_t j;
	int report = first_fill(c, L_SERVER, i);

	pages_anchor(anchor, sizeof(anchor), PAGES_SERVER, s->id);
	render_set(c, d, "SV_ANCHOR", anchor);
	render_set(c, d, "SV_NAME", server_name(s));
	add_server_url(c, d, s);
	render_set_section(c, d, "SV_HOST", s->host);
	render_set_section(c, d, "SV_PATHNAME", s->pathname);
	render_set_section(c, d, "SV_PROTOCOL", s->protocol);
	render_set_section(c, d, "SV_PROTOCOL_VERSION", s->protocol_version);
	render_set_section(c, d, "SV_TITLE", s->title);
	render_set_section(c, d, "SV_SUMMARY", s->summary);
	render_set_markdown(c, d, "SV_DESCRIPTION_HTML", s->description,
	                    s->src.node, s->src.via, "description", report);
	if (s->n_variables > 0) {
		struct tmpl_dict *vars = tmpl_section_add(d, "SV_VARS");

		for (j = 0; j < s->n_variables; j++) {
			const struct model_server_var *v = s->variables[j];

			e = tmpl_section_add(vars, "SV_VAR");
			render_set(c, e, "VAR_NAME", v->name);
			render_set_section(c, e, "VAR_DEFAULT",
			                   v->default_value);
			set_list(c, e, "VAR_ENUM", v->enum_values, v->n_enum);
			set_list(c, e, "VAR_EXAMPLES", v->examples,
			         v->n_examples);
			render_set_markdown(c, e, "VAR_DESCRIPTION_HTML",
			                    v->description, v->src.node,
			                    v->src.via, "description", report);
			if (c->fmt->markdown)
				set_md_cell(c, e, "VAR_DESCRIPTION_CELL_HTML",
				            "VAR_DESCRIPTION_BELOW",
				            v->description);
		}
	}
	add_security(c, d, &s->security);
	add_tags(c, d, &s->tags);
	add_extdocs(c, d, s->external_docs, s->src.node, report);
	add_bindings(c, d, anchor, &s->bindings);
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

/*
 * Markdown: the values a v2 parameter's schema allows (enum) or falls
 * back to (default), JSON text but for strings, in PARAM_ENUM and
 * PARAM_DEFAULT; the HTML page shows them in the schema's tree.
 */
static void
set_param_schema_values(struct ctx *c, struct tmpl_dict *d,
                        const struct cJSON *schema)
{
	struct strbuf sb = STRBUF_INIT;
	const struct cJSON *v;
	char *text;

	cJSON_ArrayForEach(v, cJSON_GetObjectItemCaseSensitive(schema, "enum"))
	{
		text = cJSON_IsString(v) ? NULL : cJSON_PrintUnformatted(v);
		if (sb.len > 0)
			strbuf_puts(&sb, ", ");
		strbuf_puts(&sb, cJSON_IsString(v) ? v->valuestring
		                 : text != NULL    ? text
		                                   : "");
		cJSON_free(text);
	}
	if (sb.oom)
		c->nomem = 1;
	else if (sb.len > 0)
		render_set_section(c, d, "PARAM_ENUM", sb.p);
	strbuf_free(&sb);
	v = cJSON_GetObjectItemCaseSensitive(schema, "default");
	if (v == NULL)
		return;
	text = cJSON_IsString(v) ? NULL : cJSON_PrintUnformatted(v);
	render_set_section(c, d, "PARAM_DEFAULT",
	                   cJSON_IsString(v) ? v->valuestring : text);
	cJSON_free(text);
}

static void
fill_channel(struct ctx *c, struct tmpl_dict *d, size_t i)
{
	const struct model_channel *ch = c->m->channels[i];
	struct tmpl_dict *sub, *e;
	int report = first_fill(c, L_CHANNEL, i);
	char anchor[512], place[768];
	size_t j;

	pages_anchor(anchor, sizeof(anchor), PAGES_CHANNEL, ch->id);
	render_set(c, d, "CH_ANCHOR", anchor);
	render_set_sub_anchor(c, d, "CH_SUB_ANCHOR", L_CHANNEL, i, anchor);
	render_set(c, d, "CH_NAME", channel_name(ch));
	if (is_set(ch->address))
		render_set_section(c, d, "CH_ADDRESS", ch->address);
	else if (c->m->major == MODEL_V3)
		tmpl_show(d, "CH_DYNAMIC");
	render_set_section(c, d, "CH_TITLE", ch->title);
	render_set_section(c, d, "CH_SUMMARY", ch->summary);
	render_set_markdown(c, d, "CH_DESCRIPTION_HTML", ch->description,
	                    ch->src.node, ch->src.via, "description", report);
	if (ch->n_parameters > 0) {
		sub = tmpl_section_add(d, "CH_PARAMS");
		for (j = 0; j < ch->n_parameters; j++) {
			const struct model_parameter *p = ch->parameters[j];

			e = tmpl_section_add(sub, "CH_PARAM");
			render_set(c, e, "PARAM_NAME", p->name);
			render_set_markdown(c, e, "PARAM_DESCRIPTION_HTML",
			                    p->description, p->src.node,
			                    p->src.via, "description", report);
			render_set_section(c, e, "PARAM_LOCATION", p->location);
			render_set_section(c, e, "PARAM_DEFAULT",
			                   p->default_value);
			set_list(c, e, "PARAM_ENUM", p->enum_values, p->n_enum);
			set_list(c, e, "PARAM_EXAMPLES", p->examples,
			         p->n_examples);
			if (p->schema != NULL && p->schema->schema != NULL) {
				set_type(c, e, "PARAM_TYPE", p->schema->schema,
				         NULL);
				if (c->fmt->markdown)
					set_param_schema_values(
					        c, e, p->schema->schema);
				tree_place(place, sizeof(place), anchor,
				           "param", p->name);
				render_add_tree(
				        c, tmpl_section_add(e, "PARAM_SCHEMA"),
				        p->schema->schema, NULL,
				        SCHEMAVIEW_NO_HEAD, place);
			}
		}
	}
	add_channel_servers(c, d, "CH_SERVERS", "CH_SERVER", ch);
	/* no heading over nothing: a document without servers */
	if (ch->n_servers > 0 || c->m->n_servers > 0)
		tmpl_show(d, "CH_HAS_SERVERS");
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
	add_bindings(c, d, anchor, &ch->bindings);
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
	render_set_section(c, s, "REPLY_ADDRESS", r->address_location);
	render_set_markdown(c, s, "REPLY_ADDRESS_DESCRIPTION_HTML",
	                    r->address_description, NULL, NULL, "description",
	                    0);
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
	render_set(c, d, "OP_ANCHOR", anchor);
	render_set_sub_anchor(c, d, "OP_SUB_ANCHOR", L_OPERATION, i, anchor);
	render_set(c, d, "OP_NAME", operation_name(op));
	render_set(c, d, "OP_CLASS", action_class(op));
	render_set(c, d, "OP_LABEL",
	           model_action_label(c->m, op, c->opts->v3_labels));
	render_set(c, d, "OP_KEYWORD", op->keyword);
	if (op->channel != NULL) {
		add_channel_link(c, d, "OP_CHANNEL", op->channel);
		add_channel_servers(c, d, "OP_SERVERS", "OP_SERVER",
		                    op->channel);
	}
	render_set_section(c, d, "OP_OPERATION_ID", op->operation_id);
	render_set_section(c, d, "OP_TITLE", op->title);
	render_set_section(c, d, "OP_SUMMARY", op->summary);
	render_set_markdown(c, d, "OP_DESCRIPTION_HTML", op->description, node,
	                    op->src.via, "description", report);
	if (op->n_traits > 0)
		tmpl_set_int(tmpl_section_add(d, "OP_TRAITS"), "OP_TRAITS",
		             (long)op->n_traits);
	sub = op->n_messages > 0 ? tmpl_section_add(d, "OP_MSGS") : NULL;
	for (j = 0; j < op->n_messages; j++)
		add_msg_link(c, sub, "OP_MSG", op->messages[j]);
	if (op->reply != NULL)
		fill_reply(c, d, op->reply);
	render_add_snippets(c, d, op);
	add_security(c, d, &op->security);
	add_bindings(c, d, anchor, &op->bindings);
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

/* A message's headers or payload block (anchor: the message's). */
static void
add_part(struct ctx *c, struct tmpl_dict *d, const char *anchor,
         const char *label, const struct model_schema *s, const char *format)
{
	const struct model_schema *named;
	struct tmpl_dict *part;
	char place[768];

	if (s == NULL || s->schema == NULL)
		return;
	part = tmpl_section_add(d, "MSG_PART");
	render_set(c, part, "PART_LABEL", label);
	render_set(c, part, "PART_ANCHOR", s->id);
	named = component_of(c->m, s->schema);
	if (named != NULL) {
		struct tmpl_dict *e = tmpl_section_add(part, "PART_LINK");

		render_set_url(c, e, "LINK_URL", PAGES_SCHEMA, named->id);
		render_set(c, e, "LINK_NAME", schema_name(named));
	}
	render_set_section(c, part, "PART_FORMAT", format);
	set_type(c, part, "PART_TYPE", s->schema, format);
	tree_place(place, sizeof(place), anchor, label, NULL);
	render_add_tree(c, part, s->schema, format, SCHEMAVIEW_NO_HEAD, place);
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
	render_set_code(c, tmpl_section_add(d, section), var,
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
			render_set(c, e, "EX_NAME", ex->name);
		} else {
			snprintf(name, sizeof(name), "Example %zu", i + 1);
			render_set(c, e, "EX_NAME", name);
		}
		render_set_section(c, e, "EX_SUMMARY", ex->summary);
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
		/* a schema with nothing in it makes null: say so instead */
		int none = set->items[i].value == NULL ||
		           cJSON_IsNull(set->items[i].value);

		e = tmpl_section_add(d, "MSG_EXAMPLE");
		tmpl_show(e, none ? "EX_NONE" : "EX_GENERATED");
		render_set(c, e, "EX_NAME",
		           set->items[i].label != NULL ? set->items[i].label
		           : none                      ? "No example"
		                                       : "Generated example");
		if (headers != NULL)
			render_set_code(c, tmpl_section_add(e, "EX_HEADERS"),
			                "EX_HEADERS_HTML", headers, yaml);
		if (!none)
			render_set_code(c, tmpl_section_add(e, "EX_PAYLOAD"),
			                "EX_PAYLOAD_HTML", set->items[i].value,
			                yaml);
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
	char anchor[512], place[768];
	int report = first_fill(c, L_MESSAGE, i);
	size_t j;

	pages_anchor(anchor, sizeof(anchor), PAGES_MESSAGE, msg->id);
	render_set(c, d, "MSG_ANCHOR", anchor);
	render_set_sub_anchor(c, d, "MSG_SUB_ANCHOR", L_MESSAGE, i, anchor);
	render_set(c, d, "MSG_NAME", message_name(msg));
	if (is_set(msg->name))
		render_set_section(c, d, "MSG_TITLE", msg->title);
	render_set_section(c, d, "MSG_MESSAGE_ID", msg->message_id);
	render_set_section(c, d, "MSG_SUMMARY", msg->summary);
	render_set_markdown(c, d, "MSG_DESCRIPTION_HTML", msg->description,
	                    node, msg->src.via, "description", report);
	render_set_section(c, d, "MSG_CONTENT_TYPE", msg->content_type);
	if (msg->content_type_is_default)
		tmpl_show(d, "MSG_CONTENT_TYPE_DEFAULT");
	render_set_section(c, d, "MSG_SCHEMA_FORMAT", msg->schema_format);
	if (msg->correlation_id != NULL) {
		e = tmpl_section_add(d, "MSG_CORRELATION");
		render_set_section(c, e, "CORR_LOCATION",
		                   msg->correlation_id->location);
		render_set_markdown(c, e, "CORR_DESCRIPTION_HTML",
		                    msg->correlation_id->description,
		                    msg->correlation_id->src.node,
		                    msg->correlation_id->src.via, "description",
		                    report);
	}
	if (msg->n_traits > 0)
		tmpl_set_int(tmpl_section_add(d, "MSG_TRAITS"), "MSG_TRAITS",
		             (long)msg->n_traits);
	/* a table's head only over rows (Markdown) */
	if (is_set(msg->message_id) || is_set(msg->content_type) ||
	    is_set(msg->schema_format) || msg->correlation_id != NULL ||
	    msg->n_traits > 0)
		tmpl_show(d, "MSG_FACTS");
	add_part(c, d, anchor, "Headers", msg->headers, NULL);
	add_part(c, d, anchor, "Payload", msg->payload, msg->schema_format);
	/* A payload written as text (a Protobuf or RAML file inline). */
	if (msg->payload == NULL && cJSON_IsString(node_get(node, "payload"))) {
		struct tmpl_dict *part = tmpl_section_add(d, "MSG_PART");

		render_set(c, part, "PART_LABEL", "Payload");
		render_set_section(c, part, "PART_FORMAT", msg->schema_format);
		tree_place(place, sizeof(place), anchor, "payload", NULL);
		render_add_tree(c, part, node_get(node, "payload"),
		                msg->schema_format, 0, place);
	}
	add_examples(c, d, msg);
	e = chs->n > 0 ? tmpl_section_add(d, "MSG_CHANNELS") : NULL;
	for (j = 0; j < chs->n; j++)
		add_channel_link(c, e, "MSG_CHANNEL", chs->items[j]);
	e = ops->n > 0 ? tmpl_section_add(d, "MSG_OPS") : NULL;
	for (j = 0; j < ops->n; j++)
		add_op_link(c, e, "MSG_OP", ops->items[j]);
	add_related(c, d, "MSG_ALSOS", "MSG_ALSO", PAGES_MESSAGE, msg->name, 1);
	add_bindings(c, d, anchor, &msg->bindings);
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
	render_set(c, d, "SC_ANCHOR", anchor);
	render_set_sub_anchor(c, d, "SC_SUB_ANCHOR", L_SCHEMA, i, anchor);
	render_set(c, d, "SC_NAME", schema_name(s));
	render_set_section(c, d, "SC_FORMAT", s->format);
	set_type(c, d, "SC_TYPE", s->schema, s->format);
	render_set_section(c, d, "SC_TITLE", node_get_str(s->schema, "title"));
	render_set_markdown(c, d, "SC_DESCRIPTION_HTML",
	                    node_get_str(s->schema, "description"), s->schema,
	                    s->src.via, "description",
	                    first_fill(c, L_SCHEMA, i));
	render_add_tree(c, d, s->schema, s->format,
	                SCHEMAVIEW_NO_HEAD | SCHEMAVIEW_NO_ROOT_TEXT, anchor);
	if (s->schema != NULL)
		render_set_code(c, tmpl_section_add(d, "SC_SOURCE"),
		                "SC_SOURCE_HTML", s->schema, 0);
	e = msgs->n > 0 ? tmpl_section_add(d, "SC_MSGS") : NULL;
	for (j = 0; j < msgs->n; j++)
		add_msg_link(c, e, "SC_MSG", msgs->items[j]);
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
	render_set(c, d, "ROW_ANCHOR", anchor);
	render_set_url(c, d, "ROW_URL", PAGES_CHANNEL, ch->id);
	render_set(c, d, "ROW_NAME", channel_name(ch));
	render_set_section(c, d, "ROW_ADDRESS", ch->address);
	render_set_one_line(
	        c, d, "ROW_SUMMARY",
	        first_of(ch->summary, ch->title, ch->description, NULL));
}

static void
row_operation(struct tmpl_dict *d, size_t i, void *arg)
{
	struct ctx *c = arg;
	const struct model_operation *op = c->m->operations[i];

	render_set_url(c, d, "ROW_URL", PAGES_OPERATION, op->id);
	render_set(c, d, "ROW_NAME", operation_name(op));
	render_set(c, d, "ROW_CLASS", action_class(op));
	render_set(c, d, "ROW_LABEL",
	           model_action_label(c->m, op, c->opts->v3_labels));
	if (op->channel != NULL) {
		struct tmpl_dict *e = tmpl_section_add(d, "ROW_CHANNEL");

		render_set_url(c, e, "ROW_CHANNEL_URL", PAGES_CHANNEL,
		               op->channel->id);
		render_set(c, e, "ROW_CHANNEL_NAME", channel_name(op->channel));
	}
	render_set_one_line(
	        c, d, "ROW_SUMMARY",
	        first_of(op->summary, op->title, op->description, NULL));
}

static void
row_message(struct tmpl_dict *d, size_t i, void *arg)
{
	struct ctx *c = arg;
	const struct model_message *msg = c->m->messages[i];

	render_set_url(c, d, "ROW_URL", PAGES_MESSAGE, msg->id);
	render_set(c, d, "ROW_NAME", message_name(msg));
	render_set_section(c, d, "ROW_CONTENT_TYPE", msg->content_type);
	render_set_one_line(
	        c, d, "ROW_SUMMARY",
	        first_of(msg->summary, msg->title, msg->description, NULL));
}

static void
row_schema(struct tmpl_dict *d, size_t i, void *arg)
{
	struct ctx *c = arg;
	const struct model_schema *s = c->m->schemas[i];

	render_set_url(c, d, "ROW_URL", PAGES_SCHEMA, s->id);
	render_set(c, d, "ROW_NAME", schema_name(s));
	set_type(c, d, "ROW_TYPE", s->schema, s->format);
	render_set_one_line(c, d, "ROW_SUMMARY",
	                    first_of(node_get_str(s->schema, "title"),
	                             node_get_str(s->schema, "description"),
	                             NULL, NULL));
}

typedef void (*fill_fn)(struct ctx *c, struct tmpl_dict *d, size_t i);

/* Item i of a kind in the single page: its partial, titled but a server. */
static void
add_item(struct ctx *c, struct tmpl_dict *d, size_t i, const char *partial,
         fill_fn fill, int titled)
{
	struct tmpl_dict *it = render_include(c, d, "ITEM", partial);

	if (titled)
		tmpl_show(it, "IT_TITLE");
	fill(c, it, i);
}

static void
item_server(struct tmpl_dict *d, size_t i, void *arg)
{
	add_item(arg, d, i, T_SERVER_I, fill_server, 0);
}

static void
item_channel(struct tmpl_dict *d, size_t i, void *arg)
{
	add_item(arg, d, i, T_CHANNEL_I, fill_channel, 1);
}

static void
item_operation(struct tmpl_dict *d, size_t i, void *arg)
{
	add_item(arg, d, i, T_OP_I, fill_operation, 1);
}

static void
item_message(struct tmpl_dict *d, size_t i, void *arg)
{
	add_item(arg, d, i, T_MSG_I, fill_message, 1);
}

static void
item_schema(struct tmpl_dict *d, size_t i, void *arg)
{
	add_item(arg, d, i, T_SCHEMA_I, fill_schema, 1);
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
	size_t i;

	/* by hand, as snprintf("ASSET_%s") cut to size: once per asset
	 * and page */
	memcpy(buf, "ASSET_", 6);
	for (i = 6; i + 1 < size && rel[i - 6] != '\0'; i++) {
		char ch = rel[i - 6];

		buf[i] = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		                         (ch >= '0' && ch <= '9')
		                 ? ch
		                 : '_';
	}
	buf[i] = '\0';
}

/*
 * The globals ASSET_<file>: each asset's URL from a page at root, the
 * assets folder being up (another "../" for a portal's APIs).
 */
void
render_set_asset_globals(struct ctx *c, struct tmpl_dict *root,
                         const struct render_opts *o, const char *page_root,
                         const char *up)
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
		size_t a = strlen(page_root), b = strlen(up), k = strlen(out);

		asset_var(var, sizeof(var), rel);
		/* "<page_root><up>assets/<out>", by hand (see asset_var) */
		if (a + b + 7 + k < sizeof(url)) {
			memcpy(url, page_root, a);
			memcpy(url + a, up, b);
			memcpy(url + a + b, "assets/", 7);
			memcpy(url + a + b + 7, out, k + 1);
			render_set_global(c, root, var, url);
		}
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

	render_set_asset_globals(c, root, o, c->root,
	                         o->other_dirs != NULL ? "../" : "");
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
		render_set(c, sc, "INLINE_CSS_HTML",
		           css.p != NULL ? css.p : "");
		render_set(c, sc, "INLINE_JS_HTML", js.p != NULL ? js.p : "");
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
		render_set(c, cn, "CANONICAL_URL", url);
		render_set(c, cn, "OG_TITLE", page_title);
		render_set(c, cn, "OG_SITE",
		           first_of(c->m->info.title, NULL, NULL, "API"));
		render_set_one_line(c, cn, "OG_DESCRIPTION",
		                    c->m->info.description);
		if (c->is_404) {
			/* a base must end with / for relative links to work */
			snprintf(url, sizeof(url), "%s%s", o->site_url,
			         o->site_url[strlen(o->site_url) - 1] == '/'
			                 ? ""
			                 : "/");
			render_set(c, tmpl_section_add(head, "BASE"),
			           "BASE_URL", url);
		}
	}
}

/* The values every page has: globals, head, header, sidebar, footer. */
static struct tmpl_dict *
page_dict(struct ctx *c, const char *page_title, const char *kind_label)
{
	const struct model *m = c->m;
	struct tmpl_dict *root, *head;
	char assets[256], index_url[256], buf[256], *title;
	size_t i;

	root = tmpl_dict_new("page");
	if (root == NULL)
		return NULL;
	render_cat3(assets, sizeof(assets), c->root, "assets/", "");
	render_cat3(index_url, sizeof(index_url), c->root, "index",
	            c->plan != NULL ? c->plan->ext : ".html");
	render_set_global(c, root, "GENERATOR",
	                  PACKAGE_NAME " " PACKAGE_VERSION);
	render_set_global(c, root, "ROOT", c->root);
	/*
	 * Where the search index is: in a portal, one for all APIs at the
	 * portal's root, one folder up.
	 */
	render_cat3(buf, sizeof(buf), c->root,
	            c->opts->other_dirs != NULL ? "../" : "", "");
	render_set_global(c, root, "SEARCH_ROOT", buf);
	render_set_global(c, root, "ASSETS", assets);
	render_set_global(c, root, "INDEX_URL", index_url);
	render_set_global(c, root, "ASYNCAPI_VERSION", m->asyncapi);
	{
		/* the version cut to 40 bytes, as "%.40s" did */
		char version[41];
		size_t k = m->asyncapi != NULL ? strlen(m->asyncapi) : 0;

		if (k > 40)
			k = 40;
		if (k > 0)
			memcpy(version, m->asyncapi, k);
		version[k] = '\0';
		render_cat3(buf, sizeof(buf), "an AsyncAPI ", version,
		            " document");
		render_set_global(c, root, "FOOTER_FROM", buf);
	}
	render_set_global(c, root, "SITE_TITLE",
	                  first_of(m->info.title, NULL, NULL, "API"));
	render_set_global(c, root, "SITE_VERSION",
	                  m->info.version != NULL ? m->info.version : "");
	for (i = 0; i < c->opts->n_params; i++) {
		char var[160];

		/* as snprintf("PARAM_%s") cut to size: 4 a page added up */
		render_cat3(var, sizeof(var), "PARAM_", c->opts->params[2 * i],
		            "");
		render_set_global(c, root, var, c->opts->params[2 * i + 1]);
	}
	if (c->fmt->markdown) {
		/* a Markdown page: no head, bar or sidebar */
		render_set(c, root, "TITLE", page_title);
		if (kind_label != NULL)
			render_set(c, root, "KIND_LABEL", kind_label);
		render_include(c, root, "FOOTER", T_FOOTER);
		return root;
	}
	head = render_include(c, root, "HEAD", T_HEAD);
	add_head(c, root, head, page_title);
	if (kind_label != NULL) {
		const char *api = first_of(m->info.title, NULL, NULL, "API");
		char joined[512];

		/* on the stack when it fits (a malloc'd join per page) */
		if (is_set(page_title) &&
		    render_cat3(joined, sizeof(joined), page_title, " · ",
		                api) < sizeof(joined) - 1) {
			render_set(c, head, "PAGE_TITLE", joined);
		} else {
			title = render_join(c, page_title, " · ", api);
			render_set(c, head, "PAGE_TITLE",
			           title != NULL ? title : "");
			free(title);
		}
		render_set(c, root, "KIND_LABEL", kind_label);
	} else {
		render_set(c, head, "PAGE_TITLE", page_title);
	}
	{
		struct tmpl_dict *hd =
		        render_include(c, root, "HEADER", T_HEADER);

		/* a portal's API: a way back to the list of APIs */
		if (c->opts->other_dirs != NULL) {
			char purl[64];

			snprintf(purl, sizeof(purl), "%s../index.html",
			         c->root);
			render_set(c, tmpl_section_add(hd, "PORTAL"),
			           "PORTAL_URL", purl);
		}
	}
	render_fill_sidebar(c, render_include(c, root, "SIDEBAR", T_SIDEBAR));
	render_include(c, root, "FOOTER", T_FOOTER);
	render_set(c, root, "TITLE", page_title);
	return root;
}

struct tmpl_dict *
render_page_dict(struct ctx *c, const char *title, const char *kind_label)
{
	return page_dict(c, title, kind_label);
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
	render_set(c, root, "VERSION", m->info.version);
	render_changes_link(c, root);
	add_info(c, root);
	render_add_graph(c, root);
	add_list(c, root, "SERVERS", "SERVER", m->n_servers, item_server);
	add_unused_schemes(c, root);
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
			render_changes_badge(c, root, DIFF_ITEM_CHANNEL,
			                     m->channels[i]->id);
		if (root != NULL)
			fill_channel(
			        c, render_include(c, root, "ITEM", T_CHANNEL_I),
			        i);
		break;
	case RENDER_OPERATION:
		c->kind = PAGES_OPERATION;
		root = page_dict(c, operation_name(m->operations[i]),
		                 "Operation");
		if (root != NULL) {
			render_changes_badge(c, root, DIFF_ITEM_OPERATION,
			                     m->operations[i]->id);
			render_set(c, root, "OP_LABEL",
			           model_action_label(m, m->operations[i],
			                              c->opts->v3_labels));
			render_set(c, root, "OP_CLASS",
			           action_class(m->operations[i]));
			fill_operation(
			        c, render_include(c, root, "ITEM", T_OP_I), i);
		}
		break;
	case RENDER_MESSAGE:
		c->kind = PAGES_MESSAGE;
		root = page_dict(c, message_name(m->messages[i]), "Message");
		if (root != NULL)
			render_changes_badge(c, root, DIFF_ITEM_MESSAGE,
			                     m->messages[i]->id);
		if (root != NULL)
			fill_message(
			        c, render_include(c, root, "ITEM", T_MSG_I), i);
		break;
	case RENDER_SCHEMA:
		c->kind = PAGES_SCHEMA;
		root = page_dict(c, schema_name(m->schemas[i]), "Schema");
		if (root != NULL)
			fill_schema(c,
			            render_include(c, root, "ITEM", T_SCHEMA_I),
			            i);
		break;
	default:
		break;
	}
	return root;
}

int
render_relay_write(void *arg, const char *data, size_t len)
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
			if (i > from && render_relay_write(sq->r, data + from,
			                                   i - from) != 0)
				return -1;
			from = i + 1;
		}
	}
	return len > from ? render_relay_write(sq->r, data + from, len - from)
	                  : 0;
}

/* The template of a page of kind in format fmt, into buf. */
static const char *
page_template(char *buf, size_t size, enum render_kind kind,
              const struct render_format *fmt)
{
	const char *base;

	switch (kind) {
	case RENDER_CHANNEL:
		base = T_CHANNEL;
		break;
	case RENDER_OPERATION:
		base = T_OPERATION;
		break;
	case RENDER_MESSAGE:
		base = T_MESSAGE;
		break;
	case RENDER_SCHEMA:
		base = T_SCHEMA;
		break;
	case RENDER_404:
		return T_404;
	case RENDER_CHANGES:
		base = render_changes_template();
		break;
	default:
		base = T_INDEX;
		break;
	}
	render_cat3(buf, size, base, fmt->suffix, "");
	return buf;
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
	char name[64];
	int ret = -1;

	memset(&c, 0, sizeof(c));
	c.o = out;
	c.m = out->m;
	c.opts = &out->opts;
	c.ix = out->ix;
	/* A hand-made output has no index: make one for this page. */
	if (c.ix == NULL) {
		if (out->m == NULL ||
		    render_index_new(&own, out->m, &out->opts) != 0) {
			diag_oom(diags, "rendering");
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
	c.fmt = p->md ? &render_format_md : &render_format_html;
	root = p->kind == RENDER_INDEX ? index_dict(&c)
	       : p->kind == RENDER_404 ? page_dict(&c, "Page not found", NULL)
	       : p->kind == RENDER_CHANGES ? render_changes_dict(&c)
	                                   : object_dict(&c, p->kind, p->item);
	if (root == NULL) {
		diag_oom(diags, "rendering");
		goto out;
	}
	if (p->md && c.ix->front_matter != NULL &&
	    write(arg, c.ix->front_matter, strlen(c.ix->front_matter)) != 0)
		goto out;
	if (tmpl_expand_to(p->md ? squeeze_write : render_relay_write,
	                   p->md ? (void *)&sq : (void *)&r, out->tmpl,
	                   page_template(name, sizeof(name), p->kind, c.fmt),
	                   c.fmt->strip, root) != 0) {
		if (r.failed)
			goto out;
		if (c.nomem)
			diag_oom(diags, "rendering");
		else
			diag_add(diags, DIAG_ERROR, NULL, 0, 0,
			         "template-error", "%s", tmpl_error());
		goto out;
	}
	if (c.nomem) {
		diag_oom(diags, "rendering");
		goto out;
	}
	/* the last line's newline, and no more */
	if (p->md && sq.newlines == 0 && render_relay_write(&r, "\n", 1) != 0)
		goto out;
	ret = 0;
out:
	tmpl_dict_free(root);
	render_ctx_release(&c);
	if (own != NULL)
		render_index_free(own, out->m);
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
		return diag_oom(diags, "rendering");
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
		return diag_oom(diags, "rendering");
	}
	rc = write(arg, sb.p != NULL ? sb.p : "", sb.len) != 0 ? -1 : 0;
	strbuf_free(&sb);
	return rc;
}

/* sitemap.xml: every HTML page but the 404 page, at the site URL. */
static int
write_sitemap(const struct render_output *out, render_write_fn write, void *arg,
              struct diag_list *diags)
{
	const char *base = out->opts.site_url;
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
		/* XML text: the URL escaped (ids are slugs) */
		strbuf_put_html(&sb, base);
		if (n > 0 && base[n - 1] != '/')
			strbuf_putc(&sb, '/');
		if (strcmp(p->path, "index.html") != 0)
			strbuf_puts(&sb, p->path);
		strbuf_puts(&sb, "</loc></url>\n");
	}
	strbuf_puts(&sb, "</urlset>\n");
	if (sb.oom) {
		strbuf_free(&sb);
		return diag_oom(diags, "rendering");
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
		return render_write_portal(out, write, arg, diags);
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
		return was_oom ? diag_oom(diags, "rendering") : -1;
	}
	if (len != NULL)
		*len = b.len;
	*text = strbuf_take(&b);
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
int
render_add_page(struct render_output *r, size_t *cap, char *path,
                enum render_kind kind, size_t item)
{
	if (path == NULL)
		return -1;
	if (ARRAY_RESERVE(r->pages, r->n + 1, *cap) < 0) {
		free(path);
		return -1;
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
		if (render_add_page(
		            r, cap,
		            pages_file(plan, PAGES_CHANNEL, m->channels[i]->id),
		            RENDER_CHANNEL, i) != 0)
			return -1;
	for (i = 0; i < m->n_operations; i++)
		if (render_add_page(r, cap,
		                    pages_file(plan, PAGES_OPERATION,
		                               m->operations[i]->id),
		                    RENDER_OPERATION, i) != 0)
			return -1;
	for (i = 0; i < m->n_messages; i++)
		if (render_add_page(
		            r, cap,
		            pages_file(plan, PAGES_MESSAGE, m->messages[i]->id),
		            RENDER_MESSAGE, i) != 0)
			return -1;
	for (i = 0; i < m->n_schemas; i++)
		if (render_add_page(
		            r, cap,
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
		if (render_add_page(r, &cap, strdup("index.html"), RENDER_INDEX,
		                    0) != 0)
			return -1;
	} else if (formats & RENDER_FMT_HTML) {
		if (render_add_page(r, &cap, strdup("index.html"), RENDER_INDEX,
		                    0) != 0 ||
		    /* a portal's APIs use the portal's index */
		    (r->opts.other_dirs == NULL &&
		     render_add_page(r, &cap, strdup(SEARCHIDX_FILE),
		                     RENDER_SEARCH, 0) != 0) ||
		    render_add_page(r, &cap, strdup("404.html"), RENDER_404,
		                    0) != 0 ||
		    /* GitHub Pages: serve the files as they are (no Jekyll) */
		    render_add_page(r, &cap, strdup(".nojekyll"), RENDER_DATA,
		                    0) != 0)
			return -1;
		if ((!r->opts.single_page &&
		     plan_objects(r, &cap, &r->ix->plan, 0) != 0) ||
		    render_changes_plan(r, &cap, 0) != 0)
			return -1;
		if (is_set(r->opts.site_url) &&
		    render_add_page(r, &cap, strdup("sitemap.xml"),
		                    RENDER_SITEMAP, 0) != 0)
			return -1;
	}
	if (formats & RENDER_FMT_MD) {
		/* one asyncapi.md like the reference, or index.md and pages */
		index = join_plain(r->opts.single_file ? "asyncapi" : "index",
		                   r->ix->plan_md.ext);
		if (render_add_page(r, &cap, index, RENDER_INDEX, 0) != 0)
			return -1;
		r->pages[r->n - 1].md = 1;
		if ((!r->opts.single_file &&
		     plan_objects(r, &cap, &r->ix->plan_md, 1) != 0) ||
		    render_changes_plan(r, &cap, 1) != 0)
			return -1;
	}
	return 0;
}

/* The formats render_site() may write, and their RENDER_FMT_ flags. */
static const struct render_format *const site_formats[] = {&render_format_html,
                                                           &render_format_md};
static const unsigned site_flags[] = {RENDER_FMT_HTML, RENDER_FMT_MD};

/*
 * Loads the page templates of the formats in want into tmpl, stopping at
 * the first that fails: 0, or -1 with tmpl_error() (on this thread).
 */
static int
load_templates(struct tmpl_cache *tmpl, unsigned want)
{
	const struct render_format *fmt;
	size_t i, f;

	for (f = 0; f < 2; f++) {
		fmt = site_formats[f];
		for (i = 0; (want & site_flags[f]) && i < fmt->n_templates; i++)
			if (tmpl_cache_load(tmpl, fmt->templates[i],
			                    fmt->strip) != 0)
				return -1;
	}
	return 0;
}

void
render_preload(struct tmpl_cache *tmpl, const struct render_opts *opts)
{
	if (tmpl != NULL)
		(void)load_templates(tmpl, opts != NULL && opts->formats
		                                   ? opts->formats
		                                   : RENDER_FMT_HTML);
}

int
render_site(struct render_output **out, const struct model *m,
            struct tmpl_cache *tmpl, const struct render_opts *opts,
            struct diag_list *diags)
{
	static const struct render_opts defaults = {0};
	struct render_output *r = NULL;
	unsigned want;
	size_t f;

	*out = NULL;
	if (opts == NULL)
		opts = &defaults;
	want = opts->formats ? opts->formats : RENDER_FMT_HTML;
	/* Template errors now, before anything is written. */
	if (load_templates(tmpl, want) != 0) {
		diag_add(diags, DIAG_ERROR, NULL, 0, 0, "template-error", "%s",
		         tmpl_error());
		return -1;
	}
	for (f = 0; opts->changes != NULL && f < 2; f++) {
		char name[64];

		snprintf(name, sizeof(name), "%s%s", render_changes_template(),
		         site_formats[f]->suffix);
		if ((want & site_flags[f]) &&
		    tmpl_cache_load(tmpl, name, site_formats[f]->strip) != 0) {
			diag_add(diags, DIAG_ERROR, NULL, 0, 0,
			         "template-error", "%s", tmpl_error());
			return -1;
		}
	}
	/* Positions are looked up from the threads that write pages. */
	if (m->doc != NULL && loader_freeze(m->doc) != 0)
		return diag_oom(diags, "rendering");
	r = calloc(1, sizeof(*r));
	if (r == NULL)
		return diag_oom(diags, "rendering");
	r->m = m;
	r->tmpl = tmpl;
	r->opts = *opts;
	/*
	 * Schema trees are HTML: their subtrees are expanded once, as the
	 * pages expand them (schemaview_ctx_cache).
	 */
	if (render_index_new(&r->ix, m, opts) != 0 || plan_pages(r) != 0 ||
	    (tmpl != NULL &&
	     schemaview_ctx_cache(r->ix->sv, tmpl, render_format_html.strip,
	                          SCHEMAVIEW_CACHE_BYTES) != 0)) {
		render_output_free(r);
		return diag_oom(diags, "rendering");
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
		render_index_free(out->ix, out->m);
	free(out);
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
		if (render_add_page(out, &cap, path, RENDER_DATA, 0) != 0)
			return -1;
		out->pages[out->n - 1].owner = sub;
		out->pages[out->n - 1].owner_page = i;
	}
	return 0;
}
