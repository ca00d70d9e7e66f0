/*
 * fuzz_load.h: the body of fuzz_yaml and fuzz_json, which differ only in
 * the loader: define FUZZ_LOAD (yaml_load_buffer or json_load_buffer) and
 * FUZZ_NAME (the file name shown) before including it.
 */
#ifndef ASYNCDOC_FUZZ_LOAD_H
#define ASYNCDOC_FUZZ_LOAD_H

#include <cJSON.h>

#include "fuzz.h"
#include "load/srcmap.h"
#include "util/diag.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct limits lim = fuzz_limits();
	struct diag_list *diags = diag_list_new();
	struct srcmap *map = srcmap_new();
	struct load_budget budget = {lim.max_nodes, 0};
	cJSON *root = NULL;
	uint32_t file;
	int rc;

	if (diags == NULL || map == NULL ||
	    srcmap_add_file(&file, map, FUZZ_NAME) != 0)
		goto out;
	rc = FUZZ_LOAD(&root, (const char *)data, size, file, map, &lim,
	               &budget, diags);
	/* The contract: a tree, or no tree and an error saying why. */
	FUZZ_ASSERT(rc == 0 ? root != NULL
	                    : root == NULL &&
	                              diag_count_at_least(diags, DIAG_ERROR) > 0);
	FUZZ_ASSERT(budget.nodes_left <= lim.max_nodes);
	/*
	 * Linear: a bounded number of work units per input byte and per node
	 * built (merge keys copy members, each key compared with at most
	 * KEYSET_LINEAR others or a few hash slots).
	 */
	FUZZ_ASSERT(budget.work <= 64 * (size + lim.max_nodes -
	                                 budget.nodes_left) + 64);
out:
	cJSON_Delete(root);
	srcmap_free(map);
	diag_list_free(diags);
	return 0;
}

#endif
