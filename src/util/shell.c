/* shell: single-quoting for command lines (see shell.h). */
#include "config.h"

#include <string.h>

#include "util/shell.h"
#include "util/strbuf.h"

void
shell_quote(struct strbuf *b, const char *s)
{
	const char *q;

	strbuf_putc(b, '\'');
	while (s != NULL && (q = strchr(s, '\'')) != NULL) {
		strbuf_putn(b, s, (size_t)(q - s));
		/* close, an escaped quote, open again */
		strbuf_puts(b, "'\\''");
		s = q + 1;
	}
	if (s != NULL)
		strbuf_puts(b, s);
	strbuf_putc(b, '\'');
}
