/*
 * diff: servers, channels, operations and messages of two models (see
 * diff.h); the schemas are diff_schema.c's.
 */
#include "diff/diff.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cJSON.h>

#include "diff/diff_int.h"
#include "load/loader.h"
#include "load/srcmap.h"
#include "model/model.h"
#include "util/array.h"
#include "util/node.h"

/* ------------------------------------------------------------ changes */

static enum diff_class
resolve(enum diff_effect e, enum diff_dir d)
{
	switch (e) {
	case DIFF_EFFECT_BREAKING:
		return DIFF_BREAKING;
	case DIFF_EFFECT_NON_BREAKING:
		return DIFF_NON_BREAKING;
	case DIFF_EFFECT_WIDENS:
	case DIFF_EFFECT_NARROWS:
		if (d == DIFF_DIR_NONE)
			return DIFF_UNCLASSIFIED;
		if (d == DIFF_DIR_BOTH)
			return DIFF_BREAKING;
		return (e == DIFF_EFFECT_WIDENS) == (d == DIFF_DIR_SEND)
		               ? DIFF_BREAKING
		               : DIFF_NON_BREAKING;
	default:
		return DIFF_UNCLASSIFIED;
	}
}

static int
set_pos(struct diff_pos *p, struct loader_doc *doc, const cJSON *n)
{
	const struct srcpos *sp = n != NULL ? loader_pos(doc, n) : NULL;
	const char *file;

	memset(p, 0, sizeof(*p));
	if (sp == NULL)
		return 0;
	file = loader_file_path(doc, sp->file);
	p->line = sp->line;
	p->col = sp->col;
	if (file != NULL && (p->file = strdup(file)) == NULL)
		return -1;
	return 0;
}

void
diff_add(struct diff_ctx *c, const char *kind, const cJSON *o, const cJSON *n,
         const char *fmt, ...)
{
	const struct diff_kind_info *k = diff_kind(kind);
	struct diff_result *r = c->out;
	struct diff_change *ch;
	struct strbuf msg = STRBUF_INIT;
	va_list ap;
	size_t i;

	if (k == NULL || c->oom ||
	    ARRAY_RESERVE(r->items, r->n + 1, r->cap) < 0) {
		c->oom = 1;
		return;
	}
	ch = &r->items[r->n];
	memset(ch, 0, sizeof(*ch));
	ch->kind = k->id;
	ch->dir = c->dir;
	ch->cls = resolve(k->effect, c->dir);
	for (i = 0; c->opts != NULL && i < c->opts->n_overrides; i++)
		if (strcmp(c->opts->overrides[i].kind, kind) == 0)
			ch->cls = c->opts->overrides[i].cls;
	ch->item = c->item;
	va_start(ap, fmt);
	strbuf_vprintf(&msg, fmt, ap);
	va_end(ap);
	ch->message = strbuf_take(&msg);
	ch->where = strdup(c->where.len > 0 ? c->where.p : "document");
	ch->item_id = c->item_id != NULL ? strdup(c->item_id) : NULL;
	if (ch->message == NULL || ch->where == NULL ||
	    (c->item_id != NULL && ch->item_id == NULL) ||
	    set_pos(&ch->old, c->od, o) < 0 || set_pos(&ch->new, c->nd, n) < 0)
		c->oom = 1;
	r->count[ch->cls]++;
	r->n++;
}

size_t
diff_push(struct diff_ctx *c, const char *fmt, ...)
{
	size_t len = c->where.len;
	va_list ap;

	if (len > 0)
		strbuf_puts(&c->where, " > ");
	va_start(ap, fmt);
	strbuf_vprintf(&c->where, fmt, ap);
	va_end(ap);
	return len;
}

void
diff_pop(struct diff_ctx *c, size_t len)
{
	if (c->where.oom) {
		c->oom = 1;
		return;
	}
	c->where.len = len;
	if (c->where.p != NULL)
		c->where.p[len] = '\0';
}

/* ------------------------------------------------------------ helpers */

static int
str_eq(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

/* description, summary, title of two objects. */
static void
diff_texts(struct diff_ctx *c, const cJSON *o, const cJSON *n)
{
	static const char *const keys[] = {"description", "summary", "title"};
	static const char *const kinds[] = {"description-changed",
	                                    "summary-changed", "title-changed"};
	size_t i;

	for (i = 0; i < 3; i++) {
		const cJSON *a = node_get(o, keys[i]),
		            *b = node_get(n, keys[i]);

		if (!str_eq(node_get_str(o, keys[i]), node_get_str(n, keys[i])))
			diff_add(c, kinds[i], a != NULL ? a : o,
			         b != NULL ? b : n, "%s %s", keys[i],
			         a == NULL   ? "added"
			         : b == NULL ? "removed"
			                     : "changed");
	}
}

static int
has_tag(const struct model_tags *t, const char *name)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		if (str_eq(t->items[i]->name, name))
			return 1;
	return 0;
}

