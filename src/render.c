/*
 * render: the index page's dictionary and the site's pages (see render.h).
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "loader.h"
#include "mdtext.h"
#include "model.h"
#include "node.h"
#include "render.h"
#include "strbuf.h"
#include "tmpl.h"

/* The page template and its partials (names on the theme's html/ path). */
#define INDEX_TEMPLATE  "index.html.tpl"
#define HEAD_TEMPLATE   "head.html.tpl"
#define FOOTER_TEMPLATE "footer.html.tpl"

/* The lists of the index page, in the order of reported[]. */
enum list { L_SERVER, L_CHANNEL, L_OPERATION, L_MESSAGE, L_SCHEMA, L_COUNT };

/* State of one page expansion; lazy sections fill their items from it. */
struct ctx {
	const struct model *m;
	const struct render_opts *opts;
	struct diag_list *diags;
	int nomem; /* an allocation failed: the build fails */
	/*
	 * One bit per item of the lists (the items of list l from first[l]
	 * on): set once the item's texts were rendered, so that a theme
	 * showing an item twice gets each warning once.
	 */
	unsigned char *reported;
	size_t first[L_COUNT];
};

/*
 * 1 the first time it is called for item i of list l (its diagnostics
 * are then to be reported), 0 after.
 */
static int
first_fill(struct ctx *c, enum list l, size_t i)
{
	size_t bit = c->first[l] + i;
	unsigned char mask = (unsigned char)(1u << (bit % 8));

	if (c->reported[bit / 8] & mask)
		return 0;
	c->reported[bit / 8] |= mask;
	return 1;
}

/*
 * Shows section `var` holding the variable `var` when val is non-empty,
 * so that a template can write {{#X}}<p>{{X}}</p>{{/X}}.
 */
static void
set_section(struct tmpl_dict *d, const char *var, const char *val)
{
	if (val != NULL && val[0] != '\0')
		tmpl_set(tmpl_section_add(d, var), var, val);
}

/* The first of a, b, c that is a non-empty string, else d. */
static const char *
first_of(const char *a, const char *b, const char *c, const char *d)
{
	if (a != NULL && a[0] != '\0')
		return a;
	if (b != NULL && b[0] != '\0')
		return b;
	if (c != NULL && c[0] != '\0')
		return c;
	return d;
}

/* "a" + sep + "b" (either may be NULL), or NULL. Caller frees. */
static char *
join(struct ctx *c, const char *a, const char *sep, const char *b)
{
	size_t la, ls, lb;
	char *s;

	if (a == NULL || a[0] == '\0')
		a = NULL;
	if (b == NULL || b[0] == '\0')
		b = NULL;
	if (a == NULL && b == NULL)
		return NULL;
	la = a != NULL ? strlen(a) : 0;
	ls = a != NULL && b != NULL ? strlen(sep) : 0;
	lb = b != NULL ? strlen(b) : 0;
	s = malloc(la + ls + lb + 1);
	if (s == NULL) {
		c->nomem = 1;
		return NULL;
	}
	if (a != NULL)
		memcpy(s, a, la);
	if (ls > 0)
		memcpy(s + la, sep, ls);
	if (b != NULL)
		memcpy(s + la + ls, b, lb);
	s[la + ls + lb] = '\0';
	return s;
}

/*
 * Renders the Markdown text into section/variable var (see set_section).
 * owner and key locate the text in the document for the diagnostic when
 * it is cut (only when report is set); owner may be NULL (then the
 * diagnostic has no position).
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

	if (d == NULL || text == NULL || text[0] == '\0')
		return;
	len = strlen(text);
	if (mdtext_html(&html, &cut, text, len, c->opts->markdown_max) != 0) {
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
			              "%s is %zu bytes: only the first %zu "
			              "are rendered",
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

/* Pretty JSON of a tree, numbers as written, into var. */
static void
set_json(struct ctx *c, struct tmpl_dict *d, const char *var,
         const struct cJSON *n)
{
	char *text;

	if (d == NULL || n == NULL)
		return;
	text = node_print(n, 1);
	if (text == NULL) {
		c->nomem = 1;
		return;
	}
	tmpl_set(d, var, text);
	free(text);
}

