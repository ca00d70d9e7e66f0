/*
 * diff_cmd: `asyncdoc diff OLD NEW` (see diff_cmd.h): loads and checks
 * both sides as validate does, compares their models, prints the changes
 * and maps them to the exit code (--fail-on).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cJSON.h>

#include "cli/diff_cmd.h"
#include "cli/help.h"
#include "cli/options.h"
#include "cli/printer.h"
#include "load/loader.h"
#include "model/model.h"
#include "site/pipeline.h"
#include "util/diag.h"
#include "util/strbuf.h"

/* A git blob bigger than this is refused (the loader's default limit). */
#define GIT_MAX_BLOB ((size_t)64 << 20)

enum fail_on { FAIL_NEVER, FAIL_BREAKING, FAIL_ANY };

struct diff_cli {
	enum diff_format format;
	enum fail_on fail_on;
	const char *rules;
	int list_kinds;
	int no_validate;
	int allow_outside_refs;
};

/* One side: a file, or REV:path. */
struct side {
	const char *arg;
	char *rev; /* NULL for a file */
	const char *path;
	struct pipeline_result res;
	/* side_check()'s work, kept for the main thread to print. */
	const struct diff_cli *dc;
	struct diag_list *diags;
	int bad_rev;
};

/* ------------------------------------------------------------ git */

/* Runs git with argv, its stdout into *out (at most max bytes). 0 or -1. */
static int
run_git(struct strbuf *out, char *const argv[], size_t max)
{
	int fds[2], status, devnull, err = 0;
	char buf[65536];
	ssize_t r;
	pid_t pid;

	if (pipe(fds) < 0)
		return -1;
	pid = fork();
	if (pid < 0) {
		close(fds[0]);
		close(fds[1]);
		return -1;
	}
	if (pid == 0) {
		devnull = open("/dev/null", O_RDWR);
		dup2(fds[1], STDOUT_FILENO);
		if (devnull >= 0) {
			dup2(devnull, STDIN_FILENO);
			dup2(devnull, STDERR_FILENO);
		}
		close(fds[0]);
		close(fds[1]);
		execvp("git", argv);
		_exit(127);
	}
	close(fds[1]);
	for (;;) {
		r = read(fds[0], buf, sizeof(buf));
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		if (out->len + (size_t)r > max) {
			err = EFBIG;
			break;
		}
		strbuf_putn(out, buf, (size_t)r);
	}
	close(fds[0]);
	if (err != 0)
		kill(pid, SIGTERM);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (err == 0 && (!WIFEXITED(status) || WEXITSTATUS(status) != 0))
		err = WIFEXITED(status) && WEXITSTATUS(status) == 127 ? ENOEXEC
		                                                      : ENOENT;
	if (err == 0 && out->oom)
		err = ENOMEM;
	errno = err;
	return err != 0 ? -1 : 0;
}

int
diff_git_read(char **out, size_t *len, const char *path, void *arg)
{
	struct strbuf spec = STRBUF_INIT, data = STRBUF_INIT;
	char *argv[] = {"git", "cat-file", "blob", NULL, NULL};
	int rc;

	*out = NULL;
	*len = 0;
	/* "./": the path is relative to the current directory, as given. */
	strbuf_printf(&spec, "%s:%s%s", (const char *)arg,
	              path[0] == '/' ? "" : "./", path);
	if (spec.oom) {
		errno = ENOMEM;
		return -1;
	}
	argv[3] = spec.p;
	rc = run_git(&data, argv, GIT_MAX_BLOB);
	strbuf_free(&spec);
	if (rc < 0) {
		strbuf_free(&data);
		return -1;
	}
	*len = data.len;
	*out = data.p != NULL ? data.p : strdup("");
	return *out != NULL ? 0 : -1;
}

