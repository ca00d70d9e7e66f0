/*
 * graph: the architecture graph (see graph.h): built from the model, laid
 * out by Graphviz's dot into SVG in memory, checked, or written as Mermaid.
 */
#include "config.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <dlfcn.h>
#include <gvc.h>

#include "model/model.h"
#include "render/graph.h"
#include "render/graphproc.h"
#include "util/array.h"
#include "util/ascii.h"
#include "util/dl.h"
#include "util/hmap.h"
#include "util/strbuf.h"

/* Network simplex iterations per node (see make_graph). */
#define GRAPH_NSLIMIT "4"

/* ------------------------------------------------------------- build */

/* A label: text cut to GRAPH_LABEL_MAX bytes on a UTF-8 boundary. */
static char *
make_label(const char *prefix, const char *text)
{
	struct strbuf b = STRBUF_INIT;
	size_t n = strlen(text);

	if (n > GRAPH_LABEL_MAX) {
		n = GRAPH_LABEL_MAX;
		while (n > 0 && ((unsigned char)text[n] & 0xC0) == 0x80)
			n--;
	}
	strbuf_puts(&b, prefix);
	strbuf_putn(&b, text, n);
	if (n < strlen(text))
		strbuf_puts(&b, "…");
	return strbuf_take(&b);
}

/* Appends a node; its index in *at. */
static int
add_node(struct graph *g, size_t *at, enum graph_kind kind, const char *id,
         const char *prefix, const char *text, const char *group)
{
	struct graph_node *n;

	if (ARRAY_RESERVE(g->nodes, g->n_nodes + 1, g->cap_nodes) != 0)
		return -1;
	n = &g->nodes[g->n_nodes];
	memset(n, 0, sizeof(*n));
	n->kind = kind;
	n->id = id;
	n->group = group;
	if ((n->label = make_label(prefix, text != NULL ? text : id)) == NULL)
		return -1;
	*at = g->n_nodes++;
	return 0;
}

static int
add_edge(struct graph *g, size_t from, size_t to, int arrow)
{
	size_t i;

	/* one edge per pair (groups share many channels) */
	for (i = g->n_edges; i > 0 && i + 64 > g->n_edges; i--)
		if (g->edges[i - 1].from == from && g->edges[i - 1].to == to)
			return 0;
	if (ARRAY_RESERVE(g->edges, g->n_edges + 1, g->cap_edges) != 0)
		return -1;
	g->edges[g->n_edges++] = (struct graph_edge){from, to, arrow};
	return 0;
}

static const char *
first_tag(const struct model_tags *t)
{
	return t->n > 0 && t->items[0]->name != NULL ? t->items[0]->name
	                                            : "untagged";
}

/* Index map: key -> node index (stored + 1). */
static int
map_put(struct hmap *h, const void *key, size_t i)
{
	return hmap_put_ptr(h, key, (void *)(uintptr_t)(i + 1));
}

static int
map_get(const struct hmap *h, const void *key, size_t *i)
{
	uintptr_t v = (uintptr_t)hmap_get_ptr(h, key);

	*i = (size_t)v - 1;
	return v != 0;
}

static const char *
name_of(const char *a, const char *b, const char *c)
{
	return a != NULL && a[0] != '\0' ? a : b != NULL && b[0] != '\0' ? b : c;
}

/* Channels and operations (and with full, servers and messages). */
static int
build_nodes(struct graph *g, const struct model *m, int full,
            struct hmap *ix)
{
	size_t i, j, at, ch;
	const struct model_operation *op;

