/*
 * site: writes a rendered site into its output folder, all or nothing.
 *
 * Pages and the theme's assets are written into a staging folder created
 * beside the output folder (".NAME.tmp-XXXXXX" in the same parent, so that
 * rename() stays on one file system), which then takes the output
 * folder's place in one rename (RENAME_EXCHANGE when the folder exists;
 * the old tree is then removed). A build that fails leaves the previous
 * site as it was. Every site gets a SITE_MARKER file; a non-empty folder
 * without it is not replaced unless opts.force is set.
 *
 * Missing parent folders of the output folder are created. The output
 * folder may not be "/", the current folder or one of its ancestors, nor
 * hold opts.keep (the spec), even with force.
 */
#ifndef ASYNCDOC_SITE_H
#define ASYNCDOC_SITE_H

#include "util/diag.h"

struct render_output;
struct theme;
struct theme_asset;
struct site_stats;
struct oldsite;

/* Marks a folder as written by asyncdoc (and safe to replace). */
#define SITE_MARKER ".asyncdoc-site"

/* Threads that write pages at most. */
#define SITE_MAX_JOBS 16

struct site_opts {
	int force;        /* replace a non-empty folder that is not a site */
	const char *keep; /* a file the output folder may not hold, or NULL */
	/*
	 * Threads writing pages: 0 for one per online CPU (at most
	 * SITE_MAX_JOBS), 1 for none but the caller's. Pages are rendered
	 * through render_page_write() from several threads at once, which
	 * render.h allows; the diagnostics come out in page order whatever
	 * the threads did.
	 */
	size_t jobs;
	/*
	 * The assets to write into assets/ (theme_assets(): each src under
	 * its out name). When NULL, theme's asset folders are copied as
	 * they are.
	 */
	const struct theme_asset *assets;
	size_t n_assets;
	/* Filled in when not NULL: what the write did. */
	struct site_stats *stats;
	/*
	 * Set: skip the flushes that make the swap durable (throw-away
	 * output). By default the staging folder's file system is synced
	 * (syncfs) before the swap and the parent folder (fsync) after it,
	 * so that after a power cut the folder holds the old site or the
	 * new one, whole.
	 */
	int no_sync;
	/*
	 * Called once the pages and assets are in the staging folder, before
	 * its sync and the swap: nonzero abandons the write (the staging
	 * folder is removed, the previous site stays, and site_write()
	 * returns -1 with no diagnostic of its own). The pipeline's checks,
	 * which run while the pages are written, say here whether the site
	 * may go in. NULL: no such call.
	 */
	int (*before_swap)(void *arg);
	void *before_swap_arg;
	/*
	 * The previous site's files as oldsite_start() read them beside the
	 * load (borrowed; site_write() calls oldsite_finish() on it): an
	 * unchanged page is then told by digest, without reading the old
	 * file. NULL, or a read that does not match the folder found: each
	 * old file is read next to its page.
	 */
	struct oldsite *old;
};

/*
 * Incremental writes: when DIR is a previous site, a page or asset whose
 * bytes are those of the same file there is hard-linked from it into the
 * new site instead of written, so an unchanged rebuild rewrites no file
 * (same inodes and mtimes: rsync and caches see nothing new).
 */
struct site_stats {
	size_t written;   /* pages and assets written */
	size_t unchanged; /* kept from the previous site */
	size_t removed;   /* files of the previous site not in the new one */
	double write_ms;  /* rendering and writing the pages and assets */
	double swap_ms;   /* the swap and removing the old tree */
};

#define SITE_OPTS_INIT                                                         \
	{                                                                      \
		0, NULL, 0, NULL, 0, NULL, 0, NULL, NULL, NULL                 \
	}

/*
 * Writes the pages of out and the asset folders of theme (into assets/;
 * theme may be NULL for none) as the folder dir. opts may be NULL for the
 * defaults. Returns 0, or -1 with an `output-not-site` (refused) or
 * `output-error` (I/O) error in diags and dir untouched. A failure to
 * remove the old tree after the swap is only a warning.
 */
int site_write(const char *dir, const struct render_output *out,
               const struct theme *theme, const struct site_opts *opts,
               struct diag_list *diags);

#endif
