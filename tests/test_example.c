/*
 * Tests of example generation: one property test per fixture of
 * tests/data/example (the example validates against its schema with our
 * validator, and matches x-test-expect when given), then unit tests of the
 * rules, the limits and the Avro and branch APIs on hand-built trees.
 */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <cJSON.h>

#include "util/diag.h"
#include "render/example.h"
#include "check/jsonschema.h"
#include "load/loader.h"
#include "util/node.h"

/* ------------------------------------------------------------------ */
/* Helpers                                                             */

/* The compact JSON of a generated example (hand-built schema), freed by
 * the caller. */
static char *
gen_text(const char *schema_json, const char *format,
         const struct example_opts *opts)
{
	cJSON *s = cJSON_Parse(schema_json), *v = NULL;
	char *text;

	assert_non_null(s);
	assert_int_equal(example_generate(&v, NULL, s, format, opts), 0);
	assert_non_null(v);
	text = node_print(v, 0);
	assert_non_null(text);
	cJSON_Delete(v);
	cJSON_Delete(s);
	return text;
}

static void
expect_gen(const char *schema_json, const char *format, const char *want)
{
	char *got = gen_text(schema_json, format, NULL);

	if (strcmp(got, want) != 0)
		fail_msg("schema %s\n  got  %s\n  want %s", schema_json, got,
		         want);
	free(got);
}

static const cJSON *
ref_hook(void *ctx, const cJSON *ref)
{
	const cJSON *t = loader_deref(NULL, ctx, ref, NULL);

	return t != ref ? t : NULL;
}

/* 1 when v validates against schema (refs through doc, which may be
 * NULL); prints the errors otherwise. */
static int
validates(struct loader_doc *doc, const cJSON *schema, const cJSON *v)
{
	struct jsonschema_opts o = JSONSCHEMA_OPTS_INIT;
	struct jsonschema_result *r = NULL;
	struct jsonschema *js = NULL;
	const struct jsonschema_error *e;
	size_t i;
	int ok;

	if (doc != NULL) {
		o.ref = ref_hook;
		o.ref_ctx = doc;
	}
	assert_int_equal(jsonschema_new(&js, schema, &o, NULL), 0);
	assert_int_equal(jsonschema_validate(&r, js, v, NULL, NULL, NULL), 0);
	ok = jsonschema_result_valid(r);
	for (i = 0; !ok && i < jsonschema_result_count(r); i++) {
		e = jsonschema_result_error(r, i);
		print_message("#   %s: %s (%s)\n", e->instance_path, e->message,
		              e->schema_path);
	}
	jsonschema_result_free(r);
	jsonschema_free(js);
	return ok;
}

/* Depth of nested containers in v (a scalar is 0). */
static size_t
depth_of(const cJSON *v)
{
	const cJSON *c;
	size_t d = 0, k;

	if (!cJSON_IsObject(v) && !cJSON_IsArray(v))
		return 0;
	for (c = v->child; c != NULL; c = c->next)
		if ((k = depth_of(c)) > d)
			d = k;
	return d + 1;
}

static size_t
nodes_of(const cJSON *v)
{
	const cJSON *c;
	size_t k = 1;

	for (c = v->child; c != NULL; c = c->next)
		k += nodes_of(c);
	return k;
}

/* ------------------------------------------------------------------ */
/* Fixtures                                                            */

