/*
 * example: example values generated from schemas (see example.h).
 *
 * The generator works on a "view": the schema objects whose constraints
 * hold together for one value (the schema itself, its allOf members, the
 * first branch of its oneOf/anyOf, recursively), so that allOf needs no
 * merged copy of the schemas. Values are built bottom-up with a node
 * budget; the schemas being expanded are kept on a path for cycle checks.
 */
#include "config.h"

#include <ctype.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cJSON.h>

#include "render/example.h"
#include "util/array.h"
#include "util/ascii.h"
#include "check/jsonschema.h"
#include "load/loader.h"
#include "model/avro.h"
#include "model/mediatype.h"
#include "util/node.h"
#include "util/strbuf.h"

#define VIEW_MAX      32     /* schema objects merged into one view */
#define REF_HOPS      64     /* refs followed in a chain */
#define COLLECT_DEPTH 16     /* allOf/oneOf nesting walked for one view */
#define MAX_PATTERNS  4      /* patterns of one view checked */
#define PAT_STEPS     100000 /* pattern generator work per attempt */
#define PAT_DEPTH     64     /* group nesting in a pattern */

enum vtype { T_NONE, T_NULL, T_BOOL, T_INT, T_NUM, T_STR, T_OBJ, T_ARR };

struct gen {
	const struct loader_doc *doc;
	const cJSON *root; /* for "#/..." refs the loader does not know */
	struct example_opts o;
	size_t nodes; /* budget left */
	int oom;
	/* the node whose top-level combinator skip_key is enumerated */
	const cJSON *skip;
	const char *skip_key;
	const cJSON **path; /* schemas being expanded */
	size_t npath, cpath;
	struct avro_index avro; /* Avro named types */
};

struct view {
	const cJSON *s[VIEW_MAX];
	size_t n;
	int never; /* a false schema is part of it */
};

/* ------------------------------------------------------------------ */
/* Refs, nodes, path                                                   */

/* Decodes one JSON Pointer token (~0 ~1 %XX) into buf; -1 if too long. */
static int
ptr_token(char *buf, size_t size, const char **pp)
{
	const char *p = *pp;
	size_t n = 0;
	unsigned v;
	char c;

	while (*p != '\0' && *p != '/') {
		c = *p++;
		if (c == '~' && (*p == '0' || *p == '1')) {
			c = *p++ == '0' ? '~' : '/';
		} else if (c == '%' && isxdigit((unsigned char)p[0]) &&
		           isxdigit((unsigned char)p[1])) {
			sscanf(p, "%2x", &v);
			c = (char)v;
			p += 2;
		}
		if (n + 1 >= size)
			return -1;
		buf[n++] = c;
	}
	buf[n] = '\0';
	*pp = p;
	return 0;
}

/* A "#/..." JSON Pointer resolved in root, or NULL. */
static const cJSON *
local_pointer(const cJSON *root, const char *ref)
{
	const cJSON *n = root;
	const char *p;
	char tok[256], *end;
	long idx;

	if (root == NULL || ref == NULL || ref[0] != '#')
		return NULL;
	p = ref + 1;
	while (*p == '/') {
		p++;
		if (ptr_token(tok, sizeof(tok), &p) < 0)
			return NULL;
		if (cJSON_IsArray(n)) {
			idx = strtol(tok, &end, 10);
			if (*end != '\0' || end == tok || idx < 0)
				return NULL;
			n = cJSON_GetArrayItem(n, (int)idx);
		} else {
			n = node_get(n, tok);
		}
		if (n == NULL)
			return NULL;
	}
	return *p == '\0' ? n : NULL;
}

/* Follows refs from s; NULL when one cannot be resolved. */
static const cJSON *
deref(const struct gen *g, const cJSON *s)
{
	const cJSON *t;
	int hops;

	for (hops = 0; s != NULL && loader_is_ref(s); hops++) {
		if (hops == REF_HOPS)
			return NULL;
		t = g->doc != NULL ? loader_ref_target(g->doc, s) : NULL;
		if (t == NULL)
			t = local_pointer(g->root, loader_ref_string(s));
		s = t;
	}
	return s;
}

/* Counts a new node against the budget; records a failed allocation. */
static cJSON *
mk(struct gen *g, cJSON *n)
{
	if (n == NULL) {
		g->oom = 1;
		return NULL;
	}
	if (g->nodes > 0)
		g->nodes--;
	return n;
}

static size_t
count_nodes(const cJSON *n)
{
	const cJSON *c;
	size_t k = 1;

	for (c = n->child; c != NULL; c = c->next)
		k += count_nodes(c);
	return k;
}

/* Drops a value made for nothing and gives its nodes back. */
static void
drop(struct gen *g, cJSON *n)
{
	g->nodes += count_nodes(n);
	if (g->nodes > g->o.max_nodes)
		g->nodes = g->o.max_nodes;
	cJSON_Delete(n);
}

/* A number node showing text (which must be a JSON number). */
static cJSON *
mk_number(struct gen *g, const char *text)
{
	cJSON *n = mk(g, cJSON_CreateNumber(strtod(text, NULL)));

	if (n != NULL && node_set_number_text(n, text, strlen(text)) < 0)
		g->oom = 1;
	return n;
}

static int
on_path(const struct gen *g, const cJSON *s)
{
	size_t i;

	for (i = 0; i < g->npath; i++)
		if (g->path[i] == s)
			return 1;
	return 0;
}

static int
push(struct gen *g, const cJSON *const *s, size_t n)
{
	if (n == 0)
		return 0;
	if (ARRAY_RESERVE(g->path, g->npath + n, g->cpath) < 0) {
		g->oom = 1;
		return -1;
	}
	memcpy(g->path + g->npath, s, n * sizeof(*s));
	g->npath += n;
	return 0;
}

/*
 * Copies a value of the document, following refs (a ref whose target is
 * being copied already stays a ref object); containers below max_depth or
 * past the node budget are copied empty.
 */
static cJSON *
copy_value(struct gen *g, const cJSON *v, size_t depth)
{
	const cJSON *t = v, *c;
	cJSON *n = NULL, *k;
	size_t mark = g->npath;
	int followed = 0;

	if (loader_is_ref(v)) {
		t = deref(g, v);
		if (t == NULL || on_path(g, t))
			t = v;
		else if (push(g, &t, 1) < 0)
			return NULL;
		else
			followed = 1;
	}
	if (cJSON_IsObject(t) || cJSON_IsArray(t)) {
		n = mk(g, cJSON_IsObject(t) ? cJSON_CreateObject()
		                            : cJSON_CreateArray());
		for (c = t->child; n != NULL && c != NULL; c = c->next) {
			if (depth >= g->o.max_depth || g->nodes == 0)
				break;
			k = copy_value(g, c, depth + 1);
			if (k == NULL)
				break;
			if (cJSON_IsObject(t))
				cJSON_AddItemToObject(
				        n, c->string ? c->string : "", k);
			else
				cJSON_AddItemToArray(n, k);
		}
	} else if (cJSON_IsString(t)) {
		n = mk(g, cJSON_CreateString(t->valuestring));
	} else if (cJSON_IsNumber(t)) {
		n = mk(g, cJSON_CreateNumber(t->valuedouble));
		if (n != NULL && t->valuestring != NULL &&
		    node_set_number_text(n, t->valuestring,
		                         strlen(t->valuestring)) < 0)
			g->oom = 1;
	} else if (cJSON_IsBool(t)) {
		n = mk(g, cJSON_CreateBool(cJSON_IsTrue(t)));
	} else {
		n = mk(g, cJSON_CreateNull());
	}
	if (followed)
		g->npath = mark;
	return n;
}

/* ------------------------------------------------------------------ */
/* Views                                                               */

static int
type_is_only_null(const cJSON *s)
{
	const cJSON *t = node_get(s, "type"), *c;

	if (cJSON_IsString(t))
		return strcmp(t->valuestring, "null") == 0;
	if (!cJSON_IsArray(t) || t->child == NULL)
		return 0;
	for (c = t->child; c != NULL; c = c->next)
		if (!cJSON_IsString(c) || strcmp(c->valuestring, "null") != 0)
			return 0;
	return 1;
}

static int on_path(const struct gen *g, const cJSON *s);

/*
 * The branch of a oneOf/anyOf to show: the first that is neither only
 * {"type": "null"} nor a schema being expanded already (a recursive
 * branch), else the first that is not being expanded, else the first.
 */
static const cJSON *
first_branch(const struct gen *g, const cJSON *arr)
{
	const cJSON *c, *d, *fallback = NULL;

	for (c = arr->child; c != NULL; c = c->next) {
		d = deref(g, c);
		if (d != NULL && on_path(g, d))
			continue;
		if (!type_is_only_null(d))
			return c;
		if (fallback == NULL)
			fallback = c;
	}
	return fallback != NULL ? fallback : arr->child;
}

