/*
 * model: the parts v2 and v3 share (memory, indexes, object readers,
 * traits, messages, schemas, components, ids) and the public entry points.
 * model_v2.c and model_v3.c walk the channels and operations.
 */
#include "config.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "load/srcmap.h"
#include "model/model_int.h"

#define ARENA_CHUNK          65536
#define MERGE_MAX_DEPTH      32
#define MERGE_MAX_EXPANSIONS 64
#define REF_MAX_STEPS        64
#define ID_MAX               120
#define DUP_BUDGET_BASE      1000000

/* ------------------------------------------------------------ arena */

struct arena_chunk {
	struct arena_chunk *next;
	size_t used, size;
	max_align_t data[];
};

struct model_arena {
	struct arena_chunk *head;
};

static void *
arena_alloc(struct model_arena *a, size_t size)
{
	const size_t al = _Alignof(max_align_t);
	struct arena_chunk *ch;
	size_t csize;
	void *p;

	if (size > SIZE_MAX / 2)
		return NULL;
	size = size ? (size + al - 1) & ~(al - 1) : al;
	if (!a->head || a->head->size - a->head->used < size) {
		csize = size > ARENA_CHUNK / 4 ? size : ARENA_CHUNK;
		ch = malloc(sizeof(*ch) + csize);
		if (!ch)
			return NULL;
		ch->size = csize;
		ch->used = 0;
		if (csize == size && a->head) {
			/* A big block: keep filling the current chunk. */
			ch->next = a->head->next;
			a->head->next = ch;
		} else {
			ch->next = a->head;
			a->head = ch;
		}
	} else {
		ch = a->head;
	}
	p = (char *)ch->data + ch->used;
	ch->used += size;
	memset(p, 0, size);
	return p;
}

static void
arena_free(struct model_arena *a)
{
	struct arena_chunk *ch, *next;

	if (!a)
		return;
	for (ch = a->head; ch; ch = next) {
		next = ch->next;
		free(ch);
	}
	free(a);
}

void *
model_alloc(struct model_ctx *c, size_t size)
{
	void *p = arena_alloc(c->m->priv->arena, size);

	if (!p)
		c->oom = 1;
	return p;
}

void *
model_alloc_each(struct model_ctx *c, const cJSON *list, size_t esize)
{
	size_t n = node_size(list);

	return n ? model_alloc(c, n * esize) : NULL;
}

void *
model_grow(struct model_ctx *c, void *old, size_t *cap, size_t n, size_t esize)
{
	size_t ncap = *cap ? *cap * 2 : 8;
	void *p;

	if (ncap > SIZE_MAX / 4 / esize) {
		c->oom = 1;
		return NULL;
	}
	p = model_alloc(c, ncap * esize);
	if (!p)
		return NULL;
	if (n)
		memcpy(p, old, n * esize);
	*cap = ncap;
	return p;
}

const char *
model_strdup(struct model_ctx *c, const char *s)
{
	size_t len = strlen(s);
	char *p = model_alloc(c, len + 1);

	if (p)
		memcpy(p, s, len + 1);
	return p;
}

/* ------------------------------------------------------------ maps */

int
model_pmap_put(struct model_ctx *c, struct hmap *map, const void *key,
               void *val)
{
	if (hmap_put_ptr(map, key, val) != 0) {
		c->oom = 1;
		return -1;
	}
	return 0;
}

int
model_smap_put(struct model_ctx *c, struct hmap *map, const char *key,
               void *val)
{
	if (hmap_put_str(map, key, val) != 0) {
		c->oom = 1;
		return -1;
	}
	return 0;
}

/* ------------------------------------------------------------ access */

const cJSON *
model_deref(struct model_ctx *c, const cJSON *n, const struct loader_via *via,
            const struct loader_via **via_out)
{
	const struct loader_via *v = via;
	const cJSON *r;

	if (via_out)
		*via_out = via;
	if (!n)
		return NULL;
	if (!loader_is_ref(n))
		return n;
	r = loader_deref(via_out ? &v : NULL, c->doc, n, via);
	if (!r) {
		c->oom = 1;
		return NULL;
	}
	/* A ref that leads nowhere: the loader has reported it. */
	if (loader_is_ref(r))
		return NULL;
	if (via_out)
		*via_out = v;
	return r;
}

const cJSON *
model_deref_obj(struct model_ctx *c, const cJSON *n,
                const struct loader_via *via,
                const struct loader_via **via_out, const char *what)
{
	const struct loader_via *v = via;
	const cJSON *r = model_deref(c, n, via, &v);

	if (via_out)
		*via_out = v;
	if (r && !cJSON_IsObject(r) && !cJSON_IsNull(r)) {
		model_warn_type(c, r, v, n->string, what);
		return NULL;
	}
	return r;
}

void *
model_lookup_refs(struct model_ctx *c, const struct hmap *map, const cJSON *n)
{
	void *v;
	int i;

	for (i = 0; n && i < REF_MAX_STEPS; i++) {
		v = hmap_get_ptr(map, n);
		if (v)
			return v;
		if (!loader_is_ref(n))
			break;
		n = loader_ref_target(c->doc, n);
	}
	return NULL;
}

void
model_warn(struct model_ctx *c, const cJSON *node, const struct loader_via *via,
           const char *rule, const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (loader_report(c->diags, c->doc, node, via, DIAG_WARNING, rule, "%s",
	                  buf) != 0)
		c->oom = 1;
}

static const char *
type_name(const cJSON *n)
{
	if (!n)
		return "nothing";
	if (cJSON_IsObject(n))
		return "an object";
	if (cJSON_IsArray(n))
		return "an array";
	if (cJSON_IsString(n))
		return "a string";
	if (cJSON_IsNumber(n))
		return "a number";
	if (cJSON_IsBool(n))
		return "a boolean";
	if (cJSON_IsNull(n))
		return "null";
	return "an unknown value";
}

void
model_warn_type(struct model_ctx *c, const cJSON *node,
                const struct loader_via *via, const char *what,
                const char *expected)
{
	model_warn(c, node, via, "model-type",
	           "'%s' should be %s, not %s; ignored", what ? what : "value",
	           expected, type_name(node));
}

/* Member key of obj with refs followed; NULL when absent or null. */
static const cJSON *
member(struct model_ctx *c, const cJSON *obj, const char *key,
       const struct loader_via *via, const struct loader_via **via_out)
{
	const cJSON *raw = node_get(obj, key), *r;

	if (via_out)
		*via_out = via;
	if (!raw || cJSON_IsNull(raw))
		return NULL;
	r = model_deref(c, raw, via, via_out);
	if (!r || cJSON_IsNull(r))
		return NULL;
	return r;
}

const cJSON *
model_get_obj(struct model_ctx *c, const cJSON *obj, const char *key,
              const struct loader_via *via, const struct loader_via **via_out)
{
	const struct loader_via *v;
	const cJSON *r = member(c, obj, key, via, &v);

	if (via_out)
		*via_out = via;
	if (!r)
		return NULL;
	if (!cJSON_IsObject(r)) {
		model_warn_type(c, r, v, key, "an object");
		return NULL;
	}
	if (via_out)
		*via_out = v;
	return r;
}

const cJSON *
model_get_arr(struct model_ctx *c, const cJSON *obj, const char *key,
              const struct loader_via *via)
{
	const struct loader_via *v;
	const cJSON *r = member(c, obj, key, via, &v);

	if (!r)
		return NULL;
	if (!cJSON_IsArray(r)) {
		model_warn_type(c, r, v, key, "an array");
		return NULL;
	}
	return r;
}