static void
fixture(void **state)
{
	const char *name = *state;
	struct loader_opts lo = LOADER_OPTS_INIT;
	struct diag_list *diags = diag_list_new();
	struct loader_doc *doc = NULL;
	struct example_set *set = NULL;
	const cJSON *root, *expect, *labels, *l;
	const char *format;
	cJSON *v = NULL, *v2 = NULL;
	char path[512], *got, *want, *again;
	int unsat;
	size_t i;

	assert_non_null(diags);
	snprintf(path, sizeof(path), "%s/example/%s", TEST_DATA, name);
	if (loader_load(&doc, path, &lo, diags) != 0)
		fail_msg("%s does not load", path);
	root = loader_root(doc);
	format = node_get_str(root, "x-test-format");
	unsat = node_get_bool(root, "x-test-unsatisfiable");
	assert_int_equal(example_generate(&v, doc, root, format, NULL), 0);
	assert_non_null(v);
	got = node_print(v, 0);
	print_message("# %s: %s\n", name, got);
	/* deterministic */
	assert_int_equal(example_generate(&v2, doc, root, format, NULL), 0);
	again = node_print(v2, 0);
	assert_string_equal(got, again);
	free(again);
	cJSON_Delete(v2);
	expect = node_get(root, "x-test-expect");
	if (expect != NULL) {
		want = node_print(expect, 0);
		if (strcmp(got, want) != 0)
			fail_msg("%s\n  got  %s\n  want %s", name, got, want);
		free(want);
	}
	if (format == NULL && !unsat && !validates(doc, root, v))
		fail_msg("%s: the example does not validate", name);
	labels = node_get(root, "x-test-branches");
	if (labels != NULL) {
		assert_int_equal(example_generate_branches(&set, doc, root,
		                                           format, NULL),
		                 0);
		assert_int_equal(set->n, node_size(labels));
		for (i = 0, l = labels->child; i < set->n; i++, l = l->next) {
			again = node_print(set->items[i].value, 0);
			print_message("#   %s: %s\n",
			              set->items[i].label ? set->items[i].label
			                                  : "(none)",
			              again);
			free(again);
			if (cJSON_IsNull(l))
				assert_null(set->items[i].label);
			else
				assert_string_equal(set->items[i].label,
				                    l->valuestring);
			if (format == NULL && !unsat &&
			    !validates(doc, root, set->items[i].value))
				fail_msg("%s: branch %zu does not validate",
				         name, i + 1);
		}
		example_set_free(set);
	}
	free(got);
	cJSON_Delete(v);
	loader_doc_free(doc);
	diag_list_free(diags);
}

static int
cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The fixture file names, sorted; *n set. */
static char **
fixture_names(size_t *n)
{
	char dir[512], **names = NULL;
	struct dirent *e;
	size_t len;
	DIR *d;

	*n = 0;
	snprintf(dir, sizeof(dir), "%s/example", TEST_DATA);
	d = opendir(dir);
	if (d == NULL)
		return NULL;
	while ((e = readdir(d)) != NULL) {
		len = strlen(e->d_name);
		if (!(len > 5 && strcmp(e->d_name + len - 5, ".yaml") == 0) &&
		    !(len > 5 && strcmp(e->d_name + len - 5, ".json") == 0))
			continue;
		names = realloc(names, (*n + 1) * sizeof(*names));
		names[(*n)++] = strdup(e->d_name);
	}
	closedir(d);
	qsort(names, *n, sizeof(*names), cmp_names);
	return names;
}

/* ------------------------------------------------------------------ */
/* Rules                                                               */

static void
given_values_win_in_order(void **state)
{
	(void)state;
	expect_gen(
	        "{\"type\":\"string\",\"examples\":[\"e\"],\"example\":\"x\","
	        "\"default\":\"d\",\"const\":\"c\",\"enum\":[\"n\"]}",
	        NULL, "\"e\"");
	expect_gen("{\"example\":\"x\",\"default\":\"d\",\"const\":\"c\"}",
	           NULL, "\"x\"");
	expect_gen("{\"default\":\"d\",\"const\":\"c\"}", NULL, "\"d\"");
	expect_gen("{\"const\":{\"a\":[1]},\"enum\":[2]}", NULL, "{\"a\":[1]}");
	expect_gen("{\"enum\":[2,3]}", NULL, "2");
	/* an empty examples array is no example */
	expect_gen("{\"type\":\"integer\",\"examples\":[]}", NULL, "0");
	/* a default of null is a value when null is allowed */
	expect_gen("{\"type\":[\"string\",\"null\"],\"default\":null}", NULL,
	           "null");
	expect_gen("{\"type\":\"string\",\"nullable\":true,\"example\":null}",
	           NULL, "null");
	/* a given value of the wrong type is passed over */
	expect_gen("{\"type\":\"string\",\"default\":null}", NULL,
	           "\"string\"");
	expect_gen("{\"type\":\"boolean\",\"default\":\"false\"}", NULL,
	           "true");
	expect_gen("{\"type\":\"object\",\"example\":\"{a: 1}\",\"default\":"
	           "{\"a\":1}}",
	           NULL, "{\"a\":1}");
	expect_gen("{\"type\":\"integer\",\"examples\":[1.5],\"enum\":[3]}",
	           NULL, "3");
	/* const and enum are kept even when they contradict the type */
	expect_gen("{\"type\":\"object\",\"enum\":[\"asc\"]}", NULL, "\"asc\"");
}

