/*
 * serve: the preview's HTTP server (see serve.h).
 */
#include "util/ascii.h"
#include "config.h"

#include <arpa/inet.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#if defined(__has_include)
#if __has_include(<linux/openat2.h>)
#include <linux/openat2.h>
#define HAVE_OPENAT2_H 1
#endif
#endif

#include <cjson/cJSON.h>
#include <microhttpd.h>

#include "render/theme.h"
#include "serve/serve.h"
#include "util/clock.h"
#include "util/dl.h"
#include "util/strbuf.h"

/* Bytes the reader of a response hands over at a time. */
#define BLOCK_SIZE 16384
/* Per-connection memory of libmicrohttpd; it bounds the request headers. */
#define CONN_MEMORY (32 * 1024)
/* How far from the end "</body>" is looked for. */
#define BODY_TAIL 4096
/* How long serve_stop() waits for the event streams to end. */
#define STOP_WAIT_MS 1000
/* The browser's reconnection delay for an event stream that broke. */
#define STREAM_RETRY_MS 1000

/*
 * libmicrohttpd is opened when a server starts, not linked (#18): GnuTLS
 * and the nine libraries under it came with it into every command, and
 * their constructors ran at each start-up (GnuTLS parses its ASN.1
 * trees), while only `serve` answers HTTP. Only the header is used at
 * build time; MHD_SONAME is the soname of the library the build found
 * (configure reads it), the ABI the header describes. Each pointer takes
 * its type from the header's declaration (MHD_start_daemon's variadic one
 * too), so it is called exactly as a linked call would be. Opened once,
 * never closed.
 */
static struct {
	__typeof__(MHD_start_daemon) *start_daemon;
	__typeof__(MHD_stop_daemon) *stop_daemon;
	__typeof__(MHD_get_connection_info) *get_connection_info;
	__typeof__(MHD_lookup_connection_value) *lookup_connection_value;
	__typeof__(MHD_suspend_connection) *suspend_connection;
	__typeof__(MHD_resume_connection) *resume_connection;
	__typeof__(MHD_create_response_from_buffer)
	        *create_response_from_buffer;
	__typeof__(MHD_create_response_from_callback)
	        *create_response_from_callback;
	__typeof__(MHD_create_response_from_fd64) *create_response_from_fd64;
	__typeof__(MHD_add_response_header) *add_response_header;
	__typeof__(MHD_queue_response) *queue_response;
	__typeof__(MHD_destroy_response) *destroy_response;
} mhd;
static pthread_once_t mhd_once = PTHREAD_ONCE_INIT;
/* Why libmicrohttpd could not be opened; "" when it was. */
static char mhd_error[512];

static void
mhd_open(void)
{
	void *h = dlopen(MHD_SONAME, RTLD_NOW | RTLD_LOCAL);

	if (h != NULL &&
	    dl_sym(&mhd.start_daemon, h, "MHD_start_daemon") == 0 &&
	    dl_sym(&mhd.stop_daemon, h, "MHD_stop_daemon") == 0 &&
	    dl_sym(&mhd.get_connection_info, h, "MHD_get_connection_info") ==
	            0 &&
	    dl_sym(&mhd.lookup_connection_value, h,
	           "MHD_lookup_connection_value") == 0 &&
	    dl_sym(&mhd.suspend_connection, h, "MHD_suspend_connection") == 0 &&
	    dl_sym(&mhd.resume_connection, h, "MHD_resume_connection") == 0 &&
	    dl_sym(&mhd.create_response_from_buffer, h,
	           "MHD_create_response_from_buffer") == 0 &&
	    dl_sym(&mhd.create_response_from_callback, h,
	           "MHD_create_response_from_callback") == 0 &&
	    dl_sym(&mhd.create_response_from_fd64, h,
	           "MHD_create_response_from_fd64") == 0 &&
	    dl_sym(&mhd.add_response_header, h, "MHD_add_response_header") ==
	            0 &&
	    dl_sym(&mhd.queue_response, h, "MHD_queue_response") == 0 &&
	    dl_sym(&mhd.destroy_response, h, "MHD_destroy_response") == 0)
		return;
	dl_error(mhd_error, sizeof(mhd_error), "libmicrohttpd", MHD_SONAME);
	if (h != NULL)
		dlclose(h);
}

/* Unescaper's verdicts, read by the request handler (see unescape()). */
#define BAD_PATH      "\\"
#define TOO_LONG_PATH "\\L"

/* One connection, for the header deadline. */
struct track {
	struct track *prev, *next;
	int fd;
	int in_request; /* headers received, response not finished */
	int cut;        /* shut down already */
	int64_t since;  /* when it began waiting for a request */
};

/* One event stream (a page's EventSource). */
struct stream {
	struct stream *prev, *next;
	struct serve *srv;
	struct MHD_Connection *conn;
	unsigned long site_gen; /* the site it knows */
	unsigned long err_seq;  /* the diagnostics it was sent */
	int suspended;
	int ping_due;
	struct strbuf out; /* bytes not yet handed over */
	size_t off;
};

struct serve {
	struct MHD_Daemon *daemon;
	char *root;
	struct serve_opts opts;
	int loopback;
	unsigned port;
	char instance[24]; /* tells this process's tokens from others' */

	pthread_mutex_t lock; /* everything below */
	pthread_cond_t cond;
	unsigned long site_gen;
	unsigned long err_seq;
	char *err_json; /* the diagnostics of the failed build, or NULL */
	/*
	 * Before any good build there is no site to show under the overlay:
	 * every page is then this one, the diagnostics (or NULL).
	 */
	char *err_page;
	struct stream *streams;
	size_t n_streams;
	size_t streams_opened; /* since the start, for SERVE_STATUS_PATH */
	size_t streams_max;    /* the most open at once */
	struct track *tracks;
	int closing;
	int timer_stop;
	pthread_t timer;
	int timer_started;
	char *reload_js; /* assets/reload.js (theme_shared_read) */
	size_t reload_len;
};

/* ------------------------------------------------------------ paths */

/*
 * libmicrohttpd's unescape callback: the one decoding of the path (and of
 * query names and values). An invalid escape, an encoded NUL, "/" or "\"
 * leaves BAD_PATH; more than SERVE_PATH_MAX bytes leave TOO_LONG_PATH.
 * Both start with a backslash, which no accepted path holds, so the
 * handler refuses them. The result is never longer than s.
 */
static size_t
unescape(void *cls, struct MHD_Connection *conn, char *s)
{
	size_t r = 0, w = 0, len = strlen(s);
	int hi, lo, c;

	(void)cls;
	(void)conn;
	if (len > SERVE_PATH_MAX) {
		strcpy(s, TOO_LONG_PATH);
		return strlen(TOO_LONG_PATH);
	}
	while (s[r] != '\0') {
		if (s[r] != '%') {
			s[w++] = s[r++];
			continue;
		}
		hi = ascii_hex_value(s[r + 1]);
		lo = hi >= 0 ? ascii_hex_value(s[r + 2]) : -1;
		c = hi * 16 + lo;
		if (lo < 0 || c == 0 || c == '/' || c == '\\') {
			strcpy(s, BAD_PATH);
			return strlen(BAD_PATH);
		}
		s[w++] = (char)c;
		r += 3;
	}
	s[w] = '\0';
	return w;
}