const char *
model_scalar(struct model_ctx *c, const cJSON *n)
{
	char buf[64];
	const char *t;

	if (!n || cJSON_IsNull(n) || cJSON_IsObject(n) || cJSON_IsArray(n))
		return NULL;
	if (cJSON_IsString(n))
		return n->valuestring;
	t = node_text(n, buf, sizeof(buf));
	if (!t)
		return NULL;
	/* Literals and numbers without source text live in buf. */
	if (t >= buf && t < buf + sizeof(buf))
		return model_strdup(c, t);
	return t;
}

const char *
model_get_str(struct model_ctx *c, const cJSON *obj, const char *key,
              const struct loader_via *via)
{
	const struct loader_via *v;
	const cJSON *r = member(c, obj, key, via, &v);

	if (!r)
		return NULL;
	if (cJSON_IsObject(r) || cJSON_IsArray(r)) {
		model_warn_type(c, r, v, key, "a string");
		return NULL;
	}
	return model_scalar(c, r);
}

const char **
model_str_list(struct model_ctx *c, const cJSON *arr,
               const struct loader_via *via, size_t *n_out)
{
	const char **out;
	const cJSON *el;
	const char *t;
	size_t n = 0;

	*n_out = 0;
	out = model_alloc_each(c, arr, sizeof(*out));
	if (!out)
		return NULL;
	MODEL_EACH(el, arr)
	{
		t = model_scalar(c, el);
		if (!t) {
			if (!cJSON_IsNull(el))
				model_warn_type(c, el, via, "item", "a string");
			continue;
		}
		out[n++] = t;
	}
	*n_out = n;
	return out;
}

/* ------------------------------------------------------------ readers */

void
model_read_tags(struct model_ctx *c, struct model_tags *out, const cJSON *obj,
                const struct loader_via *via)
{
	const cJSON *arr = model_get_arr(c, obj, "tags", via), *el, *t;
	const struct loader_via *v;
	struct model_tag *tag;

	out->items = NULL;
	out->n = 0;
	out->items = model_alloc_each(c, arr, sizeof(*out->items));
	if (!out->items)
		return;
	MODEL_EACH(el, arr)
	{
		t = model_deref(c, el, via, &v);
		if (!t)
			continue;
		if (!cJSON_IsObject(t)) {
			model_warn_type(c, t, v, "tag", "an object");
			continue;
		}
		tag = model_alloc(c, sizeof(*tag));
		if (!tag)
			return;
		tag->name = model_get_str(c, t, "name", v);
		tag->description = model_get_str(c, t, "description", v);
		tag->external_docs = model_read_extdoc(c, t, v);
		out->items[out->n++] = tag;
	}
}

struct model_extdoc *
model_read_extdoc(struct model_ctx *c, const cJSON *obj,
                  const struct loader_via *via)
{
	const struct loader_via *v;
	const cJSON *o = model_get_obj(c, obj, "externalDocs", via, &v);
	struct model_extdoc *e;

	if (!o)
		return NULL;
	e = model_alloc(c, sizeof(*e));
	if (!e)
		return NULL;
	e->url = model_get_str(c, o, "url", v);
	e->description = model_get_str(c, o, "description", v);
	return e;
}

static int
is_ext(const char *key)
{
	return key && key[0] == 'x' && key[1] == '-';
}

void
model_read_exts(struct model_ctx *c, struct model_exts *out, const cJSON *obj)
{
	const cJSON *el;
	size_t n = 0;

	out->items = NULL;
	out->n = 0;
	if (!cJSON_IsObject(obj))
		return;
	MODEL_EACH(el, obj)
	{
		if (is_ext(el->string))
			n++;
	}
	if (!n)
		return;
	out->items = model_alloc(c, n * sizeof(*out->items));
	if (!out->items)
		return;
	MODEL_EACH(el, obj)
	{
		if (!is_ext(el->string))
			continue;
		out->items[out->n].key = el->string;
		out->items[out->n].value = el;
		out->n++;
	}
}

void
model_read_bindings(struct model_ctx *c, struct model_bindings *out,
                    const cJSON *obj, const struct loader_via *via)
{
	const struct loader_via *v, *bv;
	const cJSON *o = model_get_obj(c, obj, "bindings", via, &v), *el, *b;
	struct model_binding *mb;

	out->items = NULL;
	out->n = 0;
	out->items = model_alloc_each(c, o, sizeof(*out->items));
	if (!out->items)
		return;
	MODEL_EACH(el, o)
	{
		if (!el->string || is_ext(el->string))
			continue;
		b = model_deref(c, el, v, &bv);
		if (!b || cJSON_IsNull(b))
			continue;
		if (!cJSON_IsObject(b)) {
			model_warn_type(c, b, bv, el->string, "an object");
			continue;
		}
		mb = &out->items[out->n++];
		mb->protocol = el->string;
		mb->version = model_get_str(c, b, "bindingVersion", bv);
		mb->node = b;
	}
}

static void
read_scopes(struct model_ctx *c, struct model_oauth_flow *f, const cJSON *flow,
            const struct loader_via *via)
{
	const struct loader_via *v;
	const char *key = node_get(flow, "availableScopes") ? "availableScopes"
	                                                    : "scopes";
	const cJSON *o = model_get_obj(c, flow, key, via, &v), *el;

	f->scopes = model_alloc_each(c, o, sizeof(*f->scopes));
	if (!f->scopes)
		return;
	MODEL_EACH(el, o)
	{
		f->scopes[f->n_scopes].name = el->string;
		f->scopes[f->n_scopes].description = model_scalar(c, el);
		f->n_scopes++;
	}
}

/* A security scheme object; key is its components name or NULL. */
static struct model_security_scheme *
new_scheme(struct model_ctx *c, const char *key, const cJSON *r,
           const struct loader_via *via)
{
	struct model_security_scheme *s = model_alloc(c, sizeof(*s));
	const struct loader_via *fv, *v;
	const cJSON *flows, *el, *f;
	struct model_oauth_flow *mf;

	if (!s)
		return NULL;
	s->key = key;
	s->src.node = r;
	s->src.via = via;
	s->type = model_get_str(c, r, "type", via);
	s->description = model_get_str(c, r, "description", via);
	s->name = model_get_str(c, r, "name", via);
	s->in = model_get_str(c, r, "in", via);
	s->scheme = model_get_str(c, r, "scheme", via);
	s->bearer_format = model_get_str(c, r, "bearerFormat", via);
	s->open_id_connect_url = model_get_str(c, r, "openIdConnectUrl", via);
	s->scopes = model_str_list(c, model_get_arr(c, r, "scopes", via), via,
	                           &s->n_scopes);
	model_read_exts(c, &s->exts, r);
	flows = model_get_obj(c, r, "flows", via, &fv);
	if (flows && node_size(flows)) {
		s->flows = model_alloc(c, node_size(flows) * sizeof(*s->flows));
		MODEL_EACH(el, flows)
		{
			if (!s->flows)
				break;
			if (is_ext(el->string))
				continue;
			f = model_deref(c, el, fv, &v);
			if (!f || cJSON_IsNull(f))
				continue;
			if (!cJSON_IsObject(f)) {
				model_warn_type(c, f, v, el->string,
				                "an object");
				continue;
			}
			mf = model_alloc(c, sizeof(*mf));
			if (!mf)
				break;
			mf->kind = el->string;
			mf->authorization_url =
			        model_get_str(c, f, "authorizationUrl", v);
			mf->token_url = model_get_str(c, f, "tokenUrl", v);
			mf->refresh_url = model_get_str(c, f, "refreshUrl", v);
			read_scopes(c, mf, f, v);
			s->flows[s->n_flows++] = mf;
		}
	}
	if (model_vscheme_push(c, &c->schemes, s) != 0)
		return NULL;
	if (!hmap_get_ptr(&c->scheme_by_node, r))
		model_pmap_put(c, &c->scheme_by_node, r, s);
	return s;
}

