/*
 * Tests of the preview server: a real server on a free port, spoken to
 * over sockets by a small HTTP client of our own (raw request lines, so
 * that nothing normalises the paths), and the real asyncdoc binary for
 * `asyncdoc serve` as a whole (rebuilds, the overlay, SIGTERM).
 *
 * Waits are for events (a response, an event on a stream) with generous
 * deadlines; no test passes or fails on how fast something happens.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cjson/cJSON.h>
#include <cmocka.h>

#include "util/path.h"
#include "util/diag.h"
#include "helpers.h"
#include "serve/serve.h"

/* Deadline of anything that should happen (a loaded machine, ASan). */
#define WAIT_MS 10000
/* How long "nothing arrives" is watched for. */
#define QUIET_MS 300
#define SPEC_DIR TEST_DATA "/serve/spec"

static int64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* ------------------------------------------------------------ files */

/* Saves as editors do: a new file renamed over the old one. */
static void
save_file(const char *dir, const char *name, const char *text)
{
	char tmp[512], path[512];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	snprintf(tmp, sizeof(tmp), "%s/.%s.swp", dir, "save");
	helpers_write_file(dir, ".save.swp", text);
	assert_int_equal(rename(tmp, path), 0);
}

/* Copies the files of tests/data/serve/spec into dir. */
static void
copy_spec(const char *dir)
{
	static const char *const names[] = {"asyncapi.yaml",
	                                    "messages/hello.yaml"};
	char path[512], *text;
	size_t i;

	snprintf(path, sizeof(path), "%s/messages", dir);
	assert_int_equal(mkdir(path, 0777), 0);
	for (i = 0; i < 2; i++) {
		snprintf(path, sizeof(path), "%s/%s", SPEC_DIR, names[i]);
		text = helpers_read_file(NULL, path, NULL);
		assert_non_null(text);
		helpers_write_file(dir, names[i], text);
		free(text);
	}
}

/* ----------------------------------------------------------- client */

struct reply {
	int status;
	char *raw; /* the whole response, NUL-terminated */
	size_t len;
	const char *body; /* into raw */
	size_t body_len;
};

static int
connect_to(unsigned port)
{
	struct sockaddr_in sa;
	struct timeval tv = {WAIT_MS / 1000, 0};
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	assert_true(fd >= 0);
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0) {
		close(fd);
		return -1;
	}
	return fd;
}

