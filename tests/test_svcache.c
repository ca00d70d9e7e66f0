/*
 * Tests of the cache of rendered schema subtrees (schemaview_ctx_cache):
 * a site rendered with the cache and without it is the same byte for
 * byte, page by page, for every fixture under tests/ and examples/, the
 * shared corpus when there is one, crafted trees (a component twice in a
 * tree, met deep then shallow, circular refs, a tree over
 * SCHEMAVIEW_MAX_NODES, anchors into a reused text, links from a single
 * page and from pages one folder down) and user themes overriding the
 * tree's partial; also with the pages written on several threads.
 */
#include "config.h"

#include <ftw.h>
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

#include "util/diag.h"
#include "util/strbuf.h"
#include "load/loader.h"
#include "model/model.h"
#include "helpers.h"
#include "render/render.h"
#include "render/render_int.h"
#include "render/schemaview.h"
#include "render/theme.h"

#define DEFAULT_THEME ABS_TOP_SRCDIR "/themes/default"
#define DATA          TEST_DATA "/svcache/"

/* One spec rendered: every page, whole. */
struct site {
	struct diag_list *diags;
	struct loader_doc *doc;
	struct model *m;
	struct theme *theme;
	struct render_output *out;
	char **texts;
	size_t *lens;
	struct schemaview_cache_stats st;
};

static void
site_free(struct site *s)
{
	size_t i;

	for (i = 0; s->out != NULL && s->texts != NULL && i < s->out->n; i++)
		free(s->texts[i]);
	free(s->texts);
	free(s->lens);
	render_output_free(s->out);
	theme_free(s->theme);
	model_free(s->m);
	loader_doc_free(s->doc);
	diag_list_free(s->diags);
	memset(s, 0, sizeof(*s));
}

struct worker {
	struct site *s;
	size_t from, step;
	int failed;
};

static void *
work(void *arg)
{
	struct worker *k = arg;
	struct diag_list *diags = diag_list_new();
	size_t i;

	if (diags == NULL) {
		k->failed = 1;
		return NULL;
	}
	for (i = k->from; i < k->s->out->n; i += k->step)
		if (render_page_text(&k->s->texts[i], &k->s->lens[i], k->s->out,
		                     i, diags) != 0)
			k->failed = 1;
	diag_list_free(diags);
	return NULL;
}

/*
 * Renders the spec at path (user_theme over the default one, opts) with
 * the cache on or off, on threads threads (1: in page order). Returns 0,
 * or -1 when the spec does not load, model or plan (not a document to
 * render: nothing else is asserted).
 */
static int
site_render(struct site *s, const char *path, const char *user_theme,
            const struct render_opts *opts, int cache, size_t threads)
{
	struct worker k[8];
	pthread_t tids[8];
	size_t i;

	memset(s, 0, sizeof(*s));
	s->diags = diag_list_new();
	assert_non_null(s->diags);
	schemaview_set_cache(cache);
	if (loader_load(&s->doc, path, NULL, s->diags) != 0 ||
	    model_new(&s->m, s->doc, s->diags) != 0 || s->m == NULL ||
	    theme_open(&s->theme, DEFAULT_THEME, user_theme, s->diags) != 0 ||
	    render_site(&s->out, s->m, theme_templates(s->theme), opts,
	                s->diags) != 0) {
		schemaview_set_cache(1);
		site_free(s);
		return -1;
	}
	schemaview_set_cache(1);
	s->texts = calloc(s->out->n + 1, sizeof(*s->texts));
	s->lens = calloc(s->out->n + 1, sizeof(*s->lens));
	assert_non_null(s->texts);
	assert_non_null(s->lens);
	assert_true(threads >= 1 && threads <= 8);
	for (i = 0; i < threads; i++) {
		k[i] = (struct worker){.s = s, .from = i, .step = threads};
		if (threads == 1)
			work(&k[i]);
		else
			assert_int_equal(
			        pthread_create(&tids[i], NULL, work, &k[i]), 0);
	}
	for (i = 0; threads > 1 && i < threads; i++)
		assert_int_equal(pthread_join(tids[i], NULL), 0);
	for (i = 0; i < threads; i++)
		assert_false(k[i].failed);
	schemaview_ctx_cache_stats(s->out->ix->sv, &s->st);
	return 0;
}

/* Totals over the specs compared. */
static struct schemaview_cache_stats total;
static size_t n_specs, n_pages;

static void
add_stats(const struct schemaview_cache_stats *st)
{
	total.hits += st->hits;
	total.stored += st->stored;
	total.refused += st->refused;
	total.conflicts += st->conflicts;
	total.tree_hits += st->tree_hits;
	total.trees_stored += st->trees_stored;
}