static void
types_and_guesses(void **state)
{
	(void)state;
	expect_gen("{\"type\":\"boolean\"}", NULL, "true");
	expect_gen("{\"type\":\"null\"}", NULL, "null");
	expect_gen("{\"type\":[\"null\",\"string\"]}", NULL, "\"string\"");
	expect_gen("{\"type\":[\"null\"]}", NULL, "null");
	expect_gen("{}", NULL, "null");
	expect_gen("true", NULL, "null");
	expect_gen("false", NULL, "null");
	expect_gen("{\"properties\":{\"a\":{\"type\":\"integer\"}}}", NULL,
	           "{\"a\":0}");
	expect_gen("{\"items\":{\"type\":\"integer\"}}", NULL, "[0]");
	expect_gen("{\"maxLength\":3}", NULL, "\"str\"");
	expect_gen("{\"minimum\":2.5}", NULL, "2.5");
	expect_gen("{\"format\":\"int64\"}", NULL, "0");
	expect_gen("{\"format\":\"date\"}", NULL, "\"2024-01-15\"");
	/* integer wins over number when both are declared */
	expect_gen("{\"allOf\":[{\"type\":\"number\"},{\"type\":\"integer\","
	           "\"minimum\":0.5}]}",
	           NULL, "1");
	/* an array without items has minItems items */
	expect_gen("{\"type\":\"array\"}", NULL, "[]");
	expect_gen("{\"type\":\"array\",\"minItems\":2}", NULL, "[null,null]");
	/* unresolved ref: anything */
	expect_gen("{\"$ref\":\"#/nowhere\"}", NULL, "null");
}

static void
numbers_respect_bounds(void **state)
{
	static const struct {
		const char *schema, *want;
	} t[] = {
	        {"{\"type\":\"number\",\"minimum\":-7.5,\"maximum\":-2}", "-2"},
	        {"{\"type\":\"integer\",\"minimum\":-7.5,\"maximum\":-2}",
	         "-2"},
	        {"{\"type\":\"integer\",\"minimum\":0.5}", "1"},
	        {"{\"type\":\"integer\",\"exclusiveMinimum\":0}", "1"},
	        {"{\"type\":\"integer\",\"minimum\":0,\"exclusiveMinimum\":"
	         "true}",
	         "1"},
	        {"{\"type\":\"integer\",\"maximum\":0,\"exclusiveMaximum\":"
	         "true}",
	         "-1"},
	        {"{\"type\":\"number\",\"exclusiveMinimum\":1,"
	         "\"exclusiveMaximum\":1.5}",
	         "1.25"},
	        {"{\"type\":\"number\",\"multipleOf\":0.1,\"minimum\":0.25}",
	         "0.3"},
	        {"{\"type\":\"number\",\"multipleOf\":0.01,"
	         "\"exclusiveMinimum\":"
	         "0}",
	         "0.01"},
	        {"{\"type\":\"number\",\"multipleOf\":3,\"maximum\":-1}", "-3"},
	        {"{\"type\":\"integer\",\"multipleOf\":0.4,\"minimum\":1}",
	         "2"},
	        {"{\"type\":\"integer\",\"minimum\":1e20}",
	         "100000000000000000000"},
	        {"{\"type\":\"number\",\"minimum\":1e-7}", "1e-07"},
	        /* the tightest bound of allOf wins */
	        {"{\"allOf\":[{\"minimum\":3},{\"minimum\":5},{\"type\":"
	         "\"integer\"}]}",
	         "5"},
	};
	cJSON *s, *v;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		expect_gen(t[i].schema, NULL, t[i].want);
		s = cJSON_Parse(t[i].schema);
		assert_int_equal(example_generate(&v, NULL, s, NULL, NULL), 0);
		/* the value carries its text, and validates (draft-06+) */
		assert_non_null(v->valuestring);
		if (strstr(t[i].schema, "true") == NULL &&
		    !validates(NULL, s, v))
			fail_msg("%s", t[i].schema);
		cJSON_Delete(v);
		cJSON_Delete(s);
	}
}

