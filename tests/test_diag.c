/* Tests of the diagnostics list and its printers (text, json, github, sarif).
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <cJSON.h>

#include "util/ascii.h"
#include "util/diag.h"
#include "helpers.h"
#include "check/jsonschema.h"

static void
add_and_read_back(void **state)
{
	struct diag_list *l = diag_list_new();
	const struct diag *d;

	assert_non_null(l);
	assert_int_equal(diag_add(l, DIAG_ERROR, "a.yaml", 3, 7, "yaml-syntax",
	                          "bad %s at %d", "thing", 42),
	                 0);
	assert_int_equal(diag_set_via(l, "a.yaml:1:1 -> b.yaml#/X"), 0);
	assert_int_equal(diag_set_hint(l, "quote it: '%s'", "1.10"), 0);
	assert_int_equal(diag_add(l, DIAG_WARNING, NULL, 0, 0, "w", "warn"), 0);
	assert_int_equal(diag_count(l), 2);
	d = diag_at(l, 0);
	assert_string_equal(d->file, "a.yaml");
	assert_int_equal(d->line, 3);
	assert_int_equal(d->col, 7);
	assert_int_equal(d->severity, DIAG_ERROR);
	assert_string_equal(d->rule, "yaml-syntax");
	assert_string_equal(d->message, "bad thing at 42");
	assert_string_equal(d->via, "a.yaml:1:1 -> b.yaml#/X");
	assert_string_equal(d->hint, "quote it: '1.10'");
	d = diag_at(l, 1);
	assert_null(d->file);
	assert_null(d->via);
	assert_null(diag_at(l, 2));
	diag_list_free(l);
}

static void
counts_by_severity(void **state)
{
	struct diag_list *l = diag_list_new();

	diag_add(l, DIAG_INFO, "f", 1, 1, "i", "i");
	diag_add(l, DIAG_WARNING, "f", 1, 1, "w", "w");
	diag_add(l, DIAG_WARNING, "f", 1, 1, "w", "w");
	diag_add(l, DIAG_ERROR, "f", 1, 1, "e", "e");
	assert_int_equal(diag_count_at_least(l, DIAG_ERROR), 1);
	assert_int_equal(diag_count_at_least(l, DIAG_WARNING), 3);
	assert_int_equal(diag_count_at_least(l, DIAG_INFO), 4);
	diag_list_clear(l);
	assert_int_equal(diag_count(l), 0);
	assert_int_equal(diag_set_via(l, "x"), -1);
	diag_list_free(l);
}

static void
sort_is_stable_by_position(void **state)
{
	struct diag_list *l = diag_list_new();

	diag_add(l, DIAG_ERROR, "b.yaml", 1, 1, "r", "b1");
	diag_add(l, DIAG_ERROR, "a.yaml", 9, 2, "r", "a9");
	diag_add(l, DIAG_ERROR, "a.yaml", 2, 5, "r", "a2-first");
	diag_add(l, DIAG_ERROR, "a.yaml", 2, 5, "r", "a2-second");
	diag_add(l, DIAG_ERROR, "a.yaml", 2, 1, "r", "a2c1");
	diag_sort(l);
	assert_string_equal(diag_at(l, 0)->message, "a2c1");
	assert_string_equal(diag_at(l, 1)->message, "a2-first");
	assert_string_equal(diag_at(l, 2)->message, "a2-second");
	assert_string_equal(diag_at(l, 3)->message, "a9");
	assert_string_equal(diag_at(l, 4)->message, "b1");
	diag_list_free(l);
}

static void
keep_and_drop_rule_filter_in_order(void **state)
{
	struct diag_list *l = diag_list_new();

	diag_add(l, DIAG_INFO, "f", 1, 1, "hint", "i1");
	diag_add(l, DIAG_ERROR, "f", 2, 1, "model-ref", "e1");
	diag_add(l, DIAG_WARNING, "f", 3, 1, "w", "w1");
	diag_add(l, DIAG_ERROR, "f", 4, 1, "e", "e2");
	diag_add(l, DIAG_INFO, "f", 5, 1, "hint", "i2");
	assert_int_equal(diag_list_drop_rule(l, "model-ref"), 1);
	assert_int_equal(diag_count(l), 4);
	assert_int_equal(diag_list_keep(l, DIAG_WARNING), 2);
	assert_int_equal(diag_count(l), 2);
	assert_string_equal(diag_at(l, 0)->message, "w1");
	assert_string_equal(diag_at(l, 1)->message, "e2");
	assert_int_equal(diag_list_keep(l, DIAG_ERROR), 1);
	assert_string_equal(diag_at(l, 0)->message, "e2");
	diag_list_free(l);
}

static void
sort_many_is_stable(void **state)
{
	struct diag_list *l = diag_list_new();
	char msg[16];
	uint32_t i;

	/* Lines 1000..1 (each twice), so the merge sort has work to do. */
	for (i = 0; i < 2000; i++) {
		snprintf(msg, sizeof(msg), "%u", i);
		diag_add(l, DIAG_ERROR, "f", 1000 - i / 2, 1, "r", "%s", msg);
	}
	diag_sort(l);
	for (i = 0; i < 2000; i += 2) {
		assert_int_equal(diag_at(l, i)->line, i / 2 + 1);
		assert_int_equal(diag_at(l, i + 1)->line, i / 2 + 1);
		/* Of two equal positions, the one added first stays first. */
		assert_true(atoi(diag_at(l, i)->message) <
		            atoi(diag_at(l, i + 1)->message));
	}
	diag_list_free(l);
}

