/*
 * Tests of graph: node and edge counts of the examples, the bounds, labels
 * that try to break out of the SVG, the safety check itself, and the
 * helper process (graphproc) giving the same bytes as this process.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "load/loader.h"
#include "model/model.h"
#include "render/graph.h"
#include "render/graphproc.h"
#include "util/diag.h"
#include "util/strbuf.h"

struct fx {
	struct diag_list *diags;
	struct loader_doc *doc;
	struct model *m;
	struct graph *g;
};

static void
fx_load(struct fx *f, const char *path, const char *text)
{
	memset(f, 0, sizeof(*f));
	f->diags = diag_list_new();
	assert_non_null(f->diags);
	if (path != NULL)
		assert_int_equal(loader_load(&f->doc, path, NULL, f->diags), 0);
	else
		assert_int_equal(loader_load_buffer(&f->doc, "t.yaml", text,
		                                    strlen(text), NULL,
		                                    f->diags),
		                 0);
	assert_int_equal(model_new(&f->m, f->doc, f->diags), 0);
	assert_int_equal(graph_build(&f->g, f->m), 0);
}

static void
fx_free(struct fx *f)
{
	graph_free(f->g);
	model_free(f->m);
	loader_doc_free(f->doc);
	diag_list_free(f->diags);
}

static size_t
count_kind(const struct graph *g, enum graph_kind k)
{
	size_t i, n = 0;

	for (i = 0; i < g->n_nodes; i++)
		n += g->nodes[i].kind == k;
	return n;
}

static size_t
count(const char *hay, const char *needle)
{
	size_t n = 0;

	while ((hay = strstr(hay, needle)) != NULL) {
		n++;
		hay++;
	}
	return n;
}

static void
test_examples(void **state)
{
	struct fx f;
	struct strbuf b = STRBUF_INIT;

	(void)state;
	fx_load(&f, ABS_TOP_SRCDIR "/examples/parking-v3/asyncapi.yaml", NULL);
	assert_int_equal(f.g->level, GRAPH_FULL);
	assert_int_equal(count_kind(f.g, GRAPH_SERVER), 2);
	/* tariffs: a channel no operation uses */
	assert_int_equal(count_kind(f.g, GRAPH_CHANNEL), 7);
	assert_int_equal(count_kind(f.g, GRAPH_OPERATION), 4);
	/* messages some operation carries */
	assert_int_equal(count_kind(f.g, GRAPH_MESSAGE), 5);
	assert_int_equal(f.g->n_nodes, 18);
	assert_int_equal(f.g->n_edges, 16);
	assert_int_equal(graph_svg(&b, f.g, "T", "D"), 0);
	assert_int_equal(count(b.p, "class=\"node\""), 18);
	assert_int_equal(count(b.p, "class=\"edge\""), 16);
	assert_null(strstr(b.p, "<!--"));
	assert_null(strstr(b.p, "<?xml"));
	assert_non_null(strstr(b.p, "<title id=\"arch-title\">T</title>"));
	strbuf_free(&b);
	fx_free(&f);

	fx_load(&f, ABS_TOP_SRCDIR "/examples/parking-v2/asyncapi.yaml", NULL);
	assert_int_equal(f.g->level, GRAPH_FULL);
	assert_int_equal(count_kind(f.g, GRAPH_SERVER), 2);
	assert_int_equal(count_kind(f.g, GRAPH_CHANNEL), 6);
	assert_int_equal(count_kind(f.g, GRAPH_OPERATION), 6);
	assert_int_equal(f.g->n_nodes, 21);
	assert_int_equal(f.g->n_edges, 19);
	graph_mermaid(&b, f.g);
	assert_int_equal(count(b.p, "\n  n"), f.g->n_nodes + f.g->n_edges);
	strbuf_free(&b);
	fx_free(&f);
}

