/* lock: the lockfile of remote refs (see lock.h). */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "load/lock.h"
#include "util/array.h"
#include "util/hmap.h"
#include "util/path.h"
#include "util/sha256.h"
#include "util/strbuf.h"

struct lock_entry {
	char *url;
	char hex[SHA256_HEX_LEN + 1];
	size_t size;
};

struct lock {
	char *path;
	struct lock_entry *e;
	size_t n, cap;
	struct hmap index; /* url -> entry number + 1 */
	int exists, dirty;
};

#define LOCK_HEADER                                                            \
	"# asyncdoc lockfile: the remote $refs the spec reads, with the "      \
	"SHA-256\n# and the size in bytes of each body. Written by "         \
	"`asyncdoc fetch` and\n# --update-lock; keep it under version "      \
	"control.\n"

const char *
lock_path(const struct lock *l)
{
	return l->path;
}

int
lock_exists(const struct lock *l)
{
	return l->exists;
}

int
lock_dirty(const struct lock *l)
{
	return l->dirty;
}

size_t
lock_count(const struct lock *l)
{
	return l->n;
}

int
lock_find(const char **hex, size_t *size, const struct lock *l,
          const char *url)
{
	void *v;
	const struct lock_entry *e;

	if (!hmap_find_str(&l->index, url, &v))
		return 0;
	e = &l->e[(uintptr_t)v - 1];
	*hex = e->hex;
	*size = e->size;
	return 1;
}

int
lock_set(struct lock *l, const char *url, const char *hex, size_t size)
{
	struct lock_entry *e;
	void *v;

	if (hmap_find_str(&l->index, url, &v)) {
		e = &l->e[(uintptr_t)v - 1];
	} else {
		if (ARRAY_RESERVE(l->e, l->n + 1, l->cap) < 0)
			return -1;
		e = &l->e[l->n];
		e->url = strdup(url);
		if (e->url == NULL)
			return -1;
		/* the map borrows the entry's own copy of the URL */
		if (hmap_put_str(&l->index, e->url,
		                 (void *)(uintptr_t)(l->n + 1)) < 0) {
			free(e->url);
			return -1;
		}
		l->n++;
		e->hex[0] = '\0';
		e->size = (size_t)-1;
	}
	if (strcmp(e->hex, hex) != 0 || e->size != size) {
		snprintf(e->hex, sizeof(e->hex), "%s", hex);
		e->size = size;
		l->dirty = 1;
	}
	return 0;
}

void
lock_clear(struct lock *l)
{
	size_t i;

	if (l->n > 0)
		l->dirty = 1;
	for (i = 0; i < l->n; i++)
		free(l->e[i].url);
	l->n = 0;
	hmap_clear(&l->index);
}

void
lock_free(struct lock *l)
{
	if (l == NULL)
		return;
	lock_clear(l);
	free(l->e);
	hmap_free(&l->index);
	free(l->path);
	free(l);
}

/* Parses one line (NUL-terminated, no newline). 0, or -1 when malformed. */
static int
parse_line(struct lock *l, char *s, int *oom)
{
	char *sp1, *sp2, *end;
	unsigned long long size;

	sp1 = strchr(s, ' ');
	if (sp1 == NULL || sp1 == s)
		return -1;
	*sp1 = '\0';
	sp2 = strchr(sp1 + 1, ' ');
	if (sp2 == NULL || strncmp(sp1 + 1, "sha256:", 7) != 0)
		return -1;
	*sp2 = '\0';
	if (!sha256_is_hex(sp1 + 8) || sp2[1] < '0' || sp2[1] > '9')
		return -1;
	errno = 0;
	size = strtoull(sp2 + 1, &end, 10);
	if (errno != 0 || *end != '\0' || size > SIZE_MAX)
		return -1;
	if (lock_set(l, s, sp1 + 8, (size_t)size) < 0) {
		*oom = 1;
		return -1;
	}
	return 0;
}

/* Reads the lines of fp into l. 0 or -1 (reported). */
static int
parse(struct lock *l, FILE *fp, struct diag_list *diags)
{
	char *line = NULL;
	size_t cap = 0, no = 0;
	ssize_t n;
	int oom = 0, rc = 0;

	while ((n = getline(&line, &cap, fp)) >= 0) {
		no++;
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		if (n == 0 || line[0] == '#')
			continue;
		if (strlen(line) != (size_t)n || parse_line(l, line, &oom) < 0) {
			if (oom)
				diag_oom(diags, l->path);
			else
				diag_add(diags, DIAG_ERROR, l->path,
				         (uint32_t)no, 1, "lock-syntax",
				         "this line is not '<url> "
				         "sha256:<64 hex digits> <size>'");
			rc = -1;
			break;
		}
	}
	free(line);
	if (rc == 0 && ferror(fp)) {
		diag_add(diags, DIAG_ERROR, l->path, 0, 0, "io-error",
		         "cannot read the lockfile: %s", strerror(errno));
		rc = -1;
	}
	return rc;
}

int
lock_load(struct lock **out, const char *path, struct diag_list *diags)
{
	struct lock *l = calloc(1, sizeof(*l));
	FILE *fp;

	*out = NULL;
	if (l == NULL || (l->path = strdup(path)) == NULL) {
		free(l);
		diag_oom(diags, path);
		return -1;
	}
	fp = fopen(path, "re");
	if (fp == NULL && errno != ENOENT) {
		diag_add(diags, DIAG_ERROR, path, 0, 0, "io-error",
		         "cannot read the lockfile: %s", strerror(errno));
		lock_free(l);
		return -1;
	}
	if (fp != NULL) {
		l->exists = 1;
		if (parse(l, fp, diags) < 0) {
			fclose(fp);
			lock_free(l);
			return -1;
		}
		fclose(fp);
	}
	l->dirty = 0;
	*out = l;
	return 0;
}

static int
by_url(const void *a, const void *b)
{
	return strcmp(((const struct lock_entry *)a)->url,
	              ((const struct lock_entry *)b)->url);
}

int
lock_save(struct lock *l, struct diag_list *diags)
{
	struct strbuf b = STRBUF_INIT;
	size_t i;
	int rc = -1;

	/* sorting moves entries: the index is rebuilt */
	qsort(l->e, l->n, sizeof(*l->e), by_url);
	hmap_clear(&l->index);
	strbuf_puts(&b, LOCK_HEADER);
	for (i = 0; i < l->n; i++) {
		if (hmap_put_str(&l->index, l->e[i].url,
		                 (void *)(uintptr_t)(i + 1)) < 0)
			b.oom = 1;
		strbuf_printf(&b, "%s sha256:%s %zu\n", l->e[i].url,
		              l->e[i].hex, l->e[i].size);
	}
	if (b.oom) {
		diag_oom(diags, l->path);
		goto out;
	}
	if (path_write_atomic(l->path, b.p, b.len) != 0) {
		diag_add(diags, DIAG_ERROR, l->path, 0, 0, "io-error",
		         "cannot write the lockfile: %s", strerror(errno));
		goto out;
	}
	l->exists = 1;
	l->dirty = 0;
	rc = 0;
out:
	strbuf_free(&b);
	return rc;
}