static int
send_all(int fd, const char *buf, size_t n)
{
	ssize_t w;

	while (n > 0) {
		w = send(fd, buf, n, MSG_NOSIGNAL);
		if (w <= 0)
			return -1;
		buf += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Reads until the peer closes (or an error). NUL-terminated. */
static char *
read_all(int fd, size_t *len_out)
{
	size_t len = 0, cap = 4096;
	char *buf = malloc(cap + 1);
	ssize_t r;

	assert_non_null(buf);
	for (;;) {
		if (len == cap) {
			cap *= 2;
			buf = realloc(buf, cap + 1);
			assert_non_null(buf);
		}
		r = recv(fd, buf + len, cap - len, 0);
		if (r <= 0)
			break;
		len += (size_t)r;
	}
	buf[len] = '\0';
	*len_out = len;
	return buf;
}

static void
reply_parse(struct reply *r)
{
	const char *end = strstr(r->raw, "\r\n\r\n");

	r->status = 0;
	if (strncmp(r->raw, "HTTP/1.", 7) == 0)
		r->status = atoi(r->raw + 9);
	r->body = end != NULL ? end + 4 : r->raw + r->len;
	r->body_len = r->len - (size_t)(r->body - r->raw);
}

static void
reply_free(struct reply *r)
{
	free(r->raw);
	memset(r, 0, sizeof(*r));
}

/* Sends the request text as it is; status 0 when no answer came. */
static void
http_raw(struct reply *r, unsigned port, const char *req, size_t len)
{
	int fd = connect_to(port);

	memset(r, 0, sizeof(*r));
	assert_true(fd >= 0);
	if (send_all(fd, req, len) != 0) {
		/* Refused mid-request: what was answered still counts. */
		shutdown(fd, SHUT_WR);
	}
	r->raw = read_all(fd, &r->len);
	close(fd);
	reply_parse(r);
}

static void
http(struct reply *r, unsigned port, const char *method, const char *path,
     const char *headers)
{
	size_t n = strlen(path) + (headers != NULL ? strlen(headers) : 0) + 256;
	char *req = malloc(n);

	assert_non_null(req);
	snprintf(req, n,
	         "%s %s HTTP/1.1\r\nHost: 127.0.0.1:%u\r\nConnection: "
	         "close\r\n%s\r\n",
	         method, path, port, headers != NULL ? headers : "");
	http_raw(r, port, req, strlen(req));
	free(req);
}

/* A header's value (the caller frees), or NULL. */
static char *
header(const struct reply *r, const char *name)
{
	const char *p = strstr(r->raw, "\r\n"), *end, *v;
	size_t n = strlen(name);

	while (p != NULL && p < r->body - 2) {
		p += 2;
		end = strstr(p, "\r\n");
		if (end == NULL || end == p)
			break;
		if (strncasecmp(p, name, n) == 0 && p[n] == ':') {
			v = p + n + 1;
			while (*v == ' ')
				v++;
			return strndup(v, (size_t)(end - v));
		}
		p = end;
	}
	return NULL;
}

static void
assert_header(const struct reply *r, const char *name, const char *value)
{
	char *v = header(r, name);

	if (v == NULL)
		fail_msg("no %s header in:\n%s", name, r->raw);
	assert_string_equal(v, value);
	free(v);
}

/* The reload token of a served HTML page. */
static char *
page_token(const struct reply *r)
{
	const char *p = strstr(r->body, "data-since=\"");

	assert_non_null(p);
	p += strlen("data-since=\"");
	return strndup(p, strcspn(p, "\""));
}

/* ------------------------------------------------------ event stream */

/* An event stream read through its chunked encoding. */
struct sse {
	int fd;
	char raw[1 << 16];
	size_t raw_len;
	char text[1 << 17];
	size_t len;   /* decoded bytes in text */
	size_t seen;  /* text before this was matched already */
	size_t chunk; /* bytes left in the current chunk */
	int headers;  /* the headers were read */
	int chunked;  /* Transfer-Encoding: chunked */
	int eof;      /* the server closed it (or a chunk of 0) */
	int status;
};

/* Moves what raw holds into text. */
static void
sse_decode(struct sse *s)
{
	char *end;
	size_t n, used = 0;

	if (!s->headers) {
		end = strstr(s->raw, "\r\n\r\n");
		if (end == NULL)
			return;
		s->status = atoi(s->raw + 9);
		*end = '\0';
		s->chunked = strstr(s->raw, "chunked") != NULL;
		used = (size_t)(end + 4 - s->raw);
		s->headers = 1;
	}
	while (used < s->raw_len) {
		if (!s->chunked || s->chunk > 0) {
			n = s->raw_len - used;
			if (s->chunked && n > s->chunk)
				n = s->chunk;
			assert_true(s->len + n < sizeof(s->text));
			memcpy(s->text + s->len, s->raw + used, n);
			s->len += n;
			used += n;
			if (s->chunked)
				s->chunk -= n;
			continue;
		}
		/* A chunk's end ("\r\n") and the next size line. */
		end = memchr(s->raw + used, '\n', s->raw_len - used);
		if (end == NULL)
			break;
		if (end - (s->raw + used) <= 1) {
			used = (size_t)(end + 1 - s->raw);
			continue;
		}
		s->chunk = strtoul(s->raw + used, NULL, 16);
		used = (size_t)(end + 1 - s->raw);
		if (s->chunk == 0)
			s->eof = 1;
	}
	memmove(s->raw, s->raw + used, s->raw_len - used);
	s->raw_len -= used;
	s->raw[s->raw_len] = '\0';
	s->text[s->len] = '\0';
}

/* Reads what comes within ms. 0, or -1 at the end of the stream. */
static int
sse_pump(struct sse *s, int ms)
{
	struct pollfd pfd = {s->fd, POLLIN, 0};
	ssize_t r;

	if (s->eof)
		return -1;
	if (poll(&pfd, 1, ms) <= 0)
		return 0;
	r = recv(s->fd, s->raw + s->raw_len, sizeof(s->raw) - 1 - s->raw_len,
	         0);
	if (r <= 0) {
		s->eof = 1;
		return -1;
	}
	s->raw_len += (size_t)r;
	s->raw[s->raw_len] = '\0';
	sse_decode(s);
	return 0;
}

static void
sse_open(struct sse *s, unsigned port, const char *since)
{
	char req[512];
	int64_t end = now_ms() + WAIT_MS;

	memset(s, 0, sizeof(*s));
	s->fd = connect_to(port);
	assert_true(s->fd >= 0);
	snprintf(req, sizeof(req),
	         "GET " SERVE_EVENTS_PATH "?since=%s HTTP/1.1\r\nHost: "
	         "127.0.0.1:%u\r\nAccept: text/event-stream\r\n\r\n",
	         since != NULL ? since : "", port);
	assert_int_equal(send_all(s->fd, req, strlen(req)), 0);
	while (!s->headers && now_ms() < end)
		if (sse_pump(s, 100) < 0)
			break;
	assert_true(s->headers);
}

/*
 * Waits for needle in what comes after the last match. Returns where it
 * starts in s->text, or NULL at the deadline or the end of the stream.
 */
static const char *
sse_wait(struct sse *s, const char *needle, int ms)
{
	int64_t end = now_ms() + ms;
	const char *hit;

	for (;;) {
		hit = strstr(s->text + s->seen, needle);
		if (hit != NULL) {
			s->seen = (size_t)(hit - s->text) + strlen(needle);
			return hit;
		}
		if (now_ms() >= end || sse_pump(s, 50) < 0) {
			hit = strstr(s->text + s->seen, needle);
			if (hit != NULL)
				s->seen = (size_t)(hit - s->text) +
				          strlen(needle);
			return hit;
		}
	}
}

/* 1 when the stream ends within ms. */
static int
sse_wait_end(struct sse *s, int ms)
{
	int64_t end = now_ms() + ms;

	while (now_ms() < end)
		if (sse_pump(s, 50) < 0)
			return 1;
	return 0;
}

static void
sse_close(struct sse *s)
{
	close(s->fd);
	s->fd = -1;
}

/* The JSON of the "diagnostics" event at hit (the caller deletes it). */
static cJSON *
event_json(const char *hit)
{
	const char *data = strstr(hit, "data: "), *end;
	char *text;
	cJSON *j;

	assert_non_null(data);
	data += 6;
	end = strchr(data, '\n');
	assert_non_null(end);
	text = strndup(data, (size_t)(end - data));
	j = cJSON_Parse(text);
	free(text);
	assert_non_null(j);
	return j;
}

/* ------------------------------------------------------- fixture */

struct fx {
	char root[64];
	char site[128];
	char other[128]; /* a second site (swap test) */
	struct serve *srv;
	unsigned port;
};

static void
make_site(struct fx *f)
{
	char path[512];

	snprintf(f->site, sizeof(f->site), "%s/site", f->root);
	snprintf(f->other, sizeof(f->other), "%s/other", f->root);
	assert_int_equal(mkdir(f->site, 0777), 0);
	helpers_write_file(f->root, "secret.txt", "TOPSECRET\n");
	helpers_write_file(
	        f->site, "index.html",
	        "<!DOCTYPE html>\n<html><head><title>t</title></head>"
	        "<body>\n<p>home page</p>\n</BODY>\n</html>\n");
	helpers_write_file(f->site, "style.css", "body { color: red }\n");
	helpers_write_file(f->site, "app.js", "var x = 1;\n");
	helpers_write_file(f->site, "data.json", "{}\n");
	helpers_write_file(f->site, "pic.svg",
	                   "<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n");
	helpers_write_file(f->site, "img.PNG", "\x89PNG\r\n");
	helpers_write_file(f->site, "font.woff2", "wOF2");
	helpers_write_file(f->site, "blob.xyz", "blob");
	helpers_write_file(f->site, "noext", "plain");
	helpers_write_file(f->site, ".hidden", "HIDDEN\n");
	helpers_write_file(f->site, ".asyncdoc-site", "marker\n");
	snprintf(path, sizeof(path), "%s/sub", f->site);
	assert_int_equal(mkdir(path, 0777), 0);
	helpers_write_file(path, "index.html",
	                   "<html><body>sub index</body></html>");
	helpers_write_file(path, "page.html",
	                   "<p>a page without a body tag</p>\n");
	helpers_write_file(f->site, "sub/a b%.txt", "spaced\n");
	snprintf(path, sizeof(path), "%s/link-out", f->site);
	assert_int_equal(symlink("../secret.txt", path), 0);
	snprintf(path, sizeof(path), "%s/dir-out", f->site);
	assert_int_equal(symlink("..", path), 0);
	snprintf(path, sizeof(path), "%s/link-in.html", f->site);
	assert_int_equal(symlink("index.html", path), 0);
	snprintf(path, sizeof(path), "%s/sub/abs", f->site);
	{
		char target[256];

		snprintf(target, sizeof(target), "%s/secret.txt", f->root);
		assert_int_equal(symlink(target, path), 0);
	}
	snprintf(path, sizeof(path), "%s/fifo", f->site);
	assert_int_equal(mkfifo(path, 0666), 0);
}

static int
start(void **state, const struct serve_opts *opts)
{
	struct fx *f = calloc(1, sizeof(*f));
	struct diag_list *diags = diag_list_new();

	if (f == NULL || diags == NULL)
		return -1;
	strcpy(f->root, "/tmp/asyncdoc-test-serve-XXXXXX");
	if (mkdtemp(f->root) == NULL)
		return -1;
	make_site(f);
	if (serve_start(&f->srv, f->site, opts, diags) != 0) {
		fprintf(stderr, "%s\n", diag_at(diags, 0)->message);
		return -1;
	}
	diag_list_free(diags);
	f->port = serve_port(f->srv);
	*state = f;
	return f->port > 0 ? 0 : -1;
}

static int
setup(void **state)
{
	struct serve_opts opts = SERVE_OPTS_INIT;

	opts.heartbeat_ms = 200;
	return start(state, &opts);
}

/* Files opened one component at a time, as on kernels without openat2. */
static int
setup_walk(void **state)
{
	struct serve_opts opts = SERVE_OPTS_INIT;

	opts.no_openat2 = 1;
	return start(state, &opts);
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	serve_stop(f->srv);
	path_remove_tree(f->root);
	free(f);
	return 0;
}

/* ------------------------------------------------------------ files */

static void
get_ok(unsigned port, const char *path, const char *type, const char *text)
{
	struct reply r;

	http(&r, port, "GET", path, NULL);
	if (r.status != 200)
		fail_msg("GET %s: %d\n%s", path, r.status, r.raw);
	assert_header(&r, "Content-Type", type);
	assert_header(&r, "Cache-Control", "no-cache");
	assert_header(&r, "X-Content-Type-Options", "nosniff");
	assert_non_null(strstr(r.body, text));
	reply_free(&r);
}

static void
serves_files_with_their_types(void **state)
{
	struct fx *f = *state;

	get_ok(f->port, "/index.html", "text/html; charset=utf-8", "home page");
	get_ok(f->port, "/style.css", "text/css; charset=utf-8", "color");
	get_ok(f->port, "/app.js", "text/javascript; charset=utf-8", "var x");
	get_ok(f->port, "/data.json", "application/json", "{}");
	get_ok(f->port, "/pic.svg", "image/svg+xml", "<svg");
	get_ok(f->port, "/img.PNG", "image/png", "PNG");
	get_ok(f->port, "/font.woff2", "font/woff2", "wOF2");
	get_ok(f->port, "/blob.xyz", "application/octet-stream", "blob");
	get_ok(f->port, "/noext", "application/octet-stream", "plain");
	/* Decoded once: "%25" is a "%" in the name, "%20" a space. */
	get_ok(f->port, "/sub/a%20b%25.txt", "text/plain; charset=utf-8",
	       "spaced");
	/* The query is not part of the path. */
	get_ok(f->port, "/style.css?v=%00..%2f", "text/css; charset=utf-8",
	       "color");
}

static void
folders_give_their_index(void **state)
{
	struct fx *f = *state;
	struct reply r;

	get_ok(f->port, "/", "text/html; charset=utf-8", "home page");
	get_ok(f->port, "/sub/", "text/html; charset=utf-8", "sub index");
	/* Without the slash, relative links would break: redirected. */
	http(&r, f->port, "GET", "/sub", NULL);
	assert_int_equal(r.status, 301);
	assert_header(&r, "Location", "/sub/");
	reply_free(&r);
}

static void
missing_files_are_404(void **state)
{
	struct fx *f = *state;
	struct reply r;

	http(&r, f->port, "GET", "/nope.html", NULL);
	assert_int_equal(r.status, 404);
	assert_header(&r, "Content-Type", "text/html; charset=utf-8");
	assert_non_null(strstr(r.body, "Not found"));
	/* Even a 404 page reloads when the site changes. */
	assert_non_null(strstr(r.body, SERVE_RELOAD_JS));
	reply_free(&r);
	/* The site's own 404 page, when it has one. */
	helpers_write_file(f->site, "404.html",
	                   "<html><body>custom lost page</body></html>\n");
	http(&r, f->port, "GET", "/nope/deeper.html", NULL);
	assert_int_equal(r.status, 404);
	assert_non_null(strstr(r.body, "custom lost page"));
	assert_non_null(strstr(r.body, SERVE_RELOAD_JS));
	reply_free(&r);
	/* Our own paths are not the site's; hidden names are not served. */
	http(&r, f->port, "GET", "/__asyncdoc/other", NULL);
	assert_int_equal(r.status, 404);
	assert_non_null(strstr(r.body, "custom lost page"));
	reply_free(&r);
	http(&r, f->port, "GET", "/.hidden", NULL);
	assert_int_equal(r.status, 404);
	assert_non_null(strstr(r.body, "custom lost page"));
	assert_null(strstr(r.body, "HIDDEN"));
	reply_free(&r);
}

/* The traversal list: nothing outside the root, whatever the spelling. */
struct bad_path {
	const char *path;
	int status;
};

static const struct bad_path bad_paths[] = {
        {"/../secret.txt", 400},
        {"/sub/../../secret.txt", 400},
        {"/%2e%2e/secret.txt", 400},
        {"/%2E%2E/secret.txt", 400},
        {"/.%2e/secret.txt", 400},
        {"/%2e./secret.txt", 400},
        {"/sub/%2e%2e/%2e%2e/secret.txt", 400},
        {"/sub/..%2f..%2fsecret.txt", 400},
        {"/sub/%2F..%2F..%2Fsecret.txt", 400},
        {"/%2fetc/passwd", 400},
        {"/..%5csecret.txt", 400},
        {"/%5c..%5csecret.txt", 400},
        {"/sub\\..\\..\\secret.txt", 400},
        {"/..\\secret.txt", 400},
        {"/index.html%00.css", 400},
        {"/secret.txt%00", 400},
        {"/%00", 400},
        {"/%", 400},
        {"/%zz", 400},
        {"/%2", 400},
        {"//etc/passwd", 400},
        {"/sub//index.html", 400},
        {"/./index.html", 400},
        {"/sub/.", 400},
        {"/sub/..", 400},
        {"/%0a", 400},
        {"/etc/passwd", 404},
        {"/link-out", 404},
        {"/dir-out/secret.txt", 404},
        {"/dir-out/", 404},
        {"/link-in.html", 404},
        {"/sub/abs", 404},
        {"/fifo", 404},
        {"/.hidden", 404},
        {"/.asyncdoc-site", 404},
        {"/sub/.%2e/secret.txt", 400},
};

static void
check_bad_path(unsigned port, const char *path, int status)
{
	struct reply r;

	http(&r, port, "GET", path, NULL);
	if (r.status != status)
		fail_msg("GET %s: %d, not %d", path, r.status, status);
	if (strstr(r.raw, "TOPSECRET") != NULL ||
	    strstr(r.raw, "HIDDEN") != NULL)
		fail_msg("GET %s leaked a file outside the site", path);
	reply_free(&r);
}

static void
paths_never_leave_the_root(void **state)
{
	struct fx *f = *state;
	struct reply r;
	char *path, req[256];
	size_t i;

	for (i = 0; i < sizeof(bad_paths) / sizeof(bad_paths[0]); i++)
		check_bad_path(f->port, bad_paths[i].path, bad_paths[i].status);
	/* Absolute URLs and no path at all. */
	snprintf(req, sizeof(req),
	         "GET http://127.0.0.1:%u/../secret.txt HTTP/1.1\r\nHost: "
	         "127.0.0.1\r\nConnection: close\r\n\r\n",
	         f->port);
	http_raw(&r, f->port, req, strlen(req));
	assert_true(r.status == 400 || r.status == 404);
	assert_null(strstr(r.raw, "TOPSECRET"));
	reply_free(&r);
	check_bad_path(f->port, "*", 400);
	/* Long paths: ours (414), and one past libmicrohttpd's memory. */
	path = malloc(70000);
	assert_non_null(path);
	path[0] = '/';
	memset(path + 1, 'a', SERVE_PATH_MAX + 10);
	path[SERVE_PATH_MAX + 11] = '\0';
	check_bad_path(f->port, path, 414);
	/* Short once decoded, long as sent. */
	for (i = 0; i < 400; i++)
		memcpy(path + 1 + 3 * i, "%61", 3);
	path[1 + 3 * 400] = '\0';
	check_bad_path(f->port, path, 414);
	memset(path + 1, 'a', 69990);
	path[69991] = '\0';
	http(&r, f->port, "GET", path, NULL);
	assert_true(r.status == 0 || r.status == 414 || r.status == 431 ||
	            r.status == 400);
	assert_null(strstr(r.raw, "TOPSECRET"));
	reply_free(&r);
	free(path);
	/* The server still works after all that. */
	get_ok(f->port, "/", "text/html; charset=utf-8", "home page");
}

static void
etags_give_304(void **state)
{
	struct fx *f = *state;
	struct reply r;
	char *etag, hdr[256];

	http(&r, f->port, "GET", "/style.css", NULL);
	assert_int_equal(r.status, 200);
	etag = header(&r, "ETag");
	assert_non_null(etag);
	assert_int_equal(etag[0], '"');
	reply_free(&r);

	snprintf(hdr, sizeof(hdr), "If-None-Match: %s\r\n", etag);
	http(&r, f->port, "GET", "/style.css", hdr);
	assert_int_equal(r.status, 304);
	assert_int_equal(r.body_len, 0);
	assert_header(&r, "ETag", etag);
	assert_header(&r, "Cache-Control", "no-cache");
	reply_free(&r);
	/* Weak forms and lists match too (If-None-Match is weak). */
	snprintf(hdr, sizeof(hdr), "If-None-Match: \"x\", W/%s\r\n", etag);
	http(&r, f->port, "GET", "/style.css", hdr);
	assert_int_equal(r.status, 304);
	reply_free(&r);
	http(&r, f->port, "GET", "/style.css", "If-None-Match: *\r\n");
	assert_int_equal(r.status, 304);
	reply_free(&r);
	http(&r, f->port, "GET", "/style.css", "If-None-Match: \"nope\"\r\n");
	assert_int_equal(r.status, 200);
	reply_free(&r);
	/* A rewritten file is a new version. */
	save_file(f->site, "style.css", "body { color: blue }\n");
	snprintf(hdr, sizeof(hdr), "If-None-Match: %s\r\n", etag);
	http(&r, f->port, "GET", "/style.css", hdr);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "blue"));
	reply_free(&r);
	free(etag);
}

