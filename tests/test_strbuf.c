/* Tests of the growing string (strbuf). */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "util/strbuf.h"

static void
appends_in_order(void **state)
{
	struct strbuf b = STRBUF_INIT;
	char *s;

	(void)state;
	strbuf_puts(&b, "ab");
	strbuf_putc(&b, 'c');
	strbuf_putn(&b, "defXYZ", 3);
	strbuf_printf(&b, "-%d-%s", 42, "x");
	assert_int_equal(b.len, 11);
	assert_string_equal(b.p, "abcdef-42-x");
	s = strbuf_take(&b);
	assert_string_equal(s, "abcdef-42-x");
	assert_null(b.p);
	assert_int_equal(b.len, 0);
	free(s);
}

static void
empty_take_is_empty_string(void **state)
{
	struct strbuf b = STRBUF_INIT;
	char *s;

	(void)state;
	s = strbuf_take(&b);
	assert_non_null(s);
	assert_string_equal(s, "");
	free(s);
}

static void
putn_keeps_embedded_nul(void **state)
{
	struct strbuf b = STRBUF_INIT;

	(void)state;
	strbuf_putn(&b, "a\0b", 3);
	assert_int_equal(b.len, 3);
	assert_memory_equal(b.p, "a\0b", 4);
	strbuf_free(&b);
	assert_null(b.p);
	assert_int_equal(b.len, 0);
}

static void
long_printf_grows(void **state)
{
	struct strbuf b = STRBUF_INIT;
	char big[5001];

	(void)state;
	memset(big, 'q', 5000);
	big[5000] = '\0';
	strbuf_puts(&b, "<");
	strbuf_printf(&b, "%s>%zu", big, (size_t)7);
	assert_int_equal(b.len, 5003);
	assert_int_equal(b.p[0], '<');
	assert_int_equal(b.p[5000], 'q');
	assert_string_equal(b.p + 5001, ">7");
	assert_true(b.cap > b.len);
	strbuf_free(&b);
}

static void
oom_is_sticky(void **state)
{
	struct strbuf b = STRBUF_INIT;

	(void)state;
	strbuf_puts(&b, "kept");
	/* No allocation can hold SIZE_MAX more bytes. */
	assert_int_equal(strbuf_grow(&b, SIZE_MAX - 2), -1);
	assert_int_equal(b.oom, 1);
	strbuf_puts(&b, "lost");
	assert_int_equal(b.len, 4);
	assert_string_equal(b.p, "kept");
	assert_null(strbuf_take(&b));
	assert_null(b.p);
	/* Freed, the buffer is usable again. */
	strbuf_puts(&b, "again");
	assert_string_equal(b.p, "again");
	strbuf_free(&b);
}

static void
html_escapes_the_five(void **state)
{
	struct strbuf b = STRBUF_INIT;

	(void)state;
	strbuf_put_html(&b, "a<b>&\"c'd");
	assert_string_equal(b.p, "a&lt;b&gt;&amp;&quot;c&#39;d");
	strbuf_free(&b);
	strbuf_put_html_n(&b, "<x>yz", 3);
	assert_string_equal(b.p, "&lt;x&gt;");
	strbuf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(appends_in_order),
	        cmocka_unit_test(html_escapes_the_five),
	        cmocka_unit_test(empty_take_is_empty_string),
	        cmocka_unit_test(putn_keeps_embedded_nul),
	        cmocka_unit_test(long_printf_grows),
	        cmocka_unit_test(oom_is_sticky),
	};

	return cmocka_run_group_tests_name("strbuf", tests, NULL, NULL);
}
