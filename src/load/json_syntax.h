/*
 * json_syntax: what is wrong with a JSON text that cJSON refused, said as
 * a compiler would ("expected ',' or '}' after a member") at the byte
 * where the fix goes. cJSON only tells where it stopped, often a token
 * too late or too early.
 *
 * Only called on text cJSON refused; the grammar is RFC 8259's, but raw
 * control bytes inside strings are accepted as cJSON accepts them. The
 * nesting depth must have been checked before (the descent recurses).
 *
 * Threads: no state; safe from any thread.
 */
#ifndef ASYNCDOC_JSON_SYNTAX_H
#define ASYNCDOC_JSON_SYNTAX_H

#include <stddef.h>

/* Where and what: the byte offset in the text and the message. */
struct json_syntax_error {
	size_t off;
	char message[160];
};

/*
 * The first syntax error of text[0..len) into *out: 0 when one is found,
 * -1 when the text is valid JSON (then the caller keeps its own message).
 */
int json_syntax_find(struct json_syntax_error *out, const char *text,
                     size_t len);

#endif
