/* Tests of the pipeline as a library: check, build, portal. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "model/model.h"
#include "render/graph.h"
#include "render/graphproc.h"
#include "render/render.h"
#include "site/pipeline.h"
#include "util/diag.h"
#include "util/path.h"

#define V3 ABS_TOP_SRCDIR "/examples/parking-v3/asyncapi.yaml"
#define V2 ABS_TOP_SRCDIR "/examples/parking-v2/asyncapi.yaml"

struct fixture {
	char root[64];    /* a fresh temporary folder */
	char site[128];   /* root/site, not created */
	char broken[128]; /* root/broken.yaml, a spec that does not parse */
	struct diag_list *diags;
};

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	FILE *fp;

	if (f == NULL)
		return -1;
	/* the source tree's themes, whatever is installed */
	setenv("ASYNCDOC_DATADIR", ABS_TOP_SRCDIR, 1);
	strcpy(f->root, "/tmp/asyncdoc-test-pipeline-XXXXXX");
	if (mkdtemp(f->root) == NULL)
		return -1;
	snprintf(f->site, sizeof(f->site), "%s/site", f->root);
	snprintf(f->broken, sizeof(f->broken), "%s/broken.yaml", f->root);
	fp = fopen(f->broken, "w");
	if (fp == NULL)
		return -1;
	fputs("asyncapi: 3.0.0\ninfo: [unclosed\n", fp);
	fclose(fp);
	f->diags = diag_list_new();
	*state = f;
	return f->diags != NULL ? 0 : -1;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	path_remove_tree(f->root);
	diag_list_free(f->diags);
	free(f);
	return 0;
}

static int
exists(const char *dir, const char *name)
{
	char path[512];
	struct stat st;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return stat(path, &st) == 0;
}

static int
has_rule(const struct diag_list *diags, const char *rule)
{
	size_t i;

	for (i = 0; i < diag_count(diags); i++)
		if (strcmp(diag_at(diags, i)->rule, rule) == 0)
			return 1;
	return 0;
}

static void
check_gives_the_model(void **state)
{
	struct fixture *f = *state;
	struct pipeline_result res;

	assert_int_equal(pipeline_check(&res, V3, NULL, f->diags), 0);
	assert_int_equal(res.status, PIPELINE_OK);
	assert_int_equal(res.stage, PIPELINE_STAGE_RULES);
	assert_non_null(res.doc);
	assert_non_null(res.model);
	assert_non_null(res.model->info.title);
	assert_true(res.model->n_channels > 0);
	assert_int_equal(diag_count_at_least(f->diags, DIAG_ERROR), 0);
	assert_true(res.check_ms >= res.load_ms);
	pipeline_result_clear(&res);
	assert_null(res.model);
}

static void
check_without_validation_stops_at_the_model(void **state)
{
	struct fixture *f = *state;
	struct pipeline_opts opts = {.no_validate = 1};
	struct pipeline_result res;

	assert_int_equal(pipeline_check(&res, V2, &opts, f->diags), 0);
	assert_int_equal(res.stage, PIPELINE_STAGE_MODEL);
	assert_true(res.schema_ms == 0 && res.rules_ms == 0);
	pipeline_result_clear(&res);
}

static void
check_of_a_missing_file_is_an_error(void **state)
{
	struct fixture *f = *state;
	struct pipeline_result res;

	assert_int_equal(
	        pipeline_check(&res, "/nonexistent/a.yaml", NULL, f->diags),
	        -1);
	assert_int_equal(res.status, PIPELINE_ERROR);
	assert_int_equal(res.stage, PIPELINE_STAGE_READ);
	assert_null(res.model);
	assert_true(has_rule(f->diags, "io-error"));
}

static void
check_of_a_broken_spec_is_invalid(void **state)
{
	struct fixture *f = *state;
	struct pipeline_result res;

	assert_int_equal(pipeline_check(&res, f->broken, NULL, f->diags), -1);
	assert_int_equal(res.status, PIPELINE_INVALID);
	assert_int_equal(res.stage, PIPELINE_STAGE_LOAD);
	assert_null(res.doc);
	assert_true(diag_count_at_least(f->diags, DIAG_ERROR) > 0);
}

