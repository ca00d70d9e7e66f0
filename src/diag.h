/*
 * diag: the list of diagnostics every stage appends to.
 *
 * Library code never prints. Loader, model, validator and renderer append
 * diagnostics (file, line, column, severity, rule id, message, and the $ref
 * chain that led to the node) to a struct diag_list. Only the command line
 * prints them, through diag_print_text() and friends.
 *
 * Ownership: a diag_list owns copies of every string given to it. Pointers
 * returned by diag_at() stay valid until the list is freed or cleared.
 */
#ifndef ASYNCDOC_DIAG_H
#define ASYNCDOC_DIAG_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Lower value = more severe; --fail-on compares with <=. */
enum diag_severity { DIAG_ERROR = 0, DIAG_WARNING = 1, DIAG_INFO = 2 };

struct diag {
	char *file;		/* path as shown to the user; NULL if none */
	uint32_t line;		/* 1-based; 0 when unknown */
	uint32_t col;		/* 1-based, in code points; 0 when unknown */
	enum diag_severity severity;
	char *rule;		/* stable rule id, e.g. "yaml-syntax" */
	char *message;		/* one line, no trailing period needed */
	char *via;		/* "$ref" chain text, or NULL */
	char *hint;		/* how to fix it, or NULL */
};

struct diag_list;

/* A new empty list, or NULL when out of memory. Free with diag_list_free(). */
struct diag_list *diag_list_new(void);
void diag_list_free(struct diag_list *list);
/* Drops every diagnostic, keeping the list usable. */
void diag_list_clear(struct diag_list *list);

/*
 * Appends a diagnostic. file may be NULL, line/col 0 when unknown; rule must
 * not be NULL. Returns 0, or -1 when out of memory (the list is unchanged).
 */
int diag_add(struct diag_list *list, enum diag_severity sev, const char *file,
	     uint32_t line, uint32_t col, const char *rule, const char *fmt, ...)
	__attribute__((format(printf, 7, 8)));

/* Sets the $ref chain or the fix hint of the last diagnostic added. */
int diag_set_via(struct diag_list *list, const char *via);
int diag_set_hint(struct diag_list *list, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

size_t diag_count(const struct diag_list *list);
/* Number of diagnostics at severity sev or worse. */
size_t diag_count_at_least(const struct diag_list *list, enum diag_severity sev);
/* Borrowed; i < diag_count(). */
const struct diag *diag_at(const struct diag_list *list, size_t i);

/* Moves every diagnostic of src to the end of dst. Returns 0 or -1. */
int diag_list_move(struct diag_list *dst, struct diag_list *src);

/* Stable sort by file, line, column (insertion order breaks ties). */
void diag_sort(struct diag_list *list);

const char *diag_severity_name(enum diag_severity sev);

/*
 * Printers: for the command line only. diag_print_text writes gcc-style
 * "file:line:col: severity: message [rule]" lines, then the source line
 * (read again from the file) with a caret under the column, then the "via"
 * chain and the hint. color adds ANSI colours (pass isatty()).
 */
void diag_print_text(FILE *fp, const struct diag_list *list, int color);

#endif
