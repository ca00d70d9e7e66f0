/*
 * Tests of diff: one fixture pair per change kind (tests/data/diff/cases/,
 * listed in cases.txt with the class expected when the operation sends and
 * when it receives), run in both directions; v2 publish/subscribe; a v2
 * document and its faithful v3 migration; unrelated documents; overrides.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <cJSON.h>

#include "diff/diff.h"
#include "load/loader.h"
#include "model/model.h"
#include "helpers.h"
#include "util/diag.h"
#include "util/strbuf.h"

struct side {
	struct loader_doc *doc;
	struct model *m;
};

/* text with every "from" replaced by "to" (a new string). */
static char *
replace(const char *text, const char *from, const char *to)
{
	struct strbuf b = STRBUF_INIT;
	size_t n = strlen(from);
	const char *p;

	while ((p = strstr(text, from)) != NULL) {
		strbuf_putn(&b, text, (size_t)(p - text));
		strbuf_puts(&b, to);
		text = p + n;
	}
	strbuf_puts(&b, text);
	return strbuf_take(&b);
}

/* Loads dir/name with its action placeholders set; the model in s. */
static void
load_side(struct side *s, const char *dir, const char *name, const char *action,
          struct diag_list *d)
{
	char path[1024], *text, *t1, *t2;
	size_t len;

	text = helpers_read_file(dir, name, &len);
	assert_non_null(text);
	t1 = replace(text, "__ACTION__", action);
	t2 = replace(t1, "__OTHER__",
	             strcmp(action, "send") == 0 ? "receive" : "send");
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (loader_load_buffer(&s->doc, path, t2, strlen(t2), NULL, d) != 0 ||
	    model_new(&s->m, s->doc, d) != 0) {
		diag_print_text(stderr, d, 0);
		fail_msg("%s does not load", path);
	}
	free(text);
	free(t1);
	free(t2);
}

static void
free_side(struct side *s)
{
	model_free(s->m);
	loader_doc_free(s->doc);
}

/* Diffs two sides and returns the result (the caller clears it). */
static void
run(struct diff_result *r, const struct side *o, const struct side *n,
    const struct diff_opts *opts)
{
	struct diag_list *d = diag_list_new();

	memset(r, 0, sizeof(*r));
	assert_int_equal(diff_models(r, o->m, n->m, opts, d), 0);
	diag_list_free(d);
}

static const struct diff_change *
find_kind(const struct diff_result *r, const char *kind)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		if (strcmp(r->items[i].kind, kind) == 0)
			return &r->items[i];
	return NULL;
}

static void
dump(const struct diff_result *r)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		fprintf(stderr, "#   %s %s: %s: %s\n", r->items[i].kind,
		        diff_class_name(r->items[i].cls), r->items[i].where,
		        r->items[i].message);
}

/* One case in one direction: the kind is there, with the class. */
static void
check_case(const char *kind, const char *action, const char *cls)
{
	char dir[1024];
	struct diag_list *d = diag_list_new();
	struct side o = {0}, n = {0};
	struct diff_result r;
	const struct diff_change *c;

	snprintf(dir, sizeof(dir), "%s/diff/cases/%s", TEST_DATA, kind);
	load_side(&o, dir, "old.yaml", action, d);
	load_side(&n, dir, "new.yaml", action, d);
	run(&r, &o, &n, NULL);
	c = find_kind(&r, kind);
	if (c == NULL || strcmp(diff_class_name(c->cls), cls) != 0) {
		dump(&r);
		fail_msg("%s (%s): expected %s, got %s", kind, action, cls,
		         c ? diff_class_name(c->cls) : "no such change");
	}
	/* Positions on both sides (or the parent for an add/remove). */
	assert_true(c->old.line > 0 || c->new.line > 0);
	/* The reverse pair diffs too, without crash. */
	diff_result_clear(&r);
	run(&r, &n, &o, NULL);
	diff_result_clear(&r);
	/* A document against itself: nothing. */
	run(&r, &n, &n, NULL);
	if (r.n != 0)
		dump(&r);
	assert_int_equal(r.n, 0);
	diff_result_clear(&r);
	free_side(&o);
	free_side(&n);
	diag_list_free(d);
}

static void
test_cases(void **state)
{
	char dir[1024], *text, *line, *save = NULL;
	char kind[128], send[32], recv[32];
	size_t len, n = 0, nk, i;
	const struct diff_kind_info *kinds = diff_kinds(&nk);
	char *seen = calloc(nk, 1);

	(void)state;
	snprintf(dir, sizeof(dir), "%s/diff/cases", TEST_DATA);
	text = helpers_read_file(dir, "cases.txt", &len);
	assert_non_null(text);
	for (line = strtok_r(text, "\n", &save); line != NULL;
	     line = strtok_r(NULL, "\n", &save)) {
		if (line[0] == '#')
			continue;
		assert_int_equal(
		        sscanf(line, "%127s %31s %31s", kind, send, recv), 3);
		assert_non_null(diff_kind(kind));
		seen[diff_kind(kind) - kinds] = 1;
		check_case(kind, "send", send);
		check_case(kind, "receive", recv);
		n++;
	}
	/* Every kind has its fixture. */
	for (i = 0; i < nk; i++)
		if (!seen[i])
			fail_msg("no fixture for kind %s", kinds[i].id);
	assert_true(n >= 40);
	free(seen);
	free(text);
}

