/*
 * main: the asyncdoc command line, and the only code that prints.
 *
 * It wires the stages (loader -> model -> render -> site) and maps their
 * diagnostics to exit codes: 0 ok, 1 invalid input (an error diagnostic
 * about the spec), 2 usage or I/O error (bad option, unreadable spec,
 * missing theme, unwritable or refused output folder).
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"
#include "load_limits.h"
#include "loader.h"
#include "model.h"
#include "render.h"
#include "site.h"
#include "theme.h"

enum { EXIT_OK = 0, EXIT_INVALID = 1, EXIT_USAGE = 2 };

/* Long options without a short form. */
enum {
	OPT_OUTSIDE = 256,
	OPT_MAX_DEPTH,
	OPT_MAX_NODES,
	OPT_MAX_FILE_SIZE,
	OPT_MAX_FILES,
};

static const char main_help[] =
        "Usage: asyncdoc COMMAND [OPTION]... [ARG]...\n"
        "Turn an AsyncAPI document (2.0-2.6, 3.0, 3.1; YAML or JSON) into a\n"
        "documentation site.\n"
        "\n"
        "Commands:\n"
        "  build SPEC -o DIR   render SPEC into the folder DIR\n"
        "  validate SPEC...    check that each SPEC loads (syntax, $refs, "
        "limits)\n"
        "\n"
        "Options:\n"
        "  -h, --help          show this help, or a command's with "
        "COMMAND --help\n"
        "  -V, --version       show the version\n"
        "\n"
        "Exit status: 0 ok, 1 invalid input, 2 usage or I/O error.\n"
        "See asyncdoc(1) for the details.\n";

static const char limits_help[] =
        "      --allow-outside-refs  let $ref read files outside the spec's "
        "folder\n"
        "      --max-depth N         nesting depth per file (default 128)\n"
        "      --max-nodes N         nodes in all files, alias copies "
        "included\n"
        "                            (default 1000000)\n"
        "      --max-file-size N     bytes per file (default 67108864, 64 "
        "MiB)\n"
        "      --max-files N         files reached through $ref (default "
        "1000)\n";

static const char build_help[] =
        "Usage: asyncdoc build SPEC -o DIR [OPTION]...\n"
        "Render the AsyncAPI document SPEC (and the files it references) as a\n"
        "site in the folder DIR, then print the path of its index page.\n"
        "The site is written beside DIR and swapped in at the end: a failed\n"
        "build leaves the previous site as it was.\n"
        "\n"
        "Options:\n"
        "  -o, --output DIR            the site's folder (required)\n"
        "  -t, --theme DIR             a theme whose files replace the "
        "default's\n"
        "  -f, --force                 replace DIR even if it is not empty "
        "and\n"
        "                              was not written by asyncdoc\n";

static const char validate_help[] =
        "Usage: asyncdoc validate [OPTION]... SPEC...\n"
        "Load each AsyncAPI document SPEC (syntax, $refs, limits, model) and\n"
        "print \"SPEC: valid\" or its diagnostics.\n"
        "\n"
        "Options:\n";

static const char common_help[] = "  -h, --help                  show this "
                                  "help\n";

/* Options of build and validate. */
struct cli {
	const char *cmd;
	const char *output;
	const char *theme;
	int force;
	struct loader_opts load;
};

static int use_color(void)
{
	return isatty(STDERR_FILENO) && getenv("NO_COLOR") == NULL;
}

static void print_diags(struct diag_list *diags)
{
	diag_sort(diags);
	diag_print_text(stderr, diags, use_color());
	fflush(stderr);
	diag_list_clear(diags);
}

static int usage_error(const char *cmd, const char *fmt, ...)
        __attribute__((format(printf, 2, 3)));

/* Prints "asyncdoc CMD: message" and where to find help; returns 2. */
static int usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "asyncdoc%s%s: ", cmd != NULL ? " " : "",
	        cmd != NULL ? cmd : "");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry 'asyncdoc %s%s--help' for more information.\n",
	        cmd != NULL ? cmd : "", cmd != NULL ? " " : "");
	return EXIT_USAGE;
}

/* A positive decimal number (no sign, no suffix) into *out. 0 or -1. */
static int parse_count(size_t *out, const char *arg)
{
	unsigned long long v;
	char *end;

	if (arg[0] < '0' || arg[0] > '9')
		return -1;
	errno = 0;
	v = strtoull(arg, &end, 10);
	if (errno != 0 || *end != '\0' || v == 0 || v > SIZE_MAX)
		return -1;
	*out = (size_t)v;
	return 0;
}

