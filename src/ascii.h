/*
 * ascii: small character helpers the parsers share (percent-decoding of
 * $ref pointers and request paths, \uXXXX in patterns and strings).
 * Locale-free on purpose: <ctype.h> follows the locale.
 */
#ifndef ASYNCDOC_ASCII_H
#define ASYNCDOC_ASCII_H

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

#endif
