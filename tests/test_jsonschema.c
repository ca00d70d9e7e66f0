/*
 * Tests of the draft-07 validator (src/jsonschema.h): keywords, the
 * patterns of the AsyncAPI schemas, messages and closest-branch reports,
 * instance refs through the deref callback, and hostile input.
 */
#include "config.h"

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
#include "helpers.h"
#include "check/jsonschema.h"
#include "util/node.h"

/* JSON text with ' for " (no ' inside strings), parsed or the test fails. */
static cJSON *
J(const char *text)
{
	char *s = strdup(text), *p;
	cJSON *j;

	assert_non_null(s);
	for (p = s; *p; p++)
		if (*p == '\'')
			*p = '"';
	j = cJSON_Parse(s);
	free(s);
	assert_non_null(j);
	return j;
}

static struct jsonschema *
compile(const cJSON *schema)
{
	struct jsonschema *js = NULL;

	assert_int_equal(jsonschema_new(&js, schema, NULL, NULL), 0);
	assert_non_null(js);
	return js;
}

/* Validates text against schema text; returns the result (caller frees). */
static struct jsonschema_result *
run(struct jsonschema *js, const cJSON *inst)
{
	struct jsonschema_result *r = NULL;

	assert_int_equal(jsonschema_validate(&r, js, inst, NULL, NULL, NULL),
	                 0);
	assert_non_null(r);
	/* the quick check must always agree */
	assert_int_equal(jsonschema_check(js, inst, NULL, NULL, NULL),
	                 jsonschema_result_valid(r));
	return r;
}

/* 1 when inst (text) is valid against schema (text). */
static int
valid(const char *schema, const char *inst)
{
	cJSON *s = J(schema), *i = J(inst);
	struct jsonschema *js = compile(s);
	struct jsonschema_result *r = run(js, i);
	int ok = jsonschema_result_valid(r);

	jsonschema_result_free(r);
	jsonschema_free(js);
	cJSON_Delete(i);
	cJSON_Delete(s);
	return ok;
}

/* The only error's message (the test fails unless there is exactly one). */
static char *
only_message(const char *schema, const char *inst)
{
	cJSON *s = J(schema), *i = J(inst);
	struct jsonschema *js = compile(s);
	struct jsonschema_result *r = run(js, i);
	char *msg;

	assert_int_equal(jsonschema_result_count(r), 1);
	msg = strdup(jsonschema_result_error(r, 0)->message);
	jsonschema_result_free(r);
	jsonschema_free(js);
	cJSON_Delete(i);
	cJSON_Delete(s);
	return msg;
}

#define assert_message(schema, inst, want)                                     \
	do {                                                                   \
		char *m_ = only_message(schema, inst);                         \
		assert_string_equal(m_, want);                                 \
		free(m_);                                                      \
	} while (0)

/* Cost checks count work (jsonschema_result_work), not time. */
#define assert_linear(small, big) helpers_assert_linear(small, big, "steps")

/* Steps of a validation of inst against js. */
static size_t
steps_of(const struct jsonschema *js, const cJSON *inst,
         jsonschema_deref_fn deref, void *ctx)
{
	struct jsonschema_result *r = NULL;
	size_t n;

	assert_int_equal(jsonschema_validate(&r, js, inst, NULL, deref, ctx),
	                 0);
	n = jsonschema_result_work(r).steps;
	jsonschema_result_free(r);
	return n;
}

/* ---------------------------------------------------------- keywords */

static void
type_and_integer(void **state)
{
	assert_true(valid("{'type':'integer'}", "1"));
	assert_true(valid("{'type':'integer'}", "1.0"));
	assert_false(valid("{'type':'integer'}", "1.5"));
	assert_true(valid("{'type':'number'}", "1"));
	assert_true(valid("{'type':['string','null']}", "null"));
	assert_false(valid("{'type':'object'}", "[]"));
	assert_message("{'type':'string'}", "5", "must be string, got integer");
	assert_message("{'type':['string','null']}", "5.5",
	               "must be string or null, got number");
	assert_message("{'type':['object','array','boolean']}", "'x'",
	               "must be object, array or boolean, got string");
}

static void
enum_and_const_deep_equality(void **state)
{
	assert_true(valid("{'const':{'a':[1,2]}}", "{'a':[1.0,2]}"));
	assert_false(valid("{'const':{'a':[1,2]}}", "{'a':[2,1]}"));
	assert_true(valid("{'const':{'a':1,'b':2}}", "{'b':2,'a':1}"));
	assert_true(valid("{'const':null}", "null"));
	assert_false(valid("{'const':null}", "0"));
	assert_true(valid("{'enum':[1,'a',{'x':[]}]}", "{'x':[]}"));
	assert_false(valid("{'enum':[false]}", "0"));
	assert_message("{'enum':['send','receive']}", "'recieve'",
	               "must be one of: 'send', 'receive'; got 'recieve' (did "
	               "you mean 'receive'?)");
	assert_message("{'const':'mqtt'}", "'amqp'",
	               "must be 'mqtt', got 'amqp'");
}

static void
number_keywords(void **state)
{
	assert_true(valid("{'multipleOf':0.01}", "0.07"));
	assert_true(valid("{'multipleOf':0.0001}", "0.0075"));
	assert_false(valid("{'multipleOf':0.0001}", "0.00751"));
	assert_true(valid("{'multipleOf':2}", "10"));
	assert_false(valid("{'multipleOf':0.123456789}", "1e308"));
	assert_message("{'multipleOf':1.5}", "35",
	               "must be a multiple of 1.5, got 35");
	assert_message("{'maximum':3}", "3.5", "must be at most 3, got 3.5");
	assert_message("{'exclusiveMaximum':3}", "3",
	               "must be less than 3, got 3");
	assert_message("{'minimum':1.1}", "1", "must be at least 1.1, got 1");
	assert_message("{'exclusiveMinimum':0}", "0",
	               "must be greater than 0, got 0");
	/* strings are no numbers: number keywords do not apply */
	assert_true(valid("{'maximum':3}", "'99'"));
}

static void
string_length_counts_code_points(void **state)
{
	cJSON *s = J("{'maxLength':2,'minLength':2}");
	cJSON *ok = cJSON_CreateString("\xc3\xa9\xf0\x9f\x98\x80"); /* é😀 */
	cJSON *bad = cJSON_CreateString("abc");
	struct jsonschema *js = compile(s);
	struct jsonschema_result *r;

	r = run(js, ok);
	assert_true(jsonschema_result_valid(r));
	jsonschema_result_free(r);
	r = run(js, bad);
	assert_int_equal(jsonschema_result_count(r), 1);
	assert_string_equal(jsonschema_result_error(r, 0)->message,
	                    "must be at most 2 characters long, got 3");
	jsonschema_result_free(r);
	jsonschema_free(js);
	cJSON_Delete(s);
	cJSON_Delete(ok);
	cJSON_Delete(bad);
	assert_message("{'minLength':1}", "''", "must not be empty");
}

static void
required_and_error_fields(void **state)
{
	cJSON *s = J("{'properties':{'info':{'type':'object',"
	             "'required':['title','version']}}}");
	cJSON *i = J("{'info':{'version':'1'}}");
	struct jsonschema *js = compile(s);
	struct jsonschema_result *r = run(js, i);
	const struct jsonschema_error *e;

	assert_int_equal(jsonschema_result_count(r), 1);
	e = jsonschema_result_error(r, 0);
	assert_string_equal(e->message, "must have required property 'title'");
	assert_string_equal(e->instance_path, "/info");
	assert_string_equal(e->keyword, "required");
	assert_string_equal(e->schema_path, "#/properties/info/required");
	assert_string_equal(e->rule, "schema-required");
	assert_ptr_equal(e->instance,
	                 cJSON_GetObjectItemCaseSensitive(i, "info"));
	assert_int_equal(e->on_key, 0);
	assert_null(e->note);
	assert_int_equal(e->nrefs, 0);
	jsonschema_result_free(r);
	jsonschema_free(js);
	cJSON_Delete(i);
	cJSON_Delete(s);
}

static void
additional_properties_messages(void **state)
{
	cJSON *s = J("{'properties':{'a':{},'b':{},'c':{}},"
	             "'additionalProperties':false}");
	cJSON *i = J("{'a':1,'foo':2}");
	struct jsonschema *js = compile(s);
	struct jsonschema_result *r = run(js, i);
	const struct jsonschema_error *e;

	assert_int_equal(jsonschema_result_count(r), 1);
	e = jsonschema_result_error(r, 0);
	assert_string_equal(e->message,
	                    "unexpected property 'foo' (allowed: a, b, c)");
	assert_string_equal(e->instance_path, "/foo");
	assert_int_equal(e->on_key, 1);
	assert_ptr_equal(e->instance,
	                 cJSON_GetObjectItemCaseSensitive(i, "foo"));
	assert_string_equal(e->schema_path, "#/additionalProperties");
	jsonschema_result_free(r);
	jsonschema_free(js);
	cJSON_Delete(i);
	cJSON_Delete(s);
	assert_message("{'properties':{'title':{},'version':{}},"
	               "'additionalProperties':false}",
	               "{'tittle':'x'}",
	               "unexpected property 'tittle' (did you mean 'title'?)");
	assert_message("{'additionalProperties':false}", "{'x':1}",
	               "unexpected property 'x' (no properties are allowed "
	               "here)");
	assert_true(valid("{'additionalProperties':{'type':'integer'}}",
	                  "{'x':1}"));
	assert_false(valid("{'additionalProperties':{'type':'integer'}}",
	                   "{'x':'1'}"));
}