/*
 * Parses the options of build (build != 0) or validate from argv (argv[0]
 * is the command). Returns -1 to go on with the operands from optind,
 * else an exit code (help printed: 0; usage error: 2).
 */
static int parse_options(struct cli *cli, int argc, char **argv, int build)
{
	static const struct option longopts[] = {
	        {"output", required_argument, NULL, 'o'},
	        {"theme", required_argument, NULL, 't'},
	        {"force", no_argument, NULL, 'f'},
	        {"allow-outside-refs", no_argument, NULL, OPT_OUTSIDE},
	        {"max-depth", required_argument, NULL, OPT_MAX_DEPTH},
	        {"max-nodes", required_argument, NULL, OPT_MAX_NODES},
	        {"max-file-size", required_argument, NULL, OPT_MAX_FILE_SIZE},
	        {"max-files", required_argument, NULL, OPT_MAX_FILES},
	        {"help", no_argument, NULL, 'h'},
	        {NULL, 0, NULL, 0},
	};
	struct limits *lim = &cli->load.limits;
	size_t *count;
	int c;

	opterr = 0;
	optind = 0;
	while ((c = getopt_long(argc, argv, build ? ":o:t:fh" : ":h", longopts,
	                        NULL)) != -1) {
		count = NULL;
		switch (c) {
		case 'h':
			fputs(build ? build_help : validate_help, stdout);
			fputs(limits_help, stdout);
			fputs(common_help, stdout);
			return EXIT_OK;
		case 'o':
		case 't':
		case 'f':
			if (!build)
				return usage_error(cli->cmd,
				                   "unknown option '%s'",
				                   argv[optind - 1]);
			if (c == 'o')
				cli->output = optarg;
			else if (c == 't')
				cli->theme = optarg;
			else
				cli->force = 1;
			break;
		case OPT_OUTSIDE:
			cli->load.allow_outside_root = 1;
			break;
		case OPT_MAX_DEPTH:
			count = &lim->max_depth;
			break;
		case OPT_MAX_NODES:
			count = &lim->max_nodes;
			break;
		case OPT_MAX_FILE_SIZE:
			count = &lim->max_file_size;
			break;
		case OPT_MAX_FILES:
			count = &lim->max_files;
			break;
		case ':':
			return usage_error(cli->cmd,
			                   "option '%s' needs a value",
			                   argv[optind - 1]);
		default:
			return usage_error(cli->cmd, "unknown option '%s'",
			                   argv[optind - 1]);
		}
		if (count != NULL && parse_count(count, optarg) != 0)
			return usage_error(cli->cmd,
			                   "'%s' is not a positive number",
			                   optarg);
	}
	return -1;
}

/* Exit code 2 with a diagnostic when spec cannot be read at all. */
static int check_readable(const char *spec, struct diag_list *diags)
{
	FILE *fp = fopen(spec, "rb");

	if (fp == NULL) {
		diag_add(diags, DIAG_ERROR, spec, 0, 0, "io-error",
		         "cannot read the spec: %s", strerror(errno));
		return -1;
	}
	fclose(fp);
	return 0;
}

/*
 * Loads and models spec. Returns 0 with *doc_out and *model_out, or an
 * exit code (diagnostics in diags).
 */
static int load_spec(struct loader_doc **doc_out, struct model **model_out,
                     const char *spec, const struct loader_opts *opts,
                     struct diag_list *diags)
{
	*doc_out = NULL;
	*model_out = NULL;
	if (check_readable(spec, diags) != 0)
		return EXIT_USAGE;
	if (loader_load(doc_out, spec, opts, diags) != 0)
		return EXIT_INVALID;
	if (model_new(model_out, *doc_out, diags) != 0 ||
	    diag_count_at_least(diags, DIAG_ERROR) > 0) {
		model_free(*model_out);
		*model_out = NULL;
		loader_doc_free(*doc_out);
		*doc_out = NULL;
		return EXIT_INVALID;
	}
	return EXIT_OK;
}