/* A document of n channels, each with a send operation tagged t<i % 7>. */
static char *
big_doc(size_t n)
{
	struct strbuf b = STRBUF_INIT;
	size_t i;

	strbuf_puts(&b, "asyncapi: 3.0.0\ninfo: {title: big, version: '1'}\n"
	                "channels:\n");
	for (i = 0; i < n; i++)
		strbuf_printf(&b, "  c%zu: {address: a/%zu}\n", i, i);
	strbuf_puts(&b, "operations:\n");
	for (i = 0; i < n; i++)
		strbuf_printf(&b,
		              "  o%zu: {action: send, channel: {$ref: "
		              "'#/channels/c%zu'}, tags: [{name: t%zu}]}\n",
		              i, i, i % 7);
	return strbuf_take(&b);
}

static void
test_bounds(void **state)
{
	struct strbuf b = STRBUF_INIT;
	struct fx f;
	char *doc;

	(void)state;
	doc = big_doc(GRAPH_MAX_NODES / 2);
	fx_load(&f, NULL, doc);
	assert_int_equal(f.g->level, GRAPH_FULL);
	fx_free(&f);
	free(doc);

	/* channels and operations only, one cluster per tag */
	doc = big_doc(GRAPH_MAX_NODES / 2 + 1);
	fx_load(&f, NULL, doc);
	assert_int_equal(f.g->level, GRAPH_CORE);
	assert_int_equal(f.g->n_nodes, GRAPH_MAX_NODES + 2);
	fx_free(&f);
	free(doc);
	doc = big_doc(GRAPH_MAX_CORE / 2 + 1);
	fx_load(&f, NULL, doc);
	assert_int_equal(f.g->level, GRAPH_GROUPS);
	fx_free(&f);
	free(doc);

	doc = big_doc(1500);
	fx_load(&f, NULL, doc);
	assert_int_equal(f.g->level, GRAPH_GROUPS);
	assert_int_equal(f.g->n_nodes, 7);
	assert_string_equal(f.g->nodes[0].label,
	                    "t0: 215 channels, 215 operations");
	assert_int_equal(graph_svg(&b, f.g, "T", "D"), 0);
	assert_int_equal(count(b.p, "class=\"node\""), 7);
	strbuf_free(&b);
	fx_free(&f);
	free(doc);
}

static void
test_hostile_labels(void **state)
{
	static const char doc[] =
	        "asyncapi: 3.0.0\n"
	        "info: {title: t, version: '1'}\n"
	        "servers:\n"
	        "  s: {host: h, protocol: mqtt}\n"
	        "channels:\n"
	        "  c:\n"
	        "    address: '<script>alert(1)</script>\\N\\G\\\"'\n"
	        "  d:\n"
	        "    address: \"x\\\" onload=\\\"alert(1)\"\n"
	        "operations:\n"
	        "  o:\n"
	        "    action: send\n"
	        "    channel: {$ref: '#/channels/c'}\n";
	struct strbuf b = STRBUF_INIT;
	struct fx f;
	size_t i;

	(void)state;
	fx_load(&f, NULL, doc);
	for (i = 0; i < f.g->n_nodes; i++)
		f.g->nodes[i].url = strdup("javascript:alert(1)");
	/* an href we did not mean: refused, never a page */
	assert_int_equal(graph_svg(&b, f.g, "T", "D"), -1);
	strbuf_free(&b);
	for (i = 0; i < f.g->n_nodes; i++) {
		free(f.g->nodes[i].url);
		f.g->nodes[i].url = strdup("channels/c.html");
	}
	assert_int_equal(graph_svg(&b, f.g, "<T>", "D&"), 0);
	assert_null(strstr(b.p, "<script"));
	assert_null(strstr(b.p, "\" onload"));
	/* the label as text, Graphviz's \N and \G not expanded */
	assert_non_null(strstr(b.p, "&lt;script&gt;alert(1)&lt;/script&gt;"
	                            "\\N\\G\\&quot;"));
	assert_non_null(strstr(b.p, "<title id=\"arch-title\">&lt;T&gt;"));
	strbuf_free(&b);
	fx_free(&f);
}

