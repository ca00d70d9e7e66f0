/* Tests of the spec sniffing of speclist: the asyncapi key and version. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "site/speclist.h"
#include "util/path.h"

struct fixture {
	char dir[64];
	char path[96];
};

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	if (f == NULL)
		return -1;
	strcpy(f->dir, "/tmp/asyncdoc-test-speclist-XXXXXX");
	if (mkdtemp(f->dir) == NULL)
		return -1;
	snprintf(f->path, sizeof(f->path), "%s/spec", f->dir);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	path_remove_tree(f->dir);
	free(f);
	return 0;
}

/* Writes len bytes of text as the fixture's file. */
static void
put(const struct fixture *f, const char *text, size_t len)
{
	FILE *fp = fopen(f->path, "wb");

	assert_non_null(fp);
	assert_int_equal(fwrite(text, 1, len, fp), len);
	fclose(fp);
}

/* speclist_version() of text: its version, or NULL when it finds none. */
static const char *
version_of(const struct fixture *f, const char *text)
{
	static char v[32];

	put(f, text, strlen(text));
	if (speclist_version(v, sizeof(v), f->path) != 0) {
		assert_string_equal(v, "");
		return NULL;
	}
	return v;
}

static void
version_read_from_the_top_key(void **state)
{
	const struct fixture *f = *state;

	assert_string_equal(version_of(f, "asyncapi: 3.0.0\ninfo: {}\n"),
	                    "3.0.0");
	assert_string_equal(version_of(f, "asyncapi: '2.6.0'\n"), "2.6.0");
	assert_string_equal(version_of(f, "\xef\xbb\xbf# c\n\"asyncapi\": "
	                                  "\"3.1.0\" # x\n"),
	                    "3.1.0");
	assert_string_equal(version_of(f, "info: {}\nasyncapi: 2.0.0"),
	                    "2.0.0");
	assert_string_equal(version_of(f,
	                               "{\"info\": {\"asyncapi\": \"9\"},\n "
	                               "\"asyncapi\" : \"3.0.0\", \"x\": 1}"),
	                    "3.0.0");
	assert_string_equal(version_of(f, "{\"asyncapi\":\"2.6.0\"}"), "2.6.0");
}

static void
no_version_when_the_text_does_not_say_one(void **state)
{
	const struct fixture *f = *state;
	char small[4];

	assert_null(version_of(f, "openapi: 3.0.0\n"));
	assert_null(version_of(f, "info:\n  asyncapi: 3.0.0\n"));
	assert_null(version_of(f, "asyncapi: &v 3.0.0\n"));
	assert_null(version_of(f, "asyncapi: 3.0.0!\n"));
	assert_null(version_of(f, "asyncapi:\n"));
	assert_null(version_of(f, "asyncapi: '3.0.0\n"));
	assert_null(version_of(f, ""));
	put(f, "asyncapi: 3.0.0\n", 16);
	assert_int_equal(speclist_version(small, sizeof(small), f->path), -1);
	assert_string_equal(small, "");
	assert_int_equal(speclist_version(small, sizeof(small), "/nonexistent"),
	                 -1);
	/* no regular file: nothing read (a FIFO would wait for a writer) */
	assert_int_equal(speclist_version(small, sizeof(small), f->dir), -1);
	unlink(f->path);
	assert_int_equal(mkfifo(f->path, 0600), 0);
	alarm(20);
	assert_int_equal(speclist_version(small, sizeof(small), f->path), -1);
	assert_false(speclist_is_asyncapi(f->path));
	alarm(0);
}

/* A version cut by the end of the bytes read is no version. */
static void
no_version_cut_at_the_read_limit(void **state)
{
	const struct fixture *f = *state;
	size_t n = 64 * 1024;
	char *text = malloc(n + 16), v[32];

	assert_non_null(text);
	memset(text, '\n', n);
	memcpy(text + n - 14, "asyncapi: 3.0", 13);
	memcpy(text + n - 1, ".0\n", 3);
	put(f, text, n + 2);
	assert_int_equal(speclist_version(v, sizeof(v), f->path), -1);
	free(text);
}

static void
is_asyncapi_as_before(void **state)
{
	const struct fixture *f = *state;

	put(f, "asyncapi: 3.0.0", 15);
	assert_true(speclist_is_asyncapi(f->path));
	put(f, "{\"a\": {\"asyncapi\": 1}}", 22);
	assert_false(speclist_is_asyncapi(f->path));
	put(f, "  {\"asyncapi\"\n: 1}", 18);
	assert_true(speclist_is_asyncapi(f->path));
	put(f, "type: object\n", 13);
	assert_false(speclist_is_asyncapi(f->path));
	assert_false(speclist_is_asyncapi("/nonexistent"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test_setup_teardown(version_read_from_the_top_key,
	                                        setup, teardown),
	        cmocka_unit_test_setup_teardown(
	                no_version_when_the_text_does_not_say_one, setup,
	                teardown),
	        cmocka_unit_test_setup_teardown(
	                no_version_cut_at_the_read_limit, setup, teardown),
	        cmocka_unit_test_setup_teardown(is_asyncapi_as_before, setup,
	                                        teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
