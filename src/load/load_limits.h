/*
 * load_limits: the loader's explicit limits, with their documented defaults
 * (README "Limits" and asyncdoc.1). Every limit ends in a diagnostic with a
 * position, never in a crash, a hang or a silent truncation.
 */
#ifndef ASYNCDOC_LOAD_LIMITS_H
#define ASYNCDOC_LOAD_LIMITS_H

#include <stddef.h>

struct limits {
	size_t max_depth; /* nesting of collections in one file */
	size_t max_nodes; /* nodes built in all files, alias copies included */
	size_t max_file_size; /* bytes per file */
	size_t max_files; /* files reached through $ref, the root included */
	/*
	 * Steps taken following $refs while loading (hops along chains,
	 * those of pointers that cross a ref included); 0: 4 x max_nodes. Memoised chains keep a document far
	 * below it; it guards against shapes that would cost more.
	 */
	size_t max_ref_steps;
};

#define LIMITS_DEFAULT_MAX_DEPTH     128
#define LIMITS_DEFAULT_MAX_NODES     1000000
#define LIMITS_DEFAULT_MAX_FILE_SIZE ((size_t)64 << 20)
#define LIMITS_DEFAULT_MAX_FILES     1000

/*
 * What one load may still spend and what it spent, in and out of
 * yaml_load_buffer() and json_load_buffer() (the loader keeps one for all
 * files).
 */
struct load_budget {
	size_t nodes_left; /* nodes that may still be built (max_nodes) */
	/*
	 * Work done: YAML events read and nodes copied for aliases, or JSON
	 * bytes scanned, plus duplicate-key comparisons. For tests that the
	 * cost of a load stays linear in its input; nothing else reads it.
	 * The comparisons vary a little (big mappings hash interned keys by
	 * address, and a YAML text loaded in two parts counts those of its
	 * parts and of the cut: yaml_load.h).
	 */
	size_t work;
};

#define LIMITS_INIT                                                            \
	{                                                                      \
		LIMITS_DEFAULT_MAX_DEPTH, LIMITS_DEFAULT_MAX_NODES,            \
		        LIMITS_DEFAULT_MAX_FILE_SIZE, LIMITS_DEFAULT_MAX_FILES, 0 \
	}

#endif