/* Tags, external docs, bindings and x- members. */
static void
diff_extras(struct diff_ctx *c, const cJSON *o, const cJSON *n,
            const struct model_tags *ot, const struct model_tags *nt)
{
	const cJSON *b, *m;
	size_t i;

	for (i = 0; ot != NULL && i < ot->n; i++)
		if (!has_tag(nt, ot->items[i]->name))
			diff_add(c, "tags-changed", o, n, "tag '%s' removed",
			         ot->items[i]->name);
	for (i = 0; nt != NULL && i < nt->n; i++)
		if (!has_tag(ot, nt->items[i]->name))
			diff_add(c, "tags-changed", o, n, "tag '%s' added",
			         nt->items[i]->name);
	diff_member(c, o, n, "externalDocs", "external-docs-changed");
	diff_member(c, o, n, "bindings", "bindings-changed");
	cJSON_ArrayForEach(m, o)
	{
		if (m->string == NULL || strncmp(m->string, "x-", 2) != 0)
			continue;
		b = node_get(n, m->string);
		if (b == NULL || !diff_json_equal(c, m, b))
			diff_add(c, "extension-changed", m, b ? b : n, "%s %s",
			         m->string, b == NULL ? "removed" : "changed");
	}
	cJSON_ArrayForEach(m, n)
	{
		if (m->string != NULL && strncmp(m->string, "x-", 2) == 0 &&
		    node_get(o, m->string) == NULL)
			diff_add(c, "extension-changed", o, m, "%s added",
			         m->string);
	}
}

/* The member key of a document's root (the place of an item not there). */
static const cJSON *
root_member(const struct model *m, const char *key)
{
	const cJSON *root = loader_root(m->doc), *n = node_get(root, key);

	return n != NULL ? n : root;
}

static void
set_item(struct diff_ctx *c, enum diff_item item, const char *id)
{
	c->item = item;
	c->item_id = id;
}

/* ------------------------------------------------------------ security */

struct sec_entry {
	const struct model_security_scheme *scheme;
	const char *scope; /* NULL: the scheme itself */
};

struct sec_list {
	struct sec_entry *items;
	size_t n, cap;
};

static const char *
scheme_name(const struct model_security_scheme *s)
{
	return s->key != NULL ? s->key : s->id;
}

/*
 * One scheme on both sides: the same key, or (a scheme renamed, as the
 * 2->3 converter may do) the same type, place and flows: a client sends
 * the same credentials.
 */
static int
scheme_same(const struct model_security_scheme *a,
            const struct model_security_scheme *b)
{
	size_t i;

	if (str_eq(scheme_name(a), scheme_name(b)))
		return 1;
	if (!str_eq(a->type, b->type) || !str_eq(a->in, b->in) ||
	    !str_eq(a->name, b->name) || !str_eq(a->scheme, b->scheme) ||
	    !str_eq(a->open_id_connect_url, b->open_id_connect_url) ||
	    a->n_flows != b->n_flows)
		return 0;
	for (i = 0; i < a->n_flows; i++)
		if (!str_eq(a->flows[i]->kind, b->flows[i]->kind) ||
		    !str_eq(a->flows[i]->token_url, b->flows[i]->token_url) ||
		    !str_eq(a->flows[i]->authorization_url,
		            b->flows[i]->authorization_url))
			return 0;
	return 1;
}

static void
sec_put(struct sec_list *l, const struct model_security_scheme *s,
        const char *scope)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (l->items[i].scheme == s && str_eq(l->items[i].scope, scope))
			return;
	if (ARRAY_RESERVE(l->items, l->n + 1, l->cap) == 0)
		l->items[l->n++] = (struct sec_entry){s, scope};
}

/* Every scheme required by any alternative, and every scope. */
static void
sec_collect(struct sec_list *l, const struct model_security *sec)
{
	size_t i, j, k;

	for (i = 0; i < sec->n; i++)
		for (j = 0; j < sec->sets[i].n; j++) {
			const struct model_security_req *r =
			        &sec->sets[i].reqs[j];

			if (r->scheme == NULL)
				continue;
			sec_put(l, r->scheme, NULL);
			for (k = 0; k < r->n_scopes; k++)
				sec_put(l, r->scheme, r->scopes[k]);
			for (k = 0; k < r->scheme->n_scopes; k++)
				sec_put(l, r->scheme, r->scheme->scopes[k]);
		}
}

static const struct sec_entry *
sec_find(const struct sec_list *l, const struct sec_entry *e)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (scheme_same(l->items[i].scheme, e->scheme) &&
		    str_eq(l->items[i].scope, e->scope))
			return &l->items[i];
	return NULL;
}

