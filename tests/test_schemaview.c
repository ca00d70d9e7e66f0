/* Tests of schemaview: type strings, the HTML tree, rows, limits, escaping. */
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
#include "load/loader.h"
#include "model/model.h"
#include "render/pages.h"
#include "render/schemaview.h"
#include "util/strbuf.h"
#include "render/tmpl.h"

#define THEME_HTML ABS_TOP_SRCDIR "/themes/default/html"
#define DATA       TEST_DATA "/schemaview/"

#define AVRO "application/vnd.apache.avro;version=1.9.0"
#define OAS  "application/vnd.oai.openapi;version=3.0.0"

/* One document loaded and modelled, with its schemaview context. */
struct fx {
	struct diag_list *diags;
	struct loader_doc *doc;
	struct model *m;
	struct schemaview_ctx *ctx;
};

static void
fx_model(struct fx *f, const struct pages_plan *plan)
{
	assert_int_equal(model_new(&f->m, f->doc, f->diags), 0);
	assert_int_equal(schemaview_ctx_new(&f->ctx, f->m, plan), 0);
}

/* Loads DATA/name (plan NULL: multi-page HTML). */
static void
fx_load(struct fx *f, const char *name, const struct pages_plan *plan)
{
	char path[512];

	memset(f, 0, sizeof(*f));
	snprintf(path, sizeof(path), DATA "%s", name);
	f->diags = diag_list_new();
	assert_non_null(f->diags);
	assert_int_equal(loader_load(&f->doc, path, NULL, f->diags), 0);
	fx_model(f, plan);
}

static void
fx_load_text(struct fx *f, const char *text, const struct pages_plan *plan)
{
	memset(f, 0, sizeof(*f));
	f->diags = diag_list_new();
	assert_non_null(f->diags);
	assert_int_equal(loader_load_buffer(&f->doc, "test.yaml", text,
	                                    strlen(text), NULL, f->diags),
	                 0);
	fx_model(f, plan);
}

static void
fx_free(struct fx *f)
{
	schemaview_ctx_free(f->ctx);
	model_free(f->m);
	loader_doc_free(f->doc);
	diag_list_free(f->diags);
}

/* The node at a /-separated path from the root (no escapes needed). */
static const cJSON *
at(const struct fx *f, const char *path)
{
	const cJSON *n = loader_root(f->doc);
	char buf[512], *tok, *save = NULL;

	snprintf(buf, sizeof(buf), "%s", path);
	for (tok = strtok_r(buf, "/", &save); tok != NULL && n != NULL;
	     tok = strtok_r(NULL, "/", &save)) {
		if (cJSON_IsArray(n))
			n = cJSON_GetArrayItem(n, atoi(tok));
		else
			n = cJSON_GetObjectItemCaseSensitive(n, tok);
	}
	if (n == NULL)
		fail_msg("no node at %s", path);
	return n;
}

static const struct model_schema *
comp(const struct fx *f, const char *name)
{
	size_t i;

	for (i = 0; i < f->m->n_schemas; i++)
		if (f->m->schemas[i]->name != NULL &&
		    strcmp(f->m->schemas[i]->name, name) == 0)
			return f->m->schemas[i];
	fail_msg("no component schema %s", name);
	return NULL;
}

static const struct model_message *
message(const struct fx *f, const char *name)
{
	size_t i;

	for (i = 0; i < f->m->n_messages; i++)
		if (f->m->messages[i]->name != NULL &&
		    strcmp(f->m->messages[i]->name, name) == 0)
			return f->m->messages[i];
	fail_msg("no message %s", name);
	return NULL;
}

/* The partial expanded for schema as a page would include it. */
static char *
expand(const struct fx *f, const cJSON *schema, const char *format,
       const char *root)
{
	static const char page[] = "{{%AUTOESCAPE context=\"HTML\"}}"
	                           "<main>{{>SCHEMA_TREE}}</main>\n";
	struct tmpl_cache *cache = tmpl_cache_new();
	struct tmpl_dict *d = tmpl_dict_new("page");
	char *out = NULL;

	assert_non_null(cache);
	assert_non_null(d);
	assert_int_equal(tmpl_cache_add_dir(cache, THEME_HTML), 0);
	assert_int_equal(
	        tmpl_cache_add_string(cache, "page.tpl", page, strlen(page)),
	        0);
	assert_int_equal(schemaview_fill(tmpl_include_add(d, "SCHEMA_TREE",
	                                                  SCHEMAVIEW_TEMPLATE),
	                                 f->ctx, schema, format, root),
	                 0);
	if (tmpl_expand(&out, NULL, cache, "page.tpl", TMPL_KEEP, d) != 0)
		fail_msg("expand: %s", tmpl_error());
	tmpl_dict_free(d);
	tmpl_cache_free(cache);
	return out;
}

static size_t
count(const char *hay, const char *needle)
{
	size_t n = 0, len = strlen(needle);

	for (hay = strstr(hay, needle); hay != NULL;
	     hay = strstr(hay + len, needle))
		n++;
	return n;
}

#define assert_has(hay, needle)                                                \
	do {                                                                   \
		if (strstr((hay), (needle)) == NULL)                           \
			fail_msg("missing: %s", (needle));                     \
	} while (0)

#define assert_lacks(hay, needle)                                              \
	do {                                                                   \
		const char *at_ = strstr((hay), (needle));                     \
		if (at_ != NULL)                                               \
			fail_msg("unexpected %s at: %.120s", (needle), at_);   \
	} while (0)

/* The row at path, or a failure. */
static const struct schemaview_row *
find_row(const struct schemaview_rows *r, const char *path)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		if (strcmp(r->items[i].path, path) == 0)
			return &r->items[i];
	return NULL;
}

static const struct schemaview_row *
row(const struct schemaview_rows *r, const char *path)
{
	const struct schemaview_row *x = find_row(r, path);

	if (x == NULL)
		fail_msg("no row %s", path);
	return x;
}

static void
assert_field(const char *field, const char *needle)
{
	if (field == NULL || strstr(field, needle) == NULL)
		fail_msg("\"%s\" lacks \"%s\"", field ? field : "(null)",
		         needle);
}

/* ------------------------------------------------------- type strings */

