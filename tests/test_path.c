/* Tests of the file name helpers (path). */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "util/path.h"

static void
join_puts_one_slash_between(void **state)
{
	char *p;

	(void)state;
	p = path_join("a/b", "c.json");
	assert_string_equal(p, "a/b/c.json");
	free(p);
	p = path_join("", "x");
	assert_string_equal(p, "/x");
	free(p);
	p = path_join("x/", "");
	assert_string_equal(p, "x//");
	free(p);
}

/* s is a new string equal to want; frees it. */
static void
eq(char *s, const char *want)
{
	assert_non_null(s);
	assert_string_equal(s, want);
	free(s);
}

static void
norm_dir_resolve_decode(void **state)
{
	int nul;

	(void)state;
	eq(path_norm("a/./b//c/../d"), "a/b/d");
	eq(path_norm("../../x"), "../../x");
	eq(path_norm("a/../../x"), "../x");
	eq(path_norm("/../etc"), "/etc");
	eq(path_norm(""), ".");
	eq(path_dir("a/b.yaml"), "a");
	eq(path_dir("/x"), "/");
	eq(path_dir("x"), "");
	eq(path_resolve("api/v1", "../common/m.yaml"), "api/common/m.yaml");
	eq(path_resolve("api", "/abs/x.yaml"), "/abs/x.yaml");
	eq(path_resolve("", "./x.yaml"), "x.yaml");
	eq(path_pct_decode("a%20b%zz", 8, &nul), "a b%zz");
	assert_int_equal(nul, 0);
	free(path_pct_decode("a%00b", 5, &nul));
	assert_int_equal(nul, 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(join_puts_one_slash_between),
	        cmocka_unit_test(norm_dir_resolve_decode),
	};

	return cmocka_run_group_tests_name("path", tests, NULL, NULL);
}