	for (i = 0; full && i < m->n_servers; i++)
		if (add_node(g, &at, GRAPH_SERVER, m->servers[i]->id,
		             "server ", m->servers[i]->key, NULL) != 0 ||
		    map_put(ix, m->servers[i], at) != 0)
			return -1;
	for (i = 0; i < m->n_channels; i++) {
		const struct model_channel *c = m->channels[i];
		const char *grp = NULL;

		if (!full)
			grp = c->n_operations > 0
			              ? first_tag(&c->operations[0]->tags)
			              : first_tag(&c->tags);
		if (add_node(g, &at, GRAPH_CHANNEL, c->id, "channel ",
		             name_of(c->address, c->key, c->id), grp) != 0 ||
		    map_put(ix, c, at) != 0)
			return -1;
		for (j = 0; full && j < c->n_servers; j++)
			if (map_get(ix, c->servers[j], &ch) &&
			    add_edge(g, ch, at, 0) != 0)
				return -1;
		for (j = 0; full && c->n_servers == 0 && j < m->n_servers; j++)
			if (add_edge(g, j, at, 0) != 0)
				return -1;
	}
	for (i = 0; i < m->n_operations; i++) {
		op = m->operations[i];
		if (add_node(g, &at, GRAPH_OPERATION, op->id,
		             op->action == MODEL_SEND ? "send " : "receive ",
		             name_of(op->operation_id, op->key, op->id),
		             full ? NULL : first_tag(&op->tags)) != 0)
			return -1;
		if (op->channel != NULL && map_get(ix, op->channel, &ch) &&
		    (op->action == MODEL_SEND ? add_edge(g, at, ch, 1)
		                              : add_edge(g, ch, at, 1)) != 0)
			return -1;
		for (j = 0; full && j < op->n_messages; j++) {
			const struct model_message *msg = op->messages[j];
			size_t mi;

			if (!map_get(ix, msg, &mi) &&
			    (add_node(g, &mi, GRAPH_MESSAGE, msg->id,
			              "message ",
			              name_of(msg->name, msg->title, msg->id),
			              NULL) != 0 ||
			     map_put(ix, msg, mi) != 0))
				return -1;
			if (add_edge(g, at, mi, 0) != 0)
				return -1;
		}
	}
	return 0;
}

/* One node per tag group; an edge where an operation of one group uses a
 * channel of another's. */
static int
build_groups(struct graph *g, const struct model *m)
{
	struct hmap tags = {0}, chan = {0};
	size_t *n_ch = NULL, *n_op = NULL, i, at, a, b, cap = 0;
	int rc = -1;
	char text[96];

	for (i = 0; i < m->n_channels + m->n_operations; i++) {
		const struct model_channel *c =
		        i < m->n_channels ? m->channels[i] : NULL;
		const struct model_operation *op =
		        c == NULL ? m->operations[i - m->n_channels] : NULL;
		const char *t = c != NULL ? (c->n_operations > 0
		                                     ? first_tag(&c->operations[0]->tags)
		                                     : first_tag(&c->tags))
		                          : first_tag(&op->tags);
		uintptr_t v = (uintptr_t)hmap_get_str(&tags, t);

		if (v == 0) {
			if (add_node(g, &at, GRAPH_GROUP, t, "", t, t) != 0 ||
			    hmap_put_str(&tags, t, (void *)(uintptr_t)(at + 1)) !=
			            0 ||
			    ARRAY_RESERVE(n_ch, at + 1, cap) != 0)
				goto out;
			if ((n_op = realloc(n_op, cap * sizeof(*n_op))) == NULL)
				goto out;
			n_ch[at] = n_op[at] = 0;
			v = at + 1;
		}
		if (c != NULL) {
			n_ch[v - 1]++;
			if (map_put(&chan, c, v - 1) != 0)
				goto out;
		} else {
			n_op[v - 1]++;
			if (op->channel != NULL &&
			    map_get(&chan, op->channel, &a) && a != v - 1 &&
			    g->n_edges < GRAPH_MAX_EDGES &&
			    add_edge(g, v - 1, a, 1) != 0)
				goto out;
		}
	}
	for (b = 0; b < g->n_nodes; b++) {
		free(g->nodes[b].label);
		snprintf(text, sizeof(text), ": %zu channels, %zu operations",
		         n_ch[b], n_op[b]);
		g->nodes[b].label = NULL;
		{
			char *l = make_label("", g->nodes[b].id);
			struct strbuf s = STRBUF_INIT;

			strbuf_puts(&s, l != NULL ? l : "");
			strbuf_puts(&s, text);
			free(l);
			if ((g->nodes[b].label = strbuf_take(&s)) == NULL)
				goto out;
		}
	}
	rc = 0;
out:
	free(n_ch);
	free(n_op);
	hmap_free(&tags);
	hmap_free(&chan);
	return rc;
}

