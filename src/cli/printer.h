/*
 * printer: where diagnostics go, the only code that prints them. Text goes
 * to stderr and github to stdout as each spec is done; json and sarif
 * collect everything and print one document to stdout at the end
 * (printer_finish()).
 *
 * Threads: the main thread only (it writes to stdout and stderr).
 */
#ifndef ASYNCDOC_PRINTER_H
#define ASYNCDOC_PRINTER_H

#include <stddef.h>

#include "util/diag.h"

struct printer {
	enum diag_format format;
	struct diag_list *all; /* json, sarif: owned */
	int failed;            /* a write failed or memory ran out */
	/*
	 * Least severe diagnostic text and github print. Infos (hints such
	 * as "operation has no summary") can number thousands on a big spec:
	 * a terminal or a pull request shows them only when asked.
	 */
	enum diag_severity show;
};

/* Sets pr up. 0, or -1 when out of memory. Free with printer_release(). */
int printer_init(struct printer *pr, enum diag_format format,
                 enum diag_severity show);
void printer_release(struct printer *pr);

/* Prints (or keeps, for json/sarif) diags, sorted, and empties it. */
void printer_add(struct printer *pr, struct diag_list *diags);

/*
 * Prints what json and sarif kept. 0, or -1 (write error, no memory: then
 * it says so on stderr).
 */
int printer_finish(struct printer *pr);

/* 1 to colour text on stderr: a terminal, and NO_COLOR unset (no-color.org). */
int printer_color(void);

/* "N error(s), N warning(s), N info(s)", the non-zero parts, into buf. */
void printer_counts(char *buf, size_t size, const struct diag_list *diags);

#endif