/* An object schema with the AsyncAPI extension rule. */
static cJSON *
extension_schema(void)
{
	cJSON *s = J("{'properties':{'title':{}},'patternProperties':{},"
	             "'additionalProperties':false}");
	cJSON *pp = cJSON_GetObjectItemCaseSensitive(s, "patternProperties");

	cJSON_AddItemToObject(pp, "^x-[\\w\\d\\.\\x2d_]+$",
	                      cJSON_CreateObject());
	return s;
}

static int
ext_valid(struct jsonschema *js, const char *key)
{
	cJSON *i = cJSON_CreateObject();
	int ok;

	cJSON_AddNumberToObject(i, key, 1);
	ok = jsonschema_check(js, i, NULL, NULL, NULL);
	cJSON_Delete(i);
	return ok;
}

static void
asyncapi_extension_pattern(void **state)
{
	cJSON *s = extension_schema();
	struct jsonschema *js = compile(s);
	cJSON *i;
	struct jsonschema_result *r;

	assert_int_equal(ext_valid(js, "x-my-ext"), 1);
	assert_int_equal(ext_valid(js, "x-foo.bar_1"), 1);
	assert_int_equal(ext_valid(js, "x-Foo"), 1);
	assert_int_equal(ext_valid(js, "title"), 1);
	/* what POSIX regex.h gets wrong: \w inside brackets */
	assert_int_equal(ext_valid(js, "x-\\"), 0);
	assert_int_equal(ext_valid(js, "x-"), 0);
	assert_int_equal(ext_valid(js, "x-a b"), 0);
	/* ASCII \w, as in ECMA-262 */
	assert_int_equal(ext_valid(js, "x-\xc3\xa9"), 0);
	i = J("{'x-a b':1}");
	r = run(js, i);
	assert_int_equal(jsonschema_result_count(r), 1);
	assert_string_equal(jsonschema_result_error(r, 0)->message,
	                    "unexpected property 'x-a b' (allowed: title, or "
	                    "names matching ^x-[\\w\\d\\.\\x2d_]+$)");
	jsonschema_result_free(r);
	cJSON_Delete(i);
	jsonschema_free(js);
	cJSON_Delete(s);
}

static void
component_name_pattern(void **state)
{
	cJSON *s = J("{'propertyNames':{}}");
	struct jsonschema *js;
	struct jsonschema_result *r;
	const struct jsonschema_error *e;
	cJSON *i;

	cJSON_AddStringToObject(
	        cJSON_GetObjectItemCaseSensitive(s, "propertyNames"), "pattern",
	        "^[\\w\\d\\.\\-_]+$");
	js = compile(s);
	i = J("{'user-signed.up':1,'userSignedUp':2,'a.b':3,'A_1':4}");
	assert_int_equal(jsonschema_check(js, i, NULL, NULL, NULL), 1);
	cJSON_Delete(i);
	i = J("{'ok':1,'x-Fo o':2}");
	r = run(js, i);
	assert_int_equal(jsonschema_result_count(r), 1);
	e = jsonschema_result_error(r, 0);
	assert_string_equal(
	        e->message,
	        "'x-Fo o' does not match pattern ^[\\w\\d\\.\\-_]+$");
	assert_int_equal(e->on_key, 1);
	assert_string_equal(e->instance_path, "/x-Fo o");
	assert_ptr_equal(e->instance,
	                 cJSON_GetObjectItemCaseSensitive(i, "x-Fo o"));
	jsonschema_result_free(r);
	cJSON_Delete(i);
	jsonschema_free(js);
	cJSON_Delete(s);
}

static int
pattern_matches(const char *pattern, const char *text)
{
	cJSON *s = cJSON_CreateObject(), *i = cJSON_CreateString(text);
	struct jsonschema *js;
	int ok;

	cJSON_AddStringToObject(s, "pattern", pattern);
	js = compile(s);
	ok = jsonschema_check(js, i, NULL, NULL, NULL);
	jsonschema_free(js);
	cJSON_Delete(s);
	cJSON_Delete(i);
	return ok;
}

static void
ecma_regex_semantics(void **state)
{
	/* $ does not match before a final newline */
	assert_int_equal(pattern_matches("^abc$", "abc\n"), 0);
	assert_int_equal(pattern_matches("^abc$", "abc"), 1);
	/* . stops at every ECMA line terminator, [^] does not */
	assert_int_equal(pattern_matches("^a.b$", "a\xe2\x80\xa8"
	                                          "b"),
	                 0);
	assert_int_equal(pattern_matches("^a.b$", "a\rb"), 0);
	assert_int_equal(pattern_matches("^a[^]b$", "a\nb"), 1);
	assert_int_equal(pattern_matches("^a[]b$", "ab"), 0);
	/* \s is Unicode white space, \d and \w are ASCII */
	assert_int_equal(pattern_matches("^\\s$", "\xc2\xa0"), 1);
	assert_int_equal(pattern_matches("^\\S$", "\xc2\xa0"), 0);
	assert_int_equal(pattern_matches("^\\d$", "\xd9\xa3"), 0);
	assert_int_equal(pattern_matches("^\\w$", "\xc3\xa9"), 0);
	/* escapes: \x2d, \u00e9, a surrogate pair, \/ and \- */
	assert_int_equal(pattern_matches("^a\\x2db$", "a-b"), 1);
	assert_int_equal(pattern_matches("^\\u00e9$", "\xc3\xa9"), 1);
	assert_int_equal(
	        pattern_matches("^\\ud83d\\ude00$", "\xf0\x9f\x98\x80"), 1);
	assert_int_equal(pattern_matches("^a\\/b$", "a/b"), 1);
	assert_int_equal(pattern_matches("^[a\\-z]+$", "-a-z"), 1);
	/* \v is a vertical tab, not PCRE2's class */
	assert_int_equal(pattern_matches("^\\v$", "\n"), 0);
	/* unanchored search */
	assert_int_equal(pattern_matches("b+", "abbbc"), 1);
	/* the "regex" format is ECMA-262 in unicode mode */
	assert_int_equal(jsonschema_regex_valid("^[\\w\\d\\.\\-_]+$"), 1);
	assert_int_equal(jsonschema_regex_valid("([abc])+\\s+$"), 1);
	assert_int_equal(jsonschema_regex_valid("^(abc]"), 0);
	assert_int_equal(jsonschema_regex_valid("^\\S(|(.|\\n)*\\S)\\Z"), 0);
	assert_int_equal(jsonschema_regex_valid("a++"), 0);
	assert_int_equal(jsonschema_regex_valid("(?i)a"), 0);
}

static int
format_ok(const char *format, const char *text)
{
	cJSON *s = cJSON_CreateObject(), *i = cJSON_CreateString(text);
	struct jsonschema *js;
	int ok;

	cJSON_AddStringToObject(s, "format", format);
	js = compile(s);
	ok = jsonschema_check(js, i, NULL, NULL, NULL);
	jsonschema_free(js);
	cJSON_Delete(s);
	cJSON_Delete(i);
	return ok;
}

static void
formats(void **state)
{
	struct jsonschema_opts opts = JSONSCHEMA_OPTS_INIT;
	struct jsonschema *js = NULL;
	cJSON *s, *i;

	assert_int_equal(format_ok("uri", "https://example.com/a?b#c"), 1);
	assert_int_equal(format_ok("uri", "mqtt://user:pw@[::1]:1883"), 1);
	assert_int_equal(format_ok("uri", "urn:isbn:0451450523"), 1);
	assert_int_equal(format_ok("uri", "/relative/path"), 0);
	assert_int_equal(format_ok("uri", "http://exa mple.com"), 0);
	assert_int_equal(format_ok("uri", "http://host:80x/"), 0);
	assert_int_equal(format_ok("uri-reference", "schemas/user.yaml#/User"),
	                 1);
	assert_int_equal(format_ok("uri-reference", "#/components/x"), 1);
	assert_int_equal(format_ok("uri-reference", "a:b/c"), 1);
	assert_int_equal(format_ok("uri-reference", "\\\\share\\x"), 0);
	assert_int_equal(format_ok("uri-reference", "%zz"), 0);
	assert_int_equal(format_ok("uri-template", "/users/{id}/{+path}"), 1);
	assert_int_equal(format_ok("uri-template", "/users/{id"), 0);
	assert_int_equal(format_ok("uri-template", "/users/{}"), 0);
	assert_int_equal(format_ok("email", "joe.bloggs@example.com"), 1);
	assert_int_equal(format_ok("email", "joe@localhost"), 0);
	assert_int_equal(format_ok("email", ".joe@example.com"), 0);
	assert_int_equal(format_ok("email", "2962"), 0);
	assert_int_equal(format_ok("date-time", "2024-02-29T12:00:00.5Z"), 1);
	assert_int_equal(format_ok("date-time", "2023-02-29T12:00:00Z"), 0);
	assert_int_equal(format_ok("date-time", "2024-01-31T23:59:60Z"), 1);
	assert_int_equal(format_ok("date-time", "2024-01-31T22:59:60Z"), 0);
	assert_int_equal(format_ok("date-time", "2024-01-31T12:00:00+25:00"),
	                 0);
	assert_int_equal(format_ok("date-time", "2024-01-31 12:00:00Z"), 1);
	assert_int_equal(format_ok("date", "2024-12-31"), 1);
	assert_int_equal(format_ok("date", "2024-13-01"), 0);
	assert_int_equal(format_ok("time", "08:30:06+02:00"), 1);
	assert_int_equal(format_ok("time", "08:30:06"), 0);
	assert_int_equal(format_ok("ipv4", "192.168.0.1"), 1);
	assert_int_equal(format_ok("ipv4", "192.168.0.01"), 0);
	assert_int_equal(format_ok("ipv4", "256.1.1.1"), 0);
	assert_int_equal(format_ok("ipv6", "2001:db8::1"), 1);
	assert_int_equal(format_ok("ipv6", "::ffff:192.0.2.1"), 1);
	assert_int_equal(format_ok("ipv6", "1:2:3:4:5:6:7:8"), 1);
	assert_int_equal(format_ok("ipv6", "1:2:3:4:5:6:7:8:9"), 0);
	assert_int_equal(format_ok("ipv6", "1::2::3"), 0);
	assert_int_equal(format_ok("hostname", "broker.example.com"), 1);
	assert_int_equal(format_ok("hostname", "-bad.example.com"), 0);
	assert_int_equal(format_ok("hostname", "under_score.com"), 0);
	assert_int_equal(format_ok("json-pointer", "/a~1b/~0"), 1);
	assert_int_equal(format_ok("json-pointer", "/a~2"), 0);
	assert_int_equal(format_ok("relative-json-pointer", "0#"), 1);
	assert_int_equal(format_ok("relative-json-pointer", "01/a"), 0);
	assert_int_equal(format_ok("regex", "^x-[\\w\\d\\.\\x2d_]+$"), 1);
	assert_int_equal(format_ok("regex", "(unclosed"), 0);
	/* unknown formats are annotations */
	assert_int_equal(format_ok("color", "not checked"), 1);
	assert_message("{'format':'uri'}", "'not a uri'",
	               "'not a uri' is not a valid URI (it needs a scheme, "
	               "e.g. https://...)");
	/* the option turns assertion off */
	opts.no_format = 1;
	s = J("{'format':'email'}");
	i = J("'nope'");
	assert_int_equal(jsonschema_new(&js, s, &opts, NULL), 0);
	assert_int_equal(jsonschema_check(js, i, NULL, NULL, NULL), 1);
	jsonschema_free(js);
	cJSON_Delete(s);
	cJSON_Delete(i);
}

