/*
 * loader: spec files -> one document of cJSON trees with positions and a
 * resolved $ref graph.
 *
 * The loader reads the root file (YAML or JSON, told apart by extension,
 * then by sniffing), finds every {"$ref": "..."} object in it, loads the
 * files they name (relative to the file that holds the ref, at any depth,
 * YAML or JSON, with or without a fragment), and resolves every JSON
 * Pointer fragment (~0, ~1 and percent-decoding; a pointer that meets a ref
 * lacking its next token goes on from that ref's target). In referenced
 * files only the parts refs reach are searched for further refs, as the
 * reference tools do: a broken ref in an unused part of a shared file is
 * not an error, and loader_ref_target() is NULL for refs never reached.
 * Nothing is copied: a ref keeps pointing at its target, so shared targets
 * stay shared and cycles stay cycles. Pure ref loops ({"$ref": A} where A
 * is {"$ref": ...} back to the first) have no content and are errors. Refs
 * that point into a node that encloses them are circular: they are
 * accepted and marked, so renderers can show "circular" and link back
 * instead of expanding forever.
 *
 * Safety: a ref may not read a file outside the ref root (after resolving
 * symlinks) unless opts.allow_outside_root is set: the folder opts.ref_root,
 * else the one refroot_find() picks (the git repository of the root
 * document, the current folder holding it, or its folder; see refroot.h);
 * the message of a refused ref names the root and how it was chosen.
 * Remote http(s) refs are fetched only through opts.remote (remote.h, with
 * its guards and its limit of documents per load). The limits of struct
 * limits apply across all files, remote ones included.
 *
 * Ownership: a loader_doc owns its trees, its position map and every via
 * chain it hands out; all pointers it returns are borrowed until
 * loader_doc_free().
 */
#ifndef ASYNCDOC_LOADER_H
#define ASYNCDOC_LOADER_H

#include <stddef.h>
#include <stdint.h>

#include "util/diag.h"
#include "load/load_limits.h"

struct cJSON;
struct remote;
struct srcmap;
struct srcpos;

struct loader_opts {
	struct limits limits;   /* a limit of 0 means its default */
	int allow_outside_root; /* refs may read files anywhere */
	/*
	 * The ref root: this folder when not NULL (an error diagnostic
	 * "io" when it cannot be resolved); else found from the root
	 * document's path, or its folder alone with ref_root_spec_dir.
	 */
	const char *ref_root;
	int ref_root_spec_dir;
	/*
	 * Hand back a partial document: when the only errors are broken refs
	 * (rules ref-...: a missing file or target, a remote or outside ref,
	 * a bad pointer, a loop), loader_load() still returns -1 but sets
	 * *out to the document, whose broken refs stay {"$ref": ...} objects
	 * with no target (loader_deref() stops at them), so that a validator
	 * can report the document's other problems in the same run. The
	 * caller frees it. Never for parse, limit or memory errors.
	 */
	int partial;
	/*
	 * Where http(s) refs are read from (remote.h; see remote_load() to
	 * use a lockfile); NULL: they are reported (ref-remote), not read.
	 * A remote document's refs are resolved against its URL, never
	 * against the disk; it is shown by its URL in positions.
	 */
	struct remote *remote;
	/*
	 * Where files come from: NULL reads the disk. Otherwise every file
	 * (the root of loader_load() too) is read through read(), which
	 * returns 0 with a malloc'd buffer in *out (the loader frees it) and
	 * its length in *len, or -1 with errno set; path is the file's name
	 * as the loader shows it (joined and lexically normalised, relative
	 * when the root's name is). Files are then told apart by that name
	 * (no realpath: they need not exist on disk), so `diff REV:path` can
	 * read every $ref of a side from one git revision.
	 */
	int (*read)(char **out, size_t *len, const char *path, void *arg);
	void *read_arg;
	/*
	 * Called once, on the loading thread, when the root file's text has
	 * been parsed (well or not) and before its refs are followed; not
	 * called when the root cannot be read. A big YAML text is parsed on
	 * two threads (yaml_split.h): a caller with work of its own for a
	 * spare processor starts it here, where it takes nothing from the
	 * parse (the build's validator warm-up, pipeline.c).
	 */
	void (*parsed)(void *arg);
	void *parsed_arg;
};

#define LOADER_OPTS_INIT                                                       \
	{                                                                      \
		LIMITS_INIT, 0, NULL, 0, 0, NULL, NULL, NULL, NULL, NULL       \
	}

/*
 * A $ref chain followed on the way to a node: ref and every ref after it
 * down to the first node that is no ref (one hop per loader_deref(), so a
 * via costs nothing per ref of a long chain); prev is the chain followed
 * before.
 */
struct loader_via {
	const struct cJSON *ref;       /* the first {"$ref": ...} object */
	const struct loader_via *prev; /* NULL for the first ref */
};

struct loader_doc;

/*
 * Loads path and everything it references. Returns 0 and the document in
 * *out when no error diagnostic was added (warnings may be), else -1 with
 * *out NULL (or a partial document, see opts.partial) and the reasons in
 * diags. opts may be NULL for the defaults.
 */
int loader_load(struct loader_doc **out, const char *path,
                const struct loader_opts *opts, struct diag_list *diags);