/* A page's ETag covers its reload token: a new site is a new page. */
static void
html_etags_change_with_the_site(void **state)
{
	struct fx *f = *state;
	struct reply r;
	char *etag, hdr[256];

	http(&r, f->port, "GET", "/", NULL);
	etag = header(&r, "ETag");
	assert_non_null(etag);
	reply_free(&r);
	snprintf(hdr, sizeof(hdr), "If-None-Match: %s\r\n", etag);
	http(&r, f->port, "GET", "/", hdr);
	assert_int_equal(r.status, 304);
	reply_free(&r);
	assert_int_equal(serve_site_changed(f->srv), 0);
	http(&r, f->port, "GET", "/", hdr);
	assert_int_equal(r.status, 200);
	reply_free(&r);
	free(etag);
}

static void
head_sends_headers_only(void **state)
{
	struct fx *f = *state;
	struct reply get, head;
	char *n, len[32];

	http(&get, f->port, "GET", "/style.css", NULL);
	http(&head, f->port, "HEAD", "/style.css", NULL);
	assert_int_equal(head.status, 200);
	assert_int_equal(head.body_len, 0);
	snprintf(len, sizeof(len), "%zu", get.body_len);
	assert_header(&head, "Content-Length", len);
	assert_header(&head, "Content-Type", "text/css; charset=utf-8");
	n = header(&get, "ETag");
	assert_header(&head, "ETag", n);
	free(n);
	reply_free(&get);
	reply_free(&head);
	/* A page's length counts the script put in. */
	http(&get, f->port, "GET", "/", NULL);
	http(&head, f->port, "HEAD", "/", NULL);
	assert_int_equal(head.status, 200);
	assert_int_equal(head.body_len, 0);
	snprintf(len, sizeof(len), "%zu", get.body_len);
	assert_header(&head, "Content-Length", len);
	reply_free(&get);
	reply_free(&head);
}

