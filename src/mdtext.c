/*
 * mdtext: Markdown to HTML with libcmark (see mdtext.h).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <cmark.h>

#include "mdtext.h"

/* The largest n <= max that does not split a UTF-8 sequence of text. */
static size_t
utf8_floor(const char *text, size_t max)
{
	size_t n = max;

	/* A continuation byte (10xxxxxx) at n means n is inside a sequence. */
	while (n > 0 && ((unsigned char)text[n] & 0xC0) == 0x80 && max - n < 3)
		n--;
	return n;
}

int
mdtext_html(char **out, int *cut, const char *text, size_t len, size_t max)
{
	char *html;

	*out = NULL;
	if (cut != NULL)
		*cut = 0;
	if (len > max) {
		len = utf8_floor(text, max);
		if (cut != NULL)
			*cut = 1;
	}
	/*
	 * Safe mode is cmark's default (CMARK_OPT_UNSAFE is not given).
	 * cmark's default allocator is malloc, so free() releases the result.
	 */
	html = cmark_markdown_to_html(
	        text, len, CMARK_OPT_DEFAULT | CMARK_OPT_VALIDATE_UTF8);
	if (html == NULL)
		return -1;
	*out = html;
	return 0;
}
