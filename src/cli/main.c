/*
 * main: the asyncdoc command line, and the only code that prints.
 *
 * It wires the stages (loader -> validate_schema -> model -> rules_check
 * -> render -> site), prints the diagnostics in the format asked for, and
 * maps them to exit codes: 0 ok, 1 invalid input (a diagnostic at or above
 * --fail-on, an error by default), 2 usage or I/O error (bad option,
 * unreadable spec, missing theme, unwritable or refused output folder, out
 * of memory).
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <strings.h>
#include <unistd.h>

#include <fcntl.h>
#include <ftw.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <stdint.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>

#include "util/diag.h"
#include "load/load_limits.h"
#include "load/loader.h"
#include "model/model.h"
#include "util/path.h"
#include "render/render.h"
#include "check/rules.h"
#include "serve/serve.h"
#include "site/site.h"
#include "render/theme.h"
#include "check/validate.h"
#include "serve/watch.h"

enum { EXIT_OK = 0, EXIT_INVALID = 1, EXIT_USAGE = 2 };

/* Long options without a short form. */
enum {
	OPT_OUTSIDE = 256,
	OPT_MAX_DEPTH,
	OPT_MAX_NODES,
	OPT_MAX_FILE_SIZE,
	OPT_MAX_FILES,
	OPT_FORMAT,
	OPT_FAIL_ON,
	OPT_NO_VALIDATE,
	OPT_LIST_RULES,
	OPT_SINGLE_PAGE,
	OPT_SINGLE_FILE,
	OPT_FRONT_MATTER,
	OPT_MD_EXT,
	OPT_SELF_CONTAINED,
	OPT_SITE_URL,
	OPT_STATS,
	OPT_STRICT,
	OPT_PORT,
	OPT_HOST,
	OPT_OPEN,
	OPT_POLL,
};

/* -p KEY=VALUE options kept until the theme is open. */
#define MAX_PARAMS 64

static const char main_help[] =
        "Usage: asyncdoc COMMAND [OPTION]... [ARG]...\n"
        "Turn an AsyncAPI document (2.0-2.6, 3.0, 3.1; YAML or JSON) into a\n"
        "documentation site.\n"
        "\n"
        "Commands:\n"
        "  build SPEC -o DIR   check SPEC, then render it into the folder DIR\n"
        "  validate SPEC...    check each SPEC: syntax, $refs, limits, the\n"
        "                      official schema of its version, semantic rules\n"
        "  themes              list the themes and their parameters\n"
        "  serve SPEC          preview SPEC's site in a browser, rebuilt at\n"
        "                      each save\n"
        "\n"
        "Options:\n"
        "  -h, --help          show this help, or a command's with "
        "COMMAND --help\n"
        "  -V, --version       show the version\n"
        "\n"
        "Exit status: 0 ok, 1 invalid input, 2 usage or I/O error.\n"
        "See asyncdoc(1) for the details.\n";

static const char limits_help[] =
        "      --allow-outside-refs    let $ref read files outside the spec's "
        "folder\n"
        "      --max-depth N           nesting depth per file (default 128)\n"
        "      --max-nodes N           nodes in all files, alias copies "
        "included\n"
        "                              (default 1000000)\n"
        "      --max-file-size N       bytes per file (default 67108864, 64 "
        "MiB)\n"
        "      --max-files N           files reached through $ref (default "
        "1000)\n";

static const char output_help[] =
        "      --format FORMAT         how to print diagnostics: text "
        "(default),\n"
        "                              json, github (workflow commands) or "
        "sarif\n"
        "                              (SARIF 2.1.0); all but text go to "
        "stdout\n"
        "      --fail-on SEVERITY      exit 1 on a diagnostic of SEVERITY or "
        "worse:\n"
        "                              error (default), warning or info\n"
        "  -v, --verbose               also print infos (best-practice hints)"
        "\n"
        "                              in text and github output; they are "
        "always\n"
        "                              counted, and json and sarif hold them\n";

static const char build_help[] =
        "Usage: asyncdoc build SPEC... -o DIR [OPTION]...\n"
        "Several SPECs (or a folder of *.yaml, *.yml, *.json) build a portal:\n"
        "a landing page, each API in its folder, one search index.\n"
        "Check the AsyncAPI document SPEC (and the files it references) as\n"
        "validate does, then render it as a site in the folder DIR and print\n"
        "the path of its index page. Nothing is written when the check finds\n"
        "an error (or a diagnostic at or above --fail-on). The site is\n"
        "written beside DIR and swapped in at the end: a failed build leaves\n"
        "the previous site as it was.\n"
        "\n"
        "Options:\n"
        "  -o, --output DIR            the site's folder (required)\n"
        "  -t, --theme NAME|DIR        a theme by name (see `asyncdoc "
        "themes`) or\n"
        "                              a theme directory; its files replace "
        "those\n"
        "                              of the theme it extends\n"
        "  -p, --param KEY=VALUE       set a theme parameter (checked against "
        "the\n"
        "                              theme's theme.json), repeatable\n"
        "      --format html,md        the pages to write: html (default), md\n"
        "                              (Markdown), or both; text, json, "
        "github\n"
        "                              and sarif choose the diagnostics' "
        "format\n"
        "      --single-file           Markdown: one asyncapi.md, not a page "
        "per\n"
        "                              object\n"
        "      --front-matter FILE     Markdown: put FILE (YAML or JSON) at "
        "the top\n"
        "                              of every page, {{title}} and "
        "{{version}}\n"
        "                              replaced by quoted strings\n"
        "      --md-extension md|mdx   Markdown: the pages' extension\n"
        "      --self-contained        one index.html with the CSS, script "
        "and\n"
        "                              search index inside (to attach or "
        "mail)\n"
        "      --strict                with several specs: one that fails "
        "fails\n"
        "                              the build (default: the others are "
        "built)\n"
        "      --stats                 print files written, unchanged and\n"
        "                              removed, and the time of each stage\n"
        "      --site-url URL          where the site is published: adds\n"
        "                              sitemap.xml, canonical links, Open "
        "Graph\n"
        "      --single-page           everything in one index.html with "
        "anchors\n"
        "                              (default: a page per channel, "
        "operation,\n"
        "                              message and schema)\n"
        "  -f, --force                 replace DIR even if it is not empty "
        "and\n"
        "                              was not written by asyncdoc\n"
        "      --no-validate           skip the schema and the semantic rules "
        "(a\n"
        "                              spec that does not load still stops "
        "it)\n";

static const char validate_help[] =
        "Usage: asyncdoc validate [OPTION]... SPEC...\n"
        "Check each AsyncAPI document SPEC: syntax, $refs and limits, then "
        "the\n"
        "official JSON Schema of its version (when that fails, nothing more),\n"
        "then the semantic rules. Prints the diagnostics, then \"SPEC: "
        "valid\"\n"
        "or \"SPEC: invalid\" (text and github formats); json and sarif print\n"
        "one document for all the specs.\n"
        "\n"
        "Options:\n"
        "      --list-rules            list the semantic rules and exit\n";

