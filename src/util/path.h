/*
 * path: file name helpers shared by the modules that write or read
 * folders (site, theme). The loader has its own, normalising, join.
 */
#ifndef ASYNCDOC_PATH_H
#define ASYNCDOC_PATH_H

/*
 * a "/" b as a new string (the caller frees it), or NULL when out of
 * memory. Nothing is normalised: path_join("x/", "y") is "x//y".
 */
char *path_join(const char *a, const char *b);

#endif
