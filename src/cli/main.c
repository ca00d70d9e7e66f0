/*
 * main: the asyncdoc command line, and (with printer.c) the only code that
 * prints.
 *
 * It dispatches the commands, runs the pipeline (site/pipeline.h) with the
 * options parsed by options.c, prints the diagnostics through printer.c
 * and maps them to exit codes: 0 ok, 1 invalid input (a diagnostic at or
 * above --fail-on, an error by default), 2 usage or I/O error (bad option,
 * unreadable spec, missing theme, unwritable or refused output folder, out
 * of memory). serve lives in preview.c.
 */
#include "config.h"

#include <getopt.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check/rules.h"
#include "cli/configfile.h"
#include "cli/datadir.h"
#include "cli/diff_cmd.h"
#include "cli/help.h"
#include "cli/init.h"
#include "cli/options.h"
#include "cli/preview.h"
#include "cli/printer.h"
#include "load/loader.h"
#include "model/model.h"
#include "render/render.h"
#include "render/theme.h"
#include "site/pipeline.h"
#include "site/speclist.h"
#include "util/diag.h"

/*
 * The document of the spec build_one() built, left for the process's exit
 * to discard (#18): freeing its nodes and positions one by one took 4 to 9
 * ms at the end of a 1500-channel build, after the site was in place, for
 * memory the exit gives back at once. Held here, it stays reachable, so
 * LeakSanitizer does not count it as a leak.
 */
static struct loader_doc *exit_doc;

static int
cmd_themes(int argc, char **argv)
{
	struct diag_list *diags = diag_list_new();
	struct theme_info *list = NULL;
	struct theme *t = NULL;
	char *def = NULL;
	size_t n = 0, i, j;
	int rc = EXIT_USAGE;

	if (argc > 1) {
		if (strcmp(argv[1], "-h") == 0 ||
		    strcmp(argv[1], "--help") == 0) {
			fputs(help_themes, stdout);
			diag_list_free(diags);
			return EXIT_OK;
		}
		diag_list_free(diags);
		return options_usage_error("themes", "unexpected '%s'",
		                           argv[1]);
	}
	if (diags == NULL)
		return EXIT_USAGE;
	if (theme_find_default(&def, diags) != 0 ||
	    theme_list(&list, &n, def, diags) != 0)
		goto out;
	for (i = 0; i < n; i++) {
		printf("%s%s%s%s\n  %s\n", list[i].name,
		       list[i].extends[0] ? " (extends " : "",
		       list[i].extends[0] ? list[i].extends : "",
		       list[i].extends[0] ? ")" : "", list[i].description);
		if (theme_open(&t, def, list[i].dir, diags) != 0)
			goto out;
		for (j = 0; j < theme_param_count(t); j++)
			printf("  -p %s=%s  %s\n", theme_param_key(t, j),
			       theme_param(t, theme_param_key(t, j)),
			       theme_param_description(t, j));
		theme_free(t);
		t = NULL;
	}
	rc = EXIT_OK;
out:
	for (i = 0; i < diag_count(diags); i++)
		fprintf(stderr, "asyncdoc: error: %s\n",
		        diag_at(diags, i)->message);
	theme_free(t);
	theme_list_free(list, n);
	free(def);
	diag_list_free(diags);
	return rc;
}

/* A portal's progress line, on a terminal only: nothing extra in CI logs. */
static void
show_progress(void *arg, enum pipeline_step step, size_t i, size_t n,
              const char *name)
{
	(void)arg;
	if (step == PIPELINE_STEP_WRITE)
		fprintf(stderr, "\r\033[K[%zu/%zu] writing %s\r\033[K", n, n,
		        name);
	else
		fprintf(stderr, "\r\033[K[%zu/%zu] %s %s", i + 1, n,
		        step == PIPELINE_STEP_CHECK ? "checking" : "rendering",
		        name);
}

/* What build sets up for one run (a spec or a portal). */
struct build_run {
	struct pipeline_result res;
	struct pipeline *pipe; /* NULL when the theme failed to open */
	struct printer pr;
	struct diag_list *diags;
};

/*
 * The printer, the diagnostics and the pipeline of cli. 0 when the
 * pipeline is ready; -1 when it is not (out of memory: said here; else the
 * reasons are in run->diags). Release with build_end() either way.
 */
