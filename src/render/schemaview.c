/*
 * schemaview: schemas as type strings, HTML trees and Markdown rows (see
 * schemaview.h).
 *
 * One walk serves the tree and the rows: visit() resolves a subschema,
 * describes it (struct desc: type string, badges, facts, groups of
 * children), hands the description to the output (dictionaries or rows)
 * and goes on with the children. Recursion is bounded by
 * SCHEMAVIEW_MAX_DEPTH (the walk) and SCHEMAVIEW_TYPE_DEPTH (type strings),
 * so no input reaches the C stack's limit; the node budget bounds the work.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "util/array.h"
#include "util/hmap.h"
#include "load/loader.h"
#include "load/treehash.h"
#include "render/mdtext.h"
#include "model/avro.h"
#include "model/mediatype.h"
#include "model/model.h"
#include "util/node.h"
#include "render/pages.h"
#include "render/schemaview.h"
#include "render/schemaview_int.h"
#include "util/ascii.h"
#include "util/strbuf.h"
#include "render/tmpl.h"

#define STR_(x) #x
#define STR(x)  STR_(x)

/* Deepest JSON value printed in a value or raw text ("…" below). */
#define VALUE_DEPTH 32
/* Schemas one type string may look at before it ends with "…". */
#define TYPE_CALLS 64
/* Values of an enum whose types its type string names. */
#define ENUM_SCAN 1000

static const char *const cat_names[] = {"constraint", "value", "other"};

static const char *const badge_names[B_COUNT] = {
        "required", "deprecated", "read-only", "write-only", "circular"};

/* ------------------------------------------------------------ helpers */

/* The text of b (b is emptied), or NULL with w marked out of memory. */
static char *
take(struct walk *w, struct strbuf *b)
{
	char *s = strbuf_take(b);

	if (s == NULL)
		w->oom = 1;
	return s;
}

/* As take, but NULL (not out of memory) when b holds no text. */
static char *
take_nonempty(struct walk *w, struct strbuf *b)
{
	if (b->len == 0 && !b->oom)
		return NULL;
	return take(w, b);
}

static enum fmt
fmt_of(const char *format)
{
	switch (mediatype_schema_format(format)) {
	case MEDIATYPE_JSON_SCHEMA:
		return FMT_JSON;
	case MEDIATYPE_OPENAPI:
		return FMT_OAS;
	case MEDIATYPE_AVRO:
		return FMT_AVRO;
	default:
		return FMT_RAW;
	}
}

/* Text into a type string: escaped in HTML mode. */
void
sv_put_text(struct strbuf *b, int html, const char *s)
{
	if (html)
		strbuf_put_html(b, s);
	else
		strbuf_puts(b, s);
}

/* Cuts b to at most limit bytes on a UTF-8 boundary and marks the cut. */
static void
cut_text(struct strbuf *b, size_t limit)
{
	size_t len = limit;

	if (b->oom || b->len <= limit)
		return;
	while (len > 0 && ((unsigned char)b->p[len] & 0xC0) == 0x80)
		len--;
	b->len = len;
	b->p[len] = '\0';
	strbuf_puts(b, "…");
}

static void
put_json_string(struct strbuf *b, const char *s)
{
	char esc[8];
	size_t n;

	strbuf_putc(b, '"');
	for (; *s != '\0'; s++) {
		n = ascii_json_escape(esc, (unsigned char)*s);
		if (n > 0)
			strbuf_putn(b, esc, n);
		else
			strbuf_putc(b, *s);
	}
	strbuf_putc(b, '"');
}

static void
put_indent(struct strbuf *b, int pretty, int depth)
{
	int i;

	if (!pretty)
		return;
	strbuf_putc(b, '\n');
	for (i = 0; i < depth; i++)
		strbuf_puts(b, "  ");
}

/*
 * JSON text of v (numbers as written), stopping once b holds more than
 * limit bytes and below VALUE_DEPTH levels.
 */
static void
put_json(struct strbuf *b, const cJSON *v, int depth, size_t limit, int pretty)
{
	const cJSON *it;
	char buf[64];
	int first = 1;

	if (b->oom || b->len > limit)
		return;
	if (cJSON_IsString(v)) {
		put_json_string(b, v->valuestring);
		return;
	}
	if (!cJSON_IsArray(v) && !cJSON_IsObject(v)) {
		const char *t = node_text(v, buf, sizeof(buf));
		strbuf_puts(b, t != NULL ? t : "null");
		return;
	}
	if (depth >= VALUE_DEPTH) {
		strbuf_puts(b, cJSON_IsArray(v) ? "[…]" : "{…}");
		return;
	}
	strbuf_putc(b, cJSON_IsArray(v) ? '[' : '{');
	for (it = v->child; it != NULL; it = it->next) {
		if (b->len > limit)
			return;
		if (!first)
			strbuf_puts(b, pretty ? "," : ", ");
		first = 0;
		put_indent(b, pretty, depth + 1);
		if (cJSON_IsObject(v)) {
			put_json_string(b,
			                it->string != NULL ? it->string : "");
			strbuf_puts(b, ": ");
		}
		put_json(b, it, depth + 1, limit, pretty);
	}
	if (!first)
		put_indent(b, pretty, depth);
	strbuf_putc(b, cJSON_IsArray(v) ? ']' : '}');
}

/* Text of a value: JSON, cut at SCHEMAVIEW_MAX_VALUE_TEXT. */
static char *
value_text(const cJSON *v)
{
	struct strbuf b = STRBUF_INIT;

	put_json(&b, v, 0, SCHEMAVIEW_MAX_VALUE_TEXT, 0);
	cut_text(&b, SCHEMAVIEW_MAX_VALUE_TEXT);
	return strbuf_take(&b);
}

/* A copy of s, cut at SCHEMAVIEW_MAX_VALUE_TEXT. */
static char *
plain_text(const char *s)
{
	struct strbuf b = STRBUF_INIT;

	strbuf_puts(&b, s);
	cut_text(&b, SCHEMAVIEW_MAX_VALUE_TEXT);
	return strbuf_take(&b);
}

const cJSON *
sv_resolve(const struct walk *w, const cJSON *raw)
{
	const cJSON *n;

	if (raw == NULL)
		return NULL;
	n = loader_deref(NULL, w->doc, raw, NULL);
	return n != NULL ? n : raw;
}

/*
 * The component schema that *node is, or -1. A v3 multi-format component
 * is reached at its {schemaFormat, schema} object: *node becomes the
 * schema inside.
 */
static int
comp_of(const struct schemaview_ctx *ctx, const cJSON **node)
{
	void *v = hmap_get_ptr(&ctx->comps, *node);
	size_t i;

	if (v == NULL)
		return -1;
	i = (size_t)(uintptr_t)v - 1;
	if (ctx->m->schemas[i]->schema != NULL)
		*node = ctx->m->schemas[i]->schema;
	return (int)i;
}

static const char *
comp_name(const struct schemaview_ctx *ctx, int comp)
{
	const struct model_schema *s = ctx->m->schemas[comp];

	return s->name != NULL ? s->name : s->id;
}

/* root + the component's URL, in b. */
static void
put_comp_url(const struct walk *w, struct strbuf *b, int comp)
{
	strbuf_puts(b, w->root != NULL ? w->root : "");
	strbuf_puts(b, w->ctx->urls[comp]);
}

static char *
comp_url(struct walk *w, int comp)
{
	struct strbuf b = STRBUF_INIT;

	put_comp_url(w, &b, comp);
	return take(w, &b);
}

/*
 * The JSON Schema (and OpenAPI) keywords the views read, in strcmp order
 * (kw_find() searches them by halves). A schema's members are read once
 * into a struct kws, so that a schema with many members costs one pass,
 * not one scan per keyword.
 */
#define KEYWORDS(X)                                                            \
	X(additionalItems)                                                     \
	X(additionalProperties)                                                \
	X(allOf)                                                               \
	X(anyOf)                                                               \
	X(const)                                                               \
	X(contains)                                                            \
	X(contentEncoding)                                                     \
	X(contentMediaType)                                                    \
	X(default)                                                             \
	X(dependencies)                                                        \
	X(dependentRequired)                                                   \
	X(dependentSchemas)                                                    \
	X(deprecated)                                                          \
	X(description)                                                         \
	X(discriminator)                                                       \
	X(else)                                                                \
	X(enum)                                                                \
	X(example)                                                             \
	X(examples)                                                            \
	X(exclusiveMaximum)                                                    \
	X(exclusiveMinimum)                                                    \
	X(externalDocs)                                                        \
	X(format)                                                              \
	X(if)                                                                  \
	X(items)                                                               \
	X(maxContains)                                                         \
	X(maxItems)                                                            \
	X(maxLength)                                                           \
	X(maxProperties)                                                       \
	X(maximum)                                                             \
	X(minContains)                                                         \
	X(minItems)                                                            \
	X(minLength)                                                           \
	X(minProperties)                                                       \
	X(minimum)                                                             \
	X(multipleOf)                                                          \
	X(not )                                                                \
	X(nullable)                                                            \
	X(oneOf)                                                               \
	X(pattern)                                                             \
	X(patternProperties)                                                   \
	X(prefixItems)                                                         \
	X(properties)                                                          \
	X(propertyNames)                                                       \
	X(readOnly)                                                            \
	X(required)                                                            \
	X(then)                                                                \
	X(title)                                                               \
	X(type)                                                                \
	X(unevaluatedItems)                                                    \
	X(unevaluatedProperties)                                               \
	X(uniqueItems)                                                         \
	X(writeOnly)
#define KW_ENUM(k) KW_##k,
#define KW_NAME(k) #k,
enum kw { KEYWORDS(KW_ENUM) KW_COUNT };
static const char *const kw_names[KW_COUNT] = {KEYWORDS(KW_NAME)};

struct kws {
	const cJSON *v[KW_COUNT]; /* the member, or NULL */
};
#define KW(k, name) ((k)->v[KW_##name])

static int
kw_find(const char *s)
{
	size_t lo = 0, hi = KW_COUNT;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		/*
		 * The first byte tells most steps apart without a call (a
		 * tree's nodes read their members two or three times).
		 */
		int c = (unsigned char)s[0] - (unsigned char)kw_names[mid][0];

		if (c == 0 && s[0] != '\0')
			c = strcmp(s + 1, kw_names[mid] + 1);

		if (c == 0)
			return (int)mid;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return -1;
}

/* The keywords of n (nothing when it is no object), counted as work. */
static void
kws_read(struct walk *w, const cJSON *n, struct kws *k)
{
	const cJSON *it;
	int i;

	memset(k, 0, sizeof(*k));
	if (!cJSON_IsObject(n))
		return;
	for (it = n->child; it != NULL; it = it->next) {
		w->work++;
		if (it->string == NULL || (i = kw_find(it->string)) < 0)
			continue;
		if (k->v[i] == NULL)
			k->v[i] = it;
	}
}

/* -------------------------------------------------------- type strings */

static void type_json(struct walk *w, struct strbuf *b, int html,
                      const cJSON *raw, int name_top, int depth);

static void
put_comp(const struct walk *w, struct strbuf *b, int html, int comp)
{
	if (!html) {
		strbuf_puts(b, comp_name(w->ctx, comp));
		return;
	}
	strbuf_puts(b, "<a class=\"sv-ref\" href=\"");
	{
		struct strbuf u = STRBUF_INIT;

		put_comp_url(w, &u, comp);
		if (u.oom)
			b->oom = 1;
		else if (u.p != NULL)
			strbuf_put_html(b, u.p);
		strbuf_free(&u);
	}
	strbuf_puts(b, "\">");
	strbuf_put_html(b, comp_name(w->ctx, comp));
	strbuf_puts(b, "</a>");
}

/* "integer" for a number written without fraction or exponent. */
static const char *
value_type(const cJSON *v)
{
	char buf[64];
	const char *t;

	if (cJSON_IsString(v))
		return "string";
	if (cJSON_IsBool(v))
		return "boolean";
	if (cJSON_IsNull(v))
		return "null";
	if (cJSON_IsArray(v))
		return "array";
	if (cJSON_IsObject(v))
		return "object";
	if (cJSON_IsNumber(v)) {
		t = node_text(v, buf, sizeof(buf));
		if (t != NULL && strpbrk(t, ".eE") == NULL)
			return "integer";
		return "number";
	}
	return "any";
}

