/*
 * diff_schema: payload and header schemas compared structurally (see
 * diff.h): JSON Schema keyword by keyword with refs followed, Avro records
 * by field, other formats as text.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "diff/diff_int.h"
#include "load/loader.h"
#include "model/mediatype.h"
#include "model/model.h"
#include "util/array.h"
#include "util/node.h"

/* Deeper than any real schema: past it two values count as equal. */
#define EQUAL_MAX_DEPTH 64

static const cJSON *
deref(struct loader_doc *doc, const cJSON *n)
{
	return n != NULL ? loader_deref(NULL, doc, n, NULL) : NULL;
}

static int
equal_at(struct diff_ctx *c, const cJSON *o, const cJSON *n, int depth)
{
	const cJSON *a, *b;

	o = deref(c->od, o);
	n = deref(c->nd, n);
	if (o == NULL || n == NULL)
		return o == n;
	if (depth > EQUAL_MAX_DEPTH)
		return 1;
	if (cJSON_IsNumber(o) && cJSON_IsNumber(n))
		return o->valuedouble == n->valuedouble;
	if ((o->type & 0xff) != (n->type & 0xff))
		return 0;
	if (cJSON_IsString(o))
		return strcmp(o->valuestring, n->valuestring) == 0;
	if (cJSON_IsArray(o)) {
		for (a = o->child, b = n->child; a != NULL && b != NULL;
		     a = a->next, b = b->next)
			if (!equal_at(c, a, b, depth + 1))
				return 0;
		return a == NULL && b == NULL;
	}
	if (cJSON_IsObject(o)) {
		if (node_size(o) != node_size(n))
			return 0;
		cJSON_ArrayForEach(a, o)
		{
			b = node_get(n, a->string);
			if (b == NULL || !equal_at(c, a, b, depth + 1))
				return 0;
		}
	}
	return 1;
}

int
diff_json_equal(struct diff_ctx *c, const cJSON *o, const cJSON *n)
{
	return equal_at(c, o, n, 0);
}

void
diff_member(struct diff_ctx *c, const cJSON *o, const cJSON *n, const char *key,
            const char *kind)
{
	const cJSON *a = node_get(o, key), *b = node_get(n, key);

	if (!diff_json_equal(c, a, b))
		diff_add(c, kind, a ? a : o, b ? b : n, "%s %s", key,
		         a == NULL   ? "added"
		         : b == NULL ? "removed"
		                     : "changed");
}

/* 1 the first time the pair is met in this direction (memoised). */
static int
first_visit(struct diff_ctx *c, const cJSON *o, const cJSON *n)
{
	char buf[64], *key;

	snprintf(buf, sizeof(buf), "%p %p %d", (const void *)o, (const void *)n,
	         (int)c->dir);
	if (hmap_find_str(&c->seen, buf, NULL))
		return 0;
	key = strdup(buf);
	if (key == NULL ||
	    ARRAY_RESERVE(c->keys, c->n_keys + 1, c->cap_keys) < 0 ||
	    hmap_put_str(&c->seen, key, NULL) < 0) {
		free(key);
		c->oom = 1;
		return 0;
	}
	c->keys[c->n_keys++] = key;
	return 1;
}

static const char *
text(const cJSON *n, char *buf, size_t size)
{
	const char *t = n != NULL ? node_text(n, buf, size) : NULL;

	return t != NULL ? t : "(value)";
}

/* ------------------------------------------------------------ keywords */

/* The types a schema allows, as a bit set; all bits when it says none. */
enum {
	T_NULL = 1,
	T_BOOLEAN = 2,
	T_OBJECT = 4,
	T_ARRAY = 8,
	T_NUMBER = 16,
	T_STRING = 32,
	T_INTEGER = 64,
	T_ANY = 127
};

static unsigned
type_bit(const char *s)
{
	static const char *const names[] = {"null",   "boolean", "object",
	                                    "array",  "number",  "string",
	                                    "integer"};
	unsigned i;

	for (i = 0; s != NULL && i < 7; i++)
		if (strcmp(s, names[i]) == 0)
			return 1u << i;
	return 0;
}