static void
diff_security(struct diff_ctx *c, const struct model_security *os,
              const struct model_security *ns, const cJSON *o, const cJSON *n)
{
	struct sec_list ol = {0}, nl = {0};
	const struct sec_entry *e, *f;
	size_t i;

	sec_collect(&ol, os);
	sec_collect(&nl, ns);
	for (i = 0; i < ol.n; i++) {
		e = &ol.items[i];
		f = sec_find(&nl, e);
		if (f == NULL && e->scope == NULL)
			diff_add(c, "security-requirement-removed",
			         e->scheme->src.node, n,
			         "security scheme '%s' no longer required",
			         scheme_name(e->scheme));
		else if (f == NULL)
			diff_add(c, "security-scope-removed",
			         e->scheme->src.node, n,
			         "scope '%s' of '%s' no longer required",
			         e->scope, scheme_name(e->scheme));
		else if (e->scope == NULL &&
		         !str_eq(e->scheme->type, f->scheme->type))
			diff_add(c, "security-scheme-type-changed",
			         e->scheme->src.node, f->scheme->src.node,
			         "security scheme '%s': type %s -> %s",
			         scheme_name(e->scheme),
			         e->scheme->type ? e->scheme->type : "(none)",
			         f->scheme->type ? f->scheme->type : "(none)");
	}
	for (i = 0; i < nl.n; i++) {
		e = &nl.items[i];
		if (sec_find(&ol, e) != NULL)
			continue;
		if (e->scope == NULL)
			diff_add(c, "security-requirement-added", o,
			         e->scheme->src.node,
			         "security scheme '%s' now required",
			         scheme_name(e->scheme));
		else
			diff_add(c, "security-scope-added", o,
			         e->scheme->src.node,
			         "scope '%s' of '%s' now required", e->scope,
			         scheme_name(e->scheme));
	}
	free(ol.items);
	free(nl.items);
}

/* ------------------------------------------------------------ servers */

/* host[:port]/path without a scheme: v2 url and v3 host + pathname alike. */
static void
server_address(struct strbuf *b, const struct model_server *s)
{
	const char *u = s->url != NULL ? s->url : s->host, *p;

	if (u == NULL)
		return;
	p = strstr(u, "://");
	strbuf_puts(b, p != NULL ? p + 3 : u);
	if (s->pathname != NULL)
		strbuf_puts(b, s->pathname);
	while (b->len > 0 && b->p[b->len - 1] == '/')
		b->p[--b->len] = '\0';
}

static void
diff_server_vars(struct diff_ctx *c, const struct model_server *o,
                 const struct model_server *n)
{
	size_t i, j;

	for (i = 0; i < o->n_variables; i++) {
		for (j = 0; j < n->n_variables; j++)
			if (str_eq(o->variables[i]->name,
			           n->variables[j]->name))
				break;
		if (j == n->n_variables)
			diff_add(c, "server-variable-removed",
			         o->variables[i]->src.node, n->src.node,
			         "variable '%s' removed",
			         o->variables[i]->name);
	}
	for (j = 0; j < n->n_variables; j++) {
		for (i = 0; i < o->n_variables; i++)
			if (str_eq(o->variables[i]->name,
			           n->variables[j]->name))
				break;
		if (i == o->n_variables)
			diff_add(c, "server-variable-added", o->src.node,
			         n->variables[j]->src.node,
			         "variable '%s' added", n->variables[j]->name);
	}
}

static void
diff_server(struct diff_ctx *c, const struct model_server *o,
            const struct model_server *n)
{
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
	size_t len = diff_push(c, "server %s", n->key);

	set_item(c, DIFF_ITEM_SERVER, n->id);
	server_address(&a, o);
	server_address(&b, n);
	if (!str_eq(a.p, b.p))
		diff_add(c, "server-address-changed", o->src.node, n->src.node,
		         "address %s -> %s", a.p ? a.p : "(none)",
		         b.p ? b.p : "(none)");
	if (a.oom || b.oom)
		c->oom = 1;
	strbuf_free(&a);
	strbuf_free(&b);
	if (o->protocol != NULL && n->protocol != NULL &&
	    strcasecmp(o->protocol, n->protocol) != 0)
		diff_add(c, "server-protocol-changed", o->src.node, n->src.node,
		         "protocol %s -> %s", o->protocol, n->protocol);
	if (!str_eq(o->protocol_version, n->protocol_version))
		diff_add(c, "server-protocol-version-changed", o->src.node,
		         n->src.node, "protocolVersion %s -> %s",
		         o->protocol_version ? o->protocol_version : "(none)",
		         n->protocol_version ? n->protocol_version : "(none)");
	diff_server_vars(c, o, n);
	diff_security(c, &o->security, &n->security, o->src.node, n->src.node);
	diff_texts(c, o->src.node, n->src.node);
	diff_extras(c, o->src.node, n->src.node, &o->tags, &n->tags);
	diff_pop(c, len);
}

