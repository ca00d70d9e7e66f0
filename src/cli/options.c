/*
 * options: option parsing (see options.h).
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/help.h"
#include "cli/options.h"
#include "render/render.h"

/* Long options without a short form. */
enum {
	OPT_OUTSIDE = 256,
	OPT_MAX_DEPTH,
	OPT_MAX_NODES,
	OPT_MAX_FILE_SIZE,
	OPT_MAX_FILES,
	OPT_MAX_REF_STEPS,
	OPT_FORMAT,
	OPT_DIAGNOSTICS,
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
	OPT_NO_SYNC,
	OPT_PORT,
	OPT_HOST,
	OPT_OPEN,
	OPT_POLL,
	OPT_OFFLINE,
	OPT_UPDATE_LOCK,
	OPT_LOCK,
	OPT_ALLOW_PRIVATE,
	OPT_REF_ROOT,
	OPT_COMPARE_TO,
	OPT_CONFIG,
};

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
        {"compare-to", required_argument, NULL, OPT_COMPARE_TO},
        {"no-sync", no_argument, NULL, OPT_NO_SYNC},
        {"force", no_argument, NULL, 'f'},
        {"allow-outside-refs", no_argument, NULL, OPT_OUTSIDE},
        {"offline", no_argument, NULL, OPT_OFFLINE},
        {"update-lock", no_argument, NULL, OPT_UPDATE_LOCK},
        {"lock", required_argument, NULL, OPT_LOCK},
        {"allow-private-hosts", no_argument, NULL, OPT_ALLOW_PRIVATE},
        {"ref-root", required_argument, NULL, OPT_REF_ROOT},
        {"max-depth", required_argument, NULL, OPT_MAX_DEPTH},
        {"max-nodes", required_argument, NULL, OPT_MAX_NODES},
        {"max-file-size", required_argument, NULL, OPT_MAX_FILE_SIZE},
        {"max-files", required_argument, NULL, OPT_MAX_FILES},
        {"max-ref-steps", required_argument, NULL, OPT_MAX_REF_STEPS},
        {"format", required_argument, NULL, OPT_FORMAT},
        {"diagnostics", required_argument, NULL, OPT_DIAGNOSTICS},
        {"fail-on", required_argument, NULL, OPT_FAIL_ON},
        {"no-validate", no_argument, NULL, OPT_NO_VALIDATE},
        {"list-rules", no_argument, NULL, OPT_LIST_RULES},
        {"verbose", no_argument, NULL, 'v'},
        {"port", required_argument, NULL, OPT_PORT},
        {"host", required_argument, NULL, OPT_HOST},
        {"open", no_argument, NULL, OPT_OPEN},
        {"poll", no_argument, NULL, OPT_POLL},
        {"config", required_argument, NULL, OPT_CONFIG},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
};

void
options_init(struct cli *cli, const char *cmd)
{
	memset(cli, 0, sizeof(*cli));
	cli->cmd = cmd;
	cli->format = DIAG_FORMAT_TEXT;
	cli->pipe.fail_on = DIAG_ERROR;
	cli->pipe.params = cli->params;
}

enum diag_severity
options_show(const struct cli *cli)
{
	return cli->verbose || cli->pipe.fail_on == DIAG_INFO ? DIAG_INFO
	                                                      : DIAG_WARNING;
}

int
options_exit_code(enum pipeline_status status)
{
	switch (status) {
	case PIPELINE_OK:
		return EXIT_OK;
	case PIPELINE_INVALID:
		return EXIT_INVALID;
	default:
		return EXIT_USAGE;
	}
}

int
options_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	/* One prefix for every command's errors: the printer's. */
	fputs("asyncdoc: error: ", stderr);
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
			cli->pipe.formats |= RENDER_FMT_HTML;
		else if (build && (strcmp(item, "md") == 0 ||
		                   strcmp(item, "markdown") == 0))
			cli->pipe.formats |= RENDER_FMT_MD;
		else if (diag_format_from_name(&cli->format, item) != 0)
			return -1;
		else if (build)
			/* build's --format names the pages; the old spelling
			 * of the diagnostics' format still works */
			fprintf(stderr,
			        "asyncdoc: warning: '--format %s' is deprecated "
			        "on %s: use '--diagnostics %s'\n",
			        item, cli->cmd, item);
		p = comma != NULL ? comma + 1 : NULL;
	} while (p != NULL);
	return 0;
}

/* The option at argv[optind - 1] is not one of this command's. */
static int
unknown(const struct cli *cli, char **argv)
{
	return options_usage_error(cli->cmd, "unknown option '%s'",
	                           argv[optind - 1]);
}