/* The document's root object, or NULL for a model built by hand. */
static const struct cJSON *
doc_root(const struct model *m)
{
	return m->doc != NULL ? loader_root(m->doc) : NULL;
}

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

/* The component schema that is s (same object or same tree), or NULL. */
static const struct model_schema *
find_component_schema(const struct model *m, const struct model_schema *s)
{
	size_t i;

	for (i = 0; i < m->n_schemas; i++)
		if (m->schemas[i] == s ||
		    (s->schema != NULL && m->schemas[i]->schema == s->schema))
			return m->schemas[i];
	return NULL;
}

/*
 * The tag object of the document's tags (v2: top level; v3: info) whose
 * description is tag's: the model borrows the very string from it. NULL
 * when not found (the diagnostic then has no position).
 */
static const struct cJSON *
tag_node(struct ctx *c, const struct model_tag *tag)
{
	const struct cJSON *root = doc_root(c->m), *lists[2], *item, *obj;
	const struct loader_via *via;
	size_t i;

	if (root == NULL || tag->description == NULL)
		return NULL;
	lists[0] = node_get(root, "tags");
	lists[1] = node_get(node_get(root, "info"), "tags");
	for (i = 0; i < 2; i++) {
		cJSON_ArrayForEach(item, lists[i])
		{
			obj = loader_deref(&via, c->m->doc, item, NULL);
			if (obj != NULL && node_get_str(obj, "description") ==
			                           tag->description)
				return obj;
		}
	}
	return NULL;
}

static void
add_info(struct ctx *c, struct tmpl_dict *root)
{
	const struct model_info *info = &c->m->info;
	const struct cJSON *info_node = node_get(doc_root(c->m), "info");
	const struct cJSON *ext;
	struct tmpl_dict *s, *t;
	size_t i;

	set_markdown(c, root, "DESCRIPTION_HTML", info->description, info_node,
	             NULL, "description", 1);
	set_section(root, "ID", info->id);
	set_section(root, "DEFAULT_CONTENT_TYPE", info->default_content_type);
	if ((info->license_name != NULL && info->license_name[0] != '\0') ||
	    (info->license_url != NULL && info->license_url[0] != '\0')) {
		s = tmpl_section_add(root, "LICENSE");
		tmpl_set(s, "LICENSE_TEXT",
		         first_of(info->license_name, info->license_url, NULL,
		                  ""));
		if (info->license_url != NULL && info->license_url[0] != '\0')
			tmpl_set(tmpl_section_add(s, "LICENSE_LINK"),
			         "LICENSE_URL", info->license_url);
		else
			tmpl_show(s, "LICENSE_PLAIN");
	}
	if (info->terms_of_service != NULL && info->terms_of_service[0] != '\0')
		tmpl_set(tmpl_section_add(root, "TERMS"), "TERMS_URL",
		         info->terms_of_service);
	if (first_of(info->contact_name, info->contact_url, info->contact_email,
	             NULL) != NULL) {
		s = tmpl_section_add(root, "CONTACT");
		set_section(s, "CONTACT_NAME", info->contact_name);
		set_section(s, "CONTACT_URL", info->contact_url);
		set_section(s, "CONTACT_EMAIL", info->contact_email);
	}
	if (info->external_docs != NULL && info->external_docs->url != NULL) {
		s = tmpl_section_add(root, "EXTDOCS");
		tmpl_set(s, "EXTDOCS_URL", info->external_docs->url);
		/* v3 has it in info, v2 at the top. */
		ext = node_get(info_node, "externalDocs");
		if (ext == NULL)
			ext = node_get(doc_root(c->m), "externalDocs");
		set_markdown(c, s, "EXTDOCS_DESCRIPTION_HTML",
		             info->external_docs->description, ext, NULL,
		             "description", 1);
	}
	if (info->tags.n > 0) {
		s = tmpl_section_add(root, "TAGS");
		for (i = 0; i < info->tags.n; i++) {
			const struct model_tag *tag = info->tags.items[i];

			t = tmpl_section_add(s, "TAG");
			tmpl_set(t, "TAG_NAME", tag->name);
			set_markdown(c, t, "TAG_DESCRIPTION_HTML",
			             tag->description, tag_node(c, tag), NULL,
			             "description", 1);
		}
	}
}