static void
array_keywords(void **state)
{
	const char *tuple = "{'items':[{'type':'string'},{'type':'integer'}],"
	                    "'additionalItems':false}";

	assert_true(valid(tuple, "['a',1]"));
	assert_true(valid(tuple, "['a']"));
	assert_false(valid(tuple, "[1,1]"));
	assert_message(tuple, "['a',1,2]",
	               "must have at most 2 items (no additional items are "
	               "allowed), got 3");
	assert_true(valid("{'items':[{}],'additionalItems':{'type':'null'}}",
	                  "[1,null,null]"));
	assert_false(valid("{'items':[{}],'additionalItems':{'type':'null'}}",
	                   "[1,null,2]"));
	assert_true(valid("{'items':{'type':'integer'}}", "[1,2,3]"));
	assert_message("{'items':{'type':'integer'}}", "[1,'2',3]",
	               "must be integer, got string");
	assert_message("{'minItems':1}", "[]", "must not be empty");
	assert_message("{'maxItems':1}", "[1,2]",
	               "must have at most 1 items, got 2");
	assert_message("{'uniqueItems':true}", "[1,{'a':[1]},2,{'a':[1.0]}]",
	               "must not contain duplicates (items 1 and 3 are equal)");
	assert_true(valid("{'uniqueItems':true}", "[1,'1',[1],{'1':1}]"));
	assert_true(valid("{'contains':{'const':'x'}}", "['a','x']"));
	assert_message("{'contains':{'const':'x'}}", "['a']",
	               "must contain 'x'");
	assert_message("{'contains':{'type':'integer'}}", "['a']",
	               "must contain at least one item that matches the "
	               "'contains' schema");
}

static void
object_keywords(void **state)
{
	const char *deps =
	        "{'dependencies':{'a':['b'],'c':{'required':['d']}}}";

	assert_true(valid(deps, "{'a':1,'b':2}"));
	assert_message(deps, "{'a':1}",
	               "must have property 'b' because it has 'a'");
	assert_message(deps, "{'c':1}", "must have required property 'd'");
	assert_message("{'maxProperties':1}", "{'a':1,'b':2}",
	               "must have at most 1 properties, got 2");
	assert_message("{'minProperties':1}", "{}", "must not be empty");
	assert_true(valid("{'propertyNames':{'maxLength':3}}", "{'abc':1}"));
	assert_false(valid("{'propertyNames':{'maxLength':3}}", "{'abcd':1}"));
	assert_true(valid("{'patternProperties':{'^a':{'type':'integer'}}}",
	                  "{'ab':1,'b':'x'}"));
	assert_false(valid("{'patternProperties':{'^a':{'type':'integer'}}}",
	                   "{'ab':'x'}"));
	/*
	 * The anchored literal prefix is checked before the pattern runs: a
	 * quantifier, an alternation or a class must not make it too long.
	 */
	assert_false(valid("{'patternProperties':{'^x-[a-z]+$':{'type':'"
	                   "integer'}}}",
	                   "{'x-a':'s'}"));
	assert_true(valid("{'patternProperties':{'^x-[a-z]+$':{'type':'"
	                  "integer'}}}",
	                  "{'x':'s','y-a':'s','x-':'s'}"));
	assert_false(valid("{'patternProperties':{'^abc?d':{'type':'integer'}}}",
	                   "{'abd':'s'}"));
	assert_false(valid("{'patternProperties':{'^ab*c':{'type':'integer'}}}",
	                   "{'ac':'s'}"));
	assert_false(valid("{'patternProperties':{'^ab{0,2}c':{'type':'"
	                   "integer'}}}",
	                   "{'ac':'s'}"));
	assert_false(valid("{'patternProperties':{'^ab|cd':{'type':'integer'}}}",
	                   "{'xcd':'s'}"));
	assert_false(valid("{'patternProperties':{'^a.c':{'type':'integer'}}}",
	                   "{'abc':'s'}"));
	assert_true(valid("{'patternProperties':{'^ab+c':{'type':'integer'}}}",
	                  "{'ac':'s','abbc':1}"));
}

static void
combinators_and_booleans(void **state)
{
	const char *cond =
	        "{'if':{'properties':{'protocol':{'const':'kafka'}}},"
	        "'then':{'required':['groupId']},"
	        "'else':{'not':{'required':['groupId']}}}";

	assert_true(valid(cond, "{'protocol':'kafka','groupId':'g'}"));
	assert_message(cond, "{'protocol':'kafka'}",
	               "must have required property 'groupId'");
	assert_message(cond, "{'protocol':'mqtt','groupId':'g'}",
	               "must not have property 'groupId'");
	assert_message("{'not':{'type':'string'}}", "'x'",
	               "must not be string");
	assert_true(valid("{'allOf':[{'type':'integer'},{'minimum':2}]}", "3"));
	assert_message("{'allOf':[{'type':'integer'},{'minimum':2}]}", "1",
	               "must be at least 2, got 1");
	assert_true(valid("true", "{'anything':[1]}"));
	assert_false(valid("false", "1"));
	assert_message("{'properties':{'a':false}}", "{'a':1}",
	               "property 'a' is not allowed here");
	assert_message("false", "1", "no value is allowed here");
	assert_true(valid("{'anyOf':[{'type':'string'},{'minimum':5}]}", "7"));
}

static void
local_refs(void **state)
{
	const char *sch = "{'definitions':{'a/b':{'type':'integer'},"
	                  "'c~d':{'$ref':'#/definitions/a~1b'},"
	                  "'e%f':{'type':'string'}},"
	                  "'properties':{'x':{'$ref':'#/definitions/c~0d'},"
	                  "'y':{'$ref':'#/definitions/e%25f'},"
	                  "'z':{'$ref':'#/definitions/a~1b','type':'string'}}}";
	cJSON *s = J(sch), *i = J("{'x':'no'}");
	struct jsonschema *js = compile(s);
	struct jsonschema_result *r = run(js, i);

	assert_int_equal(jsonschema_result_count(r), 1);
	assert_string_equal(jsonschema_result_error(r, 0)->schema_path,
	                    "#/definitions/a~1b/type");
	jsonschema_result_free(r);
	jsonschema_free(js);
	cJSON_Delete(i);
	cJSON_Delete(s);
	assert_true(valid(sch, "{'x':1,'y':'s'}"));
	assert_false(valid(sch, "{'y':1}"));
	/* siblings of $ref are ignored in draft-07 */
	assert_true(valid(sch, "{'z':1}"));
	assert_false(valid(sch, "{'z':'s'}"));
	/* recursion through "#" */
	assert_true(valid("{'properties':{'n':{'$ref':'#'}},"
	                  "'additionalProperties':false}",
	                  "{'n':{'n':{'n':{}}}}"));
	assert_false(valid("{'properties':{'n':{'$ref':'#'}},"
	                   "'additionalProperties':false}",
	                   "{'n':{'n':{'m':{}}}}"));
}

static void
id_anchors_and_scopes(void **state)
{
	const char *sch =
	        "{'$id':'http://example.com/root.json',"
	        "'definitions':{'A':{'$id':'#foo','type':'integer'},"
	        "'B':{'$id':'other.json','definitions':{"
	        "'X':{'$id':'#bar','type':'string'}}}},"
	        "'properties':{'a':{'$ref':'#foo'},"
	        "'b':{'$ref':'other.json#bar'},"
	        "'c':{'$ref':'http://example.com/root.json#/definitions/A'}}}";

	assert_true(valid(sch, "{'a':1,'b':'s','c':2}"));
	assert_false(valid(sch, "{'a':'x'}"));
	assert_false(valid(sch, "{'b':1}"));
	assert_false(valid(sch, "{'c':'x'}"));
}

