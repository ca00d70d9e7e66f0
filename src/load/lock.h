/*
 * lock: the lockfile of remote refs (asyncdoc.lock beside the spec, or
 * --lock FILE): each URL a build read, with the SHA-256 and size of the
 * body. Text, one URL a line, sorted by URL (bytewise), no dates, so the
 * same reads give the same bytes:
 *
 *   # asyncdoc lockfile: ...
 *   https://example.com/common/messages.yaml sha256:<64 hex> 1234
 *
 * Lines starting with '#' and blank lines are comments. A URL never holds
 * a space or a control character (such refs are refused before).
 *
 * Ownership: a struct lock owns its entries; strings handed out are
 * borrowed until the next change or lock_free().
 * Errors: diagnostics (rule lock-syntax at file:line, io-error).
 * Threads: one thread at a time per lock.
 */
#ifndef ASYNCDOC_LOCK_H
#define ASYNCDOC_LOCK_H

#include <stddef.h>

#include "util/diag.h"

struct lock;

/*
 * Reads the lockfile path; a missing file gives an empty lock with
 * lock_exists() 0. 0 with *out, or -1 with the reason in diags (a bad
 * line, an unreadable file, out of memory) and *out NULL.
 */
int lock_load(struct lock **out, const char *path, struct diag_list *diags);
void lock_free(struct lock *l);

const char *lock_path(const struct lock *l);
/* 1 when the file was there when loaded (or has been saved since). */
int lock_exists(const struct lock *l);
/* 1 when entries changed since loaded or saved. */
int lock_dirty(const struct lock *l);
size_t lock_count(const struct lock *l);

/*
 * 1 with *hex (64 hex digits, borrowed) and *size when url has an entry,
 * else 0.
 */
int lock_find(const char **hex, size_t *size, const struct lock *l,
              const char *url);

/* Adds or replaces url's entry. 0, or -1 when out of memory. */
int lock_set(struct lock *l, const char *url, const char *hex, size_t size);

/* Drops every entry (--update-lock: what this run reads, only that). */
void lock_clear(struct lock *l);

/* Writes the file atomically, sorted. 0, or -1 with an io-error in diags. */
int lock_save(struct lock *l, struct diag_list *diags);

#endif