static const char serve_help[] =
        "Usage: asyncdoc serve SPEC [OPTION]...\n"
        "Check and render SPEC as build does, serve the site on\n"
        "http://127.0.0.1 and print its address. Each save of SPEC or of a\n"
        "file it references rebuilds the site and the open pages reload;\n"
        "when a save breaks the spec, they show the errors over the last\n"
        "good site, which stays served. The site goes into a temporary\n"
        "folder, removed at the end, unless -o is given. Ctrl-C stops it.\n"
        "A preview server, not one for production.\n"
        "\n"
        "Options:\n"
        "      --port N                the port (default 0: a free one)\n"
        "      --host ADDR             the address to listen on (default\n"
        "                              127.0.0.1; any other lets other "
        "machines\n"
        "                              read the site)\n"
        "      --open                  open the address in a web browser\n"
        "      --poll                  poll the files instead of inotify\n"
        "                              (network file systems)\n"
        "  -o, --output DIR            build into DIR, and keep it\n"
        "  -t, --theme NAME|DIR        the theme, as for build\n"
        "  -p, --param KEY=VALUE       a theme parameter, as for build\n"
        "      --single-page           everything in one index.html\n"
        "  -f, --force                 replace DIR even if it is not a site\n"
        "      --no-validate           skip the schema and the semantic rules\n"
        "      --fail-on SEVERITY      a diagnostic of SEVERITY or worse "
        "breaks\n"
        "                              the spec: error (default), warning, "
        "info\n"
        "  -v, --verbose               also print infos\n";

static const char common_help[] = "  -h, --help                  show this "
                                  "help\n";

/* Options of build and validate. */
struct cli {
	const char *cmd;
	const char *output;
	const char *theme;
	int force;
	int no_validate;
	int list_rules;
	int verbose;
	enum diag_format format;
	enum diag_severity fail_on;
	struct loader_opts load;
	int single_page;
	const char *params[MAX_PARAMS];
	size_t n_params;
	unsigned formats; /* build: RENDER_FMT_* (0: HTML) */
	int single_file;
	const char *front_matter; /* a file */
	const char *md_ext;
	unsigned port;    /* serve */
	const char *host; /* serve */
	int open;         /* serve: start a browser */
	int poll;         /* serve: poll, not inotify */
	int self_contained;
	const char *site_url;
	int stats;
	int strict; /* portal: one failed spec fails the build */
};

#define CLI_INIT(cmd)                                                          \
	{                                                                      \
		cmd, NULL, NULL, 0, 0, 0, 0, DIAG_FORMAT_TEXT, DIAG_ERROR,     \
		        LOADER_OPTS_INIT, 0, {NULL}, 0, 0, 0, NULL, NULL, 0,   \
		        NULL, 0, 0, 0, NULL, 0, 0                              \
	}

/* Colour only on a terminal, and never when NO_COLOR is set (no-color.org). */
static int
use_color(void)
{
	const char *no_color = getenv("NO_COLOR");

	return isatty(STDERR_FILENO) && (no_color == NULL || *no_color == '\0');
}

/*
 * Where diagnostics go. Text goes to stderr and github to stdout as each
 * spec is done; json and sarif collect everything in `all` and print one
 * document to stdout at the end.
 */
struct printer {
	enum diag_format format;
	struct diag_list *all; /* json, sarif */
	int failed;            /* a write failed or memory ran out */
	/*
	 * Least severe diagnostic text and github print. Infos (hints such
	 * as "operation has no summary") can number thousands on a big spec:
	 * a terminal or a pull request shows them only when asked.
	 */
	enum diag_severity show;
};

/* Prints (or keeps, for json/sarif) diags, sorted, and empties it. */
static void
printer_add(struct printer *pr, struct diag_list *diags)
{
	diag_sort(diags);
	if (pr->format == DIAG_FORMAT_TEXT || pr->format == DIAG_FORMAT_GITHUB)
		diag_list_keep(diags, pr->show);
	switch (pr->format) {
	case DIAG_FORMAT_TEXT:
		diag_print_text(stderr, diags, use_color());
		fflush(stderr);
		break;
	case DIAG_FORMAT_GITHUB:
		if (diag_print_github(stdout, diags) != 0)
			pr->failed = 1;
		break;
	default:
		if (diag_list_move(pr->all, diags) != 0)
			pr->failed = 1;
		break;
	}
	diag_list_clear(diags);
}

/*
 * The SARIF driver's rules: the semantic rules of rules_list(). NULL when
 * out of memory; *n_out gets the count.
 */
static struct diag_rule_desc *
sarif_rules(size_t *n_out)
{
	const struct rules_info *info = rules_list(n_out);
	struct diag_rule_desc *rules;
	size_t i;

	rules = calloc(*n_out + 1, sizeof(*rules));
	if (rules == NULL)
		return NULL;
	for (i = 0; i < *n_out; i++) {
		rules[i].id = info[i].id;
		rules[i].severity = info[i].severity;
		rules[i].description = info[i].description;
	}
	return rules;
}

/* Prints what json and sarif kept. 0, or -1 (write error, no memory). */
static int
printer_finish(struct printer *pr)
{
	struct diag_sarif_opts opts = {
	        PACKAGE_NAME, PACKAGE_VERSION, NULL, NULL, 0, NULL};
	struct diag_rule_desc *rules = NULL;
	char *cwd = NULL;
	int rc = -1;

	if (pr->format == DIAG_FORMAT_JSON) {
		rc = diag_print_json(stdout, pr->all);
	} else if (pr->format == DIAG_FORMAT_SARIF) {
		rules = sarif_rules(&opts.n_rules);
		if (rules == NULL)
			goto out;
		opts.rules = rules;
		if (PACKAGE_URL[0] != '\0')
			opts.info_uri = PACKAGE_URL;
		/* Without a current directory, paths stay as they are. */
		cwd = getcwd(NULL, 0);
		opts.base_dir = cwd;
		rc = diag_print_sarif(stdout, pr->all, &opts);
	} else {
		rc = fflush(stdout) != 0 ? -1 : 0;
	}
out:
	free(rules);
	free(cwd);
	if (rc != 0 || pr->failed) {
		fprintf(stderr, "asyncdoc: cannot write the diagnostics: %s\n",
		        ferror(stdout) ? strerror(errno) : "out of memory");
		return -1;
	}
	return 0;
}

static int usage_error(const char *cmd, const char *fmt, ...)
        __attribute__((format(printf, 2, 3)));

/* Prints "asyncdoc CMD: message" and where to find help; returns 2. */
static int
usage_error(const char *cmd, const char *fmt, ...)
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
static int
parse_count(size_t *out, const char *arg)
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

/* --port: a decimal number from 0 to 65535 into *out. 0 or -1. */
static int
parse_port(unsigned *out, const char *arg)
{
	unsigned long v;
	char *end;

	if (arg[0] < '0' || arg[0] > '9')
		return -1;
	errno = 0;
	v = strtoul(arg, &end, 10);
	if (errno != 0 || *end != '\0' || v > 65535)
		return -1;
	*out = (unsigned)v;
	return 0;
}

/*
 * --format: a comma-separated list; for build, html and md choose the
 * pages, the other names (text, json, github, sarif) the diagnostics.
 */
static int
parse_formats(struct cli *cli, const char *arg, int build)
{
	char item[32];
	const char *p = arg, *comma;
	size_t n;

	do {
		comma = strchr(p, ',');
		n = comma != NULL ? (size_t)(comma - p) : strlen(p);
		if (n == 0 || n >= sizeof(item))
			return -1;
		memcpy(item, p, n);
		item[n] = '\0';
		if (build && strcmp(item, "html") == 0)
			cli->formats |= RENDER_FMT_HTML;
		else if (build && (strcmp(item, "md") == 0 ||
		                   strcmp(item, "markdown") == 0))
			cli->formats |= RENDER_FMT_MD;
		else if (diag_format_from_name(&cli->format, item) != 0)
			return -1;
		p = comma != NULL ? comma + 1 : NULL;
	} while (p != NULL);
	return 0;
}

