/*
 * path: file name helpers shared by the modules that write or read
 * folders (site, theme, the preview), by the loader (lexical resolution of
 * $ref paths) and by the tests.
 *
 * Thread safety: all are reentrant. path_remove_tree walks with open
 * descriptors (one per level, at most 32 at once; nftw() below that).
 */
#ifndef ASYNCDOC_PATH_H
#define ASYNCDOC_PATH_H

#include <stddef.h>

/*
 * a "/" b as a new string (the caller frees it), or NULL when out of
 * memory. Nothing is normalised: path_join("x/", "y") is "x//y".
 */
char *path_join(const char *a, const char *b);

/* Directory part of path as a new string: "" when none, "/" for "/x". */
char *path_dir(const char *path);

/*
 * Lexical normalisation as a new string: drops "." and empty components,
 * folds "x/.." (leading ".." of a relative path stay, "/.." is "/");
 * "" gives ".". NULL when out of memory.
 */
char *path_norm(const char *p);

/* rel against the folder dir ("" for none), normalised (path_norm). */
char *path_resolve(const char *dir, const char *rel);

/*
 * Percent-decodes s[0..n) into a new string (invalid escapes stay as they
 * are). *nul is set when the result would hold a NUL byte.
 */
char *path_pct_decode(const char *s, size_t n, int *nul);

/*
 * Removes path and, when it is a folder, everything under it (rm -rf),
 * never following a symbolic link (a link is removed, not its target).
 * Returns 0, or -1 with errno set at the first entry that could not be
 * removed (the walk stops there: some entries may be gone already).
 */
int path_remove_tree(const char *path);

/* Creates path and its missing parents (mkdir -p). 0, or -1 (errno set). */
int path_mkdir_parents(const char *path);

/*
 * Writes data[0..len) to path atomically: a temporary file in path's
 * folder, written, flushed to disk and renamed over path, so that a reader
 * sees the old content or the new, never a part. The file gets mode 0644.
 * Returns 0, or -1 with errno set (the temporary file is removed).
 */
int path_write_atomic(const char *path, const void *data, size_t len);

#endif