static void
move_appends(void **state)
{
	struct diag_list *a = diag_list_new(), *b = diag_list_new();

	diag_add(a, DIAG_ERROR, "a", 1, 1, "r", "one");
	diag_add(b, DIAG_ERROR, "b", 1, 1, "r", "two");
	diag_add(b, DIAG_INFO, "b", 2, 1, "r", "three");
	assert_int_equal(diag_list_move(a, b), 0);
	assert_int_equal(diag_count(a), 3);
	assert_int_equal(diag_count(b), 0);
	assert_string_equal(diag_at(a, 2)->message, "three");
	diag_list_free(a);
	diag_list_free(b);
}

static void
text_has_source_line_and_caret(void **state)
{
	char path[] = "/tmp/asyncdoc-diag-XXXXXX";
	int fd = mkstemp(path);
	const char *src =
	        "asyncapi: 3.0.0\ninfo:\n  title: \xc3\xa9t\xc3\xa9 x\n";
	struct diag_list *l = diag_list_new();
	char *out, *expected;

	assert_true(fd >= 0);
	assert_int_equal(write(fd, src, strlen(src)), (ssize_t)strlen(src));
	close(fd);
	/* Column 13 counts code points: the caret sits under the 'x'. */
	diag_add(l, DIAG_ERROR, path, 3, 13, "r1", "bad title");
	diag_set_via(l, "root.yaml:4:3 -> b.yaml#/X");
	diag_set_hint(l, "fix it");
	out = helpers_diags_text(l);
	assert_true(asprintf(&expected,
	                     "%s:3:13: error: bad title [r1]\n"
	                     "    title: \xc3\xa9t\xc3\xa9 x\n"
	                     "              ^\n"
	                     "  via root.yaml:4:3 -> b.yaml#/X\n"
	                     "  hint: fix it\n",
	                     path) > 0);
	assert_string_equal(out, expected);
	free(out);
	free(expected);
	unlink(path);
	diag_list_free(l);
}

/*
 * Control bytes, DEL, C1 controls, bidi overrides and bad UTF-8 of the
 * source line, the file name, the message, the via chain and the hint are
 * escaped; the caret still sits under its character.
 */