static void
test_type_table(void **state)
{
	struct fx f;
	const cJSON *cases, *c;
	size_t n = 0;

	(void)state;
	fx_load(&f, "types.yaml", NULL);
	cases = at(&f, "x-types");
	cJSON_ArrayForEach(c, cases)
	{
		const cJSON *want = cJSON_GetArrayItem(c, 1);
		const cJSON *fmt = cJSON_GetArrayItem(c, 2);
		char *got = NULL;

		assert_int_equal(schemaview_type(&got, f.ctx,
		                                 cJSON_GetArrayItem(c, 0),
		                                 fmt ? fmt->valuestring : NULL),
		                 0);
		if (strcmp(got, want->valuestring) != 0)
			fail_msg("case %zu: want \"%s\", got \"%s\"", n,
			         want->valuestring, got);
		free(got);
		n++;
	}
	assert_true(n >= 45);
	fx_free(&f);
}

/* ------------------------------------------------------- the HTML tree */

static void
test_tree_constraints(void **state)
{
	static const char *const want[] = {
	        /* labels and values of every constraint */
	        "<dt>min length</dt><dd><code>36</code>",
	        "<dt>max length</dt><dd><code>36</code>",
	        "<dt>pattern</dt><dd><code>^[0-9a-f-]+$</code>",
	        "<dt>minimum</dt><dd><code>1</code>",
	        "<dt>maximum</dt><dd><code>100</code>",
	        "<dt>multiple of</dt><dd><code>5</code>",
	        "<dt>exclusive minimum</dt><dd><code>0</code>",
	        "<dt>exclusive maximum</dt><dd><code>1</code>",
	        "<dt>maximum</dt><dd><code>10</code>",
	        "<dt>min items</dt><dd><code>1</code>",
	        "<dt>max items</dt><dd><code>10</code>",
	        "<dt>unique items</dt><dd><code>true</code>",
	        "<dt>min contains</dt><dd><code>1</code>",
	        "<dt>max contains</dt><dd><code>3</code>",
	        "<dt>min properties</dt><dd><code>1</code>",
	        "<dt>max properties</dt><dd><code>5</code>",
	        "<dt>additional properties</dt><dd><code>not allowed</code>",
	        "<dt>additional properties</dt><dd><code>allowed</code>",
	        "<dt>additional items</dt><dd><code>not allowed</code>",
	        "<dt>required</dt><dd><code>missingProp</code>",
	        "<dt>dependent required</dt><dd><code>a → b, c</code>",
	        "<dt>content encoding</dt><dd><code>base64</code>",
	        "<dt>content media type</dt><dd><code>image/png</code>",
	        /* values */
	        "<dt>enum</dt><dd><code>&quot;created&quot;</code>, "
	        "<code>&quot;updated&quot;</code>",
	        "<dt>default</dt><dd><code>&quot;created&quot;</code>",
	        "<dt>const</dt><dd><code>2</code>",
	        "<dt>examples</dt><dd><code>5</code>, <code>10</code>",
	        /* other */
	        "<dt>x-internal</dt><dd><code>true</code>",
	        "<dt>x-owner</dt><dd><code>&quot;team-a&quot;</code>",
	        "<dt>x-envelope</dt><dd><code>{&quot;a&quot;: 1}</code>",
	        "<a href=\"https://example.com/docs\">More docs</a>",
	        /* types, title, description, flags */
	        "<span class=\"sv-type\">string (uuid)</span>",
	        "<span class=\"sv-type\">string (date-time) | null</span>",
	        "<span class=\"sv-type\">array&lt;string&gt;</span>",
	        "<span class=\"sv-type\">[number, number]</span>",
	        "<span class=\"sv-type\">any</span>",
	        "<span class=\"sv-type\">never</span>",
	        "<p class=\"sv-title\">Envelope title</p>",
	        "<p>The <strong>envelope</strong>.</p>",
	        "sv-badge-required\">required</span>",
	        "sv-badge-deprecated\">deprecated</span>",
	        "sv-badge-read-only\">read-only</span>",
	        "sv-badge-write-only\">write-only</span>",
	        /* groups */
	        "<p class=\"sv-group-label\">Properties</p>",
	        "<p class=\"sv-group-label\">Pattern properties</p>",
	        "<code class=\"sv-name sv-name-pattern\">^x-</code>",
	        "<p class=\"sv-group-label\">Additional properties</p>",
	        "<p class=\"sv-group-label\">Property names</p>",
	        "<p class=\"sv-group-label\">Items</p>", /* of orders */
	        "<p class=\"sv-group-label\">Prefix items</p>",
	        "<p class=\"sv-group-label\">Tuple items</p>",
	        "<p class=\"sv-group-label\">Additional items</p>",
	        "<p class=\"sv-group-label\">Contains</p>",
	        "<p class=\"sv-group-label\">One of</p>",
	        "<p class=\"sv-group-label\">Any of</p>",
	        "<p class=\"sv-group-label\">All of</p>",
	        "<p class=\"sv-group-label\">Not</p>",
	        "<p class=\"sv-group-label\">If</p>",
	        "<p class=\"sv-group-label\">Then</p>",
	        "<p class=\"sv-group-label\">Else</p>",
	        "<p class=\"sv-group-label\">Dependent schemas</p>",
	};
	struct fx f;
	char *html;
	size_t i;

	(void)state;
	fx_load(&f, "tree.yaml", NULL);
	html = expand(&f, comp(&f, "Envelope")->schema, NULL, "");
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		assert_has(html, want[i]);
	/* the root shows its type, not its own name */
	assert_has(html, "<p class=\"sv-head\"><span class=\"sv-type\">"
	                 "object</span></p>");
	/* first level open, deeper nested objects closed */
	assert_has(html, "<details class=\"sv-nest\" open><summary><span "
	                 "class=\"sv-line\"><code class=\"sv-name "
	                 "sv-name-prop\">meta</code>");
	assert_has(html, "<details class=\"sv-nest\"><summary><span "
	                 "class=\"sv-line\"><code class=\"sv-name "
	                 "sv-name-prop\">address</code>");
	free(html);
	fx_free(&f);
}

