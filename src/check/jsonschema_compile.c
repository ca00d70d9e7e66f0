/*
 * jsonschema_compile: jsonschema_new() and jsonschema_free(). Walks a
 * schema tree once into struct sch records (one per schema object, found
 * again by node through jsonschema.map), compiles patterns once each,
 * indexes large enums, and resolves every $ref after the walk (through the
 * ref hook, $id base URIs and anchors, JSON Pointers, and the load hook
 * for other documents). Problems in the schema are warnings, never fatal.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check/jsonschema_int.h"
#include "util/array.h"
#include "util/ascii.h"
#include "util/hash.h"
#include "util/node.h"

/* A $ref to resolve once the walk is over. */
struct pending {
	struct sch *s;
	char *uri; /* absolute, or NULL when it is only hooked */
	int quiet;
};

struct cctx {
	struct jsonschema *js;
	struct diag_list *diags;
	struct pending *pend;
	size_t npend, cappend;
	int oom;
};

static void cwarn(struct cctx *c, int quiet, const char *rule, const char *fmt,
                  ...) __attribute__((format(printf, 4, 5)));

static void
cwarn(struct cctx *c, int quiet, const char *rule, const char *fmt, ...)
{
	struct strbuf b = {0};
	char *msg;
	va_list ap;
	char small[512];
	int n;

	if (quiet || c->diags == NULL)
		return;
	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	strbuf_puts(&b, small);
	msg = strbuf_take(&b);
	if (msg == NULL) {
		c->oom = 1;
		return;
	}
	if (diag_add(c->diags, DIAG_WARNING, NULL, 0, 0, rule, "%s", msg) < 0)
		c->oom = 1;
	free(msg);
}

/* Keeps s alive as long as the validator; returns it (NULL on OOM). */
static const char *
keep_str(struct cctx *c, char *s)
{
	struct jsonschema *js = c->js;

	if (s == NULL) {
		c->oom = 1;
		return NULL;
	}
	if (ARRAY_RESERVE(js->strs, js->nstrs + 1, js->capstrs) < 0) {
		free(s);
		c->oom = 1;
		return NULL;
	}
	js->strs[js->nstrs++] = s;
	return s;
}

static int
reg_add(struct cctx *c, const char *uri, const cJSON *node)
{
	struct jsonschema *js = c->js;
	char *u;

	if (ARRAY_RESERVE(js->reg, js->nreg + 1, js->capreg) < 0 ||
	    (u = strdup(uri)) == NULL) {
		c->oom = 1;
		return -1;
	}
	js->reg[js->nreg].uri = u;
	js->reg[js->nreg].node = node;
	js->nreg++;
	return 0;
}

static const cJSON *
reg_find(const struct jsonschema *js, const char *uri, size_t n)
{
	size_t i;

	for (i = 0; i < js->nreg; i++)
		if (strncmp(js->reg[i].uri, uri, n) == 0 &&
		    js->reg[i].uri[n] == '\0')
			return js->reg[i].node;
	return NULL;
}

/* The compiled pattern for src (shared by every use), NULL if invalid. */
static const pcre2_code *
re_get(struct cctx *c, const char *src, int *bad)
{
	struct jsonschema *js = c->js;
	size_t i;
	char *copy;

	*bad = 0;
	for (i = 0; i < js->nre; i++)
		if (strcmp(js->re[i].src, src) == 0) {
			*bad = js->re[i].re == NULL;
			return js->re[i].re;
		}
	if (ARRAY_RESERVE(js->re, js->nre + 1, js->capre) < 0 ||
	    (copy = strdup(src)) == NULL) {
		c->oom = 1;
		return NULL;
	}
	js->re[js->nre].src = copy;
	js->re[js->nre].re = jsonschema_regex_compile(src, 0);
	*bad = js->re[js->nre].re == NULL;
	return js->re[js->nre++].re;
}

/*
 * Hash of a JSON value, equal for equal values (1 and 1.0, objects in any
 * node_get order). Looks two levels deep only, so it stays cheap and needs
 * no cycle guard. deref (may be NULL) follows instance refs.
 */
uint64_t
jsonschema_compile_vhash(const cJSON *n, jsonschema_deref_fn deref, void *ctx,
                         int depth)
{
	const cJSON *k, *t;
	uint64_t h, sum;
	double d;

	switch (n->type & 0xFF) {
	case cJSON_NULL:
		return 0x11;
	case cJSON_False:
		return 0x22;
	case cJSON_True:
		return 0x33;
	case cJSON_Number:
		d = n->valuedouble;
		if (d == 0)
			d = 0; /* -0 == 0 */
		memcpy(&h, &d, sizeof(h));
		return hash_mix_half(h ^ 0x44);
	case cJSON_String:
		return hash_mix_half(hash_fnv1a_str(
		        HASH_FNV_OFFSET, n->valuestring ? n->valuestring : ""));
	case cJSON_Array:
		h = 0x55 + node_size(n);
		if (depth < 2)
			for (k = n->child; k != NULL; k = k->next) {
				t = deref ? deref(ctx, k) : k;
				h = hash_mix_half(h * 31 +
				                  jsonschema_compile_vhash(
				                          t ? t : k, deref, ctx,
				                          depth + 1));
			}
		return h;
	case cJSON_Object:
		h = 0x66 + node_size(n);
		sum = 0;
		if (depth < 2)
			for (k = n->child; k != NULL; k = k->next) {
				t = deref ? deref(ctx, k) : k;
				sum += hash_mix_half(
				        hash_fnv1a_str(0x77, k->string
				                                     ? k->string
				                                     : "") ^
				        jsonschema_compile_vhash(t ? t : k,
				                                 deref, ctx,
				                                 depth + 1));
			}
		return hash_mix_half(h ^ sum);
	default:
		return 0x88;
	}
}

