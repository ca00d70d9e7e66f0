/*
 * refroot: the folder a spec's $refs may read files from (the "ref root").
 *
 * By default it is the nearest folder above the spec (its own included)
 * holding a ".git" entry, a folder or a file (worktrees and submodules
 * have a file); else the current folder when the spec lies below it
 * (except when the current folder is "/", which would open everything);
 * else the spec's own folder. A caller may give the root instead. Every
 * folder is taken after resolving symlinks, so the root compares with
 * the realpath of each file a ref reads.
 *
 * Errors: -1 with errno (ENOMEM, or what realpath() says of the spec's
 * folder or of the given root). Threads: reentrant, but it reads the
 * process's current folder.
 */
#ifndef ASYNCDOC_REFROOT_H
#define ASYNCDOC_REFROOT_H

/* How a root was chosen: said in the message of a ref it refuses. */
enum refroot_how {
	REFROOT_GIVEN,    /* the caller's folder */
	REFROOT_GIT,      /* the git repository holding the spec */
	REFROOT_CWD,      /* the current folder, which holds the spec */
	REFROOT_SPEC_DIR, /* the spec's folder (no repository, not below) */
	REFROOT_SPEC_ONLY /* the spec's folder, as the caller asked */
};

/* What refroot_find() looks at. */
struct refroot_opts {
	const char *given; /* this folder, when not NULL */
	int spec_dir_only; /* the spec's folder, no search (given wins) */
};

/*
 * The root for the spec file at spec (as given: relative to the current
 * folder) into *out (a realpath; the caller frees it) and how it was
 * chosen into *how. opts may be NULL for the defaults. 0, or -1 with
 * errno.
 */
int refroot_find(char **out, enum refroot_how *how, const char *spec,
                 const struct refroot_opts *opts);

/*
 * Words for how, put after the root in a message: "the git repository of
 * the spec", "set with --ref-root", ...
 */
const char *refroot_how_text(enum refroot_how how);

/* 1 when real (a realpath) is root itself or lies below it, else 0. */
int refroot_contains(const char *root, const char *real);

#endif
