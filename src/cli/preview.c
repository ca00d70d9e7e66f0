/*
 * preview: the serve command's loop (see preview.h).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cli/configfile.h"
#include "cli/options.h"
#include "cli/preview.h"
#include "cli/printer.h"
#include "load/loader.h"
#include "render/render.h"
#include "serve/serve.h"
#include "serve/themedirs.h"
#include "serve/watch.h"
#include "site/memsite.h"
#include "site/pipeline.h"

/* Settings that asyncdoc.yaml replaced: kept until serve ends. */
struct retired {
	struct retired *next;
	struct cli *cli; /* heap-allocated, the pipelines borrow from it */
	struct config *cfg;
};

/* What serve keeps between two builds. */
struct serve_run {
	const char *spec;
	const char *output;
	struct pipeline_opts popts; /* to open the theme again */
	struct pipeline *pipe;      /* the theme as it is now */
	/*
	 * The pipeline whose theme (templates, assets) the site in memory
	 * uses, which a theme change leaves in place until a build with the
	 * new one is; and one to free once the site it served is dropped.
	 */
	struct pipeline *site_pipe, *drop_pipe;
	int watch_theme;  /* a theme was chosen: its folders are watched */
	int theme_broken; /* the theme was refused: open it again first */
	struct serve *srv;
	struct watch *w;
	char **files; /* watched: the files of the last good build */
	size_t n_files;
	enum diag_severity show; /* least severe diagnostic printed */
	struct memsite *mem;     /* the site in memory (no -o), or NULL */
	int sfd;                 /* the signalfd of the stop signals */
	sigset_t old;            /* the signal mask before */
	/*
	 * The configuration (asyncdoc.yaml, or --config): watched with the
	 * spec; a change reads the command line and it again and applies
	 * what they say. argc and argv are serve's, for that reading.
	 */
	const char *config_path;
	struct stat config_st; /* as it was when last read */
	int config_there;      /* it existed then */
	int argc;
	char **argv;
	const char *first_output; /* -o (or the config's) at the start */
	struct cli *cli;          /* settings read after the start, or NULL */
	struct config *cfg;
	struct retired *retired;
};

static void
free_files(char **files, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(files[i]);
	free(files);
}

/*
 * The name of the i-th file to watch: after a good build, the files doc
 * read; after a failed one (no document), the files watched so far, the
 * spec and every file a diagnostic names (the file that broke, or the one
 * holding a broken $ref), so that a fix in any of them is seen. NULL to
 * skip it.
 */
static const char *
watch_name(const struct serve_run *run, const struct loader_doc *doc,
           const struct diag_list *diags, size_t i)
{
	const char *name;
	struct stat st;

	if (doc != NULL)
		return loader_file_is_remote(doc, (uint32_t)i)
		               ? NULL /* a URL: the cache serves it */
		               : loader_file_path(doc, (uint32_t)i);
	if (i < run->n_files)
		return run->files[i];
	if (i == run->n_files)
		return run->spec;
	name = diag_at(diags, i - run->n_files - 1)->file;
	/* Diagnostics also name folders (the output): files only. */
	if (name == NULL || stat(name, &st) != 0 || !S_ISREG(st.st_mode))
		return NULL;
	return name;
}

/* Renews the watched files (see watch_name()). 0, or -1 (no memory). */
static int
serve_watch_files(struct serve_run *run, const struct loader_doc *doc,
                  const struct diag_list *diags)
{
	const char *name;
	char **files;
	size_t i, j, n = 0, max;

	max = doc != NULL ? loader_file_count(doc)
	                  : run->n_files + 1 + diag_count(diags);
	/* and the configuration, after them */
	files = calloc(max + 2, sizeof(*files));
	if (files == NULL)
		return -1;
	for (i = 0; i <= max; i++) {
		name = i < max ? watch_name(run, doc, diags, i)
		               : run->config_path;
		if (name == NULL)
			continue;
		for (j = 0; j < n && strcmp(files[j], name) != 0; j++)
			;
		if (j < n)
			continue;
		files[n] = strdup(name);
		if (files[n] == NULL) {
			free_files(files, n);
			return -1;
		}
		n++;
	}
	if (watch_set_files(run->w, (const char *const *)files, n) != 0) {
		free_files(files, n);
		return -1;
	}
	free_files(run->files, run->n_files);
	run->files = files;
	run->n_files = n;
	return 0;
}

