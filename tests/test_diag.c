/* Tests of the diagnostics list and its text printer. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "diag.h"

static void
add_and_read_back(void **state)
{
	struct diag_list *l = diag_list_new();
	const struct diag *d;

	assert_non_null(l);
	assert_int_equal(diag_add(l, DIAG_ERROR, "a.yaml", 3, 7, "yaml-syntax",
				  "bad %s at %d", "thing", 42),
			 0);
	assert_int_equal(diag_set_via(l, "a.yaml:1:1 -> b.yaml#/X"), 0);
	assert_int_equal(diag_set_hint(l, "quote it: '%s'", "1.10"), 0);
	assert_int_equal(diag_add(l, DIAG_WARNING, NULL, 0, 0, "w", "warn"), 0);
	assert_int_equal(diag_count(l), 2);
	d = diag_at(l, 0);
	assert_string_equal(d->file, "a.yaml");
	assert_int_equal(d->line, 3);
	assert_int_equal(d->col, 7);
	assert_int_equal(d->severity, DIAG_ERROR);
	assert_string_equal(d->rule, "yaml-syntax");
	assert_string_equal(d->message, "bad thing at 42");
	assert_string_equal(d->via, "a.yaml:1:1 -> b.yaml#/X");
	assert_string_equal(d->hint, "quote it: '1.10'");
	d = diag_at(l, 1);
	assert_null(d->file);
	assert_null(d->via);
	assert_null(diag_at(l, 2));
	diag_list_free(l);
}

static void
counts_by_severity(void **state)
{
	struct diag_list *l = diag_list_new();

	diag_add(l, DIAG_INFO, "f", 1, 1, "i", "i");
	diag_add(l, DIAG_WARNING, "f", 1, 1, "w", "w");
	diag_add(l, DIAG_WARNING, "f", 1, 1, "w", "w");
	diag_add(l, DIAG_ERROR, "f", 1, 1, "e", "e");
	assert_int_equal(diag_count_at_least(l, DIAG_ERROR), 1);
	assert_int_equal(diag_count_at_least(l, DIAG_WARNING), 3);
	assert_int_equal(diag_count_at_least(l, DIAG_INFO), 4);
	diag_list_clear(l);
	assert_int_equal(diag_count(l), 0);
	assert_int_equal(diag_set_via(l, "x"), -1);
	diag_list_free(l);
}

static void
sort_is_stable_by_position(void **state)
{
	struct diag_list *l = diag_list_new();

	diag_add(l, DIAG_ERROR, "b.yaml", 1, 1, "r", "b1");
	diag_add(l, DIAG_ERROR, "a.yaml", 9, 2, "r", "a9");
	diag_add(l, DIAG_ERROR, "a.yaml", 2, 5, "r", "a2-first");
	diag_add(l, DIAG_ERROR, "a.yaml", 2, 5, "r", "a2-second");
	diag_add(l, DIAG_ERROR, "a.yaml", 2, 1, "r", "a2c1");
	diag_sort(l);
	assert_string_equal(diag_at(l, 0)->message, "a2c1");
	assert_string_equal(diag_at(l, 1)->message, "a2-first");
	assert_string_equal(diag_at(l, 2)->message, "a2-second");
	assert_string_equal(diag_at(l, 3)->message, "a9");
	assert_string_equal(diag_at(l, 4)->message, "b1");
	diag_list_free(l);
}

static void
move_appends(void **state)
{
	struct diag_list *a = diag_list_new(), *b = diag_list_new();

	diag_add(a, DIAG_ERROR, "a", 1, 1, "r", "one");
	diag_add(b, DIAG_ERROR, "b", 1, 1, "r", "two");
	diag_add(b, DIAG_INFO, "b", 2, 1, "r", "three");
	assert_int_equal(diag_list_move(a, b), 0);
	assert_int_equal(diag_count(a), 3);
	assert_int_equal(diag_count(b), 0);
	assert_string_equal(diag_at(a, 2)->message, "three");
	diag_list_free(a);
	diag_list_free(b);
}

/* Prints into a memory stream and returns what was printed. */
static char *
print_to_string(const struct diag_list *l)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	diag_print_text(fp, l, 0);
	fclose(fp);
	return buf;
}

static void
text_has_source_line_and_caret(void **state)
{
	char path[] = "/tmp/asyncdoc-diag-XXXXXX";
	int fd = mkstemp(path);
	const char *src = "asyncapi: 3.0.0\ninfo:\n  title: \xc3\xa9t\xc3\xa9 x\n";
	struct diag_list *l = diag_list_new();
	char *out, *expected;

	assert_true(fd >= 0);
	assert_int_equal(write(fd, src, strlen(src)), (ssize_t)strlen(src));
	close(fd);
	/* Column 13 counts code points: the caret sits under the 'x'. */
	diag_add(l, DIAG_ERROR, path, 3, 13, "r1", "bad title");
	diag_set_via(l, "root.yaml:4:3 -> b.yaml#/X");
	diag_set_hint(l, "fix it");
	out = print_to_string(l);
	assert_true(asprintf(&expected,
			     "%s:3:13: error: bad title [r1]\n"
			     "    title: \xc3\xa9t\xc3\xa9 x\n"
			     "              ^\n"
			     "  via root.yaml:4:3 -> b.yaml#/X\n"
			     "  hint: fix it\n",
			     path) > 0);
	assert_string_equal(out, expected);
	free(out);
	free(expected);
	unlink(path);
	diag_list_free(l);
}

static void
text_without_file(void **state)
{
	struct diag_list *l = diag_list_new();
	char *out;

	diag_add(l, DIAG_WARNING, NULL, 0, 0, "io", "cannot read");
	diag_add(l, DIAG_INFO, "/nonexistent/x.yaml", 2, 0, "r", "m");
	out = print_to_string(l);
	assert_string_equal(out, "asyncdoc: warning: cannot read [io]\n"
				 "/nonexistent/x.yaml:2: info: m [r]\n");
	free(out);
	diag_list_free(l);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(add_and_read_back),
		cmocka_unit_test(counts_by_severity),
		cmocka_unit_test(sort_is_stable_by_position),
		cmocka_unit_test(move_appends),
		cmocka_unit_test(text_has_source_line_and_caret),
		cmocka_unit_test(text_without_file),
	};

	return cmocka_run_group_tests_name("diag", tests, NULL, NULL);
}
