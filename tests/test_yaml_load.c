/* Tests of the YAML loader: positions, scalar rules, aliases, limits. */
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
#include "load/load_limits.h"
#include "util/node.h"
#include "load/srcmap.h"
#include "helpers.h"
#include "load/yaml_load.h"

static void
load_n(struct helpers_ld *l, const char *text, size_t len)
{
	helpers_ld_load(l, yaml_load_buffer, "t.yaml", text, len);
}

static void
load(struct helpers_ld *l, const char *text)
{
	load_n(l, text, strlen(text));
}

static void
load_file(struct helpers_ld *l, const char *name)
{
	helpers_ld_load_file(l, yaml_load_buffer, "t.yaml",
	                     TEST_DATA "/yaml_load", name);
}

/* The only error diagnostic; checks its rule and position. */
static const struct diag *
the_error(const struct helpers_ld *l, const char *rule, uint32_t line,
          uint32_t col)
{
	const struct diag *d = NULL;
	size_t i;

	assert_int_equal(l->rc, -1);
	assert_int_equal(diag_count_at_least(l->diags, DIAG_ERROR), 1);
	for (i = 0; i < diag_count(l->diags); i++)
		if (diag_at(l->diags, i)->severity == DIAG_ERROR)
			d = diag_at(l->diags, i);
	assert_non_null(d);
	assert_string_equal(d->rule, rule);
	assert_string_equal(d->file, "t.yaml");
	if (line != 0) {
		assert_int_equal(d->line, line);
		assert_int_equal(d->col, col);
	}
	return d;
}

static const char *
text_of(const struct helpers_ld *l, const char *path)
{
	static char buf[64];
	const cJSON *n = helpers_at(l->root, path);

	assert_non_null(n);
	return node_text(n, buf, sizeof(buf));
}

/* ------------------------------------------------------------- positions */

static void
block_and_flow_positions(void **state)
{
	struct helpers_ld l = {0};

	load_file(&l, "positions.yaml");
	assert_int_equal(l.rc, 0);
	assert_int_equal(diag_count(l.diags), 0);
	helpers_ld_check_pos(&l, "", 2, 1, 0, 0);
	helpers_ld_check_pos(&l, "asyncapi", 2, 11, 2, 1);
	helpers_ld_check_pos(&l, "info", 4, 3, 3, 1);
	helpers_ld_check_pos(&l, "info/title", 4, 10, 4, 3);
	helpers_ld_check_pos(&l, "info/version", 5, 12, 5, 3);
	helpers_ld_check_pos(&l, "servers", 7, 3, 6, 1);
	helpers_ld_check_pos(&l, "servers/0", 7, 5, 0, 0);
	helpers_ld_check_pos(&l, "servers/0/port", 8, 11, 8, 5);
	helpers_ld_check_pos(&l, "flow", 9, 7, 9, 1);
	helpers_ld_check_pos(&l, "flow/a", 9, 11, 9, 8);
	helpers_ld_check_pos(&l, "flow/list", 9, 29, 9, 23);
	helpers_ld_check_pos(&l, "flow/list/1", 9, 36, 0, 0);
	helpers_ld_check_pos(&l, "200", 10, 6, 10, 1);
	helpers_ld_check_pos(&l, "text", 11, 7, 11, 1);
	assert_string_equal(helpers_at(l.root, "text")->valuestring,
	                    "line one\nline two\n");
	/* The line before holds the 2-code-point, 6-byte key "é😀". */
	helpers_ld_check_pos(&l, "flow/\xc3\xa9\xf0\x9f\x98\x80", 9, 20, 9, 14);
	assert_int_equal(srcmap_size(l.map), 17);
	assert_int_equal(l.left, LIMITS_DEFAULT_MAX_NODES - 17);
	helpers_ld_unload(&l);
}

static void
columns_count_code_points(void **state)
{
	struct helpers_ld l = {0};

	/* 'é' is 2 bytes, '😀' 4 bytes: the value is at column 9. */
	load(&l, "k: [\xc3\xa9\xf0\x9f\x98\x80, 7]\n");
	assert_int_equal(l.rc, 0);
	helpers_ld_check_pos(&l, "k/1", 1, 9, 0, 0);
	helpers_ld_unload(&l);
}

/* ----------------------------------------------------------- scalar rules */