static void
diff_servers(struct diff_ctx *c, const struct model *om, const struct model *nm)
{
	size_t i, j, len;

	for (i = 0; i < om->n_servers; i++) {
		const struct model_server *o = om->servers[i];

		for (j = 0; j < nm->n_servers; j++)
			if (str_eq(o->key, nm->servers[j]->key))
				break;
		if (j < nm->n_servers) {
			diff_server(c, o, nm->servers[j]);
			continue;
		}
		set_item(c, DIFF_ITEM_SERVER, o->id);
		len = diff_push(c, "server %s", o->key);
		diff_add(c, "server-removed", o->src.node,
		         root_member(nm, "servers"), "server '%s' removed",
		         o->key);
		if (!c->oom)
			c->out->items[c->out->n - 1].gone = 1;
		diff_pop(c, len);
	}
	for (j = 0; j < nm->n_servers; j++) {
		const struct model_server *n = nm->servers[j];

		for (i = 0; i < om->n_servers; i++)
			if (str_eq(om->servers[i]->key, n->key))
				break;
		if (i < om->n_servers)
			continue;
		set_item(c, DIFF_ITEM_SERVER, n->id);
		len = diff_push(c, "server %s", n->key);
		diff_add(c, "server-added", root_member(om, "servers"),
		         n->src.node, "server '%s' added", n->key);
		if (!c->oom)
			c->out->items[c->out->n - 1].added = 1;
		diff_pop(c, len);
	}
}

/* ------------------------------------------------------------ matching */

/*
 * Pairs: match[i] is the index in the new list of old item i, or -1.
 * Each rule is tried over all items before the next, so a later rule
 * never steals an item an earlier one would have paired.
 */
typedef int (*match_fn)(const void *o, const void *n, const void *arg);

static int
pair(long *match, const void *const *ol, size_t on, const void *const *nl,
     size_t nn, const match_fn *rules, size_t nrules, const void *arg)
{
	char *taken = calloc(nn + 1, 1);
	size_t i, j, r;

	if (taken == NULL)
		return -1;
	for (i = 0; i < on; i++)
		match[i] = -1;
	for (r = 0; r < nrules; r++)
		for (i = 0; i < on; i++)
			for (j = 0; match[i] < 0 && j < nn; j++)
				if (!taken[j] && rules[r](ol[i], nl[j], arg)) {
					match[i] = (long)j;
					taken[j] = 1;
				}
	free(taken);
	return 0;
}

static int
taken_by(const long *match, size_t on, size_t j)
{
	size_t i;

	for (i = 0; i < on; i++)
		if (match[i] == (long)j)
			return 1;
	return 0;
}

/* ------------------------------------------------------------ messages */

static int
msg_same_id(const void *o, const void *n, const void *arg)
{
	(void)arg;
	return str_eq(((const struct model_message *)o)->id,
	              ((const struct model_message *)n)->id);
}

static int
msg_same_name(const void *o, const void *n, const void *arg)
{
	const struct model_message *a = o, *b = n;

	(void)arg;
	return (a->name != NULL && str_eq(a->name, b->name)) ||
	       (a->message_id != NULL && str_eq(a->message_id, b->message_id));
}

/* One message each side left: the same message renamed in its list. */
static int
msg_alone(const void *o, const void *n, const void *arg)
{
	const size_t *counts = arg;

	(void)o;
	(void)n;
	return counts[0] == 1 && counts[1] == 1;
}

static int
pair_messages(long *match, struct model_message *const *ol, size_t on,
              struct model_message *const *nl, size_t nn)
{
	static const match_fn rules[] = {msg_same_id, msg_same_name, msg_alone};
	size_t counts[2] = {on, nn};

	return pair(match, (const void *const *)ol, on, (const void *const *)nl,
	            nn, rules, 3, counts);
}

/* The pairs of two message lists (free()), or NULL out of memory. */
static long *
match_messages(struct model_message *const *ol, size_t on,
               struct model_message *const *nl, size_t nn)
{
	long *match = calloc(on + 1, sizeof(*match));

	if (match != NULL && pair_messages(match, ol, on, nl, nn) < 0) {
		free(match);
		return NULL;
	}
	return match;
}

static const char *
content_type(const struct model_message *m)
{
	return m->content_type != NULL ? m->content_type : "application/json";
}

