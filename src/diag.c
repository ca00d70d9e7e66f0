/*
 * diag: diagnostics list and its printers (see diag.h).
 */
#include "config.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"

struct diag_list {
	struct diag *items;
	size_t n, cap;
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
	size_t cap;
	struct diag *items;

	if (list->n < list->cap)
		return 0;
	cap = list->cap ? list->cap * 2 : 16;
	items = realloc(list->items, cap * sizeof(*items));
	if (items == NULL)
		return -1;
	list->items = items;
	list->cap = cap;
	return 0;
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
	struct diag *items;

	if (src == NULL || src->n == 0)
		return 0;
	if (dst->n + src->n > dst->cap) {
		items = realloc(dst->items,
				(dst->n + src->n) * sizeof(*items));
		if (items == NULL)
			return -1;
		dst->items = items;
		dst->cap = dst->n + src->n;
	}
	memcpy(dst->items + dst->n, src->items, src->n * sizeof(*items));
	dst->n += src->n;
	src->n = 0;
	return 0;
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

void
diag_sort(struct diag_list *list)
{
	size_t i, j;
	struct diag tmp;

	/*
	 * Insertion sort: stable, and lists are short (a document with
	 * thousands of diagnostics is already past what anyone reads).
	 */
	for (i = 1; i < diag_count(list); i++) {
		tmp = list->items[i];
		for (j = i; j > 0 && cmp_pos(&list->items[j - 1], &tmp) > 0;
		     j--)
			list->items[j] = list->items[j - 1];
		list->items[j] = tmp;
	}
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
 * Reads line `line` (1-based) of path into a malloc'd string without its
 * newline. NULL when the file or the line cannot be read. Lines longer than
 * 4 KiB are cut: the excerpt is for a human.
 */
static char *
read_line(const char *path, uint32_t line)
{
	FILE *fp;
	char *buf = NULL;
	size_t cap = 0;
	ssize_t len;
	uint32_t n = 0;

	if (path == NULL || line == 0)
		return NULL;
	fp = fopen(path, "r");
	if (fp == NULL)
		return NULL;
	while ((len = getline(&buf, &cap, fp)) >= 0) {
		if (++n == line) {
			while (len > 0 &&
			       (buf[len - 1] == '\n' || buf[len - 1] == '\r'))
				buf[--len] = '\0';
			if (len > 4096)
				buf[4096] = '\0';
			fclose(fp);
			return buf;
		}
	}
	free(buf);
	fclose(fp);
	return NULL;
}

/*
 * Prints the source line and a caret under column col (code points). Tabs
 * in the prefix are kept so the caret lines up in a terminal.
 */
static void
print_excerpt(FILE *fp, const char *text, uint32_t col, int color)
{
	const unsigned char *p;
	uint32_t cp = 1;

	fprintf(fp, "  %s\n  ", text);
	for (p = (const unsigned char *)text; *p != '\0' && cp < col; p++) {
		if ((*p & 0xC0) == 0x80)
			continue;
		fputc(*p == '\t' ? '\t' : ' ', fp);
		cp++;
	}
	fprintf(fp, "%s^%s\n", color ? "\033[1;32m" : "",
		color ? "\033[0m" : "");
}

void
diag_print_text(FILE *fp, const struct diag_list *list, int color)
{
	static const char *sev_color[] = {"\033[1;31m", "\033[1;35m",
					  "\033[1;36m"};
	const char *bold = color ? "\033[1m" : "", *reset = color ? "\033[0m"
								 : "";
	const struct diag *d;
	char *text;
	size_t i;

	for (i = 0; i < diag_count(list); i++) {
		d = &list->items[i];
		fputs(bold, fp);
		if (d->file != NULL) {
			fputs(d->file, fp);
			if (d->line > 0)
				fprintf(fp, ":%u", d->line);
			if (d->line > 0 && d->col > 0)
				fprintf(fp, ":%u", d->col);
			fputs(": ", fp);
		} else {
			fputs("asyncdoc: ", fp);
		}
		fprintf(fp, "%s%s%s:%s %s [%s]\n", reset,
			color ? sev_color[d->severity] : "",
			diag_severity_name(d->severity), reset, d->message,
			d->rule);
		text = read_line(d->file, d->line);
		if (text != NULL) {
			print_excerpt(fp, text, d->col, color);
			free(text);
		}
		if (d->via != NULL)
			fprintf(fp, "  via %s\n", d->via);
		if (d->hint != NULL)
			fprintf(fp, "  hint: %s\n", d->hint);
	}
}
