/*
 * fuzz_mdtext: a Markdown description to safe HTML and to safe Markdown
 * (mdtext), under the default cap or a smaller one, with every heading
 * floor.
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
	/*
	 * scripts/fuzz keeps inputs far below MDTEXT_MAX_DEFAULT (cmark 0.30
	 * is quadratic on some shapes: at 64 KiB an input cost milliseconds),
	 * so odd-sized inputs are cut at half their size instead: the cut, on
	 * any byte of a UTF-8 sequence, is still exercised.
	 */
	size_t max = size % 2 ? size / 2 : MDTEXT_MAX_DEFAULT;
	char *out = NULL;
	int cut = -1;

	if (mdtext_html(&out, &cut, text, size, max) == 0) {
		/* Safe mode: no raw tag or script link survives. */
		FUZZ_ASSERT(strstr(out, "<script") == NULL);
		FUZZ_ASSERT(strstr(out, "href=\"javascript:") == NULL);
		FUZZ_ASSERT(cut == (size > max));
	}
	free(out);
	out = NULL;
	if (mdtext_markdown(&out, &cut, text, size, max, 1 + (int)(size % 6)) ==
	    0)
		FUZZ_ASSERT(out != NULL && cut == (size > max));
	free(out);
	return 0;
}
