/* cache: content-addressed bodies of remote refs (see cache.h). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "load/cache.h"
#include "util/path.h"
#include "util/strbuf.h"

int
cache_dir_default(char **out)
{
	const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
	struct strbuf b = STRBUF_INIT;

	*out = NULL;
	/* the XDG spec: a relative value is invalid and ignored */
	if (xdg != NULL && xdg[0] == '/')
		strbuf_printf(&b, "%s/asyncdoc", xdg);
	else if (home != NULL && home[0] != '\0')
		strbuf_printf(&b, "%s/.cache/asyncdoc", home);
	else
		return -1;
	*out = strbuf_take(&b);
	return *out != NULL ? 0 : -1;
}

/* dir/kind/hex as a new string, or NULL. */
static char *
entry_path(const char *dir, const char *kind, const char *hex)
{
	struct strbuf b = STRBUF_INIT;

	strbuf_printf(&b, "%s/%s/%s", dir, kind, hex);
	return strbuf_take(&b);
}

/*
 * Reads path whole when at most max bytes. 0 with *out, 1 when missing or
 * bigger, -1 (errno).
 */
static int
read_small(char **out, size_t *len, const char *path, size_t max)
{
	struct stat st;
	char *buf = NULL;
	size_t got = 0;
	ssize_t r;
	int fd, rc = -1;

	*out = NULL;
	*len = 0;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return errno == ENOENT || errno == ENOTDIR ? 1 : -1;
	if (fstat(fd, &st) != 0)
		goto out;
	if (!S_ISREG(st.st_mode) || (uintmax_t)st.st_size > max) {
		rc = 1;
		goto out;
	}
	buf = malloc((size_t)st.st_size + 1);
	if (buf == NULL)
		goto out;
	while (got < (size_t)st.st_size) {
		r = read(fd, buf + got, (size_t)st.st_size - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		got += (size_t)r;
	}
	if (got != (size_t)st.st_size) {
		rc = 1;
		goto out;
	}
	buf[got] = '\0';
	*out = buf;
	*len = got;
	buf = NULL;
	rc = 0;
out:
	free(buf);
	close(fd);
	return rc;
}

int
cache_get(char **out, size_t *len, const char *dir, const char *hex,
          size_t max)
{
	char got[SHA256_HEX_LEN + 1], *path;
	int rc;

	*out = NULL;
	*len = 0;
	if (!sha256_is_hex(hex))
		return 1;
	path = entry_path(dir, "sha256", hex);
	if (path == NULL)
		return -1;
	rc = read_small(out, len, path, max);
	free(path);
	if (rc != 0)
		return rc;
	sha256_hex(got, *out, *len);
	if (strcmp(got, hex) != 0) {
		free(*out);
		*out = NULL;
		*len = 0;
		return 1;
	}
	return 0;
}

/* Writes data as dir/kind/name, creating dir/kind. 0 or -1 (errno). */
static int
put(const char *dir, const char *kind, const char *name, const char *data,
    size_t len)
{
	struct strbuf folder = STRBUF_INIT;
	char *path = NULL;
	int rc = -1, err = ENOMEM;

	strbuf_printf(&folder, "%s/%s", dir, kind);
	path = entry_path(dir, kind, name);
	if (folder.oom || path == NULL)
		goto out;
	if (path_mkdir_parents(folder.p) != 0 ||
	    path_write_atomic(path, data, len) != 0) {
		err = errno;
		goto out;
	}
	rc = 0;
out:
	strbuf_free(&folder);
	free(path);
	if (rc != 0)
		errno = err;
	return rc;
}

int
cache_put(const char *dir, const char *hex, const char *body, size_t len)
{
	struct stat st;
	char *path;
	int have;

	if (!sha256_is_hex(hex)) {
		errno = EINVAL;
		return -1;
	}
	/* content-addressed: a body already there is this body */
	path = entry_path(dir, "sha256", hex);
	if (path == NULL)
		return -1;
	have = stat(path, &st) == 0 && S_ISREG(st.st_mode) &&
	       (uintmax_t)st.st_size == (uintmax_t)len;
	free(path);
	return have ? 0 : put(dir, "sha256", hex, body, len);
}

int
cache_url_get(char out[SHA256_HEX_LEN + 1], const char *dir, const char *url)
{
	char key[SHA256_HEX_LEN + 1], *path, *text = NULL;
	size_t len, n = strlen(url);
	int rc;

	sha256_hex(key, url, n);
	path = entry_path(dir, "url", key);
	if (path == NULL)
		return -1;
	rc = read_small(&text, &len, path, SHA256_HEX_LEN + n + 3);
	free(path);
	if (rc != 0)
		return rc;
	rc = 1;
	/* "<hex>\n<url>\n": the URL is checked, not trusted to the hash */
	if (len == SHA256_HEX_LEN + n + 2 && text[SHA256_HEX_LEN] == '\n' &&
	    memcmp(text + SHA256_HEX_LEN + 1, url, n) == 0 &&
	    text[len - 1] == '\n') {
		memcpy(out, text, SHA256_HEX_LEN);
		out[SHA256_HEX_LEN] = '\0';
		rc = sha256_is_hex(out) ? 0 : 1;
	}
	free(text);
	return rc;
}

int
cache_url_put(const char *dir, const char *url, const char *hex)
{
	char key[SHA256_HEX_LEN + 1];
	struct strbuf b = STRBUF_INIT;
	int rc;

	sha256_hex(key, url, strlen(url));
	strbuf_printf(&b, "%s\n%s\n", hex, url);
	if (b.oom) {
		errno = ENOMEM;
		return -1;
	}
	rc = put(dir, "url", key, b.p, b.len);
	strbuf_free(&b);
	return rc;
}
