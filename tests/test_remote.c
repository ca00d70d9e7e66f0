/*
 * Tests of remote refs (fetch, cache, lock, remote): a real HTTP server
 * (libmicrohttpd) on 127.0.0.1 started here, serving documents from a
 * table the tests change; --allow-private-hosts is on except where the
 * guard itself is tested. Each test has its own folder for the spec, the
 * lockfile and the cache.
 */
#include "config.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <microhttpd.h>

#include "helpers.h"
#include "load/cache.h"
#include "load/fetch.h"
#include "load/loader.h"
#include "load/lock.h"
#include "load/remote.h"
#include "util/diag.h"
#include "util/path.h"
#include "util/sha256.h"

/* ------------------------------------------------------------ server */

struct route {
	const char *path;
	char *body;        /* owned */
	unsigned status;   /* 0: 200 */
	const char *location;
};

#define NROUTES 16
static struct route routes[NROUTES];
static struct MHD_Daemon *daemon_;
static unsigned port;

static enum MHD_Result
answer(void *cls, struct MHD_Connection *c, const char *url,
       const char *method, const char *version, const char *upload,
       size_t *upload_len, void **state)
{
	struct MHD_Response *r;
	const struct route *rt = NULL;
	enum MHD_Result rc;
	size_t i;

	(void)cls, (void)method, (void)version, (void)upload, (void)upload_len;
	/* answer on the second call: the first only announces the request */
	if (*state == NULL) {
		*state = (void *)1;
		return MHD_YES;
	}
	for (i = 0; i < NROUTES; i++)
		if (routes[i].path != NULL && strcmp(routes[i].path, url) == 0)
			rt = &routes[i];
	if (rt == NULL) {
		r = MHD_create_response_from_buffer(9, (void *)"not found",
		                                    MHD_RESPMEM_PERSISTENT);
		rc = MHD_queue_response(c, 404, r);
	} else {
		r = MHD_create_response_from_buffer(
		        rt->body ? strlen(rt->body) : 0,
		        rt->body ? rt->body : (void *)"",
		        MHD_RESPMEM_MUST_COPY);
		if (rt->location != NULL)
			MHD_add_response_header(r, "Location", rt->location);
		rc = MHD_queue_response(c, rt->status ? rt->status : 200, r);
	}
	MHD_destroy_response(r);
	return rc;
}

static void
serve(const char *path, const char *body, unsigned status,
      const char *location)
{
	size_t i;

	for (i = 0; i < NROUTES; i++)
		if (routes[i].path == NULL || strcmp(routes[i].path, path) == 0)
			break;
	assert_true(i < NROUTES);
	free(routes[i].body);
	routes[i].path = path;
	routes[i].body = body ? strdup(body) : NULL;
	routes[i].status = status;
	routes[i].location = location;
}

static void
server_start(void)
{
	const union MHD_DaemonInfo *info;

	daemon_ = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD, 0, NULL,
	                           NULL, answer, NULL, MHD_OPTION_SOCK_ADDR,
	                           NULL, MHD_OPTION_END);
	assert_non_null(daemon_);
	info = MHD_get_daemon_info(daemon_, MHD_DAEMON_INFO_BIND_PORT);
	assert_non_null(info);
	port = info->port;
}

static void
server_stop(void)
{
	size_t i;

	if (daemon_ != NULL)
		MHD_stop_daemon(daemon_);
	daemon_ = NULL;
	for (i = 0; i < NROUTES; i++) {
		free(routes[i].body);
		memset(&routes[i], 0, sizeof(routes[i]));
	}
}

/* ------------------------------------------------------------ fixture */

struct fx {
	char dir[64];
	char spec[128], cache[128], lock[128];
	struct diag_list *diags;
	struct loader_doc *doc;
	struct remote *r;
};

static int
setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));

	snprintf(f->dir, sizeof(f->dir), "/tmp/asyncdoc-remote-XXXXXX");
	if (mkdtemp(f->dir) == NULL)
		return -1;
	snprintf(f->spec, sizeof(f->spec), "%s/asyncapi.yaml", f->dir);
	snprintf(f->cache, sizeof(f->cache), "%s/cache", f->dir);
	snprintf(f->lock, sizeof(f->lock), "%s/asyncdoc.lock", f->dir);
	f->diags = diag_list_new();
	server_start();
	*state = f;
	return 0;
}

