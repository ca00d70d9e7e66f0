/*
 * fetch: http(s) GETs with guards (see fetch.h). The address check runs in
 * libcurl's open-socket callback, which sees the address about to be
 * connected after resolution, so a name that resolves differently the
 * second time (DNS rebinding) is checked on what is actually used.
 */
#include "config.h"

#include <arpa/inet.h>
#include <dlfcn.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#include <curl/curl.h>

#include "load/fetch.h"
#include "util/dl.h"
#include "util/strbuf.h"

struct fetch {
	CURL *curl;
	struct fetch_opts opts;
	char errbuf[CURL_ERROR_SIZE];
	/* per transfer */
	struct strbuf body;
	int too_big;
	char refused[INET6_ADDRSTRLEN]; /* an address refused, "" for none */
	struct strbuf location;         /* the last Location header */
};

/*
 * libcurl is opened on the first fetch, not linked: it and the TLS,
 * Kerberos, LDAP and SSH libraries under it are some thirty libraries,
 * 4.5 MiB of resident memory and 5 ms of start-up in every run, and a run
 * almost never fetches (#18). The soname comes from configure (the
 * OpenSSL and GnuTLS flavours have different ones); 4 is libcurl's ABI
 * since 2006.
 */
#ifndef CURL_SONAME
#define CURL_SONAME "libcurl.so.4"
#endif

static struct {
	CURLcode (*global_init)(long);
	CURL *(*easy_init)(void);
	void (*easy_cleanup)(CURL *);
	void (*easy_reset)(CURL *);
	CURLcode (*easy_setopt)(CURL *, CURLoption, ...);
	const char *(*easy_strerror)(CURLcode);
	CURLcode (*easy_perform)(CURL *);
	CURLcode (*easy_getinfo)(CURL *, CURLINFO, ...);
} cx;

static pthread_once_t once = PTHREAD_ONCE_INIT;
static CURLcode init_rc = CURLE_FAILED_INIT;
/* why libcurl did not start, written once by global_init() */
static char start_error[512];

static void
global_init(void)
{
	void *h = dlopen(CURL_SONAME, RTLD_NOW | RTLD_LOCAL);

	/* never closed: libcurl's global state lives until exit */
	if (h == NULL || dl_sym(&cx.global_init, h, "curl_global_init") != 0 ||
	    dl_sym(&cx.easy_init, h, "curl_easy_init") != 0 ||
	    dl_sym(&cx.easy_cleanup, h, "curl_easy_cleanup") != 0 ||
	    dl_sym(&cx.easy_reset, h, "curl_easy_reset") != 0 ||
	    dl_sym(&cx.easy_setopt, h, "curl_easy_setopt") != 0 ||
	    dl_sym(&cx.easy_strerror, h, "curl_easy_strerror") != 0 ||
	    dl_sym(&cx.easy_perform, h, "curl_easy_perform") != 0 ||
	    dl_sym(&cx.easy_getinfo, h, "curl_easy_getinfo") != 0) {
		dl_error(start_error, sizeof(start_error), "libcurl",
		         CURL_SONAME);
		return;
	}
	init_rc = cx.global_init(CURL_GLOBAL_DEFAULT);
	if (init_rc != CURLE_OK)
		snprintf(start_error, sizeof(start_error),
		         "libcurl (%s) did not start: %s", CURL_SONAME,
		         cx.easy_strerror(init_rc));
}

const char *
fetch_start_error(void)
{
	pthread_once(&once, global_init);
	return start_error[0] != '\0' ? start_error : "out of memory";
}

static int
v4_is_private(uint32_t a)
{
	uint32_t b1 = a >> 24, b2 = (a >> 16) & 0xff;

	return b1 == 0 || b1 == 10 || b1 == 127 || b1 >= 224 ||
	       (b1 == 100 && (b2 & 0xc0) == 64) ||
	       (b1 == 169 && b2 == 254) || (b1 == 172 && (b2 & 0xf0) == 16) ||
	       (b1 == 192 && b2 == 168) ||
	       (b1 == 192 && b2 == 0 && ((a >> 8) & 0xff) == 0) ||
	       (b1 == 198 && (b2 & 0xfe) == 18);
}