static unsigned
types_of(struct diff_ctx *c, struct loader_doc *doc, const cJSON *s)
{
	const cJSON *t = deref(doc, node_get(s, "type")), *e;
	unsigned bits = 0;

	(void)c;
	if (t == NULL)
		return T_ANY;
	if (cJSON_IsString(t))
		return type_bit(t->valuestring);
	cJSON_ArrayForEach(e, t)
	{
		if (cJSON_IsString(e))
			bits |= type_bit(e->valuestring);
	}
	return bits != 0 ? bits : T_ANY;
}

static void
types_text(char *buf, size_t size, unsigned bits)
{
	static const char *const names[] = {"null",   "boolean", "object",
	                                    "array",  "number",  "string",
	                                    "integer"};
	size_t o = 0;
	unsigned i;

	buf[0] = '\0';
	if (bits == T_ANY) {
		snprintf(buf, size, "any");
		return;
	}
	for (i = 0; i < 7 && o < size; i++)
		if (bits & (1u << i))
			o += (size_t)snprintf(buf + o, size - o, "%s%s",
			                      o ? "|" : "", names[i]);
}

static void
diff_types(struct diff_ctx *c, const cJSON *o, const cJSON *n)
{
	unsigned a = types_of(c, c->od, o), b = types_of(c, c->nd, n);
	unsigned added, removed;
	char ta[64], tb[64];

	if (a == b)
		return;
	/* integer is a number: number in one covers integer in the other */
	added = b & ~a;
	removed = a & ~b;
	if ((a & T_NUMBER) && (added & T_INTEGER))
		added &= ~(unsigned)T_INTEGER;
	if ((b & T_NUMBER) && (removed & T_INTEGER))
		removed &= ~(unsigned)T_INTEGER;
	types_text(ta, sizeof(ta), a);
	types_text(tb, sizeof(tb), b);
	if (added && removed && (a & b) == 0 &&
	    !((a & T_INTEGER) && (b & T_NUMBER)) &&
	    !((b & T_INTEGER) && (a & T_NUMBER)))
		diff_add(c, "schema-type-changed", o, n, "type %s -> %s", ta,
		         tb);
	else {
		if (added)
			diff_add(c, "schema-type-added", o, n, "type %s -> %s",
			         ta, tb);
		if (removed)
			diff_add(c, "schema-type-removed", o, n,
			         "type %s -> %s", ta, tb);
	}
}

static int
in_array(struct diff_ctx *c, const cJSON *arr, const cJSON *v, int old_side)
{
	const cJSON *e;

	cJSON_ArrayForEach(e, arr)
	{
		if (old_side ? equal_at(c, e, v, 0) : equal_at(c, v, e, 0))
			return 1;
	}
	return 0;
}

static void
diff_enum(struct diff_ctx *c, const cJSON *o, const cJSON *n)
{
	const cJSON *a = deref(c->od, node_get(o, "enum"));
	const cJSON *b = deref(c->nd, node_get(n, "enum"));
	const cJSON *e;
	char buf[64];

	if (!cJSON_IsArray(a) && !cJSON_IsArray(b))
		return;
	if (!cJSON_IsArray(a)) {
		diff_add(c, "schema-enum-added", o, b, "enum added");
		return;
	}
	if (!cJSON_IsArray(b)) {
		diff_add(c, "schema-enum-removed", a, n, "enum removed");
		return;
	}
	cJSON_ArrayForEach(e, a)
	{
		if (!in_array(c, b, e, 0))
			diff_add(c, "schema-enum-value-removed", e, b,
			         "enum value '%s' removed",
			         text(e, buf, sizeof(buf)));
	}
	cJSON_ArrayForEach(e, b)
	{
		if (!in_array(c, a, e, 1))
			diff_add(c, "schema-enum-value-added", a, e,
			         "enum value '%s' added",
			         text(e, buf, sizeof(buf)));
	}
}

/* A keyword that narrows when added, widens when removed. */
static void
diff_keyword(struct diff_ctx *c, const cJSON *o, const cJSON *n,
             const char *key, const char *base)
{
	const cJSON *a = node_get(o, key), *b = node_get(n, key);
	char kind[64], ba[64], bb[64];

	if (a == NULL && b == NULL)
		return;
	if (a == NULL || b == NULL)
		snprintf(kind, sizeof(kind), "%s-%s", base,
		         a == NULL ? "added" : "removed");
	else if (!diff_json_equal(c, a, b))
		snprintf(kind, sizeof(kind), "%s-changed", base);
	else
		return;
	diff_add(c, kind, a ? a : o, b ? b : n, "%s %s -> %s", key,
	         a ? text(a, ba, sizeof(ba)) : "(none)",
	         b ? text(b, bb, sizeof(bb)) : "(none)");
}