/* v2: [{name: [scopes]}], names from components.securitySchemes. */
static void
read_security_v2(struct model_ctx *c, struct model_security_set *set,
                 const cJSON *r, const struct loader_via *via)
{
	struct model_security_scheme *s;
	struct model_security_req *req;
	const cJSON *el, *sc;

	if (!node_size(r))
		return;
	set->reqs = model_alloc(c, node_size(r) * sizeof(*set->reqs));
	if (!set->reqs)
		return;
	MODEL_EACH(el, r)
	{
		s = hmap_get_str(&c->scheme_by_key, el->string);
		if (!s) {
			model_warn(c, el, via, "model-ref",
			           "security requirement names '%s', which is "
			           "not in components.securitySchemes; ignored",
			           el->string);
			continue;
		}
		req = &set->reqs[set->n++];
		req->scheme = s;
		sc = model_deref(c, el, via, NULL);
		if (sc && !cJSON_IsArray(sc) && !cJSON_IsNull(sc))
			model_warn_type(c, sc, via, el->string,
			                "an array of scopes");
		else
			req->scopes =
			        model_str_list(c, sc, via, &req->n_scopes);
	}
}

void
model_read_security(struct model_ctx *c, struct model_security *out,
                    const cJSON *obj, const struct loader_via *via)
{
	const cJSON *arr = model_get_arr(c, obj, "security", via), *el, *r;
	struct model_security_scheme *s;
	struct model_security_set *set;
	const struct loader_via *v;

	out->sets = NULL;
	out->n = 0;
	out->sets = model_alloc_each(c, arr, sizeof(*out->sets));
	if (!out->sets)
		return;
	MODEL_EACH(el, arr)
	{
		r = model_deref(c, el, via, &v);
		if (!r)
			continue;
		if (!cJSON_IsObject(r)) {
			model_warn_type(c, r, v, "security", "an object");
			continue;
		}
		set = &out->sets[out->n++];
		if (c->major == MODEL_V2) {
			read_security_v2(c, set, r, v);
			continue;
		}
		s = hmap_get_ptr(&c->scheme_by_node, r);
		if (!s)
			s = new_scheme(c, NULL, r, v);
		set->reqs = model_alloc(c, sizeof(*set->reqs));
		if (!s || !set->reqs)
			return;
		set->n = 1;
		set->reqs[0].scheme = s;
		set->reqs[0].scopes = s->scopes;
		set->reqs[0].n_scopes = s->n_scopes;
	}
}

/* ------------------------------------------------------------ traits */

static size_t
count_nodes(const cJSON *n)
{
	const cJSON *el;
	size_t k = 1;

	MODEL_EACH(el, n)
	{
		k += count_nodes(el);
	}
	return k;
}

/* loader_dup within the copy budget; NULL when over it or out of memory. */
static cJSON *
dup_counted(struct model_ctx *c, const cJSON *n)
{
	size_t k = count_nodes(n);
	cJSON *d;

	if (k > c->dup_budget) {
		c->budget_hit = 1;
		return NULL;
	}
	c->dup_budget -= k;
	d = loader_dup(c->doc, n);
	if (!d)
		c->oom = 1;
	return d;
}

/*
 * Nodes taken out of a merged tree are kept, never freed: the position
 * map and the loader's ref table are keyed by address, and a freed
 * address could come back as another node.
 */
static void
bury(struct model_ctx *c, cJSON *n)
{
	if (n && c->graveyard)
		cJSON_AddItemToArray(c->graveyard, n);
}

/*
 * Makes val member key of dst, in the place of old (or last). The list is
 * spliced by hand: cJSON_ReplaceItemViaPointer frees old, and Debian's
 * cJSON_InsertItemInArray refuses objects.
 */
static void
put_member(struct model_ctx *c, cJSON *dst, const char *key, cJSON *old,
           cJSON *val)
{
	size_t len = strlen(key);
	char *k;

	loader_node_changed(dst);
	if (!old) {
		if (!cJSON_AddItemToObject(dst, key, val)) {
			c->oom = 1;
			bury(c, val);
		}
		return;
	}
	k = cJSON_malloc(len + 1);
	if (!k) {
		c->oom = 1;
		bury(c, val);
		return;
	}
	memcpy(k, key, len + 1);
	if (val->string && !(val->type & cJSON_StringIsConst))
		cJSON_free(val->string);
	val->string = k;
	val->type &= ~cJSON_StringIsConst;
	/* The first member's prev is the last member; the last's next NULL. */
	val->next = old->next;
	val->prev = old->prev;
	if (old == dst->child) {
		if (old->prev == old)
			val->prev = val;
		dst->child = val;
	} else {
		val->prev->next = val;
	}
	if (val->next)
		val->next->prev = val;
	else
		dst->child->prev = val;
	old->next = NULL;
	old->prev = NULL;
	bury(c, old);
}

/*
 * RFC 7386 merge of patch (a document node) into member key of dst (a
 * tree we own). Refs are followed on both sides so that two schemas merge
 * by content, as the reference parser (which dereferences first) does.
 * Where the target has nothing to merge into, the patch is copied as
 * written, refs kept (its null members are not stripped). Depth and the
 * copy budget bound the work on circular schemas.
 */
static void
merge_member(struct model_ctx *c, cJSON *dst, const char *key,
             const cJSON *patch, int depth)
{
	const cJSON *p, *cr, *el;
	cJSON *cur, *n;

	if (c->oom || !key)
		return;
	p = model_deref(c, patch, NULL, NULL);
	if (!p)
		return;
	cur = cJSON_GetObjectItemCaseSensitive(dst, key);
	if (cJSON_IsNull(p)) {
		if (cur) {
			loader_node_changed(dst);
			bury(c, cJSON_DetachItemViaPointer(dst, cur));
		}
		return;
	}
	cr = cur ? model_deref(c, cur, NULL, NULL) : NULL;
	if (cr == p)
		return;
	if (!cJSON_IsObject(p) || !cJSON_IsObject(cr) ||
	    depth >= MERGE_MAX_DEPTH) {
		n = dup_counted(c, patch);
		if (n)
			put_member(c, dst, key, cur, n);
		return;
	}
	if (cr != cur) {
		/*
		 * The target is a ref: merge into a copy of what it names. Two
		 * circular schemas would expand without end: cap the copies.
		 */
		if (++c->merge_expansions > MERGE_MAX_EXPANSIONS) {
			n = dup_counted(c, patch);
			if (n)
				put_member(c, dst, key, cur, n);
			return;
		}
		n = dup_counted(c, cr);
		if (!n)
			return;
		put_member(c, dst, key, cur, n);
		cur = n;
	}
	MODEL_EACH(el, p)
	{
		merge_member(c, cur, el->string, el, depth + 1);
	}
}

