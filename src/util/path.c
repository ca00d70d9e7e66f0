/*
 * path: file name helpers (see path.h).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/path.h"

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

int
path_remove_tree(const char *path)
{
	/* FTW_DEPTH: a folder's entries go before it; FTW_PHYS: no links. */
	return nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
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
