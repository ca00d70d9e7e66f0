/*
 * jsonschema: JSON Schema draft-07 validator over cJSON trees (see
 * jsonschema.h for the contract).
 *
 * Layout of this file:
 *   1. small helpers: string buffer, pointer-pair hash map, value hashing
 *   2. ECMA-262 regular expressions on PCRE2
 *   3. URIs: parsing, RFC 3986 resolution, and the "uri" formats
 *   4. the other formats
 *   5. compiling a schema tree into struct sch records, resolving $refs
 *   6. validation: errors, equality, keywords, closest-branch reporting
 *   7. the public entry points
 */
#include "util/ascii.h"
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <cJSON.h>
#include <pcre2.h>

#include "util/hash.h"
#include "check/jsonschema.h"
#include "util/node.h"
#include "util/strbuf.h"

/* ------------------------------------------------------------------ */
/* 1. helpers                                                          */

/* Appends a JSON Pointer reference token (RFC 6901 escaping). */
static void
sb_ptr_token(struct strbuf *b, const char *s)
{
	for (; *s; s++) {
		if (*s == '~')
			strbuf_puts(b, "~0");
		else if (*s == '/')
			strbuf_puts(b, "~1");
		else
			strbuf_putc(b, *s);
	}
}

/*
 * Open-addressing hash map keyed by a pair of pointers (b may be NULL),
 * with an integer value. Keys are never removed.
 */
struct pent {
	const void *a, *b;
	uintptr_t v;
};

struct pmap {
	struct pent *t;
	size_t cap, n;
};

static size_t
pmap_hash(const void *a, const void *b)
{
	uint64_t h = (uint64_t)(uintptr_t)a * 0x9E3779B97F4A7C15ull;

	h ^= (uint64_t)(uintptr_t)b * 0xC2B2AE3D27D4EB4Full;
	h ^= h >> 29;
	return (size_t)h;
}

static uintptr_t *
pmap_get(const struct pmap *m, const void *a, const void *b)
{
	size_t i;

	if (m->cap == 0)
		return NULL;
	for (i = pmap_hash(a, b) & (m->cap - 1); m->t[i].a != NULL;
	     i = (i + 1) & (m->cap - 1))
		if (m->t[i].a == a && m->t[i].b == b)
			return &m->t[i].v;
	return NULL;
}

static int
pmap_put(struct pmap *m, const void *a, const void *b, uintptr_t v)
{
	uintptr_t *slot = pmap_get(m, a, b);
	struct pent *old = m->t;
	size_t ocap = m->cap, i, j;

	if (slot != NULL) {
		*slot = v;
		return 0;
	}
	if ((m->n + 1) * 2 > m->cap) {
		size_t ncap = m->cap ? m->cap * 2 : 64;

		m->t = calloc(ncap, sizeof(*m->t));
		if (m->t == NULL) {
			m->t = old;
			return -1;
		}
		m->cap = ncap;
		for (j = 0; j < ocap; j++) {
			if (old[j].a == NULL)
				continue;
			for (i = pmap_hash(old[j].a, old[j].b) & (ncap - 1);
			     m->t[i].a != NULL; i = (i + 1) & (ncap - 1))
				;
			m->t[i] = old[j];
		}
		free(old);
	}
	for (i = pmap_hash(a, b) & (m->cap - 1); m->t[i].a != NULL;
	     i = (i + 1) & (m->cap - 1))
		;
	m->t[i].a = a;
	m->t[i].b = b;
	m->t[i].v = v;
	m->n++;
	return 0;
}

static void
pmap_free(struct pmap *m)
{
	free(m->t);
	m->t = NULL;
	m->cap = m->n = 0;
}

static int
is_num(const cJSON *n)
{
	return n != NULL && (n->type & 0xFF) == cJSON_Number;
}

static int
is_str(const cJSON *n)
{
	return n != NULL && (n->type & 0xFF) == cJSON_String &&
	       n->valuestring != NULL;
}

static int
is_obj(const cJSON *n)
{
	return n != NULL && (n->type & 0xFF) == cJSON_Object;
}

static int
is_arr(const cJSON *n)
{
	return n != NULL && (n->type & 0xFF) == cJSON_Array;
}

static int
is_bool(const cJSON *n)
{
	return n != NULL && ((n->type & 0xFF) == cJSON_True ||
	                     (n->type & 0xFF) == cJSON_False);
}

static const cJSON *
member(const cJSON *obj, const char *key)
{
	const cJSON *m;

	if (!is_obj(obj))
		return NULL;
	for (m = obj->child; m != NULL; m = m->next)
		if (m->string != NULL && strcmp(m->string, key) == 0)
			return m;
	return NULL;
}

static size_t
count_children(const cJSON *n)
{
	const cJSON *c;
	size_t k = 0;

	for (c = n->child; c != NULL; c = c->next)
		k++;
	return k;
}

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

/* ------------------------------------------------------------------ */
/* 2. ECMA-262 regular expressions on PCRE2                            */

/*
 * ECMA-262 white space and line terminators, as the body of a PCRE2
 * character class (PCRE2's \s without UCP is ASCII only).
 */
#define ECMA_WS                                                                \
	"\\t\\n\\x0b\\f\\r \\x{a0}\\x{1680}\\x{2000}-\\x{200a}\\x{2028}"       \
	"\\x{2029}\\x{202f}\\x{205f}\\x{3000}\\x{feff}"

/* A code point as a PCRE2 escape that is literal inside or outside []. */
static void
re_emit_cp(struct strbuf *o, uint32_t cp)
{
	if (cp >= 0xD800 && cp <= 0xDFFF)
		strbuf_puts(o, "(?!)"); /* a lone surrogate: UTF-8 has none */
	else if (cp < 0x80)
		strbuf_printf(o, "\\x%02x", (unsigned)cp);
	else
		strbuf_printf(o, "\\x{%x}", (unsigned)cp);
}

/* Reads \uHHHH (p after the 'u'); returns the value or -1. */
static long
re_u4(const unsigned char *p)
{
	long v = 0;
	int i, h;

	for (i = 0; i < 4; i++) {
		h = ascii_hex_value(p[i]);
		if (h < 0)
			return -1;
		v = v * 16 + h;
	}
	return v;
}

/*
 * Translates one escape; *pp points just after the backslash and is moved
 * past the escape. strict follows ECMA-262's unicode mode (what ajv uses
 * for the "regex" format: unknown identity escapes are errors); otherwise
 * an unknown escape of a letter is that letter, as in ECMA's legacy mode.
 * Returns 0, or -1 when the escape is not ECMA-262.
 */
