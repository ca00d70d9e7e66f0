/*
 * speclist: the AsyncAPI documents of a folder, for build (a portal) and
 * validate given a folder as SPEC.
 *
 * Every *.yaml, *.yml and *.json file under the folder, searched
 * recursively, whose top level has an `asyncapi` key: files that are only
 * the targets of $refs (schemas, messages) are left out. Hidden files and
 * folders are skipped, and symbolic links to folders are not followed (no
 * loops). The order is stable: paths sorted bytewise, so a folder's files
 * come in the same order on every machine.
 *
 * Threads: no shared state.
 */
#ifndef ASYNCDOC_SPECLIST_H
#define ASYNCDOC_SPECLIST_H

#include <stddef.h>

#include "util/diag.h"

/* A list of paths ("DIR/sub/api.yaml"), owned. */
struct speclist {
	char **items;
	size_t n, cap;
};

/*
 * Appends the documents found under dir to l. 0, or -1 with an io-error
 * (the folder cannot be listed) or out-of-memory diagnostic. Finding none
 * is not an error here: the caller says what that means.
 */
int speclist_add_folder(struct speclist *l, const char *dir,
                        struct diag_list *diags);

/* Appends path as given. 0, or -1 (out of memory, in diags). */
int speclist_add(struct speclist *l, const char *path, struct diag_list *diags);

/*
 * 1 when the file at path has a top-level `asyncapi` key (YAML: a line
 * "asyncapi:" at column 0, quoted or not; JSON: a member of the outer
 * object), 0 otherwise or when it cannot be read. Reads at most 1 MiB.
 */
int speclist_is_asyncapi(const char *path);

/*
 * The version the file at path declares ("3.0.0"), read from its top-level
 * asyncapi key as speclist_is_asyncapi() finds it, in the first 64 KiB,
 * into out (size bytes with the NUL). 0, or -1 (out empty) when there is
 * none that reads as a version. A guess before the load (the YAML is not
 * parsed: an anchor, a tag or a duplicate key are not seen), for work that
 * only goes faster when it is right.
 */
int speclist_version(char *out, size_t size, const char *path);

/* Frees the paths and empties l. */
void speclist_clear(struct speclist *l);

#endif