/* The first byte where two pages differ, for the message. */
static size_t
first_diff(const char *a, size_t na, const char *b, size_t nb)
{
	size_t i = 0;

	while (i < na && i < nb && a[i] == b[i])
		i++;
	return i;
}

/*
 * Renders path with the cache off, then on (on threads threads), and
 * fails unless every page is the same. The cached render's stats into
 * *st (may be NULL). Returns 0, or -1 for a spec that does not render.
 */
static int
compare(const char *path, const char *user_theme,
        const struct render_opts *opts, size_t threads,
        struct schemaview_cache_stats *st)
{
	struct site off, on;
	size_t i;

	if (site_render(&off, path, user_theme, opts, 0, 1) != 0)
		return -1;
	assert_int_equal(site_render(&on, path, user_theme, opts, 1, threads),
	                 0);
	/* with the cache off there is none */
	assert_int_equal(off.st.hits + off.st.stored, 0);
	assert_int_equal(off.out->n, on.out->n);
	for (i = 0; i < off.out->n; i++) {
		if (off.lens[i] == on.lens[i] &&
		    memcmp(off.texts[i], on.texts[i], off.lens[i]) == 0)
			continue;
		fail_msg("%s: page %s differs with the cache at byte %zu", path,
		         off.out->pages[i].path,
		         first_diff(off.texts[i], off.lens[i], on.texts[i],
		                    on.lens[i]));
	}
	n_specs++;
	n_pages += off.out->n;
	add_stats(&on.st);
	if (st != NULL)
		*st = on.st;
	site_free(&off);
	site_free(&on);
	return 0;
}

/* Both layouts: a page per object ("../" links), one page ("" links). */
static void
compare_layouts(const char *path, const char *user_theme, size_t threads)
{
	struct render_opts one = {.single_page = 1};

	if (compare(path, user_theme, NULL, threads, NULL) == 0)
		(void)compare(path, user_theme, &one, threads, NULL);
}

static int
is_spec_name(const char *path)
{
	size_t n = strlen(path);

	return (n > 5 && strcmp(path + n - 5, ".yaml") == 0) ||
	       (n > 4 && strcmp(path + n - 4, ".yml") == 0) ||
	       (n > 5 && strcmp(path + n - 5, ".json") == 0);
}

/* 1 when the file's first 4 KiB name asyncapi: a document to render. */
static int
looks_like_spec(const char *path)
{
	char buf[4096];
	size_t n;
	FILE *f = fopen(path, "rb");

	if (f == NULL)
		return 0;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	return strstr(buf, "asyncapi") != NULL;
}

static int
visit(const char *path, const struct stat *sb, int type, struct FTW *ftw)
{
	(void)sb;
	(void)ftw;
	if (type != FTW_F || !is_spec_name(path) || !looks_like_spec(path))
		return 0;
	compare_layouts(path, NULL, 1);
	return 0;
}

static void
walk_tree(const char *dir)
{
	assert_int_equal(nftw(dir, visit, 16, FTW_PHYS), 0);
}

static void
test_fixtures(void **state)
{
	(void)state;
	memset(&total, 0, sizeof(total));
	n_specs = n_pages = 0;
	walk_tree(TEST_DATA);
	walk_tree(ABS_TOP_SRCDIR "/examples");
	print_message("# %zu renders, %zu pages the same; cache: %zu hits, "
	              "%zu texts, %zu refused, %zu conflicts; %zu tree hits, "
	              "%zu tree texts\n",
	              n_specs, n_pages, total.hits, total.stored, total.refused,
	              total.conflicts, total.tree_hits, total.trees_stored);
	assert_true(n_specs > 50);
	/* the comparison saw the cache at work */
	assert_true(total.hits > 100);
	assert_true(total.stored > 10);
}

static void
test_corpus(void **state)
{
	char path[4096];
	const char *dir = helpers_corpus_dir(path, sizeof(path));

	(void)state;
	if (dir == NULL)
		return;
	memset(&total, 0, sizeof(total));
	n_specs = n_pages = 0;
	walk_tree(dir);
	print_message("# corpus: %zu renders, %zu pages the same; cache: %zu "
	              "hits, %zu texts, %zu refused, %zu conflicts; %zu tree "
	              "hits, %zu tree texts\n",
	              n_specs, n_pages, total.hits, total.stored, total.refused,
	              total.conflicts, total.tree_hits, total.trees_stored);
	assert_true(n_specs > 100);
	assert_true(total.hits > 0);
}

/*
 * The crafted trees: reuse happens (a component twice in one tree, met
 * deep then shallow, in circular schemas), and a text a later link would
 * need an anchor in makes its tree walk again (a conflict) without
 * changing a byte.
 */
