/*
 * render_graph: the architecture graph (graph.h) on the index page,
 * through the partial graph.html.tpl / graph.md.tpl.
 *
 * Variables (section GRAPH): GRAPH_SVG_HTML (HTML: our checked SVG) or
 * GRAPH_MERMAID_HTML (Markdown: a fenced mermaid block), GRAPH_SUMMARY
 * (counts, also the SVG's <desc>), section GRAPH_LIMITED with GRAPH_LIMIT
 * (where the bound is, when the graph is reduced), and the text list:
 * section GRAPH_EDGE per edge with FROM_KIND, FROM_LABEL, FROM_URL,
 * EDGE_VERB, TO_KIND, TO_LABEL, TO_URL (labels start with the kind:
 * "channel orders", "send placeOrder"). A graph Graphviz cannot draw
 * (or whose libraries cannot be opened: the warning names them), or whose
 * SVG fails the safety check, is a `graph-failed` warning and the list
 * alone.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render/graph.h"
#include "render/render_int.h"
#include "util/strbuf.h"

static const enum pages_kind page_kinds[] = {
        PAGES_SERVER, PAGES_CHANNEL, PAGES_OPERATION,
        PAGES_MESSAGE, PAGES_INDEX,   PAGES_INDEX};
static const char *const kind_names[] = {"server",  "channel", "operation",
                                         "message", "group",   "API"};

/* A node's URL from the index page. */
static char *
node_url(struct ctx *c, const struct graph_node *n)
{
	char buf[600], anchor[512];

	if (n->kind == GRAPH_GROUP)
		return strdup(c->plan->single_page ? "#operations"
		                                   : "#operations");
	if (c->plan->single_page) {
		pages_anchor(anchor, sizeof(anchor), page_kinds[n->kind],
		             n->id);
		snprintf(buf, sizeof(buf), "#%s", anchor);
		return strdup(buf);
	}
	if (pages_url_into(buf, sizeof(buf), c->plan, c->root,
	                   page_kinds[n->kind], n->id) >= sizeof(buf))
		return NULL;
	return strdup(buf);
}

static const char *
verb(const struct graph *g, const struct graph_edge *e)
{
	enum graph_kind from = g->nodes[e->from].kind;

	if (from == GRAPH_GROUP)
		return "uses a channel of";
	if (from == GRAPH_API)
		return e->arrow ? "sends to" : "has";
	if (g->nodes[e->to].kind == GRAPH_API)
		return "is received by";
	if (from == GRAPH_SERVER)
		return "carries";
	if (from == GRAPH_CHANNEL)
		return "is received by";
	if (g->nodes[e->to].kind == GRAPH_MESSAGE)
		return "carries";
	return "sends to";
}

static void
add_list(struct ctx *c, struct tmpl_dict *d, const struct graph *g)
{
	struct tmpl_dict *e;
	size_t i;

	for (i = 0; i < g->n_edges; i++) {
		const struct graph_node *a = &g->nodes[g->edges[i].from];
		const struct graph_node *b = &g->nodes[g->edges[i].to];

		e = tmpl_section_add(d, "GRAPH_EDGE");
		render_set(c, e, "FROM_KIND", kind_names[a->kind]);
		render_set(c, e, "FROM_LABEL", a->label);
		render_set(c, e, "FROM_URL", a->url);
		render_set(c, e, "EDGE_VERB", verb(g, &g->edges[i]));
		render_set(c, e, "TO_KIND", kind_names[b->kind]);
		render_set(c, e, "TO_LABEL", b->label);
		render_set(c, e, "TO_URL", b->url);
	}
}

/* The picture: SVG (HTML) or Mermaid (Markdown). */
static void
add_picture(struct ctx *c, struct tmpl_dict *d, const struct graph *g,
            const char *name, const char *summary)
{
	struct strbuf b = STRBUF_INIT;
	char title[300];
	const char *why;
	int rc;

	if (c->fmt->markdown) {
		graph_mermaid(&b, g);
		if (b.oom)
			c->nomem = 1;
		else
			render_set_fenced(c, d, "GRAPH_MERMAID_HTML", "mermaid",
			                  b.p, b.len);
		strbuf_free(&b);
		return;
	}
	snprintf(title, sizeof(title), "Architecture of %s", name);
	rc = graph_svg(&b, g, title, summary);
	if (rc == GRAPH_NOLIB) {
		why = graph_lib_error();
		diag_add(c->diags, DIAG_WARNING, NULL, 0, 0, "graph-failed",
		         "the architecture graph could not be drawn: %s: the "
		         "index lists it as text only",
		         why != NULL ? why : "cannot open Graphviz");
		diag_set_hint(c->diags,
		              "install Graphviz's libraries (Debian: libgvc6), "
		              "or leave the graph out with -p graph=false");
	} else if (rc != 0) {
		if (b.oom)
			c->nomem = 1;
		else
			diag_add(c->diags, DIAG_WARNING, NULL, 0, 0,
			         "graph-failed",
			         "the architecture graph could not be drawn "
			         "(Graphviz failed or ran out of time, or "
			         "its SVG failed the safety check): the index "
			         "lists it as text only");
	} else {
		render_set_section(c, d, "GRAPH_SVG_HTML", b.p);
	}
	strbuf_free(&b);
}

