/*
 * schemaview_avro: Avro types in schema trees and type strings (records,
 * fields, unions, arrays, maps, enums, fixed, logical types and named type
 * references; see schemaview.h). The walk itself is schemaview.c's.
 */
#include "config.h"

#include <string.h>

#include <cJSON.h>

#include "model/avro.h"
#include "render/schemaview_int.h"
#include "util/node.h"
#include "util/strbuf.h"

/* Follows a $ref for the Avro index (the raw node when it cannot). */
const cJSON *
sv_avro_deref(void *ctx, const cJSON *n)
{
	return sv_resolve(ctx, n);
}

/* The non-"null" members of a union: their count, the first in *one. */
static size_t
avro_union_members(const cJSON *u, const cJSON **one)
{
	const cJSON *it;
	size_t n = 0;

	*one = NULL;
	cJSON_ArrayForEach(it, u)
	{
		if (cJSON_IsString(it) && strcmp(it->valuestring, "null") == 0)
			continue;
		if (n++ == 0)
			*one = it;
	}
	return n;
}

/*
 * What an Avro type shows its details from: named references resolved,
 * {"type": {...}} unwrapped, a union of null and one type taken as that
 * type.
 */
const cJSON *
sv_avro_target(const struct walk *w, const cJSON *raw)
{
	const cJSON *n = sv_resolve(w, raw), *one, *t, *def;
	int i;

	for (i = 0; i < 8 && n != NULL; i++) {
		if (cJSON_IsString(n)) {
			def = avro_index_get(&w->avro, n->valuestring);
			return def != NULL ? def : n;
		}
		if (cJSON_IsArray(n)) {
			if (avro_union_members(n, &one) != 1)
				return n;
			n = sv_resolve(w, one);
			continue;
		}
		t = node_get(n, "type");
		if (!cJSON_IsObject(t) && !cJSON_IsArray(t))
			return n;
		n = sv_resolve(w, t);
	}
	return n;
}

void
sv_type_avro(struct walk *w, struct strbuf *b, int html, const cJSON *raw,
             int depth)
{
	const cJSON *n, *t, *it;
	const char *ts, *name, *lt, *dot;
	size_t k = 0;

	if (sv_type_stop(w, b, depth))
		return;
	n = sv_resolve(w, raw);
	w->work += node_size(n);
	if (cJSON_IsString(n)) {
		/* a primitive, or a named type by its short name */
		dot = strrchr(n->valuestring, '.');
		sv_put_text(b, html,
		            dot != NULL && !avro_is_primitive(n->valuestring)
		                    ? dot + 1
		                    : n->valuestring);
		return;
	}
	if (cJSON_IsArray(n)) {
		for (it = n->child; it != NULL && !w->type_cut; it = it->next) {
			if (k == SCHEMAVIEW_TYPE_MEMBERS) {
				strbuf_puts(b, " | …");
				break;
			}
			if (k++ > 0)
				strbuf_puts(b, " | ");
			sv_type_avro(w, b, html, it, depth + 1);
		}
		if (k == 0)
			strbuf_puts(b, "never");
		return;
	}
	if (!cJSON_IsObject(n)) {
		strbuf_puts(b, "invalid");
		return;
	}
	t = node_get(n, "type");
	if (cJSON_IsObject(t) || cJSON_IsArray(t)) {
		sv_type_avro(w, b, html, t, depth + 1);
		return;
	}
	if (!cJSON_IsString(t)) {
		strbuf_puts(b, "invalid");
		return;
	}
	ts = t->valuestring;
	name = node_get_str(n, "name");
	if (strcmp(ts, "record") == 0 || strcmp(ts, "error") == 0) {
		sv_put_text(b, html, name != NULL ? name : ts);
	} else if (strcmp(ts, "enum") == 0 || strcmp(ts, "fixed") == 0) {
		strbuf_puts(b, ts);
		if (name != NULL) {
			strbuf_putc(b, ' ');
			sv_put_text(b, html, name);
		}
		if (strcmp(ts, "fixed") == 0 &&
		    cJSON_IsNumber(node_get(n, "size"))) {
			char buf[64];

			strbuf_putc(b, '(');
			strbuf_puts(b, node_text(node_get(n, "size"), buf,
			                         sizeof(buf)));
			strbuf_putc(b, ')');
		}
	} else if (strcmp(ts, "array") == 0) {
		sv_put_text(b, html, "array<");
		sv_type_avro(w, b, html, node_get(n, "items"), depth + 1);
		sv_put_text(b, html, ">");
	} else if (strcmp(ts, "map") == 0) {
		sv_put_text(b, html, "map<");
		sv_type_avro(w, b, html, node_get(n, "values"), depth + 1);
		sv_put_text(b, html, ">");
	} else {
		dot = strrchr(ts, '.');
		sv_put_text(b, html,
		            dot != NULL && !avro_is_primitive(ts) ? dot + 1
		                                                  : ts);
	}
	lt = node_get_str(n, "logicalType");
	if (lt != NULL) {
		strbuf_puts(b, " (");
		sv_put_text(b, html, lt);
		strbuf_putc(b, ')');
	}
}