int
fetch_addr_is_private(const struct sockaddr *sa)
{
	const unsigned char *b;
	uint32_t v4;
	int i, zero;

	if (sa == NULL)
		return 1;
	if (sa->sa_family == AF_INET)
		return v4_is_private(
		        ntohl(((const struct sockaddr_in *)sa)->sin_addr.s_addr));
	if (sa->sa_family != AF_INET6)
		return 1;
	b = ((const struct sockaddr_in6 *)sa)->sin6_addr.s6_addr;
	for (i = 0, zero = 1; i < 10; i++)
		zero = zero && b[i] == 0;
	v4 = (uint32_t)b[12] << 24 | (uint32_t)b[13] << 16 |
	     (uint32_t)b[14] << 8 | b[15];
	/* ::ffff:a.b.c.d (mapped) and ::a.b.c.d (compatible, ::, ::1) */
	if (zero && ((b[10] == 0xff && b[11] == 0xff) ||
	             (b[10] == 0 && b[11] == 0)))
		return v4_is_private(v4) || (b[10] == 0 && v4 <= 1);
	/* 64:ff9b::/96, NAT64: the IPv4 address behind it */
	if (b[0] == 0 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b) {
		for (i = 4, zero = 1; i < 12; i++)
			zero = zero && b[i] == 0;
		if (zero)
			return v4_is_private(v4);
	}
	return (b[0] & 0xfe) == 0xfc ||                 /* fc00::/7 */
	       (b[0] == 0xfe && (b[1] & 0xc0) == 0x80) || /* fe80::/10 */
	       (b[0] == 0xfe && (b[1] & 0xc0) == 0xc0) || /* fec0::/10 */
	       b[0] == 0xff ||                            /* multicast */
	       (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d &&
	        b[3] == 0xb8); /* 2001:db8::/32, documentation */
}

static curl_socket_t
open_socket(void *arg, curlsocktype purpose, struct curl_sockaddr *a)
{
	struct fetch *f = arg;
	const void *in;

	(void)purpose;
	if (!f->opts.allow_private_hosts &&
	    fetch_addr_is_private(&a->addr)) {
		in = a->family == AF_INET6
		             ? (const void *)&((struct sockaddr_in6 *)&a->addr)
		                       ->sin6_addr
		             : (const void *)&((struct sockaddr_in *)&a->addr)
		                       ->sin_addr;
		if (inet_ntop(a->family, in, f->refused,
		              sizeof(f->refused)) == NULL)
			snprintf(f->refused, sizeof(f->refused), "?");
		return CURL_SOCKET_BAD;
	}
	return socket(a->family, a->socktype | SOCK_CLOEXEC, a->protocol);
}

static size_t
on_body(char *p, size_t size, size_t n, void *arg)
{
	struct fetch *f = arg;

	n *= size;
	if (f->body.len + n > f->opts.max_body) {
		f->too_big = 1;
		return 0; /* aborts the transfer */
	}
	strbuf_putn(&f->body, p, n);
	return f->body.oom ? 0 : n;
}

/* Keeps the last Location header, to name a redirect that is refused. */
static size_t
on_header(char *p, size_t size, size_t n, void *arg)
{
	struct fetch *f = arg;
	size_t len = size * n, i = 9;

	if (len > 9 && strncasecmp(p, "location:", 9) == 0) {
		while (i < len && (p[i] == ' ' || p[i] == '\t'))
			i++;
		while (len > i && (p[len - 1] == '\r' || p[len - 1] == '\n' ||
		                   p[len - 1] == ' '))
			len--;
		f->location.len = 0;
		strbuf_putn(&f->location, p + i, len - i < 2000 ? len - i : 2000);
	}
	return size * n;
}

int
fetch_new(struct fetch **out, const struct fetch_opts *opts)
{
	struct fetch *f;

	*out = NULL;
	pthread_once(&once, global_init);
	if (init_rc != CURLE_OK)
		return -1;
	f = calloc(1, sizeof(*f));
	if (f == NULL)
		return -1;
	if (opts != NULL)
		f->opts = *opts;
	if (f->opts.connect_timeout_ms <= 0)
		f->opts.connect_timeout_ms = FETCH_DEFAULT_CONNECT_TIMEOUT_MS;
	if (f->opts.timeout_ms <= 0)
		f->opts.timeout_ms = FETCH_DEFAULT_TIMEOUT_MS;
	if (f->opts.max_body == 0)
		f->opts.max_body = FETCH_DEFAULT_MAX_BODY;
	if (f->opts.max_redirects <= 0)
		f->opts.max_redirects = FETCH_DEFAULT_MAX_REDIRECTS;
	f->curl = cx.easy_init();
	if (f->curl == NULL) {
		free(f);
		return -1;
	}
	*out = f;
	return 0;
}

void
fetch_free(struct fetch *f)
{
	if (f == NULL)
		return;
	cx.easy_cleanup(f->curl);
	strbuf_free(&f->body);
	strbuf_free(&f->location);
	free(f);
}

void
fetch_result_clear(struct fetch_result *r)
{
	free(r->body);
	free(r->error);
	memset(r, 0, sizeof(*r));
}

