/*
 * refroot: the folder a spec's $refs may read (see refroot.h).
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "load/refroot.h"
#include "util/strbuf.h"

int
refroot_contains(const char *root, const char *real)
{
	size_t n = strlen(root);

	if (strcmp(root, "/") == 0)
		return real[0] == '/';
	return strncmp(real, root, n) == 0 &&
	       (real[n] == '/' || real[n] == '\0');
}

/* The spec's folder ("." for a bare name), resolved. NULL with errno. */
static char *
spec_dir(const char *spec)
{
	const char *slash = strrchr(spec, '/');
	struct strbuf b = {0};
	char *r;

	if (slash == NULL)
		return realpath(".", NULL);
	if (slash == spec)
		return realpath("/", NULL);
	strbuf_putn(&b, spec, (size_t)(slash - spec));
	if (b.oom) {
		errno = ENOMEM;
		return NULL;
	}
	r = realpath(b.p, NULL);
	free(b.p);
	return r;
}

/*
 * The nearest folder from dir (a realpath) up holding ".git", as a new
 * string in *out, or *out NULL when there is none. 0, or -1 (ENOMEM).
 */
static int
find_git(char **out, const char *dir)
{
	struct strbuf b = {0};
	struct stat st;
	size_t len = strlen(dir);
	int rc = -1;

	*out = NULL;
	for (;;) {
		b.len = 0;
		strbuf_putn(&b, dir, len);
		strbuf_puts(&b, len == 1 ? ".git" : "/.git");
		if (b.oom) {
			errno = ENOMEM;
			goto out;
		}
		/* a folder, or the "gitdir: ..." file of a worktree */
		if (stat(b.p, &st) == 0 &&
		    (S_ISDIR(st.st_mode) || S_ISREG(st.st_mode))) {
			b.len = len;
			b.p[len] = '\0';
			*out = b.p;
			b.p = NULL;
			break;
		}
		if (len <= 1)
			break;
		while (len > 1 && dir[len - 1] != '/')
			len--;
		if (len > 1)
			len--; /* the slash, unless it is the root's */
	}
	rc = 0;
out:
	free(b.p);
	return rc;
}

int
refroot_find(char **out, enum refroot_how *how, const char *spec,
             const struct refroot_opts *opts)
{
	static const struct refroot_opts defaults;
	char *dir = NULL, *cwd = NULL;

	*out = NULL;
	if (opts == NULL)
		opts = &defaults;
	if (opts->given != NULL) {
		*how = REFROOT_GIVEN;
		*out = realpath(opts->given, NULL);
		return *out != NULL ? 0 : -1;
	}
	dir = spec_dir(spec);
	if (dir == NULL)
		return -1;
	if (opts->spec_dir_only) {
		*how = REFROOT_SPEC_ONLY;
		*out = dir;
		return 0;
	}
	if (find_git(out, dir) < 0) {
		free(dir);
		return -1;
	}
	if (*out != NULL) {
		*how = REFROOT_GIT;
		free(dir);
		return 0;
	}
	cwd = realpath(".", NULL);
	if (cwd != NULL && strcmp(cwd, "/") != 0 &&
	    refroot_contains(cwd, dir)) {
		*how = REFROOT_CWD;
		*out = cwd;
		free(dir);
		return 0;
	}
	free(cwd);
	*how = REFROOT_SPEC_DIR;
	*out = dir;
	return 0;
}

const char *
refroot_how_text(enum refroot_how how)
{
	switch (how) {
	case REFROOT_GIVEN:
		return "set with --ref-root";
	case REFROOT_GIT:
		return "the git repository of the spec; set another with "
		       "--ref-root";
	case REFROOT_CWD:
		return "the current folder, which holds the spec; set another "
		       "with --ref-root";
	case REFROOT_SPEC_DIR:
		return "the spec's folder: it is in no git repository and not "
		       "below the current folder; set another with --ref-root";
	case REFROOT_SPEC_ONLY:
		break;
	}
	return "the spec's folder";
}
