/*
 * site: staging folder and atomic swap (see site.h).
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "util/clock.h"
#include "util/path.h"
#include "util/strbuf.h"
#include "render/render.h"
#include "site/oldsite.h"
#include "site/site.h"
#include "render/theme.h"

/* Asset folders deeper than this are a loop or a mistake. */
#define ASSET_DEPTH_MAX 32

static const char marker_text[] =
        "This folder was written by asyncdoc and is replaced by each build.\n";

static int
io_error(struct diag_list *diags, const char *dir, const char *what,
         const char *path, int err)
{
	diag_add(diags, DIAG_ERROR, dir, 0, 0, "output-error", "%s %s: %s",
	         what, path, strerror(err));
	return -1;
}

static int
nomem(struct diag_list *diags)
{
	return diag_oom(diags, NULL);
}

/* 1 when dir has no entry but . and .., 0 when it has, -1 on error. */
static int
dir_is_empty(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int empty = 1;

	if (d == NULL)
		return -1;
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") != 0 &&
		    strcmp(e->d_name, "..") != 0) {
			empty = 0;
			break;
		}
	}
	closedir(d);
	return empty;
}

/* 1 when path is inside dir (or is dir), both absolute and resolved. */
static int
path_within(const char *path, const char *dir)
{
	size_t n = strlen(dir);

	if (strcmp(dir, "/") == 0)
		return 1;
	return strncmp(path, dir, n) == 0 &&
	       (path[n] == '\0' || path[n] == '/');
}

/* Writes all of len bytes to fd. 0 or -1 (errno). */
static int
write_all(int fd, const char *data, size_t len)
{
	ssize_t w;

	while (len > 0) {
		w = write(fd, data, len);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		data += w;
		len -= (size_t)w;
	}
	return 0;
}

/* Writes len bytes of data as path (mode 0666 less the umask). */
static int
write_file(const char *path, const char *data, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
	int err;

	if (fd < 0)
		return -1;
	if (write_all(fd, data, len) != 0) {
		err = errno;
		close(fd);
		errno = err;
		return -1;
	}
	return close(fd);
}

/* A page file being written (render_write_fn). */
struct page_sink {
	int fd;
	int err; /* errno of the failed write, 0 when none */
};

static int
sink_write(void *arg, const char *data, size_t len)
{
	struct page_sink *sink = arg;

	if (write_all(sink->fd, data, len) != 0) {
		sink->err = errno;
		return -1;
	}
	return 0;
}

