/* Tests of the ctemplate shim: escaping, search path, includes, errors. */
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

#include "render/tmpl.h"

#define DEFAULT_DIR TEST_DATA "/tmpl/default"
#define USER_DIR    TEST_DATA "/tmpl/user"

static const char hostile[] = "<script>alert(\"x\")</script>";

/* A cache searching the user folder, then the default folder. */
static struct tmpl_cache *
layered_cache(void)
{
	struct tmpl_cache *c = tmpl_cache_new();

	assert_non_null(c);
	assert_int_equal(tmpl_cache_add_dir(c, USER_DIR), 0);
	assert_int_equal(tmpl_cache_add_dir(c, DEFAULT_DIR), 0);
	return c;
}

/* Expands page.html.tpl with TITLE=title and LINK=link. */
static char *
expand_page(struct tmpl_cache *c, const char *title, const char *link)
{
	struct tmpl_dict *d = tmpl_dict_new("page");
	char *out = NULL;
	size_t len = 0;

	assert_non_null(d);
	tmpl_set(d, "TITLE", title);
	tmpl_set(d, "LINK", link);
	tmpl_include_add(d, "HEADER", "header.html.tpl");
	tmpl_include_add(d, "FOOTER", "footer.html.tpl");
	assert_int_equal(tmpl_expand(&out, &len, c, "page.html.tpl",
	                             TMPL_STRIP_BLANK, d),
	                 0);
	assert_non_null(out);
	assert_int_equal(strlen(out), len);
	tmpl_dict_free(d);
	return out;
}

static void
escapes_html_text(void **state)
{
	struct tmpl_cache *c = layered_cache();
	char *out = expand_page(c, hostile, "https://example.com/");

	assert_non_null(strstr(out, "<p>&lt;script&gt;alert(&quot;x&quot;)"
	                            "&lt;/script&gt;</p>"));
	assert_non_null(strstr(out, "<title>&lt;script&gt;alert(&quot;x&quot;)"
	                            "&lt;/script&gt;</title>"));
	assert_null(strstr(out, "<script>"));
	free(out);
	tmpl_cache_free(c);
}

static void
escapes_attribute_quotes(void **state)
{
	struct tmpl_cache *c = layered_cache();
	char *out = expand_page(c, "a\" onmouseover=\"x", "https://e.com/");

	assert_non_null(
	        strstr(out, "title=\"a&quot; onmouseover=&quot;x\">link</a>"));
	assert_null(strstr(out, "\" onmouseover=\""));
	free(out);
	tmpl_cache_free(c);
}

static void
replaces_javascript_url(void **state)
{
	struct tmpl_cache *c = layered_cache();
	char *out = expand_page(c, "t", "javascript:alert(1)");

	assert_non_null(strstr(out, "<a href=\"#\" title=\"t\">"));
	assert_null(strstr(out, "javascript:"));
	free(out);
	out = expand_page(c, "t", "https://example.com/a?b=1&c=\"2\"");
	assert_non_null(strstr(
	        out,
	        "<a href=\"https://example.com/a?b=1&amp;c=&quot;2&quot;\""));
	free(out);
	tmpl_cache_free(c);
}

static void
user_dir_overrides_one_partial(void **state)
{
	struct tmpl_cache *c = layered_cache();
	struct tmpl_dict *d = tmpl_dict_new("page");
	char *out = NULL, *path = NULL;

	tmpl_set(d, "TITLE", "T");
	tmpl_set_global(d, "SITE", "<site>");
	tmpl_set(tmpl_include_add(d, "HEADER", "header.html.tpl"), "OWN",
	         "own");
	tmpl_include_add(d, "FOOTER", "footer.html.tpl");
	assert_int_equal(tmpl_expand(&out, NULL, c, "page.html.tpl",
	                             TMPL_STRIP_BLANK, d),
	                 0);
	/* The user's footer wins; the header falls through to the default. */
	assert_non_null(
	        strstr(out, "<footer>user footer &lt;site&gt;</footer>"));
	assert_null(strstr(out, "default footer"));
	/* An include sees globals and its own values, not the parent's. */
	assert_non_null(strstr(
	        out,
	        "<header>default header [] [&lt;site&gt;] [own]</header>"));
	assert_int_equal(tmpl_cache_find(&path, c, "footer.html.tpl"), 0);
	assert_string_equal(path, USER_DIR "/footer.html.tpl");
	free(path);
	assert_int_equal(tmpl_cache_find(&path, c, "header.html.tpl"), 0);
	assert_string_equal(path, DEFAULT_DIR "/header.html.tpl");
	free(path);
	free(out);
	tmpl_dict_free(d);
	tmpl_cache_free(c);
}