static int
eitem_cmp(const void *a, const void *b)
{
	const struct eitem *x = a, *y = b;

	return x->h < y->h ? -1 : x->h > y->h;
}

static int
prop_cmp(const void *a, const void *b)
{
	const struct pkey *x = a, *y = b;

	return strcmp(x->p->name, y->p->name);
}

/* A child location: ploc + "/" + k (+ "/" + k2, or "/" + idx when >= 0). */
static char *
sub_loc(const char *ploc, const char *k, const char *k2, long idx)
{
	struct strbuf b = {0};

	strbuf_puts(&b, ploc);
	strbuf_putc(&b, '/');
	jsonschema_uri_put_token(&b, k);
	if (k2 != NULL) {
		strbuf_putc(&b, '/');
		jsonschema_uri_put_token(&b, k2);
	} else if (idx >= 0) {
		strbuf_printf(&b, "/%ld", idx);
	}
	return strbuf_take(&b);
}

static struct sch *compile(struct cctx *c, const cJSON *node, const char *base,
                           char *loc, size_t depth, int quiet);

static const struct sch *
sub(struct cctx *c, const cJSON *n, const char *base, const struct sch *p,
    const char *k, const char *k2, long idx, size_t depth, int quiet)
{
	char *loc = sub_loc(p->loc, k, k2, idx);

	if (loc == NULL) {
		c->oom = 1;
		return NULL;
	}
	return compile(c, n, base, loc, depth + 1, quiet);
}

static void
bad_kw(struct cctx *c, int quiet, const struct sch *s, const char *k,
       const char *expected)
{
	cwarn(c, quiet, "schema-bad-keyword",
	      "'%s' at %s must be %s; the keyword is ignored", k, s->loc,
	      expected);
}

/* A non-negative integer keyword value, or -1 with a warning. */
static long long
count_kw(struct cctx *c, int quiet, const struct sch *s, const cJSON *m)
{
	double d;

	if (is_num(m)) {
		d = m->valuedouble;
		if (d >= 0 && d <= 9e15 && floor(d) == d)
			return (long long)d;
	}
	bad_kw(c, quiet, s, m->string, "a non-negative integer");
	return -1;
}

static int
type_bit(const char *t)
{
	static const struct {
		const char *name;
		int bit;
	} types[] = {{"null", TB_NULL},   {"boolean", TB_BOOL},
	             {"integer", TB_INT}, {"number", TB_NUM},
	             {"string", TB_STR},  {"array", TB_ARR},
	             {"object", TB_OBJ}};
	size_t i;

	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (strcmp(types[i].name, t) == 0)
			return types[i].bit;
	return 0;
}

/* Compiles a non-empty array of schemas (allOf, anyOf, oneOf). */
static const struct sch **
sub_list(struct cctx *c, const cJSON *m, const char *base, const struct sch *s,
         size_t depth, int quiet, size_t *n)
{
	const struct sch **list;
	const cJSON *k;
	size_t i = 0, cnt = is_arr(m) ? node_size(m) : 0;

	*n = 0;
	if (cnt == 0) {
		bad_kw(c, quiet, s, m->string, "a non-empty array of schemas");
		return NULL;
	}
	for (k = m->child; k != NULL; k = k->next)
		if (!is_schema(k)) {
			bad_kw(c, quiet, s, m->string,
			       "a non-empty array of schemas");
			return NULL;
		}
	list = calloc(cnt, sizeof(*list));
	if (list == NULL) {
		c->oom = 1;
		return NULL;
	}
	for (k = m->child; k != NULL; k = k->next, i++)
		list[i] = sub(c, k, base, s, m->string, NULL, (long)i, depth,
		              quiet);
	*n = cnt;
	return list;
}

/* Name of a schema used as a branch: its ref's last segment, or title. */
static char *
branch_name(const struct sch *s)
{
	const cJSON *r = node_get(s->node, "$ref"), *t;
	const char *ref, *hash, *start, *end;
	const char *q;

	if (is_str(r)) {
		ref = r->valuestring;
		hash = strchr(ref, '#');
		if (hash != NULL && hash[1] != '\0') {
			end = ref + strlen(ref);
			start = strrchr(hash, '/');
			start = start ? start + 1 : hash + 1;
		} else {
			end = hash ? hash : ref + strlen(ref);
			for (start = end; start > ref && start[-1] != '/';)
				start--;
			for (q = start; q < end; q++)
				if (*q == '.') {
					end = q;
					break;
				}
		}
		if (end <= start)
			return NULL;
		return jsonschema_uri_token(start, end, 1);
	}
	t = node_get(s->node, "title");
	if (is_str(t) && t->valuestring[0] != '\0' &&
	    strlen(t->valuestring) < 80)
		return strdup(t->valuestring);
	return NULL;
}