static void
test_crafted(void **state)
{
	struct schemaview_cache_stats st;
	struct render_opts one = {.single_page = 1};

	(void)state;
	assert_int_equal(compare(DATA "crafted.yaml", NULL, NULL, 1, &st), 0);
	print_message("# crafted: %zu hits, %zu texts, %zu conflicts\n",
	              st.hits, st.stored, st.conflicts);
	assert_true(st.hits >= 5);
	assert_true(st.stored >= 3);
	assert_true(st.conflicts >= 1);
	/* one page: links from the root, trees of one page reuse */
	assert_int_equal(compare(DATA "crafted.yaml", NULL, &one, 1, &st), 0);
	assert_true(st.hits >= 5);
	assert_true(st.conflicts >= 1);
	/* on several threads, sharing the cache */
	assert_int_equal(compare(DATA "crafted.yaml", NULL, NULL, 4, &st), 0);
	assert_true(st.hits >= 5);
}

/*
 * Whole trees of equal content (schemaview_add_tree): the fourth and later
 * are copies of the third's text, unless their own nodes are met from
 * outside (a ref into a payload), their refs have other targets (the same
 * ref text in another file) or an anchor is set; every page the same.
 */
static void
test_repeated_trees(void **state)
{
	struct schemaview_cache_stats st;
	struct render_opts one = {.single_page = 1};
	struct site s;
	size_t i;
	int self = 0;

	(void)state;
	assert_int_equal(compare(DATA "repeated.yaml", NULL, NULL, 1, &st), 0);
	print_message("# repeated: %zu tree hits, %zu tree texts, %zu met\n",
	              st.tree_hits, st.trees_stored, st.trees_met);
	/* a4, n4 (and their operations' trees, if any) */
	assert_true(st.tree_hits >= 2);
	assert_true(st.trees_stored >= 2);
	/* zzSelf's tree meets its own property through s3's text */
	assert_true(st.trees_met >= 1);
	assert_int_equal(
	        site_render(&s, DATA "repeated.yaml", NULL, NULL, 1, 1), 0);
	for (i = 0; i < s.out->n; i++)
		if (strstr(s.out->pages[i].path, "zzself") != NULL &&
		    strstr(s.texts[i], "see above") != NULL)
			self = 1;
	assert_true(self);
	site_free(&s);
	/* one page: every tree under another name, root "" */
	assert_int_equal(compare(DATA "repeated.yaml", NULL, &one, 1, &st), 0);
	assert_true(st.tree_hits >= 2);
	/*
	 * on several threads, in any order (how many trees are copies then
	 * depends on the order: the pages are what is asserted)
	 */
	assert_int_equal(compare(DATA "repeated.yaml", NULL, NULL, 4, &st), 0);
}

/*
 * Writes a spec of n messages whose payloads are one inline schema
 * written n times (a property refs a component, one is an enum).
 */
static void
write_same(const char *path, size_t n)
{
	struct strbuf b = STRBUF_INIT;
	size_t i;

	strbuf_puts(&b, "asyncapi: 3.0.0\ninfo:\n  title: Same\n"
	                "  version: 1.0.0\nchannels:\n  all:\n"
	                "    address: all\n    messages:\n");
	for (i = 0; i < n; i++)
		strbuf_printf(&b,
		              "      m%zu:\n        $ref: "
		              "'#/components/messages/m%zu'\n",
		              i, i);
	strbuf_puts(&b, "components:\n  schemas:\n    Where:\n"
	                "      type: object\n      properties:\n"
	                "        city:\n          type: string\n"
	                "  messages:\n");
	for (i = 0; i < n; i++)
		strbuf_printf(&b,
		              "    m%zu:\n      payload:\n"
		              "        type: object\n"
		              "        required: [kind]\n"
		              "        properties:\n"
		              "          kind:\n            type: string\n"
		              "            enum: [a, b]\n"
		              "          at:\n            $ref: "
		              "'#/components/schemas/Where'\n",
		              i);
	assert_false(b.oom);
	helpers_write_file(NULL, path, b.p);
	strbuf_free(&b);
}

/*
 * Many trees of one content on four threads: the threads share the texts
 * (one of them makes each), and every page is what an uncached walk gives.
 */
static void
test_repeated_threads(void **state)
{
	char dir[] = "/tmp/asyncdoc-svcache-XXXXXX", path[64];
	struct schemaview_cache_stats st;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/same.yaml", dir);
	write_same(path, 200);
	assert_int_equal(compare(path, NULL, NULL, 4, &st), 0);
	print_message("# 200 alike on 4 threads: %zu tree hits, %zu texts\n",
	              st.tree_hits, st.trees_stored);
	/* at most a few trees per thread are walked before the text is in */
	assert_true(st.tree_hits >= 150);
	assert_int_equal(st.trees_stored, 1);
	assert_int_equal(unlink(path), 0);
	assert_int_equal(rmdir(dir), 0);
}