static void
diff_message(struct diff_ctx *c, const struct model_message *o,
             const struct model_message *n)
{
	const cJSON *om = o->merged ? o->merged : o->src.node;
	const cJSON *nm = n->merged ? n->merged : n->src.node;
	size_t len = diff_push(c, "message %s", n->id);

	set_item(c, DIFF_ITEM_MESSAGE, n->id);
	if (strcasecmp(content_type(o), content_type(n)) != 0)
		diff_add(c, "message-content-type-changed", om, nm,
		         "contentType %s -> %s", content_type(o),
		         content_type(n));
	if (o->name != NULL && n->name != NULL && !str_eq(o->name, n->name))
		diff_add(c, "message-name-changed", om, nm, "name %s -> %s",
		         o->name, n->name);
	if ((o->correlation_id == NULL) != (n->correlation_id == NULL))
		diff_add(c,
		         o->correlation_id ? "message-correlation-id-removed"
		                           : "message-correlation-id-added",
		         om, nm, "correlationId %s",
		         o->correlation_id ? "removed" : "added");
	else if (o->correlation_id != NULL &&
	         !str_eq(o->correlation_id->location,
	                 n->correlation_id->location))
		diff_add(c, "message-correlation-id-changed",
		         o->correlation_id->src.node,
		         n->correlation_id->src.node,
		         "correlationId location %s -> %s",
		         o->correlation_id->location
		                 ? o->correlation_id->location
		                 : "(none)",
		         n->correlation_id->location
		                 ? n->correlation_id->location
		                 : "(none)");
	diff_schema(c, o->headers, n->headers, "headers");
	set_item(c, DIFF_ITEM_MESSAGE, n->id);
	diff_schema(c, o->payload, n->payload, "payload");
	set_item(c, DIFF_ITEM_MESSAGE, n->id);
	diff_member(c, om, nm, "examples", "message-examples-changed");
	diff_texts(c, om, nm);
	diff_extras(c, om, nm, &o->tags, &n->tags);
	diff_pop(c, len);
}

/* ------------------------------------------------------------ channels */

static int
chan_same_address(const void *o, const void *n, const void *arg)
{
	const struct model_channel *a = o, *b = n;

	(void)arg;
	return a->address != NULL && str_eq(a->address, b->address);
}

static int
chan_same_key(const void *o, const void *n, const void *arg)
{
	(void)arg;
	return str_eq(((const struct model_channel *)o)->key,
	              ((const struct model_channel *)n)->key);
}

/* Who reads a channel's messages: its operations' actions. */
static enum diff_dir
chan_dir(const struct model_channel *ch)
{
	int send = 0, recv = 0;
	size_t i;

	for (i = 0; i < ch->n_operations; i++) {
		if (ch->operations[i]->action == MODEL_SEND)
			send = 1;
		else
			recv = 1;
	}
	return send && !recv   ? DIFF_DIR_SEND
	       : recv && !send ? DIFF_DIR_RECEIVE
	                       : DIFF_DIR_BOTH;
}

static int
has_server(const struct model *m, const struct model_channel *ch,
           const char *key)
{
	size_t i;

	if (ch->n_servers == 0) {
		for (i = 0; i < m->n_servers; i++)
			if (str_eq(m->servers[i]->key, key))
				return 1;
		return 0;
	}
	for (i = 0; i < ch->n_servers; i++)
		if (str_eq(ch->servers[i]->key, key))
			return 1;
	return 0;
}

static void
diff_chan_servers(struct diff_ctx *c, const struct model *om,
                  const struct model_channel *o, const struct model *nm,
                  const struct model_channel *n)
{
	size_t i;

	/* Servers removed from the document are reported as such. */
	for (i = 0; i < om->n_servers; i++) {
		const char *k = om->servers[i]->key;
		size_t j;

		if (!has_server(om, o, k) || has_server(nm, n, k))
			continue;
		for (j = 0; j < nm->n_servers; j++)
			if (str_eq(nm->servers[j]->key, k))
				diff_add(c, "channel-server-removed",
				         o->src.node, n->src.node,
				         "no longer on server '%s'", k);
	}
	for (i = 0; i < nm->n_servers; i++) {
		const char *k = nm->servers[i]->key;
		size_t j;

		if (!has_server(nm, n, k) || has_server(om, o, k))
			continue;
		for (j = 0; j < om->n_servers; j++)
			if (str_eq(om->servers[j]->key, k))
				diff_add(c, "channel-server-added", o->src.node,
				         n->src.node, "now on server '%s'", k);
	}
}

/* A parameter's enum: v3 enum, else its v2 schema's. */
static void
param_enum(const char ***out, size_t *n, const struct model_parameter *p,
           const cJSON **node)
{
	const cJSON *e;

	*out = p->enum_values;
	*n = p->n_enum;
	*node = p->src.node;
	if (p->schema != NULL && p->schema->schema != NULL &&
	    (e = node_get(p->schema->schema, "enum")) != NULL)
		*node = e;
}

static void
diff_param_enums(struct diff_ctx *c, const struct model_parameter *o,
                 const struct model_parameter *n)
{
	const char **ov, **nv;
	const cJSON *on, *nn;
	size_t no, nnn, i, j;

	param_enum(&ov, &no, o, &on);
	param_enum(&nv, &nnn, n, &nn);
	if (no == 0 || nnn == 0)
		return;
	for (i = 0; i < no; i++) {
		for (j = 0; j < nnn && !str_eq(ov[i], nv[j]); j++)
			;
		if (j == nnn)
			diff_add(c, "schema-enum-value-removed", on, nn,
			         "enum value '%s' removed", ov[i]);
	}
	for (j = 0; j < nnn; j++) {
		for (i = 0; i < no && !str_eq(ov[i], nv[j]); i++)
			;
		if (i == no)
			diff_add(c, "schema-enum-value-added", on, nn,
			         "enum value '%s' added", nv[j]);
	}
}

