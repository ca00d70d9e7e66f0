/*
 * text: short quotations of input for diagnostic messages.
 */
#ifndef ASYNCDOC_TEXT_H
#define ASYNCDOC_TEXT_H

#include <stddef.h>

/*
 * Copies s[0..len) into dst (size >= 16) for a message and returns dst:
 * control bytes (and DEL) written as \xNN, cut with "..." at a UTF-8
 * character boundary when it does not fit. s need not be NUL-terminated
 * and may hold NULs (shown as \x00).
 */
const char *text_excerpt(char *dst, size_t size, const char *s, size_t len);

#endif