/* Sets the options of one transfer. 0, or -1 when libcurl refused one. */
static int
setup(struct fetch *f, const char *url)
{
	CURL *c = f->curl;
	int https = strncasecmp(url, "https:", 6) == 0;
	CURLcode rc = CURLE_OK;

	cx.easy_reset(c);
#define SET(opt, val)                                                          \
	do {                                                                   \
		if (rc == CURLE_OK)                                            \
			rc = cx.easy_setopt(c, opt, val);                           \
	} while (0)
	SET(CURLOPT_URL, url);
	SET(CURLOPT_PROTOCOLS_STR, "http,https");
	SET(CURLOPT_REDIR_PROTOCOLS_STR, https ? "https" : "http,https");
	SET(CURLOPT_FOLLOWLOCATION, 1L);
	SET(CURLOPT_MAXREDIRS, (long)f->opts.max_redirects);
	SET(CURLOPT_CONNECTTIMEOUT_MS, f->opts.connect_timeout_ms);
	SET(CURLOPT_TIMEOUT_MS, f->opts.timeout_ms);
	SET(CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)f->opts.max_body);
	SET(CURLOPT_NOSIGNAL, 1L);
	SET(CURLOPT_ACCEPT_ENCODING, "");
	SET(CURLOPT_USERAGENT, PACKAGE_NAME "/" PACKAGE_VERSION);
	SET(CURLOPT_ERRORBUFFER, f->errbuf);
	SET(CURLOPT_WRITEFUNCTION, on_body);
	SET(CURLOPT_WRITEDATA, f);
	SET(CURLOPT_HEADERFUNCTION, on_header);
	SET(CURLOPT_HEADERDATA, f);
	SET(CURLOPT_OPENSOCKETFUNCTION, open_socket);
	SET(CURLOPT_OPENSOCKETDATA, f);
#undef SET
	return rc == CURLE_OK ? 0 : -1;
}

/* out->error for a failed transfer. */
static void
failure(struct fetch_result *out, struct fetch *f, CURLcode rc)
{
	struct strbuf b = STRBUF_INIT;

	out->private_host = f->refused[0] != '\0';
	if (f->refused[0] != '\0')
		strbuf_printf(&b,
		              "its host resolves to %s, a loopback, private or "
		              "link-local address",
		              f->refused);
	else if (f->too_big || rc == CURLE_FILESIZE_EXCEEDED)
		strbuf_printf(&b, "its body is over the limit of %zu bytes",
		              f->opts.max_body);
	else if (rc == CURLE_UNSUPPORTED_PROTOCOL) {
		if (f->location.len > 0 && !f->location.oom)
			strbuf_printf(&b, "it redirects to '%s', whose scheme "
			                  "is refused (http and https only, "
			                  "https only from https)",
			              f->location.p);
		else
			strbuf_puts(&b, "only http and https are fetched");
	} else if (rc == CURLE_TOO_MANY_REDIRECTS)
		strbuf_printf(&b, "it redirects more than %d times",
		              f->opts.max_redirects);
	else if (rc == CURLE_OPERATION_TIMEDOUT)
		strbuf_printf(&b, "no answer within %ld ms",
		              f->opts.timeout_ms);
	else if (rc == CURLE_HTTP_RETURNED_ERROR || rc == CURLE_OK)
		strbuf_printf(&b, "the server answered HTTP %ld", out->status);
	else
		strbuf_puts(&b,
		            f->errbuf[0] ? f->errbuf : cx.easy_strerror(rc));
	out->error = strbuf_take(&b);
}

int
fetch_get(struct fetch_result *out, struct fetch *f, const char *url)
{
	CURLcode rc;

	memset(out, 0, sizeof(*out));
	strbuf_free(&f->body);
	f->too_big = 0;
	f->refused[0] = '\0';
	f->errbuf[0] = '\0';
	strbuf_free(&f->location);
	if (setup(f, url) < 0) {
		out->error = strdup("libcurl refused an option");
		return -1;
	}
	rc = cx.easy_perform(f->curl);
	cx.easy_getinfo(f->curl, CURLINFO_RESPONSE_CODE, &out->status);
	if (f->body.oom) {
		strbuf_free(&f->body);
		return -1;
	}
	if (rc != CURLE_OK || out->status < 200 || out->status > 299) {
		strbuf_free(&f->body);
		failure(out, f, rc);
		return -1;
	}
	out->len = f->body.len;
	if (strbuf_grow(&f->body, 1) < 0) {
		strbuf_free(&f->body);
		return -1;
	}
	f->body.p[f->body.len] = '\0';
	out->body = f->body.p;
	memset(&f->body, 0, sizeof(f->body));
	return 0;
}
