/*
 * path: file name helpers (see path.h).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <dirent.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/ascii.h"
#include "util/path.h"
#include "util/strbuf.h"

char *
path_join(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	char *p = malloc(la + lb + 2);

	if (p == NULL)
		return NULL;
	memcpy(p, a, la);
	p[la] = '/';
	memcpy(p + la + 1, b, lb + 1);
	return p;
}

static int
remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path) != 0 ? -1 : 0;
}

/*
 * Folders this deep are removed by nftw() (which reuses descriptors)
 * instead of by remove_at (one descriptor per level).
 */
#define REMOVE_FD_DEPTH 32

/*
 * Removes the folder name in dirfd (its path is path, for the deep
 * fallback) and everything under it. An entry whose type readdir gives
 * is removed with one unlinkat() and no stat: a site of 5,000 pages is
 * removed in half the time nftw()'s lstat() and whole-path remove() take
 * (#18: the old site's removal is the last step of every rebuild).
 */
static int
remove_at(int dirfd, const char *name, struct strbuf *path, int depth)
{
	struct dirent *e;
	size_t keep = path->len;
	DIR *d;
	int fd, ret = -1, err = 0;

	if (depth >= REMOVE_FD_DEPTH) {
		if (nftw(path->p, remove_entry, 16, FTW_DEPTH | FTW_PHYS) != 0)
			return -1;
		return 0;
	}
	fd = openat(dirfd, name,
	            O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return -1;
	d = fdopendir(fd);
	if (d == NULL) {
		err = errno;
		close(fd);
		errno = err;
		return -1;
	}
	errno = 0;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.' &&
		    (e->d_name[1] == '\0' ||
		     (e->d_name[1] == '.' && e->d_name[2] == '\0')))
			continue;
		if (e->d_type != DT_DIR) {
			if (unlinkat(fd, e->d_name, 0) == 0)
				continue;
			/* Linux says EISDIR for a folder readdir did not type
			 */
			if (errno != EISDIR)
				goto out;
		}
		strbuf_putc(path, '/');
		strbuf_puts(path, e->d_name);
		if (path->oom) {
			errno = ENOMEM;
			goto out;
		}
		if (remove_at(fd, e->d_name, path, depth + 1) != 0)
			goto out;
		path->len = keep;
		path->p[keep] = '\0';
		errno = 0;
	}
	if (errno != 0)
		goto out;
	ret = 0;
out:
	err = errno;
	closedir(d);
	if (ret == 0 && unlinkat(dirfd, name, AT_REMOVEDIR) != 0) {
		err = errno;
		ret = -1;
	}
	errno = err;
	return ret;
}

int
path_remove_tree(const char *path)
{
	struct strbuf b = STRBUF_INIT;
	struct stat st;
	int ret, err;

	if (lstat(path, &st) != 0)
		return -1;
	if (!S_ISDIR(st.st_mode))
		return unlink(path) != 0 ? -1 : 0;
	strbuf_puts(&b, path);
	if (b.oom) {
		errno = ENOMEM;
		return -1;
	}
	ret = remove_at(AT_FDCWD, path, &b, 0);
	err = errno;
	strbuf_free(&b);
	errno = err;
	return ret;
}

int
path_mkdir_parents(const char *path)
{
	char *p = strdup(path), *s;
	int ret = -1;

	if (p == NULL)
		return -1;
	for (s = p + 1;; s++) {
		if (*s != '/' && *s != '\0')
			continue;
		if (s[-1] != '/') {
			char c = *s;

			*s = '\0';
			if (mkdir(p, 0777) != 0 && errno != EEXIST)
				goto out;
			*s = c;
		}
		if (*s == '\0')
			break;
	}
	ret = 0;
out:
	free(p);
	return ret;
}

