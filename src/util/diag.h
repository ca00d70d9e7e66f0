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
 *
 * Threads: a list has no lock. One thread at a time may use a list (adding
 * moves its items, so even diag_at() must not race with diag_add()); work
 * on several threads gives each thread its own list and moves them into
 * one with diag_list_move() afterwards. Different lists are independent:
 * the functions keep no state outside the list, and the printers write
 * only to the stream they are given.
 */
#ifndef ASYNCDOC_DIAG_H
#define ASYNCDOC_DIAG_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Lower value = more severe; --fail-on compares with <=. */
enum diag_severity { DIAG_ERROR = 0, DIAG_WARNING = 1, DIAG_INFO = 2 };

struct diag {
	char *file;    /* path as shown to the user; NULL if none */
	uint32_t line; /* 1-based; 0 when unknown */
	uint32_t col;  /* 1-based, in code points; 0 when unknown */
	enum diag_severity severity;
	char *rule;    /* stable rule id, e.g. "yaml-syntax" */
	char *message; /* one line, no trailing period needed */
	char *via;     /* "$ref" chain text, or NULL */
	char *hint;    /* how to fix it, or NULL */
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
             uint32_t line, uint32_t col, const char *rule, const char *fmt,
             ...) __attribute__((format(printf, 7, 8)));

/*
 * Records that memory ran out: an error with rule "out-of-memory" and the
 * message "out of memory" or "out of memory while <what>" (what may be
 * NULL). Always returns -1, so a caller can `return diag_oom(d, "...")`.
 * When even that diagnostic cannot be stored, the list remembers it
 * (diag_list_oom) so the CLI still reports it.
 */
int diag_oom(struct diag_list *list, const char *what);
/* 1 when diag_oom was called on the list since it was made or cleared. */
int diag_list_oom(const struct diag_list *list);

/* Sets the $ref chain or the fix hint of the last diagnostic added. */
int diag_set_via(struct diag_list *list, const char *via);
int diag_set_hint(struct diag_list *list, const char *fmt, ...)
        __attribute__((format(printf, 2, 3)));

size_t diag_count(const struct diag_list *list);
/* Number of diagnostics at severity sev or worse. */
size_t diag_count_at_least(const struct diag_list *list,
                           enum diag_severity sev);
/* Borrowed; i < diag_count(). */
const struct diag *diag_at(const struct diag_list *list, size_t i);

/* Moves every diagnostic of src to the end of dst. Returns 0 or -1. */
int diag_list_move(struct diag_list *dst, struct diag_list *src);
/*
 * Adds delta to the line of every diagnostic that has one: a list made
 * from a piece of a text that starts delta lines into it.
 */
void diag_list_shift_lines(struct diag_list *list, uint32_t delta);

/*
 * Keeps the diagnostics of severity sev or worse, dropping the others.
 * Returns how many were dropped.
 */
size_t diag_list_keep(struct diag_list *list, enum diag_severity sev);

/* Drops every diagnostic of rule id rule. Returns how many were dropped. */
size_t diag_list_drop_rule(struct diag_list *list, const char *rule);

/* Stable sort by file, line, column (insertion order breaks ties). */
void diag_sort(struct diag_list *list);

const char *diag_severity_name(enum diag_severity sev);

struct strbuf;

/*
 * Appends s to b as every printer writes text that came from a spec (file
 * names, messages, $ref chains, hints, source lines), so that nothing
 * hostile reaches a terminal or a CI log: C0 controls (newline and tab
 * too), DEL and C1 controls become "\xHH", the bidi controls that reorder
 * text (U+202A..U+202E, U+2066..U+2069) "\u{HHHH}", and each byte that
 * starts no well-formed UTF-8 sequence U+FFFD. Everything else is copied.
 */
void diag_escape(struct strbuf *b, const char *s);

/*
 * Printers: for the command line only. Each writes the whole list as it is
 * (sort it first if wanted) and never closes fp.
 *
 * diag_print_text writes gcc-style "file:line:col: severity: message [rule]"
 * lines, then the source line (read again from the file; tabs as four
 * spaces) with a caret under the column, then the "via" chain and the hint,
 * every text escaped by diag_escape. color adds ANSI colours (pass isatty()
 * and the NO_COLOR check).
 */
