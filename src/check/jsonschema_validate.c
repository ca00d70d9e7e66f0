/*
 * jsonschema_validate: validating an instance against a compiled schema:
 * error records and their messages, value equality, every keyword, the
 * memo of (schema, instance) answers, the limits, and the public entry
 * points jsonschema_validate() and jsonschema_check().
 */
#include "config.h"

#include <errno.h>
#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check/jsonschema_int.h"
#include "util/array.h"
#include "util/hash.h"
#include "util/node.h"
#include "util/suggest.h"

/* What an error says about a branch that produced it (closest branch). */
enum ekind { K_OTHER, K_TYPE, K_DISCR, K_REQUIRED };

struct err {
	struct jsonschema_error pub; /* message and note built at the end */
	char *base;                  /* the message without the branch prefix */
	size_t idepth;               /* instance depth (segments of the path) */
	int kind;
	unsigned types;     /* K_TYPE: the types accepted */
	const cJSON **vals; /* K_DISCR: the values allowed (owned array) */
	size_t nvals;
	int has_branch;     /* adopted from a oneOf/anyOf */
	int no_prefix;      /* the only branch of the right type */
	const char *branch; /* its name (borrowed from the schema) */
	const char *owner;  /* anonymous branch: the definition holding it */
	long branch_idx;    /* 1-based */
	size_t nalts;
	size_t alt_depth; /* instance depth of that oneOf/anyOf */
	const char *alt_kw;
	char *alt_path; /* its instance path */
};

/* One segment of the instance path; the root has depth 0 and no key. */
struct ipath {
	const struct ipath *up;
	const char *key; /* node_get name, or NULL for an array index */
	size_t idx;
	size_t depth;
};

/* Instance refs followed so far (innermost first). */
struct rchain {
	const struct rchain *up;
	const cJSON *ref;
	size_t n;
};

/* (schema, instance) pairs entered through a schema $ref on this path. */
struct pairs {
	const struct pairs *up;
	const struct sch *s;
	const cJSON *inst;
};

struct frame {
	const struct sch *s;
	const cJSON *inst; /* after following refs */
	const struct ipath *ip;
	const struct rchain *rc;
	const struct pairs *pl;
	size_t depth; /* nested v() calls */
	int via_ref;  /* inst was reached through an instance ref */
	int tmp;      /* inst lives on the stack (a node_get name) */
};

/*
 * A yes answer v() keeps (see "Kept answers"), with what working it out
 * cost: the steps it took, how much deeper than its frame it went, how
 * much deeper its oneOf/anyOf nesting went, and whether pattern tests ran
 * under the low match limit.
 */
struct yes {
	const struct sch *s;
	size_t next; /* 1 + index of the instance's next answer, or 0 */
	size_t steps, height;
	unsigned alt_height, low;
	/*
	 * 1: approximate (see keep_end(); given only with c->reuse):
	 * working it out again could take fewer steps, through the memo
	 * answers kept meanwhile, never more.
	 */
	unsigned approx;
};

/* Memo bits for (schema, instance) pairs reached through instance refs. */
enum {
	M_KNOWN = 1,     /* the yes/no answer is known... */
	M_VALID = 2,     /* ...and it is yes */
	M_COLLECTED = 4, /* errors already reported at top level */
	M_CVALID = 8
};

/* Pattern tests that hit the limit before the limit is lowered. */
#define COSTLY_BEFORE_LOW 16
/* Deepest value comparison (enum, const, uniqueItems). */
#define EQ_MAX_DEPTH 256
/*
 * Nested oneOf/anyOf evaluations: from this nesting on every yes/no
 * answer is memoised, so branches that all recurse into the same nodes
 * stay linear instead of exponential.
 */
#define ALT_MEMO_NEST 8
/*
 * v() keeps answers that took this many steps or more: a cheaper one
 * costs less to work out again than to keep and look up.
 */
#define MEMO_MIN_STEPS 4
/* Nested closest-branch trials; deeper ones give a plain error. */
#define TRIAL_MAX_NEST 8

struct vctx {
	const struct jsonschema *js;
	jsonschema_deref_fn deref;
	void *dctx;
	int collect;     /* build error records (else yes/no only) */
	size_t trial;    /* nesting of oneOf/anyOf branch trials */
	size_t alt_nest; /* nesting of oneOf/anyOf evaluations */
	struct err *errs;
	size_t n, cap;
	size_t mark; /* errors before the current trial */
	int full;    /* max_errors reached since mark */
	int stop;    /* a limit or OOM: unwind */
	int oom;
	int limit; /* 1: depth, 2: steps */
	const cJSON *limit_node;
	char *limit_path;
	size_t steps;
	struct jsonschema_work work; /* steps and pattern tests, for r->work */
	size_t assumed; /* cycle assumptions made */
	size_t costly;
	pcre2_match_data *md;
	pcre2_match_context *mctx, *mctx_low;
	/* by schema idx: instance -> M_* bits; NULL until first needed */
	struct hmap *memo;
	/*
	 * instance -> 1 + index in yes[] of its first answer (one
	 * map for all schemas: most validations keep none, and a map per
	 * schema would cost them an array as long as the schema set).
	 * reach: the deepest frame entered, alt_reach: the deepest
	 * oneOf/anyOf nesting; refs: instance refs followed.
	 */
	struct hmap ymemo;
	struct yes *yes;
	size_t nyes, capyes;
	unsigned char *ykept; /* by schema idx: 1 once it kept an answer */
	size_t reach, alt_reach, refs;
	/*
	 * acyclic: no node of the instance reaches itself through members
	 * and refs (no deref callback, or jsonschema_validate_acyclic()):
	 * answers are kept only then. reuse: and the schema set has no
	 * cycle on one instance either, so no cycle is ever assumed, every
	 * answer is the same whichever way its node is reached, and answers
	 * of any target are kept, refs followed below or not. dsteps: the steps
	 * counted for such answers given again; when the step limit is hit
	 * with some, the validation is run again without them (the limit
	 * must fall where it would without them).
	 */
	int acyclic, reuse;
	size_t dsteps;
	struct keep *kstack; /* the keeps open, innermost first */
	/*
	 * Answers by content (struct jsonschema_call's canon): canon node
	 * -> 1 + index in yes[] of its first answer, chained by next.
	 */
	jsonschema_canon_fn canon;
	void *cctx;
	struct hmap cmemo;
};

#define FAIL()                                                                 \
	do {                                                                   \
		ok = 0;                                                        \
		if (!c->collect || c->full || c->stop)                         \
			return 0;                                              \
	} while (0)

static int v(struct vctx *c, const struct frame *f);

/* Number of code points in UTF-8 text (invalid bytes count as one each). */
static size_t
utf8_len(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			n++;
	return n;
}

/* What a deref callback returns for an instance nobody can know. */
static const cJSON unknown_inst;

const cJSON *
jsonschema_unknown(void)
{
	return &unknown_inst;
}

static const cJSON *
dr(const struct vctx *c, const cJSON *n)
{
	const cJSON *t;

	if (c->deref == NULL)
		return n;
	t = c->deref(c->dctx, n);
	return t != NULL ? t : n;
}

static int
inst_type(const cJSON *n)
{
	switch (n->type & 0xFF) {
	case cJSON_NULL:
		return TB_NULL;
	case cJSON_False:
	case cJSON_True:
		return TB_BOOL;
	case cJSON_Number:
		return isfinite(n->valuedouble) &&
		                       floor(n->valuedouble) == n->valuedouble
		               ? TB_INT
		               : TB_NUM;
	case cJSON_String:
		return TB_STR;
	case cJSON_Array:
		return TB_ARR;
	case cJSON_Object:
		return TB_OBJ;
	default:
		return 0;
	}
}

static int
type_ok(unsigned types, int t)
{
	return (types & (unsigned)t) != 0 || (t == TB_INT && (types & TB_NUM));
}

static const char *
type_name(int t)
{
	switch (t) {
	case TB_NULL:
		return "null";
	case TB_BOOL:
		return "boolean";
	case TB_INT:
		return "integer";
	case TB_NUM:
		return "number";
	case TB_STR:
		return "string";
	case TB_ARR:
		return "array";
	case TB_OBJ:
		return "object";
	default:
		return "an unknown value";
	}
}

/* "object, array or string" */
static void
sb_types(struct strbuf *b, unsigned types)
{
	static const int order[] = {TB_OBJ, TB_ARR,  TB_STR, TB_NUM,
	                            TB_INT, TB_BOOL, TB_NULL};
	int names[7];
	size_t i, n = 0;

	if (types & TB_NUM)
		types &= ~(unsigned)TB_INT;
	for (i = 0; i < 7; i++)
		if (types & (unsigned)order[i])
			names[n++] = order[i];
	if (n == 0) {
		strbuf_puts(b, "nothing (the type list is empty)");
		return;
	}
	for (i = 0; i < n; i++) {
		if (i > 0)
			strbuf_puts(b, i == n - 1 ? " or " : ", ");
		strbuf_puts(b, type_name(names[i]));
	}
}

/* A value as shown in messages: 'text', 42, true, an object... */
static void
sb_value(struct strbuf *b, const cJSON *n)
{
	char buf[64];
	const unsigned char *p;
	size_t i;

	switch (n->type & 0xFF) {
	case cJSON_String:
		strbuf_putc(b, '\'');
		p = (const unsigned char *)n->valuestring;
		for (i = 0; p[i]; i++) {
			if (i >= 60 && (p[i] & 0xC0) != 0x80) {
				strbuf_puts(b, "...");
				break;
			}
			if (p[i] == '\n')
				strbuf_puts(b, "\\n");
			else if (p[i] == '\r')
				strbuf_puts(b, "\\r");
			else if (p[i] == '\t')
				strbuf_puts(b, "\\t");
			else if (p[i] < 0x20)
				strbuf_printf(b, "\\x%02x", p[i]);
			else
				strbuf_putc(b, (char)p[i]);
		}
		strbuf_putc(b, '\'');
		break;
	case cJSON_Number:
	case cJSON_True:
	case cJSON_False:
	case cJSON_NULL: {
		const char *t = node_text(n, buf, sizeof(buf));

		strbuf_puts(b, t ? t : "?");
		break;
	}
	case cJSON_Array:
		strbuf_puts(b, node_size(n) ? "an array" : "[]");
		break;
	case cJSON_Object:
		strbuf_puts(b, node_size(n) ? "an object" : "{}");
		break;
	default:
		strbuf_puts(b, "a value");
	}
}

