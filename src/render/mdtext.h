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

/*
 * Same, but the output is CommonMark again, safe to put into a Markdown
 * page: raw HTML (blocks and inline) becomes literal text (escaped, shown
 * as written, never HTML), links and images whose URL is javascript:,
 * vbscript:, file: or data: lose their URL, and the result is what cmark's
 * CommonMark renderer writes (no line wrapping), without a trailing
 * newline. For headings inside it not to break the page's outline, the
 * caller may shift them: every heading is made at least min_heading deep
 * (1 for none). Returns 0, or -1 with *out NULL when out of memory.
 */
int mdtext_markdown(char **out, int *cut, const char *text, size_t len,
                    size_t max, int min_heading);

/*
 * 1 when url's scheme (case-insensitive, after leading blanks) is one a
 * page must never link to: javascript:, vbscript:, file: or data:.
 */
int mdtext_url_dangerous(const char *url);

/*
 * Appends text to a Markdown page as literal inline text into *out (a
 * new NUL-terminated string): every character Markdown (CommonMark and
 * GFM) or MDX could read as syntax is backslash-escaped (\ ` * _ [ ] < >
 * | ~ # ! & { } and a leading - + = or "1."), and newlines become spaces,
 * so the text fits a table cell, a heading or a list item and no raw HTML
 * can come through. Returns 0 or -1 (out of memory).
 */
int mdtext_escape(char **out, const char *text);

/*
 * text as a code span into *out: `text` with enough backticks around it
 * (and spaces when it starts or ends with one), newlines as spaces. In a
 * GFM table cell (in_table) a | is written \| (the table reads it before
 * the code span; outside tables that backslash would show). Returns 0 or
 * -1 (out of memory).
 */
int mdtext_code_span(char **out, const char *text, int in_table);

#endif
