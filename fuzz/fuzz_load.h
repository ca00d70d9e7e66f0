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
	size_t left = lim.max_nodes;
	cJSON *root = NULL;
	uint32_t file;
	int rc;

	if (diags == NULL || map == NULL ||
	    srcmap_add_file(&file, map, FUZZ_NAME) != 0)
		goto out;
	rc = FUZZ_LOAD(&root, (const char *)data, size, file, map, &lim, &left,
	               diags);
	/* The contract: a tree, or no tree and an error saying why. */
	FUZZ_ASSERT(rc == 0 ? root != NULL
	                    : root == NULL &&
	                              diag_count_at_least(diags, DIAG_ERROR) > 0);
	FUZZ_ASSERT(left <= lim.max_nodes);
out:
	cJSON_Delete(root);
	srcmap_free(map);
	diag_list_free(diags);
	return 0;
}

#endif