static long
elapsed_ms(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (long)(t1.tv_sec - t0->tv_sec) * 1000 +
	       (t1.tv_nsec - t0->tv_nsec) / 1000000;
}

/* The site in memory now comes from run->pipe (see struct serve_run). */
static void
site_from_pipe(struct serve_run *run)
{
	if (run->site_pipe == run->pipe)
		return;
	run->drop_pipe = run->site_pipe;
	run->site_pipe = run->pipe;
}

/*
 * What the site in memory replaced, and the pipeline of its theme when
 * that changed: freed once the browsers have been told.
 */
static void
drop_old_site(struct serve_run *run)
{
	if (run->mem != NULL)
		memsite_drop_old(run->mem);
	pipeline_free(run->drop_pipe);
	run->drop_pipe = NULL;
}

/*
 * A build of serve without -o: the spec is checked and its pages planned,
 * and the site in memory renders them when they are asked for. Returns
 * the document, which the site now owns (NULL when it is not in place).
 */
static const struct loader_doc *
plan_in_memory(struct serve_run *run, struct pipeline_result *res,
               struct diag_list *diags)
{
	struct render_output *pages = NULL;
	const struct theme_asset *assets;
	const struct loader_doc *doc;
	size_t n;

	if (pipeline_plan(&pages, res, run->pipe, run->spec, diags) != 0) {
		render_output_free(pages);
		return NULL;
	}
	assets = pipeline_assets(run->pipe, &n);
	doc = res->doc;
	/* The site takes the pages, the model and the document. */
	if (memsite_set(run->mem, pages, res->model, res->doc, assets, n) !=
	    0) {
		res->model = NULL;
		res->doc = NULL;
		res->status = PIPELINE_ERROR;
		diag_oom(diags, "serving the site");
		return NULL;
	}
	res->model = NULL;
	res->doc = NULL;
	site_from_pipe(run);
	return doc;
}

static int
memory_source(void *arg, const char *path, char **body, size_t *len)
{
	return memsite_get(body, len, arg, path);
}

/*
 * Prints diags (sorted) and how a build went: rc as serve_build() returns
 * it, ms its time, event_ms when the browsers were told (-1: not apart),
 * shown when the pages show the spec though it failed its checks.
 */
static void
report(const struct serve_run *run, struct diag_list *diags, int rc, int first,
       int shown, long ms, long event_ms)
{
	char counts[96], when[64] = "";

	diag_sort(diags);
	printer_counts(counts, sizeof(counts), diags);
	diag_list_keep(diags, run->show);
	diag_print_text(stderr, diags, printer_color());
	if (event_ms >= 0)
		snprintf(when, sizeof(when), " (pages reloaded after %ld ms)",
		         event_ms);
	if (rc == EXIT_OK && !first)
		fprintf(stderr, "asyncdoc serve: %s: rebuilt in %ld ms%s%s%s\n",
		        run->spec, ms, when, counts[0] != '\0' ? ", " : "",
		        counts);
	else if (rc != EXIT_OK)
		fprintf(stderr, "asyncdoc serve: %s: %s; %s\n", run->spec,
		        counts[0] != '\0' ? counts : "cannot build it",
		        first   ? "the pages show the errors until it is fixed"
		        : shown ? "the pages show it with the errors over them"
		                : "the last good site stays served");
	fflush(stderr);
}

/*
 * One build of serve: prints its diagnostics and how it went, tells the
 * server (reload, or the diagnostics over the last good site) and renews
 * the watched files. shown: the site in memory shows this save already
 * (serve_reload() put it in place before its checks failed). Returns
 * EXIT_OK, EXIT_INVALID (the spec is broken; serving goes on) or
 * EXIT_USAGE (unreadable spec, unwritable output, out of memory).
 */
