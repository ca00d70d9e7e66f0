/* Tests of the JSON loader: positions, lexemes, errors, limits. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>
#include <cJSON.h>

#include "util/diag.h"
#include "load/json_load.h"
#include "load/load_limits.h"
#include "util/node.h"
#include "load/srcmap.h"
#include "helpers.h"

static void
load_n(struct helpers_ld *l, const char *text, size_t len)
{
	helpers_ld_load(l, json_load_buffer, "t.json", text, len);
}

static void
load(struct helpers_ld *l, const char *text)
{
	load_n(l, text, strlen(text));
}

static void
load_file(struct helpers_ld *l, const char *name)
{
	helpers_ld_load_file(l, json_load_buffer, "t.json",
	                     TEST_DATA "/json_load", name);
}

/* The only diagnostic is an error; checks its rule and position. */
static const struct diag *
the_error(const struct helpers_ld *l, const char *rule, uint32_t line,
          uint32_t col)
{
	const struct diag *d;

	assert_int_equal(l->rc, -1);
	assert_int_equal(diag_count(l->diags), 1);
	d = diag_at(l->diags, 0);
	assert_int_equal(d->severity, DIAG_ERROR);
	assert_string_equal(d->rule, rule);
	assert_string_equal(d->file, "t.json");
	assert_int_equal(d->line, line);
	assert_int_equal(d->col, col);
	return d;
}

static void
positions_of_keys_and_values(void **state)
{
	struct helpers_ld l = {0};

	load_file(&l, "positions.json");
	assert_int_equal(l.rc, 0);
	assert_int_equal(diag_count(l.diags), 0);
	helpers_ld_check_pos(&l, "", 1, 1, 0, 0);
	helpers_ld_check_pos(&l, "asyncapi", 2, 15, 2, 3);
	helpers_ld_check_pos(&l, "info", 3, 11, 3, 3);
	helpers_ld_check_pos(&l, "info/title", 3, 21, 3, 12);
	helpers_ld_check_pos(&l, "info/version", 3, 40, 3, 29);
	helpers_ld_unload(&l);
}

static void
positions_in_nested_members(void **state)
{
	struct helpers_ld l = {0};
	const cJSON *ch;
	const struct srcpos *p;

	load_file(&l, "positions.json");
	assert_int_equal(l.rc, 0);
	/* "user/signedup" has a slash: fetch it by hand. */
	ch = cJSON_GetObjectItemCaseSensitive(helpers_at(l.root, "channels"),
	                                      "user/signedup");
	assert_non_null(ch);
	p = srcmap_get(l.map, ch);
	assert_non_null(p);
	assert_int_equal(p->line, 5);
	assert_int_equal(p->col, 22);
	assert_int_equal(p->key_line, 5);
	assert_int_equal(p->key_col, 5);
	p = srcmap_get(
	        l.map,
	        cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(ch, "tags"),
	                           2));
	assert_int_equal(p->line, 7);
	assert_int_equal(p->col, 44);
	assert_int_equal(p->key_line, 0);
	/* After "é😀" (2 code points, 6 bytes) the value is at column 9. */
	helpers_ld_check_pos(&l, "\xc3\xa9\xf0\x9f\x98\x80", 10, 9, 10, 3);
	helpers_ld_check_pos(&l, "emoji", 11, 12, 11, 3);
	assert_int_equal(srcmap_size(l.map), 14);
	assert_int_equal(l.left, LIMITS_DEFAULT_MAX_NODES - 14);
	helpers_ld_unload(&l);
}

static void
surrogate_pair_decodes(void **state)
{
	struct helpers_ld l = {0};

	load(&l, "{\"e\": \"\\ud83d\\ude00!\"}");
	assert_int_equal(l.rc, 0);
	assert_string_equal(helpers_at(l.root, "e")->valuestring,
	                    "\xf0\x9f\x98\x80!");
	helpers_ld_unload(&l);
}

