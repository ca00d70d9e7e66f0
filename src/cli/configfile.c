/*
 * configfile: asyncdoc.yaml (see configfile.h).
 */
#include "config.h"

#include <cjson/cJSON.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/configfile.h"
#include "cli/printer.h"
#include "load/loader.h"
#include "load/remote.h"
#include "load/srcmap.h"
#include "render/render.h"
#include "util/node.h"
#include "util/path.h"
#include "util/strbuf.h"
#include "util/suggest.h"

/* What a key holds; the key's member of struct config by offset. */
enum kind {
	K_SPECS,  /* a path or a list of paths */
	K_PATH,   /* a path, relative to the config's folder */
	K_THEME,  /* a theme name, or a folder (has a '/', or starts "." ) */
	K_STRING, /* a string as written */
	K_BOOL,
	K_PARAMS,  /* a mapping of scalars */
	K_FORMAT,  /* html, md, or a list of them */
	K_FAIL_ON, /* error, warning or info */
};

struct config {
	char *dir; /* the file's folder, for relative paths */
	char **specs;
	size_t n_specs;
	char *output, *theme, *site_url, *front_matter, *md_ext, *lock,
	        *ref_root;
	char *params[PIPELINE_MAX_PARAMS];
	size_t n_params;
	unsigned formats;
	int has_fail_on;
	enum diag_severity fail_on;
	/* -1: not set */
	int allow_outside_refs, single_page, single_file, self_contained,
	        strict, offline, allow_private_hosts;
};

static const struct key {
	const char *name;
	enum kind kind;
	size_t off;
} keys[] = {
        {"specs", K_SPECS, 0},
        {"output", K_PATH, offsetof(struct config, output)},
        {"theme", K_THEME, offsetof(struct config, theme)},
        {"params", K_PARAMS, 0},
        {"site-url", K_STRING, offsetof(struct config, site_url)},
        {"format", K_FORMAT, 0},
        {"fail-on", K_FAIL_ON, 0},
        {"allow-outside-refs", K_BOOL,
         offsetof(struct config, allow_outside_refs)},
        {"single-page", K_BOOL, offsetof(struct config, single_page)},
        {"single-file", K_BOOL, offsetof(struct config, single_file)},
        {"self-contained", K_BOOL, offsetof(struct config, self_contained)},
        {"strict", K_BOOL, offsetof(struct config, strict)},
        {"front-matter", K_PATH, offsetof(struct config, front_matter)},
        {"md-extension", K_STRING, offsetof(struct config, md_ext)},
        /* remote $refs */
        {"offline", K_BOOL, offsetof(struct config, offline)},
        {"lock", K_PATH, offsetof(struct config, lock)},
        {"ref-root", K_PATH, offsetof(struct config, ref_root)},
        {"allow-private-hosts", K_BOOL,
         offsetof(struct config, allow_private_hosts)},
};
#define N_KEYS (sizeof(keys) / sizeof(keys[0]))

/* What a load shares: the document (for positions) and the result. */
struct cfg_load {
	struct loader_doc *doc;
	struct config *cfg;
	struct diag_list *diags;
	int bad; /* an error was reported */
};

void
config_free(struct config *cfg)
{
	size_t i;

	if (cfg == NULL)
		return;
	for (i = 0; i < cfg->n_specs; i++)
		free(cfg->specs[i]);
	for (i = 0; i < cfg->n_params; i++)
		free(cfg->params[i]);
	free(cfg->specs);
	free(cfg->dir);
	free(cfg->output);
	free(cfg->theme);
	free(cfg->site_url);
	free(cfg->front_matter);
	free(cfg->md_ext);
	free(cfg->lock);
	free(cfg->ref_root);
	free(cfg);
}

char *const *
config_specs(const struct config *cfg, size_t *n)
{
	*n = cfg->n_specs;
	return cfg->specs;
}

/* An error at node's value; marks the load bad. Returns -1. */
static int bad_value(struct cfg_load *ld, const cJSON *node, const char *rule,
                     const char *fmt, ...)
        __attribute__((format(printf, 4, 5)));
static int
bad_value(struct cfg_load *ld, const cJSON *node, const char *rule,
          const char *fmt, ...)
{
	char msg[200];
	va_list ap;

	ld->bad = 1;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	loader_report(ld->diags, ld->doc, node, NULL, DIAG_ERROR, rule, "%s",
	              msg);
	return -1;
}

static const char *
type_name(const cJSON *n)
{
	return cJSON_IsString(n)   ? "a string"
	       : cJSON_IsNumber(n) ? "a number"
	       : cJSON_IsBool(n)   ? "a boolean"
	       : cJSON_IsNull(n)   ? "empty (null)"
	       : cJSON_IsArray(n)  ? "a list"
	                           : "a mapping";
}

