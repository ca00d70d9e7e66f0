/* Tests of the Markdown wrapper: safe mode, the size cap, UTF-8. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include <cmark.h>

#include "render/mdtext.h"

static char *
render(const char *text, size_t max, int *cut)
{
	char *out = NULL;

	assert_int_equal(mdtext_html(&out, cut, text, strlen(text), max), 0);
	assert_non_null(out);
	return out;
}

static void
renders_commonmark(void **state)
{
	int cut = -1;
	char *out = render("# Title\n\nSome *text* and `code`.\n",
	                   MDTEXT_MAX_DEFAULT, &cut);

	assert_string_equal(out, "<h1>Title</h1>\n<p>Some <em>text</em> and "
	                         "<code>code</code>.</p>\n");
	assert_int_equal(cut, 0);
	free(out);
}

static void
safe_mode_drops_raw_html_and_script_links(void **state)
{
	char *out = render("<script>alert(1)</script>\n\n"
	                   "[a](javascript:alert(1)) <img src=x onerror=y> "
	                   "[b](https://example.com/?q=\"x\")\n",
	                   MDTEXT_MAX_DEFAULT, NULL);

	assert_null(strstr(out, "<script"));
	assert_null(strstr(out, "javascript:"));
	assert_null(strstr(out, "onerror"));
	assert_non_null(strstr(out, "<!-- raw HTML omitted -->"));
	assert_non_null(strstr(out, "<a href=\"\">a</a>"));
	assert_non_null(strstr(
	        out, "<a href=\"https://example.com/?q=%22x%22\">b</a>"));
	free(out);
}

static void
cuts_at_the_cap_on_a_character_boundary(void **state)
{
	int cut = 0;
	/* "aa" then U+00E9 (2 bytes): a cap of 3 falls inside the é. */
	char *out = render("aa\xc3\xa9zz", 3, &cut);

	assert_int_equal(cut, 1);
	assert_string_equal(out, "<p>aa</p>\n");
	free(out);
	out = render("aa\xc3\xa9zz", 4, &cut);
	assert_int_equal(cut, 1);
	assert_string_equal(out, "<p>aa\xc3\xa9</p>\n");
	free(out);
	out = render("aa\xc3\xa9zz", 6, &cut);
	assert_int_equal(cut, 0);
	assert_string_equal(out, "<p>aa\xc3\xa9zz</p>\n");
	free(out);
}

static void
invalid_utf8_is_replaced(void **state)
{
	char *out = render("a\xff"
	                   "b",
	                   MDTEXT_MAX_DEFAULT, NULL);

	assert_string_equal(out, "<p>a\xef\xbf\xbd"
	                         "b</p>\n");
	free(out);
}

/*
 * cmark 0.30.2 is quadratic on "![[]()" (CVE-2023-22486): the cap bounds it.
 * No clock here (a busy machine makes a timed test flaky): the test counts
 * the work instead. 30,000 units are cut to the cap, and what cmark made
 * is what the cap's worth of input makes, no more: the same bytes as
 * rendering the cut text itself.
 */
static void
pathological_input_is_cut_to_the_cap(void **state)
{
	static const char unit[] = "![[]()";
	size_t n = 30000, u = sizeof(unit) - 1, i;
	size_t cap = MDTEXT_MAX_DEFAULT;
	char *text = malloc(n * u + 1), *out = NULL, *again = NULL;
	int cut = 0, cut2 = 1;

	(void)state;
	assert_non_null(text);
	assert_true(n * u > cap);
	for (i = 0; i < n; i++)
		memcpy(text + i * u, unit, u);
	text[n * u] = '\0';
	assert_int_equal(mdtext_html(&out, &cut, text, n * u, cap), 0);
	assert_int_equal(cut, 1);
	/* Only the first cap bytes were parsed: same output as them alone. */
	assert_int_equal(mdtext_html(&again, &cut2, text, cap, cap), 0);
	assert_int_equal(cut2, 0);
	assert_string_equal(out, again);
	free(again);
	free(out);
	free(text);
}

static void
markdown_out_is_safe_markdown(void **state)
{
	const char *in = "# Title\n\nSome <b>bold</b> and <script>x</script>"
	                 "\n\n<div onclick=\"x\">block</div>\n\n"
	                 "[a](javascript:alert(1)) [b](https://ok.example/)";
	char *out = NULL;
	const char *p;
	int cut = -1;

	(void)state;
	assert_int_equal(
	        mdtext_markdown(&out, &cut, in, strlen(in), 1 << 16, 3), 0);
	assert_int_equal(cut, 0);
	/* the heading is pushed down, raw HTML is text, the URL dropped */
	assert_non_null(strstr(out, "### Title"));
	assert_null(strstr(out, "<b>"));
	assert_non_null(strstr(out, "\\<b\\>bold\\</b\\>"));
	assert_non_null(strstr(out, "\\<div onclick"));
	for (p = out; (p = strchr(p, '<')) != NULL; p++)
		assert_true(p > out && p[-1] == '\\');
	assert_null(strstr(out, "&#10;"));
	assert_null(strstr(out, "javascript:"));
	assert_non_null(strstr(out, "(https://ok.example/)"));
	free(out);
}