/* The tree for a page that shows the root's type, title and text itself. */
static void
test_fill_flags(void **state)
{
	static const char page[] = "{{%AUTOESCAPE context=\"HTML\"}}"
	                           "<main>{{>SCHEMA_TREE}}</main>\n";
	struct tmpl_cache *cache = tmpl_cache_new();
	struct tmpl_dict *d = tmpl_dict_new("page");
	struct fx f;
	char *html = NULL;

	(void)state;
	fx_load(&f, "tree.yaml", NULL);
	assert_int_equal(tmpl_cache_add_dir(cache, THEME_HTML), 0);
	assert_int_equal(
	        tmpl_cache_add_string(cache, "page.tpl", page, strlen(page)),
	        0);
	assert_int_equal(
	        schemaview_fill_flags(
	                tmpl_include_add(d, "SCHEMA_TREE", SCHEMAVIEW_TEMPLATE),
	                f.ctx, comp(&f, "Envelope")->schema, NULL, "",
	                SCHEMAVIEW_NO_HEAD | SCHEMAVIEW_NO_ROOT_TEXT, NULL),
	        0);
	assert_int_equal(
	        tmpl_expand(&html, NULL, cache, "page.tpl", TMPL_KEEP, d), 0);
	assert_lacks(html, "sv-head");
	assert_lacks(html, "Envelope title");
	assert_lacks(html, "envelope</strong>");
	/* the rest is there: root facts and properties */
	assert_has(html, "<dt>required</dt><dd><code>missingProp</code>");
	assert_has(html, ">customer</code>");
	free(html);
	tmpl_dict_free(d);
	tmpl_cache_free(cache);
	fx_free(&f);
}

static void
test_component_links(void **state)
{
	struct pages_plan single = {1, ".html"};
	struct fx f;
	char *html;

	(void)state;
	fx_load(&f, "tree.yaml", NULL);
	html = expand(&f, comp(&f, "Envelope")->schema, NULL, "../");
	assert_has(html, "<a class=\"sv-ref\" href=\"../schemas/customer.html"
	                 "\">Customer</a>");
	assert_has(html, "array&lt;<a class=\"sv-ref\" href=\"../schemas/"
	                 "order.html\">Order</a>&gt;");
	assert_has(html, "<a class=\"sv-ref\" href=\"../schemas/cat.html\">"
	                 "Cat</a> | <a class=\"sv-ref\" href=\"../schemas/"
	                 "dog.html\">Dog</a>");
	/* components are expanded inline too */
	assert_has(html, "<code class=\"sv-name sv-name-prop\">total</code>");
	assert_has(html, "<code class=\"sv-name sv-name-prop\">meow</code>");
	free(html);
	html = expand(&f, comp(&f, "Envelope")->schema, NULL, "");
	assert_has(html, "href=\"schemas/customer.html\">Customer</a>");
	free(html);
	fx_free(&f);

	fx_load(&f, "tree.yaml", &single);
	html = expand(&f, comp(&f, "Envelope")->schema, NULL, "");
	assert_has(html, "href=\"index.html#schema-customer\">Customer</a>");
	free(html);
	fx_free(&f);
}

/*
 * An alias component (Cost: {$ref: Money}) resolves to Money's node too:
 * a $ref to Money links to Money, whichever comes first in the document.
 */
static void
test_alias_links(void **state)
{
	static const char doc[] =
	        "asyncapi: 3.0.0\n"
	        "info: {title: t, version: '1'}\n"
	        "components:\n"
	        "  schemas:\n"
	        "    Cost: {$ref: '#/components/schemas/Money'}\n"
	        "    Order:\n"
	        "      type: object\n"
	        "      properties:\n"
	        "        total: {$ref: '#/components/schemas/Money'}\n"
	        "    Money: {type: object, properties: {cents: {type: "
	        "integer}}}\n";
	struct fx f;
	char *html;

	(void)state;
	fx_load_text(&f, doc, NULL);
	html = expand(&f, comp(&f, "Order")->schema, NULL, "../");
	assert_has(html, "href=\"../schemas/money.html\">Money</a>");
	assert_null(strstr(html, "cost.html"));
	free(html);
	fx_free(&f);
}

static void
test_circular(void **state)
{
	struct fx f;
	char *html;

	(void)state;
	fx_load(&f, "tree.yaml", NULL);
	/* through a component: marked, linked, not expanded again */
	html = expand(&f, comp(&f, "Envelope")->schema, NULL, "../");
	assert_has(html,
	           "<code class=\"sv-name sv-name-prop\">referrer</code> "
	           "<span class=\"sv-type\"><a class=\"sv-ref\" "
	           "href=\"../schemas/customer.html\">Customer</a></span> "
	           "<span class=\"sv-badge sv-badge-circular\">circular</span> "
	           "<a class=\"sv-link\" href=\"../schemas/customer.html\">"
	           "see schema page</a>");
	assert_int_equal(count(html, "of the customer"), 1);
	free(html);
	/* from the component itself */
	html = expand(&f, comp(&f, "Customer")->schema, NULL, "");
	assert_int_equal(count(html, "sv-badge-circular"), 1);
	assert_int_equal(count(html, "of the customer"), 1);
	free(html);
	/* to an ancestor that is no component: linked to its anchor */
	html = expand(&f, comp(&f, "Node")->schema, NULL, "");
	assert_has(html, "<span class=\"sv-line\" id=\"sv-node-1\"><code "
	                 "class=\"sv-name sv-name-prop\">child</code>");
	assert_has(html, "<a class=\"sv-link\" href=\"#sv-node-1\">see "
	                 "above</a>");
	assert_int_equal(count(html, ">label</code>"), 1);
	assert_int_equal(count(html, "id=\"sv-"), 1);
	free(html);
	fx_free(&f);
}

/*
 * Two trees of one schema on one page (a single page shows a component's
 * tree on its own and in each message whose payload it is): named apart,
 * their anchors differ and each tree's "see above" links to its own.
 */
static void
test_named_trees(void **state)
{
	static const char page[] = "{{%AUTOESCAPE context=\"HTML\"}}"
	                           "<main>{{>A}}</main><main>{{>B}}</main>\n";
	struct tmpl_cache *cache = tmpl_cache_new();
	struct tmpl_dict *d = tmpl_dict_new("page");
	const cJSON *node;
	struct fx f;
	char *html = NULL, *second;

	(void)state;
	fx_load(&f, "tree.yaml", NULL);
	node = comp(&f, "Node")->schema;
	assert_int_equal(tmpl_cache_add_dir(cache, THEME_HTML), 0);
	assert_int_equal(
	        tmpl_cache_add_string(cache, "page.tpl", page, strlen(page)),
	        0);
	assert_int_equal(schemaview_fill_flags(
	                         tmpl_include_add(d, "A", SCHEMAVIEW_TEMPLATE),
	                         f.ctx, node, NULL, "", 0, "schema-node"),
	                 0);
	assert_int_equal(schemaview_fill_flags(
	                         tmpl_include_add(d, "B", SCHEMAVIEW_TEMPLATE),
	                         f.ctx, node, NULL, "", 0, "message-m-payload"),
	                 0);
	assert_int_equal(
	        tmpl_expand(&html, NULL, cache, "page.tpl", TMPL_KEEP, d), 0);
	second = strstr(html, "</main><main>");
	assert_non_null(second);
	*second = '\0';
	second += strlen("</main><main>");
	assert_has(html, " id=\"sv-schema-node-1\"");
	assert_has(html, "href=\"#sv-schema-node-1\"");
	assert_int_equal(count(html, "sv-message-m-payload-"), 0);
	assert_has(second, " id=\"sv-message-m-payload-1\"");
	assert_has(second, "href=\"#sv-message-m-payload-1\"");
	assert_int_equal(count(second, "sv-schema-node-"), 0);
	free(html);
	tmpl_dict_free(d);
	tmpl_cache_free(cache);
	fx_free(&f);
}