/* Load hook: serves one document. */
static const cJSON *
load_one(void *ctx, const char *uri)
{
	return strcmp(uri, "http://remote.test/types.json") == 0 ? ctx : NULL;
}

static void
load_hook_for_other_documents(void **state)
{
	struct jsonschema_opts opts = JSONSCHEMA_OPTS_INIT;
	cJSON *remote =
	        J("{'definitions':{'port':{'type':'integer',"
	          "'maximum':65535},'p2':{'$ref':'#/definitions/port'}}}");
	cJSON *s =
	        J("{'$ref':'http://remote.test/types.json#/definitions/p2'}");
	cJSON *ok = J("8080"), *bad = J("70000");
	struct jsonschema *js = NULL;
	struct jsonschema_result *r = NULL;

	opts.load = load_one;
	opts.load_ctx = remote;
	assert_int_equal(jsonschema_new(&js, s, &opts, NULL), 0);
	assert_int_equal(jsonschema_check(js, ok, NULL, NULL, NULL), 1);
	assert_int_equal(jsonschema_validate(&r, js, bad, NULL, NULL, NULL), 0);
	assert_int_equal(jsonschema_result_count(r), 1);
	assert_string_equal(jsonschema_result_error(r, 0)->schema_path,
	                    "http://remote.test/types.json#/definitions/port/"
	                    "maximum");
	jsonschema_result_free(r);
	jsonschema_free(js);
	cJSON_Delete(s);
	cJSON_Delete(remote);
	cJSON_Delete(ok);
	cJSON_Delete(bad);
}

/* Schema ref hook: every $ref names a member of ctx. */
static const cJSON *
ref_by_name(void *ctx, const cJSON *ref_obj)
{
	const cJSON *r = cJSON_GetObjectItemCaseSensitive(ref_obj, "$ref");

	return cJSON_GetObjectItemCaseSensitive(ctx, r->valuestring);
}

static void
schema_ref_hook(void **state)
{
	struct jsonschema_opts opts = JSONSCHEMA_OPTS_INIT;
	cJSON *others = J("{'Str':{'type':'string'}}");
	cJSON *s = J("{'items':{'$ref':'Str'}}"), *i = J("['a',2]");
	struct jsonschema *js = NULL;

	opts.ref = ref_by_name;
	opts.ref_ctx = others;
	assert_int_equal(jsonschema_new(&js, s, &opts, NULL), 0);
	assert_int_equal(jsonschema_check(js, i, NULL, NULL, NULL), 0);
	jsonschema_free(js);
	cJSON_Delete(s);
	cJSON_Delete(i);
	cJSON_Delete(others);
}

static void
validate_at_subschema(void **state)
{
	cJSON *s = J("{'definitions':{'Port':{'type':'integer'}},"
	             "'type':'object'}");
	cJSON *i = J("8080");
	const cJSON *port = cJSON_GetObjectItemCaseSensitive(
	        cJSON_GetObjectItemCaseSensitive(s, "definitions"), "Port");
	struct jsonschema *js = compile(s);
	struct jsonschema_result *r = NULL;

	assert_int_equal(jsonschema_check(js, i, NULL, NULL, NULL), 0);
	assert_int_equal(jsonschema_check(js, i, port, NULL, NULL), 1);
	/* a node the validator never compiled */
	assert_int_equal(jsonschema_validate(&r, js, i, i, NULL, NULL), -1);
	assert_null(r);
	jsonschema_free(js);
	cJSON_Delete(s);
	cJSON_Delete(i);
}

/* ---------------------------------------------------- closest branch */

static const char *alt_schema =
        "{'definitions':{"
        "'Reference':{'type':'object','required':['$ref'],"
        "'properties':{'$ref':{'type':'string'}}},"
        "'Message':{'type':'object','required':['payload'],"
        "'properties':{'payload':{},'name':{'type':'string'},"
        "'contentType':{'type':'string'}},'additionalProperties':false}},"
        "'properties':{'message':{'oneOf':["
        "{'$ref':'#/definitions/Reference'},{'$ref':'#/definitions/"
        "Message'}]}}}";

static void
closest_branch_on_the_node(void **state)
{
	cJSON *s = J(alt_schema), *i = J("{'message':{'name':'x'}}");
	struct jsonschema *js = compile(s);
	struct jsonschema_result *r = run(js, i);
	const struct jsonschema_error *e;

	assert_int_equal(jsonschema_result_count(r), 1);
	e = jsonschema_result_error(r, 0);
	assert_string_equal(e->message,
	                    "did not match any allowed shape; closest: the "
	                    "'Message' branch: must have required property "
	                    "'payload'");
	assert_string_equal(e->instance_path, "/message");
	assert_string_equal(e->keyword, "required");
	assert_string_equal(e->schema_path, "#/definitions/Message/required");
	assert_string_equal(e->note, "closest of the 2 allowed shapes (oneOf "
	                             "at /message): the 'Message' branch");
	jsonschema_result_free(r);
	jsonschema_free(js);
	cJSON_Delete(i);
	cJSON_Delete(s);
}

static void
closest_branch_below_the_node(void **state)
{
	cJSON *s = J(alt_schema);
	cJSON *i = J("{'message':{'payload':{},'contentTyp':'a/b'}}");
	struct jsonschema *js = compile(s);
	struct jsonschema_result *r = run(js, i);
	const struct jsonschema_error *e;

	/* one root cause, one error: no report of the Reference branch */
	assert_int_equal(jsonschema_result_count(r), 1);
	e = jsonschema_result_error(r, 0);
	assert_string_equal(e->message, "did not match any allowed shape; "
	                                "closest: the 'Message' branch: "
	                                "unexpected property 'contentTyp' (did "
	                                "you mean 'contentType'?)");
	jsonschema_result_free(r);
	cJSON_Delete(i);
	/* a broken Reference: the Reference branch is the closest */
	i = J("{'message':{'$ref':5}}");
	r = run(js, i);
	assert_int_equal(jsonschema_result_count(r), 1);
	e = jsonschema_result_error(r, 0);
	assert_string_equal(e->message, "must be string, got integer");
	assert_string_equal(e->instance_path, "/message/$ref");
	assert_string_equal(e->note, "closest of the 2 allowed shapes (oneOf "
	                             "at /message): the 'Reference' branch");
	jsonschema_result_free(r);
	cJSON_Delete(i);
	jsonschema_free(js);
	cJSON_Delete(s);
}

static void
closest_branch_merges_types_and_discriminators(void **state)
{
	const char *schemes =
	        "{'oneOf':["
	        "{'properties':{'type':{'const':'userPassword'}},"
	        "'required':['type']},"
	        "{'properties':{'type':{'enum':['apiKey','httpApiKey']},"
	        "'in':{'enum':['user','password']}},'required':['type','in']},"
	        "{'properties':{'type':{'const':'X509'}},'required':['type']}]"
	        "}";

	assert_message("{'oneOf':[{'type':'object'},{'type':'array'}]}", "'s'",
	               "must be object or array, got string");
	assert_message("{'anyOf':[{'type':'integer'},{'type':'null'}]}", "1.5",
	               "must be integer or null, got number");
	assert_message(schemes, "{'type':'apikey'}",
	               "must be one of: 'userPassword', 'apiKey', "
	               "'httpApiKey', 'X509'; got 'apikey' (did you mean "
	               "'apiKey'?)");
	assert_true(valid(schemes, "{'type':'apiKey','in':'user'}"));
	assert_message(schemes, "{'type':'apiKey','in':'header'}",
	               "must be one of: 'user', 'password'; got 'header'");
	/* the only branch of the right type: no "closest" talk */
	assert_message("{'oneOf':[{'type':'array'},{'type':'string',"
	               "'enum':['a','b']}]}",
	               "'c'", "must be one of: 'a', 'b'; got 'c'");
}

static void
one_of_matching_twice(void **state)
{
	assert_message("{'oneOf':[{'type':'integer'},{'minimum':0}]}", "1",
	               "must match exactly one allowed shape, but matches both "
	               "#1 and #2");
	assert_true(
	        valid("{'oneOf':[{'type':'integer'},{'minimum':0}]}", "-1"));
}

/* ------------------------------------------------------ instance refs */

/* Resolves {"$ref": "#/a/b"} against ctx (the instance root). */
static const cJSON *
deref_local(void *ctx, const cJSON *n)
{
	const cJSON *r = cJSON_GetObjectItemCaseSensitive(n, "$ref");
	const cJSON *t = ctx;
	char buf[256], *tok, *save = NULL;
	int hops;

	for (hops = 0;
	     hops < 8 && cJSON_IsString(r) && r->valuestring[0] == '#';
	     hops++) {
		snprintf(buf, sizeof(buf), "%s", r->valuestring + 1);
		t = ctx;
		for (tok = strtok_r(buf, "/", &save); tok != NULL && t != NULL;
		     tok = strtok_r(NULL, "/", &save))
			t = cJSON_IsArray(t)
			            ? cJSON_GetArrayItem(t, atoi(tok))
			            : cJSON_GetObjectItemCaseSensitive(t, tok);
		if (t == NULL)
			return n;
		n = t;
		r = cJSON_GetObjectItemCaseSensitive(n, "$ref");
	}
	return n;
}

/* A deref callback that knows no target: jsonschema_unknown() for "#/x". */
static const cJSON *
deref_unknown(void *ctx, const cJSON *n)
{
	const cJSON *r = cJSON_GetObjectItemCaseSensitive(n, "$ref");

	(void)ctx;
	if (cJSON_IsString(r) && strcmp(r->valuestring, "#/x") == 0)
		return jsonschema_unknown();
	return n;
}