static void
escape_and_code_spans(void **state)
{
	char *out = NULL;

	(void)state;
	assert_int_equal(mdtext_escape(&out, "a|b <x> *y* `z`\nnext"), 0);
	assert_string_equal(out, "a\\|b \\<x\\> \\*y\\* \\`z\\` next");
	free(out);
	assert_int_equal(mdtext_escape(&out, "1. item"), 0);
	assert_string_equal(out, "1\\. item");
	free(out);
	assert_int_equal(mdtext_escape(&out, "3.0.0"), 0);
	assert_string_equal(out, "3.0.0");
	free(out);
	assert_int_equal(mdtext_escape(&out, "- x"), 0);
	assert_string_equal(out, "\\- x");
	free(out);
	assert_int_equal(mdtext_code_span(&out, "a`b", 0), 0);
	assert_string_equal(out, "``a`b``");
	free(out);
	assert_int_equal(mdtext_code_span(&out, "`x|y", 1), 0);
	assert_string_equal(out, "`` `x\\|y ``");
	free(out);
}

/* Asserts that mdtext_html() renders text[0..len) as cmark itself does. */
static void
assert_as_cmark(const char *text, size_t len)
{
	char *ours = NULL, *theirs;

	assert_int_equal(
	        mdtext_html(&ours, NULL, text, len, MDTEXT_MAX_DEFAULT), 0);
	theirs = cmark_markdown_to_html(
	        text, len, CMARK_OPT_DEFAULT | CMARK_OPT_VALIDATE_UTF8);
	assert_non_null(theirs);
	if (strcmp(ours, theirs) != 0)
		fail_msg("\"%.*s\": \"%s\", cmark \"%s\"", (int)len, text, ours,
		         theirs);
	free(ours);
	free(theirs);
}

/*
 * A one-line plain description is made without cmark (#18): the same
 * bytes as cmark makes, whatever the text, around every character.
 */
static void
plain_lines_render_as_cmark_does(void **state)
{
	/* \1 stands for the character */
	static const char *const forms[] = {"\1",     "a\1",    "\1a",
	                                    "a\1b",   "a\1\1b", "Word\1",
	                                    "A \1 b", "x\1 ",   "\1\1\1"};
	static const char alphabet[] = "abcXYZ019 .,;:?!'()/%+-=#$@^{}|~"
	                               "*_`[]<>&\\\"\t\n";
	char text[64];
	unsigned long seed = 18;
	size_t f, n, i, len;
	int c;

	(void)state;
	for (f = 0; f < sizeof(forms) / sizeof(forms[0]); f++)
		for (c = 1; c < 128; c++) {
			for (len = 0; forms[f][len] != '\0'; len++)
				text[len] = forms[f][len] == '\1'
				                    ? (char)c
				                    : forms[f][len];
			assert_as_cmark(text, len);
		}
	/* random lines, mostly of the characters the fast way takes */
	for (n = 0; n < 20000; n++) {
		seed = seed * 6364136223846793005UL + 1442695040888963407UL;
		len = 1 + (size_t)(seed >> 33) % 40;
		for (i = 0; i < len; i++) {
			seed = seed * 6364136223846793005UL +
			       1442695040888963407UL;
			text[i] =
			        alphabet[(seed >> 33) % (sizeof(alphabet) - 1)];
		}
		assert_as_cmark(text, len);
	}
	assert_as_cmark("A text field.", 13);
	assert_as_cmark("", 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(markdown_out_is_safe_markdown),
	        cmocka_unit_test(escape_and_code_spans),
	        cmocka_unit_test(renders_commonmark),
	        cmocka_unit_test(plain_lines_render_as_cmark_does),
	        cmocka_unit_test(safe_mode_drops_raw_html_and_script_links),
	        cmocka_unit_test(cuts_at_the_cap_on_a_character_boundary),
	        cmocka_unit_test(invalid_utf8_is_replaced),
	        cmocka_unit_test(pathological_input_is_cut_to_the_cap),
	};

	return cmocka_run_group_tests_name("mdtext", tests, NULL, NULL);
}
