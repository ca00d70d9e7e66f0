/*
 * diag: diagnostics list and its printers (see diag.h).
 */
#include "config.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "util/array.h"
#include "util/diag.h"
#include "util/strbuf.h"

struct diag_list {
	struct diag *items;
	size_t n, cap;
	int oom;
};

struct diag_list *
diag_list_new(void)
{
	return calloc(1, sizeof(struct diag_list));
}

static void
diag_clear_one(struct diag *d)
{
	free(d->file);
	free(d->rule);
	free(d->message);
	free(d->via);
	free(d->hint);
}

void
diag_list_clear(struct diag_list *list)
{
	size_t i;

	if (list == NULL)
		return;
	for (i = 0; i < list->n; i++)
		diag_clear_one(&list->items[i]);
	list->n = 0;
	list->oom = 0;
}

void
diag_list_free(struct diag_list *list)
{
	if (list == NULL)
		return;
	diag_list_clear(list);
	free(list->items);
	free(list);
}

static char *
dup_or_null(const char *s)
{
	return s == NULL ? NULL : strdup(s);
}

/* Makes room for one more item. Returns 0 or -1. */
static int
grow(struct diag_list *list)
{
	return ARRAY_RESERVE(list->items, list->n + 1, list->cap);
}

static char *
vformat(const char *fmt, va_list ap)
{
	char *s = NULL;

	if (vasprintf(&s, fmt, ap) < 0)
		return NULL;
	return s;
}

int
diag_add(struct diag_list *list, enum diag_severity sev, const char *file,
         uint32_t line, uint32_t col, const char *rule, const char *fmt, ...)
{
	struct diag d;
	va_list ap;

	if (list == NULL || grow(list) < 0)
		return -1;
	memset(&d, 0, sizeof(d));
	d.severity = sev;
	d.line = line;
	d.col = col;
	va_start(ap, fmt);
	d.message = vformat(fmt, ap);
	va_end(ap);
	d.rule = strdup(rule != NULL ? rule : "unknown");
	d.file = dup_or_null(file);
	if (d.message == NULL || d.rule == NULL || (file != NULL && !d.file)) {
		diag_clear_one(&d);
		return -1;
	}
	list->items[list->n++] = d;
	return 0;
}

int
diag_oom(struct diag_list *list, const char *what)
{
	if (list == NULL)
		return -1;
	list->oom = 1;
	if (what != NULL)
		diag_add(list, DIAG_ERROR, NULL, 0, 0, "out-of-memory",
		         "out of memory while %s", what);
	else
		diag_add(list, DIAG_ERROR, NULL, 0, 0, "out-of-memory",
		         "out of memory");
	return -1;
}

int
diag_list_oom(const struct diag_list *list)
{
	return list != NULL && list->oom;
}

int
diag_set_via(struct diag_list *list, const char *via)
{
	char *copy;

	if (list == NULL || list->n == 0)
		return -1;
	copy = dup_or_null(via);
	if (via != NULL && copy == NULL)
		return -1;
	free(list->items[list->n - 1].via);
	list->items[list->n - 1].via = copy;
	return 0;
}

int
diag_set_hint(struct diag_list *list, const char *fmt, ...)
{
	char *hint;
	va_list ap;

	if (list == NULL || list->n == 0)
		return -1;
	va_start(ap, fmt);
	hint = vformat(fmt, ap);
	va_end(ap);
	if (hint == NULL)
		return -1;
	free(list->items[list->n - 1].hint);
	list->items[list->n - 1].hint = hint;
	return 0;
}

size_t
diag_count(const struct diag_list *list)
{
	return list == NULL ? 0 : list->n;
}

size_t
diag_count_at_least(const struct diag_list *list, enum diag_severity sev)
{
	size_t i, n = 0;

	for (i = 0; i < diag_count(list); i++)
		if (list->items[i].severity <= sev)
			n++;
	return n;
}

const struct diag *
diag_at(const struct diag_list *list, size_t i)
{
	if (list == NULL || i >= list->n)
		return NULL;
	return &list->items[i];
}