static void
test_safe_check(void **state)
{
	static const char *const bad[] = {
	        "<svg><script>x</script></svg>",
	        "<svg><g onclick=\"x\"></g></svg>",
	        "<svg><g ONLOAD='x'></g></svg>",
	        "<svg><a xlink:href=\"https://evil.example/\">x</a></svg>",
	        "<svg><a href=\"//evil.example/\">x</a></svg>",
	        "<svg><a href=\"java&#115;cript:x\">x</a></svg>",
	        "<svg><foreignObject></foreignObject></svg>",
	        "<svg><image href=\"x.png\"/></svg>",
	        "<svg><!-- c --></svg>",
	        "<svg><style>*{}</style></svg>",
	};
	static const char good[] =
	        "<svg role=\"img\" xmlns=\"http://www.w3.org/2000/svg\">"
	        "<a xlink:href=\"channels/c.html\" xlink:title=\"a onload=b\">"
	        "<text>x onclick=&quot;y&quot;</text></a>"
	        "<a xlink:href=\"#operation-o\"></a></svg>";
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (graph_svg_safe(bad[i], strlen(bad[i])))
			fail_msg("accepted: %s", bad[i]);
	assert_true(graph_svg_safe(good, strlen(good)));
}

/* Two APIs: the channel addresses they share, who sends, who receives. */
static void
test_portal(void **state)
{
	struct fx a, b;
	struct graph *g;
	struct strbuf sb = STRBUF_INIT;
	const struct model *models[3];
	size_t i;

	(void)state;
	fx_load(&a, ABS_TOP_SRCDIR "/examples/parking-v3/asyncapi.yaml", NULL);
	fx_load(&b, ABS_TOP_SRCDIR "/examples/parking-v2/asyncapi.yaml", NULL);
	models[0] = a.m;
	models[1] = NULL; /* a spec that failed: left out */
	models[2] = b.m;
	assert_int_equal(graph_build_portal(&g, models, 3), 0);
	assert_int_equal(count_kind(g, GRAPH_API), 2);
	assert_int_equal(count_kind(g, GRAPH_CHANNEL), 3);
	assert_int_equal(g->nodes[0].api, 0);
	assert_int_equal(g->nodes[1].api, 2);
	assert_string_equal(g->nodes[0].label, "API ParkWise Parking Events 3.0.0");
	/* each API sends or receives on each shared channel */
	assert_int_equal(g->n_edges, 6);
	for (i = 0; i < g->n_nodes; i++)
		g->nodes[i].url = strdup("x/index.html");
	assert_int_equal(graph_svg(&sb, g, "T", "D"), 0);
	assert_int_equal(count(sb.p, "class=\"edge\""), 6);
	strbuf_free(&sb);
	graph_free(g);
	fx_free(&a);
	fx_free(&b);
}

/*
 * n operations on one channel, each carrying all n of its messages, sends
 * and receives in turn: n * n links both ways among 2n + 1 nodes.
 */
static char *
dense_doc(size_t n)
{
	struct strbuf b = STRBUF_INIT;
	size_t i, j;

	strbuf_puts(&b, "asyncapi: 3.0.0\ninfo: {title: dense, version: '1'}\n"
	                "channels:\n  c:\n    address: a\n    messages:\n");
	for (i = 0; i < n; i++)
		strbuf_printf(&b, "      m%zu: {payload: {type: string}}\n", i);
	strbuf_puts(&b, "operations:\n");
	for (i = 0; i < n; i++) {
		strbuf_printf(&b,
		              "  o%zu:\n    action: %s\n    channel: {$ref: "
		              "'#/channels/c'}\n    messages:\n",
		              i, i % 2 ? "send" : "receive");
		for (j = 0; j < n; j++)
			strbuf_printf(
			        &b,
			        "      - $ref: '#/channels/c/messages/m%zu'\n",
			        j);
	}
	return strbuf_take(&b);
}