static void
text_escapes_everything_from_the_spec(void **state)
{
	char dir[] = "/tmp/asyncdoc-diag-XXXXXX";
	const char *src = "a:\n\t\x1b]0;x\x07\xc2\x9b\xe2\x80\xae\xff b\n";
	struct diag_list *l = diag_list_new();
	char *out, *expected, *path;

	assert_non_null(mkdtemp(dir));
	assert_true(asprintf(&path, "%s/f\x1b[2J.yaml", dir) > 0);
	helpers_write_file(dir, "f\x1b[2J.yaml", src);
	/* Column 12 is the 'b' (tab, ESC, "]0;x", BEL, CSI, RLO, FF, ' '). */
	diag_add(l, DIAG_ERROR, path, 2, 12, "r\x01", "m\x1b\x7f");
	diag_set_via(l, "v\r\n");
	diag_set_hint(l, "h\xc2\x85");
	out = helpers_diags_text(l);
	assert_true(asprintf(&expected,
	                     "%s/f\\x1b[2J.yaml:2:12: error: m\\x1b\\x7f "
	                     "[r\\x01]\n"
	                     "      \\x1b]0;x\\x07\\x9b\\u{202e}\xef\xbf\xbd b\n"
	                     "                                ^\n"
	                     "  via v\\x0d\\x0a\n"
	                     "  hint: h\\x85\n",
	                     dir) > 0);
	assert_string_equal(out, expected);
	free(out);
	free(expected);
	unlink(path);
	rmdir(dir);
	free(path);
	diag_list_free(l);
}

static void
text_without_file(void **state)
{
	struct diag_list *l = diag_list_new();
	char *out;

	diag_add(l, DIAG_WARNING, NULL, 0, 0, "io", "cannot read");
	diag_add(l, DIAG_INFO, "/nonexistent/x.yaml", 2, 0, "r", "m");
	out = helpers_diags_text(l);
	assert_string_equal(out, "asyncdoc: warning: cannot read [io]\n"
	                         "/nonexistent/x.yaml:2: info: m [r]\n");
	free(out);
	diag_list_free(l);
}

/* Which printer print_format_to_string() runs. */
enum printer { P_JSON, P_GITHUB, P_SARIF };

/* Runs a printer into a memory stream; returns what it wrote. */
static char *
print_format_to_string(const struct diag_list *l, enum printer p,
                       const struct diag_sarif_opts *opts)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);
	int rc;

	assert_non_null(fp);
	if (p == P_JSON)
		rc = diag_print_json(fp, l);
	else if (p == P_GITHUB)
		rc = diag_print_github(fp, l);
	else
		rc = diag_print_sarif(fp, l, opts);
	assert_int_equal(rc, 0);
	fclose(fp);
	return buf;
}

/* The fixed list of the golden tests: every field set and unset. */
static struct diag_list *
golden_list(void)
{
	struct diag_list *l = diag_list_new();

	assert_non_null(l);
	assert_int_equal(diag_add(l, DIAG_ERROR, "specs/api.yaml", 12, 7,
	                          "schema-required",
	                          "'title' is a required property of info"),
	                 0);
	assert_int_equal(
	        diag_set_via(l, "specs/api.yaml:3:9 -> info.yaml#/Info"), 0);
	assert_int_equal(diag_set_hint(l, "add \"title: ...\""), 0);
	assert_int_equal(diag_add(l, DIAG_WARNING, "specs/api.yaml", 20, 0,
	                          "operation-summary",
	                          "operation 'onLight' has no summary"),
	                 0);
	assert_int_equal(diag_add(l, DIAG_INFO, NULL, 0, 0, "unused-component",
	                          "message 'Old' is never used"),
	                 0);
	return l;
}

