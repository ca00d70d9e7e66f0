/*
 * model_v2: AsyncAPI 2.x channels (keyed by address) and their publish /
 * subscribe operations, mapped as the 2->3 converter does: publish means
 * the application receives, subscribe that it sends.
 */
#include "config.h"

#include <string.h>

#include "model/model_int.h"

/* Server names of a channel (2.2+), looked up in servers. */
static void
read_servers(struct model_ctx *c, struct model_chan_rec *ch)
{
	struct model_channel *p = &ch->pub;
	const cJSON *arr = model_get_arr(c, p->src.node, "servers", p->src.via),
	            *el;
	struct model_server *s;
	const char *name;

	p->servers = model_alloc_each(c, arr, sizeof(*p->servers));
	if (!p->servers)
		return;
	MODEL_EACH(el, arr)
	{
		name = cJSON_IsString(el) ? el->valuestring : NULL;
		if (!name) {
			model_warn_type(c, el, p->src.via, "servers item",
			                "a server name");
			continue;
		}
		s = hmap_get_str(&c->server_by_key, name);
		if (!s) {
			model_warn(c, el, p->src.via, "model-ref",
			           "channel '%s' names server '%s', which is "
			           "not in servers; ignored",
			           p->key, name);
			continue;
		}
		p->servers[p->n_servers++] = s;
	}
}

static void
add_message(struct model_ctx *c, struct model_chan_rec *ch,
            struct model_op_rec *op, const cJSON *raw,
            const struct loader_via *via)
{
	struct model_message *msg =
	        model_get_message(c, raw, via, &op->pub, NULL);

	model_op_add_message(c, op, msg);
	model_chan_add_message(c, ch, msg);
}

static void
read_operation(struct model_ctx *c, struct model_chan_rec *ch, const cJSON *raw,
               const struct loader_via *via)
{
	const struct loader_via *v, *mv;
	const cJSON *r = model_deref(c, raw, via, &v), *merged, *m, *one, *el;
	struct model_op_rec *op;
	size_t n_traits;

	if (!r || cJSON_IsNull(r))
		return;
	if (!cJSON_IsObject(r)) {
		model_warn_type(c, r, v, raw->string, "an operation object");
		return;
	}
	op = model_new_operation(c, ch, r, v);
	if (!op)
		return;
	op->pub.keyword = raw->string;
	op->pub.action = strcmp(raw->string, "publish") == 0 ? MODEL_RECEIVE
	                                                     : MODEL_SEND;
	merged = model_apply_traits(c, r, v, &n_traits);
	op->pub.n_traits = n_traits;
	model_read_op_common(c, op, merged, v);
	op->pub.operation_id = model_get_str(c, merged, "operationId", v);
	/* Operation traits cannot hold the message: read it as written. */
	m = model_deref(c, node_get(r, "message"), v, &mv);
	if (!m || cJSON_IsNull(m))
		return;
	if (!cJSON_IsObject(m)) {
		model_warn_type(c, m, mv, "message", "a message object");
		return;
	}
	one = node_get(m, "oneOf");
	if (!one) {
		add_message(c, ch, op, m, mv);
		return;
	}
	one = model_deref(c, one, mv, NULL);
	if (!cJSON_IsArray(one)) {
		model_warn_type(c, one, mv, "oneOf", "an array of messages");
		return;
	}
	MODEL_EACH(el, one)
	{
		add_message(c, ch, op, el, mv);
	}
}

/* A v2 channel: its key is its address; its operations are inside it. */
static void
read_channel(struct model_ctx *c, struct model_chan_rec *ch)
{
	const cJSON *o;

	ch->pub.address = ch->pub.key;
	model_read_chan_common(c, ch);
	read_servers(c, ch);
	MODEL_EACH(o, ch->pub.src.node)
	{
		if (strcmp(o->string, "publish") == 0 ||
		    strcmp(o->string, "subscribe") == 0)
			read_operation(c, ch, o, ch->pub.src.via);
	}
}

int
model_v2_build(struct model_ctx *c)
{
	if (model_read_channels(c, read_channel) != 0)
		return -1;
	return c->oom ? -1 : 0;
}
