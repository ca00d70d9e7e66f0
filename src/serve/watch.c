/*
 * watch: inotify on parent directories, with a stat-polling fallback (see
 * watch.h).
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "serve/watch.h"
#include "util/clock.h"

/* A burst of events ends after this many quiet periods at the latest. */
#define DEBOUNCE_MAX_ROUNDS 10

/* What a poll compares. exists 0: the file was missing. */
struct snap {
	int exists;
	dev_t dev;
	ino_t ino;
	off_t size;
	mode_t mode;
	struct timespec mtim, ctim;
};

struct wfile {
	char *path;       /* absolute */
	const char *base; /* the name after the last '/' of path */
	size_t dir;       /* index in dirs */
	struct snap snap; /* polling: as last seen */
};

struct wdir {
	char *path; /* absolute, resolved when it exists */
	int wd;     /* inotify watch, -1 when none */
};

struct watch {
	struct watch_opts opts;
	int fd;      /* inotify, -1 when polling */
	int pending; /* a change seen but not yet returned */
	struct wfile *files;
	size_t n_files;
	struct wdir *dirs;
	size_t n_dirs;
};

/* Events that can mean a file of a directory changed. */
#define DIR_MASK                                                               \
	(IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_CREATE |            \
	 IN_DELETE | IN_ATTRIB | IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR)

static void
snap_take(struct snap *s, const char *path)
{
	struct stat st;

	memset(s, 0, sizeof(*s));
	if (stat(path, &st) != 0)
		return;
	s->exists = 1;
	s->dev = st.st_dev;
	s->ino = st.st_ino;
	s->size = st.st_size;
	s->mode = st.st_mode;
	s->mtim = st.st_mtim;
	s->ctim = st.st_ctim;
}

static int
snap_equal(const struct snap *a, const struct snap *b)
{
	if (a->exists != b->exists)
		return 0;
	if (!a->exists)
		return 1;
	return a->dev == b->dev && a->ino == b->ino && a->size == b->size &&
	       a->mode == b->mode && a->mtim.tv_sec == b->mtim.tv_sec &&
	       a->mtim.tv_nsec == b->mtim.tv_nsec &&
	       a->ctim.tv_sec == b->ctim.tv_sec &&
	       a->ctim.tv_nsec == b->ctim.tv_nsec;
}

int
watch_new(struct watch **out, const struct watch_opts *opts)
{
	static const struct watch_opts defaults = WATCH_OPTS_INIT;
	struct watch *w;

	*out = NULL;
	w = calloc(1, sizeof(*w));
	if (w == NULL)
		return -1;
	w->opts = opts != NULL ? *opts : defaults;
	if (w->opts.debounce_ms <= 0)
		w->opts.debounce_ms = defaults.debounce_ms;
	if (w->opts.poll_ms <= 0)
		w->opts.poll_ms = defaults.poll_ms;
	w->fd = -1;
	if (!w->opts.force_poll)
		w->fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	*out = w;
	return 0;
}

static void
free_dirs(struct watch *w)
{
	size_t i;

	for (i = 0; i < w->n_dirs; i++)
		free(w->dirs[i].path);
	free(w->dirs);
	w->dirs = NULL;
	w->n_dirs = 0;
}

static void
free_files(struct wfile *files, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(files[i].path);
	free(files);
}

void
watch_free(struct watch *w)
{
	if (w == NULL)
		return;
	if (w->fd >= 0)
		close(w->fd);
	free_files(w->files, w->n_files);
	free_dirs(w);
	free(w);
}

/* From now on, poll: inotify could not watch everything. */
static void
to_polling(struct watch *w)
{
	size_t i;

	if (w->fd < 0)
		return;
	close(w->fd);
	w->fd = -1;
	for (i = 0; i < w->n_dirs; i++)
		w->dirs[i].wd = -1;
	/* What the files are now is where polling starts from. */
	for (i = 0; i < w->n_files; i++)
		snap_take(&w->files[i].snap, w->files[i].path);
}