static void
diff_bound(struct diff_ctx *c, const cJSON *o, const cJSON *n, const char *key,
           int upper)
{
	const cJSON *a = deref(c->od, node_get(o, key));
	const cJSON *b = deref(c->nd, node_get(n, key));
	const char *base = upper ? "schema-max" : "schema-min";
	char kind[64], ba[32], bb[32];

	/* draft-04 boolean exclusive bounds are modifiers: not compared */
	if (a != NULL && !cJSON_IsNumber(a))
		a = NULL;
	if (b != NULL && !cJSON_IsNumber(b))
		b = NULL;
	if (a == NULL && b == NULL)
		return;
	if (a == NULL || b == NULL)
		snprintf(kind, sizeof(kind), "%s-%s", base,
		         a == NULL ? "added" : "removed");
	else if (a->valuedouble == b->valuedouble)
		return;
	else
		snprintf(kind, sizeof(kind), "%s-%s", base,
		         (b->valuedouble > a->valuedouble) ? "increased"
		                                           : "decreased");
	diff_add(c, kind, a ? a : o, b ? b : n, "%s %s -> %s", key,
	         a ? text(a, ba, sizeof(ba)) : "(none)",
	         b ? text(b, bb, sizeof(bb)) : "(none)");
}

static void
diff_bounds(struct diff_ctx *c, const cJSON *o, const cJSON *n)
{
	static const char *const upper[] = {"maximum", "exclusiveMaximum",
	                                    "maxLength", "maxItems",
	                                    "maxProperties"};
	static const char *const lower[] = {"minimum", "exclusiveMinimum",
	                                    "minLength", "minItems",
	                                    "minProperties"};
	size_t i;

	for (i = 0; i < 5; i++) {
		diff_bound(c, o, n, upper[i], 1);
		diff_bound(c, o, n, lower[i], 0);
	}
	diff_member(c, o, n, "multipleOf", "schema-multiple-of-changed");
}

/* ------------------------------------------------------------ objects */

static int
is_required(struct diff_ctx *c, struct loader_doc *doc, const cJSON *s,
            const char *name)
{
	const cJSON *r = deref(doc, node_get(s, "required")), *e;

	(void)c;
	cJSON_ArrayForEach(e, r)
	{
		if (cJSON_IsString(e) && strcmp(e->valuestring, name) == 0)
			return 1;
	}
	return 0;
}

static void
diff_properties(struct diff_ctx *c, const cJSON *o, const cJSON *n)
{
	const cJSON *op = deref(c->od, node_get(o, "properties"));
	const cJSON *np = deref(c->nd, node_get(n, "properties"));
	const cJSON *p, *q;
	size_t len;

	cJSON_ArrayForEach(p, op)
	{
		q = node_get(np, p->string);
		len = diff_push(c, "properties.%s", p->string);
		if (q == NULL)
			diff_add(c, "message-payload-property-removed", p,
			         np ? np : n, "property '%s' removed",
			         p->string);
		else {
			int ro = is_required(c, c->od, o, p->string);
			int rn = is_required(c, c->nd, n, p->string);

			if (!ro && rn)
				diff_add(c, "schema-required-added", p, q,
				         "'%s' is now required", p->string);
			else if (ro && !rn)
				diff_add(c, "schema-required-removed", p, q,
				         "'%s' is now optional", p->string);
			diff_json_schema(c, p, q);
		}
		diff_pop(c, len);
	}
	cJSON_ArrayForEach(q, np)
	{
		if (node_get(op, q->string) != NULL)
			continue;
		len = diff_push(c, "properties.%s", q->string);
		if (is_required(c, c->nd, n, q->string))
			diff_add(c, "message-payload-required-property-added",
			         op ? op : o, q, "required property '%s' added",
			         q->string);
		else
			diff_add(c, "message-payload-property-added",
			         op ? op : o, q, "property '%s' added",
			         q->string);
		diff_pop(c, len);
	}
}