/* A v2 document whose payload nests inline objects (and refs) deeply. */
static char *
deep_doc(size_t inline_levels, const char *inner)
{
	struct strbuf b = STRBUF_INIT;
	size_t i;

	strbuf_puts(&b, "asyncapi: 2.6.0\ninfo: {title: D, version: '1'}\n"
	                "channels: {}\ncomponents:\n  schemas:\n"
	                "    Leaf: {type: object, properties: {leafProp: "
	                "{type: string}}}\n"
	                "    Mid: {type: object, properties: {m: ");
	/* Mid holds 14 inline levels: deeper than the limit from Top */
	for (i = 0; i < 14; i++)
		strbuf_puts(&b, "{type: object, properties: {m: ");
	strbuf_puts(&b, "{type: string}");
	for (i = 0; i < 15; i++)
		strbuf_puts(&b, "}}");
	strbuf_puts(&b, "\n    Top: ");
	for (i = 0; i < inline_levels; i++)
		strbuf_puts(&b, "{type: object, properties: {a: ");
	strbuf_puts(&b, inner);
	for (i = 0; i < inline_levels; i++)
		strbuf_puts(&b, "}}");
	strbuf_putc(&b, '\n');
	return strbuf_take(&b);
}

static void
test_depth_limit(void **state)
{
	struct fx f;
	struct schemaview_rows *r = NULL;
	char *text, *html;

	(void)state;
	/* a component at the last level: a link instead of its tree */
	text = deep_doc(SCHEMAVIEW_MAX_DEPTH,
	                "{$ref: '#/components/schemas/Leaf'}");
	fx_load_text(&f, text, NULL);
	html = expand(&f, comp(&f, "Top")->schema, NULL, "../");
	assert_has(html, "<a class=\"sv-link\" href=\"../schemas/leaf.html\">"
	                 "…see schema page</a>");
	assert_lacks(html, "leafProp");
	free(html);
	assert_int_equal(
	        schemaview_rows(&r, f.ctx, comp(&f, "Top")->schema, NULL), 0);
	assert_int_equal(r->n, SCHEMAVIEW_MAX_DEPTH + 1);
	assert_int_equal(r->items[r->n - 1].depth, SCHEMAVIEW_MAX_DEPTH);
	assert_true(r->items[r->n - 1].cut);
	assert_string_equal(r->items[r->n - 1].link_id, "leaf");
	assert_field(r->items[r->n - 1].notes, "not expanded");
	schemaview_rows_free(r);
	fx_free(&f);
	free(text);

	/* deep inline levels inside a component: its page is linked */
	text = deep_doc(2, "{$ref: '#/components/schemas/Mid'}");
	fx_load_text(&f, text, NULL);
	html = expand(&f, comp(&f, "Top")->schema, NULL, "");
	assert_has(html, "<a class=\"sv-link\" href=\"schemas/mid.html\">"
	                 "…see schema page</a>");
	free(html);
	/* and from the component itself, nothing to link: a note */
	html = expand(&f, comp(&f, "Mid")->schema, NULL, "");
	assert_has(html, "Not shown: nested deeper than 12 levels.");
	free(html);
	fx_free(&f);
	free(text);
}

static void
test_openapi(void **state)
{
	struct fx f;
	const struct model_message *msg;
	char *html;

	(void)state;
	fx_load(&f, "formats.yaml", NULL);
	msg = message(&f, "Pet");
	assert_string_equal(msg->payload->format, OAS);
	html = expand(&f, msg->payload->schema, msg->payload->format, "");
	assert_has(html, "<code class=\"sv-name sv-name-prop\">name</code> "
	                 "<span class=\"sv-type\">string | null</span>");
	assert_has(html, "<dt>example</dt><dd><code>&quot;Rex&quot;</code>");
	assert_has(html, "<dt>discriminator</dt><dd><code>petType</code>, "
	                 "<code>cat → #/components/schemas/Cat</code>");
	assert_has(html, "<dt>exclusive minimum</dt><dd><code>0</code>");
	free(html);
	fx_free(&f);
}

static void
test_raw_formats(void **state)
{
	struct fx f;
	const struct model_message *msg;
	struct schemaview_rows *r = NULL;
	char *html;

	(void)state;
	fx_load(&f, "formats.yaml", NULL);
	/* the model keeps no schema for a payload that is a string */
	msg = message(&f, "Proto");
	html = expand(&f, at(&f, "channels/proto/publish/message/payload"),
	              msg->schema_format, "");
	assert_has(html, "<code>application/vnd.google.protobuf;version=3"
	                 "</code>");
	assert_has(html, "<pre class=\"sv-raw\"><code>message Foo { string a "
	                 "= 1; } // &lt;script&gt;alert(1)&lt;/script&gt;"
	                 "</code></pre>");
	free(html);
	msg = message(&f, "Raml");
	html = expand(&f, msg->payload->schema, msg->payload->format, "");
	assert_has(html, "&quot;type&quot;: &quot;object&quot;");
	assert_lacks(html, "<script");
	assert_lacks(html, "</code></pre><");
	free(html);
	assert_int_equal(schemaview_rows(&r, f.ctx, msg->payload->schema,
	                                 msg->payload->format),
	                 0);
	assert_int_equal(r->n, 0);
	assert_string_equal(r->raw_format, "application/raml+yaml;version=1.0");
	assert_field(r->raw, "\"properties\": {");
	schemaview_rows_free(r);
	fx_free(&f);
}