static void
sections_repeat_in_order(void **state)
{
	struct tmpl_cache *c = layered_cache();
	struct tmpl_dict *d = tmpl_dict_new("page");
	char *out = NULL;

	tmpl_set(d, "TITLE", "T");
	tmpl_set(tmpl_section_add(d, "ROW"), "ROW_NAME", "one");
	tmpl_set(tmpl_section_add(d, "ROW"), "ROW_NAME", "<two>");
	tmpl_include_add(d, "HEADER", "header.html.tpl");
	tmpl_include_add(d, "FOOTER", "footer.html.tpl");
	assert_int_equal(tmpl_expand(&out, NULL, c, "page.html.tpl",
	                             TMPL_STRIP_BLANK, d),
	                 0);
	assert_non_null(strstr(out, "<li>one</li>\n<li>&lt;two&gt;</li>\n"));
	free(out);
	tmpl_dict_free(d);
	tmpl_cache_free(c);
}

static void
string_templates_and_modifiers(void **state)
{
	static const char text[] = "{{%AUTOESCAPE context=\"HTML\"}}"
	                           "[{{#S}}{{V}}{{/S}}|{{N}}|{{RAW:none}}]";
	struct tmpl_cache *c = tmpl_cache_new();
	struct tmpl_dict *d = tmpl_dict_new("s");
	char *out = NULL;
	size_t len = 0;

	assert_int_equal(tmpl_cache_add_dir(c, DEFAULT_DIR), 0);
	assert_int_equal(tmpl_cache_add_string(c, "s", text, strlen(text)), 0);
	/* A key is registered once. */
	assert_int_equal(tmpl_cache_add_string(c, "s", text, strlen(text)), -1);
	tmpl_set(d, "V", "v&");
	tmpl_show(d, "S");
	tmpl_set_int(d, "N", -42);
	tmpl_set(d, "RAW", "<em>ok</em>");
	assert_int_equal(tmpl_expand(&out, &len, c, "s", TMPL_KEEP, d), 0);
	assert_string_equal(out, "[v&amp;|-42|<em>ok</em>]");
	assert_int_equal(len, strlen("[v&amp;|-42|<em>ok</em>]"));
	free(out);
	tmpl_dict_free(d);

	/* :p keeps the newlines of <pre> text (plain auto-escape folds them).
	 */
	d = tmpl_dict_new("pre");
	tmpl_set(d, "TEXT", "a\n  <b>");
	tmpl_setn(d, "HTML", "<i>x</i>tail", 8);
	assert_int_equal(
	        tmpl_expand(&out, NULL, c, "pre.html.tpl", TMPL_STRIP_BLANK, d),
	        0);
	assert_string_equal(out,
	                    "<pre>a\n  &lt;b&gt;</pre><div><i>x</i></div>\n");
	free(out);
	tmpl_dict_free(d);
	tmpl_cache_free(c);
}

static void
missing_template_fails_with_message(void **state)
{
	struct tmpl_cache *c = layered_cache();
	struct tmpl_dict *d = tmpl_dict_new("x");
	char *out = (char *)"unchanged";
	size_t len = 7;

	assert_int_equal(
	        tmpl_expand(&out, &len, c, "nope.html.tpl", TMPL_KEEP, d), -1);
	assert_null(out);
	assert_int_equal(len, 0);
	assert_non_null(strstr(tmpl_error(), "nope.html.tpl"));
	assert_non_null(strstr(tmpl_error(), "Unable to locate file"));
	assert_int_equal(tmpl_cache_find(&out, c, "nope.html.tpl"), -1);
	assert_null(out);
	tmpl_dict_free(d);
	tmpl_cache_free(c);
}