/* 1 when rev names a commit of the repository here. */
static int
git_rev_ok(const char *rev)
{
	struct strbuf spec = STRBUF_INIT, data = STRBUF_INIT;
	char *argv[] = {"git", "rev-parse", "--verify", "--quiet", NULL, NULL};
	int rc;

	strbuf_printf(&spec, "%s^{commit}", rev);
	if (spec.oom)
		return 0;
	argv[4] = spec.p;
	rc = run_git(&data, argv, 4096);
	strbuf_free(&spec);
	strbuf_free(&data);
	return rc == 0;
}

/* ------------------------------------------------------------ sides */

/*
 * A file on disk wins over REV:path (a file may hold a ':'); "-x:y" is a
 * file name, never a revision.
 */
static int
side_parse(struct side *s, const char *arg)
{
	struct stat st;
	const char *colon = strchr(arg, ':');

	memset(s, 0, sizeof(*s));
	s->arg = arg;
	s->diags = diag_list_new();
	s->path = arg;
	/* A revision never starts with '-': git would read an option. */
	if (colon == NULL || colon == arg || arg[0] == '-' ||
	    stat(arg, &st) == 0)
		return 0;
	s->rev = strndup(arg, (size_t)(colon - arg));
	s->path = colon + 1;
	if (s->rev == NULL)
		return -1;
	return 0;
}

/* Loads and checks a side (a thread's work: nothing printed here). */
static void *
side_check(void *arg)
{
	struct side *s = arg;
	struct pipeline_opts opts = {
	        .no_validate = s->dc->no_validate,
	        .allow_outside_refs = s->dc->allow_outside_refs,
	};

	s->res.status = PIPELINE_ERROR;
	if (s->diags == NULL)
		return NULL;
	if (s->rev != NULL) {
		if (!git_rev_ok(s->rev)) {
			s->bad_rev = 1;
			return NULL;
		}
		opts.read = diff_git_read;
		opts.read_arg = s->rev;
	}
	pipeline_check(&s->res, s->path, &opts, s->diags);
	return NULL;
}

/* Prints a side's verdict when it is not good: its exit code. */
static int
side_report(struct side *s, struct printer *pr)
{
	int rc = options_exit_code(s->res.status);

	if (s->diags == NULL) {
		fputs("asyncdoc diff: out of memory\n", stderr);
		return EXIT_USAGE;
	}
	if (s->bad_rev) {
		fprintf(stderr,
		        "asyncdoc diff: %s: '%s' is not a git revision here\n",
		        s->arg, s->rev);
		return EXIT_USAGE;
	}
	/* A valid side's warnings are validate's business, not diff's. */
	if (rc != EXIT_OK) {
		printer_add(pr, s->diags);
		fprintf(stderr,
		        "asyncdoc diff: %s: invalid; nothing compared\n",
		        s->arg);
	}
	return rc;
}

/*
 * Both sides at once, on two threads (pipeline_check() may run on
 * several): a diff then takes about as long as one validate.
 */
static void
sides_check(struct side *old, struct side *new)
{
	pthread_t t;

	if (pthread_create(&t, NULL, side_check, old) != 0) {
		side_check(old);
		side_check(new);
		return;
	}
	side_check(new);
	pthread_join(t, NULL);
}

static void
side_free(struct side *s)
{
	pipeline_result_clear(&s->res);
	diag_list_free(s->diags);
	free(s->rev);
}

int
diff_cmd_load_old(struct pipeline_result *out, const char *arg,
                  int allow_outside_refs)
{
	struct diff_cli dc = {.no_validate = 1,
	                      .allow_outside_refs = allow_outside_refs};
	struct printer pr;
	struct side s;
	int rc = EXIT_USAGE;

	memset(out, 0, sizeof(*out));
	if (side_parse(&s, arg) < 0 ||
	    printer_init(&pr, DIAG_FORMAT_TEXT, DIAG_WARNING) != 0) {
		fputs("asyncdoc build: out of memory\n", stderr);
		side_free(&s);
		return EXIT_USAGE;
	}
	s.dc = &dc;
	side_check(&s);
	if (side_report(&s, &pr) == EXIT_OK) {
		*out = s.res;
		memset(&s.res, 0, sizeof(s.res));
		rc = EXIT_OK;
	}
	if (printer_finish(&pr) != 0 && rc == EXIT_OK)
		rc = EXIT_USAGE;
	printer_release(&pr);
	side_free(&s);
	/* An older version that cannot be read is a usage error. */
	return rc == EXIT_OK ? EXIT_OK : EXIT_USAGE;
}