static void
json_golden(void **state)
{
	struct diag_list *l = golden_list();
	char *out = print_format_to_string(l, P_JSON, NULL);

	assert_string_equal(
	        out,
	        "{\"version\":1,\"diagnostics\":["
	        "{\"file\":\"specs/api.yaml\",\"line\":12,\"column\":7,"
	        "\"severity\":\"error\",\"rule\":\"schema-required\","
	        "\"message\":\"'title' is a required property of info\","
	        "\"via\":\"specs/api.yaml:3:9 -> info.yaml#/Info\","
	        "\"hint\":\"add \\\"title: ...\\\"\"},"
	        "{\"file\":\"specs/api.yaml\",\"line\":20,\"column\":null,"
	        "\"severity\":\"warning\",\"rule\":\"operation-summary\","
	        "\"message\":\"operation 'onLight' has no summary\","
	        "\"via\":null,\"hint\":null},"
	        "{\"file\":null,\"line\":null,\"column\":null,"
	        "\"severity\":\"info\",\"rule\":\"unused-component\","
	        "\"message\":\"message 'Old' is never used\","
	        "\"via\":null,\"hint\":null}],"
	        "\"summary\":{\"errors\":1,\"warnings\":1,\"infos\":1}}\n");
	free(out);
	diag_list_free(l);
}

static void
json_empty_list(void **state)
{
	struct diag_list *l = diag_list_new();
	char *out = print_format_to_string(l, P_JSON, NULL);

	assert_string_equal(out, "{\"version\":1,\"diagnostics\":[],"
	                         "\"summary\":{\"errors\":0,\"warnings\":0,"
	                         "\"infos\":0}}\n");
	free(out);
	diag_list_free(l);
}

/* Bytes that are not UTF-8 become U+FFFD; control characters escaped. */
static void
json_repairs_bad_utf8(void **state)
{
	struct diag_list *l = diag_list_new();
	cJSON *doc;
	char *out;

	/* A lone continuation byte, an overlong "/", a surrogate, a cut one. */
	diag_add(
	        l, DIAG_ERROR,
	        "b\xff"
	        "d.json",
	        1, 1, "r",
	        "key '\x80' or '\xc0\xaf' or '\xed\xa0\x80' or 'caf\xc3' \x01");
	out = print_format_to_string(l, P_JSON, NULL);
	assert_non_null(strstr(out, "\"file\":\"b\xef\xbf\xbd"
	                            "d.json\""));
	assert_non_null(strstr(out, "\"message\":\"key '\xef\xbf\xbd' or "
	                            "'\xef\xbf\xbd\xef\xbf\xbd' or "
	                            "'\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd' or "
	                            "'caf\xef\xbf\xbd' \\\\x01\""));
	doc = cJSON_Parse(out);
	assert_non_null(doc);
	cJSON_Delete(doc);
	free(out);
	diag_list_free(l);
}

static void
github_golden(void **state)
{
	struct diag_list *l = golden_list();
	char *out = print_format_to_string(l, P_GITHUB, NULL);

	assert_string_equal(
	        out,
	        "::error file=specs/api.yaml,line=12,col=7,"
	        "title=schema-required::'title' is a required property of info"
	        "%0Avia specs/api.yaml:3:9 -> info.yaml#/Info"
	        "%0Ahint: add \"title: ...\"\n"
	        "::warning "
	        "file=specs/api.yaml,line=20,title=operation-summary::"
	        "operation 'onLight' has no summary\n"
	        "::notice title=unused-component::message 'Old' is never "
	        "used\n");
	free(out);
	diag_list_free(l);
}

/* Hostile text can neither end the command nor start another one. */
static void
github_escapes_data_and_properties(void **state)
{
	struct diag_list *l = diag_list_new();
	char *out;

	diag_add(l, DIAG_ERROR, "a,b:c%d.yaml", 3, 4, "r:1,2",
	         "100%% sure\r\n::error::injected, a:b");
	out = print_format_to_string(l, P_GITHUB, NULL);
	assert_string_equal(out, "::error file=a%2Cb%3Ac%25d.yaml,line=3,col=4,"
	                         "title=r%3A1%2C2::100%25 sure\\x0d\\x0a::error::"
	                         "injected, a:b\n");
	free(out);
	diag_list_free(l);
}

static const struct diag_rule_desc golden_rules[] = {
        {"operation-summary", DIAG_WARNING, "operations have a summary"},
        {"unique-operation-id", DIAG_ERROR, "operationIds are unique"},
};