/* Lazy section fillers (tmpl_fill_fn): the head and body of each item. */

static void
server_head(struct tmpl_dict *d, size_t i, void *arg)
{
	const struct ctx *c = arg;
	const struct model_server *s = c->m->servers[i];

	tmpl_set(d, "SERVER_ID", s->id);
	tmpl_set(d, "SERVER_NAME", server_name(s));
}

static void
server_body(struct tmpl_dict *d, size_t i, void *arg)
{
	struct ctx *c = arg;
	const struct model_server *s = c->m->servers[i];
	char *text;

	if (s->url != NULL) {
		set_section(d, "SERVER_URL", s->url);
	} else {
		text = join(c, s->host, "", s->pathname);
		set_section(d, "SERVER_URL", text);
		free(text);
	}
	text = join(c, s->protocol, " ", s->protocol_version);
	set_section(d, "SERVER_PROTOCOL", text);
	free(text);
	set_section(d, "SERVER_TITLE", s->title);
	set_section(d, "SERVER_SUMMARY", s->summary);
	set_markdown(c, d, "SERVER_DESCRIPTION_HTML", s->description,
	             s->src.node, s->src.via, "description",
	             first_fill(c, L_SERVER, i));
}

static void
channel_head(struct tmpl_dict *d, size_t i, void *arg)
{
	const struct ctx *c = arg;
	const struct model_channel *ch = c->m->channels[i];

	tmpl_set(d, "CHANNEL_ID", ch->id);
	tmpl_set(d, "CHANNEL_NAME", channel_name(ch));
}

static void
channel_body(struct tmpl_dict *d, size_t i, void *arg)
{
	struct ctx *c = arg;
	const struct model_channel *ch = c->m->channels[i];
	struct tmpl_dict *sub, *e;
	int report = first_fill(c, L_CHANNEL, i);
	size_t j;

	/* v2 channels are named by their address: say it once. */
	if (ch->address != NULL &&
	    (ch->key == NULL || strcmp(ch->address, ch->key) != 0))
		set_section(d, "CHANNEL_ADDRESS", ch->address);
	set_section(d, "CHANNEL_TITLE", ch->title);
	set_section(d, "CHANNEL_SUMMARY", ch->summary);
	set_markdown(c, d, "CHANNEL_DESCRIPTION_HTML", ch->description,
	             ch->src.node, ch->src.via, "description", report);
	if (ch->n_parameters > 0) {
		sub = tmpl_section_add(d, "CHANNEL_PARAMS");
		for (j = 0; j < ch->n_parameters; j++) {
			const struct model_parameter *p = ch->parameters[j];

			e = tmpl_section_add(sub, "CHANNEL_PARAM");
			tmpl_set(e, "PARAM_NAME", p->name);
			set_markdown(c, e, "PARAM_DESCRIPTION_HTML",
			             p->description, p->src.node, p->src.via,
			             "description", report);
		}
	}
	if (ch->n_operations > 0) {
		sub = tmpl_section_add(d, "CHANNEL_OPS");
		for (j = 0; j < ch->n_operations; j++) {
			const struct model_operation *op = ch->operations[j];

			e = tmpl_section_add(sub, "CHANNEL_OP");
			tmpl_set(e, "CHANNEL_OP_ID", op->id);
			tmpl_set(e, "CHANNEL_OP_NAME", operation_name(op));
			tmpl_set(e, "CHANNEL_OP_CLASS", action_class(op));
			tmpl_set(e, "CHANNEL_OP_LABEL",
			         model_action_label(c->m, op,
			                            c->opts->v3_labels));
			set_section(e, "CHANNEL_OP_SUMMARY", op->summary);
		}
	}
	if (ch->n_messages > 0) {
		sub = tmpl_section_add(d, "CHANNEL_MSGS");
		for (j = 0; j < ch->n_messages; j++) {
			e = tmpl_section_add(sub, "CHANNEL_MSG");
			tmpl_set(e, "CHANNEL_MSG_ID", ch->messages[j]->id);
			tmpl_set(e, "CHANNEL_MSG_NAME",
			         message_name(ch->messages[j]));
		}
	}
	if (ch->n_servers > 0) {
		sub = tmpl_section_add(d, "CHANNEL_SERVERS");
		for (j = 0; j < ch->n_servers; j++) {
			e = tmpl_section_add(sub, "CHANNEL_SERVER");
			tmpl_set(e, "CHANNEL_SERVER_ID", ch->servers[j]->id);
			tmpl_set(e, "CHANNEL_SERVER_NAME",
			         server_name(ch->servers[j]));
		}
	}
}