/* An unknown instance (a broken ref) passes every schema, nothing else. */
static void
unknown_instance_is_accepted(void **state)
{
	cJSON *s = J("{'type':'object','properties':{'a':{'type':'string',"
	             "'minLength':3},'b':{'type':'string'}}}");
	cJSON *i = J("{'a':{'$ref':'#/x'},'b':{'$ref':'#/y'}}");
	struct jsonschema *js = compile(s);
	struct jsonschema_result *r = NULL;

	(void)state;
	assert_int_equal(jsonschema_validate(&r, js, i, NULL, deref_unknown, i),
	                 0);
	/* 'a' is unknown and accepted; 'b' is an object, not a string */
	assert_int_equal(jsonschema_result_count(r), 1);
	assert_string_equal(jsonschema_result_error(r, 0)->instance_path, "/b");
	jsonschema_result_free(r);
	jsonschema_free(js);
	cJSON_Delete(i);
	cJSON_Delete(s);
}

static void
instance_refs_are_followed(void **state)
{
	cJSON *s = J("{'properties':{'channels':{'additionalProperties':"
	             "{'$ref':'#/definitions/ch'}}},'definitions':{'ch':"
	             "{'type':'object','required':['address'],"
	             "'properties':{'address':{'type':'string'}}}}}");
	cJSON *i = J("{'channels':{'a':{'$ref':'#/components/c1'},"
	             "'b':{'$ref':'#/components/c2'}},"
	             "'components':{'c1':{'address':'x'},"
	             "'c2':{'$ref':'#/components/c3'},'c3':{'address':7}}}");
	struct jsonschema *js = compile(s);
	struct jsonschema_result *r = NULL;
	const struct jsonschema_error *e;
	const cJSON *comps = cJSON_GetObjectItemCaseSensitive(i, "components");

	assert_int_equal(jsonschema_validate(&r, js, i, NULL, deref_local, i),
	                 0);
	assert_int_equal(jsonschema_result_count(r), 1);
	e = jsonschema_result_error(r, 0);
	assert_string_equal(e->message, "must be string, got integer");
	/* the path through the ref, the node where the value really is */
	assert_string_equal(e->instance_path, "/channels/b/address");
	assert_ptr_equal(e->instance,
	                 cJSON_GetObjectItemCaseSensitive(
	                         cJSON_GetObjectItemCaseSensitive(comps, "c3"),
	                         "address"));
	assert_int_equal(e->nrefs, 1);
	assert_ptr_equal(
	        e->refs[0],
	        cJSON_GetObjectItemCaseSensitive(
	                cJSON_GetObjectItemCaseSensitive(i, "channels"), "b"));
	assert_int_equal(jsonschema_check(js, i, NULL, deref_local, i), 0);
	jsonschema_result_free(r);
	jsonschema_free(js);
	cJSON_Delete(i);
	cJSON_Delete(s);
}

static void
circular_instance_terminates(void **state)
{
	/* a tree schema and an instance that contains itself */
	cJSON *s = J("{'$ref':'#/definitions/node','definitions':{'node':{"
	             "'type':'object','required':['name'],'properties':{"
	             "'name':{'type':'string'},'children':{'type':'array',"
	             "'items':{'$ref':'#/definitions/node'}}}}}}");
	cJSON *good =
	        J("{'name':'root','children':[{'$ref':'#'},"
	          "{'name':'leaf','children':[{'$ref':'#/children/1'}]}]}");
	cJSON *bad = J("{'name':'root','children':[{'$ref':'#'},"
	               "{'children':[{'$ref':'#/children/1'}]}]}");
	struct jsonschema *js = compile(s);
	struct jsonschema_result *r = NULL;

	assert_int_equal(jsonschema_check(js, good, NULL, deref_local, good),
	                 1);
	assert_int_equal(
	        jsonschema_validate(&r, js, bad, NULL, deref_local, bad), 0);
	/* reached twice (directly and through refs): reported once */
	assert_int_equal(jsonschema_result_count(r), 1);
	assert_string_equal(jsonschema_result_error(r, 0)->message,
	                    "must have required property 'name'");
	assert_string_equal(jsonschema_result_error(r, 0)->instance_path,
	                    "/children/1");
	assert_int_equal(jsonschema_result_truncated(r), 0);
	/* a dozen nodes: a few visits each, not an endless walk */
	assert_in_range(jsonschema_result_work(r).steps, 1, 60);
	assert_in_range(steps_of(js, good, deref_local, good), 1, 60);
	jsonschema_result_free(r);
	jsonschema_free(js);
	cJSON_Delete(good);
	cJSON_Delete(bad);
	cJSON_Delete(s);
}

/* l0 = [l1, l1], l1 = [l2, l2], ... lN = "bad": 2^levels paths. */
static cJSON *
ref_bomb(int levels)
{
	cJSON *i = cJSON_CreateObject(), *arr, *ref;
	char name[16], target[32];
	int k, j;

	for (k = 0; k < levels; k++) {
		snprintf(name, sizeof(name), "l%d", k);
		arr = cJSON_AddArrayToObject(i, name);
		for (j = 0; j < 2; j++) {
			ref = cJSON_CreateObject();
			snprintf(target, sizeof(target), "#/l%d", k + 1);
			cJSON_AddStringToObject(ref, "$ref", target);
			cJSON_AddItemToArray(arr, ref);
		}
	}
	snprintf(name, sizeof(name), "l%d", levels);
	cJSON_AddItemToObject(i, name, cJSON_CreateString("bad"));
	return i;
}

static void
ref_bomb_stays_linear(void **state)
{
	cJSON *s = J("{'$ref':'#/definitions/v','definitions':{'v':{"
	             "'anyOf':[{'type':'integer'},{'type':'array',"
	             "'items':{'$ref':'#/definitions/v'}}]}}}");
	struct jsonschema *js = compile(s);
	struct jsonschema_result *r = NULL;
	cJSON *i10 = ref_bomb(10), *i = ref_bomb(40);
	size_t w10;

	assert_int_equal(
	        jsonschema_validate(&r, js,
	                            cJSON_GetObjectItemCaseSensitive(i10, "l0"),
	                            NULL, deref_local, i10),
	        0);
	w10 = jsonschema_result_work(r).steps;
	jsonschema_result_free(r);
	assert_int_equal(
	        jsonschema_validate(&r, js,
	                            cJSON_GetObjectItemCaseSensitive(i, "l0"),
	                            NULL, deref_local, i),
	        0);
	assert_int_equal(jsonschema_result_valid(r), 0);
	assert_true(jsonschema_result_count(r) >= 1);
	/* 4 x the levels, 2^30 x the paths: about 4 x the work */
	assert_linear(w10, jsonschema_result_work(r).steps);
	jsonschema_result_free(r);
	jsonschema_free(js);
	cJSON_Delete(s);
	cJSON_Delete(i);
	cJSON_Delete(i10);
}

/* [[[ ... [1] ... ]]], levels arrays deep. */
static cJSON *
nested_arrays(int levels)
{
	cJSON *root = cJSON_CreateArray(), *cur = root, *next;
	int k;

	for (k = 0; k < levels; k++) {
		next = cJSON_CreateArray();
		cJSON_AddItemToArray(cur, next);
		cur = next;
	}
	cJSON_AddItemToArray(cur, cJSON_CreateNumber(1));
	return root;
}

static void
exponential_alternatives_stay_fast(void **state)
{
	/* both branches recurse into the same item, 40 levels deep */
	cJSON *s = J("{'anyOf':[{'type':'array','items':{'$ref':'#'}},"
	             "{'type':'array','items':{'$ref':'#'},'minItems':0}]}");
	cJSON *root = nested_arrays(40), *small = nested_arrays(10);
	struct jsonschema *js = compile(s);
	struct jsonschema_result *r;

	r = run(js, root);
	assert_int_equal(jsonschema_result_valid(r), 0);
	assert_int_equal(jsonschema_result_count(r), 1);
	assert_string_equal(jsonschema_result_error(r, 0)->rule,
	                    "schema-any-of");
	/* 2 branches a level: 2^40 trials unless memoised */
	assert_linear(steps_of(js, small, NULL, NULL),
	              jsonschema_result_work(r).steps);
	jsonschema_result_free(r);
	jsonschema_free(js);
	cJSON_Delete(s);
	cJSON_Delete(root);
	cJSON_Delete(small);
}

static void
catastrophic_regex_is_cut_short(void **state)
{
	cJSON *s = cJSON_CreateObject(), *i;
	struct jsonschema *js;
	struct jsonschema_result *r;
	char *text = malloc(50002);

	assert_non_null(text);
	memset(text, 'a', 50000);
	text[50000] = '!';
	text[50001] = '\0';
	i = cJSON_CreateString(text);
	cJSON_AddStringToObject(s, "pattern", "(a+)+$");
	js = compile(s);
	r = run(js, i);
	assert_int_equal(jsonschema_result_count(r), 1);
	assert_string_equal(jsonschema_result_error(r, 0)->rule,
	                    "schema-pattern-too-costly");
	/* one match, run under the match limit (which ended it) */
	assert_int_equal(jsonschema_result_work(r).pattern_tests, 1);
	assert_int_equal(jsonschema_result_work(r).pattern_budget,
	                 JSONSCHEMA_DEFAULT_MATCH_LIMIT);
	assert_string_equal(jsonschema_result_error(r, 0)->message,
	                    "pattern (a+)+$ is too costly to evaluate on this "
	                    "value (50001 characters); it was not checked");
	jsonschema_result_free(r);
	jsonschema_free(js);
	cJSON_Delete(s);
	cJSON_Delete(i);
	free(text);
}