/*
 * Dense graphs (dot took 89 s for this document's 12,210 links, and
 * minutes for twenty APIs sharing a hundred channels): a level down, or
 * fewer shared channels, so at most GRAPH_MAX_EDGES links are laid out.
 */
static void
test_dense(void **state)
{
	struct strbuf b = STRBUF_INIT;
	struct fx f[20];
	const struct model *models[20];
	struct graph *g;
	char *doc;
	size_t i, shared = 0;

	(void)state;
	doc = dense_doc(110);
	fx_load(&f[0], NULL, doc);
	assert_int_equal(f[0].g->level, GRAPH_CORE);
	assert_true(f[0].g->n_edges <= GRAPH_MAX_EDGES);
	assert_int_equal(f[0].g->n_nodes, 111);
	assert_int_equal(graph_svg(&b, f[0].g, "T", "D"), 0);
	strbuf_free(&b);
	fx_free(&f[0]);
	free(doc);

	/* under the bound it is drawn in full */
	doc = dense_doc(12);
	fx_load(&f[0], NULL, doc);
	assert_int_equal(f[0].g->level, GRAPH_FULL);
	assert_int_equal(f[0].g->n_edges, 12 * 12 + 12);
	fx_free(&f[0]);
	free(doc);

	/* twenty APIs with the same hundred channel addresses */
	doc = big_doc(100);
	for (i = 0; i < 20; i++) {
		fx_load(&f[i], NULL, doc);
		models[i] = f[i].m;
	}
	assert_int_equal(graph_build_portal(&g, models, 20), 0);
	assert_true(g->n_edges <= GRAPH_MAX_EDGES);
	assert_true(g->n_edges > GRAPH_MAX_EDGES - 20);
	shared = count_kind(g, GRAPH_CHANNEL);
	assert_int_equal(shared, GRAPH_MAX_EDGES / 20);
	assert_int_equal(g->total, 20 + 100);
	for (i = 0; i < g->n_nodes; i++)
		g->nodes[i].url = strdup("x/index.html");
	assert_int_equal(graph_svg(&b, g, "T", "D"), 0);
	assert_int_equal(count(b.p, "class=\"edge\""), g->n_edges);
	strbuf_free(&b);
	graph_free(g);
	for (i = 0; i < 20; i++)
		fx_free(&f[i]);
	free(doc);
}

/*
 * A layout past the helper's time limit: a graph past the bounds
 * graph_build() keeps (twenty APIs each linked both ways to a hundred
 * channels: 2,000 links, which dot takes minutes over) fails after the
 * limit instead of holding the build, and the helper is gone.
 */
static void
test_timeout(void **state)
{
	struct graph *g = calloc(1, sizeof(*g));
	char *data = NULL, label[32];
	size_t i, j, len = 0;

	(void)state;
	assert_non_null(g);
	g->level = GRAPH_FULL;
	g->n_nodes = g->cap_nodes = 120;
	g->nodes = calloc(g->n_nodes, sizeof(*g->nodes));
	g->n_edges = g->cap_edges = 20 * 100;
	g->edges = calloc(g->n_edges, sizeof(*g->edges));
	assert_non_null(g->nodes);
	assert_non_null(g->edges);
	for (i = 0; i < g->n_nodes; i++) {
		g->nodes[i].kind = i < 20 ? GRAPH_API : GRAPH_CHANNEL;
		snprintf(label, sizeof(label), "node %zu", i);
		g->nodes[i].label = strdup(label);
	}
	for (i = 0; i < 20; i++)
		for (j = 0; j < 100; j++)
			g->edges[i * 100 + j] =
			        (i + j) % 2 ? (struct graph_edge){i, 20 + j, 1}
			                    : (struct graph_edge){20 + j, i, 1};
	graphproc_set_timeout(200);
	assert_int_equal(graphproc_start(), 0);
	assert_int_equal(graphproc_layout(&data, &len, g), -1);
	assert_null(data);
	/* the helper was killed: a next layout is this process's */
	assert_int_equal(graphproc_layout(&data, &len, g), GRAPHPROC_NONE);
	graphproc_stop();
	graphproc_set_timeout(0);
	graph_free(g);
}