void
render_add_graph(struct ctx *c, struct tmpl_dict *d)
{
	struct graph *g = NULL;
	struct tmpl_dict *inc;
	char summary[300], limit[300];
	size_t i;

	if (c->opts->no_graph || c->m->n_channels == 0)
		return;
	if (graph_build(&g, c->m) != 0) {
		c->nomem = 1;
		return;
	}
	for (i = 0; i < g->n_nodes; i++)
		if ((g->nodes[i].url = node_url(c, &g->nodes[i])) == NULL) {
			c->nomem = 1;
			goto out;
		}
	inc = render_include(c, d, "GRAPH", T_GRAPH);
	d = tmpl_section_add(inc, "GRAPH");
	snprintf(summary, sizeof(summary),
	         "%zu servers, %zu channels, %zu operations and %zu "
	         "messages; the list after the picture gives every link.",
	         c->m->n_servers, c->m->n_channels, c->m->n_operations,
	         c->m->n_messages);
	render_set(c, d, "GRAPH_SUMMARY", summary);
	if (g->level != GRAPH_FULL) {
		snprintf(limit, sizeof(limit),
		         g->level == GRAPH_CORE
		                 ? "Over %d nodes or %d links: channels and "
		                   "operations only, grouped by tag."
		                 : "Over %d channels and operations: one node "
		                   "per tag, with the number of its channels "
		                   "and operations (at most %d links drawn).",
		         g->level == GRAPH_CORE ? GRAPH_MAX_NODES
		                                : GRAPH_MAX_CORE,
		         GRAPH_MAX_EDGES);
		render_set(c, tmpl_section_add(d, "GRAPH_LIMITED"),
		           "GRAPH_LIMIT", limit);
	}
	add_picture(c, d, g, first_of(c->m->info.title, NULL, NULL, "the API"),
	            summary);
	add_list(c, d, g);
out:
	graph_free(g);
}

void
render_add_portal_graph(struct ctx *c, struct tmpl_dict *d,
                        const struct render_portal_entry *apis, size_t n)
{
	const struct model **models = calloc(n + 1, sizeof(*models));
	struct pages_plan plan = {c->opts->single_page, ".html"};
	struct graph *g = NULL;
	char buf[700], summary[300], *u;
	size_t i, n_ch = 0;

	if (c->opts->no_graph)
		goto out;
	for (i = 0; models != NULL && i < n; i++)
		models[i] = apis[i].m;
	if (models == NULL || graph_build_portal(&g, models, n) != 0) {
		c->nomem = 1;
		goto out;
	}
	for (i = 0; i < g->n_nodes; i++) {
		struct graph_node *nd = &g->nodes[i];

		if (nd->kind == GRAPH_API) {
			snprintf(buf, sizeof(buf), "%s/index.html",
			         apis[nd->api].dir);
			nd->url = strdup(buf);
		} else if ((u = pages_url(&plan, PAGES_CHANNEL, nd->id)) !=
		           NULL) {
			n_ch++;
			snprintf(buf, sizeof(buf), "%s/%s", apis[nd->api].dir,
			         u);
			free(u);
			nd->url = strdup(buf);
		}
		if (nd->url == NULL) {
			c->nomem = 1;
			goto out;
		}
	}
	if (n_ch == 0)
		goto out; /* no channel is shared: nothing to draw */
	d = tmpl_section_add(render_include(c, d, "GRAPH", T_GRAPH), "GRAPH");
	snprintf(summary, sizeof(summary),
	         "%zu APIs and the %zu channel addresses two or more of them "
	         "share; the list after the picture gives every link.",
	         g->n_nodes - n_ch, n_ch);
	render_set(c, d, "GRAPH_SUMMARY", summary);
	if (g->total > g->n_nodes) {
		snprintf(buf, sizeof(buf),
		         "At most %d nodes and %d links: %zu shared channels "
		         "are left out.",
		         GRAPH_MAX_NODES, GRAPH_MAX_EDGES,
		         g->total - g->n_nodes);
		render_set(c, tmpl_section_add(d, "GRAPH_LIMITED"),
		           "GRAPH_LIMIT", buf);
	}
	add_picture(c, d, g, "the portal", summary);
	add_list(c, d, g);
out:
	graph_free(g);
	free(models);
}