/* The type the keywords of n imply when it has no "type", or NULL. */
static const char *
infer_type(const struct kws *k)
{
	static const enum kw obj[] = {
	        KW_properties,           KW_patternProperties,
	        KW_additionalProperties, KW_required,
	        KW_minProperties,        KW_maxProperties,
	        KW_propertyNames,        KW_dependentRequired,
	        KW_dependentSchemas,     KW_unevaluatedProperties};
	static const enum kw arr[] = {
	        KW_items,    KW_prefixItems, KW_additionalItems, KW_minItems,
	        KW_maxItems, KW_uniqueItems, KW_contains};
	static const enum kw str[] = {KW_minLength, KW_maxLength, KW_pattern};
	static const enum kw num[] = {KW_minimum, KW_maximum,
	                              KW_exclusiveMinimum, KW_exclusiveMaximum,
	                              KW_multipleOf};
	/* The first type with one of its keywords present wins. */
	static const struct {
		const char *type;
		const enum kw *kws;
		size_t n;
	} types[] = {
	        {"object", obj, sizeof(obj) / sizeof(obj[0])},
	        {"array", arr, sizeof(arr) / sizeof(arr[0])},
	        {"string", str, sizeof(str) / sizeof(str[0])},
	        {"number", num, sizeof(num) / sizeof(num[0])},
	};
	size_t t, i;

	for (t = 0; t < sizeof(types) / sizeof(types[0]); t++)
		for (i = 0; i < types[t].n; i++)
			if (k->v[types[t].kws[i]] != NULL)
				return types[t].type;
	return NULL;
}

/*
 * Ends a type string that nests too deep ("…" for that part) or that grew
 * too costly ("…" for the rest).
 */
int
sv_type_stop(struct walk *w, struct strbuf *b, int depth)
{
	if (w->type_cut)
		return 1;
	if (++w->type_calls > TYPE_CALLS || w->work > SCHEMAVIEW_MAX_WORK) {
		strbuf_puts(b, "…");
		w->type_cut = 1;
		return 1;
	}
	if (depth > SCHEMAVIEW_TYPE_DEPTH) {
		strbuf_puts(b, "…");
		return 1;
	}
	return 0;
}

static void
put_array_type(struct walk *w, struct strbuf *b, int html, const struct kws *k,
               int depth)
{
	const cJSON *items = KW(k, items), *tuple = KW(k, prefixItems), *it;
	size_t i = 0;

	if (!cJSON_IsArray(tuple))
		tuple = cJSON_IsArray(items) ? items : NULL;
	if (tuple != NULL && tuple->child != NULL) {
		strbuf_putc(b, '[');
		for (it = tuple->child; it != NULL && !w->type_cut;
		     it = it->next, i++) {
			if (i == SCHEMAVIEW_TYPE_MEMBERS) {
				strbuf_puts(b, ", …");
				break;
			}
			if (i > 0)
				strbuf_puts(b, ", ");
			type_json(w, b, html, it, 1, depth + 1);
		}
		strbuf_putc(b, ']');
	} else if (cJSON_IsObject(items) || cJSON_IsBool(items)) {
		sv_put_text(b, html, "array<");
		type_json(w, b, html, items, 1, depth + 1);
		sv_put_text(b, html, ">");
	} else {
		strbuf_puts(b, "array");
	}
}

/* A base type name, "array<...>" for arrays, then " (format)". */
static void
put_base(struct walk *w, struct strbuf *b, int html, const struct kws *k,
         const char *type, const char *format, int depth)
{
	if (strcmp(type, "array") == 0)
		put_array_type(w, b, html, k, depth);
	else
		sv_put_text(b, html, type);
	if (format != NULL) {
		strbuf_puts(b, " (");
		sv_put_text(b, html, format);
		strbuf_putc(b, ')');
	}
}

/*
 * "string | null": the distinct types of the values of an enum (of its
 * first ENUM_SCAN values: a huge enum costs no more).
 */
static int
put_enum_types(struct walk *w, struct strbuf *b, const cJSON *values)
{
	const char *seen[8];
	size_t n = 0, i, scanned = 0;
	const cJSON *v;
	int had_null = 0;

	cJSON_ArrayForEach(v, values)
	{
		const char *t = value_type(v);

		if (scanned++ == ENUM_SCAN)
			break;
		w->work++;
		for (i = 0; i < n && strcmp(seen[i], t) != 0; i++)
			;
		if (i < n)
			continue;
		if (n == sizeof(seen) / sizeof(seen[0]))
			break;
		seen[n++] = t;
		if (n > 1)
			strbuf_puts(b, " | ");
		strbuf_puts(b, t);
		had_null |= strcmp(t, "null") == 0;
	}
	return had_null;
}

/* The types of the schemas of an array joined with sep. */
static void
put_members(struct walk *w, struct strbuf *b, int html, const cJSON *list,
            const char *sep, int depth)
{
	const cJSON *it;
	size_t i = 0;

	for (it = list->child; it != NULL && !w->type_cut; it = it->next, i++) {
		if (i == SCHEMAVIEW_TYPE_MEMBERS) {
			strbuf_puts(b, sep);
			strbuf_puts(b, "…");
			break;
		}
		if (i > 0)
			strbuf_puts(b, sep);
		type_json(w, b, html, it, 1, depth + 1);
	}
}

int
sv_nonempty_array(const cJSON *n)
{
	return cJSON_IsArray(n) && n->child != NULL;
}

/* A schema of one scalar type with nothing inside (SentAt: string). */
static int
is_primitive(const cJSON *n)
{
	const char *t = node_get_str(n, "type");

	return t != NULL && node_get(n, "properties") == NULL &&
	       node_get(n, "allOf") == NULL && node_get(n, "oneOf") == NULL &&
	       node_get(n, "anyOf") == NULL &&
	       (strcmp(t, "string") == 0 || strcmp(t, "number") == 0 ||
	        strcmp(t, "integer") == 0 || strcmp(t, "boolean") == 0);
}

static void
type_json(struct walk *w, struct strbuf *b, int html, const cJSON *raw,
          int name_top, int depth)
{
	struct kws k;
	const cJSON *n, *type, *it;
	const char *format = NULL;
	int comp, nullable, had_null = 0, format_done = 0;
	size_t i = 0;

	if (sv_type_stop(w, b, depth))
		return;
	n = sv_resolve(w, raw);
	if (n == NULL) {
		strbuf_puts(b, "any");
		return;
	}
	comp = comp_of(w->ctx, &n);
	if (comp >= 0 && name_top) {
		put_comp(w, b, html, comp);
		if (is_primitive(n)) {
			strbuf_puts(b, ": ");
			type_json(w, b, html, n, 0, depth + 1);
		}
		return;
	}
	if (cJSON_IsTrue(n)) {
		strbuf_puts(b, "any");
		return;
	}
	if (cJSON_IsFalse(n)) {
		strbuf_puts(b, "never");
		return;
	}
	if (!cJSON_IsObject(n)) {
		strbuf_puts(b, "invalid");
		return;
	}
	if (loader_is_ref(n)) {
		strbuf_puts(b, "$ref ");
		sv_put_text(b, html, loader_ref_string(n));
		return;
	}
	kws_read(w, n, &k);
	nullable = w->fmt == FMT_OAS && cJSON_IsTrue(KW(&k, nullable));
	type = KW(&k, type);
	if (cJSON_IsString(KW(&k, format)))
		format = KW(&k, format)->valuestring;
	if (cJSON_IsString(type)) {
		put_base(w, b, html, &k, type->valuestring, format, depth);
		had_null = strcmp(type->valuestring, "null") == 0;
	} else if (sv_nonempty_array(type)) {
		cJSON_ArrayForEach(it, type)
		{
			int is_null;

			if (!cJSON_IsString(it))
				continue;
			if (i == SCHEMAVIEW_TYPE_MEMBERS) {
				strbuf_puts(b, " | …");
				break;
			}
			if (i++ > 0)
				strbuf_puts(b, " | ");
			is_null = strcmp(it->valuestring, "null") == 0;
			put_base(w, b, html, &k, it->valuestring,
			         is_null || format_done ? NULL : format, depth);
			format_done |= !is_null;
			had_null |= is_null;
		}
		if (i == 0)
			strbuf_puts(b, "any");
	} else if (sv_nonempty_array(KW(&k, enum))) {
		had_null = put_enum_types(w, b, KW(&k, enum));
	} else if (KW(&k, const) != NULL) {
		strbuf_puts(b, value_type(KW(&k, const)));
	} else if (sv_nonempty_array(KW(&k, oneOf))) {
		put_members(w, b, html, KW(&k, oneOf), " | ", depth);
	} else if (sv_nonempty_array(KW(&k, anyOf))) {
		put_members(w, b, html, KW(&k, anyOf), " | ", depth);
	} else if (sv_nonempty_array(KW(&k, allOf))) {
		put_members(w, b, html, KW(&k, allOf), " & ", depth);
	} else {
		const char *t = infer_type(&k);

		put_base(w, b, html, &k, t != NULL ? t : "any", format, depth);
	}
	if (nullable && !had_null)
		strbuf_puts(b, " | null");
}

/* The type string of raw, as text or HTML, into a new string. */
static char *
type_string(struct walk *w, const cJSON *raw, int html, int name_top)
{
	struct strbuf b = STRBUF_INIT;

	w->type_calls = 0;
	w->type_cut = 0;
	if (w->fmt == FMT_AVRO)
		sv_type_avro(w, &b, html, raw, 0);
	else
		type_json(w, &b, html, raw, name_top, 0);
	return take(w, &b);
}

/* -------------------------------------------------------- descriptions */

/*
 * The length of an array, counted once per walk: a huge enum reached
 * through many refs is not walked again for each.
 */
static size_t
array_size(struct walk *w, const cJSON *v)
{
	void *got = hmap_get_ptr(&w->sizes, v);
	const cJSON *it;
	size_t n = 0;

	/* what it adds to work depends on the calls before: no cache entry */
	w->sized++;
	if (got != NULL)
		return (size_t)(uintptr_t)got - 1;
	for (it = v->child; it != NULL; it = it->next)
		n++;
	w->work += n;
	if (hmap_put_ptr(&w->sizes, v, (void *)(uintptr_t)(n + 1)) < 0)
		w->oom = 1;
	return n;
}

/*
 * A new zeroed last item of the array at items_ptr (n items, capacity
 * *cap, esize bytes each), or NULL when out of memory.
 */
static void *
item_add(struct walk *w, void *items_ptr, size_t *n, size_t *cap, size_t esize)
{
	char *item;

	if (array_reserve(items_ptr, cap, *n + 1, esize) < 0) {
		w->oom = 1;
		return NULL;
	}
	item = *(char **)items_ptr + *n * esize;
	memset(item, 0, esize);
	(*n)++;
	return item;
}

static struct fact *
fact_add(struct walk *w, struct desc *d, enum cat cat, const char *cls,
         const char *label)
{
	struct fact *f =
	        item_add(w, &d->facts, &d->n_facts, &d->cap_facts, sizeof(*f));

	if (f == NULL)
		return NULL;
	f->cat = cat;
	f->cls = cls;
	f->label = label;
	return f;
}

/* Adds an owned value (NULL: out of memory). */
static void
fact_val(struct walk *w, struct fact *f, char *val)
{
	if (f == NULL || val == NULL) {
		free(val);
		w->oom = 1;
		return;
	}
	if (f->n == SCHEMAVIEW_MAX_VALUES) {
		free(val);
		f->more++;
		return;
	}
	if (ARRAY_RESERVE(f->vals, f->n + 1, f->cap) < 0) {
		free(val);
		w->oom = 1;
		return;
	}
	f->vals[f->n++] = val;
}