static void
missing_include_fails(void **state)
{
	struct tmpl_cache *c = layered_cache();
	struct tmpl_dict *d = tmpl_dict_new("x");
	char *out = NULL;

	tmpl_include_add(d, "HEADER", "no-such-partial.html.tpl");
	assert_int_equal(
	        tmpl_expand(&out, NULL, c, "page.html.tpl", TMPL_KEEP, d), -1);
	assert_null(out);
	assert_non_null(strstr(tmpl_error(), "no-such-partial.html.tpl"));
	tmpl_dict_free(d);
	tmpl_cache_free(c);
}

static void
syntax_errors_are_reported(void **state)
{
	static const char unquoted[] = "{{%AUTOESCAPE context=\"HTML\"}}"
	                               "<a onclick={{V}}>x</a>";
	struct tmpl_cache *c = layered_cache();
	struct tmpl_dict *d = tmpl_dict_new("x");
	char *out = NULL;

	assert_int_equal(tmpl_cache_load(c, "broken.html.tpl", TMPL_KEEP), -1);
	assert_non_null(strstr(tmpl_error(), "broken.html.tpl"));
	assert_non_null(
	        strstr(tmpl_error(), "before all sections were closed"));
	assert_int_equal(
	        tmpl_expand(&out, NULL, c, "broken.html.tpl", TMPL_KEEP, d),
	        -1);
	assert_int_equal(
	        tmpl_cache_add_string(c, "u", unquoted, strlen(unquoted)), -1);
	assert_non_null(strstr(tmpl_error(), "must be enclosed in quotes"));
	assert_int_equal(tmpl_cache_load(c, "page.html.tpl", TMPL_KEEP), 0);
	tmpl_dict_free(d);
	tmpl_cache_free(c);
}

static void
missing_dir_is_refused(void **state)
{
	struct tmpl_cache *c = tmpl_cache_new();

	assert_int_equal(tmpl_cache_add_dir(c, TEST_DATA "/tmpl/nope"), -1);
	assert_non_null(strstr(tmpl_error(), "tmpl/nope"));
	/* A file is not a folder either. */
	assert_int_equal(tmpl_cache_add_dir(c, DEFAULT_DIR "/page.html.tpl"),
	                 -1);
	tmpl_cache_free(c);
}

static void
null_dicts_and_values_are_ignored(void **state)
{
	struct tmpl_dict *d = tmpl_dict_new("x");

	tmpl_set(NULL, "A", "b");
	tmpl_set(d, "A", NULL);
	tmpl_set_global(NULL, "A", "b");
	tmpl_section_lazy(NULL, "S", 1, NULL, NULL, NULL);
	tmpl_show(NULL, "S");
	assert_null(tmpl_section_add(NULL, "S"));
	assert_null(tmpl_include_add(NULL, "I", "f"));
	/* Only the root frees: a child passed by mistake is ignored. */
	tmpl_dict_free(tmpl_section_add(d, "S"));
	tmpl_dict_free(NULL);
	tmpl_dict_free(d);
	tmpl_cache_free(NULL);
}

/* ctemplate's own messages must not reach the terminal. */
static void
ctemplate_logs_are_captured(void **state)
{
	struct tmpl_cache *c = layered_cache();
	struct tmpl_dict *d = tmpl_dict_new("x");
	char *out = NULL, buf[64];
	FILE *tmp = tmpfile();
	int saved;

	assert_non_null(tmp);
	fflush(stderr);
	saved = dup(STDERR_FILENO);
	assert_true(saved >= 0);
	assert_true(dup2(fileno(tmp), STDERR_FILENO) >= 0);
	assert_int_equal(
	        tmpl_expand(&out, NULL, c, "nope.html.tpl", TMPL_KEEP, d), -1);
	assert_int_equal(tmpl_cache_load(c, "broken.html.tpl", TMPL_KEEP), -1);
	fflush(stderr);
	assert_true(dup2(saved, STDERR_FILENO) >= 0);
	close(saved);
	rewind(tmp);
	assert_int_equal(fread(buf, 1, sizeof(buf), tmp), 0);
	fclose(tmp);
	tmpl_dict_free(d);
	tmpl_cache_free(c);
}

/* Counts the lazy callbacks; items are named by kind and index. */
struct lazy_count {
	size_t heads, bodies;
};