/*
 * Checks the decoded path url and copies it without its leading "/" into
 * rel (SERVE_PATH_MAX + 1 bytes). Returns 0, or the status refusing it.
 */
static unsigned
clean_path(char *rel, const char *url)
{
	const char *seg, *end;
	size_t len = strlen(url), n;
	const unsigned char *p;

	if (strcmp(url, TOO_LONG_PATH) == 0 || len > SERVE_PATH_MAX)
		return MHD_HTTP_URI_TOO_LONG;
	if (url[0] != '/')
		return MHD_HTTP_BAD_REQUEST;
	for (p = (const unsigned char *)url; *p != '\0'; p++)
		if (*p < 0x20 || *p == 0x7f || *p == '\\')
			return MHD_HTTP_BAD_REQUEST;
	for (seg = url + 1; *seg != '\0'; seg = end + 1) {
		end = strchr(seg, '/');
		n = end != NULL ? (size_t)(end - seg) : strlen(seg);
		if (n == 0 || (n == 1 && seg[0] == '.') ||
		    (n == 2 && seg[0] == '.' && seg[1] == '.'))
			return MHD_HTTP_BAD_REQUEST;
		/* Hidden names: the site marker, a staging folder. */
		if (seg[0] == '.')
			return MHD_HTTP_NOT_FOUND;
		if (end == NULL || end[1] == '\0')
			break;
	}
	memcpy(rel, url + 1, len);
	return 0;
}

unsigned
serve_decode_path(char *rel, char *url)
{
	unescape(NULL, NULL, url);
	return clean_path(rel, url);
}

/*
 * Opens rel (a clean path, maybe with a trailing "/", maybe "") under the
 * folder rootfd without following any symbolic link and without leaving
 * it. O_NONBLOCK so that a FIFO cannot hang the server. Returns an fd, or
 * -1 (errno).
 */
static int
open_beneath(int rootfd, const char *rel, int no_openat2)
{
	char part[SERVE_PATH_MAX + 1];
	const char *seg, *end;
	int fd, next, flags = O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY;
	size_t n;

	if (rel[0] == '\0')
		return openat(rootfd, ".", flags | O_DIRECTORY);
#if defined(HAVE_OPENAT2_H) && defined(SYS_openat2)
	if (!no_openat2) {
		struct open_how how;

		memset(&how, 0, sizeof(how));
		how.flags = (uint64_t)flags;
		how.resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS |
		              RESOLVE_NO_MAGICLINKS;
		fd = (int)syscall(SYS_openat2, rootfd, rel, &how, sizeof(how));
		if (fd >= 0 || (errno != ENOSYS && errno != EPERM))
			return fd;
	}
#else
	(void)no_openat2;
#endif
	/* One component at a time; none may be a symbolic link. */
	fd = dup(rootfd);
	for (seg = rel; fd >= 0 && *seg != '\0'; seg = end + 1) {
		end = strchr(seg, '/');
		n = end != NULL ? (size_t)(end - seg) : strlen(seg);
		memcpy(part, seg, n);
		part[n] = '\0';
		next = openat(fd, part,
		              flags | O_NOFOLLOW |
		                      (end != NULL ? O_DIRECTORY : 0));
		close(fd);
		fd = next;
		if (end == NULL || end[1] == '\0')
			break;
	}
	return fd;
}

static const struct {
	const char *ext;
	const char *type;
} mime_types[] = {
        {"html", "text/html; charset=utf-8"},
        {"htm", "text/html; charset=utf-8"},
        {"css", "text/css; charset=utf-8"},
        {"js", "text/javascript; charset=utf-8"},
        {"mjs", "text/javascript; charset=utf-8"},
        {"json", "application/json"},
        {"map", "application/json"},
        {"webmanifest", "application/manifest+json"},
        {"txt", "text/plain; charset=utf-8"},
        {"md", "text/markdown; charset=utf-8"},
        {"xml", "application/xml"},
        {"yaml", "text/yaml; charset=utf-8"},
        {"yml", "text/yaml; charset=utf-8"},
        {"svg", "image/svg+xml"},
        {"png", "image/png"},
        {"jpg", "image/jpeg"},
        {"jpeg", "image/jpeg"},
        {"gif", "image/gif"},
        {"webp", "image/webp"},
        {"avif", "image/avif"},
        {"ico", "image/x-icon"},
        {"woff", "font/woff"},
        {"woff2", "font/woff2"},
        {"ttf", "font/ttf"},
        {"otf", "font/otf"},
        {"pdf", "application/pdf"},
        {"wasm", "application/wasm"},
};

/* The MIME type of a file name by its extension. */
static const char *
mime_type(const char *name)
{
	const char *slash = strrchr(name, '/'), *dot;
	size_t i;

	dot = strrchr(slash != NULL ? slash : name, '.');
	if (dot != NULL)
		for (i = 0; i < sizeof(mime_types) / sizeof(mime_types[0]); i++)
			if (strcasecmp(dot + 1, mime_types[i].ext) == 0)
				return mime_types[i].type;
	return "application/octet-stream";
}

static int
is_html_type(const char *type)
{
	return strncmp(type, "text/html", 9) == 0;
}

/* ------------------------------------------------------ live reload */

/*
 * The live-reload script is a shared asset (assets/reload.js, beside the
 * themes), read once at start (serve_start) into srv->reload_js.
 */

/* The token of the current site: "<instance>-<gen>". Called locked. */
static void
token_locked(char *buf, size_t size, const struct serve *srv)
{
	snprintf(buf, size, "%s-%lu", srv->instance, srv->site_gen);
}

/*
 * The script tag put into HTML responses, for the current site, into buf;
 * the site's token into token (64 bytes).
 */
static void
reload_tag(char *buf, size_t size, char *token, struct serve *srv)
{
	pthread_mutex_lock(&srv->lock);
	token_locked(token, 64, srv);
	pthread_mutex_unlock(&srv->lock);
	snprintf(buf, size,
	         "<script src=\"" SERVE_RELOAD_JS "\" data-since=\"%s\">"
	         "</script>\n",
	         token);
}

/* Offset of the last "</body" (any case) in s[0..n), or n. */
static size_t
body_end(const char *s, size_t n)
{
	size_t i;

	for (i = n; i >= 6; i--)
		if (strncasecmp(s + i - 6, "</body", 6) == 0)
			return i - 6;
	return n;
}

/*
 * Resumes the connections of the streams in list (n of them), which the
 * caller took out of suspension under the lock: libmicrohttpd is called
 * without our lock held. A suspended connection is not processed, so it
 * cannot go away before this.
 */
static void
resume_all(struct MHD_Connection **list, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		mhd.resume_connection(list[i]);
	free(list);
}

/*
 * Marks every suspended stream as resumed and returns their connections
 * (*n_out of them; NULL when none or out of memory: the heartbeat then
 * wakes them later). Called locked.
 */