/* A fact of one value: v as JSON, or as plain text when it is a string. */
void
sv_fact1(struct walk *w, struct desc *d, enum cat cat, const char *cls,
         const char *label, const cJSON *v, int plain)
{
	struct fact *f;

	if (v == NULL)
		return;
	f = fact_add(w, d, cat, cls, label);
	if (f == NULL)
		return;
	fact_val(w, f,
	         plain && cJSON_IsString(v) ? plain_text(v->valuestring)
	                                    : value_text(v));
}

/* A fact listing the items of an array (or v alone when it is none). */
void
sv_fact_list(struct walk *w, struct desc *d, enum cat cat, const char *cls,
             const char *label, const cJSON *v, int plain)
{
	struct fact *f;
	const cJSON *it;

	if (v == NULL)
		return;
	if (!cJSON_IsArray(v)) {
		sv_fact1(w, d, cat, cls, label, v, plain);
		return;
	}
	f = fact_add(w, d, cat, cls, label);
	if (f == NULL)
		return;
	for (it = v->child; it != NULL && !w->oom; it = it->next) {
		if (f->n == SCHEMAVIEW_MAX_VALUES) {
			f->more = array_size(w, v) - f->n;
			break;
		}
		fact_val(w, f,
		         plain && cJSON_IsString(it)
		                 ? plain_text(it->valuestring)
		                 : value_text(it));
	}
}

/* A numeric constraint: shown only when the keyword holds a number. */
static void
fact_numv(struct walk *w, struct desc *d, const cJSON *v, const char *cls,
          const char *label)
{
	if (cJSON_IsNumber(v))
		sv_fact1(w, d, CAT_CONSTRAINT, cls, label, v, 0);
}

void
sv_fact_num(struct walk *w, struct desc *d, const cJSON *n, const char *key,
            const char *cls, const char *label)
{
	fact_numv(w, d, node_get(n, key), cls, label);
}

struct group *
sv_group_add(struct walk *w, struct desc *d, const char *cls, const char *label,
             enum seg seg)
{
	struct group *g = item_add(w, &d->groups, &d->n_groups, &d->cap_groups,
	                           sizeof(*g));

	if (g == NULL)
		return NULL;
	g->cls = cls;
	g->label = label;
	g->seg = seg;
	return g;
}

/*
 * Adds a child to g, or counts it as left out once the tree holds
 * SCHEMAVIEW_MAX_NODES subschemas. Children are counted when listed, so
 * that siblings come before the descendants of any of them.
 */
void
sv_kid_add(struct walk *w, struct group *g, const char *name, const cJSON *raw,
           const cJSON *field, int required)
{
	struct kid *k;

	if (g == NULL)
		return;
	if (w->nodes >= SCHEMAVIEW_MAX_NODES || w->work > SCHEMAVIEW_MAX_WORK) {
		g->more++;
		w->cuts++;
		return;
	}
	if (ARRAY_RESERVE(g->kids, g->n + 1, g->cap) < 0) {
		w->oom = 1;
		return;
	}
	k = &g->kids[g->n++];
	k->name = name;
	k->raw = raw;
	k->field = field;
	k->required = required;
	w->nodes++;
}

/* A group of the items of an array of schemas. */
static void
group_list(struct walk *w, struct desc *d, const cJSON *list, const char *cls,
           const char *label, enum seg seg)
{
	struct group *g;
	const cJSON *it;

	if (!sv_nonempty_array(list))
		return;
	g = sv_group_add(w, d, cls, label, seg);
	for (it = list->child; it != NULL && g != NULL; it = it->next)
		sv_kid_add(w, g, NULL, it, NULL, 0);
}

/* A group of one schema (only objects: true/false are facts). */
static void
group_one(struct walk *w, struct desc *d, const cJSON *schema, const char *cls,
          const char *label, enum seg seg)
{
	if (cJSON_IsObject(schema))
		sv_kid_add(w, sv_group_add(w, d, cls, label, seg), NULL, schema,
		           NULL, 0);
}

/* A group of the members of an object of schemas. */
static void
group_map(struct walk *w, struct desc *d, const cJSON *map, const char *cls,
          const char *label, enum seg seg, const struct hmap *required)
{
	struct group *g;
	const cJSON *it;

	if (!cJSON_IsObject(map) || map->child == NULL)
		return;
	g = sv_group_add(w, d, cls, label, seg);
	for (it = map->child; it != NULL && g != NULL; it = it->next, w->work++)
		if (it->string != NULL)
			sv_kid_add(w, g, it->string, it, NULL,
			           required != NULL &&
			                   hmap_find_str(required, it->string,
			                                 NULL));
}

/* 1 when a JSON Schema has subschemas the tree would show. */
static int
json_has_kids(const struct kws *k)
{
	static const enum kw one[] = {KW_additionalProperties,
	                              KW_propertyNames,
	                              KW_items,
	                              KW_additionalItems,
	                              KW_contains,
	                              KW_not,
	                              KW_if,
	                              KW_then,
	                              KW_else,
	                              KW_unevaluatedProperties,
	                              KW_unevaluatedItems};
	static const enum kw many[] = {KW_properties,
	                               KW_patternProperties,
	                               KW_prefixItems,
	                               KW_allOf,
	                               KW_anyOf,
	                               KW_oneOf,
	                               KW_dependentSchemas,
	                               KW_dependencies,
	                               KW_items};
	size_t i;

	for (i = 0; i < sizeof(one) / sizeof(one[0]); i++)
		if (cJSON_IsObject(k->v[one[i]]))
			return 1;
	for (i = 0; i < sizeof(many) / sizeof(many[0]); i++) {
		const cJSON *v = k->v[many[i]];

		if ((cJSON_IsObject(v) || cJSON_IsArray(v)) && v->child != NULL)
			return 1;
	}
	return 0;
}

/*
 * 1 when a schema shows nothing but its type (no component, only "type",
 * "format" and OpenAPI's "nullable"): as items, the array's type string
 * says it all, so it gets no row of its own.
 */
static int
json_plain(const struct walk *w, const cJSON *raw)
{
	const cJSON *n = sv_resolve(w, raw), *it;

	if (n == NULL || comp_of(w->ctx, &n) >= 0 || !cJSON_IsObject(n))
		return 0;
	cJSON_ArrayForEach(it, n)
	{
		if (strcmp(it->string, "type") != 0 &&
		    strcmp(it->string, "format") != 0 &&
		    (w->fmt != FMT_OAS || strcmp(it->string, "nullable") != 0))
			return 0;
	}
	return 1;
}

/* minimum/exclusiveMinimum in the draft-04 (boolean) and later forms. */
static void
fact_bound(struct walk *w, struct desc *d, const cJSON *v, const cJSON *e,
           const char *cls, const char *ecls, const char *label,
           const char *elabel)
{
	if (cJSON_IsNumber(v)) {
		if (cJSON_IsTrue(e))
			sv_fact1(w, d, CAT_CONSTRAINT, ecls, elabel, v, 0);
		else
			sv_fact1(w, d, CAT_CONSTRAINT, cls, label, v, 0);
	}
	if (cJSON_IsNumber(e))
		sv_fact1(w, d, CAT_CONSTRAINT, ecls, elabel, e, 0);
}

/* true/false keywords (additionalProperties...): a fact saying so. */
static void
fact_allowed(struct walk *w, struct desc *d, const cJSON *v, const char *cls,
             const char *label)
{
	struct fact *f;

	if (!cJSON_IsBool(v))
		return;
	f = fact_add(w, d, CAT_CONSTRAINT, cls, label);
	if (f != NULL)
		fact_val(w, f,
		         plain_text(cJSON_IsTrue(v) ? "allowed"
		                                    : "not allowed"));
}

/* The names of required that are no member of props: a fact. */
static void
fact_required(struct walk *w, struct desc *d, const cJSON *req,
              const cJSON *props)
{
	struct hmap names = HMAP_INIT;
	struct fact *f = NULL;
	const cJSON *it;

	for (it = cJSON_IsObject(props) ? props->child : NULL; it != NULL;
	     it = it->next, w->work++)
		if (it->string != NULL &&
		    hmap_add_str(&names, it->string, NULL) < 0)
			w->oom = 1;
	for (it = req->child; it != NULL && !w->oom; it = it->next, w->work++) {
		if (!cJSON_IsString(it) ||
		    hmap_find_str(&names, it->valuestring, NULL))
			continue;
		if (f == NULL)
			f = fact_add(w, d, CAT_CONSTRAINT, "required",
			             "required");
		fact_val(w, f, plain_text(it->valuestring));
	}
	hmap_free(&names);
}

/* dependentRequired, or draft-07 dependencies of names: "a → b, c". */
static void
fact_dependencies(struct walk *w, struct desc *d, const cJSON *deps,
                  struct fact **f)
{
	const cJSON *it, *name;

	if (!cJSON_IsObject(deps))
		return;
	for (it = deps->child; it != NULL && !w->oom; it = it->next) {
		struct strbuf b = STRBUF_INIT;

		w->work++;
		if (!cJSON_IsArray(it) || it->string == NULL)
			continue;
		strbuf_puts(&b, it->string);
		strbuf_puts(&b, " → ");
		for (name = it->child;
		     name != NULL && b.len <= SCHEMAVIEW_MAX_VALUE_TEXT;
		     name = name->next) {
			if (name != it->child)
				strbuf_puts(&b, ", ");
			if (cJSON_IsString(name))
				strbuf_puts(&b, name->valuestring);
		}
		cut_text(&b, SCHEMAVIEW_MAX_VALUE_TEXT);
		if (*f == NULL)
			*f = fact_add(w, d, CAT_CONSTRAINT, "dependentRequired",
			              "dependent required");
		fact_val(w, *f, strbuf_take(&b));
	}
}

static void
fact_discriminator(struct walk *w, struct desc *d, const cJSON *v)
{
	struct fact *f;
	const cJSON *it;

	if (cJSON_IsString(v)) {
		sv_fact1(w, d, CAT_OTHER, "discriminator", "discriminator", v,
		         1);
		return;
	}
	if (!cJSON_IsObject(v))
		return;
	f = fact_add(w, d, CAT_OTHER, "discriminator", "discriminator");
	if (f != NULL && cJSON_IsString(node_get(v, "propertyName")))
		fact_val(w, f, plain_text(node_get_str(v, "propertyName")));
	cJSON_ArrayForEach(it, node_get(v, "mapping"))
	{
		struct strbuf b = STRBUF_INIT;

		w->work++;
		if (!cJSON_IsString(it) || it->string == NULL || f == NULL)
			continue;
		strbuf_puts(&b, it->string);
		strbuf_puts(&b, " → ");
		strbuf_puts(&b, it->valuestring);
		cut_text(&b, SCHEMAVIEW_MAX_VALUE_TEXT);
		fact_val(w, f, strbuf_take(&b));
	}
}

