/*
 * fuzz_mdtext: a Markdown description to safe HTML and to safe Markdown
 * (mdtext), under the default cap.
 */
#include "config.h"

#include <string.h>

#include "fuzz.h"
#include "render/mdtext.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	char *out = NULL;
	int cut = -1;

	if (mdtext_html(&out, &cut, text, size, MDTEXT_MAX_DEFAULT) == 0) {
		/* Safe mode: no raw tag or script link survives. */
		FUZZ_ASSERT(strstr(out, "<script") == NULL);
		FUZZ_ASSERT(strstr(out, "href=\"javascript:") == NULL);
		FUZZ_ASSERT(cut == (size > MDTEXT_MAX_DEFAULT));
	}
	free(out);
	out = NULL;
	if (mdtext_markdown(&out, &cut, text, size, MDTEXT_MAX_DEFAULT, 2) ==
	    0)
		FUZZ_ASSERT(out != NULL);
	free(out);
	return 0;
}