static void
only_get_and_head(void **state)
{
	static const char *const methods[] = {"POST",  "PUT",     "DELETE",
	                                      "PATCH", "OPTIONS", "TRACE"};
	struct fx *f = *state;
	struct reply r;
	size_t i;

	for (i = 0; i < sizeof(methods) / sizeof(methods[0]); i++) {
		http(&r, f->port, methods[i], "/index.html",
		     "Content-Length: 5\r\n\r\nhello");
		if (r.status != 405)
			fail_msg("%s: %d", methods[i], r.status);
		assert_header(&r, "Allow", "GET, HEAD");
		reply_free(&r);
	}
}

static void
pages_get_the_reload_script(void **state)
{
	struct fx *f = *state;
	struct reply r;
	const char *tag, *body;
	char path[512], *disk;

	http(&r, f->port, "GET", "/", NULL);
	tag = strstr(r.body, "<script src=\"" SERVE_RELOAD_JS "\"");
	body = strstr(r.body, "</BODY>");
	assert_non_null(tag);
	assert_non_null(body);
	/* Just before </body>, once. */
	assert_true(tag < body);
	assert_null(strstr(tag + strlen("<script src=\"" SERVE_RELOAD_JS),
	                   SERVE_RELOAD_JS));
	assert_non_null(strstr(r.body, "</html>\n"));
	reply_free(&r);
	/* No </body>: at the end. */
	http(&r, f->port, "GET", "/sub/page.html", NULL);
	assert_non_null(strstr(r.body, "</p>\n<script src=\"" SERVE_RELOAD_JS));
	reply_free(&r);
	/* Nothing else gets it, and the files on disk never do. */
	http(&r, f->port, "GET", "/style.css", NULL);
	assert_null(strstr(r.body, "script"));
	reply_free(&r);
	snprintf(path, sizeof(path), "%s/index.html", f->site);
	disk = helpers_read_file(NULL, path, NULL);
	assert_non_null(disk);
	assert_null(strstr(disk, "script"));
	free(disk);
	/* The script: text only, never HTML from the event. */
	http(&r, f->port, "GET", SERVE_RELOAD_JS, NULL);
	assert_int_equal(r.status, 200);
	assert_header(&r, "Content-Type", "text/javascript; charset=utf-8");
	assert_non_null(strstr(r.body, "EventSource"));
	assert_non_null(strstr(r.body, "textContent"));
	assert_null(strstr(r.body, "innerHTML"));
	assert_null(strstr(r.body, "insertAdjacentHTML"));
	reply_free(&r);
}

static void
other_hosts_are_refused(void **state)
{
	struct fx *f = *state;
	struct reply r;
	char req[256];

	snprintf(req, sizeof(req),
	         "GET / HTTP/1.1\r\nHost: evil.example:%u\r\nConnection: "
	         "close\r\n\r\n",
	         f->port);
	http_raw(&r, f->port, req, strlen(req));
	assert_int_equal(r.status, 421);
	assert_null(strstr(r.raw, "home page"));
	reply_free(&r);
	snprintf(req, sizeof(req),
	         "GET / HTTP/1.1\r\nHost: localhost:%u\r\nConnection: "
	         "close\r\n\r\n",
	         f->port);
	http_raw(&r, f->port, req, strlen(req));
	assert_int_equal(r.status, 200);
	reply_free(&r);
	snprintf(req, sizeof(req),
	         "GET / HTTP/1.1\r\nHost: [::1]:%u\r\nConnection: "
	         "close\r\n\r\n",
	         f->port);
	http_raw(&r, f->port, req, strlen(req));
	assert_int_equal(r.status, 200);
	reply_free(&r);
}

/* Several requests on one connection (a page and its assets). */
static void
connections_are_kept_alive(void **state)
{
	struct fx *f = *state;
	char req[512], buf[8192];
	int fd = connect_to(f->port), i;
	size_t len = 0;
	ssize_t n;

	buf[0] = '\0';
	assert_true(fd >= 0);
	for (i = 0; i < 3; i++) {
		snprintf(req, sizeof(req),
		         "GET /app.js HTTP/1.1\r\nHost: 127.0.0.1:%u\r\n\r\n",
		         f->port);
		assert_int_equal(send_all(fd, req, strlen(req)), 0);
		len = 0;
		while (strstr(buf, "var x") == NULL || len == 0) {
			n = recv(fd, buf + len, sizeof(buf) - 1 - len, 0);
			assert_true(n > 0);
			len += (size_t)n;
			buf[len] = '\0';
		}
		assert_non_null(strstr(buf, "200 OK"));
		assert_null(strstr(buf, "Connection: close"));
		buf[0] = '\0';
	}
	close(fd);
}

/* ------------------------------------------------------- reload */

static void
changes_reach_open_pages(void **state)
{
	struct fx *f = *state;
	struct reply r;
	struct sse s;
	const char *hit;
	char *token;

	http(&r, f->port, "GET", "/", NULL);
	token = page_token(&r);
	reply_free(&r);
	sse_open(&s, f->port, token);
	assert_int_equal(s.status, 200);
	assert_non_null(sse_wait(&s, "retry: ", WAIT_MS));
	/* The stream names the current site first: the page's own. */
	hit = sse_wait(&s, "event: site\ndata: ", WAIT_MS);
	assert_non_null(hit);
	assert_memory_equal(hit + strlen("event: site\ndata: "), token,
	                    strlen(token));
	/* Nothing more to say while the page is current. */
	assert_null(sse_wait(&s, "event:", QUIET_MS));
	helpers_write_file(f->site, "index.html",
	                   "<html><body>changed page</body></html>");
	assert_int_equal(serve_site_changed(f->srv), 0);
	assert_non_null(sse_wait(&s, "event: reload\n", WAIT_MS));
	get_ok(f->port, "/", "text/html; charset=utf-8", "changed page");
	sse_close(&s);
	free(token);
}

/* A page served before a rebuild reloads as soon as it connects. */
static void
stale_pages_reload_at_once(void **state)
{
	struct fx *f = *state;
	struct sse s;

	sse_open(&s, f->port, "0-0");
	assert_non_null(sse_wait(&s, "event: reload\n", WAIT_MS));
	sse_close(&s);
	sse_open(&s, f->port, NULL);
	assert_non_null(sse_wait(&s, "event: reload\n", WAIT_MS));
	sse_close(&s);
}

static void
broken_builds_show_their_diagnostics(void **state)
{
	struct fx *f = *state;
	struct diag_list *diags = diag_list_new();
	struct reply r;
	struct sse s, late;
	const char *hit;
	cJSON *j, *d;
	char *token;

	http(&r, f->port, "GET", "/", NULL);
	token = page_token(&r);
	reply_free(&r);
	sse_open(&s, f->port, token);
	assert_non_null(sse_wait(&s, "retry: ", WAIT_MS));
	diag_add(diags, DIAG_ERROR, "spec.yaml", 3, 7, "yaml-syntax",
	         "<img src=x onerror=alert(1)> & \"quotes\"\nline two");
	diag_add(diags, DIAG_WARNING, "other.yaml", 1, 1, "some-rule",
	         "a warning");
	diag_add(diags, DIAG_INFO, "other.yaml", 2, 1, "hint", "an info");
	assert_int_equal(serve_set_diagnostics(f->srv, diags), 0);
	hit = sse_wait(&s, "event: diagnostics\n", WAIT_MS);
	assert_non_null(hit);
	j = event_json(hit);
	assert_int_equal(
	        cJSON_GetArraySize(cJSON_GetObjectItem(j, "diagnostics")), 2);
	d = cJSON_GetArrayItem(cJSON_GetObjectItem(j, "diagnostics"), 0);
	assert_string_equal(cJSON_GetObjectItem(d, "file")->valuestring,
	                    "spec.yaml");
	assert_int_equal(cJSON_GetObjectItem(d, "line")->valueint, 3);
	assert_int_equal(cJSON_GetObjectItem(d, "column")->valueint, 7);
	assert_string_equal(cJSON_GetObjectItem(d, "severity")->valuestring,
	                    "error");
	/* The text as it is: the page sets it as text, not as HTML. */
	assert_string_equal(cJSON_GetObjectItem(d, "message")->valuestring,
	                    "<img src=x onerror=alert(1)> & \"quotes\"\nline "
	                    "two");
	assert_int_equal(cJSON_GetObjectItem(j, "errors")->valueint, 1);
	cJSON_Delete(j);
	/* The last good site is still served. */
	get_ok(f->port, "/", "text/html; charset=utf-8", "home page");
	/* A page opened now shows the errors at once. */
	http(&r, f->port, "GET", "/sub/", NULL);
	free(token);
	token = page_token(&r);
	reply_free(&r);
	sse_open(&late, f->port, token);
	assert_non_null(sse_wait(&late, "event: diagnostics\n", WAIT_MS));
	assert_null(sse_wait(&late, "event: reload", QUIET_MS));
	/* The fix: both reload (which clears the overlay). */
	assert_int_equal(serve_site_changed(f->srv), 0);
	assert_non_null(sse_wait(&s, "event: reload\n", WAIT_MS));
	assert_non_null(sse_wait(&late, "event: reload\n", WAIT_MS));
	sse_close(&s);
	sse_close(&late);
	/* And a page of the fixed site sees nothing more. */
	http(&r, f->port, "GET", "/", NULL);
	free(token);
	token = page_token(&r);
	reply_free(&r);
	sse_open(&s, f->port, token);
	assert_non_null(sse_wait(&s, "event: site\n", WAIT_MS));
	assert_null(sse_wait(&s, "event:", QUIET_MS));
	sse_close(&s);
	free(token);
	diag_list_free(diags);
}