static void
patterns_are_generated_and_checked(void **state)
{
	static const struct {
		const char *pattern, *want;
	} t[] = {
	        {"^abc$", "abc"},
	        {"^[A-Z]{2}\\d{3}$", "AB123"},
	        {"^(foo|bar)+baz?$", "fooba"},
	        {"^\\p{L}+$", "string"},   /* unsupported: plain */
	        {"^(a)\\1$", "string"},    /* back reference: plain */
	        {"^(?!x).{3}$", "string"}, /* lookahead: plain */
	        {"^[^\\w]{2}$", "  "},
	        {"^\\u0041\\x42\\cJ?C$", "ABC"},
	        {"^a{3}b{2,}c{1,2}$", "aaabbc"},
	        {"^\\bword\\b$", "word"},
	        {"((((a))))", "a"},
	        {"[", "string"}, /* invalid: plain (the validator ignores it) */
	        {"^[\\d-]{3}$", "123"},
	        {"^[\\u00e0-\\u00ff]$", "\xc3\xa0"},
	        {"^(?:)*x$", "x"},
	};
	char schema[256], want[64], *got;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		cJSON *s = cJSON_CreateObject();
		char *js;

		cJSON_AddStringToObject(s, "type", "string");
		cJSON_AddStringToObject(s, "pattern", t[i].pattern);
		js = cJSON_PrintUnformatted(s);
		snprintf(schema, sizeof(schema), "%s", js);
		free(js);
		cJSON_Delete(s);
		snprintf(want, sizeof(want), "\"%s\"", t[i].want);
		got = gen_text(schema, NULL, NULL);
		if (strcmp(got, want) != 0)
			fail_msg("pattern %s: got %s, want %s", t[i].pattern,
			         got, want);
		free(got);
	}
}

static void
pattern_with_lengths_tries_longer_and_shorter(void **state)
{
	(void)state;
	expect_gen("{\"type\":\"string\",\"pattern\":\"^a*$\",\"minLength\":5}",
	           NULL, "\"aaaaaaaa\"");
	expect_gen("{\"type\":\"string\",\"pattern\":\"^a?b*$\","
	           "\"maxLength\":0}",
	           NULL, "\"\"");
	/* a huge repetition is cut by max_string: falls back to plain */
	expect_gen("{\"type\":\"string\",\"pattern\":\"^a{5000}$\"}", NULL,
	           "\"string\"");
	/* a pattern the generator cannot meet with a format: the format */
	expect_gen("{\"type\":\"string\",\"format\":\"email\",\"pattern\":"
	           "\"@example\\\\.org$\"}",
	           NULL, "\"user@example.com\"");
	/* a lookahead: plain, even though it does not match */
	expect_gen("{\"type\":\"string\",\"pattern\":"
	           "\"^(?=.*[A-Z])[A-Za-z]{8}$\"}",
	           NULL, "\"string\"");
	/* nested zero-width repetitions stop on the step budget */
	expect_gen("{\"type\":\"string\",\"pattern\":"
	           "\"^((((((((){99}){99}){99}){99}){99}){99}){99})x$\"}",
	           NULL, "\"string\"");
}

static void
every_format_value_validates(void **state)
{
	static const char *const f[] = {
	        "date-time", "date",          "time",
	        "duration",  "email",         "idn-email",
	        "hostname",  "idn-hostname",  "ipv4",
	        "ipv6",      "uri",           "uri-reference",
	        "iri",       "iri-reference", "uri-template",
	        "uuid",      "json-pointer",  "relative-json-pointer",
	        "regex",     "byte",          "binary",
	        "password"};
	char schema[128];
	cJSON *s, *v;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(f) / sizeof(f[0]); i++) {
		snprintf(schema, sizeof(schema),
		         "{\"type\":\"string\",\"format\":\"%s\"}", f[i]);
		s = cJSON_Parse(schema);
		assert_int_equal(example_generate(&v, NULL, s, NULL, NULL), 0);
		assert_true(cJSON_IsString(v));
		assert_string_not_equal(v->valuestring, "string");
		if (!validates(NULL, s, v))
			fail_msg("format %s: %s", f[i], v->valuestring);
		cJSON_Delete(v);
		cJSON_Delete(s);
	}
}