const cJSON *
model_apply_traits(struct model_ctx *c, const cJSON *obj,
                   const struct loader_via *via, size_t *n_traits)
{
	const cJSON *arr, *el, *t, **traits;
	const struct loader_via *v;
	size_t n = 0, i;
	cJSON *res;

	*n_traits = 0;
	arr = model_get_arr(c, obj, "traits", via);
	traits = model_alloc_each(c, arr, sizeof(*traits));
	if (!traits)
		return obj;
	MODEL_EACH(el, arr)
	{
		t = model_deref(c, el, via, &v);
		if (!t || cJSON_IsNull(t))
			continue;
		if (!cJSON_IsObject(t)) {
			model_warn_type(c, t, v, "trait", "an object");
			continue;
		}
		traits[n++] = t;
	}
	if (!n)
		return obj;
	c->budget_hit = 0;
	c->merge_expansions = 0;
	if (c->major == MODEL_V2) {
		/* v2: each trait patched over the object, in order. */
		res = dup_counted(c, obj);
		for (i = 0; res && i < n; i++) {
			MODEL_EACH(el, traits[i])
			{
				merge_member(c, res, el->string, el, 1);
			}
		}
	} else {
		/* v3: traits in order, then the object over them: it wins. */
		res = cJSON_CreateObject();
		if (!res) {
			c->oom = 1;
			return obj;
		}
		if (loader_copy_pos(c->doc, res, obj) != 0)
			c->oom = 1;
		for (i = 0; i < n; i++) {
			MODEL_EACH(el, traits[i])
			{
				merge_member(c, res, el->string, el, 1);
			}
		}
		MODEL_EACH(el, obj)
		{
			merge_member(c, res, el->string, el, 1);
		}
	}
	if (!res)
		goto out;
	t = cJSON_GetObjectItemCaseSensitive(res, "traits");
	if (t) {
		loader_node_changed(res);
		bury(c, cJSON_DetachItemViaPointer(res, (cJSON *)t));
	}
	if (loader_adopt(c->doc, res) != 0) {
		c->oom = 1;
		return obj;
	}
	*n_traits = n;
out:
	if (c->budget_hit)
		model_warn(c, obj, via, "model-limit",
		           "traits not fully applied: they would copy more "
		           "nodes than the model allows");
	return res ? res : obj;
}

/* ------------------------------------------------------------ schemas */