int
diag_list_move(struct diag_list *dst, struct diag_list *src)
{
	if (src == NULL || src->n == 0)
		return 0;
	if (ARRAY_RESERVE(dst->items, dst->n + src->n, dst->cap) < 0)
		return -1;
	memcpy(dst->items + dst->n, src->items, src->n * sizeof(*src->items));
	dst->n += src->n;
	src->n = 0;
	return 0;
}

void
diag_list_shift_lines(struct diag_list *list, uint32_t delta)
{
	size_t i;

	for (i = 0; list != NULL && i < list->n; i++)
		if (list->items[i].line != 0)
			list->items[i].line += delta;
}

/*
 * Keeps the diagnostics for which keep() says 1, in order; returns how many
 * were dropped.
 */
static size_t
filter(struct diag_list *list, int (*keep)(const struct diag *, const void *),
       const void *arg)
{
	size_t i, n = 0;

	for (i = 0; i < diag_count(list); i++) {
		if (keep(&list->items[i], arg))
			list->items[n++] = list->items[i];
		else
			diag_clear_one(&list->items[i]);
	}
	i = diag_count(list) - n;
	if (list != NULL)
		list->n = n;
	return i;
}

static int
at_least(const struct diag *d, const void *sev)
{
	return d->severity <= *(const enum diag_severity *)sev;
}

static int
not_rule(const struct diag *d, const void *rule)
{
	return strcmp(d->rule, rule) != 0;
}

size_t
diag_list_keep(struct diag_list *list, enum diag_severity sev)
{
	return filter(list, at_least, &sev);
}

size_t
diag_list_drop_rule(struct diag_list *list, const char *rule)
{
	return filter(list, not_rule, rule);
}

static int
cmp_pos(const struct diag *a, const struct diag *b)
{
	int c;

	c = strcmp(a->file ? a->file : "", b->file ? b->file : "");
	if (c != 0)
		return c;
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	if (a->col != b->col)
		return a->col < b->col ? -1 : 1;
	return 0;
}

/* Merges the sorted runs a[lo..mid) and a[mid..hi) through tmp. */
static void
merge(struct diag *a, struct diag *tmp, size_t lo, size_t mid, size_t hi)
{
	size_t i = lo, j = mid, k = lo;

	while (i < mid && j < hi)
		/* "<= 0" takes the left one on ties: the sort is stable. */
		tmp[k++] = cmp_pos(&a[i], &a[j]) <= 0 ? a[i++] : a[j++];
	while (i < mid)
		tmp[k++] = a[i++];
	while (j < hi)
		tmp[k++] = a[j++];
	memcpy(a + lo, tmp + lo, (hi - lo) * sizeof(*a));
}

void
diag_sort(struct diag_list *list)
{
	struct diag *tmp;
	size_t n = diag_count(list), width, lo, i, j;
	struct diag t;

	if (n < 2)
		return;
	tmp = malloc(n * sizeof(*tmp));
	if (tmp == NULL) {
		/* No memory: an insertion sort needs none (slow, still right).
		 */
		for (i = 1; i < n; i++) {
			t = list->items[i];
			for (j = i;
			     j > 0 && cmp_pos(&list->items[j - 1], &t) > 0; j--)
				list->items[j] = list->items[j - 1];
			list->items[j] = t;
		}
		return;
	}
	/* Bottom-up merge sort: stable, O(n log n) for big rule reports. */
	for (width = 1; width < n; width *= 2)
		for (lo = 0; lo + width < n; lo += 2 * width)
			merge(list->items, tmp, lo, lo + width,
			      lo + 2 * width < n ? lo + 2 * width : n);
	free(tmp);
}

const char *
diag_severity_name(enum diag_severity sev)
{
	switch (sev) {
	case DIAG_ERROR:
		return "error";
	case DIAG_WARNING:
		return "warning";
	default:
		return "info";
	}
}

/*
 * Length of the well-formed UTF-8 sequence at s (RFC 3629: no overlong
 * forms, no surrogates, nothing above U+10FFFF), or 0 when there is none.
 * Never reads past the terminating NUL: a NUL fails every continuation test
 * and && stops there.
 */
