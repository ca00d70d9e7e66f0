/*
 * ascii: small character helpers the parsers share (percent-decoding of
 * $ref pointers and request paths, \uXXXX in patterns and strings, text
 * quoted in their messages).
 * Locale-free on purpose: <ctype.h> follows the locale.
 */
#ifndef ASYNCDOC_ASCII_H
#define ASYNCDOC_ASCII_H

#include <stddef.h>
#include <stdio.h>
#include <string.h>

/* The value of hex digit c (0-15), or -1 when c is none. */
static inline int
ascii_hex_value(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * The JSON escape of byte c into out (size >= 8): the two-character forms
 * for quote, backslash, \n, \r, \t, \b and \f, \u00XX for the other
 * control bytes. Returns its length, or 0 when c needs no escape in a
 * JSON string (UTF-8 passes as it is).
 */
static inline size_t
ascii_json_escape(char *out, unsigned char c)
{
	static const char shortcut[] = "\"\"\\\\\nn\rr\tt\bb\ff";
	const char *p;

	if (c >= 0x20 && c != '"' && c != '\\')
		return 0;
	for (p = shortcut; *p != '\0'; p += 2) {
		if ((unsigned char)p[0] == c) {
			out[0] = '\\';
			out[1] = p[1];
			out[2] = '\0';
			return 2;
		}
	}
	return (size_t)snprintf(out, 8, "\\u%04x", c);
}

/* c with an ASCII capital letter made small. */
static inline int
ascii_lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

/* 1 when s starts with prefix, ASCII letters compared without case. */
static inline int
ascii_prefix_ci(const char *s, const char *prefix)
{
	for (; *prefix != '\0'; s++, prefix++)
		if (ascii_lower((unsigned char)*s) !=
		    ascii_lower((unsigned char)*prefix))
			return 0;
	return 1;
}

/*
 * Copies s[0..len) into dst (size >= 16) for a message: control bytes
 * escaped, cut with "..." at a character boundary when too long.
 */
static inline const char *
ascii_excerpt(char *dst, size_t size, const char *s, size_t len)
{
	size_t i, o = 0;
	unsigned char c;

	for (i = 0; i < len; i++) {
		c = (unsigned char)s[i];
		/* Room for an escape, "..." and the NUL. */
		if (o + 8 >= size) {
			if ((c & 0xc0) == 0x80) {
				/* Drop the partial character. */
				while (o > 0 && ((unsigned char)dst[o - 1] &
				                 0xc0) == 0x80)
					o--;
				if (o > 0)
					o--;
			}
			memcpy(dst + o, "...", 4);
			return dst;
		}
		if (c < 0x20 || c == 0x7f)
			o += (size_t)snprintf(dst + o, size - o, "\\x%02x", c);
		else
			dst[o++] = (char)c;
	}
	dst[o] = '\0';
	return dst;
}

#endif