static void
test_avro(void **state)
{
	static const char *const want[] = {
	        "<span class=\"sv-type\">User</span>",
	        "<p>A user of the ", /* raw HTML is dropped by cmark */
	        "<dt>namespace</dt><dd><code>com.example</code>",
	        "<p class=\"sv-group-label\">Fields</p>",
	        ">id</code> <span class=\"sv-type\">long</span>",
	        "<p>The user's id.</p>",
	        ">email</code> <span class=\"sv-type\">null | string</span>",
	        "<dt>default</dt><dd><code>null</code>",
	        ">tags</code> <span class=\"sv-type\">array&lt;string&gt;"
	        "</span>",
	        ">scores</code> <span class=\"sv-type\">map&lt;double&gt;"
	        "</span>",
	        ">color</code> <span class=\"sv-type\">enum Color</span>",
	        "<dt>symbols</dt><dd><code>RED</code>, <code>GREEN</code>, "
	        "<code>BLUE</code>",
	        "<dt>default symbol</dt><dd><code>RED</code>",
	        ">hash</code> <span class=\"sv-type\">fixed Hash(16)</span>",
	        "<dt>size</dt><dd><code>16</code>",
	        ">created</code> <span class=\"sv-type\">long "
	        "(timestamp-millis)</span>",
	        ">amount</code> <span class=\"sv-type\">bytes (decimal)</span>",
	        "<dt>precision</dt><dd><code>10</code>",
	        "<dt>scale</dt><dd><code>2</code>",
	        ">address</code> <span class=\"sv-type\">Address</span>",
	        "<p>Where the user lives.</p>",
	        ">billing</code> <span class=\"sv-type\">null | Address</span>",
	        ">manager</code> <span class=\"sv-type\">null | User</span> "
	        "<span class=\"sv-badge sv-badge-circular\">circular</span> "
	        "<a class=\"sv-link\" href=\"#sv-usersignedup-payload-0\">see "
	        "above</a>",
	        "<div class=\"sv sv-root\" id=\"sv-usersignedup-payload-0\">",
	        ">history</code> <span class=\"sv-type\">array&lt;Address&gt;"
	        "</span>",
	        ">either</code> <span class=\"sv-type\">string | Address | "
	        "Color</span>",
	        "<p class=\"sv-group-label\">Union members</p>",
	        "<dt>order</dt><dd><code>descending</code>",
	        "<dt>aliases</dt><dd><code>position</code>",
	};
	struct fx f;
	const struct model_message *msg;
	struct schemaview_rows *r = NULL;
	char *html;
	size_t i;

	(void)state;
	fx_load(&f, "avro.yaml", NULL);
	msg = message(&f, "UserSignedUp");
	assert_string_equal(msg->payload->format, AVRO);
	html = expand(&f, msg->payload->schema, msg->payload->format, "");
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		assert_has(html, want[i]);
	/*
	 * Address is expanded once, at address; billing, history and either
	 * meet it again and link there.
	 */
	assert_int_equal(count(html, ">city</code>"), 1);
	assert_has(html, "<span class=\"sv-line\" id=\"sv-usersignedup-"
	                 "payload-");
	assert_int_equal(count(html, ">see above</a>"), 4);
	free(html);

	assert_int_equal(schemaview_rows(&r, f.ctx, msg->payload->schema,
	                                 msg->payload->format),
	                 0);
	assert_string_equal(row(r, "address.city")->type, "string");
	assert_string_equal(row(r, "address.city")->description, "The city.");
	assert_true(row(r, "billing")->cut);
	assert_field(row(r, "billing")->notes, "same as address");
	assert_field(row(r, "history[]")->notes, "same as address");
	assert_field(row(r, "either{union 1}")->notes, "same as address");
	assert_null(find_row(r, "billing.city"));
	assert_field(row(r, "either{union 2}")->values, "symbols: `RED`");
	assert_true(row(r, "manager")->cut);
	assert_field(row(r, "manager")->notes, "circular");
	assert_field(row(r, "rank")->values, "default: `3`");
	schemaview_rows_free(r);
	fx_free(&f);
}

/* --------------------------------------------------------------- rows */

/* Rows are Markdown for table cells: each value a code span. */
static void
test_rows(void **state)
{
	struct fx f;
	struct schemaview_rows *r = NULL;
	const struct schemaview_row *x;
	size_t i;

	(void)state;
	fx_load(&f, "tree.yaml", NULL);
	assert_int_equal(
	        schemaview_rows(&r, f.ctx, comp(&f, "Envelope")->schema, NULL),
	        0);
	x = row(r, "");
	assert_int_equal(x->depth, 0);
	assert_string_equal(x->type, "object");
	assert_string_equal(x->title, "Envelope title");
	assert_string_equal(x->description, "The **envelope**.");
	assert_string_equal(x->link_id, "envelope");
	assert_field(x->constraints, "required: `missingProp`");
	assert_field(x->other, "x-envelope: `{\"a\": 1}`");

	x = row(r, "id");
	assert_int_equal(x->depth, 1);
	assert_string_equal(x->type, "string (uuid)");
	assert_string_equal(x->constraints,
	                    "min length: `36`; max length: `36`; pattern: "
	                    "`^[0-9a-f-]+$`");
	assert_string_equal(x->notes, "required, read-only");
	assert_null(x->values);
	assert_false(x->cut);

	x = row(r, "kind");
	assert_string_equal(x->values,
	                    "enum: `\"created\"`, `\"updated\"`; default: "
	                    "`\"created\"`");
	assert_string_equal(x->notes, "required, deprecated");
	assert_field(row(r, "old")->constraints,
	             "exclusive minimum: `0`; maximum: `10`");
	/* items that show nothing but the type the array's type names */
	assert_string_equal(row(r, "tags")->type, "array<string>");
	for (i = 0; i < r->n; i++)
		assert_string_not_equal(r->items[i].path, "tags[]");
	assert_string_equal(row(r, "tags{contains}")->values,
	                    "const: `\"core\"`");
	assert_string_equal(row(r, "point[1]")->type, "number");
	assert_string_equal(row(r, "legacyPoint[...]")->type, "string");
	assert_string_equal(row(r, "meta.*")->type, "string");
	assert_string_equal(row(r, "meta./^x-/")->type, "integer");
	assert_field(row(r, "meta{propertyNames}")->constraints, "pattern");
	assert_string_equal(row(r, "customer.address.city")->type, "string");
	assert_string_equal(row(r, "customer")->link_id, "customer");
	x = row(r, "customer.referrer");
	assert_true(x->cut);
	assert_string_equal(x->link_id, "customer");
	assert_string_equal(x->notes, "circular");
	assert_string_equal(row(r, "orders")->type, "array<Order>");
	assert_string_equal(row(r, "orders[].total")->type, "number");
	assert_string_equal(row(r, "pet{oneOf 2}.bark")->type, "boolean");
	assert_string_equal(row(r, "both{allOf 2}.extra")->type, "boolean");
	assert_string_equal(row(r, "notnull{not}")->type, "null");
	assert_field(row(r, "conditional{then}")->constraints, "required: `a`");
	assert_string_equal(row(r, "dep{dependentSchemas b}")->constraints,
	                    "required: `c`");
	assert_field(row(r, "docs")->other,
	             "external docs: https://example.com/docs");
	assert_field(row(r, "ext")->other, "x-internal: `true`; x-owner");
	assert_int_equal(r->not_shown, 0);
	assert_null(r->raw);
	schemaview_rows_free(r);
	fx_free(&f);
}