static int
serve_build(struct serve_run *run, int first, int shown)
{
	struct diag_list *diags = diag_list_new();
	const struct loader_doc *doc = NULL;
	struct pipeline_result res;
	struct timespec t0;
	int rc;

	if (diags == NULL) {
		fputs("asyncdoc: error: out of memory\n", stderr);
		return EXIT_USAGE;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (run->mem != NULL)
		doc = plan_in_memory(run, &res, diags);
	else
		pipeline_build_site(&res, run->pipe, run->spec, run->output, 1,
		                    diags);
	if (doc == NULL)
		doc = res.doc;
	rc = options_exit_code(res.status);
	/* (the overlay shows them in this order too) */
	diag_sort(diags);
	/*
	 * Watch the files of this build (a $ref may have brought a new one)
	 * before the browsers hear of it: an edit made as soon as the page
	 * reloads must be seen.
	 */
	if (serve_watch_files(run, doc, diags) != 0) {
		diag_oom(diags, "watching the files");
		rc = EXIT_USAGE;
	} else if (rc == EXIT_OK) {
		rc = serve_site_changed(run->srv) != 0 ? EXIT_USAGE : EXIT_OK;
	} else if (serve_set_diagnostics(run->srv, diags) != 0) {
		rc = EXIT_USAGE;
	}
	drop_old_site(run);
	report(run, diags, rc, first, shown, elapsed_ms(&t0), -1);
	pipeline_result_clear(&res);
	diag_list_free(diags);
	return rc;
}

/*
 * A rebuild from memory after a save, in two halves (see
 * pipeline_plan_unchecked()): the spec is loaded, its model built and its
 * pages put in place, and the browsers reload; only then do the schema
 * and the rules run on the same document (they change no page, only what
 * is shown over them), and the old site is freed. A spec that fails the
 * first half, or the checks after it, goes through serve_build(), which
 * reports exactly what a full check says (diagnostics over the pages).
 */
static int
serve_reload(struct serve_run *run)
{
	struct diag_list *diags = diag_list_new();
	struct render_output *pages = NULL;
	const struct theme_asset *assets;
	struct pipeline_result res;
	struct loader_doc *doc;
	struct model *m;
	struct timespec t0;
	long event_ms;
	size_t n;
	int rc = EXIT_USAGE;

	if (diags == NULL) {
		fputs("asyncdoc: error: out of memory\n", stderr);
		return EXIT_USAGE;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (pipeline_plan_unchecked(&pages, &res, run->pipe, run->spec,
	                            diags) != 0) {
		render_output_free(pages);
		pipeline_result_clear(&res);
		diag_list_free(diags);
		return serve_build(run, 0, 0);
	}
	doc = res.doc;
	m = res.model;
	res.doc = NULL;
	res.model = NULL;
	assets = pipeline_assets(run->pipe, &n);
	/* (it takes the pages, the model and the document) */
	if (memsite_set(run->mem, pages, m, doc, assets, n) != 0) {
		diag_oom(diags, "serving the site");
		goto out;
	}
	site_from_pipe(run);
	if (serve_watch_files(run, doc, diags) != 0) {
		diag_oom(diags, "watching the files");
		goto out;
	}
	if (serve_site_changed(run->srv) != 0)
		goto out;
	event_ms = elapsed_ms(&t0);
	/* What the browsers need not wait for. */
	drop_old_site(run);
	if (pipeline_check_planned(&res, run->pipe, doc, m, diags) != 0) {
		pipeline_result_clear(&res);
		diag_list_free(diags);
		return serve_build(run, 0, 1);
	}
	rc = EXIT_OK;
	report(run, diags, rc, 0, 0, elapsed_ms(&t0), event_ms);
out:
	if (rc != EXIT_OK)
		report(run, diags, rc, 0, 0, elapsed_ms(&t0), -1);
	drop_old_site(run);
	pipeline_result_clear(&res);
	diag_list_free(diags);
	return rc;
}

/*
 * Watches the folders of the theme as run->pipe opened it (with a theme
 * chosen: the default theme is not edited in place). 0, or -1 (no
 * memory).
 */
static int
serve_watch_theme(struct serve_run *run)
{
	char **dirs;
	size_t n;
	int rc;

	if (!run->watch_theme)
		return watch_set_dirs(run->w, NULL, 0);
	if (themedirs_list(&dirs, &n, pipeline_theme(run->pipe)) != 0)
		return -1;
	rc = watch_set_dirs(run->w, (const char *const *)dirs, n);
	themedirs_free(dirs, n);
	return rc;
}

/*
 * A file of the theme changed: the theme is opened again (its HTML
 * templates checked: one that turns escaping off is refused) and the spec
 * rebuilt with it. A theme refused is reported like a broken spec, over
 * the pages of the last good theme, and opened again at the next change
 * of any file until it is fixed. Returns as serve_build().
 */
static int
serve_theme_changed(struct serve_run *run)
{
	struct diag_list *diags = diag_list_new();
	struct pipeline *p = NULL;
	int rc;

	if (diags == NULL) {
		fputs("asyncdoc: error: out of memory\n", stderr);
		return EXIT_USAGE;
	}
	rc = pipeline_new(&p, &run->popts, diags);
	run->theme_broken = rc != 0;
	if (rc != 0) {
		diag_sort(diags);
		rc = serve_set_diagnostics(run->srv, diags) != 0 ? EXIT_USAGE
		                                                 : EXIT_INVALID;
		diag_print_text(stderr, diags, printer_color());
		fputs("asyncdoc serve: the theme has errors; the last good "
		      "site stays served\n",
		      stderr);
		fflush(stderr);
	} else {
		if (run->pipe != run->site_pipe)
			pipeline_free(run->pipe);
		run->pipe = p;
	}
	diag_list_free(diags);
	/* (a folder may have been made: the theme as it was lists it too) */
	if (serve_watch_theme(run) != 0) {
		fputs("asyncdoc: error: out of memory\n", stderr);
		return EXIT_USAGE;
	}
	if (run->theme_broken)
		return rc;
	return run->mem != NULL ? serve_reload(run) : serve_build(run, 0, 0);
}

/* Remembers the configuration file as it is now (see config_changed()). */
static void
config_seen(struct serve_run *run)
{
	run->config_there = stat(run->config_path, &run->config_st) == 0;
}

/*
 * The configuration file was made, removed or written since it was read:
 * its identity, size or times differ (an editor that saves by renaming
 * makes a new inode; one that writes in place, a new mtime).
 */
static int
config_changed(const struct serve_run *run)
{
	struct stat st;
	int there = stat(run->config_path, &st) == 0;

	if (there != run->config_there)
		return 1;
	return there && (st.st_ino != run->config_st.st_ino ||
	                 st.st_dev != run->config_st.st_dev ||
	                 st.st_size != run->config_st.st_size ||
	                 st.st_mtim.tv_sec != run->config_st.st_mtim.tv_sec ||
	                 st.st_mtim.tv_nsec != run->config_st.st_mtim.tv_nsec ||
	                 st.st_ctim.tv_sec != run->config_st.st_ctim.tv_sec ||
	                 st.st_ctim.tv_nsec != run->config_st.st_ctim.tv_nsec);
}

static int check_args(const struct cli *cli, int argc, char **argv);
static int serve_config(struct config **cfg, struct cli *cli, int argc,
                        char **argv);

static int
same_path(const char *a, const char *b)
{
	return a == b || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

/*
 * The configuration changed: the command line and the file are read
 * again, as at the start (the command line wins), and the spec is built
 * with what they say now: theme, parameters, site URL, fail-on, refs,
 * and the spec itself when the command line names none. Where serve
 * writes and listens stays as it started (a new -o or output is
 * reported, not applied). A configuration with errors is reported and
 * the last good site stays served with the settings it had. Returns as
 * serve_build().
 */
static int
serve_config_changed(struct serve_run *run)
{
	struct cli *c = calloc(1, sizeof(*c));
	struct config *cfg = NULL;
	struct retired *r = calloc(1, sizeof(*r));
	int rc;

	config_seen(run);
	if (c == NULL || r == NULL) {
		free(c);
		free(r);
		fputs("asyncdoc: error: out of memory\n", stderr);
		return EXIT_USAGE;
	}
	fprintf(stderr, "asyncdoc serve: %s changed: reading it again\n",
	        run->config_path);
	options_init(c, "serve");
	optind = 0; /* getopt starts over (glibc) */
	opterr = 0; /* the line was read once: nothing new to say */
	rc = options_parse(c, run->argc, run->argv, OPTIONS_SERVE);
	if (rc < 0)
		rc = check_args(c, run->argc, run->argv);
	if (rc < 0)
		rc = serve_config(&cfg, c, run->argc, run->argv);
	if (rc >= 0) {
		fputs("asyncdoc serve: the configuration has errors; the last "
		      "good site stays served, with the settings it had\n",
		      stderr);
		fflush(stderr);
		config_free(cfg);
		options_release(c);
		free(c);
		free(r);
		return EXIT_INVALID;
	}
	if (!same_path(c->output, run->first_output))
		fprintf(stderr,
		        "asyncdoc serve: the output folder changed: restart "
		        "serve to write to %s\n",
		        c->output != NULL ? c->output : "memory (no -o)");
	/* the pipelines may still borrow from the settings they replace */
	r->cli = run->cli;
	r->cfg = run->cfg;
	r->next = run->retired;
	run->retired = r;
	run->cli = c;
	run->cfg = cfg;
	run->spec = optind < run->argc ? run->argv[optind] : c->serve_spec;
	run->show = options_show(c);
	run->popts = c->pipe;
	run->watch_theme = c->pipe.theme != NULL;
	run->theme_broken = 0;
	return serve_theme_changed(run);
}

/* Frees what serve_config_changed() kept. */
static void
config_release(struct serve_run *run)
{
	struct retired *r, *next;

	for (r = run->retired; r != NULL; r = next) {
		next = r->next;
		if (r->cli != NULL) {
			options_release(r->cli);
			free(r->cli);
		}
		config_free(r->cfg);
		free(r);
	}
	if (run->cli != NULL) {
		options_release(run->cli);
		free(run->cli);
	}
	config_free(run->cfg);
}

/*
 * Starts xdg-open on url with the signal mask of the shell (this process
 * blocks the signals it reads through a signalfd). Its pid, or -1.
 */
static pid_t
open_browser(const char *url, const sigset_t *mask)
{
	extern char **environ;
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t attr;
	char *args[3];
	pid_t pid = -1;
	int err;

	args[0] = (char *)"xdg-open";
	args[1] = (char *)url;
	args[2] = NULL;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, STDIN_FILENO, "/dev/null",
	                                 O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, STDOUT_FILENO, "/dev/null",
	                                 O_WRONLY, 0);
	posix_spawnattr_init(&attr);
	posix_spawnattr_setsigmask(&attr, mask);
	posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK);
	err = posix_spawnp(&pid, "xdg-open", &fa, &attr, args, environ);
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&attr);
	if (err != 0) {
		fprintf(stderr, "asyncdoc: error: cannot open a browser: %s\n",
		        strerror(err));
		return -1;
	}
	return pid;
}

