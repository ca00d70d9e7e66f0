/*
 * render_index: what every page of an output shares, made once per
 * output (struct render_index in render_int.h): the reverse links, the
 * portal's others by channel address and message name, the front matter
 * and the schema views.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "render/render_int.h"
#include "render/schemaview.h"
#include "util/array.h"
#include "util/hmap.h"
#include "util/strbuf.h"
/* ---------------------------------------------------------- helpers */

static int
plist_add(struct plist *l, const void *p)
{
	if (l->n > 0 && l->items[l->n - 1] == p)
		return 0;
	if (ARRAY_RESERVE(l->items, l->n + 1, l->cap) < 0)
		return -1;
	l->items[l->n++] = p;
	return 0;
}

/* ------------------------------------------------------------- plan */

void
render_index_free(struct render_index *ix, const struct model *m)
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
	render_sidebar_names_free(&ix->nav);
	free(ix->reported);
	free(ix->heads_moved);
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

/*
 * The words of the heading ids of the item partials of the default theme
 * ("<anchor>-<word>"), per list; a message's parts are "-Headers" and
 * "-Payload", which no id can be (ids are lowercase).
 */
static const char *const heads_channel[] = {
        "parameters", "servers", "operations", "replies",
        "messages",   "also",    NULL};
static const char *const heads_operation[] = {"messages", "reply", NULL};
static const char *const heads_message[] = {"examples", "channels",
                                            "operations", "also", NULL};
static const char *const heads_schema[] = {"messages", NULL};

/* The id of item i of list l of m. */
static const char *
item_id(const struct model *m, enum list l, size_t i)
{
	switch (l) {
	case L_CHANNEL:
		return m->channels[i]->id;
	case L_OPERATION:
		return m->operations[i]->id;
	case L_MESSAGE:
		return m->messages[i]->id;
	default:
		return m->schemas[i]->id;
	}
}

/* 1 when "<own>-<word>" is one of ids. */
static int
head_meets(const struct hmap *ids, const char *own, const char *word)
{
	char id[1024];

	/* a cut id is no id */
	if (render_cat3(id, sizeof(id), own, "-", word) + 1 >= sizeof(id))
		return 0;
	return hmap_find_str(ids, id, NULL);
}

/*
 * On a single page every item is a section of one page, and the id of an
 * item's heading may be another item's anchor: channel rooms/{id} has
 * the heading channel-rooms-id-messages, the anchor of channel
 * rooms/{id}/messages. Anchors are what links (and pages outside) go to,
 * so the headings move aside: their ids become "<anchor>--<word>" ("--"
 * is in no id). Only the items whose headings meet an anchor move, so
 * every other id stays as it was. 0, or -1 when out of memory.
 */
static int
index_heads(struct render_index *ix, const struct model *m, size_t bits)
{
	static const enum list lists[] = {L_CHANNEL, L_OPERATION, L_MESSAGE,
	                                  L_SCHEMA};
	static const char *const *const words[] = {
	        heads_channel, heads_operation, heads_message, heads_schema};
	const size_t counts[] = {m->n_channels, m->n_operations, m->n_messages,
	                         m->n_schemas};
	struct hmap ids = HMAP_INIT;
	const char *own;
	size_t k, i, w, bit;
	int rc = -1;

	ix->heads_moved = calloc(bits / 8 + 1, 1);
	if (ix->heads_moved == NULL)
		return -1;
	for (k = 0; k < sizeof(lists) / sizeof(lists[0]); k++) {
		hmap_clear(&ids);
		for (i = 0; i < counts[k]; i++)
			if (item_id(m, lists[k], i) != NULL &&
			    hmap_put_str(&ids, item_id(m, lists[k], i),
			                 (void *)1) < 0)
				goto out;
		for (i = 0; i < counts[k]; i++) {
			own = item_id(m, lists[k], i);
			for (w = 0; own != NULL && words[k][w] != NULL; w++) {
				if (!head_meets(&ids, own, words[k][w]))
					continue;
				bit = ix->first[lists[k]] + i;
				ix->heads_moved[bit / 8] |=
				        (unsigned char)(1u << (bit % 8));
				break;
			}
		}
	}
	rc = 0;
out:
	hmap_free(&ids);
	return rc;
}

void
render_set_sub_anchor(struct ctx *c, struct tmpl_dict *d, const char *var,
                      enum list l, size_t i, const char *anchor)
{
	size_t bit = c->ix->first[l] + i;
	char buf[1024];

	if (c->ix->heads_moved == NULL ||
	    !(c->ix->heads_moved[bit / 8] & (1u << (bit % 8)))) {
		render_set(c, d, var, anchor);
		return;
	}
	render_cat3(buf, sizeof(buf), anchor, "-", "");
	render_set(c, d, var, buf);
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

int
render_index_new(struct render_index **out, const struct model *m,
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
		render_index_free(ix, m);
		return -1;
	}
	if (opts->front_matter != NULL &&
	    front_matter(&ix->front_matter, opts->front_matter, m) != 0) {
		render_index_free(ix, m);
		return -1;
	}
	if (ix->plan.single_page && index_heads(ix, m, bits) != 0) {
		render_index_free(ix, m);
		return -1;
	}
	if (ix->msg_ops == NULL || ix->msg_channels == NULL ||
	    ix->ch_replies == NULL || ix->schema_msgs == NULL ||
	    ix->reported == NULL ||
	    schemaview_ctx_new(&ix->sv, m, &ix->plan) != 0 ||
	    index_links(ix, m) != 0 ||
	    render_sidebar_names(ix, m) != 0) {
		render_index_free(ix, m);
		return -1;
	}
	*out = ix;
	return 0;
}
