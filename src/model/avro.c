/*
 * avro: the named-type index (see avro.h).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "model/avro.h"
#include "util/array.h"
#include "util/node.h"
#include "util/strbuf.h"

int
avro_is_primitive(const char *s)
{
	static const char *const prims[] = {"null",  "boolean", "int",
	                                    "long",  "float",   "double",
	                                    "bytes", "string",  NULL};
	const char *const *p;

	for (p = prims; *p != NULL; p++)
		if (strcmp(s, *p) == 0)
			return 1;
	return 0;
}

int
avro_is_named(const char *t)
{
	return t != NULL &&
	       (strcmp(t, "record") == 0 || strcmp(t, "error") == 0 ||
	        strcmp(t, "enum") == 0 || strcmp(t, "fixed") == 0);
}

struct walk {
	struct avro_index *ix;
	avro_deref_fn deref;
	void *ctx;
	int oom;
};

/* Keeps a copy of full (the map's key must outlive it) mapped to def. */
static void
add_full(struct walk *w, const struct strbuf *full, const cJSON *def)
{
	struct avro_index *ix = w->ix;
	char *key;

	if (ARRAY_RESERVE(ix->keys, ix->n_keys + 1, ix->cap_keys) < 0 ||
	    (key = strdup(full->p)) == NULL) {
		w->oom = 1;
		return;
	}
	ix->keys[ix->n_keys++] = key;
	if (hmap_add_str(&ix->names, key, (void *)def) < 0)
		w->oom = 1;
}

static void collect(struct walk *w, const cJSON *n, const char *ns,
                    size_t ns_len, int depth);

/* A named type n of type t: indexed, then the types of its fields. */
static void
collect_named(struct walk *w, const cJSON *n, const char *t, const char *ns,
              size_t ns_len, int depth)
{
	const char *name = node_get_str(n, "name"), *own_ns, *dot;
	struct strbuf full = STRBUF_INIT;
	const cJSON *it;

	if (name == NULL)
		return;
	own_ns = node_get_str(n, "namespace");
	if (own_ns != NULL) {
		ns = own_ns;
		ns_len = strlen(own_ns);
	}
	if (strchr(name, '.') == NULL && ns_len > 0) {
		strbuf_putn(&full, ns, ns_len);
		strbuf_putc(&full, '.');
	}
	strbuf_puts(&full, name);
	if (full.oom) {
		w->oom = 1;
		goto out;
	}
	add_full(w, &full, n);
	dot = strrchr(name, '.');
	if (hmap_add_str(&w->ix->names, dot != NULL ? dot + 1 : name,
	                 (void *)n) < 0)
		w->oom = 1;
	/* Names inside take the namespace of the full name. */
	dot = strrchr(full.p, '.');
	if (strcmp(t, "record") == 0 || strcmp(t, "error") == 0) {
		cJSON_ArrayForEach(it, node_get(n, "fields")) collect(
		        w, node_get(it, "type"), full.p,
		        dot != NULL ? (size_t)(dot - full.p) : 0, depth + 1);
	}
out:
	strbuf_free(&full);
}

static void
collect(struct walk *w, const cJSON *n, const char *ns, size_t ns_len,
        int depth)
{
	const cJSON *t, *it, *target;
	int r;

	if (n == NULL || depth > AVRO_MAX_DEPTH || w->oom)
		return;
	if (w->deref != NULL && (target = w->deref(w->ctx, n)) != NULL)
		n = target;
	r = hmap_add_ptr(&w->ix->seen, n, NULL);
	if (r <= 0) {
		if (r < 0)
			w->oom = 1;
		return;
	}
	if (cJSON_IsArray(n)) {
		cJSON_ArrayForEach(it, n) collect(w, it, ns, ns_len, depth + 1);
		return;
	}
	if (!cJSON_IsObject(n))
		return;
	t = node_get(n, "type");
	if (cJSON_IsObject(t) || cJSON_IsArray(t))
		collect(w, t, ns, ns_len, depth + 1);
	else if (!cJSON_IsString(t))
		return;
	else if (strcmp(t->valuestring, "array") == 0)
		collect(w, node_get(n, "items"), ns, ns_len, depth + 1);
	else if (strcmp(t->valuestring, "map") == 0)
		collect(w, node_get(n, "values"), ns, ns_len, depth + 1);
	else if (avro_is_named(t->valuestring))
		collect_named(w, n, t->valuestring, ns, ns_len, depth);
}

int
avro_index_build(struct avro_index *out, const cJSON *schema,
                 avro_deref_fn deref, void *ctx)
{
	struct walk w = {.ix = out, .deref = deref, .ctx = ctx};

	collect(&w, schema, "", 0, 0);
	return w.oom ? -1 : 0;
}

const cJSON *
avro_index_get(const struct avro_index *ix, const char *name)
{
	const cJSON *def;
	const char *dot;

	if (avro_is_primitive(name))
		return NULL;
	def = hmap_get_str(&ix->names, name);
	if (def == NULL && (dot = strrchr(name, '.')) != NULL)
		def = hmap_get_str(&ix->names, dot + 1);
	return def;
}

void
avro_index_free(struct avro_index *ix)
{
	size_t i;

	for (i = 0; i < ix->n_keys; i++)
		free(ix->keys[i]);
	free(ix->keys);
	hmap_free(&ix->names);
	hmap_free(&ix->seen);
	memset(ix, 0, sizeof(*ix));
}