struct rule_case {
	const char *yaml;    /* the value as written */
	int type;            /* cJSON_String, cJSON_Number, ... */
	const char *text;    /* node_text() */
	const char *warning; /* expected warning rule, or NULL */
};

static void
scalar_rules_table(void **state)
{
	static const struct rule_case cases[] = {
	        {"yes", cJSON_String, "yes", "yaml-11-boolean"},
	        {"on", cJSON_String, "on", "yaml-11-boolean"},
	        {"No", cJSON_String, "No", "yaml-11-boolean"},
	        {"OFF", cJSON_String, "OFF", "yaml-11-boolean"},
	        {"y", cJSON_String, "y", "yaml-11-boolean"},
	        {"'yes'", cJSON_String, "yes", NULL},
	        {"!!str yes", cJSON_String, "yes", NULL},
	        {"true", cJSON_True, "true", NULL},
	        {"False", cJSON_False, "false", NULL},
	        {"TRUE", cJSON_True, "true", NULL},
	        {"2.0", cJSON_Number, "2.0", NULL},
	        {"1.10", cJSON_Number, "1.10", NULL},
	        {"\"2.0\"", cJSON_String, "2.0", NULL},
	        {"'quoted 2.0'", cJSON_String, "quoted 2.0", NULL},
	        {"012", cJSON_Number, "12", NULL},
	        {"0x1F", cJSON_Number, "31", NULL},
	        {"0o17", cJSON_Number, "15", NULL},
	        {"-42", cJSON_Number, "-42", NULL},
	        {"+7", cJSON_Number, "7", NULL},
	        {"1e3", cJSON_Number, "1e3", NULL},
	        {".5", cJSON_Number, "0.5", NULL},
	        {"-2.0", cJSON_Number, "-2.0", NULL},
	        {"12345678901234567890", cJSON_Number, "12345678901234567890",
	         NULL},
	        {"~", cJSON_NULL, "null", NULL},
	        {"null", cJSON_NULL, "null", NULL},
	        {"NULL", cJSON_NULL, "null", NULL},
	        {"", cJSON_NULL, "null", NULL},
	        {"'~'", cJSON_String, "~", NULL},
	        {".inf", cJSON_String, ".inf", "yaml-non-json-number"},
	        {"-.inf", cJSON_String, "-.inf", "yaml-non-json-number"},
	        {".nan", cJSON_String, ".nan", "yaml-non-json-number"},
	        {"1_000", cJSON_String, "1_000", NULL},
	        {"2001-12-14", cJSON_String, "2001-12-14", NULL},
	        {"190:20:30", cJSON_String, "190:20:30", NULL},
	        {"0x", cJSON_String, "0x", NULL},
	        {"0o8", cJSON_String, "0o8", NULL},
	        {"1.2.3", cJSON_String, "1.2.3", NULL},
	        {"! 12", cJSON_String, "12", NULL},
	        {"!!int \"42\"", cJSON_Number, "42", NULL},
	        {"!!float 1", cJSON_Number, "1", NULL},
	        {"!!bool true", cJSON_True, "true", NULL},
	        {"!!null ''", cJSON_NULL, "null", NULL},
	};
	char doc[128];
	struct helpers_ld l;
	const cJSON *v;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		memset(&l, 0, sizeof(l));
		snprintf(doc, sizeof(doc), "v: %s\n", cases[i].yaml);
		load(&l, doc);
		if (l.rc != 0)
			fail_msg("%s: did not load", doc);
		v = helpers_at(l.root, "v");
		assert_non_null(v);
		if ((v->type & 0xff) != cases[i].type)
			fail_msg("%s: type %d, expected %d", cases[i].yaml,
			         v->type & 0xff, cases[i].type);
		assert_string_equal(text_of(&l, "v"), cases[i].text);
		if (cases[i].warning == NULL) {
			if (diag_count(l.diags) != 0)
				fail_msg("%s: unexpected %s", cases[i].yaml,
				         diag_at(l.diags, 0)->rule);
		} else {
			assert_int_equal(diag_count(l.diags), 1);
			assert_string_equal(diag_at(l.diags, 0)->rule,
			                    cases[i].warning);
			assert_int_equal(diag_at(l.diags, 0)->severity,
			                 DIAG_WARNING);
			assert_int_equal(diag_at(l.diags, 0)->line, 1);
			assert_int_equal(diag_at(l.diags, 0)->col, 4);
		}
		helpers_ld_unload(&l);
	}
}

