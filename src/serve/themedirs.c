/*
 * themedirs: a theme's folders, walked (see themedirs.h).
 */
#include "config.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "render/theme.h"
#include "serve/themedirs.h"
#include "util/array.h"
#include "util/path.h"

struct list {
	char **items;
	size_t n, cap;
};

/* Adds dir (a copy) unless listed. 1 added, 0 listed, -1 no memory. */
static int
add(struct list *l, const char *dir)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (strcmp(l->items[i], dir) == 0)
			return 0;
	if (ARRAY_RESERVE(l->items, l->n + 1, l->cap) < 0 ||
	    (l->items[l->n] = strdup(dir)) == NULL)
		return -1;
	l->n++;
	return 1;
}

/* Adds dir and its subfolders, depth levels deep at most. 0 or -1. */
static int
add_tree(struct list *l, const char *dir, int depth)
{
	const struct dirent *e;
	struct stat st;
	char *sub;
	DIR *d;
	int r = add(l, dir);

	/* (a folder listed already was walked then) */
	if (r <= 0 || depth == 0)
		return r < 0 ? -1 : 0;
	r = 0;
	d = opendir(dir);
	if (d == NULL)
		return 0;
	while (r == 0 && (e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		sub = path_join(dir, e->d_name);
		if (sub == NULL) {
			r = -1;
			break;
		}
		if (stat(sub, &st) == 0 && S_ISDIR(st.st_mode))
			r = add_tree(l, sub, depth - 1);
		free(sub);
	}
	closedir(d);
	return r;
}

int
themedirs_list(char ***out, size_t *n, const struct theme *t)
{
	struct list l = {NULL, 0, 0};
	size_t i;
	int r = 0;

	*out = NULL;
	*n = 0;
	for (i = 0; r == 0 && i < theme_dir_count(t); i++)
		r = add_tree(&l, theme_dir(t, i), THEME_ASSET_DEPTH);
	/* the shared assets/ (the themes' own are listed by now) */
	for (i = 0; r == 0 && i < theme_asset_dir_count(t); i++)
		r = add_tree(&l, theme_asset_dir(t, i), THEME_ASSET_DEPTH);
	if (r != 0) {
		themedirs_free(l.items, l.n);
		return -1;
	}
	*out = l.items;
	*n = l.n;
	return 0;
}

void
themedirs_free(char **list, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(list[i]);
	free(list);
}