/* -o, -t, -f, -p and --single-page: build's and serve's. */
static int
parse_site_opt(struct cli *cli, int c, const char *arg)
{
	struct pipeline_opts *pipe = &cli->pipe;

	if (c == 'o')
		cli->output = arg;
	else if (c == 't')
		pipe->theme = arg;
	else if (c == 'f')
		pipe->force = 1;
	else if (c == OPT_SINGLE_PAGE)
		pipe->single_page = 1;
	else if (pipe->n_params == PIPELINE_MAX_PARAMS)
		return options_usage_error(cli->cmd, "more than %d -p options",
		                           PIPELINE_MAX_PARAMS);
	else
		cli->params[pipe->n_params++] = arg;
	return -1;
}

/* The options of build alone. */
static int
parse_build_opt(struct cli *cli, int c, const char *arg)
{
	struct pipeline_opts *pipe = &cli->pipe;

	if (c == OPT_STRICT) {
		pipe->strict = 1;
	} else if (c == OPT_NO_SYNC) {
		pipe->no_sync = 1;
	} else if (c == OPT_STATS) {
		cli->stats = 1;
	} else if (c == OPT_SELF_CONTAINED) {
		pipe->self_contained = 1;
	} else if (c == OPT_SITE_URL) {
		if (strncmp(arg, "https://", 8) != 0 &&
		    strncmp(arg, "http://", 7) != 0)
			return options_usage_error(
			        cli->cmd,
			        "--site-url must be an http(s) URL, "
			        "not '%s'",
			        arg);
		pipe->site_url = arg;
	} else if (c == OPT_SINGLE_FILE) {
		pipe->single_file = 1;
	} else if (c == OPT_FRONT_MATTER) {
		pipe->front_matter = arg;
	} else if (strcmp(arg, "md") == 0 || strcmp(arg, ".md") == 0) {
		pipe->md_ext = ".md";
	} else if (strcmp(arg, "mdx") == 0 || strcmp(arg, ".mdx") == 0) {
		pipe->md_ext = ".mdx";
	} else {
		return options_usage_error(
		        cli->cmd, "--md-extension is md or mdx, not '%s'", arg);
	}
	return -1;
}

/* The options of serve alone. */
static int
parse_serve_opt(struct cli *cli, int c, const char *arg)
{
	if (c == OPT_PORT && parse_port(&cli->port, arg) != 0)
		return options_usage_error(
		        cli->cmd, "'%s' is not a port (0 to 65535)", arg);
	if (c == OPT_HOST)
		cli->host = arg;
	else if (c == OPT_OPEN)
		cli->open = 1;
	else if (c == OPT_POLL)
		cli->poll = 1;
	return -1;
}

/* The loader's limits; NULL for another option. */
static size_t *
limit_of(struct cli *cli, int c)
{
	struct limits *lim = &cli->pipe.limits;

	switch (c) {
	case OPT_MAX_DEPTH:
		return &lim->max_depth;
	case OPT_MAX_NODES:
		return &lim->max_nodes;
	case OPT_MAX_FILE_SIZE:
		return &lim->max_file_size;
	case OPT_MAX_FILES:
		return &lim->max_files;
	case OPT_MAX_REF_STEPS:
		return &lim->max_ref_steps;
	default:
		return NULL;
	}
}

static int
print_help(enum options_cmd cmd)
{
	if (cmd == OPTIONS_FETCH) {
		fputs(help_fetch, stdout);
	} else if (cmd == OPTIONS_SERVE) {
		fputs(help_serve, stdout);
	} else {
		fputs(cmd == OPTIONS_BUILD ? help_build : help_validate,
		      stdout);
		fputs(help_output, stdout);
	}
	fputs(help_limits, stdout);
	fputs(help_remote, stdout);
	fputs(help_common, stdout);
	return EXIT_OK;
}

/*
 * The options every command takes (and those it refuses); -1 to go on,
 * else an exit code.
 */