static struct MHD_Connection **
take_suspended_locked(struct serve *srv, size_t *n_out)
{
	struct MHD_Connection **list;
	struct stream *st;
	size_t n = 0;

	*n_out = 0;
	if (srv->n_streams == 0)
		return NULL;
	list = malloc(srv->n_streams * sizeof(*list));
	if (list == NULL)
		return NULL;
	for (st = srv->streams; st != NULL; st = st->next)
		if (st->suspended) {
			st->suspended = 0;
			list[n++] = st->conn;
		}
	*n_out = n;
	return list;
}

/* Appends "data:" lines for text (one per line of it). */
static void
put_data(struct strbuf *b, const char *text)
{
	const char *nl;

	do {
		nl = strchr(text, '\n');
		strbuf_puts(b, "data: ");
		strbuf_putn(b, text,
		            nl != NULL ? (size_t)(nl - text) : strlen(text));
		strbuf_putc(b, '\n');
		text = nl != NULL ? nl + 1 : NULL;
	} while (text != NULL);
	strbuf_putc(b, '\n');
}

/* Queues what the stream is due next. Called locked. */
static void
stream_refill_locked(struct stream *st)
{
	struct serve *srv = st->srv;
	char token[64];

	strbuf_free(&st->out);
	st->off = 0;
	if (st->site_gen != srv->site_gen) {
		token_locked(token, sizeof(token), srv);
		strbuf_puts(&st->out, "event: reload\n");
		put_data(&st->out, token);
		st->site_gen = srv->site_gen;
		st->err_seq = srv->err_seq;
	} else if (st->err_seq != srv->err_seq) {
		if (srv->err_json != NULL) {
			strbuf_puts(&st->out, "event: diagnostics\n");
			put_data(&st->out, srv->err_json);
		}
		st->err_seq = srv->err_seq;
	} else if (st->ping_due) {
		strbuf_puts(&st->out, ": ping\n\n");
	}
	st->ping_due = 0;
}

static ssize_t
stream_read(void *cls, uint64_t pos, char *buf, size_t max)
{
	struct stream *st = cls;
	struct serve *srv = st->srv;
	size_t n;

	(void)pos;
	pthread_mutex_lock(&srv->lock);
	if (srv->closing) {
		pthread_mutex_unlock(&srv->lock);
		return MHD_CONTENT_READER_END_OF_STREAM;
	}
	if (st->off >= st->out.len)
		stream_refill_locked(st);
	if (st->out.oom) {
		pthread_mutex_unlock(&srv->lock);
		return MHD_CONTENT_READER_END_WITH_ERROR;
	}
	if (st->off >= st->out.len) {
		/* Nothing to say: sleep until an event or a heartbeat. */
		st->suspended = 1;
		mhd.suspend_connection(st->conn);
		pthread_mutex_unlock(&srv->lock);
		return 0;
	}
	n = st->out.len - st->off;
	if (n > max)
		n = max;
	memcpy(buf, st->out.p + st->off, n);
	st->off += n;
	pthread_mutex_unlock(&srv->lock);
	return (ssize_t)n;
}

static void
stream_free(void *cls)
{
	struct stream *st = cls;
	struct serve *srv = st->srv;

	pthread_mutex_lock(&srv->lock);
	if (st->prev != NULL)
		st->prev->next = st->next;
	else
		srv->streams = st->next;
	if (st->next != NULL)
		st->next->prev = st->prev;
	srv->n_streams--;
	pthread_cond_broadcast(&srv->cond);
	pthread_mutex_unlock(&srv->lock);
	strbuf_free(&st->out);
	free(st);
}

/* ------------------------------------------------------- responses */

/* Queues resp with the headers every response has, and drops our ref. */
static enum MHD_Result
send_response(struct MHD_Connection *conn, unsigned status,
              struct MHD_Response *resp)
{
	enum MHD_Result r;

	if (resp == NULL)
		return MHD_NO;
	mhd.add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL,
	                        "no-cache");
	mhd.add_response_header(resp, "X-Content-Type-Options", "nosniff");
	r = mhd.queue_response(conn, status, resp);
	mhd.destroy_response(resp);
	return r;
}

/* len bytes at data, of MIME type type, kept or copied as mode says. */
static enum MHD_Result
send_buffer(struct MHD_Connection *conn, unsigned status, const char *type,
            const char *data, size_t len, enum MHD_ResponseMemoryMode mode)
{
	struct MHD_Response *resp;

	resp = mhd.create_response_from_buffer(len, (void *)data, mode);
	if (resp == NULL)
		return MHD_NO;
	mhd.add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, type);
	return send_response(conn, status, resp);
}

/* A short text/plain response. */
static enum MHD_Result
send_text(struct MHD_Connection *conn, unsigned status, const char *text)
{
	return send_buffer(conn, status, "text/plain; charset=utf-8", text,
	                   strlen(text), MHD_RESPMEM_PERSISTENT);
}

/* An HTML page held in memory, with the reload script put in. */
static enum MHD_Result
send_html_text(struct MHD_Connection *conn, unsigned status, struct serve *srv,
               const char *html)
{
	struct MHD_Response *resp;
	struct strbuf b = STRBUF_INIT;
	char tag[160], token[64];
	size_t n = strlen(html), at = body_end(html, n);
	char *text;

	reload_tag(tag, sizeof(tag), token, srv);
	strbuf_putn(&b, html, at);
	strbuf_puts(&b, tag);
	strbuf_putn(&b, html + at, n - at);
	n = b.len;
	text = strbuf_take(&b);
	if (text == NULL)
		return MHD_NO;
	resp = mhd.create_response_from_buffer(n, text, MHD_RESPMEM_MUST_FREE);
	if (resp == NULL) {
		free(text);
		return MHD_NO;
	}
	mhd.add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE,
	                        "text/html; charset=utf-8");
	return send_response(conn, status, resp);
}

/* An HTML file streamed with the reload script put in at split. */
struct html_body {
	int fd;
	uint64_t size, split;
	char tag[160];
	size_t tag_len;
};

static ssize_t
html_read(void *cls, uint64_t pos, char *buf, size_t max)
{
	struct html_body *h = cls;
	uint64_t file_pos, end;
	ssize_t r;

	if (pos >= h->split && pos < h->split + h->tag_len) {
		size_t n = (size_t)(h->split + h->tag_len - pos);

		if (n > max)
			n = max;
		memcpy(buf, h->tag + (pos - h->split), n);
		return (ssize_t)n;
	}
	if (pos < h->split) {
		file_pos = pos;
		end = h->split;
	} else {
		file_pos = pos - h->tag_len;
		end = h->size;
	}
	if (end - file_pos < max)
		max = (size_t)(end - file_pos);
	do
		r = pread(h->fd, buf, max, (off_t)file_pos);
	while (r < 0 && errno == EINTR);
	/* The file shrank under us: the length sent would be a lie. */
	if (r <= 0)
		return MHD_CONTENT_READER_END_WITH_ERROR;
	return r;
}

static void
html_free(void *cls)
{
	struct html_body *h = cls;

	close(h->fd);
	free(h);
}

/* The ETag of an open file: inode, size, modification time. */
static void
make_etag(char *buf, size_t size, const struct stat *st, const char *extra)
{
	snprintf(buf, size, "\"%llx-%llx-%llx%s%s\"",
	         (unsigned long long)st->st_ino,
	         (unsigned long long)st->st_size,
	         (unsigned long long)st->st_mtim.tv_sec * 1000000000ull +
	                 (unsigned long long)st->st_mtim.tv_nsec,
	         extra[0] != '\0' ? "-" : "", extra);
}