static size_t
utf8_seq_len(const unsigned char *s)
{
	unsigned char c = s[0], lo, hi;

	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		return (s[1] & 0xC0) == 0x80 ? 2 : 0;
	if (c >= 0xE0 && c <= 0xEF) {
		lo = c == 0xE0 ? 0xA0 : 0x80;
		hi = c == 0xED ? 0x9F : 0xBF;
		return s[1] >= lo && s[1] <= hi && (s[2] & 0xC0) == 0x80 ? 3
		                                                         : 0;
	}
	if (c >= 0xF0 && c <= 0xF4) {
		lo = c == 0xF0 ? 0x90 : 0x80;
		hi = c == 0xF4 ? 0x8F : 0xBF;
		return s[1] >= lo && s[1] <= hi && (s[2] & 0xC0) == 0x80 &&
		                       (s[3] & 0xC0) == 0x80
		               ? 4
		               : 0;
	}
	return 0;
}

/*
 * Appends the character at p (one byte, or one well-formed UTF-8 sequence)
 * as it may reach a terminal or a CI log, and returns how many bytes it
 * took. C0 controls, DEL and C1 controls become "\xHH" (C1 by its code
 * point), the Unicode controls that reorder text (bidi embeddings,
 * overrides and isolates) "\u{HHHH}", a byte that starts no well-formed
 * sequence U+FFFD. tab_width > 0 writes a tab as that many spaces (the
 * excerpt, where the caret must line up). *cols gets the columns written.
 */
static size_t
escape_char(struct strbuf *b, const unsigned char *p, int tab_width,
            size_t *cols)
{
	size_t len = utf8_seq_len(p);
	unsigned cp;

	if (len == 0) {
		strbuf_puts(b, "\xEF\xBF\xBD");
		*cols = 1;
		return 1;
	}
	if (*p == '\t' && tab_width > 0) {
		strbuf_printf(b, "%*s", tab_width, "");
		*cols = (size_t)tab_width;
		return 1;
	}
	if (*p < 0x20 || *p == 0x7f) {
		strbuf_printf(b, "\\x%02x", *p);
		*cols = 4;
		return 1;
	}
	if (len == 2 && p[0] == 0xC2 && p[1] < 0xA0) {
		strbuf_printf(b, "\\x%02x", p[1]);
		*cols = 4;
		return 2;
	}
	if (len == 3 && p[0] == 0xE2 && (p[1] == 0x80 || p[1] == 0x81)) {
		cp = 0x2000u | (unsigned)(p[1] & 0x3f) << 6 | (p[2] & 0x3f);
		if ((cp >= 0x202A && cp <= 0x202E) ||
		    (cp >= 0x2066 && cp <= 0x2069)) {
			strbuf_printf(b, "\\u{%04x}", cp);
			*cols = 8;
			return 3;
		}
	}
	strbuf_putn(b, (const char *)p, len);
	*cols = 1;
	return len;
}

void
diag_escape(struct strbuf *b, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t cols;

	while (*p != '\0')
		p += escape_char(b, p, 0, &cols);
}

/* s escaped by diag_escape in a new string; NULL when out of memory. */
static char *
escaped(const char *s)
{
	struct strbuf b = STRBUF_INIT;

	diag_escape(&b, s);
	return strbuf_take(&b);
}

/*
 * The source of the file being printed, read once with its line starts so
 * that thousands of diagnostics in one file cost one read, not one each.
 */
struct source {
	char *path; /* the file held, or NULL */
	char *buf;
	size_t len;
	size_t *starts; /* offset of each line */
	size_t n_lines;
};

static void
source_drop(struct source *src)
{
	free(src->path);
	free(src->buf);
	free(src->starts);
	memset(src, 0, sizeof(*src));
}

/* Reads path into src (keeps it when it is already there). 0 or -1. */
static int
source_load(struct source *src, const char *path)
{
	FILE *fp;
	size_t cap = 0, i, n;

	if (src->path != NULL && strcmp(src->path, path) == 0)
		return src->buf != NULL ? 0 : -1;
	source_drop(src);
	if ((src->path = strdup(path)) == NULL)
		return -1;
	if ((fp = fopen(path, "rb")) == NULL)
		return -1;
	for (;;) {
		/* Room for a read of 64 KiB and the final NUL. */
		if (ARRAY_RESERVE(src->buf, src->len + 65536 + 1, cap) < 0)
			break;
		n = fread(src->buf + src->len, 1, cap - 1 - src->len, fp);
		src->len += n;
		if (n == 0)
			break;
	}
	fclose(fp);
	if (src->buf == NULL)
		return -1;
	src->buf[src->len] = '\0';
	for (n = 1, i = 0; i < src->len; i++)
		n += src->buf[i] == '\n';
	if ((src->starts = malloc(n * sizeof(*src->starts))) == NULL) {
		free(src->buf);
		src->buf = NULL;
		return -1;
	}
	src->starts[0] = 0;
	for (n = 1, i = 0; i < src->len; i++)
		if (src->buf[i] == '\n')
			src->starts[n++] = i + 1;
	src->n_lines = n;
	return 0;
}