static void
numbers_print_as_written(void **state)
{
	struct helpers_ld l = {0};
	char *s;

	load(&l, "a: 2.0\nb: [1.10, 012, 0x10]\n");
	assert_int_equal(l.rc, 0);
	assert_string_equal(helpers_at(l.root, "a")->valuestring, "2.0");
	assert_true(helpers_at(l.root, "a")->valuedouble == 2.0);
	assert_true(helpers_at(l.root, "b/1")->valuedouble == 12.0);
	assert_true(helpers_at(l.root, "b/2")->valuedouble == 16.0);
	s = node_print(l.root, 0);
	assert_string_equal(s, "{\"a\":2.0,\"b\":[1.10,12,16]}");
	free(s);
	helpers_ld_unload(&l);
}

static void
keys_are_their_source_text(void **state)
{
	struct helpers_ld l = {0};
	const cJSON *c;
	static const char *const keys[] = {"200", "true", "~", "1.10",
	                                   "on",  "0x1F", ""};
	size_t i = 0;

	load(&l, "200: a\ntrue: b\n~: c\n1.10: d\non: e\n0x1F: f\n'': g\n");
	assert_int_equal(l.rc, 0);
	/* `on` as a key is not warned about: keys are strings anyway. */
	assert_int_equal(diag_count(l.diags), 0);
	for (c = l.root->child; c != NULL; c = c->next, i++) {
		assert_true(i < sizeof(keys) / sizeof(keys[0]));
		assert_string_equal(c->string, keys[i]);
	}
	assert_int_equal(i, 7);
	helpers_ld_unload(&l);
}

static void
equal_keys_and_short_values_share_one_string(void **state)
{
	struct helpers_ld l = {0};
	const char *type;
	char doc[400], longv[81];
	cJSON *dup;

	memset(longv, 'v', 80);
	longv[80] = '\0';
	snprintf(doc, sizeof(doc),
	         "a: {type: string, format: x}\n"
	         "b: {format: y, type: string}\n"
	         "c: [{type: integer}]\n"
	         "d: %s\n"
	         "e: %s\n",
	         longv, longv);
	load(&l, doc);
	assert_int_equal(l.rc, 0);
	/* One copy of each key, the map's, never freed by cJSON. */
	type = srcmap_intern(l.map, "type", 4);
	assert_ptr_equal(helpers_at(l.root, "a/type")->string, type);
	assert_ptr_equal(helpers_at(l.root, "b/type")->string, type);
	assert_ptr_equal(helpers_at(l.root, "c/0/type")->string, type);
	assert_true(helpers_at(l.root, "c/0/type")->type & cJSON_StringIsConst);
	assert_ptr_equal(helpers_at(l.root, "a/format")->string,
	                 helpers_at(l.root, "b/format")->string);
	/* Short values too; they are strings all the same. */
	assert_ptr_equal(helpers_at(l.root, "a/type")->valuestring,
	                 helpers_at(l.root, "b/type")->valuestring);
	assert_true(cJSON_IsString(helpers_at(l.root, "a/type")));
	assert_string_equal(helpers_at(l.root, "a/type")->valuestring,
	                    "string");
	assert_ptr_not_equal(helpers_at(l.root, "a/type")->valuestring,
	                     helpers_at(l.root, "c/0/type")->valuestring);
	/* Long values are the node's own. */
	assert_string_equal(helpers_at(l.root, "d")->valuestring, longv);
	assert_ptr_not_equal(helpers_at(l.root, "d")->valuestring,
	                     helpers_at(l.root, "e")->valuestring);
	/* A copy owns copies of the values and shares the keys. */
	dup = cJSON_Duplicate(l.root, 1);
	assert_non_null(dup);
	assert_true(cJSON_Compare(dup, l.root, 1));
	assert_ptr_equal(helpers_at(dup, "a/type")->string, type);
	assert_ptr_not_equal(helpers_at(dup, "a/type")->valuestring,
	                     helpers_at(l.root, "a/type")->valuestring);
	cJSON_Delete(dup);
	helpers_ld_unload(&l);
}