static void
build_writes_the_site_then_keeps_it(void **state)
{
	struct fixture *f = *state;
	struct pipeline_opts opts = {.stats = 1};
	struct pipeline_result res, again;
	struct pipeline *p;

	assert_int_equal(pipeline_new(&p, &opts, f->diags), 0);
	assert_int_equal(pipeline_build_site(&res, p, V3, f->site, 1, f->diags),
	                 0);
	assert_int_equal(res.status, PIPELINE_OK);
	assert_true(res.written);
	assert_false(res.refused);
	assert_non_null(res.doc); /* keep_doc */
	assert_null(res.model);
	assert_true(res.site.written > 0);
	assert_true(exists(f->site, "index.html"));
	assert_true(exists(f->site, ".asyncdoc-site"));
	/* the same spec again: every file is kept as it was */
	assert_int_equal(
	        pipeline_build_site(&again, p, V3, f->site, 0, f->diags), 0);
	assert_null(again.doc);
	assert_int_equal(again.site.written, 0);
	assert_int_equal(again.site.unchanged, res.site.written);
	assert_int_equal(diag_count_at_least(f->diags, DIAG_ERROR), 0);
	pipeline_result_clear(&res);
	pipeline_result_clear(&again);
	pipeline_free(p);
}

static void
build_of_a_broken_spec_writes_nothing(void **state)
{
	struct fixture *f = *state;
	struct pipeline_result res;
	struct pipeline *p;

	assert_int_equal(pipeline_new(&p, NULL, f->diags), 0);
	assert_int_equal(
	        pipeline_build_site(&res, p, f->broken, f->site, 1, f->diags),
	        -1);
	assert_int_equal(res.status, PIPELINE_INVALID);
	assert_true(res.refused);
	assert_false(res.written);
	assert_null(res.doc);
	assert_false(exists(f->site, "."));
	pipeline_free(p);
}

/*
 * A FIFO as the spec: refused as not a regular file, at once. The build
 * reads the top of its spec on a thread before the load (the schema's
 * version, #18): that read must not wait for a writer that never comes.
 */
static void
build_of_a_fifo_is_refused_without_waiting(void **state)
{
	struct fixture *f = *state;
	struct pipeline_result res;
	struct pipeline *p;
	char fifo[160];

	snprintf(fifo, sizeof(fifo), "%s/spec.yaml", f->root);
	assert_int_equal(mkfifo(fifo, 0600), 0);
	assert_int_equal(pipeline_new(&p, NULL, f->diags), 0);
	alarm(20); /* a hang fails the test (SIGALRM) instead */
	assert_int_equal(
	        pipeline_build_site(&res, p, fifo, f->site, 0, f->diags), -1);
	alarm(0);
	assert_int_equal(res.status, PIPELINE_ERROR);
	assert_true(res.refused);
	assert_int_equal(diag_count(f->diags), 1);
	assert_string_equal(diag_at(f->diags, 0)->rule, "io-error");
	assert_non_null(
	        strstr(diag_at(f->diags, 0)->message, "not a regular file"));
	assert_false(exists(f->site, "."));
	pipeline_free(p);
}

/* A file's bytes, NUL-terminated (the test fails when it cannot). */
static char *
slurp(const char *path)
{
	FILE *fp = fopen(path, "rb");
	char *buf = calloc(1, 1 << 20);
	size_t n;

	assert_non_null(fp);
	assert_non_null(buf);
	n = fread(buf, 1, (1 << 20) - 1, fp);
	buf[n] = '\0';
	fclose(fp);
	return buf;
}

/* 1 when root holds a staging folder (".site.tmp-...") still. */
static int
has_stage(const char *root)
{
	DIR *d = opendir(root);
	struct dirent *e;
	int found = 0;

	assert_non_null(d);
	while ((e = readdir(d)) != NULL)
		if (strstr(e->d_name, ".tmp-") != NULL)
			found = 1;
	closedir(d);
	return found;
}

/*
 * The checks run beside the pages: when they fail, the pages written
 * meanwhile are dropped with the staging folder, the previous site stays
 * byte for byte, and the diagnostics are those of the checks alone, as
 * pipeline_check() gives them, in its order.
 */