/* "x" for a location ".../#/definitions/x", else NULL. */
static char *
def_name(const char *loc)
{
	const char *p = strstr(loc, "#/definitions/");

	if (p == NULL)
		return NULL;
	p += strlen("#/definitions/");
	if (*p == '\0' || strchr(p, '/') != NULL)
		return NULL;
	return jsonschema_uri_token(p, p + strlen(p), 0);
}

/* Annotations and data: never schemas, never warned about. */
static int
is_annotation(const char *k)
{
	static const char *const ann[] = {
	        "$schema",         "$comment",  "title",
	        "description",     "default",   "examples",
	        "readOnly",        "writeOnly", "contentMediaType",
	        "contentEncoding", "$id",       "$ref",
	        "example",         "enum",      "const",
	};
	size_t i;

	for (i = 0; i < sizeof(ann) / sizeof(ann[0]); i++)
		if (strcmp(ann[i], k) == 0)
			return 1;
	return 0;
}

/* $ref: resolved once the walk is over (resolve_all) */
static void
kw_ref(struct cctx *c, struct sch *s, const cJSON *m, const char *base,
       size_t depth, int quiet)
{
	const char *k = m->string;

	s->has_ref = 1;
	if (!is_str(m)) {
		bad_kw(c, quiet, s, k, "a string");
		s->has_ref = 0;
		return;
	}
	if (ARRAY_RESERVE(c->pend, c->npend + 1, c->cappend) < 0) {
		c->oom = 1;
		return;
	}
	c->pend[c->npend].s = s;
	c->pend[c->npend].uri = jsonschema_uri_resolve(base, m->valuestring);
	c->pend[c->npend].quiet = quiet;
	if (c->pend[c->npend].uri == NULL)
		c->oom = 1;
	c->npend++;
}

static void
kw_type(struct cctx *c, struct sch *s, const cJSON *m, const char *base,
        size_t depth, int quiet)
{
	const char *k = m->string;
	const cJSON *e;

	if (is_str(m)) {
		s->types = (unsigned)type_bit(m->valuestring);
		if (s->types == 0)
			bad_kw(c, quiet, s, k, "a JSON Schema type name");
	} else if (is_arr(m)) {
		for (e = m->child; e != NULL; e = e->next) {
			if (!is_str(e) || type_bit(e->valuestring) == 0) {
				bad_kw(c, quiet, s, k, "type names (strings)");
				s->types = 0;
				return;
			}
			s->types |= (unsigned)type_bit(e->valuestring);
		}
		if (s->types == 0)
			s->types = 0x80; /* "type": [] matches nothing */
	} else {
		bad_kw(c, quiet, s, k, "a string or an array");
	}
}

/* enum: kept; long ones also indexed by value hash */
static void
kw_enum(struct cctx *c, struct sch *s, const cJSON *m, const char *base,
        size_t depth, int quiet)
{
	const char *k = m->string;
	const cJSON *e;
	size_t i, n;

	if (!is_arr(m)) {
		bad_kw(c, quiet, s, k, "an array");
		return;
	}
	s->enum_kw = m;
	n = node_size(m);
	if (n > ENUM_INDEX_MIN) {
		s->eidx = calloc(n, sizeof(*s->eidx));
		if (s->eidx == NULL) {
			c->oom = 1;
			return;
		}
		for (i = 0, e = m->child; e != NULL; e = e->next, i++) {
			s->eidx[i].h =
			        jsonschema_compile_vhash(e, NULL, NULL, 0);
			s->eidx[i].v = e;
		}
		s->neidx = n;
		qsort(s->eidx, n, sizeof(*s->eidx), eitem_cmp);
	}
}

static void
kw_const(struct cctx *c, struct sch *s, const cJSON *m, const char *base,
         size_t depth, int quiet)
{
	s->has_const = 1;
	s->const_kw = m;
}

static void
kw_multiple_of(struct cctx *c, struct sch *s, const cJSON *m, const char *base,
               size_t depth, int quiet)
{
	const char *k = m->string;

	if (!is_num(m) || !(m->valuedouble > 0) || !isfinite(m->valuedouble)) {
		bad_kw(c, quiet, s, k, "a number greater than 0");
		return;
	}
	s->nflags |= N_MULTIPLE;
	s->multiple_of = m->valuedouble;
}

/* maximum, minimum, exclusiveMaximum, exclusiveMinimum */
static void
kw_bound(struct cctx *c, struct sch *s, const cJSON *m, const char *base,
         size_t depth, int quiet)
{
	const char *k = m->string;

	if (!is_num(m)) {
		bad_kw(c, quiet, s, k, "a number");
		return;
	}
	if (strcmp(k, "maximum") == 0) {
		s->nflags |= N_MAX;
		s->maximum = m->valuedouble;
	} else if (strcmp(k, "minimum") == 0) {
		s->nflags |= N_MIN;
		s->minimum = m->valuedouble;
	} else if (strcmp(k, "exclusiveMaximum") == 0) {
		s->nflags |= N_XMAX;
		s->xmaximum = m->valuedouble;
	} else {
		s->nflags |= N_XMIN;
		s->xminimum = m->valuedouble;
	}
}

