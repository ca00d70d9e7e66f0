/* Tests of the search index script: format, terms, URLs, escaping, caps. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <cjson/cJSON.h>

#include "util/diag.h"
#include "load/loader.h"
#include "model/model.h"
#include "render/pages.h"
#include "render/searchidx.h"
#include "util/strbuf.h"

#define DATA TEST_DATA "/searchidx/"

#define HEAD "window.ASYNCDOC_INDEX = {"
#define TAIL "};\n"

/* One spec loaded and modelled. */
struct spec {
	struct diag_list *diags;
	struct loader_doc *doc;
	struct model *m;
};

static void
spec_load_path(struct spec *s, const char *path)
{
	memset(s, 0, sizeof(*s));
	s->diags = diag_list_new();
	assert_non_null(s->diags);
	assert_int_equal(loader_load(&s->doc, path, NULL, s->diags), 0);
	assert_int_equal(model_new(&s->m, s->doc, s->diags), 0);
}

static void
spec_load(struct spec *s, const char *name)
{
	char path[512];

	snprintf(path, sizeof(path), DATA "%s", name);
	spec_load_path(s, path);
}

static void
spec_free(struct spec *s)
{
	model_free(s->m);
	loader_doc_free(s->doc);
	diag_list_free(s->diags);
}

/* The index of s as a string the caller frees. */
static char *
index_text(const struct spec *s, const struct pages_plan *plan)
{
	struct strbuf b = STRBUF_INIT;

	assert_int_equal(searchidx_write(&b, s->m, plan), 0);
	return strbuf_take(&b);
}

/*
 * Checks the script's frame and parses the object it assigns (the caller
 * frees it with cJSON_Delete()).
 */
static cJSON *
parse_index(const char *text)
{
	size_t len = strlen(text);
	const char *obj;
	cJSON *root;
	char *json;

	assert_true(len > strlen(HEAD) + strlen(TAIL));
	assert_memory_equal(text, HEAD, strlen(HEAD));
	assert_string_equal(text + len - strlen(TAIL), TAIL);
	obj = text + strlen(HEAD) - 1;
	json = strndup(obj, (size_t)(text + len - 2 - obj));
	assert_non_null(json);
	root = cJSON_Parse(json);
	free(json);
	assert_non_null(root);
	assert_int_equal(cJSON_GetObjectItemCaseSensitive(root, "v")->valueint,
	                 1);
	return root;
}

static const cJSON *
spec_entries(const cJSON *root, int i)
{
	const cJSON *specs = cJSON_GetObjectItemCaseSensitive(root, "specs");
	const cJSON *spec = cJSON_GetArrayItem(specs, i);

	assert_non_null(spec);
	return cJSON_GetObjectItemCaseSensitive(spec, "entries");
}

static const char *
field(const cJSON *entry, int i)
{
	const cJSON *f = cJSON_GetArrayItem(entry, i);

	assert_true(cJSON_IsString(f));
	return f->valuestring;
}

/* The entry of kind with title, or a failed test. */
static const cJSON *
find_entry(const cJSON *entries, const char *kind, const char *title)
{
	const cJSON *e;

	cJSON_ArrayForEach(e, entries)
	{
		if (strcmp(field(e, 0), kind) == 0 &&
		    strcmp(field(e, 1), title) == 0)
			return e;
	}
	fail_msg("no %s entry titled %s", kind, title);
	return NULL;
}

/* 1 when the space-separated terms hold the piece word. */
static int
has_term(const cJSON *entry, const char *word)
{
	const char *terms = field(entry, 4), *p = terms;
	size_t n = strlen(word);

	while ((p = strstr(p, word)) != NULL) {
		if ((p == terms || p[-1] == ' ') &&
		    (p[n] == ' ' || p[n] == '\0'))
			return 1;
		p++;
	}
	return 0;
}