/* A wrong type: "'key' must be WANT, not TYPE". Returns -1. */
static int
wrong_type(struct cfg_load *ld, const cJSON *n, const char *key,
           const char *want)
{
	ld->bad = 1;
	loader_report(ld->diags, ld->doc, n, NULL, DIAG_ERROR, "config-type",
	              "'%s' must be %s, not %s", key, want, type_name(n));
	return -1;
}

/* A path from the config: relative ones go under its folder. */
static char *
resolve(const struct config *cfg, const char *p)
{
	if (p[0] == '/' || strcmp(cfg->dir, ".") == 0)
		return strdup(p);
	return path_join(cfg->dir, p);
}

/* A string value (copied, resolved when it is a path) into *out. */
static int
take_string(struct cfg_load *ld, const cJSON *n, const struct key *k,
            char **out)
{
	const char *s = cJSON_IsString(n) ? n->valuestring : NULL;
	int path = k->kind == K_PATH ||
	           (k->kind == K_THEME && s != NULL &&
	            (strchr(s, '/') != NULL || s[0] == '.'));

	if (s == NULL)
		return wrong_type(ld, n, k->name, "a string");
	if (s[0] == '\0')
		return bad_value(ld, n, "config-value", "'%s' is empty",
		                 k->name);
	*out = path ? resolve(ld->cfg, s) : strdup(s);
	return *out != NULL ? 0 : diag_oom(ld->diags, NULL);
}

/* The values site-url and md-extension allow, as their options do. */
static int
check_string(struct cfg_load *ld, const cJSON *n, const struct key *k)
{
	const char *s = n->valuestring;

	if (strcmp(k->name, "site-url") == 0 &&
	    strncmp(s, "https://", 8) != 0 && strncmp(s, "http://", 7) != 0)
		return bad_value(ld, n, "config-value",
		                 "'%s' must be an http(s) URL", k->name);
	if (strcmp(k->name, "md-extension") == 0 && strcmp(s, "md") != 0 &&
	    strcmp(s, "mdx") != 0)
		return bad_value(ld, n, "config-value", "'%s' is md or mdx",
		                 k->name);
	return 0;
}

/* ref-root names a folder, as --ref-root must. */
static int
check_folder(struct cfg_load *ld, const cJSON *n, const char *path)
{
	struct stat st;

	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
		return 0;
	return bad_value(ld, n, "config-value", "'ref-root' is not a folder: %s",
	                 path);
}

/* specs: a path or a list of paths. */
static int
take_specs(struct cfg_load *ld, const cJSON *n)
{
	struct config *cfg = ld->cfg;
	const cJSON *it;
	size_t count = cJSON_IsArray(n) ? node_size(n) : 1;
	struct key k = {"specs", K_PATH, 0};

	if (!cJSON_IsString(n) && !cJSON_IsArray(n))
		return wrong_type(ld, n, "specs",
		                  "a path or a list of paths");
	if (count == 0)
		return bad_value(ld, n, "config-value", "'%s' is empty",
		                 "specs");
	cfg->specs = calloc(count, sizeof(*cfg->specs));
	if (cfg->specs == NULL)
		return diag_oom(ld->diags, NULL);
	if (cJSON_IsString(n)) {
		cfg->n_specs = 1;
		return take_string(ld, n, &k, &cfg->specs[0]);
	}
	cJSON_ArrayForEach(it, n)
	{
		if (take_string(ld, it, &k, &cfg->specs[cfg->n_specs]) != 0)
			return -1;
		cfg->n_specs++;
	}
	return 0;
}

/* params: KEY: VALUE pairs, as -p KEY=VALUE. */
static int
take_params(struct cfg_load *ld, const cJSON *n)
{
	struct config *cfg = ld->cfg;
	const cJSON *it;
	const char *text;
	char buf[64];
	struct strbuf b = STRBUF_INIT;
	char *kv;

	if (!cJSON_IsObject(n))
		return wrong_type(ld, n, "params",
		                  "a mapping (parameter: value)");
	cJSON_ArrayForEach(it, n)
	{
		text = node_text(it, buf, sizeof(buf));
		if (text == NULL || cJSON_IsNull(it))
			return wrong_type(ld, it, it->string,
			                  "a string, number or boolean");
		if (cfg->n_params == PIPELINE_MAX_PARAMS)
			return bad_value(ld, it, "config-value",
			                 "more than %d parameters", PIPELINE_MAX_PARAMS);
		strbuf_printf(&b, "%s=%s", it->string, text);
		kv = strbuf_take(&b);
		if (kv == NULL)
			return diag_oom(ld->diags, NULL);
		cfg->params[cfg->n_params++] = kv;
	}
	return 0;
}

