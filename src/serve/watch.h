/*
 * watch: waits until one of a set of files changes (the spec and every
 * file of its $ref graph, see loader_file_count()).
 *
 * With inotify, the watch is on the parent directory of each file, never
 * on the file: an editor that saves by writing a temporary file and
 * renaming it over the old one replaces the file's inode, which would end
 * a watch on the file itself (later saves would then go unseen). An event
 * in a watched directory counts when it names a file of the set, or any
 * file ending in .yaml, .yml or .json that is not hidden (a file that a
 * broken $ref names may be created next), or when the directory itself
 * goes away or the kernel's queue overflowed. Events are debounced: after
 * the first one, watch_wait() reads on until the directories have been
 * quiet for opts.debounce_ms (at most 10 times that in all), so one save
 * (temporary file, write, rename, chmod) is one change.
 *
 * A save that is complete ends its burst at once: when every event of the
 * burst names one watched file (of the set, or in a folder of
 * watch_set_dirs()) and the last write to it ended, with its rename over
 * the old file (IN_MOVED_TO) or its close after writing (IN_CLOSE_WRITE),
 * the burst ends after WATCH_SETTLE_MS of quiet instead of the debounce
 * (what follows at once, an editor's chmod, is still part of it). A burst
 * that names several files (a git checkout, a generator), a file still
 * open for writing (IN_MODIFY or IN_CREATE since its last close: a
 * truncate and write in several steps), or anything else (a deletion, a
 * new .yaml file, an overflow) keeps the debounce.
 *
 * Folders given to watch_set_dirs() (a theme's: templates, CSS) are
 * watched whole: an event for any file in them that is not hidden and
 * does not end in '~' counts, and so does a subfolder made or removed.
 * watch_dirs_changed() tells the caller whether the last change touched
 * them.
 *
 * When inotify is not available (inotify_init1 fails) or a directory
 * cannot be watched (no watch left, no permission), or when
 * opts.force_poll is set (network file systems, whose remote changes
 * inotify does not see), the files are polled instead: every
 * opts.poll_ms, each file's identity, size and times (and for a folder
 * of watch_set_dirs(), those of its entries) are compared with what they
 * were; a change counts once they are the same on two polls in a row.
 *
 * Not thread-safe: one thread uses a watch.
 */
#ifndef ASYNCDOC_WATCH_H
#define ASYNCDOC_WATCH_H

#include <stddef.h>

/* What watch_wait() saw. */
enum watch_result {
	WATCH_TIMEOUT = 0, /* nothing within the time given */
	WATCH_CHANGED = 1, /* a file of the set changed (debounced) */
	WATCH_WOKEN = 2    /* opts.wake_fd became readable (not read) */
};

struct watch_opts {
	int debounce_ms; /* quiet time that ends a burst of events */
	int poll_ms;     /* interval between two polls */
	int force_poll;  /* poll even when inotify works */
	/*
	 * A file descriptor that ends a wait when it becomes readable (a
	 * signalfd or the read end of a pipe), or -1. The watch only polls
	 * it; the caller reads and closes it.
	 */
	int wake_fd;
};

/*
 * Quiet time that ends a burst holding one complete save (see above): the
 * chmod or the backup removal an editor does right after its write land
 * in it, and so does the next file of a checkout, which then keeps the
 * debounce.
 */
#define WATCH_SETTLE_MS 5

#define WATCH_OPTS_INIT                                                        \
	{                                                                      \
		100, 500, 0, -1                                                \
	}

struct watch;

/*
 * A new watch of no files. opts may be NULL for the defaults. Returns 0,
 * or -1 (out of memory). Free with watch_free().
 */
int watch_new(struct watch **out, const struct watch_opts *opts);
void watch_free(struct watch *w);

/*
 * Makes paths (n file names, relative to the current folder or absolute,
 * copied) the set to watch. The directories of files that stay in the set
 * keep their watches, so changes made since the last watch_wait() are not
 * lost; directories no longer needed are dropped, new ones added (a
 * directory that does not exist is skipped). When inotify fails for a
 * directory, the watch switches to polling for good. Returns 0, or -1
 * when out of memory (the set is then unchanged).
 */
int watch_set_files(struct watch *w, const char *const *paths, size_t n);

/*
 * Makes dirs (n folders, copied) the folders watched whole (see above),
 * in place of those given before; n 0 for none. A folder is not watched
 * recursively: give each subfolder. Returns 0, or -1 when out of memory
 * (the folders are then unchanged).
 */
int watch_set_dirs(struct watch *w, const char *const *dirs, size_t n);

/*
 * Waits up to timeout_ms (-1: no limit) for a change. A burst still being
 * debounced when the time is up gives WATCH_TIMEOUT and goes on at the
 * next call. Returns a watch_result, or -1 when reading the events failed
 * (errno set).
 */
int watch_wait(struct watch *w, int timeout_ms);

/*
 * After WATCH_CHANGED: 1 when the change touched a folder of
 * watch_set_dirs() (or may have: polling, an overflow), else 0.
 */
int watch_dirs_changed(const struct watch *w);

/* 1 when the watch polls, 0 when it uses inotify. */
int watch_polling(const struct watch *w);

/* Files in the set, and directories watched through inotify (tests). */
size_t watch_file_count(const struct watch *w);
size_t watch_dir_count(const struct watch *w);

#endif
