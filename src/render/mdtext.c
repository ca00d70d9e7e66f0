/*
 * mdtext: Markdown to HTML with libcmark (see mdtext.h).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <cmark.h>

#include "util/strbuf.h"

#include "render/mdtext.h"

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

/*
 * 1 for a byte that plain_line() lets through: letters, digits, blanks
 * and punctuation that has no meaning inline and that cmark's HTML writer
 * does not escape (not \\ ` * _ [ ] < > & ").
 */
static int
plain_char(unsigned char ch)
{
	if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
	    (ch >= '0' && ch <= '9'))
		return 1;
	switch (ch) {
	case ' ':
	case '!':
	case '#':
	case '$':
	case '%':
	case '\'':
	case '(':
	case ')':
	case '+':
	case ',':
	case '-':
	case '.':
	case '/':
	case ':':
	case ';':
	case '=':
	case '?':
	case '@':
	case '^':
	case '{':
	case '|':
	case '}':
	case '~':
		return 1;
	default:
		return 0;
	}
}

/*
 * 1 when cmark would make of text[0..len) one paragraph holding the text
 * as it is: one line (plain_char()s only) that starts with a letter (no
 * block: heading, list, quote, code, HTML, link definition) and ends with
 * no blank (cmark drops it).
 */
static int
plain_line(const char *text, size_t len)
{
	size_t i;

	if (len == 0 ||
	    !((text[0] >= 'A' && text[0] <= 'Z') ||
	      (text[0] >= 'a' && text[0] <= 'z')) ||
	    text[len - 1] == ' ')
		return 0;
	for (i = 0; i < len; i++)
		if (!plain_char((unsigned char)text[i]))
			return 0;
	return 1;
}

int
mdtext_html(char **out, int *cut, const char *text, size_t len, size_t max)
{
	char *html;

	*out = NULL;
	if (cut != NULL)
		*cut = 0;
	/*
	 * A one-line description with nothing to parse (most property
	 * descriptions) is its own paragraph: made without cmark, whose
	 * parser and renderer cost a few thousand instructions even then
	 * (a description on every row of every schema tree, #18).
	 */
	if (len <= max && plain_line(text, len)) {
		html = malloc(len + sizeof("<p></p>\n"));
		if (html == NULL)
			return -1;
		memcpy(html, "<p>", 3);
		memcpy(html + 3, text, len);
		memcpy(html + 3 + len, "</p>\n", sizeof("</p>\n"));
		*out = html;
		return 0;
	}
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

int
mdtext_url_dangerous(const char *url)
{
	static const char *const bad[] = {
	        "javascript:", "vbscript:", "file:", "data:"};
	size_t i, j;

	if (url == NULL)
		return 0;
	while (*url == ' ' || *url == '\t')
		url++;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		for (j = 0; bad[i][j] != '\0'; j++)
			if ((url[j] | 0x20) != bad[i][j] && url[j] != bad[i][j])
				break;
		if (bad[i][j] == '\0')
			return 1;
	}
	return 0;
}

/* Sets text as node's literal, without its trailing newlines. */
static int
set_trimmed(cmark_node *node, const char *text)
{
	size_t n = text != NULL ? strlen(text) : 0;
	char *copy;
	int ok;

	while (n > 0 && (text[n - 1] == '\n' || text[n - 1] == '\r'))
		n--;
	copy = malloc(n + 1);
	if (copy == NULL)
		return -1;
	if (n > 0)
		memcpy(copy, text, n);
	copy[n] = '\0';
	ok = cmark_node_set_literal(node, copy);
	free(copy);
	return ok ? 0 : -1;
}