static void
collect(const struct gen *g, struct view *v, const cJSON *s, int depth)
{
	static const char *const comb[] = {"oneOf", "anyOf"};
	const cJSON *a, *c;
	size_t i;

	s = deref(g, s);
	if (s == NULL || cJSON_IsTrue(s))
		return;
	if (cJSON_IsFalse(s)) {
		v->never = 1;
		return;
	}
	if (!cJSON_IsObject(s) || depth > COLLECT_DEPTH)
		return;
	for (i = 0; i < v->n; i++)
		if (v->s[i] == s)
			return;
	if (v->n == VIEW_MAX)
		return;
	v->s[v->n++] = s;
	a = node_get(s, "allOf");
	if (cJSON_IsArray(a))
		for (c = a->child; c != NULL; c = c->next)
			collect(g, v, c, depth + 1);
	for (i = 0; i < 2; i++) {
		if (s == g->skip && strcmp(comb[i], g->skip_key) == 0)
			continue;
		a = node_get(s, comb[i]);
		if (cJSON_IsArray(a) && a->child != NULL)
			collect(g, v, first_branch(g, a), depth + 1);
	}
}

/* Member key of the first schema of the view that has it. */
static const cJSON *
vget(const struct view *v, const char *key)
{
	const cJSON *n;
	size_t i;

	for (i = 0; i < v->n; i++)
		if ((n = node_get(v->s[i], key)) != NULL)
			return n;
	return NULL;
}

static int
vhas_any(const struct view *v, const char *const *keys)
{
	for (; *keys != NULL; keys++)
		if (vget(v, *keys) != NULL)
			return 1;
	return 0;
}

static enum vtype
type_named(const char *t)
{
	static const struct {
		const char *name;
		enum vtype t;
	} tab[] = {{"null", T_NULL},  {"boolean", T_BOOL}, {"integer", T_INT},
	           {"number", T_NUM}, {"string", T_STR},   {"object", T_OBJ},
	           {"array", T_ARR}};
	size_t i;

	for (i = 0; i < sizeof(tab) / sizeof(tab[0]); i++)
		if (strcmp(t, tab[i].name) == 0)
			return tab[i].t;
	return T_NONE;
}

/* The type a schema object declares, or T_NONE. */
static enum vtype
declared_type(const cJSON *s)
{
	const cJSON *t = node_get(s, "type"), *c;
	enum vtype r, null = T_NONE;

	if (cJSON_IsString(t))
		return type_named(t->valuestring);
	if (!cJSON_IsArray(t))
		return T_NONE;
	for (c = t->child; c != NULL; c = c->next) {
		if (!cJSON_IsString(c))
			continue;
		r = type_named(c->valuestring);
		if (r == T_NULL)
			null = T_NULL;
		else if (r != T_NONE)
			return r;
	}
	return null;
}

static enum vtype
view_type(const struct view *v)
{
	static const char *const obj[] = {
	        "properties",    "required",      "additionalProperties",
	        "minProperties", "maxProperties", "patternProperties",
	        "propertyNames", "dependencies",  NULL};
	static const char *const arr[] = {
	        "items",    "additionalItems", "minItems", "maxItems",
	        "contains", "uniqueItems",     NULL};
	static const char *const str[] = {"minLength",        "maxLength",
	                                  "pattern",          "contentEncoding",
	                                  "contentMediaType", NULL};
	static const char *const num[] = {
	        "minimum",          "maximum",    "exclusiveMinimum",
	        "exclusiveMaximum", "multipleOf", NULL};
	enum vtype r = T_NONE, t;
	const char *f;
	size_t i;

	for (i = 0; i < v->n && r == T_NONE; i++)
		r = declared_type(v->s[i]);
	if (r == T_NUM) /* integer is the narrower of the two */
		for (i = 0; i < v->n; i++)
			if ((t = declared_type(v->s[i])) == T_INT)
				return T_INT;
	if (r != T_NONE)
		return r;
	if (vhas_any(v, obj))
		return T_OBJ;
	if (vhas_any(v, arr))
		return T_ARR;
	if (vhas_any(v, num))
		return T_NUM;
	f = cJSON_IsString(vget(v, "format")) ? vget(v, "format")->valuestring
	                                      : NULL;
	if (f != NULL && (strcmp(f, "int32") == 0 || strcmp(f, "int64") == 0))
		return T_INT;
	if (f != NULL && (strcmp(f, "float") == 0 || strcmp(f, "double") == 0))
		return T_NUM;
	if (f != NULL || vhas_any(v, str))
		return T_STR;
	return T_NONE;
}

static int
is_int(double x)
{
	return isfinite(x) && floor(x) == x;
}

/* 1 when v is of JSON Schema type t (an unknown type name accepts all). */
static int
fits_type(const char *t, const cJSON *v)
{
	if (strcmp(t, "null") == 0)
		return cJSON_IsNull(v);
	if (strcmp(t, "boolean") == 0)
		return cJSON_IsBool(v);
	if (strcmp(t, "integer") == 0)
		return cJSON_IsNumber(v) && is_int(v->valuedouble);
	if (strcmp(t, "number") == 0)
		return cJSON_IsNumber(v);
	if (strcmp(t, "string") == 0)
		return cJSON_IsString(v);
	if (strcmp(t, "object") == 0)
		return cJSON_IsObject(v);
	if (strcmp(t, "array") == 0)
		return cJSON_IsArray(v);
	return 1;
}

/*
 * 1 when a value given by the document (examples, example, default) has
 * a type every "type" of the view allows (OpenAPI's nullable lets null
 * through): a default of "false" for a boolean, or prose as the example
 * of an object, is not shown as the example.
 */
static int
given_fits(const struct gen *g, const struct view *v, const cJSON *val)
{
	const cJSON *t, *c;
	size_t i;
	int ok;

	val = deref(g, val);
	if (val == NULL)
		return 1;
	for (i = 0; i < v->n; i++) {
		t = node_get(v->s[i], "type");
		if (cJSON_IsNull(val) && node_get_bool(v->s[i], "nullable"))
			return 1;
		if (cJSON_IsString(t) && !fits_type(t->valuestring, val))
			return 0;
		if (!cJSON_IsArray(t) || t->child == NULL)
			continue;
		ok = 0;
		for (c = t->child; c != NULL && !ok; c = c->next)
			ok = !cJSON_IsString(c) ||
			     fits_type(c->valuestring, val);
		if (!ok)
			return 0;
	}
	return 1;
}

/*
 * The schema's own example value: examples, example, default (each only
 * when its type fits), const, enum.
 */
static const cJSON *
given(const struct gen *g, const struct view *v, size_t variant)
{
	const cJSON *n;
	size_t i, k;

	for (i = 0; i < v->n; i++) {
		n = node_get(v->s[i], "examples");
		if (cJSON_IsArray(n) && (k = node_size(n)) > 0) {
			n = cJSON_GetArrayItem(n, (int)(variant % k));
			if (given_fits(g, v, n))
				return n;
		}
	}
	if ((n = vget(v, "example")) != NULL && given_fits(g, v, n))
		return n;
	if ((n = vget(v, "default")) != NULL && given_fits(g, v, n))
		return n;
	if ((n = vget(v, "const")) != NULL)
		return n;
	for (i = 0; i < v->n; i++) {
		n = node_get(v->s[i], "enum");
		if (cJSON_IsArray(n) && (k = node_size(n)) > 0)
			return cJSON_GetArrayItem(n, (int)(variant % k));
	}
	return NULL;
}

/*
 * A non-negative number keyword over the view: the largest value, or the
 * smallest when `smallest`. 0 when no schema has it.
 */
static int
vsize(const struct view *v, const char *key, int smallest, size_t *out)
{
	const cJSON *n;
	size_t i, x;
	int found = 0;

	for (i = 0; i < v->n; i++) {
		n = node_get(v->s[i], key);
		if (!cJSON_IsNumber(n) || n->valuedouble < 0)
			continue;
		x = n->valuedouble > 1e15 ? (size_t)1e15
		                          : (size_t)n->valuedouble;
		if (!found || (smallest ? x < *out : x > *out))
			*out = x;
		found = 1;
	}
	return found;
}

static cJSON *gen(struct gen *g, const cJSON *const *in, size_t n, size_t depth,
                  size_t variant, int *cyc);

/* ------------------------------------------------------------------ */
/* Patterns                                                            */

enum { CE_CHAR, CE_D, CE_ND, CE_W, CE_NW, CE_S, CE_NS, CE_ZW, CE_FAIL };

struct pat {
	const char *p;
	struct strbuf o;
	int mode; /* 0 nice, 1 minimal, 2+ repeat up to `boost` */
	size_t boost, maxlen, steps;
	unsigned ctr;
	int fail, depth;
};

