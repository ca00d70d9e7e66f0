/*
 * yaml_split: the YAML load of a big text on two threads (internal to
 * yaml_load; yaml_load.h has the switches tests and benchmarks use).
 *
 * The text is cut at a line S near its middle that starts a member of a
 * chain of block mappings, each opened by a line that is exactly "name:"
 * (A0 at indentation 0, A1, ..., Ak). Part 1, buf[0, S), is parsed on the
 * calling thread into the caller's srcmap; part 2, the lines A0..Ak
 * followed by buf[S, len) (a document with the same nesting at S), on a
 * new thread into a private srcmap, diagnostics list and budget. The two
 * trees are stitched (part 2's members of each chain mapping appended to
 * part 1's) only when that is provably the serial tree: both parts
 * parsed with no merge key and no diagnostic but the warnings whose
 * messages hold no line (yaml-11-boolean, yaml-non-json-number: moved,
 * part 2's lines shifted), part 1's chain mappings are
 * block mappings at the positions of the A lines (so the parser was in
 * the same state at S in both texts), no key of part 2 repeats one of part
 * 1 in the same mapping, and the nodes of both fit the budget. Otherwise
 * everything of both parts is dropped and the caller parses serially,
 * which is the reference: the outcome (tree, positions, diagnostics,
 * budget) is the serial one either way. See yaml_split.c for the rest.
 */
#ifndef ASYNCDOC_YAML_SPLIT_H
#define ASYNCDOC_YAML_SPLIT_H

#include <stddef.h>
#include <stdint.h>

struct cJSON;
struct srcmap;
struct diag_list;
struct limits;
struct load_budget;

/* One part of a split load: its input and what its parse tells back. */
struct yaml_part {
	const char *pre; /* text read before buf (part 2's A lines) */
	size_t pre_len;
	const char *path;  /* shown in diagnostics; NULL: the map's */
	size_t reserve;    /* srcmap entries to reserve, 0: len / 8 + 16 */
	size_t merges;     /* out: "<<" merge keys read */
	uint32_t end_line; /* out: 0-based line where the stream ended */
};

/*
 * yaml_load_buffer() with a part (NULL: the plain serial load). Any
 * thread, each with its own map, budget and diagnostics list.
 */
int yaml_load_part(struct cJSON **out, const char *buf, size_t len,
                   uint32_t file, struct srcmap *map, const struct limits *lim,
                   struct load_budget *budget, struct diag_list *diags,
                   struct yaml_part *part);

/*
 * yaml_load_buffer() on two threads. 0 or -1 as yaml_load_buffer() when it
 * loaded; 1 when it did not (too small, no split point, or a part's
 * result differs from what a serial parse would give): map, budget and
 * diags are then as they were and the caller parses serially.
 */
int yaml_split_load(struct cJSON **out, const char *buf, size_t len,
                    uint32_t file, struct srcmap *map, const struct limits *lim,
                    struct load_budget *budget, struct diag_list *diags);

/*
 * Tests: the search for the cut starts at the line starting at or after
 * byte off instead of the middle (SIZE_MAX: the middle). Not synchronised.
 */
void yaml_split_set_from(size_t off);
/*
 * Tests: split even when the process may run on one processor only (by
 * default such a process always parses serially). Not synchronised.
 */
void yaml_split_set_any_cpus(int yes);

#endif