static void
unload(struct fx *f)
{
	loader_doc_free(f->doc);
	f->doc = NULL;
	remote_free(f->r);
	f->r = NULL;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	unload(f);
	server_stop();
	diag_list_free(f->diags);
	path_remove_tree(f->dir);
	free(f);
	return 0;
}

/* A 2.6 spec whose message is the $ref ref. */
static void
write_spec_ref(struct fx *f, const char *ref)
{
	char text[1024];

	snprintf(text, sizeof(text),
	         "asyncapi: 2.6.0\n"
	         "info:\n  title: Remote\n  version: 1.0.0\n"
	         "channels:\n  hello:\n    subscribe:\n      message:\n"
	         "        $ref: '%s'\n",
	         ref);
	helpers_write_file(NULL, f->spec, text);
}

/* The same with ref "http://127.0.0.1:PORT" path. */
static void
write_spec(struct fx *f, const char *path)
{
	char url[256];

	snprintf(url, sizeof(url), "http://127.0.0.1:%u%s", port, path);
	write_spec_ref(f, url);
}

/* Loads f's spec with a new session of opts (cache dir and private
 * hosts filled in). The load's return code. */
static int
load(struct fx *f, struct remote_opts opts)
{
	unload(f);
	diag_list_clear(f->diags);
	if (opts.cache_dir == NULL)
		opts.cache_dir = f->cache;
	assert_int_equal(remote_new(&f->r, &opts), 0);
	return remote_load(&f->doc, f->spec, NULL, f->r, f->diags);
}

static const char *common_yaml =
        "components:\n  messages:\n    Hello:\n      payload:\n"
        "        $ref: 'schemas.yaml#/Greeting'\n";
static const char *schemas_yaml =
        "Greeting:\n  type: object\n  properties:\n    text:\n"
        "      type: string\n";

static void
serve_common(void)
{
	serve("/api/common.yaml", common_yaml, 0, NULL);
	serve("/api/schemas.yaml", schemas_yaml, 0, NULL);
}

static const struct diag *
only_error(struct fx *f, const char *rule)
{
	const struct diag *d = helpers_find_rule(f->diags, rule);

	if (d == NULL)
		diag_print_text(stderr, f->diags, 0);
	assert_non_null(d);
	return d;
}

#define PRIVATE_OK                                                             \
	.fetch = {.allow_private_hosts = 1 }

/* ------------------------------------------------------------ tests */

static void
test_sha256(void **state)
{
	char hex[SHA256_HEX_LEN + 1], *m = malloc(1000000);

	(void)state;
	sha256_hex(hex, "", 0);
	assert_string_equal(hex, "e3b0c44298fc1c149afbf4c8996fb924"
	                         "27ae41e4649b934ca495991b7852b855");
	sha256_hex(hex, "abc", 3);
	assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223"
	                         "b00361a396177a9cb410ff61f20015ad");
	memset(m, 'a', 1000000);
	sha256_hex(hex, m, 1000000);
	assert_string_equal(hex, "cdc76e5c9914fb9281a1c7e284d73e67"
	                         "f1809a48a497200e046d39ccc7112cd0");
	free(m);
	assert_true(sha256_is_hex(hex));
	hex[3] = 'G';
	assert_false(sha256_is_hex(hex));
}

static void
check_resolve(const char *base, const char *ref, const char *want)
{
	char *got = NULL;

	assert_int_equal(remote_resolve(&got, base, ref), 0);
	assert_string_equal(got, want);
	free(got);
}