/* 1 when the If-None-Match list matches etag (weak comparison). */
static int
etag_matches(const char *list, const char *etag)
{
	const char *p = list, *end;
	size_t n, len = strlen(etag);

	while (*p != '\0') {
		while (*p == ' ' || *p == '\t' || *p == ',')
			p++;
		if (*p == '\0')
			break;
		end = strchr(p, ',');
		n = end != NULL ? (size_t)(end - p) : strlen(p);
		while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t'))
			n--;
		if (n == 1 && *p == '*')
			return 1;
		if (n > 2 && p[0] == 'W' && p[1] == '/') {
			p += 2;
			n -= 2;
		}
		if (n == len && memcmp(p, etag, n) == 0)
			return 1;
		if (end == NULL)
			break;
		p = end + 1;
	}
	return 0;
}

/*
 * Sends the open regular file fd (taken over) named name, with status
 * (200, or 404 for the site's 404.html). HTML gets the reload script.
 */
static enum MHD_Result
send_file(struct MHD_Connection *conn, struct serve *srv, unsigned status,
          int fd, const struct stat *st, const char *name)
{
	const char *type = mime_type(name), *inm;
	struct MHD_Response *resp;
	struct html_body *h = NULL;
	char etag[128], extra[64] = "", tail[BODY_TAIL];
	uint64_t size = (uint64_t)st->st_size;
	ssize_t got;

	if (is_html_type(type)) {
		h = calloc(1, sizeof(*h));
		if (h == NULL) {
			close(fd);
			return MHD_NO;
		}
		h->fd = fd;
		h->size = size;
		/* The token goes in the ETag too: the body holds it. */
		reload_tag(h->tag, sizeof(h->tag), extra, srv);
		h->tag_len = strlen(h->tag);
		h->split = size;
		got = pread(fd, tail,
		            size < BODY_TAIL ? (size_t)size : BODY_TAIL,
		            (off_t)(size < BODY_TAIL ? 0 : size - BODY_TAIL));
		if (got > 0)
			h->split = size - (uint64_t)got +
			           body_end(tail, (size_t)got);
	}
	make_etag(etag, sizeof(etag), st, extra);
	inm = mhd.lookup_connection_value(conn, MHD_HEADER_KIND,
	                                  MHD_HTTP_HEADER_IF_NONE_MATCH);
	if (status == MHD_HTTP_OK && inm != NULL && etag_matches(inm, etag)) {
		if (h != NULL)
			html_free(h);
		else
			close(fd);
		resp = mhd.create_response_from_buffer(0, (void *)"",
		                                       MHD_RESPMEM_PERSISTENT);
		if (resp == NULL)
			return MHD_NO;
		mhd.add_response_header(resp, MHD_HTTP_HEADER_ETAG, etag);
		return send_response(conn, MHD_HTTP_NOT_MODIFIED, resp);
	}
	if (h != NULL) {
		resp = mhd.create_response_from_callback(
		        size + h->tag_len, BLOCK_SIZE, html_read, h, html_free);
		if (resp == NULL)
			html_free(h);
	} else {
		resp = mhd.create_response_from_fd64(size, fd);
		if (resp == NULL)
			close(fd);
	}
	if (resp == NULL)
		return MHD_NO;
	mhd.add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, type);
	if (status == MHD_HTTP_OK)
		mhd.add_response_header(resp, MHD_HTTP_HEADER_ETAG, etag);
	return send_response(conn, status, resp);
}

static const char not_found_html[] =
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta "
        "charset=\"utf-8\">\n<title>Not found</title>\n</head>\n<body>\n"
        "<h1>Not found</h1>\n<p>Nothing here. <a href=\"/\">Back to the "
        "index</a>.</p>\n</body>\n</html>\n";

/*
 * While no build has been good, the page of the diagnostics: 1 with the
 * answer in *r, else 0.
 */
static int
send_err_page(struct MHD_Connection *conn, struct serve *srv,
              enum MHD_Result *r)
{
	char *page = NULL;

	pthread_mutex_lock(&srv->lock);
	if (srv->err_page != NULL)
		page = strdup(srv->err_page);
	pthread_mutex_unlock(&srv->lock);
	if (page == NULL)
		return 0;
	*r = send_html_text(conn, MHD_HTTP_OK, srv, page);
	free(page);
	return 1;
}

/*
 * The site's 404.html with status 404, else a small page. rootfd is the
 * root opened for the request, or -1 to open it here.
 */
static enum MHD_Result
send_not_found(struct MHD_Connection *conn, struct serve *srv, int rootfd)
{
	struct stat st;
	int fd = -1, own = -1;
	enum MHD_Result r;

	if (send_err_page(conn, srv, &r))
		return r;

	if (rootfd < 0)
		rootfd = own =
		        open(srv->root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (rootfd >= 0)
		fd = open_beneath(rootfd, "404.html", srv->opts.no_openat2);
	if (own >= 0)
		close(own);
	if (fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode))
		return send_file(conn, srv, MHD_HTTP_NOT_FOUND, fd, &st,
		                 "404.html");
	if (fd >= 0)
		close(fd);
	return send_html_text(conn, MHD_HTTP_NOT_FOUND, srv, not_found_html);
}

/* Percent-encodes what a Location header should not hold raw. */
static char *
encode_path(const char *path)
{
	static const char keep[] = "-._~/!$&'()*+,;=:@";
	struct strbuf b = STRBUF_INIT;
	const unsigned char *p;

	for (p = (const unsigned char *)path; *p != '\0'; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr(keep, *p) != NULL)
			strbuf_putc(&b, (char)*p);
		else
			strbuf_printf(&b, "%%%02X", *p);
	}
	return strbuf_take(&b);
}

/* "/dir" names a folder: send the browser to "/dir/". */
static enum MHD_Result
send_redirect(struct MHD_Connection *conn, const char *url)
{
	struct MHD_Response *resp;
	char *loc = encode_path(url), *full;
	size_t n;

	if (loc == NULL)
		return MHD_NO;
	n = strlen(loc);
	full = realloc(loc, n + 2);
	if (full == NULL) {
		free(loc);
		return MHD_NO;
	}
	full[n] = '/';
	full[n + 1] = '\0';
	resp = mhd.create_response_from_buffer(0, (void *)"",
	                                       MHD_RESPMEM_PERSISTENT);
	if (resp != NULL)
		mhd.add_response_header(resp, MHD_HTTP_HEADER_LOCATION, full);
	free(full);
	return send_response(conn, MHD_HTTP_MOVED_PERMANENTLY, resp);
}

/* A file the source made: HTML gets the reload script. */
static enum MHD_Result
send_made(struct MHD_Connection *conn, struct serve *srv, unsigned status,
          const char *name, char *body, size_t len)
{
	const char *type = mime_type(name);
	struct MHD_Response *resp;
	enum MHD_Result r;

	if (is_html_type(type)) {
		r = send_html_text(conn, status, srv, body);
		free(body);
		return r;
	}
	resp = mhd.create_response_from_buffer(len, body,
	                                       MHD_RESPMEM_MUST_FREE);
	if (resp == NULL) {
		free(body);
		return MHD_NO;
	}
	mhd.add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, type);
	return send_response(conn, status, resp);
}

