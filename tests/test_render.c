/* Tests of the index page: escaping, anchors, labels, Markdown, themes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "diag.h"
#include "loader.h"
#include "model.h"
#include "render.h"
#include "theme.h"
#include "tmpl.h"

#define DEFAULT_THEME ABS_TOP_SRCDIR "/themes/default"
#define DATA          TEST_DATA "/render/"

/* One spec loaded, modelled and rendered. */
struct page {
	struct diag_list *diags;
	struct loader_doc *doc;
	struct model *m;
	struct theme *theme;
	struct render_output *out;
	char *html; /* the page, whole */
	size_t len;
};

static void
page_free(struct page *p)
{
	free(p->html);
	render_output_free(p->out);
	theme_free(p->theme);
	model_free(p->m);
	loader_doc_free(p->doc);
	diag_list_free(p->diags);
}

/* Renders the spec at path with the default theme (and user_theme). */
static void
render_path(struct page *p, const char *path, const char *user_theme,
            const struct render_opts *opts)
{
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
	assert_int_equal(p->out->n, 1);
	assert_string_equal(p->out->pages[0].path, "index.html");
	/* The page is made when written, not by render_site. */
	assert_int_equal(p->out->pages[0].kind, RENDER_INDEX);
	assert_null(p->out->pages[0].data);
	assert_int_equal(
	        render_page_text(&p->html, &p->len, p->out, 0, p->diags), 0);
	assert_non_null(p->html);
	assert_int_equal(strlen(p->html), p->len);
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

/* Asserts that html holds `id="<kind>-<id>"` and a link to it. */
static void
assert_anchor(const char *html, const char *kind, const char *id)
{
	char buf[512];

	snprintf(buf, sizeof(buf), " id=\"%s-%s\"", kind, id);
	if (strstr(html, buf) == NULL)
		fail_msg("no anchor %s", buf);
	snprintf(buf, sizeof(buf), "<a href=\"#%s-%s\">", kind, id);
	if (strstr(html, buf) == NULL)
		fail_msg("no link %s", buf);
}

static void
hostile_text_is_escaped(void **state)
{
	struct page p;

	render_spec(&p, "hostile-v2.yaml", NULL, NULL);
	/* The page has no script at all: every <script> was spec text. */
	assert_null(strstr(p.html, "<script"));
	assert_null(strstr(p.html, "<img"));
	assert_null(strstr(p.html, "<b>"));
	assert_null(strstr(p.html, "href=\"javascript:"));
	assert_non_null(strstr(p.html,
	                       "<h1>&lt;script&gt;alert(1)&lt;/script&gt; "
	                       "Events</h1>"));
	assert_non_null(strstr(p.html, "<title>&lt;script&gt;alert(1)&lt;/"
	                               "script&gt; Events</title>"));
	/* The channel named by its path, in the contents and as a heading. */
	assert_non_null(strstr(p.html, ">user/&lt;script&gt;alert(1)&lt;/"
	                               "script&gt;</a></li>"));
	assert_non_null(strstr(p.html, "<code>urn:example:&lt;script&gt;alert("
	                               "1)&lt;/script&gt;</code>"));
	assert_non_null(strstr(
	        p.html, "<span class=\"contact-name\">Ops &quot;Team&quot;"
	                " &lt;ops&gt;</span> <a href=\"#\">"));
	assert_non_null(strstr(p.html, "<p class=\"title\">User signed up "
	                               "&lt;script&gt;</p>"));
	assert_non_null(strstr(p.html, ": Receive &lt;b&gt;sign-ups&lt;/b&gt;"
	                               "</li>"));
	assert_non_null(strstr(p.html, "<span class=\"tag\">&lt;b&gt;users&lt;"
	                               "/b&gt;</span>"));
	/* Schema text inside <pre> cannot close it. */
	assert_non_null(strstr(p.html, "&lt;/code&gt;&lt;/pre&gt;&lt;script&gt;"
	                               "alert(3)&lt;/script&gt;"));
	assert_non_null(strstr(p.html, "&quot;&gt;&lt;script&gt;alert(4)"));
	assert_int_equal(diag_count_at_least(p.diags, DIAG_WARNING), 0);
	page_free(&p);
}

static void
markdown_is_rendered_safely(void **state)
{
	struct page p;

	render_spec(&p, "hostile-v2.yaml", NULL, NULL);
	assert_non_null(strstr(p.html,
	                       "<div class=\"markdown\"><p>Intro with "
	                       "<strong>bold</strong> text.</p>\n"
	                       "<!-- raw HTML omitted -->\n"
	                       "<p><a href=\"\">click</a></p>\n</div>"));
	assert_non_null(strstr(p.html, "<p><!-- raw HTML omitted --> "
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

	render_spec(&p, "hostile-v2.yaml", NULL, NULL);
	assert_non_null(strstr(p.html, "<dt>Version</dt><dd>1.0.0</dd>"));
	assert_non_null(strstr(p.html, "<dt>AsyncAPI</dt><dd>2.6.0</dd>"));
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
	assert_non_null(strstr(p.html, "<dt>External documentation</dt><dd><a "
	                               "href=\"https://example.com/docs\">"));
	/* Numbers keep their source text. */
	assert_non_null(strstr(p.html, "&quot;maximum&quot;: 1.50"));
	page_free(&p);
}

static void
every_object_has_an_anchor(void **state)
{
	struct page p;
	size_t i;

	render_spec(&p, "hostile-v2.yaml", NULL, NULL);
	assert_int_equal(p.m->n_servers, 1);
	assert_int_equal(p.m->n_channels, 2);
	assert_int_equal(p.m->n_operations, 2);
	assert_true(p.m->n_messages >= 2);
	assert_int_equal(p.m->n_schemas, 1);
	assert_anchor(p.html, "server", "production");
	for (i = 0; i < p.m->n_servers; i++)
		assert_anchor(p.html, "server", p.m->servers[i]->id);
	for (i = 0; i < p.m->n_channels; i++)
		assert_anchor(p.html, "channel", p.m->channels[i]->id);
	for (i = 0; i < p.m->n_operations; i++)
		assert_anchor(p.html, "operation", p.m->operations[i]->id);
	for (i = 0; i < p.m->n_messages; i++)
		assert_anchor(p.html, "message", p.m->messages[i]->id);
	for (i = 0; i < p.m->n_schemas; i++)
		assert_anchor(p.html, "schema", p.m->schemas[i]->id);
	/* The table of contents comes before the first item. */
	assert_true(strstr(p.html, "<nav class=\"toc\"") <
	            strstr(p.html, "<article"));
	page_free(&p);
}

static void
v2_operations_are_labelled_pub_sub(void **state)
{
	struct page p;

	render_spec(&p, "hostile-v2.yaml", NULL, NULL);
	/* subscribe: the application sends; publish: it receives. */
	assert_non_null(strstr(p.html, "<span class=\"label label-send\">SUB"
	                               "</span> onUserSignedUp</a>"));
	assert_non_null(strstr(p.html, "<span class=\"label label-receive\">PUB"
	                               "</span> deleteUser</a>"));
	assert_null(strstr(p.html, ">SEND<"));
	page_free(&p);
}

static void
v3_labels_and_server_host(void **state)
{
	struct page p;

	render_spec(&p, "v3.yaml", NULL, NULL);
	assert_non_null(strstr(p.html, "<span class=\"label label-send\">SEND"
	                               "</span> sendSaid</a>"));
	assert_non_null(strstr(p.html, "<span class=\"label label-receive\">"
	                               "RECEIVE</span> receiveSaid</a>"));
	assert_non_null(strstr(p.html, "<code>chat.example.com/ws</code>"));
	assert_non_null(strstr(p.html, "<span class=\"badge\">wss</span>"));
	assert_non_null(strstr(p.html, "Address: <code>rooms/{roomId}</code>"));
	assert_non_null(strstr(p.html, "<dt><code>roomId</code></dt><dd><div "
	                               "class=\"markdown\"><p>The <em>room</em>"
	                               ".</p>\n</div></dd>"));
	assert_non_null(strstr(p.html, "<h4>Reply</h4>"));
	assert_non_null(strstr(p.html, "<span class=\"tag\">chat</span>"));
	assert_null(strstr(p.html, ">PUB<"));
	page_free(&p);
}

static void
output_is_reproducible(void **state)
{
	struct page a, b;

	render_spec(&a, "hostile-v2.yaml", NULL, NULL);
	render_spec(&b, "hostile-v2.yaml", NULL, NULL);
	assert_int_equal(a.len, b.len);
	assert_memory_equal(a.html, b.html, a.len);
	page_free(&a);
	page_free(&b);
}

static void
long_markdown_is_cut_with_a_warning(void **state)
{
	struct render_opts opts = RENDER_OPTS_INIT;
	const struct diag *d;
	struct page p;
	size_t i, found = 0;

	opts.markdown_max = 8;
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
	assert_int_equal(found, 1);
	assert_true(diag_count(p.diags) >= 3);
	page_free(&p);
}

static void
user_theme_overrides_a_partial(void **state)
{
	struct page p;

	render_spec(&p, "v3.yaml", DATA "user-theme", NULL);
	assert_non_null(strstr(p.html,
	                       "<footer class=\"user-footer\">User footer"
	                       " for AsyncAPI 3.0.0</footer>"));
	assert_null(strstr(p.html, "site-footer"));
	/* The head still comes from the default theme. */
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
big_page_is_written_in_pieces(void **state)
{
	struct pieces w = {NULL, 0, 0, 0, 0};
	char path[64];
	struct page p;

	write_big_spec(path, 400);
	render_path(&p, path, NULL, NULL);
	assert_true(p.len > 3 * TMPL_CHUNK);
	assert_int_equal(render_page_write(p.out, 0, pieces_write, &w, p.diags),
	                 0);
	/* Pieces of at most TMPL_CHUNK bytes that make up the whole page. */
	assert_true(w.calls > 3);
	assert_int_equal(w.largest, TMPL_CHUNK);
	assert_int_equal(w.len, p.len);
	assert_memory_equal(w.data, p.html, p.len);
	assert_non_null(strstr(p.html, "<li><a href=\"#channel-ch-399\">"
	                               "ch/399</a></li>"));
	assert_non_null(strstr(p.html, "<p>Channel <strong>399</strong> of "
	                               "the big spec.</p>"));
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

/* The markdown-too-long warnings of p, by line (at most 64). */
static size_t
cut_warnings(const struct page *p, int *lines)
{
	const struct diag *d;
	size_t i, n = 0;

	for (i = 0; i < diag_count(p->diags); i++) {
		d = diag_at(p->diags, i);
		if (strcmp(d->rule, "markdown-too-long") == 0 && n < 64)
			lines[n++] = d->line;
	}
	return n;
}

static void
text_shown_twice_is_reported_once(void **state)
{
	struct render_opts opts = RENDER_OPTS_INIT;
	const char *first;
	struct page p;
	int lines[64];

	opts.markdown_max = 8;
	render_spec(&p, "hostile-v2.yaml", DATA "twice-theme", &opts);
	first = strstr(p.html, "<p><p>&lt;img src</p>\n</p>");
	assert_non_null(first);
	assert_non_null(strstr(first + 1, "<p><p>&lt;img src</p>\n</p>"));
	/* The info and the tag texts, and the channel's once. */
	assert_int_equal(cut_warnings(&p, lines), 3);
	assert_int_equal(lines[0], 8);
	assert_int_equal(lines[2], 36);
	page_free(&p);
}

static void
names_only_theme_makes_no_item_texts(void **state)
{
	struct render_opts opts = RENDER_OPTS_INIT;
	struct page p;
	int lines[64];

	opts.markdown_max = 8;
	render_spec(&p, "hostile-v2.yaml", DATA "toc-theme", &opts);
	assert_non_null(strstr(p.html, "<li>production production</li>"));
	assert_non_null(strstr(p.html, "<li>onusersignedup onUserSignedUp "
	                               "send SUB</li>"));
	assert_non_null(strstr(p.html, "<li>user User</li>"));
	/* Only the info's texts were rendered (and cut): no item's. */
	assert_int_equal(cut_warnings(&p, lines), 2);
	assert_null(strstr(p.html, "markdown"));
	page_free(&p);
}

static void
missing_partial_is_an_error_before_writing(void **state)
{
	struct diag_list *diags = diag_list_new();
	struct loader_doc *doc = NULL;
	struct model *m = NULL;
	struct render_output *out = (struct render_output *)diags;
	struct tmpl_cache *c = tmpl_cache_new();

	/* This folder has an index page but no head.html.tpl. */
	assert_int_equal(tmpl_cache_add_dir(c, DATA "toc-theme/html"), 0);
	assert_int_equal(loader_load(&doc, DATA "v3.yaml", NULL, diags), 0);
	assert_int_equal(model_new(&m, doc, diags), 0);
	assert_int_equal(render_site(&out, m, c, NULL, diags), -1);
	assert_null(out);
	assert_int_equal(diag_count(diags), 1);
	assert_string_equal(diag_at(diags, 0)->rule, "template-error");
	assert_non_null(strstr(diag_at(diags, 0)->message, "head.html.tpl"));
	tmpl_cache_free(c);
	model_free(m);
	loader_doc_free(doc);
	diag_list_free(diags);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(hostile_text_is_escaped),
	        cmocka_unit_test(markdown_is_rendered_safely),
	        cmocka_unit_test(info_is_shown),
	        cmocka_unit_test(every_object_has_an_anchor),
	        cmocka_unit_test(v2_operations_are_labelled_pub_sub),
	        cmocka_unit_test(v3_labels_and_server_host),
	        cmocka_unit_test(output_is_reproducible),
	        cmocka_unit_test(long_markdown_is_cut_with_a_warning),
	        cmocka_unit_test(user_theme_overrides_a_partial),
	        cmocka_unit_test(missing_template_is_an_error),
	        cmocka_unit_test(big_page_is_written_in_pieces),
	        cmocka_unit_test(failed_writer_stops_the_page),
	        cmocka_unit_test(text_shown_twice_is_reported_once),
	        cmocka_unit_test(names_only_theme_makes_no_item_texts),
	        cmocka_unit_test(missing_partial_is_an_error_before_writing),
	};

	return cmocka_run_group_tests_name("render", tests, NULL, NULL);
}
