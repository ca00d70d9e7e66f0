/*
 * json_load: cJSON parse plus a position re-scan (see json_load.h).
 *
 * Three passes over the text: a depth pre-scan (cJSON would stop at 1000
 * levels with a generic error, and recurses), cJSON's parse (in place; a
 * text that fails is parsed again from a copy for the error), then a walk of
 * the tree in document order that moves a cursor through the same text.
 * cJSON keeps members in source order, duplicates included, so the n-th
 * value the walk meets is the n-th value in the text. The walk records
 * positions, keeps number lexemes and checks keys and the node budget.
 *
 * Keys stay cJSON's own: swapping them for srcmap-interned copies after the
 * parse (as yaml_load interns its keys) was measured to cost time and to
 * raise peak RSS, since cJSON has already allocated every key by then.
 * Containers come out of cJSON with valueint 0, which the loader's marks
 * rely on.
 */
#include "util/ascii.h"
#include "config.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "util/diag.h"
#include "load/json_load.h"
#include "load/json_syntax.h"
#include "load/keyset.h"
#include "load/load_limits.h"
#include "util/node.h"
#include "load/srcmap.h"

struct js {
	const char *p, *end; /* cursor in the text */
	uint32_t line, col;  /* of *p, 1-based, code points */
	uint32_t file;
	const char *path;
	struct srcmap *map;
	const struct limits *lim;
	size_t *nodes_left; /* &budget->nodes_left */
	size_t *work;       /* &budget->work */
	struct diag_list *diags;
};

/* Appends an error diagnostic. Always returns -1. */
static int __attribute__((format(printf, 5, 6)))
fail(struct js *s, uint32_t line, uint32_t col, const char *rule,
     const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	diag_add(s->diags, DIAG_ERROR, s->path, line, col, rule, "%s", msg);
	return -1;
}

/*
 * Moves the cursor over n bytes that hold no line break. Columns count code
 * points: UTF-8 continuation bytes do not move the column.
 */
static void
step(struct js *s, size_t n)
{
	const char *q = s->p + n;

	for (; s->p < q; s->p++)
		if (((unsigned char)*s->p & 0xc0) != 0x80)
			s->col++;
}

/* One byte that may be a line break; CR LF and a lone CR count as one. */
static void
step_byte(struct js *s)
{
	char c = *s->p++;

	if (c == '\n' || (c == '\r' && (s->p >= s->end || *s->p != '\n'))) {
		s->line++;
		s->col = 1;
	} else if (c != '\r' && ((unsigned char)c & 0xc0) != 0x80) {
		s->col++;
	}
}

static int
is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Line and column of byte offset off in text[0..len). */
static void
text_pos(const char *text, size_t len, size_t off, uint32_t *line,
         uint32_t *col)
{
	struct js s;

	memset(&s, 0, sizeof(s));
	s.p = text;
	s.end = text + len;
	s.line = s.col = 1;
	while (s.p < s.end && (size_t)(s.p - text) < off)
		step_byte(&s);
	*line = s.line;
	*col = s.col;
}

/* Skips JSON white space; other control bytes are not white space. */
static int
skip_ws(struct js *s)
{
	unsigned char c;

	while (s->p < s->end) {
		c = (unsigned char)*s->p;
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
			step_byte(s);
		else if (c < 0x20)
			return fail(s, s->line, s->col, "json-syntax",
			            "invalid JSON: control byte 0x%02x outside "
			            "a string",
			            c);
		else
			break;
	}
	return 0;
}

/* Moves past the string that starts at the cursor (on its quote). */
static void
skip_string(struct js *s)
{
	step(s, 1);
	while (s->p < s->end && *s->p != '"') {
		if (*s->p == '\\' && s->p + 1 < s->end)
			step(s, 2);
		else
			step_byte(s);
	}
	if (s->p < s->end)
		step(s, 1);
}

int
json_load_number_ok(const char *s, size_t n)
{
	size_t i = 0, k;

	if (i < n && s[i] == '-')
		i++;
	if (i < n && s[i] == '0') {
		i++;
	} else {
		for (k = i; i < n && s[i] >= '0' && s[i] <= '9'; i++)
			;
		if (i == k)
			return 0;
	}
	if (i < n && s[i] == '.') {
		for (k = ++i; i < n && s[i] >= '0' && s[i] <= '9'; i++)
			;
		if (i == k)
			return 0;
	}
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (i < n && (s[i] == '+' || s[i] == '-'))
			i++;
		for (k = i; i < n && s[i] >= '0' && s[i] <= '9'; i++)
			;
		if (i == k)
			return 0;
	}
	return i == n;
}

static int
lost(struct js *s)
{
	/* cJSON accepted what the scan does not understand. */
	return fail(s, s->line, s->col, "json-syntax",
	            "invalid JSON near here");
}