static void
unique_items_differ(void **state)
{
	(void)state;
	expect_gen("{\"type\":\"array\",\"uniqueItems\":true,\"minItems\":3,"
	           "\"items\":{\"format\":\"uuid\"}}",
	           NULL,
	           "[\"3fa85f64-5717-4562-b3fc-2c963f66afa6\","
	           "\"3fa85f64-5717-4562-b3fc-000000000001\","
	           "\"3fa85f64-5717-4562-b3fc-000000000002\"]");
	expect_gen("{\"type\":\"array\",\"uniqueItems\":true,\"minItems\":2,"
	           "\"items\":{\"type\":\"number\",\"multipleOf\":0.5,"
	           "\"minimum\":1}}",
	           NULL, "[1,1.5]");
	expect_gen(
	        "{\"type\":\"array\",\"uniqueItems\":true,\"minItems\":2,"
	        "\"items\":{\"type\":\"string\",\"pattern\":\"^[a-c]{2}$\"}}",
	        NULL, "[\"ab\",\"bc\"]");
	/* without uniqueItems the items are alike */
	expect_gen("{\"type\":\"array\",\"minItems\":2,\"items\":{\"enum\":[1,"
	           "2]}}",
	           NULL, "[1,1]");
}

static void
local_refs_and_cycles_in_hand_built_trees(void **state)
{
	(void)state;
	expect_gen("{\"definitions\":{\"a\":{\"type\":\"integer\",\"minimum\":"
	           "3},\"b~/c\":{\"$ref\":\"#/definitions/a\"}},"
	           "\"$ref\":\"#/definitions/b~0~1c\"}",
	           NULL, "3");
	/* a linked list: the optional next is left out */
	expect_gen(
	        "{\"definitions\":{\"l\":{\"type\":\"object\",\"properties\":"
	        "{\"v\":{\"type\":\"integer\"},\"next\":{\"$ref\":"
	        "\"#/definitions/l\"}}}},\"$ref\":\"#/definitions/l\"}",
	        NULL, "{\"v\":0}");
	/* required recursion stops with {} */
	expect_gen("{\"type\":\"object\",\"required\":[\"me\"],\"properties\":{"
	           "\"me\":{\"$ref\":\"#\"}}}",
	           NULL, "{\"me\":{}}");
	/* a ref loop through allOf ends */
	expect_gen("{\"definitions\":{\"a\":{\"allOf\":[{\"$ref\":"
	           "\"#/definitions/b\"}],\"type\":\"string\"},"
	           "\"b\":{\"allOf\":[{\"$ref\":\"#/definitions/a\"}],"
	           "\"maxLength\":2}},\"$ref\":\"#/definitions/a\"}",
	           NULL, "\"st\"");
	/* the same inline node met again (through items of itself) */
	expect_gen("{\"definitions\":{\"x\":{\"type\":\"array\",\"minItems\":1,"
	           "\"items\":{\"$ref\":\"#/definitions/x\"}}},"
	           "\"$ref\":\"#/definitions/x\"}",
	           NULL, "[[]]");
}

static void
depth_limit_stops_deep_schemas(void **state)
{
	struct example_opts o = EXAMPLE_OPTS_INIT;
	char *buf, *p;
	size_t i, n = 200;
	cJSON *s, *v;

	(void)state;
	/* 200 nested required objects, inline (no refs) */
	buf = malloc(n * 64 + 64);
	p = buf;
	for (i = 0; i < n; i++)
		p += sprintf(p, "{\"type\":\"object\",\"required\":[\"a\"],"
		                "\"properties\":{\"a\":");
	p += sprintf(p, "{\"type\":\"integer\"}");
	for (i = 0; i < n; i++)
		p += sprintf(p, "}}");
	s = cJSON_Parse(buf);
	assert_non_null(s);
	assert_int_equal(example_generate(&v, NULL, s, NULL, NULL), 0);
	assert_int_equal(depth_of(v), EXAMPLE_DEFAULT_MAX_DEPTH + 1);
	cJSON_Delete(v);
	o.max_depth = 3;
	assert_int_equal(example_generate(&v, NULL, s, NULL, &o), 0);
	p = node_print(v, 0);
	assert_string_equal(p, "{\"a\":{\"a\":{\"a\":{}}}}");
	free(p);
	cJSON_Delete(v);
	cJSON_Delete(s);
	free(buf);
}