/* additionalProperties: absent and true allow anything. */
static void
diff_additional(struct diff_ctx *c, const cJSON *o, const cJSON *n)
{
	const cJSON *a = deref(c->od, node_get(o, "additionalProperties"));
	const cJSON *b = deref(c->nd, node_get(n, "additionalProperties"));
	int any_a = a == NULL || cJSON_IsTrue(a);
	int any_b = b == NULL || cJSON_IsTrue(b);
	size_t len;

	if (any_a && any_b)
		return;
	if (any_a)
		diff_add(c, "schema-additional-properties-restricted",
		         a ? a : o, b, "additionalProperties restricted");
	else if (any_b || (cJSON_IsFalse(a) && !cJSON_IsFalse(b)))
		diff_add(c, "schema-additional-properties-allowed", a,
		         b ? b : n, "additionalProperties allowed");
	else if (cJSON_IsFalse(b) && !cJSON_IsFalse(a))
		diff_add(c, "schema-additional-properties-restricted", a, b,
		         "additionalProperties: false");
	else if (cJSON_IsObject(a) && cJSON_IsObject(b)) {
		len = diff_push(c, "additionalProperties");
		diff_json_schema(c, a, b);
		diff_pop(c, len);
	}
}

static void
diff_items(struct diff_ctx *c, const cJSON *o, const cJSON *n)
{
	const cJSON *a = deref(c->od, node_get(o, "items"));
	const cJSON *b = deref(c->nd, node_get(n, "items"));
	const cJSON *x, *y;
	size_t len, i = 0;

	if (a == NULL || b == NULL) {
		if (a != b)
			diff_add(c,
			         a ? "schema-allof-member-removed"
			           : "schema-allof-member-added",
			         a ? a : o, b ? b : n, "items %s",
			         a ? "removed" : "added");
		return;
	}
	if (cJSON_IsArray(a) != cJSON_IsArray(b)) {
		diff_add(c, "schema-items-changed", a, b,
		         "items changed between a schema and a tuple");
		return;
	}
	if (!cJSON_IsArray(a)) {
		len = diff_push(c, "items");
		diff_json_schema(c, a, b);
		diff_pop(c, len);
		return;
	}
	for (x = a->child, y = b->child; x != NULL && y != NULL;
	     x = x->next, y = y->next, i++) {
		len = diff_push(c, "items[%zu]", i);
		diff_json_schema(c, x, y);
		diff_pop(c, len);
	}
	if (x != NULL || y != NULL)
		diff_add(c, "schema-items-changed", a, b,
		         "tuple length changed");
}

/* ------------------------------------------------------------ composition */

/* A branch's name: the last part of its $ref, else its title. */
static const char *
branch_name(const cJSON *b)
{
	const char *r = loader_ref_string(b), *s;

	if (r != NULL) {
		s = strrchr(r, '/');
		return s != NULL ? s + 1 : r;
	}
	return node_get_str(b, "title");
}

static const cJSON *
find_branch(const cJSON *list, const cJSON *b, const char *taken, size_t *at)
{
	const char *name = branch_name(b);
	const cJSON *e;
	size_t i = 0;

	cJSON_ArrayForEach(e, list)
	{
		if (!taken[i] && name != NULL && branch_name(e) != NULL &&
		    strcmp(name, branch_name(e)) == 0) {
			*at = i;
			return e;
		}
		i++;
	}
	return NULL;
}