static void
long_key_loads(void **state)
{
	struct helpers_ld l = {0};
	char *doc = malloc(2000 + 16), key[2001];

	assert_non_null(doc);
	memset(key, 'k', 2000);
	key[2000] = '\0';
	snprintf(doc, 2000 + 16, "{\"%s\": 1}", key);
	load(&l, doc);
	assert_int_equal(l.rc, 0);
	assert_int_equal(strlen(l.root->child->string), 2000);
	assert_string_equal(l.root->child->string, key);
	assert_int_equal(srcmap_get(l.map, l.root->child)->col, 2006);
	assert_int_equal(srcmap_get(l.map, l.root->child)->key_col, 2);
	helpers_ld_unload(&l);
	free(doc);
}

static void
number_lexemes_are_kept(void **state)
{
	struct helpers_ld l = {0};
	char *s;

	load(&l, "[12345678901234567890, 2.0, 1.10, -0.5e-3, 0, 1E+2]");
	assert_int_equal(l.rc, 0);
	assert_string_equal(helpers_at(l.root, "0")->valuestring,
	                    "12345678901234567890");
	assert_string_equal(helpers_at(l.root, "1")->valuestring, "2.0");
	assert_true(helpers_at(l.root, "1")->valuedouble == 2.0);
	s = node_print(l.root, 0);
	assert_string_equal(s,
	                    "[12345678901234567890,2.0,1.10,-0.5e-3,0,1E+2]");
	free(s);
	helpers_ld_unload(&l);
}

static void
syntax_errors_have_positions(void **state)
{
	struct helpers_ld l = {0};
	const struct diag *d;

	load(&l, "{\"a\": 1,\n \"b\": xyz}");
	d = the_error(&l, "json-syntax", 2, 7);
	assert_string_equal(d->message,
	                    "invalid JSON: expected a value (a string in double "
	                    "quotes, a number, {, [, true, false or null), "
	                    "found 'x'");
	helpers_ld_unload(&l);
	/* at the comma that should go */
	load(&l, "{\"a\": [1, 2,]}");
	d = the_error(&l, "json-syntax", 1, 12);
	assert_string_equal(d->message, "invalid JSON: a comma before ']': "
	                                "JSON allows no trailing comma");
	helpers_ld_unload(&l);
	/* where the comma should be: after the value, not at the next key */
	load(&l, "{\"a\": 1\n \"b\": 2}");
	d = the_error(&l, "json-syntax", 1, 8);
	assert_string_equal(d->message, "invalid JSON: expected ',' or '}' "
	                                "after a member, found '\"'");
	helpers_ld_unload(&l);
	load(&l, "[1,\n 2");
	d = the_error(&l, "json-syntax", 2, 3);
	assert_string_equal(d->message,
	                    "invalid JSON: expected ',' or ']' after an "
	                    "element, found the end of the file");
	helpers_ld_unload(&l);
	load(&l, "{\"a\": 1}}");
	the_error(&l, "json-syntax", 1, 9);
	helpers_ld_unload(&l);
	/* cJSON takes these; JSON does not. */
	load(&l, "{\"a\": 012}");
	d = the_error(&l, "json-syntax", 1, 7);
	assert_string_equal(d->message, "invalid JSON number '012'");
	helpers_ld_unload(&l);
	load_n(&l, "{}\0", 3);
	d = the_error(&l, "json-syntax", 1, 3);
	assert_string_equal(d->message,
	                    "invalid JSON: control byte 0x00 outside a string");
	helpers_ld_unload(&l);
}

/* Every object and array below n has valueint 0 (the loader's marks). */
static void
assert_no_marks(const cJSON *n)
{
	const cJSON *c;

	if (cJSON_IsObject(n) || cJSON_IsArray(n))
		assert_int_equal(n->valueint, 0);
	for (c = n->child; c != NULL; c = c->next)
		assert_no_marks(c);
}