static void
kw_pattern(struct cctx *c, struct sch *s, const cJSON *m, const char *base,
           size_t depth, int quiet)
{
	const char *k = m->string;
	int bad;

	if (!is_str(m)) {
		bad_kw(c, quiet, s, k, "a string");
		return;
	}
	s->pattern = re_get(c, m->valuestring, &bad);
	s->pattern_src = m->valuestring;
	if (bad)
		cwarn(c, quiet, "schema-bad-pattern",
		      "pattern '%s' at %s is not a regular expression "
		      "we can run; it is ignored",
		      m->valuestring, s->loc);
}

static void
kw_format(struct cctx *c, struct sch *s, const cJSON *m, const char *base,
          size_t depth, int quiet)
{
	const char *k = m->string;

	if (!is_str(m)) {
		bad_kw(c, quiet, s, k, "a string");
		return;
	}
	s->fmt = (unsigned char)jsonschema_format_find(m->valuestring);
}

/* items: one schema, or an array of them (a tuple) */
static void
kw_items(struct cctx *c, struct sch *s, const cJSON *m, const char *base,
         size_t depth, int quiet)
{
	const char *k = m->string;
	const cJSON *e;
	size_t i, n;

	if (is_schema(m)) {
		s->items = sub(c, m, base, s, k, NULL, -1, depth, quiet);
	} else if (is_arr(m)) {
		for (e = m->child; e != NULL; e = e->next)
			if (!is_schema(e)) {
				bad_kw(c, quiet, s, k,
				       "a schema or an array of "
				       "schemas");
				return;
			}
		n = node_size(m);
		s->has_tuple = 1;
		if (n == 0)
			return;
		s->tuple = calloc(n, sizeof(*s->tuple));
		if (s->tuple == NULL) {
			c->oom = 1;
			return;
		}
		s->ntuple = n;
		for (i = 0, e = m->child; e != NULL; e = e->next, i++)
			s->tuple[i] = sub(c, e, base, s, k, NULL, (long)i,
			                  depth, quiet);
	} else {
		bad_kw(c, quiet, s, k, "a schema or an array of schemas");
	}
}

/* The keywords whose value is one schema. */
static void
kw_one_schema(struct cctx *c, struct sch *s, const cJSON *m, const char *base,
              size_t depth, int quiet)
{
	const char *k = m->string;

	const struct sch *t;

	if (!is_schema(m)) {
		bad_kw(c, quiet, s, k, "a schema (object or boolean)");
		return;
	}
	t = sub(c, m, base, s, k, NULL, -1, depth, quiet);
	if (strcmp(k, "additionalItems") == 0)
		s->add_items = t;
	else if (strcmp(k, "contains") == 0)
		s->contains = t;
	else if (strcmp(k, "additionalProperties") == 0)
		s->add_props = t;
	else if (strcmp(k, "propertyNames") == 0)
		s->prop_names = t;
	else if (strcmp(k, "if") == 0)
		s->if_s = t;
	else if (strcmp(k, "then") == 0)
		s->then_s = t;
	else if (strcmp(k, "else") == 0)
		s->else_s = t;
	else
		s->not_s = t;
}

/* properties, patternProperties */
static void
kw_props(struct cctx *c, struct sch *s, const cJSON *m, const char *base,
         size_t depth, int quiet)
{
	const char *k = m->string;
	const cJSON *e;
	size_t n;
	int bad;

	int pat = k[0] == 'p' && k[1] == 'a';

	if (!is_obj(m)) {
		bad_kw(c, quiet, s, k, "an object of schemas");
		return;
	}
	n = node_size(m);
	if (n == 0)
		return;
	if (pat) {
		s->pprops = calloc(n, sizeof(*s->pprops));
		if (s->pprops == NULL) {
			c->oom = 1;
			return;
		}
	} else {
		s->props = calloc(n, sizeof(*s->props));
		s->sorted = calloc(n, sizeof(*s->sorted));
		if (s->props == NULL || s->sorted == NULL) {
			c->oom = 1;
			return;
		}
	}
	for (e = m->child; e != NULL; e = e->next) {
		const struct sch *t;

		if (!is_schema(e)) {
			cwarn(c, quiet, "schema-bad-keyword",
			      "'%s/%s' at %s must be a schema; ignored", k,
			      e->string, s->loc);
			continue;
		}
		t = sub(c, e, base, s, k, e->string, -1, depth, quiet);
		if (pat) {
			struct pprop *pp = &s->pprops[s->npprops++];

			pp->src = e->string;
			pp->s = t;
			pp->re = re_get(c, e->string, &bad);
			pp->lit = jsonschema_regex_prefix(e->string);
			if (bad)
				cwarn(c, quiet, "schema-bad-pattern",
				      "pattern '%s' in "
				      "patternProperties at %s is not "
				      "a regular expression we can "
				      "run; it is ignored",
				      e->string, s->loc);
		} else {
			s->props[s->nprops].name = e->string;
			s->props[s->nprops].s = t;
			s->sorted[s->nprops].pre =
			        jsonschema_compile_prefix(e->string);
			s->sorted[s->nprops].p = &s->props[s->nprops];
			s->nprops++;
		}
	}
	if (!pat)
		qsort(s->sorted, s->nprops, sizeof(*s->sorted), prop_cmp);
}

