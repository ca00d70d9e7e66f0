/*
 * Tests of highlight: exact output, round trips through cJSON_Parse and our
 * YAML loader (every hard string), HTML safety, limits, and the contrast of
 * the theme's token colours.
 */
#include <math.h>
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
#include "helpers.h"
#include "render/highlight.h"
#include "load/load_limits.h"
#include "util/node.h"
#include "load/srcmap.h"
#include "util/strbuf.h"
#include "load/yaml_load.h"

/* Strings that YAML or HTML could misread. */
static const char *const hard[] = {
        "",
        "plain words",
        "true",
        "True",
        "FALSE",
        "yes",
        "No",
        "on",
        "OFF",
        "y",
        "n",
        "null",
        "Null",
        "~",
        "1",
        "1.0",
        "-1",
        "+1",
        ".5",
        "-.5",
        "0x1F",
        "0o17",
        "1e3",
        "1_000",
        ".inf",
        "-.Inf",
        ".NaN",
        "2024-01-15",
        "12:30:00",
        "-",
        "- a",
        "-a",
        "?",
        "? x",
        "?x",
        ":",
        ":x",
        "a: b",
        "a:b",
        "a:",
        "a #b",
        "a#b",
        "#x",
        "<<",
        "=",
        "---",
        "--- x",
        "...",
        "@x",
        "`x",
        "%x",
        "!x",
        "&x",
        "*x",
        "|x",
        ">x",
        "'x",
        "\"x",
        "[x",
        "]x",
        "{x}",
        ",x",
        "x, y [z] {w}",
        " lead",
        "trail ",
        "tab\tin",
        "\ttab first",
        "multi\nline",
        "multi\nline\n",
        "multi\nline\n\n\n",
        "\nleading break",
        "\n\n",
        "\n",
        "  indented\nsecond",
        "first\n  indented second\n",
        "blank\n  \nline",
        "trailing spaces  \nline",
        "- item\n- item\n",
        "key: value\n# not a comment\n",
        "crlf\r\nline",
        "\x01"
        "ctrl",
        "del\x7f",
        "caf\xc3\xa9",
        "line\xe2\x80\xa8sep",
        "nel\xc2\x85",
        "\xef\xbb\xbf"
        "bom",
        "back\\slash",
        "\"quoted\"",
        "it's",
        "</code></pre><script>alert(1)</script>",
        "&amp; &lt;",
        "\xf0\x9f\x98\x80 emoji",
};

static char *
json_text(const cJSON *v)
{
	struct strbuf b = STRBUF_INIT;

	assert_int_equal(highlight_json_text(&b, v), 0);
	return strbuf_take(&b);
}

static char *
yaml_text(const cJSON *v)
{
	struct strbuf b = STRBUF_INIT;

	assert_int_equal(highlight_yaml_text(&b, v), 0);
	return strbuf_take(&b);
}

/* Same types, strings, keys in order; numbers by text when both have
 * one, else by value. */
static int
same(const cJSON *a, const cJSON *b, int by_text)
{
	const cJSON *x, *y;
	char ba[40], bb[40];

	if ((a->type & 0xFF) != (b->type & 0xFF))
		return 0;
	if (cJSON_IsString(a))
		return strcmp(a->valuestring, b->valuestring) == 0;
	if (cJSON_IsNumber(a))
		return by_text ? strcmp(node_text(a, ba, sizeof(ba)),
		                        node_text(b, bb, sizeof(bb))) == 0
		               : a->valuedouble == b->valuedouble;
	for (x = a->child, y = b->child; x != NULL && y != NULL;
	     x = x->next, y = y->next) {
		if (cJSON_IsObject(a) && strcmp(x->string, y->string) != 0)
			return 0;
		if (!same(x, y, by_text))
			return 0;
	}
	return x == NULL && y == NULL;
}

/*
 * Parses YAML with our loader; fails the test on any diagnostic. The
 * tree's strings live in *map (free it after the tree).
 */