/* The children of a JSON Schema: one group per keyword. */
static void
groups_json(struct walk *w, struct desc *d, const struct kws *k)
{
	struct hmap required = HMAP_INIT;
	const cJSON *items = KW(k, items), *prefix = KW(k, prefixItems), *it;
	struct group *g = NULL;

	if (cJSON_IsArray(KW(k, required)))
		for (it = KW(k, required)->child; it != NULL;
		     it = it->next, w->work++)
			if (cJSON_IsString(it) &&
			    hmap_add_str(&required, it->valuestring, NULL) < 0)
				w->oom = 1;
	group_map(w, d, KW(k, properties), "properties", "Properties", SEG_PROP,
	          &required);
	hmap_free(&required);
	group_map(w, d, KW(k, patternProperties), "patternProperties",
	          "Pattern properties", SEG_PATTERN, NULL);
	group_one(w, d, KW(k, additionalProperties), "additionalProperties",
	          "Additional properties", SEG_ANY_PROP);
	group_one(w, d, KW(k, unevaluatedProperties), "unevaluatedProperties",
	          "Unevaluated properties", SEG_KEYWORD);
	group_one(w, d, KW(k, propertyNames), "propertyNames", "Property names",
	          SEG_KEYWORD);
	group_map(w, d, KW(k, dependentSchemas), "dependentSchemas",
	          "Dependent schemas", SEG_KEYWORD_NAMED, NULL);
	/* draft-07 dependencies holding schemas */
	for (it = cJSON_IsObject(KW(k, dependencies))
	                  ? KW(k, dependencies)->child
	                  : NULL;
	     it != NULL; it = it->next, w->work++) {
		if (!cJSON_IsObject(it) || it->string == NULL)
			continue;
		if (g == NULL)
			g = sv_group_add(w, d, "dependencies", "Dependencies",
			                 SEG_KEYWORD_NAMED);
		sv_kid_add(w, g, it->string, it, NULL, 0);
	}
	if (cJSON_IsArray(prefix)) {
		group_list(w, d, prefix, "prefixItems", "Prefix items",
		           SEG_INDEX);
		group_one(w, d, items, "additionalItems", "Additional items",
		          SEG_MORE_ITEMS);
	} else if (cJSON_IsArray(items)) {
		group_list(w, d, items, "items", "Tuple items", SEG_INDEX);
	} else if (!json_plain(w, items)) {
		group_one(w, d, items, "items", "Items", SEG_ITEMS);
	}
	group_one(w, d, KW(k, additionalItems), "additionalItems",
	          "Additional items", SEG_MORE_ITEMS);
	group_one(w, d, KW(k, unevaluatedItems), "unevaluatedItems",
	          "Unevaluated items", SEG_KEYWORD);
	group_one(w, d, KW(k, contains), "contains", "Contains", SEG_KEYWORD);
	group_list(w, d, KW(k, allOf), "allOf", "All of", SEG_KEYWORD_N);
	group_list(w, d, KW(k, anyOf), "anyOf", "Any of", SEG_KEYWORD_N);
	group_list(w, d, KW(k, oneOf), "oneOf", "One of", SEG_KEYWORD_N);
	group_one(w, d, KW(k, not ), "not", "Not", SEG_KEYWORD);
	group_one(w, d, KW(k, if), "if", "If", SEG_KEYWORD);
	group_one(w, d, KW(k, then), "then", "Then", SEG_KEYWORD);
	group_one(w, d, KW(k, else), "else", "Else", SEG_KEYWORD);
}

static void
desc_json(struct walk *w, struct desc *d, const cJSON *n, const struct kws *k,
          int expand)
{
	const cJSON *v, *it;
	struct fact *f = NULL;

	if (cJSON_IsString(KW(k, title)))
		d->title = KW(k, title)->valuestring;
	if (cJSON_IsString(KW(k, description)))
		d->description = KW(k, description)->valuestring;
	if (cJSON_IsTrue(KW(k, deprecated)))
		d->badges |= B_DEPRECATED;
	if (cJSON_IsTrue(KW(k, readOnly)))
		d->badges |= B_READONLY;
	if (cJSON_IsTrue(KW(k, writeOnly)))
		d->badges |= B_WRITEONLY;

	/* constraints */
	fact_numv(w, d, KW(k, multipleOf), "multipleOf", "multiple of");
	fact_bound(w, d, KW(k, minimum), KW(k, exclusiveMinimum), "minimum",
	           "exclusiveMinimum", "minimum", "exclusive minimum");
	fact_bound(w, d, KW(k, maximum), KW(k, exclusiveMaximum), "maximum",
	           "exclusiveMaximum", "maximum", "exclusive maximum");
	fact_numv(w, d, KW(k, minLength), "minLength", "min length");
	fact_numv(w, d, KW(k, maxLength), "maxLength", "max length");
	if (cJSON_IsString(KW(k, pattern)))
		sv_fact1(w, d, CAT_CONSTRAINT, "pattern", "pattern",
		         KW(k, pattern), 1);
	if (cJSON_IsString(KW(k, contentEncoding)))
		sv_fact1(w, d, CAT_CONSTRAINT, "contentEncoding",
		         "content encoding", KW(k, contentEncoding), 1);
	if (cJSON_IsString(KW(k, contentMediaType)))
		sv_fact1(w, d, CAT_CONSTRAINT, "contentMediaType",
		         "content media type", KW(k, contentMediaType), 1);
	fact_numv(w, d, KW(k, minItems), "minItems", "min items");
	fact_numv(w, d, KW(k, maxItems), "maxItems", "max items");
	if (cJSON_IsBool(KW(k, uniqueItems)))
		sv_fact1(w, d, CAT_CONSTRAINT, "uniqueItems", "unique items",
		         KW(k, uniqueItems), 0);
	fact_numv(w, d, KW(k, minContains), "minContains", "min contains");
	fact_numv(w, d, KW(k, maxContains), "maxContains", "max contains");
	fact_numv(w, d, KW(k, minProperties), "minProperties",
	          "min properties");
	fact_numv(w, d, KW(k, maxProperties), "maxProperties",
	          "max properties");
	fact_allowed(w, d, KW(k, additionalProperties), "additionalProperties",
	             "additional properties");
	fact_allowed(w, d, KW(k, unevaluatedProperties),
	             "unevaluatedProperties", "unevaluated properties");
	fact_allowed(w, d, KW(k, additionalItems), "additionalItems",
	             "additional items");
	fact_allowed(w, d, KW(k, unevaluatedItems), "unevaluatedItems",
	             "unevaluated items");
	if (cJSON_IsArray(KW(k, prefixItems)) && cJSON_IsBool(KW(k, items)))
		fact_allowed(w, d, KW(k, items), "additionalItems",
		             "additional items");
	if (cJSON_IsArray(KW(k, required)))
		fact_required(w, d, KW(k, required), KW(k, properties));
	fact_dependencies(w, d, KW(k, dependentRequired), &f);
	fact_dependencies(w, d, KW(k, dependencies), &f);

	/* values */
	sv_fact_list(w, d, CAT_VALUE, "enum", "enum", KW(k, enum), 0);
	sv_fact1(w, d, CAT_VALUE, "const", "const", KW(k, const), 0);
	sv_fact1(w, d, CAT_VALUE, "default", "default", KW(k, default), 0);
	sv_fact_list(w, d, CAT_VALUE, "examples", "examples", KW(k, examples),
	             0);
	if (w->fmt == FMT_OAS)
		sv_fact1(w, d, CAT_VALUE, "example", "example", KW(k, example),
		         0);

	/* other */
	fact_discriminator(w, d, KW(k, discriminator));
	v = KW(k, externalDocs);
	if (cJSON_IsString(node_get(v, "url"))) {
		const char *text = node_get_str(v, "description");

		f = fact_add(w, d, CAT_OTHER, "externalDocs", "external docs");
		if (f != NULL) {
			f->url = node_get_str(v, "url");
			fact_val(w, f,
			         plain_text(text != NULL ? text : f->url));
		}
	}
	for (it = n->child; it != NULL && !w->oom; it = it->next) {
		w->work++;
		if (it->string != NULL && strncmp(it->string, "x-", 2) == 0)
			sv_fact1(w, d, CAT_OTHER, "x", it->string, it, 0);
	}

	if (expand)
		groups_json(w, d, k);
}

static void
desc_free(struct desc *d)
{
	size_t i, j;

	for (i = 0; i < d->n_facts; i++) {
		for (j = 0; j < d->facts[i].n; j++)
			free(d->facts[i].vals[j]);
		free(d->facts[i].vals);
	}
	free(d->facts);
	for (i = 0; i < d->n_groups; i++)
		free(d->groups[i].kids);
	free(d->groups);
	free(d->type);
	free(d->link_url);
}

/* -------------------------------------------------------------- output */

/* Whether a group's children have a name of their own (nest in details). */
static int
seg_named(enum seg seg)
{
	return seg == SEG_PROP || seg == SEG_PATTERN || seg == SEG_INDEX ||
	       seg == SEG_KEYWORD_N || seg == SEG_KEYWORD_NAMED;
}

/* The display name of child idx of g, in buf when made up. */
static const char *
kid_name(const struct group *g, size_t idx, char *buf, size_t size,
         const char **kind)
{
	const struct kid *k = &g->kids[idx];

	*kind = "prop";
	switch (g->seg) {
	case SEG_PROP:
	case SEG_KEYWORD_NAMED:
		return k->name != NULL ? k->name : "";
	case SEG_PATTERN:
		*kind = "pattern";
		return k->name != NULL ? k->name : "";
	case SEG_INDEX:
		*kind = "index";
		snprintf(buf, size, "[%zu]", idx);
		return buf;
	case SEG_KEYWORD_N:
		*kind = "index";
		snprintf(buf, size, "#%zu", idx + 1);
		return buf;
	default:
		return NULL;
	}
}

/* parent path + the segment of child idx of g. */
static char *
kid_path(struct walk *w, const char *ppath, const struct group *g, size_t idx)
{
	struct strbuf b = STRBUF_INIT;
	const char *name = g->kids[idx].name != NULL ? g->kids[idx].name : "";

	strbuf_puts(&b, ppath);
	/* Members of an object follow a dot, except at the root. */
	if (ppath[0] != '\0' && (g->seg == SEG_PROP || g->seg == SEG_PATTERN ||
	                         g->seg == SEG_ANY_PROP))
		strbuf_putc(&b, '.');
	switch (g->seg) {
	case SEG_PROP:
		strbuf_puts(&b, name);
		break;
	case SEG_PATTERN:
		strbuf_printf(&b, "/%s/", name);
		break;
	case SEG_ITEMS:
		strbuf_puts(&b, "[]");
		break;
	case SEG_INDEX:
		strbuf_printf(&b, "[%zu]", idx);
		break;
	case SEG_MORE_ITEMS:
		strbuf_puts(&b, "[...]");
		break;
	case SEG_ANY_PROP:
		strbuf_putc(&b, '*');
		break;
	case SEG_KEYWORD:
		strbuf_printf(&b, "{%s}", g->cls);
		break;
	case SEG_KEYWORD_N:
		strbuf_printf(&b, "{%s %zu}", g->cls, idx + 1);
		break;
	case SEG_KEYWORD_NAMED:
		strbuf_printf(&b, "{%s %s}", g->cls, name);
		break;
	}
	return take(w, &b);
}

static void
set_badges(struct tmpl_dict *d, const char *sec, const char *kind_var,
           const char *text_var, unsigned badges)
{
	unsigned i;

	for (i = 0; i < B_COUNT; i++) {
		struct tmpl_dict *e;

		if (!(badges & (1u << i)))
			continue;
		e = tmpl_section_add(d, sec);
		tmpl_set(e, kind_var, badge_names[i]);
		tmpl_set(e, text_var, badge_names[i]);
	}
}

static void
fill_facts(struct walk *w, struct tmpl_dict *nd, const struct desc *d)
{
	struct tmpl_dict *fs, *fd, *vd;
	size_t i, j;

	if (d->n_facts == 0)
		return;
	fs = tmpl_section_add(nd, "SV_FACTS");
	for (i = 0; i < d->n_facts; i++) {
		const struct fact *f = &d->facts[i];

		fd = tmpl_section_add(fs, "SV_FACT");
		tmpl_set(fd, "SV_FACT_CAT", cat_names[f->cat]);
		tmpl_set(fd, "SV_FACT_CLASS", f->cls);
		tmpl_set(fd, "SV_FACT_LABEL", f->label);
		if (f->url != NULL) {
			vd = tmpl_section_add(fd, "SV_FACT_LINK");
			tmpl_set(vd, "SV_FACT_URL", f->url);
			tmpl_set(vd, "SV_FACT_LINK_TEXT",
			         f->n > 0 ? f->vals[0] : f->url);
			continue;
		}
		for (j = 0; j < f->n; j++) {
			vd = tmpl_section_add(fd, "SV_FACT_VAL");
			tmpl_set(vd, "SV_FACT_VAL_TEXT", f->vals[j]);
			if (j + 1 < f->n)
				tmpl_show(vd, "SV_FACT_VAL_SEP");
		}
		if (f->more > 0)
			tmpl_set_int(tmpl_section_add(fd, "SV_FACT_MORE"),
			             "SV_FACT_MORE_N", (long)f->more);
	}
	(void)w;
}