static int
build_start(struct build_run *run, const struct cli *cli)
{
	struct pipeline_opts opts = cli->pipe;

	memset(run, 0, sizeof(*run));
	run->diags = diag_list_new();
	if (printer_init(&run->pr, cli->format, options_show(cli)) != 0 ||
	    run->diags == NULL) {
		fputs("asyncdoc: error: out of memory\n", stderr);
		return -1;
	}
	/* the graph's text libraries in a helper, not in the builder */
	opts.graph_process = 1;
	opts.stats = cli->stats;
	return pipeline_new(&run->pipe, &opts, run->diags);
}

/* Prints the diagnostics; the exit code rc, or EXIT_USAGE if that fails. */
static int
build_print(struct build_run *run, int rc)
{
	if (run->diags == NULL || run->pr.all == NULL)
		return rc;
	printer_add(&run->pr, run->diags);
	if (printer_finish(&run->pr) != 0 && rc == EXIT_OK)
		return EXIT_USAGE;
	return rc;
}

static void
build_end(struct build_run *run)
{
	pipeline_result_clear(&run->res);
	pipeline_free(run->pipe);
	printer_release(&run->pr);
	diag_list_free(run->diags);
}

/*
 * build with several specs: each API in its folder, a landing page, one
 * search index over all, links between APIs. A spec that fails is
 * reported and left out (listed as failed), unless --strict: then nothing
 * is written.
 */
static int
build_portal(struct cli *cli, int nspecs, char **specs)
{
	struct build_run run;
	int rc = EXIT_USAGE;

	if (isatty(STDERR_FILENO) && getenv("CI") == NULL)
		cli->pipe.progress = show_progress;
	if (build_start(&run, cli) == 0) {
		pipeline_build_portal(&run.res, run.pipe,
		                      (const char *const *)specs,
		                      (size_t)nspecs, cli->output, run.diags);
		rc = options_exit_code(run.res.status);
	}
	rc = build_print(&run, rc);
	if (run.res.failed > 0)
		fprintf(stderr, "asyncdoc build: %zu of %zu specs failed%s\n",
		        run.res.failed, run.res.n_specs,
		        cli->pipe.strict     ? "; nothing written (--strict)"
		        : rc == EXIT_INVALID ? "; the others were built"
		                             : "");
	if ((rc == EXIT_OK || (rc == EXIT_INVALID && run.res.written)) &&
	    (cli->format == DIAG_FORMAT_TEXT ||
	     cli->format == DIAG_FORMAT_GITHUB))
		printf("%s/index.html\n", cli->output);
	build_end(&run);
	return rc;
}

/* --stats, on stderr: stdout has the index path (or a json/sarif document). */
static void
print_stats(const struct pipeline_result *res)
{
	fprintf(stderr,
	        "asyncdoc build: %zu files written, %zu unchanged, "
	        "%zu removed; load and check %.1f ms, pages and "
	        "assets %.1f ms, swap %.1f ms\n",
	        res->site.written, res->site.unchanged, res->site.removed,
	        res->check_ms, res->site.write_ms, res->site.swap_ms);
}

/* The path of the site's index page, on stdout. */
static void
print_index(const struct cli *cli)
{
	size_t n = strlen(cli->output);
	unsigned formats = cli->pipe.formats;

	while (n > 1 && cli->output[n - 1] == '/')
		n--;
	printf("%.*s/%s%s\n", (int)n, cli->output,
	       formats == RENDER_FMT_MD && cli->pipe.single_file ? "asyncapi"
	                                                         : "index",
	       formats != RENDER_FMT_MD   ? ".html"
	       : cli->pipe.md_ext != NULL ? cli->pipe.md_ext
	                                  : ".md");
}

/* After the diagnostics, as a compiler ends with its summary. */
static void
print_refused(const char *spec, const struct pipeline_result *res,
              const char *counts)
{
	fprintf(stderr, "asyncdoc build: %s: %s; nothing written%s\n", spec,
	        counts[0] != '\0' ? counts : "cannot check it",
	        res->status == PIPELINE_INVALID &&
	                        (res->stage == PIPELINE_STAGE_SCHEMA ||
	                         res->stage == PIPELINE_STAGE_RULES)
	                ? " (--no-validate skips the schema and rules)"
	                : "");
}