static cJSON *
yaml_parse(const char *text, struct srcmap **mapp)
{
	struct limits lim = LIMITS_INIT;
	struct srcmap *map = srcmap_new();
	struct diag_list *d = diag_list_new();
	struct load_budget budget = {lim.max_nodes, 0};
	uint32_t id;
	cJSON *out = NULL;

	assert_int_equal(srcmap_add_file(&id, map, "t.yaml"), 0);
	if (yaml_load_buffer(&out, text, strlen(text), id, map, &lim, &budget,
	                     d) != 0 ||
	    diag_count(d) != 0) {
		const struct diag *g = diag_count(d) ? diag_at(d, 0) : NULL;

		fail_msg("YAML does not load cleanly: %u:%u %s: %s\n%.2000s",
		         g ? g->line : 0, g ? g->col : 0, g ? g->rule : "",
		         g ? g->message : "", text);
	}
	*mapp = map;
	diag_list_free(d);
	return out;
}

/* The first item of a and b that differ (for the failure message). */
static void
first_difference(const cJSON *a, const cJSON *b, const cJSON **da,
                 const cJSON **db)
{
	const cJSON *x, *y;

	*da = a;
	*db = b;
	if ((a->type & 0xFF) != (b->type & 0xFF) ||
	    !(cJSON_IsObject(a) || cJSON_IsArray(a)))
		return;
	for (x = a->child, y = b->child; x != NULL && y != NULL;
	     x = x->next, y = y->next)
		if (!same(x, y, 1) ||
		    (cJSON_IsObject(a) && strcmp(x->string, y->string) != 0)) {
			if (cJSON_IsObject(a) &&
			    strcmp(x->string, y->string) != 0) {
				*da = x;
				*db = y;
				return;
			}
			first_difference(x, y, da, db);
			return;
		}
	/* one has more members: the first extra one */
	if (x != NULL)
		*da = x;
	if (y != NULL)
		*db = y;
}

static void
round_trip(const cJSON *v)
{
	char *j = json_text(v), *y = yaml_text(v), *p;
	struct srcmap *map;
	cJSON *back;

	back = cJSON_Parse(j);
	if (back == NULL || !same(v, back, 0))
		fail_msg("JSON round trip:\n%s", j);
	cJSON_Delete(back);
	back = yaml_parse(y, &map);
	if (!same(v, back, 1)) {
		const cJSON *da, *db;
		char *q;

		first_difference(v, back, &da, &db);
		p = node_print(da, 0);
		q = node_print(db, 0);
		fail_msg("YAML round trip: key %.60s (type %d): %.200s read "
		         "back "
		         "as key %.60s (type %d): %.200s",
		         da->string ? da->string : "-", da->type, p,
		         db->string ? db->string : "-", db->type, q);
	}
	cJSON_Delete(back);
	srcmap_free(map);
	free(j);
	free(y);
}

/* A tree of every hard string as a value, a key and an item. */
static cJSON *
hard_tree(void)
{
	cJSON *root = cJSON_CreateObject(), *vals, *keys, *items, *n;
	size_t i;

	vals = cJSON_AddObjectToObject(root, "values");
	keys = cJSON_AddObjectToObject(root, "keys");
	items = cJSON_AddArrayToObject(root, "items");
	for (i = 0; i < sizeof(hard) / sizeof(hard[0]); i++) {
		char k[16];

		snprintf(k, sizeof(k), "v%zu", i);
		cJSON_AddStringToObject(vals, k, hard[i]);
		/* the YAML loader rejects duplicate keys: every key once */
		n = cJSON_CreateNumber((double)i);
		cJSON_AddItemToObject(keys, hard[i], n);
		cJSON_AddItemToArray(items, cJSON_CreateString(hard[i]));
	}
	return root;
}

static void
hard_strings_round_trip(void **state)
{
	cJSON *t = hard_tree(), *one;
	size_t i;

	(void)state;
	round_trip(t);
	cJSON_Delete(t);
	/* each alone at the top, where a document starts */
	for (i = 0; i < sizeof(hard) / sizeof(hard[0]); i++) {
		/* invalid UTF-8 is not among them: it changes (see below) */
		one = cJSON_CreateString(hard[i]);
		round_trip(one);
		cJSON_Delete(one);
	}
}