/* The body of a node (the include's dictionary), but for its groups. */
static void
fill_body(struct walk *w, struct tmpl_dict *nd, const struct desc *d)
{
	char *html = NULL;
	int cut = 0;

	if (d->title != NULL)
		tmpl_set(tmpl_section_add(nd, "SV_TITLE"), "SV_TITLE_TEXT",
		         d->title);
	if (d->description != NULL && d->description[0] != '\0') {
		if (mdtext_html(&html, &cut, d->description,
		                strlen(d->description),
		                MDTEXT_MAX_DEFAULT) < 0) {
			w->oom = 1;
		} else {
			tmpl_set(tmpl_section_add(nd, "SV_DESC"),
			         "SV_DESCRIPTION_HTML", html);
			if (cut)
				tmpl_set(tmpl_section_add(nd, "SV_NOTE"),
				         "SV_NOTE_TEXT",
				         "The description is cut: it is longer "
				         "than the size shown.");
		}
		free(html);
	}
	if (d->note != NULL)
		tmpl_set(tmpl_section_add(nd, "SV_NOTE"), "SV_NOTE_TEXT",
		         d->note);
	fill_facts(w, nd, d);
}

static int
body_nonempty(const struct desc *d)
{
	return d->title != NULL ||
	       (d->description != NULL && d->description[0] != '\0') ||
	       d->note != NULL || d->n_facts > 0 || d->n_groups > 0;
}

/* Appends text to b as a code span of a table cell (or escaped: !code). */
static void
put_md(struct walk *w, struct strbuf *b, const char *text, int code)
{
	char *md = NULL;

	if ((code ? mdtext_code_span(&md, text, 1)
	          : mdtext_escape(&md, text)) != 0)
		w->oom = 1;
	else
		strbuf_puts(b, md);
	free(md);
}

/*
 * Joins the facts of one category as Markdown for a table cell, each value
 * a code span: "enum: `"a"`, `"b"`; default: `1`".
 */
static char *
facts_text(struct walk *w, const struct desc *d, enum cat cat)
{
	struct strbuf b = STRBUF_INIT;
	size_t i, j;

	for (i = 0; i < d->n_facts; i++) {
		const struct fact *f = &d->facts[i];

		if (f->cat != cat)
			continue;
		if (b.len > 0)
			strbuf_puts(&b, "; ");
		strbuf_puts(&b, f->label);
		if (f->n == 0 && f->url == NULL)
			continue;
		strbuf_puts(&b, ": ");
		if (f->url != NULL) {
			put_md(w, &b, f->url, 0);
			continue;
		}
		for (j = 0; j < f->n; j++) {
			if (j > 0)
				strbuf_puts(&b, ", ");
			put_md(w, &b, f->vals[j], 1);
		}
		if (f->more > 0)
			strbuf_printf(&b, " (and %zu more)", f->more);
	}
	return take_nonempty(w, &b);
}

static char *
notes_text(struct walk *w, const struct desc *d,
           const struct schemaview_row *rows)
{
	struct strbuf b = STRBUF_INIT;
	unsigned i;

	for (i = 0; i < B_COUNT; i++) {
		if (!(d->badges & (1u << i)))
			continue;
		if (b.len > 0)
			strbuf_puts(&b, ", ");
		strbuf_puts(&b, badge_names[i]);
	}
	if (d->repeated) {
		/* rows have no anchors: the first row's path says where */
		if (b.len > 0)
			strbuf_puts(&b, ", ");
		strbuf_puts(&b, "same as ");
		strbuf_puts(&b, rows[d->first_row].path[0] != '\0'
		                        ? rows[d->first_row].path
		                        : "(root)");
	} else if (d->cut && !(d->badges & B_CIRCULAR)) {
		if (b.len > 0)
			strbuf_puts(&b, ", ");
		strbuf_puts(&b, "not expanded");
	}
	return take_nonempty(w, &b);
}

static struct schemaview_row *
row_add(struct walk *w)
{
	struct schemaview_rows *r = w->rows;

	return item_add(w, &r->items, &r->n, &w->rows_cap, sizeof(*r->items));
}

/* ---------------------------------------------------------------- walk */

/* The depth of an ancestor that is node, or -1. */
static int
on_path(const struct walk *w, size_t depth, const cJSON *node)
{
	size_t i;

	for (i = 0; i < depth; i++)
		if (w->path[i].node == node)
			return (int)i;
	return -1;
}

/* The nearest ancestor below the root that is a component, or -1. */
static int
enclosing_comp(const struct walk *w, size_t depth)
{
	size_t i;

	for (i = depth; i-- > 1;)
		if (w->path[i].comp >= 0)
			return w->path[i].comp;
	return -1;
}

/*
 * The subtrees being walked read a seen subschema (shown index si) or an
 * ancestor at depth circ (SIZE_MAX: none): those that began after it
 * depend on the tree around them.
 */
static void
cands_read(struct walk *w, size_t si, size_t circ)
{
	size_t i;

	for (i = 0; i < w->n_cands; i++) {
		struct cand *c = &w->cands[i];

		/* the subtree's root (shown0 - 1) is met as it was */
		if (c->open && ((si != SIZE_MAX && si + 1 < c->shown0) ||
		                (circ != SIZE_MAX && circ < c->depth)))
			c->bad = 1;
	}
}

/* Gives expanded subschema i an anchor; its "#id" into a new string. */
static char *
anchor_of(struct walk *w, size_t i)
{
	struct shown *fr = &w->shown[i];
	struct strbuf b = STRBUF_INIT;
	char *s;
	size_t k;

	/*
	 * An anchor (or a link to one) inside a subtree makes its text
	 * depend on the owner and the ordinals: no entry. One inside a
	 * reused text cannot be set: the tree is walked again, uncached.
	 */
	if (fr->frozen != NULL) {
		__atomic_store_n(&fr->frozen->usable, 0, __ATOMIC_RELAXED);
		w->conflict = 1;
	}
	for (k = 0; k < w->n_cands; k++) {
		struct cand *c = &w->cands[k];
		size_t end = c->open ? w->n_shown : c->shown1;

		if (i + 1 >= c->shown0 && i < end)
			c->bad = 1;
		/* a link from inside to outside */
		if (c->open && i + 1 < c->shown0)
			c->bad = 1;
	}

	w->anchored = 1;
	strbuf_printf(&b, "sv-%s-%zu", w->owner, fr->ordinal);
	if (!fr->anchored && fr->anchor_dict != NULL && b.p != NULL) {
		tmpl_set(tmpl_section_add(fr->anchor_dict, fr->anchor_sec),
		         fr->anchor_var, b.p);
		fr->anchored = 1;
	}
	s = take(w, &b);
	if (s == NULL)
		return NULL;
	b = (struct strbuf)STRBUF_INIT;
	strbuf_putc(&b, '#');
	strbuf_puts(&b, s);
	free(s);
	return take(w, &b);
}

/* Links the cut description d to the page of component schema comp. */
static void
link_comp(struct walk *w, struct desc *d, int comp, const char *text, int html)
{
	d->link_id = w->ctx->m->schemas[comp]->id;
	d->link_text = text;
	if (html)
		d->link_url = comp_url(w, comp);
}

static void visit(struct walk *w, const struct group *g, size_t idx,
                  size_t depth, size_t level, struct tmpl_dict *parent,
                  const char *ppath);

/* The children of a described node, then its "N more" notes. */
static void
visit_groups(struct walk *w, const struct desc *d, struct tmpl_dict **gds,
             size_t depth, size_t level, const char *path)
{
	size_t i, j;

	for (i = 0; i < d->n_groups && !w->oom; i++) {
		const struct group *g = &d->groups[i];
		size_t kl = seg_named(g->seg) ? level + 1 : level;

		size_t more = g->more;

		for (j = 0; j < g->n && !w->oom; j++) {
			if (w->work > SCHEMAVIEW_MAX_WORK) {
				/* the tree cost too much: the rest is left out
				 */
				more += g->n - j;
				w->cuts++;
				break;
			}
			visit(w, g, j, depth + 1, kl,
			      gds != NULL ? gds[i] : NULL, path);
		}
		if (more > 0) {
			w->not_shown += more;
			if (gds != NULL)
				tmpl_set_int(tmpl_section_add(gds[i],
				                              "SV_GROUP_MORE"),
				             "SV_GROUP_MORE_N", (long)more);
		}
	}
}

/* The subschema a visit shows. */
struct at {
	const struct group *g; /* NULL for the root */
	size_t idx, depth, level;
	const struct kid *k; /* &g->kids[idx], or NULL */
	const cJSON *raw;    /* as written */
	const cJSON *node;   /* resolved */
	int comp;            /* the component it is, or -1 */
};

/*
 * Describes a: cut with a link when it is circular or expanded before in
 * this tree, else its facts and (above SCHEMAVIEW_MAX_DEPTH) its groups.
 */
static void
describe(struct walk *w, struct desc *d, const struct at *a)
{
	int circ = -1, circ_ref = 0, html = w->mode == MODE_HTML;
	void *seen = NULL;

	if (a->k != NULL) {
		circ = on_path(w, a->depth, a->node);
		circ_ref = loader_is_ref(a->raw) &&
		           loader_ref_is_circular(w->doc, a->raw);
		seen = hmap_get_ptr(&w->seen, a->node);
		if (w->n_cands > 0 && (circ >= 0 || seen != NULL))
			cands_read(w,
			           seen != NULL ? (size_t)(uintptr_t)seen - 1
			                        : SIZE_MAX,
			           circ >= 0 ? (size_t)circ : SIZE_MAX);
	}
	if (circ >= 0 || circ_ref) {
		d->badges |= B_CIRCULAR;
		d->cut = 1;
		if (a->comp >= 0) {
			link_comp(w, d, a->comp, "see schema page", html);
		} else if (circ >= 0 && html) {
			d->link_text = "see above";
			d->link_url = anchor_of(w, w->path[circ].shown);
		}
	} else if (seen != NULL) {
		/* expanded before in this tree: a link to there */
		size_t si = (size_t)(uintptr_t)seen - 1;

		d->cut = 1;
		d->repeated = 1;
		d->first_row = w->shown[si].row;
		if (a->comp >= 0) {
			link_comp(w, d, a->comp, "see schema page", html);
		} else if (html) {
			d->link_text = "see above";
			d->link_url = anchor_of(w, si);
		}
	} else {
		int expand = a->depth < SCHEMAVIEW_MAX_DEPTH;
		int has_kids;

		if (w->fmt == FMT_AVRO) {
			has_kids = sv_avro_has_kids(w, a->node);
			sv_desc_avro(w, d, a->node, a->k, expand);
		} else {
			struct kws kw;

			kws_read(w, a->node, &kw);
			has_kids = json_has_kids(&kw);
			if (cJSON_IsObject(a->node))
				desc_json(w, d, a->node, &kw, expand);
		}
		if (!expand && has_kids) {
			int c = a->comp >= 0 ? a->comp
			                     : enclosing_comp(w, a->depth);

			d->cut = 1;
			if (c >= 0) {
				link_comp(w, d, c, "…see schema page", html);
			} else {
				d->note = "Not shown: nested deeper than " STR(
				        SCHEMAVIEW_MAX_DEPTH) " levels.";
			}
		}
	}
}

/* ------------------------------------------------------------- cache */

static int cache_enabled = 1;

void
schemaview_set_cache(int on)
{
	cache_enabled = on;
}

/* 1 when a, to be expanded, is a subtree the cache serves. */
static int
cacheable(const struct walk *w, const struct at *a)
{
	return w->use_cache && w->mode == MODE_HTML && a->k != NULL &&
	       a->comp >= 0 && (w->fmt == FMT_JSON || w->fmt == FMT_OAS);
}