static void
streams_get_heartbeats(void **state)
{
	struct fx *f = *state;
	struct sse s;
	struct reply r;
	char *token;

	http(&r, f->port, "GET", "/", NULL);
	token = page_token(&r);
	reply_free(&r);
	sse_open(&s, f->port, token);
	assert_non_null(sse_wait(&s, ": ping\n\n", WAIT_MS));
	assert_non_null(sse_wait(&s, ": ping\n\n", WAIT_MS));
	sse_close(&s);
	free(token);
}

static int
setup_streams(void **state)
{
	struct serve_opts opts = SERVE_OPTS_INIT;

	opts.stream_limit = 2;
	opts.heartbeat_ms = 100;
	return start(state, &opts);
}

/* Streams never take every connection; closed tabs free their place. */
static void
streams_are_capped(void **state)
{
	struct fx *f = *state;
	struct sse a, b, c;
	int64_t end;

	sse_open(&a, f->port, NULL);
	sse_open(&b, f->port, NULL);
	assert_int_equal(a.status, 200);
	assert_int_equal(b.status, 200);
	sse_open(&c, f->port, NULL);
	assert_int_equal(c.status, 503);
	sse_close(&c);
	/* Files are still served meanwhile. */
	get_ok(f->port, "/", "text/html; charset=utf-8", "home page");
	/* A tab goes away: the heartbeat notices, the place is free. */
	sse_close(&a);
	end = now_ms() + WAIT_MS;
	while (serve_stream_count(f->srv) > 1 && now_ms() < end)
		usleep(20000);
	assert_int_equal(serve_stream_count(f->srv), 1);
	sse_open(&c, f->port, NULL);
	assert_int_equal(c.status, 200);
	/* The status counts them: two open, three opened, two at most. */
	get_ok(f->port, SERVE_STATUS_PATH, "application/json",
	       "{\"streams\": 2, \"streams_opened\": 3, \"streams_max\": 2}");
	sse_close(&b);
	sse_close(&c);
}

/* serve_stop() ends the streams: a page sees the end at once. */
static void
stop_ends_streams(void **state)
{
	struct fx *f = *state;
	struct sse s;

	sse_open(&s, f->port, NULL);
	assert_non_null(sse_wait(&s, "retry: ", WAIT_MS));
	serve_stop(f->srv);
	f->srv = NULL;
	assert_true(sse_wait_end(&s, WAIT_MS));
	sse_close(&s);
}

/* ------------------------------------------------------------- load */

/* 200 clients at once, each with its own connection, all answered. */
static void
many_clients_at_once(void **state)
{
	enum { N = 200 };
	struct fx *f = *state;
	struct pollfd pfd[N];
	char *buf[N], req[256];
	size_t len[N], done = 0, ok = 0, i;
	int64_t end;
	ssize_t n;

	snprintf(req, sizeof(req),
	         "GET /sub/ HTTP/1.1\r\nHost: 127.0.0.1:%u\r\nConnection: "
	         "close\r\n\r\n",
	         f->port);
	for (i = 0; i < N; i++) {
		pfd[i].fd = connect_to(f->port);
		assert_true(pfd[i].fd >= 0);
		pfd[i].events = POLLIN;
		buf[i] = calloc(1, 16384);
		assert_non_null(buf[i]);
		len[i] = 0;
	}
	/* Every request is sent before any answer is read. */
	for (i = 0; i < N; i++)
		assert_int_equal(send_all(pfd[i].fd, req, strlen(req)), 0);
	end = now_ms() + 3 * WAIT_MS;
	while (done < N && now_ms() < end) {
		if (poll(pfd, N, 100) <= 0)
			continue;
		for (i = 0; i < N; i++) {
			if (pfd[i].fd < 0 || pfd[i].revents == 0)
				continue;
			n = recv(pfd[i].fd, buf[i] + len[i], 16383 - len[i], 0);
			if (n > 0) {
				len[i] += (size_t)n;
				continue;
			}
			close(pfd[i].fd);
			pfd[i].fd = -1;
			done++;
			if (strncmp(buf[i], "HTTP/1.1 200", 12) == 0 &&
			    strstr(buf[i], "sub index") != NULL)
				ok++;
		}
	}
	for (i = 0; i < N; i++) {
		if (pfd[i].fd >= 0)
			close(pfd[i].fd);
		free(buf[i]);
	}
	assert_int_equal(done, N);
	assert_int_equal(ok, N);
}

struct slow {
	unsigned port;
	int n;
	int fds[64];
	atomic_int stop;
	atomic_int cut; /* connections the server closed */
};

/* Sends a request one header line at a time, forever. */
static void *
slow_main(void *arg)
{
	struct slow *s = arg;
	char line[64];
	int i, k = 0;

	while (!s->stop) {
		for (i = 0; i < s->n; i++) {
			if (s->fds[i] < 0)
				continue;
			snprintf(line, sizeof(line), "X%d: 1\r\n", k % 10);
			if (send(s->fds[i], line, strlen(line), MSG_NOSIGNAL) <
			    0) {
				close(s->fds[i]);
				s->fds[i] = -1;
				s->cut++;
			}
		}
		k++;
		/*
		 * Slow enough that the headers fill libmicrohttpd's buffer
		 * only after minutes, fast enough for its inactivity timeout
		 * never to fire: only the header deadline cuts these.
		 */
		usleep(250000);
	}
	return NULL;
}

static void
slow_start(struct slow *s, pthread_t *tid, unsigned port, int n)
{
	char req[128];
	int i;

	memset(s, 0, sizeof(*s));
	s->port = port;
	s->n = n;
	snprintf(req, sizeof(req), "GET / HTTP/1.1\r\nHost: 127.0.0.1:%u\r\n",
	         port);
	for (i = 0; i < n; i++) {
		s->fds[i] = connect_to(port);
		assert_true(s->fds[i] >= 0);
		assert_int_equal(send_all(s->fds[i], req, strlen(req)), 0);
	}
	assert_int_equal(pthread_create(tid, NULL, slow_main, s), 0);
}

static void
slow_stop(struct slow *s, pthread_t tid)
{
	int i;

	s->stop = 1;
	pthread_join(tid, NULL);
	for (i = 0; i < s->n; i++)
		if (s->fds[i] >= 0)
			close(s->fds[i]);
}

/* Slow clients beside a normal one: it is served at once. */
static void
slowloris_does_not_block(void **state)
{
	struct fx *f = *state;
	struct slow s;
	pthread_t tid;

	slow_start(&s, &tid, f->port, 50);
	usleep(100000);
	get_ok(f->port, "/", "text/html; charset=utf-8", "home page");
	get_ok(f->port, "/style.css", "text/css; charset=utf-8", "color");
	slow_stop(&s, tid);
}

