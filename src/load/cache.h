/*
 * cache: the remote-ref cache, a folder of bodies named by their SHA-256
 * (content-addressed: a body is never changed in place, two URLs with one
 * body share it) and of URL records (the hash of the body last read from
 * each URL, for --offline builds without a lockfile entry).
 *
 * Layout under the folder: sha256/<hex> (the bytes), url/<hex of the
 * URL's SHA-256> ("<body hex>\n<url>\n"). Every file is written
 * atomically (temporary file + rename): a build killed half-way, or two
 * builds at once, leave whole files only. A body read back is checked
 * against its name, so a damaged file is a miss, not a wrong body.
 *
 * Library code: nothing printed; functions return -1 with errno set.
 * Threads: reentrant (the file system is the only shared state).
 */
#ifndef ASYNCDOC_CACHE_H
#define ASYNCDOC_CACHE_H

#include <stddef.h>

#include "util/sha256.h"

/*
 * The default folder: $XDG_CACHE_HOME/asyncdoc when that variable is an
 * absolute path, else $HOME/.cache/asyncdoc. 0 with *out (free it), or -1
 * when neither is set (or out of memory).
 */
int cache_dir_default(char **out);

/*
 * The body whose SHA-256 is hex, when at most max bytes. 0 with *out
 * (NUL-terminated, free it) and *len; 1 when not cached (or damaged, or
 * bigger); -1 on an error other than a miss (errno).
 */
int cache_get(char **out, size_t *len, const char *dir, const char *hex,
              size_t max);

/* Stores body (its hash hex) in dir, creating folders. 0, or -1 (errno). */
int cache_put(const char *dir, const char *hex, const char *body, size_t len);

/* The hash recorded for url: 0 with out filled, 1 when none, -1 (errno). */
int cache_url_get(char out[SHA256_HEX_LEN + 1], const char *dir,
                  const char *url);

/* Records hex as url's body. 0, or -1 (errno). */
int cache_url_put(const char *dir, const char *url, const char *hex);

#endif