void diag_print_text(FILE *fp, const struct diag_list *list, int color);

/* Output formats of the command line (--format). */
enum diag_format {
	DIAG_FORMAT_TEXT,
	DIAG_FORMAT_JSON,
	DIAG_FORMAT_GITHUB,
	DIAG_FORMAT_SARIF
};

/* "text", "json", "github" or "sarif" into *out. 0, or -1 for another name. */
int diag_format_from_name(enum diag_format *out, const char *name);

/* "error", "warning" or "info" into *out. 0, or -1 for another name. */
int diag_severity_from_name(enum diag_severity *out, const char *name);

/*
 * The machine-readable printers below build their output with cJSON (never
 * by pasting strings), write it and a final newline, and return 0, or -1
 * when out of memory or when writing fails. Every string goes through
 * diag_escape first: control characters arrive as "\xHH" text (a consumer
 * that prints a message prints nothing hostile) and bytes that are not
 * valid UTF-8 (a file name, or a key of a hostile JSON document quoted in
 * a message) as U+FFFD, so the output is always valid UTF-8 JSON.
 *
 * diag_print_json writes one document (format version 1):
 *
 *   {"version": 1,
 *    "diagnostics": [{"file": "a.yaml", "line": 3, "column": 7,
 *                     "severity": "error", "rule": "yaml-syntax",
 *                     "message": "...", "via": "...", "hint": "..."}],
 *    "summary": {"errors": 1, "warnings": 0, "infos": 0}}
 *
 * Every member is always there: file, line, column, via and hint are null
 * when unknown (line and column 0 become null).
 */
int diag_print_json(FILE *fp, const struct diag_list *list);

/*
 * diag_print_github writes one GitHub Actions workflow command per
 * diagnostic: "::error file=F,line=L,col=C,title=RULE::MESSAGE" (warning:
 * "::warning", info: "::notice"; file, line and col left out when unknown).
 * The via chain and the hint follow the message on lines of their own
 * within the annotation. Texts are escaped by diag_escape (so no CR, LF or
 * other control byte is left), then as the Actions toolkit does it: "%",
 * CR and LF in the message; those and also ":" and "," in property values,
 * so hostile text can neither end the command nor start another one.
 */
int diag_print_github(FILE *fp, const struct diag_list *list);

/* A rule as the SARIF printer describes it (see rules_list() in rules.h). */
struct diag_rule_desc {
	const char *id;
	enum diag_severity severity; /* its default severity */
	const char *description;     /* one line, or NULL */
};

struct diag_sarif_opts {
	const char *tool_name;    /* tool.driver.name (required) */
	const char *tool_version; /* tool.driver.version, or NULL */
	const char *info_uri;     /* tool.driver.informationUri, or NULL */
	/* Rules known in advance, listed first in tool.driver.rules. */
	const struct diag_rule_desc *rules;
	size_t n_rules;
	/*
	 * Absolute path of the folder that relative file names are relative
	 * to (the current directory), or NULL. It is the "SRCROOT" base of
	 * every relative artifact URI (run.originalUriBaseIds); absolute
	 * file names below it are made relative to it.
	 */
	const char *base_dir;
};

/*
 * diag_print_sarif writes a SARIF 2.1.0 log with one run: tool.driver with
 * opts' name, version and rules, then every rule id met in the list that
 * opts did not describe, in order of first use; one result per diagnostic
 * with ruleId, ruleIndex, level (error, warning, note for info), message
 * and, when the file is known, one location: artifactLocation (a relative
 * URI with uriBaseId "SRCROOT", or a file: URI for an absolute path outside
 * base_dir) and a region with startLine/startColumn when known. Columns
 * count code points (run.columnKind "unicodeCodePoints"). The via chain and
 * the hint go into the result's property bag.
 */
int diag_print_sarif(FILE *fp, const struct diag_list *list,
                     const struct diag_sarif_opts *opts);

#endif