/*
 * Ctrl-C and SIGTERM are read from a signalfd by the loop, so that a stop
 * is never cut into a build. Blocked before any thread starts (they all
 * inherit the mask); a client gone mid-file is no reason to die. 0 or -1.
 */
static int
block_signals(struct serve_run *run)
{
	sigset_t sigs;

	signal(SIGPIPE, SIG_IGN);
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGINT);
	sigaddset(&sigs, SIGTERM);
	sigaddset(&sigs, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &sigs, &run->old);
	run->sfd = signalfd(-1, &sigs, SFD_NONBLOCK | SFD_CLOEXEC);
	if (run->sfd < 0) {
		fprintf(stderr, "asyncdoc: error: signalfd: %s\n",
		        strerror(errno));
		return -1;
	}
	return 0;
}

/*
 * The output folder, the pipeline, the watcher and the server. 0, or -1
 * (printed, or in diags).
 */
static int
serve_open(struct serve_run *run, const struct cli *cli, const char *host,
           struct diag_list *diags)
{
	struct serve_opts sopts = SERVE_OPTS_INIT;
	struct watch_opts wopts = WATCH_OPTS_INIT;

	if (cli->output == NULL) {
		/* Nothing is written: the pages are made when asked for. */
		if (memsite_new(&run->mem) != 0) {
			fputs("asyncdoc: error: out of memory\n", stderr);
			return -1;
		}
		sopts.source = memory_source;
		sopts.source_arg = run->mem;
		run->output = ".";
	} else {
		run->output = cli->output;
	}
	run->popts = cli->pipe;
	run->watch_theme = cli->pipe.theme != NULL;
	if (pipeline_new(&run->pipe, &run->popts, diags) != 0)
		return -1;
	wopts.force_poll = cli->poll;
	wopts.wake_fd = run->sfd;
	if (watch_new(&run->w, &wopts) != 0 || serve_watch_theme(run) != 0) {
		fputs("asyncdoc: error: out of memory\n", stderr);
		return -1;
	}
	sopts.host = host;
	sopts.port = cli->port;
	return serve_start(&run->srv, run->output, &sopts, diags);
}