static void
diff_params(struct diff_ctx *c, const struct model_channel *o,
            const struct model_channel *n)
{
	size_t i, j, len;

	for (i = 0; i < o->n_parameters; i++) {
		const struct model_parameter *p = o->parameters[i];

		for (j = 0; j < n->n_parameters; j++)
			if (str_eq(p->name, n->parameters[j]->name))
				break;
		if (j == n->n_parameters) {
			diff_add(c, "channel-parameter-removed", p->src.node,
			         n->src.node, "parameter '%s' removed",
			         p->name);
			continue;
		}
		len = diff_push(c, "parameter %s", p->name);
		/* An address is read by both sides. */
		c->dir = DIFF_DIR_BOTH;
		if (p->schema != NULL && n->parameters[j]->schema != NULL)
			diff_schema(c, p->schema, n->parameters[j]->schema,
			            "schema");
		else
			diff_param_enums(c, p, n->parameters[j]);
		c->dir = DIFF_DIR_NONE;
		set_item(c, DIFF_ITEM_CHANNEL, n->id);
		diff_texts(c, p->src.node, n->parameters[j]->src.node);
		diff_pop(c, len);
	}
	for (j = 0; j < n->n_parameters; j++) {
		for (i = 0; i < o->n_parameters; i++)
			if (str_eq(o->parameters[i]->name,
			           n->parameters[j]->name))
				break;
		if (i == o->n_parameters)
			diff_add(c, "channel-parameter-added", o->src.node,
			         n->parameters[j]->src.node,
			         "parameter '%s' added",
			         n->parameters[j]->name);
	}
}

static int
diff_chan_messages(struct diff_ctx *c, const struct model_channel *o,
                   const struct model_channel *n)
{
	long *match = match_messages(o->messages, o->n_messages, n->messages,
	                             n->n_messages);
	size_t i;

	if (match == NULL)
		return -1;
	c->dir = chan_dir(n);
	for (i = 0; i < o->n_messages; i++) {
		if (match[i] >= 0) {
			diff_message(c, o->messages[i], n->messages[match[i]]);
			continue;
		}
		set_item(c, DIFF_ITEM_CHANNEL, n->id);
		diff_add(c, "channel-message-removed", o->messages[i]->src.node,
		         n->src.node, "message '%s' removed",
		         o->messages[i]->id);
	}
	set_item(c, DIFF_ITEM_CHANNEL, n->id);
	for (i = 0; i < n->n_messages; i++)
		if (!taken_by(match, o->n_messages, i))
			diff_add(c, "channel-message-added", o->src.node,
			         n->messages[i]->src.node, "message '%s' added",
			         n->messages[i]->id);
	c->dir = DIFF_DIR_NONE;
	free(match);
	return 0;
}

static void
diff_channel(struct diff_ctx *c, const struct model *om,
             const struct model_channel *o, const struct model *nm,
             const struct model_channel *n)
{
	size_t len = diff_push(c, "channel %s",
	                       n->address != NULL ? n->address : n->key);

	set_item(c, DIFF_ITEM_CHANNEL, n->id);
	if (!str_eq(o->address, n->address))
		diff_add(c, "channel-address-changed", o->src.node, n->src.node,
		         "address %s -> %s", o->address ? o->address : "(none)",
		         n->address ? n->address : "(none)");
	diff_params(c, o, n);
	diff_chan_servers(c, om, o, nm, n);
	diff_texts(c, o->src.node, n->src.node);
	diff_extras(c, o->src.node, n->src.node, &o->tags, &n->tags);
	if (diff_chan_messages(c, o, n) < 0)
		c->oom = 1;
	diff_pop(c, len);
}

/* ------------------------------------------------------------ operations */

struct op_arg {
	const struct model *om, *nm;
	const long *chan_match; /* old channel index -> new */
	struct hmap chan_index; /* old channel -> its index + 1 */
};

static long
chan_index(const struct op_arg *p, const struct model_channel *ch)
{
	void *v;

	if (ch == NULL || !hmap_find_ptr(&p->chan_index, ch, &v))
		return -1;
	return (long)(uintptr_t)v - 1;
}

static int
op_same_id(const void *o, const void *n, const void *arg)
{
	const struct model_operation *a = o, *b = n;

	(void)arg;
	return a->operation_id != NULL &&
	       str_eq(a->operation_id, b->operation_id);
}

static int
same_channel(const struct model_operation *a, const struct model_operation *b,
             const struct op_arg *p)
{
	long i = chan_index(p, a->channel);

	return i >= 0 && p->chan_match[i] >= 0 &&
	       p->nm->channels[p->chan_match[i]] == b->channel;
}

static int
op_same_place(const void *o, const void *n, const void *arg)
{
	const struct model_operation *a = o, *b = n;

	return a->action == b->action && same_channel(a, b, arg);
}