/* The entry of node for this tree's key, or NULL; c->lock held. */
static struct sv_entry *
cache_find(struct sv_cache *c, const cJSON *node, enum fmt fmt, int level0,
           const char *root)
{
	struct sv_entry *e;

	for (e = hmap_get_ptr(&c->map, node); e != NULL; e = e->next)
		if (e->fmt == fmt && e->level0 == level0 &&
		    strcmp(e->root, root) == 0)
			return e;
	return NULL;
}

/*
 * 1 when e's text is what the walk of its subtree would show at depth
 * now: what that walk reads from the tree around it reads as it read
 * when e was made (nothing seen or on the path above, no budget or depth
 * cut). Before the subtree's root is registered.
 */
static int
sv_reusable(const struct walk *w, const struct sv_entry *e, size_t depth)
{
	size_t i;

	if (!__atomic_load_n(&e->usable, __ATOMIC_RELAXED) ||
	    depth + e->height >= SCHEMAVIEW_MAX_DEPTH ||
	    w->nodes + e->nodes > SCHEMAVIEW_MAX_NODES ||
	    w->work + e->work > SCHEMAVIEW_MAX_WORK)
		return 0;
	for (i = 0; i < e->n_met; i++)
		if (hmap_get_ptr(&w->seen, e->met[i]) != NULL ||
		    on_path(w, depth, e->met[i]) >= 0)
			return 0;
	return 1;
}

/*
 * The entry whose text a's body may be (NULL: walk it); *capture is 1
 * when there is none yet and the cache takes more, so that the walk of a
 * may make one.
 */
static struct sv_entry *
cache_lookup(struct walk *w, const struct at *a, int *capture)
{
	struct sv_cache *c = w->ctx->cache;
	struct sv_entry *e;

	pthread_mutex_lock(&c->lock);
	e = cache_find(c, a->node, w->fmt, a->level == 0, w->root);
	*capture = e == NULL && !c->full;
	pthread_mutex_unlock(&c->lock);
	/* an entry is never changed but for usable, nor freed before c */
	if (e != NULL && !sv_reusable(w, e, a->depth))
		return NULL;
	if (e != NULL)
		__atomic_fetch_add(&c->stats.hits, 1, __ATOMIC_RELAXED);
	return e;
}

/* Leaves what the walk of e's subtree at depth would have left. */
static void
cache_replay(struct walk *w, struct sv_entry *e, size_t depth)
{
	size_t base = w->ordinals, i;

	for (i = 0; i < e->n_marks && !w->oom; i++) {
		struct shown *sh = item_add(w, &w->shown, &w->n_shown,
		                            &w->cap_shown, sizeof(*sh));

		if (sh == NULL ||
		    hmap_put_ptr(&w->seen, e->marks[i].node,
		                 (void *)(uintptr_t)w->n_shown) < 0) {
			w->oom = 1;
			return;
		}
		sh->node = e->marks[i].node;
		sh->ordinal = base + e->marks[i].ordinal;
		sh->frozen = e;
	}
	for (i = 0; w->met_all != NULL && i < e->n_met; i++)
		if (hmap_put_ptr(w->met_all, e->met[i], (void *)1) < 0) {
			w->oom = 1;
			return;
		}
	if (w->n_cands > 0) {
		/* for the subtrees around it being walked */
		if (ARRAY_RESERVE(w->met, w->n_met + e->n_met, w->cap_met) <
		    0) {
			w->oom = 1;
			return;
		}
		if (e->n_met > 0)
			memcpy(w->met + w->n_met, e->met,
			       e->n_met * sizeof(*e->met));
		w->n_met += e->n_met;
	}
	w->ordinals += e->ordinals;
	w->nodes += e->nodes;
	w->work += e->work;
	if (depth + e->height > w->deepest)
		w->deepest = depth + e->height;
}

/*
 * Begins a candidate: the children of a (at body) are walked next; cuts
 * is w->cuts before a's children were listed.
 */
static size_t
cand_open(struct walk *w, const struct at *a, struct tmpl_dict *body,
          size_t cuts)
{
	struct cand *c =
	        item_add(w, &w->cands, &w->n_cands, &w->cap_cands, sizeof(*c));

	if (c == NULL)
		return SIZE_MAX;
	c->node = a->node;
	c->level0 = a->level == 0;
	c->open = 1;
	c->depth = a->depth;
	c->body = body;
	c->shown0 = w->n_shown;
	c->met0 = w->n_met;
	c->nodes0 = w->nodes;
	c->work0 = w->work;
	c->ord0 = w->ordinals;
	c->cuts0 = cuts;
	c->sized0 = w->sized;
	c->deepest_out = w->deepest;
	w->deepest = a->depth;
	return w->n_cands - 1;
}

static void
cand_close(struct walk *w, size_t i)
{
	struct cand *c;

	if (i == SIZE_MAX)
		return;
	c = &w->cands[i];
	c->open = 0;
	c->shown1 = w->n_shown;
	c->met1 = w->n_met;
	c->nodes1 = w->nodes;
	c->work1 = w->work;
	c->ord1 = w->ordinals;
	c->deepest = w->deepest;
	if (c->deepest_out > w->deepest)
		w->deepest = c->deepest_out;
	if (w->cuts != c->cuts0 || w->sized != c->sized0 ||
	    c->deepest >= SCHEMAVIEW_MAX_DEPTH)
		c->bad = 1;
}

static void
entry_free(struct sv_entry *e)
{
	if (e == NULL)
		return;
	free(e->root);
	free(e->text);
	free(e->met);
	free(e->marks);
	free(e);
}

/* The entry of candidate c, text and all, or NULL when out of memory. */
static struct sv_entry *
entry_make(struct walk *w, const struct cand *c)
{
	struct sv_cache *cache = w->ctx->cache;
	struct sv_entry *e = calloc(1, sizeof(*e));
	int outside = 0;
	size_t i;

	if (e == NULL)
		goto fail;
	e->fmt = w->fmt;
	e->level0 = c->level0;
	e->root = strdup(w->root);
	e->nodes = c->nodes1 - c->nodes0;
	e->work = c->work1 - c->work0;
	e->ordinals = c->ord1 - c->ord0;
	e->height = c->deepest - c->depth;
	e->n_met = c->met1 - c->met0;
	e->n_marks = c->shown1 - c->shown0;
	e->met = malloc((e->n_met + 1) * sizeof(*e->met));
	e->marks = malloc((e->n_marks + 1) * sizeof(*e->marks));
	if (e->root == NULL || e->met == NULL || e->marks == NULL)
		goto fail;
	if (e->n_met > 0)
		memcpy(e->met, w->met + c->met0, e->n_met * sizeof(*e->met));
	for (i = 0; i < e->n_marks; i++) {
		e->marks[i].node = w->shown[c->shown0 + i].node;
		e->marks[i].ordinal = w->shown[c->shown0 + i].ordinal - c->ord0;
	}
	if (tmpl_expand_include(&e->text, &e->len, &outside, cache->tmpl,
	                        cache->strip, c->body) < 0)
		goto fail;
	/*
	 * A text that read a global (a theme's partial showing the page's
	 * ROOT, say) may differ on another page: kept, unusable, so that
	 * it is not made again.
	 */
	e->usable = !outside;
	if (outside) {
		free(e->text);
		e->text = NULL;
		e->len = 0;
	}
	return e;
fail:
	entry_free(e);
	return NULL;
}

/*
 * Makes the entries of the good candidates of a finished tree (a tree
 * whose walk is over: no anchor can be added to it any more).
 */
static void
cache_store(struct walk *w)
{
	struct sv_cache *c = w->ctx->cache;
	size_t i;

	for (i = 0; i < w->n_cands; i++) {
		const struct cand *cd = &w->cands[i];
		struct sv_entry *e, *old;
		size_t size;
		int skip;

		if (cd->bad || cd->open || cd->body == NULL)
			continue;
		pthread_mutex_lock(&c->lock);
		skip = c->full || cache_find(c, cd->node, w->fmt, cd->level0,
		                             w->root) != NULL;
		pthread_mutex_unlock(&c->lock);
		if (skip)
			continue;
		/* out of memory here only loses the entry */
		if ((e = entry_make(w, cd)) == NULL)
			continue;
		size = sizeof(*e) + e->len + strlen(e->root) + 1 +
		       e->n_met * sizeof(*e->met) +
		       e->n_marks * sizeof(*e->marks);
		pthread_mutex_lock(&c->lock);
		old = cache_find(c, cd->node, w->fmt, cd->level0, w->root);
		if (old == NULL && c->bytes + size > c->max_bytes)
			c->full = 1;
		if (old == NULL && !c->full) {
			e->next = hmap_get_ptr(&c->map, cd->node);
			if (hmap_put_ptr(&c->map, cd->node, e) == 0) {
				c->bytes += size;
				c->stats.bytes = c->bytes;
				if (e->usable)
					c->stats.stored++;
				else
					c->stats.refused++;
				e = NULL;
			}
		}
		pthread_mutex_unlock(&c->lock);
		entry_free(e);
	}
}

int
schemaview_ctx_cache(struct schemaview_ctx *ctx, struct tmpl_cache *tmpl,
                     enum tmpl_strip strip, size_t max_bytes)
{
	struct sv_cache *c;

	if (!cache_enabled || ctx->cache != NULL)
		return 0;
	c = calloc(1, sizeof(*c));
	if (c == NULL)
		return -1;
	if (pthread_mutex_init(&c->lock, NULL) != 0) {
		free(c);
		return -1;
	}
	c->tmpl = tmpl;
	c->strip = strip;
	c->max_bytes = max_bytes;
	ctx->cache = c;
	return 0;
}

void
schemaview_ctx_cache_stats(struct schemaview_ctx *ctx,
                           struct schemaview_cache_stats *out)
{
	struct sv_cache *c = ctx->cache;

	memset(out, 0, sizeof(*out));
	if (c == NULL)
		return;
	pthread_mutex_lock(&c->lock);
	*out = c->stats;
	out->hits = __atomic_load_n(&c->stats.hits, __ATOMIC_RELAXED);
	out->conflicts = __atomic_load_n(&c->stats.conflicts, __ATOMIC_RELAXED);
	out->tree_hits = __atomic_load_n(&c->stats.tree_hits, __ATOMIC_RELAXED);
	out->trees_met = __atomic_load_n(&c->stats.trees_met, __ATOMIC_RELAXED);
	pthread_mutex_unlock(&c->lock);
}

static void
cache_free(struct sv_cache *c)
{
	size_t i;

	if (c == NULL)
		return;
	for (i = 0; i < c->trees.cap; i++) {
		struct sv_tree *t = hmap_slot_val(&c->trees, i);

		while (t != NULL) {
			struct sv_tree *next = t->next;

			free(t->root);
			free(t->text);
			hmap_free(&t->met);
			free(t);
			t = next;
		}
	}
	hmap_free(&c->trees);
	for (i = 0; i < c->map.cap; i++) {
		struct sv_entry *e = hmap_slot_val(&c->map, i);

		while (e != NULL) {
			struct sv_entry *next = e->next;

			entry_free(e);
			e = next;
		}
	}
	hmap_free(&c->map);
	pthread_mutex_destroy(&c->lock);
	free(c);
}

/*
 * A child's row in the group dictionary parent (HTML): name, type, badges,
 * link, and nested in <details> when it has children. Returns the
 * dictionary of its body, or NULL when it shows none; *row is the row.
 */
