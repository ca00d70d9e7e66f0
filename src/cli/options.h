/*
 * options: the command line's options (of build, validate and serve)
 * parsed into a struct cli, and turned into the pipeline's options.
 *
 * Threads: the main thread only (getopt_long keeps global state).
 */
#ifndef ASYNCDOC_OPTIONS_H
#define ASYNCDOC_OPTIONS_H

#include <stddef.h>

#include "load/remote.h"
#include "site/pipeline.h"
#include "util/diag.h"

/* The exit codes: 0 ok, 1 invalid input, 2 usage or I/O error. */
enum { EXIT_OK = 0, EXIT_INVALID = 1, EXIT_USAGE = 2 };

/* The commands that take options, each its own set. */
enum options_cmd {
	OPTIONS_VALIDATE,
	OPTIONS_BUILD,
	OPTIONS_SERVE,
	OPTIONS_FETCH
};

/*
 * What the options said. Strings point into argv. Set it up with
 * options_init().
 */
struct cli {
	const char *cmd; /* "build", "validate", "serve" (for messages) */
	const char *output;
	const char *config; /* --config FILE (cli/configfile.h) */
	int list_rules; /* validate */
	int verbose;
	enum diag_format format;
	int stats;        /* build: print what was written and the times */
	unsigned port;    /* serve */
	const char *host; /* serve */
	int open;         /* serve: start a browser */
	int poll;         /* serve: poll, not inotify */
	/* Remote refs: the session pipe.remote points to (options_parse). */
	struct remote_opts remote_opts;
	struct remote *remote;
	const char *compare_to; /* build --compare-to OLD */
	const char *serve_spec; /* serve: the config's spec, if no operand */
	/* The pipeline's options (params points into params below). */
	struct pipeline_opts pipe;
	const char *params[PIPELINE_MAX_PARAMS];
};

void options_init(struct cli *cli, const char *cmd);

/*
 * Parses the options of cmd from argv (argv[0] is the command). Returns -1
 * to go on with the operands from optind (then release cli with
 * options_release()), else an exit code (help printed: EXIT_OK; usage
 * error printed: EXIT_USAGE).
 */
int options_parse(struct cli *cli, int argc, char **argv, enum options_cmd cmd);

/* Frees what options_parse() made (the remote-ref session). */
void options_release(struct cli *cli);

/* The least severe diagnostic to print: infos with -v or --fail-on info. */
enum diag_severity options_show(const struct cli *cli);

/* The exit code of a pipeline's status. */
int options_exit_code(enum pipeline_status status);

/*
 * Prints "asyncdoc CMD: message" and where to find help on stderr (cmd
 * may be NULL); returns EXIT_USAGE.
 */
int options_usage_error(const char *cmd, const char *fmt, ...)
        __attribute__((format(printf, 2, 3)));

#endif