/*
 * d as a spec writes it: the shortest text that reads back as d, without
 * an exponent in the range people write numbers in ("at least 10", not
 * "1e+01"; "0.5").
 */
static void
fmt_double(char *buf, size_t size, double d)
{
	double a = d < 0 ? -d : d;
	int prec, plain = a == 0 || (a >= 1e-6 && a < 1e15);

	if (plain && d == (double)(long long)d) {
		snprintf(buf, size, "%lld", (long long)d);
		return;
	}
	for (prec = 1; prec <= 17; prec++) {
		snprintf(buf, size, plain ? "%.*f" : "%.*g", prec, d);
		if (strtod(buf, NULL) == d)
			return;
	}
}

static char *
ipath_str(const struct ipath *ip)
{
	const struct ipath **seg;
	struct strbuf b = {0};
	size_t d = ip->depth, i;

	if (d == 0)
		return strdup("");
	seg = malloc(d * sizeof(*seg));
	if (seg == NULL)
		return NULL;
	for (i = d; i > 0 && ip != NULL; i--, ip = ip->up)
		seg[i - 1] = ip;
	for (i = 0; i < d; i++) {
		strbuf_putc(&b, '/');
		if (seg[i]->key != NULL)
			jsonschema_uri_put_token(&b, seg[i]->key);
		else
			strbuf_printf(&b, "%zu", seg[i]->idx);
	}
	free(seg);
	return strbuf_take(&b);
}

static void
err_free(struct err *e)
{
	free(e->pub.instance_path);
	free(e->pub.schema_path);
	free(e->pub.message);
	free(e->pub.note);
	free(e->pub.refs);
	free(e->base);
	free(e->alt_path);
	free(e->vals);
}

static void
set_oom(struct vctx *c)
{
	c->oom = 1;
	c->stop = 1;
}

/* What b holds as a new string (free it), or NULL after set_oom(). */
static char *
take_text(struct vctx *c, struct strbuf *b)
{
	char *s = strbuf_take(b);

	if (s == NULL)
		set_oom(c);
	return s;
}

/* sb_value(v) as a new string (free it), or NULL after set_oom(). */
static char *
value_text(struct vctx *c, const cJSON *v)
{
	struct strbuf b = STRBUF_INIT;

	sb_value(&b, v);
	return take_text(c, &b);
}

/* sb_types(types) as a new string (free it), or NULL after set_oom(). */
static char *
types_text(struct vctx *c, unsigned types)
{
	struct strbuf b = STRBUF_INIT;

	sb_types(&b, types);
	return take_text(c, &b);
}

/* Makes room for one more error; NULL when none should be added. */
static struct err *
new_err(struct vctx *c)
{
	struct err *e;

	if (!c->collect || c->full || c->stop)
		return NULL;
	if (ARRAY_RESERVE(c->errs, c->n + 1, c->cap) < 0) {
		set_oom(c);
		return NULL;
	}
	e = &c->errs[c->n];
	memset(e, 0, sizeof(*e));
	return e;
}

static void
commit_err(struct vctx *c)
{
	c->n++;
	if (c->n - c->mark >= c->js->opts.max_errors)
		c->full = 1;
}

static struct err *add_err(struct vctx *c, const struct frame *f,
                           const char *kw, const char *rule, int kind,
                           const char *fmt, ...)
        __attribute__((format(printf, 6, 7)));

/*
 * Records an error about f's instance for keyword kw of f's schema (kw
 * NULL: the schema itself). Returns it (to set more fields), or NULL when
 * not collecting, full, or out of memory.
 */
static struct err *
add_err(struct vctx *c, const struct frame *f, const char *kw, const char *rule,
        int kind, const char *fmt, ...)
{
	struct err *e = new_err(c);
	struct strbuf b = {0};
	const struct rchain *r;
	char small[512];
	va_list ap;
	int len;
	size_t i;

	if (e == NULL)
		return NULL;
	va_start(ap, fmt);
	len = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (len < 0)
		len = 0;
	if ((size_t)len < sizeof(small)) {
		e->base = strdup(small);
	} else {
		e->base = malloc((size_t)len + 1);
		if (e->base != NULL) {
			va_start(ap, fmt);
			vsnprintf(e->base, (size_t)len + 1, fmt, ap);
			va_end(ap);
		}
	}
	e->pub.instance = f->inst;
	e->pub.instance_path = ipath_str(f->ip);
	e->pub.keyword = kw ? kw : "false";
	strbuf_puts(&b, f->s->loc);
	if (kw != NULL) {
		strbuf_putc(&b, '/');
		jsonschema_uri_put_token(&b, kw);
	}
	e->pub.schema_path = strbuf_take(&b);
	e->pub.rule = rule;
	if (f->rc != NULL) {
		e->pub.nrefs = f->rc->n;
		e->pub.refs = calloc(f->rc->n, sizeof(*e->pub.refs));
		if (e->pub.refs != NULL)
			for (i = f->rc->n, r = f->rc; i > 0 && r != NULL;
			     i--, r = r->up)
				e->pub.refs[i - 1] = r->ref;
	}
	e->idepth = f->ip->depth;
	e->kind = kind;
	if (e->base == NULL || e->pub.instance_path == NULL ||
	    e->pub.schema_path == NULL ||
	    (f->rc != NULL && e->pub.refs == NULL)) {
		err_free(e);
		set_oom(c);
		return NULL;
	}
	commit_err(c);
	return e;
}

/* Stops validation at a limit; the error is added at the end. */
static void
hit_limit(struct vctx *c, const struct frame *f, int which)
{
	if (c->limit == 0 && !c->oom) {
		c->limit = which;
		c->limit_node = f->inst;
		c->limit_path = ipath_str(f->ip);
		if (c->limit_path == NULL)
			c->oom = 1;
	}
	c->stop = 1;
}

/* Deep equality (1 == 1.0; node_get order ignored); da/db: deref children. */
static int
eq(struct vctx *c, const cJSON *a, const cJSON *b, int da, int db, size_t depth)
{
	const cJSON *x, *y, *xa, *yb;
	int t;

	if (a == b)
		return 1;
	if (depth > EQ_MAX_DEPTH || c->stop)
		return 0;
	if (++c->steps > c->js->opts.max_steps) {
		c->stop = 1;
		return 0;
	}
	t = a->type & 0xFF;
	if (t != (b->type & 0xFF))
		return 0;
	switch (t) {
	case cJSON_Number:
		return a->valuedouble == b->valuedouble;
	case cJSON_String:
		return a->valuestring && b->valuestring &&
		       strcmp(a->valuestring, b->valuestring) == 0;
	case cJSON_NULL:
	case cJSON_True:
	case cJSON_False:
		return 1;
	case cJSON_Array:
		for (x = a->child, y = b->child; x != NULL && y != NULL;
		     x = x->next, y = y->next) {
			xa = da ? dr(c, x) : x;
			yb = db ? dr(c, y) : y;
			if (!eq(c, xa, yb, da, db, depth + 1))
				return 0;
		}
		return x == NULL && y == NULL;
	case cJSON_Object:
		if (node_size(a) != node_size(b))
			return 0;
		for (x = a->child; x != NULL; x = x->next) {
			y = x->string ? node_get(b, x->string) : NULL;
			if (y == NULL)
				return 0;
			xa = da ? dr(c, x) : x;
			yb = db ? dr(c, y) : y;
			if (!eq(c, xa, yb, da, db, depth + 1))
				return 0;
		}
		return 1;
	default:
		return 0;
	}
}

static int
in_enum(struct vctx *c, const struct sch *s, const cJSON *in)
{
	const cJSON *e;
	uint64_t h;
	size_t lo, hi, mid;

	if (s->eidx != NULL) {
		h = jsonschema_compile_vhash(in, c->deref, c->dctx, 0);
		lo = 0;
		hi = s->neidx;
		while (lo < hi) {
			mid = lo + (hi - lo) / 2;
			if (s->eidx[mid].h < h)
				lo = mid + 1;
			else
				hi = mid;
		}
		for (; lo < s->neidx && s->eidx[lo].h == h; lo++)
			if (eq(c, in, s->eidx[lo].v, 1, 0, 0))
				return 1;
		return 0;
	}
	for (e = s->enum_kw->child; e != NULL; e = e->next)
		if (eq(c, in, e, 1, 0, 0))
			return 1;
	return 0;
}

/* ECMA-262 pattern test: 1 match, 0 no match, -1 too costly. */
static int
re_test(struct vctx *c, const pcre2_code *re, const char *s)
{
	int rc, low;

	if (c->md == NULL) {
		c->md = pcre2_match_data_create(1, NULL);
		if (c->md == NULL) {
			set_oom(c);
			return 0;
		}
	}
	low = c->costly >= COSTLY_BEFORE_LOW;
	c->work.pattern_tests++;
	c->work.pattern_budget += low ? c->js->opts.match_limit / 100 + 1
	                              : c->js->opts.match_limit;
	rc = pcre2_match(re, (PCRE2_SPTR)s, strlen(s), 0, 0, c->md,
	                 low ? c->mctx_low : c->mctx);
	if (rc >= 0)
		return 1;
	if (rc == PCRE2_ERROR_NOMATCH)
		return 0;
	c->costly++;
	return -1;
}

static int
multiple_ok(double x, double m)
{
	double q = x / m, r;

	if (!isfinite(q))
		return 0;
	if (floor(x) == x && floor(m) == m && fabs(x) < 9e15 && m < 9e15)
		return fmod(x, m) == 0;
	r = round(q);
	return fabs(q - r) <= fmax(1e-10, fabs(q) * 4 * DBL_EPSILON);
}

/* v() on a subschema of the same instance. */
static int
v_sub(struct vctx *c, const struct frame *f, const struct sch *s)
{
	struct frame cf = *f;

	cf.s = s;
	cf.depth = f->depth + 1;
	return v(c, &cf);
}