static void
entries_are_in_document_order(void **state)
{
	static const char *const want[][2] = {
	        {"server", "broker"},        {"channel", "lights"},
	        {"channel", "tree"},         {"operation", "switchLight"},
	        {"operation", "onTreeNode"}, {"message", "LightSwitched"},
	        {"message", "TreeNode"},     {"message", "AvroReading"},
	        {"schema", "switchState"},   {"schema", "stamp"},
	        {"schema", "node"}};
	struct pages_plan plan = {0, ".html"};
	const cJSON *entries, *e;
	struct spec s;
	cJSON *root, *spec;
	char *text;
	size_t i = 0;

	(void)state;
	spec_load(&s, "v3.yaml");
	text = index_text(&s, &plan);
	root = parse_index(text);
	spec = cJSON_GetArrayItem(
	        cJSON_GetObjectItemCaseSensitive(root, "specs"), 0);
	assert_string_equal(
	        cJSON_GetObjectItemCaseSensitive(spec, "title")->valuestring,
	        "Search fixture");
	assert_string_equal(
	        cJSON_GetObjectItemCaseSensitive(spec, "prefix")->valuestring,
	        "");
	entries = spec_entries(root, 0);
	assert_int_equal(cJSON_GetArraySize(entries),
	                 sizeof(want) / sizeof(want[0]));
	cJSON_ArrayForEach(e, entries)
	{
		assert_int_equal(cJSON_GetArraySize(e), 5);
		assert_string_equal(field(e, 0), want[i][0]);
		assert_string_equal(field(e, 1), want[i][1]);
		i++;
	}
	cJSON_Delete(root);
	free(text);
	spec_free(&s);
}

static void
urls_come_from_the_page_plan(void **state)
{
	struct pages_plan multi = {0, ".html"}, single = {1, ".html"};
	const cJSON *entries, *e;
	struct spec s;
	cJSON *root;
	char *text;
	size_t i;

	(void)state;
	spec_load(&s, "v3.yaml");
	text = index_text(&s, &multi);
	root = parse_index(text);
	entries = spec_entries(root, 0);
	assert_string_equal(field(find_entry(entries, "server", "broker"), 2),
	                    "index.html#server-broker");
	assert_string_equal(field(find_entry(entries, "channel", "lights"), 2),
	                    "channels/lights.html");
	assert_string_equal(
	        field(find_entry(entries, "operation", "switchLight"), 2),
	        "operations/switchlight.html");
	assert_string_equal(
	        field(find_entry(entries, "message", "LightSwitched"), 2),
	        "messages/lightswitched.html");
	assert_string_equal(field(find_entry(entries, "schema", "node"), 2),
	                    "schemas/node.html");
	/* Every URL is pages_url() of the object's id. */
	for (i = 0; i < s.m->n_messages; i++) {
		char *url =
		        pages_url(&multi, PAGES_MESSAGE, s.m->messages[i]->id);

		e = cJSON_GetArrayItem(entries, (int)(5 + i));
		assert_string_equal(field(e, 2), url);
		free(url);
	}
	cJSON_Delete(root);
	free(text);

	text = index_text(&s, &single);
	root = parse_index(text);
	entries = spec_entries(root, 0);
	assert_string_equal(field(find_entry(entries, "channel", "lights"), 2),
	                    "index.html#channel-lights");
	assert_string_equal(
	        field(find_entry(entries, "message", "TreeNode"), 2),
	        "index.html#message-treenode");
	cJSON_Delete(root);
	free(text);
	spec_free(&s);
}

static void
payload_properties_are_terms(void **state)
{
	struct pages_plan plan = {0, ".html"};
	const cJSON *entries, *e;
	struct spec s;
	cJSON *root;
	char *text;

	(void)state;
	spec_load(&s, "v3.yaml");
	text = index_text(&s, &plan);
	root = parse_index(text);
	entries = spec_entries(root, 0);

	e = find_entry(entries, "message", "LightSwitched");
	/* Through a component ref, a ref to another file, allOf in items. */
	assert_true(has_term(e, "brightnessLevel"));
	assert_true(has_term(e, "floorNumber"));
	assert_true(has_term(e, "changedAt"));
	assert_true(has_term(e, "traceparent")); /* headers */
	/* Enum and const values. */
	assert_true(has_term(e, "nightGlow"));
	assert_true(has_term(e, "southWing"));
	assert_true(has_term(e, "manualToggle"));
	/* Its own texts; the summary is one line. */
	assert_true(has_term(e, "Light switched"));
	assert_string_equal(field(e, 3), "A light changed state.");
	assert_false(has_term(e, "label")); /* another message's property */

	/* A circular schema is walked once. */
	e = find_entry(entries, "message", "TreeNode");
	assert_true(has_term(e, "label"));
	assert_true(has_term(e, "children"));
	assert_true(has_term(e, "parent"));
	assert_null(strstr(strstr(field(e, 4), "label") + 1, "label"));

	/* Avro records, nested, and enum symbols. */
	e = find_entry(entries, "message", "AvroReading");
	assert_true(has_term(e, "sensorSerial"));
	assert_true(has_term(e, "sampledAt"));
	assert_true(has_term(e, "KELVIN"));

	/* Component schemas carry their own properties and texts. */
	e = find_entry(entries, "schema", "switchState");
	assert_true(has_term(e, "mode"));
	assert_true(has_term(e, "wing"));
	assert_string_equal(field(e, 3), "Switch state");

	/* Channels: address, parameters, enums; summary = address - text. */
	e = find_entry(entries, "channel", "lights");
	assert_true(has_term(e, "rooms/{roomId}/lights"));
	assert_true(has_term(e, "roomId"));
	assert_true(has_term(e, "102"));
	assert_string_equal(
	        field(e, 3),
	        "rooms/{roomId}/lights - Light switches of a room.");

	/* Operations: label and address lead the summary; messages, tags. */
	e = find_entry(entries, "operation", "switchLight");
	assert_string_equal(field(e, 3), "SEND rooms/{roomId}/lights - Switch "
	                                 "a light on or off.");
	assert_true(has_term(e, "LightSwitched"));
	assert_true(has_term(e, "lighting"));

	/* Servers: host, protocol, variables, tags. */
	e = find_entry(entries, "server", "broker");
	assert_true(has_term(e, "us-east"));
	assert_true(has_term(e, "infrastructure"));
	assert_string_equal(field(e, 3), "{region}.broker.example:8883 (mqtt) "
	                                 "- Main broker");
	cJSON_Delete(root);
	free(text);
	spec_free(&s);
}

