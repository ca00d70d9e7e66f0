/*
 * logo: a local x-logo copied into the site (see logo.h).
 */
#include "config.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "site/logo.h"
#include "util/path.h"

/* A URL (scheme:...), an absolute path or nothing: not ours to copy. */
static int
is_local_path(const char *s)
{
	const char *p;

	if (s == NULL || s[0] == '\0' || s[0] == '/' || s[0] == '\\')
		return 0;
	for (p = s; *p != '\0' && *p != '/'; p++)
		if (*p == ':')
			return 0;
	return 1;
}

/* The folder of spec, as a new string ("." for a bare name). */
static char *
dir_of(const char *spec)
{
	const char *slash = strrchr(spec, '/');

	if (slash == NULL)
		return strdup(".");
	if (slash == spec)
		return strdup("/");
	return strndup(spec, (size_t)(slash - spec));
}

/* real is root or under it. */
static int
inside(const char *real, const char *root)
{
	size_t n = strlen(root);

	if (strncmp(real, root, n) != 0)
		return 0;
	return real[n] == '\0' || real[n] == '/' || (n > 0 && root[n - 1] == '/');
}

/* "x-logo-" and the file's name, every byte a URL may hold bare. */
static char *
out_name(const char *real)
{
	const char *base = strrchr(real, '/');
	size_t n, i;
	char *s;

	base = base != NULL ? base + 1 : real;
	n = strlen(base);
	s = malloc(n + 8);
	if (s == NULL)
		return NULL;
	memcpy(s, "x-logo-", 7);
	for (i = 0; i < n; i++) {
		char c = base[i];

		s[7 + i] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		                           (c >= '0' && c <= '9') || c == '.' ||
		                           c == '-' || c == '_'
		                   ? c
		                   : '-';
	}
	s[7 + n] = '\0';
	return s;
}

int
logo_asset(struct theme_asset *out, const char *spec, const char *logo,
           int allow_outside, struct diag_list *diags)
{
	char *dir = NULL, *path = NULL, *real = NULL, *root = NULL;
	struct stat st;
	int rc = -1;

	memset(out, 0, sizeof(*out));
	if (!is_local_path(logo))
		return 0;
	dir = dir_of(spec);
	path = dir != NULL ? path_join(dir, logo) : NULL;
	if (path == NULL) {
		rc = diag_oom(diags, "copying the logo");
		goto out;
	}
	real = realpath(path, NULL);
	root = realpath(dir, NULL);
	if (real == NULL || root == NULL || stat(real, &st) != 0 ||
	    !S_ISREG(st.st_mode) || (!allow_outside && !inside(real, root))) {
		diag_add(diags, DIAG_WARNING, spec, 0, 0, "logo-missing",
		         "x-logo '%s' names no file in the spec's folder: the "
		         "pages link it as written",
		         logo);
		goto out;
	}
	out->rel = strdup(LOGO_ASSET_REL);
	out->out = out_name(real);
	if (out->rel == NULL || out->out == NULL) {
		logo_asset_clear(out);
		rc = diag_oom(diags, "copying the logo");
		goto out;
	}
	out->src = real;
	real = NULL;
	rc = 1;
out:
	free(dir);
	free(path);
	free(real);
	free(root);
	return rc;
}

void
logo_asset_clear(struct theme_asset *a)
{
	free(a->rel);
	free(a->src);
	free(a->out);
	free(a->data);
	memset(a, 0, sizeof(*a));
}