static void
many_costly_patterns_end_fast(void **state)
{
	/* 200 hostile strings: the limit drops after the first 16 */
	cJSON *s = J("{'items':{}}"), *i = cJSON_CreateArray();
	struct jsonschema_opts opts = JSONSCHEMA_OPTS_INIT;
	struct jsonschema *js = NULL;
	struct jsonschema_result *r = NULL;
	char *text = malloc(20002);
	struct jsonschema_work w;
	int k;

	assert_non_null(text);
	memset(text, 'a', 20000);
	text[20000] = '!';
	text[20001] = '\0';
	for (k = 0; k < 200; k++)
		cJSON_AddItemToArray(i, cJSON_CreateString(text));
	cJSON_AddStringToObject(cJSON_GetObjectItemCaseSensitive(s, "items"),
	                        "pattern", "^(a|aa)+$");
	opts.max_errors = 1000;
	assert_int_equal(jsonschema_new(&js, s, &opts, NULL), 0);
	assert_int_equal(jsonschema_validate(&r, js, i, NULL, NULL, NULL), 0);
	assert_int_equal(jsonschema_result_count(r), 200);
	/* 16 matches under the full limit, the other 184 under 1% of it */
	w = jsonschema_result_work(r);
	assert_int_equal(w.pattern_tests, 200);
	assert_int_equal(w.pattern_budget,
	                 16 * JSONSCHEMA_DEFAULT_MATCH_LIMIT +
	                         184 * (JSONSCHEMA_DEFAULT_MATCH_LIMIT / 100 + 1));
	jsonschema_result_free(r);
	jsonschema_free(js);
	cJSON_Delete(s);
	cJSON_Delete(i);
	free(text);
}

/* {"items": {"enum": ["value-0" ... "value-{n-1}", 7]}} */
static cJSON *
enum_schema(int n)
{
	cJSON *s = cJSON_CreateObject(), *e = cJSON_AddArrayToObject(s, "enum");
	cJSON *outer = cJSON_CreateObject();
	char buf[32];
	int k;

	for (k = 0; k < n; k++) {
		snprintf(buf, sizeof(buf), "value-%d", k);
		cJSON_AddItemToArray(e, cJSON_CreateString(buf));
	}
	cJSON_AddItemToArray(e, cJSON_CreateNumber(7));
	cJSON_AddItemToObject(outer, "items", s);
	return outer;
}

/* n strings "value-{5k}" then 7.0 and "value-x". */
static cJSON *
enum_instance(int n)
{
	cJSON *i = cJSON_CreateArray();
	char buf[32];
	int k;

	for (k = 0; k < n; k++) {
		snprintf(buf, sizeof(buf), "value-%d", k * 5);
		cJSON_AddItemToArray(i, cJSON_CreateString(buf));
	}
	cJSON_AddItemToArray(i, cJSON_CreateNumber(7.0));
	cJSON_AddItemToArray(i, cJSON_CreateString("value-x"));
	return i;
}

static void
huge_enum_is_indexed(void **state)
{
	cJSON *outer = enum_schema(100000), *small = enum_schema(25000);
	cJSON *i = enum_instance(20000), *i5k = enum_instance(5000);
	struct jsonschema *js = compile(outer), *js_small = compile(small);
	struct jsonschema_result *r;
	size_t w;

	r = run(js, i);
	assert_int_equal(jsonschema_result_count(r), 1);
	assert_string_equal(jsonschema_result_error(r, 0)->instance_path,
	                    "/20001");
	assert_non_null(strstr(jsonschema_result_error(r, 0)->message,
	                       "(100001 values in all); got 'value-x'"));
	w = jsonschema_result_work(r).steps;
	/* 4 x the instance: 4 x the work; 4 x the enum: the same work */
	assert_linear(steps_of(js, i5k, NULL, NULL), w);
	assert_int_equal(steps_of(js, i5k, NULL, NULL),
	                 steps_of(js_small, i5k, NULL, NULL));
	jsonschema_result_free(r);
	jsonschema_free(js);
	jsonschema_free(js_small);
	cJSON_Delete(outer);
	cJSON_Delete(small);
	cJSON_Delete(i);
	cJSON_Delete(i5k);
}

/* 0 .. n-1, then n-1 again as n-1.0 */
static cJSON *
numbers_and_a_duplicate(int n)
{
	cJSON *i = cJSON_CreateArray();
	int k;

	for (k = 0; k < n; k++)
		cJSON_AddItemToArray(i, cJSON_CreateNumber(k));
	cJSON_AddItemToArray(i, cJSON_CreateNumber(n - 1.0));
	return i;
}

static void
huge_unique_items_is_fast(void **state)
{
	cJSON *s = J("{'uniqueItems':true}");
	cJSON *i = numbers_and_a_duplicate(100000);
	cJSON *small = numbers_and_a_duplicate(25000);
	struct jsonschema *js = compile(s);
	struct jsonschema_result *r;

	r = run(js, i);
	assert_int_equal(jsonschema_result_count(r), 1);
	assert_string_equal(jsonschema_result_error(r, 0)->message,
	                    "must not contain duplicates (items 99999 and "
	                    "100000 are equal)");
	/* pairwise comparison would be 16 x the work */
	assert_linear(steps_of(js, small, NULL, NULL),
	              jsonschema_result_work(r).steps);
	jsonschema_result_free(r);
	jsonschema_free(js);
	cJSON_Delete(s);
	cJSON_Delete(i);
	cJSON_Delete(small);
}

/*
 * A schema meta-schema shaped like AsyncAPI's: "ext" is "core" plus
 * "properties" of "ext" again, so a subschema at depth k of an instance
 * meets "core" by k + 1 routes. Each string value runs one pattern.
 */
static const char *const routes_schema =
        "{'definitions':{"
        "'core':{'type':'object','properties':{"
        "'title':{'type':'string','pattern':'^[a-z]+$'},"
        "'properties':{'type':'object',"
        "'additionalProperties':{'$ref':'#/definitions/core'}}}},"
        "'ext':{'allOf':[{'$ref':'#/definitions/core'},{'properties':{"
        "'properties':{'additionalProperties':"
        "{'$ref':'#/definitions/ext'}}}}]}},"
        "'$ref':'#/definitions/ext'}";

/* {"title":"t","properties":{"p":{...}}} nested depth times. */
static cJSON *
nested_schemas(int depth, const char *last_title)
{
	cJSON *root = cJSON_CreateObject(), *cur = root, *props;
	int k;

	for (k = 0; k < depth; k++) {
		cJSON_AddStringToObject(cur, "title", "t");
		props = cJSON_AddObjectToObject(cur, "properties");
		cur = cJSON_AddObjectToObject(props, "p");
	}
	cJSON_AddStringToObject(cur, "title", last_title);
	return root;
}

static void
meta_schema_routes_are_memoised(void **state)
{
	cJSON *s = J(routes_schema), *i = nested_schemas(40, "t");
	cJSON *small = nested_schemas(10, "t"), *bad = nested_schemas(40, "T");
	struct jsonschema_opts opts = JSONSCHEMA_OPTS_INIT;
	struct jsonschema *js = compile(s), *lim = NULL;
	struct jsonschema_result *r = run(js, i), *rs = run(js, small), *rb;
	size_t steps = jsonschema_result_work(r).steps;

	assert_true(jsonschema_result_valid(r));
	/*
	 * each string's pattern ran once, not once per route to it (41 + 40
	 * + ... + 1 times); the innermost, cheaper to check than to keep,
	 * twice
	 */
	assert_int_equal(jsonschema_result_work(r).pattern_tests, 42);
	assert_int_equal(jsonschema_result_work(rs).pattern_tests, 12);
	/* a node that failed is checked again: one error per route, merged */
	rb = run(js, bad);
	assert_int_equal(jsonschema_result_count(rb), 1);
	assert_string_equal(jsonschema_result_error(rb, 0)->keyword, "pattern");
	/* steps count an answer given again: the limit falls where it did */
	opts.max_steps = steps;
	assert_int_equal(jsonschema_new(&lim, s, &opts, NULL), 0);
	assert_int_equal(jsonschema_check(lim, i, NULL, NULL, NULL), 1);
	jsonschema_free(lim);
	opts.max_steps = steps - 1;
	assert_int_equal(jsonschema_new(&lim, s, &opts, NULL), 0);
	assert_int_equal(jsonschema_check(lim, i, NULL, NULL, NULL), 0);
	jsonschema_free(lim);
	jsonschema_result_free(r);
	jsonschema_result_free(rs);
	jsonschema_result_free(rb);
	jsonschema_free(js);
	cJSON_Delete(s);
	cJSON_Delete(i);
	cJSON_Delete(small);
	cJSON_Delete(bad);
}

/*
 * A document-like instance: channels refer to components, which refer to
 * payloads; each component is reached through a ref, then where it is
 * defined. Each string runs one pattern.
 */
static const char *const doc_schema =
        "{'definitions':{"
        "'msg':{'type':'object','required':['name'],'properties':{"
        "'name':{'type':'string','pattern':'^[a-z]+$'},"
        "'payload':{'$ref':'#/definitions/pl'}}},"
        "'pl':{'type':'object','properties':{"
        "'n':{'type':'string','pattern':'^[a-z]+$'}}}},"
        "'properties':{"
        "'channels':{'additionalProperties':{'properties':{"
        "'message':{'$ref':'#/definitions/msg'}}}},"
        "'components':{'additionalProperties':{'$ref':'#/definitions/msg'}},"
        "'payloads':{'additionalProperties':{'$ref':'#/definitions/pl'}}}}";

