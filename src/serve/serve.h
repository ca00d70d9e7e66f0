/*
 * serve: the preview's HTTP server (libmicrohttpd), over a site folder
 * that site_write() replaces as a whole, with live reload.
 *
 * Files: only GET and HEAD (405 with "Allow: GET, HEAD" otherwise). The
 * request path is percent-decoded once, by this module; a path that does
 * not start with "/", holds an encoded "/" or "\" or NUL, a backslash, a
 * control character, an empty, "." or ".." segment, or is longer than
 * SERVE_PATH_MAX is refused with 400 (414 when too long). Names starting
 * with "." are not served (404). The file is then opened relative to a
 * descriptor of the root opened for this request (so a request sees one
 * whole site, the old or the new, never a mix while a rebuild swaps it
 * in), with openat2(RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS), or on kernels
 * without it one component at a time with O_NOFOLLOW: no symbolic link is
 * followed and nothing outside the root can be reached. Only regular
 * files are served. A folder gives its index.html ("/dir" is redirected to
 * "/dir/" so that relative links work); a missing file gives the site's
 * 404.html with status 404, or a small 404 page. Responses carry a MIME
 * type by extension, "Cache-Control: no-cache", "X-Content-Type-Options:
 * nosniff" and an ETag (inode, size, modification time); a matching
 * If-None-Match gives 304.
 *
 * When bound to a loopback address, a request whose Host header names
 * anything but localhost, 127.0.0.1 or [::1] gets 421, so that a web page
 * elsewhere cannot read the preview through DNS rebinding.
 *
 * Live reload: every HTML response gets, just before "</body>" (at the end
 * when there is none), a script tag for SERVE_RELOAD_JS; files on disk are
 * never changed. That script (one EventSource on SERVE_EVENTS_PATH per
 * browser: the same file runs as a SharedWorker that holds it for every
 * tab, see assets/reload.js) reloads the page when the site changed; on a
 * "diagnostics" event it shows an overlay with the diagnostics (built with
 * DOM calls and textContent, never as HTML), which the next reload
 * clears. Every stream begins with a "site" event whose data is the
 * current site's token; it gets "reload" (with the new token) when the
 * site changes, and at once when it changed since the page was served.
 * At most opts.stream_limit streams are open at once (503 past that, and
 * the script retries later), so that event streams, which stay open, can
 * never take the connections that files need. A heartbeat comment goes to
 * every stream each opts.heartbeat_ms, which also finds closed tabs.
 *
 * Slow clients: at most opts.conn_limit connections (opts.per_ip_limit
 * from one address), an inactivity timeout, and a deadline for the
 * headers of each request (opts.header_ms, counted from the connection or
 * from the end of the previous request on it): a client that sends its
 * request a byte at a time is cut off then, so that slow clients cannot
 * hold every connection.
 *
 * Threads: libmicrohttpd's own polling thread answers requests, a second
 * thread keeps time (heartbeats, deadlines). serve_site_changed(),
 * serve_set_diagnostics() and serve_stop() may be called from any one
 * other thread. The process should ignore SIGPIPE (a client that goes
 * away while a file is sent).
 */
#ifndef ASYNCDOC_SERVE_H
#define ASYNCDOC_SERVE_H

#include <stddef.h>

#include "util/diag.h"

/* Paths the server answers itself; no site file is served under them. */
#define SERVE_PREFIX      "/__asyncdoc/"
#define SERVE_EVENTS_PATH "/__asyncdoc/events"
#define SERVE_RELOAD_JS   "/__asyncdoc/reload.js"
/*
 * {"streams": N, "streams_opened": N, "streams_max": N}: the event
 * streams open now, opened since the start, and the most open at once (a
 * stream that a browser dropped counts until its next heartbeat).
 */
#define SERVE_STATUS_PATH "/__asyncdoc/status"

/* Longest request path, in bytes, before or after decoding. */
#define SERVE_PATH_MAX 1024

/*
 * What the server does with a request's path: url (the raw path,
 * NUL-terminated) is percent-decoded in place, then checked; the clean
 * path, without its leading "/", goes to rel (SERVE_PATH_MAX + 1 bytes).
 * Returns 0, or the HTTP status that refuses it (400, 404 for a hidden
 * name, 414). For the fuzz target and tests; no state, any thread.
 */
unsigned serve_decode_path(char *rel, char *url);

/* Diagnostics sent in one "diagnostics" event at most. */
#define SERVE_DIAG_MAX 100

struct serve_opts {
	const char *host;    /* numeric IPv4 or IPv6 address; NULL: 127.0.0.1 */
	unsigned port;       /* 0 picks a free port (see serve_port()) */
	unsigned conn_limit; /* connections at once */
	unsigned per_ip_limit; /* connections from one address */
	unsigned stream_limit; /* event streams at once */
	unsigned timeout_s;    /* inactivity before a connection is closed */
	unsigned header_ms;    /* deadline for a request's headers */
	unsigned heartbeat_ms; /* between two heartbeats of a stream */
	/* Tests: open files one component at a time, as without openat2. */
	int no_openat2;
	/*
	 * Serving from memory (root is then unused): the file at path
	 * (relative, checked as above, "" for the root) is asked of
	 * source(source_arg, ...), which returns 1 with a malloc'd,
	 * NUL-terminated *body of *len bytes, 0 when there is no such file,
	 * or -1 (a 500 answer). Called from the server's thread, any number
	 * of times at once. A folder is a path whose "<path>/index.html"
	 * exists; a missing file gives the source's "404.html".
	 */
	int (*source)(void *source_arg, const char *path, char **body,
	              size_t *len);
	void *source_arg;
};

#define SERVE_OPTS_INIT                                                        \
	{                                                                      \
		NULL, 0, 512, 384, 64, 30, 10000, 15000, 0, NULL, NULL         \
	}

struct serve;

/*
 * Starts serving the folder root (which need not exist yet: until it
 * does, every path is a 404 page that still carries the reload script).
 * root is copied. opts may be NULL for the defaults. Returns 0 and the
 * running server in *out, or -1 with a `serve-error` diagnostic (address
 * in use, bad address, libmicrohttpd cannot be opened: it is dlopen()ed
 * by the first serve_start()), a `theme-not-found` one (the shared
 * assets/reload.js is missing) or an `out-of-memory` one.
 */
int serve_start(struct serve **out, const char *root,
                const struct serve_opts *opts, struct diag_list *diags);

/* The port the server listens on. */
unsigned serve_port(const struct serve *srv);

/*
 * A new site is in place under root: every open page reloads (and so
 * loses its overlay). Returns 0, or -1 when out of memory.
 */
int serve_site_changed(struct serve *srv);

/*
 * The last build failed with diags (its errors and warnings, at most
 * SERVE_DIAG_MAX of them, are sent): every open page, and every page
 * opened until the next serve_site_changed(), shows them over the last
 * good site, which stays served. Returns 0, or -1 when out of memory.
 */
int serve_set_diagnostics(struct serve *srv, const struct diag_list *diags);

/* Event streams open now. */
size_t serve_stream_count(struct serve *srv);

/*
 * Ends every event stream, waits (a short while) for them to close, stops
 * the server and frees it. NULL is fine.
 */
void serve_stop(struct serve *srv);

#endif
