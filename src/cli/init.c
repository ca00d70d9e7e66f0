/*
 * init: a commented asyncdoc.yaml for the specs found here (see init.h).
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/configfile.h"
#include "cli/help.h"
#include "cli/init.h"
#include "cli/options.h"
#include "util/array.h"
#include "util/path.h"
#include "util/strbuf.h"

/* How deep below the current folder specs are looked for. */
#define INIT_DEPTH 3

struct found {
	char **paths;
	size_t n, cap;
	int oom;
};

/* 1 when name ends in .yaml, .yml or .json. */
static int
spec_name(const char *name)
{
	size_t n = strlen(name);

	return (n > 5 && strcmp(name + n - 5, ".yaml") == 0) ||
	       (n > 4 && strcmp(name + n - 4, ".yml") == 0) ||
	       (n > 5 && strcmp(name + n - 5, ".json") == 0);
}

/*
 * 1 when the file starts like an AsyncAPI document: an "asyncapi" key at
 * the top (a YAML line "asyncapi:" or a JSON member) in its first 4 KiB.
 * Files a spec references have no such key, so they are not listed.
 */
static int
is_spec(const char *path)
{
	char buf[4097], *p;
	size_t n;
	FILE *fp = fopen(path, "rb");

	if (fp == NULL)
		return 0;
	n = fread(buf, 1, sizeof(buf) - 1, fp);
	fclose(fp);
	buf[n] = '\0';
	if (strncmp(buf, "asyncapi:", 9) == 0 || strstr(buf, "\nasyncapi:"))
		return 1;
	p = strstr(buf, "\"asyncapi\"");
	if (p == NULL)
		return 0;
	for (p += 10; *p == ' ' || *p == '\t'; p++)
		;
	return *p == ':';
}

static int
by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The specs under dir ("." for here), depth levels deep. */
static void
scan(struct found *f, const char *dir, int depth)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	struct stat st;
	char *path;

	if (d == NULL)
		return;
	while ((e = readdir(d)) != NULL && !f->oom) {
		/* Hidden folders, npm's and the config itself are not specs. */
		if (e->d_name[0] == '.' ||
		    strcmp(e->d_name, "node_modules") == 0 ||
		    strcmp(e->d_name, CONFIG_FILE) == 0 ||
		    strpbrk(e->d_name, "\n\r\t\"\\") != NULL)
			continue;
		path = strcmp(dir, ".") == 0 ? strdup(e->d_name)
		                             : path_join(dir, e->d_name);
		if (path == NULL || stat(path, &st) != 0) {
			f->oom |= path == NULL;
			free(path);
			continue;
		}
		if (S_ISDIR(st.st_mode) && depth > 1)
			scan(f, path, depth - 1);
		if (S_ISREG(st.st_mode) && spec_name(e->d_name) &&
		    is_spec(path)) {
			if (ARRAY_RESERVE(f->paths, f->n + 1, f->cap) == 0) {
				f->paths[f->n++] = path;
				continue;
			}
			f->oom = 1;
		}
		free(path);
	}
	closedir(d);
}

static const char head[] =
        "# asyncdoc configuration. `asyncdoc build` and `asyncdoc validate`\n"
        "# with no SPEC read it; an option on the command line wins over it.\n"
        "# Paths are relative to this file's folder. Reference: asyncdoc(1),\n"
        "# CONFIGURATION FILE.\n"
        "\n"
        "# The AsyncAPI documents: files, or folders of them. Several build\n"
        "# a portal (a landing page, each API in its folder).\n";

static const char tail[] =
        "\n"
        "# The folder the site is written to.\n"
        "output: site\n"
        "\n"
        "# A theme name (`asyncdoc themes` lists them) or a theme's folder,\n"
        "# and its parameters (as -p KEY=VALUE).\n"
        "# theme: default\n"
        "# params:\n"
        "#   v3Labels: true\n"
        "\n"
        "# Where the site is published: sitemap.xml, canonical links.\n"
        "# site-url: https://you.github.io/api/\n"
        "\n"
        "# The pages: html, md, or both as [html, md].\n"
        "# format: html\n"
        "\n"
        "# Exit 1 on a diagnostic of this severity or worse: error, warning\n"
        "# or info.\n"
        "# fail-on: error\n"
        "\n"
        "# Let $ref read files outside the spec's folder.\n"
        "# allow-outside-refs: false\n"
        "\n"
        "# Remote $refs from the cache only (after `asyncdoc fetch`), and\n"
        "# the lockfile (default: asyncdoc.lock beside each spec).\n"
        "# offline: true\n"
        "# lock: asyncdoc.lock\n";

/* The file's text for the specs found. */
static char *
config_text(const struct found *f)
{
	struct strbuf b = STRBUF_INIT;
	size_t i;

	strbuf_puts(&b, head);
	if (f->n == 0)
		strbuf_puts(&b, "# (none found here: list yours)\n"
		                "# specs:\n#   - asyncapi.yaml\n");
	else
		strbuf_puts(&b, "specs:\n");
	/* Names with quotes, backslashes or line breaks were skipped. */
	for (i = 0; i < f->n; i++)
		strbuf_printf(&b, "  - \"%s\"\n", f->paths[i]);
	strbuf_puts(&b, tail);
	return strbuf_take(&b);
}

/* Writes text to path; exclusive unless force. 0 or -1 (errno). */
static int
write_file(const char *path, const char *text, int force)
{
	FILE *fp = fopen(path, force ? "w" : "wx");
	int bad;

	if (fp == NULL)
		return -1;
	bad = fputs(text, fp) == EOF;
	bad |= fclose(fp) != 0;
	return bad ? -1 : 0;
}

int
init_main(int argc, char **argv)
{
	static const struct option longopts[] = {
	        {"config", required_argument, NULL, 'c'},
	        {"force", no_argument, NULL, 'f'},
	        {"help", no_argument, NULL, 'h'},
	        {NULL, 0, NULL, 0},
	};
	const char *path = CONFIG_FILE;
	struct found f = {0};
	char *text = NULL;
	int c, force = 0, rc = EXIT_USAGE;
	size_t i;

	opterr = 0;
	optind = 0;
	while ((c = getopt_long(argc, argv, ":fh", longopts, NULL)) != -1) {
		if (c == 'h') {
			fputs(help_init, stdout);
			return EXIT_OK;
		} else if (c == 'f') {
			force = 1;
		} else if (c == 'c') {
			path = optarg;
		} else {
			return options_usage_error(
			        "init", "%s '%s'",
			        c == ':' ? "option needs a value:" : "unknown option",
			        argv[optind - 1]);
		}
	}
	if (optind < argc)
		return options_usage_error("init", "unexpected '%s'",
		                           argv[optind]);
	scan(&f, ".", INIT_DEPTH);
	if (f.n > 1)
		qsort(f.paths, f.n, sizeof(*f.paths), by_name);
	text = f.oom ? NULL : config_text(&f);
	if (text == NULL) {
		fputs("asyncdoc init: out of memory\n", stderr);
	} else if (write_file(path, text, force) != 0) {
		fprintf(stderr, "asyncdoc init: %s: %s%s\n", path,
		        strerror(errno),
		        errno == EEXIST ? " (--force replaces it)" : "");
	} else {
		fprintf(stderr,
		        "asyncdoc init: wrote %s with %zu spec%s; now run: "
		        "asyncdoc build\n",
		        path, f.n, f.n == 1 ? "" : "s");
		rc = EXIT_OK;
	}
	for (i = 0; i < f.n; i++)
		free(f.paths[i]);
	free(f.paths);
	free(text);
	return rc;
}