static const struct diag_sarif_opts golden_opts = {
        "asyncdoc",   "1.2.3", "https://example.org/asyncdoc",
        golden_rules, 2,       "/work/p",
};

static void
sarif_golden(void **state)
{
	struct diag_list *l = golden_list();
	char *out;

	diag_add(l, DIAG_ERROR, "/work/p/sub/x y.yaml", 2, 1, "yaml-syntax",
	         "bad");
	diag_add(l, DIAG_ERROR, "/etc/other.yaml", 1, 0, "yaml-syntax", "bad");
	out = print_format_to_string(l, P_SARIF, &golden_opts);
	assert_string_equal(
	        out,
	        "{\"$schema\":\"https://docs.oasis-open.org/sarif/sarif/"
	        "v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json\","
	        "\"version\":\"2.1.0\",\"runs\":[{\"tool\":{\"driver\":{"
	        "\"name\":\"asyncdoc\",\"version\":\"1.2.3\","
	        "\"informationUri\":\"https://example.org/asyncdoc\","
	        "\"rules\":["
	        "{\"id\":\"operation-summary\",\"shortDescription\":"
	        "{\"text\":\"operations have a summary\"},"
	        "\"defaultConfiguration\":{\"level\":\"warning\"}},"
	        "{\"id\":\"unique-operation-id\",\"shortDescription\":"
	        "{\"text\":\"operationIds are unique\"},"
	        "\"defaultConfiguration\":{\"level\":\"error\"}},"
	        "{\"id\":\"schema-required\"},{\"id\":\"unused-component\"},"
	        "{\"id\":\"yaml-syntax\"}]}},"
	        "\"originalUriBaseIds\":{\"SRCROOT\":{\"uri\":"
	        "\"file:///work/p/\"}},"
	        "\"columnKind\":\"unicodeCodePoints\",\"results\":["
	        "{\"ruleId\":\"schema-required\",\"ruleIndex\":2,"
	        "\"level\":\"error\",\"message\":{\"text\":"
	        "\"'title' is a required property of info\"},"
	        "\"locations\":[{\"physicalLocation\":{\"artifactLocation\":"
	        "{\"uri\":\"specs/api.yaml\",\"uriBaseId\":\"SRCROOT\"},"
	        "\"region\":{\"startLine\":12,\"startColumn\":7}}}],"
	        "\"properties\":{\"via\":\"specs/api.yaml:3:9 -> "
	        "info.yaml#/Info\",\"hint\":\"add \\\"title: ...\\\"\"}},"
	        "{\"ruleId\":\"operation-summary\",\"ruleIndex\":0,"
	        "\"level\":\"warning\",\"message\":{\"text\":"
	        "\"operation 'onLight' has no summary\"},"
	        "\"locations\":[{\"physicalLocation\":{\"artifactLocation\":"
	        "{\"uri\":\"specs/api.yaml\",\"uriBaseId\":\"SRCROOT\"},"
	        "\"region\":{\"startLine\":20}}}]},"
	        "{\"ruleId\":\"unused-component\",\"ruleIndex\":3,"
	        "\"level\":\"note\",\"message\":{\"text\":"
	        "\"message 'Old' is never used\"}},"
	        "{\"ruleId\":\"yaml-syntax\",\"ruleIndex\":4,"
	        "\"level\":\"error\",\"message\":{\"text\":\"bad\"},"
	        "\"locations\":[{\"physicalLocation\":{\"artifactLocation\":"
	        "{\"uri\":\"sub/x%20y.yaml\",\"uriBaseId\":\"SRCROOT\"},"
	        "\"region\":{\"startLine\":2,\"startColumn\":1}}}]},"
	        "{\"ruleId\":\"yaml-syntax\",\"ruleIndex\":4,"
	        "\"level\":\"error\",\"message\":{\"text\":\"bad\"},"
	        "\"locations\":[{\"physicalLocation\":{\"artifactLocation\":"
	        "{\"uri\":\"file:///etc/other.yaml\"},"
	        "\"region\":{\"startLine\":1}}}]}]}]}\n");
	free(out);
	diag_list_free(l);
}

