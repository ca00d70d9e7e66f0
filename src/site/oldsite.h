/*
 * oldsite: the previous site's files, read and hashed on a thread of their
 * own while the spec loads (#18).
 *
 * A rebuild links each page that did not change from the previous site
 * (site.c), which needs the old file's bytes next to the new page's. The
 * load is one thread's work and leaves the second core idle, while the
 * pages keep every core busy; so the old files are read during the load,
 * each kept as its size and a 128-bit digest (hash_content), and a page
 * is compared by digest, without opening the old file again. Memory: the
 * paths and 24 bytes per file; the files are read through one 64 KiB
 * buffer.
 *
 * The digests are of the folder as it was when read. oldsite_finish()
 * checks that the folder at the output path is still the one read (same
 * device and inode: a build that swapped another site in since made a new
 * folder); a file changed in place between the read and the link is the
 * same race a rebuild always had with whoever edits its output.
 *
 * Threads: oldsite_start() starts one; after oldsite_finish() returns,
 * oldsite_same() may be called from any number of threads at once.
 */
#ifndef ASYNCDOC_OLDSITE_H
#define ASYNCDOC_OLDSITE_H

#include <stddef.h>

struct oldsite;

/*
 * Starts reading the folder dir when it is a site of ours (it holds
 * SITE_MARKER). *out is NULL when there is nothing to read (no folder, no
 * marker) or the thread could not start. Never fails: 0.
 */
int oldsite_start(struct oldsite **out, const char *dir);

/*
 * Waits for the reading thread (at most once; later calls return at
 * once). Returns 1 when the digests may be used for the folder at dir
 * (the same folder, read to the end), else 0.
 */
int oldsite_finish(struct oldsite *o, const char *dir);

/*
 * 1 when the file at rel (relative to the site's root, '/'-separated, as
 * render names pages) held exactly data[0..len) when it was read; 0 when
 * it differs, is missing, or could not be read. Only after a finish that
 * returned 1.
 */
int oldsite_same(const struct oldsite *o, const char *rel, const void *data,
                 size_t len);

/* 1 when rel was read (whatever its bytes). */
int oldsite_has(const struct oldsite *o, const char *rel);

/*
 * The number of files read, when the folder held nothing but regular
 * files and folders that hold some (no link, FIFO, empty folder, nothing
 * too deep or unreadable); else SIZE_MAX. With every file of a new site
 * found the same, an equal count means the old site is the new one.
 */
size_t oldsite_files(const struct oldsite *o);

/* Stops the thread if it runs (waiting for it) and frees everything. */
void oldsite_free(struct oldsite *o);

#endif