/* Drops g's nodes and edges (keeping their arrays and g->total). */
static void
clear_graph(struct graph *g)
{
	size_t i;

	for (i = 0; i < g->n_nodes; i++) {
		free(g->nodes[i].label);
		free(g->nodes[i].url);
	}
	g->n_nodes = g->n_edges = 0;
}

int
graph_build(struct graph **out, const struct model *m)
{
	struct graph *g = calloc(1, sizeof(*g));
	struct hmap ix = {0};
	int rc = 1; /* 1: not built yet */

	*out = NULL;
	if (g == NULL)
		return -1;
	g->total = m->n_servers + m->n_channels + m->n_operations +
	           m->n_messages;
	if (g->total <= GRAPH_MAX_NODES) {
		g->level = GRAPH_FULL;
		rc = build_nodes(g, m, 1, &ix);
		/* servers x channels and operations x messages can make
		 * thousands of links among 250 nodes, which dot took minutes
		 * to lay out: such a graph is drawn a level down */
		if (rc == 0 && g->n_edges > GRAPH_MAX_EDGES) {
			clear_graph(g);
			hmap_clear(&ix);
			rc = 1;
		}
	}
	if (rc == 1 && m->n_channels + m->n_operations <= GRAPH_MAX_CORE) {
		g->level = GRAPH_CORE;
		rc = build_nodes(g, m, 0, &ix);
	} else if (rc == 1) {
		g->level = GRAPH_GROUPS;
		rc = build_groups(g, m);
	}
	hmap_free(&ix);
	if (rc != 0) {
		graph_free(g);
		return -1;
	}
	*out = g;
	return 0;
}

/* A channel address several APIs have. */
struct shared {
	const char *address, *ch_id;
	size_t first, last, n_apis, node;
	size_t n_edges; /* the links portal_edges() will draw to it */
};

enum { SENDS = 1, RECEIVES = 2 };

/* Whether the application sends (SENDS) or receives (RECEIVES) on c. */
static int
channel_dirs(const struct model_channel *c)
{
	size_t o;
	int d = 0;

	for (o = 0; o < c->n_operations; o++)
		d |= c->operations[o]->action == MODEL_SEND      ? SENDS
		     : c->operations[o]->action == MODEL_RECEIVE ? RECEIVES
		                                                 : 0;
	return d;
}

/* The links from or to one API's channel, as portal_edges() draws them. */
static size_t
channel_links(const struct model_channel *c)
{
	int d = channel_dirs(c);

	return d == (SENDS | RECEIVES) ? 2 : 1;
}

static int
build_portal(struct graph *g, const struct model *const *models, size_t n,
             struct hmap *ix, struct shared **sh, size_t *n_sh)
{
	size_t i, j, at, cap = 0, k, edges = 0;
	struct shared *s;
	char text[2 * GRAPH_LABEL_MAX + 8];

	for (i = 0; i < n; i++) {
		if (models[i] == NULL)
			continue;
		/* members often share a title: the version tells them apart */
		snprintf(text, sizeof(text), "%s%s%s",
		         name_of(models[i]->info.title, NULL, "API"),
		         models[i]->info.version != NULL ? " " : "",
		         models[i]->info.version != NULL
		                 ? models[i]->info.version
		                 : "");
		if (add_node(g, &at, GRAPH_API, NULL, "API ", text, NULL) != 0)
			return -1;
		g->nodes[at].api = i;
		g->total++;
		for (j = 0; j < models[i]->n_channels; j++) {
			const struct model_channel *c = models[i]->channels[j];

			if (c->address == NULL)
				continue;
			k = (size_t)(uintptr_t)hmap_get_str(ix, c->address);
			if (k == 0) {
				if (ARRAY_RESERVE(*sh, *n_sh + 1, cap) != 0 ||
				    hmap_put_str(ix, c->address,
				                 (void *)(uintptr_t)(*n_sh + 1)) != 0)
					return -1;
				(*sh)[(*n_sh)++] = (struct shared){
				        c->address, c->id,    i, i,
				        0,          SIZE_MAX, 0};
				k = *n_sh;
			}
			s = &(*sh)[k - 1];
			if (s->n_apis == 0 || s->last != i)
				s->n_apis++;
			s->last = i;
			s->n_edges += channel_links(c);
		}
	}
	for (k = 0; k < *n_sh; k++) {
		s = &(*sh)[k];
		if (s->n_apis < 2)
			continue;
		g->total++;
		/* dense sharing (every API on every channel) makes links
		 * grow as APIs x channels: both are bounded */
		if (g->n_nodes >= GRAPH_MAX_NODES ||
		    edges + s->n_edges > GRAPH_MAX_EDGES)
			continue;
		edges += s->n_edges;
		if (add_node(g, &s->node, GRAPH_CHANNEL, s->ch_id, "channel ",
		             s->address, NULL) != 0)
			return -1;
		g->nodes[s->node].api = s->first;
	}
	return 0;
}