/*
 * Copies line `line` (1-based) of path into a malloc'd string without its
 * line break. NULL when it cannot be read. Lines longer than 4 KiB are cut:
 * the excerpt is for a human.
 */
static char *
read_line(struct source *src, const char *path, uint32_t line)
{
	size_t a, b;
	char *text;

	if (path == NULL || line == 0 || source_load(src, path) < 0 ||
	    line > src->n_lines)
		return NULL;
	a = src->starts[line - 1];
	b = line < src->n_lines ? src->starts[line] : src->len;
	while (b > a && (src->buf[b - 1] == '\n' || src->buf[b - 1] == '\r'))
		b--;
	if (b - a > 4096)
		b = a + 4096;
	if ((text = malloc(b - a + 1)) == NULL)
		return NULL;
	memcpy(text, src->buf + a, b - a);
	text[b - a] = '\0';
	return text;
}

/* Writes s escaped by diag_escape (as is when out of memory: cut). */
static void
put_escaped(FILE *fp, const char *s)
{
	struct strbuf b = STRBUF_INIT;

	diag_escape(&b, s);
	if (b.len > 0 && !b.oom)
		fputs(b.p, fp);
	strbuf_free(&b);
}

/*
 * Prints the source line escaped (tabs as four spaces) and a caret under
 * column col (code points of the line as read), counting the columns each
 * escape takes so the caret stays under its character.
 */
static void
print_excerpt(FILE *fp, const char *text, uint32_t col, int color)
{
	struct strbuf line = STRBUF_INIT;
	const unsigned char *p = (const unsigned char *)text;
	size_t cols, before = 0;
	uint32_t cp = 1;

	while (*p != '\0') {
		p += escape_char(&line, p, 4, &cols);
		if (cp++ < col)
			before += cols;
	}
	if (line.oom) {
		strbuf_free(&line);
		return;
	}
	/* A line is cut at 4 KiB, an escape is 8 columns: before fits. */
	fprintf(fp, "  %s\n  %*s%s^%s\n", line.len > 0 ? line.p : "",
	        (int)before, "",
	        color ? "\033[1;32m" : "", color ? "\033[0m" : "");
	strbuf_free(&line);
}

void
diag_print_text(FILE *fp, const struct diag_list *list, int color)
{
	static const char *sev_color[] = {"\033[1;31m", "\033[1;35m",
	                                  "\033[1;36m"};
	const char *bold = color ? "\033[1m" : "",
	           *reset = color ? "\033[0m" : "";
	struct source src = {NULL, NULL, 0, NULL, 0};
	const struct diag *d;
	char *text;
	size_t i;

	for (i = 0; i < diag_count(list); i++) {
		d = &list->items[i];
		fputs(bold, fp);
		if (d->file != NULL) {
			put_escaped(fp, d->file);
			if (d->line > 0)
				fprintf(fp, ":%u", d->line);
			if (d->line > 0 && d->col > 0)
				fprintf(fp, ":%u", d->col);
			fputs(": ", fp);
		} else {
			fputs("asyncdoc: ", fp);
		}
		fprintf(fp, "%s%s%s:%s ", reset,
		        color ? sev_color[d->severity] : "",
		        diag_severity_name(d->severity), reset);
		put_escaped(fp, d->message);
		fputs(" [", fp);
		put_escaped(fp, d->rule);
		fputs("]\n", fp);
		text = read_line(&src, d->file, d->line);
		if (text != NULL) {
			print_excerpt(fp, text, d->col, color);
			free(text);
		}
		if (d->via != NULL) {
			fputs("  via ", fp);
			put_escaped(fp, d->via);
			fputc('\n', fp);
		}
		if (d->hint != NULL) {
			fputs("  hint: ", fp);
			put_escaped(fp, d->hint);
			fputc('\n', fp);
		}
	}
	source_drop(&src);
}