static struct tmpl_dict *
html_child(struct walk *w, const struct at *a, const struct desc *d,
           struct tmpl_dict *parent, struct tmpl_dict **row,
           const struct sv_entry *e)
{
	struct tmpl_dict *r, *nd = NULL;
	char buf[32];
	const char *kind;
	const char *name = kid_name(a->g, a->idx, buf, sizeof(buf), &kind);

	r = *row = tmpl_section_add(parent, "SV_CHILD");
	if (name != NULL) {
		tmpl_show(r, "SV_CHILD_NAMED");
		tmpl_set(r, "SV_CHILD_NAME", name);
		tmpl_set(r, "SV_CHILD_NAME_KIND", kind);
	}
	tmpl_set(r, "SV_CHILD_TYPE_HTML", d->type);
	set_badges(r, "SV_CHILD_BADGE", "SV_CHILD_BADGE_KIND",
	           "SV_CHILD_BADGE_TEXT", d->badges);
	if (d->link_url != NULL) {
		struct tmpl_dict *l = tmpl_section_add(r, "SV_CHILD_LINK");

		tmpl_set(l, "SV_CHILD_LINK_URL", d->link_url);
		tmpl_set(l, "SV_CHILD_LINK_TEXT", d->link_text);
	}
	if (e != NULL)
		tmpl_include_text(r, "SV_CHILD_BODY", e->text, e->len);
	else if (body_nonempty(d))
		nd = tmpl_include_add(r, "SV_CHILD_BODY", SCHEMAVIEW_TEMPLATE);
	if (name != NULL && d->n_groups > 0) {
		/*
		 * A <summary> may hold no link (nested interactive content):
		 * it shows the type as text, and the linked type, if any,
		 * comes first in the body.
		 */
		int refline = d->link_url != NULL ||
		              (d->type != NULL && strchr(d->type, '<') != NULL);
		/* the name is the refline's link: once */
		char *text =
		        type_string(w, a->raw, 0, a->depth > 0 && !refline);

		tmpl_show(r, "SV_CHILD_NEST");
		tmpl_set(r, "SV_CHILD_TYPE_TEXT", text != NULL ? text : "");
		if (refline)
			tmpl_show(r, "SV_CHILD_REFLINE");
		free(text);
		if (a->level == 1)
			tmpl_show(r, "SV_CHILD_OPEN");
	} else {
		tmpl_show(r, "SV_CHILD_FLAT");
	}
	return nd;
}

/*
 * The HTML of a (the root into parent, a child as a row of parent), and
 * its groups' dictionaries into *gds (NULL when none; freed by the
 * caller). *anchor is the dictionary its anchor goes to. A child with e
 * (not NULL) has e's text for a body, and no groups. Returns the
 * dictionary of its body (NULL when it has none or e's).
 */
static struct tmpl_dict *
html_node(struct walk *w, const struct at *a, struct desc *d,
          struct tmpl_dict *parent, struct tmpl_dict ***gds,
          struct tmpl_dict **anchor, const struct sv_entry *e)
{
	struct tmpl_dict *nd = NULL, *head;
	size_t i;

	if (a->k == NULL) {
		nd = *anchor = parent;
		tmpl_show(nd, "SV_ROOT");
		if (w->flags & SCHEMAVIEW_NO_ROOT_TEXT) {
			d->title = NULL;
			d->description = NULL;
		}
		if (!(w->flags & SCHEMAVIEW_NO_HEAD)) {
			head = tmpl_section_add(nd, "SV_HEAD");
			tmpl_set(head, "SV_TYPE_HTML", d->type);
			set_badges(head, "SV_BADGE", "SV_BADGE_KIND",
			           "SV_BADGE_TEXT", d->badges);
		}
	} else {
		nd = html_child(w, a, d, parent, anchor, e);
	}
	if (nd != NULL)
		fill_body(w, nd, d);
	if (d->n_groups == 0 || e != NULL)
		return nd;
	*gds = calloc(d->n_groups, sizeof(**gds));
	if (*gds == NULL) {
		w->oom = 1;
		return nd;
	}
	for (i = 0; i < d->n_groups; i++) {
		(*gds)[i] = tmpl_section_add(nd, "SV_GROUP");
		tmpl_set((*gds)[i], "SV_GROUP_CLASS", d->groups[i].cls);
		tmpl_set((*gds)[i], "SV_GROUP_LABEL", d->groups[i].label);
	}
	return nd;
}

/* The row of a, under path ppath (rows); NULL when out of memory. */
static struct schemaview_row *
add_row(struct walk *w, const struct at *a, struct desc *d, const char *ppath)
{
	struct schemaview_row *r = row_add(w);

	if (r == NULL)
		return NULL;
	r->path = a->k != NULL ? kid_path(w, ppath, a->g, a->idx) : strdup("");
	if (r->path == NULL) {
		w->oom = 1;
		return NULL;
	}
	r->depth = a->depth;
	r->type = d->type;
	d->type = NULL;
	r->title = d->title;
	r->description = d->description;
	r->values = facts_text(w, d, CAT_VALUE);
	r->constraints = facts_text(w, d, CAT_CONSTRAINT);
	r->other = facts_text(w, d, CAT_OTHER);
	r->notes = notes_text(w, d, w->rows->items);
	r->link_id = d->link_id != NULL ? d->link_id
	             : a->comp >= 0     ? w->ctx->m->schemas[a->comp]->id
	                                : NULL;
	r->cut = d->cut;
	return r;
}

/*
 * Shows one subschema: the root (g NULL) into the dictionary parent, or
 * child idx of group g as a row of the group's dictionary parent (HTML);
 * or as a row after the rows so far, under path ppath (rows). level counts
 * the named levels (the first is shown open). A subschema shown with its
 * children is remembered (w->seen) for the links of later meetings.
 */
static void
visit(struct walk *w, const struct group *g, size_t idx, size_t depth,
      size_t level, struct tmpl_dict *parent, const char *ppath)
{
	struct at a = {.g = g, .idx = idx, .depth = depth, .level = level};
	struct desc d;
	struct tmpl_dict *anchor = NULL, **gds = NULL, *body = NULL;
	struct schemaview_row *r;
	struct sv_entry *e = NULL;
	const char *path = NULL;
	size_t ordinal = w->ordinals++, row_i = 0, cand = SIZE_MAX;
	/* a's children are listed by describe(): a cut there is in its text */
	size_t cuts = w->cuts;
	int expand, capture = 0;

	memset(&d, 0, sizeof(d));
	a.k = g != NULL ? &g->kids[idx] : NULL;
	/* the root's node is set by the caller */
	a.raw = a.k != NULL ? a.k->raw : w->path[0].node;
	a.node = w->fmt == FMT_AVRO ? sv_avro_target(w, a.raw)
	                            : sv_resolve(w, a.raw);
	a.comp = comp_of(w->ctx, &a.node);
	if (depth > w->deepest)
		w->deepest = depth;
	if (w->met_all != NULL &&
	    hmap_put_ptr(w->met_all, a.node, (void *)1) < 0) {
		w->oom = 1;
		goto out;
	}
	if (w->n_cands > 0) {
		/* what the subtrees being walked meet (cache_store) */
		if (ARRAY_RESERVE(w->met, w->n_met + 1, w->cap_met) < 0) {
			w->oom = 1;
			goto out;
		}
		w->met[w->n_met++] = a.node;
	}
	d.type = type_string(w, a.raw, w->mode == MODE_HTML, depth > 0);
	if (a.k != NULL && a.k->required)
		d.badges |= B_REQUIRED;
	describe(w, &d, &a);
	if (w->oom)
		goto out;
	expand = d.n_groups > 0 && !d.cut && depth < SCHEMAVIEW_MAX_DEPTH;
	if (expand && w->cuts == cuts && cacheable(w, &a))
		e = cache_lookup(w, &a, &capture);
	if (w->mode == MODE_HTML) {
		body = html_node(w, &a, &d, parent, &gds, &anchor, e);
	} else if (w->mode == MODE_ROWS) {
		if ((r = add_row(w, &a, &d, ppath)) == NULL)
			goto out;
		path = r->path;
		row_i = w->rows->n - 1;
	}
	if (!w->oom && expand) {
		struct frame *fr = &w->path[depth];
		struct shown *sh = item_add(w, &w->shown, &w->n_shown,
		                            &w->cap_shown, sizeof(*sh));

		if (sh == NULL ||
		    hmap_put_ptr(&w->seen, a.node,
		                 (void *)(uintptr_t)w->n_shown) < 0) {
			w->oom = 1;
			goto out;
		}
		fr->node = a.node;
		fr->comp = a.comp;
		fr->shown = w->n_shown - 1;
		sh->node = a.node;
		sh->ordinal = ordinal;
		sh->row = row_i;
		sh->anchor_dict = anchor;
		sh->anchor_sec = a.k != NULL ? "SV_CHILD_ANCHOR" : "SV_ANCHOR";
		sh->anchor_var =
		        a.k != NULL ? "SV_CHILD_ANCHOR_ID" : "SV_ANCHOR_ID";
		if (e != NULL) {
			cache_replay(w, e, depth);
			goto out;
		}
		if (capture && body != NULL)
			cand = cand_open(w, &a, body, cuts);
		visit_groups(w, &d, gds, depth, level, path);
		cand_close(w, cand);
	}
out:
	free(gds);
	desc_free(&d);
}

static void
walk_init(struct walk *w, const struct schemaview_ctx *ctx, const cJSON *schema,
          const char *format, enum mode mode)
{
	memset(w, 0, sizeof(*w));
	w->ctx = ctx;
	w->doc = ctx->m->doc;
	w->fmt = fmt_of(format);
	w->mode = mode;
	w->root = "";
	w->owner = "schema";
	w->use_cache = ctx->cache != NULL;
	if (schema != NULL) {
		const cJSON *n = sv_resolve(w, schema);
		const char *owner = hmap_get_ptr(&ctx->owners, n);

		if (owner != NULL)
			w->owner = owner;
	}
	if (w->fmt == FMT_AVRO &&
	    avro_index_build(&w->avro, schema, sv_avro_deref, w) < 0)
		w->oom = 1;
}

static void
walk_free(struct walk *w)
{
	hmap_free(&w->sizes);
	hmap_free(&w->seen);
	free(w->shown);
	free(w->met);
	free(w->cands);
	avro_index_free(&w->avro);
}

/* The text of a schema in a format shown raw (cut), or NULL on ENOMEM. */
static char *
raw_text(const struct walk *w, const cJSON *schema, int *cut)
{
	struct strbuf b = STRBUF_INIT;
	const cJSON *n = sv_resolve(w, schema);

	if (cJSON_IsString(n))
		strbuf_puts(&b, n->valuestring);
	else
		put_json(&b, n, 0, SCHEMAVIEW_MAX_RAW, 1);
	*cut = b.len > SCHEMAVIEW_MAX_RAW;
	cut_text(&b, SCHEMAVIEW_MAX_RAW);
	return strbuf_take(&b);
}

/* -------------------------------------------------------------- public */

int
schemaview_ctx_new(struct schemaview_ctx **out, const struct model *m,
                   const struct pages_plan *plan)
{
	struct schemaview_ctx *c;
	size_t i, j;
	int rc = -1, pass;

	*out = NULL;
	c = calloc(1, sizeof(*c));
	if (c == NULL)
		goto out;
	c->m = m;
	if (plan != NULL)
		c->plan = *plan;
	else
		c->plan.ext = ".html";
	if (m->n_schemas > 0) {
		c->urls = calloc(m->n_schemas, sizeof(*c->urls));
		if (c->urls == NULL)
			goto out;
	}
	/*
	 * A schema is named by the component that defines it: an alias
	 * (R: {$ref: S}) resolves to S's node too, and the first to claim a
	 * node keeps it, so the aliases claim only in a second pass (else
	 * a $ref to S, met after R in the document, would link to R).
	 */
	for (pass = 0; pass < 2; pass++)
		for (i = 0; i < m->n_schemas; i++) {
			const struct model_schema *s = m->schemas[i];
			void *v = (void *)(uintptr_t)(i + 1);
			int alias = s->src.via != NULL; /* reached by $ref */

			if (alias != pass)
				continue;
			c->urls[i] = pages_url(&c->plan, PAGES_SCHEMA, s->id);
			if (c->urls[i] == NULL)
				goto out;
			if (s->schema != NULL &&
			    (hmap_add_ptr(&c->comps, s->schema, v) < 0 ||
			     hmap_add_ptr(&c->owners, s->schema,
			                  (void *)s->id) < 0))
				goto out;
			if (s->src.node != NULL &&
			    hmap_add_ptr(&c->comps, s->src.node, v) < 0)
				goto out;
		}
	for (i = 0; i < m->n_messages; i++) {
		const struct model_schema *s[2] = {m->messages[i]->payload,
		                                   m->messages[i]->headers};

		for (j = 0; j < 2; j++)
			if (s[j] != NULL && s[j]->schema != NULL &&
			    hmap_add_ptr(&c->owners, s[j]->schema,
			                 (void *)s[j]->id) < 0)
				goto out;
	}
	for (i = 0; i < m->n_channels; i++) {
		for (j = 0; j < m->channels[i]->n_parameters; j++) {
			const struct model_schema *s =
			        m->channels[i]->parameters[j]->schema;

			if (s != NULL && s->schema != NULL &&
			    hmap_add_ptr(&c->owners, s->schema, (void *)s->id) <
			            0)
				goto out;
		}
	}
	*out = c;
	c = NULL;
	rc = 0;
out:
	schemaview_ctx_free(c);
	return rc;
}

