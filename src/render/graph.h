/*
 * graph: the architecture of an API as a graph (servers, channels,
 * operations, messages), laid out at build time by Graphviz (dot) into
 * SVG, and written as a Mermaid flowchart for Markdown.
 *
 * Nodes and edges:
 * - a server, linked to each channel it carries (a channel that names no
 *   server is on every server);
 * - a channel; an operation where the application sends points to its
 *   channel (operation -> channel), one where it receives is pointed to
 *   (channel -> operation);
 * - a message, linked from each operation that carries it.
 *
 * Bounds: with at most GRAPH_MAX_NODES nodes and GRAPH_MAX_EDGES edges,
 * all of them. Above, channels
 * and operations only, in one cluster per tag (an operation's first tag;
 * a channel goes with its first operation), when they fit in
 * GRAPH_MAX_CORE; above that, one node per tag group ("orders: 40
 * channels, 52 operations") with an edge between groups that share a
 * channel (at most GRAPH_MAX_EDGES of them). graph->level says which
 * (GRAPH_FULL, GRAPH_CORE, GRAPH_GROUPS), so the page can say where the
 * limit is. Layout time grows with nodes and edges, both bounded this way:
 * dot needed minutes for a few thousand edges among 250 nodes when they
 * ran both ways (operations x messages, or APIs sharing every channel).
 * The layout's network simplex is capped too (nslimit, nslimit1) as a
 * second guard.
 *
 * Escaping: labels are ours to escape before Graphviz sees them
 * (backslashes, which Graphviz reads as escapes; cut to GRAPH_LABEL_MAX
 * bytes on a UTF-8 boundary); Graphviz escapes them again for XML. The SVG
 * is checked after rendering (graph_svg_safe): no script, foreignObject or
 * style element, no on* attribute, every href relative. A failing check is
 * an error, never a page.
 *
 * Output is reproducible: Graphviz's comments (its version, node names)
 * are stripped, as are the XML declaration and doctype (the SVG is
 * embedded in a page).
 *
 * Threads: Graphviz's library is not thread-safe; graph_svg() holds one
 * process-wide lock while it lays out and renders, so pages of several
 * outputs may be written at once.
 *
 * Libraries: libgvc and libcgraph are opened with dlopen() by the first
 * layout, so a process that lays nothing out never maps them. Where they
 * cannot be opened, a layout returns GRAPH_NOLIB (the page lists the graph
 * as text, as when Graphviz fails).
 */
#ifndef ASYNCDOC_GRAPH_H
#define ASYNCDOC_GRAPH_H

#include <stddef.h>

struct model;
struct strbuf;

#define GRAPH_MAX_NODES 250
#define GRAPH_MAX_CORE  400
#define GRAPH_MAX_EDGES 300
#define GRAPH_LABEL_MAX 48

enum graph_kind {
	GRAPH_SERVER,
	GRAPH_CHANNEL,
	GRAPH_OPERATION,
	GRAPH_MESSAGE,
	GRAPH_GROUP,
	GRAPH_API
};
enum graph_level { GRAPH_FULL, GRAPH_CORE, GRAPH_GROUPS };

struct graph_node {
	enum graph_kind kind;
	const char *id;   /* the model object's id (borrowed); group: tag */
	char *label;      /* display text, escaped for nothing yet (owned) */
	const char *group; /* GRAPH_CORE: its tag, or NULL */
	char *url;        /* set by the caller (owned, freed by graph_free) */
	size_t api;       /* portal: the API (its own, or the first that
	                     has the channel) */
};

struct graph_edge {
	size_t from, to; /* node indexes */
	int arrow;       /* 0: a plain link (server-channel, op-message) */
};

struct graph {
	struct graph_node *nodes;
	size_t n_nodes, cap_nodes;
	struct graph_edge *edges;
	size_t n_edges, cap_edges;
	enum graph_level level;
	size_t total; /* nodes the full graph would have */
};

/*
 * The graph of m into *out (free with graph_free()), bounded as above.
 * Returns 0, or -1 with *out NULL when out of memory.
 */
int graph_build(struct graph **out, const struct model *m);

/*
 * The graph of a portal into *out: one GRAPH_API node per model (NULL
 * models, failed specs, are left out; id NULL, api its index) and one
 * GRAPH_CHANNEL node per address that at least two APIs have (id: the
 * channel id in the first of them, api that one), each API pointing to
 * the channels it sends on and pointed to by those it receives from (a
 * plain link when it has the channel but no operation on it). At most
 * GRAPH_MAX_NODES nodes and GRAPH_MAX_EDGES links: shared channels past
 * either are left out and g->total counts them all. Returns 0, or -1 with
 * *out NULL when out of memory.
 */
int graph_build_portal(struct graph **out, const struct model *const *models,
                       size_t n);
void graph_free(struct graph *g);

/*
 * graph_svg(), graph_layout_svg(): Graphviz's libraries could not be
 * opened (they are dlopen()ed on the first layout); graph_lib_error()
 * says why.
 */
#define GRAPH_NOLIB (-3)

/*
 * The SVG of g, laid out by dot, appended to out; title names the picture
 * (its <title>; desc its <desc>). Every node links to its url. Returns 0,
 * GRAPH_NOLIB, or -1 when Graphviz fails, the result fails
 * graph_svg_safe(), or memory runs out (out may then hold part of it: the
 * caller drops it).
 */
int graph_svg(struct strbuf *out, const struct graph *g, const char *title,
              const char *desc);

/*
 * Graphviz's own SVG of g, laid out by dot in this process, as it comes
 * (graph_svg() then trims and checks it): *out is malloc'd, NUL-terminated,
 * *len bytes. Returns 0, GRAPH_NOLIB, or -1 (Graphviz failed, out of
 * memory) with *out NULL. What the graph helper process runs
 * (graphproc.h).
 */
int graph_layout_svg(char **out, size_t *len, const struct graph *g);

/*
 * Why Graphviz could not be opened, in this process or in the graph
 * helper: a message that names the library ("cannot open Graphviz
 * (libgvc.so.6): ..."), or NULL when no layout has failed so. The text
 * stays valid until exit. Any thread.
 */
const char *graph_lib_error(void);

/* 1 when svg has no script, handler or external reference (see above). */
int graph_svg_safe(const char *svg, size_t len);

/* A Mermaid flowchart of g (no fence) appended to out. */
void graph_mermaid(struct strbuf *out, const struct graph *g);

#endif