static void
failed_checks_beside_the_pages_keep_the_old_site(void **state)
{
	static const char *const specs[] = {
	        ABS_TOP_SRCDIR "/tests/data/cli/schema-invalid.yaml",
	        ABS_TOP_SRCDIR "/tests/data/cli/rules-error.yaml",
	        ABS_TOP_SRCDIR "/tests/data/cli/broken-ref-and-schema.yaml",
	};
	static const enum pipeline_stage stages[] = {
	        PIPELINE_STAGE_SCHEMA, PIPELINE_STAGE_RULES,
	        PIPELINE_STAGE_SCHEMA};
	struct fixture *f = *state;
	struct pipeline_opts opts = {.graph_process = 1};
	struct pipeline_result res, chk;
	struct diag_list *alone;
	struct pipeline *p;
	char index[256], *before, *after;
	size_t i, k;

	assert_int_equal(pipeline_new(&p, &opts, f->diags), 0);
	assert_int_equal(pipeline_build_site(&res, p, V3, f->site, 0, f->diags),
	                 0);
	pipeline_result_clear(&res);
	snprintf(index, sizeof(index), "%s/index.html", f->site);
	before = slurp(index);
	for (i = 0; i < sizeof(specs) / sizeof(specs[0]); i++) {
		diag_list_clear(f->diags);
		assert_int_equal(pipeline_build_site(&res, p, specs[i], f->site,
		                                     1, f->diags),
		                 -1);
		assert_int_equal(res.status, PIPELINE_INVALID);
		assert_true(res.refused);
		assert_false(res.written);
		assert_null(res.doc);
		assert_int_equal(res.stage, stages[i]);
		pipeline_result_clear(&res);
		after = slurp(index);
		assert_string_equal(after, before);
		free(after);
		assert_false(has_stage(f->root));
		/* the same diagnostics as the checks alone */
		alone = diag_list_new();
		assert_non_null(alone);
		assert_int_equal(pipeline_check(&chk, specs[i], &opts, alone),
		                 -1);
		pipeline_result_clear(&chk);
		assert_int_equal(diag_count(f->diags), diag_count(alone));
		assert_true(diag_count(alone) > 0);
		for (k = 0; k < diag_count(alone); k++) {
			const struct diag *a = diag_at(alone, k),
			                  *b = diag_at(f->diags, k);

			assert_string_equal(a->rule, b->rule);
			assert_string_equal(a->message, b->message);
			assert_int_equal(a->line, b->line);
		}
		diag_list_free(alone);
	}
	/* and a spec that passes goes in */
	assert_int_equal(pipeline_build_site(&res, p, V2, f->site, 0, f->diags),
	                 0);
	assert_true(res.written);
	pipeline_result_clear(&res);
	after = slurp(index);
	assert_string_not_equal(after, before);
	free(after);
	free(before);
	pipeline_free(p);
}

/*
 * The graph helper is started only when an SVG graph will be drawn (#18):
 * it loads Graphviz's fonts as soon as it starts, so a Markdown build or a
 * theme with graph=false must not start it. Asked for a layout, a pipeline
 * without a helper answers GRAPHPROC_NONE.
 */
static void
graph_helper_only_for_an_svg_graph(void **state)
{
	static const char *const off[] = {"graph=false"};
	const struct pipeline_opts cases[] = {
	        {.graph_process = 1},
	        {.graph_process = 1,
	         .formats = RENDER_FMT_HTML | RENDER_FMT_MD},
	        {.graph_process = 1, .formats = RENDER_FMT_MD},
	        {.graph_process = 1, .params = off, .n_params = 1},
	};
	static const int helper[] = {1, 1, 0, 0};
	struct fixture *f = *state;
	struct graph_node node = {.kind = GRAPH_CHANNEL, .label = "orders"};
	struct graph g = {.nodes = &node, .n_nodes = 1, .level = GRAPH_FULL};
	struct pipeline *p;
	char *data;
	size_t i, len;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(pipeline_new(&p, &cases[i], f->diags), 0);
		assert_int_equal(graphproc_layout(&data, &len, &g),
		                 helper[i] ? 0 : GRAPHPROC_NONE);
		if (helper[i])
			assert_non_null(strstr(data, "orders"));
		free(data);
		pipeline_free(p);
	}
}

static void
unknown_theme_is_reported(void **state)
{
	struct fixture *f = *state;
	struct pipeline_opts opts = {.theme = "no-such-theme"};
	struct pipeline *p = (struct pipeline *)&opts;

	assert_int_equal(pipeline_new(&p, &opts, f->diags), -1);
	assert_null(p);
	assert_true(diag_count_at_least(f->diags, DIAG_ERROR) > 0);
}

struct steps {
	size_t check, render, write;
};

static void
count_step(void *arg, enum pipeline_step step, size_t i, size_t n,
           const char *name)
{
	struct steps *s = arg;

	assert_true(i <= n);
	assert_non_null(name);
	if (step == PIPELINE_STEP_CHECK)
		s->check++;
	else if (step == PIPELINE_STEP_RENDER)
		s->render++;
	else
		s->write++;
}

/* The folders of dir (but assets/) holding an index.html. */
static size_t
api_folders(const char *dir)
{
	char sub[512];
	struct dirent *e;
	size_t n = 0;
	DIR *d = opendir(dir);

	if (d == NULL)
		return 0;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.' || strcmp(e->d_name, "assets") == 0)
			continue;
		snprintf(sub, sizeof(sub), "%s/%s", dir, e->d_name);
		n += pipeline_is_folder(sub) && exists(sub, "index.html");
	}
	closedir(d);
	return n;
}

