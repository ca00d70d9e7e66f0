/*
 * fuzz_validate: what `asyncdoc validate` does to one document, in memory
 * (loader_load_buffer; no $ref to other files): load, the official schema,
 * the model and the semantic rules.
 */
#include "config.h"

#include "check/rules.h"
#include "check/validate.h"
#include "fuzz.h"
#include "load/loader.h"
#include "model/model.h"
#include "util/diag.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct loader_opts lopts = LOADER_OPTS_INIT;
	struct validate_opts vopts = VALIDATE_OPTS_INIT;
	struct diag_list *diags = diag_list_new();
	struct loader_doc *doc = NULL;
	struct model *m = NULL;
	size_t nerr = 0;

	if (diags == NULL)
		return 0;
	lopts.limits = fuzz_limits();
	lopts.partial = 1;
	/* A name in a folder of its own: relative refs find nothing. */
	if (loader_load_buffer(&doc, "/nonexistent/fuzz.yaml",
	                       (const char *)data, size, &lopts, diags) != 0 &&
	    doc == NULL)
		goto out;
	if (validate_schema(&nerr, doc, &vopts, diags) != 0 || nerr != 0)
		goto out;
	if (model_new(&m, doc, diags) != 0)
		goto out;
	FUZZ_ASSERT(m != NULL);
	rules_check(m, diags);
out:
	model_free(m);
	loader_doc_free(doc);
	diag_list_free(diags);
	return 0;
}