/* The edges of API node a (model m) to the shared channels it has. */
static int
portal_edges(struct graph *g, size_t a, const struct model *m,
             const struct hmap *ix, const struct shared *sh)
{
	size_t j, k;

	for (j = 0; j < m->n_channels; j++) {
		const struct model_channel *c = m->channels[j];
		int d;

		if (c->address == NULL ||
		    (k = (size_t)(uintptr_t)hmap_get_str(ix, c->address)) == 0 ||
		    sh[k - 1].node == SIZE_MAX)
			continue;
		d = channel_dirs(c);
		if ((d & SENDS && add_edge(g, a, sh[k - 1].node, 1) != 0) ||
		    (d & RECEIVES && add_edge(g, sh[k - 1].node, a, 1) != 0) ||
		    (d == 0 && add_edge(g, a, sh[k - 1].node, 0) != 0))
			return -1;
	}
	return 0;
}

int
graph_build_portal(struct graph **out, const struct model *const *models,
                   size_t n)
{
	struct graph *g = calloc(1, sizeof(*g));
	struct hmap ix = {0};
	struct shared *sh = NULL;
	size_t n_sh = 0, i;
	int rc = -1;

	*out = NULL;
	if (g == NULL)
		return -1;
	g->level = GRAPH_FULL;
	if (build_portal(g, models, n, &ix, &sh, &n_sh) != 0)
		goto out;
	for (i = 0; i < g->n_nodes; i++)
		if (g->nodes[i].kind == GRAPH_API &&
		    portal_edges(g, i, models[g->nodes[i].api], &ix, sh) != 0)
			goto out;
	rc = 0;
out:
	free(sh);
	hmap_free(&ix);
	if (rc != 0) {
		graph_free(g);
		return -1;
	}
	*out = g;
	return 0;
}

void
graph_free(struct graph *g)
{
	if (g == NULL)
		return;
	clear_graph(g);
	free(g->nodes);
	free(g->edges);
	free(g);
}

/* --------------------------------------------------------------- SVG */

/*
 * Graphviz's context and library are shared state: one user at a time.
 * One context serves the whole process and is never freed: Graphviz 2.42's
 * pango plugin keeps the last font name it measured in a static pointer,
 * which a freed context leaves dangling (a use-after-free on the next
 * layout, found by ASan). Its memory stays reachable, so it is no leak.
 */
static pthread_mutex_t gv_lock = PTHREAD_MUTEX_INITIALIZER;
static GVC_t *gv_ctx;

/*
 * libgvc and libcgraph are opened on the first layout, not linked (#18):
 * with libltdl, libcdt, libpathplan, libexpat and libz under them they
 * were mapped and relocated by every command, while only a build's graph
 * helper (graphproc.h) and `serve` lay anything out. Only the headers are
 * used at build time. The sonames are those of the libraries the build
 * found (configure reads them), the ABI the headers describe. Each pointer
 * takes its type from the header's declaration, so it is called exactly
 * as a linked call would be, whatever the Graphviz version. Agdirected is
 * data: its address is looked up, and its value passed as agopen() wants.
 * Set once under gv_lock, never closed (the plugins use both libraries).
 */
static struct {
	__typeof__(agopen) *agopen;
	__typeof__(agclose) *agclose;
	__typeof__(agattr) *agattr;
	__typeof__(agsafeset) *agsafeset;
	__typeof__(agsubg) *agsubg;
	__typeof__(agnode) *agnode;
	__typeof__(agedge) *agedge;
	__typeof__(Agdirected) *directed;
	__typeof__(gvContext) *gvContext;
	__typeof__(gvContextPlugins) *gvContextPlugins;
	__typeof__(gvLayout) *gvLayout;
	__typeof__(gvRenderData) *gvRenderData;
	__typeof__(gvFreeRenderData) *gvFreeRenderData;
	__typeof__(gvFreeLayout) *gvFreeLayout;
} gv;
/* 0: not tried yet, 1: open, -1: failed (gv_error says why) */
static int gv_state;
static char gv_error[512];