static int
expect(struct js *s, char c)
{
	if (skip_ws(s) < 0)
		return -1;
	if (s->p >= s->end || *s->p != c)
		return lost(s);
	step(s, 1);
	return 0;
}

/*
 * Walks node, whose text starts at the cursor (after white space), and its
 * children. key_line/key_col: the member key's position, 0 if none.
 * Recursion depth is bounded by the depth pre-scan.
 */
static int
scan_value(struct js *s, cJSON *node, uint32_t key_line, uint32_t key_col)
{
	struct srcpos pos;
	struct keyset ks;
	const struct srcpos *fp;
	const cJSON *first;
	const char *q;
	cJSON *c;
	uint32_t kl, kc;
	char b[80];
	int rc = -1;

	if (skip_ws(s) < 0)
		return -1;
	pos.file = s->file;
	pos.line = s->line;
	pos.col = s->col;
	pos.key_line = key_line;
	pos.key_col = key_col;
	if (*s->nodes_left == 0)
		return fail(s, s->line, s->col, "limit-nodes",
		            "more than %zu nodes", s->lim->max_nodes);
	(*s->nodes_left)--;
	if (srcmap_put(s->map, node, pos) < 0)
		return fail(s, s->line, s->col, "out-of-memory",
		            "out of memory");
	if (s->p >= s->end)
		return lost(s);
	if (cJSON_IsObject(node)) {
		step(s, 1);
		keyset_init(&ks, node);
		for (c = node->child; c != NULL; c = c->next) {
			if (c != node->child && expect(s, ',') < 0)
				goto out;
			if (skip_ws(s) < 0)
				goto out;
			if (s->p >= s->end || *s->p != '"') {
				lost(s);
				goto out;
			}
			kl = s->line;
			kc = s->col;
			skip_string(s);
			first = keyset_find(&ks, c->string ? c->string : "");
			if (first != NULL) {
				fp = srcmap_get(s->map, first);
				fail(s, kl, kc, "json-duplicate-key",
				     "duplicate key '%s' (first at line %u)",
				     ascii_excerpt(b, sizeof(b), first->string,
				                   strlen(first->string)),
				     fp ? fp->key_line : 0);
				goto out;
			}
			if (expect(s, ':') < 0 || scan_value(s, c, kl, kc) < 0)
				goto out;
			if (keyset_add(&ks, c) < 0) {
				fail(s, kl, kc, "out-of-memory",
				     "out of memory");
				goto out;
			}
		}
		rc = expect(s, '}');
	out:
		*s->work += ks.compares;
		keyset_fini(&ks);
		return rc;
	}
	if (cJSON_IsArray(node)) {
		step(s, 1);
		for (c = node->child; c != NULL; c = c->next) {
			if (c != node->child && expect(s, ',') < 0)
				return -1;
			if (scan_value(s, c, 0, 0) < 0)
				return -1;
		}
		return expect(s, ']');
	}
	if (cJSON_IsString(node)) {
		if (*s->p != '"')
			return lost(s);
		skip_string(s);
		return 0;
	}
	if (cJSON_IsNumber(node)) {
		for (q = s->p; q < s->end && *q != '\0' &&
		               strchr("0123456789+-.eE", *q) != NULL;
		     q++)
			;
		if (!json_load_number_ok(s->p, (size_t)(q - s->p)))
			return fail(s, s->line, s->col, "json-syntax",
			            "invalid JSON number '%s'",
			            ascii_excerpt(b, sizeof(b), s->p,
			                          (size_t)(q - s->p)));
		if (node_set_number_text(node, s->p, (size_t)(q - s->p)) < 0)
			return fail(s, s->line, s->col, "out-of-memory",
			            "out of memory");
		step(s, (size_t)(q - s->p));
		return 0;
	}
	/* true, false, null: cJSON checked the letters. */
	for (q = s->p; q < s->end && *q >= 'a' && *q <= 'z'; q++)
		;
	step(s, (size_t)(q - s->p));
	return 0;
}

/*
 * Rejects nesting deeper than the limit before cJSON (recursive, limit
 * 1000, generic error) sees it. Strings are skipped: brackets in them do
 * not count. *values gets a bound on the values in a valid text: each is
 * the first of its container, or follows a comma.
 */
