/*
 * theme: default theme lookup and user theme layering (see theme.h).
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/stat.h>

#include <cJSON.h>

#include "util/array.h"
#include "util/hash.h"
#include "util/node.h"
#include "util/path.h"
#include "render/theme.h"
#include "render/tmpl.h"
#include "render/tmplcheck.h"

#ifndef PKGDATADIR
#define PKGDATADIR "/usr/local/share/asyncdoc"
#endif

/* theme.json is a few lines: anything bigger is not ours. */
#define THEME_JSON_MAX ((long)1 << 20)

/* A declared parameter and its value. */
struct param {
	char *key, *type, *description, *value; /* value: default or set */
	cJSON *values;                          /* enum values, or NULL */
};

struct theme {
	char *name;
	struct tmpl_cache *tmpl;
	/* the shared assets/ folder (when found) first, then the themes' */
	char *assets[THEME_MAX_CHAIN + 2];
	size_t n_assets;
	int has_shared; /* assets[0] is the shared folder */
	char *dirs[THEME_MAX_CHAIN + 1]; /* the chain, the chosen theme first */
	size_t n_dirs;
	struct param *params;
	size_t n_params;
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
	return diag_oom(diags, NULL);
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

/*
 * The shared assets/ folder of the data directory that holds default_dir
 * (<data>/themes/default -> <data>/assets), or NULL when out of memory.
 */
static char *
shared_dir(const char *default_dir)
{
	char *up = strdup(default_dir), *slash, *dir;
	int i;

	if (up == NULL)
		return NULL;
	for (i = 0; i < 2; i++) {
		size_t n = strlen(up);

		while (n > 1 && up[n - 1] == '/')
			up[--n] = '\0';
		slash = strrchr(up, '/');
		if (slash == NULL)
			strcpy(up, ".");
		else if (slash == up)
			up[1] = '\0';
		else
			*slash = '\0';
	}
	dir = path_join(up, "assets");
	free(up);
	return dir;
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
 * Reads dir/theme.json into *out (a cJSON object with a "name" string).
 * Returns 0 or -1 with a diagnostic.
 */
static int
read_theme_json(cJSON **out, const char *dir, struct diag_list *diags)
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
	*out = json;
	json = NULL;
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

/*
 * Adds dir/sub to the template path when it exists, after checking its
 * HTML templates (tmplcheck). 0 or -1.
 */
static int
add_html(struct theme *t, const char *dir, const char *sub,
         struct diag_list *diags)
{
	char *html = path_join(dir, sub);
	int ret = -1;

	if (html == NULL)
		return nomem(diags);
	if (!is_dir(html)) {
		ret = 0;
		goto out;
	}
	/* No template that would print document text unescaped. */
	if (tmplcheck_dir(html, strcmp(sub, "html") == 0, diags) != 0)
		goto out;
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

/* Text of a boolean or scalar default, as the templates see it. */
static char *
scalar_text(const cJSON *v)
{
	char buf[64];

	if (cJSON_IsBool(v))
		return strdup(cJSON_IsTrue(v) ? "true" : "false");
	if (cJSON_IsString(v))
		return strdup(v->valuestring);
	if (cJSON_IsNumber(v)) {
		snprintf(buf, sizeof(buf), "%.17g", v->valuedouble);
		return strdup(buf);
	}
	return strdup("");
}

static struct param *
find_param(const struct theme *t, const char *key)
{
	size_t i;

	for (i = 0; i < t->n_params; i++)
		if (strcmp(t->params[i].key, key) == 0)
			return &t->params[i];
	return NULL;
}

static void
param_clear(struct param *p)
{
	free(p->key);
	free(p->type);
	free(p->description);
	free(p->value);
	cJSON_Delete(p->values);
	memset(p, 0, sizeof(*p));
}

/*
 * Adds the parameters of one theme.json (a parent's first, so that a
 * child's declaration of the same key replaces it in place). 0 or -1.
 */
static int
add_params(struct theme *t, const cJSON *json, const char *dir,
           struct diag_list *diags)
{
	const cJSON *params = node_get(json, "parameters"), *p, *def;
	struct param *np, *slot;
	const char *type;

	if (params == NULL)
		return 0;
	if (!cJSON_IsObject(params)) {
		diag_add(diags, DIAG_ERROR, dir, 0, 0, "theme-invalid",
		         "theme.json: \"parameters\" must be an object");
		return -1;
	}
	for (p = params->child; p != NULL; p = p->next) {
		type = node_get_str(p, "type");
		if (type == NULL)
			type = "string";
		if (!cJSON_IsObject(p) ||
		    (strcmp(type, "string") != 0 &&
		     strcmp(type, "boolean") != 0 &&
		     strcmp(type, "integer") != 0 &&
		     strcmp(type, "enum") != 0) ||
		    (strcmp(type, "enum") == 0 &&
		     !cJSON_IsArray(node_get(p, "values")))) {
			diag_add(diags, DIAG_ERROR, dir, 0, 0, "theme-invalid",
			         "theme.json: parameter '%s' needs a type "
			         "(string, boolean, integer, or enum with "
			         "\"values\")",
			         p->string);
			return -1;
		}
		slot = find_param(t, p->string);
		if (slot == NULL) {
			np = realloc(t->params,
			             (t->n_params + 1) * sizeof(*np));
			if (np == NULL)
				return nomem(diags);
			t->params = np;
			slot = &t->params[t->n_params++];
			memset(slot, 0, sizeof(*slot));
		} else {
			param_clear(slot);
		}
		def = node_get(p, "default");
		slot->key = strdup(p->string);
		slot->type = strdup(type);
		slot->description =
		        strdup(node_get_str(p, "description") != NULL
		                       ? node_get_str(p, "description")
		                       : "");
		slot->value = scalar_text(def);
		if (node_get(p, "values") != NULL)
			slot->values =
			        cJSON_Duplicate(node_get(p, "values"), 1);
		if (slot->key == NULL || slot->type == NULL ||
		    slot->description == NULL || slot->value == NULL ||
		    (node_get(p, "values") != NULL && slot->values == NULL))
			return nomem(diags);
	}
	return 0;
}

/*
 * The directory of theme spec: a name beside default_dir, else a path.
 * Returns 0 with *out (caller frees), or -1 with a diagnostic.
 */
static int
resolve(char **out, const char *default_dir, const char *spec,
        struct diag_list *diags)
{
	char *parent = NULL, *dir = NULL;

	*out = NULL;
	if (strchr(spec, '/') == NULL && strcmp(spec, ".") != 0 &&
	    strcmp(spec, "..") != 0) {
		parent = path_join(default_dir, "..");
		dir = parent != NULL ? path_join(parent, spec) : NULL;
		free(parent);
		if (dir == NULL)
			return nomem(diags);
		if (has(dir, "theme.json", is_file) == 1) {
			*out = dir;
			return 0;
		}
		free(dir);
		/* not a known name: a directory in the current one? */
		if (!is_dir(spec)) {
			diag_add(diags, DIAG_ERROR, NULL, 0, 0,
			         "theme-not-found",
			         "no theme named '%s' (and no such directory)",
			         spec);
			diag_set_hint(diags, "`asyncdoc themes` lists the "
			                     "themes; a theme directory can "
			                     "be given as a path");
			return -1;
		}
	}
	if (!is_dir(spec)) {
		diag_add(diags, DIAG_ERROR, spec, 0, 0, "theme-not-found",
		         "theme directory not found");
		return -1;
	}
	*out = strdup(spec);
	return *out == NULL ? nomem(diags) : 0;
}

int
theme_open(struct theme **out, const char *default_dir, const char *spec,
           struct diag_list *diags)
{
	struct theme *t = NULL;
	char *dirs[THEME_MAX_CHAIN + 1] = {NULL};
	cJSON *jsons[THEME_MAX_CHAIN + 1] = {NULL};
	char *shared;
	const char *ext;
	size_t n = 0, i, j;
	int ret = -1, r;

	*out = NULL;
	if (!is_dir(default_dir)) {
		diag_add(diags, DIAG_ERROR, default_dir, 0, 0,
		         "theme-not-found", "default theme not found");
		return -1;
	}
	t = calloc(1, sizeof(*t));
	if (t == NULL || (t->tmpl = tmpl_cache_new()) == NULL)
		goto oom;
	/* The chain: the chosen theme, its parent... the default last. */
	if (spec != NULL) {
		if (resolve(&dirs[0], default_dir, spec, diags) != 0)
			goto out;
		/* A user theme must hold at least one thing we use. */
		if ((r = has(dirs[0], "theme.json", is_file)) == 0 &&
		    (r = has(dirs[0], "html", is_dir)) == 0)
			r = has(dirs[0], "assets", is_dir);
		if (r < 0)
			goto oom;
		if (r == 0) {
			diag_add(diags, DIAG_ERROR, dirs[0], 0, 0,
			         "theme-invalid",
			         "not a theme: it has no theme.json, html/ "
			         "or assets/");
			goto out;
		}
		n = 1;
		while (1) {
			if (has(dirs[n - 1], "theme.json", is_file) == 1) {
				if (read_theme_json(&jsons[n - 1], dirs[n - 1],
				                    diags) != 0)
					goto out;
				ext = node_get_str(jsons[n - 1], "extends");
			} else {
				ext = NULL;
			}
			if (ext == NULL || strcmp(ext, "default") == 0)
				break;
			if (n == THEME_MAX_CHAIN) {
				diag_add(diags, DIAG_ERROR, dirs[0], 0, 0,
				         "theme-invalid",
				         "themes extend each other more than "
				         "%d deep (or in a cycle)",
				         THEME_MAX_CHAIN);
				goto out;
			}
			if (resolve(&dirs[n], default_dir, ext, diags) != 0)
				goto out;
			for (j = 0; j < n; j++)
				if (strcmp(dirs[j], dirs[n]) == 0) {
					diag_add(diags, DIAG_ERROR, dirs[n], 0,
					         0, "theme-invalid",
					         "theme '%s' extends itself "
					         "(through the themes it "
					         "extends)",
					         ext);
					free(dirs[n]);
					dirs[n] = NULL;
					goto out;
				}
			n++;
		}
	}
	dirs[n] = strdup(default_dir);
	if (dirs[n] == NULL)
		goto oom;
	if (read_theme_json(&jsons[n], dirs[n], diags) != 0)
		goto out;
	n++;
	/* Templates: the chosen theme first; assets: the default first. */
	for (i = 0; i < n; i++)
		if (add_html(t, dirs[i], "html", diags) != 0)
			goto out;
	/* Markdown templates (*.md.tpl) share the search path. */
	for (i = 0; i < n; i++)
		if (add_html(t, dirs[i], "markdown", diags) != 0)
			goto out;
	/* the files every theme shares, below every theme's own */
	if ((shared = shared_dir(default_dir)) == NULL)
		goto oom;
	if (is_dir(shared)) {
		t->assets[t->n_assets++] = shared;
		t->has_shared = 1;
	} else {
		free(shared);
	}
	for (i = n; i-- > 0;) {
		char *assets = path_join(dirs[i], "assets");

		if (assets == NULL)
			goto oom;
		if (!is_dir(assets)) {
			free(assets);
			continue;
		}
		t->assets[t->n_assets++] = assets;
	}
	for (i = n; i-- > 0;)
		if (jsons[i] != NULL &&
		    add_params(t, jsons[i], dirs[i], diags) != 0)
			goto out;
	for (i = 0; i < n && t->name == NULL; i++)
		if (jsons[i] != NULL &&
		    (t->name = strdup(node_get_str(jsons[i], "name"))) == NULL)
			goto oom;
	for (i = 0; i < n; i++) {
		t->dirs[i] = dirs[i];
		dirs[i] = NULL;
	}
	t->n_dirs = n;
	*out = t;
	t = NULL;
	ret = 0;
	goto out;
oom:
	nomem(diags);
out:
	for (i = 0; i <= THEME_MAX_CHAIN; i++) {
		free(dirs[i]);
		cJSON_Delete(jsons[i]);
	}
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
	for (i = 0; i < theme->n_dirs; i++)
		free(theme->dirs[i]);
	for (i = 0; i < theme->n_params; i++)
		param_clear(&theme->params[i]);
	free(theme->params);
	tmpl_cache_free(theme->tmpl);
	free(theme->name);
	free(theme);
}

const char *
theme_name(const struct theme *theme)
{
	return theme->name;
}

size_t
theme_dir_count(const struct theme *theme)
{
	return theme->n_dirs;
}

const char *
theme_dir(const struct theme *theme, size_t i)
{
	return theme->dirs[i];
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

/* The known keys, "a, b, c", for a diagnostic. */
static void
known_keys(char *buf, size_t size, const struct theme *t)
{
	size_t i, len = 0;

	buf[0] = '\0';
	for (i = 0; i < t->n_params && len < size; i++)
		len += (size_t)snprintf(buf + len, size - len, "%s%s",
		                        i ? ", " : "", t->params[i].key);
}

int
theme_set_param(struct theme *theme, const char *assignment,
                struct diag_list *diags)
{
	const char *eq = strchr(assignment, '=');
	const char *val;
	struct param *p;
	char key[128], known[512];
	const cJSON *v;
	char *copy, *end;
	int ok = 0;

	if (eq == NULL || eq == assignment ||
	    (size_t)(eq - assignment) >= sizeof(key)) {
		diag_add(diags, DIAG_ERROR, NULL, 0, 0, "theme-parameter",
		         "'%s' is not a theme parameter assignment",
		         assignment);
		diag_set_hint(diags, "write -p KEY=VALUE");
		return -1;
	}
	memcpy(key, assignment, (size_t)(eq - assignment));
	key[eq - assignment] = '\0';
	val = eq + 1;
	p = find_param(theme, key);
	if (p == NULL) {
		known_keys(known, sizeof(known), theme);
		diag_add(diags, DIAG_ERROR, NULL, 0, 0, "theme-parameter",
		         "theme '%s' has no parameter '%s'", theme->name, key);
		diag_set_hint(diags, "its parameters: %s",
		              known[0] ? known : "(none)");
		return -1;
	}
	if (strcmp(p->type, "boolean") == 0) {
		if (strcmp(val, "true") == 0 || strcmp(val, "yes") == 0 ||
		    strcmp(val, "1") == 0)
			val = "true", ok = 1;
		else if (strcmp(val, "false") == 0 || strcmp(val, "no") == 0 ||
		         strcmp(val, "0") == 0)
			val = "false", ok = 1;
	} else if (strcmp(p->type, "integer") == 0) {
		errno = 0;
		(void)strtol(val, &end, 10);
		ok = val[0] != '\0' && *end == '\0' && errno == 0;
	} else if (strcmp(p->type, "enum") == 0) {
		cJSON_ArrayForEach(v, p->values)
		{
			if (cJSON_IsString(v) &&
			    strcmp(v->valuestring, val) == 0)
				ok = 1;
		}
	} else {
		ok = 1;
	}
	if (!ok) {
		diag_add(diags, DIAG_ERROR, NULL, 0, 0, "theme-parameter",
		         "theme parameter '%s' is a %s: '%s' does not fit", key,
		         p->type, val);
		if (strcmp(p->type, "boolean") == 0)
			diag_set_hint(diags, "use true or false");
		else if (strcmp(p->type, "enum") == 0) {
			char *vals = cJSON_PrintUnformatted(p->values);

			diag_set_hint(diags, "allowed values: %s",
			              vals != NULL ? vals : "?");
			free(vals);
		}
		return -1;
	}
	copy = strdup(val);
	if (copy == NULL)
		return nomem(diags);
	free(p->value);
	p->value = copy;
	return 0;
}

const char *
theme_param(const struct theme *theme, const char *key)
{
	const struct param *p = find_param(theme, key);

	return p != NULL ? p->value : NULL;
}

int
theme_param_bool(const struct theme *theme, const char *key)
{
	const struct param *p = find_param(theme, key);

	return p != NULL && strcmp(p->type, "boolean") == 0 &&
	       strcmp(p->value, "true") == 0;
}

size_t
theme_param_count(const struct theme *theme)
{
	return theme->n_params;
}

const char *
theme_param_key(const struct theme *theme, size_t i)
{
	return i < theme->n_params ? theme->params[i].key : NULL;
}

const char *
theme_param_description(const struct theme *theme, size_t i)
{
	return i < theme->n_params ? theme->params[i].description : NULL;
}

static int
info_cmp(const void *a, const void *b)
{
	const struct theme_info *x = a, *y = b;

	return strcmp(x->name, y->name);
}

void
theme_list_free(struct theme_info *list, size_t n)
{
	size_t i;

	for (i = 0; list != NULL && i < n; i++) {
		free(list[i].dir);
		free(list[i].name);
		free(list[i].description);
		free(list[i].extends);
	}
	free(list);
}

int
theme_list(struct theme_info **out, size_t *n_out, const char *default_dir,
           struct diag_list *diags)
{
	struct theme_info *list = NULL, *nl;
	struct diag_list *quiet = NULL;
	struct dirent *e;
	char *parent, *dir;
	cJSON *json;
	size_t n = 0;
	DIR *d;

	*out = NULL;
	*n_out = 0;
	parent = path_join(default_dir, "..");
	if (parent == NULL)
		return nomem(diags);
	d = opendir(parent);
	if (d == NULL) {
		diag_add(diags, DIAG_ERROR, parent, 0, 0, "theme-not-found",
		         "cannot list the themes: %s", strerror(errno));
		free(parent);
		return -1;
	}
	quiet = diag_list_new();
	while (quiet != NULL && (e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		dir = path_join(parent, e->d_name);
		if (dir == NULL || has(dir, "theme.json", is_file) != 1 ||
		    read_theme_json(&json, dir, quiet) != 0) {
			free(dir);
			continue;
		}
		nl = realloc(list, (n + 1) * sizeof(*nl));
		if (nl == NULL) {
			free(dir);
			cJSON_Delete(json);
			break;
		}
		list = nl;
		list[n].dir = dir;
		list[n].name = strdup(node_get_str(json, "name"));
		list[n].description =
		        strdup(node_get_str(json, "description") != NULL
		                       ? node_get_str(json, "description")
		                       : "");
		list[n].extends =
		        strdup(node_get_str(json, "extends") != NULL
		                       ? node_get_str(json, "extends")
		                       : (strcmp(e->d_name, "default") == 0
		                                  ? ""
		                                  : "default"));
		n++;
		cJSON_Delete(json);
	}
	closedir(d);
	diag_list_free(quiet);
	free(parent);
	if (list != NULL)
		qsort(list, n, sizeof(*list), info_cmp);
	*out = list;
	*n_out = n;
	return 0;
}

/* ------------------------------------------------------------ assets */

struct asset_walk {
	struct theme_asset *list;
	size_t n, cap;
	const char *skip; /* a top-level file left out (the preview's) */
};

static int
is_code_asset(const char *rel)
{
	size_t n = strlen(rel);

	return (n > 4 && strcmp(rel + n - 4, ".css") == 0) ||
	       (n > 3 && strcmp(rel + n - 3, ".js") == 0);
}

/* Adds or replaces (a later theme wins) rel -> src. */
static int
asset_put(struct asset_walk *w, const char *rel, const char *src)
{
	size_t i;
	char *s;

	for (i = 0; i < w->n; i++)
		if (strcmp(w->list[i].rel, rel) == 0) {
			s = strdup(src);
			if (s == NULL)
				return -1;
			free(w->list[i].src);
			w->list[i].src = s;
			return 0;
		}
	if (ARRAY_RESERVE(w->list, w->n + 1, w->cap) < 0)
		return -1;
	memset(&w->list[w->n], 0, sizeof(w->list[w->n]));
	w->list[w->n].rel = strdup(rel);
	w->list[w->n].src = strdup(src);
	w->n++;
	return w->list[w->n - 1].rel && w->list[w->n - 1].src ? 0 : -1;
}

static int
asset_walk_dir(struct asset_walk *w, const char *dir, const char *prefix,
               int depth, struct diag_list *diags)
{
	struct dirent *e;
	struct stat st;
	char *path, *rel;
	DIR *d;
	int ret = 0;

	if (depth > THEME_ASSET_DEPTH) {
		diag_add(diags, DIAG_ERROR, dir, 0, 0, "theme-invalid",
		         "asset folders nested deeper than %d",
		         THEME_ASSET_DEPTH);
		return -1;
	}
	d = opendir(dir);
	if (d == NULL) {
		diag_add(diags, DIAG_ERROR, dir, 0, 0, "theme-invalid",
		         "cannot read the assets: %s", strerror(errno));
		return -1;
	}
	while (ret == 0 && (e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.' ||
		    (w->skip != NULL && prefix[0] == '\0' &&
		     strcmp(e->d_name, w->skip) == 0))
			continue;
		path = path_join(dir, e->d_name);
		rel = prefix[0] ? path_join(prefix, e->d_name)
		                : strdup(e->d_name);
		if (path == NULL || rel == NULL) {
			ret = nomem(diags);
		} else if (stat(path, &st) != 0) {
			/* a dangling link: nothing to copy */
		} else if (S_ISDIR(st.st_mode)) {
			ret = asset_walk_dir(w, path, rel, depth + 1, diags);
		} else if (S_ISREG(st.st_mode)) {
			if ((size_t)st.st_size > THEME_ASSET_MAX) {
				diag_add(diags, DIAG_ERROR, path, 0, 0,
				         "theme-invalid",
				         "asset over %zu bytes",
				         THEME_ASSET_MAX);
				ret = -1;
			} else if (asset_put(w, rel, path) != 0) {
				ret = nomem(diags);
			}
		}
		free(path);
		free(rel);
	}
	closedir(d);
	return ret;
}

static int
asset_cmp(const void *a, const void *b)
{
	return strcmp(((const struct theme_asset *)a)->rel,
	              ((const struct theme_asset *)b)->rel);
}

/*
 * Reads the file at path (at most max bytes) into a NUL-terminated *out
 * of *len bytes. Returns 0, or -1 with errno set (ENOMEM, EFBIG, or
 * fopen's and fread's).
 */
static int
read_whole(char **out, size_t *len, const char *path, size_t max)
{
	FILE *fp = fopen(path, "rb");
	size_t cap = 0, n = 0, r;
	char *buf = NULL;
	int err = 0;

	*out = NULL;
	*len = 0;
	if (fp == NULL)
		return -1;
	while (err == 0) {
		/* room for 4 KiB more and the NUL */
		if (ARRAY_RESERVE(buf, n + 4097, cap) < 0) {
			err = ENOMEM;
			break;
		}
		r = fread(buf + n, 1, cap - n - 1, fp);
		if (r == 0) {
			if (ferror(fp))
				err = EIO;
			break;
		}
		n += r;
		if (n > max)
			err = EFBIG;
	}
	fclose(fp);
	if (err != 0) {
		free(buf);
		errno = err;
		return -1;
	}
	buf[n] = '\0';
	*out = buf;
	*len = n;
	return 0;
}

int
theme_asset_read(char **out, size_t *len, const struct theme_asset *a)
{
	if (a->data == NULL)
		return read_whole(out, len, a->src, THEME_ASSET_MAX);
	*len = a->len;
	*out = malloc(a->len + 1);
	if (*out == NULL)
		return -1;
	memcpy(*out, a->data, a->len);
	(*out)[a->len] = '\0';
	return 0;
}

/* Reads a CSS/JS asset and names it by its content. */
static int
asset_hash(struct theme_asset *a, struct diag_list *diags)
{
	const char *dot, *slash;
	char hex[17];
	uint64_t h;

	if (read_whole(&a->data, &a->len, a->src, THEME_ASSET_MAX) != 0) {
		if (errno == ENOMEM)
			return nomem(diags);
		diag_add(diags, DIAG_ERROR, a->src, 0, 0, "theme-invalid",
		         "cannot read the asset: %s", strerror(errno));
		return -1;
	}
	h = hash_fnv1a(HASH_FNV_OFFSET, a->data, a->len);
	snprintf(hex, sizeof(hex), "%016llx", (unsigned long long)h);
	slash = strrchr(a->rel, '/');
	dot = strrchr(a->rel, '.');
	if (dot == NULL || (slash != NULL && dot < slash))
		dot = a->rel + strlen(a->rel);
	a->out = malloc(strlen(a->rel) + 10);
	if (a->out == NULL)
		return nomem(diags);
	sprintf(a->out, "%.*s.%.8s%s", (int)(dot - a->rel), a->rel, hex, dot);
	return 0;
}

int
theme_shared_read(char **out, size_t *len, const char *rel,
                  struct diag_list *diags)
{
	char *def = NULL, *dir = NULL, *path = NULL;
	int ret = -1;

	*out = NULL;
	*len = 0;
	if (theme_find_default(&def, diags) != 0)
		return -1;
	if ((dir = shared_dir(def)) == NULL ||
	    (path = path_join(dir, rel)) == NULL) {
		nomem(diags);
		goto out;
	}
	if (read_whole(out, len, path, THEME_ASSET_MAX) != 0) {
		if (errno == ENOMEM)
			nomem(diags);
		else
			diag_add(diags, DIAG_ERROR, path, 0, 0,
			         "theme-not-found", "cannot read %s: %s", rel,
			         strerror(errno));
		goto out;
	}
	ret = 0;
out:
	free(def);
	free(dir);
	free(path);
	return ret;
}

void
theme_assets_free(struct theme_asset *list, size_t n)
{
	size_t i;

	for (i = 0; list != NULL && i < n; i++) {
		free(list[i].rel);
		free(list[i].src);
		free(list[i].out);
		free(list[i].data);
	}
	free(list);
}

int
theme_assets(struct theme_asset **out, size_t *n, const struct theme *t,
             struct diag_list *diags)
{
	struct asset_walk w = {NULL, 0, 0, NULL};
	size_t i;

	*out = NULL;
	*n = 0;
	/* lowest priority first: later themes replace files */
	for (i = 0; i < t->n_assets; i++) {
		/* the preview's script is served, never part of a site */
		w.skip = i == 0 && t->has_shared ? THEME_RELOAD_JS : NULL;
		if (asset_walk_dir(&w, t->assets[i], "", 0, diags) != 0)
			goto fail;
	}
	if (w.n > 0)
		qsort(w.list, w.n, sizeof(*w.list), asset_cmp);
	for (i = 0; i < w.n; i++) {
		if (is_code_asset(w.list[i].rel)) {
			if (asset_hash(&w.list[i], diags) != 0)
				goto fail;
		} else if ((w.list[i].out = strdup(w.list[i].rel)) == NULL) {
			nomem(diags);
			goto fail;
		}
	}
	*out = w.list;
	*n = w.n;
	return 0;
fail:
	theme_assets_free(w.list, w.n);
	return -1;
}