static void
description_summary_is_its_first_paragraph(void **state)
{
	static const char spec[] =
	        "asyncapi: 3.0.0\n"
	        "info: {title: t, version: '1'}\n"
	        "components:\n"
	        "  messages:\n"
	        "    m:\n"
	        "      description: \"# Heading\\n\\n**Bold** and `code`\\n"
	        "line two\\n\\nSecond paragraph.\"\n";
	struct pages_plan plan = {0, ".html"};
	struct diag_list *diags = diag_list_new();
	struct strbuf b = STRBUF_INIT;
	struct loader_doc *doc;
	struct model *m;
	cJSON *root;

	(void)state;
	assert_int_equal(loader_load_buffer(&doc, "d.yaml", spec, strlen(spec),
	                                    NULL, diags),
	                 0);
	assert_int_equal(model_new(&m, doc, diags), 0);
	assert_int_equal(searchidx_write(&b, m, &plan), 0);
	root = parse_index(b.p);
	/* The heading is the first paragraph; marks dropped. */
	assert_string_equal(
	        field(cJSON_GetArrayItem(spec_entries(root, 0), 0), 3),
	        "Heading");
	assert_true(has_term(cJSON_GetArrayItem(spec_entries(root, 0), 0),
	                     "Heading Bold and code line two Second "
	                     "paragraph."));
	cJSON_Delete(root);
	strbuf_free(&b);
	model_free(m);
	loader_doc_free(doc);
	diag_list_free(diags);
}

static void
hostile_text_cannot_leave_the_script(void **state)
{
	struct pages_plan plan = {0, ".html"};
	const cJSON *entries, *e;
	struct spec s;
	cJSON *root, *spec;
	const unsigned char *p;
	char *text;

	(void)state;
	spec_load(&s, "hostile.yaml");
	text = index_text(&s, &plan);
	/* Pure printable ASCII (and newlines), none of < > & '. */
	for (p = (const unsigned char *)text; *p != '\0'; p++) {
		assert_true((*p >= 0x20 && *p < 0x7f) || *p == '\n');
		assert_true(*p != '<' && *p != '>' && *p != '&' && *p != '\'');
	}
	assert_null(strstr(text, "script>"));
	assert_non_null(strstr(text, "\\u003c/script\\u003e"));
	assert_non_null(strstr(text, "\\u2028"));
	assert_non_null(strstr(text, "\\u2029"));
	assert_non_null(strstr(text, "\\ud83d\\ude00")); /* U+1F600 */

	/* And it means exactly the spec's text. */
	root = parse_index(text);
	spec = cJSON_GetArrayItem(
	        cJSON_GetObjectItemCaseSensitive(root, "specs"), 0);
	assert_string_equal(
	        cJSON_GetObjectItemCaseSensitive(spec, "title")->valuestring,
	        "T </script><script>window.__pwned=1</script> & <!-- "
	        "\xe2\x80\xa8");
	entries = spec_entries(root, 0);
	e = find_entry(entries, "message", "msg<&>");
	assert_true(has_term(e, "</script><b>"));
	assert_true(has_term(e, "<!--"));
	e = find_entry(entries, "operation", "op</script>");
	assert_non_null(strstr(field(e, 3), "sum <img src=x onerror=alert(1)> "
	                                    "\xf0\x9f\x98\x80"));
	e = find_entry(entries, "channel", "a/</script>/b");
	assert_non_null(strstr(field(e, 4), "\"quoted\" 'single' back\\slash"));
	assert_non_null(strstr(field(e, 4), "\xe2\x80\xa9"));
	cJSON_Delete(root);
	free(text);
	spec_free(&s);
}

