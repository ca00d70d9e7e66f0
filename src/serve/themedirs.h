/*
 * themedirs: the folders a theme is read from, for serve to watch them
 * (watch_set_dirs()): each theme folder of the chain (its theme.json) with
 * every subfolder (html/ and markdown/ templates and partials, assets/),
 * and the shared assets/ folder with its subfolders. Hidden folders are
 * left out; folders deeper than THEME_ASSET_DEPTH are not listed.
 *
 * Not thread-safe: nothing shared; one call per list.
 */
#ifndef ASYNCDOC_THEMEDIRS_H
#define ASYNCDOC_THEMEDIRS_H

#include <stddef.h>

struct theme;

/*
 * The folders of t (paths as t holds them, each once) into *out, *n of
 * them; free with themedirs_free(). A folder that cannot be read is
 * listed without its subfolders. Returns 0, or -1 when out of memory.
 */
int themedirs_list(char ***out, size_t *n, const struct theme *t);
void themedirs_free(char **list, size_t n);

#endif