static int
parse_common_opt(struct cli *cli, int c, char **argv, enum options_cmd cmd)
{
	int build = cmd != OPTIONS_VALIDATE && cmd != OPTIONS_FETCH;
	struct stat st;

	switch (c) {
	case OPT_OUTSIDE:
		cli->pipe.allow_outside_refs = 1;
		return -1;
	case OPT_OFFLINE:
		cli->remote_opts.offline = 1;
		return -1;
	case OPT_UPDATE_LOCK:
		cli->remote_opts.update_lock = 1;
		return -1;
	case OPT_LOCK:
		cli->remote_opts.lock = optarg;
		return -1;
	case OPT_ALLOW_PRIVATE:
		cli->remote_opts.fetch.allow_private_hosts = 1;
		return -1;
	case OPT_REF_ROOT:
		if (stat(optarg, &st) == 0 && S_ISDIR(st.st_mode)) {
			cli->pipe.ref_root = optarg;
			return -1;
		}
		return options_usage_error(cli->cmd,
		                           "--ref-root '%s' is not a folder",
		                           optarg);
	case OPT_FORMAT:
		if (parse_formats(cli, optarg, build) == 0)
			return -1;
		return options_usage_error(
		        cli->cmd,
		        build ? "unknown format in '%s' (html, md or both, "
		                "comma-separated; the diagnostics' format is "
		                "--diagnostics)"
		              : "unknown format '%s' (text, json, github or "
		                "sarif)",
		        optarg);
	case OPT_DIAGNOSTICS:
		if (diag_format_from_name(&cli->format, optarg) == 0)
			return -1;
		return options_usage_error(cli->cmd,
		                           "unknown diagnostics format '%s' "
		                           "(text, json, github or sarif)",
		                           optarg);
	case OPT_FAIL_ON:
		if (diag_severity_from_name(&cli->pipe.fail_on, optarg) == 0)
			return -1;
		return options_usage_error(cli->cmd,
		                           "unknown severity '%s' (error, "
		                           "warning or info)",
		                           optarg);
	case 'v':
		cli->verbose = 1;
		return -1;
	case OPT_CONFIG:
		cli->config = optarg;
		return -1;
	case OPT_NO_VALIDATE:
	case OPT_LIST_RULES:
		if (build != (c == OPT_NO_VALIDATE))
			return unknown(cli, argv);
		if (c == OPT_NO_VALIDATE)
			cli->pipe.no_validate = 1;
		else
			cli->list_rules = 1;
		return -1;
	case ':':
		return options_usage_error(cli->cmd,
		                           "option '%s' needs a value",
		                           argv[optind - 1]);
	default:
		return unknown(cli, argv);
	}
}

/* Markdown's options without Markdown pages would be silently ignored. */
static int
check_md_only(const struct cli *cli)
{
	const struct pipeline_opts *pipe = &cli->pipe;
	const char *opt = pipe->single_file            ? "--single-file"
	                  : pipe->front_matter != NULL ? "--front-matter"
	                  : pipe->md_ext != NULL       ? "--md-extension"
	                                               : NULL;

	if (opt == NULL || (pipe->formats & RENDER_FMT_MD) != 0)
		return -1;
	return options_usage_error(cli->cmd,
	                           "%s is for Markdown pages: add --format md "
	                           "(or html,md)",
	                           opt);
}

int
options_parse(struct cli *cli, int argc, char **argv, enum options_cmd cmd)
{
	int build = cmd != OPTIONS_VALIDATE && cmd != OPTIONS_FETCH;
	size_t *count;
	int c, rc;

	opterr = 0;
	optind = 0;
	while ((c = getopt_long(argc, argv, build ? ":o:t:p:fhv" : ":hv",
	                        longopts, NULL)) != -1) {
		count = limit_of(cli, c);
		switch (c) {
		case 'h':
			return print_help(cmd);
		case 'o':
		case 't':
		case 'f':
		case 'p':
		case OPT_SINGLE_PAGE:
			rc = build ? parse_site_opt(cli, c, optarg)
			           : unknown(cli, argv);
			break;
		case OPT_SINGLE_FILE:
		case OPT_FRONT_MATTER:
		case OPT_MD_EXT:
		case OPT_SELF_CONTAINED:
		case OPT_SITE_URL:
		case OPT_STATS:
		case OPT_STRICT:
		case OPT_NO_SYNC:
			rc = build ? parse_build_opt(cli, c, optarg)
			           : unknown(cli, argv);
			break;
		case OPT_COMPARE_TO:
			if (cmd != OPTIONS_BUILD)
				return unknown(cli, argv);
			cli->compare_to = optarg;
			rc = -1;
			break;
		case OPT_PORT:
		case OPT_HOST:
		case OPT_OPEN:
		case OPT_POLL:
			rc = cmd == OPTIONS_SERVE
			             ? parse_serve_opt(cli, c, optarg)
			             : unknown(cli, argv);
			break;
		default:
			rc = count != NULL
			             ? -1
			             : parse_common_opt(cli, c, argv, cmd);
			break;
		}
		if (rc >= 0)
			return rc;
		if (count != NULL && parse_count(count, optarg) != 0)
			return options_usage_error(
			        cli->cmd, "'%s' is not a positive number",
			        optarg);
	}
	if (check_md_only(cli) >= 0)
		return EXIT_USAGE;
	/* fetch goes to the network for every URL: that is what it is for */
	cli->remote_opts.refresh = cmd == OPTIONS_FETCH;
	if (remote_new(&cli->remote, &cli->remote_opts) != 0) {
		fputs("asyncdoc: error: out of memory\n", stderr);
		return EXIT_USAGE;
	}
	cli->pipe.remote = cli->remote;
	return -1;
}

void
options_release(struct cli *cli)
{
	remote_free(cli->remote);
	cli->remote = NULL;
	cli->pipe.remote = NULL;
}