/* serve_path() for a site in memory (opts.source). */
static enum MHD_Result
serve_source(struct MHD_Connection *conn, struct serve *srv, const char *url,
             const char *rel)
{
	struct strbuf b = STRBUF_INIT;
	size_t n = strlen(rel), len;
	char *body = NULL;
	enum MHD_Result ret;
	int r;

	/* a folder: its index.html; "/dir" goes to "/dir/" */
	if (n == 0 || rel[n - 1] == '/') {
		strbuf_puts(&b, rel);
		strbuf_puts(&b, "index.html");
	} else {
		strbuf_puts(&b, rel);
	}
	if (b.oom)
		return MHD_NO;
	r = srv->opts.source(srv->opts.source_arg, b.p, &body, &len);
	if (r == 0 && n > 0 && rel[n - 1] != '/') {
		strbuf_puts(&b, "/index.html");
		if (b.oom) {
			strbuf_free(&b);
			return MHD_NO;
		}
		r = srv->opts.source(srv->opts.source_arg, b.p, &body, &len);
		free(body);
		strbuf_free(&b);
		if (r == 1)
			return send_redirect(conn, url);
		r = 0;
	}
	if (r == 1) {
		ret = send_made(conn, srv, MHD_HTTP_OK, b.p, body, len);
		strbuf_free(&b);
		return ret;
	}
	strbuf_free(&b);
	if (r == 0 && send_err_page(conn, srv, &ret))
		return ret;
	if (r < 0)
		return send_text(conn, MHD_HTTP_INTERNAL_SERVER_ERROR,
		                 "The page cannot be made; see the terminal.\n");
	if (srv->opts.source(srv->opts.source_arg, "404.html", &body, &len) ==
	    1)
		return send_made(conn, srv, MHD_HTTP_NOT_FOUND, "404.html",
		                 body, len);
	return send_html_text(conn, MHD_HTTP_NOT_FOUND, srv, not_found_html);
}

/* A file of the site, or its folder's index.html. */
static enum MHD_Result
serve_path(struct MHD_Connection *conn, struct serve *srv, const char *url,
           const char *rel)
{
	struct stat st;
	enum MHD_Result r;
	int rootfd, fd, idx;
	size_t n = strlen(rel);

	if (srv->opts.source != NULL)
		return serve_source(conn, srv, url, rel);
	/*
	 * The root is opened for each request: after a rebuild swapped a
	 * new site in, the path names the new folder, while a request that
	 * began before keeps reading the old one whole.
	 */
	rootfd = open(srv->root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (rootfd < 0)
		return send_not_found(conn, srv, -1);
	fd = open_beneath(rootfd, rel, srv->opts.no_openat2);
	if (fd < 0 || fstat(fd, &st) != 0) {
		if (fd >= 0)
			close(fd);
		r = send_not_found(conn, srv, rootfd);
		close(rootfd);
		return r;
	}
	if (S_ISDIR(st.st_mode)) {
		if (n > 0 && rel[n - 1] != '/') {
			close(fd);
			close(rootfd);
			return send_redirect(conn, url);
		}
		idx = openat(fd, "index.html",
		             O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOFOLLOW |
		                     O_NOCTTY);
		close(fd);
		fd = idx;
		if (fd >= 0 && fstat(fd, &st) != 0) {
			close(fd);
			fd = -1;
		}
		rel = "index.html";
	}
	if (fd < 0 || !S_ISREG(st.st_mode)) {
		if (fd >= 0)
			close(fd);
		r = send_not_found(conn, srv, rootfd);
		close(rootfd);
		return r;
	}
	close(rootfd);
	return send_file(conn, srv, MHD_HTTP_OK, fd, &st, rel);
}

/* Opens an event stream, unless too many are open. */
static enum MHD_Result
serve_events(struct MHD_Connection *conn, struct serve *srv, int head)
{
	struct MHD_Response *resp;
	struct stream *st;
	const char *since;
	char token[64];

	if (head) {
		resp = mhd.create_response_from_buffer(0, (void *)"",
		                                       MHD_RESPMEM_PERSISTENT);
		if (resp != NULL)
			mhd.add_response_header(resp,
			                        MHD_HTTP_HEADER_CONTENT_TYPE,
			                        "text/event-stream");
		return send_response(conn, MHD_HTTP_OK, resp);
	}
	since = mhd.lookup_connection_value(conn, MHD_GET_ARGUMENT_KIND,
	                                    "since");
	st = calloc(1, sizeof(*st));
	if (st == NULL)
		return MHD_NO;
	st->srv = srv;
	st->conn = conn;
	strbuf_printf(&st->out, "retry: %d\n\n", STREAM_RETRY_MS);
	pthread_mutex_lock(&srv->lock);
	if (srv->closing || srv->n_streams >= srv->opts.stream_limit) {
		pthread_mutex_unlock(&srv->lock);
		strbuf_free(&st->out);
		free(st);
		resp = mhd.create_response_from_buffer(
		        strlen("Too many event streams\n"),
		        (void *)"Too many event streams\n",
		        MHD_RESPMEM_PERSISTENT);
		if (resp != NULL)
			mhd.add_response_header(
			        resp, MHD_HTTP_HEADER_RETRY_AFTER, "5");
		return send_response(conn, MHD_HTTP_SERVICE_UNAVAILABLE, resp);
	}
	/* A page of an older site (or of another run) reloads at once. */
	token_locked(token, sizeof(token), srv);
	/* A stream shared by tabs of several sites learns the current one. */
	strbuf_puts(&st->out, "event: site\n");
	put_data(&st->out, token);
	st->site_gen = srv->site_gen;
	if (since == NULL || strcmp(since, token) != 0)
		st->site_gen = srv->site_gen - 1;
	/* While the spec is broken, a new page shows why at once. */
	st->err_seq = srv->err_json != NULL ? srv->err_seq - 1 : srv->err_seq;
	st->next = srv->streams;
	if (srv->streams != NULL)
		srv->streams->prev = st;
	srv->streams = st;
	srv->n_streams++;
	srv->streams_opened++;
	if (srv->n_streams > srv->streams_max)
		srv->streams_max = srv->n_streams;
	pthread_mutex_unlock(&srv->lock);
	resp = mhd.create_response_from_callback(MHD_SIZE_UNKNOWN, 4096,
	                                         stream_read, st, stream_free);
	if (resp == NULL) {
		stream_free(st);
		return MHD_NO;
	}
	mhd.add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE,
	                        "text/event-stream; charset=utf-8");
	return send_response(conn, MHD_HTTP_OK, resp);
}

/* The stream counters, as JSON (SERVE_STATUS_PATH). */
static enum MHD_Result
serve_status(struct MHD_Connection *conn, struct serve *srv)
{
	char body[128];
	int n;

	pthread_mutex_lock(&srv->lock);
	n = snprintf(body, sizeof(body),
	             "{\"streams\": %zu, \"streams_opened\": %zu, "
	             "\"streams_max\": %zu}\n",
	             srv->n_streams, srv->streams_opened, srv->streams_max);
	pthread_mutex_unlock(&srv->lock);
	return send_buffer(conn, MHD_HTTP_OK, "application/json", body,
	                   (size_t)n, MHD_RESPMEM_MUST_COPY);
}