/*
 * A theme's own schema.html.tpl is what the texts are made with; one
 * that shows a page's value (a global) makes texts no page may reuse.
 */
static void
test_user_themes(void **state)
{
	struct schemaview_cache_stats st;
	struct site s;

	(void)state;
	assert_int_equal(
	        compare(DATA "crafted.yaml", DATA "theme-own", NULL, 1, &st),
	        0);
	assert_true(st.hits >= 5);
	assert_int_equal(site_render(&s, DATA "crafted.yaml", DATA "theme-own",
	                             NULL, 1, 1),
	                 0);
	{
		size_t i, own = 0;

		for (i = 0; i < s.out->n; i++)
			if (strstr(s.texts[i], "sv-rows own-rows") != NULL)
				own++;
		assert_true(own > 3);
	}
	site_free(&s);

	assert_int_equal(
	        compare(DATA "crafted.yaml", DATA "theme-global", NULL, 1, &st),
	        0);
	assert_int_equal(st.hits, 0);
	assert_true(st.refused >= 3);
}

/*
 * Writes a spec whose message trees pass SCHEMAVIEW_MAX_NODES: payload
 * "big" refs n_comps components of props properties each, and "small"
 * the last of them alone, with another tree before it.
 */
static void
write_big(const char *path, size_t n_comps, size_t props)
{
	struct strbuf b = STRBUF_INIT;
	size_t i, j;

	strbuf_puts(&b, "asyncapi: 3.0.0\ninfo:\n  title: Big\n"
	                "  version: 1.0.0\nchannels:\n");
	strbuf_puts(&b, "  big:\n    address: big\n    messages:\n"
	                "      big:\n        $ref: '#/components/messages/"
	                "big'\n");
	strbuf_puts(&b, "  small:\n    address: small\n    messages:\n"
	                "      small:\n        $ref: '#/components/messages/"
	                "small'\n");
	strbuf_puts(&b, "components:\n  messages:\n    big:\n      payload:\n"
	                "        type: object\n        properties:\n");
	for (i = 0; i < n_comps; i++)
		strbuf_printf(&b,
		              "          c%zu:\n            $ref: "
		              "'#/components/schemas/C%zu'\n",
		              i, i);
	strbuf_printf(&b,
	              "    small:\n      payload:\n        type: object\n"
	              "        properties:\n          one:\n            $ref: "
	              "'#/components/schemas/C%zu'\n          two:\n"
	              "            $ref: '#/components/schemas/C0'\n",
	              n_comps - 1);
	strbuf_puts(&b, "  schemas:\n");
	for (i = 0; i < n_comps; i++) {
		strbuf_printf(&b,
		              "    C%zu:\n      type: object\n"
		              "      properties:\n",
		              i);
		for (j = 0; j < props; j++)
			strbuf_printf(&b,
			              "        p%zu:\n          type: object\n"
			              "          properties:\n"
			              "            q:\n              type: "
			              "integer\n",
			              j);
	}
	assert_false(b.oom);
	helpers_write_file(NULL, path, b.p);
	strbuf_free(&b);
}

/* A tree cut by the node budget: reused texts neither hide nor add rows. */
static void
test_max_nodes(void **state)
{
	char dir[] = "/tmp/asyncdoc-svcache-XXXXXX", path[64];
	struct schemaview_cache_stats st;
	struct site s;
	size_t i;
	int cut = 0;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/big.yaml", dir);
	/* 12 components of 150 properties, each with one child: 3600 */
	write_big(path, 12, 150);
	assert_int_equal(compare(path, NULL, NULL, 1, &st), 0);
	print_message("# max nodes: %zu hits, %zu texts\n", st.hits, st.stored);
	assert_true(st.stored >= 1);
	assert_int_equal(site_render(&s, path, NULL, NULL, 1, 1), 0);
	for (i = 0; i < s.out->n; i++)
		if (strstr(s.texts[i], "more not shown") != NULL)
			cut = 1;
	assert_true(cut);
	site_free(&s);
	assert_int_equal(unlink(path), 0);
	assert_int_equal(rmdir(dir), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_crafted),
	        cmocka_unit_test(test_repeated_trees),
	        cmocka_unit_test(test_repeated_threads),
	        cmocka_unit_test(test_user_themes),
	        cmocka_unit_test(test_max_nodes),
	        cmocka_unit_test(test_fixtures),
	        cmocka_unit_test(test_corpus),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