static void
kw_deps(struct cctx *c, struct sch *s, const cJSON *m, const char *base,
        size_t depth, int quiet)
{
	const char *k = m->string;
	const cJSON *e;
	size_t n;

	if (!is_obj(m)) {
		bad_kw(c, quiet, s, k, "an object");
		return;
	}
	n = node_size(m);
	if (n == 0)
		return;
	s->deps = calloc(n, sizeof(*s->deps));
	if (s->deps == NULL) {
		c->oom = 1;
		return;
	}
	for (e = m->child; e != NULL; e = e->next) {
		struct dep *d = &s->deps[s->ndeps];

		d->name = e->string;
		if (is_arr(e)) {
			const cJSON *x;

			for (x = e->child; x != NULL; x = x->next)
				if (!is_str(x))
					break;
			if (x != NULL) {
				bad_kw(c, quiet, s, k,
				       "an object of schemas or string "
				       "arrays");
				continue;
			}
			d->req = e;
		} else if (is_schema(e)) {
			d->s = sub(c, e, base, s, k, e->string, -1, depth,
			           quiet);
		} else {
			bad_kw(c, quiet, s, k,
			       "an object of schemas or string arrays");
			continue;
		}
		s->ndeps++;
	}
}

/* definitions: compiled so that refs find them */
static void
kw_defs(struct cctx *c, struct sch *s, const cJSON *m, const char *base,
        size_t depth, int quiet)
{
	const char *k = m->string;
	const cJSON *e;

	if (!is_obj(m)) {
		bad_kw(c, quiet, s, k, "an object of schemas");
		return;
	}
	for (e = m->child; e != NULL; e = e->next)
		if (is_schema(e))
			sub(c, e, base, s, k, e->string, -1, depth, quiet);
}

static void
kw_required(struct cctx *c, struct sch *s, const cJSON *m, const char *base,
            size_t depth, int quiet)
{
	const char *k = m->string;
	const cJSON *e;

	if (!is_arr(m)) {
		bad_kw(c, quiet, s, k, "an array of strings");
		return;
	}
	for (e = m->child; e != NULL; e = e->next)
		if (!is_str(e)) {
			bad_kw(c, quiet, s, k, "an array of strings");
			return;
		}
	s->required = m;
}

/* uniqueItems */
static void
kw_unique(struct cctx *c, struct sch *s, const cJSON *m, const char *base,
          size_t depth, int quiet)
{
	const char *k = m->string;

	if (!is_bool(m)) {
		bad_kw(c, quiet, s, k, "a boolean");
		return;
	}
	s->unique = (m->type & 0xFF) == cJSON_True;
}

/*
 * An unknown keyword: its objects may be $ref targets ("#/x-defs/a"),
 * so compile them quietly.
 */
static void
kw_unknown(struct cctx *c, struct sch *s, const cJSON *m, const char *base,
           size_t depth, int quiet)
{
	const char *k = m->string;
	const cJSON *e;
	size_t i;

	if (is_obj(m)) {
		sub(c, m, base, s, k, NULL, -1, depth, 1);
	} else if (is_arr(m)) {
		for (i = 0, e = m->child; e != NULL; e = e->next, i++)
			if (is_obj(e))
				sub(c, e, base, s, k, NULL, (long)i, depth, 1);
	}
}
/* maxLength, minLength, maxItems, minItems, maxProperties, minProperties */
static void
kw_count(struct cctx *c, struct sch *s, const cJSON *m, const char *base,
         size_t depth, int quiet)
{
	static const struct {
		const char *name;
		size_t off; /* of the long long field in struct sch */
	} counts[] = {
	        {"maxLength", offsetof(struct sch, max_len)},
	        {"minLength", offsetof(struct sch, min_len)},
	        {"maxItems", offsetof(struct sch, max_items)},
	        {"minItems", offsetof(struct sch, min_items)},
	        {"maxProperties", offsetof(struct sch, max_props)},
	        {"minProperties", offsetof(struct sch, min_props)},
	};
	size_t i;

	for (i = 0; i < sizeof(counts) / sizeof(counts[0]); i++)
		if (strcmp(counts[i].name, m->string) == 0)
			*(long long *)((char *)s + counts[i].off) =
			        count_kw(c, quiet, s, m);
}

/* allOf, anyOf, oneOf */
static void
kw_of(struct cctx *c, struct sch *s, const cJSON *m, const char *base,
      size_t depth, int quiet)
{
	const char *k = m->string;

	if (strcmp(k, "allOf") == 0)
		s->all_of = sub_list(c, m, base, s, depth, quiet, &s->nall);
	else if (strcmp(k, "anyOf") == 0)
		s->any_of = sub_list(c, m, base, s, depth, quiet, &s->nany);
	else
		s->one_of = sub_list(c, m, base, s, depth, quiet, &s->none);
}

typedef void kw_fn(struct cctx *c, struct sch *s, const cJSON *m,
                   const char *base, size_t depth, int quiet);