static void
test_resolve(void **state)
{
	const char *b = "https://h.example/a/b/c.yaml";

	(void)state;
	check_resolve(b, "d.yaml", "https://h.example/a/b/d.yaml");
	check_resolve(b, "../d.yaml", "https://h.example/a/d.yaml");
	check_resolve(b, "../../../../d.yaml", "https://h.example/d.yaml");
	check_resolve(b, "./x/./y/../z.json", "https://h.example/a/b/x/z.json");
	check_resolve(b, "/etc/passwd", "https://h.example/etc/passwd");
	check_resolve(b, "//other.example/x", "https://other.example/x");
	check_resolve(b, "file:///etc/passwd", "file:///etc/passwd");
	check_resolve(b, "?v=2", "https://h.example/a/b/c.yaml?v=2");
	check_resolve(b, "", b);
	check_resolve("http://h.example", "x.yaml", "http://h.example/x.yaml");
	check_resolve(NULL, "HTTP://h.example/a/../b", "HTTP://h.example/b");
}

static int
private_v4(const char *a)
{
	struct sockaddr_in s = {.sin_family = AF_INET};

	assert_int_equal(inet_pton(AF_INET, a, &s.sin_addr), 1);
	return fetch_addr_is_private((struct sockaddr *)&s);
}

static int
private_v6(const char *a)
{
	struct sockaddr_in6 s = {.sin6_family = AF_INET6};

	assert_int_equal(inet_pton(AF_INET6, a, &s.sin6_addr), 1);
	return fetch_addr_is_private((struct sockaddr *)&s);
}

static void
test_private_addresses(void **state)
{
	(void)state;
	assert_true(private_v4("127.0.0.1"));
	assert_true(private_v4("10.1.2.3"));
	assert_true(private_v4("172.31.0.1"));
	assert_true(private_v4("192.168.1.1"));
	assert_true(private_v4("169.254.169.254"));
	assert_true(private_v4("100.64.0.1"));
	assert_true(private_v4("0.0.0.0"));
	assert_true(private_v4("224.0.0.1"));
	assert_true(private_v4("255.255.255.255"));
	assert_false(private_v4("172.32.0.1"));
	assert_false(private_v4("8.8.8.8"));
	assert_false(private_v4("93.184.216.34"));
	assert_true(private_v6("::1"));
	assert_true(private_v6("::"));
	assert_true(private_v6("fe80::1"));
	assert_true(private_v6("fd00::1"));
	assert_true(private_v6("ff02::1"));
	assert_true(private_v6("::ffff:127.0.0.1"));
	assert_true(private_v6("::ffff:10.0.0.1"));
	assert_true(private_v6("64:ff9b::a9fe:a9fe"));
	assert_false(private_v6("::ffff:8.8.8.8"));
	assert_false(private_v6("2606:4700::1111"));
}

/* fetch: refs in the remote document resolve against its URL; cache and
 * lockfile are filled; positions name the URL. */
static void
test_fetch_fills_cache_and_lock(void **state)
{
	struct fx *f = *state;
	char *lock, hex[SHA256_HEX_LEN + 1], want[512];
	struct stat st;
	char *body = NULL;
	size_t len;

	serve_common();
	write_spec(f, "/api/common.yaml"
	              "#/components/messages/Hello");
	assert_int_equal(load(f, (struct remote_opts){PRIVATE_OK,
	                                              .refresh = 1}),
	                 0);
	assert_int_equal(loader_file_count(f->doc), 3);
	snprintf(want, sizeof(want), "http://127.0.0.1:%u/api/schemas.yaml",
	         port);
	assert_string_equal(loader_file_path(f->doc, 2), want);
	assert_true(loader_file_is_remote(f->doc, 2));
	assert_false(loader_file_is_remote(f->doc, 0));
	lock = helpers_read_file(NULL, f->lock, &len);
	assert_non_null(lock);
	sha256_hex(hex, schemas_yaml, strlen(schemas_yaml));
	snprintf(want, sizeof(want),
	         "http://127.0.0.1:%u/api/schemas.yaml sha256:%s %zu\n", port,
	         hex, strlen(schemas_yaml));
	assert_non_null(strstr(lock, want));
	/* sorted: common before schemas */
	assert_true(strstr(lock, "common.yaml") < strstr(lock, "schemas.yaml"));
	free(lock);
	assert_int_equal(cache_get(&body, &len, f->cache, hex, 1 << 20), 0);
	assert_memory_equal(body, schemas_yaml, len);
	free(body);
	/* a plain build adds to the lockfile but never creates one */
	unlink(f->lock);
	assert_int_equal(load(f, (struct remote_opts){PRIVATE_OK}), 0);
	assert_int_not_equal(stat(f->lock, &st), 0);
}