/* Copies the regular file src to dst. 0 or -1 (errno). */
static int
copy_file(const char *src, const char *dst)
{
	char buf[65536];
	int in = -1, out = -1, err;
	ssize_t r, w, off;

	in = open(src, O_RDONLY | O_CLOEXEC);
	if (in < 0)
		return -1;
	out = open(dst, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
	if (out < 0)
		goto fail;
	for (;;) {
		r = read(in, buf, sizeof(buf));
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			goto fail;
		if (r == 0)
			break;
		for (off = 0; off < r; off += w) {
			w = write(out, buf + off, (size_t)(r - off));
			if (w < 0 && errno == EINTR)
				w = 0;
			else if (w < 0)
				goto fail;
		}
	}
	close(in);
	return close(out);
fail:
	err = errno;
	close(in);
	if (out >= 0)
		close(out);
	errno = err;
	return -1;
}

/*
 * Copies the tree src into dst (which exists): folders, and regular files
 * (also through symbolic links); other entries and symbolic links to
 * folders are skipped. Files already in dst are replaced.
 */
static int
copy_tree(const char *src, const char *dst, int depth, const char *site,
          struct diag_list *diags)
{
	DIR *d = NULL;
	struct dirent *e;
	struct stat st;
	char *from = NULL, *to = NULL;
	int ret = -1;

	if (depth > ASSET_DEPTH_MAX) {
		diag_add(diags, DIAG_ERROR, site, 0, 0, "output-error",
		         "asset folders nested deeper than %d in %s",
		         ASSET_DEPTH_MAX, src);
		return -1;
	}
	d = opendir(src);
	if (d == NULL)
		return io_error(diags, site, "cannot read", src, errno);
	while ((errno = 0, e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		free(from);
		free(to);
		from = path_join(src, e->d_name);
		to = path_join(dst, e->d_name);
		if (from == NULL || to == NULL) {
			nomem(diags);
			goto out;
		}
		if (lstat(from, &st) != 0) {
			io_error(diags, site, "cannot read", from, errno);
			goto out;
		}
		if (S_ISDIR(st.st_mode)) {
			if (mkdir(to, 0777) != 0 && errno != EEXIST) {
				io_error(diags, site, "cannot create", to,
				         errno);
				goto out;
			}
			if (copy_tree(from, to, depth + 1, site, diags) != 0)
				goto out;
			continue;
		}
		if (S_ISLNK(st.st_mode) &&
		    (stat(from, &st) != 0 || !S_ISREG(st.st_mode)))
			continue;
		if (!S_ISREG(st.st_mode))
			continue;
		if (copy_file(from, to) != 0) {
			io_error(diags, site, "cannot copy", from, errno);
			goto out;
		}
	}
	if (errno != 0) {
		io_error(diags, site, "cannot read", src, errno);
		goto out;
	}
	ret = 0;
out:
	free(from);
	free(to);
	closedir(d);
	return ret;
}

/*
 * 1 when a page path is a plain relative path (no "..", ".", empty or
 * absolute parts), so that it stays inside the staging folder.
 */
static int
page_path_ok(const char *path)
{
	const char *p = path, *end;
	size_t n;

	if (path[0] == '\0' || path[0] == '/')
		return 0;
	for (;;) {
		end = strchr(p, '/');
		n = end != NULL ? (size_t)(end - p) : strlen(p);
		if (n == 0 || (n == 1 && p[0] == '.') ||
		    (n == 2 && p[0] == '.' && p[1] == '.'))
			return 0;
		if (end == NULL)
			return 1;
		p = end + 1;
	}
}

/*
 * Writes page i of out under root, creating its folders. The page's bytes
 * go straight to the file as render makes them.
 */
/* A page made whole in memory (render_write_fn). */
static int
buf_write(void *arg, const char *data, size_t len)
{
	struct strbuf *b = arg;

	strbuf_putn(b, data, len);
	return b->oom ? -1 : 0;
}

/*
 * 1 when the file at path holds exactly data[0..len). No fstat(): each
 * read asks for one byte more than is left, so the read that comes back
 * short (a regular file's end) proves the size; a page is one open, one
 * read and one close (#18). O_NONBLOCK: a FIFO put in the old site must
 * not hang the build (its read fails, so it is not the same).
 */
static int
same_file(const char *path, const char *data, size_t len)
{
	char buf[65536];
	size_t off = 0, want;
	ssize_t r;
	int fd, same = 0;

	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
	if (fd < 0)
		return 0;
	for (;;) {
		want = len - off < sizeof(buf) ? len - off + 1 : sizeof(buf);
		r = read(fd, buf, want);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0 || (size_t)r > len - off ||
		    memcmp(buf, data + off, (size_t)r) != 0)
			goto out;
		off += (size_t)r;
		if ((size_t)r < want)
			break; /* the end */
	}
	same = off == len;
out:
	close(fd);
	return same;
}

/*
 * Creates the folders of path up to slash (which points into path at the
 * slash before the file's name). 0, or -1 with errno set.
 */
static int
make_parent(char *path, char *slash)
{
	int r, e;

	*slash = '\0';
	r = path_mkdir_parents(path);
	e = errno;
	*slash = '/';
	errno = e;
	return r;
}

/*
 * link(old, path), or open(path, flags, 0666) when old is NULL, making the
 * folders of path below root when the call says one is missing: a mkdir
 * of every folder of every page was 4 failed system calls a page (#18).
 * The link's 0 or the open's descriptor; -1 with errno set (a folder that
 * could not be made gives mkdir's errno).
 */
static int
make_entry(const char *old, char *path, const char *root, int flags)
{
	char *slash;
	int r = old != NULL ? link(old, path) : open(path, flags, 0666);

	if (r >= 0 || errno != ENOENT)
		return r;
	slash = strrchr(path, '/');
	if (slash == NULL || slash <= path + strlen(root))
		return -1;
	if (make_parent(path, slash) != 0)
		return -1;
	return old != NULL ? link(old, path) : open(path, flags, 0666);
}

/*
 * Incremental: the page is made in memory; when the previous site has
 * the same bytes at the same path, that file is hard-linked into the
 * staging folder instead of written (same inode, same mtime: nothing to
 * upload for rsync, nothing new for a browser cache). *linked tells.
 */
/*
 * With olds (the old site read beside the load), a page with the old
 * bytes is not linked here: *linked says it is the same, and fill() links
 * it later, or leaves the whole old site in place when nothing differs.
 */
static int
write_page_prev(const char *root, const char *prev, const struct oldsite *olds,
                const struct render_output *out, size_t i, const char *site,
                int *linked, struct diag_list *diags)
{
	const struct render_page *page = &out->pages[i];
	struct strbuf b = STRBUF_INIT;
	char *path = NULL, *old = NULL;
	int ret = -1, fd = -1;

	*linked = 0;
	if (!page_path_ok(page->path)) {
		diag_add(diags, DIAG_ERROR, site, 0, 0, "output-error",
		         "refusing page path \"%s\"", page->path);
		return -1;
	}
	path = path_join(root, page->path);
	old = path_join(prev, page->path);
	if (path == NULL || old == NULL) {
		nomem(diags);
		goto out;
	}
	strbuf_puts(&b, "");
	if (render_page_write(out, i, buf_write, &b, diags) != 0) {
		if (b.oom)
			nomem(diags);
		goto out;
	}
	if (olds != NULL && oldsite_same(olds, page->path, b.p, b.len)) {
		*linked = 1;
		ret = 0;
		goto out;
	}
	if (olds == NULL && same_file(old, b.p, b.len) &&
	    make_entry(old, path, root, 0) == 0) {
		*linked = 1;
		ret = 0;
		goto out;
	}
	/*
	 * O_EXCL: the stage starts empty, and a file linked from the old
	 * site must never be written through.
	 */
	fd = make_entry(NULL, path, root,
	                O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC);
	if (fd < 0 || write_all(fd, b.p, b.len) != 0) {
		io_error(diags, site, "cannot write", path, errno);
		goto out;
	}
	if (close(fd) != 0) {
		fd = -1;
		io_error(diags, site, "cannot write", path, errno);
		goto out;
	}
	fd = -1;
	ret = 0;
out:
	if (fd >= 0)
		close(fd);
	strbuf_free(&b);
	free(path);
	free(old);
	return ret;
}

/*
 * Links page i of the previous site into root (the deferred links). When
 * the link fails (the old file went away since it was read), the page is
 * made again and written, as write_page_prev() does without olds.
 */
static int
link_page(const char *root, const char *prev, const struct render_output *out,
          size_t i, const char *site, struct diag_list *diags)
{
	const char *rel = out->pages[i].path;
	char *path = path_join(root, rel), *old = path_join(prev, rel);
	int ret = -1, linked;

	if (path == NULL || old == NULL) {
		nomem(diags);
		goto out;
	}
	if (make_entry(old, path, root, 0) == 0)
		ret = 0;
	else
		ret = write_page_prev(root, prev, NULL, out, i, site, &linked,
		                      diags);
out:
	free(path);
	free(old);
	return ret;
}

/*
 * A writer thread's open folders of the staging folder (#18): a page is
 * opened relative to its folder's descriptor, so the kernel walks one name
 * instead of the stage's whole path for each of thousands of pages, and no
 * path is put together unless an error needs it. The pages of a folder
 * come one after the other, so a few entries serve a site.
 */
#define DIR_CACHE_SIZE 4

struct dir_cache {
	int root; /* the stage (the pool's) */
	struct {
		char *rel; /* NULL: a free slot */
		int fd;
	} e[DIR_CACHE_SIZE];
	size_t next; /* the slot taken next when all are used */
};

static void
dir_cache_clear(struct dir_cache *c)
{
	size_t i;

	for (i = 0; i < DIR_CACHE_SIZE; i++) {
		if (c->e[i].rel != NULL)
			close(c->e[i].fd);
		free(c->e[i].rel);
		c->e[i].rel = NULL;
	}
}

/*
 * mkdir of rel and the folders above it, under the folder root. 0, or -1
 * with errno set.
 */
static int
mkdirat_parents(int root, char *rel)
{
	char *s;

	for (s = rel;; s++) {
		if (*s != '/' && *s != '\0')
			continue;
		if (s > rel && s[-1] != '/') {
			char ch = *s;

			*s = '\0';
			if (mkdirat(root, rel, 0777) != 0 && errno != EEXIST) {
				*s = ch;
				return -1;
			}
			*s = ch;
		}
		if (*s == '\0')
			return 0;
	}
}

/*
 * The descriptor of the folder of the page path (the stage's when it has
 * no slash), made when missing, and in *name the page's file name. -1
 * with errno set.
 */
static int
dir_cache_get(struct dir_cache *c, const char *path, const char **name)
{
	const char *slash = strrchr(path, '/');
	size_t i, n;
	char *rel;
	int fd;

	*name = path;
	if (slash == NULL)
		return c->root;
	*name = slash + 1;
	n = (size_t)(slash - path);
	for (i = 0; i < DIR_CACHE_SIZE; i++)
		if (c->e[i].rel != NULL && strncmp(c->e[i].rel, path, n) == 0 &&
		    c->e[i].rel[n] == '\0')
			return c->e[i].fd;
	rel = strndup(path, n);
	if (rel == NULL)
		return -1;
	fd = openat(c->root, rel, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	/* a folder's first page: made then (a mkdir a page cost 4 calls) */
	if (fd < 0 && errno == ENOENT && mkdirat_parents(c->root, rel) == 0)
		fd = openat(c->root, rel, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0) {
		i = (size_t)errno;
		free(rel);
		errno = (int)i;
		return -1;
	}
	i = c->next;
	c->next = (c->next + 1) % DIR_CACHE_SIZE;
	if (c->e[i].rel != NULL)
		close(c->e[i].fd);
	free(c->e[i].rel);
	c->e[i].rel = rel;
	c->e[i].fd = fd;
	return fd;
}

/*
 * Writes page i of out into the stage (dirs->root), creating its folders.
 * The page's bytes go straight to the file as render makes them.
 */
static int
write_page(struct dir_cache *dirs, const char *root,
           const struct render_output *out, size_t i, const char *site,
           struct diag_list *diags)
{
	const struct render_page *page = &out->pages[i];
	struct page_sink sink = {-1, 0};
	const char *name;
	int ret = -1, r, dfd, err = 0;
	char *path;

	if (!page_path_ok(page->path)) {
		diag_add(diags, DIAG_ERROR, site, 0, 0, "output-error",
		         "refusing page path \"%s\"", page->path);
		return -1;
	}
	dfd = dir_cache_get(dirs, page->path, &name);
	if (dfd >= 0)
		sink.fd =
		        openat(dfd, name,
		               O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
	if (sink.fd < 0) {
		err = errno;
		goto out;
	}
	r = render_page_write(out, i, sink_write, &sink, diags);
	if (r != 0 && sink.err != 0) {
		err = sink.err;
		goto out;
	}
	if (r != 0)
		goto out; /* render said why */
	r = close(sink.fd);
	sink.fd = -1;
	if (r != 0) {
		err = errno;
		goto out;
	}
	ret = 0;
out:
	if (sink.fd >= 0)
		close(sink.fd);
	if (err != 0) {
		/* the path only for the message */
		path = path_join(root, page->path);
		if (path == NULL)
			return nomem(diags);
		io_error(diags, site, "cannot write", path, err);
		free(path);
	}
	return ret;
}

/* Fills the staging folder. */
/*
 * The pages are written by a few threads, each taking the next page not
 * yet taken. Each page gets its own diagnostic list, merged in page order
 * at the end, so that the diagnostics are the same whatever the threads
 * did; after a failure no new page is started.
 */
struct pool {
	const char *stage, *site;
	int stage_fd;     /* the stage opened, for dir_cache */
	const char *prev; /* the previous site, for incremental writes */
	const struct oldsite *old; /* its files read beforehand, or NULL */
	size_t linked;    /* pages kept from it */
	/* with old: the pages found the same, linked by a second pass */
	unsigned char *same;
	int link_pass;
	const struct render_output *out;
	struct diag_list **lists; /* per page, NULL when it said nothing */
	pthread_mutex_t lock;
	size_t next;
	int failed;
};

/* Pages that make another writer thread worth its start (auto jobs). */
#define PAGES_PER_JOB 64

/* The next page to write, or out->n when done (or after a failure). */
static size_t
pool_take(struct pool *p)
{
	size_t i;

	pthread_mutex_lock(&p->lock);
	i = p->failed ? p->out->n : p->next;
	if (i < p->out->n)
		p->next++;
	pthread_mutex_unlock(&p->lock);
	return i;
}

static void *
pool_work(void *arg)
{
	struct pool *p = arg;
	struct dir_cache dirs;
	struct diag_list *l;
	size_t i;
	int rc, linked;

	memset(&dirs, 0, sizeof(dirs));
	dirs.root = p->stage_fd;
	while ((i = pool_take(p)) < p->out->n) {
		l = diag_list_new();
		linked = 0;
		if (l == NULL)
			rc = -1;
		else if (p->link_pass)
			rc = p->same[i] ? link_page(p->stage, p->prev, p->out,
			                            i, p->site, l)
			                : 0;
		else if (p->prev != NULL)
			rc = write_page_prev(p->stage, p->prev, p->old, p->out,
			                     i, p->site, &linked, l);
		else
			rc = write_page(&dirs, p->stage, p->out, i, p->site, l);
		if (l != NULL && diag_count(l) == 0) {
			diag_list_free(l);
			l = NULL;
		}
		if (p->same != NULL && !p->link_pass)
			p->same[i] = (unsigned char)linked;
		pthread_mutex_lock(&p->lock);
		p->linked += (size_t)linked;
		p->lists[i] = l;
		if (rc != 0)
			p->failed = l != NULL ? 1 : 2;
		pthread_mutex_unlock(&p->lock);
	}
	dir_cache_clear(&dirs);
	return NULL;
}

/* Writes every page of out into stage with up to jobs threads. */
static int
write_pages(const char *stage, const char *prev, const struct oldsite *olds,
            unsigned char *same, int link_pass, size_t *linked,
            const struct render_output *out, size_t jobs, const char *site,
            struct diag_list *diags)
{
	struct pool p;
	pthread_t tids[SITE_MAX_JOBS];
	size_t i, started = 0;
	long cpus;
	int ret = -1;

	if (out == NULL || out->n == 0)
		return 0;
	if (jobs == 0) {
		cpus = sysconf(_SC_NPROCESSORS_ONLN);
		jobs = cpus > 0 ? (size_t)cpus : 1;
		/*
		 * A thread per PAGES_PER_JOB pages at most (#18): a thread
		 * costs its start, a malloc arena of its own grown page by
		 * page, and a core the checks and the graph helper want too;
		 * a few dozen pages are written faster by this thread alone.
		 */
		if (jobs > (out->n + PAGES_PER_JOB - 1) / PAGES_PER_JOB)
			jobs = (out->n + PAGES_PER_JOB - 1) / PAGES_PER_JOB;
	}
	if (jobs > SITE_MAX_JOBS)
		jobs = SITE_MAX_JOBS;
	if (jobs > out->n)
		jobs = out->n;
	memset(&p, 0, sizeof(p));
	p.stage = stage;
	p.prev = prev;
	p.old = olds;
	p.same = same;
	p.link_pass = link_pass;
	p.site = site;
	p.out = out;
	p.lists = calloc(out->n, sizeof(*p.lists));
	if (p.lists == NULL)
		return nomem(diags);
	p.stage_fd = open(stage, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (p.stage_fd < 0) {
		free(p.lists);
		return io_error(diags, site, "cannot open", stage, errno);
	}
	pthread_mutex_init(&p.lock, NULL);
	/* This thread is one of the workers. */
	for (i = 1; i < jobs; i++)
		if (pthread_create(&tids[started], NULL, pool_work, &p) == 0)
			started++;
	pool_work(&p);
	for (i = 0; i < started; i++)
		pthread_join(tids[i], NULL);
	pthread_mutex_destroy(&p.lock);
	close(p.stage_fd);
	for (i = 0; i < out->n; i++) {
		if (p.lists[i] != NULL &&
		    diag_list_move(diags, p.lists[i]) != 0)
			p.failed = 2;
		diag_list_free(p.lists[i]);
	}
	free(p.lists);
	*linked = p.linked;
	if (p.failed == 2)
		nomem(diags);
	else if (!p.failed)
		ret = 0;
	return ret;
}

/* Copies each asset of the list to assets/<out>. */
/* 1 when files a and b have the same bytes. */
static int
same_files(const char *a, const char *b)
{
	char *buf = NULL;
	struct stat st;
	size_t len;
	int fd, same = 0;

	fd = open(a, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
	    st.st_size < ((off_t)64 << 20) &&
	    (buf = malloc((size_t)st.st_size + 1)) != NULL) {
		len = (size_t)st.st_size;
		if (read(fd, buf, len) == (ssize_t)len)
			same = same_file(b, buf, len);
	}
	free(buf);
	close(fd);
	return same;
}

static int
copy_assets(const char *stage, const char *prev, const struct site_opts *opts,
            const char *site, size_t *linked, struct diag_list *diags)
{
	char *to = NULL, *old = NULL, *slash;
	size_t i;
	int ret = -1;

	for (i = 0; i < opts->n_assets; i++) {
		free(to);
		to = malloc(strlen(stage) + strlen(opts->assets[i].out) + 10);
		if (to == NULL) {
			nomem(diags);
			goto out;
		}
		sprintf(to, "%s/assets/%s", stage, opts->assets[i].out);
		if (!page_path_ok(opts->assets[i].out)) {
			diag_add(diags, DIAG_ERROR, site, 0, 0, "output-error",
			         "refusing asset path \"%s\"",
			         opts->assets[i].out);
			goto out;
		}
		slash = strrchr(to, '/');
		*slash = '\0';
		if (path_mkdir_parents(to) != 0) {
			io_error(diags, site, "cannot create", to, errno);
			goto out;
		}
		*slash = '/';
		if (prev != NULL) {
			free(old);
			old = malloc(strlen(prev) +
			             strlen(opts->assets[i].out) + 10);
			if (old == NULL) {
				nomem(diags);
				goto out;
			}
			sprintf(old, "%s/assets/%s", prev, opts->assets[i].out);
			if (same_files(opts->assets[i].src, old) &&
			    link(old, to) == 0) {
				(*linked)++;
				continue;
			}
		}
		if (copy_file(opts->assets[i].src, to) != 0) {
			io_error(diags, site, "cannot copy",
			         opts->assets[i].src, errno);
			goto out;
		}
	}
	ret = 0;
out:
	free(to);
	free(old);
	return ret;
}

/*
 * Links the previous site's marker to path when it holds our text, so an
 * unchanged rebuild keeps its inode and mtime (rsync copies nothing). 0
 * when linked, -1 when it is to be written.
 */
static int
link_marker(const char *prev, const char *path)
{
	char *old;
	int rc = -1;

	if (prev == NULL || (old = path_join(prev, SITE_MARKER)) == NULL)
		return -1;
	if (same_file(old, marker_text, sizeof(marker_text) - 1) &&
	    link(old, path) == 0)
		rc = 0;
	free(old);
	return rc;
}

/*
 * 1 when the new site is the old one file for file (fill() with olds): no
 * page differs (same_pages is all of them), the assets and the marker are
 * the same, and the old site holds nothing else, which oldsite counted.
 */
static int
nothing_changed(const char *prev, const struct oldsite *olds,
                const struct render_output *out, size_t same_pages,
                const struct theme *theme, const struct site_opts *opts)
{
	size_t i, files = out->n + 1;
	char *old;
	int same;

	if (same_pages != out->n ||
	    !oldsite_same(olds, SITE_MARKER, marker_text,
	                  sizeof(marker_text) - 1))
		return 0;
	/* asset folders copied as they are: not compared, so written */
	if (opts->assets == NULL && theme != NULL &&
	    theme_asset_dir_count(theme) > 0)
		return 0;
	for (i = 0; opts->assets != NULL && i < opts->n_assets; i++) {
		old = malloc(strlen(prev) + strlen(opts->assets[i].out) + 10);
		if (old == NULL)
			return 0;
		sprintf(old, "%s/assets/%s", prev, opts->assets[i].out);
		same = same_files(opts->assets[i].src, old);
		free(old);
		if (!same)
			return 0;
		files++;
	}
	/* a page among the assets would count one file twice */
	for (i = 0; opts->assets != NULL && i < out->n; i++)
		if (strncmp(out->pages[i].path, "assets/", 7) == 0)
			return 0;
	return oldsite_files(olds) == files;
}

/*
 * Fills the staging folder. With olds (the old site read beside the
 * load), the pages that did not change are linked after all pages were
 * made, and not at all when nothing changed: *untouched is then set and
 * the stage left empty, for site_write() to keep the old site as it is
 * (an unchanged rebuild costs no file operation per page, #18).
 */
static int
fill(const char *stage, const char *prev, const struct oldsite *olds,
     const struct render_output *out, const struct theme *theme,
     const struct site_opts *opts, const char *site, size_t *linked,
     int *untouched, struct diag_list *diags)
{
	size_t jobs = opts->jobs, assets_linked = 0, relinked = 0;
	unsigned char *same = NULL;
	char *path = NULL;
	size_t i;
	int ret = -1;

	*untouched = 0;
	if (olds != NULL && out != NULL && out->n > 0) {
		same = calloc(out->n, 1);
		if (same == NULL) {
			nomem(diags);
			goto out;
		}
	}
	if (write_pages(stage, prev, same != NULL ? olds : NULL, same, 0,
	                linked, out, jobs, site, diags) != 0)
		goto out;
	if (same != NULL) {
		if (nothing_changed(prev, olds, out, *linked, theme, opts)) {
			*untouched = 1;
			ret = 0;
			goto out;
		}
		if (*linked > 0 &&
		    write_pages(stage, prev, NULL, same, 1, &relinked, out,
		                jobs, site, diags) != 0)
			goto out;
	}
	path = path_join(stage, SITE_MARKER);
	if (path == NULL) {
		nomem(diags);
		goto out;
	}
	if (link_marker(prev, path) != 0 &&
	    write_file(path, marker_text, sizeof(marker_text) - 1) != 0) {
		io_error(diags, site, "cannot write", path, errno);
		goto out;
	}
	free(path);
	path = NULL;
	if (opts->assets != NULL) {
		if (copy_assets(stage, prev, opts, site, &assets_linked,
		                diags) != 0)
			goto out;
		*linked += assets_linked;
	} else if (theme != NULL && theme_asset_dir_count(theme) > 0) {
		path = path_join(stage, "assets");
		if (path == NULL) {
			nomem(diags);
			goto out;
		}
		if (mkdir(path, 0777) != 0 && errno != EEXIST) {
			io_error(diags, site, "cannot create", path, errno);
			goto out;
		}
		for (i = 0; i < theme_asset_dir_count(theme); i++)
			if (copy_tree(theme_asset_dir(theme, i), path, 0, site,
			              diags) != 0)
				goto out;
	}
	ret = 0;
out:
	free(same);
	free(path);
	return ret;
}

/* fsync of path (a file or a folder) opened read-only. 0 or -1. */
static int
fsync_path(const char *path, int dir)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW |
	                            (dir ? O_DIRECTORY : 0));
	int r, e;

	if (fd < 0)
		return -1;
	r = fsync(fd);
	e = errno;
	close(fd);
	errno = e;
	return r;
}

/*
 * Puts the staging folder on disk before it is swapped in, so that a
 * power cut after the swap cannot leave empty or partial files in the
 * site: one syncfs() of its file system. Measured against an fsync() of
 * every file and folder of the stage on the 1500-channel bench spec
 * (5263 files, 50 MB; busy machine, medians of 5): syncfs 5.2 s for a
 * fresh build and 3.8 s for an unchanged rebuild, fsync per file 25.3 s
 * and 16.3 s, no sync 5.1 s and 3.2 s.
 */
static int
sync_stage(const char *stage, const char *site, struct diag_list *diags)
{
	int fd, e;

	fd = open(stage, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0 || syncfs(fd) != 0) {
		e = errno;
		if (fd >= 0)
			close(fd);
		return io_error(diags, site, "cannot sync", stage, e);
	}
	close(fd);
	return 0;
}

/*
 * Puts stage in target's place. When target exists, it is exchanged with
 * stage (so stage then holds the old site, for the caller to remove); on
 * file systems without RENAME_EXCHANGE the old site is first moved aside
 * to *old_out (caller removes and frees).
 */
static int
swap_in(const char *stage, const char *target, int exists, char **old_out,
        const char *parent, const char *base, const char *site,
        struct diag_list *diags)
{
	char *old;

	*old_out = NULL;
	if (!exists) {
		if (rename(stage, target) != 0)
			return io_error(diags, site, "cannot rename to", target,
			                errno);
		return 0;
	}
	if (renameat2(AT_FDCWD, stage, AT_FDCWD, target, RENAME_EXCHANGE) == 0)
		return 0;
	if (errno != EINVAL && errno != ENOSYS && errno != EOPNOTSUPP)
		return io_error(diags, site, "cannot replace", target, errno);
	/* No atomic exchange here: move the old site aside, then rename. */
	old = malloc(strlen(parent) + strlen(base) + 16);
	if (old == NULL)
		return nomem(diags);
	sprintf(old, "%s/.%s.old-XXXXXX",
	        strcmp(parent, "/") != 0 ? parent : "", base);
	if (mkdtemp(old) == NULL || rename(target, old) != 0) {
		io_error(diags, site, "cannot move aside", target, errno);
		rmdir(old);
		free(old);
		return -1;
	}
	if (rename(stage, target) != 0) {
		io_error(diags, site, "cannot rename to", target, errno);
		rename(old, target);
		free(old);
		return -1;
	}
	*old_out = old;
	return 0;
}

/*
 * Checks the output folder and finds where it really is: *real_out (the
 * resolved path when it exists, else its resolved parent + its name),
 * *exists_out. Creates missing parents.
 */
static int
check_target(char **real_out, int *exists_out, const char *dir,
             const struct site_opts *opts, struct diag_list *diags)
{
	char *copy = NULL, *real = NULL, *slash, *cwd = NULL, *keep = NULL;
	const char *base;
	struct stat st;
	int ret = -1, r;

	*real_out = NULL;
	*exists_out = 0;
	copy = strdup(dir);
	if (copy == NULL)
		return nomem(diags);
	/* Trailing slashes name the same folder. */
	for (r = (int)strlen(copy); r > 1 && copy[r - 1] == '/'; r--)
		copy[r - 1] = '\0';
	if (copy[0] == '\0') {
		diag_add(diags, DIAG_ERROR, NULL, 0, 0, "output-error",
		         "empty output folder name");
		goto out;
	}
	if (stat(copy, &st) == 0) {
		if (!S_ISDIR(st.st_mode)) {
			diag_add(diags, DIAG_ERROR, dir, 0, 0, "output-error",
			         "exists and is not a folder");
			goto out;
		}
		real = realpath(copy, NULL);
		if (real == NULL) {
			io_error(diags, dir, "cannot resolve", dir, errno);
			goto out;
		}
		*exists_out = 1;
	} else if (errno == ENOENT) {
		slash = strrchr(copy, '/');
		base = slash != NULL ? slash + 1 : copy;
		if (strcmp(base, ".") == 0 || strcmp(base, "..") == 0) {
			diag_add(diags, DIAG_ERROR, dir, 0, 0, "output-error",
			         "invalid output folder name");
			goto out;
		}
		if (slash == copy) {
			real = strdup(copy);
		} else {
			if (slash != NULL) {
				*slash = '\0';
				if (path_mkdir_parents(copy) != 0) {
					io_error(diags, dir, "cannot create",
					         copy, errno);
					goto out;
				}
			}
			cwd = realpath(slash != NULL ? copy : ".", NULL);
			if (cwd == NULL) {
				io_error(diags, dir, "cannot resolve",
				         slash != NULL ? copy : ".", errno);
				goto out;
			}
			real = path_join(strcmp(cwd, "/") == 0 ? "" : cwd,
			                 base);
			free(cwd);
			cwd = NULL;
		}
		if (real == NULL) {
			nomem(diags);
			goto out;
		}
	} else {
		io_error(diags, dir, "cannot access", dir, errno);
		goto out;
	}
	if (*exists_out) {
		cwd = getcwd(NULL, 0);
		keep = opts->keep != NULL ? realpath(opts->keep, NULL) : NULL;
		if (strcmp(real, "/") == 0 ||
		    (cwd != NULL && path_within(cwd, real)) ||
		    (keep != NULL && path_within(keep, real))) {
			diag_add(diags, DIAG_ERROR, dir, 0, 0,
			         "output-not-site",
			         "refusing to replace a folder that holds "
			         "the current folder or the spec");
			goto out;
		}
		r = dir_is_empty(real);
		if (r < 0) {
			io_error(diags, dir, "cannot read", dir, errno);
			goto out;
		}
		if (r == 0 && !opts->force) {
			char *m = path_join(real, SITE_MARKER);

			if (m == NULL) {
				nomem(diags);
				goto out;
			}
			r = lstat(m, &st) == 0 && S_ISREG(st.st_mode);
			free(m);
			if (!r) {
				diag_add(diags, DIAG_ERROR, dir, 0, 0,
				         "output-not-site",
				         "folder is not empty and was not "
				         "written by asyncdoc");
				diag_set_hint(diags,
				              "choose another folder, or pass "
				              "--force to replace it");
				goto out;
			}
		}
	}
	*real_out = real;
	real = NULL;
	ret = 0;
out:
	free(keep);
	free(cwd);
	free(real);
	free(copy);
	return ret;
}

/*
 * Takes the lock of the parent folder (flock on the folder itself, so
 * nothing is left behind; waits for another build there to end). Returns
 * its descriptor, or -1 when locking is not possible (the build then goes
 * on unlocked).
 */
static int
lock_target(const char *parent)
{
	int fd = open(parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd < 0)
		return -1;
	if (flock(fd, LOCK_EX) != 0) {
		close(fd);
		return -1;
	}
	return fd;
}

/*
 * What killed builds left beside target (the lock is held): staging
 * folders parent/.<base>.tmp-XXXXXX are removed; an old site moved aside
 * (.<base>.old-XXXXXX, where renameat2 cannot exchange) is put back when
 * target is missing (killed between the two renames), else removed.
 */
static void
remove_stale_stages(const char *parent, const char *base, const char *target)
{
	size_t n = strlen(base);
	struct dirent *e;
	struct stat st;
	char *path;
	DIR *d;
	int old;

	d = opendir(parent);
	if (d == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] != '.' ||
		    strncmp(e->d_name + 1, base, n) != 0 ||
		    strlen(e->d_name + 1 + n) != 11)
			continue;
		old = strncmp(e->d_name + 1 + n, ".old-", 5) == 0;
		if (!old && strncmp(e->d_name + 1 + n, ".tmp-", 5) != 0)
			continue;
		path = path_join(parent, e->d_name);
		if (path != NULL && lstat(path, &st) == 0 &&
		    S_ISDIR(st.st_mode)) {
			if (old && lstat(target, &st) != 0 && errno == ENOENT &&
			    rename(path, target) == 0) {
				free(path);
				continue;
			}
			path_remove_tree(path);
		}
		free(path);
	}
	closedir(d);
}

