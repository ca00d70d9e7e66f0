/*
 * strbuf: a growing NUL-terminated string (see strbuf.h).
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/array.h"
#include "util/strbuf.h"

int
strbuf_grow(struct strbuf *b, size_t more)
{
	if (b->oom)
		return -1;
	if (more >= SIZE_MAX - b->len)
		goto fail;
	if (b->len + more + 1 <= b->cap)
		return 0;
	if (ARRAY_RESERVE(b->p, b->len + more + 1, b->cap) < 0)
		goto fail;
	return 0;
fail:
	b->oom = 1;
	return -1;
}

void
strbuf_putn(struct strbuf *b, const char *s, size_t n)
{
	if (strbuf_grow(b, n) < 0)
		return;
	if (n > 0)
		memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

void
strbuf_puts(struct strbuf *b, const char *s)
{
	strbuf_putn(b, s, strlen(s));
}

void
strbuf_putc(struct strbuf *b, char c)
{
	strbuf_putn(b, &c, 1);
}

void
strbuf_vprintf(struct strbuf *b, const char *fmt, va_list ap)
{
	va_list cp;
	int n;

	va_copy(cp, ap);
	n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0) {
		b->oom = 1;
		return;
	}
	if (strbuf_grow(b, (size_t)n) < 0)
		return;
	vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

void
strbuf_printf(struct strbuf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	strbuf_vprintf(b, fmt, ap);
	va_end(ap);
}

char *
strbuf_take(struct strbuf *b)
{
	char *p;

	if (b->oom) {
		strbuf_free(b);
		return NULL;
	}
	p = b->p != NULL ? b->p : strdup("");
	b->p = NULL;
	b->len = b->cap = 0;
	return p;
}

void
strbuf_free(struct strbuf *b)
{
	free(b->p);
	b->p = NULL;
	b->len = b->cap = 0;
	b->oom = 0;
}

void
strbuf_put_html_n(struct strbuf *b, const char *s, size_t n)
{
	size_t i, run = 0;
	const char *rep;

	for (i = 0; i < n; i++) {
		switch (s[i]) {
		case '&':
			rep = "&amp;";
			break;
		case '<':
			rep = "&lt;";
			break;
		case '>':
			rep = "&gt;";
			break;
		case '"':
			rep = "&quot;";
			break;
		case '\'':
			rep = "&#39;";
			break;
		default:
			continue;
		}
		strbuf_putn(b, s + run, i - run);
		strbuf_puts(b, rep);
		run = i + 1;
	}
	strbuf_putn(b, s + run, n - run);
}

void
strbuf_put_html(struct strbuf *b, const char *s)
{
	strbuf_put_html_n(b, s, strlen(s));
}
