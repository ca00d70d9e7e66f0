/*
 * remote: where the bodies of http(s) $refs come from, for one session (a
 * build, a fetch, a whole `serve`): the session's memory, the cache, the
 * lockfile and the network (fetch.h), in that order, with the rules of
 * the lockfile and of --offline.
 *
 * For a URL:
 * - read before in this session: the same body (serve fetches once);
 * - with a lockfile entry, a cached body of that hash is used without a
 *   connection (unless refresh, as `asyncdoc fetch` asks);
 * - offline: the lockfile entry's body, else the body last cached for the
 *   URL; else an error naming the URL (rule ref-remote-offline), and no
 *   connection is ever opened;
 * - otherwise fetched; the body is cached (a cache that cannot be written
 *   is skipped: the build goes on) and, when the lockfile has an entry
 *   whose hash differs, refused (ref-lock-mismatch, naming the URL and
 *   both hashes) unless update_lock.
 * The lockfile is asyncdoc.lock beside the spec, or opts.lock. A build
 * adds the URLs it reads to an existing lockfile (entries never change
 * without update_lock), and creates one only when update_lock or refresh
 * is set or opts.lock names it. update_lock drops the entries it had and
 * writes what this session read (once per session per lockfile).
 *
 * Ownership: a struct remote owns its bodies and options' copies; strings
 * in opts are borrowed (must outlive it). Threads: one thread at a time.
 */
#ifndef ASYNCDOC_REMOTE_H
#define ASYNCDOC_REMOTE_H

#include <stddef.h>

#include "load/fetch.h"
#include "load/loader.h"
#include "util/diag.h"

/* Remote documents one load may read. */
#define REMOTE_DEFAULT_MAX_DOCS 200
#define REMOTE_LOCK_NAME        "asyncdoc.lock"

/* Set with designated initialisers; 0 means the default. */
struct remote_opts {
	struct fetch_opts fetch;
	const char *cache_dir; /* NULL: cache_dir_default() (none: no cache) */
	const char *lock;      /* the lockfile; NULL: beside each spec */
	size_t max_docs;       /* per load; 0: REMOTE_DEFAULT_MAX_DOCS */
	int offline;           /* never connect */
	int refresh;           /* fetch every URL (once per session) */
	int update_lock;       /* rewrite the lockfile with what is read */
};

struct remote;

/* 0 with *out, or -1 (out of memory, or libcurl failed to start). */
int remote_new(struct remote **out, const struct remote_opts *opts);
void remote_free(struct remote *r);

size_t remote_max_docs(const struct remote *r);

/*
 * Loads spec like loader_load() (opts->remote is set to r), with the
 * lockfile of spec read before and written after as said above. Returns
 * what loader_load() returns; lockfile problems are errors in diags.
 */
int remote_load(struct loader_doc **out, const char *spec,
                const struct loader_opts *opts, struct remote *r,
                struct diag_list *diags);

/*
 * Resolves ref (no fragment) against base, an absolute http(s) URL or
 * NULL (then ref must be absolute), as RFC 3986 section 5.2 says, dot
 * segments removed. 0 with *out (free it), or -1 when out of memory.
 */
int remote_resolve(char **out, const char *base, const char *ref);

/* 1 when url starts with "http://" or "https://" (any case). */
int remote_is_http(const char *url);

/* What remote_get() gives: a body, or why not. */
struct remote_body {
	char *body; /* NUL-terminated; the caller frees it */
	size_t len;
	char *error;      /* on failure, a sentence naming the URL; or NULL
	                     when out of memory */
	const char *rule; /* on failure: ref-remote, ref-remote-offline,
	                     ref-lock-mismatch, ref-syntax */
	const char *hint; /* on failure, or NULL */
};

/*
 * The body of url (absolute, no fragment) for the load under way (see
 * remote_load(); outside one there is no lockfile). 0 with out->body, or
 * -1 with out->error. Free out's strings with remote_body_clear().
 */
int remote_get(struct remote_body *out, struct remote *r, const char *url);
void remote_body_clear(struct remote_body *b);

#endif