/* build with one spec. */
static int
build_one(struct cli *cli, const char *spec)
{
	struct build_run run;
	struct pipeline_result old = {0};
	char counts[96] = "";
	int rc = EXIT_USAGE;

	/* --compare-to: the older version's model, for the Changes page */
	if (cli->compare_to != NULL) {
		rc = diff_cmd_load_old(&old, cli->compare_to,
		                       cli->pipe.allow_outside_refs);
		if (rc != EXIT_OK)
			return rc;
		cli->pipe.compare_to = old.model;
		cli->pipe.compare_label = cli->compare_to;
		rc = EXIT_USAGE;
	}
	if (build_start(&run, cli) == 0) {
		pipeline_build_site(&run.res, run.pipe, spec, cli->output, 1,
		                    run.diags);
		/* main() returns once this build is printed */
		loader_doc_free(exit_doc);
		exit_doc = run.res.doc;
		run.res.doc = NULL;
		rc = options_exit_code(run.res.status);
		if (run.res.refused)
			printer_counts(counts, sizeof(counts), run.diags);
	}
	if (rc == EXIT_OK && cli->stats)
		print_stats(&run.res);
	rc = build_print(&run, rc);
	if (run.res.refused)
		print_refused(spec, &run.res, counts);
	/* The index path would spoil a json or sarif document on stdout. */
	if (rc == EXIT_OK && (cli->format == DIAG_FORMAT_TEXT ||
	                      cli->format == DIAG_FORMAT_GITHUB))
		print_index(cli);
	build_end(&run);
	pipeline_result_clear(&old);
	return rc;
}

/*
 * The specs to check: the operands, else the config's. NULL (a usage
 * error printed, its code in *rc) when there are none.
 */
static char *const *
specs_of(int *n, int *rc, const struct cli *cli, const struct config *cfg,
         int argc, char **argv)
{
	size_t nc = 0;
	char *const *specs = cfg != NULL ? config_specs(cfg, &nc) : NULL;

	*n = argc - optind;
	if (*n > 0)
		return argv + optind;
	*n = (int)nc;
	if (nc > 0)
		return specs;
	*rc = options_usage_error(cli->cmd, "missing SPEC (give one, or "
	                                    "list them in " CONFIG_FILE
	                                    ": asyncdoc init)");
	return NULL;
}

static int
build_specs(struct cli *cli, const struct config *cfg, int argc, char **argv)
{
	char *const *specs;
	int n, rc = EXIT_USAGE;

	specs = specs_of(&n, &rc, cli, cfg, argc, argv);
	if (specs == NULL)
		return rc;
	if (cli->output == NULL)
		return options_usage_error("build", "missing -o DIR");
	/* several specs, or a folder of them: a portal */
	if (n > 1 || pipeline_is_folder(specs[0])) {
		if (cli->compare_to != NULL)
			return options_usage_error(
			        "build", "--compare-to takes one SPEC, not a "
			                 "portal");
		return build_portal(cli, n, (char **)specs);
	}
	return build_one(cli, specs[0]);
}


/* --list-rules: "id<TAB>severity<TAB>description" lines. */
static int
list_rules(void)
{
	const struct rules_info *info;
	size_t i, n;

	info = rules_list(&n);
	for (i = 0; i < n; i++)
		printf("%s\t%s\t%s\n", info[i].id,
		       diag_severity_name(info[i].severity),
		       info[i].description);
	return fflush(stdout) != 0 ? EXIT_USAGE : EXIT_OK;
}

/* The "SPEC: valid (...)" line of a spec that passed. */
static void
print_valid(const char *spec, const struct model *m, const char *counts)
{
	printf("%s: valid (AsyncAPI %s, %zu server%s, %zu channel%s, "
	       "%zu operation%s, %zu message%s",
	       spec, m->asyncapi != NULL ? m->asyncapi : "?", m->n_servers,
	       m->n_servers == 1 ? "" : "s", m->n_channels,
	       m->n_channels == 1 ? "" : "s", m->n_operations,
	       m->n_operations == 1 ? "" : "s", m->n_messages,
	       m->n_messages == 1 ? "" : "s");
	if (counts[0] != '\0')
		printf(", %s", counts);
	puts(")");
}

