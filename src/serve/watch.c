/*
 * watch: inotify on parent directories, with a stat-polling fallback (see
 * watch.h).
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
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
#include "util/hash.h"

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
	char *path;   /* absolute, resolved when it exists */
	int wd;       /* inotify watch, -1 when none */
	int whole;    /* a folder of watch_set_dirs(): every file counts */
	uint64_t sig; /* polling a whole folder: its entries as last seen */
};

/*
 * The burst being debounced. It may end after WATCH_SETTLE_MS when it is
 * one complete save of one watched file (see watch.h): name (in folder
 * dir) is the first file it named, several says it named another or
 * something else counted, complete that a rename or close-after-write
 * ended a write, unfinished that the file was written to since.
 */
struct burst {
	int64_t last, start; /* when the last event counted, the first */
	size_t dir;
	char *name;
	int several, complete, unfinished;
	int in_dirs; /* a folder of watch_set_dirs() was touched */
};

struct watch {
	struct watch_opts opts;
	int fd;      /* inotify, -1 when polling */
	int pending; /* a change seen but not yet returned */
	struct burst burst;
	int dirs_changed; /* the last change returned touched whole folders */
	struct wfile *files;
	size_t n_files;
	struct wdir *dirs;
	size_t n_dirs;
	char **whole; /* watch_set_dirs(): absolute folder names */
	size_t n_whole;
};

/*
 * Events that can mean a file of a directory changed. IN_MODIFY tells a
 * file being written (its save not complete yet) from one closed.
 */
#define DIR_MASK                                                               \
	(IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_CREATE |            \
	 IN_DELETE | IN_ATTRIB | IN_MODIFY | IN_DELETE_SELF | IN_MOVE_SELF |   \
	 IN_ONLYDIR)

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

/*
 * Polling a whole folder: a hash of its entries' names, identities, sizes
 * and times, whatever order readdir() gives them in (0 when it cannot be
 * read).
 */
static uint64_t
dir_sig(const char *path)
{
	DIR *d = opendir(path);
	const struct dirent *e;
	struct stat st;
	uint64_t sum = 1, h;

	if (d == NULL)
		return 0;
	while ((e = readdir(d)) != NULL) {
		/* what inotify would not count either (see name_counts()) */
		if (e->d_name[0] == '.' ||
		    e->d_name[strlen(e->d_name) - 1] == '~')
			continue;
		h = hash_fnv1a_str(HASH_FNV_OFFSET, e->d_name);
		if (fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) ==
		    0) {
			h = hash_fnv1a(h, &st.st_ino, sizeof(st.st_ino));
			h = hash_fnv1a(h, &st.st_size, sizeof(st.st_size));
			h = hash_fnv1a(h, &st.st_mode, sizeof(st.st_mode));
			h = hash_fnv1a(h, &st.st_mtim, sizeof(st.st_mtim));
			h = hash_fnv1a(h, &st.st_ctim, sizeof(st.st_ctim));
		}
		/* a sum: the order of the entries does not matter */
		sum += hash_fmix64(h);
	}
	closedir(d);
	return sum;
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
burst_clear(struct burst *b)
{
	free(b->name);
	memset(b, 0, sizeof(*b));
}

