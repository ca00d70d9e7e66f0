/*
 * Tests of the rendered site: the page plan, escaping, links that resolve,
 * anchors, labels, Markdown, examples, themes, big sites, single page.
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include <cmark.h>

#include "util/diag.h"
#include "load/loader.h"
#include "model/model.h"
#include "render/pages.h"
#include "render/render.h"
#include "render/render_int.h"
#include "render/theme.h"
#include "render/tmpl.h"

#define DEFAULT_THEME ABS_TOP_SRCDIR "/themes/default"
#define DATA          TEST_DATA "/render/"

/* One spec loaded, modelled and rendered: every page, whole. */
struct page {
	struct diag_list *diags;
	struct loader_doc *doc;
	struct model *m;
	struct theme *theme;
	struct render_output *out;
	char **texts; /* page i's bytes, NUL-terminated */
	char *html;   /* texts[0]: index.html */
	size_t len;   /* its length */
};

static void
page_free(struct page *p)
{
	size_t i;

	for (i = 0; p->out != NULL && p->texts != NULL && i < p->out->n; i++)
		free(p->texts[i]);
	free(p->texts);
	render_output_free(p->out);
	theme_free(p->theme);
	model_free(p->m);
	loader_doc_free(p->doc);
	diag_list_free(p->diags);
}

/* The text of the page at path, or NULL. */
static const char *
page_at(const struct page *p, const char *path)
{
	size_t i;

	for (i = 0; i < p->out->n; i++)
		if (strcmp(p->out->pages[i].path, path) == 0)
			return p->texts[i];
	return NULL;
}

/* Renders the spec at path with the default theme (and user_theme). */
static void
render_path(struct page *p, const char *path, const char *user_theme,
            const struct render_opts *opts)
{
	size_t i;

	memset(p, 0, sizeof(*p));
	p->diags = diag_list_new();
	assert_non_null(p->diags);
	assert_int_equal(loader_load(&p->doc, path, NULL, p->diags), 0);
	assert_int_equal(model_new(&p->m, p->doc, p->diags), 0);
	assert_int_equal(
	        theme_open(&p->theme, DEFAULT_THEME, user_theme, p->diags), 0);
	assert_int_equal(render_site(&p->out, p->m, theme_templates(p->theme),
	                             opts, p->diags),
	                 0);
	assert_true(p->out->n >= 1);
	/* The pages are made when written, not by render_site. */
	assert_int_equal(p->out->pages[0].kind, RENDER_INDEX);
	assert_null(p->out->pages[0].data);
	p->texts = calloc(p->out->n, sizeof(*p->texts));
	assert_non_null(p->texts);
	for (i = 0; i < p->out->n; i++)
		assert_int_equal(render_page_text(&p->texts[i], NULL, p->out, i,
		                                  p->diags),
		                 0);
	p->html = p->texts[0];
	p->len = strlen(p->html);
}

/* Renders DATA/name with the default theme (and user_theme over it). */
static void
render_spec(struct page *p, const char *name, const char *user_theme,
            const struct render_opts *opts)
{
	char path[512];

	snprintf(path, sizeof(path), DATA "%s", name);
	render_path(p, path, user_theme, opts);
}

/* A page as render_page_write hands it over. */
struct pieces {
	char *data;
	size_t len, calls, largest;
	size_t fail_at; /* the call (from 1) that fails, 0 for none */
};

static int
pieces_write(void *arg, const char *data, size_t len)
{
	struct pieces *p = arg;

	p->calls++;
	if (p->calls == p->fail_at)
		return -1;
	if (len > p->largest)
		p->largest = len;
	p->data = realloc(p->data, p->len + len + 1);
	assert_non_null(p->data);
	memcpy(p->data + p->len, data, len);
	p->len += len;
	p->data[p->len] = '\0';
	return 0;
}

/*
 * Writes a v2 spec of n channels (each with an operation and a message)
 * into a new temporary file, whose path goes into path (64 bytes).
 */
static void
write_big_spec(char *path, size_t n)
{
	FILE *fp;
	size_t i;
	int fd;

	strcpy(path, "/tmp/asyncdoc-test-render-XXXXXX");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	fp = fdopen(fd, "w");
	assert_non_null(fp);
	fputs("asyncapi: 2.6.0\ninfo: {title: Big, version: '1'}\n"
	      "channels:\n",
	      fp);
	for (i = 0; i < n; i++)
		fprintf(fp,
		        "  ch/%zu:\n"
		        "    description: Channel **%zu** of the big spec.\n"
		        "    subscribe:\n"
		        "      operationId: op%zu\n"
		        "      message:\n"
		        "        name: Msg%zu\n"
		        "        payload: {type: string, maxLength: %zu}\n",
		        i, i, i, i, i);
	assert_int_equal(fclose(fp), 0);
}

/* Asserts that some page holds id="<kind>-<id>" (the object's anchor). */
static void
assert_anchor(const struct page *p, const char *kind, const char *id)
{
	char buf[512];
	size_t i;

	snprintf(buf, sizeof(buf), " id=\"%s-%s\"", kind, id);
	for (i = 0; i < p->out->n; i++)
		if (strstr(p->texts[i], buf) != NULL)
			return;
	fail_msg("no anchor %s", buf);
}

/*
 * Every relative href and src of every HTML page leads to a page of the
 * site (or an asset), and its #fragment to an id on that page.
 */
