/*
 * graphproc: the architecture graph laid out in a helper process.
 *
 * Why: Graphviz's libraries, its plugins and a layout's memory stay out of
 * the builder, which carries its pages (#18: a build of the 1500-channel
 * bench spec peaks under 40 MiB), and the layout runs on the other core
 * beside the load. When graph.c cannot open dot's and the core plugins
 * alone and falls back to every plugin, that means pango, cairo,
 * fontconfig, freetype, harfbuzz and glib: 8 to 9 MiB resident for one
 * small picture. graphproc_start() forks a helper while the process is
 * still small; the helper loads those libraries and the builder never
 * does. The SVG is the same bytes either way: the same library lays out
 * the same graph (graph_layout_svg()).
 *
 * Protocol, over a socket pair: a request is a u32 length and the graph
 * (level, counts; per node kind, label, group, url; per edge from, to,
 * arrow); an answer is a u32 status, a u32 length and Graphviz's SVG
 * (status 0), nothing (1: the layout failed) or why Graphviz's libraries
 * could not be opened (2, graph_lib_error()'s text).
 *
 * The helper opens Graphviz (graph.h: dlopen()ed, never linked) as soon
 * as it starts; the builder never maps it, unless the helper is gone.
 *
 * Threads: graphproc_start() and graphproc_stop() on the main thread while
 * no other thread runs (fork). graphproc_layout() from any thread, one
 * request at a time (a lock).
 *
 * Errors: a helper that does not start, or dies, means layout in this
 * process (GRAPHPROC_NONE), never a failed build. A layout past
 * GRAPHPROC_TIMEOUT_MS kills the helper and fails (-1): no picture, and
 * later graphs are laid out in this process.
 */
#ifndef ASYNCDOC_GRAPHPROC_H
#define ASYNCDOC_GRAPHPROC_H

#include <stddef.h>

struct graph;

/* graphproc_layout(): no helper, lay out in this process */
#define GRAPHPROC_NONE (-2)

/*
 * How long a layout may take in the helper. The graph's bounds (graph.h)
 * keep real layouts far below (0.9 s for a portal at the link bound);
 * this is the guard against a shape they miss: past it the helper is
 * killed and the page has no picture (the graph-failed warning) rather
 * than a build that never ends.
 */
#define GRAPHPROC_TIMEOUT_MS 20000

/* Sets the limit above (ms <= 0: the default); for tests. */
void graphproc_set_timeout(int ms);

/* Starts the helper (once). 0, or -1 when it could not (no helper). */
int graphproc_start(void);

/* Ends the helper and waits for it; a no-op without one. */
void graphproc_stop(void);

/*
 * graph_layout_svg() of g, run by the helper: 0 with *out (malloc'd,
 * NUL-terminated, *len bytes), -1 when Graphviz failed there, took longer
 * than the limit, or memory ran out, GRAPH_NOLIB (graph.h) when the helper
 * could not open Graphviz (graphproc_lib_error() says why),
 * GRAPHPROC_NONE when there is no helper (or it died).
 */
int graphproc_layout(char **out, size_t *len, const struct graph *g);

/*
 * The helper's reason for its last GRAPH_NOLIB answer, or NULL when it
 * gave none. Valid until exit. Any thread.
 */
const char *graphproc_lib_error(void);

#endif