/* Checks one spec of validate and prints its verdict. Its exit code. */
static int
validate_one(const struct cli *cli, struct printer *pr, const char *spec,
             struct diag_list *diags)
{
	/* Verdict lines only where they cannot spoil a document. */
	int human = cli->format == DIAG_FORMAT_TEXT ||
	            cli->format == DIAG_FORMAT_GITHUB;
	struct pipeline_result res;
	char counts[96];
	size_t errors;
	int rc;

	pipeline_check(&res, spec, &cli->pipe, diags);
	rc = options_exit_code(res.status);
	printer_counts(counts, sizeof(counts), diags);
	errors = diag_count_at_least(diags, DIAG_ERROR);
	/* The reasons first (text: on stderr), then the verdict. */
	printer_add(pr, diags);
	if (human && rc == EXIT_OK)
		print_valid(spec, res.model, counts);
	else if (human && rc == EXIT_INVALID && errors == 0)
		printf("%s: fails --fail-on %s (%s)\n", spec,
		       diag_severity_name(cli->pipe.fail_on), counts);
	else if (human)
		printf("%s: invalid\n", spec);
	fflush(stdout);
	pipeline_result_clear(&res);
	return rc;
}

/*
 * validate_one() on a file, or on every AsyncAPI document under a folder
 * (none there: an io-error, exit 2). The worst exit code.
 */
static int
validate_operand(const struct cli *cli, struct printer *pr, const char *spec,
                 struct diag_list *diags)
{
	struct speclist list = {0};
	size_t i;
	int rc, worst = EXIT_OK;

	if (!pipeline_is_folder(spec))
		return validate_one(cli, pr, spec, diags);
	if (speclist_add_folder(&list, spec, diags) != 0) {
		worst = EXIT_USAGE;
	} else if (list.n == 0) {
		diag_add(diags, DIAG_ERROR, spec, 0, 0, "io-error",
		         "no AsyncAPI document in the folder (a *.yaml, *.yml "
		         "or *.json file with a top-level asyncapi key)");
		worst = EXIT_USAGE;
	}
	if (worst != EXIT_OK)
		printer_add(pr, diags);
	for (i = 0; i < list.n; i++) {
		rc = validate_one(cli, pr, list.items[i], diags);
		if (rc > worst)
			worst = rc;
	}
	speclist_clear(&list);
	return worst;
}

/* validate's specs, each checked and printed. Its exit code. */
static int
validate_specs(struct cli *cli, const struct config *cfg, int argc,
               char **argv)
{
	struct printer pr;
	struct diag_list *diags;
	char *const *specs;
	int i, n, rc = EXIT_USAGE, worst = EXIT_OK;

	specs = specs_of(&n, &rc, cli, cfg, argc, argv);
	if (specs == NULL)
		return rc;
	diags = diag_list_new();
	if (printer_init(&pr, cli->format, options_show(cli)) != 0 ||
	    diags == NULL) {
		fputs("asyncdoc: error: out of memory\n", stderr);
		worst = EXIT_USAGE;
		goto out;
	}
	for (i = 0; i < n; i++) {
		rc = validate_operand(cli, &pr, specs[i], diags);
		if (rc > worst)
			worst = rc;
	}
	if (printer_finish(&pr) != 0)
		worst = EXIT_USAGE;
out:
	diag_list_free(diags);
	printer_release(&pr);
	return worst;
}

/* fetch's exit code for one spec's load: I/O problems are 2, others 1. */
static int
fetch_code(int load_rc, const struct diag_list *diags)
{
	const char *rule;
	size_t i;

	if (load_rc == 0)
		return EXIT_OK;
	for (i = 0; i < diag_count(diags); i++) {
		rule = diag_at(diags, i)->rule;
		if (rule != NULL && (strcmp(rule, "io") == 0 ||
		                     strcmp(rule, "io-error") == 0 ||
		                     strcmp(rule, "out-of-memory") == 0))
			return EXIT_USAGE;
	}
	return EXIT_INVALID;
}