/* ------------------------------------------------------------ rules */

/* --rules FILE: "kind: class" lines (YAML). EXIT_OK or EXIT_USAGE. */
static int
load_rules(struct diff_override **out, size_t *n, struct loader_doc **doc,
           const char *path)
{
	struct diag_list *diags = diag_list_new();
	const cJSON *root, *m;
	size_t i = 0;
	int rc = EXIT_USAGE;

	*out = NULL;
	*n = 0;
	if (diags == NULL || loader_load(doc, path, NULL, diags) != 0) {
		fprintf(stderr, "asyncdoc diff: --rules %s: %s\n", path,
		        diags != NULL && diag_count(diags) > 0
		                ? diag_at(diags, 0)->message
		                : "cannot read it");
		goto out;
	}
	root = loader_root(*doc);
	if (!cJSON_IsObject(root)) {
		fprintf(stderr,
		        "asyncdoc diff: --rules %s: not a map of kind: class\n",
		        path);
		goto out;
	}
	*out = calloc((size_t)cJSON_GetArraySize(root) + 1, sizeof(**out));
	if (*out == NULL)
		goto out;
	cJSON_ArrayForEach(m, root)
	{
		if (diff_kind(m->string) == NULL) {
			fprintf(stderr,
			        "asyncdoc diff: --rules %s: unknown kind '%s' "
			        "(see asyncdoc diff --list-kinds)\n",
			        path, m->string);
			goto out;
		}
		if (!cJSON_IsString(m) ||
		    diff_class_from_name(&(*out)[i].cls, m->valuestring) < 0) {
			fprintf(stderr,
			        "asyncdoc diff: --rules %s: %s: the class is "
			        "breaking, non-breaking or unclassified\n",
			        path, m->string);
			goto out;
		}
		(*out)[i++].kind = m->string;
	}
	*n = i;
	rc = EXIT_OK;
out:
	diag_list_free(diags);
	return rc;
}

/* ------------------------------------------------------------ options */

static int
list_kinds(void)
{
	static const char *const effects[] = {"breaking", "non-breaking",
	                                      "unclassified", "widens",
	                                      "narrows"};
	const struct diff_kind_info *k;
	size_t i, n;

	k = diff_kinds(&n);
	for (i = 0; i < n; i++)
		printf("%s\t%s\t%s\n", k[i].id, effects[k[i].effect],
		       k[i].description);
	return fflush(stdout) != 0 ? EXIT_USAGE : EXIT_OK;
}

static int
parse_format(enum diff_format *out, const char *s)
{
	static const char *const names[] = {"text", "json", "markdown",
	                                    "github", "sarif"};
	int i;

	for (i = 0; i < 5; i++)
		if (strcmp(s, names[i]) == 0) {
			*out = (enum diff_format)i;
			return 0;
		}
	return -1;
}