/* ------------------------------------------------------ hostile input */

/*
 * A schema nested n levels (properties/a, or items when arrays is set),
 * built in memory (the loader caps nesting), and freed level by level
 * (cJSON_Delete recurses).
 */
static cJSON **
deep_tree(size_t n, int arrays)
{
	cJSON **lv = calloc(n, sizeof(*lv));
	size_t i;

	assert_non_null(lv);
	for (i = 0; i < n; i++) {
		lv[i] = cJSON_CreateObject();
		assert_non_null(lv[i]);
		cJSON_AddStringToObject(lv[i], "type",
		                        arrays ? "array" : "object");
		if (i == 0)
			continue;
		if (arrays) {
			cJSON_AddItemToObject(lv[i - 1], "items", lv[i]);
		} else {
			cJSON *p = cJSON_AddObjectToObject(lv[i - 1],
			                                   "properties");
			assert_non_null(p);
			cJSON_AddItemToObject(p, "a", lv[i]);
		}
	}
	return lv;
}

static void
deep_free(cJSON **lv, size_t n, int arrays)
{
	size_t i;

	for (i = n; i-- > 1;) {
		if (arrays)
			cJSON_DetachItemViaPointer(lv[i - 1], lv[i]);
		else
			cJSON_DetachItemViaPointer(
			        cJSON_GetObjectItemCaseSensitive(lv[i - 1],
			                                         "properties"),
			        lv[i]);
		cJSON_Delete(lv[i]);
	}
	cJSON_Delete(lv[0]);
	free(lv);
}

static const char minimal[] = "asyncapi: 2.6.0\n"
                              "info: {title: M, version: '1'}\n"
                              "channels: {}\n";

static void
test_deep_100k(void **state)
{
	const size_t n = 100000;
	struct fx f;
	struct schemaview_rows *r = NULL;
	cJSON **lv;
	char *html, *type = NULL;
	int arrays;

	(void)state;
	fx_load_text(&f, minimal, NULL);
	for (arrays = 0; arrays < 2; arrays++) {
		lv = deep_tree(n, arrays);
		html = expand(&f, lv[0], NULL, "");
		assert_true(strlen(html) < 64 * 1024);
		assert_has(html, "Not shown: nested deeper than 12 levels.");
		free(html);
		assert_int_equal(schemaview_rows(&r, f.ctx, lv[0], NULL), 0);
		assert_int_equal(r->n, SCHEMAVIEW_MAX_DEPTH + 1);
		assert_true(r->items[r->n - 1].cut);
		assert_null(r->items[r->n - 1].link_id);
		schemaview_rows_free(r);
		assert_int_equal(schemaview_type(&type, f.ctx, lv[0], NULL), 0);
		assert_true(strlen(type) < 200);
		free(type);
		deep_free(lv, n, arrays);
	}
	fx_free(&f);
}

static void
test_deep_ref_chain(void **state)
{
	const size_t n = 5000;
	struct strbuf b = STRBUF_INIT;
	struct fx f;
	struct schemaview_rows *r = NULL;
	char *text, *html;
	size_t i;

	(void)state;
	strbuf_puts(&b, minimal);
	strbuf_puts(&b, "components:\n  schemas:\n");
	for (i = 0; i < n; i++)
		strbuf_printf(&b,
		              "    S%zu: {type: object, properties: {next: "
		              "{$ref: '#/components/schemas/S%zu'}}}\n",
		              i, (i + 1) % n);
	text = strbuf_take(&b);
	fx_load_text(&f, text, NULL);
	html = expand(&f, comp(&f, "S0")->schema, NULL, "");
	assert_true(strlen(html) < 64 * 1024);
	assert_has(html, "href=\"schemas/s12.html\">…see schema page</a>");
	free(html);
	assert_int_equal(
	        schemaview_rows(&r, f.ctx, comp(&f, "S0")->schema, NULL), 0);
	assert_int_equal(r->n, SCHEMAVIEW_MAX_DEPTH + 1);
	assert_string_equal(r->items[SCHEMAVIEW_MAX_DEPTH].path,
	                    "next.next.next.next.next.next.next.next.next."
	                    "next.next.next");
	schemaview_rows_free(r);
	fx_free(&f);
	free(text);
}

/*
 * The doubling shape: each level is an object whose properties a and b
 * both ref the next level, so the tree from level 0 has 2^n paths. Each
 * level is expanded once (at a) and linked after (at b): the tree grows
 * linearly in n. prefix is where the levels live: component schemas (b
 * links to the level's page) or an extension (b links to the anchor of
 * a's expansion).
 */