static void
item_head(struct tmpl_dict *d, size_t i, void *arg)
{
	struct lazy_count *n = arg;
	char buf[32];

	n->heads++;
	snprintf(buf, sizeof(buf), "l%zu", i);
	tmpl_set(d, "ID", buf);
}

static void
item_body(struct tmpl_dict *d, size_t i, void *arg)
{
	struct lazy_count *n = arg;
	char buf[32];

	n->bodies++;
	snprintf(buf, sizeof(buf), "<t%zu>", i);
	tmpl_set(d, "TEXT", buf);
	/* A child section: its lookups fall back to the item's values. */
	tmpl_show(d, "SUB");
}

/* A cache holding template text as "t" (and the default folder). */
static struct tmpl_cache *
string_cache(const char *text)
{
	struct tmpl_cache *c = tmpl_cache_new();

	assert_non_null(c);
	assert_int_equal(tmpl_cache_add_dir(c, DEFAULT_DIR), 0);
	assert_int_equal(tmpl_cache_add_string(c, "t", text, strlen(text)), 0);
	return c;
}

static void
lazy_sections_make_items_when_used(void **state)
{
	static const char text[] =
	        "{{%AUTOESCAPE context=\"HTML\"}}"
	        "[{{#ITEM}}{{ID}};{{/ITEM}}]"
	        "({{#ITEM}}{{ID}}={{TEXT}}{{#SUB}}/{{ID}}{{T}}{{/SUB}}"
	        "{{#ITEM_separator}},{{/ITEM_separator}}{{/ITEM}})";
	struct tmpl_cache *c = string_cache(text);
	struct tmpl_dict *d = tmpl_dict_new("lazy");
	struct tmpl_dict *e;
	struct lazy_count n = {0, 0};
	char *out = NULL;

	tmpl_set(d, "T", "^");
	e = tmpl_section_add(d, "ITEM");
	tmpl_set(e, "ID", "e0");
	tmpl_set(e, "TEXT", "first");
	tmpl_section_lazy(d, "ITEM", 3, item_head, item_body, &n);
	tmpl_section_lazy(d, "ITEM", 0, item_head, item_body, &n);
	e = tmpl_section_add(d, "ITEM");
	tmpl_set(e, "ID", "e1");
	/* Nothing is made before the expansion. */
	assert_int_equal(n.heads, 0);
	assert_int_equal(tmpl_expand(&out, NULL, c, "t", TMPL_KEEP, d), 0);
	/* In order; eager and lazy items alike; separators between. */
	assert_string_equal(out, "[e0;l0;l1;l2;e1;]"
	                         "(e0=first,l0=&lt;t0&gt;/l0^,"
	                         "l1=&lt;t1&gt;/l1^,l2=&lt;t2&gt;/l2^,e1=)");
	/* Heads for both uses; bodies only where more than ID was asked. */
	assert_int_equal(n.heads, 6);
	assert_int_equal(n.bodies, 3);
	free(out);
	/* The same dictionary expands again. */
	assert_int_equal(tmpl_expand(&out, NULL, c, "t", TMPL_KEEP, d), 0);
	assert_int_equal(n.bodies, 6);
	free(out);
	tmpl_dict_free(d);
	tmpl_cache_free(c);
}

static void
lookups_follow_ctemplate_rules(void **state)
{
	static const char text[] =
	        "{{%AUTOESCAPE context=\"HTML\"}}"
	        "{{#ITEM}}<{{ID}}|{{TITLE}}|{{G}}|{{NONE}}|{{BI_SPACE}}|"
	        "{{#FLAG}}flag{{/FLAG}}>{{BI_NEWLINE}}{{/ITEM}}{{>INC}}";
	static const char inc[] = "{{%AUTOESCAPE context=\"HTML\"}}"
	                          "inc:{{TITLE}}|{{G}}|{{OWN}}";
	struct tmpl_cache *c = string_cache(text);
	struct tmpl_dict *d = tmpl_dict_new("rules");
	struct lazy_count n = {0, 0};
	char *out = NULL;

	assert_int_equal(tmpl_cache_add_string(c, "inc", inc, strlen(inc)), 0);
	tmpl_set(d, "TITLE", "t");
	tmpl_set_global(d, "G", "g1");
	tmpl_set_global(d, "G", "<g>");
	/* A section shown in the parent shows in its items too. */
	tmpl_show(d, "FLAG");
	tmpl_section_lazy(d, "ITEM", 2, item_head, NULL, &n);
	tmpl_set(tmpl_include_add(d, "INC", "inc"), "OWN", "o");
	assert_int_equal(tmpl_expand(&out, NULL, c, "t", TMPL_KEEP, d), 0);
	/* An include sees its own values and the globals, not the parent's. */
	assert_string_equal(out, "<l0|t|&lt;g&gt;|| |flag>\n"
	                         "<l1|t|&lt;g&gt;|| |flag>\n"
	                         "inc:|&lt;g&gt;|o");
	free(out);
	tmpl_dict_free(d);
	tmpl_cache_free(c);
}

