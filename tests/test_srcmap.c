/* Tests of the position side table. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <cJSON.h>

#include "load/srcmap.h"

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

static void
intern_gives_one_copy_per_string(void **state)
{
	struct srcmap *m = srcmap_new();
	char buf[] = "typexyz";
	const char *a, *b, *c, *e;

	assert_int_equal(srcmap_intern_count(m), 0);
	/* Not NUL-terminated at len: "type" out of "typexyz". */
	a = srcmap_intern(m, buf, 4);
	assert_non_null(a);
	assert_ptr_not_equal(a, buf);
	assert_string_equal(a, "type");
	b = srcmap_intern(m, "type", 4);
	assert_ptr_equal(a, b);
	c = srcmap_intern(m, "typ", 3);
	assert_ptr_not_equal(a, c);
	assert_string_equal(c, "typ");
	e = srcmap_intern(m, "", 0);
	assert_non_null(e);
	assert_string_equal(e, "");
	assert_ptr_equal(srcmap_intern(m, "x", 0), e);
	/* Bytes after a NUL count: "a\0b" and "a\0c" differ, "a" too. */
	a = srcmap_intern(m, "a\0b", 3);
	b = srcmap_intern(m, "a\0c", 3);
	c = srcmap_intern(m, "a", 1);
	assert_ptr_not_equal(a, b);
	assert_ptr_not_equal(a, c);
	assert_int_equal(memcmp(a, "a\0b", 4), 0);
	assert_ptr_equal(srcmap_intern(m, "a\0b", 3), a);
	assert_int_equal(srcmap_intern_count(m), 6);
	srcmap_free(m);
}

static void
interned_strings_stay_put_while_the_pool_grows(void **state)
{
	enum { N = 50000 };
	struct srcmap *m = srcmap_new();
	const char **got = malloc(N * sizeof(*got)), *p;
	char key[64], *big;
	size_t i, big_len = 100000;

	assert_non_null(got);
	for (i = 0; i < N; i++) {
		/* Lengths 1 to 40: one word, a tail, several words. */
		snprintf(key, sizeof(key), "%.*s%zu", (int)(i % 32),
		         "abcdefghijklmnopqrstuvwxyzABCDEF", i);
		got[i] = srcmap_intern(m, key, strlen(key));
		assert_non_null(got[i]);
	}
	/* Longer than any chunk: a chunk of its own. */
	big = malloc(big_len);
	assert_non_null(big);
	memset(big, 'q', big_len);
	p = srcmap_intern(m, big, big_len);
	assert_non_null(p);
	assert_int_equal(strlen(p), big_len);
	assert_ptr_equal(srcmap_intern(m, big, big_len), p);
	/* Strings interned after it still share chunks with each other. */
	assert_non_null(srcmap_intern(m, "after-big", 9));
	for (i = 0; i < N; i++) {
		snprintf(key, sizeof(key), "%.*s%zu", (int)(i % 32),
		         "abcdefghijklmnopqrstuvwxyzABCDEF", i);
		assert_string_equal(got[i], key);
		assert_ptr_equal(srcmap_intern(m, key, strlen(key)), got[i]);
	}
	assert_int_equal(srcmap_intern_count(m), N + 2);
	free(big);
	free(got);
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
	        cmocka_unit_test(intern_gives_one_copy_per_string),
	        cmocka_unit_test(
	                interned_strings_stay_put_while_the_pool_grows),
	};

	return cmocka_run_group_tests_name("srcmap", tests, NULL, NULL);
}