/* format: html, md, or a list of them. */
static int
take_format(struct cfg_load *ld, const cJSON *n)
{
	const cJSON *it = cJSON_IsArray(n) ? n->child : n;

	if (!cJSON_IsString(n) && !cJSON_IsArray(n))
		return wrong_type(ld, n, "format", "html, md or a list");
	for (; it != NULL; it = cJSON_IsArray(n) ? it->next : NULL) {
		if (cJSON_IsString(it) && strcmp(it->valuestring, "html") == 0)
			ld->cfg->formats |= RENDER_FMT_HTML;
		else if (cJSON_IsString(it) &&
		         (strcmp(it->valuestring, "md") == 0 ||
		          strcmp(it->valuestring, "markdown") == 0))
			ld->cfg->formats |= RENDER_FMT_MD;
		else
			return bad_value(ld, it, "config-value",
			                 "'%s' is html or md (or a list of "
			                 "both)",
			                 "format");
	}
	return 0;
}

/* One member of the top mapping. */
static int
take_member(struct cfg_load *ld, const struct key *k, const cJSON *n)
{
	struct config *cfg = ld->cfg;

	switch (k->kind) {
	case K_SPECS:
		return take_specs(ld, n);
	case K_PATH:
	case K_THEME:
		if (take_string(ld, n, k, (char **)((char *)cfg + k->off)) != 0)
			return -1;
		return k->off == offsetof(struct config, ref_root)
		               ? check_folder(ld, n, cfg->ref_root)
		               : 0;
	case K_STRING:
		if (take_string(ld, n, k, (char **)((char *)cfg + k->off)) != 0)
			return -1;
		return check_string(ld, n, k);
	case K_BOOL:
		if (!cJSON_IsBool(n))
			return wrong_type(ld, n, k->name, "true or false");
		*(int *)((char *)cfg + k->off) = cJSON_IsTrue(n);
		return 0;
	case K_PARAMS:
		return take_params(ld, n);
	case K_FORMAT:
		return take_format(ld, n);
	case K_FAIL_ON:
		if (!cJSON_IsString(n) ||
		    diag_severity_from_name(&cfg->fail_on, n->valuestring) != 0)
			return bad_value(ld, n, "config-value",
			                 "'%s' is error, warning or info",
			                 k->name);
		cfg->has_fail_on = 1;
		return 0;
	}
	return 0;
}

/* An unknown key, at the key, with the closest known one as the hint. */
static void
unknown_key(struct cfg_load *ld, const cJSON *m)
{
	const struct srcpos *pos = loader_pos(ld->doc, m);
	const char *names[N_KEYS], *close;
	size_t i;

	for (i = 0; i < N_KEYS; i++)
		names[i] = keys[i].name;
	ld->bad = 1;
	diag_add(ld->diags, DIAG_ERROR,
	         pos != NULL ? loader_file_path(ld->doc, pos->file) : NULL,
	         pos != NULL ? pos->key_line : 0,
	         pos != NULL ? pos->key_col : 0, "config-unknown-key",
	         "unknown key '%s' in the asyncdoc configuration", m->string);
	close = suggest_closest(m->string, names, N_KEYS);
	if (close != NULL)
		diag_set_hint(ld->diags, "did you mean '%s'?", close);
	else
		diag_set_hint(ld->diags,
		              "the keys are listed in asyncdoc(1), "
		              "CONFIGURATION FILE");
}

/* The folder of path ("." when it has none). */
static char *
dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (slash == NULL)
		return strdup(".");
	if (slash == path)
		return strdup("/");
	return strndup(path, (size_t)(slash - path));
}

int
config_load(struct config **out, const char *path, struct diag_list *diags)
{
	struct cfg_load ld = {.diags = diags};
	const cJSON *root, *m;
	size_t i;

	*out = NULL;
	ld.cfg = calloc(1, sizeof(*ld.cfg));
	if (ld.cfg == NULL || (ld.cfg->dir = dir_of(path)) == NULL) {
		config_free(ld.cfg);
		return diag_oom(diags, NULL);
	}
	ld.cfg->allow_outside_refs = ld.cfg->single_page = -1;
	ld.cfg->single_file = ld.cfg->self_contained = ld.cfg->strict = -1;
	ld.cfg->offline = ld.cfg->allow_private_hosts = -1;
	if (loader_load(&ld.doc, path, NULL, diags) != 0)
		goto out;
	root = loader_root(ld.doc);
	if (!cJSON_IsObject(root)) {
		wrong_type(&ld, root, "the configuration",
		           "a mapping of settings");
		goto out;
	}
	cJSON_ArrayForEach(m, root)
	{
		for (i = 0; i < N_KEYS; i++)
			if (strcmp(keys[i].name, m->string) == 0)
				break;
		if (i == N_KEYS)
			unknown_key(&ld, m);
		else if (take_member(&ld, &keys[i], m) != 0 && !ld.bad)
			break; /* out of memory */
	}
	if (m == NULL && !ld.bad)
		*out = ld.cfg;
out:
	loader_doc_free(ld.doc);
	if (*out == NULL)
		config_free(ld.cfg);
	return *out != NULL ? 0 : -1;
}