/* graph_svg() of each of the n graphs, in the helper, into out[]. */
static void
in_helper(struct strbuf *out, const struct fx *f, size_t n)
{
	char *data;
	size_t i, len;

	assert_int_equal(graphproc_start(), 0);
	for (i = 0; i < n; i++)
		assert_int_equal(graph_svg(&out[i], f[i].g, "T", "D"), 0);
	/* the helper answered (not this process) */
	assert_int_equal(graphproc_layout(&data, &len, f[0].g), 0);
	assert_int_equal(strlen(data), len);
	assert_non_null(strstr(data, "<svg"));
	free(data);
	graphproc_stop();
}

/*
 * The helper (graphproc). Graphviz's layout of a clustered graph depends
 * on the process's past (the order of its heap addresses: a second layout
 * of the same graph in one process can differ from the first; a build
 * forks its helper at the same point each run, so its output is the same
 * each run). So the bytes are compared for a graph without clusters, and
 * for the others the picture (nodes, edges, clusters, links).
 */
static void
test_helper(void **state)
{
	struct fx f[3];
	struct strbuf a[3] = {{0}}, here = STRBUF_INIT;
	size_t i, n[] = {0, GRAPH_MAX_NODES / 2 + 1, GRAPH_MAX_CORE / 2 + 1};
	char *doc, *data;
	size_t len;

	(void)state;
	/* full (with links), clusters per tag, tag groups */
	fx_load(&f[0], ABS_TOP_SRCDIR "/examples/parking-v3/asyncapi.yaml",
	        NULL);
	for (i = 0; i < f[0].g->n_nodes; i++)
		f[0].g->nodes[i].url = strdup(i % 2 ? "channels/c.html" : "a b");
	for (i = 1; i < 3; i++) {
		doc = big_doc(n[i]);
		fx_load(&f[i], NULL, doc);
		free(doc);
	}
	assert_int_equal(f[1].g->level, GRAPH_CORE);
	assert_int_equal(f[2].g->level, GRAPH_GROUPS);
	in_helper(a, f, 3);
	/* no helper now: the caller lays out itself */
	assert_int_equal(graphproc_layout(&data, &len, f[0].g),
	                 GRAPHPROC_NONE);
	assert_null(data);
	for (i = 0; i < 3; i++) {
		assert_int_equal(graph_svg(&here, f[i].g, "T", "D"), 0);
		if (i == 0) {
			assert_int_equal(a[i].len, here.len);
			assert_memory_equal(a[i].p, here.p, here.len);
		}
		assert_int_equal(count(a[i].p, "class=\"node\""),
		                 count(here.p, "class=\"node\""));
		assert_int_equal(count(a[i].p, "class=\"edge\""),
		                 count(here.p, "class=\"edge\""));
		assert_int_equal(count(a[i].p, "class=\"cluster\""),
		                 count(here.p, "class=\"cluster\""));
		assert_int_equal(count(a[i].p, "href=\"channels/c.html\""),
		                 count(here.p, "href=\"channels/c.html\""));
		assert_int_equal(count(a[i].p, "class=\"cluster\""),
		                 i == 1 ? 7 : 0);
		strbuf_free(&here);
		strbuf_free(&a[i]);
		fx_free(&f[i]);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_examples),
	        cmocka_unit_test(test_bounds),
	        cmocka_unit_test(test_hostile_labels),
	        cmocka_unit_test(test_safe_check),
	        cmocka_unit_test(test_portal),
	        cmocka_unit_test(test_dense),
	        cmocka_unit_test(test_timeout),
	        cmocka_unit_test(test_helper),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