static cJSON *
doc_instance(int n, const char *bad_name)
{
	cJSON *i = cJSON_CreateObject(), *ch, *co, *pl, *o;
	char key[32], ref[64];
	int k;

	ch = cJSON_AddObjectToObject(i, "channels");
	co = cJSON_AddObjectToObject(i, "components");
	pl = cJSON_AddObjectToObject(i, "payloads");
	for (k = 0; k < n; k++) {
		snprintf(key, sizeof(key), "m%d", k);
		snprintf(ref, sizeof(ref), "#/components/m%d", k);
		o = cJSON_AddObjectToObject(ch, key);
		o = cJSON_AddObjectToObject(o, "message");
		cJSON_AddStringToObject(o, "$ref", ref);
		o = cJSON_AddObjectToObject(co, key);
		cJSON_AddStringToObject(
		        o, "name", k == n / 2 && bad_name ? bad_name : "a");
		snprintf(ref, sizeof(ref), "#/payloads/p%d", k);
		o = cJSON_AddObjectToObject(o, "payload");
		cJSON_AddStringToObject(o, "$ref", ref);
		snprintf(key, sizeof(key), "p%d", k);
		o = cJSON_AddObjectToObject(pl, key);
		cJSON_AddStringToObject(o, "n", "b");
	}
	return i;
}

/*
 * Both results say the same, error by error (not their steps: an answer
 * given again counts the steps it took, more than working it out again
 * would take when that reuses what the first time kept).
 */
static void
assert_same_result(const struct jsonschema_result *a,
                   const struct jsonschema_result *b)
{
	const struct jsonschema_error *x, *y;
	size_t k;

	assert_int_equal(jsonschema_result_count(a),
	                 jsonschema_result_count(b));
	assert_int_equal(jsonschema_result_truncated(a),
	                 jsonschema_result_truncated(b));
	for (k = 0; k < jsonschema_result_count(a); k++) {
		x = jsonschema_result_error(a, k);
		y = jsonschema_result_error(b, k);
		assert_ptr_equal(x->instance, y->instance);
		assert_string_equal(x->rule, y->rule);
		assert_string_equal(x->instance_path, y->instance_path);
		assert_string_equal(x->schema_path, y->schema_path);
		assert_string_equal(x->message, y->message);
		assert_int_equal(x->nrefs, y->nrefs);
	}
}

static void
acyclic_components_checked_once(void **state)
{
	cJSON *s = J(doc_schema), *good = doc_instance(50, NULL);
	cJSON *bad = doc_instance(50, "A1");
	struct jsonschema_opts opts = JSONSCHEMA_OPTS_INIT;
	struct jsonschema *js = compile(s), *lim = NULL;
	struct jsonschema_result *a = NULL, *b = NULL;
	cJSON *inst[2] = {good, bad};
	size_t k, steps;

	for (k = 0; k < 2; k++) {
		assert_int_equal(jsonschema_validate(&a, js, inst[k], NULL,
		                                     deref_local, inst[k]),
		                 0);
		assert_int_equal(jsonschema_validate_acyclic(&b, js, inst[k],
		                                             NULL, deref_local,
		                                             inst[k]),
		                 0);
		assert_same_result(a, b);
		if (k == 0) {
			/*
			 * name twice, n twice per component; then the
			 * component once (n twice still: a payload is
			 * cheaper to check again than to keep)
			 */
			assert_int_equal(
			        jsonschema_result_work(a).pattern_tests, 200);
			assert_int_equal(
			        jsonschema_result_work(b).pattern_tests, 150);
		} else {
			assert_int_equal(jsonschema_result_count(b), 1);
		}
		jsonschema_result_free(a);
		jsonschema_result_free(b);
	}
	/*
	 * at each step limit, the same place: the steps counted for answers
	 * given again would hit a limit the plain run does not reach, so
	 * that validation runs again without them
	 */
	assert_int_equal(
	        jsonschema_validate(&a, js, good, NULL, deref_local, good), 0);
	steps = jsonschema_result_work(a).steps;
	jsonschema_result_free(a);
	for (k = steps - 3; k <= steps; k++) {
		opts.max_steps = k;
		assert_int_equal(jsonschema_new(&lim, s, &opts, NULL), 0);
		assert_int_equal(jsonschema_validate(&a, lim, good, NULL,
		                                     deref_local, good),
		                 0);
		assert_int_equal(jsonschema_validate_acyclic(&b, lim, good,
		                                             NULL, deref_local,
		                                             good),
		                 0);
		assert_same_result(a, b);
		assert_int_equal(jsonschema_result_valid(b), k == steps);
		jsonschema_result_free(a);
		jsonschema_result_free(b);
		jsonschema_free(lim);
	}
	opts.max_steps = steps / 2;
	assert_int_equal(jsonschema_new(&lim, s, &opts, NULL), 0);
	assert_int_equal(
	        jsonschema_validate(&a, lim, good, NULL, deref_local, good), 0);
	assert_int_equal(jsonschema_validate_acyclic(&b, lim, good, NULL,
	                                             deref_local, good),
	                 0);
	assert_same_result(a, b);
	jsonschema_result_free(a);
	jsonschema_result_free(b);
	jsonschema_free(lim);
	jsonschema_free(js);
	cJSON_Delete(s);
	cJSON_Delete(good);
	cJSON_Delete(bad);
}

static void
deep_instance_hits_the_cap(void **state)
{
	cJSON *s = J("{'items':{'$ref':'#'}}"), *root = cJSON_CreateArray();
	cJSON *cur = root, *next;
	struct jsonschema *js = compile(s);
	struct jsonschema_result *r;
	int k;

	for (k = 0; k < 20000; k++) {
		next = cJSON_CreateArray();
		cJSON_AddItemToArray(cur, next);
		cur = next;
	}
	r = run(js, root);
	assert_int_equal(jsonschema_result_valid(r), 0);
	assert_int_equal(jsonschema_result_truncated(r), 1);
	assert_int_equal(jsonschema_result_count(r), 1);
	assert_string_equal(jsonschema_result_error(r, 0)->rule,
	                    "schema-too-deep");
	jsonschema_result_free(r);
	jsonschema_free(js);
	cJSON_Delete(s);
	cJSON_Delete(root);
}

static void
deep_schema_is_capped(void **state)
{
	cJSON *root = cJSON_CreateObject(), *cur = root, *next;
	cJSON *i = J("[[[1]]]");
	struct diag_list *d = diag_list_new();
	struct jsonschema *js = NULL;
	size_t k, warned = 0;

	for (k = 0; k < 20000; k++) {
		next = cJSON_CreateObject();
		cJSON_AddItemToObject(cur, "items", next);
		cur = next;
	}
	assert_int_equal(jsonschema_new(&js, root, NULL, d), 0);
	for (k = 0; k < diag_count(d); k++)
		if (strcmp(diag_at(d, k)->rule, "schema-too-deep") == 0)
			warned++;
	assert_int_equal(warned, 1);
	assert_int_equal(jsonschema_check(js, i, NULL, NULL, NULL), 1);
	jsonschema_free(js);
	diag_list_free(d);
	cJSON_Delete(root);
	cJSON_Delete(i);
}

static void
wrong_keywords_are_reported_and_ignored(void **state)
{
	cJSON *s = J("{'minLength':'3','required':'a','properties':[],"
	             "'pattern':5,'items':'x','enum':3,'type':'strin',"
	             "'multipleOf':0,'allOf':[],'maxItems':-1,"
	             "'uniqueItems':'yes','dependencies':{'a':[1]},"
	             "'additionalProperties':7,'$ref':12}");
	cJSON *bad_re = J("{'properties':{'a':{'pattern':'(unclosed'}},"
	                  "'patternProperties':{'[':{}}}");
	cJSON *unres = J("{'properties':{'a':{'$ref':'#/nope'}}}");
	cJSON *i = J("{'a':1}");
	struct diag_list *d = diag_list_new();
	struct jsonschema *js = NULL;
	size_t k, bad = 0;

	assert_int_equal(jsonschema_new(&js, s, NULL, d), 0);
	for (k = 0; k < diag_count(d); k++) {
		assert_int_equal(diag_at(d, k)->severity, DIAG_WARNING);
		if (strcmp(diag_at(d, k)->rule, "schema-bad-keyword") == 0)
			bad++;
	}
	assert_int_equal(bad, 14);
	assert_int_equal(jsonschema_check(js, i, NULL, NULL, NULL), 1);
	jsonschema_free(js);
	diag_list_clear(d);
	assert_int_equal(jsonschema_new(&js, bad_re, NULL, d), 0);
	assert_int_equal(diag_count(d), 2);
	assert_string_equal(diag_at(d, 0)->rule, "schema-bad-pattern");
	assert_string_equal(diag_at(d, 0)->message,
	                    "pattern '(unclosed' at #/properties/a is not a "
	                    "regular expression we can run; it is ignored");
	assert_int_equal(jsonschema_check(js, i, NULL, NULL, NULL), 1);
	jsonschema_free(js);
	diag_list_clear(d);
	assert_int_equal(jsonschema_new(&js, unres, NULL, d), 0);
	assert_int_equal(diag_count(d), 1);
	assert_string_equal(diag_at(d, 0)->rule, "schema-unresolved-ref");
	assert_int_equal(jsonschema_check(js, i, NULL, NULL, NULL), 1);
	jsonschema_free(js);
	/* not a schema at all */
	assert_int_equal(jsonschema_new(&js, i->child, NULL, d), -1);
	assert_null(js);
	diag_list_free(d);
	cJSON_Delete(s);
	cJSON_Delete(bad_re);
	cJSON_Delete(unres);
	cJSON_Delete(i);
}

