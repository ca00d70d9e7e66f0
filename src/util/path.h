/*
 * path: file name helpers shared by the modules that write or read
 * folders (site, theme, the preview) and by the tests. The loader has its
 * own, normalising, join.
 *
 * Thread safety: path_join is reentrant; path_remove_tree uses nftw(),
 * which changes no process state but walks with open descriptors (one
 * per level, at most 16 at once).
 */
#ifndef ASYNCDOC_PATH_H
#define ASYNCDOC_PATH_H

#include <stddef.h>

/*
 * a "/" b as a new string (the caller frees it), or NULL when out of
 * memory. Nothing is normalised: path_join("x/", "y") is "x//y".
 */
char *path_join(const char *a, const char *b);

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
 * sees the old content or the new, never a part. The file gets mode 0644. Returns 0, or -1 with errno set (the temporary file
 * is removed).
 */
int path_write_atomic(const char *path, const void *data, size_t len);

#endif