static void
text_is_read_within_its_length(void **state)
{
	struct helpers_ld l = {0};
	const struct diag *d;
	char *s;

	/* What lies past the length is not part of the text. */
	load_n(&l, "[1, {\"a\": []}]xyz", 14);
	assert_int_equal(l.rc, 0);
	s = node_print(l.root, 0);
	assert_string_equal(s, "[1,{\"a\":[]}]");
	free(s);
	assert_no_marks(l.root);
	helpers_ld_unload(&l);
	/* After the value: white space, then what cJSON would skip. */
	load_n(&l, "{\"a\": 1} \x01", 10);
	d = the_error(&l, "json-syntax", 1, 10);
	assert_string_equal(d->message,
	                    "invalid JSON: control byte 0x01 outside a string");
	helpers_ld_unload(&l);
	load(&l, "[1, 2] x");
	d = the_error(&l, "json-syntax", 1, 8);
	assert_string_equal(d->message,
	                    "invalid JSON: unexpected 'x' after the document");
	helpers_ld_unload(&l);
	load(&l, "{\"a\": \"b");
	d = the_error(&l, "json-syntax", 1, 7);
	assert_string_equal(d->message,
	                    "invalid JSON: a string that is never closed");
	helpers_ld_unload(&l);
}

static void
empty_file_fails(void **state)
{
	struct helpers_ld l = {0};

	load(&l, "");
	the_error(&l, "json-empty", 1, 1);
	helpers_ld_unload(&l);
	load(&l, " \n\t ");
	the_error(&l, "json-empty", 1, 1);
	helpers_ld_unload(&l);
}

static void
duplicate_key_is_an_error(void **state)
{
	struct helpers_ld l = {0};
	const struct diag *d;

	load(&l, "{\"a\": {\"x\": 1,\n  \"x\": 2}}");
	d = the_error(&l, "json-duplicate-key", 2, 3);
	assert_string_equal(d->message, "duplicate key 'x' (first at line 1)");
	helpers_ld_unload(&l);
}

static char *
big_object(size_t n, size_t dup_at)
{
	char *buf = malloc(n * 28 + 8), *p = buf;
	size_t i;

	assert_non_null(buf);
	p += sprintf(p, "{\n");
	for (i = 0; i < n; i++)
		p += sprintf(p, "\"key%zu\": %zu%s\n", i == dup_at ? 7 : i, i,
		             i + 1 < n ? "," : "");
	sprintf(p, "}\n");
	return buf;
}

static void
large_object_loads_and_duplicate_is_found(void **state)
{
	struct helpers_ld l = {0};
	char *buf = big_object(5000, (size_t)-1);
	const struct diag *d;
	size_t small = helpers_ld_work(json_load_buffer, "t.json", buf);

	free(buf);
	buf = big_object(20000, (size_t)-1);
	load(&l, buf);
	assert_int_equal(l.rc, 0);
	assert_int_equal(node_size(l.root), 20000);
	helpers_ld_check_pos(&l, "key19999", 20001, 13, 20001, 1);
	/* key comparisons: one list scan per key would be 16 x */
	helpers_assert_linear(small, l.work, "bytes and key comparisons");
	helpers_ld_unload(&l);
	free(buf);
	buf = big_object(20000, 15000);
	load(&l, buf);
	d = the_error(&l, "json-duplicate-key", 15002, 1);
	assert_string_equal(d->message,
	                    "duplicate key 'key7' (first at line 9)");
	helpers_ld_unload(&l);
	free(buf);
}

static void
deep_nesting_stops_fast(void **state)
{
	struct helpers_ld l = {0};
	char *buf = malloc(100000 * 6 + 1), *p;
	const struct diag *d;
	size_t i;

	assert_non_null(buf);
	for (p = buf, i = 0; i < 100000; i++)
		p += sprintf(p, "{\"a\":");
	load(&l, buf);
	d = the_error(&l, "limit-depth", 1, 128 * 5 + 1);
	assert_string_equal(d->message,
	                    "nesting deeper than the limit of 128 levels");
	/* the pre-scan stopped at the limit, before cJSON saw 600,000 bytes */
	assert_int_equal(l.work, 128 * 5);
	helpers_ld_unload(&l);
	for (p = buf, i = 0; i < 100000; i++)
		*p++ = i % 2 ? '\n' : '[';
	*p = '\0';
	load(&l, buf);
	the_error(&l, "limit-depth", 129, 1);
	assert_int_equal(l.work, 128 * 2);
	helpers_ld_unload(&l);
	free(buf);
}