/* 1 when an Avro type has details worth a row of its own. */
static int
avro_complex(const struct walk *w, const cJSON *raw)
{
	const cJSON *n = sv_avro_target(w, raw), *one;
	const char *t;

	if (cJSON_IsArray(n))
		return avro_union_members(n, &one) > 1;
	t = node_get_str(n, "type");
	return t != NULL && (avro_is_named(t) || strcmp(t, "array") == 0 ||
	                     strcmp(t, "map") == 0);
}

int
sv_avro_has_kids(const struct walk *w, const cJSON *n)
{
	const cJSON *one;
	const char *t;

	if (cJSON_IsArray(n))
		return avro_union_members(n, &one) > 1;
	t = node_get_str(n, "type");
	if (t == NULL)
		return 0;
	if (strcmp(t, "record") == 0 || strcmp(t, "error") == 0)
		return sv_nonempty_array(node_get(n, "fields"));
	if (strcmp(t, "array") == 0)
		return avro_complex(w, node_get(n, "items"));
	if (strcmp(t, "map") == 0)
		return avro_complex(w, node_get(n, "values"));
	return 0;
}

void
sv_desc_avro(struct walk *w, struct desc *d, const cJSON *n,
             const struct kid *k, int expand)
{
	const cJSON *field = k != NULL ? k->field : NULL, *it;
	const char *t;
	struct group *g;

	/* its lookups scan n and field: count them */
	w->work += node_size(n) + node_size(field);
	d->description = node_get_str(field, "doc");
	if (d->description == NULL)
		d->description = node_get_str(n, "doc");
	if (field != NULL) {
		sv_fact1(w, d, CAT_VALUE, "default", "default",
		         node_get(field, "default"), 0);
		sv_fact1(w, d, CAT_OTHER, "order", "order",
		         node_get(field, "order"), 1);
		sv_fact_list(w, d, CAT_OTHER, "aliases", "aliases",
		             node_get(field, "aliases"), 1);
	}
	if (cJSON_IsArray(n)) {
		if (!expand)
			return;
		g = sv_group_add(w, d, "union", "Union members", SEG_KEYWORD_N);
		cJSON_ArrayForEach(it, n)
		{
			if (cJSON_IsString(it) &&
			    avro_is_primitive(it->valuestring))
				continue;
			sv_kid_add(w, g, NULL, it, NULL, 0);
		}
		return;
	}
	t = node_get_str(n, "type");
	if (t == NULL)
		return;
	if (avro_is_named(t)) {
		sv_fact1(w, d, CAT_OTHER, "namespace", "namespace",
		         node_get(n, "namespace"), 1);
		if (field == NULL)
			sv_fact_list(w, d, CAT_OTHER, "aliases", "aliases",
			             node_get(n, "aliases"), 1);
	}
	if (strcmp(t, "enum") == 0) {
		sv_fact_list(w, d, CAT_VALUE, "symbols", "symbols",
		             node_get(n, "symbols"), 1);
		sv_fact1(w, d, CAT_VALUE, "default", "default symbol",
		         node_get(n, "default"), 1);
	}
	if (strcmp(t, "fixed") == 0)
		sv_fact_num(w, d, n, "size", "size", "size");
	sv_fact_num(w, d, n, "precision", "precision", "precision");
	sv_fact_num(w, d, n, "scale", "scale", "scale");
	if (!expand)
		return;
	if (strcmp(t, "record") == 0 || strcmp(t, "error") == 0) {
		if (!sv_nonempty_array(node_get(n, "fields")))
			return;
		g = sv_group_add(w, d, "fields", "Fields", SEG_PROP);
		cJSON_ArrayForEach(it, node_get(n, "fields"))
		{
			const char *name = node_get_str(it, "name");

			sv_kid_add(w, g, name != NULL ? name : "?",
			           node_get(it, "type"), it, 0);
		}
	} else if (strcmp(t, "array") == 0 &&
	           avro_complex(w, node_get(n, "items"))) {
		sv_kid_add(w, sv_group_add(w, d, "items", "Items", SEG_ITEMS),
		           NULL, node_get(n, "items"), NULL, 0);
	} else if (strcmp(t, "map") == 0 &&
	           avro_complex(w, node_get(n, "values"))) {
		sv_kid_add(w,
		           sv_group_add(w, d, "values", "Values", SEG_ANY_PROP),
		           NULL, node_get(n, "values"), NULL, 0);
	}
}