/*
 * Removes the old site after a swap with up to jobs threads, a folder of
 * it each (channels/, operations/ ...): the removal is the last step of
 * an incremental rebuild, one unlinkat() per page, and two folders'
 * entries go in parallel where one folder's would wait on its lock. 0,
 * or -1 with errno set.
 */
struct rm_pool {
	char **dirs;
	size_t n, next;
	pthread_mutex_t lock;
	int err;
};

static void *
rm_work(void *arg)
{
	struct rm_pool *p = arg;
	size_t i;
	int e;

	for (;;) {
		pthread_mutex_lock(&p->lock);
		i = p->next < p->n ? p->next++ : p->n;
		pthread_mutex_unlock(&p->lock);
		if (i == p->n)
			return NULL;
		if (path_remove_tree(p->dirs[i]) != 0) {
			e = errno;
			pthread_mutex_lock(&p->lock);
			if (p->err == 0)
				p->err = e;
			pthread_mutex_unlock(&p->lock);
		}
	}
}

static int
remove_site(const char *dir, size_t jobs)
{
	struct rm_pool p = {0};
	pthread_t tid;
	struct dirent *e;
	size_t i, cap = 0;
	int started = 0, ret = -1;
	char **grown;
	long cpus;
	DIR *d;

	if (jobs == 0) {
		cpus = sysconf(_SC_NPROCESSORS_ONLN);
		jobs = cpus > 1 ? 2 : 1;
	}
	d = jobs > 1 ? opendir(dir) : NULL;
	if (d == NULL)
		return path_remove_tree(dir);
	while ((e = readdir(d)) != NULL) {
		if (e->d_type != DT_DIR || strcmp(e->d_name, ".") == 0 ||
		    strcmp(e->d_name, "..") == 0)
			continue;
		if (p.n == cap) {
			cap = cap ? 2 * cap : 8;
			grown = realloc(p.dirs, cap * sizeof(*p.dirs));
			if (grown == NULL)
				break;
			p.dirs = grown;
		}
		p.dirs[p.n] = path_join(dir, e->d_name);
		if (p.dirs[p.n] == NULL)
			break;
		p.n++;
	}
	closedir(d);
	pthread_mutex_init(&p.lock, NULL);
	/* one more thread is enough: this one works too */
	if (p.n > 1 && pthread_create(&tid, NULL, rm_work, &p) == 0)
		started = 1;
	rm_work(&p);
	if (started)
		pthread_join(tid, NULL);
	pthread_mutex_destroy(&p.lock);
	/* what is left: files at the top, folders not listed, the root */
	if (path_remove_tree(dir) == 0 && p.err == 0)
		ret = 0;
	else if (p.err != 0)
		errno = p.err;
	for (i = 0; i < p.n; i++)
		free(p.dirs[i]);
	free(p.dirs);
	return ret;
}

