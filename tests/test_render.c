/* Tests of the index page: escaping, anchors, labels, Markdown, themes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
	const char *html;
};

static void page_free(struct page *p)
{
	render_output_free(p->out);
	theme_free(p->theme);
	model_free(p->m);
	loader_doc_free(p->doc);
	diag_list_free(p->diags);
}

/* Renders DATA/name with the default theme (and user_theme over it). */
static void render_spec(struct page *p, const char *name,
                        const char *user_theme, const struct render_opts *opts)
{
	char path[512];

	memset(p, 0, sizeof(*p));
	snprintf(path, sizeof(path), DATA "%s", name);
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
	p->html = p->out->pages[0].data;
	assert_int_equal(strlen(p->html), p->out->pages[0].len);
}

/* Asserts that html holds `id="<kind>-<id>"` and a link to it. */
static void assert_anchor(const char *html, const char *kind, const char *id)
{
	char buf[512];

	snprintf(buf, sizeof(buf), " id=\"%s-%s\"", kind, id);
	if (strstr(html, buf) == NULL)
		fail_msg("no anchor %s", buf);
	snprintf(buf, sizeof(buf), "<a href=\"#%s-%s\">", kind, id);
	if (strstr(html, buf) == NULL)
		fail_msg("no link %s", buf);
}

static void hostile_text_is_escaped(void **state)
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

static void markdown_is_rendered_safely(void **state)
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

static void info_is_shown(void **state)
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

static void every_object_has_an_anchor(void **state)
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

static void v2_operations_are_labelled_pub_sub(void **state)
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

static void v3_labels_and_server_host(void **state)
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

static void output_is_reproducible(void **state)
{
	struct page a, b;

	render_spec(&a, "hostile-v2.yaml", NULL, NULL);
	render_spec(&b, "hostile-v2.yaml", NULL, NULL);
	assert_int_equal(a.out->pages[0].len, b.out->pages[0].len);
	assert_memory_equal(a.html, b.html, a.out->pages[0].len);
	page_free(&a);
	page_free(&b);
}

static void long_markdown_is_cut_with_a_warning(void **state)
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

static void user_theme_overrides_a_partial(void **state)
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

static void missing_template_is_an_error(void **state)
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

int main(void)
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
	};

	return cmocka_run_group_tests_name("render", tests, NULL, NULL);
}