/* Sets up the frame of a node_get or item (following an instance ref). */
static void
child_frame(struct vctx *c, const struct frame *f, struct frame *cf,
            struct ipath *ip, struct rchain *rc, const struct sch *s,
            const cJSON *child, const char *key, size_t idx)
{
	const cJSON *t;

	ip->up = f->ip;
	ip->key = key;
	ip->idx = idx;
	ip->depth = f->ip->depth + 1;
	cf->s = s;
	cf->inst = child;
	cf->ip = ip;
	cf->rc = f->rc;
	cf->pl = f->pl;
	cf->depth = f->depth + 1;
	cf->via_ref = 0;
	cf->tmp = 0;
	/* only an object can be a ref: spares the callback most children */
	if (c->deref != NULL && (child->type & 0xFF) == cJSON_Object) {
		t = c->deref(c->dctx, child);
		if (t != NULL && t != child) {
			c->refs++;
			rc->up = f->rc;
			rc->ref = child;
			rc->n = (f->rc ? f->rc->n : 0) + 1;
			cf->rc = rc;
			cf->inst = t;
			cf->via_ref = 1;
		}
	}
}

static int
v_child(struct vctx *c, const struct frame *f, const struct sch *s,
        const cJSON *child, const char *key, size_t idx)
{
	struct ipath ip;
	struct rchain rc;
	struct frame cf;

	child_frame(c, f, &cf, &ip, &rc, s, child, key, idx);
	return v(c, &cf);
}

static void
false_err(struct vctx *c, const struct frame *f)
{
	const struct ipath *ip = f->ip;

	if (ip->depth > 0 && ip->key != NULL)
		add_err(c, f, NULL, "schema-false", K_OTHER,
		        "property '%s' is not allowed here", ip->key);
	else if (ip->depth > 0)
		add_err(c, f, NULL, "schema-false", K_OTHER,
		        "item %zu is not allowed here", ip->idx);
	else
		add_err(c, f, NULL, "schema-false", K_OTHER,
		        "no value is allowed here");
}

static void
type_err(struct vctx *c, const struct frame *f, unsigned types, int t)
{
	struct err *e;
	char *want;

	if (!c->collect || c->full)
		return;
	want = types_text(c, types);
	if (want == NULL)
		return;
	e = add_err(c, f, "type", "schema-type", K_TYPE, "must be %s, got %s",
	            want, type_name(t));
	if (e != NULL)
		e->types = types;
	free(want);
}

/* "must be one of: 'a', 'b'; got 'x'" over a list of candidate values. */
static char *
one_of_msg(const cJSON *const *vals, size_t n, const cJSON *in)
{
	struct strbuf b = {0};
	const char *cand[64], *hint;
	size_t i, nc = 0;

	if (n == 1) {
		strbuf_puts(&b, "must be ");
		sb_value(&b, vals[0]);
	} else {
		strbuf_puts(&b, "must be one of: ");
		for (i = 0; i < n && i < 16; i++) {
			if (i > 0)
				strbuf_puts(&b, ", ");
			sb_value(&b, vals[i]);
		}
		if (n > 16)
			strbuf_printf(&b, ", ... (%zu values in all)", n);
	}
	strbuf_puts(&b, n == 1 ? ", got " : "; got ");
	sb_value(&b, in);
	if (is_str(in)) {
		for (i = 0; i < n && nc < 64; i++)
			if (is_str(vals[i]))
				cand[nc++] = vals[i]->valuestring;
		hint = suggest_closest(in->valuestring, cand, nc);
		if (hint != NULL)
			strbuf_printf(&b, " (did you mean '%s'?)", hint);
	}
	return strbuf_take(&b);
}

static void
discr_err(struct vctx *c, const struct frame *f, const cJSON *expect,
          int is_enum)
{
	const cJSON **vals, *e;
	size_t n = 0, cap;
	struct err *er;
	char *msg;

	if (!c->collect || c->full)
		return;
	cap = is_enum ? node_size(expect) : 1;
	vals = calloc(cap ? cap : 1, sizeof(*vals));
	if (vals == NULL) {
		set_oom(c);
		return;
	}
	if (is_enum)
		for (e = expect->child; e != NULL; e = e->next)
			vals[n++] = e;
	else
		vals[n++] = expect;
	msg = n ? one_of_msg(vals, n, f->inst)
	        : strdup("must be one of an empty list of values (nothing "
	                 "is allowed)");
	if (msg == NULL) {
		free(vals);
		set_oom(c);
		return;
	}
	er = add_err(c, f, is_enum ? "enum" : "const",
	             is_enum ? "schema-enum" : "schema-const", K_DISCR, "%s",
	             msg);
	if (er != NULL) {
		er->vals = vals;
		er->nvals = n;
	} else {
		free(vals);
	}
	free(msg);
}

static int
v_number(struct vctx *c, const struct frame *f)
{
	const struct sch *s = f->s;
	double d = f->inst->valuedouble;
	char lim[40], got[64];
	const char *gt;
	int ok = 1;

	gt = node_text(f->inst, got, sizeof(got));
	if (gt == NULL)
		gt = "?";
	if ((s->nflags & N_MULTIPLE) && !multiple_ok(d, s->multiple_of)) {
		fmt_double(lim, sizeof(lim), s->multiple_of);
		add_err(c, f, "multipleOf", "schema-multiple-of", K_OTHER,
		        "must be a multiple of %s, got %s", lim, gt);
		FAIL();
	}
	if ((s->nflags & N_MAX) && d > s->maximum) {
		fmt_double(lim, sizeof(lim), s->maximum);
		add_err(c, f, "maximum", "schema-maximum", K_OTHER,
		        "must be at most %s, got %s", lim, gt);
		FAIL();
	}
	if ((s->nflags & N_XMAX) && d >= s->xmaximum) {
		fmt_double(lim, sizeof(lim), s->xmaximum);
		add_err(c, f, "exclusiveMaximum", "schema-exclusive-maximum",
		        K_OTHER, "must be less than %s, got %s", lim, gt);
		FAIL();
	}
	if ((s->nflags & N_MIN) && d < s->minimum) {
		fmt_double(lim, sizeof(lim), s->minimum);
		add_err(c, f, "minimum", "schema-minimum", K_OTHER,
		        "must be at least %s, got %s", lim, gt);
		FAIL();
	}
	if ((s->nflags & N_XMIN) && d <= s->xminimum) {
		fmt_double(lim, sizeof(lim), s->xminimum);
		add_err(c, f, "exclusiveMinimum", "schema-exclusive-minimum",
		        K_OTHER, "must be greater than %s, got %s", lim, gt);
		FAIL();
	}
	return ok;
}

static void
costly_err(struct vctx *c, const struct frame *f, const char *kw,
           const char *pat, const char *subject)
{
	add_err(c, f, kw, "schema-pattern-too-costly", K_OTHER,
	        "pattern %s is too costly to evaluate on this value (%zu "
	        "characters); it was not checked",
	        pat, utf8_len(subject));
}

/* A maxX/minX keyword pair and how its messages name the count. */
struct count_kws {
	const char *max_kw, *max_rule, *min_kw, *min_rule;
	const char *verb, *noun; /* "must <verb> at most 3 <noun>" */
};

static const struct count_kws count_length = {"maxLength", "schema-max-length",
                                              "minLength", "schema-min-length",
                                              "be",        "characters long"};
static const struct count_kws count_items = {"maxItems", "schema-max-items",
                                             "minItems", "schema-min-items",
                                             "have",     "items"};
static const struct count_kws count_props = {
        "maxProperties", "schema-max-properties",
        "minProperties", "schema-min-properties",
        "have",          "properties"};

/*
 * Checks a count n against max and min (-1 when absent): 1 within them,
 * else 0 with the errors added (only the first unless collecting).
 */
static int
v_count(struct vctx *c, const struct frame *f, const struct count_kws *k,
        size_t n, long long max, long long min)
{
	int ok = 1;

	if (max >= 0 && n > (size_t)max) {
		add_err(c, f, k->max_kw, k->max_rule, K_OTHER,
		        "must %s at most %lld %s, got %zu", k->verb, max,
		        k->noun, n);
		FAIL();
	}
	if (min >= 0 && n < (size_t)min) {
		if (min == 1)
			add_err(c, f, k->min_kw, k->min_rule, K_OTHER,
			        "must not be empty");
		else
			add_err(c, f, k->min_kw, k->min_rule, K_OTHER,
			        "must %s at least %lld %s, got %zu", k->verb,
			        min, k->noun, n);
		FAIL();
	}
	return ok;
}

static int
v_string(struct vctx *c, const struct frame *f)
{
	const struct sch *s = f->s;
	const char *str = f->inst->valuestring;
	char *shown;
	size_t len;
	int ok = 1, r;

	if (str == NULL)
		return 1;
	if (s->max_len >= 0 || s->min_len >= 0) {
		len = utf8_len(str);
		if (!v_count(c, f, &count_length, len, s->max_len, s->min_len))
			FAIL();
	}
	if (s->pattern != NULL) {
		r = re_test(c, s->pattern, str);
		if (r == 0 && c->collect) {
			shown = value_text(c, f->inst);
			if (shown == NULL)
				return 0;
			add_err(c, f, "pattern", "schema-pattern", K_OTHER,
			        "%s does not match pattern %s", shown,
			        s->pattern_src);
			free(shown);
		} else if (r < 0) {
			costly_err(c, f, "pattern", s->pattern_src, str);
		}
		if (r != 1)
			FAIL();
	}
	if (s->fmt != F_NONE && !c->js->opts.no_format &&
	    !jsonschema_format_check(s->fmt, str)) {
		if (c->collect) {
			shown = value_text(c, f->inst);
			if (shown == NULL)
				return 0;
			add_err(c, f, "format", "schema-format", K_OTHER,
			        "%s is not a valid %s", shown,
			        jsonschema_format_what(s->fmt));
			free(shown);
		}
		FAIL();
	}
	return ok;
}

static int
idx_cmp(const void *a, const void *b)
{
	const struct eitem *x = a, *y = b;

	if (x->h != y->h)
		return x->h < y->h ? -1 : 1;
	return x->v < y->v ? -1 : x->v > y->v;
}