/* Says where the site is: stderr for people, the address alone on stdout. */
static void
announce(const struct serve_run *run, const char *url, const char *host)
{
	fprintf(stderr, "asyncdoc serve: serving %s at %s (Ctrl-C stops)\n",
	        run->spec, url);
	if (strncmp(host, "127.", 4) != 0 && strcmp(host, "::1") != 0)
		fprintf(stderr,
		        "asyncdoc: warning: listening on %s: other "
		        "machines can read the site; this is a preview "
		        "server, not one for production\n",
		        host);
	if (watch_polling(run->w))
		fputs("asyncdoc serve: watching the files by polling\n",
		      stderr);
	/* for scripts */
	printf("%s\n", url);
	fflush(stdout);
}

/* Rebuilds at each change until a stop signal. EXIT_OK or EXIT_USAGE. */
static int
serve_loop(struct serve_run *run, pid_t browser)
{
	struct signalfd_siginfo si;
	int r;

	for (;;) {
		r = watch_wait(run->w, 1000);
		if (browser > 0 && waitpid(browser, NULL, WNOHANG) == browser)
			browser = -1;
		if (r == WATCH_WOKEN) {
			if (read(run->sfd, &si, sizeof(si)) ==
			    (ssize_t)sizeof(si))
				break;
			continue;
		}
		if (r < 0) {
			fprintf(stderr,
			        "asyncdoc: error: cannot watch the files: %s\n",
			        strerror(errno));
			return EXIT_USAGE;
		}
		if (r != WATCH_CHANGED)
			continue;
		if (config_changed(run))
			serve_config_changed(run);
		else if (run->theme_broken || watch_dirs_changed(run->w))
			serve_theme_changed(run);
		else if (run->mem != NULL)
			serve_reload(run);
		else
			serve_build(run, 0, 0);
	}
	fputs("asyncdoc serve: stopped\n", stderr);
	return EXIT_OK;
}