/*
 * The absolute form of path split into its directory (resolved when it
 * exists, so that two spellings of one folder get one watch; caller
 * frees) and its name (in *file_out: path made absolute, caller frees).
 */
static int
split_path(char **dir_out, char **file_out, const char *path)
{
	char *abs = NULL, *dir = NULL, *real, *slash, *cwd = NULL;
	size_t n;

	*dir_out = NULL;
	*file_out = NULL;
	if (path[0] == '/') {
		abs = strdup(path);
	} else {
		cwd = getcwd(NULL, 0);
		if (cwd == NULL)
			return -1;
		n = strlen(cwd) + strlen(path) + 2;
		abs = malloc(n);
		if (abs != NULL)
			snprintf(abs, n, "%s/%s", cwd, path);
		free(cwd);
	}
	if (abs == NULL)
		return -1;
	slash = strrchr(abs, '/');
	dir = slash == abs ? strdup("/") : strndup(abs, (size_t)(slash - abs));
	if (dir == NULL) {
		free(abs);
		return -1;
	}
	real = realpath(dir, NULL);
	if (real != NULL) {
		free(dir);
		dir = real;
	}
	*dir_out = dir;
	*file_out = abs;
	return 0;
}

/* Index of the directory path in dirs, or n_dirs. */
static size_t
find_dir(const struct wdir *dirs, size_t n_dirs, const char *path)
{
	size_t i;

	for (i = 0; i < n_dirs; i++)
		if (strcmp(dirs[i].path, path) == 0)
			return i;
	return n_dirs;
}

/* Adds an inotify watch on d unless it has one. */
static void
watch_dir(struct watch *w, struct wdir *d)
{
	if (w->fd < 0 || d->wd >= 0)
		return;
	d->wd = inotify_add_watch(w->fd, d->path, DIR_MASK);
	if (d->wd >= 0)
		return;
	/* A folder that is not there (yet) is no failure of inotify. */
	if (errno != ENOENT && errno != ENOTDIR)
		to_polling(w);
}

int
watch_set_files(struct watch *w, const char *const *paths, size_t n)
{
	struct wfile *files = NULL;
	struct wdir *dirs = NULL;
	size_t i, j, n_dirs = 0, k;
	char *dir = NULL, *file;
	int *keep_wd = NULL;

	files = calloc(n + 1, sizeof(*files));
	dirs = calloc(n + 1, sizeof(*dirs));
	if (files == NULL || dirs == NULL)
		goto fail;
	for (i = 0; i < n; i++) {
		if (split_path(&dir, &file, paths[i]) != 0)
			goto fail;
		files[i].path = file;
		files[i].base = strrchr(file, '/') + 1;
		k = find_dir(dirs, n_dirs, dir);
		if (k == n_dirs) {
			dirs[n_dirs].path = dir;
			dirs[n_dirs].wd = -1;
			n_dirs++;
		} else {
			free(dir);
		}
		dir = NULL;
		files[i].dir = k;
		/* A file already watched keeps what polling saw of it. */
		for (j = 0; j < w->n_files; j++)
			if (strcmp(w->files[j].path, file) == 0)
				break;
		if (j < w->n_files)
			files[i].snap = w->files[j].snap;
		else
			snap_take(&files[i].snap, file);
	}
	/* Watches of folders still needed move over; the others go. */
	keep_wd = calloc(w->n_dirs + 1, sizeof(*keep_wd));
	if (keep_wd == NULL)
		goto fail;
	for (i = 0; i < w->n_dirs; i++) {
		k = find_dir(dirs, n_dirs, w->dirs[i].path);
		if (k < n_dirs) {
			dirs[k].wd = w->dirs[i].wd;
			keep_wd[i] = 1;
		}
	}
	for (i = 0; i < w->n_dirs; i++)
		if (!keep_wd[i] && w->dirs[i].wd >= 0 && w->fd >= 0)
			inotify_rm_watch(w->fd, w->dirs[i].wd);
	free(keep_wd);
	free_files(w->files, w->n_files);
	free_dirs(w);
	w->files = files;
	w->n_files = n;
	w->dirs = dirs;
	w->n_dirs = n_dirs;
	for (i = 0; i < w->n_dirs; i++)
		watch_dir(w, &w->dirs[i]);
	return 0;
fail:
	free(dir);
	if (files != NULL)
		free_files(files, n);
	if (dirs != NULL) {
		for (i = 0; i < n_dirs; i++)
			free(dirs[i].path);
		free(dirs);
	}
	return -1;
}