/* 1 when args hold the long option name (--name or --name=...). */
static int
given(int argc, char **argv, const char *name)
{
	size_t n = strlen(name);
	int i;

	for (i = 1; i < argc && strcmp(argv[i], "--") != 0; i++)
		if (strncmp(argv[i], name, n) == 0 &&
		    (argv[i][n] == '\0' || argv[i][n] == '='))
			return 1;
	return 0;
}

/*
 * The remote-ref settings where the command line left them unset; the
 * session options_parse() made is made again with them. 0 or -1 (out of
 * memory).
 */
static int
apply_remote(const struct config *cfg, struct cli *cli)
{
	struct remote_opts *r = &cli->remote_opts;

	if (cfg->offline < 0 && cfg->allow_private_hosts < 0 &&
	    cfg->lock == NULL)
		return 0;
	if (cfg->offline > 0)
		r->offline = 1;
	if (cfg->allow_private_hosts > 0)
		r->fetch.allow_private_hosts = 1;
	if (r->lock == NULL)
		r->lock = cfg->lock;
	remote_free(cli->remote);
	cli->pipe.remote = cli->remote = NULL;
	if (remote_new(&cli->remote, r) != 0)
		return -1;
	cli->pipe.remote = cli->remote;
	return 0;
}

/* cfg's settings where the command line left cli unset. */
static void
apply(const struct config *cfg, struct cli *cli, int argc, char **argv)
{
	struct pipeline_opts *p = &cli->pipe;
	size_t i, j, n = p->n_params;

	if (cli->output == NULL)
		cli->output = cfg->output;
	if (p->theme == NULL)
		p->theme = cfg->theme;
	if (p->site_url == NULL)
		p->site_url = cfg->site_url;
	if (p->front_matter == NULL)
		p->front_matter = cfg->front_matter;
	if (p->ref_root == NULL)
		p->ref_root = cfg->ref_root;
	if (p->md_ext == NULL && cfg->md_ext != NULL)
		p->md_ext = strcmp(cfg->md_ext, "mdx") == 0 ? ".mdx" : ".md";
	if (p->formats == 0)
		p->formats = cfg->formats;
	if (cfg->has_fail_on && !given(argc, argv, "--fail-on"))
		p->fail_on = cfg->fail_on;
#define FLAG(f)                                                                \
	if (cfg->f >= 0 && !p->f)                                              \
		p->f = cfg->f;
	FLAG(allow_outside_refs)
	FLAG(single_page)
	FLAG(single_file)
	FLAG(self_contained)
	FLAG(strict)
#undef FLAG
	/* The config's parameters first, those of -p not repeated. */
	for (i = 0; i < cfg->n_params && p->n_params < PIPELINE_MAX_PARAMS;
	     i++) {
		size_t klen = strcspn(cfg->params[i], "=");
		for (j = 0; j < n; j++)
			if (strncmp(cli->params[j], cfg->params[i], klen) == 0 &&
			    cli->params[j][klen] == '=')
				break;
		if (j == n)
			cli->params[p->n_params++] = cfg->params[i];
	}
}

int
config_use(struct config **out, struct cli *cli, int argc, char **argv)
{
	struct diag_list *diags;
	const char *path = cli->config;
	int rc = -1;

	*out = NULL;
	if (path == NULL) {
		if (access(CONFIG_FILE, F_OK) != 0)
			return -1;
		path = CONFIG_FILE;
	}
	diags = diag_list_new();
	if (diags == NULL) {
		fputs("asyncdoc: out of memory\n", stderr);
		return EXIT_USAGE;
	}
	if (config_load(out, path, diags) == 0) {
		apply(*out, cli, argc, argv);
		if (apply_remote(*out, cli) != 0) {
			fputs("asyncdoc: out of memory\n", stderr);
			diag_list_free(diags);
			return EXIT_USAGE;
		}
	} else {
		rc = EXIT_USAGE;
	}
	if (diag_count(diags) > 0) {
		diag_sort(diags);
		diag_print_text(stderr, diags, printer_color());
	}
	if (rc >= 0)
		fprintf(stderr, "asyncdoc %s: %s: invalid configuration\n",
		        cli->cmd, path);
	diag_list_free(diags);
	return rc;
}