/* Collects an expansion written in pieces. */
struct chunks {
	char *data;
	size_t len, calls, largest;
	size_t fail_at; /* the call (from 1) that fails, 0 for none */
};

static int
chunks_write(void *arg, const char *data, size_t len)
{
	struct chunks *w = arg;

	w->calls++;
	if (w->calls == w->fail_at)
		return -1;
	if (len > w->largest)
		w->largest = len;
	w->data = realloc(w->data, w->len + len + 1);
	assert_non_null(w->data);
	memcpy(w->data + w->len, data, len);
	w->len += len;
	w->data[w->len] = '\0';
	return 0;
}

/* With 30000 lazy items ("l<i>;"): 198890 bytes, over three chunks. */
static const char many_text[] = "{{%AUTOESCAPE context=\"HTML\"}}"
                                "{{#ITEM}}{{ID}};{{/ITEM}}";

static void
expansion_is_written_in_chunks(void **state)
{
	struct tmpl_cache *c = string_cache(many_text);
	struct tmpl_dict *d = tmpl_dict_new("many");
	struct lazy_count n = {0, 0};
	struct chunks w = {NULL, 0, 0, 0, 0};
	char *whole = NULL;
	size_t len = 0;

	tmpl_section_lazy(d, "ITEM", 30000, item_head, item_body, &n);
	assert_int_equal(tmpl_expand_to(chunks_write, &w, c, "t", TMPL_KEEP, d),
	                 0);
	assert_int_equal(n.bodies, 0);
	assert_int_equal(tmpl_expand(&whole, &len, c, "t", TMPL_KEEP, d), 0);
	assert_int_equal(len, 198890);
	assert_int_equal(w.len, len);
	assert_memory_equal(w.data, whole, len);
	assert_int_equal(w.largest, TMPL_CHUNK);
	assert_int_equal(w.calls, (len + TMPL_CHUNK - 1) / TMPL_CHUNK);
	assert_non_null(strstr(whole, ";l29999;"));
	free(whole);
	free(w.data);
	tmpl_dict_free(d);
	tmpl_cache_free(c);
}

static void
failed_writer_stops_the_expansion(void **state)
{
	struct tmpl_cache *c = string_cache(many_text);
	struct tmpl_dict *d = tmpl_dict_new("many");
	struct lazy_count n = {0, 0};
	struct chunks w = {NULL, 0, 0, 0, 1};
	char *out = NULL;

	tmpl_section_lazy(d, "ITEM", 30000, item_head, item_body, &n);
	assert_int_equal(tmpl_expand_to(chunks_write, &w, c, "t", TMPL_KEEP, d),
	                 -1);
	assert_non_null(strstr(tmpl_error(), "cannot write"));
	/* One call, and the items stopped soon after the first chunk. */
	assert_int_equal(w.calls, 1);
	assert_int_equal(w.len, 0);
	assert_true(n.heads < 30000 / 2);
	/* The dictionary is still good for another expansion. */
	assert_int_equal(tmpl_expand(&out, NULL, c, "t", TMPL_KEEP, d), 0);
	assert_non_null(strstr(out, ";l29999;"));
	free(out);
	free(w.data);
	tmpl_dict_free(d);
	tmpl_cache_free(c);
}

/* ------------------------------------------------------------- memo */

/*
 * One "page" of the memo tests: a window of items [from, from + n) of a
 * list, item cur shown as current (never memoised), the list's PARENT_V,
 * the global G, when out is set a section OUT beside the items, and when
 * tail is set a plain repetition after them.
 */
