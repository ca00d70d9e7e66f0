/*
 * model_v3: AsyncAPI 3.x channels (key + address + messages) and the
 * operations map (action, channel and message refs, reply).
 */
#include "config.h"

#include <string.h>

#include "model/model_int.h"

/* Channel $refs to servers. */
static void
read_servers(struct model_ctx *c, struct model_chan_rec *ch)
{
	struct model_channel *p = &ch->pub;
	const cJSON *arr = model_get_arr(c, p->src.node, "servers", p->src.via),
	            *el, *r;
	struct model_server *s;

	p->servers = model_alloc_each(c, arr, sizeof(*p->servers));
	if (!p->servers)
		return;
	MODEL_EACH(el, arr)
	{
		s = model_lookup_refs(c, &c->server_by_node, el);
		if (!s) {
			r = model_deref(c, el, p->src.via, NULL);
			s = hmap_get_ptr(&c->server_by_node, r);
		}
		if (!s) {
			model_warn(c, el, p->src.via, "model-ref",
			           "channel '%s' lists something that is not "
			           "a server of servers; ignored",
			           p->key ? p->key : "");
			continue;
		}
		p->servers[p->n_servers++] = s;
	}
}

static void
read_channel(struct model_ctx *c, struct model_chan_rec *ch)
{
	struct model_channel *p = &ch->pub;
	const struct loader_via *mv;
	const cJSON *a = node_get(p->src.node, "address"), *mo, *el;

	if (cJSON_IsString(a))
		p->address = a->valuestring;
	else if (a && !cJSON_IsNull(a))
		model_warn_type(c, a, p->src.via, "address",
		                "a string or null");
	model_read_chan_common(c, ch);
	read_servers(c, ch);
	mo = model_get_obj(c, p->src.node, "messages", p->src.via, &mv);
	MODEL_EACH(el, mo)
	{
		model_chan_add_message(
		        c, ch, model_get_message(c, el, mv, NULL, el->string));
	}
}

/*
 * The channel an operation or reply names: the one listed under the node
 * its ref (or a ref on the way) points to, else a new channel for what it
 * leads to (a component channel of a component operation...).
 */
static struct model_chan_rec *
find_channel(struct model_ctx *c, const cJSON *raw,
             const struct loader_via *via)
{
	const struct loader_via *v;
	struct model_chan_rec *ch;
	const cJSON *r;

	if (!raw || cJSON_IsNull(raw))
		return NULL;
	ch = model_lookup_refs(c, &c->chan_by_node, raw);
	if (ch)
		return ch;
	r = model_deref(c, raw, via, &v);
	if (!r)
		return NULL;
	if (!cJSON_IsObject(r)) {
		model_warn_type(c, r, v, "channel", "a channel object");
		return NULL;
	}
	ch = hmap_get_ptr(&c->chan_by_node, r);
	if (ch)
		return ch;
	ch = model_new_channel(c, hmap_get_ptr(&c->comp_chan_name, r), raw, r,
	                       v);
	if (ch)
		read_channel(c, ch);
	return ch;
}

static void
read_reply(struct model_ctx *c, struct model_op_rec *op, const cJSON *r,
           const struct loader_via *via)
{
	const struct loader_via *rv, *av;
	const cJSON *rr = model_get_obj(c, r, "reply", via, &rv), *ad, *arr,
	            *el;
	struct model_chan_rec *ch;
	struct model_reply *reply;
	struct model_message *msg;

	if (!rr)
		return;
	reply = model_alloc(c, sizeof(*reply));
	if (!reply)
		return;
	reply->src.node = rr;
	reply->src.via = rv;
	ad = model_get_obj(c, rr, "address", rv, &av);
	reply->address_location = model_get_str(c, ad, "location", av);
	reply->address_description = model_get_str(c, ad, "description", av);
	ch = find_channel(c, node_get(rr, "channel"), rv);
	reply->channel = ch ? &ch->pub : NULL;
	arr = model_get_arr(c, rr, "messages", rv);
	if (arr && node_size(arr)) {
		reply->messages = model_alloc(
		        c, node_size(arr) * sizeof(*reply->messages));
		MODEL_EACH(el, arr)
		{
			msg = model_get_message(c, el, rv, &op->pub, NULL);
			if (msg && reply->messages)
				reply->messages[reply->n_messages++] = msg;
		}
	}
	op->pub.reply = reply;
}

static void
read_operation(struct model_ctx *c, const cJSON *el,
               const struct loader_via *ov)
{
	const struct loader_via *v;
	const cJSON *r = model_deref(c, el, ov, &v), *merged, *marr, *m;
	struct model_chan_rec *ch;
	struct model_op_rec *op;
	size_t i, n_traits;

	if (!r || cJSON_IsNull(r))
		return;
	if (!cJSON_IsObject(r)) {
		model_warn_type(c, r, v, el->string, "an operation object");
		return;
	}
	ch = find_channel(c, node_get(r, "channel"), v);
	if (!ch && !node_get(r, "channel"))
		model_warn(c, r, v, "model-ref",
		           "operation '%s' has no channel", el->string);
	op = model_new_operation(c, ch, r, v);
	if (!op)
		return;
	op->pub.key = el->string;
	op->pub.operation_id = el->string;
	op->pub.keyword = model_get_str(c, r, "action", v);
	if (op->pub.keyword && strcmp(op->pub.keyword, "receive") == 0)
		op->pub.action = MODEL_RECEIVE;
	else if (op->pub.keyword && strcmp(op->pub.keyword, "send") == 0)
		op->pub.action = MODEL_SEND;
	else
		model_warn(c, node_get(r, "action") ? node_get(r, "action") : r,
		           v, "model-value",
		           "operation '%s': action should be 'send' or "
		           "'receive'; read as 'send'",
		           el->string);
	merged = model_apply_traits(c, r, v, &n_traits);
	op->pub.n_traits = n_traits;
	model_read_op_common(c, op, merged, v);
	/* Traits cannot hold messages or the reply: read them as written. */
	m = node_get(r, "messages");
	if (!m || cJSON_IsNull(m)) {
		/* No list: every message of the channel (as the reference
		 * parser reads it). */
		for (i = 0; ch && i < ch->msgs.n; i++)
			model_op_add_message(c, op, ch->msgs.v[i]);
	} else {
		marr = model_get_arr(c, r, "messages", v);
		MODEL_EACH(m, marr)
		{
			model_op_add_message(
			        c, op,
			        model_get_message(c, m, v, &op->pub, NULL));
		}
	}
	read_reply(c, op, r, v);
}

int
model_v3_build(struct model_ctx *c)
{
	const struct loader_via *ov;
	const cJSON *ops, *el;

	if (model_read_channels(c, read_channel) != 0)
		return -1;
	ops = model_get_obj(c, c->root, "operations", NULL, &ov);
	MODEL_EACH(el, ops)
	{
		if (!el->string || c->oom)
			continue;
		read_operation(c, el, ov);
	}
	return c->oom ? -1 : 0;
}