void
schemaview_ctx_free(struct schemaview_ctx *ctx)
{
	size_t i;

	if (ctx == NULL)
		return;
	if (ctx->urls != NULL)
		for (i = 0; i < ctx->m->n_schemas; i++)
			free(ctx->urls[i]);
	free(ctx->urls);
	hmap_free(&ctx->comps);
	hmap_free(&ctx->owners);
	cache_free(ctx->cache);
	free(ctx);
}

int
schemaview_type(char **out, const struct schemaview_ctx *ctx,
                const cJSON *schema, const char *format)
{
	struct walk w;
	int rc = -1;

	*out = NULL;
	walk_init(&w, ctx, schema, format, MODE_TYPE);
	if (w.oom)
		goto out;
	if (w.fmt == FMT_RAW)
		*out = strdup(format);
	else
		*out = type_string(&w, schema, 0, 0);
	if (*out == NULL || w.oom) {
		free(*out);
		*out = NULL;
		goto out;
	}
	rc = 0;
out:
	walk_free(&w);
	return rc;
}

int
schemaview_fill(struct tmpl_dict *d, const struct schemaview_ctx *ctx,
                const cJSON *schema, const char *format, const char *root)
{
	return schemaview_fill_flags(d, ctx, schema, format, root, 0, NULL);
}

/* schemaview_fill_flags(), with the cache or without. */
static int
fill(struct tmpl_dict *d, const struct schemaview_ctx *ctx, const cJSON *schema,
     const char *format, const char *root, unsigned flags, const char *name,
     int use_cache, int *anchored, struct hmap *met_all)
{
	struct walk w;
	int rc = -1;

	walk_init(&w, ctx, schema, format, MODE_HTML);
	w.met_all = met_all;
	w.use_cache = w.use_cache && use_cache;
	w.root = root != NULL ? root : "";
	w.flags = flags;
	if (name != NULL)
		w.owner = name;
	if (w.oom)
		goto out;
	if (w.fmt == FMT_RAW) {
		struct tmpl_dict *r;
		int cut;
		char *text = raw_text(&w, schema, &cut);

		if (text == NULL)
			goto out;
		tmpl_show(d, "SV_ROOT");
		r = tmpl_section_add(d, "SV_RAW");
		tmpl_set(r, "SV_RAW_FORMAT", format);
		tmpl_set(r, "SV_RAW_TEXT", text);
		free(text);
		if (cut)
			tmpl_set(tmpl_section_add(d, "SV_NOTE"), "SV_NOTE_TEXT",
			         "The schema is cut: it is longer than the "
			         "size shown.");
		rc = 0;
		goto out;
	}
	w.path[0].node = schema;
	visit(&w, NULL, 0, 0, 0, d, NULL);
	if (!w.oom && w.conflict) {
		/* a reused text would need an anchor: all again, uncached */
		__atomic_fetch_add(&ctx->cache->stats.conflicts, 1,
		                   __ATOMIC_RELAXED);
		walk_free(&w);
		tmpl_dict_clear(d);
		if (met_all != NULL)
			hmap_clear(met_all);
		return fill(d, ctx, schema, format, root, flags, name, 0,
		            anchored, met_all);
	}
	if (!w.oom && w.n_cands > 0)
		cache_store(&w);
	*anchored = w.anchored;
	rc = w.oom ? -1 : 0;
out:
	walk_free(&w);
	return rc;
}

int
schemaview_fill_flags(struct tmpl_dict *d, const struct schemaview_ctx *ctx,
                      const cJSON *schema, const char *format, const char *root,
                      unsigned flags, const char *name)
{
	int anchored;

	if (d == NULL || schema == NULL)
		return 0;
	return fill(d, ctx, schema, format, root, flags, name, 1, &anchored,
	            NULL);
}

/* Components, circular refs and refs with other members: by identity. */
static int
sv_opaque(void *arg, const cJSON *n)
{
	const struct schemaview_ctx *ctx = arg;

	if (hmap_get_ptr(&ctx->comps, n) != NULL)
		return 1;
	return loader_is_ref(n) && (n->child->next != NULL ||
	                            loader_ref_is_circular(ctx->m->doc, n));
}

/*
 * The entry of the tree of raw (hash h) shown with fmt, flags and root,
 * or NULL; c->lock held.
 */
static struct sv_tree *
tree_find(struct sv_cache *c, const struct treehash_opts *o, uint64_t h,
          const cJSON *raw, enum fmt fmt, unsigned flags, const char *root)
{
	struct sv_tree *t;

	for (t = hmap_get_ptr(&c->trees, hmap_hash_key(h)); t != NULL;
	     t = t->next)
		if (t->fmt == fmt && t->flags == flags &&
		    strcmp(t->root, root) == 0 &&
		    treehash_equal(o, t->raw, raw))
			return t;
	return NULL;
}

/*
 * 1 when a node of the tree of n (its own nodes: refs not followed) is in
 * met, the nodes the walk of another tree met.
 */
static int
tree_meets(const struct hmap *met, const cJSON *n, int depth)
{
	const cJSON *el;

	if (hmap_get_ptr(met, n) != NULL)
		return 1;
	if (depth > TREEHASH_MAX_DEPTH || loader_is_ref(n))
		return 0;
	for (el = n->child; el != NULL; el = el->next)
		if ((cJSON_IsObject(el) || cJSON_IsArray(el)) &&
		    tree_meets(met, el, depth + 1))
			return 1;
	return 0;
}

/* A new entry for the tree of raw, seen once; c->lock held. */
static void
tree_add(struct sv_cache *c, uint64_t h, const cJSON *raw, enum fmt fmt,
         unsigned flags, const char *root)
{
	struct sv_tree *t = calloc(1, sizeof(*t));

	/* out of memory here only loses the entry */
	if (t == NULL || (t->root = strdup(root)) == NULL)
		goto fail;
	t->raw = raw;
	t->fmt = fmt;
	t->flags = flags;
	t->state = SV_TREE_SEEN;
	t->seen = 1;
	t->next = hmap_get_ptr(&c->trees, hmap_hash_key(h));
	if (hmap_put_ptr(&c->trees, hmap_hash_key(h), t) < 0)
		goto fail;
	return;
fail:
	if (t != NULL)
		free(t->root);
	free(t);
}

int
schemaview_add_tree(struct tmpl_dict *parent, const char *marker,
                    const struct schemaview_ctx *ctx, const cJSON *schema,
                    const char *format, const char *root, unsigned flags,
                    const char *name)
{
	const struct treehash_opts o = {
	        .doc = ctx->m->doc, .opaque = sv_opaque, .arg = (void *)ctx};
	struct sv_cache *c = ctx->cache;
	struct sv_tree *t = NULL;
	struct tmpl_dict *d;
	struct hmap met = HMAP_INIT;
	enum fmt fmt = fmt_of(format);
	char *text = NULL;
	size_t len = 0, size;
	uint64_t h = 0;
	int anchored = 0, outside = 0, reuse = 0, make = 0, rc;

	if (parent == NULL || schema == NULL)
		return 0;
	if (root == NULL)
		root = "";
	/*
	 * A component's own tree (its page's) is the one tree of its node but
	 * for an alias's page: not worth an entry (#18: the 39,000 of a spec
	 * of 20,000 refs cost 3 % of its build and 4 MB)
	 */
	if (c != NULL && (fmt == FMT_JSON || fmt == FMT_OAS) &&
	    !sv_opaque((void *)ctx, schema)) {
		h = treehash_hash(&o, schema);
		pthread_mutex_lock(&c->lock);
		t = tree_find(c, &o, h, schema, fmt, flags, root);
		if (t == NULL)
			tree_add(c, h, schema, fmt, flags, root);
		else if (t->state == SV_TREE_TEXT)
			reuse = 1;
		/* the one that reaches SV_TREE_TEXT_AT makes the text */
		else if (t->state == SV_TREE_SEEN && t->seen < SV_TREE_TEXT_AT)
			make = ++t->seen == SV_TREE_TEXT_AT;
		pthread_mutex_unlock(&c->lock);
	}
	/* a text, its raw and met are set once, and freed with c */
	if (reuse &&
	    (t->text_raw == schema || !tree_meets(&t->met, schema, 0))) {
		__atomic_fetch_add(&c->stats.tree_hits, 1, __ATOMIC_RELAXED);
		tmpl_include_text(parent, marker, t->text, t->len);
		return 0;
	}
	if (reuse)
		__atomic_fetch_add(&c->stats.trees_met, 1, __ATOMIC_RELAXED);
	d = tmpl_include_add(parent, marker, SCHEMAVIEW_TEMPLATE);
	if (d == NULL)
		return -1;
	rc = fill(d, ctx, schema, format, root, flags, name, 1, &anchored,
	          make ? &met : NULL);
	if (rc < 0 || !make) {
		hmap_free(&met);
		return rc;
	}
	/* the SV_TREE_TEXT_AT-th tree of this content: text for the next */
	if (!anchored && tmpl_expand_include(&text, &len, &outside, c->tmpl,
	                                     c->strip, d) < 0) {
		hmap_free(&met);
		return 0; /* out of memory here only loses the text */
	}
	size = sizeof(*t) + len + met.cap * 2 * sizeof(void *);
	pthread_mutex_lock(&c->lock);
	if (t->state == SV_TREE_SEEN) {
		if (anchored || outside) {
			t->state = SV_TREE_NO;
		} else if (c->bytes + size <= c->max_bytes) {
			t->text = text;
			t->len = len;
			t->text_raw = schema;
			t->met = met;
			t->state = SV_TREE_TEXT;
			text = NULL;
			met = (struct hmap)HMAP_INIT;
			c->bytes += size;
			c->stats.bytes = c->bytes;
			c->stats.trees_stored++;
		}
	}
	pthread_mutex_unlock(&c->lock);
	free(text);
	hmap_free(&met);
	return 0;
}

int
schemaview_rows(struct schemaview_rows **out, const struct schemaview_ctx *ctx,
                const cJSON *schema, const char *format)
{
	struct walk w;
	struct schemaview_rows *r;
	int rc = -1, cut;

	*out = NULL;
	r = calloc(1, sizeof(*r));
	walk_init(&w, ctx, schema, format, MODE_ROWS);
	if (r == NULL || w.oom)
		goto out;
	w.rows = r;
	if (schema == NULL) {
		rc = 0;
	} else if (w.fmt == FMT_RAW) {
		r->raw = raw_text(&w, schema, &cut);
		r->raw_format = format;
		rc = r->raw != NULL ? 0 : -1;
	} else {
		w.path[0].node = schema;
		visit(&w, NULL, 0, 0, 0, NULL, "");
		r->not_shown = w.not_shown;
		rc = w.oom ? -1 : 0;
	}
	if (rc == 0) {
		*out = r;
		r = NULL;
	}
out:
	walk_free(&w);
	schemaview_rows_free(r);
	return rc;
}

void
schemaview_rows_free(struct schemaview_rows *rows)
{
	size_t i;

	if (rows == NULL)
		return;
	for (i = 0; i < rows->n; i++) {
		struct schemaview_row *r = &rows->items[i];

		free(r->path);
		free(r->type);
		free(r->values);
		free(r->constraints);
		free(r->other);
		free(r->notes);
	}
	free(rows->items);
	free(rows->raw);
	free(rows);
}