static void
structures_round_trip(void **state)
{
	static const char *const docs[] = {
	        "{}",
	        "[]",
	        "null",
	        "[[[]]]",
	        "[[1,[2,3]],[{}],{\"a\":[]}]",
	        "[{\"a\":1,\"b\":{\"c\":[{\"d\":null}]}},{\"e\":\"f\\ng\\n\"}]",
	        "{\"a\":{\"b\":{\"c\":\"deep\\nblock\\n\\n\"}},\"z\":[\"x\\n\","
	        "\"y\\n\\n\"]}",
	        "{\"list\":[\"a\\nb\",[\"c\\nd\\n\"]],\"n\":-0,\"t\":true,"
	        "\"f\":false}",
	};
	cJSON *v;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(docs) / sizeof(docs[0]); i++) {
		v = cJSON_Parse(docs[i]);
		assert_non_null(v);
		round_trip(v);
		cJSON_Delete(v);
	}
}

static void
numbers_keep_their_text(void **state)
{
	static const char *const texts[] = {
	        "1.50", "2.0",  "-0",      "12345678901234567890",
	        "1e3",  "1E+3", "-2.5e-7", "0"};
	cJSON *a = cJSON_CreateArray(), *n;
	char *j, *y;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		n = cJSON_CreateNumber(strtod(texts[i], NULL));
		node_set_number_text(n, texts[i], strlen(texts[i]));
		cJSON_AddItemToArray(a, n);
	}
	/* and one without text, as cJSON makes them */
	cJSON_AddItemToArray(a, cJSON_CreateNumber(0.1));
	j = json_text(a);
	assert_string_equal(j, "[\n  1.50,\n  2.0,\n  -0,\n  "
	                       "12345678901234567890,\n  1e3,\n  1E+3,\n  "
	                       "-2.5e-7,\n  0,\n  0.1\n]");
	y = yaml_text(a);
	assert_string_equal(y, "- 1.50\n- 2.0\n- -0\n- 12345678901234567890\n"
	                       "- 1e3\n- 1E+3\n- -2.5e-7\n- 0\n- 0.1\n");
	round_trip(a);
	free(j);
	free(y);
	cJSON_Delete(a);
	/* a value JSON cannot hold is null */
	a = cJSON_CreateNumber(INFINITY);
	j = json_text(a);
	assert_string_equal(j, "null");
	free(j);
	cJSON_Delete(a);
}

static void
json_is_node_print(void **state)
{
	static const char *const docs[] = {
	        "{\"a\":[1,2,{\"b\":\"c\\u0001\\\"\\\\\\t\"}],\"e\":{},\"f\":[]"
	        "}",
	        "\"top\"", "[null,true,false]", "{\"\":\"empty key\"}"};
	cJSON *v;
	char *a, *b;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(docs) / sizeof(docs[0]); i++) {
		v = cJSON_Parse(docs[i]);
		a = json_text(v);
		b = node_print(v, 1);
		assert_string_equal(a, b);
		free(a);
		free(b);
		cJSON_Delete(v);
	}
}

static void
exact_html(void **state)
{
	cJSON *v = cJSON_Parse("{\"a<b\":[1,\"x'y\",true,null],\"e\":{}}");
	struct strbuf b = STRBUF_INIT;

	(void)state;
	assert_int_equal(highlight_json_html(&b, v), 0);
	assert_string_equal(
	        b.p, "<span class=\"hl-punc\">{</span>\n"
	             "  <span class=\"hl-key\">&quot;a&lt;b&quot;</span>"
	             "<span class=\"hl-punc\">:</span> "
	             "<span class=\"hl-punc\">[</span>\n"
	             "    <span class=\"hl-num\">1</span>"
	             "<span class=\"hl-punc\">,</span>\n"
	             "    <span class=\"hl-str\">&quot;x&#39;y&quot;</span>"
	             "<span class=\"hl-punc\">,</span>\n"
	             "    <span class=\"hl-bool\">true</span>"
	             "<span class=\"hl-punc\">,</span>\n"
	             "    <span class=\"hl-null\">null</span>\n"
	             "  <span class=\"hl-punc\">]</span>"
	             "<span class=\"hl-punc\">,</span>\n"
	             "  <span class=\"hl-key\">&quot;e&quot;</span>"
	             "<span class=\"hl-punc\">:</span> "
	             "<span class=\"hl-punc\">{}</span>\n"
	             "<span class=\"hl-punc\">}</span>");
	strbuf_free(&b);
	assert_int_equal(highlight_yaml_html(&b, v), 0);
	assert_string_equal(b.p, "<span class=\"hl-key\">a&lt;b</span>"
	                         "<span class=\"hl-punc\">:</span>\n"
	                         "  <span class=\"hl-punc\">-</span> "
	                         "<span class=\"hl-num\">1</span>\n"
	                         "  <span class=\"hl-punc\">-</span> "
	                         "<span class=\"hl-str\">x&#39;y</span>\n"
	                         "  <span class=\"hl-punc\">-</span> "
	                         "<span class=\"hl-bool\">true</span>\n"
	                         "  <span class=\"hl-punc\">-</span> "
	                         "<span class=\"hl-null\">null</span>\n"
	                         "<span class=\"hl-key\">e</span>"
	                         "<span class=\"hl-punc\">:</span> "
	                         "<span class=\"hl-punc\">{}</span>\n");
	strbuf_free(&b);
	cJSON_Delete(v);
}