static void
diff_op_messages(struct diff_ctx *c, const struct model_operation *o,
                 const struct model_operation *n)
{
	long *match = match_messages(o->messages, o->n_messages, n->messages,
	                             n->n_messages);
	size_t i;

	if (match == NULL) {
		c->oom = 1;
		return;
	}
	c->dir = n->action == MODEL_SEND ? DIFF_DIR_SEND : DIFF_DIR_RECEIVE;
	for (i = 0; i < o->n_messages; i++)
		if (match[i] < 0)
			diff_add(c, "operation-message-removed",
			         o->messages[i]->src.node, n->src.node,
			         "message '%s' removed", o->messages[i]->id);
	for (i = 0; i < n->n_messages; i++)
		if (!taken_by(match, o->n_messages, i))
			diff_add(c, "operation-message-added", o->src.node,
			         n->messages[i]->src.node, "message '%s' added",
			         n->messages[i]->id);
	c->dir = DIFF_DIR_NONE;
	free(match);
}

static const char *
action_name(enum model_action a)
{
	return a == MODEL_SEND ? "send" : "receive";
}

static void
diff_operation(struct diff_ctx *c, const struct model_operation *o,
               const struct model_operation *n, const struct op_arg *p)
{
	const cJSON *on = o->merged ? o->merged : o->src.node;
	const cJSON *nn = n->merged ? n->merged : n->src.node;
	size_t len = diff_push(c, "operation %s", n->id);

	set_item(c, DIFF_ITEM_OPERATION, n->id);
	if (o->action != n->action)
		diff_add(c, "operation-action-changed", on, nn,
		         "action %s (%s) -> %s (%s)", action_name(o->action),
		         o->keyword ? o->keyword : "?", action_name(n->action),
		         n->keyword ? n->keyword : "?");
	if (!same_channel(o, n, p))
		diff_add(c, "operation-channel-changed", on, nn,
		         "channel %s -> %s",
		         o->channel && o->channel->address ? o->channel->address
		                                           : "(none)",
		         n->channel && n->channel->address ? n->channel->address
		                                           : "(none)");
	diff_op_messages(c, o, n);
	if (o->reply != NULL && n->reply == NULL)
		diff_add(c, "operation-reply-removed", o->reply->src.node, nn,
		         "reply removed");
	else if (o->reply == NULL && n->reply != NULL)
		diff_add(c, "operation-reply-added", on, n->reply->src.node,
		         "reply added");
	diff_security(c, &o->security, &n->security, on, nn);
	diff_texts(c, on, nn);
	diff_extras(c, on, nn, &o->tags, &n->tags);
	diff_pop(c, len);
}

/* ------------------------------------------------------------ the models */

static int
diff_channels(struct diff_ctx *c, const struct model *om,
              const struct model *nm, long *match)
{
	static const match_fn rules[] = {chan_same_address, chan_same_key};
	size_t i, len;

	if (pair(match, (const void *const *)om->channels, om->n_channels,
	         (const void *const *)nm->channels, nm->n_channels, rules, 2,
	         NULL) < 0)
		return -1;
	for (i = 0; i < om->n_channels; i++) {
		const struct model_channel *o = om->channels[i];

		if (match[i] >= 0) {
			diff_channel(c, om, o, nm, nm->channels[match[i]]);
			continue;
		}
		set_item(c, DIFF_ITEM_CHANNEL, o->id);
		len = diff_push(c, "channel %s",
		                o->address != NULL ? o->address : o->key);
		diff_add(c, "channel-removed", o->src.node,
		         root_member(nm, "channels"), "channel '%s' removed",
		         o->address != NULL ? o->address : o->key);
		if (!c->oom)
			c->out->items[c->out->n - 1].gone = 1;
		diff_pop(c, len);
	}
	for (i = 0; i < nm->n_channels; i++) {
		const struct model_channel *n = nm->channels[i];

		if (taken_by(match, om->n_channels, i))
			continue;
		set_item(c, DIFF_ITEM_CHANNEL, n->id);
		len = diff_push(c, "channel %s",
		                n->address != NULL ? n->address : n->key);
		diff_add(c, "channel-added", root_member(om, "channels"),
		         n->src.node, "channel '%s' added",
		         n->address != NULL ? n->address : n->key);
		if (!c->oom)
			c->out->items[c->out->n - 1].added = 1;
		diff_pop(c, len);
	}
	return 0;
}