struct memo_page {
	size_t from, n, cur;
	const char *parent_v, *g;
	int out;
	int tail;
};

struct memo_arg {
	const struct memo_page *pg;
	struct tmpl_memo *memo; /* NULL: no memo */
	size_t bodies;
};

static void
memo_item_fill(struct tmpl_dict *e, size_t k, const struct memo_page *pg)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "n%zu<", k);
	tmpl_set(e, "NAME", buf);
	if (k == pg->cur)
		tmpl_show(e, "CUR");
}

static size_t
memo_key(size_t i, void *arg)
{
	struct memo_arg *a = arg;
	size_t k = a->pg->from + i;

	return k != a->pg->cur ? k : SIZE_MAX;
}

static void
memo_body(struct tmpl_dict *d, size_t i, void *arg)
{
	struct memo_arg *a = arg;

	a->bodies++;
	memo_item_fill(d, a->pg->from + i, a->pg);
}

static const char memo_text[] =
        "{{%AUTOESCAPE context=\"HTML\"}}"
        "<ul>{{#LIST}}{{#ITEM}}<li>{{NAME}}/{{PARENT_V}}/{{G}}"
        "{{#CUR}} current{{/CUR}}{{#OUT}} out{{/OUT}}"
        "{{#ITEM_separator}},{{/ITEM_separator}}</li>{{/ITEM}}{{/LIST}}"
        "</ul>";

/* Expands one page with a (the memo, or none). */
static char *
memo_expand(struct tmpl_cache *c, struct memo_arg *a)
{
	const struct memo_page *pg = a->pg;
	struct tmpl_dict *d = tmpl_dict_new("page"), *l;
	char *out = NULL;

	assert_non_null(d);
	tmpl_set_global(d, "G", pg->g);
	l = tmpl_section_add(d, "LIST");
	tmpl_set(l, "PARENT_V", pg->parent_v);
	if (pg->out)
		tmpl_show(l, "OUT");
	tmpl_section_lazy_memo(l, "ITEM", pg->n, NULL, memo_body, a, a->memo,
	                       memo_key);
	if (pg->tail)
		tmpl_set(tmpl_section_add(l, "ITEM"), "NAME", "tail");
	assert_int_equal(tmpl_expand(&out, NULL, c, "t", TMPL_KEEP, d), 0);
	tmpl_dict_free(d);
	return out;
}

/*
 * Expands the pages with a fresh memo and without one: the same text,
 * page by page. Returns the memo's hits.
 */
static size_t
memo_same_pages(struct tmpl_cache *c, const struct memo_page *pages, size_t n)
{
	struct tmpl_memo *memo = NULL;
	size_t i, hits, records;

	assert_int_equal(tmpl_memo_new(&memo, 64), 0);
	for (i = 0; i < n; i++) {
		struct memo_arg with = {&pages[i], memo, 0};
		struct memo_arg without = {&pages[i], NULL, 0};
		char *a = memo_expand(c, &with), *b = memo_expand(c, &without);

		assert_string_equal(a, b);
		free(a);
		free(b);
	}
	tmpl_memo_stats(memo, &hits, &records);
	tmpl_memo_free(memo);
	return hits;
}

static void
memo_reuses_repetitions_and_gives_the_same_text(void **state)
{
	struct tmpl_cache *c = string_cache(memo_text);
	struct memo_page pages[12];
	size_t i;

	(void)state;
	/* sliding windows: every item is first, middle, last, current */
	for (i = 0; i < 12; i++)
		pages[i] = (struct memo_page){i, 5, i + 2, "v", "g", 0, 0};
	assert_true(memo_same_pages(c, pages, 12) > 20);
	/* a plain repetition after them: the run's last is not the last */
	for (i = 0; i < 12; i++)
		pages[i].tail = 1;
	assert_true(memo_same_pages(c, pages, 12) > 30);
	tmpl_cache_free(c);
}

/*
 * What a repetition reads outside itself is checked: a parent's value, a
 * global, a section that appears beside it: each change is seen.
 */