static int cmd_build(int argc, char **argv)
{
	struct cli cli = {"build", NULL, NULL, 0, LOADER_OPTS_INIT};
	struct render_opts ropts = RENDER_OPTS_INIT;
	struct site_opts sopts = SITE_OPTS_INIT;
	struct diag_list *diags = NULL;
	struct loader_doc *doc = NULL;
	struct model *m = NULL;
	struct theme *theme = NULL;
	struct render_output *pages = NULL;
	char *default_theme = NULL;
	const char *spec;
	size_t n;
	int rc;

	rc = parse_options(&cli, argc, argv, 1);
	if (rc >= 0)
		return rc;
	if (optind >= argc)
		return usage_error("build", "missing SPEC");
	if (argc - optind > 1)
		return usage_error("build", "one SPEC only (got '%s' too)",
		                   argv[optind + 1]);
	if (cli.output == NULL)
		return usage_error("build", "missing -o DIR");
	spec = argv[optind];
	diags = diag_list_new();
	if (diags == NULL) {
		fputs("asyncdoc: out of memory\n", stderr);
		return EXIT_USAGE;
	}
	rc = EXIT_USAGE;
	if (theme_find_default(&default_theme, diags) != 0 ||
	    theme_open(&theme, default_theme, cli.theme, diags) != 0)
		goto out;
	rc = load_spec(&doc, &m, spec, &cli.load, diags);
	if (rc != EXIT_OK)
		goto out;
	rc = EXIT_USAGE;
	if (render_site(&pages, m, theme_templates(theme), &ropts, diags) != 0)
		goto out;
	sopts.force = cli.force;
	sopts.keep = spec;
	if (site_write(cli.output, pages, theme, &sopts, diags) != 0)
		goto out;
	rc = EXIT_OK;
out:
	print_diags(diags);
	if (rc == EXIT_OK) {
		n = strlen(cli.output);
		while (n > 1 && cli.output[n - 1] == '/')
			n--;
		printf("%.*s/index.html\n", (int)n, cli.output);
	}
	render_output_free(pages);
	model_free(m);
	loader_doc_free(doc);
	theme_free(theme);
	free(default_theme);
	diag_list_free(diags);
	return rc;
}

static int cmd_validate(int argc, char **argv)
{
	struct cli cli = {"validate", NULL, NULL, 0, LOADER_OPTS_INIT};
	struct diag_list *diags;
	struct loader_doc *doc;
	struct model *m;
	size_t warnings;
	int rc, worst = EXIT_OK;

	rc = parse_options(&cli, argc, argv, 0);
	if (rc >= 0)
		return rc;
	if (optind >= argc)
		return usage_error("validate", "missing SPEC");
	diags = diag_list_new();
	if (diags == NULL) {
		fputs("asyncdoc: out of memory\n", stderr);
		return EXIT_USAGE;
	}
	for (; optind < argc; optind++) {
		const char *spec = argv[optind];

		rc = load_spec(&doc, &m, spec, &cli.load, diags);
		warnings = diag_count_at_least(diags, DIAG_WARNING);
		print_diags(diags);
		if (rc == EXIT_OK) {
			printf("%s: valid (AsyncAPI %s, %zu server%s, "
			       "%zu channel%s, %zu operation%s, "
			       "%zu message%s",
			       spec, m->asyncapi != NULL ? m->asyncapi : "?",
			       m->n_servers, m->n_servers == 1 ? "" : "s",
			       m->n_channels, m->n_channels == 1 ? "" : "s",
			       m->n_operations, m->n_operations == 1 ? "" : "s",
			       m->n_messages, m->n_messages == 1 ? "" : "s");
			if (warnings > 0)
				printf(", %zu warning%s", warnings,
				       warnings == 1 ? "" : "s");
			puts(")");
		} else {
			printf("%s: invalid\n", spec);
		}
		fflush(stdout);
		model_free(m);
		loader_doc_free(doc);
		if (rc > worst)
			worst = rc;
	}
	diag_list_free(diags);
	return worst;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
	        {"help", no_argument, NULL, 'h'},
	        {"version", no_argument, NULL, 'V'},
	        {NULL, 0, NULL, 0},
	};
	int c;

	opterr = 0;
	/* "+": stop at the command, whose options are parsed apart. */
	while ((c = getopt_long(argc, argv, "+hV", longopts, NULL)) != -1) {
		switch (c) {
		case 'h':
			fputs(main_help, stdout);
			return EXIT_OK;
		case 'V':
			printf("%s %s\n", PACKAGE_NAME, PACKAGE_VERSION);
			return EXIT_OK;
		default:
			return usage_error(NULL, "unknown option '%s'",
			                   argv[optind - 1]);
		}
	}
	if (optind >= argc)
		return usage_error(NULL, "missing COMMAND");
	argc -= optind;
	argv += optind;
	if (strcmp(argv[0], "build") == 0)
		return cmd_build(argc, argv);
	if (strcmp(argv[0], "validate") == 0)
		return cmd_validate(argc, argv);
	if (strcmp(argv[0], "help") == 0) {
		fputs(main_help, stdout);
		return EXIT_OK;
	}
	return usage_error(NULL, "unknown command '%s'", argv[0]);
}