/* The server gone: --offline reads the cache, and opens no connection. */
static void
test_offline_cache_hit(void **state)
{
	struct fx *f = *state;
	const struct diag *d;
	char want[256];

	serve_common();
	write_spec(f, "/api/common.yaml"
	              "#/components/messages/Hello");
	assert_int_equal(load(f, (struct remote_opts){PRIVATE_OK,
	                                              .refresh = 1}),
	                 0);
	server_stop();
	assert_int_equal(load(f, (struct remote_opts){.offline = 1}), 0);
	/* without the lockfile: the URL records of the cache */
	unlink(f->lock);
	assert_int_equal(load(f, (struct remote_opts){.offline = 1}), 0);
	/* an empty cache: every URL named */
	assert_int_equal(load(f, (struct remote_opts){
	                                 .offline = 1,
	                                 .cache_dir = "/nonexistent/cache"}),
	                 -1);
	d = only_error(f, "ref-remote-offline");
	snprintf(want, sizeof(want), "http://127.0.0.1:%u/api/common.yaml",
	         port);
	assert_non_null(strstr(d->message, want));
}

/* A served body that changed: an error naming both hashes; then
 * --update-lock takes the new one. */
static void
test_lock_mismatch_and_update(void **state)
{
	struct fx *f = *state;
	char old[SHA256_HEX_LEN + 1], new[SHA256_HEX_LEN + 1], *lock;
	const char *changed = "Greeting:\n  type: string\n";
	const struct diag *d;
	size_t len;

	serve_common();
	write_spec(f, "/api/common.yaml"
	              "#/components/messages/Hello");
	assert_int_equal(load(f, (struct remote_opts){PRIVATE_OK,
	                                              .refresh = 1}),
	                 0);
	serve("/api/schemas.yaml", changed, 0, NULL);
	sha256_hex(old, schemas_yaml, strlen(schemas_yaml));
	sha256_hex(new, changed, strlen(changed));
	/* the cache holds the locked body: a build is unmoved */
	assert_int_equal(load(f, (struct remote_opts){PRIVATE_OK}), 0);
	/* fetch reads the network */
	assert_int_equal(load(f, (struct remote_opts){PRIVATE_OK,
	                                              .refresh = 1}),
	                 -1);
	d = only_error(f, "ref-lock-mismatch");
	assert_non_null(strstr(d->message, "/api/schemas.yaml"));
	assert_non_null(strstr(d->message, old));
	assert_non_null(strstr(d->message, new));
	assert_non_null(d->file);
	assert_non_null(strstr(d->file, "/api/common.yaml"));
	/* --update-lock */
	assert_int_equal(load(f, (struct remote_opts){PRIVATE_OK,
	                                              .refresh = 1,
	                                              .update_lock = 1}),
	                 0);
	lock = helpers_read_file(NULL, f->lock, &len);
	assert_non_null(strstr(lock, new));
	assert_null(strstr(lock, old));
	free(lock);
	assert_int_equal(load(f, (struct remote_opts){PRIVATE_OK,
	                                              .refresh = 1}),
	                 0);
}

static void
test_redirect_to_file_refused(void **state)
{
	struct fx *f = *state;
	const struct diag *d;

	serve("/api/common.yaml", "", 302, "file:///etc/passwd");
	write_spec(f, "/api/common.yaml#/x");
	assert_int_equal(load(f, (struct remote_opts){PRIVATE_OK}), -1);
	d = only_error(f, "ref-remote");
	assert_non_null(strstr(d->message, "file:///etc/passwd"));
	/* a redirect to http is followed */
	serve("/api/common.yaml", "", 302, "/api/moved.yaml");
	serve("/api/moved.yaml", common_yaml, 0, NULL);
	serve("/api/schemas.yaml", schemas_yaml, 0, NULL);
	write_spec(f, "/api/common.yaml"
	              "#/components/messages/Hello");
	assert_int_equal(load(f, (struct remote_opts){PRIVATE_OK}), 0);
}