/* 1 when name ends in ext, ignoring case. */
static int
has_ext(const char *name, const char *ext)
{
	size_t n = strlen(name), e = strlen(ext);

	return n > e && strcasecmp(name + n - e, ext) == 0;
}

/* 1 when an event for name in directory d concerns the watch. */
static int
name_counts(const struct watch *w, size_t d, const char *name)
{
	size_t i;

	for (i = 0; i < w->n_files; i++)
		if (w->files[i].dir == d && strcmp(w->files[i].base, name) == 0)
			return 1;
	if (name[0] == '.')
		return 0;
	return has_ext(name, ".yaml") || has_ext(name, ".yml") ||
	       has_ext(name, ".json");
}

/*
 * Reads the queued events. Returns 1 when one counts, 0 when none does,
 * -1 when reading failed.
 */
static int
read_events(struct watch *w)
{
	char buf[8192]
	        __attribute__((aligned(__alignof__(struct inotify_event))));
	const struct inotify_event *ev;
	ssize_t len;
	size_t i, off;
	int counts = 0;

	for (;;) {
		len = read(w->fd, buf, sizeof(buf));
		if (len < 0 && errno == EINTR)
			continue;
		if (len < 0 && errno == EAGAIN)
			return counts;
		if (len <= 0)
			return len == 0 ? counts : -1;
		for (off = 0; off < (size_t)len; off += sizeof(*ev) + ev->len) {
			ev = (const struct inotify_event *)(buf + off);
			if (ev->mask & IN_Q_OVERFLOW) {
				counts = 1;
				continue;
			}
			for (i = 0; i < w->n_dirs; i++)
				if (w->dirs[i].wd == ev->wd)
					break;
			if (i == w->n_dirs)
				continue; /* a folder dropped since */
			if (ev->mask &
			    (IN_IGNORED | IN_DELETE_SELF | IN_MOVE_SELF)) {
				/*
				 * The folder went away or moved: its files
				 * are gone from where the spec names them.
				 * watch_set_files() watches it again.
				 */
				if (ev->mask & IN_MOVE_SELF)
					inotify_rm_watch(w->fd, ev->wd);
				w->dirs[i].wd = -1;
				counts = 1;
				continue;
			}
			if (ev->len > 0 && !(ev->mask & IN_ISDIR) &&
			    name_counts(w, i, ev->name))
				counts = 1;
		}
	}
}

/*
 * poll() on the inotify fd (when there is one) and the wake fd for up to
 * ms. Returns -1 (errno), 0 on timeout, or a mask: 1 events, 2 woken.
 */
static int
wait_fds(const struct watch *w, int ms)
{
	struct pollfd pfd[2];
	nfds_t n = 0;
	int r, mask = 0, ino = -1, wake = -1;

	if (w->fd >= 0) {
		pfd[n].fd = w->fd;
		pfd[n].events = POLLIN;
		ino = (int)n++;
	}
	if (w->opts.wake_fd >= 0) {
		pfd[n].fd = w->opts.wake_fd;
		pfd[n].events = POLLIN;
		wake = (int)n++;
	}
	do
		r = poll(pfd, n, ms);
	while (r < 0 && errno == EINTR);
	if (r <= 0)
		return r;
	if (ino >= 0 && (pfd[ino].revents & (POLLIN | POLLERR | POLLHUP)))
		mask |= 1;
	if (wake >= 0 && (pfd[wake].revents & (POLLIN | POLLERR | POLLHUP)))
		mask |= 2;
	return mask;
}