/* Every keyword that compiles to something; the others are annotations. */
static const struct {
	const char *name;
	kw_fn *fn;
} keywords[] = {
        {"$ref", kw_ref},
        {"type", kw_type},
        {"enum", kw_enum},
        {"const", kw_const},
        {"multipleOf", kw_multiple_of},
        {"maximum", kw_bound},
        {"minimum", kw_bound},
        {"exclusiveMaximum", kw_bound},
        {"exclusiveMinimum", kw_bound},
        {"maxLength", kw_count},
        {"minLength", kw_count},
        {"maxItems", kw_count},
        {"minItems", kw_count},
        {"maxProperties", kw_count},
        {"minProperties", kw_count},
        {"pattern", kw_pattern},
        {"format", kw_format},
        {"items", kw_items},
        {"additionalItems", kw_one_schema},
        {"contains", kw_one_schema},
        {"additionalProperties", kw_one_schema},
        {"propertyNames", kw_one_schema},
        {"if", kw_one_schema},
        {"then", kw_one_schema},
        {"else", kw_one_schema},
        {"not", kw_one_schema},
        {"allOf", kw_of},
        {"anyOf", kw_of},
        {"oneOf", kw_of},
        {"properties", kw_props},
        {"patternProperties", kw_props},
        {"dependencies", kw_deps},
        {"definitions", kw_defs},
        {"required", kw_required},
        {"uniqueItems", kw_unique},
};
/* compile_kw() keeps a bit per keyword in a uint64_t. */
_Static_assert(sizeof(keywords) / sizeof(keywords[0]) <= 64,
               "more keywords than bits in compile_kw()'s seen mask");

/*
 * Compiles keyword m of s. *seen has a bit per keyword of the table
 * already compiled for s: a keyword given twice (cJSON keeps duplicate
 * keys; the loader refuses them, other callers may not) counts once, the
 * first, as node_get() reads it; compiling both would fill arrays sized
 * for the first (a heap overflow the fuzzer found).
 */
static void
compile_kw(struct cctx *c, struct sch *s, const cJSON *m, const char *base,
           size_t depth, int quiet, uint64_t *seen)
{
	size_t i;

	for (i = 0; i < sizeof(keywords) / sizeof(keywords[0]); i++)
		if (strcmp(keywords[i].name, m->string) == 0) {
			if (*seen & ((uint64_t)1 << i))
				return;
			*seen |= (uint64_t)1 << i;
			keywords[i].fn(c, s, m, base, depth, quiet);
			return;
		}
	if (!is_annotation(m->string))
		kw_unknown(c, s, m, base, depth, quiet);
}

static struct sch *
compile(struct cctx *c, const cJSON *node, const char *base, char *loc,
        size_t depth, int quiet)
{
	struct jsonschema *js = c->js;
	struct sch *s;
	const cJSON *m, *id;
	uint64_t seen = 0;

	if (loc == NULL) {
		c->oom = 1;
		return NULL;
	}
	s = hmap_get_ptr(&js->map, node);
	if (s != NULL) {
		free(loc);
		return s;
	}
	s = calloc(1, sizeof(*s));
	if (s == NULL || ARRAY_RESERVE(js->all, js->nall + 1, js->capall) < 0 ||
	    hmap_put_ptr(&js->map, node, s) < 0) {
		free(s);
		free(loc);
		c->oom = 1;
		return NULL;
	}
	s->idx = js->nall;
	js->all[js->nall++] = s;
	s->node = node;
	s->loc = loc;
	s->boolv = -1;
	s->max_len = s->min_len = s->max_items = s->min_items = -1;
	s->max_props = s->min_props = -1;
	if (is_bool(node)) {
		s->boolv = (node->type & 0xFF) == cJSON_True;
		return s;
	}
	if (!is_obj(node)) {
		cwarn(c, quiet, "schema-bad-keyword",
		      "the schema at %s is not an object or a boolean; it "
		      "accepts everything",
		      loc);
		s->boolv = 1;
		return s;
	}
	if (depth > js->opts.max_depth) {
		cwarn(c, quiet, "schema-too-deep",
		      "the schema at %s is nested more than %zu levels deep; "
		      "it accepts everything",
		      loc, js->opts.max_depth);
		s->boolv = 1;
		return s;
	}
	s->name = branch_name(s);
	s->defname = def_name(loc);
	id = node_get(node, "$id");
	if (is_str(id) && node_get(node, "$ref") == NULL) {
		char *abs = jsonschema_uri_resolve(base, id->valuestring);
		const char *hash;

		if (abs == NULL) {
			c->oom = 1;
			return s;
		}
		hash = strchr(abs, '#');
		if (hash != NULL && hash[1] != '\0' && hash[1] != '/') {
			/* "#name": a location-independent anchor */
			reg_add(c, abs, node);
			free(abs);
		} else {
			if (hash != NULL)
				*(char *)hash = '\0';
			reg_add(c, abs, node);
			base = keep_str(c, abs);
			if (base == NULL)
				return s;
		}
	}
	for (m = node->child; m != NULL && !c->oom; m = m->next)
		if (m->string != NULL)
			compile_kw(c, s, m, base, depth, quiet, &seen);
	return s;
}

/* Asks the load hook once for doc; registers and compiles the tree. */
static const cJSON *
load_doc(struct cctx *c, const char *doc, int quiet)
{
	struct jsonschema *js = c->js;
	const cJSON *tree;
	size_t i;
	char *copy;

	if (js->opts.load == NULL)
		return NULL;
	for (i = 0; i < js->ntried; i++)
		if (strcmp(js->tried[i], doc) == 0)
			return NULL;
	if (ARRAY_RESERVE(js->tried, js->ntried + 1, js->captried) < 0 ||
	    (copy = strdup(doc)) == NULL) {
		c->oom = 1;
		return NULL;
	}
	js->tried[js->ntried++] = copy;
	tree = js->opts.load(js->opts.load_ctx, doc);
	if (tree == NULL || !is_schema(tree))
		return NULL;
	if (reg_add(c, doc, tree) < 0)
		return NULL;
	{
		struct strbuf b = {0};

		strbuf_puts(&b, doc);
		strbuf_putc(&b, '#');
		compile(c, tree, copy, strbuf_take(&b), 0, quiet);
	}
	return tree;
}

