/* Tests of the position side table. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>
#include <cJSON.h>

#include "srcmap.h"

static void
put_then_get(void **state)
{
	struct srcmap *m = srcmap_new();
	cJSON *a = cJSON_CreateNull(), *b = cJSON_CreateNull();
	struct srcpos p = {0, 3, 4, 3, 1};
	const struct srcpos *g;

	assert_int_equal(srcmap_put(m, a, p), 0);
	g = srcmap_get(m, a);
	assert_non_null(g);
	assert_int_equal(g->line, 3);
	assert_int_equal(g->col, 4);
	assert_int_equal(g->key_col, 1);
	assert_null(srcmap_get(m, b));
	assert_null(srcmap_get(m, NULL));
	p.line = 9;
	assert_int_equal(srcmap_put(m, a, p), 0);
	assert_int_equal(srcmap_get(m, a)->line, 9);
	assert_int_equal(srcmap_size(m), 1);
	cJSON_Delete(a);
	cJSON_Delete(b);
	srcmap_free(m);
}

static void
grows_past_initial_capacity(void **state)
{
	enum { N = 100000 };
	struct srcmap *m = srcmap_new();
	cJSON *arr = cJSON_CreateArray(), *c;
	struct srcpos p = {1, 0, 0, 0, 0};
	uint32_t i = 0;

	for (i = 0; i < N; i++)
		cJSON_AddItemToArray(arr, cJSON_CreateNull());
	for (c = arr->child, i = 1; c != NULL; c = c->next, i++) {
		p.line = i;
		p.col = i % 80 + 1;
		assert_int_equal(srcmap_put(m, c, p), 0);
	}
	assert_int_equal(srcmap_size(m), N);
	for (c = arr->child, i = 1; c != NULL; c = c->next, i++) {
		assert_int_equal(srcmap_get(m, c)->line, i);
		assert_int_equal(srcmap_get(m, c)->col, i % 80 + 1);
	}
	cJSON_Delete(arr);
	srcmap_free(m);
}

static void
puts_after_lookups_and_deletes(void **state)
{
	struct srcmap *m = srcmap_new();
	cJSON *a = cJSON_CreateNull(), *b = cJSON_CreateNull();
	struct srcpos p = {0, 1, 1, 0, 0};

	assert_int_equal(srcmap_reserve(m, 10), 0);
	srcmap_put(m, a, p);
	assert_int_equal(srcmap_get(m, a)->line, 1);
	/* A later put for the same node wins, before and after indexing. */
	p.line = 2;
	srcmap_put(m, a, p);
	p.line = 5;
	srcmap_put(m, b, p);
	assert_int_equal(srcmap_get(m, a)->line, 2);
	assert_int_equal(srcmap_get(m, b)->line, 5);
	assert_int_equal(srcmap_size(m), 2);
	srcmap_del(m, a);
	assert_null(srcmap_get(m, a));
	assert_int_equal(srcmap_get(m, b)->line, 5);
	assert_int_equal(srcmap_size(m), 1);
	/* Deleting an entry not yet indexed. */
	p.line = 7;
	srcmap_put(m, a, p);
	srcmap_del(m, a);
	assert_null(srcmap_get(m, a));
	p.line = 8;
	srcmap_put(m, a, p);
	assert_int_equal(srcmap_index(m), 0);
	assert_int_equal(srcmap_get(m, a)->line, 8);
	assert_int_equal(srcmap_size(m), 2);
	cJSON_Delete(a);
	cJSON_Delete(b);
	srcmap_free(m);
}

static void
file_table(void **state)
{
	struct srcmap *m = srcmap_new();
	uint32_t a, b;

	assert_int_equal(srcmap_add_file(&a, m, "root.yaml"), 0);
	assert_int_equal(srcmap_add_file(&b, m, "dir/x.json"), 0);
	assert_int_equal(a, 0);
	assert_int_equal(b, 1);
	assert_string_equal(srcmap_file_path(m, 1), "dir/x.json");
	assert_string_equal(srcmap_file_path(m, 7), "?");
	assert_int_equal(srcmap_file_count(m), 2);
	srcmap_free(m);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(put_then_get),
		cmocka_unit_test(grows_past_initial_capacity),
		cmocka_unit_test(puts_after_lookups_and_deletes),
		cmocka_unit_test(file_table),
	};

	return cmocka_run_group_tests_name("srcmap", tests, NULL, NULL);
}