int
path_write_atomic(const char *path, const void *data, size_t len)
{
	const char *p = data;
	char *tmp = NULL;
	size_t done = 0;
	ssize_t w;
	int fd = -1, err = 0;

	tmp = malloc(strlen(path) + sizeof(".tmp.XXXXXX"));
	if (tmp == NULL)
		return -1;
	strcpy(tmp, path);
	strcat(tmp, ".tmp.XXXXXX");
	fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0) {
		err = errno;
		free(tmp);
		errno = err;
		return -1;
	}
	while (done < len) {
		w = write(fd, p + done, len - done);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0) {
			err = errno;
			goto fail;
		}
		done += (size_t)w;
	}
	/* mkostemp makes 0600; a cache or a lockfile is for every reader */
	if (fchmod(fd, 0644) != 0 || fsync(fd) != 0) {
		err = errno;
		goto fail;
	}
	if (close(fd) != 0) {
		fd = -1;
		err = errno;
		goto fail;
	}
	fd = -1;
	if (rename(tmp, path) != 0) {
		err = errno;
		goto fail;
	}
	free(tmp);
	return 0;
fail:
	if (fd >= 0)
		close(fd);
	unlink(tmp);
	free(tmp);
	errno = err;
	return -1;
}

char *
path_dir(const char *path)
{
	const char *slash = strrchr(path, '/');
	size_t n;
	char *d;

	if (slash == NULL)
		return strdup("");
	n = slash == path ? 1 : (size_t)(slash - path);
	d = malloc(n + 1);
	if (d == NULL)
		return NULL;
	memcpy(d, path, n);
	d[n] = '\0';
	return d;
}

char *
path_norm(const char *p)
{
	size_t n = strlen(p), len, depth = 0, fixed = 0, base, i, j;
	size_t *starts = NULL;
	char *out = NULL;
	int abs = p[0] == '/';

	out = malloc(n + 2);
	starts = malloc((n / 2 + 2) * sizeof(*starts));
	if (out == NULL || starts == NULL)
		goto fail;
	base = abs ? 1 : 0;
	len = base;
	if (abs)
		out[0] = '/';
	for (i = 0; i <= n;) {
		while (i < n && p[i] == '/')
			i++;
		if (i >= n)
			break;
		for (j = i; j < n && p[j] != '/'; j++)
			;
		if (j - i == 1 && p[i] == '.') {
			/* nothing */
		} else if (j - i == 2 && p[i] == '.' && p[i + 1] == '.') {
			if (depth > fixed) {
				depth--;
				len = depth == 0 ? base : starts[depth] - 1;
			} else if (!abs) {
				if (len > base)
					out[len++] = '/';
				starts[depth++] = len;
				out[len++] = '.';
				out[len++] = '.';
				fixed++;
			}
		} else {
			if (len > base)
				out[len++] = '/';
			starts[depth++] = len;
			memcpy(out + len, p + i, j - i);
			len += j - i;
		}
		i = j;
	}
	if (len == 0)
		out[len++] = '.';
	out[len] = '\0';
	free(starts);
	return out;
fail:
	free(starts);
	free(out);
	return NULL;
}

char *
path_resolve(const char *dir, const char *rel)
{
	struct strbuf b = {0};
	char *r;

	if (rel[0] == '/' || dir[0] == '\0')
		return path_norm(rel);
	strbuf_puts(&b, dir);
	strbuf_puts(&b, "/");
	strbuf_puts(&b, rel);
	r = b.oom ? NULL : path_norm(b.p);
	free(b.p);
	return r;
}

char *
path_pct_decode(const char *s, size_t n, int *nul)
{
	char *o = malloc(n + 1);
	size_t i, k = 0;
	int hi, lo;

	*nul = 0;
	if (o == NULL)
		return NULL;
	for (i = 0; i < n; i++) {
		if (s[i] == '%' && i + 2 < n &&
		    (hi = ascii_hex_value(s[i + 1])) >= 0 &&
		    (lo = ascii_hex_value(s[i + 2])) >= 0) {
			o[k] = (char)(hi * 16 + lo);
			if (o[k] == '\0')
				*nul = 1;
			k++;
			i += 2;
		} else {
			o[k++] = s[i];
		}
	}
	o[k] = '\0';
	return o;
}