static int
same_str(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

static struct model_schema_rec *
new_schema(struct model_ctx *c, const cJSON *r, const struct loader_via *via,
           const char *format)
{
	struct model_schema_rec *rec = model_alloc(c, sizeof(*rec));
	const cJSON *sf, *inner = r;

	if (!rec)
		return NULL;
	if (c->major == MODEL_V3 && cJSON_IsObject(r) &&
	    (sf = node_get(r, "schemaFormat")) && cJSON_IsString(sf)) {
		/* v3 Multi Format Schema Object. */
		format = sf->valuestring;
		inner = model_deref(c, node_get(r, "schema"), via, NULL);
	}
	rec->pub.format = format;
	rec->pub.schema = inner;
	rec->pub.src.node = r;
	rec->pub.src.via = via;
	rec->pub.name = hmap_get_ptr(&c->comp_schema_name, r);
	if (!rec->pub.name && inner)
		rec->pub.name = hmap_get_ptr(&c->comp_schema_name, inner);
	if (model_vschema_push(c, &c->schemas, &rec->pub) != 0)
		return NULL;
	if (!hmap_get_ptr(&c->schema_by_node, r))
		model_pmap_put(c, &c->schema_by_node, r, rec);
	return rec;
}

struct model_schema *
model_get_schema(struct model_ctx *c, const cJSON *raw,
                 const struct loader_via *via, const char *format)
{
	const struct loader_via *v;
	const cJSON *r = model_deref(c, raw, via, &v);
	struct model_schema_rec *rec;

	if (!r || cJSON_IsNull(r))
		return NULL;
	if (!cJSON_IsObject(r) && !cJSON_IsBool(r)) {
		model_warn_type(c, r, v, raw->string ? raw->string : "schema",
		                "a schema object");
		return NULL;
	}
	rec = hmap_get_ptr(&c->schema_by_node, r);
	if (rec && (c->major == MODEL_V3 || same_str(rec->pub.format, format)))
		return &rec->pub;
	rec = new_schema(c, r, v, format);
	return rec ? &rec->pub : NULL;
}

/* ------------------------------------------------------------ messages */

static void
set_schema_owner(struct model_schema *s, const struct model_message *msg,
                 const char *role)
{
	struct model_schema_rec *rec = (struct model_schema_rec *)s;

	if (s && !rec->comp && !rec->msg && !rec->chan) {
		rec->msg = msg;
		rec->role = role;
	}
}

static void
read_examples(struct model_ctx *c, struct model_message *m, const cJSON *merged,
              const struct loader_via *via)
{
	const cJSON *arr = model_get_arr(c, merged, "examples", via), *el, *e;
	const struct loader_via *v;
	struct model_example *ex;

	m->examples = model_alloc_each(c, arr, sizeof(*m->examples));
	if (!m->examples)
		return;
	MODEL_EACH(el, arr)
	{
		e = model_deref(c, el, via, &v);
		if (!e || cJSON_IsNull(e))
			continue;
		if (!cJSON_IsObject(e)) {
			model_warn_type(c, e, v, "example", "an object");
			continue;
		}
		ex = model_alloc(c, sizeof(*ex));
		if (!ex)
			return;
		ex->name = model_get_str(c, e, "name", v);
		ex->summary = model_get_str(c, e, "summary", v);
		ex->headers = model_deref(c, node_get(e, "headers"), v, NULL);
		ex->payload = model_deref(c, node_get(e, "payload"), v, NULL);
		ex->src.node = e;
		ex->src.via = v;
		m->examples[m->n_examples++] = ex;
	}
}

static void
read_message(struct model_ctx *c, struct model_message *m)
{
	const cJSON *r = m->src.node, *merged, *praw, *co;
	const struct loader_via *via = m->src.via, *cv;
	struct model_correlation_id *cid;

	merged = model_apply_traits(c, r, via, &m->n_traits);
	m->merged = merged;
	m->message_id = model_get_str(c, merged, "messageId", via);
	m->name = model_get_str(c, merged, "name", via);
	m->title = model_get_str(c, merged, "title", via);
	m->summary = model_get_str(c, merged, "summary", via);
	m->description = model_get_str(c, merged, "description", via);
	m->content_type = model_get_str(c, merged, "contentType", via);
	if (!m->content_type && c->m->info.default_content_type) {
		m->content_type = c->m->info.default_content_type;
		m->content_type_is_default = 1;
	}
	if (c->major == MODEL_V2)
		m->schema_format =
		        model_get_str(c, merged, "schemaFormat", via);
	/* Traits cannot carry a payload: read it where it was written. */
	praw = node_get(r, "payload");
	if (!praw)
		praw = node_get(merged, "payload");
	m->payload = model_get_schema(c, praw, via, m->schema_format);
	set_schema_owner(m->payload, m, "payload");
	if (c->major == MODEL_V3 && m->payload)
		m->schema_format = m->payload->format;
	m->headers =
	        model_get_schema(c, node_get(merged, "headers"), via, NULL);
	set_schema_owner(m->headers, m, "headers");
	co = model_get_obj(c, merged, "correlationId", via, &cv);
	if (co && (cid = model_alloc(c, sizeof(*cid)))) {
		cid->location = model_get_str(c, co, "location", cv);
		cid->description = model_get_str(c, co, "description", cv);
		cid->src.node = co;
		cid->src.via = cv;
		m->correlation_id = cid;
	}
	read_examples(c, m, merged, via);
	model_read_tags(c, &m->tags, merged, via);
	m->external_docs = model_read_extdoc(c, merged, via);
	model_read_bindings(c, &m->bindings, merged, via);
	model_read_exts(c, &m->exts, merged);
}

struct model_message *
model_get_message(struct model_ctx *c, const cJSON *raw,
                  const struct loader_via *via,
                  const struct model_operation *op, const char *chan_key)
{
	const struct loader_via *v;
	const cJSON *r = model_deref(c, raw, via, &v);
	struct model_msg_rec *rec;

	if (!r || cJSON_IsNull(r) || c->oom)
		return NULL;
	if (!cJSON_IsObject(r)) {
		model_warn_type(c, r, v, "message", "an object");
		return NULL;
	}
	rec = hmap_get_ptr(&c->msg_by_node, r);
	if (rec)
		return &rec->pub;
	rec = model_alloc(c, sizeof(*rec));
	if (!rec)
		return NULL;
	rec->pub.src.node = r;
	rec->pub.src.via = v;
	rec->first_op = op;
	rec->chan_key = chan_key;
	rec->pub.key = hmap_get_ptr(&c->comp_msg_name, r);
	rec->comp = rec->pub.key != NULL;
	if (!rec->pub.key)
		rec->pub.key = chan_key;
	if (model_pmap_put(c, &c->msg_by_node, r, rec) != 0 ||
	    model_vmsg_push(c, &c->messages, &rec->pub) != 0)
		return NULL;
	read_message(c, &rec->pub);
	return &rec->pub;
}

void
model_op_add_message(struct model_ctx *c, struct model_op_rec *op,
                     struct model_message *msg)
{
	struct model_msg_rec *rec = (struct model_msg_rec *)msg;

	if (!msg || rec->mark_op == op)
		return;
	rec->mark_op = op;
	if (!rec->first_op)
		rec->first_op = &op->pub;
	model_vmsg_push(c, &op->msgs, msg);
}

void
model_chan_add_message(struct model_ctx *c, struct model_chan_rec *ch,
                       struct model_message *msg)
{
	struct model_msg_rec *rec = (struct model_msg_rec *)msg;

	if (!msg || !ch || rec->mark_chan == ch)
		return;
	rec->mark_chan = ch;
	model_vmsg_push(c, &ch->msgs, msg);
}

/* ------------------------------------------------------------ channels */

struct model_chan_rec *
model_new_channel(struct model_ctx *c, const char *key, const cJSON *raw,
                  const cJSON *r, const struct loader_via *via)
{
	struct model_chan_rec *rec = model_alloc(c, sizeof(*rec));

	if (!rec)
		return NULL;
	rec->pub.key = key;
	rec->pub.src.node = r;
	rec->pub.src.via = via;
	if (model_vchan_push(c, &c->channels, &rec->pub) != 0)
		return NULL;
	if (raw && !hmap_get_ptr(&c->chan_by_node, raw))
		model_pmap_put(c, &c->chan_by_node, raw, rec);
	if (r && !hmap_get_ptr(&c->chan_by_node, r))
		model_pmap_put(c, &c->chan_by_node, r, rec);
	return rec;
}

int
model_read_channels(struct model_ctx *c,
                    void (*read)(struct model_ctx *c,
                                 struct model_chan_rec *ch))
{
	const struct loader_via *cv, *v;
	const cJSON *chs = model_get_obj(c, c->root, "channels", NULL, &cv),
	            *el, *r;
	struct model_chan_rec *ch;

	MODEL_EACH(el, chs)
	{
		if (!el->string || c->oom)
			continue;
		r = model_deref_obj(c, el, cv, &v, "a channel object");
		if (!r)
			continue;
		ch = model_new_channel(c, el->string, el, r, v);
		if (!ch)
			return -1;
		read(c, ch);
	}
	return 0;
}

void
model_read_chan_common(struct model_ctx *c, struct model_chan_rec *ch)
{
	struct model_channel *p = &ch->pub;
	const struct loader_via *via = p->src.via;
	const cJSON *r = p->src.node;

	p->title = model_get_str(c, r, "title", via);
	p->summary = model_get_str(c, r, "summary", via);
	p->description = model_get_str(c, r, "description", via);
	model_read_tags(c, &p->tags, r, via);
	p->external_docs = model_read_extdoc(c, r, via);
	model_read_bindings(c, &p->bindings, r, via);
	model_read_exts(c, &p->exts, r);
	model_read_parameters(c, ch, r, via);
}

void
model_read_parameters(struct model_ctx *c, struct model_chan_rec *ch,
                      const cJSON *obj, const struct loader_via *via)
{
	struct model_channel *p = &ch->pub;
	const struct loader_via *pv, *v;
	const cJSON *po = model_get_obj(c, obj, "parameters", via, &pv), *el,
	            *r;
	struct model_parameter *mp;
	struct model_schema_rec *srec;

	p->parameters = model_alloc_each(c, po, sizeof(*p->parameters));
	if (!p->parameters)
		return;
	MODEL_EACH(el, po)
	{
		r = model_deref_obj(c, el, pv, &v, "an object");
		if (!r)
			continue;
		mp = model_alloc(c, sizeof(*mp));
		if (!mp)
			return;
		mp->name = el->string;
		mp->description = model_get_str(c, r, "description", v);
		mp->location = model_get_str(c, r, "location", v);
		mp->default_value = model_get_str(c, r, "default", v);
		mp->enum_values = model_str_list(
		        c, model_get_arr(c, r, "enum", v), v, &mp->n_enum);
		mp->examples =
		        model_str_list(c, model_get_arr(c, r, "examples", v), v,
		                       &mp->n_examples);
		mp->schema =
		        model_get_schema(c, node_get(r, "schema"), v, NULL);
		srec = (struct model_schema_rec *)mp->schema;
		if (srec && !srec->comp && !srec->msg && !srec->chan) {
			srec->chan = p;
			srec->role = el->string;
		}
		mp->src.node = r;
		mp->src.via = v;
		p->parameters[p->n_parameters++] = mp;
	}
}

/* ------------------------------------------------------------ operations */

struct model_op_rec *
model_new_operation(struct model_ctx *c, struct model_chan_rec *ch,
                    const cJSON *r, const struct loader_via *via)
{
	struct model_op_rec *rec = model_alloc(c, sizeof(*rec));

	if (!rec)
		return NULL;
	rec->pub.src.node = r;
	rec->pub.src.via = via;
	rec->pub.merged = r;
	rec->pub.channel = ch ? &ch->pub : NULL;
	if (model_vop_push(c, &c->operations, &rec->pub) != 0)
		return NULL;
	if (ch && model_vop_push(c, &ch->ops, &rec->pub) != 0)
		return NULL;
	return rec;
}

void
model_read_op_common(struct model_ctx *c, struct model_op_rec *op,
                     const cJSON *merged, const struct loader_via *via)
{
	struct model_operation *p = &op->pub;

	p->merged = merged;
	p->title = model_get_str(c, merged, "title", via);
	p->summary = model_get_str(c, merged, "summary", via);
	p->description = model_get_str(c, merged, "description", via);
	model_read_security(c, &p->security, merged, via);
	model_read_tags(c, &p->tags, merged, via);
	p->external_docs = model_read_extdoc(c, merged, via);
	model_read_bindings(c, &p->bindings, merged, via);
	model_read_exts(c, &p->exts, merged);
}

/* ------------------------------------------------------------ document */

/* Checks "asyncapi"; 0 with m->asyncapi and major set, or -1. */
static int
read_version(struct model_ctx *c)
{
	const cJSON *v = node_get(c->root, "asyncapi");
	const char *t = NULL, *p;
	unsigned long maj = 0, min = 0;
	int ok = 0;

	if (cJSON_IsString(v)) {
		t = v->valuestring;
	} else if (cJSON_IsNumber(v)) {
		t = model_scalar(c, v);
		if (t)
			model_warn(c, v, NULL, "model-type",
			           "'asyncapi' should be a string: quote it "
			           "(\"%s\")",
			           t);
	}
	if (!t) {
		if (loader_report(c->diags, c->doc, v ? v : c->root, NULL,
		                  DIAG_ERROR, "asyncapi-version",
		                  "%s: the supported versions are 2.0.0 to "
		                  "2.6.0, 3.0.0 and 3.1.0",
		                  v ? "'asyncapi' is not a version string"
		                    : "no 'asyncapi' version") != 0)
			c->oom = 1;
		return -1;
	}
	/* major.minor[.patch]: the patch does not change the format. */
	p = t;
	if (*p >= '0' && *p <= '9') {
		maj = strtoul(p, (char **)&p, 10);
		if (*p == '.' && p[1] >= '0' && p[1] <= '9') {
			min = strtoul(p + 1, (char **)&p, 10);
			ok = 1;
			if (*p == '.') {
				ok = p[1] >= '0' && p[1] <= '9';
				if (ok)
					strtoul(p + 1, (char **)&p, 10);
			}
			ok = ok && *p == '\0';
		}
	}
	if (ok && maj == 2 && min <= 6)
		c->major = MODEL_V2;
	else if (ok && maj == 3 && min <= 1)
		c->major = MODEL_V3;
	else {
		if (loader_report(c->diags, c->doc, v, NULL, DIAG_ERROR,
		                  "asyncapi-version",
		                  "unsupported AsyncAPI version '%s': the "
		                  "supported versions are 2.0.0 to 2.6.0, "
		                  "3.0.0 and 3.1.0",
		                  t) != 0)
			c->oom = 1;
		return -1;
	}
	c->m->asyncapi = t;
	c->m->major = (enum model_major)c->major;
	return 0;
}

static void
read_info(struct model_ctx *c)
{
	struct model_info *mi = &c->m->info;
	const struct loader_via *iv, *v;
	const cJSON *info, *o, *logo, *first, *second;

	mi->id = model_get_str(c, c->root, "id", NULL);
	mi->default_content_type =
	        model_get_str(c, c->root, "defaultContentType", NULL);
	info = model_get_obj(c, c->root, "info", NULL, &iv);
	if (info) {
		mi->title = model_get_str(c, info, "title", iv);
		mi->version = model_get_str(c, info, "version", iv);
		mi->description = model_get_str(c, info, "description", iv);
		mi->terms_of_service =
		        model_get_str(c, info, "termsOfService", iv);
		o = model_get_obj(c, info, "contact", iv, &v);
		mi->contact_name = model_get_str(c, o, "name", v);
		mi->contact_url = model_get_str(c, o, "url", v);
		mi->contact_email = model_get_str(c, o, "email", v);
		o = model_get_obj(c, info, "license", iv, &v);
		mi->license_name = model_get_str(c, o, "name", v);
		mi->license_url = model_get_str(c, o, "url", v);
		logo = model_deref(c, node_get(info, "x-logo"), iv, &v);
		if (cJSON_IsObject(logo))
			mi->logo = model_get_str(c, logo, "url", v);
		else if (logo && !cJSON_IsNull(logo))
			mi->logo = model_scalar(c, logo);
		model_read_exts(c, &mi->exts, info);
	}
	/* v3 keeps tags and externalDocs in info, v2 at the top: take the
	 * version's place first, the other one when that has none. */
	first = c->major == MODEL_V3 ? info : c->root;
	second = c->major == MODEL_V3 ? c->root : info;
	model_read_tags(c, &mi->tags, first, first == info ? iv : NULL);
	if (!mi->tags.n && second)
		model_read_tags(c, &mi->tags, second,
		                second == info ? iv : NULL);
	mi->external_docs =
	        model_read_extdoc(c, first, first == info ? iv : NULL);
	if (!mi->external_docs && second)
		mi->external_docs = model_read_extdoc(
		        c, second, second == info ? iv : NULL);
	model_read_exts(c, &c->m->exts, c->root);
}

static void
read_server_vars(struct model_ctx *c, struct model_server *s, const cJSON *r,
                 const struct loader_via *via)
{
	const struct loader_via *vv, *v;
	const cJSON *vo = model_get_obj(c, r, "variables", via, &vv), *el, *o;
	struct model_server_var *var;

	s->variables = model_alloc_each(c, vo, sizeof(*s->variables));
	if (!s->variables)
		return;
	MODEL_EACH(el, vo)
	{
		o = model_deref_obj(c, el, vv, &v, "an object");
		if (!o)
			continue;
		var = model_alloc(c, sizeof(*var));
		if (!var)
			return;
		var->name = el->string;
		var->description = model_get_str(c, o, "description", v);
		var->default_value = model_get_str(c, o, "default", v);
		var->enum_values = model_str_list(
		        c, model_get_arr(c, o, "enum", v), v, &var->n_enum);
		var->examples =
		        model_str_list(c, model_get_arr(c, o, "examples", v), v,
		                       &var->n_examples);
		var->src.node = o;
		var->src.via = v;
		s->variables[s->n_variables++] = var;
	}
}

static void
read_servers(struct model_ctx *c)
{
	const struct loader_via *sv, *v;
	const cJSON *so = model_get_obj(c, c->root, "servers", NULL, &sv), *el,
	            *r;
	struct model_server *s;

	MODEL_EACH(el, so)
	{
		r = model_deref(c, el, sv, &v);
		if (!r || !el->string)
			continue;
		if (!cJSON_IsObject(r)) {
			model_warn_type(c, r, v, el->string, "a server object");
			continue;
		}
		s = model_alloc(c, sizeof(*s));
		if (!s)
			return;
		s->key = el->string;
		s->src.node = r;
		s->src.via = v;
		s->url = model_get_str(c, r, "url", v);
		s->host = model_get_str(c, r, "host", v);
		s->pathname = model_get_str(c, r, "pathname", v);
		s->protocol = model_get_str(c, r, "protocol", v);
		s->protocol_version = model_get_str(c, r, "protocolVersion", v);
		s->title = model_get_str(c, r, "title", v);
		s->summary = model_get_str(c, r, "summary", v);
		s->description = model_get_str(c, r, "description", v);
		read_server_vars(c, s, r, v);
		model_read_security(c, &s->security, r, v);
		model_read_tags(c, &s->tags, r, v);
		s->external_docs = model_read_extdoc(c, r, v);
		model_read_bindings(c, &s->bindings, r, v);
		model_read_exts(c, &s->exts, r);
		if (model_vserver_push(c, &c->servers, s) != 0)
			return;
		if (!hmap_get_str(&c->server_by_key, s->key))
			model_smap_put(c, &c->server_by_key, s->key, s);
		if (!hmap_get_ptr(&c->server_by_node, el))
			model_pmap_put(c, &c->server_by_node, el, s);
		if (!hmap_get_ptr(&c->server_by_node, r))
			model_pmap_put(c, &c->server_by_node, r, s);
	}
}

/* Fills name maps for a later lookup by node; names point into the tree. */
static void
name_node(struct model_ctx *c, struct hmap *map, const cJSON *r,
          const cJSON *el)
{
	if (!hmap_get_ptr(map, r))
		model_pmap_put(c, map, r, el->string);
}

static void
read_component(struct model_ctx *c, const char *kind, const cJSON *el,
               const struct loader_via *kv)
{
	const struct loader_via *v;
	const cJSON *r = model_deref(c, el, kv, &v);
	struct model_component *comp;
	struct model_security_scheme *s;
	struct model_schema_rec *srec;

	if (!r || !el->string)
		return;
	comp = model_alloc(c, sizeof(*comp));
	if (!comp || model_vcomp_push(c, &c->components, comp) != 0)
		return;
	comp->kind = kind;
	comp->name = el->string;
	comp->src.node = r;
	comp->src.via = v;
	if (strcmp(kind, "schemas") == 0) {
		if (!cJSON_IsObject(r) && !cJSON_IsBool(r)) {
			model_warn_type(c, r, v, el->string, "a schema object");
			return;
		}
		name_node(c, &c->comp_schema_name, r, el);
		srec = new_schema(c, r, v, NULL);
		if (!srec)
			return;
		srec->comp = 1;
		srec->pub.name = el->string;
		model_vschema_push(c, &c->comp_schemas, &srec->pub);
		return;
	}
	if (!cJSON_IsObject(r)) {
		if (!cJSON_IsNull(r))
			model_warn_type(c, r, v, el->string, "an object");
		return;
	}
	if (strcmp(kind, "messages") == 0) {
		name_node(c, &c->comp_msg_name, r, el);
	} else if (strcmp(kind, "channels") == 0) {
		name_node(c, &c->comp_chan_name, r, el);
	} else if (strcmp(kind, "securitySchemes") == 0) {
		s = hmap_get_ptr(&c->scheme_by_node, r);
		if (!s)
			s = new_scheme(c, el->string, r, v);
		if (s && !hmap_get_str(&c->scheme_by_key, el->string))
			model_smap_put(c, &c->scheme_by_key, el->string, s);
	}
}

static void
read_components(struct model_ctx *c)
{
	const struct loader_via *cv, *kv;
	const cJSON *co = model_get_obj(c, c->root, "components", NULL, &cv),
	            *kind, *k, *el;

	MODEL_EACH(kind, co)
	{
		if (!kind->string || is_ext(kind->string))
			continue;
		k = model_deref(c, kind, cv, &kv);
		if (!k || cJSON_IsNull(k))
			continue;
		if (!cJSON_IsObject(k)) {
			model_warn_type(c, k, kv, kind->string, "an object");
			continue;
		}
		MODEL_EACH(el, k)
		{
			read_component(c, kind->string, el, kv);
		}
	}
}

/* Messages only components hold, after those operations reach. */
static void
read_component_messages(struct model_ctx *c)
{
	const struct loader_via *cv, *mv;
	const cJSON *co = model_get_obj(c, c->root, "components", NULL, &cv),
	            *mo, *el;

	mo = model_deref(c, node_get(co, "messages"), cv, &mv);
	if (!cJSON_IsObject(mo))
		return;
	MODEL_EACH(el, mo)
	{
		/* Entries that are no message were reported with the kind. */
		if (cJSON_IsObject(model_deref(c, el, mv, NULL)))
			model_get_message(c, el, mv, NULL, NULL);
	}
}

/* ------------------------------------------------------------ ids */

struct idspace {
	struct hmap *used; /* id -> object */
	struct hmap next;  /* base -> next suffix to try */
};

/* A unique id from text (slugged) in sp, recorded for obj. */
static const char *
make_id(struct model_ctx *c, struct idspace *sp, const char *text, void *obj)
{
	char base[ID_MAX + 1], buf[ID_MAX + 32];
	const char *id, *bkey;
	uintptr_t n;

	model_slug(base, sizeof(base), text ? text : "");
	if (!hmap_get_str(sp->used, base)) {
		id = model_strdup(c, base);
		if (id)
			model_smap_put(c, sp->used, id, obj);
		return id;
	}
	n = (uintptr_t)hmap_get_str(&sp->next, base);
	for (n = n ? n : 2;; n++) {
		snprintf(buf, sizeof(buf), "%s-%lu", base, (unsigned long)n);
		if (!hmap_get_str(sp->used, buf))
			break;
	}
	id = model_strdup(c, buf);
	bkey = model_strdup(c, base);
	if (!id || !bkey)
		return NULL;
	model_smap_put(c, &sp->next, bkey, (void *)(n + 1));
	model_smap_put(c, sp->used, id, obj);
	return id;
}

static const char *
joined(char *buf, size_t size, const char *a, const char *b)
{
	snprintf(buf, size, "%s-%s", a ? a : "", b ? b : "");
	return buf;
}

/*
 * Ids in two rounds per kind: names the document gives (component keys,
 * operationIds...) first, derived ones after, each in list order, so a
 * derived id never takes a name the document chose.
 */
static void
assign_ids(struct model_ctx *c)
{
	struct model_priv *priv = c->m->priv;
	struct hmap used_srv = {0}, used_sch = {0}, used_sec = {0};
	struct idspace srv = {&used_srv, {0}}, ch = {&priv->chan_ids, {0}},
	               op = {&priv->op_ids, {0}}, msg = {&priv->msg_ids, {0}},
	               sch = {&used_sch, {0}}, sec = {&used_sec, {0}};
	char buf[2 * ID_MAX + 64];
	struct model_msg_rec *mr;
	struct model_schema_rec *sr;
	struct model_operation *o;
	struct model_security_scheme *s;
	const char *base;
	size_t i;
	int round;

	for (i = 0; i < c->servers.n; i++)
		c->servers.v[i]->id =
		        make_id(c, &srv, c->servers.v[i]->key, c->servers.v[i]);
	for (i = 0; i < c->channels.n; i++)
		c->channels.v[i]->id =
		        make_id(c, &ch,
		                c->channels.v[i]->key ? c->channels.v[i]->key
		                                      : "channel",
		                c->channels.v[i]);
	for (round = 0; round < 2; round++) {
		for (i = 0; i < c->operations.n; i++) {
			o = c->operations.v[i];
			if (round == 0 && o->operation_id)
				o->id = make_id(c, &op, o->operation_id, o);
			else if (round == 1 && !o->operation_id)
				o->id = make_id(
				        c, &op,
				        o->channel
				                ? joined(buf, sizeof(buf),
				                         o->channel->id,
				                         o->keyword
				                                 ? o->keyword
				                                 : "operation")
				                : "operation",
				        o);
		}
	}
	for (round = 0; round < 2; round++) {
		for (i = 0; i < c->messages.n; i++) {
			mr = (struct model_msg_rec *)c->messages.v[i];
			if ((round == 0) != mr->comp)
				continue;
			if (mr->comp)
				base = mr->pub.key;
			else if (mr->pub.message_id)
				base = mr->pub.message_id;
			else if (mr->chan_key)
				base = mr->chan_key;
			else if (mr->pub.name)
				base = mr->pub.name;
			else if (mr->first_op)
				base = joined(buf, sizeof(buf),
				              mr->first_op->id, "message");
			else
				base = "message";
			mr->pub.id = make_id(c, &msg, base, &mr->pub);
		}
	}
	for (round = 0; round < 2; round++) {
		for (i = 0; i < c->schemas.n; i++) {
			sr = (struct model_schema_rec *)c->schemas.v[i];
			if ((round == 0) != sr->comp)
				continue;
			if (sr->comp)
				base = sr->pub.name;
			else if (sr->msg)
				base = joined(buf, sizeof(buf), sr->msg->id,
				              sr->role);
			else if (sr->chan)
				base = joined(buf, sizeof(buf), sr->chan->id,
				              sr->role);
			else if (sr->pub.name)
				base = sr->pub.name;
			else
				base = "schema";
			sr->pub.id = make_id(c, &sch, base, &sr->pub);
		}
	}
	for (round = 0; round < 2; round++) {
		for (i = 0; i < c->schemes.n; i++) {
			s = c->schemes.v[i];
			if (round == 0 && s->key)
				s->id = make_id(c, &sec, s->key, s);
			else if (round == 1 && !s->key)
				s->id = make_id(c, &sec,
				                s->type ? s->type
				                        : "security-scheme",
				                s);
		}
	}
	hmap_free(&srv.next);
	hmap_free(&ch.next);
	hmap_free(&op.next);
	hmap_free(&msg.next);
	hmap_free(&sch.next);
	hmap_free(&sec.next);
	hmap_free(&used_srv);
	hmap_free(&used_sch);
	hmap_free(&used_sec);
}

/* ------------------------------------------------------------ public */

static void
finish(struct model_ctx *c)
{
	struct model *m = c->m;
	struct model_chan_rec *ch;
	struct model_op_rec *op;
	size_t i;

	for (i = 0; i < c->channels.n; i++) {
		ch = (struct model_chan_rec *)c->channels.v[i];
		ch->pub.operations = ch->ops.v;
		ch->pub.n_operations = ch->ops.n;
		ch->pub.messages = ch->msgs.v;
		ch->pub.n_messages = ch->msgs.n;
	}
	for (i = 0; i < c->operations.n; i++) {
		op = (struct model_op_rec *)c->operations.v[i];
		op->pub.messages = op->msgs.v;
		op->pub.n_messages = op->msgs.n;
	}
	m->servers = c->servers.v;
	m->n_servers = c->servers.n;
	m->channels = c->channels.v;
	m->n_channels = c->channels.n;
	m->operations = c->operations.v;
	m->n_operations = c->operations.n;
	m->messages = c->messages.v;
	m->n_messages = c->messages.n;
	m->schemas = c->comp_schemas.v;
	m->n_schemas = c->comp_schemas.n;
	m->security_schemes = c->schemes.v;
	m->n_security_schemes = c->schemes.n;
	m->components = c->components.v;
	m->n_components = c->components.n;
}

static void
ctx_free(struct model_ctx *c)
{
	hmap_free(&c->server_by_node);
	hmap_free(&c->server_by_key);
	hmap_free(&c->chan_by_node);
	hmap_free(&c->msg_by_node);
	hmap_free(&c->schema_by_node);
	hmap_free(&c->scheme_by_node);
	hmap_free(&c->scheme_by_key);
	hmap_free(&c->comp_msg_name);
	hmap_free(&c->comp_schema_name);
	hmap_free(&c->comp_chan_name);
}

int
model_new(struct model **out, struct loader_doc *doc, struct diag_list *diags)
{
	struct model_ctx c;
	int rc = -1;

	*out = NULL;
	memset(&c, 0, sizeof(c));
	c.doc = doc;
	c.diags = diags;
	c.m = calloc(1, sizeof(*c.m));
	if (!c.m)
		return -1;
	c.m->doc = doc;
	c.m->priv = calloc(1, sizeof(*c.m->priv));
	if (!c.m->priv)
		goto out;
	c.m->priv->arena = calloc(1, sizeof(*c.m->priv->arena));
	if (!c.m->priv->arena)
		goto out;
	c.root = loader_root(doc);
	if (!cJSON_IsObject(c.root)) {
		loader_report(diags, doc, c.root, NULL, DIAG_ERROR,
		              "model-type",
		              "the document should be an object, not %s",
		              type_name(c.root));
		goto out;
	}
	if (read_version(&c) != 0)
		goto out;
	c.graveyard = cJSON_CreateArray();
	if (!c.graveyard) {
		c.oom = 1;
		goto out;
	}
	/*
	 * Traits may copy twice the document, plus a fixed allowance. The
	 * loader gave every node of its files a position: their count is
	 * the map's, not a walk of every tree (a fifth of the model's time
	 * on a big spec, #18).
	 */
	c.dup_budget = DUP_BUDGET_BASE + 2 * srcmap_size(loader_srcmap(doc));
	read_info(&c);
	read_components(&c);
	read_servers(&c);
	if (c.major == MODEL_V2)
		model_v2_build(&c);
	else
		model_v3_build(&c);
	read_component_messages(&c);
	if (c.oom)
		goto out;
	finish(&c);
	assign_ids(&c);
	if (c.oom)
		goto out;
	rc = 0;
out:
	if (c.graveyard) {
		if (c.graveyard->child) {
			if (loader_adopt(doc, c.graveyard) != 0)
				c.oom = 1;
		} else {
			cJSON_Delete(c.graveyard);
		}
	}
	ctx_free(&c);
	if (c.oom) {
		diag_oom(diags, "building the model");
		rc = -1;
	}
	if (rc != 0) {
		model_free(c.m);
		return -1;
	}
	*out = c.m;
	return 0;
}

void
model_free(struct model *m)
{
	if (!m)
		return;
	if (m->priv) {
		arena_free(m->priv->arena);
		hmap_free(&m->priv->chan_ids);
		hmap_free(&m->priv->msg_ids);
		hmap_free(&m->priv->op_ids);
		free(m->priv);
	}
	free(m);
}

struct model_channel *
model_channel_by_id(const struct model *m, const char *id)
{
	return m && m->priv ? hmap_get_str(&m->priv->chan_ids, id) : NULL;
}

struct model_message *
model_message_by_id(const struct model *m, const char *id)
{
	return m && m->priv ? hmap_get_str(&m->priv->msg_ids, id) : NULL;
}

struct model_operation *
model_operation_by_id(const struct model *m, const char *id)
{
	return m && m->priv ? hmap_get_str(&m->priv->op_ids, id) : NULL;
}

const char *
model_action_label(const struct model *m, const struct model_operation *op,
                   int v3_labels)
{
	if (!op)
		return "";
	if (m && m->major == MODEL_V2 && !v3_labels && op->keyword) {
		if (strcmp(op->keyword, "publish") == 0)
			return "PUB";
		if (strcmp(op->keyword, "subscribe") == 0)
			return "SUB";
	}
	return op->action == MODEL_SEND ? "SEND" : "RECEIVE";
}

void
model_slug(char *buf, size_t size, const char *text)
{
	static const char fallback[] = "item";
	size_t n = 0, i;
	int dash = 0;
	unsigned char ch;

	if (!buf || size == 0)
		return;
	for (; text && *text; text++) {
		ch = (unsigned char)*text;
		if (ch >= 'A' && ch <= 'Z')
			ch = (unsigned char)(ch - 'A' + 'a');
		if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9'))) {
			dash = 1;
			continue;
		}
		if (dash && n > 0) {
			if (n + 2 >= size)
				break;
			buf[n++] = '-';
		}
		dash = 0;
		if (n + 1 >= size)
			break;
		buf[n++] = (char)ch;
	}
	if (n == 0) {
		for (i = 0; i < sizeof(fallback) - 1 && i + 1 < size; i++)
			buf[i] = fallback[i];
		n = i;
	}
	buf[n] = '\0';
}