static void
load_path(struct side *s, const char *rel, struct diag_list *d)
{
	char path[1024];

	snprintf(path, sizeof(path), "%s/%s", TEST_DATA, rel);
	if (loader_load(&s->doc, path, NULL, d) != 0 ||
	    model_new(&s->m, s->doc, d) != 0) {
		diag_print_text(stderr, d, 0);
		fail_msg("%s does not load", path);
	}
}

/* A 2.6 document and its faithful 3.0 migration: nothing breaking. */
static void
test_migration(void **state)
{
	struct diag_list *d = diag_list_new();
	struct side o = {0}, n = {0};
	struct diff_result r;

	(void)state;
	load_path(&o, "diff/migration/v2.yaml", d);
	load_path(&n, "diff/migration/v3.yaml", d);
	run(&r, &o, &n, NULL);
	if (r.count[DIFF_BREAKING] != 0 || r.count[DIFF_UNCLASSIFIED] != 0)
		dump(&r);
	assert_int_equal(r.count[DIFF_BREAKING], 0);
	assert_int_equal(r.count[DIFF_UNCLASSIFIED], 0);
	diff_result_clear(&r);
	free_side(&o);
	free_side(&n);
	diag_list_free(d);
}

/* v2: subscribe = the application sends, so a removed property breaks. */
static void
test_v2_direction(void **state)
{
	struct diag_list *d = diag_list_new();
	struct side o = {0}, n = {0};
	struct diff_result r;
	const struct diff_change *c;

	(void)state;
	load_path(&o, "diff/v2/old.yaml", d);
	load_path(&n, "diff/v2/new.yaml", d);
	run(&r, &o, &n, NULL);
	/* channel a (subscribe): sends; channel b (publish): receives */
	c = find_kind(&r, "message-payload-property-removed");
	assert_non_null(c);
	assert_int_equal(c->cls, DIFF_BREAKING);
	assert_int_equal(c->dir, DIFF_DIR_SEND);
	c = find_kind(&r, "message-payload-required-property-added");
	assert_non_null(c);
	assert_int_equal(c->cls, DIFF_BREAKING);
	assert_int_equal(c->dir, DIFF_DIR_RECEIVE);
	diff_result_clear(&r);
	free_side(&o);
	free_side(&n);
	diag_list_free(d);
}

/* Two unrelated documents: everything removed and added, no crash. */
static void
test_unrelated(void **state)
{
	struct diag_list *d = diag_list_new();
	struct side o = {0}, n = {0};
	struct diff_result r;

	(void)state;
	load_path(&o, "diff/v2/old.yaml", d);
	load_path(&n, "diff/cases/channel-added/new.yaml", d);
	run(&r, &o, &n, NULL);
	assert_non_null(find_kind(&r, "channel-removed"));
	assert_non_null(find_kind(&r, "channel-added"));
	diff_result_clear(&r);
	run(&r, &n, &o, NULL);
	assert_non_null(find_kind(&r, "channel-removed"));
	diff_result_clear(&r);
	free_side(&o);
	free_side(&n);
	diag_list_free(d);
}

/* Overrides change a kind's class; sorting puts breaking first. */
static void
test_overrides_and_sort(void **state)
{
	struct diag_list *d = diag_list_new();
	struct side o = {0}, n = {0};
	struct diff_result r;
	struct diff_override ov[] = {{"channel-removed", DIFF_NON_BREAKING}};
	struct diff_opts opts = {.overrides = ov, .n_overrides = 1};
	const struct diff_change *c;
	size_t i;

	(void)state;
	load_path(&o, "diff/v2/old.yaml", d);
	load_path(&n, "diff/cases/channel-added/new.yaml", d);
	run(&r, &o, &n, &opts);
	c = find_kind(&r, "channel-removed");
	assert_non_null(c);
	assert_int_equal(c->cls, DIFF_NON_BREAKING);
	diff_sort(&r);
	for (i = 1; i < r.n; i++)
		assert_false(r.items[i - 1].cls == DIFF_NON_BREAKING &&
		             r.items[i].cls != DIFF_NON_BREAKING);
	diff_result_clear(&r);
	free_side(&o);
	free_side(&n);
	diag_list_free(d);
}

/* A self-referencing schema changed deep inside: the walk ends. */
static void
test_cycle(void **state)
{
	struct diag_list *d = diag_list_new();
	struct side o = {0}, n = {0};
	struct diff_result r;

	(void)state;
	load_path(&o, "diff/cycle/old.yaml", d);
	load_path(&n, "diff/cycle/new.yaml", d);
	run(&r, &o, &n, NULL);
	assert_non_null(find_kind(&r, "schema-enum-value-added"));
	diff_result_clear(&r);
	free_side(&o);
	free_side(&n);
	diag_list_free(d);
}

static void
test_kinds(void **state)
{
	size_t n, i, j;
	const struct diff_kind_info *k = diff_kinds(&n);
	enum diff_class c;

	(void)state;
	assert_true(n >= 40);
	for (i = 0; i < n; i++) {
		assert_non_null(k[i].description);
		assert_non_null(k[i].example);
		for (j = i + 1; j < n; j++)
			assert_string_not_equal(k[i].id, k[j].id);
	}
	assert_int_equal(diff_class_from_name(&c, "non-breaking"), 0);
	assert_int_equal(c, DIFF_NON_BREAKING);
	assert_int_equal(diff_class_from_name(&c, "nope"), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_kinds),
	        cmocka_unit_test(test_cases),
	        cmocka_unit_test(test_migration),
	        cmocka_unit_test(test_v2_direction),
	        cmocka_unit_test(test_unrelated),
	        cmocka_unit_test(test_overrides_and_sort),
	        cmocka_unit_test(test_cycle),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