/* Records why lib could not be used; -1. */
static int
gv_failed(const char *lib)
{
	dl_error(gv_error, sizeof(gv_error), "Graphviz", lib);
	return -1;
}

/* Opens libcgraph and libgvc into gv (once). 0, or -1. Under gv_lock. */
static int
gv_open(void)
{
	void *cg, *gc;

	if (gv_state != 0)
		return gv_state > 0 ? 0 : -1;
	gv_state = -1;
	cg = dlopen(CGRAPH_SONAME, RTLD_NOW | RTLD_LOCAL);
	if (cg == NULL)
		return gv_failed(CGRAPH_SONAME);
	if (dl_sym(&gv.agopen, cg, "agopen") != 0 ||
	    dl_sym(&gv.agclose, cg, "agclose") != 0 ||
	    dl_sym(&gv.agattr, cg, "agattr") != 0 ||
	    dl_sym(&gv.agsafeset, cg, "agsafeset") != 0 ||
	    dl_sym(&gv.agsubg, cg, "agsubg") != 0 ||
	    dl_sym(&gv.agnode, cg, "agnode") != 0 ||
	    dl_sym(&gv.agedge, cg, "agedge") != 0 ||
	    dl_sym(&gv.directed, cg, "Agdirected") != 0) {
		gv_failed(CGRAPH_SONAME);
		dlclose(cg);
		return -1;
	}
	gc = dlopen(GVC_SONAME, RTLD_NOW | RTLD_LOCAL);
	if (gc == NULL) {
		gv_failed(GVC_SONAME);
		dlclose(cg);
		return -1;
	}
	if (dl_sym(&gv.gvContext, gc, "gvContext") != 0 ||
	    dl_sym(&gv.gvContextPlugins, gc, "gvContextPlugins") != 0 ||
	    dl_sym(&gv.gvLayout, gc, "gvLayout") != 0 ||
	    dl_sym(&gv.gvRenderData, gc, "gvRenderData") != 0 ||
	    dl_sym(&gv.gvFreeRenderData, gc, "gvFreeRenderData") != 0 ||
	    dl_sym(&gv.gvFreeLayout, gc, "gvFreeLayout") != 0) {
		gv_failed(GVC_SONAME);
		dlclose(gc);
		dlclose(cg);
		return -1;
	}
	gv_state = 1;
	return 0;
}

const char *
graph_lib_error(void)
{
	const char *e;

	pthread_mutex_lock(&gv_lock);
	e = gv_state < 0 ? gv_error : NULL;
	pthread_mutex_unlock(&gv_lock);
	return e != NULL ? e : graphproc_lib_error();
}

/*
 * A context with two plugins: dot's layout and the core renderers (SVG).
 * gvContext() loads every installed plugin, pango's text layout among
 * them, which measures labels in the fonts fontconfig finds: fontconfig's
 * start-up (some fifty files read) was 9 of the 11 ms a 10-channel spec's
 * graph cost, and the SVG's bytes depended on the fonts of the machine
 * that built it. Without a text-layout plugin Graphviz sizes labels from
 * its own Helvetica/Arial metrics, the same everywhere (node margins leave
 * room for a reader's wider fallback font). The plugins stay open for the
 * process's life. Where they cannot be opened (a Graphviz installed in
 * another layout), gvContext() as before.
 */
static GVC_t *
open_context(void)
{
	static const char *const plugin[][2] = {
	        {GV_PLUGIN_DIR "/libgvplugin_dot_layout" GV_PLUGIN_SUFFIX,
	         "gvplugin_dot_layout_LTX_library"},
	        {GV_PLUGIN_DIR "/libgvplugin_core" GV_PLUGIN_SUFFIX,
	         "gvplugin_core_LTX_library"},
	};
	static lt_symlist_t syms[3];
	size_t i;

	for (i = 0; i < 2; i++) {
		void *h = dlopen(plugin[i][0], RTLD_NOW | RTLD_LOCAL);

		syms[i].name = plugin[i][1];
		syms[i].address = h != NULL ? dlsym(h, plugin[i][1]) : NULL;
		if (syms[i].address == NULL)
			return gv.gvContext();
	}
	return gv.gvContextPlugins(syms, 0);
}