static void
output_is_reproducible(void **state)
{
	struct pages_plan plan = {0, ".html"};
	struct spec s1, s2;
	char *t1, *t2;

	(void)state;
	spec_load(&s1, "v3.yaml");
	spec_load(&s2, "v3.yaml");
	t1 = index_text(&s1, &plan);
	t2 = index_text(&s2, &plan);
	assert_string_equal(t1, t2);
	free(t1);
	free(t2);
	spec_free(&s1);
	spec_free(&s2);
}

static void
portal_has_one_spec_per_add(void **state)
{
	struct pages_plan plan = {0, ".html"};
	struct strbuf b = STRBUF_INIT;
	struct searchidx w;
	struct spec a, h;
	cJSON *root, *specs;

	(void)state;
	spec_load(&a, "v3.yaml");
	spec_load(&h, "hostile.yaml");
	searchidx_begin(&w, &b);
	assert_int_equal(searchidx_add(&w, a.m, &plan, "lights/"), 0);
	assert_int_equal(searchidx_add(&w, h.m, &plan, "hostile/"), 0);
	assert_int_equal(searchidx_end(&w), 0);
	root = parse_index(b.p);
	specs = cJSON_GetObjectItemCaseSensitive(root, "specs");
	assert_int_equal(cJSON_GetArraySize(specs), 2);
	assert_string_equal(cJSON_GetObjectItemCaseSensitive(
	                            cJSON_GetArrayItem(specs, 1), "prefix")
	                            ->valuestring,
	                    "hostile/");
	/* URLs stay relative to their spec's folder. */
	assert_string_equal(
	        field(find_entry(spec_entries(root, 0), "channel", "lights"),
	              2),
	        "channels/lights.html");
	cJSON_Delete(root);
	strbuf_free(&b);
	spec_free(&a);
	spec_free(&h);
}

/* Writes text to a new temporary .json file; its path goes in path (64). */
static void
write_temp(char *path, const char *text)
{
	FILE *fp;
	int fd;

	strcpy(path, "/tmp/asyncdoc-test-searchidx-XXXXXX.json");
	fd = mkstemps(path, 5);
	assert_true(fd >= 0);
	fp = fdopen(fd, "w");
	assert_non_null(fp);
	assert_true(fputs(text, fp) >= 0);
	assert_int_equal(fclose(fp), 0);
}

static void
caps_bound_the_terms(void **state)
{
	struct pages_plan plan = {0, ".html"};
	struct strbuf spec = STRBUF_INIT;
	const cJSON *entries, *e;
	char path[64];
	struct spec s;
	cJSON *root;
	char *text;
	size_t i, len;

	(void)state;
	/* A long description, a schema of 2000 properties, 50 levels. */
	strbuf_puts(&spec, "{\"asyncapi\":\"3.0.0\",\"info\":{\"title\":\"t\","
	                   "\"version\":\"1\"},\"components\":{\"schemas\":{");
	strbuf_puts(&spec, "\"wide\":{\"description\":\"");
	for (i = 0; i < 1000; i++)
		strbuf_puts(&spec, "\xc3\xa9");
	strbuf_puts(&spec, "\",\"properties\":{");
	for (i = 0; i < 2000; i++)
		strbuf_printf(&spec, "%s\"property%04zu\":{}", i ? "," : "", i);
	strbuf_puts(&spec, "}},\"deep\":");
	for (i = 0; i < 50; i++)
		strbuf_printf(&spec, "{\"properties\":{\"level%zu\":", i);
	strbuf_puts(&spec, "{}");
	for (i = 0; i < 50; i++)
		strbuf_puts(&spec, "}}");
	strbuf_puts(&spec, "}}}");
	assert_false(spec.oom);
	write_temp(path, spec.p);
	strbuf_free(&spec);

	spec_load_path(&s, path);
	text = index_text(&s, &plan);
	root = parse_index(text);
	entries = spec_entries(root, 0);

	e = find_entry(entries, "schema", "wide");
	len = strlen(field(e, 4));
	assert_true(len >= SEARCHIDX_TERMS_MAX - 20);
	assert_true(len <= SEARCHIDX_TERMS_MAX + SEARCHIDX_TEXT_MAX + 4);
	assert_true(has_term(e, "property0000"));
	assert_false(has_term(e, "property1999"));
	/* The description is cut on a character boundary, then "...". */
	assert_int_equal(strncmp(field(e, 4), "\xc3\xa9", 2), 0);
	assert_non_null(strstr(field(e, 4), "\xc3\xa9..."));
	assert_true(strstr(field(e, 4), "...") - field(e, 4) <=
	            SEARCHIDX_DESC_MAX);
	assert_true(strlen(field(e, 3)) <= SEARCHIDX_TEXT_MAX + 3);

	e = find_entry(entries, "schema", "deep");
	assert_true(has_term(e, "level0"));
	assert_true(has_term(e, "level15"));
	assert_false(has_term(e, "level16")); /* SEARCHIDX_SCHEMA_DEPTH */
	cJSON_Delete(root);
	free(text);
	spec_free(&s);
	unlink(path);
}