static void
memo_checks_what_repetitions_read_outside(void **state)
{
	struct tmpl_cache *c = string_cache(memo_text);
	static const struct memo_page pages[] = {
	        {0, 6, 9, "v", "g", 0, 0},  {0, 6, 9, "v2", "g", 0, 0},
	        {0, 6, 9, "v", "g2", 0, 1}, {0, 6, 9, "v", "g", 1, 0},
	        {0, 6, 9, "v", "g", 0, 1},  {0, 6, 9, "v2", "g2", 1, 1},
	};

	(void)state;
	/* page 0 makes the records; 4 reuses them */
	assert_true(memo_same_pages(c, pages, 6) >= 5);
	tmpl_cache_free(c);
}

/* A repetition that expands a section found outside itself is not kept. */
static void
memo_keeps_no_repetition_that_reads_outside_sections(void **state)
{
	struct tmpl_cache *c = string_cache(memo_text);
	static const struct memo_page pages[] = {
	        {0, 6, 9, "v", "g", 1, 0},
	        {0, 6, 9, "v", "g", 1, 1},
	};

	(void)state;
	assert_int_equal(memo_same_pages(c, pages, 2), 0);
	tmpl_cache_free(c);
}

/* A replayed lazy repetition never runs its body. */
static void
memo_replays_lazy_repetitions_without_their_body(void **state)
{
	struct tmpl_cache *c = string_cache(memo_text);
	struct memo_page pg = {0, 8, 99, "v", "g", 0, 0};
	struct tmpl_memo *memo = NULL;
	struct memo_arg a = {&pg, NULL, 0};
	char *first, *again;

	(void)state;
	assert_int_equal(tmpl_memo_new(&memo, 64), 0);
	a.memo = memo;
	first = memo_expand(c, &a);
	assert_int_equal(a.bodies, 8);
	again = memo_expand(c, &a);
	assert_string_equal(first, again);
	/* none is made again, the last one neither */
	assert_int_equal(a.bodies, 8);
	free(first);
	free(again);
	/*
	 * With a plain repetition after them, the item that was last is not
	 * any more: its text (with a separator now) is made once again.
	 */
	pg.tail = 1;
	first = memo_expand(c, &a);
	assert_int_equal(a.bodies, 9);
	assert_non_null(strstr(first, "n7&lt;/v/g,</li>"));
	again = memo_expand(c, &a);
	assert_string_equal(first, again);
	assert_int_equal(a.bodies, 9);
	free(first);
	free(again);
	tmpl_memo_free(memo);
	tmpl_cache_free(c);
}

struct memo_thread {
	struct tmpl_cache *c;
	struct tmpl_memo *memo;
	char *want[16];
	int ok;
};

static void *
memo_thread_run(void *arg)
{
	struct memo_thread *t = arg;
	size_t round, i;

	t->ok = 1;
	for (round = 0; round < 20; round++)
		for (i = 0; i < 16; i++) {
			struct memo_page pg = {i,   6, i + 3,       "v",
			                       "g", 0, (int)(i & 1)};
			struct memo_arg a = {&pg, t->memo, 0};
			char *out = memo_expand(t->c, &a);

			if (strcmp(out, t->want[i]) != 0)
				t->ok = 0;
			free(out);
		}
	return NULL;
}

/* Two threads share one memo: every page as without it. */
static void
memo_is_shared_by_threads(void **state)
{
	struct tmpl_cache *c = string_cache(memo_text);
	struct memo_thread t[2];
	pthread_t tid;
	size_t i, hits, records;

	(void)state;
	memset(t, 0, sizeof(t));
	assert_int_equal(tmpl_memo_new(&t[0].memo, 64), 0);
	for (i = 0; i < 16; i++) {
		struct memo_page pg = {i, 6, i + 3, "v", "g", 0, (int)(i & 1)};
		struct memo_arg a = {&pg, NULL, 0};

		t[0].want[i] = memo_expand(c, &a);
	}
	t[0].c = t[1].c = c;
	t[1].memo = t[0].memo;
	memcpy(t[1].want, t[0].want, sizeof(t[0].want));
	assert_int_equal(pthread_create(&tid, NULL, memo_thread_run, &t[1]), 0);
	memo_thread_run(&t[0]);
	pthread_join(tid, NULL);
	assert_true(t[0].ok);
	assert_true(t[1].ok);
	tmpl_memo_stats(t[0].memo, &hits, &records);
	assert_true(hits > 100);
	/* one text per key and place (last or not) at most */
	assert_true(records <= 2 * 21);
	for (i = 0; i < 16; i++)
		free(t[0].want[i]);
	tmpl_memo_free(t[0].memo);
	tmpl_cache_free(c);
}

