/*
 * speclist: the AsyncAPI documents of a folder (see speclist.h).
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "site/speclist.h"
#include "util/array.h"
#include "util/path.h"

/* How deep the search goes: far past any real repository's layout. */
#define SPECLIST_MAX_DEPTH 32
/* The key is near the top of every real document. */
#define SNIFF_MAX (1024 * 1024)

int
speclist_add(struct speclist *l, const char *path, struct diag_list *diags)
{
	if (ARRAY_RESERVE(l->items, l->n + 1, l->cap) < 0 ||
	    (l->items[l->n] = strdup(path)) == NULL)
		return diag_oom(diags, "listing the specs");
	l->n++;
	return 0;
}

void
speclist_clear(struct speclist *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->items[i]);
	free(l->items);
	memset(l, 0, sizeof(*l));
}

static int
has_spec_ext(const char *name)
{
	size_t n = strlen(name);

	return (n > 5 && strcmp(name + n - 5, ".yaml") == 0) ||
	       (n > 4 && strcmp(name + n - 4, ".yml") == 0) ||
	       (n > 5 && strcmp(name + n - 5, ".json") == 0);
}

/* YAML: "asyncapi" (bare or quoted) then ':' at the start of a line. */
static int
yaml_top_key(const char *s, size_t n)
{
	size_t i = 0, k;

	while (i < n) {
		k = i;
		if (s[k] == '"' || s[k] == '\'')
			k++;
		if (n - k >= 8 && memcmp(s + k, "asyncapi", 8) == 0) {
			k += 8;
			if (k < n && (s[k] == '"' || s[k] == '\'') &&
			    s[k] == s[i])
				k++;
			while (k < n && (s[k] == ' ' || s[k] == '\t'))
				k++;
			if (k < n && s[k] == ':')
				return 1;
		}
		while (i < n && s[i] != '\n')
			i++;
		i++;
	}
	return 0;
}

/* JSON: a member "asyncapi" of the outermost object. */
static int
json_top_key(const char *s, size_t n)
{
	size_t i, start = 0;
	int depth = 0, in_str = 0;

	for (i = 0; i < n; i++) {
		if (in_str) {
			if (s[i] == '\\')
				i++;
			else if (s[i] == '"') {
				in_str = 0;
				if (depth == 1 && i - start == 9 &&
				    memcmp(s + start + 1, "asyncapi", 8) == 0) {
					size_t k = i + 1;

					while (k < n && strchr(" \t\r\n", s[k]) &&
					       s[k] != '\0')
						k++;
					if (k < n && s[k] == ':')
						return 1;
				}
			}
		} else if (s[i] == '"') {
			in_str = 1;
			start = i;
		} else if (s[i] == '{' || s[i] == '[') {
			depth++;
		} else if (s[i] == '}' || s[i] == ']') {
			depth--;
		}
	}
	return 0;
}

int
speclist_is_asyncapi(const char *path)
{
	FILE *fp = fopen(path, "rb");
	char *buf;
	size_t n, i = 0;
	int yes;

	if (fp == NULL)
		return 0;
	buf = malloc(SNIFF_MAX);
	n = buf != NULL ? fread(buf, 1, SNIFF_MAX, fp) : 0;
	fclose(fp);
	if (n >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0)
		i = 3;
	while (i < n && strchr(" \t\r\n", buf[i]) != NULL && buf[i] != '\0')
		i++;
	yes = i < n && buf[i] == '{' ? json_top_key(buf + i, n - i)
	                             : yaml_top_key(buf + i, n - i);
	free(buf);
	return yes;
}

static int
str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Adds the documents under dir (depth levels down already). 0 or -1. */
static int
walk(struct speclist *l, const char *dir, int depth, struct diag_list *diags)
{
	struct dirent *e;
	struct stat st;
	char *path;
	int rc = 0;
	DIR *d;

	d = opendir(dir);
	if (d == NULL) {
		diag_add(diags, DIAG_ERROR, dir, 0, 0, "io-error",
		         "cannot list the folder: %s", strerror(errno));
		return -1;
	}
	while (rc == 0 && (e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		path = path_join(dir, e->d_name);
		if (path == NULL) {
			rc = diag_oom(diags, "listing the specs");
			break;
		}
		if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
			if (depth < SPECLIST_MAX_DEPTH)
				rc = walk(l, path, depth + 1, diags);
		} else if (has_spec_ext(e->d_name) &&
		           stat(path, &st) == 0 && S_ISREG(st.st_mode) &&
		           speclist_is_asyncapi(path)) {
			rc = speclist_add(l, path, diags);
		}
		free(path);
	}
	closedir(d);
	return rc;
}

int
speclist_add_folder(struct speclist *l, const char *dir,
                    struct diag_list *diags)
{
	size_t first = l->n, n = strlen(dir);
	char *root;
	int rc;

	/* "api/" lists "api/x.yaml", not "api//x.yaml" */
	while (n > 1 && dir[n - 1] == '/')
		n--;
	root = strndup(dir, n);
	if (root == NULL)
		return diag_oom(diags, "listing the specs");
	rc = walk(l, root, 0, diags);
	free(root);
	if (rc != 0)
		return -1;
	/* qsort() wants a valid pointer even for no items (UBSan). */
	if (l->n > first)
		qsort(l->items + first, l->n - first, sizeof(*l->items),
		      str_cmp);
	return 0;
}
