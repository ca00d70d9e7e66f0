/*
 * yaml_load: YAML text -> cJSON tree with a position for every node.
 *
 * Built on libyaml's event API (the document API loses alias positions and
 * has no limits). Scalars resolve by the YAML 1.2 core schema: yes/no/on/off
 * stay strings (with a warning when plain), 2.0 is a number that keeps its
 * text "2.0", keys are always strings (their source text), ~/null/empty are
 * null, .inf/.nan stay strings (JSON cannot hold them) with a warning.
 * Anchors and aliases are expanded as copies whose positions are copied too
 * (the copy's root gets the alias's position); "<<" merge keys follow
 * js-yaml (a map or a sequence of maps; explicit keys win, earlier maps win
 * over later ones). Duplicate keys, multi-document streams, unknown tags and
 * complex keys are errors.
 *
 * Limits (struct limits): max_depth is checked on every start event so the
 * parse stops before libyaml's quadratic behaviour on deep nesting; every
 * node built, alias copies included, counts against *nodes_left.
 *
 * Numbers keep their source text in valuestring when it is a JSON number
 * ("2.0", "1e3", "12345678901234567890"); YAML-only spellings are stored as
 * JSON text instead: "012" -> "12", "+1" -> "1", ".5" -> "0.5", "1." ->
 * "1.0", "0x1F" -> "31", "0o17" -> "15".
 *
 * Diagnostics (rule ids). Errors: yaml-syntax (libyaml's message, at its
 * problem mark), yaml-empty, yaml-multi-document, yaml-duplicate-key (at the
 * second key), yaml-complex-key, yaml-unsupported-tag, yaml-bad-tagged-value
 * ("!!int abc"), yaml-unknown-anchor, yaml-recursive-alias, yaml-bad-merge,
 * limit-depth, limit-nodes, out-of-memory. Warnings: yaml-11-boolean,
 * yaml-non-json-number. Alias copies are made after the whole stream has
 * parsed (the budget is charged when the alias is read), so an alias bomb
 * stops after a few events.
 */
#ifndef ASYNCDOC_YAML_LOAD_H
#define ASYNCDOC_YAML_LOAD_H

#include <stddef.h>
#include <stdint.h>

struct cJSON;
struct srcmap;
struct diag_list;
struct limits;
struct load_budget;

/*
 * Parses buf[0..len) (need not be NUL-terminated) as the file `file` of map
 * (its path names the diagnostics). On success *out is the tree (caller
 * frees with cJSON_Delete, after the map stops being queried), positions are
 * in map, budget->nodes_left is decreased by the nodes built, and 0 is
 * returned. budget->work grows by the events read, the alias nodes copied
 * and the duplicate-key comparisons made, whatever the outcome.
 * On error *out is NULL, at least one error diagnostic was appended, and -1
 * is returned. Warnings may be appended in both cases.
 */
int yaml_load_buffer(struct cJSON **out, const char *buf, size_t len,
		     uint32_t file, struct srcmap *map, const struct limits *lim,
		     struct load_budget *budget, struct diag_list *diags);

/*
 * Threads: a text of at least yaml_load_set_split_min() bytes (default
 * 256 KiB) is parsed as two parts, the second on a thread of its own that
 * yaml_load_buffer() starts and joins before it returns (see yaml_split.h:
 * the result is the serial one in every respect but two: budget->work
 * counts the duplicate-key comparisons of the parts and of the cut, not
 * those of the serial parse, and an interned key of the second part is
 * not the same pointer as an equal key of the first, though both live as
 * long as map). The calling thread parses the first part into map; map,
 * budget and diags are only touched by it. Any number of loads may run at
 * once on different maps. When the process may run on one processor only
 * or no processor is idle for the second part (/proc/loadavg), when the
 * split cannot be proved to give the serial tree, or when anything fails
 * (no thread, no memory), the text is parsed serially on the calling
 * thread.
 */

/*
 * Texts of at least bytes are split (SIZE_MAX: never). For tests and
 * benchmarks; set it before loads start (it is not synchronised).
 */
void yaml_load_set_split_min(size_t bytes);

/* Counts of split loads since the process started (any thread). */
struct yaml_load_split_stats {
	size_t tried;  /* loads big enough to try */
	size_t split;  /* loaded from two parts, stitched */
	size_t serial; /* tried, then parsed serially (no cut, or refused) */
};
void yaml_load_split_stats(struct yaml_load_split_stats *out);

#endif