static int
re_escape(struct strbuf *o, const unsigned char **pp, int in_class, int strict)
{
	const unsigned char *p = *pp;
	unsigned c = *p;
	long v, lo;
	int h;

	if (c == 0)
		return -1;
	p++;
	switch (c) {
	case 'd':
	case 'D':
	case 'w':
	case 'W':
		strbuf_putc(o, '\\');
		strbuf_putc(o, (char)c);
		break;
	case 'b':
		strbuf_puts(o, in_class ? "\\x08" : "\\b");
		break;
	case 'B':
		if (in_class) {
			if (strict)
				return -1;
			strbuf_putc(o, 'B');
		} else {
			strbuf_puts(o, "\\B");
		}
		break;
	case 's':
		strbuf_puts(o, in_class ? ECMA_WS : "[" ECMA_WS "]");
		break;
	case 'S':
		/* inside [] PCRE2's ASCII \S is the closest we can say */
		strbuf_puts(o, in_class ? "\\S" : "[^" ECMA_WS "]");
		break;
	case 'f':
		strbuf_puts(o, "\\f");
		break;
	case 'n':
		strbuf_puts(o, "\\n");
		break;
	case 'r':
		strbuf_puts(o, "\\r");
		break;
	case 't':
		strbuf_puts(o, "\\t");
		break;
	case 'v':
		strbuf_puts(o, "\\x0b"); /* PCRE2's \v is a class */
		break;
	case '0':
		if (*p >= '0' && *p <= '9') {
			if (strict)
				return -1;
			strbuf_puts(o, "\\x00");
		} else {
			strbuf_puts(o, "\\x00");
		}
		break;
	case 'c':
		if (isalpha(*p)) {
			re_emit_cp(o, (uint32_t)(*p % 32));
			p++;
		} else {
			if (strict)
				return -1;
			strbuf_puts(o, "\\\\c");
		}
		break;
	case 'x':
		if (ascii_hex_value(p[0]) >= 0 && ascii_hex_value(p[1]) >= 0) {
			re_emit_cp(o, (uint32_t)(ascii_hex_value(p[0]) * 16 +
			                         ascii_hex_value(p[1])));
			p += 2;
		} else {
			if (strict)
				return -1;
			strbuf_putc(o, 'x');
		}
		break;
	case 'u':
		if (*p == '{') {
			v = 0;
			p++;
			if (*p == '}')
				return -1;
			while ((h = ascii_hex_value(*p)) >= 0) {
				v = v * 16 + h;
				if (v > 0x10FFFF)
					return -1;
				p++;
			}
			if (*p != '}')
				return -1;
			p++;
			re_emit_cp(o, (uint32_t)v);
		} else if ((v = re_u4(p)) >= 0) {
			p += 4;
			if (v >= 0xD800 && v <= 0xDBFF && p[0] == '\\' &&
			    p[1] == 'u' && (lo = re_u4(p + 2)) >= 0xDC00 &&
			    lo <= 0xDFFF) {
				v = 0x10000 + ((v - 0xD800) << 10) +
				    (lo - 0xDC00);
				p += 6;
			}
			re_emit_cp(o, (uint32_t)v);
		} else {
			if (strict)
				return -1;
			strbuf_putc(o, 'u');
		}
		break;
	case 'k':
		if (*p == '<') {
			const unsigned char *e = p + 1;

			while (*e && *e != '>')
				e++;
			if (*e != '>' || e == p + 1)
				return -1;
			strbuf_puts(o, "\\k");
			strbuf_putn(o, (const char *)p, (size_t)(e - p + 1));
			p = e + 1;
		} else {
			if (strict)
				return -1;
			strbuf_putc(o, 'k');
		}
		break;
	case 'p':
	case 'P':
		if (*p == '{') {
			const unsigned char *e = p + 1;

			while (*e && *e != '}')
				e++;
			if (*e != '}')
				return -1;
			strbuf_putc(o, '\\');
			strbuf_putc(o, (char)c);
			strbuf_putn(o, (const char *)p, (size_t)(e - p + 1));
			p = e + 1;
		} else {
			if (strict)
				return -1;
			strbuf_putc(o, (char)c);
		}
		break;
	default:
		if (c >= '1' && c <= '9') {
			v = (long)(c - '0');
			while (*p >= '0' && *p <= '9' && v < 100000)
				v = v * 10 + (*p++ - '0');
			if (in_class) {
				if (strict)
					return -1;
				re_emit_cp(o, (uint32_t)(v & 0xFF));
			} else {
				strbuf_printf(o, "\\g{%ld}", v);
			}
		} else if (strchr("^$\\.*+?()[]{}|/", (int)c) != NULL ||
		           (c == '-' && in_class)) {
			strbuf_putc(o, '\\');
			strbuf_putc(o, (char)c);
		} else if (strict) {
			return -1;
		} else if (c < 0x80 && isalnum((int)c)) {
			strbuf_putc(o, (char)c);
		} else if (c < 0x80) {
			strbuf_putc(o, '\\');
			strbuf_putc(o, (char)c);
		} else {
			/* an escaped non-ASCII character is itself */
			strbuf_putc(o, (char)c);
			while ((*p & 0xC0) == 0x80)
				strbuf_putc(o, (char)*p++);
		}
		break;
	}
	*pp = p;
	return 0;
}

/* 1 when p starts a quantifier {n}, {n,} or {n,m}. */
static int
re_is_braces(const unsigned char *p)
{
	if (*p++ != '{' || !isdigit(*p))
		return 0;
	while (isdigit(*p))
		p++;
	if (*p == ',') {
		p++;
		while (isdigit(*p))
			p++;
	}
	return *p == '}';
}

/*
 * ECMA-262 pattern -> PCRE2 pattern (see the header for what changes).
 * Returns 0, or -1 when the pattern is not ECMA-262 (strict) or cannot be
 * translated.
 */
static int
re_translate(struct strbuf *o, const char *src, int strict)
{
	const unsigned char *p = (const unsigned char *)src;
	int quant = 0; /* the last token was a quantifier */
	int atom = 0;  /* something a quantifier may apply to precedes */

	while (*p) {
		unsigned c = *p;

		if (c == '\\') {
			p++;
			if (*p == 'b' || *p == 'B') {
				if (re_escape(o, &p, 0, strict) < 0)
					return -1;
				atom = 0;
			} else {
				if (re_escape(o, &p, 0, strict) < 0)
					return -1;
				atom = 1;
			}
			quant = 0;
		} else if (c == '[') {
			p++;
			if (*p == '^' && p[1] == ']') {
				strbuf_puts(o, "(?s:.)");
				p += 2;
			} else if (*p == ']') {
				strbuf_puts(o, "(?!)");
				p++;
			} else {
				strbuf_putc(o, '[');
				if (*p == '^') {
					strbuf_putc(o, '^');
					p++;
				}
				while (*p && *p != ']') {
					if (*p == '\\') {
						p++;
						if (re_escape(o, &p, 1,
						              strict) < 0)
							return -1;
					} else if (*p == '[') {
						strbuf_puts(o, "\\[");
						p++;
					} else {
						strbuf_putc(o, (char)*p++);
					}
				}
				if (*p != ']')
					return -1;
				strbuf_putc(o, ']');
				p++;
			}
			atom = 1;
			quant = 0;
		} else if (c == '.') {
			strbuf_puts(o, "[^\\n\\r\\x{2028}\\x{2029}]");
			p++;
			atom = 1;
			quant = 0;
		} else if (c == '$') {
			strbuf_puts(
			        o,
			        "\\z"); /* ECMA's $ never matches before a \n */
			p++;
			atom = 0;
			quant = 0;
		} else if (c == '(') {
			p++;
			if (*p == '?') {
				if (p[1] == ':' || p[1] == '=' || p[1] == '!') {
					strbuf_putn(o, "(?", 2);
					strbuf_putc(o, (char)p[1]);
					p += 2;
				} else if (p[1] == '<' &&
				           (p[2] == '=' || p[2] == '!')) {
					strbuf_putn(o, "(?<", 3);
					strbuf_putc(o, (char)p[2]);
					p += 3;
				} else if (p[1] == '<') {
					strbuf_putn(o, "(?<", 3);
					p += 2;
				} else {
					if (strict)
						return -1;
					strbuf_putn(o, "(?", 2);
					p++;
				}
			} else {
				strbuf_putc(o, '(');
			}
			atom = 0;
			quant = 0;
		} else if (c == '*' || c == '+' || c == '?' ||
		           (c == '{' && re_is_braces(p))) {
			if (quant && c == '?') {
				strbuf_putc(o, '?'); /* lazy */
				p++;
				quant = 0;
				continue;
			}
			if (strict && (quant || !atom))
				return -1; /* "nothing to repeat" */
			if (c == '{') {
				while (*p != '}')
					strbuf_putc(o, (char)*p++);
			}
			strbuf_putc(o, (char)*p++);
			quant = 1;
			atom = 0;
		} else if (c == ')' || c == '|') {
			strbuf_putc(o, (char)c);
			p++;
			atom = (c == ')');
			quant = 0;
		} else if (c == '^') {
			strbuf_putc(o, '^');
			p++;
			atom = 0;
			quant = 0;
		} else if (c == ']' || c == '}' || c == '{') {
			if (strict)
				return -1; /* a lone bracket in unicode mode */
			strbuf_putc(o, '\\');
			strbuf_putc(o, (char)c);
			p++;
			atom = 1;
			quant = 0;
		} else {
			strbuf_putc(o, (char)c);
			p++;
			while ((*p & 0xC0) == 0x80)
				strbuf_putc(o, (char)*p++);
			atom = 1;
			quant = 0;
		}
	}
	return o->oom ? -1 : 0;
}

/* Compiles an ECMA-262 pattern; NULL when invalid (or out of memory). */
static pcre2_code *
re_compile(const char *src, int strict)
{
	struct strbuf o = {0};
	pcre2_code *re = NULL;
	int err;
	PCRE2_SIZE off;

	if (re_translate(&o, src, strict) < 0 || o.oom)
		goto out;
	re = pcre2_compile((PCRE2_SPTR)(o.p ? o.p : ""), o.len,
	                   PCRE2_UTF | PCRE2_MATCH_INVALID_UTF |
	                           PCRE2_NEVER_BACKSLASH_C,
	                   &err, &off, NULL);
out:
	free(o.p);
	return re;
}

int
jsonschema_regex_valid(const char *text)
{
	pcre2_code *re;

	if (text == NULL)
		return 0;
	re = re_compile(text, 1);
	if (re == NULL)
		return 0;
	pcre2_code_free(re);
	return 1;
}