int
mdtext_markdown(char **out, int *cut, const char *text, size_t len, size_t max,
                int min_heading)
{
	cmark_node *doc, *node, *text_node;
	cmark_iter *it;
	cmark_event_type ev;
	char *md;
	size_t n;
	int level;

	*out = NULL;
	if (cut != NULL)
		*cut = 0;
	if (len > max) {
		len = utf8_floor(text, max);
		if (cut != NULL)
			*cut = 1;
	}
	doc = cmark_parse_document(text, len, CMARK_OPT_VALIDATE_UTF8);
	if (doc == NULL)
		return -1;
	it = cmark_iter_new(doc);
	if (it == NULL) {
		cmark_node_free(doc);
		return -1;
	}
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		node = cmark_iter_get_node(it);
		if (ev != CMARK_EVENT_ENTER)
			continue;
		switch (cmark_node_get_type(node)) {
		case CMARK_NODE_HTML_INLINE:
		case CMARK_NODE_HTML_BLOCK:
			/* shown as written: a text node, escaped on output */
			text_node = cmark_node_new(CMARK_NODE_TEXT);
			if (text_node == NULL ||
			    set_trimmed(text_node,
			                cmark_node_get_literal(node)) != 0)
				goto oom;
			if (cmark_node_get_type(node) ==
			    CMARK_NODE_HTML_BLOCK) {
				cmark_node *para =
				        cmark_node_new(CMARK_NODE_PARAGRAPH);

				if (para == NULL ||
				    !cmark_node_append_child(para, text_node) ||
				    !cmark_node_replace(node, para))
					goto oom;
			} else if (!cmark_node_replace(node, text_node)) {
				goto oom;
			}
			/* the iterator goes on from the new node */
			cmark_iter_reset(it,
			                 cmark_node_get_type(node) ==
			                                 CMARK_NODE_HTML_BLOCK
			                         ? cmark_node_parent(text_node)
			                         : text_node,
			                 CMARK_EVENT_EXIT);
			cmark_node_free(node);
			break;
		case CMARK_NODE_LINK:
		case CMARK_NODE_IMAGE:
			if (mdtext_url_dangerous(cmark_node_get_url(node)))
				cmark_node_set_url(node, "");
			break;
		case CMARK_NODE_HEADING:
			level = cmark_node_get_heading_level(node);
			if (min_heading > 1 && level < min_heading)
				cmark_node_set_heading_level(
				        node,
				        min_heading > 6 ? 6 : min_heading);
			break;
		default:
			break;
		}
	}
	cmark_iter_free(it);
	md = cmark_render_commonmark(doc, CMARK_OPT_DEFAULT, 0);
	cmark_node_free(doc);
	if (md == NULL)
		return -1;
	n = strlen(md);
	while (n > 0 && md[n - 1] == '\n')
		md[--n] = '\0';
	*out = md;
	return 0;
oom:
	cmark_iter_free(it);
	cmark_node_free(doc);
	return -1;
}

int
mdtext_escape(char **out, const char *text)
{
	struct strbuf b = STRBUF_INIT;
	const char *p;
	int start = 1;

	*out = NULL;
	strbuf_puts(&b, "");
	for (p = text != NULL ? text : ""; *p != '\0'; p++) {
		unsigned char ch = (unsigned char)*p;

		if (ch == '\n' || ch == '\r' || ch == '\t') {
			strbuf_putc(&b, ' ');
			continue;
		}
		/*
		 * At the start, "- ", "+ ", "--", "==" would make a list, a
		 * rule or a heading underline.
		 */
		if (strchr("\\`*_[]<>|~#!&{}", ch) != NULL ||
		    (start && strchr("-+=", ch) != NULL &&
		     (p[1] == ' ' || p[1] == '\0' || p[1] == ch)))
			strbuf_putc(&b, '\\');
		/* "1. " at the start would begin an ordered list */
		if (start && ch >= '0' && ch <= '9') {
			const char *q = p;

			while (*q >= '0' && *q <= '9')
				q++;
			if ((*q == '.' || *q == ')') &&
			    (q[1] == ' ' || q[1] == '\0')) {
				strbuf_putn(&b, p, (size_t)(q - p));
				strbuf_putc(&b, '\\');
				p = q;
				ch = (unsigned char)*p;
			}
		}
		strbuf_putc(&b, (char)ch);
		start = 0;
	}
	if (b.oom) {
		strbuf_free(&b);
		return -1;
	}
	*out = strbuf_take(&b);
	return 0;
}

int
mdtext_code_span(char **out, const char *text, int in_table)
{
	struct strbuf b = STRBUF_INIT;
	size_t run = 0, longest = 0, i, n;
	const char *p;
	int pad;

	*out = NULL;
	if (text == NULL)
		text = "";
	for (p = text; *p != '\0'; p++) {
		run = *p == '`' ? run + 1 : 0;
		if (run > longest)
			longest = run;
	}
	n = strlen(text);
	pad = n > 0 && (text[0] == '`' || text[n - 1] == '`' ||
	                text[0] == ' ' || text[n - 1] == ' ');
	for (i = 0; i <= longest; i++)
		strbuf_putc(&b, '`');
	if (pad)
		strbuf_putc(&b, ' ');
	for (p = text; *p != '\0'; p++) {
		if (in_table && *p == '|')
			strbuf_putc(&b, '\\');
		strbuf_putc(&b, *p == '\n' || *p == '\r' ? ' ' : *p);
	}
	if (pad)
		strbuf_putc(&b, ' ');
	for (i = 0; i <= longest; i++)
		strbuf_putc(&b, '`');
	if (b.oom) {
		strbuf_free(&b);
		return -1;
	}
	*out = strbuf_take(&b);
	return 0;
}