static void
exact_yaml(void **state)
{
	cJSON *v = cJSON_Parse(
	        "{\"name\":\"Order\",\"on\":\"yes\",\"n\":[1,\"2\"],"
	        "\"lines\":[{\"sku\":\"A-1\",\"qty\":2},[\"x\",{}]],"
	        "\"text\":\"two\\nlines\\n\",\"keep\":\"a\\n\\n\","
	        "\"strip\":\"a\\nb\",\"q\":\"a: "
	        "b\",\"deep\":{\"x\":{\"y\":1}}}");
	char *y;

	(void)state;
	y = yaml_text(v);
	assert_string_equal(y, "name: Order\n"
	                       "\"on\": \"yes\"\n"
	                       "\"n\":\n"
	                       "  - 1\n"
	                       "  - \"2\"\n"
	                       "lines:\n"
	                       "  - sku: A-1\n"
	                       "    qty: 2\n"
	                       "  - - x\n"
	                       "    - {}\n"
	                       "text: |\n"
	                       "  two\n"
	                       "  lines\n"
	                       "keep: |+\n"
	                       "  a\n"
	                       "\n"
	                       "strip: |-\n"
	                       "  a\n"
	                       "  b\n"
	                       "q: \"a: b\"\n"
	                       "deep:\n"
	                       "  x:\n"
	                       "    \"y\": 1\n");
	free(y);
	cJSON_Delete(v);
}

/*
 * The HTML with our spans removed must hold no markup character, and
 * unescaped must be the plain text.
 */
static void
check_html(const char *html, const char *plain)
{
	struct strbuf b = STRBUF_INIT;
	const char *p = html, *e;
	static const char *const ent[][2] = {{"&amp;", "&"},
	                                     {"&lt;", "<"},
	                                     {"&gt;", ">"},
	                                     {"&quot;", "\""},
	                                     {"&#39;", "'"}};
	size_t i;

	while (*p != '\0') {
		if (strncmp(p, "<span class=\"hl-", 16) == 0) {
			e = strchr(p, '>');
			assert_non_null(e);
			p = e + 1;
			continue;
		}
		if (strncmp(p, "</span>", 7) == 0) {
			p += 7;
			continue;
		}
		if (*p == '<' || *p == '>' || *p == '"' || *p == '\'')
			fail_msg("raw markup character at: %.40s", p);
		if (*p == '&') {
			for (i = 0; i < 5; i++)
				if (strncmp(p, ent[i][0], strlen(ent[i][0])) ==
				    0)
					break;
			if (i == 5)
				fail_msg("stray &: %.40s", p);
			strbuf_puts(&b, ent[i][1]);
			p += strlen(ent[i][0]);
			continue;
		}
		strbuf_putc(&b, *p++);
	}
	assert_string_equal(b.p ? b.p : "", plain);
	strbuf_free(&b);
}

static void
html_is_escaped_text(void **state)
{
	cJSON *t = hard_tree();
	struct strbuf b = STRBUF_INIT;
	char *plain;

	(void)state;
	assert_int_equal(highlight_json_html(&b, t), 0);
	plain = json_text(t);
	assert_null(strstr(b.p, "<script"));
	assert_null(strstr(b.p, "</code"));
	check_html(b.p, plain);
	free(plain);
	strbuf_free(&b);
	assert_int_equal(highlight_yaml_html(&b, t), 0);
	plain = yaml_text(t);
	assert_null(strstr(b.p, "<script"));
	check_html(b.p, plain);
	free(plain);
	strbuf_free(&b);
	cJSON_Delete(t);
}

