/*
 * strbuf: a growing NUL-terminated string.
 *
 * The first failed allocation is sticky: `oom` is set, the buffer keeps
 * what it had, and every later append is a no-op, so a caller appends
 * freely and checks once at the end (strbuf_take() returns NULL then).
 *
 * A zeroed struct (STRBUF_INIT or `= {0}`) is an empty buffer. While
 * len > 0, p holds len bytes and a NUL after them; p may be NULL while
 * nothing has been appended. The buffer owns p: release it with
 * strbuf_take() or strbuf_free().
 */
#ifndef ASYNCDOC_STRBUF_H
#define ASYNCDOC_STRBUF_H

#include <stdarg.h>
#include <stddef.h>

struct strbuf {
	char *p;
	size_t len, cap;
	int oom; /* an allocation failed: appends are ignored */
};

#define STRBUF_INIT                                                            \
	{                                                                      \
		NULL, 0, 0, 0                                                  \
	}

/*
 * Makes room for `more` bytes and a NUL after len. 0 ok, -1 when out of
 * memory (oom is then set) or when the buffer was out of memory already.
 */
int strbuf_grow(struct strbuf *b, size_t more);

/* Appends s[0..n) (which may hold NULs). */
void strbuf_putn(struct strbuf *b, const char *s, size_t n);
void strbuf_puts(struct strbuf *b, const char *s);
void strbuf_putc(struct strbuf *b, char c);
void strbuf_printf(struct strbuf *b, const char *fmt, ...)
        __attribute__((format(printf, 2, 3)));
void strbuf_vprintf(struct strbuf *b, const char *fmt, va_list ap);

/*
 * Appends s with & < > " ' as HTML character references: safe in element
 * content and in quoted attribute values.
 */
void strbuf_put_html(struct strbuf *b, const char *s);
/* strbuf_put_html() of s[0..n). */
void strbuf_put_html_n(struct strbuf *b, const char *s, size_t n);

/*
 * Hands over the string (the caller frees it; "" when nothing was
 * appended) and leaves the buffer empty, or frees everything and returns
 * NULL when the buffer is out of memory.
 */
char *strbuf_take(struct strbuf *b);

/* Frees the string; the buffer is empty and usable again. */
void strbuf_free(struct strbuf *b);

#endif
