/*
 * suggest: "did you mean" for a misspelt name: the candidate closest to it
 * by edit distance (optimal string alignment, ASCII letters compared
 * without case), when close enough to be a likely typo: at most 1 edit
 * for names up to 3 bytes, 2 up to 8, 3 beyond, and at most half the
 * name. Names over 64 bytes get no suggestion. Reentrant.
 */
#ifndef ASYNCDOC_SUGGEST_H
#define ASYNCDOC_SUGGEST_H

#include <stddef.h>

/*
 * The candidate (one of cand[0..n), borrowed) closest to s, or NULL when
 * none is close enough (s itself is never suggested).
 */
const char *suggest_closest(const char *s, const char *const *cand, size_t n);

#endif