static int
setup_small(void **state)
{
	struct serve_opts opts = SERVE_OPTS_INIT;

	opts.conn_limit = 8;
	opts.per_ip_limit = 8;
	opts.stream_limit = 2;
	opts.header_ms = 500;
	return start(state, &opts);
}

/*
 * Slow clients that hold every connection (trickling bytes, so that the
 * inactivity timeout never fires) are cut at the header deadline: a
 * normal client waiting behind them is served.
 */
static void
slowloris_is_cut_at_the_deadline(void **state)
{
	struct fx *f = *state;
	struct slow s;
	struct reply r;
	pthread_t tid;
	int64_t end;

	slow_start(&s, &tid, f->port, 8);
	usleep(100000);
	end = now_ms() + WAIT_MS;
	do {
		http(&r, f->port, "GET", "/", NULL);
		if (r.status == 200)
			break;
		reply_free(&r);
		usleep(50000);
	} while (now_ms() < end);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "home page"));
	reply_free(&r);
	end = now_ms() + WAIT_MS;
	while (s.cut == 0 && now_ms() < end)
		usleep(20000);
	slow_stop(&s, tid);
	assert_true(s.cut > 0);
}

/* A request sees a whole site, the old or the new, never a mix. */
struct fetcher {
	unsigned port;
	int n, whole_a, whole_b, other;
};

static void *
fetch_main(void *arg)
{
	struct fetcher *ft = arg;
	struct reply r;
	char *tag;
	size_t a, b, i;

	for (i = 0; i < (size_t)ft->n; i++) {
		http(&r, ft->port, "GET", "/big.html", NULL);
		tag = r.status == 200 ? strstr(r.raw, "<script") : NULL;
		a = b = 0;
		if (tag != NULL) {
			const char *p;

			for (p = r.body; p < tag; p++) {
				a += *p == 'A';
				b += *p == 'B';
			}
		}
		if (tag != NULL && a == 100000 && b == 0)
			ft->whole_a++;
		else if (tag != NULL && b == 100000 && a == 0)
			ft->whole_b++;
		else
			ft->other++;
		reply_free(&r);
	}
	return NULL;
}

static void
swaps_never_tear_files(void **state)
{
	struct fx *f = *state;
	struct fetcher ft = {f->port, 150, 0, 0, 0};
	char *text;
	pthread_t tid;
	int i;

	text = malloc(100001);
	assert_non_null(text);
	memset(text, 'A', 100000);
	text[100000] = '\0';
	helpers_write_file(f->site, "big.html", text);
	assert_int_equal(mkdir(f->other, 0777), 0);
	memset(text, 'B', 100000);
	helpers_write_file(f->other, "big.html", text);
	free(text);
	assert_int_equal(pthread_create(&tid, NULL, fetch_main, &ft), 0);
	for (i = 0; i < 400; i++) {
		/* What site_write() does: one atomic exchange. */
		assert_int_equal(renameat2(AT_FDCWD, f->other, AT_FDCWD,
		                           f->site, RENAME_EXCHANGE),
		                 0);
		usleep(1000);
	}
	pthread_join(tid, NULL);
	assert_int_equal(ft.other, 0);
	assert_int_equal(ft.whole_a + ft.whole_b, 150);
}

/* ------------------------------------------------------ the command */

struct child {
	pid_t pid;
	char dir[128]; /* the copy of the spec */
	char tmp[160]; /* TMPDIR of the child */
	char log[160]; /* its stderr */
	unsigned port;
	int out; /* its stdout */
};

/* Starts `asyncdoc serve` on the copy in dir; reads the URL it prints. */
static void
child_start(struct child *c, const char *root, const char *const *extra)
{
	const char *bin = getenv("ASYNCDOC_BIN");
	char spec[256], line[256], *argv[16];
	int p[2], n = 0, i;
	int64_t end;
	size_t len = 0;
	ssize_t r;

	if (bin == NULL)
		fail_msg("ASYNCDOC_BIN is not set (run through make check)");
	memset(c, 0, sizeof(*c));
	snprintf(c->dir, sizeof(c->dir), "%s/spec", root);
	snprintf(c->tmp, sizeof(c->tmp), "%s/tmp", root);
	snprintf(c->log, sizeof(c->log), "%s/stderr.txt", root);
	snprintf(spec, sizeof(spec), "%s/asyncapi.yaml", c->dir);
	mkdir(c->tmp, 0777);
	assert_int_equal(pipe(p), 0);
	argv[n++] = (char *)bin;
	argv[n++] = (char *)"serve";
	argv[n++] = spec;
	argv[n++] = (char *)"--port";
	argv[n++] = (char *)"0";
	for (i = 0; extra != NULL && extra[i] != NULL; i++)
		argv[n++] = (char *)extra[i];
	argv[n] = NULL;
	c->pid = fork();
	assert_true(c->pid >= 0);
	if (c->pid == 0) {
		int fd = open(c->log, O_WRONLY | O_CREAT | O_TRUNC, 0666);

		dup2(p[1], STDOUT_FILENO);
		if (fd >= 0)
			dup2(fd, STDERR_FILENO);
		close(p[0]);
		setenv("TMPDIR", c->tmp, 1);
		setenv("NO_COLOR", "1", 1);
		execv(bin, argv);
		_exit(127);
	}
	close(p[1]);
	c->out = p[0];
	end = now_ms() + 6 * WAIT_MS;
	while (now_ms() < end && len < sizeof(line) - 1) {
		struct pollfd pfd = {c->out, POLLIN, 0};

		if (poll(&pfd, 1, 100) <= 0)
			continue;
		r = read(c->out, line + len, 1);
		if (r <= 0)
			break;
		len++;
		if (line[len - 1] == '\n')
			break;
	}
	line[len] = '\0';
	if (sscanf(line, "http://127.0.0.1:%u/", &c->port) != 1) {
		char *log = helpers_read_file(NULL, c->log, NULL);

		print_error("asyncdoc serve said:\n%s\n", log);
		free(log);
		fail_msg("no URL from asyncdoc serve: '%s'", line);
	}
}