static void
diff_branches(struct diff_ctx *c, const cJSON *o, const cJSON *n,
              const char *key, const char *added, const char *removed)
{
	const cJSON *a = deref(c->od, node_get(o, key));
	const cJSON *b = deref(c->nd, node_get(n, key));
	size_t nb = node_size(b), i, j, len;
	char *taken;
	const cJSON *x, *y;

	if (a == NULL && b == NULL)
		return;
	if (!cJSON_IsArray(a) || !cJSON_IsArray(b)) {
		diff_add(c,
		         a == NULL ? "schema-allof-member-added"
		                   : "schema-allof-member-removed",
		         a ? a : o, b ? b : n, "%s %s", key,
		         a == NULL ? "added" : "removed");
		return;
	}
	taken = calloc(nb + 1, 1);
	if (taken == NULL) {
		c->oom = 1;
		return;
	}
	i = 0;
	cJSON_ArrayForEach(x, a)
	{
		y = find_branch(b, x, taken, &j);
		if (y == NULL) {
			/* no name to go by: the first free one in order */
			for (j = 0, y = b->child; y != NULL && taken[j];
			     y = y->next, j++)
				;
			if (y != NULL && branch_name(x) != NULL &&
			    branch_name(y) != NULL)
				y = NULL;
		}
		len = diff_push(c, "%s[%zu]", key, i);
		if (y == NULL)
			diff_add(c, removed, x, b, "%s branch %zu removed", key,
			         i);
		else {
			taken[j] = 1;
			diff_json_schema(c, x, y);
		}
		diff_pop(c, len);
		i++;
	}
	for (j = 0, y = b->child; y != NULL; y = y->next, j++)
		if (!taken[j]) {
			len = diff_push(c, "%s[%zu]", key, j);
			diff_add(c, added, a, y, "%s branch %zu added", key, j);
			diff_pop(c, len);
		}
	free(taken);
}

static void
diff_composition(struct diff_ctx *c, const cJSON *o, const cJSON *n)
{
	static const char *const other[] = {"not", "if", "then", "else"};
	size_t i;

	diff_branches(c, o, n, "oneOf", "schema-union-branch-added",
	              "schema-union-branch-removed");
	diff_branches(c, o, n, "anyOf", "schema-union-branch-added",
	              "schema-union-branch-removed");
	diff_branches(c, o, n, "allOf", "schema-allof-member-added",
	              "schema-allof-member-removed");
	for (i = 0; i < 4; i++)
		diff_member(c, o, n, other[i], "schema-composition-changed");
}

/* ------------------------------------------------------------ schemas */

void
diff_json_schema(struct diff_ctx *c, const cJSON *o, const cJSON *n)
{

	o = deref(c->od, o);
	n = deref(c->nd, n);
	if (o == NULL || n == NULL || c->oom || !first_visit(c, o, n))
		return;
	if (cJSON_IsBool(o) || cJSON_IsBool(n)) {
		if (!diff_json_equal(c, o, n))
			diff_add(c, "schema-boolean-changed", o, n,
			         "schema changed to or from a boolean");
		return;
	}
	if (!cJSON_IsObject(o) || !cJSON_IsObject(n))
		return;
	diff_types(c, o, n);
	diff_enum(c, o, n);
	diff_keyword(c, o, n, "const", "schema-const");
	diff_keyword(c, o, n, "format", "schema-format");
	diff_keyword(c, o, n, "pattern", "schema-pattern");
	diff_bounds(c, o, n);
	diff_properties(c, o, n);
	diff_additional(c, o, n);
	diff_items(c, o, n);
	diff_composition(c, o, n);
	diff_member(c, o, n, "default", "schema-default-changed");
	if (!node_get_bool(o, "deprecated") && node_get_bool(n, "deprecated"))
		diff_add(c, "schema-deprecated", o, node_get(n, "deprecated"),
		         "deprecated");
	diff_member(c, o, n, "description", "description-changed");
}

/* ------------------------------------------------------------ Avro */

static const cJSON *
avro_field(const cJSON *fields, const char *name)
{
	const cJSON *f;

	cJSON_ArrayForEach(f, fields)
	{
		const char *s = node_get_str(f, "name");

		if (s != NULL && strcmp(s, name) == 0)
			return f;
	}
	return NULL;
}

static void diff_avro(struct diff_ctx *c, const cJSON *o, const cJSON *n);

static void
diff_avro_fields(struct diff_ctx *c, const cJSON *o, const cJSON *n)
{
	const cJSON *of = node_get(o, "fields"), *nf = node_get(n, "fields");
	const cJSON *f, *g;
	size_t len;

	cJSON_ArrayForEach(f, of)
	{
		const char *name = node_get_str(f, "name");

		if (name == NULL)
			continue;
		len = diff_push(c, "fields.%s", name);
		g = avro_field(nf, name);
		if (g == NULL)
			diff_add(c, "avro-field-removed", f, nf ? nf : n,
			         "field '%s' removed", name);
		else
			diff_avro(c, node_get(f, "type"), node_get(g, "type"));
		diff_pop(c, len);
	}
	cJSON_ArrayForEach(g, nf)
	{
		const char *name = node_get_str(g, "name");

		if (name == NULL || avro_field(of, name) != NULL)
			continue;
		len = diff_push(c, "fields.%s", name);
		diff_add(c,
		         node_get(g, "default") ? "avro-field-added"
		                                : "avro-field-added-required",
		         of ? of : o, g, "field '%s' added", name);
		diff_pop(c, len);
	}
}

