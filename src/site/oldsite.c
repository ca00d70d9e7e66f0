/*
 * oldsite: the previous site's files hashed beside the load (see oldsite.h).
 */
#include "config.h"

#include <dirent.h>
#include <stdint.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "site/oldsite.h"
#include "site/site.h"
#include "util/array.h"
#include "util/hash.h"
#include "util/hmap.h"
#include "util/strbuf.h"

/* Folders deeper than this are not read (a site is a few levels deep). */
#define OLDSITE_DEPTH_MAX 32

struct entry {
	size_t size;
	struct hash128 h;
	char path[]; /* relative to the site's root */
};

struct oldsite {
	char *dir;
	pthread_t tid;
	int running;  /* a thread to join */
	int stop;     /* asked to stop (read and written with __atomic) */
	int complete; /* the walk reached its end */
	int extra;    /* saw more than regular files in folders holding some */
	int usable;   /* finish said yes */
	dev_t dev;
	ino_t ino;
	struct hmap files; /* path -> struct entry */
	struct entry **list;
	size_t n, cap;
	unsigned char *buf;
};

enum { BUF_SIZE = 64 * 1024 };

/* Reads the regular file name in dirfd into its digest. 0, or -1 (left
 * out: unreadable, or out of memory). */
static int
read_file(struct oldsite *o, int dirfd, const char *name, const char *rel)
{
	struct hash_content hc;
	struct entry *e;
	size_t len = strlen(rel);
	ssize_t r;
	int fd;

	fd = openat(dirfd, name,
	            O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
	if (fd < 0)
		return -1;
	hash_content_init(&hc);
	for (;;) {
		r = read(fd, o->buf, BUF_SIZE);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		hash_content_update(&hc, o->buf, (size_t)r);
	}
	close(fd);
	if (r < 0)
		return -1;
	if (ARRAY_RESERVE(o->list, o->n + 1, o->cap) < 0)
		return -1;
	e = malloc(sizeof(*e) + len + 1);
	if (e == NULL)
		return -1;
	e->size = (size_t)hc.len;
	hash_content_final(&e->h, &hc);
	memcpy(e->path, rel, len + 1);
	if (hmap_put_str(&o->files, e->path, e) != 0) {
		free(e);
		return -1;
	}
	o->list[o->n++] = e;
	return 0;
}

/*
 * Reads the folder fd (rel its path from the root, "" for the root) and
 * closes fd. 0 when every entry was read, -1 when something was left out
 * or the walk was stopped.
 */
static int
walk(struct oldsite *o, int fd, struct strbuf *rel, int depth)
{
	size_t keep = rel->len, before = o->n;
	struct dirent *e;
	struct stat st;
	int ret = 0, sub, dir;
	DIR *d = fdopendir(fd);

	if (d == NULL) {
		close(fd);
		return -1;
	}
	while ((e = readdir(d)) != NULL) {
		if (__atomic_load_n(&o->stop, __ATOMIC_RELAXED)) {
			ret = -1;
			break;
		}
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		if (e->d_type == DT_UNKNOWN) {
			if (fstatat(fd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) !=
			    0)
				continue;
			dir = S_ISDIR(st.st_mode);
			if (!dir && !S_ISREG(st.st_mode)) {
				o->extra = 1;
				continue;
			}
		} else if (e->d_type == DT_DIR) {
			dir = 1;
		} else if (e->d_type == DT_REG) {
			dir = 0;
		} else {
			/* links and the rest: never linked, never the same */
			o->extra = 1;
			continue;
		}
		if (keep > 0)
			strbuf_putc(rel, '/');
		strbuf_puts(rel, e->d_name);
		if (rel->oom) {
			ret = -1;
			break;
		}
		if (!dir) {
			if (read_file(o, fd, e->d_name, rel->p) != 0)
				ret = -1;
		} else if (depth < OLDSITE_DEPTH_MAX &&
		           (sub = openat(fd, e->d_name,
		                         O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
		                                 O_CLOEXEC)) >= 0) {
			if (walk(o, sub, rel, depth + 1) != 0)
				ret = -1;
		} else {
			ret = -1;
		}
		rel->len = keep;
		rel->p[keep] = '\0';
	}
	closedir(d);
	/* a folder without files would not be in a new site */
	if (depth > 0 && o->n == before)
		o->extra = 1;
	return ret;
}

static void *
run(void *arg)
{
	struct oldsite *o = arg;
	struct strbuf rel = STRBUF_INIT;
	int fd;

	fd = open(o->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	/* the folder read is the one the digests are of */
	strbuf_puts(&rel, "");
	if (rel.oom) {
		close(fd);
		return NULL;
	}
	if (walk(o, fd, &rel, 0) == 0)
		o->complete = 1;
	strbuf_free(&rel);
	return NULL;
}

int
oldsite_start(struct oldsite **out, const char *dir)
{
	struct oldsite *o;
	struct stat st;
	char *marker;
	int ours;

	*out = NULL;
	if (dir == NULL || stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
		return 0;
	marker = malloc(strlen(dir) + sizeof(SITE_MARKER) + 1);
	if (marker == NULL)
		return 0;
	strcpy(marker, dir);
	strcat(marker, "/" SITE_MARKER);
	ours = access(marker, F_OK) == 0;
	free(marker);
	if (!ours)
		return 0;
	o = calloc(1, sizeof(*o));
	if (o == NULL)
		return 0;
	o->dev = st.st_dev;
	o->ino = st.st_ino;
	o->dir = strdup(dir);
	o->buf = malloc(BUF_SIZE);
	if (o->dir == NULL || o->buf == NULL ||
	    pthread_create(&o->tid, NULL, run, o) != 0) {
		oldsite_free(o);
		return 0;
	}
	o->running = 1;
	*out = o;
	return 0;
}

int
oldsite_finish(struct oldsite *o, const char *dir)
{
	struct stat st;

	if (o == NULL)
		return 0;
	if (o->running) {
		pthread_join(o->tid, NULL);
		o->running = 0;
		free(o->buf);
		o->buf = NULL;
		/*
		 * Read to the end, and the folder at dir is the one read: a
		 * build that swapped another site in since made a new folder
		 * (a new inode) there.
		 */
		o->usable = o->complete && dir != NULL && stat(dir, &st) == 0 &&
		            st.st_dev == o->dev && st.st_ino == o->ino;
	}
	return o->usable;
}

int
oldsite_same(const struct oldsite *o, const char *rel, const void *data,
             size_t len)
{
	const struct entry *e;
	struct hash128 h;

	if (o == NULL || !o->usable ||
	    (e = hmap_get_str(&o->files, rel)) == NULL || e->size != len)
		return 0;
	hash_content(&h, data, len);
	return h.a == e->h.a && h.b == e->h.b;
}

int
oldsite_has(const struct oldsite *o, const char *rel)
{
	return o != NULL && o->usable && hmap_get_str(&o->files, rel) != NULL;
}

size_t
oldsite_files(const struct oldsite *o)
{
	if (o == NULL || !o->usable || o->extra)
		return SIZE_MAX;
	return o->n;
}

void
oldsite_free(struct oldsite *o)
{
	size_t i;

	if (o == NULL)
		return;
	if (o->running) {
		__atomic_store_n(&o->stop, 1, __ATOMIC_RELAXED);
		pthread_join(o->tid, NULL);
	}
	hmap_free(&o->files);
	for (i = 0; i < o->n; i++)
		free(o->list[i]);
	free(o->list);
	free(o->buf);
	free(o->dir);
	free(o);
}