/* 1 when the Host header may reach a server bound to loopback. */
static int
host_allowed(const char *host)
{
	static const char *const names[] = {"localhost", "127.0.0.1", "[::1]"};
	const char *colon;
	size_t i, n;

	if (host == NULL)
		return 1;
	n = strlen(host);
	colon = strrchr(host, ':');
	if (colon != NULL && strchr(colon, ']') == NULL)
		n = (size_t)(colon - host);
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strlen(names[i]) == n &&
		    strncasecmp(host, names[i], n) == 0)
			return 1;
	return 0;
}

static void
track_request(struct MHD_Connection *conn, struct serve *srv, int on)
{
	const union MHD_ConnectionInfo *info;
	struct track *t;

	info = mhd.get_connection_info(conn,
	                               MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	if (info == NULL || info->socket_context == NULL)
		return;
	t = info->socket_context;
	pthread_mutex_lock(&srv->lock);
	t->in_request = on;
	t->since = clock_now_ms();
	pthread_mutex_unlock(&srv->lock);
}

static enum MHD_Result
on_request(void *cls, struct MHD_Connection *conn, const char *url,
           const char *method, const char *version, const char *upload_data,
           size_t *upload_data_size, void **con_cls)
{
	static int seen;
	struct serve *srv = cls;
	struct MHD_Response *resp;
	char rel[SERVE_PATH_MAX + 1];
	unsigned status;
	int head;

	int first = *con_cls == NULL;

	(void)version;
	(void)upload_data;
	if (first) {
		*con_cls = &seen;
		track_request(conn, srv, 1);
	}
	head = strcmp(method, MHD_HTTP_METHOD_HEAD) == 0;
	/*
	 * A refused method is answered at once: its body is never read (and
	 * the connection then closes). GET and HEAD are answered on the
	 * second call, once the request is complete: a response queued
	 * before that closes the connection (libmicrohttpd 0.9.75), which
	 * would cost every request of a page a new connection.
	 */
	if (!head && strcmp(method, MHD_HTTP_METHOD_GET) != 0) {
		resp = mhd.create_response_from_buffer(
		        strlen("Method not allowed\n"),
		        (void *)"Method not allowed\n", MHD_RESPMEM_PERSISTENT);
		if (resp == NULL)
			return MHD_NO;
		mhd.add_response_header(resp, MHD_HTTP_HEADER_ALLOW,
		                        "GET, HEAD");
		mhd.add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE,
		                        "text/plain; charset=utf-8");
		return send_response(conn, MHD_HTTP_METHOD_NOT_ALLOWED, resp);
	}
	if (first)
		return MHD_YES;
	if (*upload_data_size != 0) {
		/* A body sent with GET means nothing: dropped. */
		*upload_data_size = 0;
		return MHD_YES;
	}
	if (srv->loopback &&
	    !host_allowed(mhd.lookup_connection_value(conn, MHD_HEADER_KIND,
	                                              MHD_HTTP_HEADER_HOST)))
		return send_text(conn, MHD_HTTP_MISDIRECTED_REQUEST,
		                 "Unknown host\n");
	status = clean_path(rel, url);
	if (status == MHD_HTTP_NOT_FOUND)
		return send_not_found(conn, srv, -1);
	if (status == MHD_HTTP_URI_TOO_LONG)
		return send_text(conn, status, "Path too long\n");
	if (status != 0)
		return send_text(conn, status, "Bad path\n");
	if (strcmp(url, SERVE_EVENTS_PATH) == 0)
		return serve_events(conn, srv, head);
	if (strcmp(url, SERVE_STATUS_PATH) == 0)
		return serve_status(conn, srv);
	/* The page script and, the same file, its shared worker. */
	if (strcmp(url, SERVE_RELOAD_JS) == 0)
		return send_buffer(conn, MHD_HTTP_OK,
		                   "text/javascript; charset=utf-8",
		                   srv->reload_js, srv->reload_len,
		                   MHD_RESPMEM_PERSISTENT);
	if (strncmp(url, SERVE_PREFIX, strlen(SERVE_PREFIX)) == 0 ||
	    strcmp(url, "/__asyncdoc") == 0)
		return send_not_found(conn, srv, -1);
	return serve_path(conn, srv, url, rel);
}

static void
on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
             enum MHD_RequestTerminationCode toe)
{
	(void)toe;
	(void)con_cls;
	track_request(conn, cls, 0);
}

static void
on_connection(void *cls, struct MHD_Connection *conn, void **socket_context,
              enum MHD_ConnectionNotificationCode toe)
{
	struct serve *srv = cls;
	const union MHD_ConnectionInfo *info;
	struct track *t;

	if (toe == MHD_CONNECTION_NOTIFY_STARTED) {
		info = mhd.get_connection_info(
		        conn, MHD_CONNECTION_INFO_CONNECTION_FD);
		t = calloc(1, sizeof(*t));
		if (t == NULL || info == NULL) {
			/* Untracked: only the inactivity timeout applies. */
			free(t);
			*socket_context = NULL;
			return;
		}
		t->fd = info->connect_fd;
		t->since = clock_now_ms();
		pthread_mutex_lock(&srv->lock);
		t->next = srv->tracks;
		if (srv->tracks != NULL)
			srv->tracks->prev = t;
		srv->tracks = t;
		pthread_mutex_unlock(&srv->lock);
		*socket_context = t;
		return;
	}
	/*
	 * Closed: libmicrohttpd closes the socket after this returns, so the
	 * timer, which shuts sockets down under the lock, never touches a
	 * descriptor that already belongs to someone else.
	 */
	t = *socket_context;
	if (t == NULL)
		return;
	pthread_mutex_lock(&srv->lock);
	if (t->prev != NULL)
		t->prev->next = t->next;
	else
		srv->tracks = t->next;
	if (t->next != NULL)
		t->next->prev = t->prev;
	pthread_mutex_unlock(&srv->lock);
	free(t);
	*socket_context = NULL;
}

/* ----------------------------------------------------------- timer */

/* Heartbeats for the streams and the header deadline of connections. */
static void *
timer_main(void *arg)
{
	struct serve *srv = arg;
	struct MHD_Connection **wake;
	struct timespec until;
	struct track *t;
	int64_t now, next_ping, tick;
	struct stream *st;
	size_t n;

	tick = srv->opts.header_ms / 4;
	if (tick > 200)
		tick = 200;
	if (tick < 10)
		tick = 10;
	next_ping = clock_now_ms() + srv->opts.heartbeat_ms;
	pthread_mutex_lock(&srv->lock);
	while (!srv->timer_stop) {
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_nsec += (long)(tick % 1000) * 1000000L;
		until.tv_sec +=
		        (time_t)(tick / 1000) + until.tv_nsec / 1000000000L;
		until.tv_nsec %= 1000000000L;
		pthread_cond_timedwait(&srv->cond, &srv->lock, &until);
		if (srv->timer_stop)
			break;
		now = clock_now_ms();
		for (t = srv->tracks; t != NULL; t = t->next)
			if (!t->in_request && !t->cut &&
			    now - t->since >= (int64_t)srv->opts.header_ms) {
				/* libmicrohttpd sees the end and closes it. */
				shutdown(t->fd, SHUT_RDWR);
				t->cut = 1;
			}
		if (now < next_ping)
			continue;
		next_ping = now + srv->opts.heartbeat_ms;
		for (st = srv->streams; st != NULL; st = st->next)
			st->ping_due = 1;
		wake = take_suspended_locked(srv, &n);
		pthread_mutex_unlock(&srv->lock);
		resume_all(wake, n);
		pthread_mutex_lock(&srv->lock);
	}
	pthread_mutex_unlock(&srv->lock);
	return NULL;
}