static void
add_reply(struct tmpl_dict *d, const struct model_reply *r)
{
	struct tmpl_dict *s, *e;
	size_t i;

	s = tmpl_section_add(d, "OP_REPLY");
	if (r->channel != NULL) {
		e = tmpl_section_add(s, "OP_REPLY_CHANNEL");
		tmpl_set(e, "OP_REPLY_CHANNEL_ID", r->channel->id);
		tmpl_set(e, "OP_REPLY_CHANNEL_NAME", channel_name(r->channel));
	}
	set_section(s, "OP_REPLY_ADDRESS", r->address_location);
	for (i = 0; i < r->n_messages; i++) {
		e = tmpl_section_add(s, "OP_REPLY_MSG");
		tmpl_set(e, "OP_REPLY_MSG_ID", r->messages[i]->id);
		tmpl_set(e, "OP_REPLY_MSG_NAME", message_name(r->messages[i]));
	}
}

static void
operation_head(struct tmpl_dict *d, size_t i, void *arg)
{
	const struct ctx *c = arg;
	const struct model_operation *op = c->m->operations[i];

	tmpl_set(d, "OP_ID", op->id);
	tmpl_set(d, "OP_NAME", operation_name(op));
	tmpl_set(d, "OP_CLASS", action_class(op));
	tmpl_set(d, "OP_LABEL",
	         model_action_label(c->m, op, c->opts->v3_labels));
}

static void
operation_body(struct tmpl_dict *d, size_t i, void *arg)
{
	struct ctx *c = arg;
	const struct model_operation *op = c->m->operations[i];
	struct tmpl_dict *sub, *e;
	size_t j;

	if (op->channel != NULL) {
		e = tmpl_section_add(d, "OP_CHANNEL");
		tmpl_set(e, "OP_CHANNEL_ID", op->channel->id);
		tmpl_set(e, "OP_CHANNEL_NAME", channel_name(op->channel));
	}
	set_section(d, "OP_TITLE", op->title);
	set_section(d, "OP_SUMMARY", op->summary);
	set_markdown(c, d, "OP_DESCRIPTION_HTML", op->description,
	             op->merged != NULL ? op->merged : op->src.node,
	             op->src.via, "description", first_fill(c, L_OPERATION, i));
	if (op->n_messages > 0) {
		sub = tmpl_section_add(d, "OP_MSGS");
		for (j = 0; j < op->n_messages; j++) {
			e = tmpl_section_add(sub, "OP_MSG");
			tmpl_set(e, "OP_MSG_ID", op->messages[j]->id);
			tmpl_set(e, "OP_MSG_NAME",
			         message_name(op->messages[j]));
		}
	}
	if (op->reply != NULL)
		add_reply(d, op->reply);
}

/* One "Payload" or "Headers" block of a message. */
static void
add_message_part(struct ctx *c, struct tmpl_dict *d, const char *label,
                 const struct model_schema *s)
{
	const struct model_schema *named;
	struct tmpl_dict *part, *e;

	if (s == NULL)
		return;
	part = tmpl_section_add(d, "MSG_PART");
	tmpl_set(part, "PART_LABEL", label);
	named = find_component_schema(c->m, s);
	if (named != NULL) {
		e = tmpl_section_add(part, "PART_LINK");
		tmpl_set(e, "PART_SCHEMA_ID", named->id);
		tmpl_set(e, "PART_SCHEMA_NAME", schema_name(named));
	} else if (s->schema != NULL) {
		set_json(c, tmpl_section_add(part, "PART_INLINE"), "PART_JSON",
		         s->schema);
	}
}

