/* Tests of the hash map with address or string keys (hmap). */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "util/hmap.h"

static void
empty_map_finds_nothing(void **state)
{
	struct hmap m = HMAP_INIT;
	void *v = &m;
	int x = 0;

	(void)state;
	assert_null(hmap_get_ptr(&m, &x));
	assert_null(hmap_get_str(&m, "a"));
	assert_int_equal(hmap_find_str(&m, "a", &v), 0);
	assert_ptr_equal(v, &m);
	assert_null(hmap_get_ptr(&m, NULL));
	hmap_free(&m);
}

static void
ptr_put_replaces_add_keeps(void **state)
{
	struct hmap m = HMAP_INIT;
	int a = 0, b = 0, v1 = 0, v2 = 0;
	void *v = NULL;

	(void)state;
	assert_int_equal(hmap_put_ptr(&m, &a, &v1), 0);
	assert_int_equal(hmap_put_ptr(&m, &a, &v2), 0);
	assert_ptr_equal(hmap_get_ptr(&m, &a), &v2);
	assert_int_equal(hmap_add_ptr(&m, &a, &v1), 0);
	assert_ptr_equal(hmap_get_ptr(&m, &a), &v2);
	assert_int_equal(hmap_add_ptr(&m, &b, NULL), 1);
	assert_int_equal(hmap_find_ptr(&m, &b, &v), 1);
	assert_null(v);
	assert_int_equal(m.n, 2);
	hmap_free(&m);
	assert_int_equal(m.cap, 0);
	assert_null(hmap_get_ptr(&m, &a));
}

/* A walk over the slots meets every value once, empty slots as NULL. */
static void
slot_walk_meets_every_value(void **state)
{
	struct hmap m = HMAP_INIT;
	int keys[100], seen[100] = {0};
	size_t i, n = 0;

	(void)state;
	/* an empty map has no table: cap 0, no slot to ask */
	assert_int_equal(m.cap, 0);
	for (i = 0; i < 100; i++)
		assert_int_equal(hmap_put_ptr(&m, &keys[i], &seen[i]), 0);
	for (i = 0; i < m.cap; i++) {
		int *v = hmap_slot_val(&m, i);

		if (v == NULL)
			continue;
		(*v)++;
		n++;
	}
	assert_int_equal(n, 100);
	for (i = 0; i < 100; i++)
		assert_int_equal(seen[i], 1);
	hmap_free(&m);
}

static void
str_keys_compare_by_content(void **state)
{
	struct hmap m = HMAP_INIT;
	char k1[] = "name", k2[] = "name";
	int v1 = 0, v2 = 0;

	(void)state;
	assert_int_equal(hmap_add_str(&m, k1, &v1), 1);
	assert_int_equal(hmap_add_str(&m, k2, &v2), 0);
	assert_ptr_equal(hmap_get_str(&m, "name"), &v1);
	assert_int_equal(hmap_put_str(&m, k2, &v2), 0);
	assert_ptr_equal(hmap_get_str(&m, k1), &v2);
	assert_null(hmap_get_str(&m, "nam"));
	assert_int_equal(m.n, 1);
	hmap_free(&m);
}

static void
many_keys_survive_growth(void **state)
{
	enum { N = 5000 };
	static int nodes[N];
	static char names[N][8];
	struct hmap p = HMAP_INIT, s = HMAP_INIT;
	size_t i;

	(void)state;
	for (i = 0; i < N; i++) {
		snprintf(names[i], sizeof(names[i]), "k%zu", i);
		assert_int_equal(hmap_put_ptr(&p, &nodes[i], names[i]), 0);
		assert_int_equal(hmap_add_str(&s, names[i], &nodes[i]), 1);
	}
	assert_int_equal(p.n, N);
	assert_int_equal(s.n, N);
	assert_true(p.cap >= 2 * N);
	for (i = 0; i < N; i++) {
		assert_ptr_equal(hmap_get_ptr(&p, &nodes[i]), names[i]);
		assert_ptr_equal(hmap_get_str(&s, names[i]), &nodes[i]);
	}
	hmap_free(&p);
	hmap_free(&s);
}

static void
clear_keeps_table(void **state)
{
	struct hmap m = HMAP_INIT;
	size_t cap;
	int v = 0;

	(void)state;
	assert_int_equal(hmap_add_str(&m, "x", &v), 1);
	cap = m.cap;
	hmap_clear(&m);
	assert_int_equal(m.n, 0);
	assert_int_equal(m.cap, cap);
	assert_int_equal(hmap_find_str(&m, "x", NULL), 0);
	assert_int_equal(hmap_add_str(&m, "x", NULL), 1);
	assert_int_equal(hmap_find_str(&m, "x", NULL), 1);
	hmap_free(&m);
}

/*
 * A scratch map that held many keys, then cleared once per item of a long
 * list with a few keys each time: the clears cost the keys, not the
 * table (rules.c did this with 20,000 channel parameters).
 */
static size_t
clear_work(size_t n)
{
	static const char *const few[] = {"a", "b"};
	struct hmap m = HMAP_INIT;
	size_t work = 0, i;
	char (*keys)[16] = malloc(n * sizeof(*keys));

	assert_non_null(keys);
	m.work = &work;
	for (i = 0; i < n; i++) {
		snprintf(keys[i], sizeof(keys[i]), "k%zu", i);
		assert_int_equal(hmap_add_str(&m, keys[i], NULL), 1);
	}
	for (i = 0; i < n; i++) {
		hmap_clear(&m);
		assert_int_equal(hmap_add_str(&m, few[0], NULL), 1);
		assert_int_equal(hmap_add_str(&m, few[1], NULL), 1);
	}
	assert_ptr_equal(m.work, &work);
	hmap_free(&m);
	free(keys);
	return work;
}

static void
clear_cost_follows_the_keys(void **state)
{
	(void)state;
	if (clear_work(20000) > clear_work(5000) * 5)
		fail_msg("clearing: %zu slots for 4 x the items of %zu",
		         clear_work(20000), clear_work(5000));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(empty_map_finds_nothing),
	        cmocka_unit_test(ptr_put_replaces_add_keeps),
	        cmocka_unit_test(slot_walk_meets_every_value),
	        cmocka_unit_test(str_keys_compare_by_content),
	        cmocka_unit_test(many_keys_survive_growth),
	        cmocka_unit_test(clear_keeps_table),
	        cmocka_unit_test(clear_cost_follows_the_keys),
	};

	return cmocka_run_group_tests_name("hmap", tests, NULL, NULL);
}