/* Sends sig and waits for the exit. Returns the exit status (or -1). */
static int
child_stop(struct child *c, int sig)
{
	int64_t end = now_ms() + 3 * WAIT_MS;
	int status = 0;
	pid_t r;

	kill(c->pid, sig);
	do {
		r = waitpid(c->pid, &status, WNOHANG);
		if (r == 0)
			usleep(20000);
	} while (r == 0 && now_ms() < end);
	if (r == 0) {
		kill(c->pid, SIGKILL);
		waitpid(c->pid, &status, 0);
		return -1;
	}
	close(c->out);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static int
dir_is_empty(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *e;
	int n = 0;

	if (d == NULL)
		return 0;
	while ((e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			n++;
	closedir(d);
	return n == 0;
}

static int
setup_cli(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));

	if (f == NULL)
		return -1;
	strcpy(f->root, "/tmp/asyncdoc-test-serve-XXXXXX");
	if (mkdtemp(f->root) == NULL)
		return -1;
	snprintf(f->site, sizeof(f->site), "%s/spec", f->root);
	if (mkdir(f->site, 0777) != 0)
		return -1;
	*state = f;
	return 0;
}

/* Reads a page of the child and checks it holds text. */
static int
page_has(unsigned port, const char *path, const char *text)
{
	struct reply r;
	int has;

	http(&r, port, "GET", path, NULL);
	has = r.status == 200 && strstr(r.body, text) != NULL;
	reply_free(&r);
	return has;
}

static char *
child_token(unsigned port)
{
	struct reply r;
	char *token;

	http(&r, port, "GET", "/", NULL);
	token = page_token(&r);
	reply_free(&r);
	return token;
}

/*
 * The whole command: an edit of a $ref'd file reloads the page with the
 * new text; a broken save shows its diagnostics while the last good site
 * stays; a fix that adds a $ref to a file in a new folder reloads, and
 * that file is watched from then on; SIGTERM closes the stream and
 * removes the temporary folder.
 */
static void
command_rebuilds_and_reloads(void **state)
{
	struct fx *f = *state;
	struct child c;
	struct sse s;
	const char *hit;
	char *token, dir[256];
	cJSON *j, *d;
	int64_t t0;

	copy_spec(f->site);
	child_start(&c, f->root, NULL);
	assert_true(page_has(c.port, "/", "First words"));
	assert_true(page_has(c.port, "/messages/hello.html", "First words"));

	token = child_token(c.port);
	sse_open(&s, c.port, token);
	free(token);
	assert_non_null(sse_wait(&s, "retry: ", WAIT_MS));
	snprintf(dir, sizeof(dir), "%s/messages", f->site);
	t0 = now_ms();
	save_file(dir, "hello.yaml",
	          "hello:\n  name: hello\n  title: Hello\n  summary: Second "
	          "words\n  payload:\n    type: string\n");
	assert_non_null(sse_wait(&s, "event: reload\n", 3 * WAIT_MS));
	print_message("# edit -> reload event: %lld ms\n",
	              (long long)(now_ms() - t0));
	assert_true(page_has(c.port, "/", "Second words"));
	sse_close(&s);

	/* A broken save: the overlay's event, the old site still served. */
	token = child_token(c.port);
	sse_open(&s, c.port, token);
	free(token);
	assert_non_null(sse_wait(&s, "retry: ", WAIT_MS));
	save_file(dir, "hello.yaml", "hello:\n  name: [unclosed\n");
	hit = sse_wait(&s, "event: diagnostics\n", 3 * WAIT_MS);
	assert_non_null(hit);
	j = event_json(hit);
	d = cJSON_GetArrayItem(cJSON_GetObjectItem(j, "diagnostics"), 0);
	assert_non_null(d);
	assert_non_null(strstr(cJSON_GetObjectItem(d, "file")->valuestring,
	                       "messages/hello.yaml"));
	assert_true(cJSON_GetObjectItem(d, "line")->valueint >= 2);
	assert_string_equal(cJSON_GetObjectItem(d, "severity")->valuestring,
	                    "error");
	cJSON_Delete(j);
	assert_true(page_has(c.port, "/", "Second words"));

	/* The fix brings a $ref to a file in a folder not watched yet. */
	snprintf(dir, sizeof(dir), "%s/extra", f->site);
	assert_int_equal(mkdir(dir, 0777), 0);
	helpers_write_file(
	        dir, "payload.yaml",
	        "text:\n  type: string\n  description: Third words\n");
	snprintf(dir, sizeof(dir), "%s/messages", f->site);
	save_file(dir, "hello.yaml",
	          "hello:\n  name: hello\n  title: Hello\n  summary: Fixed\n"
	          "  payload:\n    $ref: \"../extra/payload.yaml#/text\"\n");
	assert_non_null(sse_wait(&s, "event: reload\n", 3 * WAIT_MS));
	assert_true(page_has(c.port, "/messages/hello.html", "Third words"));
	sse_close(&s);
	/* An edit of the new file is seen. */
	token = child_token(c.port);
	sse_open(&s, c.port, token);
	free(token);
	assert_non_null(sse_wait(&s, "retry: ", WAIT_MS));
	snprintf(dir, sizeof(dir), "%s/extra", f->site);
	save_file(dir, "payload.yaml",
	          "text:\n  type: string\n  description: Fourth words\n");
	assert_non_null(sse_wait(&s, "event: reload\n", 3 * WAIT_MS));
	assert_true(page_has(c.port, "/messages/hello.html", "Fourth words"));

	/* SIGTERM: the stream ends, exit 0, the temporary folder is gone. */
	assert_int_equal(child_stop(&c, SIGTERM), 0);
	assert_true(sse_wait_end(&s, WAIT_MS));
	sse_close(&s);
	assert_true(dir_is_empty(c.tmp));
}

/* A spec broken from the start: the pages say why until it is fixed. */
/*
 * Without -o the site is held in memory: pages, the search index and the
 * assets are made when asked for, and nothing is written.
 */
static void
command_serves_from_memory(void **state)
{
	struct fx *f = *state;
	struct child c;
	struct reply r;
	const char *css;
	char path[128];

	copy_spec(f->site);
	child_start(&c, f->root, NULL);
	assert_true(page_has(c.port, "/messages/hello.html", "First words"));
	http(&r, c.port, "GET", "/search-index.js", NULL);
	assert_int_equal(r.status, 200);
	assert_header(&r, "Content-Type", "text/javascript; charset=utf-8");
	assert_non_null(strstr(r.body, "hello"));
	reply_free(&r);
	/* the stylesheet, by the hashed name the index links */
	http(&r, c.port, "GET", "/", NULL);
	assert_int_equal(r.status, 200);
	css = strstr(r.body, "assets/style.");
	assert_non_null(css);
	snprintf(path, sizeof(path), "/%.*s", (int)strcspn(css, "\""), css);
	reply_free(&r);
	http(&r, c.port, "GET", path, NULL);
	assert_int_equal(r.status, 200);
	assert_header(&r, "Content-Type", "text/css; charset=utf-8");
	assert_true(r.body_len > 100);
	reply_free(&r);
	/* a missing page is the site's 404, with the reload script */
	http(&r, c.port, "GET", "/nothing.html", NULL);
	assert_int_equal(r.status, 404);
	assert_non_null(strstr(r.body, "__asyncdoc/reload.js"));
	reply_free(&r);
	assert_true(dir_is_empty(c.tmp));
	assert_int_equal(child_stop(&c, SIGTERM), 0);
}

static void
command_starts_on_a_broken_spec(void **state)
{
	struct fx *f = *state;
	struct child c;
	struct reply r;
	struct sse s;
	char dir[256], *token;

	copy_spec(f->site);
	snprintf(dir, sizeof(dir), "%s/messages", f->site);
	helpers_write_file(dir, "hello.yaml", "hello: [\n");
	child_start(&c, f->root, NULL);
	/* No site yet: every page is the diagnostics, not a 404. */
	http(&r, c.port, "GET", "/", NULL);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "The spec does not build yet"));
	assert_non_null(strstr(r.body, "hello.yaml:2:1"));
	token = page_token(&r);
	reply_free(&r);
	sse_open(&s, c.port, token);
	free(token);
	assert_non_null(sse_wait(&s, "event: diagnostics\n", WAIT_MS));
	save_file(dir, "hello.yaml",
	          "hello:\n  name: hello\n  summary: Now fixed\n");
	assert_non_null(sse_wait(&s, "event: reload\n", 3 * WAIT_MS));
	assert_true(page_has(c.port, "/", "Now fixed"));
	sse_close(&s);
	assert_int_equal(child_stop(&c, SIGINT), 0);
	assert_true(dir_is_empty(c.tmp));
}

/* -o DIR: the site is built there and kept; --poll works the same. */
static void
command_with_output_and_polling(void **state)
{
	static const char *extra[4] = {"--poll", "-o", NULL, NULL};
	struct fx *f = *state;
	struct child c;
	struct sse s;
	char out[256], dir[256], *token;
	struct stat st;

	copy_spec(f->site);
	snprintf(out, sizeof(out), "%s/out", f->root);
	extra[2] = out;
	child_start(&c, f->root, extra);
	token = child_token(c.port);
	sse_open(&s, c.port, token);
	free(token);
	assert_non_null(sse_wait(&s, "retry: ", WAIT_MS));
	snprintf(dir, sizeof(dir), "%s/messages", f->site);
	save_file(dir, "hello.yaml",
	          "hello:\n  name: hello\n  summary: Polled words\n");
	assert_non_null(sse_wait(&s, "event: reload\n", 3 * WAIT_MS));
	assert_true(page_has(c.port, "/", "Polled words"));
	assert_int_equal(child_stop(&c, SIGTERM), 0);
	sse_close(&s);
	snprintf(out, sizeof(out), "%s/out/index.html", f->root);
	assert_int_equal(stat(out, &st), 0);
	assert_true(dir_is_empty(c.tmp));
}

#define AUTOESCAPE "{{%AUTOESCAPE context=\"HTML\"}}\n"

/* Opens the event stream of the child's index page, as the page does. */
static void
child_stream(struct sse *s, unsigned port)
{
	char *token = child_token(port);

	sse_open(s, port, token);
	free(token);
	assert_non_null(sse_wait(s, "retry: ", WAIT_MS));
}

/* The first diagnostic of the "diagnostics" event at hit has rule. */
static void
assert_first_rule(const char *hit, const char *rule, const char *file)
{
	cJSON *j = event_json(hit), *d;

	d = cJSON_GetArrayItem(cJSON_GetObjectItem(j, "diagnostics"), 0);
	assert_non_null(d);
	assert_string_equal(cJSON_GetObjectItem(d, "rule")->valuestring,
	                    rule);
	assert_non_null(strstr(cJSON_GetObjectItem(d, "file")->valuestring,
	                       file));
	cJSON_Delete(j);
}