/* fetch's specs: each one's remote $refs into the cache and its lockfile. */
static int
fetch_specs(struct cli *cli, const struct config *cfg, int argc,
            char **argv)
{
	struct loader_doc *doc = NULL;
	struct diag_list *diags = NULL;
	struct printer pr;
	char *const *specs;
	int i, n, rc = EXIT_USAGE, worst = EXIT_OK;

	specs = specs_of(&n, &rc, cli, cfg, argc, argv);
	if (specs == NULL)
		return rc;
	diags = diag_list_new();
	if (printer_init(&pr, cli->format, options_show(cli)) != 0 ||
	    diags == NULL) {
		fputs("asyncdoc: out of memory\n", stderr);
		worst = EXIT_USAGE;
		goto out;
	}
	for (i = 0; i < n; i++) {
		rc = pipeline_load(&doc, specs[i], &cli->pipe, diags);
		loader_doc_free(doc);
		doc = NULL;
		rc = fetch_code(rc, diags);
		printer_add(&pr, diags);
		if (rc > worst)
			worst = rc;
	}
	if (printer_finish(&pr) != 0)
		worst = EXIT_USAGE;
out:
	diag_list_free(diags);
	printer_release(&pr);
	return worst;
}



/* What build, validate and fetch do once their options are read. */
typedef int (*specs_fn)(struct cli *cli, const struct config *cfg,
                        int argc, char **argv);

/*
 * The frame every spec command shares: its options, then the config file
 * (asyncdoc.yaml or --config, flags winning), then run. --list-rules
 * (validate) needs neither specs nor a config file.
 */
static int
spec_command(int argc, char **argv, const char *name, enum options_cmd kind,
             specs_fn run)
{
	struct cli cli;
	struct config *cfg = NULL;
	int rc;

	options_init(&cli, name);
	rc = options_parse(&cli, argc, argv, kind);
	if (rc >= 0)
		return rc;
	if (cli.list_rules) {
		options_release(&cli);
		return list_rules();
	}
	rc = config_use(&cfg, &cli, argc, argv);
	if (rc < 0)
		rc = run(&cli, cfg, argc, argv);
	config_free(cfg);
	options_release(&cli);
	return rc;
}

/*
 * A command that runs once and exits (build, validate) takes memory from
 * the kernel in big steps (#18): glibc otherwise grows each thread's heap
 * a few pages at a time with mprotect(), which takes the address space's
 * lock for writing, so that the threads of a build (the YAML parse's
 * second part, the page writers) stall each other's page faults: some
 * 1,900 calls in a 1500-channel build. The pad is address space, not
 * memory: pages are only resident once written. serve, which runs for
 * hours, keeps glibc's default, which gives freed memory back sooner.
 */
static void
heap_in_big_steps(void)
{
	mallopt(M_TOP_PAD, 64 << 20);
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
	        {"help", no_argument, NULL, 'h'},
	        {"version", no_argument, NULL, 'V'},
	        {NULL, 0, NULL, 0},
	};
	int c;

	datadir_prefer_source_tree();
	opterr = 0;
	/* "+": stop at the command, whose options are parsed apart. */
	while ((c = getopt_long(argc, argv, "+hV", longopts, NULL)) != -1) {
		switch (c) {
		case 'h':
			fputs(help_main, stdout);
			return EXIT_OK;
		case 'V':
			printf("%s %s\n", PACKAGE_NAME, PACKAGE_VERSION);
			return EXIT_OK;
		default:
			return options_usage_error(NULL, "unknown option '%s'",
			                           argv[optind - 1]);
		}
	}
	if (optind >= argc)
		return options_usage_error(NULL, "missing COMMAND");
	argc -= optind;
	argv += optind;
	if (strcmp(argv[0], "build") == 0 || strcmp(argv[0], "validate") == 0)
		heap_in_big_steps();
	if (strcmp(argv[0], "build") == 0)
		return spec_command(argc, argv, "build", OPTIONS_BUILD,
		                    build_specs);
	if (strcmp(argv[0], "validate") == 0)
		return spec_command(argc, argv, "validate", OPTIONS_VALIDATE,
		                    validate_specs);
	if (strcmp(argv[0], "themes") == 0)
		return cmd_themes(argc, argv);
	if (strcmp(argv[0], "serve") == 0)
		return preview_main(argc, argv);
	if (strcmp(argv[0], "fetch") == 0)
		return spec_command(argc, argv, "fetch", OPTIONS_FETCH,
		                    fetch_specs);
	if (strcmp(argv[0], "diff") == 0)
		return diff_cmd_main(argc, argv);
	if (strcmp(argv[0], "init") == 0)
		return init_main(argc, argv);
	if (strcmp(argv[0], "help") == 0) {
		fputs(help_main, stdout);
		return EXIT_OK;
	}
	return options_usage_error(NULL, "unknown command '%s'", argv[0]);
}