static void
test_body_over_limit(void **state)
{
	struct fx *f = *state;
	char big[200];
	const struct diag *d;

	memset(big, '#', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	serve("/big.yaml", big, 0, NULL);
	write_spec(f, "/big.yaml#/x");
	assert_int_equal(load(f, (struct remote_opts){
	                                 .fetch = {.allow_private_hosts = 1,
	                                           .max_body = 100}}),
	                 -1);
	d = only_error(f, "ref-remote");
	assert_non_null(strstr(d->message, "over the limit of 100 bytes"));
}

/* A listener that never accepts: the transfer times out. */
static void
test_timeout(void **state)
{
	struct fx *f = *state;
	struct sockaddr_in a = {.sin_family = AF_INET};
	socklen_t alen = sizeof(a);
	const struct diag *d;
	char ref[128];
	int s;

	s = socket(AF_INET, SOCK_STREAM, 0);
	assert_true(s >= 0);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(s, (struct sockaddr *)&a, sizeof(a)), 0);
	assert_int_equal(listen(s, 8), 0);
	assert_int_equal(getsockname(s, (struct sockaddr *)&a, &alen), 0);
	snprintf(ref, sizeof(ref), "http://127.0.0.1:%u/slow.yaml#/x",
	         (unsigned)ntohs(a.sin_port));
	write_spec_ref(f, ref);
	assert_int_equal(load(f, (struct remote_opts){
	                                 .fetch = {.allow_private_hosts = 1,
	                                           .timeout_ms = 300}}),
	                 -1);
	d = only_error(f, "ref-remote");
	assert_non_null(strstr(d->message, "no answer within 300 ms"));
	close(s);
}

static void
test_404(void **state)
{
	struct fx *f = *state;
	const struct diag *d;

	write_spec(f, "/missing.yaml#/x");
	assert_int_equal(load(f, (struct remote_opts){PRIVATE_OK}), -1);
	d = only_error(f, "ref-remote");
	assert_non_null(strstr(d->message, "HTTP 404"));
	assert_non_null(strstr(d->file, "asyncapi.yaml"));
	assert_int_equal(d->line, 9);
}

static void
test_yaml_error_shows_url(void **state)
{
	struct fx *f = *state;
	const struct diag *d;
	char want[128];

	serve("/bad.yaml", "a: 1\nb: [unclosed\n", 0, NULL);
	write_spec(f, "/bad.yaml#/a");
	assert_int_equal(load(f, (struct remote_opts){PRIVATE_OK}), -1);
	assert_true(diag_count(f->diags) > 0);
	d = diag_at(f->diags, 0);
	snprintf(want, sizeof(want), "http://127.0.0.1:%u/bad.yaml", port);
	assert_non_null(d->file);
	assert_string_equal(d->file, want);
	assert_true(d->line >= 2);
}

/* local -> remote -> (the same file, served) -> remote: the load ends; a
 * remote document's ref never reads the local disk. */