/* The stylesheet the index links holds text. */
static int
css_has(unsigned port, const char *text)
{
	struct reply r;
	const char *css;
	char path[160];
	int has;

	http(&r, port, "GET", "/", NULL);
	css = r.body != NULL ? strstr(r.body, "assets/style.") : NULL;
	if (css == NULL) {
		reply_free(&r);
		return 0;
	}
	snprintf(path, sizeof(path), "/%.*s", (int)strcspn(css, "\""), css);
	reply_free(&r);
	http(&r, port, "GET", path, NULL);
	has = r.status == 200 && strstr(r.body, text) != NULL;
	reply_free(&r);
	return has;
}

/*
 * The schema and the rules run after the reload: a save that only they
 * find wrong reloads the pages with its text, then shows their errors
 * over them (the same diagnostics a full check gives); the fix reloads.
 */
static void
command_checks_after_the_reload(void **state)
{
	struct fx *f = *state;
	struct child c;
	struct sse s;
	char dir[256];
	const char *hit;

	copy_spec(f->site);
	child_start(&c, f->root, NULL);
	child_stream(&s, c.port);
	snprintf(dir, sizeof(dir), "%s/messages", f->site);
	/* a payload type the schema does not know */
	save_file(dir, "hello.yaml",
	          "hello:\n  name: hello\n  summary: Unchecked words\n"
	          "  payload:\n    type: strin\n");
	assert_non_null(sse_wait(&s, "event: reload\n", 3 * WAIT_MS));
	assert_true(page_has(c.port, "/", "Unchecked words"));
	sse_close(&s);
	child_stream(&s, c.port);
	hit = sse_wait(&s, "event: diagnostics\n", 3 * WAIT_MS);
	assert_non_null(hit);
	assert_first_rule(hit, "schema-enum", "messages/hello.yaml");
	save_file(dir, "hello.yaml",
	          "hello:\n  name: hello\n  summary: Checked words\n"
	          "  payload:\n    type: string\n");
	assert_non_null(sse_wait(&s, "event: reload\n", 3 * WAIT_MS));
	assert_true(page_has(c.port, "/", "Checked words"));
	sse_close(&s);
	assert_int_equal(child_stop(&c, SIGTERM), 0);
}

/*
 * -t DIR: the theme's files are watched. An edited partial reloads the
 * pages with its new text; a partial that turns escaping off is refused
 * and shown like a spec error (the pages stay), and its fix brings them
 * back; an edited stylesheet reloads the pages too.
 */
static void
command_watches_the_theme(void **state)
{
	static const char *extra[3] = {"-t", NULL, NULL};
	struct fx *f = *state;
	struct child c;
	struct sse s;
	char theme[256], html[300], assets[300];
	const char *hit;

	copy_spec(f->site);
	snprintf(theme, sizeof(theme), "%s/mytheme", f->root);
	snprintf(html, sizeof(html), "%s/html", theme);
	snprintf(assets, sizeof(assets), "%s/assets", theme);
	assert_int_equal(mkdir(theme, 0777), 0);
	assert_int_equal(mkdir(html, 0777), 0);
	assert_int_equal(mkdir(assets, 0777), 0);
	helpers_write_file(html, "footer.html.tpl",
	                   AUTOESCAPE "<footer><p>Footer one</p></footer>\n");
	helpers_write_file(assets, "style.css", "body { color: #111111; }\n");
	extra[1] = theme;
	child_start(&c, f->root, extra);
	assert_true(page_has(c.port, "/", "Footer one"));
	assert_true(css_has(c.port, "#111111"));

	child_stream(&s, c.port);
	save_file(html, "footer.html.tpl",
	          AUTOESCAPE "<footer><p>Footer two</p></footer>\n");
	assert_non_null(sse_wait(&s, "event: reload\n", 3 * WAIT_MS));
	assert_true(page_has(c.port, "/", "Footer two"));
	sse_close(&s);

	/* No pragma: escaping would be off. Refused, the pages stay. */
	child_stream(&s, c.port);
	save_file(html, "footer.html.tpl",
	          "<footer><p>{{FOOTER_FROM}} raw</p></footer>\n");
	hit = sse_wait(&s, "event: diagnostics\n", 3 * WAIT_MS);
	assert_non_null(hit);
	assert_first_rule(hit, "theme-unescaped", "footer.html.tpl");
	assert_true(page_has(c.port, "/", "Footer two"));
	/* Fixed: the pages come back, with it. */
	save_file(html, "footer.html.tpl",
	          AUTOESCAPE "<footer><p>Footer three</p></footer>\n");
	assert_non_null(sse_wait(&s, "event: reload\n", 3 * WAIT_MS));
	assert_true(page_has(c.port, "/", "Footer three"));
	sse_close(&s);

	/* The stylesheet: a new hashed name, the new text. */
	child_stream(&s, c.port);
	save_file(assets, "style.css", "body { color: #222222; }\n");
	assert_non_null(sse_wait(&s, "event: reload\n", 3 * WAIT_MS));
	assert_true(css_has(c.port, "#222222"));
	sse_close(&s);
	assert_int_equal(child_stop(&c, SIGTERM), 0);
}

static void
command_usage_errors(void **state)
{
	struct fx *f = *state;
	const char *bin = getenv("ASYNCDOC_BIN");
	char cmd[1024];

	(void)f;
	assert_non_null(bin);
	snprintf(cmd, sizeof(cmd),
	         "'%s' serve --port 70000 x.yaml 2>/dev/null >/dev/null", bin);
	assert_int_equal(WEXITSTATUS(system(cmd)), 2);
	snprintf(cmd, sizeof(cmd),
	         "'%s' serve --format json x.yaml 2>/dev/null >/dev/null", bin);
	assert_int_equal(WEXITSTATUS(system(cmd)), 2);
	snprintf(cmd, sizeof(cmd),
	         "'%s' serve %s/missing.yaml 2>/dev/null >/dev/null", bin,
	         f->root);
	assert_int_equal(WEXITSTATUS(system(cmd)), 2);
	snprintf(cmd, sizeof(cmd),
	         "'%s' build --port 1 x.yaml -o y 2>/dev/null >/dev/null", bin);
	assert_int_equal(WEXITSTATUS(system(cmd)), 2);
	snprintf(cmd, sizeof(cmd), "'%s' serve --help | grep -q -- --port",
	         bin);
	assert_int_equal(WEXITSTATUS(system(cmd)), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test_setup_teardown(serves_files_with_their_types,
	                                        setup, teardown),
	        cmocka_unit_test_setup_teardown(folders_give_their_index, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(missing_files_are_404, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(paths_never_leave_the_root,
	                                        setup, teardown),
	        cmocka_unit_test_setup_teardown(paths_never_leave_the_root,
	                                        setup_walk, teardown),
	        cmocka_unit_test_setup_teardown(etags_give_304, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(html_etags_change_with_the_site,
	                                        setup, teardown),
	        cmocka_unit_test_setup_teardown(head_sends_headers_only, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(only_get_and_head, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(pages_get_the_reload_script,
	                                        setup, teardown),
	        cmocka_unit_test_setup_teardown(other_hosts_are_refused, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(connections_are_kept_alive,
	                                        setup, teardown),
	        cmocka_unit_test_setup_teardown(changes_reach_open_pages, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(stale_pages_reload_at_once,
	                                        setup, teardown),
	        cmocka_unit_test_setup_teardown(
	                broken_builds_show_their_diagnostics, setup, teardown),
	        cmocka_unit_test_setup_teardown(streams_get_heartbeats, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(streams_are_capped,
	                                        setup_streams, teardown),
	        cmocka_unit_test_setup_teardown(stop_ends_streams, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(many_clients_at_once, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(slowloris_does_not_block, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(
	                slowloris_is_cut_at_the_deadline, setup_small,
	                teardown),
	        cmocka_unit_test_setup_teardown(swaps_never_tear_files, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(command_rebuilds_and_reloads,
	                                        setup_cli, teardown),
	        cmocka_unit_test_setup_teardown(command_starts_on_a_broken_spec,
	                                        setup_cli, teardown),
	        cmocka_unit_test_setup_teardown(command_with_output_and_polling,
	                                        setup_cli, teardown),
	        cmocka_unit_test_setup_teardown(command_usage_errors, setup_cli,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(command_serves_from_memory,
	                                        setup_cli, teardown),
	        cmocka_unit_test_setup_teardown(command_watches_the_theme,
	                                        setup_cli, teardown),
	        cmocka_unit_test_setup_teardown(command_checks_after_the_reload,
	                                        setup_cli, teardown),
	};

	signal(SIGPIPE, SIG_IGN);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