/* Text for a Graphviz label: its escape character doubled. */
static char *
gv_text(const char *s)
{
	struct strbuf b = STRBUF_INIT;

	strbuf_puts(&b, "");
	for (; *s != '\0'; s++) {
		if (*s == '\\')
			strbuf_putc(&b, '\\');
		strbuf_putc(&b, *s);
	}
	return strbuf_take(&b);
}

static void
set(void *obj, const char *key, const char *val)
{
	gv.agsafeset(obj, (char *)key, (char *)val, "");
}

/* Sets a label (escaped) on obj; -1 when out of memory. */
static int
set_label(void *obj, const char *key, const char *text)
{
	char *t = gv_text(text);

	if (t == NULL)
		return -1;
	set(obj, key, t);
	free(t);
	return 0;
}

static const char *const shapes[] = {"box3d", "box",    "ellipse",
                                     "note",  "folder", "component"};

/* The graph in cgraph; clusters per group at GRAPH_CORE. */
static Agraph_t *
make_graph(const struct graph *g)
{
	Agraph_t *G = gv.agopen("architecture", *gv.directed, NULL);
	Agraph_t *sub;
	Agnode_t **nodes = NULL;
	char name[64];
	size_t i;
	int ok = G != NULL;

	if (ok)
		ok = (nodes = calloc(g->n_nodes + 1, sizeof(*nodes))) != NULL;
	if (ok) {
		gv.agattr(G, AGRAPH, "rankdir", "LR");
		gv.agattr(G, AGRAPH, "bgcolor", "transparent");
		gv.agattr(G, AGRAPH, "fontname", "Helvetica,Arial,sans-serif");
		gv.agattr(G, AGNODE, "fontname", "Helvetica,Arial,sans-serif");
		/*
		 * Labels are sized at 12.5 pt of Arial's metrics and shown
		 * at 11 px by the theme's CSS: room for a reader's fallback
		 * font, up to 14 % wider than Arial (DejaVu Sans is about
		 * 10 % wider). Without the CSS they show at 12.5 and fit in
		 * Arial or Helvetica.
		 */
		gv.agattr(G, AGNODE, "fontsize", "12.5");
		gv.agattr(G, AGNODE, "margin", "0.15,0.055");
		gv.agattr(G, AGNODE, "shape", "box");
		gv.agattr(G, AGEDGE, "arrowhead", "normal");
		/*
		 * Network simplex (ranking, then x coordinates) runs until
		 * optimal by default; these cap its iterations at a multiple
		 * of the node count. A second guard only: alone it left the
		 * dense portal of graph.h at 83 s, the bounds on nodes and
		 * edges are what keep layouts short. The small graphs of
		 * real APIs converge well within it (pictures unchanged).
		 */
		gv.agattr(G, AGRAPH, "nslimit", GRAPH_NSLIMIT);
		gv.agattr(G, AGRAPH, "nslimit1", GRAPH_NSLIMIT);
	}
	for (i = 0; ok && i < g->n_nodes; i++) {
		const struct graph_node *n = &g->nodes[i];

		sub = G;
		snprintf(name, sizeof(name), "n%zu", i);
		if (g->level == GRAPH_CORE && n->group != NULL) {
			char cl[300];

			snprintf(cl, sizeof(cl), "cluster_%s", n->group);
			/* the name is ours only: the label carries the tag */
			sub = gv.agsubg(G, cl, 1);
			if (sub != NULL && set_label(sub, "label", n->group) != 0)
				ok = 0;
			if (sub == NULL)
				sub = G;
		}
		nodes[i] = gv.agnode(sub, name, 1);
		if (nodes[i] == NULL || set_label(nodes[i], "label", n->label) != 0) {
			ok = 0;
			break;
		}
		set(nodes[i], "shape", shapes[n->kind]);
		if (n->url != NULL)
			set(nodes[i], "href", n->url);
	}
	for (i = 0; ok && i < g->n_edges; i++) {
		Agedge_t *e = gv.agedge(G, nodes[g->edges[i].from],
		                        nodes[g->edges[i].to], NULL, 1);

		if (e == NULL)
			ok = 0;
		else if (!g->edges[i].arrow)
			set(e, "arrowhead", "none");
	}
	free(nodes);
	if (!ok && G != NULL) {
		gv.agclose(G);
		G = NULL;
	}
	return G;
}