int
diag_format_from_name(enum diag_format *out, const char *name)
{
	static const struct {
		const char *name;
		enum diag_format format;
	} formats[] = {
	        {"text", DIAG_FORMAT_TEXT},
	        {"json", DIAG_FORMAT_JSON},
	        {"github", DIAG_FORMAT_GITHUB},
	        {"sarif", DIAG_FORMAT_SARIF},
	};
	size_t i;

	for (i = 0; i < sizeof(formats) / sizeof(formats[0]); i++) {
		if (name != NULL && strcmp(name, formats[i].name) == 0) {
			*out = formats[i].format;
			return 0;
		}
	}
	return -1;
}

int
diag_severity_from_name(enum diag_severity *out, const char *name)
{
	enum diag_severity sev;

	for (sev = DIAG_ERROR; sev <= DIAG_INFO; sev++) {
		if (name != NULL &&
		    strcmp(name, diag_severity_name(sev)) == 0) {
			*out = sev;
			return 0;
		}
	}
	return -1;
}

/*
 * A cJSON string of s escaped by diag_escape (control characters as
 * "\xHH" text, bad bytes as U+FFFD), or a cJSON null when s is NULL. NULL
 * when out of memory.
 */
static cJSON *
json_string(const char *s)
{
	cJSON *item;
	char *clean;

	if (s == NULL)
		return cJSON_CreateNull();
	if ((clean = escaped(s)) == NULL)
		return NULL;
	item = cJSON_CreateString(clean);
	free(clean);
	return item;
}

/*
 * Adds item to obj under the constant key (not copied: it must be a string
 * literal). Takes item even on failure. 0, or -1 when item is NULL (out of
 * memory) or cannot be added.
 */
static int
add_item(cJSON *obj, const char *key, cJSON *item)
{
	if (item == NULL)
		return -1;
	if (!cJSON_AddItemToObjectCS(obj, key, item)) {
		cJSON_Delete(item);
		return -1;
	}
	return 0;
}

/* Appends item to the array arr; takes item even on failure. 0 or -1. */
static int
push_item(cJSON *arr, cJSON *item)
{
	if (item == NULL)
		return -1;
	if (!cJSON_AddItemToArray(arr, item)) {
		cJSON_Delete(item);
		return -1;
	}
	return 0;
}

static int
add_string(cJSON *obj, const char *key, const char *s)
{
	return add_item(obj, key, json_string(s));
}

/* A positive count as a number, 0 (unknown) as null. */
static int
add_position(cJSON *obj, const char *key, uint32_t v)
{
	return add_item(obj, key,
	                v > 0 ? cJSON_CreateNumber(v) : cJSON_CreateNull());
}

/* A new empty object added to obj under key, or NULL. */
static cJSON *
add_object(cJSON *obj, const char *key)
{
	cJSON *child = cJSON_CreateObject();

	return add_item(obj, key, child) == 0 ? child : NULL;
}

/* A new empty array added to obj under key, or NULL. */
static cJSON *
add_array(cJSON *obj, const char *key)
{
	cJSON *child = cJSON_CreateArray();

	return add_item(obj, key, child) == 0 ? child : NULL;
}

/* Prints doc compactly and a newline. 0, or -1 (no memory, write error). */
static int
write_json(FILE *fp, const cJSON *doc)
{
	char *text = cJSON_PrintUnformatted(doc);
	int rc = 0;

	if (text == NULL)
		return -1;
	if (fputs(text, fp) == EOF || fputc('\n', fp) == EOF || fflush(fp))
		rc = -1;
	cJSON_free(text);
	return rc;
}

