/* Tests of the site layout: files, URLs, anchors, roots. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "render/pages.h"

static void
files_and_urls(void **state)
{
	struct pages_plan multi = {0, ".html"}, single = {1, ".html"};
	struct pages_plan md = {0, ".md"};
	char *s;

	(void)state;
	s = pages_file(&multi, PAGES_CHANNEL, "lights");
	assert_string_equal(s, "channels/lights.html");
	free(s);
	s = pages_url(&multi, PAGES_MESSAGE, "m-1");
	assert_string_equal(s, "messages/m-1.html");
	free(s);
	/* servers are sections of the index */
	s = pages_url(&multi, PAGES_SERVER, "prod");
	assert_string_equal(s, "index.html#server-prod");
	free(s);
	s = pages_url(&single, PAGES_SCHEMA, "user");
	assert_string_equal(s, "index.html#schema-user");
	free(s);
	s = pages_file(&single, PAGES_SCHEMA, "user");
	assert_string_equal(s, "index.html");
	free(s);
	s = pages_url(&md, PAGES_OPERATION, "send");
	assert_string_equal(s, "operations/send.md");
	free(s);
	s = pages_url(NULL, PAGES_INDEX, NULL);
	assert_string_equal(s, "index.html");
	free(s);
}

static void
url_into_matches_url(void **state)
{
	struct pages_plan multi = {0, ".html"};
	char buf[64], small[8];
	size_t n;

	(void)state;
	n = pages_url_into(buf, sizeof(buf), &multi, "../", PAGES_CHANNEL,
	                   "lights");
	assert_string_equal(buf, "../channels/lights.html");
	assert_int_equal(n, strlen(buf));
	pages_url_into(buf, sizeof(buf), &multi, "", PAGES_SERVER, "prod");
	assert_string_equal(buf, "index.html#server-prod");
	/* too small: cut, and the needed length says so */
	n = pages_url_into(small, sizeof(small), &multi, "../", PAGES_CHANNEL,
	                   "lights");
	assert_true(n >= sizeof(small));
	assert_int_equal(strlen(small), sizeof(small) - 1);
}

static void
anchors_and_roots(void **state)
{
	char buf[32];

	(void)state;
	assert_int_equal(pages_anchor(buf, sizeof(buf), PAGES_OPERATION, "x"),
	                 11);
	assert_string_equal(buf, "operation-x");
	assert_string_equal(pages_root("index.html"), "");
	assert_string_equal(pages_root("channels/a.html"), "../");
	assert_string_equal(pages_root("a/b/c.html"), "../../");
	assert_string_equal(pages_kind_name(PAGES_KIND_COUNT), "item");
	assert_null(pages_kind_dir(PAGES_SERVER));
	assert_string_equal(pages_kind_dir(PAGES_SCHEMA), "schemas");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(files_and_urls),
	        cmocka_unit_test(url_into_matches_url),
	        cmocka_unit_test(anchors_and_roots),
	};

	return cmocka_run_group_tests_name("pages", tests, NULL, NULL);
}
