/*
 * pages: where each object of the model lives in a built site.
 *
 * The one place that knows the site's file layout, shared by the renderer,
 * the search index and the Markdown pages, so that every link agrees:
 *
 *   index<ext>                         overview, servers (as sections)
 *   channels/<id><ext>                 one page per channel
 *   operations/<id><ext>               one page per operation
 *   messages/<id><ext>                 one page per message
 *   schemas/<id><ext>                  one page per component schema
 *
 * Servers are sections of the index page (anchor server-<id>). In a
 * single-page site everything is a section of index<ext>, with the anchor
 * <kind>-<id> (channel-, operation-, message-, schema-, server-). Ids come
 * from the model and are URL-safe ([a-z0-9._-]), so they need no escaping
 * and can never climb out of their folder.
 *
 * URLs are relative to the site root; a page in a folder reaches the root
 * through pages_root() ("../"), so links work from any sub-path and from
 * file:// with no base href.
 */
#ifndef ASYNCDOC_PAGES_H
#define ASYNCDOC_PAGES_H

#include <stddef.h>

enum pages_kind {
	PAGES_INDEX,
	PAGES_SERVER,
	PAGES_CHANNEL,
	PAGES_OPERATION,
	PAGES_MESSAGE,
	PAGES_SCHEMA,
	PAGES_KIND_COUNT
};

struct pages_plan {
	int single_page; /* everything in index<ext> */
	const char *ext; /* ".html", ".md"... */
};

/* "server", "channel", "operation", "message", "schema" ("index" too). */
const char *pages_kind_name(enum pages_kind kind);

/* The folder of a kind's pages: "channels"..., or NULL (index, servers). */
const char *pages_kind_dir(enum pages_kind kind);

/*
 * The anchor of object id of kind on whatever page shows it:
 * "<kind>-<id>", into buf (truncated to size, always NUL-terminated).
 * Returns the length it needed.
 */
size_t pages_anchor(char *buf, size_t size, enum pages_kind kind,
                    const char *id);

/*
 * The file of object id of kind, relative to the site root, with no
 * anchor: "channels/<id>.html", or "index.html" for the index, servers and
 * everything of a single-page site. Caller frees with free(); NULL when
 * out of memory.
 */
char *pages_file(const struct pages_plan *plan, enum pages_kind kind,
                 const char *id);

/*
 * The URL of object id of kind relative to the site root: its page, or
 * "index.html#<anchor>" for servers and in a single-page site (the index
 * itself: "index.html"). Caller frees with free(); NULL when out of memory.
 */
char *pages_url(const struct pages_plan *plan, enum pages_kind kind,
                const char *id);

/*
 * Same as root + pages_url(), written into buf with snprintf() semantics
 * (always NUL-terminated when size > 0), for callers that make many links
 * and want no allocation. Returns the length the URL needs: when it is
 * size or more, buf holds a cut URL and the caller should use pages_url().
 */
size_t pages_url_into(char *buf, size_t size, const struct pages_plan *plan,
                      const char *root, enum pages_kind kind, const char *id);

/*
 * What a page at file (relative to the site root) puts before a root
 * URL to reach it: "" at the root, "../" one folder down, and so on.
 * Returns a static string for depths up to 8, else "" (no plan page is
 * deeper than one folder).
 */
const char *pages_root(const char *file);

#endif