static void
pat_put(struct pat *t, uint32_t cp)
{
	char b[4];
	size_t n;

	if (cp == 0 || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) {
		t->fail = 1;
		return;
	}
	if (cp < 0x80) {
		b[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		b[0] = (char)(0xC0 | (cp >> 6));
		b[1] = (char)(0x80 | (cp & 0x3F));
		n = 2;
	} else if (cp < 0x10000) {
		b[0] = (char)(0xE0 | (cp >> 12));
		b[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		b[2] = (char)(0x80 | (cp & 0x3F));
		n = 3;
	} else {
		b[0] = (char)(0xF0 | (cp >> 18));
		b[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		b[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		b[3] = (char)(0x80 | (cp & 0x3F));
		n = 4;
	}
	if (t->o.len + n > t->maxlen) {
		t->fail = 1;
		return;
	}
	strbuf_putn(&t->o, b, n);
}

/* Decodes one UTF-8 character at *pp (a bad byte counts as itself). */
static uint32_t
utf8_next(const char **pp)
{
	const unsigned char *p = (const unsigned char *)*pp;
	uint32_t cp = *p;
	int n = 0, i;

	if (cp >= 0xF0 && cp < 0xF8) {
		cp &= 0x07;
		n = 3;
	} else if (cp >= 0xE0) {
		cp &= 0x0F;
		n = 2;
	} else if (cp >= 0xC0) {
		cp &= 0x1F;
		n = 1;
	}
	if (*p >= 0xF8 || (*p >= 0x80 && *p < 0xC0))
		n = 0;
	for (i = 1; i <= n; i++) {
		if ((p[i] & 0xC0) != 0x80) {
			*pp = (const char *)p + 1;
			return *p;
		}
		cp = (cp << 6) | (p[i] & 0x3F);
	}
	*pp = (const char *)p + n + 1;
	return cp;
}

/* n hex digits at p into *cp; 0 when they are not all there. */
static int
hexn(const char *p, int n, uint32_t *cp)
{
	int i, h;

	*cp = 0;
	for (i = 0; i < n; i++) {
		if ((h = ascii_hex_value((unsigned char)p[i])) < 0)
			return 0;
		*cp = (*cp << 4) | (uint32_t)h;
	}
	return 1;
}

/* The escape after a backslash: a class code, or CE_CHAR with *cp. */
static int
pat_escape(struct pat *t, uint32_t *cp, int in_class)
{
	const char *p = t->p;
	uint32_t lo;
	char c = *p;

	if (c == '\0')
		return CE_FAIL;
	t->p++;
	switch (c) {
	case 'd':
		return CE_D;
	case 'D':
		return CE_ND;
	case 'w':
		return CE_W;
	case 'W':
		return CE_NW;
	case 's':
		return CE_S;
	case 'S':
		return CE_NS;
	case 'b':
		*cp = 8;
		return in_class ? CE_CHAR : CE_ZW;
	case 'B':
		*cp = 'B';
		return in_class ? CE_CHAR : CE_ZW;
	case 'n':
		*cp = '\n';
		return CE_CHAR;
	case 'r':
		*cp = '\r';
		return CE_CHAR;
	case 't':
		*cp = '\t';
		return CE_CHAR;
	case 'v':
		*cp = 0x0B;
		return CE_CHAR;
	case 'f':
		*cp = 0x0C;
		return CE_CHAR;
	case 'x':
		if (hexn(p + 1, 2, cp)) {
			t->p += 2;
			return *cp ? CE_CHAR : CE_FAIL;
		}
		*cp = 'x';
		return CE_CHAR;
	case 'u':
		if (p[1] == '{') {
			*cp = 0;
			for (t->p = p + 2;
			     ascii_hex_value((unsigned char)*t->p) >= 0; t->p++)
				if ((*cp = (*cp << 4) |
				           (uint32_t)ascii_hex_value(
				                   (unsigned char)*t->p)) >
				    0x10FFFF)
					return CE_FAIL;
			if (*t->p != '}' || t->p == p + 2)
				return CE_FAIL;
			t->p++;
			return CE_CHAR;
		}
		if (!hexn(p + 1, 4, cp)) {
			*cp = 'u';
			return CE_CHAR;
		}
		t->p += 4;
		if (*cp >= 0xD800 && *cp <= 0xDBFF && t->p[0] == '\\' &&
		    t->p[1] == 'u' && hexn(t->p + 2, 4, &lo) && lo >= 0xDC00 &&
		    lo <= 0xDFFF) {
			*cp = 0x10000 + ((*cp - 0xD800) << 10) + (lo - 0xDC00);
			t->p += 6;
		}
		return CE_CHAR;
	case 'c':
		if (isalpha((unsigned char)p[1])) {
			*cp = (uint32_t)(p[1] % 32);
			t->p++;
			return CE_CHAR;
		}
		return CE_FAIL;
	case '0':
		return CE_FAIL; /* NUL or a legacy octal escape */
	default:
		if ((c >= '1' && c <= '9') || c == 'k' || c == 'p' || c == 'P')
			return CE_FAIL; /* back references, properties */
		t->p = p;
		*cp = utf8_next(&t->p);
		return CE_CHAR;
	}
}

/* A cycling "nice" character of a class escape. */
static uint32_t
class_pick(int ce, unsigned ctr)
{
	switch (ce) {
	case CE_D:
		return (uint32_t)('0' + (ctr + 1) % 10);
	case CE_W:
	case CE_ND:
	case CE_NS:
		return (uint32_t)('a' + ctr % 26);
	case CE_NW:
		return '-';
	default:
		return ' ';
	}
}

static int
class_has(int ce, uint32_t lo, uint32_t hi, uint32_t c)
{
	int d = c < 128 && isdigit((int)c);
	int w = c < 128 && (isalnum((int)c) || c == '_');
	int s = c == ' ' || (c >= 9 && c <= 13);

	switch (ce) {
	case CE_D:
		return d;
	case CE_ND:
		return !d;
	case CE_W:
		return w;
	case CE_NW:
		return !w;
	case CE_S:
		return s;
	case CE_NS:
		return !s;
	default:
		return c >= lo && c <= hi;
	}
}

/* Printable ASCII in the order tried, starting at a cycling letter. */
static uint32_t
nice_char(unsigned i, unsigned ctr)
{
	if (i < 26)
		return (uint32_t)('a' + (i + ctr) % 26);
	if (i < 52)
		return (uint32_t)('A' + (i - 26 + ctr) % 26);
	if (i < 62)
		return (uint32_t)('0' + (i - 52 + ctr) % 10);
	return (uint32_t)(0x20 + (i - 62)); /* 0x20..0x7e */
}
#define NICE_COUNT (62 + 95)

struct citem {
	int ce;
	uint32_t lo, hi;
};

/* One member of a class (an escape or a character): as pat_escape. */
static int
class_atom(struct pat *t, uint32_t *cp)
{
	if (*t->p == '\\') {
		t->p++;
		return pat_escape(t, cp, 1);
	}
	*cp = utf8_next(&t->p);
	return CE_CHAR;
}

/* A character class, at '['. */
static void
pat_class(struct pat *t, int emit)
{
	struct citem it[64];
	size_t n = 0, i;
	uint32_t cp, hi, c = 0;
	unsigned k;
	int neg = 0, ce, ce2, found = 0;

	t->p++;
	if (*t->p == '^') {
		neg = 1;
		t->p++;
	}
	while (*t->p != ']') {
		if (*t->p == '\0') {
			t->fail = 1;
			return;
		}
		ce = class_atom(t, &cp);
		if (ce == CE_FAIL) {
			t->fail = 1;
			return;
		}
		hi = cp;
		if (ce == CE_CHAR && t->p[0] == '-' && t->p[1] != ']' &&
		    t->p[1] != '\0') {
			const char *save = t->p;

			t->p++;
			ce2 = class_atom(t, &hi);
			if (ce2 != CE_CHAR) { /* [a-\d]: '-' is a literal */
				t->p = save;
				hi = cp;
			}
		}
		if (n < sizeof(it) / sizeof(it[0])) {
			it[n].ce = ce;
			it[n].lo = cp;
			it[n].hi = hi;
			n++;
		}
	}
	t->p++;
	if (!emit)
		return;
	if (!neg && n == 0) { /* [] matches nothing */
		t->fail = 1;
		return;
	}
	if (!neg && it[0].ce != CE_CHAR) {
		c = class_pick(it[0].ce, t->ctr);
		found = 1;
	} else if (!neg && it[0].lo >= 0x21 && it[0].hi <= 0x7E) {
		c = it[0].lo + t->ctr % (it[0].hi - it[0].lo + 1);
		found = 1;
	} else if (!neg) {
		for (k = 0; k < NICE_COUNT && !found; k++) {
			c = nice_char(k, t->ctr);
			found = class_has(CE_CHAR, it[0].lo, it[0].hi, c);
		}
		if (!found && it[0].lo > 0) {
			c = it[0].lo;
			found = 1;
		}
	} else {
		for (k = 0; k < NICE_COUNT && !found; k++) {
			c = nice_char(k, t->ctr);
			found = 1;
			for (i = 0; i < n && found; i++)
				if (class_has(it[i].ce, it[i].lo, it[i].hi, c))
					found = 0;
		}
	}
	if (!found) {
		t->fail = 1;
		return;
	}
	pat_put(t, c);
}

/* A quantifier at t->p: 1 and its bounds (max SIZE_MAX: none), else 0. */
static int
pat_quant(struct pat *t, size_t *min, size_t *max)
{
	const char *p = t->p;
	char *end;
	unsigned long a, b;

	switch (*p) {
	case '?':
		*min = 0;
		*max = 1;
		p++;
		break;
	case '*':
		*min = 0;
		*max = SIZE_MAX;
		p++;
		break;
	case '+':
		*min = 1;
		*max = SIZE_MAX;
		p++;
		break;
	case '{':
		if (!isdigit((unsigned char)p[1]))
			return 0;
		a = strtoul(p + 1, &end, 10);
		b = a;
		if (*end == ',') {
			if (end[1] == '}') {
				b = (unsigned long)-1;
				end++;
			} else if (isdigit((unsigned char)end[1])) {
				b = strtoul(end + 1, &end, 10);
			} else {
				return 0;
			}
		}
		if (*end != '}')
			return 0;
		*min = a > 100000 ? 100000 : (size_t)a;
		*max = b == (unsigned long)-1 ? SIZE_MAX
		       : b > 100000           ? 100000
		                              : (size_t)b;
		p = end + 1;
		break;
	default:
		return 0;
	}
	if (*p == '?') /* lazy: same language */
		p++;
	t->p = p;
	return 1;
}

static size_t
pat_count(const struct pat *t, size_t min, size_t max)
{
	size_t c;

	if (t->mode == 0)
		c = (min == 0 && max > 1) ? 1 : min;
	else if (t->mode == 1)
		c = min;
	else
		c = min > t->boost ? min : t->boost;
	return c > max ? max : c;
}

static void pat_alt(struct pat *t, int emit);

/* One atom (no quantifier). */
static void
pat_atom(struct pat *t, int emit)
{
	uint32_t cp;
	int ce;
	char c = *t->p;

	if (++t->steps > PAT_STEPS) {
		t->fail = 1;
		return;
	}
	switch (c) {
	case '^':
	case '$':
		t->p++;
		return;
	case '.':
		t->p++;
		if (emit)
			pat_put(t, (uint32_t)('a' + t->ctr % 26));
		return;
	case '[':
		pat_class(t, emit);
		return;
	case '(':
		t->p++;
		if (t->p[0] == '?') {
			if (t->p[1] == ':') {
				t->p += 2;
			} else if (t->p[1] == '<' && t->p[2] != '=' &&
			           t->p[2] != '!') {
				t->p = strchr(t->p, '>');
				if (t->p == NULL) {
					t->fail = 1;
					return;
				}
				t->p++;
			} else { /* lookaround */
				t->fail = 1;
				return;
			}
		}
		if (++t->depth > PAT_DEPTH) {
			t->fail = 1;
			return;
		}
		pat_alt(t, emit);
		t->depth--;
		if (*t->p != ')') {
			t->fail = 1;
			return;
		}
		t->p++;
		return;
	case '\\':
		t->p++;
		ce = pat_escape(t, &cp, 0);
		if (ce == CE_FAIL) {
			t->fail = 1;
		} else if (ce == CE_CHAR) {
			if (emit)
				pat_put(t, cp);
		} else if (ce != CE_ZW && emit) {
			pat_put(t, class_pick(ce, t->ctr));
		}
		return;
	case '*':
	case '+':
	case '?':
	case ')':
	case '|':
	case '\0':
		t->fail = 1; /* nothing to repeat, or a stray bracket */
		return;
	default:
		cp = utf8_next(&t->p);
		if (emit)
			pat_put(t, cp);
	}
}

static void
pat_seq(struct pat *t, int emit)
{
	const char *start, *end;
	size_t min, max, n, i;
	unsigned base;

	while (!t->fail && *t->p != '\0' && *t->p != '|' && *t->p != ')') {
		start = t->p;
		pat_atom(t, 0);
		if (t->fail)
			return;
		if (!pat_quant(t, &min, &max))
			min = max = 1;
		end = t->p;
		n = emit ? pat_count(t, min, max) : 0;
		if (n > t->maxlen + 1)
			n = t->maxlen + 1;
		/* repetition i picks the i-th character of a class */
		base = t->ctr;
		for (i = 0; i < n && !t->fail; i++) {
			t->p = start;
			t->ctr = base + (unsigned)i;
			pat_atom(t, 1);
		}
		t->ctr = base;
		t->p = end;
	}
}

/* Alternatives: the first one is generated, the others skipped. */
static void
pat_alt(struct pat *t, int emit)
{
	pat_seq(t, emit);
	while (!t->fail && *t->p == '|') {
		t->p++;
		pat_seq(t, 0);
	}
}

/*
 * A string for pattern src, or NULL; caller frees. Attempt 0 repeats
 * open quantifiers once, 1 as little as allowed, then more and more (the
 * last attempt: `want` times, the minimum length asked for).
 */
static char *
pat_generate(struct gen *g, const char *src, int attempt, unsigned ctr,
             size_t want)
{
	static const size_t boost[] = {2, 4, 8, 16, 32, 64};
	struct pat t;

	memset(&t, 0, sizeof(t));
	t.p = src;
	t.mode = attempt < 2 ? attempt : 2;
	t.boost = attempt < 2 ? 0 : attempt < 8 ? boost[attempt - 2] : want;
	t.maxlen = g->o.max_string;
	t.ctr = ctr;
	pat_alt(&t, 1);
	if (*t.p != '\0')
		t.fail = 1; /* an unbalanced ')' */
	if (t.o.oom)
		g->oom = 1;
	if (t.fail || t.o.oom) {
		strbuf_free(&t.o);
		return NULL;
	}
	return strbuf_take(&t.o);
}
#define PAT_ATTEMPTS 9

/* ------------------------------------------------------------------ */
/* Strings                                                             */

#define UUID_VALUE "3fa85f64-5717-4562-b3fc-2c963f66afa6"

static const struct {
	const char *name, *value;
} formats[] = {
        {"date-time", "2024-01-15T14:30:00Z"},
        {"date", "2024-01-15"},
        {"time", "14:30:00Z"},
        {"duration", "P1DT2H"},
        {"email", "user@example.com"},
        {"idn-email", "user@example.com"},
        {"hostname", "example.com"},
        {"idn-hostname", "example.com"},
        {"ipv4", "192.0.2.1"},
        {"ipv6", "2001:db8::1"},
        {"uri", "https://example.com/"},
        {"uri-reference", "/path/to/resource"},
        {"iri", "https://example.com/"},
        {"iri-reference", "/path/to/resource"},
        {"uri-template", "https://example.com/items/{id}"},
        {"url", "https://example.com/"},
        {"uuid", UUID_VALUE},
        {"json-pointer", "/items/0"},
        {"relative-json-pointer", "1/items"},
        {"regex", "^[a-z]+$"},
        {"byte", "ZXhhbXBsZQ=="},
        {"binary", "binary"},
        {"password", "********"},
};

/* The fixed value of a format (buf size >= 64 for variants), or NULL. */
static const char *
format_value(const char *f, size_t variant, char *buf, size_t size)
{
	size_t i;

	if (f == NULL)
		return NULL;
	for (i = 0; i < sizeof(formats) / sizeof(formats[0]); i++) {
		if (strcmp(f, formats[i].name) != 0)
			continue;
		if (variant == 0)
			return formats[i].value;
		if (strcmp(f, "uuid") == 0) {
			snprintf(buf, size, "3fa85f64-5717-4562-b3fc-%012zx",
			         variant % ((size_t)1 << 40));
			return buf;
		}
		if (strcmp(f, "email") == 0 || strcmp(f, "idn-email") == 0) {
			snprintf(buf, size, "user%zu@example.com", variant);
			return buf;
		}
		return formats[i].value;
	}
	return NULL;
}

/* "string" cut or repeated to a length in [min, max], variant appended. */
static char *
plain_string(size_t min, size_t max, size_t variant)
{
	static const char base[] = "string";
	char digits[24] = "";
	size_t len = 6, nd = 0, i;
	char *s;

	if (variant > 0)
		nd = (size_t)snprintf(digits, sizeof(digits), "%zu", variant);
	len += nd;
	if (len < min)
		len = min;
	if (len > max)
		len = max;
	s = malloc(len + 1);
	if (s == NULL)
		return NULL;
	for (i = 0; i < len; i++)
		s[i] = base[i % 6];
	if (nd > 0 && len > nd)
		memcpy(s + len - nd, digits, nd);
	s[len] = '\0';
	return s;
}

/* 1 when js accepts the string s. */
static int
string_ok(struct gen *g, const struct jsonschema *js, const char *s)
{
	cJSON *n;
	int r;

	if (js == NULL)
		return 1;
	n = cJSON_CreateString(s);
	if (n == NULL) {
		g->oom = 1;
		return 0;
	}
	r = jsonschema_check(js, n, NULL, NULL, NULL);
	cJSON_Delete(n);
	if (r < 0)
		g->oom = 1;
	return r == 1;
}

/*
 * A string matching pattern (and whatever else js checks), or NULL.
 * Caller frees.
 */
static char *
pattern_string(struct gen *g, const char *pattern, const struct jsonschema *js,
               unsigned ctr, size_t min)
{
	char *s;
	int a;

	if (!jsonschema_regex_valid(pattern))
		return NULL;
	for (a = 0; a < PAT_ATTEMPTS && !g->oom; a++) {
		if (a == PAT_ATTEMPTS - 1 && min <= 1)
			break;
		s = pat_generate(g, pattern, a, ctr, min);
		if (s != NULL && string_ok(g, js, s))
			return s;
		free(s);
	}
	return NULL;
}

/*
 * A new empty member of t's "allOf" (*all, made on first use), or NULL
 * when out of memory.
 */
static cJSON *
allof_member(cJSON *t, cJSON **all)
{
	cJSON *one = cJSON_CreateObject();

	if (one == NULL ||
	    (*all == NULL &&
	     (*all = cJSON_AddArrayToObject(t, "allOf")) == NULL)) {
		cJSON_Delete(one);
		return NULL;
	}
	cJSON_AddItemToArray(*all, one);
	return one;
}

/* A validator of the string keywords of the view, or NULL (none). */
static struct jsonschema *
string_checker(struct gen *g, const struct view *v, cJSON **tree)
{
	static const char *const keys[] = {"minLength", "maxLength", "format",
	                                   NULL};
	struct jsonschema *js = NULL;
	const cJSON *n;
	cJSON *t, *all = NULL, *one;
	size_t i, k;

	*tree = t = cJSON_CreateObject();
	if (t == NULL)
		goto oom;
	for (i = 0; i < v->n; i++) {
		for (k = 0; keys[k] != NULL; k++) {
			n = node_get(v->s[i], keys[k]);
			if (n == NULL)
				continue;
			if ((one = allof_member(t, &all)) == NULL)
				goto oom;
			cJSON_AddItemToObject(one, keys[k],
			                      cJSON_Duplicate(n, 1));
		}
		n = node_get(v->s[i], "pattern");
		if (cJSON_IsString(n)) {
			if ((one = allof_member(t, &all)) == NULL)
				goto oom;
			cJSON_AddStringToObject(one, "pattern", n->valuestring);
		}
	}
	if (all == NULL)
		return NULL;
	if (jsonschema_new(&js, t, NULL, NULL) < 0)
		goto oom;
	return js;
oom:
	g->oom = 1;
	return NULL;
}

static cJSON *
gen_string(struct gen *g, const struct view *v, size_t variant)
{
	struct jsonschema *js = NULL;
	cJSON *tree = NULL, *out = NULL;
	const cJSON *f = vget(v, "format"), *pat = vget(v, "pattern");
	size_t min = 0, max = SIZE_MAX;
	const char *fv;
	char buf[64], *s = NULL;

	vsize(v, "minLength", 0, &min);
	vsize(v, "maxLength", 1, &max);
	if (max > g->o.max_string)
		max = g->o.max_string;
	fv = format_value(cJSON_IsString(f) ? f->valuestring : NULL, variant,
	                  buf, sizeof(buf));
	js = string_checker(g, v, &tree);
	if (g->oom)
		goto out;
	if (cJSON_IsString(pat))
		s = pattern_string(g, pat->valuestring, js,
		                   (unsigned)(variant * 7), min);
	if (s == NULL && fv != NULL && string_ok(g, js, fv))
		s = strdup(fv);
	if (s == NULL && fv != NULL) { /* the format, even if pattern fails */
		size_t n = strlen(fv);

		if (n >= min && n <= max)
			s = strdup(fv);
	}
	if (s == NULL)
		s = plain_string(min, max, variant);
	if (s == NULL) {
		g->oom = 1;
		goto out;
	}
	out = mk(g, cJSON_CreateString(s));
out:
	free(s);
	jsonschema_free(js);
	cJSON_Delete(tree);
	return out;
}

/* ------------------------------------------------------------------ */
/* Numbers                                                             */

struct bounds {
	int has_lo, lo_ex, has_hi, hi_ex;
	double lo, hi, mult; /* mult 0: none */
};

static void
tighten(struct bounds *b, int upper, double x, int ex)
{
	if (upper) {
		if (!b->has_hi || x < b->hi || (x == b->hi && ex)) {
			b->hi = x;
			b->hi_ex = ex;
		}
		b->has_hi = 1;
	} else {
		if (!b->has_lo || x > b->lo || (x == b->lo && ex)) {
			b->lo = x;
			b->lo_ex = ex;
		}
		b->has_lo = 1;
	}
}

static void
num_bounds(const struct view *v, struct bounds *b)
{
	const cJSON *n, *ex;
	size_t i;

	memset(b, 0, sizeof(*b));
	for (i = 0; i < v->n; i++) {
		n = node_get(v->s[i], "minimum");
		ex = node_get(v->s[i], "exclusiveMinimum");
		if (cJSON_IsNumber(n)) /* draft-04: a boolean beside minimum */
			tighten(b, 0, n->valuedouble, cJSON_IsTrue(ex));
		if (cJSON_IsNumber(ex))
			tighten(b, 0, ex->valuedouble, 1);
		n = node_get(v->s[i], "maximum");
		ex = node_get(v->s[i], "exclusiveMaximum");
		if (cJSON_IsNumber(n))
			tighten(b, 1, n->valuedouble, cJSON_IsTrue(ex));
		if (cJSON_IsNumber(ex))
			tighten(b, 1, ex->valuedouble, 1);
		n = node_get(v->s[i], "multipleOf");
		if (b->mult == 0 && cJSON_IsNumber(n) && n->valuedouble > 0 &&
		    isfinite(n->valuedouble))
			b->mult = n->valuedouble;
	}
}

static int
above_lo(const struct bounds *b, double x)
{
	return !b->has_lo || (b->lo_ex ? x > b->lo : x >= b->lo);
}

static int
below_hi(const struct bounds *b, double x)
{
	return !b->has_hi || (b->hi_ex ? x < b->hi : x <= b->hi);
}

/*
 * The valid value nearest x going up (down: going down) for the lower (the
 * upper) bound and multipleOf; x itself when it is valid.
 */
static double
valid_from(const struct bounds *b, double x, int integer, int down)
{
	double k, c;
	int i;

	if (b->mult > 0) {
		k = down ? floor(x / b->mult + 1e-9) : ceil(x / b->mult - 1e-9);
		for (i = 0; i < 1000; i++, k += down ? -1 : 1) {
			c = k * b->mult;
			if (integer && fabs(c - round(c)) > 1e-9)
				continue;
			if (integer)
				c = round(c);
			if (down ? below_hi(b, c) : above_lo(b, c))
				return c;
		}
		return k * b->mult; /* best effort */
	}
	if (integer) {
		c = down ? floor(x) : ceil(x);
		if (down ? below_hi(b, c) : above_lo(b, c))
			return c;
		return down ? c - 1 : c + 1; /* c was an exclusive bound */
	}
	if (down ? below_hi(b, x) : above_lo(b, x))
		return x;
	/* x is an exclusive bound: 1 inside, or halfway to the other bound */
	if (!down) {
		c = x + 1;
		if (!below_hi(b, c))
			c = (x + b->hi) / 2;
	} else {
		c = x - 1;
		if (!above_lo(b, c))
			c = (x + b->lo) / 2;
	}
	return c;
}

static cJSON *
gen_number(struct gen *g, const struct view *v, int integer, size_t variant)
{
	struct bounds b;
	double c, next;
	char text[64];
	size_t i;

	num_bounds(v, &b);
	if (above_lo(&b, 0) && below_hi(&b, 0))
		c = valid_from(&b, 0, integer, 0);
	else if (!below_hi(&b, 0))
		c = valid_from(&b, b.hi, integer, 1);
	else
		c = valid_from(&b, b.lo, integer, 0);
	for (i = 0; i < variant; i++) {
		next = valid_from(&b, c + (b.mult > 0 ? b.mult : 1), integer,
		                  0);
		if (!below_hi(&b, next))
			break;
		c = next;
	}
	if (c == 0)
		c = 0; /* no "-0" */
	if (is_int(c) && fabs(c) < 1e21)
		snprintf(text, sizeof(text), "%.0f", c);
	else
		snprintf(text, sizeof(text), "%.15g", c);
	if (!isfinite(c))
		snprintf(text, sizeof(text), "0");
	return mk_number(g, text);
}

/* ------------------------------------------------------------------ */
/* Objects and arrays                                                  */

struct pname {
	const char *name;
	int req, in_props;
};

static long
find_name(const struct pname *a, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(a[i].name, name) == 0)
			return (long)i;
	return -1;
}

/* A schema for member `name` not in properties: additionalProperties. */
static const cJSON *
additional(const struct view *v)
{
	const cJSON *a = vget(v, "additionalProperties");

	return cJSON_IsObject(a) ? a : NULL;
}

/* Adds members beyond properties: patternProperties, then additional. */
static void
extra_members(struct gen *g, const struct view *v, cJSON *obj, size_t want,
              size_t cap, size_t depth, size_t variant)
{
	const cJSON *pp = vget(v, "patternProperties"), *c, *ap;
	const cJSON *list[1];
	cJSON *child;
	struct jsonschema *js;
	cJSON *tree;
	char *key, name[40];
	size_t have = node_size(obj), k = 1;
	int cyc = 0;

	for (c = cJSON_IsObject(pp) ? pp->child : NULL;
	     c != NULL && have < want && have < cap && g->nodes > 0;
	     c = c->next) {
		tree = cJSON_CreateObject();
		if (tree == NULL ||
		    cJSON_AddStringToObject(tree, "pattern", c->string) ==
		            NULL ||
		    jsonschema_new(&js, tree, NULL, NULL) < 0) {
			cJSON_Delete(tree);
			g->oom = 1;
			return;
		}
		key = pattern_string(g, c->string, js, 0, 0);
		jsonschema_free(js);
		cJSON_Delete(tree);
		if (key == NULL || node_get(obj, key) != NULL) {
			free(key);
			continue;
		}
		list[0] = c;
		child = gen(g, list, 1, depth + 1, variant, &cyc);
		if (child != NULL)
			cJSON_AddItemToObject(obj, key, child);
		free(key);
		if (child == NULL)
			return;
		have++;
	}
	ap = vget(v, "additionalProperties");
	if (cJSON_IsFalse(ap))
		return;
	while (have < want && have < cap && g->nodes > 0 && k < 1000) {
		snprintf(name, sizeof(name), "additionalProp%zu", k++);
		if (node_get(obj, name) != NULL)
			continue;
		list[0] = additional(v);
		child = gen(g, list, list[0] ? 1 : 0, depth + 1, variant, &cyc);
		if (child == NULL)
			return;
		cJSON_AddItemToObject(obj, name, child);
		have++;
	}
}

/*
 * 1 when a schema of the view with additionalProperties false has no
 * property `name` (and no patternProperties that could allow it): the
 * optional property of another allOf member is then left out.
 */
static int
closed_out(const struct view *v, const char *name)
{
	size_t i;

	for (i = 0; i < v->n; i++) {
		if (!cJSON_IsFalse(node_get(v->s[i], "additionalProperties")))
			continue;
		if (node_get(node_get(v->s[i], "properties"), name) != NULL ||
		    node_get(v->s[i], "patternProperties") != NULL)
			continue;
		return 1;
	}
	return 0;
}

static cJSON *
gen_object(struct gen *g, const struct view *v, size_t depth, size_t variant,
           int *cyc)
{
	const cJSON *props, *req, *c, *list[VIEW_MAX];
	struct pname *names;
	size_t lim = g->o.max_props * 2 + 16, nn = 0, i, j, nl, r = 0;
	size_t room = lim + g->o.max_props; /* required ones beyond lim */
	size_t cap = g->o.max_props, opt, emitted = 0, minp = 0, maxp, k;
	cJSON *obj, *child;
	long at;
	int ccyc;

	obj = mk(g, cJSON_CreateObject());
	names = calloc(room, sizeof(*names));
	if (obj == NULL || names == NULL) {
		g->oom = 1;
		free(names);
		return obj;
	}
	for (i = 0; i < v->n; i++) {
		props = node_get(v->s[i], "properties");
		for (c = cJSON_IsObject(props) ? props->child : NULL;
		     c != NULL && nn < lim; c = c->next)
			if (find_name(names, nn, c->string) < 0)
				names[nn++] = (struct pname){c->string, 0, 1};
	}
	for (i = 0; i < v->n; i++) {
		req = node_get(v->s[i], "required");
		/* a hostile list is read up to lim names (each is a scan) */
		k = 0;
		for (c = cJSON_IsArray(req) ? req->child : NULL;
		     c != NULL && k < lim; c = c->next, k++) {
			if (!cJSON_IsString(c))
				continue;
			at = find_name(names, nn, c->valuestring);
			if (at >= 0)
				names[at].req = 1;
			else if (nn < room)
				names[nn++] =
				        (struct pname){c->valuestring, 1, 0};
		}
	}
	for (i = 0; i < nn; i++)
		r += names[i].req;
	if (vsize(v, "maxProperties", 1, &maxp) && maxp < cap)
		cap = maxp > r ? maxp : r;
	opt = cap > r ? cap - r : 0;
	for (i = 0; i < nn && emitted < g->o.max_props && !g->oom; i++) {
		if (g->nodes == 0)
			break;
		if (!names[i].req && (opt == 0 || closed_out(v, names[i].name)))
			continue;
		nl = 0;
		for (j = 0; j < v->n && nl < VIEW_MAX; j++) {
			props = node_get(v->s[j], "properties");
			if ((c = node_get(props, names[i].name)) != NULL)
				list[nl++] = c;
		}
		if (nl == 0 && additional(v) != NULL)
			list[nl++] = additional(v);
		ccyc = 0;
		child = gen(g, list, nl, depth + 1, variant, &ccyc);
		if (child == NULL)
			break;
		if (ccyc && !names[i].req) {
			drop(g, child);
			continue;
		}
		if (ccyc)
			*cyc = 1;
		if (!names[i].req)
			opt--;
		cJSON_AddItemToObject(obj, names[i].name, child);
		emitted++;
	}
	vsize(v, "minProperties", 0, &minp);
	if (nn == 0 && (additional(v) != NULL ||
	                cJSON_IsObject(vget(v, "patternProperties"))))
		minp = minp > 1 ? minp : 1;
	if (emitted < minp && !g->oom)
		extra_members(g, v, obj, minp, cap, depth, variant);
	free(names);
	return obj;
}

static cJSON *
gen_array(struct gen *g, const struct view *v, size_t depth, size_t variant,
          int *cyc)
{
	const cJSON *items = vget(v, "items"), *contains = vget(v, "contains");
	const cJSON *addl = vget(v, "additionalItems"), *list[2];
	size_t min = 0, max = SIZE_MAX, n, i, nl, tuple = 0;
	int unique = 0, ccyc;
	cJSON *arr, *child;

	for (i = 0; i < v->n; i++)
		unique |= node_get_bool(v->s[i], "uniqueItems");
	vsize(v, "minItems", 0, &min);
	vsize(v, "maxItems", 1, &max);
	if (cJSON_IsArray(items)) {
		tuple = node_size(items);
		n = tuple > min ? tuple : min;
	} else if (items != NULL) {
		n = min > 1 ? min : 1;
	} else {
		n = min;
		if (contains != NULL && n == 0)
			n = 1;
	}
	if (n > max)
		n = max;
	if (n > g->o.max_items)
		n = g->o.max_items;
	arr = mk(g, cJSON_CreateArray());
	for (i = 0; arr != NULL && i < n && g->nodes > 0; i++) {
		nl = 0;
		if (cJSON_IsArray(items)) {
			if (i < tuple)
				list[nl++] = cJSON_GetArrayItem(items, (int)i);
			else if (cJSON_IsObject(addl))
				list[nl++] = addl;
		} else if (items != NULL) {
			list[nl++] = items;
		}
		if (i == 0 && contains != NULL)
			list[nl++] = contains;
		ccyc = 0;
		child = gen(g, list, nl, depth + 1,
		            unique ? variant * n + i : variant, &ccyc);
		if (child == NULL)
			break;
		if (ccyc && min == 0) { /* an empty array stops the cycle */
			drop(g, child);
			while (arr->child != NULL)
				drop(g, cJSON_DetachItemViaPointer(arr,
				                                   arr->child));
			break;
		}
		if (ccyc)
			*cyc = 1;
		cJSON_AddItemToArray(arr, child);
	}
	return arr;
}

/* ------------------------------------------------------------------ */
/* The generator                                                       */

/*
 * A value for the conjunction of schemas in[0..n) (none: anything) at
 * nesting depth. *cyc is set when a cycle or the depth limit cut the value
 * short. NULL only when out of memory (g->oom set).
 */
static cJSON *
gen(struct gen *g, const cJSON *const *in, size_t n, size_t depth,
    size_t variant, int *cyc)
{
	const cJSON *prim[VIEW_MAX], *val, *s;
	struct view v;
	size_t np = 0, i, mark = g->npath;
	enum vtype type;
	int stop = 0;
	cJSON *out;

	memset(&v, 0, sizeof(v));
	for (i = 0; i < n && np < VIEW_MAX; i++) {
		s = deref(g, in[i]);
		if (s == NULL)
			continue;
		if (on_path(g, s))
			stop = 1;
		prim[np++] = s;
	}
	for (i = 0; i < np; i++)
		collect(g, &v, prim[i], 0);
	type = view_type(&v);
	if (stop ||
	    (depth >= g->o.max_depth && (type == T_OBJ || type == T_ARR))) {
		*cyc = 1;
		if (type == T_OBJ)
			return mk(g, cJSON_CreateObject());
		if (type == T_ARR)
			return mk(g, cJSON_CreateArray());
		return mk(g, cJSON_CreateNull());
	}
	if (v.never)
		return mk(g, cJSON_CreateNull());
	if ((val = given(g, &v, variant)) != NULL)
		return copy_value(g, val, depth);
	if (push(g, prim, np) < 0)
		return NULL;
	switch (type) {
	case T_BOOL:
		out = mk(g, cJSON_CreateBool(variant % 2 == 0));
		break;
	case T_INT:
	case T_NUM:
		out = gen_number(g, &v, type == T_INT, variant);
		break;
	case T_STR:
		out = gen_string(g, &v, variant);
		break;
	case T_OBJ:
		out = gen_object(g, &v, depth, variant, cyc);
		break;
	case T_ARR:
		out = gen_array(g, &v, depth, variant, cyc);
		break;
	default:
		out = mk(g, cJSON_CreateNull());
	}
	g->npath = mark;
	return out;
}

/* ------------------------------------------------------------------ */
/* Avro                                                                */

/* Follows a $ref for the Avro index. */
static const cJSON *
avro_deref(void *ctx, const cJSON *s)
{
	return deref(ctx, s);
}

/* Indexes the named types of an Avro schema. */
static void
avro_index(struct gen *g, const cJSON *schema)
{
	if (avro_index_build(&g->avro, schema, avro_deref, g) < 0)
		g->oom = 1;
}

/* Follows refs and named-type references to a schema node. */
static const cJSON *
avro_resolve(const struct gen *g, const cJSON *s)
{
	const cJSON *t;
	int i;

	for (i = 0; i < REF_HOPS; i++) {
		s = deref(g, s);
		if (!cJSON_IsString(s))
			return s;
		t = avro_index_get(&g->avro, s->valuestring);
		if (t == NULL)
			return s; /* a primitive */
		s = t;
	}
	return NULL;
}

static cJSON *avro_gen(struct gen *g, const cJSON *s, size_t depth);

static cJSON *
avro_primitive(struct gen *g, const char *t, const char *logical)
{
	static const struct {
		const char *type, *logical, *value;
	} lt[] = {
	        {"int", "date", "19737"},
	        {"int", "time-millis", "52200000"},
	        {"long", "time-micros", "52200000000"},
	        {"long", "timestamp-millis", "1705329000000"},
	        {"long", "timestamp-micros", "1705329000000000"},
	        {"long", "local-timestamp-millis", "1705329000000"},
	        {"long", "local-timestamp-micros", "1705329000000000"},
	};
	size_t i;

	if (logical != NULL) {
		for (i = 0; i < sizeof(lt) / sizeof(lt[0]); i++)
			if (strcmp(t, lt[i].type) == 0 &&
			    strcmp(logical, lt[i].logical) == 0)
				return mk_number(g, lt[i].value);
		if (strcmp(t, "string") == 0 && strcmp(logical, "uuid") == 0)
			return mk(g, cJSON_CreateString(UUID_VALUE));
	}
	if (strcmp(t, "null") == 0)
		return mk(g, cJSON_CreateNull());
	if (strcmp(t, "boolean") == 0)
		return mk(g, cJSON_CreateTrue());
	if (strcmp(t, "int") == 0 || strcmp(t, "long") == 0)
		return mk_number(g, "0");
	if (strcmp(t, "float") == 0 || strcmp(t, "double") == 0)
		return mk_number(g, "0.0");
	if (strcmp(t, "bytes") == 0)
		return mk(g, cJSON_CreateString("bytes"));
	if (strcmp(t, "string") == 0)
		return mk(g, cJSON_CreateString("string"));
	return mk(g, cJSON_CreateNull()); /* an unknown name */
}

/*
 * The member of a union to show: the first that is not "null", or "null"
 * when that member is a record being expanded already (a recursive type).
 */
static const cJSON *
avro_union_pick(const struct gen *g, const cJSON *u)
{
	const cJSON *c, *r, *null = NULL, *first = NULL;

	for (c = u->child; c != NULL; c = c->next) {
		r = avro_resolve(g, c);
		if (cJSON_IsString(r) && strcmp(r->valuestring, "null") == 0) {
			if (null == NULL)
				null = c;
		} else if (first == NULL) {
			first = c;
		}
	}
	if (first == NULL)
		return null;
	r = avro_resolve(g, first);
	if (null != NULL && r != NULL && on_path(g, r))
		return null;
	return first;
}

static cJSON *
avro_record(struct gen *g, const cJSON *s, size_t depth)
{
	const cJSON *fields = node_get(s, "fields"), *f, *d;
	const char *name;
	cJSON *obj = mk(g, cJSON_CreateObject()), *child;

	if (obj == NULL || depth >= g->o.max_depth)
		return obj;
	for (f = cJSON_IsArray(fields) ? fields->child : NULL;
	     f != NULL && g->nodes > 0 && node_size(obj) < g->o.max_props;
	     f = f->next) {
		name = node_get_str(f, "name");
		if (name == NULL)
			continue;
		d = node_get(f, "default");
		child = d != NULL ? copy_value(g, d, depth + 1)
		                  : avro_gen(g, node_get(f, "type"), depth + 1);
		if (child == NULL)
			break;
		cJSON_AddItemToObject(obj, name, child);
	}
	return obj;
}

static cJSON *
avro_gen(struct gen *g, const cJSON *s, size_t depth)
{
	const cJSON *r = avro_resolve(g, s), *c;
	const char *t;
	cJSON *out = NULL, *child;
	size_t mark = g->npath, size, i;
	char *buf;

	if (r == NULL)
		return mk(g, cJSON_CreateNull());
	if (cJSON_IsString(r))
		return avro_primitive(g, r->valuestring, NULL);
	if (cJSON_IsArray(r)) {
		c = avro_union_pick(g, r);
		return c ? avro_gen(g, c, depth) : mk(g, cJSON_CreateNull());
	}
	if (!cJSON_IsObject(r) || on_path(g, r) || depth > g->o.max_depth)
		return mk(g, cJSON_CreateNull());
	if (push(g, &r, 1) < 0)
		return NULL;
	c = node_get(r, "type");
	t = cJSON_IsString(c) ? c->valuestring : NULL;
	if (t == NULL) {
		out = c ? avro_gen(g, c, depth) : mk(g, cJSON_CreateNull());
	} else if (strcmp(t, "record") == 0 || strcmp(t, "error") == 0) {
		out = avro_record(g, r, depth);
	} else if (strcmp(t, "enum") == 0) {
		c = node_get(r, "symbols");
		c = cJSON_IsArray(c) ? c->child : NULL;
		out = cJSON_IsString(c)
		              ? mk(g, cJSON_CreateString(c->valuestring))
		              : mk(g, cJSON_CreateNull());
	} else if (strcmp(t, "array") == 0 || strcmp(t, "map") == 0) {
		out = mk(g, strcmp(t, "map") == 0 ? cJSON_CreateObject()
		                                  : cJSON_CreateArray());
		if (out != NULL && depth < g->o.max_depth && g->nodes > 0) {
			child = avro_gen(g,
			                 node_get(r, strcmp(t, "map") == 0
			                                     ? "values"
			                                     : "items"),
			                 depth + 1);
			if (child != NULL && cJSON_IsObject(out))
				cJSON_AddItemToObject(out, "key", child);
			else if (child != NULL)
				cJSON_AddItemToArray(out, child);
		}
	} else if (strcmp(t, "fixed") == 0) {
		c = node_get(r, "size");
		size = cJSON_IsNumber(c) && c->valuedouble > 0
		               ? (c->valuedouble > (double)g->o.max_string
		                          ? g->o.max_string
		                          : (size_t)c->valuedouble)
		               : 0;
		buf = malloc(size + 1);
		if (buf == NULL) {
			g->oom = 1;
		} else {
			for (i = 0; i < size; i++)
				buf[i] = 'a';
			buf[size] = '\0';
			out = mk(g, cJSON_CreateString(buf));
			free(buf);
		}
	} else {
		c = avro_resolve(g, c);
		if (cJSON_IsString(c))
			out = avro_primitive(g, c->valuestring,
			                     node_get_str(r, "logicalType"));
		else
			out = avro_gen(g, c, depth);
	}
	g->npath = mark;
	return out;
}

/* ------------------------------------------------------------------ */
/* API                                                                 */

enum fmt { FMT_JSON, FMT_AVRO, FMT_OTHER };

/* OpenAPI schemas are JSON Schema enough to generate from. */
static enum fmt
format_kind(const char *f)
{
	switch (mediatype_schema_format(f)) {
	case MEDIATYPE_JSON_SCHEMA:
	case MEDIATYPE_OPENAPI:
		return FMT_JSON;
	case MEDIATYPE_AVRO:
		return FMT_AVRO;
	default:
		return FMT_OTHER;
	}
}

static void
gen_init(struct gen *g, const struct loader_doc *doc, const cJSON *root,
         const struct example_opts *opts)
{
	memset(g, 0, sizeof(*g));
	g->doc = doc;
	g->root = root;
	if (opts != NULL)
		g->o = *opts;
	if (g->o.max_depth == 0)
		g->o.max_depth = EXAMPLE_DEFAULT_MAX_DEPTH;
	if (g->o.max_items == 0)
		g->o.max_items = EXAMPLE_DEFAULT_MAX_ITEMS;
	if (g->o.max_props == 0)
		g->o.max_props = EXAMPLE_DEFAULT_MAX_PROPS;
	if (g->o.max_nodes == 0)
		g->o.max_nodes = EXAMPLE_DEFAULT_MAX_NODES;
	if (g->o.max_string == 0)
		g->o.max_string = EXAMPLE_DEFAULT_MAX_STRING;
	if (g->o.max_branches == 0)
		g->o.max_branches = EXAMPLE_DEFAULT_MAX_BRANCHES;
	g->nodes = g->o.max_nodes;
}

static void
gen_fini(struct gen *g)
{
	avro_index_free(&g->avro);
	free(g->path);
}

/* One example of the schemas list (JSON Schema) or s (Avro), budget reset. */
static cJSON *
gen_one(struct gen *g, enum fmt kind, const cJSON *const *list, size_t n)
{
	int cyc = 0;

	g->nodes = g->o.max_nodes;
	g->npath = 0;
	if (kind == FMT_AVRO)
		return avro_gen(g, list[0], 0);
	return gen(g, list, n, 0, 0, &cyc);
}

int
example_generate(cJSON **out, const struct loader_doc *doc, const cJSON *schema,
                 const char *format, const struct example_opts *opts)
{
	struct gen g;
	enum fmt kind = format_kind(format);
	cJSON *v = NULL;
	int rc = 0;

	*out = NULL;
	if (schema == NULL || kind == FMT_OTHER)
		return 0;
	gen_init(&g, doc, schema, opts);
	if (kind == FMT_AVRO)
		avro_index(&g, schema);
	if (!g.oom)
		v = gen_one(&g, kind, &schema, 1);
	if (g.oom || v == NULL) {
		cJSON_Delete(v);
		rc = -1;
		goto out;
	}
	*out = v;
out:
	gen_fini(&g);
	return rc;
}

/* The component name a ref points to: last pointer segment or file stem. */
static char *
ref_name(const char *ref)
{
	const char *hash = strchr(ref, '#'), *p, *end;
	char tok[256], *dot;

	if (hash != NULL && hash[1] == '/') {
		p = strrchr(hash, '/') + 1;
		if (*p != '\0' && ptr_token(tok, sizeof(tok), &p) == 0)
			return strdup(tok);
	}
	end = hash != NULL ? hash : ref + strlen(ref);
	for (p = end; p > ref && p[-1] != '/'; p--)
		;
	if (p == end || (size_t)(end - p) >= sizeof(tok))
		return NULL;
	memcpy(tok, p, (size_t)(end - p));
	tok[end - p] = '\0';
	if ((dot = strchr(tok + 1, '.')) != NULL)
		*dot = '\0';
	return strdup(tok);
}

static char *
branch_label(const struct gen *g, const cJSON *b, size_t i, int avro)
{
	const cJSON *r = avro ? avro_resolve(g, b) : deref(g, b);
	const char *t = NULL;
	char buf[40], *s;

	if (avro) {
		if (cJSON_IsString(r))
			t = r->valuestring;
		else if ((t = node_get_str(r, "name")) == NULL)
			t = node_get_str(r, "type");
	} else {
		t = node_get_str(r, "title");
		if (t == NULL && loader_is_ref(b) &&
		    (s = ref_name(loader_ref_string(b))) != NULL)
			return s;
	}
	if (t != NULL)
		return strdup(t);
	snprintf(buf, sizeof(buf), "option %zu", i + 1);
	return strdup(buf);
}

static int
set_add(struct example_set *set, char *label, cJSON *value)
{
	if (ARRAY_RESERVE(set->items, set->n + 1, set->cap) < 0)
		return -1;
	set->items[set->n].label = label;
	set->items[set->n].value = value;
	set->n++;
	return 0;
}

int
example_generate_branches(struct example_set **out,
                          const struct loader_doc *doc, const cJSON *schema,
                          const char *format, const struct example_opts *opts)
{
	struct example_set *set;
	struct gen g;
	enum fmt kind = format_kind(format);
	const cJSON *root, *arr = NULL, *c, *list[2];
	cJSON *v;
	char *label;
	size_t i;
	int rc = -1;

	*out = NULL;
	set = calloc(1, sizeof(*set));
	if (set == NULL)
		return -1;
	if (schema == NULL || kind == FMT_OTHER) {
		*out = set;
		return 0;
	}
	gen_init(&g, doc, schema, opts);
	if (kind == FMT_AVRO) {
		avro_index(&g, schema);
		root = deref(&g, schema);
		if (cJSON_IsObject(root) && node_get(root, "name") == NULL)
			root = deref(&g, node_get(root, "type"));
		if (cJSON_IsArray(root))
			arr = root;
	} else {
		root = deref(&g, schema);
		g.skip = root;
		g.skip_key = "oneOf";
		arr = node_get(root, "oneOf");
		if (!cJSON_IsArray(arr) || arr->child == NULL) {
			g.skip_key = "anyOf";
			arr = node_get(root, "anyOf");
		}
		if (!cJSON_IsArray(arr) || arr->child == NULL)
			arr = NULL;
	}
	if (g.oom)
		goto out;
	if (arr == NULL) {
		g.skip = NULL;
		v = gen_one(&g, kind, &schema, 1);
		if (v == NULL || g.oom || set_add(set, NULL, v) < 0) {
			cJSON_Delete(v);
			goto out;
		}
		rc = 0;
		goto out;
	}
	for (c = arr->child, i = 0; c != NULL && set->n < g.o.max_branches;
	     c = c->next, i++) {
		if (kind == FMT_AVRO) {
			const cJSON *r = avro_resolve(&g, c);

			if (cJSON_IsString(r) &&
			    strcmp(r->valuestring, "null") == 0)
				continue;
			list[0] = c;
			v = gen_one(&g, kind, list, 1);
		} else {
			list[0] = root;
			list[1] = c;
			v = gen_one(&g, kind, list, 2);
		}
		label = v != NULL ? branch_label(&g, c, i, kind == FMT_AVRO)
		                  : NULL;
		if (v == NULL || label == NULL || g.oom ||
		    set_add(set, label, v) < 0) {
			cJSON_Delete(v);
			free(label);
			goto out;
		}
	}
	rc = 0;
out:
	gen_fini(&g);
	if (rc < 0) {
		example_set_free(set);
		set = NULL;
	}
	*out = set;
	return rc;
}

void
example_set_free(struct example_set *set)
{
	size_t i;

	if (set == NULL)
		return;
	for (i = 0; i < set->n; i++) {
		free(set->items[i].label);
		cJSON_Delete(set->items[i].value);
	}
	free(set->items);
	free(set);
}

int
example_copy(cJSON **out, const struct loader_doc *doc, const cJSON *value,
             const struct example_opts *opts)
{
	struct gen g;
	cJSON *v;
	int rc = 0;

	*out = NULL;
	if (value == NULL)
		return 0;
	gen_init(&g, doc, value, opts);
	/* a ref back to the value itself is a cycle too */
	if (push(&g, &value, 1) == 0)
		v = copy_value(&g, value, 0);
	else
		v = NULL;
	if (v == NULL || g.oom) {
		cJSON_Delete(v);
		rc = -1;
	} else {
		*out = v;
	}
	gen_fini(&g);
	return rc;
}