/*
 * For stats: the regular files under dir/rel (the marker left out) that
 * are not in other/rel, or all of them when other is NULL, added to *n.
 * Only site_write's stats walk trees, and only when asked.
 */
static void
count_files(const char *dir, const char *other, const char *rel, int depth,
            size_t *n)
{
	char *path = rel[0] ? path_join(dir, rel) : strdup(dir), *sub, *o;
	struct dirent *e;
	struct stat st;
	DIR *d;

	d = path != NULL && depth <= ASSET_DEPTH_MAX + 2 ? opendir(path) : NULL;
	free(path);
	if (d == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 ||
		    strcmp(e->d_name, "..") == 0 ||
		    (rel[0] == '\0' && strcmp(e->d_name, SITE_MARKER) == 0))
			continue;
		sub = rel[0] ? path_join(rel, e->d_name) : strdup(e->d_name);
		path = sub != NULL ? path_join(dir, sub) : NULL;
		if (path != NULL && lstat(path, &st) == 0) {
			if (S_ISDIR(st.st_mode)) {
				count_files(dir, other, sub, depth + 1, n);
			} else if (S_ISREG(st.st_mode)) {
				o = other != NULL ? path_join(other, sub)
				                  : NULL;
				if (other == NULL ||
				    (o != NULL && lstat(o, &st) != 0))
					(*n)++;
				free(o);
			}
		}
		free(path);
		free(sub);
	}
	closedir(d);
}