/* -------------------------------------------------------- lifecycle */

/* A listening socket on host:port. -1 with errno on failure. */
static int
listen_on(const char *host, unsigned port, int *loopback_out)
{
	struct sockaddr_storage ss;
	struct sockaddr_in *in4 = (struct sockaddr_in *)&ss;
	struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)&ss;
	socklen_t len;
	int fd, one = 1, e;

	memset(&ss, 0, sizeof(ss));
	if (inet_pton(AF_INET, host, &in4->sin_addr) == 1) {
		in4->sin_family = AF_INET;
		in4->sin_port = htons((uint16_t)port);
		len = sizeof(*in4);
		*loopback_out = (ntohl(in4->sin_addr.s_addr) >> 24) == 127;
	} else if (inet_pton(AF_INET6, host, &in6->sin6_addr) == 1) {
		in6->sin6_family = AF_INET6;
		in6->sin6_port = htons((uint16_t)port);
		len = sizeof(*in6);
		*loopback_out = IN6_IS_ADDR_LOOPBACK(&in6->sin6_addr);
	} else {
		errno = EINVAL;
		return -1;
	}
	fd = socket(ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (ss.ss_family == AF_INET6)
		setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&ss, len) != 0 ||
	    listen(fd, 256) != 0) {
		e = errno;
		close(fd);
		errno = e;
		return -1;
	}
	return fd;
}

static unsigned
socket_port(int fd)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);

	if (getsockname(fd, (struct sockaddr *)&ss, &len) != 0)
		return 0;
	if (ss.ss_family == AF_INET)
		return ntohs(((struct sockaddr_in *)&ss)->sin_port);
	return ntohs(((struct sockaddr_in6 *)&ss)->sin6_port);
}

static void
serve_free(struct serve *srv)
{
	pthread_mutex_destroy(&srv->lock);
	pthread_cond_destroy(&srv->cond);
	free(srv->err_json);
	free(srv->err_page);
	free(srv->root);
	free(srv->reload_js);
	free(srv);
}

int
serve_start(struct serve **out, const char *root, const struct serve_opts *opts,
            struct diag_list *diags)
{
	static const struct serve_opts defaults = SERVE_OPTS_INIT;
	pthread_condattr_t ca;
	struct serve *srv;
	const char *host;
	int fd;

	*out = NULL;
	pthread_once(&mhd_once, mhd_open);
	if (mhd_error[0] != '\0') {
		diag_add(diags, DIAG_ERROR, NULL, 0, 0, "serve-error",
		         "cannot start the preview server: %s", mhd_error);
		diag_set_hint(diags, "install libmicrohttpd (Debian: "
		                     "libmicrohttpd12)");
		return -1;
	}
	srv = calloc(1, sizeof(*srv));
	if (srv == NULL || (srv->root = strdup(root)) == NULL) {
		free(srv);
		diag_oom(diags, NULL);
		return -1;
	}
	if (theme_shared_read(&srv->reload_js, &srv->reload_len,
	                      THEME_RELOAD_JS, diags) != 0) {
		free(srv->root);
		free(srv);
		return -1;
	}
	srv->opts = opts != NULL ? *opts : defaults;
	if (srv->opts.conn_limit == 0)
		srv->opts.conn_limit = defaults.conn_limit;
	if (srv->opts.per_ip_limit == 0)
		srv->opts.per_ip_limit = defaults.per_ip_limit;
	if (srv->opts.stream_limit == 0)
		srv->opts.stream_limit = defaults.stream_limit;
	if (srv->opts.timeout_s == 0)
		srv->opts.timeout_s = defaults.timeout_s;
	if (srv->opts.header_ms == 0)
		srv->opts.header_ms = defaults.header_ms;
	if (srv->opts.heartbeat_ms == 0)
		srv->opts.heartbeat_ms = defaults.heartbeat_ms;
	/* Streams may never hold every connection. */
	if (srv->opts.stream_limit > srv->opts.conn_limit / 2)
		srv->opts.stream_limit = srv->opts.conn_limit / 2 > 0
		                                 ? srv->opts.conn_limit / 2
		                                 : 1;
	host = srv->opts.host != NULL ? srv->opts.host : "127.0.0.1";
	srv->site_gen = 1;
	srv->err_seq = 1;
	{
		struct timespec ts;

		clock_gettime(CLOCK_REALTIME, &ts);
		snprintf(srv->instance, sizeof(srv->instance), "%lx%lx",
		         (unsigned long)ts.tv_sec ^ (unsigned long)ts.tv_nsec,
		         (unsigned long)getpid());
	}
	pthread_mutex_init(&srv->lock, NULL);
	pthread_condattr_init(&ca);
	pthread_cond_init(&srv->cond, &ca);
	pthread_condattr_destroy(&ca);
	fd = listen_on(host, srv->opts.port, &srv->loopback);
	if (fd < 0) {
		diag_add(diags, DIAG_ERROR, NULL, 0, 0, "serve-error",
		         "cannot listen on %s port %u: %s", host,
		         srv->opts.port, strerror(errno));
		serve_free(srv);
		return -1;
	}
	srv->port = socket_port(fd);
	srv->daemon = mhd.start_daemon(
	        MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_AUTO |
	                MHD_ALLOW_SUSPEND_RESUME,
	        0, NULL, NULL, on_request, srv, MHD_OPTION_LISTEN_SOCKET, fd,
	        MHD_OPTION_CONNECTION_LIMIT, srv->opts.conn_limit,
	        MHD_OPTION_PER_IP_CONNECTION_LIMIT, srv->opts.per_ip_limit,
	        MHD_OPTION_CONNECTION_TIMEOUT, srv->opts.timeout_s,
	        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)CONN_MEMORY,
	        MHD_OPTION_NOTIFY_CONNECTION, on_connection, srv,
	        MHD_OPTION_NOTIFY_COMPLETED, on_completed, srv,
	        MHD_OPTION_UNESCAPE_CALLBACK, unescape, srv, MHD_OPTION_END);
	if (srv->daemon == NULL) {
		close(fd);
		diag_add(diags, DIAG_ERROR, NULL, 0, 0, "serve-error",
		         "cannot start the HTTP server on %s port %u", host,
		         srv->port);
		serve_free(srv);
		return -1;
	}
	if (pthread_create(&srv->timer, NULL, timer_main, srv) != 0) {
		mhd.stop_daemon(srv->daemon);
		diag_add(diags, DIAG_ERROR, NULL, 0, 0, "serve-error",
		         "cannot start a thread");
		serve_free(srv);
		return -1;
	}
	srv->timer_started = 1;
	*out = srv;
	return 0;
}

