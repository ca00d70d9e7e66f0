/*
 * theme: default theme lookup and user theme layering (see theme.h).
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cJSON.h>

#include "node.h"
#include "path.h"
#include "theme.h"
#include "tmpl.h"

#ifndef PKGDATADIR
#define PKGDATADIR "/usr/local/share/asyncdoc"
#endif

/* theme.json is a few lines: anything bigger is not ours. */
#define THEME_JSON_MAX ((long)1 << 20)

struct theme {
	char *name;
	struct tmpl_cache *tmpl;
	char *assets[2];
	size_t n_assets;
};

static int
is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static int
is_file(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* Reports running out of memory; returns -1. */
static int
nomem(struct diag_list *diags)
{
	diag_add(diags, DIAG_ERROR, NULL, 0, 0, "out-of-memory",
	         "out of memory");
	return -1;
}

/* test(dir/name) (is_file or is_dir); -1 when out of memory. */
static int
has(const char *dir, const char *name, int (*test)(const char *))
{
	char *p = path_join(dir, name);
	int r;

	if (p == NULL)
		return -1;
	r = test(p);
	free(p);
	return r;
}

int
theme_find_default(char **out, struct diag_list *diags)
{
	const char *env = getenv("ASYNCDOC_DATADIR");
	const char *bases[3];
	size_t n = 0, i;
	char *dir = NULL;
	int r;

	*out = NULL;
	if (env != NULL && env[0] != '\0')
		bases[n++] = env;
	bases[n++] = PKGDATADIR;
#ifdef ABS_TOP_SRCDIR
	bases[n++] = ABS_TOP_SRCDIR;
#endif
	for (i = 0; i < n; i++) {
		dir = path_join(bases[i], "themes/default");
		if (dir == NULL)
			goto oom;
		r = has(dir, "theme.json", is_file);
		if (r < 0)
			goto oom;
		if (r == 1) {
			*out = dir;
			return 0;
		}
		free(dir);
		dir = NULL;
	}
	diag_add(diags, DIAG_ERROR, NULL, 0, 0, "theme-not-found",
	         "cannot find the default theme in %s%s/themes/default",
	         env != NULL && env[0] != '\0' ? "$ASYNCDOC_DATADIR or " : "",
	         PKGDATADIR);
	diag_set_hint(diags, "set ASYNCDOC_DATADIR to the folder that holds "
	                     "themes/default");
	return -1;
oom:
	return nomem(diags);
}

/*
 * Reads the "name" of dir/theme.json into *out (a copy). A missing file
 * is fine when optional (*out stays NULL). Returns 0 or -1 with a
 * diagnostic.
 */
static int
read_theme_json(char **out, const char *dir, int optional,
                struct diag_list *diags)
{
	char *path = NULL, *buf = NULL;
	FILE *fp = NULL;
	cJSON *json = NULL;
	const char *name;
	long size;
	int ret = -1;

	*out = NULL;
	path = path_join(dir, "theme.json");
	if (path == NULL)
		goto oom;
	fp = fopen(path, "rb");
	if (fp == NULL) {
		if (optional && errno == ENOENT) {
			ret = 0;
			goto out;
		}
		diag_add(diags, DIAG_ERROR, path, 0, 0, "theme-invalid",
		         "cannot read the theme description: %s",
		         strerror(errno));
		goto out;
	}
	if (fseek(fp, 0, SEEK_END) != 0 || (size = ftell(fp)) < 0 ||
	    size > THEME_JSON_MAX || fseek(fp, 0, SEEK_SET) != 0) {
		diag_add(diags, DIAG_ERROR, path, 0, 0, "theme-invalid",
		         "theme description unreadable or over %ld bytes",
		         THEME_JSON_MAX);
		goto out;
	}
	buf = malloc((size_t)size + 1);
	if (buf == NULL)
		goto oom;
	if (fread(buf, 1, (size_t)size, fp) != (size_t)size) {
		diag_add(diags, DIAG_ERROR, path, 0, 0, "theme-invalid",
		         "cannot read the theme description");
		goto out;
	}
	buf[size] = '\0';
	json = cJSON_ParseWithLength(buf, (size_t)size);
	name = node_get_str(json, "name");
	if (name == NULL || name[0] == '\0') {
		diag_add(diags, DIAG_ERROR, path, 0, 0, "theme-invalid",
		         "theme description is not a JSON object with a "
		         "\"name\" string");
		goto out;
	}
	*out = strdup(name);
	if (*out == NULL)
		goto oom;
	ret = 0;
	goto out;
oom:
	nomem(diags);
out:
	cJSON_Delete(json);
	free(buf);
	if (fp != NULL)
		fclose(fp);
	free(path);
	return ret;
}

/* Adds dir/sub to the template path when it exists. 0 or -1. */
static int
add_html(struct theme *t, const char *dir, struct diag_list *diags)
{
	char *html = path_join(dir, "html");
	int ret = -1;

	if (html == NULL)
		return nomem(diags);
	if (!is_dir(html)) {
		ret = 0;
		goto out;
	}
	if (tmpl_cache_add_dir(t->tmpl, html) != 0) {
		diag_add(diags, DIAG_ERROR, html, 0, 0, "theme-invalid", "%s",
		         tmpl_error());
		goto out;
	}
	ret = 0;
out:
	free(html);
	return ret;
}

/* Appends dir/assets to the asset folders when it exists. 0 or -1. */
static int
add_assets(struct theme *t, const char *dir, struct diag_list *diags)
{
	char *assets = path_join(dir, "assets");

	if (assets == NULL)
		return nomem(diags);
	if (!is_dir(assets)) {
		free(assets);
		return 0;
	}
	t->assets[t->n_assets++] = assets;
	return 0;
}

int
theme_open(struct theme **out, const char *default_dir, const char *user_dir,
           struct diag_list *diags)
{
	struct theme *t = NULL;
	char *user_name = NULL;
	int ret = -1, r;

	*out = NULL;
	if (!is_dir(default_dir)) {
		diag_add(diags, DIAG_ERROR, default_dir, 0, 0,
		         "theme-not-found", "default theme not found");
		return -1;
	}
	if (user_dir != NULL && !is_dir(user_dir)) {
		diag_add(diags, DIAG_ERROR, user_dir, 0, 0, "theme-not-found",
		         "theme directory not found");
		return -1;
	}
	t = calloc(1, sizeof(*t));
	if (t == NULL || (t->tmpl = tmpl_cache_new()) == NULL)
		goto oom;
	if (read_theme_json(&t->name, default_dir, 0, diags) != 0)
		goto out;
	if (user_dir != NULL) {
		/* A user theme must hold at least one thing we use. */
		if ((r = has(user_dir, "theme.json", is_file)) == 0 &&
		    (r = has(user_dir, "html", is_dir)) == 0)
			r = has(user_dir, "assets", is_dir);
		if (r < 0)
			goto oom;
		if (r == 0) {
			diag_add(diags, DIAG_ERROR, user_dir, 0, 0,
			         "theme-invalid",
			         "not a theme: it has no theme.json, html/ "
			         "or assets/");
			goto out;
		}
		if (read_theme_json(&user_name, user_dir, 1, diags) != 0)
			goto out;
		if (user_name != NULL) {
			free(t->name);
			t->name = user_name;
			user_name = NULL;
		}
		if (add_html(t, user_dir, diags) != 0)
			goto out;
	}
	if (add_html(t, default_dir, diags) != 0 ||
	    add_assets(t, default_dir, diags) != 0)
		goto out;
	if (user_dir != NULL && add_assets(t, user_dir, diags) != 0)
		goto out;
	*out = t;
	t = NULL;
	ret = 0;
	goto out;
oom:
	nomem(diags);
out:
	free(user_name);
	theme_free(t);
	return ret;
}

void
theme_free(struct theme *theme)
{
	size_t i;

	if (theme == NULL)
		return;
	for (i = 0; i < theme->n_assets; i++)
		free(theme->assets[i]);
	tmpl_cache_free(theme->tmpl);
	free(theme->name);
	free(theme);
}

const char *
theme_name(const struct theme *theme)
{
	return theme->name;
}

struct tmpl_cache *
theme_templates(const struct theme *theme)
{
	return theme->tmpl;
}

size_t
theme_asset_dir_count(const struct theme *theme)
{
	return theme->n_assets;
}

const char *
theme_asset_dir(const struct theme *theme, size_t i)
{
	return i < theme->n_assets ? theme->assets[i] : NULL;
}