int
site_write(const char *dir, const struct render_output *out,
           const struct theme *theme, const struct site_opts *opts,
           struct diag_list *diags)
{
	static const struct site_opts defaults = SITE_OPTS_INIT;
	char *target = NULL, *parent = NULL, *stage = NULL, *old = NULL;
	const char *base, *slash, *gone;
	mode_t mask;
	int exists, ret = -1, staged = 0;
	const char *prev = NULL;
	const struct oldsite *olds = NULL;
	size_t linked = 0;
	int untouched = 0;
	double t0 = 0, t1 = 0;
	int lock_fd = -1;

	if (opts == NULL)
		opts = &defaults;
	if (check_target(&target, &exists, dir, opts, diags) != 0)
		return -1;
	/* target is absolute: its parent is "/" or what precedes the slash. */
	slash = strrchr(target, '/');
	base = slash + 1;
	parent =
	        strndup(target, slash == target ? 1 : (size_t)(slash - target));
	stage = malloc(strlen(target) + 16);
	if (parent == NULL || stage == NULL) {
		nomem(diags);
		goto out;
	}
	/*
	 * One build in a folder at a time: a lock on the parent, held until
	 * the write ends (released by the kernel even after SIGKILL).
	 * Holding it, any staging folder left beside the target is a killed
	 * build's: removed.
	 */
	lock_fd = lock_target(parent);
	if (lock_fd >= 0) {
		char *again = NULL;

		remove_stale_stages(parent, base, target);
		/* the folder may have changed while we waited for the lock */
		if (check_target(&again, &exists, dir, opts, diags) != 0)
			goto out;
		free(again);
	}
	sprintf(stage, "%.*s/.%s.tmp-XXXXXX", (int)(slash - target), target,
	        base);
	if (mkdtemp(stage) == NULL) {
		io_error(diags, dir, "cannot create", stage, errno);
		goto out;
	}
	staged = 1;
	/* a previous site of ours: unchanged files are linked from it */
	if (exists) {
		char *marker = path_join(target, SITE_MARKER);
		struct stat st;

		if (marker != NULL && lstat(marker, &st) == 0 &&
		    S_ISREG(st.st_mode))
			prev = target;
		free(marker);
	}
	/* the old files as read beside the load, if that read is of prev */
	if (prev != NULL && opts->old != NULL &&
	    oldsite_finish(opts->old, prev))
		olds = opts->old;
	t0 = clock_now_ms_f();
	if (fill(stage, prev, olds, out, theme, opts, dir, &linked, &untouched,
	         diags) != 0)
		goto out;
	t1 = clock_now_ms_f();
	if (opts->before_swap != NULL &&
	    opts->before_swap(opts->before_swap_arg) != 0)
		goto out;
	if (untouched) {
		/*
		 * The new site is the old one, file for file: it stays in
		 * place (nothing to sync or swap; the empty stage goes).
		 */
		if (opts->stats != NULL) {
			opts->stats->unchanged =
			        linked +
			        (opts->assets != NULL ? opts->n_assets : 0);
			opts->stats->written = 0;
			opts->stats->removed = 0;
			opts->stats->write_ms = t1 - t0;
			opts->stats->swap_ms = clock_now_ms_f() - t1;
		}
		ret = 0;
		goto out;
	}
	/* mkdtemp made it 0700: give it the mode mkdir would have. */
	mask = umask(0);
	umask(mask);
	if (chmod(stage, 0777 & ~mask) != 0) {
		io_error(diags, dir, "cannot set the mode of", stage, errno);
		goto out;
	}
	if (!opts->no_sync && sync_stage(stage, dir, diags) != 0)
		goto out;
	if (swap_in(stage, target, exists, &old, parent, base, dir, diags) != 0)
		goto out;
	/* The renames themselves reach the disk with the parent folder. */
	if (!opts->no_sync && fsync_path(parent, 1) != 0)
		diag_add(diags, DIAG_WARNING, dir, 0, 0, "output-error",
		         "the site was replaced but %s could not be synced "
		         "to disk: %s",
		         parent, strerror(errno));
	if (opts->stats != NULL) {
		size_t files = 0, removed = 0;

		count_files(target, NULL, "", 0, &files);
		if (exists)
			count_files(old != NULL ? old : stage, target, "", 0,
			            &removed);
		opts->stats->unchanged = linked;
		opts->stats->written = files - linked;
		opts->stats->removed = removed;
	}
	staged = 0;
	ret = 0;
	if (exists) {
		/* The old site is where stage was, or aside in old. */
		gone = old != NULL ? old : stage;
		if (remove_site(gone, opts->jobs) != 0)
			diag_add(diags, DIAG_WARNING, dir, 0, 0, "output-error",
			         "the previous site was replaced but %s "
			         "could not be removed: %s",
			         gone, strerror(errno));
	}
	if (opts->stats != NULL) {
		opts->stats->write_ms = t1 - t0;
		opts->stats->swap_ms = clock_now_ms_f() - t1;
	}
out:
	if (staged)
		path_remove_tree(stage);
	if (lock_fd >= 0)
		close(lock_fd);
	free(old);
	free(stage);
	free(parent);
	free(target);
	return ret;
}
