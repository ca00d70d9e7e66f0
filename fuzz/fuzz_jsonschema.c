/*
 * fuzz_jsonschema: the JSON Schema validator. The input is a schema and an
 * instance, both JSON, split at the first NUL byte (no NUL: the instance
 * is null). The schema is compiled and the instance validated, both ways
 * (full result and quick check), which must agree.
 */
#include "config.h"

#include <string.h>

#include <cJSON.h>

#include "check/jsonschema.h"
#include "fuzz.h"
#include "util/diag.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct jsonschema_opts opts = JSONSCHEMA_OPTS_INIT;
	const char *text = (const char *)data, *nul = memchr(data, 0, size);
	size_t n = nul != NULL ? (size_t)(nul - text) : size;
	struct jsonschema_result *res = NULL;
	struct jsonschema *js = NULL;
	struct diag_list *diags = diag_list_new();
	cJSON *schema, *inst;
	int quick;

	schema = cJSON_ParseWithLength(text, n);
	inst = nul != NULL ? cJSON_ParseWithLength(nul + 1, size - n - 1)
	                   : cJSON_CreateNull();
	if (schema == NULL || inst == NULL || diags == NULL)
		goto out;
	opts.max_steps = 100000;
	opts.match_limit = 100000;
	opts.depth_limit = 1000;
	if (jsonschema_new(&js, schema, &opts, diags) != 0)
		goto out;
	if (jsonschema_validate(&res, js, inst, NULL, NULL, NULL) != 0)
		goto out;
	quick = jsonschema_check(js, inst, NULL, NULL, NULL);
	/* A limit hit makes the quick check say invalid. */
	if (!jsonschema_result_truncated(res) && quick >= 0 &&
	    jsonschema_result_valid(res))
		FUZZ_ASSERT(quick == 1);
out:
	jsonschema_result_free(res);
	jsonschema_free(js);
	cJSON_Delete(schema);
	cJSON_Delete(inst);
	diag_list_free(diags);
	return 0;
}