static void
test_cycle_local_remote_local(void **state)
{
	struct fx *f = *state;
	char spec[1024], *text;
	const struct diag *d;
	size_t len;

	snprintf(spec, sizeof(spec),
	         "asyncapi: 2.6.0\n"
	         "info:\n  title: Cycle\n  version: 1.0.0\n"
	         "channels: {}\n"
	         "components:\n  schemas:\n    B:\n      type: object\n"
	         "      properties:\n        a:\n"
	         "          $ref: 'http://127.0.0.1:%u/a.yaml#/A'\n",
	         port);
	helpers_write_file(NULL, f->spec, spec);
	serve("/a.yaml",
	      "A:\n  type: object\n  properties:\n    b:\n"
	      "      $ref: 'asyncapi.yaml#/components/schemas/B'\n",
	      0, NULL);
	text = helpers_read_file(NULL, f->spec, &len);
	serve("/asyncapi.yaml", text, 0, NULL);
	free(text);
	assert_int_equal(load(f, (struct remote_opts){PRIVATE_OK}), 0);
	assert_int_equal(loader_file_count(f->doc), 3);
	/* a ref to a file that exists only on the local disk */
	helpers_write_file(f->dir, "secret.yaml", "S: 1\n");
	serve("/a.yaml", "A:\n  $ref: 'secret.yaml#/S'\n", 0, NULL);
	assert_int_equal(load(f, (struct remote_opts){PRIVATE_OK}), -1);
	d = only_error(f, "ref-remote");
	assert_non_null(strstr(d->message, "/secret.yaml': the server "
	                                   "answered HTTP 404"));
	/* nor a file: URL */
	serve("/a.yaml", "A:\n  $ref: 'file:///etc/passwd'\n", 0, NULL);
	assert_int_equal(load(f, (struct remote_opts){PRIVATE_OK}), -1);
	only_error(f, "ref-syntax");
}

static void
test_private_host_refused(void **state)
{
	struct fx *f = *state;
	const struct diag *d;
	char ref[128];

	serve_common();
	write_spec(f, "/api/common.yaml"
	              "#/components/messages/Hello");
	assert_int_equal(load(f, (struct remote_opts){0}), -1);
	d = only_error(f, "ref-remote");
	assert_non_null(strstr(d->message, "127.0.0.1, a loopback"));
	assert_non_null(strstr(d->hint, "--allow-private-hosts"));
	/* a redirect from an allowed host is checked too (localhost: ::1 or
	 * 127.0.0.1, both refused) */
	snprintf(ref, sizeof(ref), "http://localhost:%u/api/common.yaml#/x",
	         port);
	write_spec_ref(f, ref);
	assert_int_equal(load(f, (struct remote_opts){0}), -1);
	only_error(f, "ref-remote");
}

/* One session (serve): fetched once, then reused with the server gone. */
static void
test_session_reuses_bodies(void **state)
{
	struct fx *f = *state;
	struct remote_opts o = {PRIVATE_OK, .cache_dir = "/nonexistent/c"};
	struct loader_doc *doc = NULL;

	serve_common();
	write_spec(f, "/api/common.yaml"
	              "#/components/messages/Hello");
	assert_int_equal(remote_new(&f->r, &o), 0);
	assert_int_equal(remote_load(&doc, f->spec, NULL, f->r, f->diags), 0);
	loader_doc_free(doc);
	server_stop();
	assert_int_equal(remote_load(&doc, f->spec, NULL, f->r, f->diags), 0);
	loader_doc_free(doc);
}

static void
test_document_limit(void **state)
{
	struct fx *f = *state;

	serve_common();
	write_spec(f, "/api/common.yaml"
	              "#/components/messages/Hello");
	assert_int_equal(load(f, (struct remote_opts){PRIVATE_OK,
	                                              .max_docs = 1}),
	                 -1);
	only_error(f, "limit-files");
}

static void
test_lockfile_syntax(void **state)
{
	struct fx *f = *state;
	struct lock *l = NULL;
	const struct diag *d;

	helpers_write_file(NULL, f->lock, "# comment\n\nhttp://x/ sha256:12 3\n");
	assert_int_equal(lock_load(&l, f->lock, f->diags), -1);
	d = only_error(f, "lock-syntax");
	assert_int_equal(d->line, 3);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_sha256),
	        cmocka_unit_test(test_resolve),
	        cmocka_unit_test(test_private_addresses),
#define T(t) cmocka_unit_test_setup_teardown(t, setup, teardown)
	        T(test_fetch_fills_cache_and_lock),
	        T(test_offline_cache_hit),
	        T(test_lock_mismatch_and_update),
	        T(test_redirect_to_file_refused),
	        T(test_body_over_limit),
	        T(test_timeout),
	        T(test_404),
	        T(test_yaml_error_shows_url),
	        T(test_cycle_local_remote_local),
	        T(test_private_host_refused),
	        T(test_session_reuses_bodies),
	        T(test_document_limit),
	        T(test_lockfile_syntax),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
