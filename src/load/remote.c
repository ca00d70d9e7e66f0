/*
 * remote: the bodies of http(s) refs from memory, cache, lockfile and
 * network (see remote.h).
 */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "load/cache.h"
#include "load/lock.h"
#include "load/remote.h"
#include "util/array.h"
#include "util/hmap.h"
#include "util/sha256.h"
#include "util/strbuf.h"

/* A body read in this session. */
struct memo {
	char hex[SHA256_HEX_LEN + 1];
	char *body;
	size_t len;
};

struct remote {
	struct remote_opts opts;
	char *cache_dir;    /* NULL: no cache */
	struct fetch *net;  /* made at the first fetch */
	struct hmap memos;  /* url (the memo's own copy) -> struct memo */
	char **memo_urls;   /* the keys, owned */
	size_t nmemo, memo_cap;
	struct hmap cleared; /* lockfiles cleared for update_lock (owned) */
	struct lock *lock;   /* the lockfile of the load under way */
	size_t failures;     /* remote refs that failed in this load */
};

int
remote_is_http(const char *url)
{
	return strncasecmp(url, "http://", 7) == 0 ||
	       strncasecmp(url, "https://", 8) == 0;
}

size_t
remote_max_docs(const struct remote *r)
{
	return r->opts.max_docs ? r->opts.max_docs : REMOTE_DEFAULT_MAX_DOCS;
}

int
remote_new(struct remote **out, const struct remote_opts *opts)
{
	struct remote *r = calloc(1, sizeof(*r));

	*out = NULL;
	if (r == NULL)
		return -1;
	if (opts != NULL)
		r->opts = *opts;
	if (r->opts.cache_dir != NULL)
		r->cache_dir = strdup(r->opts.cache_dir);
	else if (cache_dir_default(&r->cache_dir) < 0)
		r->cache_dir = NULL; /* no HOME: fetched every session */
	if (r->opts.cache_dir != NULL && r->cache_dir == NULL) {
		free(r);
		return -1;
	}
	*out = r;
	return 0;
}

static void
free_keys(struct hmap *m)
{
	size_t i;

	for (i = 0; i < m->cap; i++)
		if (m->keys[i] != NULL)
			free((void *)m->keys[i]);
	hmap_free(m);
}

void
remote_free(struct remote *r)
{
	size_t i;
	struct memo *m;

	if (r == NULL)
		return;
	for (i = 0; i < r->nmemo; i++) {
		m = hmap_get_str(&r->memos, r->memo_urls[i]);
		if (m != NULL)
			free(m->body);
		free(m);
		free(r->memo_urls[i]);
	}
	free(r->memo_urls);
	hmap_free(&r->memos);
	free_keys(&r->cleared);
	fetch_free(r->net);
	free(r->cache_dir);
	free(r);
}

void
remote_body_clear(struct remote_body *b)
{
	free(b->body);
	free(b->error);
	memset(b, 0, sizeof(*b));
}

/* ------------------------------------------------------------ URLs */

/* Length of a URI scheme at the start of s (before its ':'), or 0. */
static size_t
scheme_of(const char *s)
{
	size_t i;

	if (!((s[0] | 0x20) >= 'a' && (s[0] | 0x20) <= 'z'))
		return 0;
	for (i = 1; s[i] != '\0' && s[i] != ':'; i++)
		if (!(((s[i] | 0x20) >= 'a' && (s[i] | 0x20) <= 'z') ||
		      (s[i] >= '0' && s[i] <= '9') || s[i] == '+' ||
		      s[i] == '-' || s[i] == '.'))
			return 0;
	return s[i] == ':' ? i : 0;
}

/*
 * Appends path p[0..n) (starting with '/', or empty) with its "." and
 * ".." segments removed (RFC 3986, 5.2.4), then the rest of p.
 */