static void
max_errors_truncates(void **state)
{
	cJSON *s = J("{'items':{'type':'string'}}"), *i = cJSON_CreateArray();
	struct jsonschema_opts opts = JSONSCHEMA_OPTS_INIT;
	struct jsonschema *js = NULL;
	struct jsonschema_result *r = NULL;
	int k;

	for (k = 0; k < 500; k++)
		cJSON_AddItemToArray(i, cJSON_CreateNumber(k));
	opts.max_errors = 10;
	assert_int_equal(jsonschema_new(&js, s, &opts, NULL), 0);
	assert_int_equal(jsonschema_validate(&r, js, i, NULL, NULL, NULL), 0);
	assert_int_equal(jsonschema_result_count(r), 10);
	assert_int_equal(jsonschema_result_truncated(r), 1);
	assert_string_equal(jsonschema_result_error(r, 9)->instance_path, "/9");
	jsonschema_result_free(r);
	jsonschema_free(js);
	cJSON_Delete(s);
	cJSON_Delete(i);
}

static void
number_source_text_in_messages(void **state)
{
	/* the loader keeps a number's source text in valuestring */
	cJSON *s = J("{'maximum':1.05}"), *i = cJSON_CreateNumber(1.1);
	struct jsonschema *js = compile(s);
	struct jsonschema_result *r;

	assert_int_equal(node_set_number_text(i, "1.10", 4), 0);
	r = run(js, i);
	assert_int_equal(jsonschema_result_count(r), 1);
	assert_string_equal(jsonschema_result_error(r, 0)->message,
	                    "must be at most 1.05, got 1.10");
	jsonschema_result_free(r);
	jsonschema_free(js);
	cJSON_Delete(s);
	cJSON_Delete(i);
}

/*
 * A keyword given twice in one schema object (cJSON keeps both): the first
 * counts, and the second is not compiled into arrays sized for the first
 * (a heap overflow the fuzzer found with two patternProperties).
 */
static void
duplicate_keyword_first_counts(void **state)
{
	(void)state;
	assert_false(valid("{\"properties\":{\"a\":{\"type\":\"string\"}},"
	                   "\"properties\":{\"a\":{},\"b\":{},\"c\":{}}}",
	                   "{\"a\":1}"));
	assert_true(valid("{\"patternProperties\":{\"^x\":{}},"
	                  "\"patternProperties\":{\"^a\":false,\"^b\":false,"
	                  "\"^c\":false}}",
	                  "{\"a\":1}"));
	assert_false(valid("{\"dependencies\":{\"a\":[\"b\"]},"
	                   "\"dependencies\":{\"x\":[],\"y\":[],\"z\":[]}}",
	                   "{\"a\":1}"));
}

/* ------------------------------------------------ answers by content */

/* canon: the members of the instance's "same" object, by name prefix. */
struct canon_map {
	const cJSON *rep[8], *node[8];
	size_t n;
};

static const cJSON *
canon_of(void *ctx, const cJSON *n)
{
	const struct canon_map *m = ctx;
	size_t i;

	for (i = 0; i < m->n; i++)
		if (m->node[i] == n)
			return m->rep[i];
	return NULL;
}

/* Every member of obj stands for the first (they are equal). */
static void
canon_all(struct canon_map *m, const cJSON *obj)
{
	const cJSON *el;

	m->n = 0;
	cJSON_ArrayForEach(el, obj)
	{
		assert_true(m->n < 8);
		m->rep[m->n] = obj->child;
		m->node[m->n++] = el;
	}
}

/* The result's errors as text: path, keyword, message, one a line. */
static char *
errors_text(const struct jsonschema_result *r)
{
	size_t i, n = jsonschema_result_count(r), len = 0;
	char *out = calloc(1, 1);

	assert_non_null(out);
	for (i = 0; i < n; i++) {
		const struct jsonschema_error *e =
		        jsonschema_result_error(r, i);
		size_t add = strlen(e->instance_path) + strlen(e->keyword) +
		             strlen(e->message) + 4;

		out = realloc(out, len + add + 1);
		assert_non_null(out);
		len += (size_t)snprintf(out + len, add + 1, "%s %s %s\n",
		                        e->instance_path, e->keyword,
		                        e->message);
	}
	return out;
}

/*
 * Equal members checked once (jsonschema_call.canon): the same errors at
 * each member's own path, the same steps (a yes given again counts what
 * it took), fewer pattern tests; an invalid copy still says why, each.
 */
static void
canon_answers_equal_members_once(void **state)
{
	static const char *const insts[] = {
	        /* all valid */
	        "{'same':{'m1':{'a':'xy','b':{'a':'xz'}},"
	        "'m2':{'a':'xy','b':{'a':'xz'}},'m3':{'a':'xy','b':{'a':'xz'}}}"
	        "}",
	        /* all invalid the same way */
	        "{'same':{'m1':{'a':'no','b':{'a':'xz'}},"
	        "'m2':{'a':'no','b':{'a':'xz'}},'m3':{'a':'no','b':{'a':'xz'}}}"
	        "}",
	};
	cJSON *sch =
	        J("{'definitions':{'S':{'type':'object','properties':"
	          "{'a':{'type':'string','pattern':'^x'}},"
	          "'additionalProperties':{'$ref':'#/definitions/S'}}},"
	          "'type':'object','additionalProperties':{'type':'object',"
	          "'additionalProperties':{'$ref':'#/definitions/S'}}}");
	struct jsonschema *js = compile(sch);
	size_t i;

	(void)state;
	for (i = 0; i < 2; i++) {
		cJSON *inst = J(insts[i]);
		struct canon_map m;
		struct jsonschema_call off = {0}, on = {0};
		struct jsonschema_result *a = NULL, *b = NULL;
		char *ta, *tb;

		canon_all(&m, node_get(inst, "same"));
		on.canon = canon_of;
		on.canon_ctx = &m;
		assert_int_equal(
		        jsonschema_validate_call(&a, js, inst, NULL, &off), 0);
		assert_int_equal(
		        jsonschema_validate_call(&b, js, inst, NULL, &on), 0);
		ta = errors_text(a);
		tb = errors_text(b);
		assert_string_equal(ta, tb);
		assert_int_equal(jsonschema_result_valid(a), i == 0);
		assert_int_equal(jsonschema_result_work(a).steps,
		                 jsonschema_result_work(b).steps);
		if (i == 0)
			/* m2 and m3 were not walked: 4 of 6 tests spared */
			assert_true(jsonschema_result_work(b).pattern_tests <
			            jsonschema_result_work(a).pattern_tests);
		else
			/* /same/m1/a, /same/m2/a, /same/m3/a */
			assert_int_equal(jsonschema_result_count(b), 3);
		free(ta);
		free(tb);
		jsonschema_result_free(a);
		jsonschema_result_free(b);
		cJSON_Delete(inst);
	}
	jsonschema_free(js);
	cJSON_Delete(sch);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(type_and_integer),
	        cmocka_unit_test(enum_and_const_deep_equality),
	        cmocka_unit_test(number_keywords),
	        cmocka_unit_test(string_length_counts_code_points),
	        cmocka_unit_test(required_and_error_fields),
	        cmocka_unit_test(additional_properties_messages),
	        cmocka_unit_test(asyncapi_extension_pattern),
	        cmocka_unit_test(component_name_pattern),
	        cmocka_unit_test(ecma_regex_semantics),
	        cmocka_unit_test(formats),
	        cmocka_unit_test(array_keywords),
	        cmocka_unit_test(object_keywords),
	        cmocka_unit_test(combinators_and_booleans),
	        cmocka_unit_test(local_refs),
	        cmocka_unit_test(id_anchors_and_scopes),
	        cmocka_unit_test(load_hook_for_other_documents),
	        cmocka_unit_test(schema_ref_hook),
	        cmocka_unit_test(validate_at_subschema),
	        cmocka_unit_test(closest_branch_on_the_node),
	        cmocka_unit_test(closest_branch_below_the_node),
	        cmocka_unit_test(
	                closest_branch_merges_types_and_discriminators),
	        cmocka_unit_test(one_of_matching_twice),
	        cmocka_unit_test(instance_refs_are_followed),
	        cmocka_unit_test(unknown_instance_is_accepted),
	        cmocka_unit_test(circular_instance_terminates),
	        cmocka_unit_test(ref_bomb_stays_linear),
	        cmocka_unit_test(exponential_alternatives_stay_fast),
	        cmocka_unit_test(catastrophic_regex_is_cut_short),
	        cmocka_unit_test(many_costly_patterns_end_fast),
	        cmocka_unit_test(huge_enum_is_indexed),
	        cmocka_unit_test(huge_unique_items_is_fast),
	        cmocka_unit_test(meta_schema_routes_are_memoised),
	        cmocka_unit_test(acyclic_components_checked_once),
	        cmocka_unit_test(deep_instance_hits_the_cap),
	        cmocka_unit_test(deep_schema_is_capped),
	        cmocka_unit_test(wrong_keywords_are_reported_and_ignored),
	        cmocka_unit_test(max_errors_truncates),
	        cmocka_unit_test(number_source_text_in_messages),
	        cmocka_unit_test(duplicate_keyword_first_counts),
	        cmocka_unit_test(canon_answers_equal_members_once),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