/*
 * Graphviz's SVG, kept from its <svg> on, without its comments (its
 * version, our node names) or its <title> lines (our node names), with
 * role, <title> and <desc> of ours after the <svg ...> tag.
 */
static void
copy_svg(struct strbuf *out, const char *data, size_t len, const char *title,
         const char *desc)
{
	const char *p = data, *end = data + len, *nl, *s;
	int open = 0;

	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		nl = nl != NULL ? nl + 1 : end;
		for (s = p; s < nl && (*s == ' ' || *s == '\t'); s++)
			;
		if (!open && (size_t)(nl - s) >= 4 && memcmp(s, "<svg", 4) == 0)
			open = 1;
		if (!open || (nl - s >= 4 && memcmp(s, "<!--", 4) == 0) ||
		    (nl - s >= 7 && memcmp(s, "<title>", 7) == 0)) {
			p = nl;
			continue;
		}
		if (open == 1 && memcmp(s, "<svg", 4) == 0) {
			strbuf_puts(out, "<svg role=\"img\" "
			                 "aria-labelledby=\"arch-title arch-desc\"");
			strbuf_putn(out, s + 4, (size_t)(nl - s - 4));
			/* the tag may span lines: ours follow its end */
			open = 2;
			p = nl;
			if (memchr(s, '>', (size_t)(nl - s)) == NULL)
				continue;
		} else {
			strbuf_putn(out, p, (size_t)(nl - p));
			p = nl;
			if (open != 2 || memchr(s, '>', (size_t)(nl - s)) == NULL)
				continue;
		}
		if (open == 2) {
			strbuf_puts(out, "<title id=\"arch-title\">");
			strbuf_put_html(out, title);
			strbuf_puts(out, "</title>\n<desc id=\"arch-desc\">");
			strbuf_put_html(out, desc);
			strbuf_puts(out, "</desc>\n");
			open = 3;
		}
	}
}

int
graph_layout_svg(char **out, size_t *len, const struct graph *g)
{
	GVC_t *gvc;
	Agraph_t *G;
	char *data = NULL;
	unsigned int n = 0;
	int rc = -1;

	*out = NULL;
	*len = 0;
	pthread_mutex_lock(&gv_lock);
	if (gv_open() != 0) {
		pthread_mutex_unlock(&gv_lock);
		return GRAPH_NOLIB;
	}
	if (gv_ctx == NULL)
		gv_ctx = open_context();
	gvc = gv_ctx;
	G = gvc != NULL ? make_graph(g) : NULL;
	if (G != NULL && gv.gvLayout(gvc, G, "dot") == 0) {
		if (gv.gvRenderData(gvc, G, "svg", &data, &n) == 0 &&
		    data != NULL && (*out = malloc((size_t)n + 1)) != NULL) {
			memcpy(*out, data, n);
			(*out)[n] = '\0';
			*len = n;
			rc = 0;
		}
		gv.gvFreeRenderData(data);
		gv.gvFreeLayout(gvc, G);
	}
	if (G != NULL)
		gv.agclose(G);
	pthread_mutex_unlock(&gv_lock);
	return rc;
}

int
graph_svg(struct strbuf *out, const struct graph *g, const char *title,
          const char *desc)
{
	char *data = NULL;
	size_t len = 0, start = out->len;
	int rc;

	/* in the helper process when there is one (graphproc.h) */
	rc = graphproc_layout(&data, &len, g);
	if (rc == GRAPHPROC_NONE)
		rc = graph_layout_svg(&data, &len, g);
	if (rc == 0)
		copy_svg(out, data, len, title, desc);
	free(data);
	if (rc == 0 && (out->oom || !graph_svg_safe(out->p + start,
	                                            out->len - start)))
		rc = -1;
	return rc;
}