/* Event streams end, then the server, then the folder goes. */
static void
serve_close(struct serve_run *run)
{
	serve_stop(run->srv);
	memsite_free(run->mem);
	watch_free(run->w);
	free_files(run->files, run->n_files);
	if (run->site_pipe != run->pipe)
		pipeline_free(run->site_pipe);
	pipeline_free(run->pipe);
	pipeline_free(run->drop_pipe);
	if (run->sfd >= 0)
		close(run->sfd);
	config_release(run);
	pthread_sigmask(SIG_SETMASK, &run->old, NULL);
}

/* The operands and the options serve refuses. -1 to go on, else the code. */
static int
check_args(const struct cli *cli, int argc, char **argv)
{
	if (argc - optind > 1)
		return options_usage_error("serve",
		                           "one SPEC only (got '%s' too)",
		                           argv[optind + 1]);
	if ((cli->pipe.formats & RENDER_FMT_MD) != 0 ||
	    cli->format != DIAG_FORMAT_TEXT)
		return options_usage_error("serve",
		                           "serve shows HTML pages and prints "
		                           "text diagnostics: no --format or "
		                           "--diagnostics");
	return -1;
}

/*
 * asyncdoc.yaml for serve: its settings, and its one spec when none is
 * given (serve shows HTML: the file's format does not apply). -1 to go
 * on, else the exit code.
 */