/* The artifact URI of file with base_dir base, from a one-item log. */
static char *
sarif_uri_of(const char *file, const char *base)
{
	struct diag_sarif_opts opts = {"t", NULL, NULL, NULL, 0, base};
	struct diag_list *l = diag_list_new();
	const cJSON *loc;
	cJSON *doc;
	char *out, *uri;

	diag_add(l, DIAG_ERROR, file, 1, 1, "r", "m");
	out = print_format_to_string(l, P_SARIF, &opts);
	doc = cJSON_Parse(out);
	assert_non_null(doc);
	loc = cJSON_GetObjectItemCaseSensitive(
	        cJSON_GetArrayItem(
	                cJSON_GetObjectItemCaseSensitive(doc, "runs"), 0),
	        "results");
	loc = cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(loc, 0),
	                                       "locations");
	loc = cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(loc, 0),
	                                       "physicalLocation");
	loc = cJSON_GetObjectItemCaseSensitive(loc, "artifactLocation");
	uri = strdup(cJSON_GetStringValue(
	        cJSON_GetObjectItemCaseSensitive(loc, "uri")));
	cJSON_Delete(doc);
	free(out);
	diag_list_free(l);
	return uri;
}

static void
sarif_uris(void **state)
{
	static const char *const cases[][3] = {
	        {"./a//b.yaml", "/w", "a/b.yaml"},
	        {"././a.yaml", NULL, "a.yaml"},
	        {"a:b.yaml", "/w", "a%3Ab.yaml"},
	        {"../up/#1?.yaml", "/w", "../up/%231%3F.yaml"},
	        {"caf\xc3\xa9.yaml", "/w", "caf%C3%A9.yaml"},
	        {"/w/in.yaml", "/w/", "in.yaml"},
	        {"/w/in.yaml", "/", "w/in.yaml"},
	        {"/wx/out.yaml", "/w", "file:///wx/out.yaml"},
	        {"/x/100%.yaml", NULL, "file:///x/100%25.yaml"},
	};
	size_t i;
	char *uri;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		uri = sarif_uri_of(cases[i][0], cases[i][1]);
		assert_string_equal(uri, cases[i][2]);
		free(uri);
	}
}

/* A file the test needs; says how to get it when it is missing. */
static char *
read_file(const char *path)
{
	char *buf = helpers_read_file(NULL, path, NULL);

	if (buf == NULL)
		fail_msg("cannot read %s (run `npm ci --ignore-scripts` at the "
		         "top of the source tree, or set SARIF_SCHEMA)",
		         path);
	assert_true(buf[0] != '\0');
	return buf;
}

/*
 * The official SARIF 2.1.0 schema, as the npm data package
 * @microsoft/jest-sarif ships it (pinned in package-lock.json); SARIF_SCHEMA
 * in the environment points elsewhere.
 */
static const char *
sarif_schema_path(void)
{
	const char *env = getenv("SARIF_SCHEMA");

	return env != NULL && *env != '\0' ? env
	                                   : ABS_TOP_SRCDIR
	               "/node_modules/@microsoft/jest-sarif/"
	               "lib/schemas/sarif-2.1.0-rtm.5.json";
}

/* Number of schema errors of doc; prints them as TAP comments. */
static size_t
sarif_schema_errors(const struct jsonschema *js, const cJSON *doc)
{
	struct jsonschema_result *r = NULL;
	const struct jsonschema_error *e;
	size_t i, n;

	assert_int_equal(jsonschema_validate(&r, js, doc, NULL, NULL, NULL), 0);
	n = jsonschema_result_count(r);
	for (i = 0; i < n; i++) {
		e = jsonschema_result_error(r, i);
		printf("# %s: %s (%s)\n", e->instance_path, e->message,
		       e->schema_path);
	}
	jsonschema_result_free(r);
	return n;
}