/* Attribute name at p (after whitespace in a tag): its length. */
static size_t
attr_name(const char *p, const char *end)
{
	size_t n = 0;

	while (p + n < end && p[n] != '=' && p[n] != '>' && p[n] != ' ' &&
	       p[n] != '\n' && p[n] != '\t' && p[n] != '/')
		n++;
	return n;
}

/* A relative URL: no scheme, not protocol-relative. */
static int
url_relative(const char *v, size_t n)
{
	size_t i;

	if (n >= 2 && v[0] == '/' && v[1] == '/')
		return 0;
	for (i = 0; i < n && v[i] != '/' && v[i] != '?' && v[i] != '#'; i++)
		if (v[i] == ':' || v[i] == '&')
			return 0; /* a scheme, or an entity that may hide one */
	return 1;
}

/* Checks one tag from p (just after '<') to its '>'. */
static int
tag_safe(const char *p, const char *end)
{
	static const char *const banned[] = {"script", "foreignObject",
	                                     "style", "iframe", "use",
	                                     "image", "animate", "set"};
	size_t n = attr_name(p, end), i;
	const char *v;

	if (*p == '/')
		return 1;
	for (i = 0; i < sizeof(banned) / sizeof(banned[0]); i++)
		if (n == strlen(banned[i]) && ascii_prefix_ci(p, banned[i]))
			return 0;
	for (p += n; p < end && *p != '>';) {
		if (*p == ' ' || *p == '\n' || *p == '\t' || *p == '/') {
			p++;
			continue;
		}
		n = attr_name(p, end);
		if (n >= 2 && (p[0] == 'o' || p[0] == 'O') &&
		    (p[1] == 'n' || p[1] == 'N'))
			return 0;
		v = p + n;
		if (v < end && *v == '=' && v + 1 < end &&
		    (v[1] == '"' || v[1] == '\'')) {
			const char *q = memchr(v + 2, v[1], (size_t)(end - v - 2));

			if (q == NULL)
				return 0;
			if (((n == 4 && memcmp(p, "href", 4) == 0) ||
			     (n == 10 && memcmp(p, "xlink:href", 10) == 0)) &&
			    !url_relative(v + 2, (size_t)(q - v - 2)))
				return 0;
			p = q + 1;
		} else if (n == 0) {
			return 0;
		} else {
			p = v;
		}
	}
	return 1;
}

int
graph_svg_safe(const char *svg, size_t len)
{
	const char *p = svg, *end = svg + len, *lt;

	while ((lt = memchr(p, '<', (size_t)(end - p))) != NULL) {
		if (lt + 4 <= end && memcmp(lt, "<!--", 4) == 0)
			return 0; /* none are kept: a comment is not ours */
		if (lt + 1 < end && (lt[1] == '!' || lt[1] == '?'))
			return 0;
		if (!tag_safe(lt + 1, end))
			return 0;
		p = lt + 1;
	}
	return 1;
}

/* ----------------------------------------------------------- Mermaid */

/* A Mermaid label: entity codes for what Mermaid or Markdown would read. */
static void
mermaid_text(struct strbuf *b, const char *s)
{
	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '<' || c == '>' || c == '#' || c == '&' ||
		    c == '`' || c == '\\' || c == '[' || c == ']' || c == '{' ||
		    c == '}' || c == '|' || c == '(' || c == ')')
			strbuf_printf(b, "#%u;", c);
		else if (c < ' ')
			strbuf_putc(b, ' ');
		else
			strbuf_putc(b, (char)c);
	}
}

void
graph_mermaid(struct strbuf *out, const struct graph *g)
{
	static const char *const open[] = {"[(", "[", "([", "[/", "[[", "[["};
	static const char *const close[] = {")]", "]", "])", "/]", "]]", "]]"};
	size_t i;

	strbuf_puts(out, "flowchart LR\n");
	for (i = 0; i < g->n_nodes; i++) {
		const struct graph_node *n = &g->nodes[i];

		strbuf_printf(out, "  n%zu%s\"", i, open[n->kind]);
		mermaid_text(out, n->label);
		strbuf_printf(out, "\"%s\n", close[n->kind]);
	}
	for (i = 0; i < g->n_edges; i++)
		strbuf_printf(out, "  n%zu %s n%zu\n", g->edges[i].from,
		              g->edges[i].arrow ? "-->" : "---",
		              g->edges[i].to);
}
