/*
 * datadir: the source tree's themes for an uninstalled build (see
 * datadir.h).
 */
#include "config.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/datadir.h"

void
datadir_prefer_source_tree(void)
{
#if defined(ABS_TOP_SRCDIR) && defined(ABS_TOP_BUILDDIR)
	char exe[PATH_MAX], dir[PATH_MAX];
	ssize_t n;
	char *slash;

	if (getenv("ASYNCDOC_DATADIR") != NULL)
		return;
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n <= 0)
		return;
	exe[n] = '\0';
	slash = strrchr(exe, '/');
	if (slash == NULL || slash == exe)
		return;
	*slash = '\0';
	/* The build folder may be reached through a symlink: compare both
	 * resolved. */
	if (realpath(ABS_TOP_BUILDDIR, dir) == NULL || strcmp(dir, exe) != 0)
		return;
	setenv("ASYNCDOC_DATADIR", ABS_TOP_SRCDIR, 0);
#endif
}
