/*
 * mdtext: Markdown descriptions to HTML, through libcmark.
 *
 * cmark runs in its default safe mode: raw HTML becomes a comment and
 * javascript:, vbscript:, file: and data: (but images) links become empty,
 * so the output may be printed unescaped in a page. Debian's cmark 0.30.2
 * lacks the 2023 fixes for quadratic-time inputs, so every text is cut at a
 * cap (MDTEXT_MAX_DEFAULT) before parsing; the caller reports the cut.
 */
#ifndef ASYNCDOC_MDTEXT_H
#define ASYNCDOC_MDTEXT_H

#include <stddef.h>

/* Bytes of Markdown rendered per description (README, asyncdoc.1). */
#define MDTEXT_MAX_DEFAULT ((size_t)64 << 10)

/*
 * Renders the first len bytes of text as HTML into *out (NUL-terminated,
 * caller frees with free()). When len > max, only the first max bytes are
 * rendered (cut on a UTF-8 character boundary) and *cut is set to 1, else
 * to 0; cut may be NULL. Invalid UTF-8 is replaced by U+FFFD. Returns 0,
 * or -1 with *out NULL when out of memory.
 */
int mdtext_html(char **out, int *cut, const char *text, size_t len, size_t max);

#endif