/*
 * Parses the options of build (build 1), serve (build 2: build's and its
 * own) or validate (build 0) from argv (argv[0] is the command). Returns -1 to
 * go on with the operands from optind, else an exit code (help printed: 0;
 * usage error: 2).
 */
static int
parse_options(struct cli *cli, int argc, char **argv, int build)
{
	static const struct option longopts[] = {
	        {"output", required_argument, NULL, 'o'},
	        {"theme", required_argument, NULL, 't'},
	        {"param", required_argument, NULL, 'p'},
	        {"single-page", no_argument, NULL, OPT_SINGLE_PAGE},
	        {"single-file", no_argument, NULL, OPT_SINGLE_FILE},
	        {"front-matter", required_argument, NULL, OPT_FRONT_MATTER},
	        {"md-extension", required_argument, NULL, OPT_MD_EXT},
	        {"self-contained", no_argument, NULL, OPT_SELF_CONTAINED},
	        {"site-url", required_argument, NULL, OPT_SITE_URL},
	        {"stats", no_argument, NULL, OPT_STATS},
	        {"strict", no_argument, NULL, OPT_STRICT},
	        {"force", no_argument, NULL, 'f'},
	        {"allow-outside-refs", no_argument, NULL, OPT_OUTSIDE},
	        {"max-depth", required_argument, NULL, OPT_MAX_DEPTH},
	        {"max-nodes", required_argument, NULL, OPT_MAX_NODES},
	        {"max-file-size", required_argument, NULL, OPT_MAX_FILE_SIZE},
	        {"max-files", required_argument, NULL, OPT_MAX_FILES},
	        {"format", required_argument, NULL, OPT_FORMAT},
	        {"fail-on", required_argument, NULL, OPT_FAIL_ON},
	        {"no-validate", no_argument, NULL, OPT_NO_VALIDATE},
	        {"list-rules", no_argument, NULL, OPT_LIST_RULES},
	        {"verbose", no_argument, NULL, 'v'},
	        {"port", required_argument, NULL, OPT_PORT},
	        {"host", required_argument, NULL, OPT_HOST},
	        {"open", no_argument, NULL, OPT_OPEN},
	        {"poll", no_argument, NULL, OPT_POLL},
	        {"help", no_argument, NULL, 'h'},
	        {NULL, 0, NULL, 0},
	};
	struct limits *lim = &cli->load.limits;
	size_t *count;
	int c;

	opterr = 0;
	optind = 0;
	while ((c = getopt_long(argc, argv, build ? ":o:t:p:fhv" : ":hv",
	                        longopts, NULL)) != -1) {
		count = NULL;
		switch (c) {
		case 'h':
			if (build == 2) {
				fputs(serve_help, stdout);
			} else {
				fputs(build ? build_help : validate_help,
				      stdout);
				fputs(output_help, stdout);
			}
			fputs(limits_help, stdout);
			fputs(common_help, stdout);
			return EXIT_OK;
		case 'o':
		case 't':
		case 'f':
		case 'p':
		case OPT_SINGLE_PAGE:
			if (!build)
				return usage_error(cli->cmd,
				                   "unknown option '%s'",
				                   argv[optind - 1]);
			if (c == 'o')
				cli->output = optarg;
			else if (c == 't')
				cli->theme = optarg;
			else if (c == 'f')
				cli->force = 1;
			else if (c == OPT_SINGLE_PAGE)
				cli->single_page = 1;
			else if (cli->n_params == MAX_PARAMS)
				return usage_error(cli->cmd,
				                   "more than %d -p options",
				                   MAX_PARAMS);
			else
				cli->params[cli->n_params++] = optarg;
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
		case OPT_FORMAT:
			if (parse_formats(cli, optarg, build) != 0)
				return usage_error(
				        cli->cmd,
				        build ? "unknown format in '%s' (html, "
				                "md, or for the diagnostics "
				                "text, json, github, sarif; "
				                "comma-separated)"
				              : "unknown format '%s' (text, "
				                "json, github or sarif)",
				        optarg);
			break;
		case OPT_SINGLE_FILE:
		case OPT_FRONT_MATTER:
		case OPT_MD_EXT:
		case OPT_SELF_CONTAINED:
		case OPT_SITE_URL:
		case OPT_STATS:
		case OPT_STRICT:
			if (!build)
				return usage_error(cli->cmd,
				                   "unknown option '%s'",
				                   argv[optind - 1]);
			if (c == OPT_STRICT)
				cli->strict = 1;
			else if (c == OPT_STATS)
				cli->stats = 1;
			else if (c == OPT_SELF_CONTAINED)
				cli->self_contained = 1;
			else if (c == OPT_SITE_URL) {
				if (strncmp(optarg, "https://", 8) != 0 &&
				    strncmp(optarg, "http://", 7) != 0)
					return usage_error(
					        cli->cmd,
					        "--site-url must be an http(s) "
					        "URL, not '%s'",
					        optarg);
				cli->site_url = optarg;
			} else if (c == OPT_SINGLE_FILE)
				cli->single_file = 1;
			else if (c == OPT_FRONT_MATTER)
				cli->front_matter = optarg;
			else if (strcmp(optarg, "md") == 0 ||
			         strcmp(optarg, ".md") == 0)
				cli->md_ext = ".md";
			else if (strcmp(optarg, "mdx") == 0 ||
			         strcmp(optarg, ".mdx") == 0)
				cli->md_ext = ".mdx";
			else
				return usage_error(cli->cmd,
				                   "--md-extension is md or "
				                   "mdx, not '%s'",
				                   optarg);
			break;
		case OPT_PORT:
		case OPT_HOST:
		case OPT_OPEN:
		case OPT_POLL:
			if (build != 2)
				return usage_error(cli->cmd,
				                   "unknown option '%s'",
				                   argv[optind - 1]);
			if (c == OPT_PORT &&
			    parse_port(&cli->port, optarg) != 0)
				return usage_error(cli->cmd,
				                   "'%s' is not a port (0 to "
				                   "65535)",
				                   optarg);
			if (c == OPT_HOST)
				cli->host = optarg;
			else if (c == OPT_OPEN)
				cli->open = 1;
			else if (c == OPT_POLL)
				cli->poll = 1;
			break;
		case OPT_FAIL_ON:
			if (diag_severity_from_name(&cli->fail_on, optarg) != 0)
				return usage_error(
				        cli->cmd,
				        "unknown severity '%s' (error, "
				        "warning or info)",
				        optarg);
			break;
		case 'v':
			cli->verbose = 1;
			break;
		case OPT_NO_VALIDATE:
		case OPT_LIST_RULES:
			if ((build != 0) != (c == OPT_NO_VALIDATE))
				return usage_error(cli->cmd,
				                   "unknown option '%s'",
				                   argv[optind - 1]);
			if (c == OPT_NO_VALIDATE)
				cli->no_validate = 1;
			else
				cli->list_rules = 1;
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
static int
check_readable(const char *spec, struct diag_list *diags)
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

/* How far the checks of a spec went. */
enum stage { STAGE_READ, STAGE_LOAD, STAGE_SCHEMA, STAGE_MODEL, STAGE_RULES };

/*
 * Checks spec: load, validate_schema (unless no_validate; its errors stop
 * there: one root cause, one error), model_new, rules_check (unless
 * no_validate). Diagnostics go to diags. Returns EXIT_OK with *doc_out and
 * *model_out (the caller frees them), EXIT_INVALID when a diagnostic is at
 * or above cli->fail_on (an error always stops before the model when it
 * comes from the load or the schema), or EXIT_USAGE when the spec cannot
 * be read or memory ran out. *stage_out gets the last stage run.
 */
static int
check_spec(struct loader_doc **doc_out, struct model **model_out,
           enum stage *stage_out, const char *spec, const struct cli *cli,
           struct diag_list *diags)
{
	struct validate_opts vopts = VALIDATE_OPTS_INIT;
	struct loader_opts load;
	struct loader_doc *doc = NULL;
	struct model *m = NULL;
	size_t nerr;
	int n, rc = EXIT_INVALID;

	*doc_out = NULL;
	*model_out = NULL;
	*stage_out = STAGE_READ;
	if (check_readable(spec, diags) != 0)
		return EXIT_USAGE;
	*stage_out = STAGE_LOAD;
	load = cli->load;
	load.partial = !cli->no_validate;
	if (loader_load(&doc, spec, &load, diags) != 0) {
		/*
		 * Only broken refs: the schema check of the rest of the
		 * document runs too, so one run shows every problem (the
		 * broken refs stay refs, which the schemas accept).
		 */
		if (doc != NULL) {
			*stage_out = STAGE_SCHEMA;
			if (validate_schema(&nerr, doc, &vopts, diags) < 0)
				rc = EXIT_USAGE;
		}
		goto fail;
	}
	if (!cli->no_validate) {
		*stage_out = STAGE_SCHEMA;
		n = validate_schema(&nerr, doc, &vopts, diags);
		if (n != 0 || nerr != 0) {
			rc = n < 0 ? EXIT_USAGE : EXIT_INVALID;
			goto fail;
		}
	}
	*stage_out = STAGE_MODEL;
	if (model_new(&m, doc, diags) != 0 ||
	    diag_count_at_least(diags, DIAG_ERROR) > 0)
		goto fail;
	if (!cli->no_validate) {
		*stage_out = STAGE_RULES;
		/*
		 * The rules report names that lead nowhere (security schemes,
		 * servers, channels) as errors with a fix hint; the model's
		 * warnings about the same nodes would say it twice.
		 */
		diag_list_drop_rule(diags, "model-ref");
		if (rules_check(m, diags) < 0) {
			rc = EXIT_USAGE;
			goto fail;
		}
	}
	if (diag_count_at_least(diags, cli->fail_on) > 0)
		goto fail;
	*doc_out = doc;
	*model_out = m;
	return EXIT_OK;
fail:
	model_free(m);
	loader_doc_free(doc);
	return rc;
}

/* "N error(s), N warning(s), N info(s)", the non-zero parts, into buf. */
static void
count_text(char *buf, size_t size, const struct diag_list *diags)
{
	size_t n[3], i, len = 0;
	static const char *const name[3] = {"error", "warning", "info"};

	n[0] = diag_count_at_least(diags, DIAG_ERROR);
	n[1] = diag_count_at_least(diags, DIAG_WARNING) - n[0];
	n[2] = diag_count(diags) - n[0] - n[1];
	buf[0] = '\0';
	for (i = 0; i < 3; i++) {
		if (n[i] == 0 || len >= size)
			continue;
		len += (size_t)snprintf(buf + len, size - len, "%s%zu %s%s",
		                        len > 0 ? ", " : "", n[i], name[i],
		                        n[i] == 1 ? "" : "s");
	}
}

/* Front matter files are a few lines: anything bigger is a mistake. */
#define FRONT_MATTER_MAX ((long)64 << 10)

/* Reads a small text file whole into *out (NUL-terminated). 0 or -1. */
static int
read_small_file(char **out, const char *path, struct diag_list *diags)
{
	FILE *fp = fopen(path, "rb");
	long size = -1;
	char *buf = NULL;

	*out = NULL;
	if (fp != NULL && fseek(fp, 0, SEEK_END) == 0)
		size = ftell(fp);
	if (fp == NULL || size < 0 || size > FRONT_MATTER_MAX ||
	    fseek(fp, 0, SEEK_SET) != 0 ||
	    (buf = malloc((size_t)size + 1)) == NULL ||
	    fread(buf, 1, (size_t)size, fp) != (size_t)size) {
		diag_add(diags, DIAG_ERROR, path, 0, 0, "io-error",
		         size > FRONT_MATTER_MAX
		                 ? "front matter file over 64 KiB"
		                 : "cannot read the front matter file: %s",
		         strerror(errno));
		free(buf);
		if (fp != NULL)
			fclose(fp);
		return -1;
	}
	buf[size] = '\0';
	fclose(fp);
	*out = buf;
	return 0;
}

/*
 * The render options the theme's parameters set (v3Labels, groupByTags),
 * and every parameter as a template global (key, value pairs in params,
 * which has room for 2 * MAX_PARAMS + 8 entries; more are dropped).
 */
static int
render_opts_from_theme(struct render_opts *ropts, const char **params,
                       size_t *n_params, const struct theme *theme)
{
	size_t i, n = 0;

	ropts->v3_labels = theme_param_bool(theme, "v3Labels");
	ropts->group_by_tags = theme_param_bool(theme, "groupByTags");
	for (i = 0; i < theme_param_count(theme) && n + 2 <= 2 * MAX_PARAMS + 8;
	     i++) {
		params[n++] = theme_param_key(theme, i);
		params[n++] = theme_param(theme, theme_param_key(theme, i));
	}
	*n_params = n / 2;
	ropts->params = params;
	ropts->n_params = *n_params;
	return 0;
}

static const char themes_help[] =
        "Usage: asyncdoc themes [-h]\n"
        "List the themes installed beside the default theme: name, the "
        "theme\n"
        "it extends, description and parameters (use one with build "
        "--theme\n"
        "NAME and set its parameters with -p KEY=VALUE).\n";

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
			fputs(themes_help, stdout);
			diag_list_free(diags);
			return EXIT_OK;
		}
		diag_list_free(diags);
		return usage_error("themes", "unexpected '%s'", argv[1]);
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
		fprintf(stderr, "asyncdoc themes: %s\n",
		        diag_at(diags, i)->message);
	theme_free(t);
	theme_list_free(list, n);
	free(def);
	diag_list_free(diags);
	return rc;
}

/*
 * What build and serve prepare once: the theme with its parameters and the
 * render options. Not to be moved once opened (ropts points into it).
 */
struct build_env {
	struct theme *theme;
	char *default_theme;
	char *front; /* the --front-matter text */
	const char *params[2 * MAX_PARAMS + 8];
	size_t n_params;
	struct theme_asset *assets; /* with hashed names */
	size_t n_assets;
	struct render_opts ropts;
};

/*
 * A self-contained page puts the theme's CSS and JS inside <style> and
 * <script>: a file holding the closing tag would end them early.
 */
static int
inline_safe(const struct build_env *env, struct diag_list *diags)
{
	static const char *const ends[] = {"</script", "</style", "<!--"};
	size_t i, j, k, n;

	for (i = 0; i < env->n_assets; i++) {
		const struct theme_asset *a = &env->assets[i];

		for (j = 0; a->data != NULL && j < 3; j++) {
			n = strlen(ends[j]);
			for (k = 0; k + n <= a->len; k++)
				if (strncasecmp(a->data + k, ends[j], n) == 0) {
					diag_add(diags, DIAG_ERROR, a->src, 0,
					         0, "theme-invalid",
					         "cannot be inlined: it "
					         "contains \"%s\"",
					         ends[j]);
					return -1;
				}
		}
	}
	return 0;
}

/* Opens the theme of cli and sets the render options. 0, or -1 (diags). */
static int
build_env_open(struct build_env *env, const struct cli *cli,
               struct diag_list *diags)
{
	struct render_opts init = {0};
	size_t n;

	memset(env, 0, sizeof(*env));
	env->ropts = init;
	if (theme_find_default(&env->default_theme, diags) != 0 ||
	    theme_open(&env->theme, env->default_theme, cli->theme, diags) != 0)
		return -1;
	for (n = 0; n < cli->n_params; n++)
		if (theme_set_param(env->theme, cli->params[n], diags) != 0)
			return -1;
	if (render_opts_from_theme(&env->ropts, env->params, &env->n_params,
	                           env->theme) != 0) {
		diag_add(diags, DIAG_ERROR, NULL, 0, 0, "out-of-memory",
		         "out of memory");
		return -1;
	}
	if (theme_assets(&env->assets, &env->n_assets, env->theme, diags) != 0)
		return -1;
	env->ropts.assets = env->assets;
	env->ropts.n_assets = env->n_assets;
	env->ropts.self_contained = cli->self_contained;
	env->ropts.site_url = cli->site_url;
	if (cli->self_contained && inline_safe(env, diags) != 0)
		return -1;
	env->ropts.single_page = cli->single_page;
	env->ropts.formats = cli->formats;
	env->ropts.single_file = cli->single_file;
	env->ropts.md_ext = cli->md_ext;
	if (cli->front_matter != NULL) {
		if (read_small_file(&env->front, cli->front_matter, diags) != 0)
			return -1;
		env->ropts.front_matter = env->front;
	}
	return 0;
}

static void
build_env_close(struct build_env *env)
{
	theme_assets_free(env->assets, env->n_assets);
	theme_free(env->theme);
	free(env->default_theme);
	free(env->front);
	memset(env, 0, sizeof(*env));
}

/*
 * The pipeline of build and of each serve rebuild: check_spec, then
 * render_site and site_write into output (a staging folder swapped in, so
 * the previous site stays whole until the new one is). Returns EXIT_OK,
 * with the document in *doc_out when doc_out is not NULL (the caller frees
 * it: its files are the ones to watch); else EXIT_INVALID or EXIT_USAGE
 * with the reasons in diags, *refused_out set when the check stopped it
 * before anything was written (*stage_out: how far the check went).
 */
static int
build_site(struct loader_doc **doc_out, enum stage *stage_out, int *refused_out,
           const char *spec, const char *output, const struct cli *cli,
           const struct build_env *env, struct diag_list *diags)
{
	struct site_opts sopts = SITE_OPTS_INIT;
	struct site_stats stats;
	struct render_output *pages = NULL;
	struct loader_doc *doc = NULL;
	struct model *m = NULL;
	struct timespec t0, t1;
	int rc;

	if (doc_out != NULL)
		*doc_out = NULL;
	*refused_out = 0;
	memset(&stats, 0, sizeof(stats));
	clock_gettime(CLOCK_MONOTONIC, &t0);
	rc = check_spec(&doc, &m, stage_out, spec, cli, diags);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (rc != EXIT_OK) {
		*refused_out = 1;
		return rc;
	}
	rc = EXIT_USAGE;
	if (render_site(&pages, m, theme_templates(env->theme), &env->ropts,
	                diags) != 0)
		goto out;
	sopts.force = cli->force;
	sopts.keep = spec;
	sopts.stats = &stats;
	if (cli->formats != RENDER_FMT_MD && !cli->self_contained) {
		sopts.assets = env->assets;
		sopts.n_assets = env->n_assets;
	}
	/* Markdown pages need no assets. */
	if (site_write(output, pages,
	               cli->formats == RENDER_FMT_MD || cli->self_contained
	                       ? NULL
	                       : env->theme,
	               &sopts, diags) != 0)
		goto out;
	rc = EXIT_OK;
	/* on stderr: stdout has the index path (or a json/sarif document) */
	if (cli->stats)
		fprintf(stderr,
		        "asyncdoc build: %zu files written, %zu unchanged, "
		        "%zu removed; load and check %.1f ms, pages and "
		        "assets %.1f ms, swap %.1f ms\n",
		        stats.written, stats.unchanged, stats.removed,
		        (double)(t1.tv_sec - t0.tv_sec) * 1e3 +
		                (double)(t1.tv_nsec - t0.tv_nsec) / 1e6,
		        stats.write_ms, stats.swap_ms);
	if (doc_out != NULL) {
		*doc_out = doc;
		doc = NULL;
	}
out:
	render_output_free(pages);
	model_free(m);
	loader_doc_free(doc);
	return rc;
}

static int
is_directory(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* A portal's specs: the files given, and the *.yaml/yml/json of folders. */
struct spec_list {
	char **items;
	size_t n, cap;
};

static int
spec_list_add(struct spec_list *l, const char *path)
{
	char **items;

	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 16;
		items = realloc(l->items, l->cap * sizeof(*items));
		if (items == NULL)
			return -1;
		l->items = items;
	}
	l->items[l->n] = strdup(path);
	return l->items[l->n++] != NULL ? 0 : -1;
}

static int
str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Adds the spec files directly in dir, sorted by name. */
static int
spec_list_dir(struct spec_list *l, const char *dir)
{
	struct dirent *e;
	size_t first = l->n, n;
	char path[4096];
	DIR *d = opendir(dir);

	if (d == NULL)
		return -1;
	while ((e = readdir(d)) != NULL) {
		n = strlen(e->d_name);
		if (e->d_name[0] == '.' ||
		    !((n > 5 && strcmp(e->d_name + n - 5, ".yaml") == 0) ||
		      (n > 4 && strcmp(e->d_name + n - 4, ".yml") == 0) ||
		      (n > 5 && strcmp(e->d_name + n - 5, ".json") == 0)))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (!is_directory(path) && spec_list_add(l, path) != 0) {
			closedir(d);
			return -1;
		}
	}
	closedir(d);
	qsort(l->items + first, l->n - first, sizeof(*l->items), str_cmp);
	return 0;
}

/*
 * The folder of an API in a portal: a slug of its title (else of its file
 * name), made unique with -2, -3...
 */
static char *
portal_dir(const struct model *m, const char *spec, char **taken, size_t n)
{
	char base[64], name[80];
	const char *from =
	        m != NULL && m->info.title != NULL ? m->info.title : spec;
	const char *slash = strrchr(from, '/');
	size_t i, k = 1;
	int clash;

	if (from == spec && slash != NULL)
		from = slash + 1;
	model_slug(base, sizeof(base), from);
	snprintf(name, sizeof(name), "%s", base);
	do {
		clash = strcmp(name, "assets") == 0;
		for (i = 0; !clash && i < n; i++)
			clash = taken[i] != NULL && strcmp(taken[i], name) == 0;
		if (clash)
			snprintf(name, sizeof(name), "%s-%zu", base, ++k);
	} while (clash);
	return strdup(name);
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
	struct build_env env;
	struct printer pr = {DIAG_FORMAT_TEXT, NULL, 0, DIAG_WARNING};
	struct diag_list *diags = diag_list_new();
	struct spec_list list = {NULL, 0, 0};
	struct loader_doc **docs = NULL;
	struct model **models = NULL;
	char **dirs = NULL;
	struct render_portal_entry *entries = NULL;
	struct render_output *portal = NULL, **subs = NULL;
	const struct model **others = NULL;
	const char **other_dirs = NULL;
	struct render_opts ropts;
	struct site_opts sopts = SITE_OPTS_INIT;
	size_t i, j, k, failed = 0;
	int rc = EXIT_USAGE, progress;
	enum stage stage;

	memset(&env, 0, sizeof(env));
	pr.format = cli->format;
	if (cli->verbose || cli->fail_on == DIAG_INFO)
		pr.show = DIAG_INFO;
	pr.all = diag_list_new();
	if (diags == NULL || pr.all == NULL)
		goto oom;
	for (i = 0; i < (size_t)nspecs; i++) {
		if (is_directory(specs[i])) {
			if (spec_list_dir(&list, specs[i]) != 0) {
				diag_add(diags, DIAG_ERROR, specs[i], 0, 0,
				         "io-error", "cannot list the folder");
				goto out;
			}
		} else if (spec_list_add(&list, specs[i]) != 0) {
			goto oom;
		}
	}
	if (list.n == 0) {
		diag_add(diags, DIAG_ERROR, NULL, 0, 0, "io-error",
		         "no spec (*.yaml, *.yml, *.json) to build");
		goto out;
	}
	if (build_env_open(&env, cli, diags) != 0)
		goto out;
	docs = calloc(list.n, sizeof(*docs));
	models = calloc(list.n, sizeof(*models));
	dirs = calloc(list.n, sizeof(*dirs));
	entries = calloc(list.n, sizeof(*entries));
	subs = calloc(list.n, sizeof(*subs));
	if (!docs || !models || !dirs || !entries || !subs)
		goto oom;
	/* a progress line on a terminal only: nothing extra in CI logs */
	progress = isatty(STDERR_FILENO) && getenv("CI") == NULL;
	for (i = 0; i < list.n; i++) {
		if (progress)
			fprintf(stderr, "\r\033[K[%zu/%zu] checking %s", i + 1,
			        list.n, list.items[i]);
		if (check_spec(&docs[i], &models[i], &stage, list.items[i], cli,
		               diags) != EXIT_OK)
			failed++;
		dirs[i] = portal_dir(models[i], list.items[i], dirs, i);
		if (dirs[i] == NULL)
			goto oom;
		entries[i].m = models[i];
		entries[i].dir = dirs[i];
		entries[i].spec = list.items[i];
	}
	rc = EXIT_INVALID;
	if (failed > 0 && cli->strict)
		goto out;
	rc = EXIT_USAGE;
	if (render_portal(&portal, entries, list.n, theme_templates(env.theme),
	                  &env.ropts, diags) != 0)
		goto out;
	for (i = 0; i < list.n; i++) {
		if (models[i] == NULL)
			continue;
		if (progress)
			fprintf(stderr, "\r\033[K[%zu/%zu] rendering %s", i + 1,
			        list.n, list.items[i]);
		/* each API's options own their view of the others */
		ropts = env.ropts;
		others = malloc(list.n * sizeof(*others));
		other_dirs = malloc(list.n * sizeof(*other_dirs));
		if (others == NULL || other_dirs == NULL) {
			free(others);
			free(other_dirs);
			goto oom;
		}
		for (j = 0, k = 0; j < list.n; j++)
			if (j != i && models[j] != NULL) {
				others[k] = models[j];
				other_dirs[k++] = dirs[j];
			}
		ropts.others = others;
		ropts.other_dirs = other_dirs;
		ropts.n_others = k;
		if (render_site(&subs[i], models[i], theme_templates(env.theme),
		                &ropts, diags) != 0) {
			free(others);
			free(other_dirs);
			goto out;
		}
		/* subs[i]'s options hold them now (freed with it) */
		others = NULL;
		other_dirs = NULL;
		if (render_merge(portal, subs[i], dirs[i]) != 0)
			goto oom;
	}
	if (progress)
		fprintf(stderr, "\r\033[K[%zu/%zu] writing %s\r\033[K", list.n,
		        list.n, cli->output);
	sopts.force = cli->force;
	sopts.keep = list.items[0];
	sopts.assets = env.assets;
	sopts.n_assets = env.n_assets;
	if (site_write(cli->output, portal, NULL, &sopts, diags) != 0)
		goto out;
	rc = failed > 0 ? EXIT_INVALID : EXIT_OK;
	goto out;
oom:
	diag_add(diags, DIAG_ERROR, NULL, 0, 0, "out-of-memory",
	         "out of memory");
	rc = EXIT_USAGE;
out:
	if (diags != NULL && pr.all != NULL) {
		printer_add(&pr, diags);
		if (printer_finish(&pr) != 0 && rc == EXIT_OK)
			rc = EXIT_USAGE;
	}
	if (failed > 0)
		fprintf(stderr, "asyncdoc build: %zu of %zu specs failed%s\n",
		        failed, list.n,
		        cli->strict          ? "; nothing written (--strict)"
		        : rc == EXIT_INVALID ? "; the others were built"
		                             : "");
	if ((rc == EXIT_OK ||
	     (rc == EXIT_INVALID && !cli->strict && portal != NULL)) &&
	    (cli->format == DIAG_FORMAT_TEXT ||
	     cli->format == DIAG_FORMAT_GITHUB))
		printf("%s/index.html\n", cli->output);
	for (i = 0; i < list.n; i++) {
		if (subs != NULL && subs[i] != NULL) {
			free((void *)subs[i]->opts.others);
			free((void *)subs[i]->opts.other_dirs);
			render_output_free(subs[i]);
		}
		if (models != NULL)
			model_free(models[i]);
		if (docs != NULL)
			loader_doc_free(docs[i]);
		if (dirs != NULL)
			free(dirs[i]);
		free(list.items[i]);
	}
	render_output_free(portal);
	free(list.items);
	free(docs);
	free(models);
	free(dirs);
	free(entries);
	free(subs);
	build_env_close(&env);
	diag_list_free(diags);
	diag_list_free(pr.all);
	return rc;
}

static int
cmd_build(int argc, char **argv)
{
	struct cli cli = CLI_INIT("build");
	struct build_env env;
	struct printer pr = {DIAG_FORMAT_TEXT, NULL, 0, DIAG_WARNING};
	struct diag_list *diags = NULL;
	char counts[96];
	enum stage stage = STAGE_READ;
	const char *spec;
	size_t n;
	int rc, refused = 0;

	memset(&env, 0, sizeof(env));
	rc = parse_options(&cli, argc, argv, 1);
	if (rc >= 0)
		return rc;
	if (optind >= argc)
		return usage_error("build", "missing SPEC");
	if (cli.output == NULL)
		return usage_error("build", "missing -o DIR");
	/* several specs, or a folder of them: a portal */
	if (argc - optind > 1 || is_directory(argv[optind]))
		return build_portal(&cli, argc - optind, argv + optind);
	spec = argv[optind];
	pr.format = cli.format;
	if (cli.verbose || cli.fail_on == DIAG_INFO)
		pr.show = DIAG_INFO;
	diags = diag_list_new();
	pr.all = diag_list_new();
	if (diags == NULL || pr.all == NULL) {
		fputs("asyncdoc: out of memory\n", stderr);
		rc = EXIT_USAGE;
		goto out;
	}
	rc = EXIT_USAGE;
	if (build_env_open(&env, &cli, diags) != 0)
		goto out;
	rc = build_site(NULL, &stage, &refused, spec, cli.output, &cli, &env,
	                diags);
	if (refused)
		count_text(counts, sizeof(counts), diags);
out:
	if (diags != NULL && pr.all != NULL) {
		printer_add(&pr, diags);
		if (printer_finish(&pr) != 0 && rc == EXIT_OK)
			rc = EXIT_USAGE;
	}
	/* After the diagnostics, as a compiler ends with its summary. */
	if (refused)
		fprintf(stderr, "asyncdoc build: %s: %s; nothing written%s\n",
		        spec, counts[0] != '\0' ? counts : "cannot check it",
		        rc == EXIT_INVALID && (stage == STAGE_SCHEMA ||
		                               stage == STAGE_RULES)
		                ? " (--no-validate skips the schema and rules)"
		                : "");
	/* The index path would spoil a json or sarif document on stdout. */
	if (rc == EXIT_OK && (cli.format == DIAG_FORMAT_TEXT ||
	                      cli.format == DIAG_FORMAT_GITHUB)) {
		n = strlen(cli.output);
		while (n > 1 && cli.output[n - 1] == '/')
			n--;
		printf("%.*s/%s%s\n", (int)n, cli.output,
		       cli.formats == RENDER_FMT_MD && cli.single_file
		               ? "asyncapi"
		               : "index",
		       cli.formats != RENDER_FMT_MD ? ".html"
		       : cli.md_ext != NULL         ? cli.md_ext
		                                    : ".md");
	}
	build_env_close(&env);
	diag_list_free(diags);
	diag_list_free(pr.all);
	return rc;
}
/* What serve keeps between two builds. */
struct serve_run {
	const char *spec;
	const char *output;
	const struct cli *cli;
	const struct build_env *env;
	struct serve *srv;
	struct watch *w;
	char **files; /* watched: the files of the last good build */
	size_t n_files;
	enum diag_severity show; /* least severe diagnostic printed */
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
 * Renews the watched files: after a good build, the files doc read; after
 * a failed one (no document), the files watched so far, the spec and
 * every file a diagnostic names (the file that broke, or the one holding
 * a broken $ref), so that a fix in any of them is seen. 0, or -1 when out
 * of memory.
 */
static int
serve_watch_files(struct serve_run *run, const struct loader_doc *doc,
                  const struct diag_list *diags)
{
	const char *name;
	struct stat st;
	char **files;
	size_t i, j, n = 0, max;

	max = doc != NULL ? loader_file_count(doc)
	                  : run->n_files + 1 + diag_count(diags);
	files = calloc(max + 1, sizeof(*files));
	if (files == NULL)
		return -1;
	for (i = 0; i < max; i++) {
		if (doc != NULL)
			name = loader_file_path(doc, (uint32_t)i);
		else if (i < run->n_files)
			name = run->files[i];
		else if (i == run->n_files)
			name = run->spec;
		else
			name = diag_at(diags, i - run->n_files - 1)->file;
		/* Diagnostics also name folders (the output): files only. */
		if (doc == NULL && i > run->n_files &&
		    (name == NULL || stat(name, &st) != 0 ||
		     !S_ISREG(st.st_mode)))
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

/*
 * One build of serve: prints its diagnostics and how it went, tells the
 * server (reload, or the diagnostics over the last good site) and renews
 * the watched files. Returns EXIT_OK, EXIT_INVALID (the spec is broken;
 * serving goes on) or EXIT_USAGE (unreadable spec, unwritable output,
 * out of memory).
 */
static int
serve_build(struct serve_run *run, int first)
{
	struct diag_list *diags = diag_list_new();
	struct loader_doc *doc = NULL;
	struct timespec t0;
	enum stage stage = STAGE_READ;
	char counts[96];
	int rc, refused = 0;

	if (diags == NULL) {
		fputs("asyncdoc serve: out of memory\n", stderr);
		return EXIT_USAGE;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	rc = build_site(&doc, &stage, &refused, run->spec, run->output,
	                run->cli, run->env, diags);
	diag_sort(diags);
	count_text(counts, sizeof(counts), diags);
	if (rc == EXIT_OK)
		rc = serve_site_changed(run->srv) != 0 ? EXIT_USAGE : EXIT_OK;
	else if (serve_set_diagnostics(run->srv, diags) != 0)
		rc = EXIT_USAGE;
	if (serve_watch_files(run, doc, diags) != 0) {
		diag_add(diags, DIAG_ERROR, NULL, 0, 0, "out-of-memory",
		         "out of memory");
		rc = EXIT_USAGE;
	}
	diag_list_keep(diags, run->show);
	diag_print_text(stderr, diags, use_color());
	if (rc == EXIT_OK && !first)
		fprintf(stderr, "asyncdoc serve: %s: rebuilt in %ld ms%s%s\n",
		        run->spec, elapsed_ms(&t0),
		        counts[0] != '\0' ? ", " : "", counts);
	else if (rc != EXIT_OK)
		fprintf(stderr, "asyncdoc serve: %s: %s; %s\n", run->spec,
		        counts[0] != '\0' ? counts : "cannot build it",
		        first ? "the pages show the errors until it is fixed"
		              : "the last good site stays served");
	fflush(stderr);
	loader_doc_free(doc);
	diag_list_free(diags);
	return rc;
}

static int
rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path) != 0 ? -1 : 0;
}

/*
 * A new folder $TMPDIR/asyncdoc-serve-XXXXXX into *dir_out and the site's
 * place in it into *site_out (both freed by the caller). 0 or -1 (errno).
 */
static int
make_temp_site(char **dir_out, char **site_out)
{
	const char *base = getenv("TMPDIR");
	char *dir;
	size_t n;

	*dir_out = NULL;
	*site_out = NULL;
	if (base == NULL || base[0] != '/')
		base = "/tmp";
	n = strlen(base) + 32;
	dir = malloc(n);
	if (dir == NULL)
		return -1;
	snprintf(dir, n, "%s/asyncdoc-serve-XXXXXX", base);
	if (mkdtemp(dir) == NULL) {
		free(dir);
		return -1;
	}
	*site_out = path_join(dir, "site");
	if (*site_out == NULL) {
		rmdir(dir);
		free(dir);
		return -1;
	}
	*dir_out = dir;
	return 0;
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
		fprintf(stderr, "asyncdoc serve: cannot open a browser: %s\n",
		        strerror(err));
		return -1;
	}
	return pid;
}

static int
cmd_serve(int argc, char **argv)
{
	struct cli cli = CLI_INIT("serve");
	struct serve_opts sopts = SERVE_OPTS_INIT;
	struct watch_opts wopts = WATCH_OPTS_INIT;
	struct serve_run run;
	struct build_env env;
	struct diag_list *diags = NULL;
	struct signalfd_siginfo si;
	sigset_t sigs, old;
	char *tmp = NULL, *site = NULL, url[96];
	const char *host;
	pid_t browser = -1;
	int sfd = -1, rc, r, ipv6;

	memset(&env, 0, sizeof(env));
	memset(&run, 0, sizeof(run));
	rc = parse_options(&cli, argc, argv, 2);
	if (rc >= 0)
		return rc;
	if (optind >= argc)
		return usage_error("serve", "missing SPEC");
	if (argc - optind > 1)
		return usage_error("serve", "one SPEC only (got '%s' too)",
		                   argv[optind + 1]);
	if ((cli.formats & RENDER_FMT_MD) != 0 ||
	    cli.format != DIAG_FORMAT_TEXT)
		return usage_error("serve", "serve shows HTML pages and prints "
		                            "text diagnostics: no --format");
	host = cli.host != NULL ? cli.host : "127.0.0.1";
	if (strcmp(host, "localhost") == 0)
		host = "127.0.0.1";
	ipv6 = strchr(host, ':') != NULL;
	run.spec = argv[optind];
	run.cli = &cli;
	run.env = &env;
	run.show = cli.verbose || cli.fail_on == DIAG_INFO ? DIAG_INFO
	                                                   : DIAG_WARNING;
	rc = EXIT_USAGE;
	diags = diag_list_new();
	if (diags == NULL) {
		fputs("asyncdoc serve: out of memory\n", stderr);
		return EXIT_USAGE;
	}
	/*
	 * Ctrl-C and SIGTERM are read from a signalfd by the loop below, so
	 * that a stop is never cut into a build. Blocked before any thread
	 * starts (they all inherit the mask); a client gone mid-file is no
	 * reason to die.
	 */
	signal(SIGPIPE, SIG_IGN);
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGINT);
	sigaddset(&sigs, SIGTERM);
	sigaddset(&sigs, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &sigs, &old);
	sfd = signalfd(-1, &sigs, SFD_NONBLOCK | SFD_CLOEXEC);
	if (sfd < 0) {
		fprintf(stderr, "asyncdoc serve: signalfd: %s\n",
		        strerror(errno));
		goto out;
	}
	if (cli.output == NULL) {
		if (make_temp_site(&tmp, &site) != 0) {
			fprintf(stderr,
			        "asyncdoc serve: cannot create a temporary "
			        "folder: %s\n",
			        strerror(errno));
			goto out;
		}
		run.output = site;
	} else {
		run.output = cli.output;
	}
	if (build_env_open(&env, &cli, diags) != 0)
		goto out;
	wopts.force_poll = cli.poll;
	wopts.wake_fd = sfd;
	if (watch_new(&run.w, &wopts) != 0) {
		fputs("asyncdoc serve: out of memory\n", stderr);
		goto out;
	}
	sopts.host = host;
	sopts.port = cli.port;
	if (serve_start(&run.srv, run.output, &sopts, diags) != 0)
		goto out;
	rc = serve_build(&run, 1);
	if (rc == EXIT_USAGE)
		goto out;
	snprintf(url, sizeof(url), "http://%s%s%s:%u/", ipv6 ? "[" : "", host,
	         ipv6 ? "]" : "", serve_port(run.srv));
	fprintf(stderr, "asyncdoc serve: serving %s at %s (Ctrl-C stops)\n",
	        run.spec, url);
	if (strncmp(host, "127.", 4) != 0 && strcmp(host, "::1") != 0)
		fprintf(stderr,
		        "asyncdoc serve: warning: listening on %s: other "
		        "machines can read the site; this is a preview "
		        "server, not one for production\n",
		        host);
	if (watch_polling(run.w))
		fputs("asyncdoc serve: watching the files by polling\n",
		      stderr);
	/* The address alone on stdout, for scripts. */
	printf("%s\n", url);
	fflush(stdout);
	if (cli.open)
		browser = open_browser(url, &old);
	for (;;) {
		r = watch_wait(run.w, 1000);
		if (browser > 0 && waitpid(browser, NULL, WNOHANG) == browser)
			browser = -1;
		if (r == WATCH_WOKEN) {
			if (read(sfd, &si, sizeof(si)) == (ssize_t)sizeof(si))
				break;
			continue;
		}
		if (r < 0) {
			fprintf(stderr,
			        "asyncdoc serve: cannot watch the files: %s\n",
			        strerror(errno));
			rc = EXIT_USAGE;
			goto out;
		}
		if (r == WATCH_CHANGED)
			serve_build(&run, 0);
	}
	fputs("asyncdoc serve: stopped\n", stderr);
	rc = EXIT_OK;
out:
	if (diag_count(diags) > 0) {
		diag_sort(diags);
		diag_print_text(stderr, diags, use_color());
	}
	/* Event streams end, then the server, then the folder goes. */
	serve_stop(run.srv);
	watch_free(run.w);
	free_files(run.files, run.n_files);
	build_env_close(&env);
	if (tmp != NULL && nftw(tmp, rm_entry, 16, FTW_DEPTH | FTW_PHYS) != 0)
		fprintf(stderr, "asyncdoc serve: cannot remove %s: %s\n", tmp,
		        strerror(errno));
	free(tmp);
	free(site);
	diag_list_free(diags);
	if (sfd >= 0)
		close(sfd);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return rc;
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

static int
cmd_validate(int argc, char **argv)
{
	struct cli cli = CLI_INIT("validate");
	struct printer pr = {DIAG_FORMAT_TEXT, NULL, 0, DIAG_WARNING};
	struct diag_list *diags;
	struct loader_doc *doc;
	struct model *m;
	enum stage stage;
	char counts[96];
	size_t errors;
	int rc, worst = EXIT_OK, human;

	rc = parse_options(&cli, argc, argv, 0);
	if (rc >= 0)
		return rc;
	if (cli.list_rules)
		return list_rules();
	if (optind >= argc)
		return usage_error("validate", "missing SPEC");
	pr.format = cli.format;
	if (cli.verbose || cli.fail_on == DIAG_INFO)
		pr.show = DIAG_INFO;
	/* Verdict lines only where they cannot spoil a document. */
	human = cli.format == DIAG_FORMAT_TEXT ||
	        cli.format == DIAG_FORMAT_GITHUB;
	diags = diag_list_new();
	pr.all = diag_list_new();
	if (diags == NULL || pr.all == NULL) {
		fputs("asyncdoc: out of memory\n", stderr);
		diag_list_free(diags);
		diag_list_free(pr.all);
		return EXIT_USAGE;
	}
	for (; optind < argc; optind++) {
		const char *spec = argv[optind];

		rc = check_spec(&doc, &m, &stage, spec, &cli, diags);
		count_text(counts, sizeof(counts), diags);
		errors = diag_count_at_least(diags, DIAG_ERROR);
		/* The reasons first (text: on stderr), then the verdict. */
		printer_add(&pr, diags);
		if (human && rc == EXIT_OK)
			print_valid(spec, m, counts);
		else if (human && rc == EXIT_INVALID && errors == 0)
			printf("%s: fails --fail-on %s (%s)\n", spec,
			       diag_severity_name(cli.fail_on), counts);
		else if (human)
			printf("%s: invalid\n", spec);
		fflush(stdout);
		model_free(m);
		loader_doc_free(doc);
		if (rc > worst)
			worst = rc;
	}
	if (printer_finish(&pr) != 0)
		worst = EXIT_USAGE;
	diag_list_free(diags);
	diag_list_free(pr.all);
	return worst;
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
	if (strcmp(argv[0], "themes") == 0)
		return cmd_themes(argc, argv);
	if (strcmp(argv[0], "serve") == 0)
		return cmd_serve(argc, argv);
	if (strcmp(argv[0], "help") == 0) {
		fputs(main_help, stdout);
		return EXIT_OK;
	}
	return usage_error(NULL, "unknown command '%s'", argv[0]);
}