static void
doubling(size_t n, int components, size_t *rows_n, size_t *html_len)
{
	const char *where = components ? "components/schemas" : "x-levels";
	struct strbuf b = STRBUF_INIT;
	struct schemaview_rows *r = NULL;
	struct fx f;
	char *text, *html, path[64];
	size_t i;

	strbuf_puts(&b, minimal);
	strbuf_printf(&b, "%s:\n", components ? "components:\n  schemas"
	                                       : "x-levels");
	for (i = 0; i + 1 < n; i++)
		strbuf_printf(&b,
		              "    L%zu: {type: object, properties: {"
		              "a: {$ref: '#/%s/L%zu'}, b: {$ref: '#/%s/L%zu'}}}\n",
		              i, where, i + 1, where, i + 1);
	strbuf_printf(&b, "    L%zu: {type: string}\n", n - 1);
	text = strbuf_take(&b);
	assert_non_null(text);
	fx_load_text(&f, text, NULL);
	snprintf(path, sizeof(path), "%s/L0", where);
	html = expand(&f, at(&f, path), NULL, "");
	*html_len = strlen(html);
	/* each level's a and b: one expanded, one linked */
	assert_int_equal(count(html, "<li class=\"sv-row\">"), 2 * (n - 1));
	if (components) {
		assert_int_equal(count(html, ">see schema page</a>"), n - 2);
	} else {
		assert_int_equal(count(html, ">see above</a>"), n - 2);
		/* each link's target exists, once */
		assert_int_equal(count(html, " id=\"sv-"), n - 2);
	}
	free(html);
	assert_int_equal(schemaview_rows(&r, f.ctx, at(&f, path), NULL), 0);
	*rows_n = r->n;
	assert_string_equal(r->items[2].path, "a.a");
	if (n > 3) {
		assert_true(find_row(r, "b.a") == NULL);
		assert_true(row(r, "b")->cut);
		if (!components)
			assert_field(row(r, "b")->notes, "same as a");
	}
	schemaview_rows_free(r);
	fx_free(&f);
	free(text);
}

static void
test_doubling(void **state)
{
	size_t rows6, rows12, len6, len12;
	int c;

	(void)state;
	for (c = 0; c <= 1; c++) {
		doubling(6, c, &rows6, &len6);
		doubling(12, c, &rows12, &len12);
		/* the root and two rows per level, not 2^n */
		assert_int_equal(rows6, 1 + 2 * 5);
		assert_int_equal(rows12, 1 + 2 * 11);
		/* twice the levels, about twice the text (not 2^6 times) */
		assert_true(len12 < 3 * len6);
	}
}

static void
test_huge_enum(void **state)
{
	const size_t n = 100000;
	struct fx f;
	struct schemaview_rows *r = NULL;
	cJSON *s, *e;
	char *html, buf[32];
	size_t i;

	(void)state;
	fx_load_text(&f, minimal, NULL);
	s = cJSON_CreateObject();
	e = cJSON_AddArrayToObject(s, "enum");
	assert_non_null(e);
	for (i = 0; i < n; i++) {
		snprintf(buf, sizeof(buf), "v%zu", i);
		cJSON_AddItemToArray(e, cJSON_CreateString(buf));
	}
	html = expand(&f, s, NULL, "");
	assert_true(strlen(html) < 64 * 1024);
	/* real enums (payment codes: 91 values) are shown whole */
	assert_has(html, "<code>&quot;v90&quot;</code>, ");
	assert_has(html, "<code>&quot;v999&quot;</code> <span class=\"sv-more\">"
	                 "(and 99000 more)</span>");
	assert_lacks(html, "v1000&");
	free(html);
	assert_int_equal(schemaview_rows(&r, f.ctx, s, NULL), 0);
	assert_int_equal(r->n, 1);
	assert_string_equal(r->items[0].type, "string");
	assert_field(r->items[0].values, "`\"v999\"` (and 99000 more)");
	schemaview_rows_free(r);
	cJSON_Delete(s);
	fx_free(&f);
}

static void
test_many_properties(void **state)
{
	const size_t n = 10000;
	struct fx f;
	struct schemaview_rows *r = NULL;
	cJSON *s, *p;
	char *html, buf[32];
	size_t i;

	(void)state;
	fx_load_text(&f, minimal, NULL);
	s = cJSON_CreateObject();
	p = cJSON_AddObjectToObject(s, "properties");
	for (i = 0; i < n; i++) {
		snprintf(buf, sizeof(buf), "p%zu", i);
		cJSON_AddItemToObject(p, buf,
		                      cJSON_Parse("{\"type\":\"object\",\"pro"
		                                  "perties\":{\"x\":{}}}"));
	}
	assert_int_equal(schemaview_rows(&r, f.ctx, s, NULL), 0);
	/* siblings first: every admitted row is a property, none of x */
	assert_int_equal(r->n, SCHEMAVIEW_MAX_NODES + 1);
	assert_int_equal(r->not_shown, n - SCHEMAVIEW_MAX_NODES + 3000);
	assert_string_equal(r->items[r->n - 1].path, "p2999");
	schemaview_rows_free(r);
	html = expand(&f, s, NULL, "");
	assert_has(html, "<li class=\"sv-more\">7000 more not shown</li>");
	free(html);
	cJSON_Delete(s);
	fx_free(&f);
}

/*
 * Schemas that would cost without bounds: one of 200,000 members seen
 * through 3000 properties, and a oneOf of 8 branches that are the schema
 * itself (cJSON references share the members, as $refs share targets).
 */
static void
test_costly_schemas(void **state)
{
	struct fx f;
	struct schemaview_rows *r = NULL;
	cJSON *big, *root, *props, *self, *list;
	char *html, *type = NULL, buf[32];
	size_t i;

	(void)state;
	fx_load_text(&f, minimal, NULL);
	big = cJSON_CreateObject();
	cJSON_AddStringToObject(big, "type", "object");
	for (i = 0; i < 200000; i++) {
		snprintf(buf, sizeof(buf), "junk%zu", i);
		cJSON_AddNumberToObject(big, buf, 1);
	}
	root = cJSON_CreateObject();
	props = cJSON_AddObjectToObject(root, "properties");
	for (i = 0; i < 3000; i++) {
		snprintf(buf, sizeof(buf), "p%zu", i);
		cJSON_AddItemToObject(props, buf,
		                      cJSON_CreateObjectReference(big->child));
	}
	assert_int_equal(schemaview_rows(&r, f.ctx, root, NULL), 0);
	assert_true(r->n > 1);
	assert_true(r->n < 100);
	assert_int_equal(r->not_shown, 3000 - (r->n - 1));
	schemaview_rows_free(r);
	html = expand(&f, root, NULL, "");
	assert_has(html, "more not shown</li>");
	free(html);
	cJSON_Delete(root);
	cJSON_Delete(big);

	self = cJSON_CreateObject();
	list = cJSON_AddArrayToObject(self, "oneOf");
	for (i = 0; i < 8; i++)
		cJSON_AddItemToArray(list,
		                     cJSON_CreateObjectReference(self->child));
	assert_int_equal(schemaview_type(&type, f.ctx, self, NULL), 0);
	if (strlen(type) >= 1024 || strstr(type, "…") == NULL)
		fail_msg("type string: %s", type);
	free(type);
	assert_int_equal(schemaview_rows(&r, f.ctx, self, NULL), 0);
	assert_true(r->n <= SCHEMAVIEW_MAX_NODES + 1);
	schemaview_rows_free(r);
	html = expand(&f, self, NULL, "");
	assert_non_null(html);
	free(html);
	cJSON_Delete(self);
	fx_free(&f);
}