/* ------------------------------------------------------------------ */
/* 3. URIs                                                             */

/* The five parts of a URI reference (RFC 3986 appendix B). */
struct uri {
	const char *scheme, *auth, *path, *query, *frag;
	size_t nscheme, nauth, npath, nquery, nfrag;
	int has_scheme, has_auth, has_query, has_frag;
};

static void
uri_split(struct uri *u, const char *s)
{
	const char *p = s, *q;

	memset(u, 0, sizeof(*u));
	for (q = s; *q && *q != ':' && *q != '/' && *q != '?' && *q != '#'; q++)
		;
	if (*q == ':' && q > s) {
		u->has_scheme = 1;
		u->scheme = s;
		u->nscheme = (size_t)(q - s);
		p = q + 1;
	}
	if (p[0] == '/' && p[1] == '/') {
		p += 2;
		u->has_auth = 1;
		u->auth = p;
		while (*p && *p != '/' && *p != '?' && *p != '#')
			p++;
		u->nauth = (size_t)(p - u->auth);
	}
	u->path = p;
	while (*p && *p != '?' && *p != '#')
		p++;
	u->npath = (size_t)(p - u->path);
	if (*p == '?') {
		u->has_query = 1;
		u->query = ++p;
		while (*p && *p != '#')
			p++;
		u->nquery = (size_t)(p - u->query);
	}
	if (*p == '#') {
		u->has_frag = 1;
		u->frag = p + 1;
		u->nfrag = strlen(p + 1);
	}
}

/* RFC 3986 5.2.4, appending the result to o. */
static void
uri_remove_dots(struct strbuf *o, const char *in, size_t n)
{
	size_t start = o->len, i = 0, j;

	while (i < n) {
		if (n - i >= 3 && memcmp(in + i, "../", 3) == 0) {
			i += 3;
		} else if (n - i >= 2 && memcmp(in + i, "./", 2) == 0) {
			i += 2;
		} else if (n - i >= 3 && memcmp(in + i, "/./", 3) == 0) {
			i += 2;
		} else if (n - i == 2 && memcmp(in + i, "/.", 2) == 0) {
			i += 1;
			strbuf_putc(o, '/');
			i = n;
		} else if (n - i >= 4 && memcmp(in + i, "/../", 4) == 0) {
			i += 3;
			while (o->len > start && o->p[o->len - 1] != '/')
				o->len--;
			if (o->len > start)
				o->len--;
		} else if (n - i == 3 && memcmp(in + i, "/..", 3) == 0) {
			i = n;
			while (o->len > start && o->p[o->len - 1] != '/')
				o->len--;
			if (o->len > start)
				o->len--;
			strbuf_putc(o, '/');
		} else if ((n - i == 1 && in[i] == '.') ||
		           (n - i == 2 && memcmp(in + i, "..", 2) == 0)) {
			i = n;
		} else {
			j = i + 1;
			while (j < n && in[j] != '/')
				j++;
			strbuf_putn(o, in + i, j - i);
			i = j;
		}
	}
	if (o->p != NULL)
		o->p[o->len] = '\0';
}

/* RFC 3986 5.2.3: a relative path r merged onto base b, dots removed. */
static void
uri_merge(struct strbuf *o, const struct uri *b, const struct uri *r)
{
	struct strbuf m = {0};
	size_t i, dir = 0;

	if (b->has_auth && b->npath == 0) {
		strbuf_putc(&m, '/');
	} else {
		for (i = 0; i < b->npath; i++)
			if (b->path[i] == '/')
				dir = i + 1;
		strbuf_putn(&m, b->path, dir);
	}
	strbuf_putn(&m, r->path, r->npath);
	if (m.oom)
		o->oom = 1;
	else if (m.p != NULL)
		uri_remove_dots(o, m.p, m.len);
	free(m.p);
}

static void
uri_put_query(struct strbuf *o, const struct uri *u)
{
	if (u->has_query) {
		strbuf_putc(o, '?');
		strbuf_putn(o, u->query, u->nquery);
	}
}

/* RFC 3986 5.2.2: ref resolved against base. Caller frees; NULL on OOM. */
static char *
uri_resolve(const char *base, const char *ref)
{
	struct uri b, r;
	struct strbuf o = {0};
	const struct uri *scheme, *auth;

	uri_split(&b, base);
	uri_split(&r, ref);
	scheme = r.has_scheme ? &r : &b;
	auth = r.has_scheme || r.has_auth ? &r : &b;
	if (scheme->has_scheme) {
		strbuf_putn(&o, scheme->scheme, scheme->nscheme);
		strbuf_putc(&o, ':');
	}
	if (auth->has_auth) {
		strbuf_puts(&o, "//");
		strbuf_putn(&o, auth->auth, auth->nauth);
	}
	if (auth == &r) {
		uri_remove_dots(&o, r.path, r.npath);
		uri_put_query(&o, &r);
	} else if (r.npath == 0) {
		strbuf_putn(&o, b.path, b.npath);
		uri_put_query(&o, r.has_query ? &r : &b);
	} else {
		if (r.path[0] == '/')
			uri_remove_dots(&o, r.path, r.npath);
		else
			uri_merge(&o, &b, &r);
		uri_put_query(&o, &r);
	}
	if (r.has_frag) {
		strbuf_putc(&o, '#');
		strbuf_putn(&o, r.frag, r.nfrag);
	}
	return strbuf_take(&o);
}

static int
uri_unreserved(int c)
{
	return isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~';
}

static int
uri_subdelim(int c)
{
	return c != 0 && strchr("!$&'()*+,;=", c) != NULL;
}

/*
 * 1 when [s, e) holds only unreserved, sub-delims, percent-encoded
 * octets and the characters of extra (plus non-ASCII bytes when iri).
 */
static int
uri_chars(const char *s, const char *e, const char *extra, int iri)
{
	const unsigned char *p;

	for (p = (const unsigned char *)s; p < (const unsigned char *)e; p++) {
		if (*p == '%') {
			if (p + 2 >= (const unsigned char *)e)
				return 0;
			if (ascii_hex_value(p[1]) < 0 ||
			    ascii_hex_value(p[2]) < 0)
				return 0;
			p += 2;
		} else if (*p >= 0x80) {
			if (!iri)
				return 0;
		} else if (!uri_unreserved(*p) && !uri_subdelim(*p) &&
		           (*p == 0 || strchr(extra, *p) == NULL)) {
			return 0;
		}
	}
	return 1;
}

static int fmt_ipv6(const char *s, size_t n);

/* Checks an authority: [userinfo@]host[:port]. */
static int
uri_authority(const char *a, size_t n, int iri)
{
	const char *e = a + n, *at = NULL, *p, *host, *colon = NULL;

	for (p = a; p < e; p++)
		if (*p == '@') {
			if (at != NULL)
				return 0;
			at = p;
		}
	if (at != NULL) {
		if (!uri_chars(a, at, ":", iri))
			return 0;
		host = at + 1;
	} else {
		host = a;
	}
	if (host < e && *host == '[') {
		p = memchr(host, ']', (size_t)(e - host));
		if (p == NULL)
			return 0;
		if (host[1] == 'v' || host[1] == 'V') {
			if (!uri_chars(host + 2, p, ":", 0))
				return 0;
		} else if (!fmt_ipv6(host + 1, (size_t)(p - host - 1))) {
			return 0;
		}
		p++;
		if (p < e && *p != ':')
			return 0;
		colon = p < e ? p : NULL;
	} else {
		for (p = host; p < e && *p != ':'; p++)
			;
		if (!uri_chars(host, p, "", iri))
			return 0;
		colon = p < e ? p : NULL;
	}
	if (colon != NULL)
		for (p = colon + 1; p < e; p++)
			if (!isdigit((unsigned char)*p))
				return 0;
	return 1;
}

/*
 * "uri" (need_scheme), "uri-reference" (not), and their IRI variants
 * (iri: non-ASCII allowed): the RFC 3986 grammar.
 */