static void
put_path(struct strbuf *b, const char *p)
{
	size_t n = strcspn(p, "?"), start = b->len, i = 0, j, k;
	int dir;

	if (n == 0) {
		strbuf_puts(b, p);
		return;
	}
	while (i < n) {
		/* p[i] is '/' (or the path is relative: taken as if it were) */
		if (p[i] == '/')
			i++;
		for (j = i; j < n && p[j] != '/'; j++)
			;
		dir = j == n; /* the last segment */
		if (j - i == 1 && p[i] == '.') {
			if (dir)
				strbuf_putc(b, '/');
		} else if (j - i == 2 && p[i] == '.' && p[i + 1] == '.') {
			for (k = b->len; k > start && b->p[k - 1] != '/'; k--)
				;
			b->len = k > start ? k - 1 : start;
			if (dir)
				strbuf_putc(b, '/');
		} else {
			strbuf_putc(b, '/');
			strbuf_putn(b, p + i, j - i);
		}
		if (j < n && j + 1 == n) /* a trailing '/' */
			strbuf_putc(b, '/');
		i = j;
	}
	if (!b->oom)
		b->p[b->len] = '\0';
	strbuf_puts(b, p + n);
}

int
remote_resolve(char **out, const char *base, const char *ref)
{
	struct strbuf b = STRBUF_INIT;
	size_t sl = scheme_of(ref), auth, path, q;

	*out = NULL;
	if (sl > 0 || base == NULL) {
		/* absolute: scheme://authority then the path */
		auth = sl > 0 && strncmp(ref + sl, "://", 3) == 0 ? sl + 3 : 0;
		path = auth > 0 ? auth + strcspn(ref + auth, "/?") : 0;
		if (auth == 0) {
			strbuf_puts(&b, ref);
		} else {
			strbuf_putn(&b, ref, path);
			put_path(&b, ref + path);
		}
		goto done;
	}
	sl = scheme_of(base);
	auth = sl + 3;
	path = auth + strcspn(base + auth, "/?");
	if (ref[0] == '/' && ref[1] == '/') {
		strbuf_putn(&b, base, sl + 1);
		q = 2 + strcspn(ref + 2, "/?");
		strbuf_putn(&b, ref, q);
		put_path(&b, ref + q);
	} else if (ref[0] == '/') {
		strbuf_putn(&b, base, path);
		put_path(&b, ref);
	} else if (ref[0] == '\0') {
		strbuf_puts(&b, base);
	} else if (ref[0] == '?') {
		strbuf_putn(&b, base, path + strcspn(base + path, "?"));
		strbuf_puts(&b, ref);
	} else {
		/* merge: the base's path up to its last '/', then ref */
		struct strbuf m = STRBUF_INIT;
		size_t end = path + strcspn(base + path, "?");

		while (end > path && base[end - 1] != '/')
			end--;
		if (end == path)
			strbuf_putc(&m, '/');
		else
			strbuf_putn(&m, base + path, end - path);
		strbuf_puts(&m, ref);
		strbuf_putn(&b, base, path);
		if (!m.oom)
			put_path(&b, m.p);
		b.oom |= m.oom;
		strbuf_free(&m);
	}
done:
	*out = strbuf_take(&b);
	return *out != NULL ? 0 : -1;
}

/* ------------------------------------------------------------ bodies */