/* The node an absolute ref URI names, or NULL; *base gets its base URI. */
static const cJSON *
lookup(struct cctx *c, const char *uri, const char **base, int quiet)
{
	const char *hash = strchr(uri, '#');
	size_t ndoc = hash ? (size_t)(hash - uri) : strlen(uri);
	const char *frag = hash ? hash + 1 : "";
	const cJSON *root;
	char *doc;
	int oom = 0;

	doc = strndup(uri, ndoc);
	if (doc == NULL || (*base = keep_str(c, doc)) == NULL) {
		c->oom = 1;
		return NULL;
	}
	if (*frag != '\0' && *frag != '/') {
		root = reg_find(c->js, uri, strlen(uri));
		if (root == NULL && reg_find(c->js, doc, ndoc) == NULL &&
		    load_doc(c, doc, quiet) != NULL)
			root = reg_find(c->js, uri, strlen(uri));
		return root;
	}
	root = reg_find(c->js, doc, ndoc);
	if (root == NULL)
		root = load_doc(c, doc, quiet);
	if (root == NULL)
		return NULL;
	root = jsonschema_uri_pointer(root, frag, &oom);
	if (oom)
		c->oom = 1;
	return root;
}

/* Resolves every pending $ref; targets compiled here may add more. */
static void
resolve_all(struct cctx *c)
{
	struct jsonschema *js = c->js;
	size_t i;

	for (i = 0; i < c->npend && !c->oom; i++) {
		struct sch *s = c->pend[i].s;
		const char *uri = c->pend[i].uri, *tbase = "";
		int quiet = c->pend[i].quiet;
		const cJSON *t = NULL;

		if (js->opts.ref != NULL)
			t = js->opts.ref(js->opts.ref_ctx, s->node);
		if (t == NULL && uri != NULL)
			t = lookup(c, uri, &tbase, quiet);
		if (c->oom)
			return;
		if (t == NULL || !is_schema(t)) {
			cwarn(c, quiet, "schema-unresolved-ref",
			      "cannot resolve $ref '%s' at %s; it accepts "
			      "everything",
			      uri ? uri : "?", s->loc);
			continue;
		}
		s->ref =
		        compile(c, t, tbase, strdup(uri ? uri : "?"), 0, quiet);
	}
}

/*
 * 1 when validating s may follow a $ref on the same instance (through
 * allOf, anyOf, oneOf, not, if/then/else, dependencies), or when that is
 * too deep or costly to tell. *budget bounds the walk.
 */
static int
reaches_ref(const struct sch *s, size_t depth, size_t *budget)
{
	const struct sch *const *lists[3];
	size_t counts[3], i, k;

	if (s == NULL || s->boolv >= 0)
		return 0;
	if (s->has_ref || depth > 32 || *budget == 0)
		return 1;
	--*budget;
	lists[0] = s->all_of;
	counts[0] = s->nall;
	lists[1] = s->any_of;
	counts[1] = s->nany;
	lists[2] = s->one_of;
	counts[2] = s->none;
	for (k = 0; k < 3; k++)
		for (i = 0; i < counts[k]; i++)
			if (reaches_ref(lists[k][i], depth + 1, budget))
				return 1;
	for (i = 0; i < s->ndeps; i++)
		if (reaches_ref(s->deps[i].s, depth + 1, budget))
			return 1;
	return reaches_ref(s->not_s, depth + 1, budget) ||
	       reaches_ref(s->if_s, depth + 1, budget) ||
	       reaches_ref(s->then_s, depth + 1, budget) ||
	       reaches_ref(s->else_s, depth + 1, budget);
}

/*
 * Sets target and memo on the $ref targets (see struct sch): a target is
 * where one instance is met again through another route (a meta-schema
 * reaches every subschema once from its parent's keyword and once more
 * from its own $ref), and one that follows no $ref on the same instance
 * cannot meet a cycle there, so its answer does not depend on the route.
 */
static void
mark_memo(struct jsonschema *js)
{
	size_t i, budget;
	struct sch *t;

	for (i = 0; i < js->nall; i++) {
		if (!js->all[i]->has_ref || js->all[i]->ref == NULL)
			continue;
		t = js->all[js->all[i]->ref->idx];
		if (t->target || t->boolv >= 0 || t->has_ref)
			continue;
		t->target = 1;
		budget = 256;
		t->memo = !reaches_ref(t, 0, &budget);
	}
}

/* How many schemas s may lead to on the same instance (see same_edge()). */
static size_t
same_edges(const struct sch *s)
{
	return s->nall + s->nany + s->none + s->ndeps + 5;
}

/*
 * The i-th schema s leads to on the same instance, or NULL (an absent
 * keyword): allOf, anyOf, oneOf, dependencies, not, if, then, else, $ref.
 */
