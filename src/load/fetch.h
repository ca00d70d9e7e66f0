/*
 * fetch: one http(s) GET with the guards a build needs when a spec, maybe
 * from an untrusted pull request, names the URLs (libcurl underneath).
 *
 * Guards: http and https only, redirects included (a redirect from https
 * goes to https only: no downgrade), at most max_redirects redirects;
 * connect and total timeouts; a body limit (Content-Length checked first,
 * then the bytes as they come, after decompression); the address of every
 * connection, redirects included, must not be loopback, private,
 * link-local, multicast or otherwise special (IPv4 and IPv6) unless
 * allow_private_hosts. Proxies come from the usual environment variables
 * (http_proxy, https_proxy, all_proxy, no_proxy), as libcurl reads them;
 * through a proxy the address checked is the proxy's. No cookies, no
 * .netrc, no credentials.
 *
 * Ownership: a struct fetch holds one libcurl handle (so that fetches to
 * one host reuse the connection); results are the caller's.
 * Threads: one struct fetch per thread; fetch_new() may run anywhere.
 */
#ifndef ASYNCDOC_FETCH_H
#define ASYNCDOC_FETCH_H

#include <stddef.h>

struct sockaddr;

#define FETCH_DEFAULT_CONNECT_TIMEOUT_MS 10000L
#define FETCH_DEFAULT_TIMEOUT_MS         30000L
#define FETCH_DEFAULT_MAX_BODY           ((size_t)16 << 20)
#define FETCH_DEFAULT_MAX_REDIRECTS      5

/* Set with designated initialisers; 0 means the default. */
struct fetch_opts {
	long connect_timeout_ms;
	long timeout_ms; /* the whole transfer */
	size_t max_body; /* bytes */
	int max_redirects;
	int allow_private_hosts;
};

struct fetch_result {
	char *body; /* NUL-terminated (the NUL is not counted in len) */
	size_t len;
	long status; /* the last HTTP status, 0 when none came */
	char *error; /* on failure: why, in one sentence */
	int private_host; /* on failure: an address was refused */
};

struct fetch;

/*
 * 0 with *out, or -1 (out of memory, or libcurl failed to start: then
 * fetch_start_error() says why).
 */
int fetch_new(struct fetch **out, const struct fetch_opts *opts);
/*
 * Why libcurl could not be started ("cannot open libcurl (SONAME): ..."),
 * or "out of memory" when it was; valid until exit, read-only.
 */
const char *fetch_start_error(void);
void fetch_free(struct fetch *f);

/*
 * GETs url. 0 with out->body (a 2xx answer), or -1 with out->error (a
 * message naming the URL's problem: refused scheme or host, timeout, HTTP
 * status, too big, network error), or -1 with out->error NULL when out of
 * memory. Clear out with fetch_result_clear().
 */
int fetch_get(struct fetch_result *out, struct fetch *f, const char *url);
void fetch_result_clear(struct fetch_result *r);

/*
 * 1 when sa (AF_INET or AF_INET6) is an address a spec may not make us
 * connect to without allow_private_hosts: loopback, private (RFC 1918,
 * unique local), shared (100.64/10), link-local, multicast, unspecified,
 * reserved or broadcast; IPv4-mapped and -compatible IPv6 addresses by
 * their IPv4 address. 1 also for any other family.
 */
int fetch_addr_is_private(const struct sockaddr *sa);

#endif
