/*
 * shell: text made safe for a POSIX shell command line.
 *
 * A value quoted here is one word, exactly the bytes given, in every POSIX
 * shell (sh, bash, dash, zsh): inside single quotes nothing is special,
 * and a quote in the value ends the quoting, is written as \' and opens
 * it again. No expansion ($, `, \, globbing) can happen in the result.
 */
#ifndef ASYNCDOC_SHELL_H
#define ASYNCDOC_SHELL_H

struct strbuf;

/* Appends s (NULL: the empty word '') single-quoted to b. */
void shell_quote(struct strbuf *b, const char *s);

#endif