static void
size_limits_bound_hostile_schemas(void **state)
{
	struct example_opts o = EXAMPLE_OPTS_INIT;
	cJSON *s, *props, *v;
	char name[32], *text;
	size_t i;

	(void)state;
	/* 1000 properties: 128 kept, the required one among them */
	s = cJSON_CreateObject();
	props = cJSON_AddObjectToObject(s, "properties");
	for (i = 0; i < 1000; i++) {
		snprintf(name, sizeof(name), "p%zu", i);
		cJSON_AddObjectToObject(props, name);
	}
	cJSON_AddItemToObject(s, "required", cJSON_CreateArray());
	cJSON_AddItemToArray(cJSON_GetObjectItem(s, "required"),
	                     cJSON_CreateString("p999"));
	assert_int_equal(example_generate(&v, NULL, s, NULL, NULL), 0);
	assert_int_equal(node_size(v), EXAMPLE_DEFAULT_MAX_PROPS);
	assert_non_null(node_get(v, "p999"));
	assert_non_null(node_get(v, "p0"));
	assert_null(node_get(v, "p127"));
	cJSON_Delete(v);
	cJSON_Delete(s);

	/* minItems 10^9 at every level: items and nodes are capped */
	s = cJSON_Parse(
	        "{\"definitions\":{\"a\":{\"type\":\"array\","
	        "\"minItems\":1000000000,\"items\":{\"type\":\"array\","
	        "\"minItems\":1000000000,\"items\":{\"type\":\"array\","
	        "\"minItems\":1000000000,\"items\":{\"type\":\"array\","
	        "\"minItems\":1000000000,\"items\":{\"type\":\"string\","
	        "\"minLength\":1000000000}}}}}},"
	        "\"$ref\":\"#/definitions/a\"}");
	assert_int_equal(example_generate(&v, NULL, s, NULL, NULL), 0);
	assert_true(nodes_of(v) <= EXAMPLE_DEFAULT_MAX_NODES + 1);
	/* the budget is spent depth first: the first item is whole */
	assert_int_equal(node_size(v->child), EXAMPLE_DEFAULT_MAX_ITEMS);
	assert_true(node_size(v) < EXAMPLE_DEFAULT_MAX_ITEMS);
	text = node_print(v->child->child->child->child, 0);
	assert_int_equal(strlen(text), EXAMPLE_DEFAULT_MAX_STRING + 2);
	free(text);
	cJSON_Delete(v);
	o.max_nodes = 50;
	o.max_items = 3;
	o.max_string = 4;
	assert_int_equal(example_generate(&v, NULL, s, NULL, &o), 0);
	assert_true(nodes_of(v) <= 51);
	assert_int_equal(node_size(v->child), 3);
	cJSON_Delete(v);
	cJSON_Delete(s);
}

static void
object_extras(void **state)
{
	(void)state;
	/* required names without a property schema */
	expect_gen("{\"type\":\"object\",\"required\":[\"b\",\"a\"],"
	           "\"properties\":{\"a\":{\"type\":\"integer\"}}}",
	           NULL, "{\"a\":0,\"b\":null}");
	expect_gen("{\"type\":\"object\",\"required\":[\"b\"],"
	           "\"additionalProperties\":{\"type\":\"boolean\"}}",
	           NULL, "{\"b\":true}");
	/* maps */
	expect_gen("{\"type\":\"object\",\"additionalProperties\":{\"type\":"
	           "\"string\"}}",
	           NULL, "{\"additionalProp1\":\"string\"}");
	expect_gen(
	        "{\"type\":\"object\",\"minProperties\":2,"
	        "\"patternProperties\":{\"^[0-9]+$\":{\"type\":\"integer\"}}}",
	        NULL, "{\"0\":0,\"additionalProp1\":null}");
	/* an allOf member closed by additionalProperties: false keeps the
	 * optional properties of the others out */
	expect_gen(
	        "{\"allOf\":[{\"properties\":{\"a\":{\"type\":\"integer\"}},"
	        "\"additionalProperties\":false},{\"properties\":{\"b\":{}}}]}",
	        NULL, "{\"a\":0}");
	/* maxProperties keeps the required ones */
	expect_gen("{\"type\":\"object\",\"maxProperties\":1,\"required\":"
	           "[\"z\"],\"properties\":{\"a\":{},\"z\":{\"const\":1}}}",
	           NULL, "{\"z\":1}");
	/* properties merged across allOf, in order of appearance */
	expect_gen("{\"allOf\":[{\"properties\":{\"b\":{\"type\":\"string\"}}},"
	           "{\"properties\":{\"a\":{\"type\":\"integer\"},\"b\":"
	           "{\"maxLength\":2}}}]}",
	           NULL, "{\"b\":\"st\",\"a\":0}");
}