/* Finds two equal items; 1 with *i < *j when found. */
static int
find_duplicate(struct vctx *c, const cJSON *arr, size_t n, size_t *pi,
               size_t *pj)
{
	const cJSON **items, *k;
	struct eitem *h = NULL;
	size_t i, j, a, b;
	int found = 0;

	items = malloc(n * sizeof(*items));
	if (items == NULL) {
		set_oom(c);
		return 0;
	}
	for (i = 0, k = arr->child; k != NULL && i < n; k = k->next, i++)
		items[i] = dr(c, k);
	if (n <= 16) {
		for (i = 0; i < n && !found; i++)
			for (j = i + 1; j < n && !found; j++)
				if (eq(c, items[i], items[j], 1, 1, 0)) {
					*pi = i;
					*pj = j;
					found = 1;
				}
		goto out;
	}
	/* hash, sort, compare only within runs of equal hashes */
	h = malloc(n * sizeof(*h));
	if (h == NULL) {
		set_oom(c);
		goto out;
	}
	for (i = 0; i < n; i++) {
		h[i].h = jsonschema_compile_vhash(items[i], c->deref, c->dctx,
		                                  0);
		/* v carries the index, to sort stably and report it */
		h[i].v = (const cJSON *)(uintptr_t)(i + 1);
	}
	qsort(h, n, sizeof(*h), idx_cmp);
	for (i = 0; i < n && !c->stop; i = j) {
		for (j = i + 1; j < n && h[j].h == h[i].h; j++)
			;
		for (a = i; a < j; a++)
			for (b = a + 1; b < j; b++) {
				size_t x = (size_t)(uintptr_t)h[a].v - 1;
				size_t y = (size_t)(uintptr_t)h[b].v - 1;

				if (eq(c, items[x], items[y], 1, 1, 0) &&
				    (!found || y < *pj)) {
					*pi = x;
					*pj = y;
					found = 1;
				}
			}
	}
out:
	free(h);
	free(items);
	return found;
}

static int
v_array(struct vctx *c, const struct frame *f)
{
	const struct sch *s = f->s;
	const cJSON *in = f->inst, *k;
	size_t n = node_size(in), i, di = 0, dj = 0;
	int ok = 1, saved, any;

	if (!v_count(c, f, &count_items, n, s->max_items, s->min_items))
		FAIL();
	if (s->has_tuple) {
		if (s->add_items != NULL && s->add_items->boolv == 0 &&
		    n > s->ntuple) {
			add_err(c, f, "additionalItems",
			        "schema-additional-items", K_OTHER,
			        "must have at most %zu items (no additional "
			        "items are allowed), got %zu",
			        s->ntuple, n);
			FAIL();
		}
		for (i = 0, k = in->child; k != NULL; k = k->next, i++) {
			if (i < s->ntuple) {
				if (!v_child(c, f, s->tuple[i], k, NULL, i))
					FAIL();
			} else if (s->add_items != NULL &&
			           s->add_items->boolv != 0) {
				if (!v_child(c, f, s->add_items, k, NULL, i))
					FAIL();
			}
		}
	} else if (s->items != NULL) {
		if (s->items->boolv == 0 && n > 0) {
			add_err(c, f, "items", "schema-items", K_OTHER,
			        "must be empty (no items are allowed), got "
			        "%zu items",
			        n);
			FAIL();
		} else {
			for (i = 0, k = in->child; k != NULL; k = k->next, i++)
				if (!v_child(c, f, s->items, k, NULL, i))
					FAIL();
		}
	}
	if (s->unique && n > 1 && find_duplicate(c, in, n, &di, &dj)) {
		add_err(c, f, "uniqueItems", "schema-unique-items", K_OTHER,
		        "must not contain duplicates (items %zu and %zu are "
		        "equal)",
		        di, dj);
		FAIL();
	}
	if (s->contains != NULL) {
		saved = c->collect;
		c->collect = 0;
		any = 0;
		for (i = 0, k = in->child; k != NULL && !any && !c->stop;
		     k = k->next, i++)
			any = v_child(c, f, s->contains, k, NULL, i);
		c->collect = saved;
		if (c->stop)
			return 0;
		if (!any) {
			if (s->contains->has_const) {
				char *want =
				        value_text(c, s->contains->const_kw);

				if (want == NULL)
					return 0;
				add_err(c, f, "contains", "schema-contains",
				        K_OTHER, "must contain %s", want);
				free(want);
			} else {
				add_err(c, f, "contains", "schema-contains",
				        K_OTHER,
				        "must contain at least one item that "
				        "matches the 'contains' schema");
			}
			FAIL();
		}
	}
	return ok;
}

/*
 * strncmp(s, pre, n) == 0 for a pre without NUL in its n bytes, inline:
 * it runs for every member against every "^x-" of patternProperties.
 */
static inline int
has_prefix(const char *s, const char *pre, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] != pre[i])
			return 0;
	return 1;
}