static void
shared_schemas_are_walked_once(void **state)
{
	struct pages_plan plan = {0, ".html"};
	struct strbuf spec = STRBUF_INIT;
	const cJSON *e;
	char path[64];
	struct spec s;
	cJSON *root;
	char *text;
	size_t i;

	(void)state;
	/* s0 -> s1 twice -> s2 twice...: 2^60 paths unless walked once. */
	strbuf_puts(&spec, "{\"asyncapi\":\"3.0.0\",\"info\":{\"title\":\"t\","
	                   "\"version\":\"1\"},\"components\":{\"schemas\":{");
	for (i = 0; i < 60; i++)
		strbuf_printf(&spec,
		              "%s\"s%zu\":{\"properties\":{\"a%zu\":{\"$ref\":"
		              "\"#/components/schemas/s%zu\"},\"b%zu\":{\"$"
		              "ref\":\"#/components/schemas/s%zu\"}}}",
		              i ? "," : "", i, i, i + 1, i, i + 1);
	strbuf_puts(&spec, ",\"s60\":{\"enum\":[\"bottom\"]}}}}");
	write_temp(path, spec.p);
	strbuf_free(&spec);

	spec_load_path(&s, path);
	text = index_text(&s, &plan);
	root = parse_index(text);
	e = find_entry(spec_entries(root, 0), "schema", "s0");
	assert_true(has_term(e, "a0"));
	assert_true(has_term(e, "b10"));
	cJSON_Delete(root);
	free(text);
	spec_free(&s);
	unlink(path);
}

static void
total_cap_empties_later_terms(void **state)
{
	struct pages_plan plan = {0, ".html"};
	struct strbuf b = STRBUF_INIT;
	const cJSON *entries, *e;
	struct searchidx w;
	struct spec s;
	cJSON *root;
	int n = 0;

	(void)state;
	spec_load(&s, "v3.yaml");
	searchidx_begin(&w, &b);
	w.total_max = 1; /* the first entry with terms spends it */
	assert_int_equal(searchidx_add(&w, s.m, &plan, NULL), 0);
	assert_int_equal(searchidx_end(&w), 0);
	root = parse_index(b.p);
	entries = spec_entries(root, 0);
	cJSON_ArrayForEach(e, entries)
	{
		if (*field(e, 4) != '\0')
			n++;
		/* Titles and summaries stay. */
		assert_true(*field(e, 1) != '\0');
	}
	assert_int_equal(n, 1);
	assert_string_equal(
	        field(find_entry(entries, "channel", "lights"), 3),
	        "rooms/{roomId}/lights - Light switches of a room.");
	cJSON_Delete(root);
	strbuf_free(&b);
	spec_free(&s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(entries_are_in_document_order),
	        cmocka_unit_test(urls_come_from_the_page_plan),
	        cmocka_unit_test(payload_properties_are_terms),
	        cmocka_unit_test(description_summary_is_its_first_paragraph),
	        cmocka_unit_test(hostile_text_cannot_leave_the_script),
	        cmocka_unit_test(output_is_reproducible),
	        cmocka_unit_test(portal_has_one_spec_per_add),
	        cmocka_unit_test(caps_bound_the_terms),
	        cmocka_unit_test(shared_schemas_are_walked_once),
	        cmocka_unit_test(total_cap_empties_later_terms),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