/* Milliseconds left until deadline (-1: none), at least 0. */
static int
left_ms(int64_t deadline)
{
	int64_t d;

	if (deadline < 0)
		return -1;
	d = deadline - clock_now_ms();
	if (d < 0)
		return 0;
	return d > INT_MAX ? INT_MAX : (int)d;
}

/* inotify: a change was seen; reads on until quiet. */
static int
debounce_events(struct watch *w)
{
	int64_t end =
	        clock_now_ms() + (int64_t)w->opts.debounce_ms * DEBOUNCE_MAX_ROUNDS;
	int64_t quiet = clock_now_ms() + w->opts.debounce_ms;
	int r, ms;

	w->pending = 1;
	for (;;) {
		ms = left_ms(quiet < end ? quiet : end);
		if (ms == 0)
			break;
		r = wait_fds(w, ms);
		if (r < 0)
			return -1;
		if (r & 2)
			return WATCH_WOKEN;
		if ((r & 1) && w->fd >= 0) {
			r = read_events(w);
			if (r < 0)
				return -1;
			if (r > 0)
				quiet = clock_now_ms() + w->opts.debounce_ms;
		}
	}
	w->pending = 0;
	return WATCH_CHANGED;
}

/* Polling: 1 when a file differs from what was last seen. */
static int
poll_changed(const struct watch *w)
{
	struct snap s;
	size_t i;

	for (i = 0; i < w->n_files; i++) {
		snap_take(&s, w->files[i].path);
		if (!snap_equal(&s, &w->files[i].snap))
			return 1;
	}
	return 0;
}

/* Polling: a change was seen; waits until two polls agree. */
static int
debounce_polls(struct watch *w)
{
	struct snap *now = NULL;
	size_t i, round;
	int r, same;

	w->pending = 1;
	now = calloc(w->n_files + 1, sizeof(*now));
	if (now == NULL)
		return -1;
	for (i = 0; i < w->n_files; i++)
		snap_take(&now[i], w->files[i].path);
	for (round = 0; round < DEBOUNCE_MAX_ROUNDS; round++) {
		r = wait_fds(w, w->opts.debounce_ms);
		if (r < 0 || (r & 2)) {
			free(now);
			return r < 0 ? -1 : WATCH_WOKEN;
		}
		same = 1;
		for (i = 0; i < w->n_files; i++) {
			struct snap s;

			snap_take(&s, w->files[i].path);
			if (!snap_equal(&s, &now[i]))
				same = 0;
			now[i] = s;
		}
		if (same)
			break;
	}
	for (i = 0; i < w->n_files; i++)
		w->files[i].snap = now[i];
	free(now);
	w->pending = 0;
	return WATCH_CHANGED;
}

int
watch_wait(struct watch *w, int timeout_ms)
{
	int64_t deadline = timeout_ms < 0 ? -1 : clock_now_ms() + timeout_ms;
	int r, ms;

	for (;;) {
		if (w->fd >= 0) {
			if (w->pending)
				return debounce_events(w);
			r = wait_fds(w, left_ms(deadline));
			if (r < 0)
				return -1;
			if (r == 0)
				return WATCH_TIMEOUT;
			if (r & 2)
				return WATCH_WOKEN;
			r = read_events(w);
			if (r < 0)
				return -1;
			if (r > 0)
				return debounce_events(w);
			continue;
		}
		if (w->pending || poll_changed(w))
			return debounce_polls(w);
		ms = left_ms(deadline);
		if (ms == 0)
			return WATCH_TIMEOUT;
		if (ms < 0 || ms > w->opts.poll_ms)
			ms = w->opts.poll_ms;
		r = wait_fds(w, ms);
		if (r < 0)
			return -1;
		if (r & 2)
			return WATCH_WOKEN;
	}
}

int
watch_polling(const struct watch *w)
{
	return w->fd < 0;
}

size_t
watch_file_count(const struct watch *w)
{
	return w->n_files;
}

size_t
watch_dir_count(const struct watch *w)
{
	size_t i, n = 0;

	for (i = 0; i < w->n_dirs; i++)
		if (w->dirs[i].wd >= 0)
			n++;
	return n;
}
