/* Tests of the cJSON helpers: lookups, scalar text, lexeme-aware printing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <cJSON.h>

#include "util/node.h"

static void
lookup_is_case_sensitive(void **state)
{
	cJSON *o = cJSON_Parse("{\"Title\":1,\"title\":\"t\",\"b\":true}");

	assert_string_equal(node_get_str(o, "title"), "t");
	assert_null(node_get_str(o, "Title"));
	assert_non_null(node_get(o, "Title"));
	assert_null(node_get(o, "TITLE"));
	assert_int_equal(node_get_bool(o, "b"), 1);
	assert_int_equal(node_get_bool(o, "title"), 0);
	assert_null(node_get(o->child, "x"));
	cJSON_Delete(o);
}

/*
 * node_get() answers as cJSON_GetObjectItemCaseSensitive() did: the first
 * of duplicate keys, keys that share a first byte or are prefixes of one
 * another, the empty key, NULL for a NULL key or object.
 */
static void
lookup_answers_as_cjson(void **state)
{
	static const char *const keys[] = {"a", "ab", "abc", "b",
	                                   "",  "x",  "zz"};
	cJSON *o = cJSON_Parse("{\"ab\":1,\"abc\":2,\"a\":3,\"ab\":4,"
	                       "\"\":5,\"b\":6}");
	size_t i;

	(void)state;
	assert_non_null(o);
	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		assert_ptr_equal(node_get(o, keys[i]),
		                 cJSON_GetObjectItemCaseSensitive(o, keys[i]));
	assert_int_equal(node_get(o, "ab")->valueint, 1);
	assert_int_equal(node_get(o, "")->valueint, 5);
	assert_null(node_get(o, NULL));
	assert_null(node_get(NULL, "a"));
	cJSON_Delete(o);
}

static void
text_keeps_number_lexeme(void **state)
{
	cJSON *n = cJSON_CreateNumber(2.0);
	char buf[40];

	assert_string_equal(node_text(n, buf, sizeof(buf)), "2");
	assert_int_equal(node_set_number_text(n, "2.0", 3), 0);
	assert_string_equal(node_text(n, buf, sizeof(buf)), "2.0");
	/* cJSON_IsString must stay false: the lexeme is not a string value. */
	assert_false(cJSON_IsString(n));
	cJSON_Delete(n);
	n = cJSON_CreateNumber(0.1);
	assert_string_equal(node_text(n, buf, sizeof(buf)), "0.1");
	cJSON_Delete(n);
	n = cJSON_CreateTrue();
	assert_string_equal(node_text(n, buf, sizeof(buf)), "true");
	assert_int_equal(node_set_number_text(n, "1", 1), -1);
	cJSON_Delete(n);
}

static void
print_uses_lexemes_and_escapes(void **state)
{
	cJSON *o = cJSON_CreateObject(), *big, *arr;
	char *s;

	big = cJSON_AddNumberToObject(o, "big", 12345678901234567890.0);
	node_set_number_text(big, "12345678901234567890", 20);
	cJSON_AddStringToObject(o, "s", "a\"b\\c\n\x01</script>");
	arr = cJSON_AddArrayToObject(o, "a");
	cJSON_AddItemToArray(arr, cJSON_CreateNull());
	cJSON_AddItemToArray(arr, cJSON_CreateFalse());
	cJSON_AddObjectToObject(o, "e");
	s = node_print(o, 0);
	assert_string_equal(s, "{\"big\":12345678901234567890,"
	                       "\"s\":\"a\\\"b\\\\c\\n\\u0001</script>\","
	                       "\"a\":[null,false],\"e\":{}}");
	free(s);
	s = node_print(arr, 1);
	assert_string_equal(s, "[\n  null,\n  false\n]");
	free(s);
	assert_int_equal(node_size(o), 4);
	assert_int_equal(node_size(big), 0);
	cJSON_Delete(o);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(lookup_is_case_sensitive),
	        cmocka_unit_test(lookup_answers_as_cjson),
	        cmocka_unit_test(text_keeps_number_lexeme),
	        cmocka_unit_test(print_uses_lexemes_and_escapes),
	};

	return cmocka_run_group_tests_name("node", tests, NULL, NULL);
}