static void
sarif_matches_official_schema(void **state)
{
	struct diag_list *l = golden_list();
	struct diag_list *schema_diags = diag_list_new();
	struct jsonschema *js = NULL;
	struct jsonschema_opts jopts = JSONSCHEMA_OPTS_INIT;
	cJSON *schema, *doc, *level;
	char *text, *out;
	struct diag_sarif_opts opts = golden_opts;

	text = read_file(sarif_schema_path());
	schema = cJSON_Parse(text);
	assert_non_null(schema);
	assert_string_equal(
	        cJSON_GetStringValue(
	                cJSON_GetObjectItemCaseSensitive(schema, "title")),
	        "Static Analysis Results Format (SARIF) Version "
	        "2.1.0-rtm.5 JSON Schema");
	assert_int_equal(jsonschema_new(&js, schema, &jopts, schema_diags), 0);
	/* The schema compiles cleanly: every keyword understood. */
	assert_int_equal(diag_count(schema_diags), 0);

	diag_add(l, DIAG_ERROR, "/work/p/sub/x y.yaml", 2, 1, "yaml-syntax",
	         "bad \xff byte");
	diag_add(l, DIAG_ERROR, "/etc/other.yaml", 1, 0, "yaml-syntax", "bad");
	diag_add(l, DIAG_WARNING, "c:d.yaml", 0, 0, "w", "no line");
	out = print_format_to_string(l, P_SARIF, &opts);
	doc = cJSON_Parse(out);
	assert_non_null(doc);
	assert_int_equal(sarif_schema_errors(js, doc), 0);

	/* The check can fail: a level SARIF does not have is caught. */
	level = cJSON_GetObjectItemCaseSensitive(
	        cJSON_GetArrayItem(
	                cJSON_GetObjectItemCaseSensitive(
	                        cJSON_GetArrayItem(
	                                cJSON_GetObjectItemCaseSensitive(
	                                        doc, "runs"),
	                                0),
	                        "results"),
	                0),
	        "level");
	assert_non_null(level);
	assert_true(cJSON_IsString(level));
	cJSON_SetValuestring(level, "fatal");
	assert_int_equal(sarif_schema_errors(js, doc), 1);

	/* So is an empty log without tool, and a missing version. */
	opts.rules = NULL;
	opts.n_rules = 0;
	opts.base_dir = NULL;
	diag_list_clear(l);
	free(out);
	out = print_format_to_string(l, P_SARIF, &opts);
	cJSON_Delete(doc);
	doc = cJSON_Parse(out);
	assert_non_null(doc);
	assert_int_equal(sarif_schema_errors(js, doc), 0);
	cJSON_DeleteItemFromObjectCaseSensitive(doc, "version");
	assert_int_equal(sarif_schema_errors(js, doc), 1);

	cJSON_Delete(doc);
	free(out);
	jsonschema_free(js);
	cJSON_Delete(schema);
	free(text);
	diag_list_free(schema_diags);
	diag_list_free(l);
}

static void
format_and_severity_names(void **state)
{
	enum diag_format f = DIAG_FORMAT_TEXT;
	enum diag_severity s = DIAG_INFO;

	assert_int_equal(diag_format_from_name(&f, "sarif"), 0);
	assert_int_equal(f, DIAG_FORMAT_SARIF);
	assert_int_equal(diag_format_from_name(&f, "github"), 0);
	assert_int_equal(f, DIAG_FORMAT_GITHUB);
	assert_int_equal(diag_format_from_name(&f, "json"), 0);
	assert_int_equal(f, DIAG_FORMAT_JSON);
	assert_int_equal(diag_format_from_name(&f, "text"), 0);
	assert_int_equal(f, DIAG_FORMAT_TEXT);
	assert_int_equal(diag_format_from_name(&f, "JSON"), -1);
	assert_int_equal(diag_format_from_name(&f, NULL), -1);
	assert_int_equal(diag_severity_from_name(&s, "error"), 0);
	assert_int_equal(s, DIAG_ERROR);
	assert_int_equal(diag_severity_from_name(&s, "warning"), 0);
	assert_int_equal(s, DIAG_WARNING);
	assert_int_equal(diag_severity_from_name(&s, "info"), 0);
	assert_int_equal(s, DIAG_INFO);
	assert_int_equal(diag_severity_from_name(&s, "note"), -1);
}