static void
portal_builds_both_examples(void **state)
{
	struct fixture *f = *state;
	const char *specs[] = {V3, V2};
	struct steps steps = {0, 0, 0};
	struct pipeline_opts opts = {.progress = count_step,
	                             .progress_arg = &steps};
	struct pipeline_result res;
	struct pipeline *p;

	assert_int_equal(pipeline_new(&p, &opts, f->diags), 0);
	assert_int_equal(
	        pipeline_build_portal(&res, p, specs, 2, f->site, f->diags), 0);
	assert_int_equal(res.status, PIPELINE_OK);
	assert_int_equal(res.n_specs, 2);
	assert_int_equal(res.failed, 0);
	assert_true(res.written);
	assert_true(exists(f->site, "index.html"));
	assert_true(exists(f->site, "search-index.js"));
	assert_int_equal(api_folders(f->site), 2);
	assert_int_equal(steps.check, 2);
	assert_int_equal(steps.render, 2);
	assert_int_equal(steps.write, 1);
	assert_int_equal(diag_count_at_least(f->diags, DIAG_ERROR), 0);
	pipeline_result_clear(&res);
	pipeline_free(p);
}

static void
portal_leaves_out_a_broken_spec_unless_strict(void **state)
{
	struct fixture *f = *state;
	/* the broken one first: its errors must not fail the next spec */
	const char *specs[] = {f->broken, V3};
	struct pipeline_opts opts = {0};
	struct pipeline_result res;
	struct pipeline *p;

	assert_int_equal(pipeline_new(&p, &opts, f->diags), 0);
	assert_int_equal(
	        pipeline_build_portal(&res, p, specs, 2, f->site, f->diags),
	        -1);
	assert_int_equal(res.status, PIPELINE_INVALID);
	assert_int_equal(res.failed, 1);
	assert_true(res.written);
	assert_true(exists(f->site, "index.html"));
	assert_int_equal(api_folders(f->site), 1);
	pipeline_free(p);
	path_remove_tree(f->site);

	opts.strict = 1;
	assert_int_equal(pipeline_new(&p, &opts, f->diags), 0);
	assert_int_equal(
	        pipeline_build_portal(&res, p, specs, 2, f->site, f->diags),
	        -1);
	assert_int_equal(res.status, PIPELINE_INVALID);
	assert_int_equal(res.failed, 1);
	assert_false(res.written);
	assert_false(exists(f->site, "."));
	pipeline_free(p);
}

static void
portal_of_an_empty_folder_is_an_error(void **state)
{
	struct fixture *f = *state;
	char empty[128];
	const char *specs[1];
	struct pipeline_result res;
	struct pipeline *p;

	snprintf(empty, sizeof(empty), "%s/empty", f->root);
	assert_int_equal(mkdir(empty, 0755), 0);
	specs[0] = empty;
	assert_true(pipeline_is_folder(empty));
	assert_int_equal(pipeline_new(&p, NULL, f->diags), 0);
	assert_int_equal(
	        pipeline_build_portal(&res, p, specs, 1, f->site, f->diags),
	        -1);
	assert_int_equal(res.status, PIPELINE_ERROR);
	assert_int_equal(res.n_specs, 0);
	assert_true(has_rule(f->diags, "io-error"));
	pipeline_free(p);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test_setup_teardown(check_gives_the_model, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(
	                check_without_validation_stops_at_the_model, setup,
	                teardown),
	        cmocka_unit_test_setup_teardown(
	                check_of_a_missing_file_is_an_error, setup, teardown),
	        cmocka_unit_test_setup_teardown(
	                check_of_a_broken_spec_is_invalid, setup, teardown),
	        cmocka_unit_test_setup_teardown(
	                build_writes_the_site_then_keeps_it, setup, teardown),
	        cmocka_unit_test_setup_teardown(
	                build_of_a_broken_spec_writes_nothing, setup, teardown),
	        cmocka_unit_test_setup_teardown(
	                build_of_a_fifo_is_refused_without_waiting, setup,
	                teardown),
	        cmocka_unit_test_setup_teardown(
	                failed_checks_beside_the_pages_keep_the_old_site, setup,
	                teardown),
	        cmocka_unit_test_setup_teardown(
	                graph_helper_only_for_an_svg_graph, setup, teardown),
	        cmocka_unit_test_setup_teardown(unknown_theme_is_reported,
	                                        setup, teardown),
	        cmocka_unit_test_setup_teardown(portal_builds_both_examples,
	                                        setup, teardown),
	        cmocka_unit_test_setup_teardown(
	                portal_leaves_out_a_broken_spec_unless_strict, setup,
	                teardown),
	        cmocka_unit_test_setup_teardown(
	                portal_of_an_empty_folder_is_an_error, setup, teardown),
	};

	return cmocka_run_group_tests_name("pipeline", tests, NULL, NULL);
}
