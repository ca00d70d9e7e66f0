/*
 * fuzz_yaml_split: the split YAML load (load/yaml_split.h) against the
 * serial one on any bytes. The split is forced (any text size, any
 * number of processors) and its cut searched from a byte the input's
 * first byte picks, so that cuts land everywhere; whatever the input,
 * both loads must give the same result, tree for tree, position for
 * position and diagnostic for diagnostic (tests/yaml_same.h), and the
 * same nodes left. A split that is not provably the serial tree must have
 * fallen back to the serial parse: a difference is a finding.
 */
#include "config.h"

#include <cJSON.h>

#include "fuzz.h"
#include "load/srcmap.h"
#include "load/yaml_load.h"
#include "load/yaml_split.h"
#include "util/diag.h"

#define YAML_SAME_FAIL(...) abort()
#include "../tests/yaml_same.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct load {
	struct diag_list *diags;
	struct srcmap *map;
	struct load_budget budget;
	cJSON *root;
	int rc;
};

static void
load(struct load *l, const struct limits *lim, const uint8_t *data, size_t size)
{
	uint32_t file;

	l->diags = diag_list_new();
	l->map = srcmap_new();
	l->budget = (struct load_budget){lim->max_nodes, 0};
	l->root = NULL;
	FUZZ_ASSERT(l->diags != NULL && l->map != NULL &&
	            srcmap_add_file(&file, l->map, "fuzz.yaml") == 0);
	l->rc = yaml_load_buffer(&l->root, (const char *)data, size, file,
	                         l->map, lim, &l->budget, l->diags);
}

static void
unload(struct load *l)
{
	cJSON_Delete(l->root);
	srcmap_free(l->map);
	diag_list_free(l->diags);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct limits lim = fuzz_limits();
	struct load serial, split;

	yaml_split_set_any_cpus(1);
	yaml_load_set_split_min(SIZE_MAX);
	load(&serial, &lim, data, size);
	yaml_load_set_split_min(0);
	yaml_split_set_from(size > 0 ? (size_t)data[0] * size / 256 : SIZE_MAX);
	load(&split, &lim, data, size);
	FUZZ_ASSERT(serial.rc == split.rc);
	FUZZ_ASSERT(serial.budget.nodes_left == split.budget.nodes_left);
	same_diags(serial.diags, split.diags, "diagnostics");
	if (serial.rc == 0)
		same_tree(serial.map, serial.root, split.map, split.root,
		          "tree");
	unload(&serial);
	unload(&split);
	return 0;
}