static int
serve_config(struct config **cfg, struct cli *cli, int argc, char **argv)
{
	char *const *specs = NULL;
	size_t n = 0;
	int rc;

	rc = config_use(cfg, cli, argc, argv);
	if (rc >= 0)
		return rc;
	cli->pipe.formats = 0;
	if (optind < argc)
		return -1;
	if (*cfg != NULL)
		specs = config_specs(*cfg, &n);
	if (n == 1) {
		cli->serve_spec = specs[0];
		return -1;
	}
	return options_usage_error("serve", n > 1 ? "several specs in the "
	                                            "configuration: give one"
	                                          : "missing SPEC");
}

int
preview_main(int argc, char **argv)
{
	struct cli cli;
	struct config *cfg = NULL;
	struct serve_run run;
	struct diag_list *diags = NULL;
	char url[96];
	const char *host;
	pid_t browser = -1;
	int rc, ipv6;

	memset(&run, 0, sizeof(run));
	run.sfd = -1;
	options_init(&cli, "serve");
	rc = options_parse(&cli, argc, argv, OPTIONS_SERVE);
	if (rc >= 0)
		return rc;
	rc = check_args(&cli, argc, argv);
	if (rc < 0)
		rc = serve_config(&cfg, &cli, argc, argv);
	if (rc >= 0) {
		config_free(cfg);
		options_release(&cli);
		return rc;
	}
	host = cli.host != NULL ? cli.host : "127.0.0.1";
	if (strcmp(host, "localhost") == 0)
		host = "127.0.0.1";
	ipv6 = strchr(host, ':') != NULL;
	run.spec = optind < argc ? argv[optind] : cli.serve_spec;
	run.show = options_show(&cli);
	run.argc = argc;
	run.argv = argv;
	run.first_output = cli.output;
	run.config_path = cli.config != NULL ? cli.config : CONFIG_FILE;
	config_seen(&run);
	diags = diag_list_new();
	if (diags == NULL) {
		fputs("asyncdoc: error: out of memory\n", stderr);
		options_release(&cli);
		config_free(cfg);
		return EXIT_USAGE;
	}
	rc = EXIT_USAGE;
	/* A spec that is not there: nothing to serve, before any server. */
	if (pipeline_readable(run.spec, diags) != 0)
		goto out;
	if (block_signals(&run) != 0 ||
	    serve_open(&run, &cli, host, diags) != 0)
		goto out;
	rc = serve_build(&run, 1, 0);
	if (rc == EXIT_USAGE)
		goto out;
	snprintf(url, sizeof(url), "http://%s%s%s:%u/", ipv6 ? "[" : "", host,
	         ipv6 ? "]" : "", serve_port(run.srv));
	announce(&run, url, host);
	if (cli.open)
		browser = open_browser(url, &run.old);
	rc = serve_loop(&run, browser);
out:
	if (diag_count(diags) > 0) {
		diag_sort(diags);
		diag_print_text(stderr, diags, printer_color());
	}
	serve_close(&run);
	diag_list_free(diags);
	options_release(&cli);
	config_free(cfg);
	return rc;
}