static void
free_strings(char **list, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(list[i]);
	free(list);
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
	free_strings(w->whole, w->n_whole);
	burst_clear(&w->burst);
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
	for (i = 0; i < w->n_dirs; i++)
		if (w->dirs[i].whole)
			w->dirs[i].sig = dir_sig(w->dirs[i].path);
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

/*
 * The watch of files paths (n) and of the whole folders whole (n_whole,
 * absolute): see watch_set_files(). 0 or -1 (out of memory).
 */
static int
set_all(struct watch *w, const char *const *paths, size_t n, char *const *whole,
        size_t n_whole)
{
	struct wfile *files = NULL;
	struct wdir *dirs = NULL;
	size_t i, j, n_dirs = 0, k;
	char *dir = NULL, *file;
	int *keep_wd = NULL;

	files = calloc(n + 1, sizeof(*files));
	dirs = calloc(n + n_whole + 1, sizeof(*dirs));
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
	for (i = 0; i < n_whole; i++) {
		k = find_dir(dirs, n_dirs, whole[i]);
		if (k == n_dirs) {
			dirs[k].path = strdup(whole[i]);
			if (dirs[k].path == NULL)
				goto fail;
			dirs[k].wd = -1;
			n_dirs++;
		}
		dirs[k].whole = 1;
		dirs[k].sig = dir_sig(whole[i]);
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
			/* what polling saw of it stays, as for files */
			if (w->dirs[i].whole && dirs[k].whole)
				dirs[k].sig = w->dirs[i].sig;
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

int
watch_set_files(struct watch *w, const char *const *paths, size_t n)
{
	return set_all(w, paths, n, w->whole, w->n_whole);
}

int
watch_set_dirs(struct watch *w, const char *const *dirs, size_t n)
{
	const char **paths = NULL;
	char **whole = NULL, *cwd = NULL;
	size_t i, len;
	int rc = -1;

	paths = calloc(w->n_files + 1, sizeof(*paths));
	whole = calloc(n + 1, sizeof(*whole));
	if (paths == NULL || whole == NULL)
		goto out;
	for (i = 0; i < n; i++) {
		whole[i] = realpath(dirs[i], NULL);
		if (whole[i] != NULL || dirs[i][0] == '/') {
			if (whole[i] == NULL)
				whole[i] = strdup(dirs[i]);
		} else {
			/* not there (yet): absolute, as it is spelled */
			if (cwd == NULL && (cwd = getcwd(NULL, 0)) == NULL)
				goto out;
			len = strlen(cwd) + strlen(dirs[i]) + 2;
			if ((whole[i] = malloc(len)) != NULL)
				snprintf(whole[i], len, "%s/%s", cwd, dirs[i]);
		}
		if (whole[i] == NULL)
			goto out;
	}
	for (i = 0; i < w->n_files; i++)
		paths[i] = w->files[i].path;
	if (set_all(w, paths, w->n_files, whole, n) != 0)
		goto out;
	free_strings(w->whole, w->n_whole);
	w->whole = whole;
	w->n_whole = n;
	whole = NULL;
	rc = 0;
out:
	if (whole != NULL)
		free_strings(whole, n);
	free(paths);
	free(cwd);
	return rc;
}

/* 1 when name ends in ext, ignoring case. */
static int
has_ext(const char *name, const char *ext)
{
	size_t n = strlen(name), e = strlen(ext);

	return n > e && strcasecmp(name + n - e, ext) == 0;
}

/*
 * Whether an event for name in directory d concerns the watch: 2 for a
 * watched file (of the set, or any file of a whole folder), 1 for another
 * file that counts (a new spec file), 0 for none.
 */
static int
name_counts(const struct watch *w, size_t d, const char *name)
{
	size_t i, n;

	for (i = 0; i < w->n_files; i++)
		if (w->files[i].dir == d && strcmp(w->files[i].base, name) == 0)
			return 2;
	if (name[0] == '.')
		return 0;
	n = strlen(name);
	if (w->dirs[d].whole && n > 0 && name[n - 1] != '~')
		return 2;
	return has_ext(name, ".yaml") || has_ext(name, ".yml") ||
	       has_ext(name, ".json");
}

/* Takes a counting event into the burst (see struct burst). */
static void
burst_note(struct watch *w, size_t d, const char *name, uint32_t mask,
           int watched)
{
	struct burst *b = &w->burst;

	if (w->dirs[d].whole)
		b->in_dirs = 1;
	if (!watched || (mask & IN_ISDIR)) {
		b->several = 1;
		return;
	}
	if (b->name == NULL && !b->several) {
		b->dir = d;
		b->name = strdup(name);
		if (b->name == NULL)
			b->several = 1;
	} else if (b->name == NULL || b->dir != d ||
	           strcmp(b->name, name) != 0) {
		b->several = 1;
	}
	if (mask & (IN_CREATE | IN_MODIFY))
		b->unfinished = 1;
	if (mask & (IN_CLOSE_WRITE | IN_MOVED_TO)) {
		b->unfinished = 0;
		b->complete = 1;
	}
}

/* Something that is no file's event counted: the burst is debounced. */
static void
burst_other(struct watch *w, int in_dirs)
{
	w->burst.several = 1;
	if (in_dirs)
		w->burst.in_dirs = 1;
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
	int counts = 0, c;

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
				/* anything may have changed, themes too */
				burst_other(w, 1);
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
				burst_other(w, w->dirs[i].whole);
				counts = 1;
				continue;
			}
			if (ev->len == 0 ||
			    ((ev->mask & IN_ISDIR) && !w->dirs[i].whole))
				continue;
			c = name_counts(w, i, ev->name);
			if (c > 0) {
				burst_note(w, i, ev->name, ev->mask, c == 2);
				counts = 1;
			}
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

/* When the burst ends if nothing more comes (see struct burst). */
static int64_t
burst_end(const struct watch *w)
{
	const struct burst *b = &w->burst;
	int64_t quiet = w->opts.debounce_ms, end;

	if (b->complete && !b->unfinished && !b->several &&
	    quiet > WATCH_SETTLE_MS)
		quiet = WATCH_SETTLE_MS;
	end = b->start + (int64_t)w->opts.debounce_ms * DEBOUNCE_MAX_ROUNDS;
	return b->last + quiet < end ? b->last + quiet : end;
}

/* Returns the burst as a change, and forgets it. */
static int
burst_done(struct watch *w)
{
	w->dirs_changed = w->burst.in_dirs;
	burst_clear(&w->burst);
	w->pending = 0;
	return WATCH_CHANGED;
}

/*
 * inotify: a change was seen (its events taken into the burst); reads on
 * until the burst ends, or until deadline (the burst then stays pending).
 */
static int
debounce_events(struct watch *w, int64_t deadline)
{
	int64_t end;
	int r, ms;

	if (!w->pending) {
		w->pending = 1;
		w->burst.start = clock_now_ms();
		w->burst.last = w->burst.start;
	}
	for (;;) {
		end = burst_end(w);
		if (deadline >= 0 && deadline < end)
			end = deadline;
		ms = left_ms(end);
		if (ms == 0) {
			if (clock_now_ms() >= burst_end(w))
				break;
			return WATCH_TIMEOUT;
		}
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
				w->burst.last = clock_now_ms();
		}
	}
	return burst_done(w);
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
	for (i = 0; i < w->n_dirs; i++)
		if (w->dirs[i].whole &&
		    dir_sig(w->dirs[i].path) != w->dirs[i].sig)
			return 1;
	return 0;
}

/* Polling: what the files and whole folders are now, into now/sigs. */
static int
poll_take(const struct watch *w, struct snap *now, uint64_t *sigs)
{
	size_t i;
	int same = 1;
	struct snap s;
	uint64_t sig;

	for (i = 0; i < w->n_files; i++) {
		snap_take(&s, w->files[i].path);
		if (!snap_equal(&s, &now[i]))
			same = 0;
		now[i] = s;
	}
	for (i = 0; i < w->n_dirs; i++) {
		sig = w->dirs[i].whole ? dir_sig(w->dirs[i].path) : 0;
		if (sig != sigs[i])
			same = 0;
		sigs[i] = sig;
	}
	return same;
}

/* Polling: a change was seen; waits until two polls agree. */
static int
debounce_polls(struct watch *w)
{
	struct snap *now = NULL;
	uint64_t *sigs = NULL;
	size_t i, round;
	int r = -1;

	w->pending = 1;
	now = calloc(w->n_files + 1, sizeof(*now));
	sigs = calloc(w->n_dirs + 1, sizeof(*sigs));
	if (now == NULL || sigs == NULL)
		goto out;
	poll_take(w, now, sigs);
	for (round = 0; round < DEBOUNCE_MAX_ROUNDS; round++) {
		r = wait_fds(w, w->opts.debounce_ms);
		if (r < 0 || (r & 2)) {
			r = r < 0 ? -1 : WATCH_WOKEN;
			goto out;
		}
		if (poll_take(w, now, sigs))
			break;
	}
	for (i = 0; i < w->n_files; i++)
		w->files[i].snap = now[i];
	w->dirs_changed = 0;
	for (i = 0; i < w->n_dirs; i++) {
		if (w->dirs[i].whole && w->dirs[i].sig != sigs[i])
			w->dirs_changed = 1;
		w->dirs[i].sig = sigs[i];
	}
	w->pending = 0;
	r = WATCH_CHANGED;
out:
	free(now);
	free(sigs);
	return r;
}

int
watch_wait(struct watch *w, int timeout_ms)
{
	int64_t deadline = timeout_ms < 0 ? -1 : clock_now_ms() + timeout_ms;
	int r, ms;

	for (;;) {
		if (w->fd >= 0) {
			if (w->pending)
				return debounce_events(w, deadline);
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
				return debounce_events(w, deadline);
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
watch_dirs_changed(const struct watch *w)
{
	return w->dirs_changed;
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