static void
combinators_pick_first_real_branch(void **state)
{
	(void)state;
	expect_gen("{\"oneOf\":[{\"type\":\"null\"},{\"type\":\"integer\"}]}",
	           NULL, "0");
	expect_gen("{\"anyOf\":[{\"type\":\"string\"},{\"type\":\"integer\"}]}",
	           NULL, "\"string\"");
	expect_gen("{\"oneOf\":[{\"type\":\"null\"}]}", NULL, "null");
	/* not, if/then/else are ignored */
	expect_gen("{\"type\":\"integer\",\"not\":{\"const\":0},\"if\":{},"
	           "\"then\":{\"minimum\":4}}",
	           NULL, "0");
}

static void
branches_have_labels(void **state)
{
	struct example_set *set;
	cJSON *s;
	char *t;

	(void)state;
	s = cJSON_Parse(
	        "{\"definitions\":{\"Cat\":{\"type\":\"object\","
	        "\"properties\":{\"meow\":{\"const\":true}}},"
	        "\"named\":{\"title\":\"Named one\",\"type\":\"integer\"}},"
	        "\"anyOf\":[{\"$ref\":\"#/definitions/Cat\"},"
	        "{\"$ref\":\"#/definitions/named\"},{\"type\":\"string\"},"
	        "{\"$ref\":\"other.yaml\"},{\"$ref\":\"dir/x.v1.json#\"}]}");
	assert_int_equal(example_generate_branches(&set, NULL, s, NULL, NULL),
	                 0);
	assert_int_equal(set->n, 5);
	assert_string_equal(set->items[0].label, "Cat");
	t = node_print(set->items[0].value, 0);
	assert_string_equal(t, "{\"meow\":true}");
	free(t);
	assert_string_equal(set->items[1].label, "Named one");
	assert_string_equal(set->items[2].label, "option 3");
	assert_string_equal(set->items[3].label, "other");
	assert_string_equal(set->items[4].label, "x");
	assert_true(cJSON_IsNull(set->items[3].value));
	example_set_free(set);
	cJSON_Delete(s);

	/* no branches: one unlabelled example */
	s = cJSON_Parse("{\"type\":\"integer\"}");
	assert_int_equal(example_generate_branches(&set, NULL, s, NULL, NULL),
	                 0);
	assert_int_equal(set->n, 1);
	assert_null(set->items[0].label);
	example_set_free(set);
	cJSON_Delete(s);

	/* an unsupported format: empty set; max_branches caps */
	s = cJSON_Parse("{\"oneOf\":[{},{},{},{}]}");
	assert_int_equal(example_generate_branches(
	                         &set, NULL, s,
	                         "application/raml+yaml;version=1.0", NULL),
	                 0);
	assert_int_equal(set->n, 0);
	example_set_free(set);
	{
		struct example_opts o = EXAMPLE_OPTS_INIT;

		o.max_branches = 2;
		assert_int_equal(
		        example_generate_branches(&set, NULL, s, NULL, &o), 0);
		assert_int_equal(set->n, 2);
		example_set_free(set);
	}
	cJSON_Delete(s);
}

static void
formats_are_recognised(void **state)
{
	cJSON *s = cJSON_Parse("{\"type\":\"integer\"}"), *v;

	(void)state;
	assert_int_equal(
	        example_generate(&v, NULL, s,
	                         "application/vnd.google.protobuf;version=3",
	                         NULL),
	        0);
	assert_null(v);
	assert_int_equal(example_generate(&v, NULL, NULL, NULL, NULL), 0);
	assert_null(v);
	assert_int_equal(
	        example_generate(
	                &v, NULL, s,
	                "application/vnd.aai.asyncapi+yaml;version=3.0.0",
	                NULL),
	        0);
	assert_non_null(v);
	cJSON_Delete(v);
	assert_int_equal(
	        example_generate(&v, NULL, s,
	                         "APPLICATION/SCHEMA+JSON;version=draft-07",
	                         NULL),
	        0);
	assert_non_null(v);
	cJSON_Delete(v);
	cJSON_Delete(s);
}