static void
message_head(struct tmpl_dict *d, size_t i, void *arg)
{
	const struct ctx *c = arg;
	const struct model_message *msg = c->m->messages[i];

	tmpl_set(d, "MSG_ID", msg->id);
	tmpl_set(d, "MSG_NAME", message_name(msg));
}

static void
message_body(struct tmpl_dict *d, size_t i, void *arg)
{
	struct ctx *c = arg;
	const struct model_message *msg = c->m->messages[i];

	/* The title is the heading when there is no name. */
	if (msg->name != NULL && msg->name[0] != '\0')
		set_section(d, "MSG_TITLE", msg->title);
	set_section(d, "MSG_SUMMARY", msg->summary);
	set_section(d, "MSG_CONTENT_TYPE", msg->content_type);
	if (msg->content_type_is_default)
		tmpl_show(d, "MSG_CONTENT_TYPE_DEFAULT");
	set_markdown(c, d, "MSG_DESCRIPTION_HTML", msg->description,
	             msg->merged != NULL ? msg->merged : msg->src.node,
	             msg->src.via, "description", first_fill(c, L_MESSAGE, i));
	add_message_part(c, d, "Headers", msg->headers);
	add_message_part(c, d, "Payload", msg->payload);
}

/* The "type" of a schema: a string, or the strings of an array. */
static char *
schema_type(struct ctx *c, const struct cJSON *schema)
{
	const struct cJSON *type = node_get(schema, "type"), *item;
	char *text = NULL, *next;

	if (cJSON_IsString(type))
		return join(c, type->valuestring, "", NULL);
	cJSON_ArrayForEach(item, type)
	{
		if (!cJSON_IsString(item))
			continue;
		next = join(c, text, " | ", item->valuestring);
		free(text);
		if (next == NULL)
			return NULL;
		text = next;
	}
	return text;
}

static void
schema_head(struct tmpl_dict *d, size_t i, void *arg)
{
	const struct ctx *c = arg;
	const struct model_schema *s = c->m->schemas[i];

	tmpl_set(d, "SCHEMA_ID", s->id);
	tmpl_set(d, "SCHEMA_NAME", schema_name(s));
}

static void
schema_body(struct tmpl_dict *d, size_t i, void *arg)
{
	struct ctx *c = arg;
	const struct model_schema *s = c->m->schemas[i];
	char *type;

	set_section(d, "SCHEMA_FORMAT", s->format);
	type = schema_type(c, s->schema);
	set_section(d, "SCHEMA_TYPE", type);
	free(type);
	set_markdown(c, d, "SCHEMA_DESCRIPTION_HTML",
	             node_get_str(s->schema, "description"), s->schema,
	             s->src.via, "description", first_fill(c, L_SCHEMA, i));
	if (s->schema != NULL)
		set_json(c, tmpl_section_add(d, "SCHEMA_BODY"), "SCHEMA_JSON",
		         s->schema);
}

/*
 * Shows {{#list}} holding n lazy repetitions of {{#item}} when n > 0: the
 * items are made from the model while the page is expanded.
 */
static void
add_list(struct ctx *c, struct tmpl_dict *root, const char *list,
         const char *item, size_t n, tmpl_fill_fn head, tmpl_fill_fn body)
{
	if (n > 0)
		tmpl_section_lazy(tmpl_section_add(root, list), item, n, head,
		                  body, c);
}

/*
 * The dictionary of the index page into *out (free with tmpl_dict_free()),
 * with lazy lists that use c until it is freed. Returns 0 or -1 (ENOMEM).
 */