static const struct prop *
find_prop(const struct sch *s, const char *key)
{
	size_t lo = 0, hi = s->nprops, mid;
	uint64_t pre = jsonschema_compile_prefix(key);
	int r;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		/* strcmp()'s sign, from the prefixes while they differ */
		if (s->sorted[mid].pre != pre)
			r = s->sorted[mid].pre < pre ? -1 : 1;
		else if ((pre & 0xFF) == 0)
			r = 0;
		else
			r = strcmp(s->sorted[mid].p->name + 8, key + 8);
		if (r == 0)
			return s->sorted[mid].p;
		if (r < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* additionalProperties false: one error per unexpected node_get. */
static void
unexpected_err(struct vctx *c, const struct frame *f, const cJSON *m,
               size_t idx)
{
	const struct sch *s = f->s;
	const char *cand[64] = {NULL}, *hint;
	struct strbuf b = {0};
	struct ipath ip;
	struct rchain rc;
	struct frame cf;
	struct err *e;
	size_t i, nc = 0;
	char *allowed;

	if (!c->collect || c->full)
		return;
	for (i = 0; i < s->nprops && nc < 64; i++)
		cand[nc++] = s->props[i].name;
	hint = suggest_closest(m->string, cand, nc);
	if (hint != NULL) {
		strbuf_printf(&b, "did you mean '%s'?", hint);
	} else if (s->nprops == 0 && s->npprops == 0) {
		strbuf_puts(&b, "no properties are allowed here");
	} else {
		strbuf_puts(&b, "allowed: ");
		for (i = 0; i < s->nprops && i < 12; i++) {
			if (i > 0)
				strbuf_puts(&b, ", ");
			strbuf_puts(&b, s->props[i].name);
		}
		if (s->nprops > 12)
			strbuf_printf(&b, ", ... (%zu in all)", s->nprops);
		for (i = 0; i < s->npprops && i < 3; i++) {
			strbuf_puts(&b, i == 0 && s->nprops == 0
			                        ? "names matching "
			                : i == 0 ? ", or names matching "
			                         : " or ");
			strbuf_puts(&b, s->pprops[i].src);
		}
	}
	allowed = strbuf_take(&b);
	if (allowed == NULL) {
		set_oom(c);
		return;
	}
	/* the error sits on the node_get (its key, see on_key) */
	child_frame(c, f, &cf, &ip, &rc, s, m, m->string, idx);
	cf.inst = m;
	cf.rc = f->rc;
	e = add_err(c, &cf, "additionalProperties",
	            "schema-additional-properties", K_OTHER,
	            "unexpected property '%s' (%s)", m->string, allowed);
	if (e != NULL) {
		e->pub.on_key = 1;
		e->idepth = f->ip->depth; /* about the object's shape */
	}
	free(allowed);
}

/* propertyNames: the node_get's name as a string instance. */
static int
v_names(struct vctx *c, const struct frame *f)
{
	const struct sch *s = f->s;
	const cJSON *m;
	cJSON key;
	struct ipath ip;
	struct frame cf;
	size_t i, mark0, k;
	int ok = 1, saved, r;

	for (i = 0, m = f->inst->child; m != NULL; m = m->next, i++) {
		if (m->string == NULL)
			continue;
		memset(&key, 0, sizeof(key));
		key.type = cJSON_String;
		key.valuestring = m->string;
		ip.up = f->ip;
		ip.key = m->string;
		ip.idx = i;
		ip.depth = f->ip->depth + 1;
		cf = *f;
		cf.s = s->prop_names;
		cf.inst = &key;
		cf.ip = &ip;
		cf.depth = f->depth + 1;
		cf.via_ref = 0;
		cf.tmp = 1; /* never memoised: the address is reused */
		saved = c->collect;
		c->collect = 0;
		r = v(c, &cf);
		c->collect = saved;
		if (r)
			continue;
		if (c->stop || !c->collect || c->full)
			return 0;
		/* again, collecting, then point the errors at the node_get */
		mark0 = c->n;
		v(c, &cf);
		for (k = mark0; k < c->n; k++) {
			c->errs[k].pub.instance = m;
			c->errs[k].pub.on_key = 1;
			c->errs[k].idepth = f->ip->depth;
			if (c->errs[k].kind == K_DISCR)
				c->errs[k].kind = K_OTHER;
		}
		FAIL();
	}
	return ok;
}

static int
v_object(struct vctx *c, const struct frame *f)
{
	const struct sch *s = f->s;
	const cJSON *in = f->inst, *m, *r;
	const struct prop *p;
	size_t i, j;
	int ok = 1, matched, rt;

	/* counting the members walks them: only when a keyword asks */
	if ((s->max_props >= 0 || s->min_props >= 0) &&
	    !v_count(c, f, &count_props, node_size(in), s->max_props,
	             s->min_props))
		FAIL();
	if (s->required != NULL)
		for (r = s->required->child; r != NULL; r = r->next)
			if (node_get(in, r->valuestring) == NULL) {
				add_err(c, f, "required", "schema-required",
				        K_REQUIRED,
				        "must have required property '%s'",
				        r->valuestring);
				FAIL();
			}
	if (s->nprops > 0 || s->npprops > 0 || s->add_props != NULL) {
		for (i = 0, m = in->child; m != NULL; m = m->next, i++) {
			if (m->string == NULL)
				continue;
			matched = 0;
			p = s->nprops ? find_prop(s, m->string) : NULL;
			if (p != NULL) {
				matched = 1;
				if (!v_child(c, f, p->s, m, m->string, i))
					FAIL();
			}
			for (j = 0; j < s->npprops; j++) {
				if (s->pprops[j].re == NULL ||
				    !has_prefix(m->string, s->pprops[j].src + 1,
				                s->pprops[j].lit))
					continue;
				rt = re_test(c, s->pprops[j].re, m->string);
				if (rt < 0) {
					costly_err(c, f, "patternProperties",
					           s->pprops[j].src, m->string);
					FAIL();
					continue;
				}
				if (rt == 0)
					continue;
				matched = 1;
				if (!v_child(c, f, s->pprops[j].s, m, m->string,
				             i))
					FAIL();
			}
			if (!matched && s->add_props != NULL) {
				if (s->add_props->boolv == 0) {
					unexpected_err(c, f, m, i);
					FAIL();
				} else if (!v_child(c, f, s->add_props, m,
				                    m->string, i)) {
					FAIL();
				}
			}
		}
	}
	for (i = 0; i < s->ndeps; i++) {
		const struct dep *d = &s->deps[i];

		if (node_get(in, d->name) == NULL)
			continue;
		if (d->req != NULL) {
			for (r = d->req->child; r != NULL; r = r->next)
				if (node_get(in, r->valuestring) == NULL) {
					add_err(c, f, "dependencies",
					        "schema-dependencies",
					        K_REQUIRED,
					        "must have property '%s' "
					        "because it has '%s'",
					        r->valuestring, d->name);
					FAIL();
				}
		} else if (d->s != NULL && !v_sub(c, f, d->s)) {
			FAIL();
		}
	}
	if (s->prop_names != NULL && !v_names(c, f))
		FAIL();
	return ok;
}

/* ---- oneOf / anyOf: the closest branch ---- */

struct branch {
	struct err *e;
	size_t n;
	int t0; /* a "type" error on the instance itself */
	size_t disc, req, z, maxd;
	size_t fit; /* instance members the branch declares */
};

static void
score(struct branch *b, size_t base)
{
	size_t i, rel;

	for (i = 0; i < b->n; i++) {
		const struct err *e = &b->e[i];

		rel = e->idepth > base ? e->idepth - base : 0;
		if (e->kind == K_TYPE && rel == 0)
			b->t0 = 1;
		else if (e->kind == K_DISCR && rel <= 1)
			b->disc++;
		else if (e->kind == K_REQUIRED && rel == 0)
			b->req++;
		else if (rel == 0)
			b->z++;
		if (rel > b->maxd)
			b->maxd = rel;
	}
}

/*
 * How many members of in the branch declares in "properties" (through
 * $ref and allOf; the best of a nested oneOf/anyOf): an instance with a
 * "type" and an "in" is closer to the branch that knows them than to a
 * Reference that only knows "$ref".
 */
static size_t
fit_props(const struct sch *s, const cJSON *in, int depth, size_t *budget)
{
	const cJSON *m;
	size_t n = 0, i, best, k;

	if (s == NULL || depth > 16 || *budget == 0 || s->boolv >= 0 ||
	    !is_obj(in))
		return 0;
	--*budget;
	if (s->has_ref)
		return fit_props(s->ref, in, depth + 1, budget);
	if (s->nprops > 0)
		for (m = in->child; m != NULL; m = m->next)
			if (m->string != NULL &&
			    find_prop(s, m->string) != NULL)
				n++;
	for (i = 0; i < s->nall; i++)
		n += fit_props(s->all_of[i], in, depth + 1, budget);
	for (best = 0, i = 0; i < s->none; i++)
		if ((k = fit_props(s->one_of[i], in, depth + 1, budget)) > best)
			best = k;
	for (i = 0; i < s->nany; i++)
		if ((k = fit_props(s->any_of[i], in, depth + 1, budget)) > best)
			best = k;
	return n + best;
}

/*
 * <0 when a is closer than b: first the type, then the discriminators
 * (const/enum failures and missing required members), then how many of
 * the instance's members the branch knows, then the rest.
 */
static int
branch_cmp(const struct branch *a, const struct branch *b)
{
	if (a->t0 != b->t0)
		return a->t0 - b->t0;
	if (a->disc + a->req != b->disc + b->req)
		return a->disc + a->req < b->disc + b->req ? -1 : 1;
	if (a->fit != b->fit)
		return a->fit > b->fit ? -1 : 1;
	if (a->disc != b->disc)
		return a->disc < b->disc ? -1 : 1;
	if (a->z != b->z)
		return a->z < b->z ? -1 : 1;
	if (a->n != b->n)
		return a->n < b->n ? -1 : 1;
	if (a->maxd != b->maxd)
		return a->maxd > b->maxd ? -1 : 1;
	return 0;
}

/* The first error of kind at relative depth <= maxrel, or NULL. */
static const struct err *
first_kind(const struct branch *b, int kind, size_t base, size_t maxrel)
{
	size_t i;

	for (i = 0; i < b->n; i++)
		if (b->e[i].kind == kind && b->e[i].idepth >= base &&
		    b->e[i].idepth - base <= maxrel)
			return &b->e[i];
	return NULL;
}

/* Appends an error record made elsewhere (moved); frees it if full. */
static void
push_err(struct vctx *c, struct err *e)
{
	if (c->full || c->stop ||
	    ARRAY_RESERVE(c->errs, c->n + 1, c->cap) < 0) {
		if (!c->full && !c->stop)
			set_oom(c);
		err_free(e);
		return;
	}
	c->errs[c->n] = *e;
	commit_err(c);
}

/*
 * Every branch failed on "type" at the instance, or on a const/enum of
 * the same node: one merged error. Returns 1 when it was made.
 */
static int
merge_branches(struct vctx *c, const struct frame *f, struct branch *b,
               size_t n, const char *kw)
{
	size_t i, j, k, nv = 0, cap = 0, base = f->ip->depth;
	const cJSON **vals = NULL, *e, *node = NULL;
	const struct err *d;
	unsigned types = 0;
	int all_type = 1, all_disc = 1;
	struct err *er;
	char *msg;

	for (i = 0; i < n; i++) {
		d = first_kind(&b[i], K_TYPE, base, 0);
		if (d == NULL)
			all_type = 0;
		else
			types |= d->types;
		d = first_kind(&b[i], K_DISCR, base, 1);
		if (d == NULL || (node != NULL && d->pub.instance != node) ||
		    b[i].t0)
			all_disc = 0;
		else
			node = d->pub.instance;
	}
	if (all_type) {
		msg = types_text(c, types);
		if (msg == NULL)
			return 1;
		er = add_err(c, f, kw, "schema-type", K_TYPE,
		             "must be %s, got %s", msg,
		             type_name(inst_type(f->inst)));
		if (er != NULL)
			er->types = types;
		free(msg);
		return 1;
	}
	if (!all_disc || node == NULL)
		return 0;
	for (i = 0; i < n; i++) {
		d = first_kind(&b[i], K_DISCR, base, 1);
		cap += d->nvals;
	}
	vals = calloc(cap ? cap : 1, sizeof(*vals));
	if (vals == NULL) {
		set_oom(c);
		return 1;
	}
	for (i = 0; i < n; i++) {
		d = first_kind(&b[i], K_DISCR, base, 1);
		for (k = 0; k < d->nvals; k++) {
			e = d->vals[k];
			for (j = 0; j < nv; j++)
				if (eq(c, vals[j], e, 0, 0, 0))
					break;
			if (j == nv)
				vals[nv++] = e;
		}
	}
	d = first_kind(&b[0], K_DISCR, base, 1);
	msg = nv ? one_of_msg(vals, nv, node) : NULL;
	if (msg == NULL) {
		free(vals);
		set_oom(c);
		return 1;
	}
	er = new_err(c);
	if (er == NULL)
		free(vals);
	if (er != NULL) {
		struct strbuf sp = {0};

		er->base = msg;
		msg = NULL;
		er->vals = vals;
		er->nvals = nv;
		er->pub.instance = node;
		er->pub.instance_path = strdup(d->pub.instance_path);
		er->pub.keyword = kw;
		strbuf_puts(&sp, f->s->loc);
		strbuf_putc(&sp, '/');
		strbuf_puts(&sp, kw);
		er->pub.schema_path = strbuf_take(&sp);
		er->pub.rule = "schema-enum";
		if (d->pub.nrefs > 0) {
			er->pub.refs =
			        calloc(d->pub.nrefs, sizeof(*er->pub.refs));
			if (er->pub.refs != NULL) {
				memcpy(er->pub.refs, d->pub.refs,
				       d->pub.nrefs * sizeof(*er->pub.refs));
				er->pub.nrefs = d->pub.nrefs;
			}
		}
		er->idepth = d->idepth;
		er->kind = K_DISCR;
		if (er->pub.instance_path == NULL ||
		    er->pub.schema_path == NULL ||
		    (d->pub.nrefs > 0 && er->pub.refs == NULL)) {
			err_free(er);
			set_oom(c);
		} else {
			commit_err(c);
		}
	}
	free(msg);
	return 1;
}

/* oneOf matched twice (kept out of v_alt to keep its frame small). */
static __attribute__((noinline)) void
two_err(struct vctx *c, const struct frame *f, const struct sch *const *br,
        size_t first, size_t second)
{
	char n1[128], n2[128];

	if (br[first]->name)
		snprintf(n1, sizeof(n1), "'%s'", br[first]->name);
	else
		snprintf(n1, sizeof(n1), "#%zu", first + 1);
	if (br[second]->name)
		snprintf(n2, sizeof(n2), "'%s'", br[second]->name);
	else
		snprintf(n2, sizeof(n2), "#%zu", second + 1);
	add_err(c, f, "oneOf", "schema-one-of", K_OTHER,
	        "must match exactly one allowed shape, but matches both %s "
	        "and %s",
	        n1, n2);
}

static int
v_alt(struct vctx *c, const struct frame *f, const struct sch *const *br,
      size_t n, int one)
{
	const char *kw = one ? "oneOf" : "anyOf";
	size_t i, k, nvalid = 0, first = 0, second = 0, best, mark0, cnt;
	struct branch *b;
	int saved = c->collect, empty = 0;
	size_t nt0 = 0, budget;

	c->collect = 0;
	if (++c->alt_nest > c->alt_reach)
		c->alt_reach = c->alt_nest;
	for (i = 0; i < n && !c->stop; i++) {
		if (v_sub(c, f, br[i])) {
			if (nvalid == 0)
				first = i;
			else
				second = i;
			if (++nvalid == 2 || !one)
				break;
		}
	}
	c->alt_nest--;
	c->collect = saved;
	if (c->stop)
		return 0;
	if (one ? nvalid == 1 : nvalid > 0)
		return 1;
	if (!c->collect || c->full)
		return 0;
	if (nvalid >= 2) {
		two_err(c, f, br, first, second);
		return 0;
	}
	if (c->trial >= TRIAL_MAX_NEST) {
		add_err(c, f, kw, one ? "schema-one-of" : "schema-any-of",
		        K_OTHER, "did not match any of the %zu allowed shapes",
		        n);
		return 0;
	}
	/* no branch matched: run each again collecting its errors */
	b = calloc(n, sizeof(*b));
	if (b == NULL) {
		set_oom(c);
		return 0;
	}
	if (++c->alt_nest > c->alt_reach)
		c->alt_reach = c->alt_nest;
	for (i = 0; i < n && !c->stop; i++) {
		mark0 = c->mark;
		c->mark = c->n;
		c->trial++;
		v_sub(c, f, br[i]);
		c->trial--;
		cnt = c->n - c->mark;
		if (cnt > 0) {
			b[i].e = malloc(cnt * sizeof(*b[i].e));
			if (b[i].e == NULL) {
				for (k = c->mark; k < c->n; k++)
					err_free(&c->errs[k]);
				set_oom(c);
			} else {
				memcpy(b[i].e, &c->errs[c->mark],
				       cnt * sizeof(*b[i].e));
				b[i].n = cnt;
			}
		} else {
			empty = 1;
		}
		c->n = c->mark;
		c->mark = mark0;
		c->full = 0;
		score(&b[i], f->ip->depth);
		budget = 4096;
		b[i].fit = fit_props(br[i], f->inst, 0, &budget);
		if (b[i].t0)
			nt0++;
	}
	c->alt_nest--;
	if (!c->stop && empty) {
		add_err(c, f, kw, one ? "schema-one-of" : "schema-any-of",
		        K_OTHER, "did not match any allowed shape");
	} else if (!c->stop && !merge_branches(c, f, b, n, kw)) {
		best = 0;
		for (i = 1; i < n; i++)
			if (branch_cmp(&b[i], &b[best]) < 0)
				best = i;
		for (k = 0; k < b[best].n; k++) {
			struct err *e = &b[best].e[k];

			/* the innermost named branch wins */
			if (!e->has_branch ||
			    (e->branch == NULL &&
			     (br[best]->name != NULL ||
			      (e->owner == NULL && f->s->defname != NULL)))) {
				e->has_branch = 1;
				/* no "closest" talk when it was the only type
				 */
				e->no_prefix = !b[best].t0 && nt0 == n - 1;
				e->branch = br[best]->name;
				e->owner =
				        br[best]->name ? NULL : f->s->defname;
				e->branch_idx = (long)best + 1;
				e->nalts = n;
				e->alt_depth = f->ip->depth;
				e->alt_kw = kw;
				free(e->alt_path);
				e->alt_path = ipath_str(f->ip);
				if (e->alt_path == NULL)
					set_oom(c);
			}
			push_err(c, e);
		}
		b[best].n = 0;
	}
	for (i = 0; i < n; i++) {
		for (k = 0; k < b[i].n; k++)
			err_free(&b[i].e[k]);
		free(b[i].e);
	}
	free(b);
	return 0;
}

static int
v_not_err(struct vctx *c, const struct frame *f)
{
	const struct sch *t = f->s->not_s;
	char *what;

	if (!c->collect || c->full)
		return 0;
	if (t->boolv == 1) {
		add_err(c, f, "not", "schema-not", K_OTHER,
		        "no value is allowed here");
	} else if (t->required != NULL && t->required->child != NULL &&
	           t->types == 0) {
		add_err(c, f, "not", "schema-not", K_OTHER,
		        "must not have property '%s'",
		        t->required->child->valuestring);
	} else if ((t->types != 0 && t->required == NULL) || t->has_const) {
		what = t->types != 0 && t->required == NULL
		               ? types_text(c, t->types)
		               : value_text(c, t->const_kw);
		if (what == NULL)
			return 0;
		add_err(c, f, "not", "schema-not", K_OTHER, "must not be %s",
		        what);
		free(what);
	} else {
		add_err(c, f, "not", "schema-not", K_OTHER,
		        "must not match the schema in 'not'");
	}
	return 0;
}

static int
v_keywords(struct vctx *c, const struct frame *f)
{
	const struct sch *s = f->s;
	const cJSON *in = f->inst;
	int t = inst_type(in), ok = 1, saved, r;
	size_t i;

	/* a wrong type, const or enum hides the rest: one root cause */
	if (s->types != 0 && !type_ok(s->types, t)) {
		type_err(c, f, s->types, t);
		return 0;
	}
	if (s->has_const && !eq(c, in, s->const_kw, 1, 0, 0)) {
		discr_err(c, f, s->const_kw, 0);
		return 0;
	}
	if (s->enum_kw != NULL && !in_enum(c, s, in)) {
		discr_err(c, f, s->enum_kw, 1);
		return 0;
	}
	if (c->stop)
		return 0;
	switch (t) {
	case TB_INT:
	case TB_NUM:
		if (s->nflags != 0 && !v_number(c, f))
			FAIL();
		break;
	case TB_STR:
		if (!v_string(c, f))
			FAIL();
		break;
	case TB_ARR:
		if (!v_array(c, f))
			FAIL();
		break;
	case TB_OBJ:
		if (!v_object(c, f))
			FAIL();
		break;
	default:
		break;
	}
	for (i = 0; i < s->nall; i++)
		if (!v_sub(c, f, s->all_of[i]))
			FAIL();
	if (s->nany > 0 && !v_alt(c, f, s->any_of, s->nany, 0))
		FAIL();
	if (s->none > 0 && !v_alt(c, f, s->one_of, s->none, 1))
		FAIL();
	if (s->not_s != NULL) {
		saved = c->collect;
		c->collect = 0;
		r = v_sub(c, f, s->not_s);
		c->collect = saved;
		if (c->stop)
			return 0;
		if (r) {
			v_not_err(c, f);
			FAIL();
		}
	}
	if (s->if_s != NULL && (s->then_s != NULL || s->else_s != NULL)) {
		saved = c->collect;
		c->collect = 0;
		r = v_sub(c, f, s->if_s);
		c->collect = saved;
		if (c->stop)
			return 0;
		if (r && s->then_s != NULL && !v_sub(c, f, s->then_s))
			FAIL();
		if (!r && s->else_s != NULL && !v_sub(c, f, s->else_s))
			FAIL();
	}
	return ok && !c->stop;
}

static int
v_ref(struct vctx *c, const struct frame *f)
{
	const struct sch *t = f->s->ref;
	const struct pairs *p;
	struct pairs np;
	struct frame cf;

	if (t == NULL)
		return 1; /* unresolved: warned about at compile time */
	/*
	 * A pair met again means a cycle: assume it holds (the rest of the
	 * path decides). Without an instance ref on the way, only pairs of
	 * this very instance can repeat, and they sit on top of the stack.
	 */
	for (p = f->pl; p != NULL; p = p->up) {
		if (p->inst != f->inst && !f->via_ref)
			break;
		if (p->s == t && p->inst == f->inst) {
			c->assumed++;
			return 1;
		}
	}
	np.up = f->pl;
	np.s = t;
	np.inst = f->inst;
	cf = *f;
	cf.s = t;
	cf.pl = &np;
	cf.depth = f->depth + 1;
	return v(c, &cf);
}

/* 1 and *bits when the memo knows (s, inst), else 0. */
static int
memo_find(const struct vctx *c, const struct sch *s, const cJSON *inst,
          uintptr_t *bits)
{
	void *val;

	if (c->memo == NULL || !hmap_find_ptr(&c->memo[s->idx], inst, &val))
		return 0;
	*bits = (uintptr_t)val;
	return 1;
}

static int
memo_put(struct vctx *c, const struct sch *s, const cJSON *inst, uintptr_t bits)
{
	if (c->memo == NULL) {
		c->memo = calloc(c->js->nall, sizeof(*c->memo));
		if (c->memo == NULL)
			return -1;
	}
	return hmap_put_ptr(&c->memo[s->idx], inst, (void *)bits);
}

/* What v() notes before working out an answer it may keep. */
struct keep {
	size_t reach0, alt0, refs0, steps0, dsteps0, assumed0, costly0;
	int low;
	const cJSON *x; /* the instance */
	/*
	 * 1 when memo answered for x on the way (a pair of x reached with
	 * the ref of the frame): working it out where x is reached without
	 * a ref could then take more steps
	 */
	int tainted;
	struct keep *up; /* the keep open around this one */
};

/*
 * Kept answers. A yes of a $ref target for an object or array is kept and
 * given again for the same instance: it spares a meta-schema validating
 * each subschema of a document once per route to it, and a document its
 * components once through refs and once more where they are defined.
 * Only in an acyclic instance (c->acyclic), and only an answer that
 * depended on nothing but the pair: worked out outside the nesting where
 * v() memoises every answer, no cycle assumed, no costly pattern, and
 * either for a target marked memo with no ref followed below (so no
 * cycle through the instance: yes[] through ymemo), or with no cycle on
 * one instance in the schema set either (c->reuse: yes[] through the
 * memo bits of a pair reached through an instance ref). An answer is
 * given only where working it out again would have gone the same way:
 * under the same pattern match limit, and within the depth, step and
 * nesting limits it needed. It counts the steps it took then, so that
 * the step limit stops a validation where it always did (see dsteps).
 */

/* Gives answer y if it may be given at f: 1 when it was, else 0. */
static int
yes_give(struct vctx *c, const struct frame *f, const struct yes *y)
{
	if ((y->approx && !c->reuse) ||
	    y->low != (unsigned)(c->costly >= COSTLY_BEFORE_LOW) ||
	    f->depth + y->height > c->js->opts.max_depth ||
	    y->steps > c->js->opts.max_steps - c->steps ||
	    c->alt_nest + y->alt_height >= ALT_MEMO_NEST)
		return 0;
	c->steps += y->steps;
	if (y->approx)
		c->dsteps += y->steps;
	if (f->depth + y->height > c->reach)
		c->reach = f->depth + y->height;
	if (c->alt_nest + y->alt_height > c->alt_reach)
		c->alt_reach = c->alt_nest + y->alt_height;
	return 1;
}

/*
 * The answer ymemo keeps for f, or 0 (none); else 1 + its index in
 * yes[].
 */
static uintptr_t
yes_find(const struct vctx *c, const struct frame *f)
{
	uintptr_t k = 0;
	void *val;

	if (c->ykept != NULL && c->ykept[f->s->idx] &&
	    hmap_find_ptr(&c->ymemo, f->inst, &val))
		k = (uintptr_t)val;
	for (; k != 0 && c->yes[k - 1].s != f->s; k = c->yes[k - 1].next)
		;
	return k;
}

/* Notes in *kp what the answer about to be worked out at f starts from. */
static void
keep_start(struct vctx *c, const struct frame *f, struct keep *kp)
{
	kp->reach0 = c->reach;
	kp->alt0 = c->alt_reach;
	kp->refs0 = c->refs;
	kp->steps0 = c->steps;
	kp->dsteps0 = c->dsteps;
	kp->assumed0 = c->assumed;
	kp->costly0 = c->costly;
	kp->low = c->costly >= COSTLY_BEFORE_LOW;
	kp->x = f->inst;
	kp->tainted = 0;
	kp->up = c->kstack;
	c->kstack = kp;
	c->reach = f->depth;
	c->alt_reach = c->alt_nest;
}

/*
 * The answer ok worked out since keep_start() in yes[] when it may be
 * kept (see above): 1 + its index, or 0. memo: f is a frame v() memoises.
 * An answer is exact when working it out again where its instance is
 * reached without a ref takes the same steps: worked out at such a frame,
 * no ref followed below, no approximate answer given inside. Else it is
 * approximate, and kept only when working it out again cannot take more
 * steps (it may take fewer, through memo answers kept meanwhile): memo
 * answered for no pair of its instance on the way.
 */
static uintptr_t
keep_end(struct vctx *c, const struct frame *f, const struct keep *kp, int ok,
         int memo)
{
	int approx = memo || c->refs != kp->refs0 || c->dsteps != kp->dsteps0;
	uintptr_t k = 0;
	struct yes *y;

	c->kstack = kp->up;
	if (ok && !c->stop && c->steps - kp->steps0 >= MEMO_MIN_STEPS &&
	    c->assumed == kp->assumed0 && c->costly == kp->costly0 &&
	    c->alt_reach < ALT_MEMO_NEST && !(approx && kp->tainted)) {
		if (ARRAY_RESERVE(c->yes, c->nyes + 1, c->capyes) < 0) {
			set_oom(c);
		} else {
			y = &c->yes[c->nyes++];
			k = c->nyes;
			y->s = f->s;
			y->next = 0;
			y->steps = c->steps - kp->steps0;
			y->height = c->reach - f->depth;
			y->alt_height = (unsigned)(c->alt_reach - c->alt_nest);
			y->low = (unsigned)kp->low;
			y->approx = (unsigned)approx;
		}
	}
	if (kp->reach0 > c->reach)
		c->reach = kp->reach0;
	if (kp->alt0 > c->alt_reach)
		c->alt_reach = kp->alt0;
	return k;
}

/* Lists yes[k - 1], an exact answer, under its instance in ymemo. */
static void
yes_put(struct vctx *c, const struct frame *f, uintptr_t k)
{
	void *val;

	/* answers for other schemas may have come in meanwhile */
	c->yes[k - 1].next =
	        hmap_find_ptr(&c->ymemo, f->inst, &val) ? (uintptr_t)val : 0;
	if (c->ykept == NULL)
		c->ykept = calloc(c->js->nall, 1);
	if (c->ykept == NULL ||
	    hmap_put_ptr(&c->ymemo, f->inst, (void *)k) < 0) {
		set_oom(c);
		return;
	}
	c->ykept[f->s->idx] = 1;
}

/*
 * Answers by content. A yes for a $ref target and a node of the caller's
 * canon set is kept under the node that stands for its content, and given
 * to another node of that content at the same target, as the kept answers
 * are given (yes_give: within the limits that walk needed, counting its
 * steps): the walk of a node is the walk of any node of equal content
 * (refs leading to the same targets), so the answer and its steps are the
 * same. Only in an acyclic walk, and only at frames no other keep serves.
 */

/* The answer kept for s and canon node rep, or 0; else 1 + its index. */
static uintptr_t
cfind(const struct vctx *c, const struct sch *s, const cJSON *rep)
{
	uintptr_t k = 0;
	void *val;

	if (hmap_find_ptr(&c->cmemo, rep, &val))
		k = (uintptr_t)val;
	for (; k != 0 && c->yes[k - 1].s != s; k = c->yes[k - 1].next)
		;
	return k;
}

/* A copy of yes[k - 1] at the end of yes[]: 1 + its index, or 0 (OOM). */
static uintptr_t
yes_copy(struct vctx *c, uintptr_t k)
{
	if (ARRAY_RESERVE(c->yes, c->nyes + 1, c->capyes) < 0) {
		set_oom(c);
		return 0;
	}
	c->yes[c->nyes] = c->yes[k - 1];
	return ++c->nyes;
}

/* Lists yes[k - 1] (k 0: nothing) under canon node rep. */
static void
cput(struct vctx *c, const cJSON *rep, uintptr_t k)
{
	void *val;

	if (k == 0)
		return;
	c->yes[k - 1].next =
	        hmap_find_ptr(&c->cmemo, rep, &val) ? (uintptr_t)val : 0;
	if (hmap_put_ptr(&c->cmemo, rep, (void *)k) < 0)
		set_oom(c);
}

/* Memo answered for inst: the keeps open for inst are tainted. */
static void
taint(struct vctx *c, const cJSON *inst)
{
	struct keep *kp;

	for (kp = c->kstack; kp != NULL; kp = kp->up)
		if (kp->x == inst)
			kp->tainted = 1;
}

/* Memo bits: 1 + the index in yes[] of the answer, from bit M_YES_SHIFT. */
#define M_YES_SHIFT 4

static int
v(struct vctx *c, const struct frame *f)
{
	const struct sch *s = f->s;
	const cJSON *rep = NULL;
	uintptr_t bits = 0, rb = 0, k = 0, kc, ky;
	size_t assumed0 = c->assumed;
	struct keep kp = {0};
	int ok, memo, keep, kref, ckeep = 0, by_id;

	if (c->stop)
		return 0;
	if (f->inst == &unknown_inst)
		return 1;
	if (s->boolv >= 0) {
		if (s->boolv)
			return 1;
		false_err(c, f);
		return 0;
	}
	if (++c->steps > c->js->opts.max_steps) {
		hit_limit(c, f, 2);
		return 0;
	}
	if (f->depth > c->js->opts.max_depth) {
		hit_limit(c, f, 1);
		return 0;
	}
	if (f->depth > c->reach)
		c->reach = f->depth;
	if (s->has_ref)
		return v_ref(c, f);
	memo = !f->tmp && (f->via_ref || c->alt_nest >= ALT_MEMO_NEST);
	if (memo && memo_find(c, s, f->inst, &bits) &&
	    (((bits & M_KNOWN) && (!c->collect || (bits & M_VALID))) ||
	     (c->collect && c->trial == 0 && (bits & M_COLLECTED)))) {
		taint(c, f->inst);
		if ((bits & M_KNOWN) && (!c->collect || (bits & M_VALID)))
			return (bits & M_VALID) != 0;
		return (bits & M_CVALID) != 0;
	}
	/* see "Kept answers" */
	keep = kref = 0;
	if (c->acyclic && s->target && !f->tmp && c->alt_nest < ALT_MEMO_NEST &&
	    f->inst->child != NULL &&
	    (f->inst->type & (cJSON_Object | cJSON_Array)) != 0) {
		keep = s->memo;
		kref = c->reuse && !memo;
		if (kref && c->memo != NULL && c->memo[s->idx].n > 0 &&
		    memo_find(c, s, f->inst, &rb) && (rb & M_KNOWN) &&
		    (rb & M_VALID) && (rb >> M_YES_SHIFT) != 0 &&
		    yes_give(c, f, &c->yes[(rb >> M_YES_SHIFT) - 1]))
			return 1;
		if (keep && (k = yes_find(c, f)) != 0 && !memo &&
		    yes_give(c, f, &c->yes[k - 1]))
			return 1;
		/* a pair reached through a ref keeps its answer in memo */
		kref = c->reuse && memo;
		/* see "Answers by content" */
		if (!kref && c->canon != NULL &&
		    (rep = c->canon(c->cctx, f->inst)) != NULL) {
			kc = cfind(c, s, rep);
			if (kc != 0 && yes_give(c, f, &c->yes[kc - 1]))
				return 1;
			ckeep = kc == 0;
		}
		if ((keep && k == 0) || kref || ckeep)
			keep_start(c, f, &kp);
	}
	ok = v_keywords(c, f);
	if ((keep && k == 0) || kref || ckeep) {
		ky = keep_end(c, f, &kp, ok, memo);
		by_id = ky != 0 && keep && k == 0 && !c->yes[ky - 1].approx;
		/* an answer is in one list: a copy for the content's */
		if (ky != 0 && ckeep)
			cput(c, rep, by_id ? yes_copy(c, ky) : ky);
		if (by_id)
			yes_put(c, f, ky);
		else if (ky != 0 && !kref && !ckeep)
			c->nyes--; /* kept by neither */
		if (!kref || (bits >> M_YES_SHIFT) != 0)
			ky = 0;
	} else {
		ky = 0;
	}
	if (c->stop) {
		if (c->limit == 0 && !c->oom)
			hit_limit(c, f, 2); /* eq() ran out of steps */
		return 0;
	}
	if (memo) {
		if (c->assumed == assumed0)
			bits |= M_KNOWN | (ok ? M_VALID : 0);
		if (c->collect && c->trial == 0)
			bits |= M_COLLECTED | (ok ? M_CVALID : 0);
		bits |= ky << M_YES_SHIFT;
		if (memo_put(c, s, f->inst, bits) < 0)
			set_oom(c);
	}
	return ok;
}

/* ------------------------------------------------------------------ */
/* 7. entry points                                                     */

struct jsonschema_result {
	struct err *errs;
	size_t n;
	int truncated;
	struct jsonschema_work work;
};

/* Builds the final message and note of e. Returns 0 or -1 (OOM). */
static int
finish_err(struct err *e)
{
	struct strbuf b = {0}, nb = {0};
	char name[200];

	if (!e->has_branch) {
		e->pub.message = e->base;
		e->base = NULL;
		return 0;
	}
	if (e->branch != NULL)
		snprintf(name, sizeof(name), "the '%s' branch", e->branch);
	else if (e->owner != NULL)
		snprintf(name, sizeof(name), "branch #%ld of '%s'",
		         e->branch_idx, e->owner);
	else
		snprintf(name, sizeof(name), "branch #%ld", e->branch_idx);
	if (e->idepth == e->alt_depth && !e->no_prefix)
		strbuf_printf(
		        &b,
		        "did not match any allowed shape; closest: %s: ", name);
	strbuf_puts(&b, e->base);
	e->pub.message = strbuf_take(&b);
	strbuf_printf(&nb, "closest of the %zu allowed shapes (%s at %s): %s",
	              e->nalts, e->alt_kw,
	              e->alt_path && *e->alt_path ? e->alt_path : "the root",
	              name);
	e->pub.note = strbuf_take(&nb);
	return e->pub.message && e->pub.note ? 0 : -1;
}

static int
same_err(const struct err *a, const struct err *b)
{
	return a->pub.instance == b->pub.instance &&
	       a->pub.on_key == b->pub.on_key &&
	       strcmp(a->pub.keyword, b->pub.keyword) == 0 &&
	       strcmp(a->pub.schema_path, b->pub.schema_path) == 0 &&
	       strcmp(a->pub.message, b->pub.message) == 0;
}

static void
vctx_free(struct vctx *c)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		err_free(&c->errs[i]);
	free(c->errs);
	free(c->limit_path);
	pcre2_match_data_free(c->md);
	pcre2_match_context_free(c->mctx);
	pcre2_match_context_free(c->mctx_low);
	if (c->memo != NULL)
		for (i = 0; i < c->js->nall; i++)
			hmap_free(&c->memo[i]);
	free(c->memo);
	hmap_free(&c->ymemo);
	hmap_free(&c->cmemo);
	free(c->yes);
	free(c->ykept);
}

/*
 * The error that says which limit (c->limit) stopped the validation,
 * added after the others. 0, or -1 when out of memory.
 */
static int
limit_err(struct vctx *c)
{
	const struct jsonschema *js = c->js;
	struct err *e;

	c->stop = 0;
	c->full = 0;
	c->mark = 0;
	e = new_err(c);
	if (e == NULL)
		return 0;
	e->pub.instance = c->limit_node;
	e->pub.instance_path = c->limit_path;
	c->limit_path = NULL;
	e->pub.keyword = "";
	e->pub.schema_path = strdup("#");
	e->base = malloc(160);
	if (e->base != NULL && c->limit == 1) {
		e->pub.rule = "schema-too-deep";
		snprintf(e->base, 160,
		         "nested too deeply to validate (more than %zu "
		         "levels); the rest was not checked",
		         js->opts.max_depth);
	} else if (e->base != NULL) {
		e->pub.rule = "schema-too-much-work";
		snprintf(e->base, 160,
		         "validation stopped after %zu steps (too much work); "
		         "the rest was not checked",
		         js->opts.max_steps);
	}
	if (e->base == NULL || e->pub.schema_path == NULL) {
		err_free(e);
		return -1;
	}
	c->n++;
	return 0;
}

/* Validates; *valid gets the answer, *res the errors when res != NULL. */
static int
run(struct jsonschema_result **res, int *valid, const struct jsonschema *js,
    const cJSON *inst, const cJSON *at, const struct jsonschema_call *call)
{
	jsonschema_deref_fn deref = call->deref;
	void *dctx = call->deref_ctx;
	int acyclic = call->acyclic;
	struct vctx c = {0};
	struct ipath root_ip = {NULL, NULL, 0, 0};
	struct rchain rc;
	struct frame f;
	struct jsonschema_result *r = NULL;
	const struct sch *s = js->root_sch;
	const cJSON *t;
	size_t i, k;
	int ok, rcode = -1, reuse;

	if (res != NULL)
		*res = NULL;
	if (inst == NULL)
		return -1;
	if (at != NULL) {
		s = hmap_get_ptr(&js->map, at);
		if (s == NULL)
			return -1;
	}
	acyclic = acyclic || deref == NULL;
	reuse = acyclic && !js->same_cycle;
again:
	c.js = js;
	c.deref = deref;
	c.dctx = dctx;
	c.acyclic = acyclic;
	c.reuse = reuse;
	c.canon = acyclic ? call->canon : NULL;
	c.cctx = call->canon_ctx;
	c.collect = res != NULL;
	c.mctx = pcre2_match_context_create(NULL);
	c.mctx_low = pcre2_match_context_create(NULL);
	if (c.mctx == NULL || c.mctx_low == NULL)
		goto out;
	pcre2_set_match_limit(c.mctx, (uint32_t)js->opts.match_limit);
	pcre2_set_depth_limit(c.mctx, (uint32_t)js->opts.depth_limit);
	pcre2_set_match_limit(c.mctx_low,
	                      (uint32_t)(js->opts.match_limit / 100 + 1));
	pcre2_set_depth_limit(c.mctx_low,
	                      (uint32_t)(js->opts.depth_limit / 100 + 1));
	f.s = s;
	f.inst = inst;
	f.ip = &root_ip;
	f.rc = NULL;
	f.pl = NULL;
	f.depth = 0;
	f.via_ref = 0;
	f.tmp = 0;
	if (deref != NULL) {
		t = deref(dctx, inst);
		if (t != NULL && t != inst) {
			rc.up = NULL;
			rc.ref = inst;
			rc.n = 1;
			f.rc = &rc;
			f.inst = t;
			f.via_ref = 1;
		}
	}
	ok = v(&c, &f);
	if (c.limit == 2 && c.dsteps > 0 && !c.oom) {
		/* see dsteps: again, counting only exact steps */
		vctx_free(&c);
		memset(&c, 0, sizeof(c));
		reuse = 0;
		goto again;
	}
	if (c.oom)
		goto out;
	if (c.limit != 0) {
		ok = 0;
		if (limit_err(&c) < 0 || c.oom)
			goto out;
	}
	if (!ok && c.collect && c.n == 0) {
		/* cannot happen, but an invalid result always says why */
		c.full = 0;
		if (add_err(&c, &f, NULL, "schema-invalid", K_OTHER,
		            "does not match the schema") == NULL)
			goto out;
	}
	*valid = ok;
	if (res != NULL) {
		r = calloc(1, sizeof(*r));
		if (r == NULL)
			goto out;
		r->truncated = c.full || c.limit != 0;
		r->work = c.work;
		r->work.steps = c.steps;
		for (i = 0; i < c.n; i++)
			if (finish_err(&c.errs[i]) < 0)
				goto out;
		/* the same error reached twice through refs: keep the first */
		for (i = 0, k = 0; i < c.n; i++) {
			size_t j;

			for (j = 0; j < k; j++)
				if (same_err(&c.errs[j], &c.errs[i]))
					break;
			if (j < k) {
				err_free(&c.errs[i]);
				continue;
			}
			c.errs[k++] = c.errs[i];
		}
		r->errs = c.errs;
		r->n = k;
		c.errs = NULL;
		c.n = 0;
		*res = r;
		r = NULL;
	}
	rcode = 0;
out:
	free(r);
	vctx_free(&c);
	return rcode;
}

int
jsonschema_validate(struct jsonschema_result **out, const struct jsonschema *js,
                    const cJSON *instance, const cJSON *at,
                    jsonschema_deref_fn deref, void *deref_ctx)
{
	const struct jsonschema_call call = {.deref = deref,
	                                     .deref_ctx = deref_ctx};
	int valid;

	return run(out, &valid, js, instance, at, &call);
}

int
jsonschema_validate_acyclic(struct jsonschema_result **out,
                            const struct jsonschema *js, const cJSON *instance,
                            const cJSON *at, jsonschema_deref_fn deref,
                            void *deref_ctx)
{
	const struct jsonschema_call call = {
	        .deref = deref, .deref_ctx = deref_ctx, .acyclic = 1};
	int valid;

	return run(out, &valid, js, instance, at, &call);
}

int
jsonschema_validate_call(struct jsonschema_result **out,
                         const struct jsonschema *js, const cJSON *instance,
                         const cJSON *at, const struct jsonschema_call *call)
{
	int valid;

	return run(out, &valid, js, instance, at, call);
}

int
jsonschema_check(const struct jsonschema *js, const cJSON *instance,
                 const cJSON *at, jsonschema_deref_fn deref, void *deref_ctx)
{
	const struct jsonschema_call call = {.deref = deref,
	                                     .deref_ctx = deref_ctx};
	int valid = 0;

	if (run(NULL, &valid, js, instance, at, &call) < 0)
		return -1;
	return valid;
}

int
jsonschema_result_valid(const struct jsonschema_result *r)
{
	return r != NULL && r->n == 0;
}

size_t
jsonschema_result_count(const struct jsonschema_result *r)
{
	return r ? r->n : 0;
}

const struct jsonschema_error *
jsonschema_result_error(const struct jsonschema_result *r, size_t i)
{
	if (r == NULL || i >= r->n)
		return NULL;
	return &r->errs[i].pub;
}

int
jsonschema_result_truncated(const struct jsonschema_result *r)
{
	return r ? r->truncated : 0;
}

struct jsonschema_work
jsonschema_result_work(const struct jsonschema_result *r)
{
	struct jsonschema_work none = {0, 0, 0};

	return r ? r->work : none;
}

void
jsonschema_result_free(struct jsonschema_result *r)
{
	size_t i;

	if (r == NULL)
		return;
	for (i = 0; i < r->n; i++)
		err_free(&r->errs[i]);
	free(r->errs);
	free(r);
}