static int
depth_scan(size_t *values, struct js *s, const char *text, size_t len)
{
	size_t i, depth = 0, n = 1;
	uint32_t line, col;
	int in_string = 0;
	char c;

	for (i = 0; i < len; i++, (*s->work)++) {
		c = text[i];
		if (in_string) {
			if (c == '\\')
				i++;
			else if (c == '"')
				in_string = 0;
		} else if (c == '"') {
			in_string = 1;
		} else if (c == ',') {
			n++;
		} else if (c == '{' || c == '[') {
			n++;
			if (++depth > s->lim->max_depth) {
				text_pos(text, len, i, &line, &col);
				return fail(s, line, col, "limit-depth",
				            "nesting deeper than the limit of "
				            "%zu levels",
				            s->lim->max_depth);
			}
		} else if ((c == '}' || c == ']') && depth > 0) {
			depth--;
		}
	}
	*values = n;
	return 0;
}

/* Reports cJSON's failure at byte off of text[0..len). */
static int
parse_error(struct js *s, const char *text, size_t len, size_t off)
{
	struct json_syntax_error why;
	uint32_t line, col;
	size_t i, n;
	char b[80];

	for (i = 0; i < len; i++)
		if (!is_ws(text[i]))
			break;
	if (i == len)
		return fail(s, 1, 1, "json-empty", "the file is empty");
	if (off > len)
		off = len;
	if (json_syntax_find(&why, text, len) == 0) {
		text_pos(text, len, why.off, &line, &col);
		return fail(s, line, col, "json-syntax", "invalid JSON: %s",
		            why.message);
	}
	text_pos(text, len, off, &line, &col);
	if (off == len)
		return fail(s, line, col, "json-syntax",
		            "invalid JSON: unexpected end of the file");
	for (n = 0; off + n < len && n < 24 && text[off + n] != '\n' &&
	            text[off + n] != '\r';
	     n++)
		;
	return fail(s, line, col, "json-syntax", "invalid JSON near '%s'",
	            ascii_excerpt(b, sizeof(b), text + off, n));
}

int
json_load_buffer(struct cJSON **out, const char *buf, size_t len, uint32_t file,
                 struct srcmap *map, const struct limits *lim,
                 struct load_budget *budget, struct diag_list *diags)
{
	size_t *nodes_left = &budget->nodes_left;
	int scanned;
	struct js s;
	const char *end = NULL, *base;
	char *text = NULL;
	cJSON *root = NULL;
	size_t values = 0;
	int rc = -1;

	*out = NULL;
	memset(&s, 0, sizeof(s));
	s.file = file;
	s.path = srcmap_file_path(map, file);
	s.map = map;
	s.lim = lim;
	s.nodes_left = nodes_left;
	s.work = &budget->work;
	s.diags = diags;
	if (len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0) {
		buf += 3;
		len -= 3;
	}
	base = buf;
	if (depth_scan(&values, &s, buf, len) < 0)
		goto out;
	/*
	 * Room for every position before cJSON allocates: the bound is
	 * tight, and a big reserve made once the tree fills the heap would
	 * get fresh pages where a warm heap has pages to reuse. More nodes
	 * than the budget fail the scan anyway.
	 */
	if (values > *nodes_left)
		values = *nodes_left;
	if (srcmap_reserve(map, values + 1) < 0) {
		fail(&s, 0, 0, "out-of-memory", "out of memory");
		goto out;
	}
	/*
	 * cJSON reads past the given length while it looks for the end of a
	 * string, unless a NUL stops it (CVE-2023-53154, fixed upstream only
	 * in 1.7.16, while Debian 12 reports 1.7.15 with the fix backported):
	 * it always parses a NUL-terminated copy, whatever its version and
	 * whether the caller's buffer ends in a NUL. The NUL is counted in
	 * the length so that the strict parse also says where a bad text
	 * goes wrong.
	 */
	if ((text = malloc(len + 1)) == NULL) {
		fail(&s, 0, 0, "out-of-memory", "out of memory");
		goto out;
	}
	memcpy(text, buf, len);
	text[len] = '\0';
	base = text;
	root = cJSON_ParseWithLengthOpts(text, len + 1, &end, 1);
	if (root == NULL) {
		parse_error(&s, text, len,
		            end != NULL ? (size_t)(end - text) : 0);
		goto out;
	}
	s.p = base;
	s.end = base + len;
	s.line = s.col = 1;
	scanned = scan_value(&s, root, 0, 0) >= 0 && skip_ws(&s) >= 0;
	budget->work += (size_t)(s.p - base);
	if (!scanned)
		goto out;
	if (s.p != s.end) {
		/* cJSON takes NUL bytes for white space. */
		lost(&s);
		goto out;
	}
	*out = root;
	root = NULL;
	rc = 0;
out:
	cJSON_Delete(root);
	free(text);
	return rc;
}

int
json_load_sniff(const char *buf, size_t len)
{
	size_t i = 0;

	if (len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0)
		i = 3;
	while (i < len && is_ws(buf[i]))
		i++;
	return i < len && (buf[i] == '{' || buf[i] == '[');
}
