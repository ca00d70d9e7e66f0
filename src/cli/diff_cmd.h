/*
 * diff_cmd: the `asyncdoc diff OLD NEW` command (diff_cmd.c) and its
 * printers (diff_print.c).
 *
 * A side is a spec file, or REV:path read from the git repository of the
 * current directory: every file of that side (the root and each $ref) is
 * read with `git cat-file blob REV:./path`, run without a shell
 * (fork/exec), never from the working tree. git rather than libgit2: it is
 * on every CI machine that has a checkout, a revision means exactly what
 * it means to the user's git (worktrees, partial clones, replace refs),
 * and it adds no library to link.
 */
#ifndef ASYNCDOC_DIFF_CMD_H
#define ASYNCDOC_DIFF_CMD_H

#include <stdio.h>

#include "diff/diff.h"
#include "site/pipeline.h"

enum diff_format {
	DIFF_FORMAT_TEXT,
	DIFF_FORMAT_JSON,
	DIFF_FORMAT_MARKDOWN,
	DIFF_FORMAT_GITHUB,
	DIFF_FORMAT_SARIF,
};

/* How each side is named in the output. */
struct diff_names {
	const char *old_spec, *new_spec; /* as given */
	const char *old_rev, *new_rev;   /* REV of a git side, or NULL */
};

/* `asyncdoc diff ...`: its exit code. */
int diff_cmd_main(int argc, char **argv);

/*
 * build --compare-to OLD: loads OLD (a file or REV:path) into *out
 * without the schema and rules checks (the older version was published
 * already). EXIT_OK, or an exit code with the reasons printed on stderr.
 */
int diff_cmd_load_old(struct pipeline_result *out, const char *arg,
                      int allow_outside_refs);

/* Prints r (sorted by the caller as wanted) in format to fp. 0 or -1. */
int diff_print(FILE *fp, enum diff_format format, const struct diff_result *r,
               const struct diff_names *names);

/*
 * Reads a file of a git revision: path relative to the current directory
 * (arg is the revision). The loader's read callback (loader_opts.read).
 */
int diff_git_read(char **out, size_t *len, const char *path, void *arg);

#endif