static void
sibling_maps_keep_their_own_keys(void **state)
{
	struct helpers_ld l = {0};
	char *s;

	/* Same keys, other orders, fewer and more keys than the last map. */
	load(&l, "- {a: 1, b: 2}\n- {b: 3, a: 4}\n- {a: 5, b: 6, c: 7}\n"
	         "- {c: 8}\n- {a: {a: {a: 9}}}\n");
	assert_int_equal(l.rc, 0);
	s = node_print(l.root, 0);
	assert_string_equal(s, "[{\"a\":1,\"b\":2},{\"b\":3,\"a\":4},"
	                       "{\"a\":5,\"b\":6,\"c\":7},{\"c\":8},"
	                       "{\"a\":{\"a\":{\"a\":9}}}]");
	free(s);
	helpers_ld_unload(&l);
	/* A repeated key is found whatever the last sibling had there. */
	load(&l, "- {a: 1, b: 2, c: 3}\n- {a: 1, b: 2, c: 3}\n"
	         "- {a: 1, b: 2, a: 3}\n");
	assert_string_equal(the_error(&l, "yaml-duplicate-key", 3, 16)->message,
	                    "duplicate key 'a' (first at line 3)");
	helpers_ld_unload(&l);
	/* Keys end at a NUL, as C strings do. */
	load(&l, "\"a\\0b\": 1\n\"a\\0c\": 2\n");
	the_error(&l, "yaml-duplicate-key", 2, 1);
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
containers_have_valueint_zero(void **state)
{
	struct helpers_ld l = {0};

	load(&l, "x: &a {k: [1, {m: 2}]}\ny: *a\nz: [*a, *a, {<<: *a, n: 3}]\n"
	         "w: [[*a]]\n");
	assert_int_equal(l.rc, 0);
	assert_int_equal(helpers_at(l.root, "z/1/k/1/m")->valueint, 2);
	assert_no_marks(l.root);
	helpers_ld_unload(&l);
}

/* ---------------------------------------------------------------- aliases */

static void
alias_copies_keep_positions(void **state)
{
	struct helpers_ld l = {0};

	load_file(&l, "aliases.yaml");
	assert_int_equal(l.rc, 0);
	helpers_ld_check_pos(&l, "components/base", 2, 9, 2, 3);
	helpers_ld_check_pos(&l, "components/base/props/id", 5, 11, 5, 7);
	/* The copy's root sits at the alias, its children at the anchor. */
	helpers_ld_check_pos(&l, "components/twice", 6, 10, 6, 3);
	helpers_ld_check_pos(&l, "components/twice/type", 3, 11, 3, 5);
	helpers_ld_check_pos(&l, "components/twice/props", 5, 7, 4, 5);
	helpers_ld_check_pos(&l, "components/twice/props/id", 5, 11, 5, 7);
	helpers_ld_check_pos(&l, "components/items/0", 8, 7, 0, 0);
	helpers_ld_check_pos(&l, "components/items/0/props/id", 5, 11, 5, 7);
	helpers_ld_check_pos(&l, "components/who", 10, 8, 10, 3);
	assert_string_equal(helpers_at(l.root, "components/who")->valuestring,
	                    "Alice");
	/* A copy, not a shared node. */
	assert_ptr_not_equal(helpers_at(l.root, "components/twice/props"),
	                     helpers_at(l.root, "components/base/props"));
	assert_null(helpers_at(l.root, "components/items/0")->string);
	/* 17 nodes, alias copies included. */
	assert_int_equal(l.left, LIMITS_DEFAULT_MAX_NODES - 17);
	helpers_ld_unload(&l);
}

static void
nested_alias_copies_are_complete(void **state)
{
	struct helpers_ld l = {0};

	load(&l, "a: &a {x: 1}\n"
	         "b: &b\n"
	         "  in: *a\n"
	         "  list: [*a, *a]\n"
	         "c: *b\n"
	         "m:\n"
	         "  <<: *b\n"
	         "  own: 1\n"
	         "s:\n"
	         "  <<: [*a, &q {y: 2}]\n"
	         "t: *q\n");
	assert_int_equal(l.rc, 0);
	helpers_ld_check_pos(&l, "c", 5, 4, 5, 1);
	helpers_ld_check_pos(&l, "c/list", 4, 9, 4, 3);
	helpers_ld_check_pos(&l, "c/list/1", 4, 14, 0, 0);
	helpers_ld_check_pos(&l, "c/list/1/x", 1, 11, 1, 8);
	helpers_ld_check_pos(&l, "m/in/x", 1, 11, 1, 8);
	helpers_ld_check_pos(&l, "m/list/0/x", 1, 11, 1, 8);
	helpers_ld_check_pos(&l, "s/x", 1, 11, 1, 8);
	helpers_ld_check_pos(&l, "s/y", 10, 19, 10, 16);
	helpers_ld_check_pos(&l, "t/y", 10, 19, 10, 16);
	assert_int_equal(node_size(helpers_at(l.root, "m")), 3);
	assert_true(cJSON_IsObject(helpers_at(l.root, "c/in")));
	/* The merge sequence (5 nodes) was built too: 38 in all. */
	assert_int_equal(l.left, LIMITS_DEFAULT_MAX_NODES - 38);
	helpers_ld_unload(&l);
}

static void
alias_as_key_uses_anchor_text(void **state)
{
	struct helpers_ld l = {0};

	load(&l, "a: &k name\n*k : 1\n&j other: 2\nc: *j\n");
	assert_int_equal(l.rc, 0);
	assert_int_equal(helpers_at(l.root, "name")->valueint, 1);
	assert_string_equal(helpers_at(l.root, "c")->valuestring, "other");
	helpers_ld_check_pos(&l, "c", 4, 4, 4, 1);
	helpers_ld_unload(&l);
}

static void
unknown_and_recursive_aliases_fail(void **state)
{
	struct helpers_ld l = {0};

	load(&l, "a: 1\nb: *nope\n");
	the_error(&l, "yaml-unknown-anchor", 2, 4);
	helpers_ld_unload(&l);
	load(&l, "a: &x\n  b: [1, *x]\n");
	the_error(&l, "yaml-recursive-alias", 2, 10);
	helpers_ld_unload(&l);
	load(&l, "a: &x [1]\n*x : 2\n");
	the_error(&l, "yaml-complex-key", 2, 1);
	helpers_ld_unload(&l);
}

/* ------------------------------------------------------------- merge keys */

static void
merge_keys_follow_js_yaml(void **state)
{
	struct helpers_ld l = {0};
	const cJSON *c;
	const char *order[] = {"w", "x", "z", "type", "y"};
	size_t i = 0;

	load_file(&l, "merge.yaml");
	assert_int_equal(l.rc, 0);
	assert_int_equal(diag_count(l.diags), 0);
	/* Single map: the explicit key wins though written before <<. */
	assert_string_equal(text_of(&l, "single/y"), "9");
	assert_string_equal(text_of(&l, "single/x"), "1");
	assert_string_equal(text_of(&l, "single/type"), "object");
	assert_null(helpers_at(l.root, "single/<<"));
	helpers_ld_check_pos(&l, "single/x", 3, 6, 3, 3);
	/* Sequence: earlier maps win over later ones. */
	assert_string_equal(text_of(&l, "seq/x"), "2");
	assert_string_equal(text_of(&l, "seq/z"), "2");
	assert_string_equal(text_of(&l, "seq/y"), "1");
	for (c = helpers_at(l.root, "seq")->child; c != NULL; c = c->next, i++)
		assert_string_equal(c->string, order[i]);
	assert_int_equal(i, 5);
	helpers_ld_check_pos(&l, "seq/x", 6, 6, 6, 3);
	assert_string_equal(text_of(&l, "inline/k"), "v");
	helpers_ld_check_pos(&l, "inline/k", 15, 11, 15, 8);
	assert_int_equal(node_size(helpers_at(l.root, "inline")), 1);
	helpers_ld_unload(&l);
}

static void
explicit_key_after_merge_wins(void **state)
{
	struct helpers_ld l = {0};

	load(&l, "b: &b {x: 1, y: 1}\nm:\n  <<: *b\n  x: 2\n");
	assert_int_equal(l.rc, 0);
	assert_string_equal(text_of(&l, "m/x"), "2");
	assert_string_equal(text_of(&l, "m/y"), "1");
	assert_int_equal(node_size(helpers_at(l.root, "m")), 2);
	helpers_ld_unload(&l);
}

static void
bad_merge_values_fail(void **state)
{
	struct helpers_ld l = {0};

	load(&l, "m:\n  <<: 3\n");
	the_error(&l, "yaml-bad-merge", 2, 7);
	helpers_ld_unload(&l);
	load(&l, "a: &a [1]\nm:\n  <<: *a\n");
	the_error(&l, "yaml-bad-merge", 3, 7);
	helpers_ld_unload(&l);
	load(&l, "a: &a {x: 1}\nm:\n  <<: [*a, 2]\n");
	the_error(&l, "yaml-bad-merge", 3, 12);
	helpers_ld_unload(&l);
}

/* ---------------------------------------------------------------- errors */

static void
duplicate_key_is_an_error(void **state)
{
	struct helpers_ld l = {0};
	const struct diag *d;

	load_file(&l, "dup.yaml");
	d = the_error(&l, "yaml-duplicate-key", 4, 3);
	assert_string_equal(d->message,
	                    "duplicate key 'title' (first at line 2)");
	helpers_ld_unload(&l);
	/* Long keys are cut at a character boundary in the message. */
	{
		char key[256], doc[600], want[128], *p = key;
		int i;

		p += sprintf(p, "x");
		for (i = 0; i < 100; i++)
			p += sprintf(p, "\xc3\xa9");
		snprintf(doc, sizeof(doc), "%s: 1\n%s: 2\n", key, key);
		load(&l, doc);
		p = want + sprintf(want, "duplicate key 'x");
		for (i = 0; i < 35; i++)
			p += sprintf(p, "\xc3\xa9");
		sprintf(p, "...' (first at line 1)");
		d = the_error(&l, "yaml-duplicate-key", 2, 1);
		assert_string_equal(d->message, want);
		helpers_ld_unload(&l);
	}
	/* Quoted or plain, the text is the key. */
	load(&l, "{a: 1, 'a': 2}");
	the_error(&l, "yaml-duplicate-key", 1, 8);
	helpers_ld_unload(&l);
}

static char *
big_map(size_t n, size_t dup_at)
{
	char *buf = malloc(n * 24 + 1), *p = buf;
	size_t i;

	assert_non_null(buf);
	for (i = 0; i < n; i++)
		p += sprintf(p, "key%zu: %zu\n", i == dup_at ? 7 : i, i);
	return buf;
}

static void
large_map_loads_and_duplicate_is_found(void **state)
{
	struct helpers_ld l = {0};
	char *buf = big_map(5000, (size_t)-1);
	const struct diag *d;
	size_t small = helpers_ld_work(yaml_load_buffer, "t.yaml", buf);

	free(buf);
	buf = big_map(20000, (size_t)-1);
	load(&l, buf);
	assert_int_equal(l.rc, 0);
	assert_int_equal(node_size(l.root), 20000);
	assert_string_equal(text_of(&l, "key19999"), "19999");
	helpers_ld_check_pos(&l, "key19999", 20000, 11, 20000, 1);
	/* key comparisons: one list scan per key would be 16 x */
	helpers_assert_linear(small, l.work, "events and key comparisons");
	helpers_ld_unload(&l);
	free(buf);
	buf = big_map(20000, 15000);
	load(&l, buf);
	d = the_error(&l, "yaml-duplicate-key", 15001, 1);
	assert_string_equal(d->message,
	                    "duplicate key 'key7' (first at line 8)");
	helpers_ld_unload(&l);
	free(buf);
}

static void
unsupported_tags_fail(void **state)
{
	struct helpers_ld l = {0};
	const struct diag *d;

	load(&l, "a: !!binary aGVsbG8=\n");
	d = the_error(&l, "yaml-unsupported-tag", 1, 4);
	assert_string_equal(d->message, "unsupported tag '!!binary'");
	helpers_ld_unload(&l);
	load(&l, "a: !custom x\n");
	d = the_error(&l, "yaml-unsupported-tag", 1, 4);
	assert_string_equal(d->message, "unsupported tag '!custom'");
	helpers_ld_unload(&l);
	load(&l, "a: !!set {x: ~}\n");
	the_error(&l, "yaml-unsupported-tag", 1, 4);
	helpers_ld_unload(&l);
	load(&l, "a: !!int abc\n");
	d = the_error(&l, "yaml-bad-tagged-value", 1, 4);
	assert_string_equal(d->message, "'abc' is not a valid !!int");
	helpers_ld_unload(&l);
	load(&l, "a: !!map {x: 1}\nb: !!seq [1]\n");
	assert_int_equal(l.rc, 0);
	helpers_ld_unload(&l);
}

static void
multi_document_fails(void **state)
{
	struct helpers_ld l = {0};

	load(&l, "a: 1\n---\nb: 2\n");
	the_error(&l, "yaml-multi-document", 2, 1);
	helpers_ld_unload(&l);
}

static void
empty_file_fails(void **state)
{
	struct helpers_ld l = {0};
	const struct diag *d;

	load(&l, "");
	d = the_error(&l, "yaml-empty", 1, 1);
	assert_string_equal(d->message, "the file is empty");
	helpers_ld_unload(&l);
	load(&l, "# only a comment\n\n");
	the_error(&l, "yaml-empty", 1, 1);
	helpers_ld_unload(&l);
}

static void
syntax_errors_have_positions(void **state)
{
	struct helpers_ld l = {0};
	const struct diag *d;

	load(&l, "a:\n  b: c: d\n");
	d = the_error(&l, "yaml-syntax", 2, 7);
	assert_string_equal(d->message,
	                    "mapping values are not allowed in this context");
	helpers_ld_unload(&l);
	load(&l, "a: 1\n- b\n");
	d = the_error(&l, "yaml-syntax", 2, 1);
	assert_string_equal(d->message,
	                    "did not find expected key (while parsing a block "
	                    "mapping at line 1, column 1)");
	helpers_ld_unload(&l);
	load(&l, "a: [1, 2\n");
	the_error(&l, "yaml-syntax", 2, 1);
	helpers_ld_unload(&l);
	/* Invalid UTF-8: a reader error, placed by its byte offset. */
	load(&l, "a: 1\nb: \"\xff\"\n");
	d = the_error(&l, "yaml-syntax", 2, 5);
	assert_string_equal(d->message,
	                    "invalid leading UTF-8 octet (byte 0xff)");
	helpers_ld_unload(&l);
}

static void
complex_keys_fail(void **state)
{
	struct helpers_ld l = {0};

	load(&l, "? [a, b]\n: 1\n");
	the_error(&l, "yaml-complex-key", 1, 3);
	helpers_ld_unload(&l);
	load(&l, "{a: 1}: 2\n");
	the_error(&l, "yaml-complex-key", 1, 1);
	helpers_ld_unload(&l);
}

/* ---------------------------------------------------------------- limits */

static void
alias_bomb_stops_fast(void **state)
{
	static const char *const bomb =
	        "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
	        "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
	        "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
	        "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
	        "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\n"
	        "f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
	        "g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]\n"
	        "h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]\n"
	        "i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h]\n";
	struct helpers_ld l = {0};

	load(&l, bomb);
	/* f holds 597,871 nodes: its first alias in g does not fit. */
	the_error(&l, "limit-nodes", 7, 8);
	/*
	 * About 100 (93 events, a few key comparisons), no copy made:
	 * expanding before checking would copy 597,871 nodes.
	 */
	assert_in_range(l.work, 93, 200);
	helpers_ld_unload(&l);
	/* A small budget stops even earlier: 11 + 1 + 8 * 10 nodes fit. */
	l.left = 100;
	load(&l, bomb);
	the_error(&l, "limit-nodes", 2, 40);
	helpers_ld_unload(&l);
}

static void
alias_budget_is_exact(void **state)
{
	struct helpers_ld l = {0};

	/* 1 root + 3 + a (3 nodes) + its copy (3 nodes) = 7. */
	l.left = 7;
	load(&l, "a: &a [1, 2]\nb: *a\n");
	assert_int_equal(l.rc, 0);
	assert_int_equal(l.left, 0);
	helpers_ld_unload(&l);
	l.left = 6;
	load(&l, "a: &a [1, 2]\nb: *a\n");
	the_error(&l, "limit-nodes", 2, 4);
	helpers_ld_unload(&l);
}

static char *
repeat(const char *head, size_t n, const char *tail)
{
	size_t hl = strlen(head), tl = strlen(tail), i;
	char *buf = malloc(hl * n + tl + 1);

	assert_non_null(buf);
	for (i = 0; i < n; i++)
		memcpy(buf + i * hl, head, hl);
	memcpy(buf + n * hl, tail, tl + 1);
	return buf;
}

static void
deep_flow_nesting_stops_fast(void **state)
{
	struct helpers_ld l = {0};
	char *buf = repeat("[", 100000, "");
	const struct diag *d;

	load(&l, buf);
	d = the_error(&l, "limit-depth", 1, 129);
	assert_string_equal(d->message,
	                    "nesting deeper than the limit of 128 levels");
	/* stopped at the limit, not at the end of 100,000 levels */
	assert_in_range(l.work, 129, 131);
	helpers_ld_unload(&l);
	free(buf);
}

static void
deep_block_nesting_stops_fast(void **state)
{
	struct helpers_ld l = {0};
	char *buf, *p;
	size_t i;

	/* Block sequences: "- - - ... x" on one line. */
	buf = repeat("- ", 100000, "x\n");
	load(&l, buf);
	the_error(&l, "limit-depth", 1, 257);
	assert_in_range(l.work, 129, 131);
	helpers_ld_unload(&l);
	free(buf);
	/* Block mappings by indentation, one space deeper per level. */
	buf = malloc(3000 * 3000 / 2 + 3000 * 8);
	assert_non_null(buf);
	for (p = buf, i = 0; i < 3000; i++) {
		memset(p, ' ', i);
		p += i;
		p += sprintf(p, "k:\n");
	}
	load(&l, buf);
	/* The 129th mapping starts at its first key: line 129. */
	the_error(&l, "limit-depth", 129, 129);
	assert_in_range(l.work, 129, 2 * 131);
	helpers_ld_unload(&l);
	free(buf);
	/* Explicit keys nest block mappings on one line. */
	buf = repeat("? ", 100000, "x\n");
	load(&l, buf);
	the_error(&l, "yaml-complex-key", 1, 3);
	assert_in_range(l.work, 1, 10);
	helpers_ld_unload(&l);
	free(buf);
}

static void
depth_limit_counts_alias_copies(void **state)
{
	struct helpers_ld l = {0};

	l.lim = (struct limits)LIMITS_INIT;
	l.lim.max_depth = 4;
	load(&l, "a: &a [[1]]\nb: [*a]\n");
	assert_int_equal(l.rc, 0);
	helpers_ld_unload(&l);
	l.lim = (struct limits)LIMITS_INIT;
	l.lim.max_depth = 4;
	load(&l, "a: &a [[1]]\nb: [[*a]]\n");
	the_error(&l, "limit-depth", 2, 6);
	helpers_ld_unload(&l);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(block_and_flow_positions),
	        cmocka_unit_test(columns_count_code_points),
	        cmocka_unit_test(scalar_rules_table),
	        cmocka_unit_test(numbers_print_as_written),
	        cmocka_unit_test(keys_are_their_source_text),
	        cmocka_unit_test(alias_copies_keep_positions),
	        cmocka_unit_test(nested_alias_copies_are_complete),
	        cmocka_unit_test(alias_as_key_uses_anchor_text),
	        cmocka_unit_test(unknown_and_recursive_aliases_fail),
	        cmocka_unit_test(merge_keys_follow_js_yaml),
	        cmocka_unit_test(explicit_key_after_merge_wins),
	        cmocka_unit_test(bad_merge_values_fail),
	        cmocka_unit_test(duplicate_key_is_an_error),
	        cmocka_unit_test(large_map_loads_and_duplicate_is_found),
	        cmocka_unit_test(unsupported_tags_fail),
	        cmocka_unit_test(multi_document_fails),
	        cmocka_unit_test(empty_file_fails),
	        cmocka_unit_test(syntax_errors_have_positions),
	        cmocka_unit_test(complex_keys_fail),
	        cmocka_unit_test(alias_bomb_stops_fast),
	        cmocka_unit_test(alias_budget_is_exact),
	        cmocka_unit_test(deep_flow_nesting_stops_fast),
	        cmocka_unit_test(deep_block_nesting_stops_fast),
	        cmocka_unit_test(depth_limit_counts_alias_copies),
	        cmocka_unit_test(equal_keys_and_short_values_share_one_string),
	        cmocka_unit_test(sibling_maps_keep_their_own_keys),
	        cmocka_unit_test(containers_have_valueint_zero),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