static int
diff_operations(struct diff_ctx *c, const struct model *om,
                const struct model *nm, const long *chan_match)
{
	static const match_fn rules[] = {op_same_id, op_same_place};
	struct op_arg arg = {om, nm, chan_match, HMAP_INIT};
	long *match = calloc(om->n_operations + 1, sizeof(*match));
	size_t i, len;

	for (i = 0; i < om->n_channels; i++)
		if (hmap_put_ptr(&arg.chan_index, om->channels[i],
		                 (void *)(uintptr_t)(i + 1)) < 0)
			c->oom = 1;
	if (match == NULL || c->oom ||
	    pair(match, (const void *const *)om->operations, om->n_operations,
	         (const void *const *)nm->operations, nm->n_operations, rules,
	         2, &arg) < 0) {
		free(match);
		return -1;
	}
	for (i = 0; i < om->n_operations; i++) {
		const struct model_operation *o = om->operations[i];

		if (match[i] >= 0) {
			diff_operation(c, o, nm->operations[match[i]], &arg);
			continue;
		}
		set_item(c, DIFF_ITEM_OPERATION, o->id);
		len = diff_push(c, "operation %s", o->id);
		diff_add(c, "operation-removed", o->src.node,
		         root_member(nm, nm->major == MODEL_V3 ? "operations"
		                                               : "channels"),
		         "operation '%s' (%s) removed", o->id,
		         action_name(o->action));
		if (!c->oom)
			c->out->items[c->out->n - 1].gone = 1;
		diff_pop(c, len);
	}
	for (i = 0; i < nm->n_operations; i++) {
		const struct model_operation *n = nm->operations[i];

		if (taken_by(match, om->n_operations, i))
			continue;
		set_item(c, DIFF_ITEM_OPERATION, n->id);
		len = diff_push(c, "operation %s", n->id);
		diff_add(c, "operation-added",
		         root_member(om, om->major == MODEL_V3 ? "operations"
		                                               : "channels"),
		         n->src.node, "operation '%s' (%s) added", n->id,
		         action_name(n->action));
		if (!c->oom)
			c->out->items[c->out->n - 1].added = 1;
		diff_pop(c, len);
	}
	hmap_free(&arg.chan_index);
	free(match);
	return 0;
}

static void
diff_info(struct diff_ctx *c, const struct model *om, const struct model *nm)
{
	const cJSON *oi = node_get(loader_root(om->doc), "info");
	const cJSON *ni = node_get(loader_root(nm->doc), "info");

	set_item(c, DIFF_ITEM_DOC, NULL);
	if (!str_eq(om->info.title, nm->info.title))
		diff_add(c, "info-title-changed", node_get(oi, "title"),
		         node_get(ni, "title"), "title '%s' -> '%s'",
		         om->info.title ? om->info.title : "",
		         nm->info.title ? nm->info.title : "");
	if (!str_eq(om->info.version, nm->info.version))
		diff_add(c, "info-version-changed", node_get(oi, "version"),
		         node_get(ni, "version"), "version %s -> %s",
		         om->info.version ? om->info.version : "(none)",
		         nm->info.version ? nm->info.version : "(none)");
	if (!str_eq(om->info.description, nm->info.description))
		diff_add(c, "description-changed", oi, ni,
		         "info.description changed");
	diff_extras(c, oi, ni, &om->info.tags, &nm->info.tags);
}

int
diff_models(struct diff_result *out, const struct model *old,
            const struct model *new, const struct diff_opts *opts,
            struct diag_list *diags)
{
	struct diff_ctx c;
	long *chan_match = calloc(old->n_channels + 1, sizeof(*chan_match));
	size_t i;
	int rc = -1;

	memset(&c, 0, sizeof(c));
	c.out = out;
	c.opts = opts;
	c.od = old->doc;
	c.nd = new->doc;
	if (chan_match == NULL)
		goto out;
	diff_info(&c, old, new);
	diff_servers(&c, old, new);
	if (diff_channels(&c, old, new, chan_match) < 0 ||
	    diff_operations(&c, old, new, chan_match) < 0)
		goto out;
	rc = c.oom ? -1 : 0;
out:
	if (rc < 0)
		diag_oom(diags, "comparing the documents");
	free(chan_match);
	strbuf_free(&c.where);
	hmap_free(&c.seen);
	for (i = 0; i < c.n_keys; i++)
		free(c.keys[i]);
	free(c.keys);
	return rc;
}

static int
class_rank(enum diff_class c)
{
	return c == DIFF_BREAKING ? 0 : c == DIFF_UNCLASSIFIED ? 1 : 2;
}

void
diff_sort(struct diff_result *r)
{
	struct diff_change tmp;
	size_t i, j;

	/* Insertion sort: stable, and the lists are short and mostly sorted. */
	for (i = 1; i < r->n; i++) {
		tmp = r->items[i];
		for (j = i; j > 0 && class_rank(r->items[j - 1].cls) >
		                             class_rank(tmp.cls);
		     j--)
			r->items[j] = r->items[j - 1];
		r->items[j] = tmp;
	}
}

void
diff_result_clear(struct diff_result *r)
{
	size_t i;

	for (i = 0; i < r->n; i++) {
		free(r->items[i].item_id);
		free(r->items[i].where);
		free(r->items[i].message);
		free(r->items[i].old.file);
		free(r->items[i].new.file);
	}
	free(r->items);
	memset(r, 0, sizeof(*r));
}