/* -1 to go on with the operands from optind, else an exit code. */
static int
parse_options(struct diff_cli *dc, int argc, char **argv)
{
	static const struct option longopts[] = {
	        {"help", no_argument, NULL, 'h'},
	        {"format", required_argument, NULL, 'f'},
	        {"fail-on", required_argument, NULL, 'F'},
	        {"rules", required_argument, NULL, 'r'},
	        {"list-kinds", no_argument, NULL, 'k'},
	        {"no-validate", no_argument, NULL, 'n'},
	        {"allow-outside-refs", no_argument, NULL, 'a'},
	        {NULL, 0, NULL, 0},
	};
	int c;

	memset(dc, 0, sizeof(*dc));
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'h':
			fputs(help_diff, stdout);
			return EXIT_OK;
		case 'f':
			if (parse_format(&dc->format, optarg) < 0)
				return options_usage_error(
				        "diff",
				        "--format is text, json, markdown, "
				        "github or sarif, not '%s'",
				        optarg);
			break;
		case 'F':
			if (strcmp(optarg, "breaking") == 0)
				dc->fail_on = FAIL_BREAKING;
			else if (strcmp(optarg, "any") == 0)
				dc->fail_on = FAIL_ANY;
			else
				return options_usage_error(
				        "diff",
				        "--fail-on is breaking or any, not "
				        "'%s'",
				        optarg);
			break;
		case 'r':
			dc->rules = optarg;
			break;
		case 'k':
			dc->list_kinds = 1;
			break;
		case 'n':
			dc->no_validate = 1;
			break;
		case 'a':
			dc->allow_outside_refs = 1;
			break;
		default:
			return options_usage_error("diff",
			                           "unknown option '%s'",
			                           argv[optind - 1]);
		}
	}
	return -1;
}

/* ------------------------------------------------------------ command */

static int
compare(struct side *old, struct side *new, const struct diff_cli *dc,
        const struct diff_opts *dopts)
{
	struct diff_result r = {0};
	struct diag_list *diags = diag_list_new();
	struct diff_names names = {old->arg, new->arg, old->rev, new->rev};
	int rc = EXIT_USAGE;

	if (diags == NULL ||
	    diff_models(&r, old->res.model, new->res.model, dopts, diags) < 0) {
		fputs("asyncdoc diff: out of memory\n", stderr);
		goto out;
	}
	/* Text keeps the document's order; the others put breaking first. */
	if (dc->format != DIFF_FORMAT_TEXT)
		diff_sort(&r);
	if (diff_print(stdout, dc->format, &r, &names) < 0 ||
	    fflush(stdout) != 0) {
		fputs("asyncdoc diff: cannot write the output\n", stderr);
		goto out;
	}
	rc = EXIT_OK;
	if ((dc->fail_on == FAIL_BREAKING && r.count[DIFF_BREAKING] > 0) ||
	    (dc->fail_on == FAIL_ANY && r.n > 0))
		rc = EXIT_INVALID;
out:
	diff_result_clear(&r);
	diag_list_free(diags);
	return rc;
}

int
diff_cmd_main(int argc, char **argv)
{
	struct diff_cli dc;
	struct diff_opts dopts = {0};
	struct diff_override *ov = NULL;
	struct loader_doc *rules_doc = NULL;
	struct side old = {0}, new = {0};
	struct printer pr;
	int rc, rc2;

	rc = parse_options(&dc, argc, argv);
	if (rc >= 0)
		return rc;
	if (dc.list_kinds)
		return list_kinds();
	if (argc - optind != 2)
		return options_usage_error("diff", "expected OLD and NEW");
	if (dc.rules != NULL) {
		rc = load_rules(&ov, &dopts.n_overrides, &rules_doc, dc.rules);
		dopts.overrides = ov;
		if (rc != EXIT_OK)
			goto done;
	}
	if (side_parse(&old, argv[optind]) < 0 ||
	    side_parse(&new, argv[optind + 1]) < 0 ||
	    printer_init(&pr, DIAG_FORMAT_TEXT, DIAG_WARNING) != 0) {
		fputs("asyncdoc diff: out of memory\n", stderr);
		rc = EXIT_USAGE;
		goto done;
	}
	old.dc = &dc;
	new.dc = &dc;
	sides_check(&old, &new);
	rc = side_report(&old, &pr);
	rc2 = side_report(&new, &pr);
	if (printer_finish(&pr) != 0 && rc == EXIT_OK)
		rc = EXIT_USAGE;
	printer_release(&pr);
	/* Either side invalid: nothing compared, a usage-class failure. */
	if (rc != EXIT_OK || rc2 != EXIT_OK)
		rc = EXIT_USAGE;
	else
		rc = compare(&old, &new, &dc, &dopts);
done:
	side_free(&old);
	side_free(&new);
	free(ov);
	loader_doc_free(rules_doc);
	return rc;
}