static void
avro_records_and_unions(void **state)
{
	static const char *avro = "application/vnd.apache.avro;version=1.9.0";

	(void)state;
	expect_gen("\"string\"", avro, "\"string\"");
	expect_gen("[\"null\",\"int\"]", avro, "0");
	expect_gen("{\"type\":\"record\",\"name\":\"L\",\"fields\":["
	           "{\"name\":\"v\",\"type\":\"int\"},"
	           "{\"name\":\"next\",\"type\":[\"null\",\"L\"]},"
	           "{\"name\":\"again\",\"type\":[\"L\",\"null\"]},"
	           "{\"name\":\"d\",\"type\":\"double\",\"default\":1.5}]}",
	           avro, "{\"v\":0,\"next\":null,\"again\":null,\"d\":1.5}");
	/* recursion with no way out stops with null */
	expect_gen("{\"type\":\"record\",\"name\":\"R\",\"fields\":["
	           "{\"name\":\"r\",\"type\":\"R\"}]}",
	           avro, "{\"r\":null}");
	expect_gen("{\"type\":\"map\",\"values\":{\"type\":\"array\",\"items\":"
	           "{\"type\":\"long\",\"logicalType\":\"timestamp-micros\"}}}",
	           avro, "{\"key\":[1705329000000000]}");
	expect_gen("{\"type\":\"enum\",\"name\":\"E\",\"symbols\":[]}", avro,
	           "null");
}

static void
avro_fixed_is_capped(void **state)
{
	struct example_opts o = EXAMPLE_OPTS_INIT;
	cJSON *s = cJSON_Parse("{\"type\":\"fixed\",\"name\":\"F\",\"size\":"
	                       "100000000}"),
	      *v;

	(void)state;
	o.max_string = 8;
	assert_int_equal(example_generate(&v, NULL, s,
	                                  "application/vnd.apache.avro+json",
	                                  &o),
	                 0);
	assert_string_equal(v->valuestring, "aaaaaaaa");
	cJSON_Delete(v);
	cJSON_Delete(s);
}

static void
copy_follows_refs(void **state)
{
	cJSON *tree, *v;
	char *t;

	(void)state;
	tree = cJSON_Parse(
	        "{\"a\":{\"$ref\":\"#/b\"},\"b\":[1,{\"$ref\":\"#\"}]}");
	assert_int_equal(example_copy(&v, NULL, tree, NULL), 0);
	t = node_print(v, 0);
	/* the inner "#" would copy the whole tree again: it stays a ref */
	assert_string_equal(t, "{\"a\":[1,{\"$ref\":\"#\"}],"
	                       "\"b\":[1,{\"$ref\":\"#\"}]}");
	free(t);
	cJSON_Delete(v);
	assert_int_equal(example_copy(&v, NULL, NULL, NULL), 0);
	assert_null(v);
	cJSON_Delete(tree);
}

int
main(void)
{
	static const struct CMUnitTest unit[] = {
	        cmocka_unit_test(given_values_win_in_order),
	        cmocka_unit_test(types_and_guesses),
	        cmocka_unit_test(numbers_respect_bounds),
	        cmocka_unit_test(patterns_are_generated_and_checked),
	        cmocka_unit_test(pattern_with_lengths_tries_longer_and_shorter),
	        cmocka_unit_test(every_format_value_validates),
	        cmocka_unit_test(unique_items_differ),
	        cmocka_unit_test(local_refs_and_cycles_in_hand_built_trees),
	        cmocka_unit_test(depth_limit_stops_deep_schemas),
	        cmocka_unit_test(size_limits_bound_hostile_schemas),
	        cmocka_unit_test(object_extras),
	        cmocka_unit_test(combinators_pick_first_real_branch),
	        cmocka_unit_test(branches_have_labels),
	        cmocka_unit_test(formats_are_recognised),
	        cmocka_unit_test(avro_records_and_unions),
	        cmocka_unit_test(avro_fixed_is_capped),
	        cmocka_unit_test(copy_follows_refs),
	};
	struct CMUnitTest *tests;
	size_t n, i, nu = sizeof(unit) / sizeof(unit[0]);
	char **names = fixture_names(&n);
	int rc;

	if (n == 0) {
		fprintf(stderr, "no fixtures in %s/example\n", TEST_DATA);
		return 1;
	}
	tests = calloc(n + nu, sizeof(*tests));
	for (i = 0; i < n; i++) {
		tests[i].name = names[i];
		tests[i].test_func = fixture;
		tests[i].initial_state = names[i];
	}
	memcpy(tests + n, unit, sizeof(unit));
	rc = _cmocka_run_group_tests("example", tests, n + nu, NULL, NULL);
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	free(tests);
	return rc;
}
