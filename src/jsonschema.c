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

#include "jsonschema.h"
#include "node.h"

/* ------------------------------------------------------------------ */
/* 1. helpers                                                          */

/* Growing string; oom is sticky and every operation becomes a no-op. */
struct sbuf {
	char *p;
	size_t len, cap;
	int oom;
};

static void
sb_putn(struct sbuf *b, const char *s, size_t n)
{
	char *np;
	size_t ncap;

	if (b->oom)
		return;
	if (b->len + n + 1 > b->cap) {
		ncap = b->cap ? b->cap : 64;
		while (ncap < b->len + n + 1)
			ncap *= 2;
		np = realloc(b->p, ncap);
		if (np == NULL) {
			b->oom = 1;
			return;
		}
		b->p = np;
		b->cap = ncap;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

static void
sb_puts(struct sbuf *b, const char *s)
{
	sb_putn(b, s, strlen(s));
}

static void
sb_putc(struct sbuf *b, char c)
{
	sb_putn(b, &c, 1);
}

static void sb_printf(struct sbuf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void
sb_printf(struct sbuf *b, const char *fmt, ...)
{
	char small[256], *big;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0) {
		b->oom = 1;
		return;
	}
	if ((size_t)n < sizeof(small)) {
		sb_putn(b, small, (size_t)n);
		return;
	}
	big = malloc((size_t)n + 1);
	if (big == NULL) {
		b->oom = 1;
		return;
	}
	va_start(ap, fmt);
	vsnprintf(big, (size_t)n + 1, fmt, ap);
	va_end(ap);
	sb_putn(b, big, (size_t)n);
	free(big);
}

/* The finished string (the caller frees it), or NULL when out of memory. */
static char *
sb_take(struct sbuf *b)
{
	char *p;

	if (b->oom) {
		free(b->p);
		b->p = NULL;
		return NULL;
	}
	if (b->p == NULL)
		return strdup("");
	p = b->p;
	b->p = NULL;
	b->len = b->cap = 0;
	return p;
}

/* Appends a JSON Pointer reference token (RFC 6901 escaping). */
static void
sb_ptr_token(struct sbuf *b, const char *s)
{
	for (; *s; s++) {
		if (*s == '~')
			sb_puts(b, "~0");
		else if (*s == '/')
			sb_puts(b, "~1");
		else
			sb_putc(b, *s);
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

static uint64_t
hash_bytes(const char *s, uint64_t h)
{
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 0x100000001B3ull;
	}
	return h;
}

static uint64_t
hash_mix(uint64_t h)
{
	h ^= h >> 33;
	h *= 0xFF51AFD7ED558CCDull;
	h ^= h >> 33;
	return h;
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
	return n != NULL &&
	       ((n->type & 0xFF) == cJSON_True || (n->type & 0xFF) == cJSON_False);
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

/* Appends a code point as UTF-8. */
static void
sb_utf8(struct sbuf *b, uint32_t cp)
{
	char u[4];

	if (cp < 0x80) {
		sb_putc(b, (char)cp);
	} else if (cp < 0x800) {
		u[0] = (char)(0xC0 | (cp >> 6));
		u[1] = (char)(0x80 | (cp & 0x3F));
		sb_putn(b, u, 2);
	} else if (cp < 0x10000) {
		u[0] = (char)(0xE0 | (cp >> 12));
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		u[2] = (char)(0x80 | (cp & 0x3F));
		sb_putn(b, u, 3);
	} else {
		u[0] = (char)(0xF0 | (cp >> 18));
		u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		u[3] = (char)(0x80 | (cp & 0x3F));
		sb_putn(b, u, 4);
	}
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* ------------------------------------------------------------------ */
/* 2. ECMA-262 regular expressions on PCRE2                            */

/*
 * ECMA-262 white space and line terminators, as the body of a PCRE2
 * character class (PCRE2's \s without UCP is ASCII only).
 */
#define ECMA_WS                                                             \
	"\\t\\n\\x0b\\f\\r \\x{a0}\\x{1680}\\x{2000}-\\x{200a}\\x{2028}"    \
	"\\x{2029}\\x{202f}\\x{205f}\\x{3000}\\x{feff}"

/* A code point as a PCRE2 escape that is literal inside or outside []. */
static void
re_emit_cp(struct sbuf *o, uint32_t cp)
{
	if (cp >= 0xD800 && cp <= 0xDFFF)
		sb_puts(o, "(?!)"); /* a lone surrogate: UTF-8 has none */
	else if (cp < 0x80)
		sb_printf(o, "\\x%02x", (unsigned)cp);
	else
		sb_printf(o, "\\x{%x}", (unsigned)cp);
}

/* Reads \uHHHH (p after the 'u'); returns the value or -1. */
static long
re_u4(const unsigned char *p)
{
	long v = 0;
	int i, h;

	for (i = 0; i < 4; i++) {
		h = hexval(p[i]);
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
re_escape(struct sbuf *o, const unsigned char **pp, int in_class, int strict)
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
		sb_putc(o, '\\');
		sb_putc(o, (char)c);
		break;
	case 'b':
		sb_puts(o, in_class ? "\\x08" : "\\b");
		break;
	case 'B':
		if (in_class) {
			if (strict)
				return -1;
			sb_putc(o, 'B');
		} else {
			sb_puts(o, "\\B");
		}
		break;
	case 's':
		sb_puts(o, in_class ? ECMA_WS : "[" ECMA_WS "]");
		break;
	case 'S':
		/* inside [] PCRE2's ASCII \S is the closest we can say */
		sb_puts(o, in_class ? "\\S" : "[^" ECMA_WS "]");
		break;
	case 'f':
		sb_puts(o, "\\f");
		break;
	case 'n':
		sb_puts(o, "\\n");
		break;
	case 'r':
		sb_puts(o, "\\r");
		break;
	case 't':
		sb_puts(o, "\\t");
		break;
	case 'v':
		sb_puts(o, "\\x0b"); /* PCRE2's \v is a class */
		break;
	case '0':
		if (*p >= '0' && *p <= '9') {
			if (strict)
				return -1;
			sb_puts(o, "\\x00");
		} else {
			sb_puts(o, "\\x00");
		}
		break;
	case 'c':
		if (isalpha(*p)) {
			re_emit_cp(o, (uint32_t)(*p % 32));
			p++;
		} else {
			if (strict)
				return -1;
			sb_puts(o, "\\\\c");
		}
		break;
	case 'x':
		if (hexval(p[0]) >= 0 && hexval(p[1]) >= 0) {
			re_emit_cp(o, (uint32_t)(hexval(p[0]) * 16 + hexval(p[1])));
			p += 2;
		} else {
			if (strict)
				return -1;
			sb_putc(o, 'x');
		}
		break;
	case 'u':
		if (*p == '{') {
			v = 0;
			p++;
			if (*p == '}')
				return -1;
			while ((h = hexval(*p)) >= 0) {
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
				v = 0x10000 + ((v - 0xD800) << 10) + (lo - 0xDC00);
				p += 6;
			}
			re_emit_cp(o, (uint32_t)v);
		} else {
			if (strict)
				return -1;
			sb_putc(o, 'u');
		}
		break;
	case 'k':
		if (*p == '<') {
			const unsigned char *e = p + 1;

			while (*e && *e != '>')
				e++;
			if (*e != '>' || e == p + 1)
				return -1;
			sb_puts(o, "\\k");
			sb_putn(o, (const char *)p, (size_t)(e - p + 1));
			p = e + 1;
		} else {
			if (strict)
				return -1;
			sb_putc(o, 'k');
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
			sb_putc(o, '\\');
			sb_putc(o, (char)c);
			sb_putn(o, (const char *)p, (size_t)(e - p + 1));
			p = e + 1;
		} else {
			if (strict)
				return -1;
			sb_putc(o, (char)c);
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
				sb_printf(o, "\\g{%ld}", v);
			}
		} else if (strchr("^$\\.*+?()[]{}|/", (int)c) != NULL ||
			   (c == '-' && in_class)) {
			sb_putc(o, '\\');
			sb_putc(o, (char)c);
		} else if (strict) {
			return -1;
		} else if (c < 0x80 && isalnum((int)c)) {
			sb_putc(o, (char)c);
		} else if (c < 0x80) {
			sb_putc(o, '\\');
			sb_putc(o, (char)c);
		} else {
			/* an escaped non-ASCII character is itself */
			sb_putc(o, (char)c);
			while ((*p & 0xC0) == 0x80)
				sb_putc(o, (char)*p++);
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
re_translate(struct sbuf *o, const char *src, int strict)
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
				sb_puts(o, "(?s:.)");
				p += 2;
			} else if (*p == ']') {
				sb_puts(o, "(?!)");
				p++;
			} else {
				sb_putc(o, '[');
				if (*p == '^') {
					sb_putc(o, '^');
					p++;
				}
				while (*p && *p != ']') {
					if (*p == '\\') {
						p++;
						if (re_escape(o, &p, 1, strict) < 0)
							return -1;
					} else if (*p == '[') {
						sb_puts(o, "\\[");
						p++;
					} else {
						sb_putc(o, (char)*p++);
					}
				}
				if (*p != ']')
					return -1;
				sb_putc(o, ']');
				p++;
			}
			atom = 1;
			quant = 0;
		} else if (c == '.') {
			sb_puts(o, "[^\\n\\r\\x{2028}\\x{2029}]");
			p++;
			atom = 1;
			quant = 0;
		} else if (c == '$') {
			sb_puts(o, "\\z"); /* ECMA's $ never matches before a \n */
			p++;
			atom = 0;
			quant = 0;
		} else if (c == '(') {
			p++;
			if (*p == '?') {
				if (p[1] == ':' || p[1] == '=' || p[1] == '!') {
					sb_putn(o, "(?", 2);
					sb_putc(o, (char)p[1]);
					p += 2;
				} else if (p[1] == '<' &&
					   (p[2] == '=' || p[2] == '!')) {
					sb_putn(o, "(?<", 3);
					sb_putc(o, (char)p[2]);
					p += 3;
				} else if (p[1] == '<') {
					sb_putn(o, "(?<", 3);
					p += 2;
				} else {
					if (strict)
						return -1;
					sb_putn(o, "(?", 2);
					p++;
				}
			} else {
				sb_putc(o, '(');
			}
			atom = 0;
			quant = 0;
		} else if (c == '*' || c == '+' || c == '?' ||
			   (c == '{' && re_is_braces(p))) {
			if (quant && c == '?') {
				sb_putc(o, '?'); /* lazy */
				p++;
				quant = 0;
				continue;
			}
			if (strict && (quant || !atom))
				return -1; /* "nothing to repeat" */
			if (c == '{') {
				while (*p != '}')
					sb_putc(o, (char)*p++);
			}
			sb_putc(o, (char)*p++);
			quant = 1;
			atom = 0;
		} else if (c == ')' || c == '|') {
			sb_putc(o, (char)c);
			p++;
			atom = (c == ')');
			quant = 0;
		} else if (c == '^') {
			sb_putc(o, '^');
			p++;
			atom = 0;
			quant = 0;
		} else if (c == ']' || c == '}' || c == '{') {
			if (strict)
				return -1; /* a lone bracket in unicode mode */
			sb_putc(o, '\\');
			sb_putc(o, (char)c);
			p++;
			atom = 1;
			quant = 0;
		} else {
			sb_putc(o, (char)c);
			p++;
			while ((*p & 0xC0) == 0x80)
				sb_putc(o, (char)*p++);
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
	struct sbuf o = { 0 };
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
uri_remove_dots(struct sbuf *o, const char *in, size_t n)
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
			sb_putc(o, '/');
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
			sb_putc(o, '/');
		} else if ((n - i == 1 && in[i] == '.') ||
			   (n - i == 2 && memcmp(in + i, "..", 2) == 0)) {
			i = n;
		} else {
			j = i + 1;
			while (j < n && in[j] != '/')
				j++;
			sb_putn(o, in + i, j - i);
			i = j;
		}
	}
	if (o->p != NULL)
		o->p[o->len] = '\0';
}

/* RFC 3986 5.2.2: ref resolved against base. Caller frees; NULL on OOM. */
static char *
uri_resolve(const char *base, const char *ref)
{
	struct uri b, r;
	struct sbuf o = { 0 };
	const char *slash;

	uri_split(&b, base);
	uri_split(&r, ref);
	if (r.has_scheme) {
		sb_putn(&o, r.scheme, r.nscheme);
		sb_putc(&o, ':');
		if (r.has_auth) {
			sb_puts(&o, "//");
			sb_putn(&o, r.auth, r.nauth);
		}
		uri_remove_dots(&o, r.path, r.npath);
		if (r.has_query) {
			sb_putc(&o, '?');
			sb_putn(&o, r.query, r.nquery);
		}
	} else {
		if (b.has_scheme) {
			sb_putn(&o, b.scheme, b.nscheme);
			sb_putc(&o, ':');
		}
		if (r.has_auth) {
			sb_puts(&o, "//");
			sb_putn(&o, r.auth, r.nauth);
			uri_remove_dots(&o, r.path, r.npath);
			if (r.has_query) {
				sb_putc(&o, '?');
				sb_putn(&o, r.query, r.nquery);
			}
		} else {
			if (b.has_auth) {
				sb_puts(&o, "//");
				sb_putn(&o, b.auth, b.nauth);
			}
			if (r.npath == 0) {
				sb_putn(&o, b.path, b.npath);
				if (r.has_query) {
					sb_putc(&o, '?');
					sb_putn(&o, r.query, r.nquery);
				} else if (b.has_query) {
					sb_putc(&o, '?');
					sb_putn(&o, b.query, b.nquery);
				}
			} else {
				if (r.path[0] == '/') {
					uri_remove_dots(&o, r.path, r.npath);
				} else {
					struct sbuf m = { 0 };

					if (b.has_auth && b.npath == 0) {
						sb_putc(&m, '/');
					} else {
						slash = NULL;
						for (size_t i = 0; i < b.npath; i++)
							if (b.path[i] == '/')
								slash = b.path + i;
						if (slash != NULL)
							sb_putn(&m, b.path,
								(size_t)(slash -
									 b.path) +
									1);
					}
					sb_putn(&m, r.path, r.npath);
					if (m.oom)
						o.oom = 1;
					else if (m.p != NULL)
						uri_remove_dots(&o, m.p, m.len);
					free(m.p);
				}
				if (r.has_query) {
					sb_putc(&o, '?');
					sb_putn(&o, r.query, r.nquery);
				}
			}
		}
	}
	if (r.has_frag) {
		sb_putc(&o, '#');
		sb_putn(&o, r.frag, r.nfrag);
	}
	return sb_take(&o);
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
			if (hexval(p[1]) < 0 || hexval(p[2]) < 0)
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
					} else if (*p == '%' && hexval(p[1]) >= 0 &&
						   hexval(p[2]) >= 0) {
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
			if (hexval(p[1]) < 0 || hexval(p[2]) < 0)
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
	static const int mdays[] = { 31, 29, 31, 30, 31, 30,
				     31, 31, 30, 31, 30, 31 };
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
		if (len == 0 || len > 3 || v > 255 || (len > 1 && s[i - len] == '0'))
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
		while (i < n && hexval(s[i]) >= 0 && h < 5) {
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

			if (!(isalnum((int)c) || c == '-' || (idn && c >= 0x80)))
				return 0;
			len++;
		}
		if (len == 0 || len > 63 || p[i] == '-' || p[i + len - 1] == '-')
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
		if (!(isalnum((int)c) || strchr("!#$%&'*+/=?^_`{|}~-", (int)c) ||
		      (idn && c >= 0x80)))
			return 0;
	}
	if (prev_dot)
		return 0;
	for (p = at + 1; *p; p++)
		if (*p == '.')
			dots++;
	return dots > 0 && at[strlen(at) - 1] != '.' && fmt_hostname(at + 1, idn);
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
	F_JSON_POINTER,
	F_REL_JSON_POINTER
};

static const struct {
	const char *name;	/* the format keyword value */
	const char *what;	/* in messages: "is not a valid ..." */
} formats[] = {
	[F_NONE] = { "", "" },
	[F_URI] = { "uri", "URI (it needs a scheme, e.g. https://...)" },
	[F_URI_REF] = { "uri-reference", "URI reference" },
	[F_IRI] = { "iri", "IRI" },
	[F_IRI_REF] = { "iri-reference", "IRI reference" },
	[F_URI_TEMPLATE] = { "uri-template", "URI template (RFC 6570)" },
	[F_EMAIL] = { "email", "email address" },
	[F_IDN_EMAIL] = { "idn-email", "email address" },
	[F_REGEX] = { "regex", "regular expression (ECMA-262)" },
	[F_DATE_TIME] = { "date-time",
			  "date-time (RFC 3339, e.g. 2024-01-31T12:00:00Z)" },
	[F_DATE] = { "date", "date (RFC 3339, e.g. 2024-01-31)" },
	[F_TIME] = { "time", "time (RFC 3339, e.g. 12:00:00Z)" },
	[F_IPV4] = { "ipv4", "IPv4 address" },
	[F_IPV6] = { "ipv6", "IPv6 address" },
	[F_HOSTNAME] = { "hostname", "host name" },
	[F_JSON_POINTER] = { "json-pointer", "JSON Pointer" },
	[F_REL_JSON_POINTER] = { "relative-json-pointer",
				 "relative JSON Pointer" },
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
	case F_JSON_POINTER:
		return fmt_json_pointer_n(s);
	case F_REL_JSON_POINTER:
		return fmt_rel_json_pointer(s);
	default:
		return 1;
	}
}
