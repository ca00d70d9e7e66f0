/*
 * jsonschema_uri: URI references (RFC 3986 parsing and resolution, for
 * $id and $ref), the "uri", "uri-reference", "iri", "iri-reference" and
 * "uri-template" formats, and JSON Pointers (RFC 6901: tokens escaped,
 * unescaped and evaluated).
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

#include "check/jsonschema_int.h"
#include "util/ascii.h"
#include "util/node.h"

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
char *
jsonschema_uri_resolve(const char *base, const char *ref)
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
	/* ASCII ranges, not isalnum(): every $ref string goes through here */
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
	       c == '~';
}

static int
uri_subdelim(int c)
{
	switch (c) {
	case '!':
	case '$':
	case '&':
	case '\'':
	case '(':
	case ')':
	case '*':
	case '+':
	case ',':
	case ';':
	case '=':
		return 1;
	default:
		return 0;
	}
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
		} else if (!jsonschema_format_ipv6(host + 1,
		                                   (size_t)(p - host - 1))) {
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
int
jsonschema_uri_valid(const char *s, int need_scheme, int iri)
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
int
jsonschema_uri_template_valid(const char *s)
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

/*
 * Writes the JSON Pointer token [p, end) unescaped (~1 '/', ~0 '~', and
 * %XX too when pct) to o, which may be p itself (it never gets longer).
 * Returns the end of what it wrote.
 */
static char *
unescape_token(char *o, const char *p, const char *end, int pct)
{
	for (; p < end; p++) {
		if (p[0] == '~' && p + 1 < end && p[1] == '1') {
			*o++ = '/';
			p++;
		} else if (p[0] == '~' && p + 1 < end && p[1] == '0') {
			*o++ = '~';
			p++;
		} else if (pct && p[0] == '%' && p + 2 < end &&
		           ascii_hex_value(p[1]) >= 0 &&
		           ascii_hex_value(p[2]) >= 0) {
			*o++ = (char)(ascii_hex_value(p[1]) * 16 +
			              ascii_hex_value(p[2]));
			p += 2;
		} else {
			*o++ = *p;
		}
	}
	return o;
}

char *
jsonschema_uri_token(const char *p, const char *end, int pct)
{
	char *o = malloc((size_t)(end - p) + 1);

	if (o != NULL)
		*unescape_token(o, p, end, pct) = '\0';
	return o;
}

void
jsonschema_uri_put_token(struct strbuf *b, const char *s)
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
const cJSON *
jsonschema_uri_pointer(const cJSON *root, const char *frag, int *oom)
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
			char save = *p;

			*p = '\0';
			w = unescape_token(tok, tok, p, 0);
			*w = '\0';
			if (is_obj(n)) {
				n = node_get(n, tok);
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