int
diag_print_json(FILE *fp, const struct diag_list *list)
{
	cJSON *doc, *arr, *o, *sum;
	const struct diag *d;
	size_t i;
	int rc = -1;

	doc = cJSON_CreateObject();
	if (doc == NULL)
		return -1;
	if (add_item(doc, "version", cJSON_CreateNumber(1)) != 0 ||
	    (arr = add_array(doc, "diagnostics")) == NULL)
		goto out;
	for (i = 0; i < diag_count(list); i++) {
		d = &list->items[i];
		o = cJSON_CreateObject();
		if (push_item(arr, o) != 0 || add_string(o, "file", d->file) ||
		    add_position(o, "line", d->line) ||
		    add_position(o, "column", d->line > 0 ? d->col : 0) ||
		    add_string(o, "severity",
		               diag_severity_name(d->severity)) ||
		    add_string(o, "rule", d->rule) ||
		    add_string(o, "message", d->message) ||
		    add_string(o, "via", d->via) ||
		    add_string(o, "hint", d->hint))
			goto out;
	}
	if ((sum = add_object(doc, "summary")) == NULL ||
	    add_item(sum, "errors",
	             cJSON_CreateNumber(
	                     diag_count_at_least(list, DIAG_ERROR))) ||
	    add_item(sum, "warnings",
	             cJSON_CreateNumber(
	                     diag_count_at_least(list, DIAG_WARNING) -
	                     diag_count_at_least(list, DIAG_ERROR))) ||
	    add_item(sum, "infos",
	             cJSON_CreateNumber(
	                     diag_count(list) -
	                     diag_count_at_least(list, DIAG_WARNING))))
		goto out;
	rc = write_json(fp, doc);
out:
	cJSON_Delete(doc);
	return rc;
}

/*
 * Writes s escaped for a workflow command: as a message ("%", CR, LF) or,
 * when prop is set, as a property value (also ":" and ",").
 */
static void
put_github_escaped(FILE *fp, const char *raw, int prop)
{
	char *clean = escaped(raw);
	const char *s = clean != NULL ? clean : "";

	for (; *s != '\0'; s++) {
		switch (*s) {
		case '%':
			fputs("%25", fp);
			break;
		case '\r':
			fputs("%0D", fp);
			break;
		case '\n':
			fputs("%0A", fp);
			break;
		case ':':
			fputs(prop ? "%3A" : ":", fp);
			break;
		case ',':
			fputs(prop ? "%2C" : ",", fp);
			break;
		default:
			fputc(*s, fp);
		}
	}	free(clean);
}

int
diag_print_github(FILE *fp, const struct diag_list *list)
{
	static const char *const command[] = {"error", "warning", "notice"};
	const char *cmd;
	const struct diag *d;
	size_t i;

	for (i = 0; i < diag_count(list); i++) {
		d = &list->items[i];
		cmd = d->severity <= DIAG_INFO ? command[d->severity]
		                               : "notice";
		fprintf(fp, "::%s ", cmd);
		if (d->file != NULL) {
			fputs("file=", fp);
			put_github_escaped(fp, d->file, 1);
			if (d->line > 0)
				fprintf(fp, ",line=%u", d->line);
			if (d->line > 0 && d->col > 0)
				fprintf(fp, ",col=%u", d->col);
			fputc(',', fp);
		}
		fputs("title=", fp);
		put_github_escaped(fp, d->rule, 1);
		fputs("::", fp);
		put_github_escaped(fp, d->message, 0);
		if (d->via != NULL) {
			fputs("%0Avia ", fp);
			put_github_escaped(fp, d->via, 0);
		}
		if (d->hint != NULL) {
			fputs("%0Ahint: ", fp);
			put_github_escaped(fp, d->hint, 0);
		}
		fputc('\n', fp);
	}
	return fflush(fp) != 0 || ferror(fp) ? -1 : 0;
}

/* The SARIF level of a severity (SARIF calls infos notes). */
static const char *
sarif_level(enum diag_severity sev)
{
	if (sev == DIAG_ERROR || sev == DIAG_WARNING)
		return diag_severity_name(sev);
	return "note";
}

/*
 * Writes the n bytes of s at q percent-encoded: every byte but the RFC 3986
 * unreserved ones and "/" (so no ":" can pass for a scheme and no "?" or
 * "#" end the path). Returns the end of what it wrote.
 */
static char *
uri_encode(char *q, const char *s, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	unsigned char c;
	size_t i;

	for (i = 0; i < n; i++) {
		c = (unsigned char)s[i];
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || strchr("-._~/", c) != NULL) {
			*q++ = (char)c;
		} else {
			*q++ = '%';
			*q++ = hex[c >> 4];
			*q++ = hex[c & 15];
		}
	}
	return q;
}

