/* Tests of the message quotations (text). */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "text.h"

static void
short_text_is_copied(void **state)
{
	char b[32];

	(void)state;
	assert_string_equal(text_excerpt(b, sizeof(b), "abcXYZ", 3), "abc");
	assert_string_equal(text_excerpt(b, sizeof(b), "", 0), "");
}

static void
control_bytes_are_escaped(void **state)
{
	char b[32];

	(void)state;
	assert_string_equal(text_excerpt(b, sizeof(b), "a\tb\0c\x7f", 6),
	                    "a\\x09b\\x00c\\x7f");
}

static void
long_text_is_cut_with_dots(void **state)
{
	char b[16];

	(void)state;
	/* Room for 8 bytes before "..." in 16 (an escape may need 4). */
	assert_string_equal(text_excerpt(b, sizeof(b), "0123456789abcdef", 16),
	                    "01234567...");
}

static void
cut_never_splits_a_character(void **state)
{
	char b[16];

	(void)state;
	/* Seven a, then U+00E9 (2 bytes) across the cut at byte 8. */
	assert_string_equal(
	        text_excerpt(b, sizeof(b), "aaaaaaa\xc3\xa9zzzzzz", 15),
	        "aaaaaaa...");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(short_text_is_copied),
	        cmocka_unit_test(control_bytes_are_escaped),
	        cmocka_unit_test(long_text_is_cut_with_dots),
	        cmocka_unit_test(cut_never_splits_a_character),
	};

	return cmocka_run_group_tests_name("text", tests, NULL, NULL);
}
