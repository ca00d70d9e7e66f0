/*
 * speclist: the AsyncAPI documents of a folder (see speclist.h).
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "site/speclist.h"
#include "util/array.h"
#include "util/path.h"

/* How deep the search goes: far past any real repository's layout. */
#define SPECLIST_MAX_DEPTH 32
/* The key is near the top of every real document. */
#define SNIFF_MAX (1024 * 1024)
/* A version is a hint: a short read is enough for any real document. */
#define VERSION_SNIFF_MAX (64 * 1024)

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

/*
 * YAML: "asyncapi" (bare or quoted) then ':' at the start of a line. The
 * offset just past the ':', or -1.
 */
static long
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
				return (long)k + 1;
		}
		while (i < n && s[i] != '\n')
			i++;
		i++;
	}
	return -1;
}

/*
 * JSON: a member "asyncapi" of the outermost object. The offset just past
 * its ':', or -1.
 */
static long
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
						return (long)k + 1;
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
	return -1;
}

/*
 * The first max bytes of the regular file at path in *buf (malloc'ed, with
 * a NUL after them), *whole set when that is the whole file, and the
 * offset just past the ':' of its top-level asyncapi key, or -1 (*buf NULL
 * when the file could not be read). O_NONBLOCK and the type check: a FIFO
 * or a device must not hang or feed the sniff (a build sniffs its spec on
 * a thread before the load says it is no regular file).
 */
static long
sniff(char **buf, int *whole, const char *path, size_t max)
{
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	size_t n = 0, i = 0;
	struct stat st;
	ssize_t r;
	long at;

	*buf = NULL;
	*whole = 0;
	if (fd < 0)
		return -1;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) ||
	    (*buf = malloc(max + 1)) == NULL) {
		close(fd);
		return -1;
	}
	while (n < max) {
		r = read(fd, *buf + n, max - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			*whole = r == 0;
			break;
		}
		n += (size_t)r;
	}
	close(fd);
	(*buf)[n] = '\0';
	if (n >= 3 && memcmp(*buf, "\xef\xbb\xbf", 3) == 0)
		i = 3;
	while (i < n && strchr(" \t\r\n", (*buf)[i]) != NULL &&
	       (*buf)[i] != '\0')
		i++;
	if (i >= n)
		return -1;
	at = (*buf)[i] == '{' ? json_top_key(*buf + i, n - i)
	                      : yaml_top_key(*buf + i, n - i);
	return at < 0 ? -1 : (long)i + at;
}

int
speclist_is_asyncapi(const char *path)
{
	char *buf;
	int whole;
	long at = sniff(&buf, &whole, path, SNIFF_MAX);

	free(buf);
	return at >= 0;
}

int
speclist_version(char *out, size_t size, const char *path)
{
	char *buf;
	int whole, ok;
	long at = sniff(&buf, &whole, path, VERSION_SNIFF_MAX);
	const char *v;
	size_t n = 0;
	char quote = 0;

	if (size > 0)
		out[0] = '\0';
	if (at < 0) {
		free(buf);
		return -1;
	}
	v = buf + at;
	while (*v == ' ' || *v == '\t')
		v++;
	if (*v == '"' || *v == '\'')
		quote = *v++;
	/* a version's characters only: anything else is no version */
	while ((v[n] >= '0' && v[n] <= '9') || v[n] == '.' || v[n] == '-' ||
	       (v[n] >= 'a' && v[n] <= 'z') || (v[n] >= 'A' && v[n] <= 'Z'))
		n++;
	/* ended by its quote, a separator, or the file's end (not the read's)
	 */
	if (quote != 0)
		ok = v[n] == quote;
	else if (v[n] == '\0')
		ok = whole;
	else
		ok = strchr(" \t\r\n,}#", v[n]) != NULL;
	if (n == 0 || n >= size || !ok) {
		free(buf);
		return -1;
	}
	memcpy(out, v, n);
	out[n] = '\0';
	free(buf);
	return 0;
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