static int
fmt_uri(const char *s, int need_scheme, int iri)
{
	struct uri u;
	const char *p;

	uri_split(&u, s);
	if (u.has_scheme) {
		if (!isalpha((unsigned char)u.scheme[0]))
			return 0;
		for (p = u.scheme; p < u.scheme + u.nscheme; p++)
			if (!isalnum((unsigned char)*p) && *p != '+' &&
			    *p != '-' && *p != '.')
				return 0;
	} else if (need_scheme) {
		return 0;
	}
	if (u.has_auth && !uri_authority(u.auth, u.nauth, iri))
		return 0;
	if (!uri_chars(u.path, u.path + u.npath, ":@/", iri))
		return 0;
	if (!u.has_scheme && !u.has_auth && u.npath > 0 && u.path[0] != '/') {
		/* path-noscheme: no ':' in the first segment */
		for (p = u.path; p < u.path + u.npath && *p != '/'; p++)
			if (*p == ':')
				return 0;
	}
	if (u.has_query && !uri_chars(u.query, u.query + u.nquery, ":@/?", iri))
		return 0;
	if (u.has_frag && !uri_chars(u.frag, u.frag + u.nfrag, ":@/?", iri))
		return 0;
	return 1;
}

/* RFC 6570 level 4 syntax. */
static int
fmt_uri_template(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	while (*p) {
		if (*p == '{') {
			p++;
			if (*p && strchr("+#./;?&=,!@|", *p) != NULL)
				p++;
			for (;;) {
				/* varname: varchar *( ["."] varchar ) */
				int n = 0;

				for (;;) {
					if (isalnum(*p) || *p == '_') {
						p++;
					} else if (*p == '%' &&
					           ascii_hex_value(p[1]) >= 0 &&
					           ascii_hex_value(p[2]) >= 0) {
						p += 3;
					} else {
						break;
					}
					n++;
					if (*p == '.' &&
					    (isalnum(p[1]) || p[1] == '_' ||
					     p[1] == '%'))
						p++;
				}
				if (n == 0)
					return 0;
				if (*p == ':') {
					int d = 0;

					p++;
					if (*p < '1' || *p > '9')
						return 0;
					while (isdigit(*p) && d < 5) {
						p++;
						d++;
					}
					if (d > 4)
						return 0;
				} else if (*p == '*') {
					p++;
				}
				if (*p == ',') {
					p++;
					continue;
				}
				if (*p != '}')
					return 0;
				p++;
				break;
			}
		} else if (*p == '}' || *p <= 0x20 || *p == 0x7F ||
		           strchr("\"'<>\\^`|", *p) != NULL) {
			return 0;
		} else if (*p == '%') {
			if (ascii_hex_value(p[1]) < 0 ||
			    ascii_hex_value(p[2]) < 0)
				return 0;
			p += 3;
		} else {
			p++;
		}
	}
	return 1;
}

/* ------------------------------------------------------------------ */
/* 4. other formats                                                    */

/* n digits at p into *v. */
static int
digits(const char *p, int n, int *v)
{
	int i;

	*v = 0;
	for (i = 0; i < n; i++) {
		if (!isdigit((unsigned char)p[i]))
			return 0;
		*v = *v * 10 + (p[i] - '0');
	}
	return 1;
}

