/*
 * theme: where the templates and assets of a build come from.
 *
 * A theme is a directory holding theme.json, html/ (ctemplate files: the
 * page templates and their partials), markdown/ (their .md.tpl twins)
 * and assets/ (its own files, copied as they are into the site's assets/
 * folder). The files every theme shares (the base CSS, the schema and
 * code CSS, the script for search, theme toggle and copy buttons, the
 * preview's reload script) live in the data directory's assets/, beside
 * themes/ (<data>/themes/default -> <data>/assets): they are a site's
 * assets below every theme's own, and a theme's file of the same name
 * replaces one. theme.json:
 *
 *   {"name": "compact", "description": "...", "extends": "default",
 *    "parameters": {"groupByTags": {"type": "boolean", "default": false,
 *                                   "description": "..."},
 *                   "accent": {"type": "string", "default": "#0550ae"},
 *                   "labels": {"type": "enum", "values": ["v2", "v3"],
 *                              "default": "v2"}}}
 *
 * A theme extends another (by name, looked up beside the default theme;
 * "default" when it does not say, except for the default theme itself),
 * at most THEME_MAX_CHAIN deep, with no cycle. Any file a theme has
 * replaces the file of the same name of the theme it extends, and
 * everything else falls through, so a user theme may hold a single
 * partial. Parameters are inherited too; a theme may change a parent's
 * default. --theme takes a name (a theme beside the default one) or a
 * directory (anything with a '/' or an existing directory).
 *
 * Ownership: a theme owns its template cache, paths and parameters;
 * pointers it returns are borrowed until theme_free().
 */
#ifndef ASYNCDOC_THEME_H
#define ASYNCDOC_THEME_H

#include <stddef.h>

#include "util/diag.h"

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

#define THEME_MAX_CHAIN 8

/*
 * Opens the theme spec (a name or a directory; NULL for the default theme)
 * over the default theme at default_dir (other themes are looked up by
 * name in its parent directory). Returns 0, or -1 with *out NULL and a
 * `theme-not-found` or `theme-invalid` error in diags.
 */
int theme_open(struct theme **out, const char *default_dir, const char *spec,
               struct diag_list *diags);
void theme_free(struct theme *theme);

/* The name from the chosen theme's theme.json. */
const char *theme_name(const struct theme *theme);

/* The theme folders of the chain: the chosen theme first, default last. */
size_t theme_dir_count(const struct theme *theme);
const char *theme_dir(const struct theme *theme, size_t i);

/* The templates: the chosen theme's html/ first, then its parents'. */
struct tmpl_cache *theme_templates(const struct theme *theme);

/*
 * Asset folders, lowest priority first (the shared assets/ first, then
 * the default theme's): copying them in this order lets the chosen
 * theme's files win.
 */
size_t theme_asset_dir_count(const struct theme *theme);
const char *theme_asset_dir(const struct theme *theme, size_t i);

/*
 * The preview's live-reload script, in the shared assets/ folder: served
 * by the preview server, never copied into a site (theme_assets() leaves
 * it out).
 */
#define THEME_RELOAD_JS "reload.js"

/*
 * Reads the file rel of the shared assets/ folder of the default theme's
 * data directory (theme_find_default()) into *out, NUL-terminated, *len
 * bytes (caller frees with free()). Returns 0, or -1 with *out NULL and a
 * `theme-not-found` (or out-of-memory) error.
 */
int theme_shared_read(char **out, size_t *len, const char *rel,
                      struct diag_list *diags);

/* One file of the site's assets/ folder. */
struct theme_asset {
	char *rel;  /* its path in the theme's assets/, e.g. "style.css" */
	char *src;  /* the file to copy (the theme that wins for rel) */
	char *out;  /* its path in the site's assets/: CSS and JS files get a
	               content hash, "style.3f2a9c1e.css"; others keep rel */
	char *data; /* CSS and JS: the content (for --self-contained) */
	size_t len;
};

/*
 * Every asset of the theme chain (a file of a theme replaces the one of
 * the same path in the themes it extends), sorted by rel, into *out (*n of
 * them; free with theme_assets_free()). The hash of a CSS or JS file is
 * the first 8 hex digits of FNV-1a over its bytes, so a changed file gets
 * a new name and browsers and CDNs never serve a stale one. Folders
 * deeper than THEME_ASSET_DEPTH and files over THEME_ASSET_MAX are
 * errors. Returns 0, or -1 with a `theme-invalid` error (or out of
 * memory).
 */
#define THEME_ASSET_DEPTH 8
#define THEME_ASSET_MAX   ((size_t)16 << 20)
int theme_assets(struct theme_asset **out, size_t *n, const struct theme *t,
                 struct diag_list *diags);
void theme_assets_free(struct theme_asset *list, size_t n);

/*
 * The bytes of asset a, NUL-terminated, in *out (*len of them; free()):
 * its data when held, else its file read now. Returns 0, or -1 (errno).
 */
int theme_asset_read(char **out, size_t *len, const struct theme_asset *a);

/*
 * Sets a parameter from "key=value" (the -p option). The key must be a
 * parameter of the theme or one it extends, and the value must fit its
 * type: boolean (true/false/yes/no/1/0), enum (one of its values), string
 * (anything), integer. Returns 0, or -1 with a `theme-parameter` error
 * that names the known parameters or the allowed values.
 */
int theme_set_param(struct theme *theme, const char *assignment,
                    struct diag_list *diags);

/* A parameter's value (set, else its default, "" when none); NULL when
 * the theme has no such parameter. Booleans are "true" or "false". */
const char *theme_param(const struct theme *theme, const char *key);
/* 1 when the parameter is a boolean set (or defaulting) to true. */
int theme_param_bool(const struct theme *theme, const char *key);

/* The parameters, in the order the themes declare them (parents first). */
size_t theme_param_count(const struct theme *theme);
const char *theme_param_key(const struct theme *theme, size_t i);
const char *theme_param_description(const struct theme *theme, size_t i);

/* One theme found beside the default theme (theme_list). */
struct theme_info {
	char *dir, *name, *description, *extends;
};

/*
 * The themes in the directory that holds default_dir (every subdirectory
 * with a readable theme.json), sorted by name, into *out (*n_out of
 * them; free with theme_list_free()). Returns 0 or -1 (out of memory or
 * unreadable directory, with a diagnostic).
 */
int theme_list(struct theme_info **out, size_t *n_out, const char *default_dir,
               struct diag_list *diags);
void theme_list_free(struct theme_info *list, size_t n);

#endif