/*
 * "file://" and path (n bytes) percent-encoded, then suffix (a literal).
 * NULL when out of memory.
 */
static char *
file_uri(const char *path, size_t n, const char *suffix)
{
	char *uri, *q;

	if (n > (SIZE_MAX - 16) / 3)
		return NULL;
	uri = malloc(3 * n + strlen("file://") + strlen(suffix) + 1);
	if (uri == NULL)
		return NULL;
	q = uri_encode(uri + strlen("file://"), path, n);
	memcpy(uri, "file://", strlen("file://"));
	strcpy(q, suffix);
	return uri;
}

/* Length of base without trailing slashes ("/" gives 0). */
static size_t
base_len(const char *base)
{
	size_t n = strlen(base);

	while (n > 0 && base[n - 1] == '/')
		n--;
	return n;
}

/*
 * The artifact URI of file: relative (leading "./" dropped, "//" made "/")
 * with *relative set, or a file: URI for an absolute path outside base.
 * NULL when out of memory.
 */
static char *
artifact_uri(const char *file, const char *base, int *relative)
{
	const char *rel = file;
	char *uri, *q;
	size_t n, i;

	*relative = 1;
	if (file[0] == '/') {
		n = base != NULL ? base_len(base) : 0;
		if (base == NULL || strncmp(file, base, n) != 0 ||
		    file[n] != '/') {
			*relative = 0;
			return file_uri(file, strlen(file), "");
		}
		rel = file + n;
	}
	for (;;) {
		while (*rel == '/')
			rel++;
		if (rel[0] == '.' && rel[1] == '/')
			rel += 2;
		else
			break;
	}
	if (*rel == '\0')
		rel = ".";
	n = strlen(rel);
	if (n > (SIZE_MAX - 1) / 3 || (uri = malloc(3 * n + 1)) == NULL)
		return NULL;
	q = uri;
	for (i = 0; i < n; i++) {
		if (rel[i] == '/' && i > 0 && rel[i - 1] == '/')
			continue;
		q = uri_encode(q, rel + i, 1);
	}
	*q = '\0';
	return uri;
}

/*
 * Rules of a SARIF run: opts' rules first, then the ids met that opts does
 * not describe (desc NULL), each id once.
 */
struct sarif_rule {
	const char *id;
	const struct diag_rule_desc *desc;
};

struct sarif_rules {
	struct sarif_rule *items;
	size_t n, cap;
};

/*
 * Index of id in rules, adding it (with desc, which may be NULL) when new.
 * -1 when out of memory.
 */
static long
sarif_rule_index(struct sarif_rules *rules, const char *id,
                 const struct diag_rule_desc *desc)
{
	size_t i;

	for (i = 0; i < rules->n; i++)
		if (strcmp(rules->items[i].id, id) == 0)
			return (long)i;
	if (ARRAY_RESERVE(rules->items, rules->n + 1, rules->cap) < 0)
		return -1;
	rules->items[rules->n].id = id;
	rules->items[rules->n].desc = desc;
	return (long)rules->n++;
}

/* The result object of d (its rule index is idx). NULL when no memory. */
static cJSON *
sarif_result(const struct diag *d, long idx, const char *base)
{
	cJSON *r, *o, *loc, *phys, *art, *region, *props;
	char *uri = NULL;
	int relative;

	r = cJSON_CreateObject();
	if (r == NULL)
		return NULL;
	if (add_string(r, "ruleId", d->rule) ||
	    add_item(r, "ruleIndex", cJSON_CreateNumber((double)idx)) ||
	    add_string(r, "level", sarif_level(d->severity)) ||
	    (o = add_object(r, "message")) == NULL ||
	    add_string(o, "text", d->message))
		goto fail;
	if (d->file != NULL) {
		uri = artifact_uri(d->file, base, &relative);
		if (uri == NULL || (o = add_array(r, "locations")) == NULL ||
		    push_item(o, loc = cJSON_CreateObject()) ||
		    (phys = add_object(loc, "physicalLocation")) == NULL ||
		    (art = add_object(phys, "artifactLocation")) == NULL ||
		    add_string(art, "uri", uri) ||
		    (relative && add_string(art, "uriBaseId", "SRCROOT")))
			goto fail;
		if (d->line > 0 &&
		    ((region = add_object(phys, "region")) == NULL ||
		     add_item(region, "startLine",
		              cJSON_CreateNumber(d->line)) ||
		     (d->col > 0 && add_item(region, "startColumn",
		                             cJSON_CreateNumber(d->col)))))
			goto fail;
	}
	if ((d->via != NULL || d->hint != NULL) &&
	    ((props = add_object(r, "properties")) == NULL ||
	     (d->via != NULL && add_string(props, "via", d->via)) ||
	     (d->hint != NULL && add_string(props, "hint", d->hint))))
		goto fail;
	free(uri);
	return r;
fail:
	free(uri);
	cJSON_Delete(r);
	return NULL;
}