/* Writes text as dir/name. */
static void
memo_write(const char *dir, const char *name, const char *text)
{
	char path[512];
	FILE *fp;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fp = fopen(path, "w");
	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
}

/*
 * A template folder with an include that has modifiers: ctemplate expands
 * such an include apart, so the memo is never used with this cache; a
 * reload makes the records of the old templates unusable.
 */
static void
memo_off_for_modified_includes_and_after_reload(void **state)
{
	char dir[] = "/tmp/test_tmpl_memo.XXXXXX", path[600];
	struct tmpl_cache *c;
	struct memo_page pg = {0, 6, 99, "v", "g", 0, 0};
	struct tmpl_memo *memo = NULL;
	struct memo_arg a = {&pg, NULL, 0};
	size_t hits, records;
	char *out;

	(void)state;
	assert_non_null(mkdtemp(dir));
	memo_write(dir, "t", memo_text);
	memo_write(dir, "wrap", "{{>INNER:h}}");
	c = tmpl_cache_new();
	assert_non_null(c);
	assert_int_equal(tmpl_cache_add_dir(c, dir), 0);
	assert_int_equal(tmpl_memo_new(&memo, 64), 0);
	a.memo = memo;
	free(memo_expand(c, &a));
	free(memo_expand(c, &a));
	tmpl_memo_stats(memo, &hits, &records);
	assert_int_equal(hits, 0);
	assert_int_equal(records, 0);

	/* without it: records, then a new template and a reload */
	snprintf(path, sizeof(path), "%s/wrap", dir);
	assert_int_equal(unlink(path), 0);
	tmpl_cache_reload(c);
	free(memo_expand(c, &a));
	tmpl_memo_stats(memo, &hits, &records);
	assert_int_equal(records, 6);
	sleep(1); /* ctemplate tells a changed file by its time */
	memo_write(dir, "t", "{{#LIST}}{{#ITEM}}({{NAME}}){{/ITEM}}{{/LIST}}");
	tmpl_cache_reload(c);
	out = memo_expand(c, &a);
	assert_string_equal(out, "(n0<)(n1<)(n2<)(n3<)(n4<)(n5<)");
	free(out);
	tmpl_memo_free(memo);
	tmpl_cache_free(c);
	snprintf(path, sizeof(path), "%s/t", dir);
	unlink(path);
	rmdir(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(escapes_html_text),
	        cmocka_unit_test(escapes_attribute_quotes),
	        cmocka_unit_test(replaces_javascript_url),
	        cmocka_unit_test(user_dir_overrides_one_partial),
	        cmocka_unit_test(sections_repeat_in_order),
	        cmocka_unit_test(string_templates_and_modifiers),
	        cmocka_unit_test(missing_template_fails_with_message),
	        cmocka_unit_test(missing_include_fails),
	        cmocka_unit_test(syntax_errors_are_reported),
	        cmocka_unit_test(missing_dir_is_refused),
	        cmocka_unit_test(null_dicts_and_values_are_ignored),
	        cmocka_unit_test(ctemplate_logs_are_captured),
	        cmocka_unit_test(lazy_sections_make_items_when_used),
	        cmocka_unit_test(lookups_follow_ctemplate_rules),
	        cmocka_unit_test(expansion_is_written_in_chunks),
	        cmocka_unit_test(failed_writer_stops_the_expansion),
	        cmocka_unit_test(
	                memo_reuses_repetitions_and_gives_the_same_text),
	        cmocka_unit_test(memo_checks_what_repetitions_read_outside),
	        cmocka_unit_test(
	                memo_keeps_no_repetition_that_reads_outside_sections),
	        cmocka_unit_test(
	                memo_replays_lazy_repetitions_without_their_body),
	        cmocka_unit_test(memo_is_shared_by_threads),
	        cmocka_unit_test(
	                memo_off_for_modified_includes_and_after_reload),
	};

	return cmocka_run_group_tests_name("tmpl", tests, NULL, NULL);
}