static void
invalid_utf8_becomes_replacement(void **state)
{
	cJSON *v = cJSON_CreateObject();
	char *j, *y;

	(void)state;
	cJSON_AddStringToObject(v, "k\xff", "a\xc3(b\xed\xa0\x80");
	j = json_text(v);
	assert_string_equal(j, "{\n  \"k\xef\xbf\xbd\": "
	                       "\"a\xef\xbf\xbd(b\xef\xbf\xbd\xef\xbf\xbd\xef"
	                       "\xbf\xbd\"\n}");
	y = yaml_text(v);
	assert_string_equal(y, "\"k\xef\xbf\xbd\": "
	                       "\"a\xef\xbf\xbd(b\xef\xbf\xbd\xef\xbf\xbd\xef"
	                       "\xbf\xbd\"\n");
	{
		struct srcmap *map;

		cJSON_Delete(yaml_parse(y, &map));
		srcmap_free(map);
	}
	free(j);
	free(y);
	cJSON_Delete(v);
}

static void
long_keys_use_explicit_form(void **state)
{
	cJSON *v = cJSON_CreateObject();
	char key[3000];
	char *y;

	(void)state;
	memset(key, 'k', sizeof(key) - 1);
	key[sizeof(key) - 1] = '\0';
	cJSON_AddStringToObject(v, key, "v");
	cJSON_AddItemToObject(v, "short", cJSON_Parse("{\"a\":[1]}"));
	key[5] = '\0';
	y = yaml_text(v);
	assert_memory_equal(y, "? \"kkkkk", 8);
	round_trip(v);
	free(y);
	cJSON_Delete(v);
}

static void
depth_limit(void **state)
{
	struct strbuf b = STRBUF_INIT;
	cJSON *root = cJSON_CreateArray(), *n = root, *c;
	int i, (*fn[])(struct strbuf *, const cJSON *) = {
	               highlight_json_html, highlight_yaml_html,
	               highlight_json_text, highlight_yaml_text};
	size_t k;

	(void)state;
	for (i = 1; i < HIGHLIGHT_MAX_DEPTH; i++) {
		c = cJSON_CreateArray();
		cJSON_AddItemToArray(n, c);
		n = c;
	}
	cJSON_AddItemToArray(n, cJSON_CreateNumber(1));
	for (k = 0; k < 4; k++) {
		strbuf_puts(&b, "keep");
		assert_int_equal(fn[k](&b, root), 0);
		strbuf_free(&b);
	}
	c = cJSON_CreateArray();
	cJSON_AddItemToArray(n, c);
	cJSON_AddItemToArray(c, cJSON_CreateTrue());
	for (k = 0; k < 4; k++) {
		strbuf_puts(&b, "keep");
		assert_int_equal(fn[k](&b, root), -1);
		assert_string_equal(b.p, "keep");
		assert_int_equal(b.len, 4);
		strbuf_free(&b);
	}
	cJSON_Delete(root);
	/* NULL is null */
	assert_int_equal(highlight_json_text(&b, NULL), 0);
	assert_string_equal(b.p, "null");
	strbuf_free(&b);
}

static void
appends_to_existing_text(void **state)
{
	struct strbuf b = STRBUF_INIT;
	cJSON *v = cJSON_Parse("[1]");

	(void)state;
	strbuf_puts(&b, "<pre><code>");
	assert_int_equal(highlight_json_text(&b, v), 0);
	assert_string_equal(b.p, "<pre><code>[\n  1\n]");
	strbuf_free(&b);
	cJSON_Delete(v);
}

/* ------------------------------------------------------------------ */
/* Contrast of the theme's colours                                     */

static char *
slurp(const char *rel)
{
	char *buf = helpers_read_file(TEST_DATA "/../..", rel, NULL);

	if (buf == NULL)
		fail_msg("cannot open %s", rel);
	return buf;
}

/* Where a block of a stylesheet starts and ends (end NULL: the end). */
struct block {
	const char *start, *end;
};