static void
oom_is_one_error_and_remembered(void **state)
{
	struct diag_list *l = diag_list_new();
	const struct diag *d;

	(void)state;
	assert_int_equal(diag_list_oom(l), 0);
	assert_int_equal(diag_oom(l, "rendering"), -1);
	assert_int_equal(diag_oom(l, NULL), -1);
	assert_int_equal(diag_count(l), 2);
	d = diag_at(l, 0);
	assert_int_equal(d->severity, DIAG_ERROR);
	assert_string_equal(d->rule, "out-of-memory");
	assert_string_equal(d->message, "out of memory while rendering");
	assert_string_equal(diag_at(l, 1)->message, "out of memory");
	assert_int_equal(diag_list_oom(l), 1);
	diag_list_clear(l);
	assert_int_equal(diag_list_oom(l), 0);
	diag_list_free(l);
}

static void
prefix_ci_ignores_ascii_case_only(void **state)
{
	(void)state;
	assert_true(ascii_prefix_ci("application/SCHEMA+JSON;version=draft-07",
	                            "application/schema+json"));
	assert_true(ascii_prefix_ci("abc", ""));
	assert_false(ascii_prefix_ci("app", "application"));
	assert_false(ascii_prefix_ci("applicatioN/x", "application/y"));
	/* Only ASCII letters fold: '@' (0x40) is not '`' (0x60). */
	assert_false(ascii_prefix_ci("@", "`"));
}

static void
json_escape_of_each_byte(void **state)
{
	char esc[8];
	unsigned c;

	(void)state;
	assert_int_equal(ascii_json_escape(esc, '"'), 2);
	assert_string_equal(esc, "\\\"");
	assert_int_equal(ascii_json_escape(esc, '\\'), 2);
	assert_string_equal(esc, "\\\\");
	assert_int_equal(ascii_json_escape(esc, '\n'), 2);
	assert_string_equal(esc, "\\n");
	assert_int_equal(ascii_json_escape(esc, '\f'), 2);
	assert_string_equal(esc, "\\f");
	assert_int_equal(ascii_json_escape(esc, 0), 6);
	assert_string_equal(esc, "\\u0000");
	assert_int_equal(ascii_json_escape(esc, 0x1b), 6);
	assert_string_equal(esc, "\\u001b");
	for (c = 0x20; c < 0x100; c++)
		if (c != '"' && c != '\\')
			assert_int_equal(ascii_json_escape(esc, (unsigned char)c), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(add_and_read_back),
	        cmocka_unit_test(counts_by_severity),
	        cmocka_unit_test(sort_is_stable_by_position),
	        cmocka_unit_test(sort_many_is_stable),
	        cmocka_unit_test(keep_and_drop_rule_filter_in_order),
	        cmocka_unit_test(move_appends),
	        cmocka_unit_test(text_has_source_line_and_caret),
	        cmocka_unit_test(text_escapes_everything_from_the_spec),
	        cmocka_unit_test(text_without_file),
	        cmocka_unit_test(json_golden),
	        cmocka_unit_test(json_empty_list),
	        cmocka_unit_test(json_repairs_bad_utf8),
	        cmocka_unit_test(github_golden),
	        cmocka_unit_test(github_escapes_data_and_properties),
	        cmocka_unit_test(sarif_golden),
	        cmocka_unit_test(sarif_uris),
	        cmocka_unit_test(sarif_matches_official_schema),
	        cmocka_unit_test(format_and_severity_names),
	        cmocka_unit_test(oom_is_one_error_and_remembered),
	        cmocka_unit_test(prefix_ci_ignores_ascii_case_only),
	        cmocka_unit_test(json_escape_of_each_byte),
	};

	return cmocka_run_group_tests_name("diag", tests, NULL, NULL);
}
