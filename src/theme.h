/*
 * theme: where the templates and assets of a build come from.
 *
 * A theme is a directory holding theme.json ({"name", "description"}),
 * html/ (ctemplate files, the page templates and their partials) and
 * assets/ (files copied as they are into the site's assets/ folder). A
 * user theme (--theme DIR) is layered over the default theme: any file it
 * has replaces the default's file of the same name, and everything else
 * falls through to the default, so a user theme may hold a single partial.
 *
 * Ownership: a theme owns its template cache and its paths; pointers it
 * returns are borrowed until theme_free().
 */
#ifndef ASYNCDOC_THEME_H
#define ASYNCDOC_THEME_H

#include <stddef.h>

#include "diag.h"

struct theme;
struct tmpl_cache;

/*
 * Finds the default theme: $ASYNCDOC_DATADIR/themes/default when that
 * variable is set, else the installed PKGDATADIR/themes/default, else the
 * source tree's themes/default (ABS_TOP_SRCDIR, so that an uninstalled
 * build works). The first that holds a theme.json wins. Returns 0 with the
 * path in *out (caller frees with free()), or -1 with a `theme-not-found`
 * error in diags.
 */
int theme_find_default(char **out, struct diag_list *diags);

/*
 * Opens the default theme at default_dir with user_dir (NULL for none)
 * layered over it. Returns 0, or -1 with *out NULL and a `theme-not-found`
 * or `theme-invalid` error in diags.
 */
int theme_open(struct theme **out, const char *default_dir,
               const char *user_dir, struct diag_list *diags);
void theme_free(struct theme *theme);

/* The name from the user theme's theme.json, else the default's. */
const char *theme_name(const struct theme *theme);

/* The templates: user html/ first, the default's html/ as the fallback. */
struct tmpl_cache *theme_templates(const struct theme *theme);

/*
 * Asset folders, lowest priority first (the default's, then the user's):
 * copying them in this order lets the user's files win.
 */
size_t theme_asset_dir_count(const struct theme *theme);
const char *theme_asset_dir(const struct theme *theme, size_t i);

#endif