/*
 * Same from a buffer; name is shown in diagnostics and relative refs are
 * resolved from its directory (the current one if it has none).
 */
int loader_load_buffer(struct loader_doc **out, const char *name,
                       const char *buf, size_t len,
                       const struct loader_opts *opts, struct diag_list *diags);

void loader_doc_free(struct loader_doc *doc);

/* The root document's tree. */
const struct cJSON *loader_root(const struct loader_doc *doc);

/* Position of node, or NULL when it has none (nodes built by the model). */
const struct srcpos *loader_pos(const struct loader_doc *doc,
                                const struct cJSON *node);
const struct srcmap *loader_srcmap(const struct loader_doc *doc);

/*
 * Indexes the position map, after which the lookups (loader_pos,
 * loader_report, loader_deref without via_out...) only read, so that
 * several threads may use the document at once. Returns 0 or -1 (out of
 * memory: lookups then stay single-threaded).
 */
int loader_freeze(struct loader_doc *doc);

/*
 * Files loaded, the root first: the set a watcher must watch (less the
 * remote ones, whose path is their URL: loader_file_is_remote()).
 */
size_t loader_file_count(const struct loader_doc *doc);
int loader_file_is_remote(const struct loader_doc *doc, uint32_t file);
const char *loader_file_path(const struct loader_doc *doc, uint32_t file);
const struct cJSON *loader_file_root(const struct loader_doc *doc,
                                     uint32_t file);

/*
 * Steps the load took following refs (chain hops, pointer tokens): the
 * work counted against limits.max_ref_steps, for tests of its growth.
 */
size_t loader_ref_steps(const struct loader_doc *doc);
/*
 * Steps of the search for circular refs (nodes taken off its stack), for
 * the same tests: linear in the nodes that hold refs, whatever the graph.
 */
size_t loader_cycle_steps(const struct loader_doc *doc);

/*
 * 1 when n is an object with a string "$ref" member. The load remembers
 * the answer in the objects it scans (in their valueint, which cJSON
 * leaves unused on objects): code that adds, replaces or removes members
 * of a loaded object, or of a copy of one, calls loader_node_changed() on
 * it, else loader_is_ref() may answer for its old members.
 */
int loader_is_ref(const struct cJSON *n);
void loader_node_changed(struct cJSON *n);
/* The "$ref" string of n, or NULL. */
const char *loader_ref_string(const struct cJSON *n);

/* Where one $ref points (possibly another ref), or NULL if n is no ref. */
const struct cJSON *loader_ref_target(const struct loader_doc *doc,
                                      const struct cJSON *n);

/*
 * loader_ref_target(), and in *file the srcmap id of the file holding the
 * ref (loader_pos(doc, n)->file) from the same lookup: for a walk over
 * every node, which would otherwise probe the much bigger srcmap per ref.
 * *file is untouched when the result is NULL.
 */
const struct cJSON *loader_ref_target_file(uint32_t *file,
                                           const struct loader_doc *doc,
                                           const struct cJSON *n);

/* 1 when ref n points at a node that encloses it (a circular schema). */
int loader_ref_is_circular(const struct loader_doc *doc, const struct cJSON *n);
/*
 * 1 when some ref of doc is circular: 0 means no node reaches itself
 * through members and refs (every such cycle has a circular ref).
 */
int loader_has_circular(const struct loader_doc *doc);

/*
 * Follows refs from n until a node that is not a ref and returns it (n
 * itself when it is no ref). When via_out is not NULL, *via_out is via
 * extended with one hop for the chain followed (allocated in the doc). Returns NULL only
 * when out of memory. With via_out it writes to the doc, so it is not
 * thread-safe then (the lookups above only read).
 */
const struct cJSON *loader_deref(const struct loader_via **via_out,
                                 struct loader_doc *doc, const struct cJSON *n,
                                 const struct loader_via *via);

/*
 * Text of a via chain, first ref first:
 * "asyncapi.yaml:12:7 -> schemas/user.yaml#/User". Caller frees with free().
 * NULL when via is NULL or out of memory.
 */
char *loader_via_text(const struct loader_doc *doc,
                      const struct loader_via *via);

/*
 * Appends a diagnostic at node's position (file, line, column of the
 * value), with the text of via as the diagnostic's chain.
 */
int loader_report(struct diag_list *diags, const struct loader_doc *doc,
                  const struct cJSON *node, const struct loader_via *via,
                  enum diag_severity sev, const char *rule, const char *fmt,
                  ...) __attribute__((format(printf, 7, 8)));

/*
 * Deep copy of n with every position and ref target carried over, for trees
 * the model derives (traits merged into operations and messages). The copy
 * is the caller's until given to loader_adopt(). Positions and refs are
 * keyed by address, so give every copy to loader_adopt() even to drop it:
 * once freed, its addresses could be reused by unrelated nodes that would
 * then seem to have positions. NULL when out of memory.
 */
struct cJSON *loader_dup(struct loader_doc *doc, const struct cJSON *n);
/* The doc takes ownership of tree (freed with the doc). 0, or -1 (freed). */
int loader_adopt(struct loader_doc *doc, struct cJSON *tree);
/* Gives dst the position of src (a node the model built). 0 or -1. */
int loader_copy_pos(struct loader_doc *doc, const struct cJSON *dst,
                    const struct cJSON *src);

#endif