static void
assert_links_resolve(const struct page *p)
{
	const char *at, *end, *root;
	char url[1024], target[1024], frag[512], want[600], *hash;
	const char *text;
	size_t i, len;

	for (i = 0; i < p->out->n; i++) {
		if (strstr(p->out->pages[i].path, ".html") == NULL)
			continue;
		root = pages_root(p->out->pages[i].path);
		for (at = p->texts[i]; (at = strstr(at, "href=\"")) != NULL;
		     at = end) {
			at += 6;
			end = strchr(at, '"');
			assert_non_null(end);
			len = (size_t)(end - at);
			assert_true(len < sizeof(url));
			memcpy(url, at, len);
			url[len] = '\0';
			if (strncmp(url, "http", 4) == 0 ||
			    strncmp(url, "mailto:", 7) == 0 ||
			    strcmp(url, "#") == 0 || strcmp(url, "#main") == 0)
				continue;
			frag[0] = '\0';
			hash = strchr(url, '#');
			if (hash != NULL) {
				snprintf(frag, sizeof(frag), "%s", hash + 1);
				*hash = '\0';
			}
			if (url[0] == '\0') {
				snprintf(target, sizeof(target), "%s",
				         p->out->pages[i].path);
			} else {
				/* relative to the root: strip the ../ */
				if (strncmp(url, root, strlen(root)) != 0)
					fail_msg("%s: link %s is not from the "
					         "root",
					         p->out->pages[i].path, url);
				snprintf(target, sizeof(target), "%s",
				         url + strlen(root));
			}
			if (strncmp(target, "assets/", 7) == 0)
				continue;
			text = page_at(p, target);
			if (text == NULL)
				fail_msg("%s links to missing %s",
				         p->out->pages[i].path, target);
			if (frag[0] != '\0') {
				snprintf(want, sizeof(want), "id=\"%s\"", frag);
				if (strstr(text, want) == NULL)
					fail_msg(
					        "%s links to %s#%s: no such id",
					        p->out->pages[i].path, target,
					        frag);
			}
		}
	}
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* No HTML page of p holds an id twice. */
static void
assert_ids_unique(const struct page *p)
{
	const char *at, *end;
	char **ids = NULL;
	size_t i, j, n, cap;

	for (i = 0; i < p->out->n; i++) {
		if (strstr(p->out->pages[i].path, ".html") == NULL)
			continue;
		n = cap = 0;
		for (at = p->texts[i]; (at = strstr(at, " id=\"")) != NULL;
		     at = end) {
			at += 5;
			end = strchr(at, '"');
			assert_non_null(end);
			if (n == cap) {
				cap = cap ? 2 * cap : 64;
				ids = realloc(ids, cap * sizeof(*ids));
				assert_non_null(ids);
			}
			ids[n] = strndup(at, (size_t)(end - at));
			assert_non_null(ids[n]);
			n++;
		}
		if (n > 0)
			qsort(ids, n, sizeof(*ids), cmp_str);
		for (j = 1; j < n; j++)
			if (strcmp(ids[j - 1], ids[j]) == 0)
				fail_msg("%s: id \"%s\" twice",
				         p->out->pages[i].path, ids[j]);
		for (j = 0; j < n; j++)
			free(ids[j]);
	}
	free(ids);
}

/* Every "<script" of html is our own app.js tag. */
static void
assert_only_our_scripts(const char *path, const char *html)
{
	const char *at;

	for (at = html; (at = strstr(at, "<script")) != NULL; at++)
		if (strncmp(at, "<script src=\"", 13) != 0 ||
		    strncmp(strchr(at + 13, '"') - 6, "app.js", 6) != 0)
			fail_msg("%s: a script that is not ours: %.60s", path,
			         at);
}

static void
page_plan_has_a_page_per_object(void **state)
{
	struct page p;
	size_t i, n;
	char path[256];

	(void)state;
	render_spec(&p, "hostile-v2.yaml", NULL, NULL);
	n = 4 + p.m->n_channels + p.m->n_operations + p.m->n_messages +
	    p.m->n_schemas;
	assert_int_equal(p.out->n, n);
	assert_string_equal(p.out->pages[1].path, "search-index.js");
	/* GitHub Pages: a 404 page, and no Jekyll */
	assert_string_equal(p.out->pages[2].path, "404.html");
	assert_string_equal(p.out->pages[3].path, ".nojekyll");
	assert_null(page_at(&p, "sitemap.xml"));
	for (i = 0; i < p.m->n_channels; i++) {
		snprintf(path, sizeof(path), "channels/%s.html",
		         p.m->channels[i]->id);
		assert_non_null(page_at(&p, path));
	}
	for (i = 0; i < p.m->n_operations; i++) {
		snprintf(path, sizeof(path), "operations/%s.html",
		         p.m->operations[i]->id);
		assert_non_null(page_at(&p, path));
	}
	for (i = 0; i < p.m->n_messages; i++) {
		snprintf(path, sizeof(path), "messages/%s.html",
		         p.m->messages[i]->id);
		assert_non_null(page_at(&p, path));
	}
	assert_non_null(page_at(&p, "schemas/user.html"));
	/* pages in folders reach the root through ../ */
	assert_non_null(strstr(page_at(&p, "schemas/user.html"),
	                       "<html lang=\"en\" data-root=\"../\">"));
	assert_non_null(strstr(p.html, "<html lang=\"en\" data-root=\"\">"));
	page_free(&p);
}

static void
hostile_text_is_escaped(void **state)
{
	struct page p;
	const char *ch;
	size_t i;

	(void)state;
	render_spec(&p, "hostile-v2.yaml", NULL, NULL);
	for (i = 0; i < p.out->n; i++) {
		if (strstr(p.out->pages[i].path, ".html") == NULL)
			continue;
		assert_only_our_scripts(p.out->pages[i].path, p.texts[i]);
		assert_null(strstr(p.texts[i], "<img"));
		assert_null(strstr(p.texts[i], "<b>"));
		assert_null(strstr(p.texts[i], "href=\"javascript:"));
		assert_null(strstr(p.texts[i], "src=\"javascript:"));
	}
	/* the search index cannot close a script element */
	assert_null(strstr(page_at(&p, "search-index.js"), "</script"));
	assert_null(strstr(page_at(&p, "search-index.js"), "<"));
	assert_non_null(strstr(p.html, "<h1 id=\"info-title\">&lt;script&gt;"
	                               "alert(1)&lt;/script&gt; Events</h1>"));
	assert_non_null(strstr(p.html, "<title>&lt;script&gt;alert(1)&lt;/"
	                               "script&gt; Events</title>"));
	assert_non_null(strstr(p.html, ">user/&lt;script&gt;alert(1)&lt;/"
	                               "script&gt;</a>"));
	assert_non_null(strstr(p.html, "<code>urn:example:&lt;script&gt;alert("
	                               "1)&lt;/script&gt;</code>"));
	/* a javascript: URL is replaced, its text escaped */
	assert_non_null(strstr(
	        p.html, "<span class=\"contact-name\">Ops &quot;Team&quot;"
	                " &lt;ops&gt;</span> <a href=\"#\">"));
	ch = page_at(&p, "messages/usersignedup.html");
	assert_non_null(ch);
	assert_non_null(strstr(ch, "<p class=\"title\">User signed up "
	                           "&lt;script&gt;</p>"));
	assert_non_null(strstr(p.html, "Receive &lt;b&gt;sign-ups&lt;/b&gt;"));
	assert_non_null(strstr(p.html, "<span class=\"tag\">&lt;b&gt;users&lt;"
	                               "/b&gt;</span>"));
	assert_int_equal(diag_count_at_least(p.diags, DIAG_WARNING), 0);
	page_free(&p);
}

static void
markdown_is_rendered_safely(void **state)
{
	struct page p;
	const char *ch;

	(void)state;
	render_spec(&p, "hostile-v2.yaml", NULL, NULL);
	assert_non_null(strstr(p.html,
	                       "<div class=\"markdown\"><p>Intro with "
	                       "<strong>bold</strong> text.</p>\n"
	                       "<!-- raw HTML omitted -->\n"
	                       "<p><a href=\"\">click</a></p>\n</div>"));
	ch = page_at(&p, "channels/user-script-alert-1-script.html");
	assert_non_null(ch);
	assert_non_null(strstr(ch, "<p><!-- raw HTML omitted --> "
	                           "channel</p>"));
	assert_non_null(
	        strstr(p.html, "<p>Everything about <em>users</em>.</p>"));
	assert_non_null(strstr(p.html, "<p>The <strong>main</strong> "
	                               "broker.</p>"));
	page_free(&p);
}

static void
info_is_shown(void **state)
{
	struct page p;

	(void)state;
	render_spec(&p, "hostile-v2.yaml", NULL, NULL);
	assert_non_null(strstr(p.html, "<span class=\"version\">Version 1.0.0"
	                               "</span> <span class=\"spec\">AsyncAPI "
	                               "2.6.0</span>"));
	assert_non_null(strstr(
	        p.html, "<dt>License</dt><dd><a href=\"https://www.apache.org/"
	                "licenses/LICENSE-2.0\">Apache 2.0</a></dd>"));
	assert_non_null(strstr(p.html,
	                       "<dt>Terms of service</dt><dd><a href=\""
	                       "https://example.com/terms?a=1&amp;b=2\">"));
	assert_non_null(strstr(p.html, "<a href=\"mailto:ops@example.com\">"
	                               "ops@example.com</a>"));
	assert_non_null(strstr(p.html, "<dt>Default content type</dt><dd><code>"
	                               "application/json</code></dd>"));
	assert_non_null(strstr(p.html, "External documentation: <a "
	                               "href=\"https://example.com/docs\">"));
	/* server details on the index */
	assert_non_null(strstr(p.html, "<code>mqtt://broker.example.com:1883"
	                               "</code>"));
	assert_non_null(
	        strstr(p.html, "<span class=\"badge\">mqtt 3.1.1</span>"));
	page_free(&p);
}

static void
every_object_has_a_page_and_anchor(void **state)
{
	struct page p;
	size_t i;

	(void)state;
	render_spec(&p, "hostile-v2.yaml", NULL, NULL);
	assert_int_equal(p.m->n_servers, 1);
	assert_int_equal(p.m->n_channels, 2);
	assert_int_equal(p.m->n_operations, 2);
	assert_true(p.m->n_messages >= 2);
	assert_int_equal(p.m->n_schemas, 1);
	for (i = 0; i < p.m->n_servers; i++)
		assert_anchor(&p, "server", p.m->servers[i]->id);
	for (i = 0; i < p.m->n_channels; i++)
		assert_anchor(&p, "channel", p.m->channels[i]->id);
	for (i = 0; i < p.m->n_operations; i++)
		assert_anchor(&p, "operation", p.m->operations[i]->id);
	for (i = 0; i < p.m->n_messages; i++)
		assert_anchor(&p, "message", p.m->messages[i]->id);
	for (i = 0; i < p.m->n_schemas; i++)
		assert_anchor(&p, "schema", p.m->schemas[i]->id);
	assert_links_resolve(&p);
	page_free(&p);
}

static void
links_resolve_in_every_mode(void **state)
{
	struct render_opts opts = {0};
	struct page p;

	(void)state;
	render_spec(&p, "v3.yaml", NULL, NULL);
	assert_links_resolve(&p);
	page_free(&p);
	opts.single_page = 1;
	render_spec(&p, "v3.yaml", NULL, &opts);
	assert_links_resolve(&p);
	page_free(&p);
	opts.group_by_tags = 1;
	render_spec(&p, "hostile-v2.yaml", NULL, &opts);
	assert_links_resolve(&p);
	page_free(&p);
}

/*
 * Schema trees that share subschemas, shown several times on one page (a
 * component's and its messages' on a single page; a message's bindings),
 * and channels whose addresses nest (a heading's id is another channel's
 * anchor on a single page): every id once per page, every #link to an id
 * of its page.
 */
static void
ids_are_unique_on_every_page(void **state)
{
	static const char *const specs[] = {TEST_DATA "/anchors/shared-v3.yaml",
	                                    TEST_DATA "/anchors/shared-v2.yaml",
	                                    TEST_DATA "/anchors/nested-v2.yaml",
	                                    DATA "v3.yaml",
	                                    DATA "hostile-v2.yaml"};
	struct render_opts opts = {0};
	struct page p;
	size_t i;
	int single;

	(void)state;
	for (i = 0; i < sizeof(specs) / sizeof(specs[0]); i++) {
		for (single = 0; single < 2; single++) {
			opts.single_page = single;
			render_path(&p, specs[i], NULL, &opts);
			assert_ids_unique(&p);
			assert_links_resolve(&p);
			page_free(&p);
		}
	}
}

static void
single_page_holds_everything(void **state)
{
	struct render_opts opts = {0};
	struct page p;
	size_t i;

	(void)state;
	opts.single_page = 1;
	render_spec(&p, "hostile-v2.yaml", NULL, &opts);
	assert_int_equal(p.out->n, 4);
	assert_string_equal(p.out->pages[1].path, "search-index.js");
	for (i = 0; i < p.m->n_channels; i++)
		assert_anchor(&p, "channel", p.m->channels[i]->id);
	for (i = 0; i < p.m->n_messages; i++)
		assert_anchor(&p, "message", p.m->messages[i]->id);
	/* items carry their own titles there, with permalinks */
	assert_non_null(strstr(p.html, "<a class=\"permalink\" href=\"#schema-"
	                               "user\""));
	assert_non_null(strstr(p.html, "<a href=\"#message-usersignedup\">"));
	assert_null(strstr(p.html, "href=\"channels/"));
	page_free(&p);
}

static void
v2_operations_are_labelled_pub_sub(void **state)
{
	struct render_opts opts = {0};
	struct page p;

	(void)state;
	render_spec(&p, "hostile-v2.yaml", NULL, NULL);
	/* subscribe: the application sends; publish: it receives. */
	assert_non_null(strstr(p.html, "<span class=\"label label-send\">SUB"
	                               "</span></td><td><a href=\"operations/"
	                               "onusersignedup.html\">onUserSignedUp"));
	assert_non_null(strstr(p.html, "<span class=\"label label-receive\">PUB"
	                               "</span>"));
	assert_null(strstr(p.html, ">SEND<"));
	page_free(&p);
	/* the v3Labels parameter */
	opts.v3_labels = 1;
	render_spec(&p, "hostile-v2.yaml", NULL, &opts);
	assert_non_null(strstr(p.html, ">SEND</span>"));
	assert_null(strstr(p.html, ">SUB</span>"));
	page_free(&p);
}

static void
v3_labels_server_host_and_reply(void **state)
{
	struct page p;
	const char *op, *ch;

	(void)state;
	render_spec(&p, "v3.yaml", NULL, NULL);
	assert_non_null(strstr(p.html, "<span class=\"label label-send\">SEND"
	                               "</span>"));
	assert_non_null(
	        strstr(p.html, "<code>wss://chat.example.com/ws</code>"));
	assert_non_null(strstr(p.html, "<span class=\"badge\">wss</span>"));
	ch = page_at(&p, "channels/room.html");
	assert_non_null(ch);
	assert_non_null(strstr(ch, "Address <code>rooms/{roomId}</code>"));
	assert_non_null(strstr(ch, "<dt><code>roomId</code></dt>"));
	/* the operation whose reply comes on this channel is listed there */
	assert_non_null(strstr(ch, ">Replies to</h2>"));
	assert_non_null(strstr(ch, "<a href=\"../operations/receivesaid.html\">"
	                           "receiveSaid</a> <span class=\"muted\">its "
	                           "reply comes here</span>"));
	assert_non_null(strstr(ch, "<p>The <em>room</em>.</p>"));
	op = page_at(&p, "operations/receivesaid.html");
	assert_non_null(op);
	assert_non_null(strstr(op, ">Reply</h2>"));
	assert_non_null(strstr(op, "<h1><span class=\"label label-receive\">"
	                           "RECEIVE</span>"));
	/* breadcrumbs back to the index */
	assert_non_null(strstr(op, "<nav class=\"breadcrumbs\""));
	assert_non_null(strstr(op, "<a href=\"../index.html#operations\">"));
	assert_non_null(strstr(p.html, "<span class=\"tag\">chat</span>"));
	assert_null(strstr(p.html, ">PUB<"));
	page_free(&p);
}

static void
messages_show_schemas_and_examples(void **state)
{
	struct page p;
	const char *msg;

	(void)state;
	render_spec(&p, "hostile-v2.yaml", NULL, NULL);
	msg = page_at(&p, "messages/usersignedup.html");
	assert_non_null(msg);
	/* the payload is a component schema: linked, shown as a tree */
	assert_non_null(strstr(msg, "<p>Schema <a href=\"../schemas/user.html"
	                            "\">User</a></p>"));
	assert_non_null(strstr(msg, ">name</code>"));
	/* no example given: one generated, and labelled so */
	assert_non_null(strstr(msg, "generated from the schema"));
	assert_non_null(strstr(msg, "<pre class=\"code\"><code>"));
	/* who uses it */
	assert_non_null(strstr(msg, "<a href=\"../operations/onusersignedup."
	                            "html\">onUserSignedUp</a>"));
	/* the schema page lists the message back, and its source */
	assert_non_null(strstr(page_at(&p, "schemas/user.html"),
	                       "<a href=\"../messages/usersignedup.html\">"));
	assert_non_null(strstr(page_at(&p, "schemas/user.html"),
	                       "<summary>Source</summary>"));
	page_free(&p);
}

static void
output_is_reproducible(void **state)
{
	struct page a, b;
	size_t i;

	(void)state;
	render_spec(&a, "hostile-v2.yaml", NULL, NULL);
	render_spec(&b, "hostile-v2.yaml", NULL, NULL);
	assert_int_equal(a.out->n, b.out->n);
	for (i = 0; i < a.out->n; i++) {
		assert_string_equal(a.out->pages[i].path, b.out->pages[i].path);
		assert_string_equal(a.texts[i], b.texts[i]);
	}
	page_free(&a);
	page_free(&b);
}

static void
long_markdown_is_cut_with_a_warning(void **state)
{
	struct render_opts opts = {.markdown_max = 8};
	const struct diag *d;
	struct page p;
	size_t i, found = 0;

	(void)state;
	render_spec(&p, "hostile-v2.yaml", NULL, &opts);
	/* "Intro wi" is all that is left of the info description. */
	assert_non_null(
	        strstr(p.html, "<div class=\"markdown\"><p>Intro wi</p>"));
	for (i = 0; i < diag_count(p.diags); i++) {
		d = diag_at(p.diags, i);
		if (strcmp(d->rule, "markdown-too-long") != 0)
			continue;
		assert_int_equal(d->severity, DIAG_WARNING);
		assert_non_null(d->file);
		assert_non_null(strstr(d->file, "hostile-v2.yaml"));
		/* The info description is a literal block at line 8. */
		if (d->line == 8)
			found++;
	}
	/* once, though the index is written once and read by no other */
	assert_int_equal(found, 1);
	assert_true(diag_count(p.diags) >= 3);
	page_free(&p);
}

static void
user_theme_overrides_a_partial(void **state)
{
	struct page p;

	(void)state;
	render_spec(&p, "v3.yaml", DATA "user-theme", NULL);
	assert_non_null(strstr(p.html,
	                       "<footer class=\"user-footer\">User footer"
	                       " for AsyncAPI 3.0.0</footer>"));
	assert_null(strstr(p.html, "site-footer"));
	/* on every page, and the head still comes from the default theme */
	assert_non_null(
	        strstr(page_at(&p, "channels/room.html"), "user-footer"));
	assert_non_null(strstr(p.html, "<link rel=\"stylesheet\" href=\"assets/"
	                               "style.css\">"));
	page_free(&p);
}

static void
missing_template_is_an_error(void **state)
{
	struct diag_list *diags = diag_list_new();
	struct loader_doc *doc = NULL;
	struct model *m = NULL;
	struct render_output *out = (struct render_output *)diags;
	struct tmpl_cache *c = tmpl_cache_new();

	(void)state;
	/* a folder with a footer only: the index template is missing */
	assert_int_equal(tmpl_cache_add_dir(c, DATA "user-theme/html"), 0);
	assert_int_equal(loader_load(&doc, DATA "v3.yaml", NULL, diags), 0);
	assert_int_equal(model_new(&m, doc, diags), 0);
	assert_int_equal(render_site(&out, m, c, NULL, diags), -1);
	assert_null(out);
	assert_int_equal(diag_count(diags), 1);
	assert_string_equal(diag_at(diags, 0)->rule, "template-error");
	assert_non_null(strstr(diag_at(diags, 0)->message, "index.html.tpl"));
	tmpl_cache_free(c);
	model_free(m);
	loader_doc_free(doc);
	diag_list_free(diags);
}

static void
big_site_is_linear(void **state)
{
	struct pieces w = {NULL, 0, 0, 0, 0};
	char path[64];
	struct page p;
	const char *ch;
	size_t i, largest = 0;

	(void)state;
	write_big_spec(path, 400);
	render_path(&p, path, NULL, NULL);
	assert_true(p.len > 2 * TMPL_CHUNK);
	assert_int_equal(render_page_write(p.out, 0, pieces_write, &w, p.diags),
	                 0);
	/* Pieces of at most TMPL_CHUNK bytes that make up the whole page. */
	assert_true(w.calls > 2);
	assert_int_equal(w.largest, TMPL_CHUNK);
	assert_int_equal(w.len, p.len);
	assert_memory_equal(w.data, p.html, p.len);
	assert_non_null(strstr(p.html, "<a href=\"channels/ch-399.html\">"
	                               "ch/399</a>"));
	/*
	 * Sub-pages list the channels around theirs, not all 400: their
	 * size does not grow with the number of channels.
	 */
	ch = page_at(&p, "channels/ch-200.html");
	assert_non_null(ch);
	assert_non_null(strstr(ch, "<p>Channel <strong>200</strong> of "
	                           "the big spec.</p>"));
	/* <wbr>: a narrow sidebar breaks names after '/' only */
	assert_non_null(strstr(ch, "aria-current=\"page\">ch/<wbr>200</a>"));
	assert_non_null(strstr(ch, "class=\"nav-more\""));
	assert_null(strstr(ch, ">ch/<wbr>399<"));
	for (i = 0; i < p.out->n; i++)
		if (i > 1 && strlen(p.texts[i]) > largest)
			largest = strlen(p.texts[i]);
	assert_true(largest < 24 * 1024);
	assert_links_resolve(&p);
	assert_int_equal(diag_count(p.diags), 0);
	free(w.data);
	page_free(&p);
	unlink(path);
}

static void
failed_writer_stops_the_page(void **state)
{
	struct pieces w = {NULL, 0, 0, 0, 2};
	char path[64];
	struct page p;

	(void)state;
	write_big_spec(path, 400);
	render_path(&p, path, NULL, NULL);
	assert_int_equal(render_page_write(p.out, 0, pieces_write, &w, p.diags),
	                 -1);
	/* No call after the failed one, and the writer's error is its own. */
	assert_int_equal(w.calls, 2);
	assert_int_equal(w.len, TMPL_CHUNK);
	assert_int_equal(diag_count(p.diags), 0);
	free(w.data);
	page_free(&p);
	unlink(path);
}

/* Pages rendered by a thread of their own: every odd or every even one. */
struct half {
	const struct page *p;
	size_t first;
	int same; /* every page the bytes of p->texts */
};

static void *
render_half(void *arg)
{
	struct half *h = arg;
	struct diag_list *diags = diag_list_new();
	char *text;
	size_t i;

	h->same = diags != NULL;
	for (i = h->first; h->same && i < h->p->out->n; i += 2) {
		if (render_page_text(&text, NULL, h->p->out, i, diags) != 0) {
			h->same = 0;
			break;
		}
		h->same = strcmp(text, h->p->texts[i]) == 0;
		free(text);
	}
	diag_list_free(diags);
	return NULL;
}

/*
 * The sidebar entries made once per site (render_sidebar_names(), #18)
 * give the pages the bytes that each page's own making of them gives, and
 * pages written by two threads at once (as the site's writers do) read
 * them alike.
 */
static void
sidebar_entries_made_once_are_the_pages_own(void **state)
{
	struct half halves[2];
	pthread_t tid;
	char path[64], *text;
	struct page p;
	size_t i, n = 0;

	(void)state;
	write_big_spec(path, 400);
	render_path(&p, path, NULL, NULL);
	assert_non_null(p.out->ix->nav.items);
	halves[0] = (struct half){&p, 0, 0};
	halves[1] = (struct half){&p, 1, 0};
	assert_int_equal(pthread_create(&tid, NULL, render_half, &halves[1]),
	                 0);
	render_half(&halves[0]);
	assert_int_equal(pthread_join(tid, NULL), 0);
	assert_true(halves[0].same);
	assert_true(halves[1].same);
	/* without them, every page makes its own */
	render_sidebar_names_free(&p.out->ix->nav);
	for (i = 0; i < p.out->n; i++) {
		assert_int_equal(
		        render_page_text(&text, NULL, p.out, i, p.diags), 0);
		assert_string_equal(text, p.texts[i]);
		n += strstr(text, "class=\"nav-more\"") != NULL;
		free(text);
	}
	/* windows of the sidebar, with the current item, were compared */
	assert_true(n > 1000);
	assert_non_null(strstr(page_at(&p, "channels/ch-200.html"),
	                       "aria-current=\"page\">ch/<wbr>200</a>"));
	assert_int_equal(diag_count(p.diags), 0);
	page_free(&p);
	unlink(path);
}

static void
sidebar_groups_operations_by_tag(void **state)
{
	struct render_opts opts = {.group_by_tags = 1};
	struct page p;

	(void)state;
	render_spec(&p, "v3.yaml", NULL, &opts);
	/* no operation of v3.yaml has a tag: all under "Untagged" */
	assert_non_null(strstr(p.html, "<p class=\"nav-tag\">Untagged</p>"));
	page_free(&p);
}

/* The text between from and the first end after it in s (caller frees). */
static char *
between(const char *s, const char *from, const char *end)
{
	const char *a = strstr(s, from), *b;

	assert_non_null(a);
	b = strstr(a + strlen(from), end);
	assert_non_null(b);
	return strndup(a, (size_t)(b - a));
}

/* Drops the sidebar's <wbr> break points from s, in place. */
static void
strip_wbr(char *s)
{
	char *w = s, *r = s;

	while (*r != '\0') {
		if (strncmp(r, "<wbr>", 5) == 0)
			r += 5;
		else
			*w++ = *r++;
	}
	*w = '\0';
}

/*
 * The grouped sidebar of spec: names[i] is listed once among the
 * operations, under tags[i]; the tags come in order of first use.
 */
static void
assert_tag_groups(const char *spec, const char *const *tags,
                  const char *const *names, size_t n)
{
	struct render_opts opts = {.group_by_tags = 1};
	const char *prev = NULL, *at;
	char *ops, *group, text[160];
	struct page p;
	size_t i;

	render_spec(&p, spec, NULL, &opts);
	assert_int_equal(diag_count(p.diags), 0);
	ops = between(p.html, "<li class=\"nav-group nav-operation\">",
	              "<li class=\"nav-group nav-message\">");
	strip_wbr(ops);
	for (i = 0; i < n; i++) {
		snprintf(text, sizeof(text), "<p class=\"nav-tag\">%s</p>",
		         tags[i]);
		group = between(ops, text, "</ul>");
		snprintf(text, sizeof(text), ">%s</a></li>", names[i]);
		if (strstr(group, text) == NULL)
			fail_msg("%s: %s is not under %s", spec, names[i],
			         tags[i]);
		free(group);
		at = strstr(ops, text);
		assert_null(strstr(at + 1, text));
		/* the groups in order of their tags' first use */
		snprintf(text, sizeof(text), "<p class=\"nav-tag\">%s</p>",
		         tags[i]);
		at = strstr(ops, text);
		assert_true(prev == NULL || at >= prev);
		prev = at;
	}
	free(ops);
	page_free(&p);
}

static void
sidebar_nests_tagged_operations_under_their_tag(void **state)
{
	static const char *const tags[] = {"billing", "billing", "accounts",
	                                   "Untagged"};
	static const char *const v2[] = {"invoiceCreated", "invoicePaid",
	                                 "accountOpened", "ping"};
	static const char *const v3[] = {"onInvoiceCreated", "sendInvoice",
	                                 "onAccountOpened", "sendPing"};

	(void)state;
	assert_tag_groups("tagged-v2.yaml", tags, v2, 4);
	assert_tag_groups("tagged-v3.yaml", tags, v3, 4);
}

/* 1 when html is one of our anchors, <a id="slug"></a>, or its tags. */
static int
our_anchor(const char *html)
{
	const char *p;

	if (strcmp(html, "</a>") == 0)
		return 1;
	if (strncmp(html, "<a id=\"", 7) != 0)
		return 0;
	for (p = html + 7;
	     (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
	     *p == '-' || *p == '_' || *p == '.';
	     p++)
		;
	/* cmark may split the element into its two tags */
	return strcmp(p, "\">") == 0 || (strncmp(p, "\"></a>", 6) == 0 &&
	                                 (p[6] == '\0' || p[6] == '\n'));
}

/*
 * Every Markdown page, parsed by cmark: no raw HTML but our anchors, no
 * javascript: link; every table row has its header's number of cells.
 */
static void
assert_markdown_safe(const struct page *p)
{
	cmark_node *doc, *n;
	cmark_iter *it;
	const char *line, *q;
	size_t i, cells, header = 0;
	int in_table = 0;

	for (i = 0; i < p->out->n; i++) {
		if (!p->out->pages[i].md)
			continue;
		doc = cmark_parse_document(p->texts[i], strlen(p->texts[i]),
		                           CMARK_OPT_DEFAULT);
		assert_non_null(doc);
		it = cmark_iter_new(doc);
		while (cmark_iter_next(it) != CMARK_EVENT_DONE) {
			n = cmark_iter_get_node(it);
			switch (cmark_node_get_type(n)) {
			case CMARK_NODE_HTML_INLINE:
			case CMARK_NODE_HTML_BLOCK:
				if (!our_anchor(cmark_node_get_literal(n)))
					fail_msg("%s: raw HTML %.80s",
					         p->out->pages[i].path,
					         cmark_node_get_literal(n));
				break;
			case CMARK_NODE_LINK:
			case CMARK_NODE_IMAGE:
				if (strncmp(cmark_node_get_url(n),
				            "javascript:", 11) == 0)
					fail_msg("%s: a javascript: link",
					         p->out->pages[i].path);
				break;
			default:
				break;
			}
		}
		cmark_iter_free(it);
		cmark_node_free(doc);
		/* GFM tables: count the unescaped pipes of each row */
		for (line = p->texts[i]; *line != '\0'; line = *q ? q + 1 : q) {
			q = line;
			cells = 0;
			for (; *q != '\0' && *q != '\n'; q++)
				if (*q == '|' && (q == line || q[-1] != '\\'))
					cells++;
			if (line[0] != '|') {
				in_table = 0;
				continue;
			}
			if (!in_table) {
				in_table = 1;
				header = cells;
			} else if (cells != header) {
				fail_msg("%s: a table row with %zu pipes, "
				         "not %zu: %.80s",
				         p->out->pages[i].path, cells, header,
				         line);
			}
		}
	}
}

static void
markdown_pages_are_safe(void **state)
{
	struct render_opts opts = {0};
	struct page p;
	const char *ch;

	(void)state;
	opts.formats = RENDER_FMT_MD;
	render_spec(&p, "hostile-v2.yaml", NULL, &opts);
	assert_string_equal(p.out->pages[0].path, "index.md");
	assert_non_null(page_at(&p, "channels/user-deleted.md"));
	assert_null(page_at(&p, "search-index.js"));
	assert_markdown_safe(&p);
	/* spec text stays text: escaped, never HTML */
	assert_non_null(strstr(p.html, "# \\<script\\>alert(1)\\</script\\> "
	                               "Events"));
	ch = page_at(&p, "channels/user-script-alert-1-script.md");
	assert_non_null(ch);
	assert_non_null(strstr(ch, "\\<img src=x onerror=alert(1)\\> channel"));
	/* a description's raw HTML is shown as text */
	assert_non_null(strstr(p.html, "\\<script\\>alert(1)\\</script\\>"));
	assert_null(strstr(p.html, "javascript:alert"));
	page_free(&p);

	/* one file, and both formats side by side */
	opts.single_file = 1;
	opts.formats = RENDER_FMT_MD | RENDER_FMT_HTML;
	render_spec(&p, "hostile-v2.yaml", NULL, &opts);
	assert_non_null(page_at(&p, "asyncapi.md"));
	assert_non_null(page_at(&p, "index.html"));
	assert_null(page_at(&p, "channels/user-deleted.md"));
	assert_non_null(page_at(&p, "channels/user-deleted.html"));
	assert_non_null(strstr(page_at(&p, "asyncapi.md"),
	                       "<a id=\"channel-user-deleted\"></a>"));
	assert_markdown_safe(&p);
	page_free(&p);
}

static void
markdown_front_matter_and_extension(void **state)
{
	struct render_opts opts = {0};
	struct page p;

	(void)state;
	opts.formats = RENDER_FMT_MD;
	opts.md_ext = ".mdx";
	opts.front_matter = "---\ntitle: {{title}}\nversion: {{version}}\n---";
	render_spec(&p, "hostile-v2.yaml", NULL, &opts);
	assert_string_equal(p.out->pages[0].path, "index.mdx");
	/* quoted JSON strings: the title cannot break the YAML */
	assert_memory_equal(p.html,
	                    "---\ntitle: \"<script>alert(1)</script> Events\"\n"
	                    "version: \"1.0.0\"\n---\n",
	                    strlen("---\ntitle: \"<script>alert(1)</script> "
	                           "Events\"\nversion: \"1.0.0\"\n---\n"));
	assert_non_null(page_at(&p, "schemas/user.mdx"));
	assert_non_null(strstr(page_at(&p, "messages/usersignedup.mdx"),
	                       "(../schemas/user.mdx)"));
	page_free(&p);
}

/* Renders DATA/name as one Markdown file and as HTML: pages md and html. */
static void
render_both(struct page *p, const char *name, const char **md,
            const char **html)
{
	struct render_opts opts = {.formats = RENDER_FMT_MD | RENDER_FMT_HTML,
	                           .single_file = 1};

	render_spec(p, name, NULL, &opts);
	assert_int_equal(diag_count_at_least(p->diags, DIAG_ERROR), 0);
	*md = page_at(p, "asyncapi.md");
	*html = page_at(p, "index.html");
	assert_non_null(*md);
	assert_non_null(*html);
}

static void
unused_security_schemes_are_listed(void **state)
{
	const char *md, *html;
	char *sec;
	struct page p;

	(void)state;
	render_both(&p, "content-v3.yaml", &md, &html);
	sec = between(html, "<section id=\"security-schemes\"", "</section>");
	assert_non_null(strstr(sec, "<strong>unusedKey</strong>"));
	assert_non_null(strstr(sec, "<code>api_key</code>"));
	assert_non_null(strstr(sec, "<em>requires</em>"));
	/* the server's scheme is shown with the server, not here */
	assert_null(strstr(sec, "userPass"));
	free(sec);
	assert_non_null(strstr(md, "- [Security schemes](#security-schemes)"));
	sec = between(md, "## Security schemes", "## Channels");
	assert_non_null(strstr(sec, "- **unusedKey** (httpApiKey), name "
	                            "api\\_key, in header"));
	assert_null(strstr(sec, "userPass"));
	free(sec);
	page_free(&p);

	/* every scheme used: no section */
	render_both(&p, "v3.yaml", &md, &html);
	assert_null(strstr(html, "security-schemes"));
	assert_null(strstr(md, "Security schemes"));
	page_free(&p);
}

/* The HTML cmark makes of Markdown md (caller frees). */
static char *
md_to_html(const char *md)
{
	char *html = cmark_markdown_to_html(md, strlen(md), CMARK_OPT_DEFAULT);

	assert_non_null(html);
	return html;
}

static void
server_url_is_one_line_with_variables_marked(void **state)
{
	const char *md, *html;
	char *line, *out;
	struct page p;

	(void)state;
	/* v3: protocol + host + pathname, no Host or Path of its own */
	render_both(&p, "content-v3.yaml", &md, &html);
	assert_non_null(strstr(html, "<p class=\"address\"><code>mqtt://"
	                             "test.mosquitto.org:<var>{port}</var>"
	                             "/lights/<var>{zone}</var></code></p>"));
	assert_null(strstr(html, "<dt>Host</dt>"));
	assert_null(strstr(html, "<dt>Path</dt>"));
	assert_null(strstr(html, "<dt>Protocol</dt>"));
	assert_markdown_safe(&p);
	line = between(md, "**URL** ", "\n");
	out = md_to_html(line);
	assert_non_null(strstr(out, "mqtt://test.mosquitto.org:<em>{port}</em>"
	                            "/lights/<em>{zone}</em>"));
	free(out);
	free(line);
	page_free(&p);

	/* v2: a url without a scheme gets the protocol's; one with keeps it */
	render_both(&p, "content-v2.yaml", &md, &html);
	assert_non_null(strstr(html, "<code>mqtt://test.mosquitto.org:"
	                             "<var>{port}</var></code>"));
	assert_non_null(strstr(html, "<code>mqtts://test.mosquitto.org:8883"
	                             "</code>"));
	assert_null(strstr(html, "mqtt://mqtts://"));
	assert_non_null(strstr(md, "**URL** mqtt://test.mosquitto.org:*\\{port"
	                           "\\}* · **Protocol** mqtt"));
	assert_markdown_safe(&p);
	page_free(&p);
}

/* Markdown shows what the HTML page shows, in Markdown's form. */
static void
markdown_shows_what_html_shows(void **state)
{
	const char *md, *html;
	char *out;
	struct page p;

	(void)state;
	render_both(&p, "content-v3.yaml", &md, &html);
	assert_markdown_safe(&p);
	out = md_to_html(md);
	/* a security scheme's description, a used one and an unused one */
	assert_non_null(strstr(html, "Ask the <em>operator</em>"));
	assert_non_null(strstr(out, "Ask the <em>operator</em>"));
	assert_non_null(strstr(out, "A key nobody <em>requires</em> yet."));
	/* a server tag's description */
	assert_non_null(strstr(html, "A server anyone may <em>reach</em>."));
	assert_non_null(strstr(out, "A server anyone may <em>reach</em>."));
	/* the payload's own description, above its rows */
	assert_non_null(strstr(page_at(&p, "messages/measured.html"),
	                       "The measured <em>lumens</em> of a light."));
	assert_non_null(strstr(out, "<p>The measured <em>lumens</em> of a "
	                            "light.</p>"));
	/* externalDocs.description */
	assert_non_null(strstr(out, "The <em>manual</em> of the lights."));
	/* an object extension in full, not "see the document" */
	assert_null(strstr(md, "see the document"));
	assert_non_null(strstr(out,
	                       "&quot;url&quot;: "
	                       "&quot;https://example.com/logo.png&quot;"));
	/* no table head over no row: the message has no facts */
	assert_null(strstr(md, "| | |\n|---|---|\n\n"));
	assert_null(strstr(md, "**Servers:** \n"));
	free(out);
	page_free(&p);

	/* a v2 parameter's schema: its allowed values and default */
	render_both(&p, "content-v2.yaml", &md, &html);
	assert_markdown_safe(&p);
	assert_non_null(strstr(md,
	                       "- **streetlightId** (string), default left, "
	                       "allowed values: left, right, 7"));
	page_free(&p);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(page_plan_has_a_page_per_object),
	        cmocka_unit_test(hostile_text_is_escaped),
	        cmocka_unit_test(markdown_is_rendered_safely),
	        cmocka_unit_test(info_is_shown),
	        cmocka_unit_test(every_object_has_a_page_and_anchor),
	        cmocka_unit_test(links_resolve_in_every_mode),
	        cmocka_unit_test(ids_are_unique_on_every_page),
	        cmocka_unit_test(single_page_holds_everything),
	        cmocka_unit_test(v2_operations_are_labelled_pub_sub),
	        cmocka_unit_test(v3_labels_server_host_and_reply),
	        cmocka_unit_test(messages_show_schemas_and_examples),
	        cmocka_unit_test(output_is_reproducible),
	        cmocka_unit_test(long_markdown_is_cut_with_a_warning),
	        cmocka_unit_test(user_theme_overrides_a_partial),
	        cmocka_unit_test(missing_template_is_an_error),
	        cmocka_unit_test(big_site_is_linear),
	        cmocka_unit_test(failed_writer_stops_the_page),
	        cmocka_unit_test(sidebar_groups_operations_by_tag),
	        cmocka_unit_test(sidebar_entries_made_once_are_the_pages_own),
	        cmocka_unit_test(
	                sidebar_nests_tagged_operations_under_their_tag),
	        cmocka_unit_test(markdown_pages_are_safe),
	        cmocka_unit_test(markdown_front_matter_and_extension),
	        cmocka_unit_test(unused_security_schemes_are_listed),
	        cmocka_unit_test(server_url_is_one_line_with_variables_marked),
	        cmocka_unit_test(markdown_shows_what_html_shows),
	};

	return cmocka_run_group_tests_name("render", tests, NULL, NULL);
}