static const struct sch *
same_edge(const struct sch *s, size_t i)
{
	if (i < s->nall)
		return s->all_of[i];
	i -= s->nall;
	if (i < s->nany)
		return s->any_of[i];
	i -= s->nany;
	if (i < s->none)
		return s->one_of[i];
	i -= s->none;
	if (i < s->ndeps)
		return s->deps[i].s;
	switch (i - s->ndeps) {
	case 0:
		return s->not_s;
	case 1:
		return s->if_s;
	case 2:
		return s->then_s;
	case 3:
		return s->else_s;
	default:
		return s->has_ref ? s->ref : NULL;
	}
}

/*
 * 1 when a schema reaches itself on the same instance (see same_cycle),
 * or on OOM. Depth-first, colours by idx, an explicit stack.
 */
static int
find_same_cycle(const struct jsonschema *js)
{
	struct item {
		const struct sch *s;
		size_t next;
	} *st = NULL;
	unsigned char *col = calloc(js->nall ? js->nall : 1, 1);
	size_t sp = 0, cap = 0, i;
	const struct sch *t;
	int found = 0;

	if (col == NULL)
		return 1;
	for (i = 0; i < js->nall && !found; i++) {
		if (col[i] != 0)
			continue;
		if (ARRAY_RESERVE(st, sp + 1, cap) < 0) {
			found = 1;
			break;
		}
		col[i] = 1; /* grey: on the stack */
		st[sp].s = js->all[i];
		st[sp++].next = 0;
		while (sp > 0 && !found) {
			struct item *top = &st[sp - 1];

			if (top->next == same_edges(top->s)) {
				col[top->s->idx] = 2; /* black: done */
				sp--;
				continue;
			}
			t = same_edge(top->s, top->next++);
			if (t == NULL || t->boolv >= 0 || col[t->idx] == 2)
				continue;
			if (col[t->idx] == 1) {
				found = 1;
				break;
			}
			if (ARRAY_RESERVE(st, sp + 1, cap) < 0) {
				found = 1;
				break;
			}
			col[t->idx] = 1;
			st[sp].s = t;
			st[sp++].next = 0;
		}
		sp = 0;
	}
	free(st);
	free(col);
	return found;
}

static void
sch_free(struct sch *s)
{
	free(s->loc);
	free(s->name);
	free(s->defname);
	free(s->eidx);
	free(s->tuple);
	free(s->all_of);
	free(s->any_of);
	free(s->one_of);
	free(s->props);
	free(s->sorted);
	free(s->pprops);
	free(s->deps);
	free(s);
}

void
jsonschema_free(struct jsonschema *js)
{
	size_t i;

	if (js == NULL)
		return;
	for (i = 0; i < js->nall; i++)
		sch_free(js->all[i]);
	free(js->all);
	for (i = 0; i < js->nreg; i++)
		free(js->reg[i].uri);
	free(js->reg);
	for (i = 0; i < js->nstrs; i++)
		free(js->strs[i]);
	free(js->strs);
	for (i = 0; i < js->nre; i++) {
		free(js->re[i].src);
		pcre2_code_free(js->re[i].re);
	}
	free(js->re);
	for (i = 0; i < js->ntried; i++)
		free(js->tried[i]);
	free(js->tried);
	hmap_free(&js->map);
	free(js);
}

int
jsonschema_new(struct jsonschema **out, const cJSON *schema,
               const struct jsonschema_opts *opts, struct diag_list *diags)
{
	struct jsonschema_opts defaults = JSONSCHEMA_OPTS_INIT;
	struct cctx c = {0};
	struct jsonschema *js = NULL;
	const char *base;
	size_t i;
	int rc = -1;

	*out = NULL;
	if (!is_schema(schema))
		goto out;
	js = calloc(1, sizeof(*js));
	if (js == NULL)
		goto out;
	js->opts = opts ? *opts : defaults;
	if (js->opts.max_depth == 0)
		js->opts.max_depth = JSONSCHEMA_DEFAULT_MAX_DEPTH;
	if (js->opts.max_errors == 0)
		js->opts.max_errors = JSONSCHEMA_DEFAULT_MAX_ERRORS;
	if (js->opts.max_steps == 0)
		js->opts.max_steps = JSONSCHEMA_DEFAULT_MAX_STEPS;
	if (js->opts.match_limit == 0)
		js->opts.match_limit = JSONSCHEMA_DEFAULT_MATCH_LIMIT;
	if (js->opts.depth_limit == 0)
		js->opts.depth_limit = JSONSCHEMA_DEFAULT_DEPTH_LIMIT;
	js->root = schema;
	c.js = js;
	c.diags = diags;
	{
		char *b = strdup(js->opts.base_uri ? js->opts.base_uri : "");
		char *hash;

		if (b != NULL && (hash = strchr(b, '#')) != NULL)
			*hash = '\0';
		base = keep_str(&c, b);
	}
	js->opts.base_uri = NULL; /* borrowed: not kept */
	if (base == NULL || reg_add(&c, base, schema) < 0)
		goto out;
	js->root_sch = compile(&c, schema, base, strdup("#"), 0, 0);
	if (!c.oom)
		resolve_all(&c);
	if (c.oom || js->root_sch == NULL)
		goto out;
	mark_memo(js);
	js->same_cycle = find_same_cycle(js);
	*out = js;
	js = NULL;
	rc = 0;
out:
	for (i = 0; i < c.npend; i++)
		free(c.pend[i].uri);
	free(c.pend);
	jsonschema_free(js);
	return rc;
}