static void
diff_avro_symbols(struct diff_ctx *c, const cJSON *o, const cJSON *n)
{
	const cJSON *a = node_get(o, "symbols"), *b = node_get(n, "symbols");
	const cJSON *e;

	cJSON_ArrayForEach(e, a)
	{
		if (!in_array(c, b, e, 0))
			diff_add(c, "avro-symbol-removed", e, b,
			         "symbol '%s' removed",
			         cJSON_IsString(e) ? e->valuestring : "?");
	}
	cJSON_ArrayForEach(e, b)
	{
		if (!in_array(c, a, e, 1))
			diff_add(c, "avro-symbol-added", a, e,
			         "symbol '%s' added",
			         cJSON_IsString(e) ? e->valuestring : "?");
	}
}

static void
diff_avro(struct diff_ctx *c, const cJSON *o, const cJSON *n)
{
	const char *ta, *tb;

	o = deref(c->od, o);
	n = deref(c->nd, n);
	if (o == NULL || n == NULL || !first_visit(c, o, n))
		return;
	ta = cJSON_IsString(o) ? o->valuestring : node_get_str(o, "type");
	tb = cJSON_IsString(n) ? n->valuestring : node_get_str(n, "type");
	if (cJSON_IsArray(o) || cJSON_IsArray(n) || ta == NULL || tb == NULL ||
	    strcmp(ta, tb) != 0) {
		if (!diff_json_equal(c, o, n))
			diff_add(c, "avro-type-changed", o, n, "type %s -> %s",
			         ta ? ta : "(union)", tb ? tb : "(union)");
		return;
	}
	if (strcmp(ta, "record") == 0 || strcmp(ta, "error") == 0)
		diff_avro_fields(c, o, n);
	else if (strcmp(ta, "enum") == 0)
		diff_avro_symbols(c, o, n);
	else if (strcmp(ta, "array") == 0)
		diff_avro(c, node_get(o, "items"), node_get(n, "items"));
	else if (strcmp(ta, "map") == 0)
		diff_avro(c, node_get(o, "values"), node_get(n, "values"));
}

/* ------------------------------------------------------------ entry */

static enum mediatype_format
format_of(const struct model_schema *s)
{
	enum mediatype_format f = mediatype_schema_format(s->format);

	/* An OpenAPI schema object is JSON Schema for what is compared. */
	return f == MEDIATYPE_OPENAPI ? MEDIATYPE_JSON_SCHEMA : f;
}

void
diff_schema(struct diff_ctx *c, const struct model_schema *o,
            const struct model_schema *n, const char *what)
{
	size_t len;
	enum mediatype_format fo, fn;

	if (o == NULL && n == NULL)
		return;
	len = diff_push(c, "%s", what);
	if (o == NULL || n == NULL) {
		diff_add(c,
		         o == NULL ? "message-payload-added"
		                   : "message-payload-removed",
		         o ? o->src.node : NULL, n ? n->src.node : NULL,
		         "%s schema %s", what, o == NULL ? "added" : "removed");
		goto out;
	}
	fo = format_of(o);
	fn = format_of(n);
	if (fo != fn)
		diff_add(c, "message-schema-format-changed", o->src.node,
		         n->src.node, "schemaFormat %s -> %s",
		         o->format ? o->format : "(default)",
		         n->format ? n->format : "(default)");
	else if (fo == MEDIATYPE_JSON_SCHEMA)
		diff_json_schema(c, o->schema, n->schema);
	else if (fo == MEDIATYPE_AVRO)
		diff_avro(c, o->schema, n->schema);
	else if (!diff_json_equal(c, o->schema, n->schema))
		diff_add(c, "schema-text-changed", o->src.node, n->src.node,
		         "%s schema changed (format not compared)", what);
out:
	diff_pop(c, len);
}
