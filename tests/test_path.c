/* Tests of the file name helpers (path). */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

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

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(join_puts_one_slash_between),
	};

	return cmocka_run_group_tests_name("path", tests, NULL, NULL);
}