/* The tool.driver.rules array; descriptions from opts when it has them. */
static cJSON *
sarif_rules_array(const struct sarif_rules *rules)
{
	const struct diag_rule_desc *desc;
	cJSON *arr, *r, *o;
	size_t i;

	arr = cJSON_CreateArray();
	if (arr == NULL)
		return NULL;
	for (i = 0; i < rules->n; i++) {
		desc = rules->items[i].desc;
		r = cJSON_CreateObject();
		if (push_item(arr, r) ||
		    add_string(r, "id", rules->items[i].id))
			goto fail;
		if (desc != NULL && desc->description != NULL &&
		    ((o = add_object(r, "shortDescription")) == NULL ||
		     add_string(o, "text", desc->description)))
			goto fail;
		if (desc != NULL &&
		    ((o = add_object(r, "defaultConfiguration")) == NULL ||
		     add_string(o, "level", sarif_level(desc->severity))))
			goto fail;
	}
	return arr;
fail:
	cJSON_Delete(arr);
	return NULL;
}

int
diag_print_sarif(FILE *fp, const struct diag_list *list,
                 const struct diag_sarif_opts *opts)
{
	struct sarif_rules rules = {NULL, 0, 0};
	cJSON *doc, *run, *driver, *results, *o;
	char *base_uri = NULL;
	size_t i;
	long idx;
	int rc = -1;

	doc = cJSON_CreateObject();
	if (doc == NULL)
		return -1;
	for (i = 0; i < opts->n_rules; i++)
		if (opts->rules[i].id != NULL &&
		    sarif_rule_index(&rules, opts->rules[i].id,
		                     &opts->rules[i]) < 0)
			goto out;
	if (add_string(doc, "$schema",
	               "https://docs.oasis-open.org/sarif/sarif/v2.1.0/"
	               "errata01/os/schemas/sarif-schema-2.1.0.json") ||
	    add_string(doc, "version", "2.1.0") ||
	    (o = add_array(doc, "runs")) == NULL ||
	    push_item(o, run = cJSON_CreateObject()) ||
	    (o = add_object(run, "tool")) == NULL ||
	    (driver = add_object(o, "driver")) == NULL ||
	    add_string(driver, "name", opts->tool_name) ||
	    (opts->tool_version != NULL &&
	     add_string(driver, "version", opts->tool_version)) ||
	    (opts->info_uri != NULL &&
	     add_string(driver, "informationUri", opts->info_uri)))
		goto out;
	if (opts->base_dir != NULL) {
		base_uri =
		        file_uri(opts->base_dir, base_len(opts->base_dir), "/");
		if (base_uri == NULL ||
		    (o = add_object(run, "originalUriBaseIds")) == NULL ||
		    (o = add_object(o, "SRCROOT")) == NULL ||
		    add_string(o, "uri", base_uri))
			goto out;
	}
	if (add_string(run, "columnKind", "unicodeCodePoints") ||
	    (results = add_array(run, "results")) == NULL)
		goto out;
	for (i = 0; i < diag_count(list); i++) {
		idx = sarif_rule_index(&rules, list->items[i].rule, NULL);
		if (idx < 0 ||
		    push_item(results, sarif_result(&list->items[i], idx,
		                                    opts->base_dir)))
			goto out;
	}
	/* Last: the rules met in the results are known only now. */
	if (add_item(driver, "rules", sarif_rules_array(&rules)))
		goto out;
	rc = write_json(fp, doc);
out:
	free(rules.items);
	free(base_uri);
	cJSON_Delete(doc);
	return rc;
}