static void
test_hostile_escaped(void **state)
{
	struct fx f;
	struct schemaview_rows *r = NULL;
	char *html;

	(void)state;
	fx_load(&f, "hostile.yaml", NULL);
	html = expand(&f, comp(&f, "Evil")->schema, NULL, "../");
	assert_lacks(html, "<script");
	assert_lacks(html, "</script");
	assert_lacks(html, "<img");
	assert_lacks(html, "javascript:");
	/* the text is there, escaped */
	assert_has(html, "&lt;script&gt;alert(&quot;p&quot;)&lt;/script&gt;");
	assert_has(html, "&lt;script&gt;alert(&quot;title&quot;)");
	assert_has(html, "&lt;script&gt;t&lt;/script&gt;");
	assert_has(html, "string (&lt;script&gt;fmt&lt;/script&gt;)");
	assert_has(html, "&lt;script&gt;Comp&lt;/script&gt;</a>");
	assert_has(html, "&quot;&lt;script&gt;alert(\\&quot;const\\&quot;)"
	                 "&lt;/script&gt;&quot;");
	/* the property named like a required name is marked required */
	assert_has(html, "&lt;/script&gt;</code> <span class=\"sv-type\">"
	                 "string (&lt;script&gt;fmt&lt;/script&gt;)</span> "
	                 "<span class=\"sv-badge sv-badge-required\">");
	free(html);
	/* rows keep the raw text: escaping is the template's job */
	assert_int_equal(
	        schemaview_rows(&r, f.ctx, comp(&f, "Evil")->schema, NULL), 0);
	assert_string_equal(row(r, "evilType")->type, "<script>t</script>");
	schemaview_rows_free(r);
	fx_free(&f);
}

static void
test_odd_schemas(void **state)
{
	static const char *const odd[] = {
	        "true",
	        "false",
	        "7",
	        "\"text\"",
	        "null",
	        "[1, 2]",
	        "{\"properties\": [1, 2], \"required\": 5, \"items\": 3}",
	        "{\"minimum\": \"x\", \"enum\": 5, \"examples\": {\"a\": 1}, "
	        "\"oneOf\": {}, \"allOf\": [], \"type\": {}, \"pattern\": 1}",
	        "{\"properties\": {\"a\": 5, \"b\": null, \"c\": [true]}}",
	        "{\"discriminator\": {\"mapping\": [1]}, \"externalDocs\": 7, "
	        "\"dependentRequired\": {\"a\": 5, \"b\": [1, \"c\"]}}",
	        "{\"$ref\": \"#/nowhere\"}",
	};
	static const char *const avro[] = {
	        "{\"type\": \"record\", \"fields\": 5}",
	        "{\"type\": \"record\", \"fields\": [7, {\"type\": []}]}",
	        "{\"type\": {\"type\": {\"type\": {}}}}",
	        "[]",
	        "{\"type\": \"enum\", \"symbols\": \"x\"}",
	        "{\"type\": \"array\"}",
	        "\"Unknown.Name\"",
	        "{\"type\": \"record\", \"name\": \"R\", \"fields\": "
	        "[{\"name\": "
	        "\"r\", \"type\": {\"type\": \"array\", \"items\": "
	        "{\"type\": \"map\", \"values\": \"R\"}}}]}",
	};
	struct fx f;
	struct schemaview_rows *r = NULL;
	char *html, *type;
	size_t i, k;

	(void)state;
	fx_load_text(&f, minimal, NULL);
	for (k = 0; k < 2; k++) {
		const char *const *list = k == 0 ? odd : avro;
		size_t n = k == 0 ? sizeof(odd) / sizeof(odd[0])
		                  : sizeof(avro) / sizeof(avro[0]);

		for (i = 0; i < n; i++) {
			cJSON *s = cJSON_Parse(list[i]);
			const char *fmt = k == 0 ? NULL : AVRO;

			assert_non_null(s);
			html = expand(&f, s, fmt, "");
			assert_non_null(html);
			free(html);
			assert_int_equal(schemaview_rows(&r, f.ctx, s, fmt), 0);
			assert_true(r->n >= 1);
			schemaview_rows_free(r);
			assert_int_equal(schemaview_type(&type, f.ctx, s, fmt),
			                 0);
			free(type);
			cJSON_Delete(s);
		}
	}
	/* a NULL schema fills nothing */
	html = expand(&f, NULL, NULL, "");
	assert_lacks(html, "sv-type");
	free(html);
	assert_int_equal(schemaview_rows(&r, f.ctx, NULL, NULL), 0);
	assert_int_equal(r->n, 0);
	schemaview_rows_free(r);
	fx_free(&f);
}

static void
test_deterministic(void **state)
{
	struct fx f, g;
	char *a, *b;

	(void)state;
	fx_load(&f, "tree.yaml", NULL);
	fx_load(&g, "tree.yaml", NULL);
	a = expand(&f, comp(&f, "Envelope")->schema, NULL, "../");
	b = expand(&g, comp(&g, "Envelope")->schema, NULL, "../");
	assert_string_equal(a, b);
	free(b);
	b = expand(&f, comp(&f, "Envelope")->schema, NULL, "../");
	assert_string_equal(a, b);
	free(a);
	free(b);
	fx_free(&g);
	fx_free(&f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_type_table),
	        cmocka_unit_test(test_tree_constraints),
	        cmocka_unit_test(test_fill_flags),
	        cmocka_unit_test(test_component_links),
	        cmocka_unit_test(test_alias_links),
	        cmocka_unit_test(test_circular),
	        cmocka_unit_test(test_named_trees),
	        cmocka_unit_test(test_depth_limit),
	        cmocka_unit_test(test_openapi),
	        cmocka_unit_test(test_raw_formats),
	        cmocka_unit_test(test_avro),
	        cmocka_unit_test(test_rows),
	        cmocka_unit_test(test_deep_100k),
	        cmocka_unit_test(test_deep_ref_chain),
	        cmocka_unit_test(test_doubling),
	        cmocka_unit_test(test_huge_enum),
	        cmocka_unit_test(test_many_properties),
	        cmocka_unit_test(test_costly_schemas),
	        cmocka_unit_test(test_hostile_escaped),
	        cmocka_unit_test(test_odd_schemas),
	        cmocka_unit_test(test_deterministic),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