static int
fmt_full_date(const char *s)
{
	static const int mdays[] = {31, 29, 31, 30, 31, 30,
	                            31, 31, 30, 31, 30, 31};
	int y, m, d, leap;

	if (!digits(s, 4, &y) || s[4] != '-' || !digits(s + 5, 2, &m) ||
	    s[7] != '-' || !digits(s + 8, 2, &d))
		return 0;
	if (m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
		return 0;
	leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	if (m == 2 && d == 29 && !leap)
		return 0;
	return 1;
}

static int
fmt_date(const char *s)
{
	return strlen(s) == 10 && fmt_full_date(s);
}

/* RFC 3339 full-time: HH:MM:SS[.frac](Z|+HH:MM|-HH:MM). */
static int
fmt_time(const char *s)
{
	int hh, mm, ss, oh = 0, om = 0, sign = 0, utc;
	const char *p = s + 8;

	if (!digits(s, 2, &hh) || s[2] != ':' || !digits(s + 3, 2, &mm) ||
	    s[5] != ':' || !digits(s + 6, 2, &ss))
		return 0;
	if (*p == '.') {
		p++;
		if (!isdigit((unsigned char)*p))
			return 0;
		while (isdigit((unsigned char)*p))
			p++;
	}
	if (*p == 'Z' || *p == 'z') {
		p++;
	} else if (*p == '+' || *p == '-') {
		sign = *p == '+' ? 1 : -1;
		if (!digits(p + 1, 2, &oh) || p[3] != ':' ||
		    !digits(p + 4, 2, &om))
			return 0;
		p += 6;
		if (oh > 23 || om > 59)
			return 0;
	} else {
		return 0;
	}
	if (*p != '\0' || hh > 23 || mm > 59 || ss > 60)
		return 0;
	if (ss == 60) {
		/* a leap second is 23:59:60 UTC */
		utc = ((hh * 60 + mm - sign * (oh * 60 + om)) % 1440 + 1440) %
		      1440;
		if (utc != 23 * 60 + 59)
			return 0;
	}
	return 1;
}

static int
fmt_date_time(const char *s)
{
	if (strlen(s) < 20 || !fmt_full_date(s))
		return 0;
	if (s[10] != 'T' && s[10] != 't' && s[10] != ' ')
		return 0;
	return fmt_time(s + 11);
}

static int
fmt_ipv4_n(const char *s, size_t n)
{
	size_t i = 0;
	int part, v, len;

	for (part = 0; part < 4; part++) {
		if (part > 0) {
			if (i >= n || s[i] != '.')
				return 0;
			i++;
		}
		v = 0;
		len = 0;
		while (i < n && isdigit((unsigned char)s[i]) && len < 4) {
			v = v * 10 + (s[i] - '0');
			i++;
			len++;
		}
		if (len == 0 || len > 3 || v > 255 ||
		    (len > 1 && s[i - len] == '0'))
			return 0;
	}
	return i == n;
}

static int
fmt_ipv4(const char *s)
{
	return fmt_ipv4_n(s, strlen(s));
}

static int
fmt_ipv6(const char *s, size_t n)
{
	size_t i = 0, groups = 0;
	int dbl = 0, h;
	size_t start;

	if (n >= 2 && s[0] == ':' && s[1] == ':') {
		dbl = 1;
		i = 2;
		if (i == n)
			return 1;
	} else if (n >= 1 && s[0] == ':') {
		return 0;
	}
	while (i < n) {
		start = i;
		h = 0;
		while (i < n && ascii_hex_value(s[i]) >= 0 && h < 5) {
			i++;
			h++;
		}
		if (i < n && s[i] == '.') {
			/* trailing IPv4 takes two groups */
			if (!fmt_ipv4_n(s + start, n - start))
				return 0;
			groups += 2;
			i = n;
			break;
		}
		if (h == 0 || h > 4)
			return 0;
		groups++;
		if (i == n)
			break;
		if (s[i] != ':')
			return 0;
		i++;
		if (i < n && s[i] == ':') {
			if (dbl)
				return 0;
			dbl = 1;
			i++;
			if (i == n)
				break;
		} else if (i == n) {
			return 0; /* a single trailing ':' */
		}
	}
	return dbl ? groups <= 7 : groups == 8;
}

/* RFC 1123 host name, as ajv's "hostname" format. */
static int
fmt_hostname(const char *s, int idn)
{
	size_t n = strlen(s), i = 0, len;
	const unsigned char *p = (const unsigned char *)s;

	if (n > 0 && s[n - 1] == '.')
		n--;
	if (n == 0 || n > 253)
		return 0;
	while (i < n) {
		len = 0;
		while (i + len < n && p[i + len] != '.') {
			unsigned c = p[i + len];

			if (!(isalnum((int)c) || c == '-' ||
			      (idn && c >= 0x80)))
				return 0;
			len++;
		}
		if (len == 0 || len > 63 || p[i] == '-' ||
		    p[i + len - 1] == '-')
			return 0;
		i += len + 1;
	}
	return 1;
}

/* The "email" format as ajv checks it (dot-atom local part, dotted host). */
static int
fmt_email(const char *s, int idn)
{
	const char *at = strrchr(s, '@'), *p;
	int dots = 0, prev_dot = 1;

	if (at == NULL || at == s)
		return 0;
	for (p = s; p < at; p++) {
		unsigned c = (unsigned char)*p;

		if (c == '.') {
			if (prev_dot)
				return 0;
			prev_dot = 1;
			continue;
		}
		prev_dot = 0;
		if (!(isalnum((int)c) ||
		      strchr("!#$%&'*+/=?^_`{|}~-", (int)c) ||
		      (idn && c >= 0x80)))
			return 0;
	}
	if (prev_dot)
		return 0;
	for (p = at + 1; *p; p++)
		if (*p == '.')
			dots++;
	return dots > 0 && at[strlen(at) - 1] != '.' &&
	       fmt_hostname(at + 1, idn);
}

static int
fmt_json_pointer_n(const char *s)
{
	if (*s != '\0' && *s != '/')
		return 0;
	for (; *s; s++)
		if (*s == '~' && s[1] != '0' && s[1] != '1')
			return 0;
	return 1;
}

static int
fmt_rel_json_pointer(const char *s)
{
	if (!isdigit((unsigned char)*s))
		return 0;
	if (*s == '0' && isdigit((unsigned char)s[1]))
		return 0;
	while (isdigit((unsigned char)*s))
		s++;
	if (*s == '#')
		return s[1] == '\0';
	return fmt_json_pointer_n(s);
}

enum fmt {
	F_NONE,
	F_URI,
	F_URI_REF,
	F_IRI,
	F_IRI_REF,
	F_URI_TEMPLATE,
	F_EMAIL,
	F_IDN_EMAIL,
	F_REGEX,
	F_DATE_TIME,
	F_DATE,
	F_TIME,
	F_IPV4,
	F_IPV6,
	F_HOSTNAME,
	F_IDN_HOSTNAME,
	F_JSON_POINTER,
	F_REL_JSON_POINTER
};

static const struct {
	const char *name; /* the format keyword value */
	const char *what; /* in messages: "is not a valid ..." */
} formats[] = {
        [F_NONE] = {"", ""},
        [F_URI] = {"uri", "URI (it needs a scheme, e.g. https://...)"},
        [F_URI_REF] = {"uri-reference", "URI reference"},
        [F_IRI] = {"iri", "IRI"},
        [F_IRI_REF] = {"iri-reference", "IRI reference"},
        [F_URI_TEMPLATE] = {"uri-template", "URI template (RFC 6570)"},
        [F_EMAIL] = {"email", "email address"},
        [F_IDN_EMAIL] = {"idn-email", "email address"},
        [F_REGEX] = {"regex", "regular expression (ECMA-262)"},
        [F_DATE_TIME] = {"date-time",
                         "date-time (RFC 3339, e.g. 2024-01-31T12:00:00Z)"},
        [F_DATE] = {"date", "date (RFC 3339, e.g. 2024-01-31)"},
        [F_TIME] = {"time", "time (RFC 3339, e.g. 12:00:00Z)"},
        [F_IPV4] = {"ipv4", "IPv4 address"},
        [F_IPV6] = {"ipv6", "IPv6 address"},
        [F_HOSTNAME] = {"hostname", "host name"},
        [F_IDN_HOSTNAME] = {"idn-hostname", "host name"},
        [F_JSON_POINTER] = {"json-pointer", "JSON Pointer"},
        [F_REL_JSON_POINTER] = {"relative-json-pointer",
                                "relative JSON Pointer"},
};

static int
fmt_check(int f, const char *s)
{
	switch (f) {
	case F_URI:
		return fmt_uri(s, 1, 0);
	case F_URI_REF:
		return fmt_uri(s, 0, 0);
	case F_IRI:
		return fmt_uri(s, 1, 1);
	case F_IRI_REF:
		return fmt_uri(s, 0, 1);
	case F_URI_TEMPLATE:
		return fmt_uri_template(s);
	case F_EMAIL:
		return fmt_email(s, 0);
	case F_IDN_EMAIL:
		return fmt_email(s, 1);
	case F_REGEX:
		return jsonschema_regex_valid(s);
	case F_DATE_TIME:
		return fmt_date_time(s);
	case F_DATE:
		return fmt_date(s);
	case F_TIME:
		return fmt_time(s);
	case F_IPV4:
		return fmt_ipv4(s);
	case F_IPV6:
		return fmt_ipv6(s, strlen(s));
	case F_HOSTNAME:
		return fmt_hostname(s, 0);
	case F_IDN_HOSTNAME:
		return fmt_hostname(s, 1);
	case F_JSON_POINTER:
		return fmt_json_pointer_n(s);
	case F_REL_JSON_POINTER:
		return fmt_rel_json_pointer(s);
	default:
		return 1;
	}
}

/* ------------------------------------------------------------------ */
/* 5. compiling a schema                                               */

/* "type" bits. */
enum {
	TB_NULL = 1,
	TB_BOOL = 2,
	TB_INT = 4,
	TB_NUM = 8,
	TB_STR = 16,
	TB_ARR = 32,
	TB_OBJ = 64
};

/* Flags of the numeric keywords present. */
enum { N_MULTIPLE = 1, N_MAX = 2, N_XMAX = 4, N_MIN = 8, N_XMIN = 16 };

struct sch;

struct prop {
	const char *name;
	const struct sch *s;
};

struct pprop {
	const char *src;      /* the pattern as written */
	const pcre2_code *re; /* NULL: did not compile, ignored */
	const struct sch *s;
};

struct dep {
	const char *name;
	const cJSON *req;    /* array form, or NULL */
	const struct sch *s; /* schema form, or NULL */
};

/* An enum value with its hash, for enums longer than ENUM_INDEX_MIN. */
struct eitem {
	uint64_t h;
	const cJSON *v;
};

#define ENUM_INDEX_MIN 8

/* One compiled schema (object or boolean). Absent keywords are 0/NULL. */
struct sch {
	const cJSON *node;
	char *loc;         /* "#/definitions/x": where it sits */
	char *name;        /* for branch notes: ref target, title; or NULL */
	char *defname;     /* "x" when it sits at #/definitions/x */
	signed char boolv; /* -1: object schema; 0, 1: false, true */
	unsigned char has_ref; /* $ref present: every sibling is ignored */
	unsigned char has_const, unique, fmt, has_tuple;
	unsigned types;        /* TB_* bits; 0 when no "type" */
	const struct sch *ref; /* NULL when has_ref but unresolved */
	const cJSON *enum_kw;
	struct eitem *eidx;
	size_t neidx;
	const cJSON *const_kw;
	unsigned nflags;
	double multiple_of, maximum, xmaximum, minimum, xminimum;
	long long max_len, min_len, max_items, min_items, max_props, min_props;
	const pcre2_code *pattern;
	const char *pattern_src;
	const struct sch *items;  /* schema form */
	const struct sch **tuple; /* array form */
	size_t ntuple;
	const struct sch *add_items, *contains, *add_props, *prop_names;
	const struct sch *if_s, *then_s, *else_s, *not_s;
	const struct sch **all_of, **any_of, **one_of;
	size_t nall, nany, none;
	struct prop *props;         /* schema order */
	const struct prop **sorted; /* by name, for lookups */
	size_t nprops;
	struct pprop *pprops;
	size_t npprops;
	struct dep *deps;
	size_t ndeps;
	const cJSON *required;
};

/* A URI the schema set knows: a document, an $id, or an "#anchor". */
struct res {
	char *uri;
	const cJSON *node;
};

struct recache {
	char *src;
	pcre2_code *re; /* NULL: invalid */
};

struct jsonschema {
	const cJSON *root;
	const struct sch *root_sch;
	struct jsonschema_opts opts;
	struct pmap map; /* schema node -> struct sch * */
	struct sch **all;
	size_t nall, capall;
	struct res *reg;
	size_t nreg, capreg;
	char **strs; /* base URIs and other owned strings */
	size_t nstrs, capstrs;
	struct recache *re;
	size_t nre, capre;
	char **tried; /* documents asked from the load hook */
	size_t ntried, captried;
};

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

static int
grow(void *pp, size_t *cap, size_t need, size_t size)
{
	void **p = pp;
	size_t ncap = *cap ? *cap : 8;
	void *np;

	if (need <= *cap)
		return 0;
	while (ncap < need) {
		if (ncap > SIZE_MAX / 2 / size)
			return -1;
		ncap *= 2;
	}
	np = realloc(*p, ncap * size);
	if (np == NULL)
		return -1;
	*p = np;
	*cap = ncap;
	return 0;
}

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
	if (grow(&js->strs, &js->capstrs, js->nstrs + 1, sizeof(char *)) < 0) {
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

	if (grow(&js->reg, &js->capreg, js->nreg + 1, sizeof(*js->reg)) < 0 ||
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
	if (grow(&js->re, &js->capre, js->nre + 1, sizeof(*js->re)) < 0 ||
	    (copy = strdup(src)) == NULL) {
		c->oom = 1;
		return NULL;
	}
	js->re[js->nre].src = copy;
	js->re[js->nre].re = re_compile(src, 0);
	*bad = js->re[js->nre].re == NULL;
	return js->re[js->nre++].re;
}

/*
 * Hash of a JSON value, equal for equal values (1 and 1.0, objects in any
 * member order). Looks two levels deep only, so it stays cheap and needs
 * no cycle guard. deref (may be NULL) follows instance refs.
 */
static uint64_t
vhash(const cJSON *n, jsonschema_deref_fn deref, void *ctx, int depth)
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
		h = 0x55 + count_children(n);
		if (depth < 2)
			for (k = n->child; k != NULL; k = k->next) {
				t = deref ? deref(ctx, k) : k;
				h = hash_mix_half(h * 31 + vhash(t ? t : k,
				                                 deref, ctx,
				                                 depth + 1));
			}
		return h;
	case cJSON_Object:
		h = 0x66 + count_children(n);
		sum = 0;
		if (depth < 2)
			for (k = n->child; k != NULL; k = k->next) {
				t = deref ? deref(ctx, k) : k;
				sum += hash_mix_half(
				        hash_fnv1a_str(0x77, k->string
				                                     ? k->string
				                                     : "") ^
				        vhash(t ? t : k, deref, ctx,
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
	const struct prop *const *x = a, *const *y = b;

	return strcmp((*x)->name, (*y)->name);
}

/* A child location: ploc + "/" + k (+ "/" + k2, or "/" + idx when >= 0). */
static char *
sub_loc(const char *ploc, const char *k, const char *k2, long idx)
{
	struct strbuf b = {0};

	strbuf_puts(&b, ploc);
	strbuf_putc(&b, '/');
	sb_ptr_token(&b, k);
	if (k2 != NULL) {
		strbuf_putc(&b, '/');
		sb_ptr_token(&b, k2);
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

/* A schema value (object or boolean) or a warning. */
static int
is_schema(const cJSON *n)
{
	return is_obj(n) || is_bool(n);
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
	size_t i = 0, cnt = is_arr(m) ? count_children(m) : 0;

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
	const cJSON *r = member(s->node, "$ref"), *t;
	const char *ref, *hash, *start, *end;
	struct strbuf b = {0};
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
		for (q = start; q < end; q++) {
			if (q[0] == '~' && q[1] == '1') {
				strbuf_putc(&b, '/');
				q++;
			} else if (q[0] == '~' && q[1] == '0') {
				strbuf_putc(&b, '~');
				q++;
			} else if (q[0] == '%' && q + 2 < end &&
			           ascii_hex_value(q[1]) >= 0 &&
			           ascii_hex_value(q[2]) >= 0) {
				strbuf_putc(&b,
				            (char)(ascii_hex_value(q[1]) * 16 +
				                   ascii_hex_value(q[2])));
				q += 2;
			} else {
				strbuf_putc(&b, *q);
			}
		}
		return strbuf_take(&b);
	}
	t = member(s->node, "title");
	if (is_str(t) && t->valuestring[0] != '\0' &&
	    strlen(t->valuestring) < 80)
		return strdup(t->valuestring);
	return NULL;
}

/* "x" for a location ".../#/definitions/x", else NULL. */
static char *
def_name(const char *loc)
{
	const char *p = strstr(loc, "#/definitions/"), *q;
	struct strbuf b = {0};

	if (p == NULL)
		return NULL;
	p += strlen("#/definitions/");
	if (*p == '\0' || strchr(p, '/') != NULL)
		return NULL;
	for (q = p; *q; q++) {
		if (q[0] == '~' && q[1] == '1') {
			strbuf_putc(&b, '/');
			q++;
		} else if (q[0] == '~' && q[1] == '0') {
			strbuf_putc(&b, '~');
			q++;
		} else {
			strbuf_putc(&b, *q);
		}
	}
	return strbuf_take(&b);
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

static void
compile_kw(struct cctx *c, struct sch *s, const cJSON *m, const char *base,
           size_t depth, int quiet)
{
	const char *k = m->string;
	const cJSON *e;
	size_t i, n;
	int bad;

	if (strcmp(k, "$ref") == 0) {
		s->has_ref = 1;
		if (!is_str(m)) {
			bad_kw(c, quiet, s, k, "a string");
			s->has_ref = 0;
			return;
		}
		if (grow(&c->pend, &c->cappend, c->npend + 1,
		         sizeof(*c->pend)) < 0) {
			c->oom = 1;
			return;
		}
		c->pend[c->npend].s = s;
		c->pend[c->npend].uri = uri_resolve(base, m->valuestring);
		c->pend[c->npend].quiet = quiet;
		if (c->pend[c->npend].uri == NULL)
			c->oom = 1;
		c->npend++;
	} else if (strcmp(k, "type") == 0) {
		if (is_str(m)) {
			s->types = (unsigned)type_bit(m->valuestring);
			if (s->types == 0)
				bad_kw(c, quiet, s, k,
				       "a JSON Schema type name");
		} else if (is_arr(m)) {
			for (e = m->child; e != NULL; e = e->next) {
				if (!is_str(e) ||
				    type_bit(e->valuestring) == 0) {
					bad_kw(c, quiet, s, k,
					       "type names (strings)");
					s->types = 0;
					return;
				}
				s->types |= (unsigned)type_bit(e->valuestring);
			}
			if (s->types == 0)
				s->types =
				        0x80; /* "type": [] matches nothing */
		} else {
			bad_kw(c, quiet, s, k, "a string or an array");
		}
	} else if (strcmp(k, "enum") == 0) {
		if (!is_arr(m)) {
			bad_kw(c, quiet, s, k, "an array");
			return;
		}
		s->enum_kw = m;
		n = count_children(m);
		if (n > ENUM_INDEX_MIN) {
			s->eidx = calloc(n, sizeof(*s->eidx));
			if (s->eidx == NULL) {
				c->oom = 1;
				return;
			}
			for (i = 0, e = m->child; e != NULL; e = e->next, i++) {
				s->eidx[i].h = vhash(e, NULL, NULL, 0);
				s->eidx[i].v = e;
			}
			s->neidx = n;
			qsort(s->eidx, n, sizeof(*s->eidx), eitem_cmp);
		}
	} else if (strcmp(k, "const") == 0) {
		s->has_const = 1;
		s->const_kw = m;
	} else if (strcmp(k, "multipleOf") == 0) {
		if (!is_num(m) || !(m->valuedouble > 0) ||
		    !isfinite(m->valuedouble)) {
			bad_kw(c, quiet, s, k, "a number greater than 0");
			return;
		}
		s->nflags |= N_MULTIPLE;
		s->multiple_of = m->valuedouble;
	} else if (strcmp(k, "maximum") == 0 || strcmp(k, "minimum") == 0 ||
	           strcmp(k, "exclusiveMaximum") == 0 ||
	           strcmp(k, "exclusiveMinimum") == 0) {
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
	} else if (strcmp(k, "maxLength") == 0) {
		s->max_len = count_kw(c, quiet, s, m);
	} else if (strcmp(k, "minLength") == 0) {
		s->min_len = count_kw(c, quiet, s, m);
	} else if (strcmp(k, "maxItems") == 0) {
		s->max_items = count_kw(c, quiet, s, m);
	} else if (strcmp(k, "minItems") == 0) {
		s->min_items = count_kw(c, quiet, s, m);
	} else if (strcmp(k, "maxProperties") == 0) {
		s->max_props = count_kw(c, quiet, s, m);
	} else if (strcmp(k, "minProperties") == 0) {
		s->min_props = count_kw(c, quiet, s, m);
	} else if (strcmp(k, "pattern") == 0) {
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
	} else if (strcmp(k, "format") == 0) {
		if (!is_str(m)) {
			bad_kw(c, quiet, s, k, "a string");
			return;
		}
		for (i = 1; i < sizeof(formats) / sizeof(formats[0]); i++)
			if (strcmp(formats[i].name, m->valuestring) == 0)
				s->fmt = (unsigned char)i;
	} else if (strcmp(k, "items") == 0) {
		if (is_schema(m)) {
			s->items =
			        sub(c, m, base, s, k, NULL, -1, depth, quiet);
		} else if (is_arr(m)) {
			for (e = m->child; e != NULL; e = e->next)
				if (!is_schema(e)) {
					bad_kw(c, quiet, s, k,
					       "a schema or an array of "
					       "schemas");
					return;
				}
			n = count_children(m);
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
				s->tuple[i] = sub(c, e, base, s, k, NULL,
				                  (long)i, depth, quiet);
		} else {
			bad_kw(c, quiet, s, k,
			       "a schema or an array of schemas");
		}
	} else if (strcmp(k, "additionalItems") == 0 ||
	           strcmp(k, "contains") == 0 ||
	           strcmp(k, "additionalProperties") == 0 ||
	           strcmp(k, "propertyNames") == 0 || strcmp(k, "if") == 0 ||
	           strcmp(k, "then") == 0 || strcmp(k, "else") == 0 ||
	           strcmp(k, "not") == 0) {
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
	} else if (strcmp(k, "allOf") == 0) {
		s->all_of = sub_list(c, m, base, s, depth, quiet, &s->nall);
	} else if (strcmp(k, "anyOf") == 0) {
		s->any_of = sub_list(c, m, base, s, depth, quiet, &s->nany);
	} else if (strcmp(k, "oneOf") == 0) {
		s->one_of = sub_list(c, m, base, s, depth, quiet, &s->none);
	} else if (strcmp(k, "properties") == 0 ||
	           strcmp(k, "patternProperties") == 0) {
		int pat = k[0] == 'p' && k[1] == 'a';

		if (!is_obj(m)) {
			bad_kw(c, quiet, s, k, "an object of schemas");
			return;
		}
		n = count_children(m);
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
				      "'%s/%s' at %s must be a schema; ignored",
				      k, e->string, s->loc);
				continue;
			}
			t = sub(c, e, base, s, k, e->string, -1, depth, quiet);
			if (pat) {
				struct pprop *pp = &s->pprops[s->npprops++];

				pp->src = e->string;
				pp->s = t;
				pp->re = re_get(c, e->string, &bad);
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
				s->sorted[s->nprops] = &s->props[s->nprops];
				s->nprops++;
			}
		}
		if (!pat)
			qsort(s->sorted, s->nprops, sizeof(*s->sorted),
			      prop_cmp);
	} else if (strcmp(k, "dependencies") == 0) {
		if (!is_obj(m)) {
			bad_kw(c, quiet, s, k, "an object");
			return;
		}
		n = count_children(m);
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
				d->s = sub(c, e, base, s, k, e->string, -1,
				           depth, quiet);
			} else {
				bad_kw(c, quiet, s, k,
				       "an object of schemas or string arrays");
				continue;
			}
			s->ndeps++;
		}
	} else if (strcmp(k, "definitions") == 0) {
		if (!is_obj(m)) {
			bad_kw(c, quiet, s, k, "an object of schemas");
			return;
		}
		for (e = m->child; e != NULL; e = e->next)
			if (is_schema(e))
				sub(c, e, base, s, k, e->string, -1, depth,
				    quiet);
	} else if (strcmp(k, "required") == 0) {
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
	} else if (strcmp(k, "uniqueItems") == 0) {
		if (!is_bool(m)) {
			bad_kw(c, quiet, s, k, "a boolean");
			return;
		}
		s->unique = (m->type & 0xFF) == cJSON_True;
	} else if (!is_annotation(k)) {
		/*
		 * An unknown keyword: its objects may be $ref targets
		 * ("#/x-defs/a"), so compile them quietly.
		 */
		if (is_obj(m)) {
			sub(c, m, base, s, k, NULL, -1, depth, 1);
		} else if (is_arr(m)) {
			for (i = 0, e = m->child; e != NULL; e = e->next, i++)
				if (is_obj(e))
					sub(c, e, base, s, k, NULL, (long)i,
					    depth, 1);
		}
	}
}

static struct sch *
compile(struct cctx *c, const cJSON *node, const char *base, char *loc,
        size_t depth, int quiet)
{
	struct jsonschema *js = c->js;
	uintptr_t *hit;
	struct sch *s;
	const cJSON *m, *id;

	if (loc == NULL) {
		c->oom = 1;
		return NULL;
	}
	hit = pmap_get(&js->map, node, NULL);
	if (hit != NULL) {
		free(loc);
		return (struct sch *)*hit;
	}
	s = calloc(1, sizeof(*s));
	if (s == NULL ||
	    grow(&js->all, &js->capall, js->nall + 1, sizeof(*js->all)) < 0 ||
	    pmap_put(&js->map, node, NULL, (uintptr_t)s) < 0) {
		free(s);
		free(loc);
		c->oom = 1;
		return NULL;
	}
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
	id = member(node, "$id");
	if (is_str(id) && member(node, "$ref") == NULL) {
		char *abs = uri_resolve(base, id->valuestring);
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
			compile_kw(c, s, m, base, depth, quiet);
	return s;
}

/* Decodes %XX in s; NULL on OOM. */
static char *
pct_decode(const char *s, size_t n)
{
	char *o = malloc(n + 1), *q = o;
	size_t i;

	if (o == NULL)
		return NULL;
	for (i = 0; i < n; i++) {
		if (s[i] == '%' && i + 2 < n &&
		    ascii_hex_value(s[i + 1]) >= 0 &&
		    ascii_hex_value(s[i + 2]) >= 0) {
			*q++ = (char)(ascii_hex_value(s[i + 1]) * 16 +
			              ascii_hex_value(s[i + 2]));
			i += 2;
		} else {
			*q++ = s[i];
		}
	}
	*q = '\0';
	return o;
}

/* Evaluates a JSON Pointer fragment (percent-encoded) from root. */
static const cJSON *
json_pointer(const cJSON *root, const char *frag, int *oom)
{
	char *dec = pct_decode(frag, strlen(frag)), *p, *tok, *w;
	const cJSON *n = root, *k;

	if (dec == NULL) {
		*oom = 1;
		return NULL;
	}
	p = dec;
	if (*p != '\0' && *p != '/') {
		n = NULL;
		goto out;
	}
	while (*p == '/' && n != NULL) {
		tok = ++p;
		while (*p && *p != '/')
			p++;
		/* unescape in place: ~1 -> '/', ~0 -> '~' */
		{
			char save = *p, *r;

			*p = '\0';
			for (r = w = tok; *r; r++) {
				if (r[0] == '~' && r[1] == '1') {
					*w++ = '/';
					r++;
				} else if (r[0] == '~' && r[1] == '0') {
					*w++ = '~';
					r++;
				} else {
					*w++ = *r;
				}
			}
			*w = '\0';
			if (is_obj(n)) {
				n = member(n, tok);
			} else if (is_arr(n)) {
				char *end;
				unsigned long idx;

				if (!isdigit((unsigned char)tok[0]) ||
				    (tok[0] == '0' && tok[1] != '\0')) {
					n = NULL;
				} else {
					idx = strtoul(tok, &end, 10);
					for (k = n->child; k != NULL && idx > 0;
					     k = k->next)
						idx--;
					n = *end == '\0' ? k : NULL;
				}
			} else {
				n = NULL;
			}
			*p = save;
		}
	}
out:
	free(dec);
	return n;
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
	if (grow(&js->tried, &js->captried, js->ntried + 1, sizeof(char *)) <
	            0 ||
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
	root = json_pointer(root, frag, &oom);
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
	pmap_free(&js->map);
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

/* ------------------------------------------------------------------ */
/* 6. validation                                                       */

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
	const char *key; /* member name, or NULL for an array index */
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
	int tmp;      /* inst lives on the stack (a member name) */
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
	size_t assumed; /* cycle assumptions made */
	size_t costly;
	pcre2_match_data *md;
	pcre2_match_context *mctx, *mctx_low;
	struct pmap memo;
};

#define FAIL()                                                                 \
	do {                                                                   \
		ok = 0;                                                        \
		if (!c->collect || c->full || c->stop)                         \
			return 0;                                              \
	} while (0)

static int v(struct vctx *c, const struct frame *f);

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
		strbuf_puts(b, count_children(n) ? "an array" : "[]");
		break;
	case cJSON_Object:
		strbuf_puts(b, count_children(n) ? "an object" : "{}");
		break;
	default:
		strbuf_puts(b, "a value");
	}
}

/* Shortest "%g" that reads back as d. */
static void
fmt_double(char *buf, size_t size, double d)
{
	int prec;

	for (prec = 1; prec <= 17; prec++) {
		snprintf(buf, size, "%.*g", prec, d);
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
			sb_ptr_token(&b, seg[i]->key);
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

/* sb_value(v) as a new string (free it), or NULL after set_oom(). */
static char *
value_text(struct vctx *c, const cJSON *v)
{
	struct strbuf b = STRBUF_INIT;
	char *s;

	sb_value(&b, v);
	s = strbuf_take(&b);
	if (s == NULL)
		set_oom(c);
	return s;
}

/* sb_types(types) as a new string (free it), or NULL after set_oom(). */
static char *
types_text(struct vctx *c, unsigned types)
{
	struct strbuf b = STRBUF_INIT;
	char *s;

	sb_types(&b, types);
	s = strbuf_take(&b);
	if (s == NULL)
		set_oom(c);
	return s;
}

/* Makes room for one more error; NULL when none should be added. */
static struct err *
new_err(struct vctx *c)
{
	struct err *e;

	if (!c->collect || c->full || c->stop)
		return NULL;
	if (grow(&c->errs, &c->cap, c->n + 1, sizeof(*c->errs)) < 0) {
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
		sb_ptr_token(&b, kw);
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

/* Deep equality (1 == 1.0; member order ignored); da/db: deref children. */
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
		if (count_children(a) != count_children(b))
			return 0;
		for (x = a->child; x != NULL; x = x->next) {
			y = x->string ? member(b, x->string) : NULL;
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
		h = vhash(in, c->deref, c->dctx, 0);
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

/* Optimal string alignment distance, capped (strings up to 64 bytes). */
static size_t
edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i, j, cost, best;
	size_t r0[65], r1[65], r2[65], *pp = r0, *p = r1, *cur = r2, *tmp;

	if (la > 64 || lb > 64)
		return SIZE_MAX;
	for (j = 0; j <= lb; j++)
		p[j] = j;
	for (i = 1; i <= la; i++) {
		cur[0] = i;
		for (j = 1; j <= lb; j++) {
			cost = tolower((unsigned char)a[i - 1]) ==
			                       tolower((unsigned char)b[j - 1])
			               ? 0
			               : 1;
			best = p[j] + 1;
			if (cur[j - 1] + 1 < best)
				best = cur[j - 1] + 1;
			if (p[j - 1] + cost < best)
				best = p[j - 1] + cost;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
			    a[i - 2] == b[j - 1] && pp[j - 2] + 1 < best)
				best = pp[j - 2] + 1;
			cur[j] = best;
		}
		tmp = pp;
		pp = p;
		p = cur;
		cur = tmp;
	}
	return p[lb];
}

/* The candidate closest to s (a likely typo), or NULL. */
static const char *
suggest(const char *s, const char *const *cand, size_t n)
{
	size_t i, d, best = SIZE_MAX, len = strlen(s), max;
	const char *pick = NULL;

	max = len <= 3 ? 1 : len <= 8 ? 2 : 3;
	for (i = 0; i < n; i++) {
		d = edit_distance(s, cand[i]);
		if (d <= max && d * 2 <= len && d < best &&
		    strcmp(s, cand[i]) != 0) {
			best = d;
			pick = cand[i];
		}
	}
	return pick;
}

/* ECMA-262 pattern test: 1 match, 0 no match, -1 too costly. */
static int
re_test(struct vctx *c, const pcre2_code *re, const char *s)
{
	int rc;

	if (c->md == NULL) {
		c->md = pcre2_match_data_create(1, NULL);
		if (c->md == NULL) {
			set_oom(c);
			return 0;
		}
	}
	rc = pcre2_match(re, (PCRE2_SPTR)s, strlen(s), 0, 0, c->md,
	                 c->costly >= COSTLY_BEFORE_LOW ? c->mctx_low
	                                                : c->mctx);
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

/* Sets up the frame of a member or item (following an instance ref). */
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
	if (c->deref != NULL) {
		t = c->deref(c->dctx, child);
		if (t != NULL && t != child) {
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
		hint = suggest(in->valuestring, cand, nc);
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
	cap = is_enum ? count_children(expect) : 1;
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
	    !fmt_check(s->fmt, str)) {
		if (c->collect) {
			shown = value_text(c, f->inst);
			if (shown == NULL)
				return 0;
			add_err(c, f, "format", "schema-format", K_OTHER,
			        "%s is not a valid %s", shown,
			        formats[s->fmt].what);
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
		h[i].h = vhash(items[i], c->deref, c->dctx, 0);
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
	size_t n = count_children(in), i, di = 0, dj = 0;
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

static const struct prop *
find_prop(const struct sch *s, const char *key)
{
	size_t lo = 0, hi = s->nprops, mid;
	int r;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		r = strcmp(s->sorted[mid]->name, key);
		if (r == 0)
			return s->sorted[mid];
		if (r < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* additionalProperties false: one error per unexpected member. */
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
	hint = suggest(m->string, cand, nc);
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
	/* the error sits on the member (its key, see on_key) */
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

/* propertyNames: the member's name as a string instance. */
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
		/* again, collecting, then point the errors at the member */
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
	size_t n = count_children(in), i, j;
	int ok = 1, matched, rt;

	if (!v_count(c, f, &count_props, n, s->max_props, s->min_props))
		FAIL();
	if (s->required != NULL)
		for (r = s->required->child; r != NULL; r = r->next)
			if (member(in, r->valuestring) == NULL) {
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
				if (s->pprops[j].re == NULL)
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

		if (member(in, d->name) == NULL)
			continue;
		if (d->req != NULL) {
			for (r = d->req->child; r != NULL; r = r->next)
				if (member(in, r->valuestring) == NULL) {
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
	    grow(&c->errs, &c->cap, c->n + 1, sizeof(*c->errs)) < 0) {
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
	c->alt_nest++;
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
	c->alt_nest++;
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
	} else if (t->types != 0 && t->required == NULL) {
		what = types_text(c, t->types);
		if (what == NULL)
			return 0;
		add_err(c, f, "not", "schema-not", K_OTHER, "must not be %s",
		        what);
		free(what);
	} else if (t->has_const) {
		what = value_text(c, t->const_kw);
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

static int
v(struct vctx *c, const struct frame *f)
{
	const struct sch *s = f->s;
	uintptr_t *m, bits = 0;
	size_t assumed0 = c->assumed;
	int ok, memo;

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
	if (s->has_ref)
		return v_ref(c, f);
	memo = !f->tmp && (f->via_ref || c->alt_nest >= ALT_MEMO_NEST);
	if (memo && (m = pmap_get(&c->memo, s, f->inst)) != NULL) {
		bits = *m;
		if ((bits & M_KNOWN) && (!c->collect || (bits & M_VALID)))
			return (bits & M_VALID) != 0;
		if (c->collect && c->trial == 0 && (bits & M_COLLECTED))
			return (bits & M_CVALID) != 0;
	}
	ok = v_keywords(c, f);
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
		if (pmap_put(&c->memo, s, f->inst, bits) < 0)
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
	pmap_free(&c->memo);
}

/* Validates; *valid gets the answer, *res the errors when res != NULL. */
static int
run(struct jsonschema_result **res, int *valid, const struct jsonschema *js,
    const cJSON *inst, const cJSON *at, jsonschema_deref_fn deref, void *dctx)
{
	struct vctx c = {0};
	struct ipath root_ip = {NULL, NULL, 0, 0};
	struct rchain rc;
	struct frame f;
	struct jsonschema_result *r = NULL;
	const struct sch *s = js->root_sch;
	const cJSON *t;
	uintptr_t *hit;
	size_t i, k;
	int ok, rcode = -1;

	if (res != NULL)
		*res = NULL;
	if (inst == NULL)
		return -1;
	if (at != NULL) {
		hit = pmap_get(&js->map, at, NULL);
		if (hit == NULL)
			return -1;
		s = (const struct sch *)*hit;
	}
	c.js = js;
	c.deref = deref;
	c.dctx = dctx;
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
	if (c.oom)
		goto out;
	if (c.limit != 0) {
		struct err *e;

		ok = 0;
		c.stop = 0;
		c.full = 0;
		c.mark = 0;
		e = new_err(&c);
		if (e != NULL) {
			e->pub.instance = c.limit_node;
			e->pub.instance_path = c.limit_path;
			c.limit_path = NULL;
			e->pub.keyword = "";
			e->pub.schema_path = strdup("#");
			if (c.limit == 1) {
				e->pub.rule = "schema-too-deep";
				e->base = malloc(160);
				if (e->base != NULL)
					snprintf(
					        e->base, 160,
					        "nested too deeply to validate "
					        "(more than %zu levels); the "
					        "rest was not checked",
					        js->opts.max_depth);
			} else {
				e->pub.rule = "schema-too-much-work";
				e->base = malloc(160);
				if (e->base != NULL)
					snprintf(e->base, 160,
					         "validation stopped after %zu "
					         "steps (too much work); the "
					         "rest was not checked",
					         js->opts.max_steps);
			}
			if (e->base == NULL || e->pub.schema_path == NULL) {
				err_free(e);
				goto out;
			}
			c.n++;
		}
		if (c.oom)
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
	int valid;

	return run(out, &valid, js, instance, at, deref, deref_ctx);
}

int
jsonschema_check(const struct jsonschema *js, const cJSON *instance,
                 const cJSON *at, jsonschema_deref_fn deref, void *deref_ctx)
{
	int valid = 0;

	if (run(NULL, &valid, js, instance, at, deref, deref_ctx) < 0)
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