/*
 * The linear RGB of custom property `name` in block b: a #rrggbb value,
 * or var(--other) looked up in block base (the base theme's).
 */
static int
find_colour(struct block b, const char *name, double rgb[3],
            const struct block *base)
{
	char pat[64], ref[64];
	const char *p;
	unsigned v[3];
	int i;

	snprintf(pat, sizeof(pat), "%s:", name);
	p = strstr(b.start, pat);
	if (p == NULL || (b.end != NULL && p > b.end))
		return 0;
	p += strlen(pat);
	while (*p == ' ')
		p++;
	if (base != NULL && sscanf(p, "var(%60[-a-z])", ref) == 1)
		return find_colour(*base, ref, rgb, NULL);
	if (sscanf(p, "#%2x%2x%2x", &v[0], &v[1], &v[2]) != 3)
		return 0;
	for (i = 0; i < 3; i++) {
		double c = v[i] / 255.0;

		rgb[i] = c <= 0.04045 ? c / 12.92
		                      : pow((c + 0.055) / 1.055, 2.4);
	}
	return 1;
}

static double
contrast(const double a[3], const double b[3])
{
	double la = 0.2126 * a[0] + 0.7152 * a[1] + 0.0722 * a[2];
	double lb = 0.2126 * b[0] + 0.7152 * b[1] + 0.0722 * b[2];

	return la > lb ? (la + 0.05) / (lb + 0.05) : (lb + 0.05) / (la + 0.05);
}

static void
token_colours_meet_wcag_aa(void **state)
{
	static const char *const vars[] = {"--hl-key",  "--hl-str",
	                                   "--hl-num",  "--hl-bool",
	                                   "--hl-null", "--hl-punc"};
	char *css = slurp("assets/highlight.css");
	char *style = slurp("assets/style.css");
	const char *dark_css, *dark_style, *forced;
	struct block base[2], blk[3];
	double bg[2][3], fg[3], r;
	size_t i;
	int mode;

	(void)state;
	/* the code background of the base theme, light then dark */
	dark_style = strstr(style, "prefers-color-scheme: dark");
	assert_non_null(dark_style);
	base[0] = (struct block){style, dark_style};
	base[1] = (struct block){dark_style, NULL};
	assert_true(find_colour(base[0], "--code-bg", bg[0], NULL));
	assert_true(find_colour(base[1], "--code-bg", bg[1], NULL));
	dark_css = strstr(css, "prefers-color-scheme: dark");
	forced = strstr(css, "[data-theme=\"dark\"]");
	assert_non_null(dark_css);
	assert_non_null(forced);
	assert_non_null(strstr(css, "[data-theme=\"light\"]"));
	blk[0] = (struct block){css, dark_css};
	blk[1] = (struct block){dark_css, forced};
	blk[2] = (struct block){forced, NULL};
	for (mode = 0; mode < 3; mode++) {
		for (i = 0; i < sizeof(vars) / sizeof(vars[0]); i++) {
			if (!find_colour(blk[mode], vars[i], fg,
			                 &base[mode == 0 ? 0 : 1]))
				fail_msg("%s not found (block %d)", vars[i],
				         mode);
			r = contrast(fg, bg[mode == 0 ? 0 : 1]);
			print_message("# %s block %d: %.2f:1\n", vars[i], mode,
			              r);
			if (r < 4.5)
				fail_msg("%s: contrast %.2f:1 below 4.5:1",
				         vars[i], r);
		}
	}
	free(css);
	free(style);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(hard_strings_round_trip),
	        cmocka_unit_test(structures_round_trip),
	        cmocka_unit_test(numbers_keep_their_text),
	        cmocka_unit_test(json_is_node_print),
	        cmocka_unit_test(exact_html),
	        cmocka_unit_test(exact_yaml),
	        cmocka_unit_test(html_is_escaped_text),
	        cmocka_unit_test(invalid_utf8_becomes_replacement),
	        cmocka_unit_test(long_keys_use_explicit_form),
	        cmocka_unit_test(depth_limit),
	        cmocka_unit_test(appends_to_existing_text),
	        cmocka_unit_test(token_colours_meet_wcag_aa),
	};

	return cmocka_run_group_tests_name("highlight", tests, NULL, NULL);
}