static int
index_dict(struct tmpl_dict **out, struct ctx *c)
{
	const struct model *m = c->m;
	struct tmpl_dict *root;
	const char *title;

	*out = NULL;
	root = tmpl_dict_new("index");
	if (root == NULL)
		return -1;
	title = first_of(m->info.title, NULL, NULL, "API");
	tmpl_set_global(root, "GENERATOR", PACKAGE_NAME " " PACKAGE_VERSION);
	tmpl_set_global(root, "ASSETS", "assets/");
	tmpl_set_global(root, "ASYNCAPI_VERSION", m->asyncapi);
	tmpl_set(tmpl_include_add(root, "HEAD", HEAD_TEMPLATE), "PAGE_TITLE",
	         title);
	tmpl_include_add(root, "FOOTER", FOOTER_TEMPLATE);
	tmpl_set(root, "TITLE", title);
	tmpl_set(root, "VERSION", m->info.version);
	add_info(c, root);
	add_list(c, root, "SERVERS", "SERVER", m->n_servers, server_head,
	         server_body);
	add_list(c, root, "CHANNELS", "CHANNEL", m->n_channels, channel_head,
	         channel_body);
	add_list(c, root, "OPERATIONS", "OPERATION", m->n_operations,
	         operation_head, operation_body);
	add_list(c, root, "MESSAGES", "MESSAGE", m->n_messages, message_head,
	         message_body);
	add_list(c, root, "SCHEMAS", "SCHEMA", m->n_schemas, schema_head,
	         schema_body);
	if (c->nomem) {
		tmpl_dict_free(root);
		return -1;
	}
	*out = root;
	return 0;
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

/* Expands the index page of out through write (see render_page_write). */
static int
write_index(const struct render_output *out, render_write_fn write, void *arg,
            struct diag_list *diags)
{
	const struct model *m = out->m;
	struct ctx c = {m, &out->opts, diags, 0, NULL, {0}};
	struct relay r = {write, arg, 0};
	struct tmpl_dict *root = NULL;
	size_t bits;
	int ret = -1;

	c.first[L_SERVER] = 0;
	c.first[L_CHANNEL] = c.first[L_SERVER] + m->n_servers;
	c.first[L_OPERATION] = c.first[L_CHANNEL] + m->n_channels;
	c.first[L_MESSAGE] = c.first[L_OPERATION] + m->n_operations;
	c.first[L_SCHEMA] = c.first[L_MESSAGE] + m->n_messages;
	bits = c.first[L_SCHEMA] + m->n_schemas;
	c.reported = calloc(bits / 8 + 1, 1);
	if (c.reported == NULL || index_dict(&root, &c) != 0) {
		nomem(diags);
		goto out;
	}
	if (tmpl_expand_to(relay_write, &r, out->tmpl, INDEX_TEMPLATE,
	                   TMPL_STRIP_BLANK, root) != 0) {
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
	ret = 0;
out:
	tmpl_dict_free(root);
	free(c.reported);
	return ret;
}

int
render_page_write(const struct render_output *out, size_t i,
                  render_write_fn write, void *arg, struct diag_list *diags)
{
	const struct render_page *page = &out->pages[i];

	if (page->kind == RENDER_INDEX)
		return write_index(out, write, arg, diags);
	if (page->len == 0)
		return 0;
	return write(arg, page->data, page->len) != 0 ? -1 : 0;
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

int
render_site(struct render_output **out, const struct model *m,
            struct tmpl_cache *tmpl, const struct render_opts *opts,
            struct diag_list *diags)
{
	static const struct render_opts defaults = RENDER_OPTS_INIT;
	static const char *const templates[] = {INDEX_TEMPLATE, HEAD_TEMPLATE,
	                                        FOOTER_TEMPLATE};
	struct render_output *r = NULL;
	size_t i;

	*out = NULL;
	/* Template errors now, before anything is written. */
	for (i = 0; i < sizeof(templates) / sizeof(templates[0]); i++) {
		if (tmpl_cache_load(tmpl, templates[i], TMPL_STRIP_BLANK) !=
		    0) {
			diag_add(diags, DIAG_ERROR, NULL, 0, 0,
			         "template-error", "%s", tmpl_error());
			return -1;
		}
	}
	r = calloc(1, sizeof(*r));
	if (r == NULL || (r->pages = calloc(1, sizeof(*r->pages))) == NULL ||
	    (r->pages[0].path = strdup("index.html")) == NULL) {
		render_output_free(r);
		return nomem(diags);
	}
	r->pages[0].kind = RENDER_INDEX;
	r->n = 1;
	r->m = m;
	r->tmpl = tmpl;
	r->opts = opts != NULL ? *opts : defaults;
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
	free(out);
}