unsigned
serve_port(const struct serve *srv)
{
	return srv->port;
}

int
serve_site_changed(struct serve *srv)
{
	struct MHD_Connection **wake;
	size_t n;

	pthread_mutex_lock(&srv->lock);
	srv->site_gen++;
	if (srv->err_json != NULL) {
		free(srv->err_json);
		srv->err_json = NULL;
		srv->err_seq++;
	}
	free(srv->err_page);
	srv->err_page = NULL;
	wake = take_suspended_locked(srv, &n);
	pthread_mutex_unlock(&srv->lock);
	resume_all(wake, n);
	return 0;
}

/*
 * The page served for every path while no build has succeeded: the
 * errors and warnings, as the terminal shows them. NULL when out of
 * memory.
 */
static char *
error_page(const struct diag_list *diags)
{
	struct strbuf b = STRBUF_INIT;
	const struct diag *d;
	size_t i;

	strbuf_puts(&b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
	                "<meta charset=\"utf-8\">\n<meta name=\"viewport\" "
	                "content=\"width=device-width, initial-scale=1\">\n"
	                "<title>The spec does not build</title>\n</head>\n"
	                "<body style=\"font:15px/1.5 system-ui,sans-serif;"
	                "margin:2em;overflow-wrap:anywhere\">\n"
	                "<h1>The spec does not build yet</h1>\n"
	                "<p>No page could be made. Save a fix and this page "
	                "reloads.</p>\n<ol id=\"asyncdoc-diagnostics\">\n");
	for (i = 0; i < diag_count(diags); i++) {
		d = diag_at(diags, i);
		if (d->severity > DIAG_WARNING)
			continue;
		strbuf_puts(&b, "<li><code>");
		strbuf_put_html(&b, d->file != NULL ? d->file : "(no file)");
		if (d->line > 0)
			strbuf_printf(&b, ":%u:%u", (unsigned)d->line,
			              (unsigned)d->col);
		strbuf_printf(&b, "</code>: %s: ",
		              diag_severity_name(d->severity));
		strbuf_put_html(&b, d->message);
		strbuf_puts(&b, " [");
		strbuf_put_html(&b, d->rule);
		strbuf_puts(&b, "]");
		if (d->hint != NULL) {
			strbuf_puts(&b, "<br>");
			strbuf_put_html(&b, d->hint);
		}
		strbuf_puts(&b, "</li>\n");
	}
	strbuf_puts(&b, "</ol>\n</body>\n</html>\n");
	return strbuf_take(&b);
}

/* The JSON of a "diagnostics" event, or NULL when out of memory. */
static char *
diagnostics_json(const struct diag_list *diags, int built)
{
	cJSON *root = cJSON_CreateObject(), *list, *o;
	const struct diag *d;
	size_t i, shown = 0, total = 0, errors = 0;
	char *text = NULL;

	list = cJSON_AddArrayToObject(root, "diagnostics");
	if (list == NULL)
		goto out;
	for (i = 0; i < diag_count(diags); i++) {
		d = diag_at(diags, i);
		if (d->severity > DIAG_WARNING)
			continue;
		total++;
		if (d->severity == DIAG_ERROR)
			errors++;
		if (shown == SERVE_DIAG_MAX)
			continue;
		o = cJSON_CreateObject();
		if (o == NULL || !cJSON_AddItemToArray(list, o))
			goto out;
		shown++;
		if ((d->file != NULL
		             ? cJSON_AddStringToObject(o, "file", d->file)
		             : cJSON_AddNullToObject(o, "file")) == NULL ||
		    cJSON_AddNumberToObject(o, "line", d->line) == NULL ||
		    cJSON_AddNumberToObject(o, "column", d->col) == NULL ||
		    cJSON_AddStringToObject(o, "severity",
		                            diag_severity_name(d->severity)) ==
		            NULL ||
		    cJSON_AddStringToObject(o, "rule", d->rule) == NULL ||
		    cJSON_AddStringToObject(o, "message", d->message) == NULL ||
		    (d->via != NULL &&
		     cJSON_AddStringToObject(o, "via", d->via) == NULL) ||
		    (d->hint != NULL &&
		     cJSON_AddStringToObject(o, "hint", d->hint) == NULL))
			goto out;
	}
	if (cJSON_AddBoolToObject(root, "built", built) == NULL ||
	    cJSON_AddNumberToObject(root, "total", (double)total) == NULL ||
	    cJSON_AddNumberToObject(root, "errors", (double)errors) == NULL)
		goto out;
	/* Unformatted: one line, so one "data:" line of the event. */
	text = cJSON_PrintUnformatted(root);
out:
	cJSON_Delete(root);
	return text;
}

int
serve_set_diagnostics(struct serve *srv, const struct diag_list *diags)
{
	struct MHD_Connection **wake;
	char *json, *page = error_page(diags);
	unsigned long gen;
	size_t n;

	pthread_mutex_lock(&srv->lock);
	gen = srv->site_gen;
	pthread_mutex_unlock(&srv->lock);
	/* site_gen starts at 1; each good build adds one. */
	json = diagnostics_json(diags, gen > 1);
	if (json == NULL || page == NULL) {
		free(json);
		free(page);
		return -1;
	}
	pthread_mutex_lock(&srv->lock);
	free(srv->err_json);
	srv->err_json = json;
	srv->err_seq++;
	if (srv->site_gen == 1) {
		free(srv->err_page);
		srv->err_page = page;
		page = NULL;
	}
	wake = take_suspended_locked(srv, &n);
	pthread_mutex_unlock(&srv->lock);
	free(page);
	resume_all(wake, n);
	return 0;
}

size_t
serve_stream_count(struct serve *srv)
{
	size_t n;

	pthread_mutex_lock(&srv->lock);
	n = srv->n_streams;
	pthread_mutex_unlock(&srv->lock);
	return n;
}

void
serve_stop(struct serve *srv)
{
	struct MHD_Connection **wake;
	struct timespec until;
	size_t n;

	if (srv == NULL)
		return;
	/* Every stream ends: its reader returns the end from now on. */
	pthread_mutex_lock(&srv->lock);
	srv->closing = 1;
	wake = take_suspended_locked(srv, &n);
	pthread_mutex_unlock(&srv->lock);
	resume_all(wake, n);
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += STOP_WAIT_MS / 1000;
	pthread_mutex_lock(&srv->lock);
	while (srv->n_streams > 0)
		if (pthread_cond_timedwait(&srv->cond, &srv->lock, &until) ==
		    ETIMEDOUT)
			break;
	srv->timer_stop = 1;
	pthread_cond_broadcast(&srv->cond);
	pthread_mutex_unlock(&srv->lock);
	if (srv->timer_started)
		pthread_join(srv->timer, NULL);
	/*
	 * No connection is suspended now: a stream's reader no longer
	 * suspends once closing is set, and the timer that resumes them is
	 * gone, so stopping the daemon is allowed.
	 */
	mhd.stop_daemon(srv->daemon);
	serve_free(srv);
}