/* Sets out's error. Returns -1. */
static int
fail(struct remote_body *out, const char *rule, const char *hint,
     const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static int
fail(struct remote_body *out, const char *rule, const char *hint,
     const char *fmt, ...)
{
	struct strbuf b = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vprintf(&b, fmt, ap);
	va_end(ap);
	out->error = strbuf_take(&b);
	out->rule = rule;
	out->hint = hint;
	return -1;
}

/* Gives out a copy of body. 0, or -1 when out of memory. */
static int
give(struct remote_body *out, const char *body, size_t len)
{
	out->body = malloc(len + 1);
	if (out->body == NULL)
		return -1;
	memcpy(out->body, body, len);
	out->body[len] = '\0';
	out->len = len;
	return 0;
}

/* Keeps body (taken) as url's in this session. 0, or -1 (freed). */
static int
remember(struct remote *r, const char *url, const char *hex, char *body,
         size_t len)
{
	struct memo *m = calloc(1, sizeof(*m));
	char *key = strdup(url);

	if (m == NULL || key == NULL ||
	    ARRAY_RESERVE(r->memo_urls, r->nmemo + 1, r->memo_cap) < 0 ||
	    hmap_put_str(&r->memos, key, m) < 0) {
		free(m);
		free(key);
		free(body);
		return -1;
	}
	r->memo_urls[r->nmemo++] = key;
	memcpy(m->hex, hex, sizeof(m->hex));
	m->body = body;
	m->len = len;
	return 0;
}

/*
 * Checks a body read for url against the lockfile and records it there.
 * 0, or -1 with out's error (a mismatch) or none (out of memory).
 */
static int
settle(struct remote_body *out, struct remote *r, const char *url,
       const char *hex, size_t len)
{
	const char *want;
	size_t wlen;

	if (r->lock == NULL)
		return 0;
	if (lock_find(&want, &wlen, r->lock, url)) {
		if (strcmp(want, hex) == 0)
			return 0;
		return fail(out, "ref-lock-mismatch",
		            "if the change is expected, run `asyncdoc fetch "
		            "--update-lock`",
		            "remote $ref '%s' now reads a body with SHA-256 %s "
		            "(%zu bytes), but the lockfile '%s' says %s "
		            "(%zu bytes)",
		            url, hex, len, lock_path(r->lock), want, wlen);
	}
	return lock_set(r->lock, url, hex, len);
}

/* The body of url from the cache, for --offline or a locked hash. */
static int
from_cache(char **body, size_t *len, struct remote *r, const char *url,
           const char *hex)
{
	char got[SHA256_HEX_LEN + 1];

	if (r->cache_dir == NULL)
		return 1;
	if (hex == NULL) {
		if (cache_url_get(got, r->cache_dir, url) != 0)
			return 1;
		hex = got;
	}
	return cache_get(body, len, r->cache_dir, hex,
	                 r->opts.fetch.max_body ? r->opts.fetch.max_body
	                                        : FETCH_DEFAULT_MAX_BODY);
}

/* Fetches url: 0 with *body, or -1 with out's error. */
static int
from_net(char **body, size_t *len, struct remote_body *out, struct remote *r,
         const char *url)
{
	struct fetch_result res;

	if (r->net == NULL && fetch_new(&r->net, &r->opts.fetch) < 0)
		return fail(out, "ref-remote", NULL, "cannot fetch '%s': %s",
		            url, fetch_start_error());
	if (fetch_get(&res, r->net, url) < 0) {
		if (res.error != NULL)
			fail(out, "ref-remote",
			     res.private_host
			             ? "a spec may not make a build read its "
			               "network: pass --allow-private-hosts to "
			               "allow it"
			             : NULL,
			     "cannot fetch '%s': %s", url, res.error);
		fetch_result_clear(&res);
		return -1;
	}
	*body = res.body;
	*len = res.len;
	res.body = NULL;
	fetch_result_clear(&res);
	return 0;
}

static int
get(struct remote_body *out, struct remote *r, const char *url)
{
	char hex[SHA256_HEX_LEN + 1], *body = NULL;
	const char *want = NULL;
	struct memo *m;
	size_t len = 0, wlen, i;
	int rc;

	memset(out, 0, sizeof(*out));
	for (i = 0; url[i] != '\0'; i++)
		if ((unsigned char)url[i] <= ' ' || url[i] == 0x7f)
			return fail(out, "ref-syntax",
			            "percent-encode it (%20 for a space)",
			            "remote $ref '%s' holds a space or a control "
			            "character",
			            url);
	m = hmap_get_str(&r->memos, url);
	if (m != NULL) {
		if (settle(out, r, url, m->hex, m->len) < 0)
			return -1;
		return give(out, m->body, m->len);
	}
	if (r->lock != NULL && !lock_find(&want, &wlen, r->lock, url))
		want = NULL;
	rc = 1;
	if (!r->opts.refresh || r->opts.offline)
		rc = want != NULL || r->opts.offline
		             ? from_cache(&body, &len, r, url, want)
		             : 1;
	if (rc != 0 && r->opts.offline)
		return fail(out, "ref-remote-offline",
		            "run `asyncdoc fetch` with the network first",
		            "remote $ref '%s' is not in the cache, and "
		            "--offline opens no connection",
		            url);
	if (rc != 0 && from_net(&body, &len, out, r, url) < 0)
		return -1;
	sha256_hex(hex, body, len);
	if (rc != 0 && r->cache_dir != NULL) {
		/* a cache that cannot be written only costs a fetch later */
		if (cache_put(r->cache_dir, hex, body, len) == 0)
			cache_url_put(r->cache_dir, url, hex);
	}
	if (settle(out, r, url, hex, len) < 0) {
		free(body);
		return -1;
	}
	if (remember(r, url, hex, body, len) < 0)
		return -1;
	m = hmap_get_str(&r->memos, url);
	return give(out, m->body, m->len);
}

int
remote_get(struct remote_body *out, struct remote *r, const char *url)
{
	int rc = get(out, r, url);

	if (rc < 0)
		r->failures++;
	return rc;
}

/* ------------------------------------------------------------ loads */

/* The lockfile of spec: opts.lock, else asyncdoc.lock beside spec. */
static char *
lock_file_of(const struct remote *r, const char *spec)
{
	struct strbuf b = STRBUF_INIT;
	const char *slash = strrchr(spec, '/');

	if (r->opts.lock != NULL)
		strbuf_puts(&b, r->opts.lock);
	else if (slash == NULL)
		strbuf_puts(&b, REMOTE_LOCK_NAME);
	else
		strbuf_printf(&b, "%.*s/%s", (int)(slash - spec), spec,
		              REMOTE_LOCK_NAME);
	return strbuf_take(&b);
}

/* update_lock: drops the entries of l, the first time it is met. */
static int
clear_once(struct remote *r, struct lock *l)
{
	char *key;

	if (!r->opts.update_lock || hmap_get_str(&r->cleared, lock_path(l)))
		return 0;
	key = strdup(lock_path(l));
	if (key == NULL || hmap_put_str(&r->cleared, key, key) < 0) {
		free(key);
		return -1;
	}
	lock_clear(l);
	return 0;
}

int
remote_load(struct loader_doc **out, const char *spec,
            const struct loader_opts *opts, struct remote *r,
            struct diag_list *diags)
{
	struct loader_opts lo = LOADER_OPTS_INIT;
	struct lock *l = NULL;
	char *path;
	int rc, create;

	*out = NULL;
	if (opts != NULL)
		lo = *opts;
	lo.remote = r;
	path = lock_file_of(r, spec);
	if (path == NULL)
		return diag_oom(diags, spec);
	rc = lock_load(&l, path, diags);
	free(path);
	if (rc < 0)
		return -1;
	if (clear_once(r, l) < 0) {
		lock_free(l);
		return diag_oom(diags, spec);
	}
	r->lock = l;
	r->failures = 0;
	rc = loader_load(out, spec, &lo, diags);
	r->lock = NULL;
	/*
	 * Written when something changed and the file is wanted; with
	 * update_lock, only when every remote ref was read (else an entry
	 * would be lost to a network failure).
	 */
	create = r->opts.update_lock || r->opts.refresh || r->opts.lock;
	if (lock_dirty(l) && (lock_exists(l) || create) &&
	    (lock_count(l) > 0 || lock_exists(l)) &&
	    !(r->opts.update_lock && r->failures > 0) &&
	    lock_save(l, diags) < 0)
		rc = -1;
	lock_free(l);
	return rc;
}
