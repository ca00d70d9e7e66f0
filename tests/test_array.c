/* Tests of the growable-array rule (array_reserve). */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "util/array.h"

struct pair {
	int a;
	double b;
};

static void
grows_and_keeps_items(void **state)
{
	struct pair *items = NULL;
	size_t n = 0, cap = 0, i;

	(void)state;
	for (i = 0; i < 1000; i++) {
		assert_int_equal(ARRAY_RESERVE(items, n + 1, cap), 0);
		assert_true(cap >= n + 1);
		items[n].a = (int)i;
		items[n].b = (double)i / 2;
		n++;
	}
	for (i = 0; i < n; i++) {
		assert_int_equal(items[i].a, (int)i);
		assert_true(items[i].b == (double)i / 2);
	}
	/* Doubling from 8: 1000 items fit in 1024. */
	assert_int_equal(cap, 1024);
	free(items);
}

static void
reserve_within_capacity_changes_nothing(void **state)
{
	char **items = NULL;
	char **before;
	size_t cap = 0;

	(void)state;
	assert_int_equal(ARRAY_RESERVE(items, 3, cap), 0);
	assert_int_equal(cap, 8);
	before = items;
	assert_int_equal(ARRAY_RESERVE(items, 8, cap), 0);
	assert_ptr_equal(items, before);
	assert_int_equal(cap, 8);
	/* A big jump is reached in one call. */
	assert_int_equal(ARRAY_RESERVE(items, 100, cap), 0);
	assert_int_equal(cap, 128);
	free(items);
}

static void
overflow_fails_and_keeps_the_array(void **state)
{
	int *items = NULL;
	int *kept;
	size_t cap = 0;

	(void)state;
	assert_int_equal(ARRAY_RESERVE(items, 4, cap), 0);
	kept = items;
	items[0] = 7;
	assert_int_equal(ARRAY_RESERVE(items, SIZE_MAX / 2, cap), -1);
	assert_int_equal(ARRAY_RESERVE(items, SIZE_MAX, cap), -1);
	assert_ptr_equal(items, kept);
	assert_int_equal(cap, 8);
	assert_int_equal(items[0], 7);
	free(items);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(grows_and_keeps_items),
		cmocka_unit_test(reserve_within_capacity_changes_nothing),
		cmocka_unit_test(overflow_fails_and_keeps_the_array),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
