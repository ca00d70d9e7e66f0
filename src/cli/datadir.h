/*
 * datadir: where an uninstalled asyncdoc finds its themes.
 *
 * Threads: the main thread only, before any other (it may call setenv).
 */
#ifndef ASYNCDOC_DATADIR_H
#define ASYNCDOC_DATADIR_H

/*
 * When this program is the build tree's own asyncdoc (not an installed
 * copy) and ASYNCDOC_DATADIR is unset, sets ASYNCDOC_DATADIR to the source
 * tree: once `make install` has put themes in PKGDATADIR, a developer's
 * build/asyncdoc would otherwise render with the installed (older) themes
 * instead of the ones being edited. Does nothing anywhere else; never
 * fails.
 */
void datadir_prefer_source_tree(void);

#endif