static void
brackets_in_strings_do_not_nest(void **state)
{
	struct helpers_ld l = {0};
	char *buf = malloc(1000 + 16);

	assert_non_null(buf);
	memset(buf, '[', 1000);
	buf[0] = '"';
	buf[1] = '\\';
	buf[2] = '"';
	strcpy(buf + 1000, "\"");
	load(&l, buf);
	assert_int_equal(l.rc, 0);
	assert_true(cJSON_IsString(l.root));
	assert_int_equal(strlen(l.root->valuestring), 998);
	helpers_ld_unload(&l);
	free(buf);
}

static void
depth_limit_is_exact(void **state)
{
	struct helpers_ld l = {0};

	l.lim = (struct limits)LIMITS_INIT;
	l.lim.max_depth = 3;
	load(&l, "[[[1]], {\"a\": {\"b\": 1}}]");
	assert_int_equal(l.rc, 0);
	helpers_ld_unload(&l);
	l.lim = (struct limits)LIMITS_INIT;
	l.lim.max_depth = 3;
	load(&l, "[[[1]], {\"a\": {\"b\": []}}]");
	the_error(&l, "limit-depth", 1, 21);
	helpers_ld_unload(&l);
}

static void
node_budget_is_enforced(void **state)
{
	struct helpers_ld l = {0};

	l.left = 4;
	load(&l, "[1, 2, 3]");
	assert_int_equal(l.rc, 0);
	assert_int_equal(l.left, 0);
	helpers_ld_unload(&l);
	l.left = 3;
	load(&l, "[1, 2, 3]");
	the_error(&l, "limit-nodes", 1, 8);
	helpers_ld_unload(&l);
}

static void
bom_and_crlf(void **state)
{
	struct helpers_ld l = {0};

	load(&l, "\xef\xbb\xbf{\"a\": 1,\r\n \"b\": [true,\r\n null]}");
	assert_int_equal(l.rc, 0);
	helpers_ld_check_pos(&l, "", 1, 1, 0, 0);
	helpers_ld_check_pos(&l, "a", 1, 7, 1, 2);
	helpers_ld_check_pos(&l, "b", 2, 7, 2, 2);
	helpers_ld_check_pos(&l, "b/1", 3, 2, 0, 0);
	helpers_ld_unload(&l);
}

static void
sniff_tells_json(void **state)
{
	assert_int_equal(json_load_sniff("  {\"a\":1}", 9), 1);
	assert_int_equal(json_load_sniff("\xef\xbb\xbf\n[1]", 7), 1);
	assert_int_equal(json_load_sniff("a: 1", 4), 0);
	assert_int_equal(json_load_sniff("   ", 3), 0);
	assert_int_equal(json_load_sniff("{", 0), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(positions_of_keys_and_values),
	        cmocka_unit_test(positions_in_nested_members),
	        cmocka_unit_test(surrogate_pair_decodes),
	        cmocka_unit_test(long_key_loads),
	        cmocka_unit_test(number_lexemes_are_kept),
	        cmocka_unit_test(syntax_errors_have_positions),
	        cmocka_unit_test(empty_file_fails),
	        cmocka_unit_test(duplicate_key_is_an_error),
	        cmocka_unit_test(large_object_loads_and_duplicate_is_found),
	        cmocka_unit_test(deep_nesting_stops_fast),
	        cmocka_unit_test(brackets_in_strings_do_not_nest),
	        cmocka_unit_test(depth_limit_is_exact),
	        cmocka_unit_test(node_budget_is_enforced),
	        cmocka_unit_test(bom_and_crlf),
	        cmocka_unit_test(text_is_read_within_its_length),
	        cmocka_unit_test(sniff_tells_json),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
