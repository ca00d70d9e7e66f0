/*
 * pipeline: load, check, render and write one spec or a portal (see
 * pipeline.h).
 */
#include "config.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>

#include "check/rules.h"
#include "check/validate.h"
#include "diff/diff.h"
#include "load/loader.h"
#include "load/remote.h"
#include "model/model.h"
#include "render/graphproc.h"
#include "render/render.h"
#include "render/theme.h"
#include "site/oldsite.h"
#include "site/pipeline.h"
#include "site/logo.h"
#include "site/site.h"
#include "site/speclist.h"
#include "util/clock.h"
#include "util/array.h"
#include "util/diag.h"

/* Front matter files are a few lines: anything bigger is a mistake. */
#define FRONT_MATTER_MAX ((long)64 << 10)

/*
 * The theme with its parameters and the render options. Not to be moved
 * once made (ropts points into it).
 */
struct pipeline {
	struct pipeline_opts opts;
	struct theme *theme;
	char *default_theme;
	char *front; /* the front matter file's text */
	/* (key, value) pairs of every theme parameter, for the templates */
	const char *params[2 * PIPELINE_MAX_PARAMS + 8];
	size_t n_params;
	struct theme_asset *assets; /* with hashed names */
	size_t n_assets;
	struct render_opts ropts;
};


void
pipeline_result_clear(struct pipeline_result *r)
{
	model_free(r->model);
	loader_doc_free(r->doc);
	memset(r, 0, sizeof(*r));
}

int
pipeline_is_folder(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/*
 * Exit 2, as for any input that is not there, rather than a load error
 * that would say the document is wrong.
 */
int
pipeline_readable(const char *spec, struct diag_list *diags)
{
	struct stat st;
	FILE *fp;

	if (stat(spec, &st) == 0 && !S_ISREG(st.st_mode)) {
		diag_add(diags, DIAG_ERROR, spec, 0, 0, "io-error",
		         "cannot read the spec: %s",
		         S_ISDIR(st.st_mode) ? strerror(EISDIR)
		                             : "not a regular file");
		return -1;
	}
	fp = fopen(spec, "rb");
	if (fp == NULL) {
		diag_add(diags, DIAG_ERROR, spec, 0, 0, "io-error",
		         "cannot read the spec: %s", strerror(errno));
		return -1;
	}
	fclose(fp);
	return 0;
}

struct warm;
static void warm_go(void *arg);

/*
 * loader_load() with opts, through opts->remote when set; w (or NULL) is
 * the warm-up to start once the spec is parsed.
 */
static int
load_spec(struct loader_doc **doc, const char *spec,
          const struct pipeline_opts *opts, int partial, struct warm *w,
          struct diag_list *diags)
{
	struct loader_opts load = LOADER_OPTS_INIT;

	load.limits = opts->limits;
	load.allow_outside_root = opts->allow_outside_refs;
	load.ref_root = opts->ref_root;
	load.partial = partial;
	load.read = opts->read;
	load.read_arg = opts->read_arg;
	if (w != NULL) {
		load.parsed = warm_go;
		load.parsed_arg = w;
	}
	return opts->remote ? remote_load(doc, spec, &load, opts->remote, diags)
	                    : loader_load(doc, spec, &load, diags);
}

/*
 * The load. 0 with *doc; 1 with *doc when only refs are broken (a
 * partial document, see loader_opts.partial: the checks after go on with
 * it, each broken ref standing for "unknown", so that one run shows every
 * problem; the spec stays invalid); -1 with out->status.
 */
static int
check_load(struct loader_doc **doc, struct pipeline_result *out,
           const char *spec, const struct pipeline_opts *opts, struct warm *w,
           struct diag_list *diags)
{
	double t0 = clock_now_ms_f();
	int rc;

	out->stage = PIPELINE_STAGE_LOAD;
	rc = load_spec(doc, spec, opts, !opts->no_validate, w, diags);
	out->load_ms = clock_now_ms_f() - t0;
	if (rc == 0)
		return 0;
	out->status = PIPELINE_INVALID;
	return *doc != NULL ? 1 : -1;
}

int
pipeline_load(struct loader_doc **out, const char *spec,
              const struct pipeline_opts *opts, struct diag_list *diags)
{
	static const struct pipeline_opts defaults;

	return load_spec(out, spec, opts ? opts : &defaults, 0, NULL, diags);
}

/* The schema of a loaded doc (unless no_validate). 0 or -1. */
static int
check_schema(struct pipeline_result *out, struct loader_doc *doc,
             const struct pipeline_opts *opts, struct diag_list *diags)
{
	struct validate_opts vopts = VALIDATE_OPTS_INIT;
	double t0;
	size_t nerr = 0;
	int n;

	if (opts->no_validate)
		return 0;
	out->stage = PIPELINE_STAGE_SCHEMA;
	t0 = clock_now_ms_f();
	n = validate_schema(&nerr, doc, &vopts, diags);
	out->schema_ms = clock_now_ms_f() - t0;
	if (n != 0 || nerr != 0) {
		out->status = n < 0 ? PIPELINE_ERROR : PIPELINE_INVALID;
		return -1;
	}
	return 0;
}

/* The rules of a model (unless no_validate). 0 or -1 (out of memory). */
static int
check_rules(struct pipeline_result *out, const struct model *m,
            const struct pipeline_opts *opts, struct diag_list *diags)
{
	double t0;
	int n;

	if (opts->no_validate)
		return 0;
	out->stage = PIPELINE_STAGE_RULES;
	/*
	 * The rules report names that lead nowhere (security schemes,
	 * servers, channels) as errors with a fix hint; the model's warnings
	 * about the same nodes would say it twice.
	 */
	diag_list_drop_rule(diags, "model-ref");
	t0 = clock_now_ms_f();
	n = rules_check(m, diags);
	out->rules_ms = clock_now_ms_f() - t0;
	if (n < 0) {
		out->status = PIPELINE_ERROR;
		return -1;
	}
	return 0;
}

/* The schema, the model and the rules of a loaded doc. 0 or -1. */
static int
check_doc(struct model **m, struct pipeline_result *out, struct loader_doc *doc,
          const struct pipeline_opts *opts, struct diag_list *diags)
{
	double t0;
	size_t before;
	int n;

	if (check_schema(out, doc, opts, diags) != 0)
		return -1;
	out->stage = PIPELINE_STAGE_MODEL;
	/* the broken refs of a partial document are errors already */
	before = diag_count_at_least(diags, DIAG_ERROR);
	t0 = clock_now_ms_f();
	n = model_new(m, doc, diags);
	out->model_ms = clock_now_ms_f() - t0;
	if (n != 0 || diag_count_at_least(diags, DIAG_ERROR) > before)
		return -1;
	return check_rules(out, *m, opts, diags);
}

/*
 * Work that needs no loaded document, done on a thread of its own while
 * the spec loads (#18): compiling the official schema's validators on
 * first use took the checks thread about 11 ms of the page writers' cores
 * (the 1500-channel bench spec), and a check (validate) 11 ms after its
 * load. It starts once the spec is parsed (loader_opts.parsed): a big
 * YAML spec is parsed on two threads, which a third would slow down, and
 * the following ref pass and model leave the second processor idle for
 * longer than the compile takes. Which validators a document needs depends
 * on its version, read here from the top of its text: a wrong guess costs
 * the idle core only, validate_schema() then compiling the right ones
 * itself.
 */
struct warm {
	pthread_t tid;
	int want;    /* a warm-up has a use */
	int running; /* a thread to join */
	const char *spec;
	/*
	 * A build's theme templates (NULL: none), parsed here too: they need
	 * no document, and render_site() would otherwise parse them on the
	 * one busy processor between the model and the pages (#18).
	 */
	struct tmpl_cache *tmpl;
	const struct render_opts *ropts;
};

static void *
warm_run(void *arg)
{
	const struct warm *w = arg;
	struct validate_opts vopts = VALIDATE_OPTS_INIT;
	char version[32];

	/* Needed first: render_site() follows the model; the checks later. */
	render_preload(w->tmpl, w->ropts);
	/* (side_run()'s options; a failure here is side_run()'s to report) */
	if (speclist_version(version, sizeof(version), w->spec) == 0)
		validate_prepare(version, &vopts);
	return NULL;
}

/* Sets up the warm-up for a build of spec with opts (warm_go() starts it). */
static void
warm_init(struct warm *w, const char *spec, const struct pipeline_opts *opts)
{
	memset(w, 0, sizeof(*w));
	/* no checks to run; a spec read through a callback (diff REV:path) */
	w->want = !opts->no_validate && opts->read == NULL;
	w->spec = spec;
}

/* Starts the warm-up, once, when it has any use (a loader_opts.parsed). */
static void
warm_go(void *arg)
{
	struct warm *w = arg;

	if (!w->want || w->running)
		return;
	w->running = pthread_create(&w->tid, NULL, warm_run, w) == 0;
}

static void
warm_finish(struct warm *w)
{
	if (w->running)
		pthread_join(w->tid, NULL);
	w->running = 0;
}

/* pipeline_check() with diags holding this spec's diagnostics only. */
static int
check_spec(struct pipeline_result *out, const char *spec,
           const struct pipeline_opts *opts, struct diag_list *diags)
{
	struct loader_doc *doc = NULL;
	struct model *m = NULL;
	struct warm warm;
	int loaded, rc = -1;

	out->stage = PIPELINE_STAGE_READ;
	out->status = PIPELINE_ERROR;
	if (opts->read == NULL && pipeline_readable(spec, diags) != 0)
		return -1;
	out->status = PIPELINE_INVALID;
	warm_init(&warm, spec, opts);
	loaded = check_load(&doc, out, spec, opts, &warm, diags);
	if (loaded < 0 || check_doc(&m, out, doc, opts, diags) != 0 ||
	    loaded > 0 || diag_count_at_least(diags, opts->fail_on) > 0) {
		model_free(m);
		loader_doc_free(doc);
		goto out;
	}
	out->status = PIPELINE_OK;
	out->doc = doc;
	out->model = m;
	rc = 0;
out:
	warm_finish(&warm);
	return rc;
}

int
pipeline_check(struct pipeline_result *out, const char *spec,
               const struct pipeline_opts *opts, struct diag_list *diags)
{
	static const struct pipeline_opts defaults;
	struct diag_list *own = diag_list_new();
	double t0 = clock_now_ms_f();
	int rc;

	memset(out, 0, sizeof(*out));
	if (own == NULL) {
		out->status = PIPELINE_ERROR;
		return diag_oom(diags, "checking a spec");
	}
	/*
	 * The verdict counts this spec's diagnostics only: those of a spec
	 * checked before (a portal's) must not fail the next.
	 */
	rc = check_spec(out, spec, opts != NULL ? opts : &defaults, own);
	out->check_ms = clock_now_ms_f() - t0;
	if (diag_list_move(diags, own) != 0) {
		pipeline_result_clear(out);
		out->status = PIPELINE_ERROR;
		rc = diag_oom(diags, "checking a spec");
	}
	diag_list_free(own);
	return rc;
}

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
 * A self-contained page puts the theme's CSS and JS inside <style> and
 * <script>: a file holding the closing tag would end them early.
 */
static int
inline_safe(const struct pipeline *p, struct diag_list *diags)
{
	static const char *const ends[] = {"</script", "</style", "<!--"};
	size_t i, j, k, n;

	for (i = 0; i < p->n_assets; i++) {
		const struct theme_asset *a = &p->assets[i];

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

/*
 * Opens the theme, sets its parameters and takes from them the render
 * options they set (v3Labels, groupByTags) and every parameter as a
 * template global.
 */
static int
open_theme(struct pipeline *p, struct diag_list *diags)
{
	const struct pipeline_opts *o = &p->opts;
	const char *snippets;
	size_t i, n = 0;

	if (theme_find_default(&p->default_theme, diags) != 0 ||
	    theme_open(&p->theme, p->default_theme, o->theme, diags) != 0)
		return -1;
	for (i = 0; i < o->n_params; i++)
		if (theme_set_param(p->theme, o->params[i], diags) != 0)
			return -1;
	p->ropts.v3_labels = theme_param_bool(p->theme, "v3Labels");
	p->ropts.group_by_tags = theme_param_bool(p->theme, "groupByTags");
	/* on unless set to false (a theme may not declare it) */
	snippets = theme_param(p->theme, "snippets");
	p->ropts.no_snippets = snippets != NULL && strcmp(snippets, "false") == 0;
	snippets = theme_param(p->theme, "graph");
	p->ropts.no_graph = snippets != NULL && strcmp(snippets, "false") == 0;
	/* (more than the array holds are dropped) */
	for (i = 0; i < theme_param_count(p->theme) &&
	            n + 2 <= sizeof(p->params) / sizeof(p->params[0]);
	     i++) {
		p->params[n++] = theme_param_key(p->theme, i);
		p->params[n++] =
		        theme_param(p->theme, theme_param_key(p->theme, i));
	}
	p->n_params = n / 2;
	p->ropts.params = p->params;
	p->ropts.n_params = p->n_params;
	return theme_assets(&p->assets, &p->n_assets, p->theme, diags);
}

int
pipeline_new(struct pipeline **out, const struct pipeline_opts *opts,
             struct diag_list *diags)
{
	/* (the one place the positional initialiser is spelled) */
	struct render_opts init = {0};
	struct pipeline *p = calloc(1, sizeof(*p));

	*out = NULL;
	if (p == NULL)
		return diag_oom(diags, "opening the theme");
	if (opts != NULL)
		p->opts = *opts;
	p->ropts = init;
	if (open_theme(p, diags) != 0)
		goto fail;
	/*
	 * Before the load, while the process is small: the helper is a copy
	 * of it. Only when an SVG graph will be drawn (#18): the helper loads
	 * Graphviz's fonts as soon as it starts, work a build without a graph
	 * would pay for nothing.
	 */
	if (p->opts.graph_process &&
	    (p->ropts.no_graph ||
	     (p->opts.formats != 0 && !(p->opts.formats & RENDER_FMT_HTML))))
		p->opts.graph_process = 0;
	if (p->opts.graph_process && graphproc_start() != 0)
		p->opts.graph_process = 0; /* laid out here, then */
	p->ropts.assets = p->assets;
	p->ropts.n_assets = p->n_assets;
	p->ropts.self_contained = p->opts.self_contained;
	p->ropts.site_url = p->opts.site_url;
	if (p->opts.self_contained && inline_safe(p, diags) != 0)
		goto fail;
	p->ropts.single_page = p->opts.single_page;
	p->ropts.formats = p->opts.formats;
	p->ropts.single_file = p->opts.single_file;
	p->ropts.md_ext = p->opts.md_ext;
	if (p->opts.front_matter != NULL) {
		if (read_small_file(&p->front, p->opts.front_matter, diags) !=
		    0)
			goto fail;
		p->ropts.front_matter = p->front;
	}
	*out = p;
	return 0;
fail:
	pipeline_free(p);
	return -1;
}

void
pipeline_free(struct pipeline *p)
{
	if (p == NULL)
		return;
	if (p->opts.graph_process)
		graphproc_stop();
	theme_assets_free(p->assets, p->n_assets);
	theme_free(p->theme);
	free(p->default_theme);
	free(p->front);
	free(p);
}

/*
 * A local x-logo: the theme's assets and the logo in a new *assets (set
 * in ropts; NULL when there is none to copy). 0, or -1 out of memory.
 */
static int
with_logo(struct theme_asset **assets, struct render_opts *ropts,
          const struct pipeline *p, const char *spec, const char *logo,
          struct diag_list *diags)
{
	struct theme_asset a;
	int r = logo_asset(&a, spec, logo, p->opts.allow_outside_refs, diags);

	*assets = NULL;
	if (r <= 0)
		return r == 0 || diag_count_at_least(diags, DIAG_ERROR) == 0
		               ? 0
		               : -1;
	*assets = calloc(p->n_assets + 1, sizeof(**assets));
	if (*assets == NULL) {
		logo_asset_clear(&a);
		return diag_oom(diags, "copying the logo");
	}
	if (p->n_assets > 0)
		memcpy(*assets, p->assets, p->n_assets * sizeof(**assets));
	(*assets)[p->n_assets] = a;
	ropts->assets = *assets;
	ropts->n_assets = p->n_assets + 1;
	return 0;
}

/*
 * The site of a checked spec (out->model): the Changes page's diff, the
 * logo, the page plan and site_write() with before_swap (NULL: none).
 * Sets out->status, site and written; frees neither the model nor the doc.
 */
static int
write_site(struct pipeline_result *out, struct pipeline *p, const char *spec,
           const char *output, struct oldsite *old, int (*before_swap)(void *),
           void *arg, struct diag_list *diags)
{
	struct site_opts sopts = SITE_OPTS_INIT;
	struct render_output *pages = NULL;
	struct render_opts ropts = p->ropts;
	struct diff_result changes = {0};
	struct theme_asset *assets = NULL;
	struct site_stats stats;
	/* Markdown pages and a self-contained page need no asset files. */
	int no_assets =
	        p->opts.formats == RENDER_FMT_MD || p->opts.self_contained;

	out->status = PIPELINE_ERROR;
	memset(&stats, 0, sizeof(stats));
	if (p->opts.compare_to != NULL) {
		if (diff_models(&changes, p->opts.compare_to, out->model, NULL,
		                diags) != 0)
			goto out;
		ropts.changes = &changes;
		ropts.changes_from = p->opts.compare_label;
	}
	if (!no_assets && with_logo(&assets, &ropts, p, spec,
	                            out->model->info.logo, diags) < 0)
		goto out;
	if (render_site(&pages, out->model, theme_templates(p->theme), &ropts,
	                diags) != 0)
		goto out;
	sopts.force = p->opts.force;
	sopts.no_sync = p->opts.no_sync;
	sopts.keep = spec;
	/* the counts walk both sites: only for who prints them */
	sopts.stats = p->opts.stats ? &stats : NULL;
	sopts.before_swap = before_swap;
	sopts.before_swap_arg = arg;
	sopts.old = old;
	if (!no_assets) {
		sopts.assets = ropts.assets;
		sopts.n_assets = ropts.n_assets;
	}
	if (site_write(output, pages, no_assets ? NULL : p->theme, &sopts,
	               diags) != 0)
		goto out;
	out->status = PIPELINE_OK;
	out->site = stats;
	out->written = 1;
out:
	render_output_free(pages);
	diff_result_clear(&changes);
	if (assets != NULL) {
		logo_asset_clear(&assets[p->n_assets]);
		free(assets);
	}
	return out->status == PIPELINE_OK ? 0 : -1;
}

/* ----------------------------------------------- checks beside the pages */

/*
 * A build checks while it writes (#18): the schema and the rules need only
 * the loaded document and the model, the pages only the model, so a thread
 * runs the checks while the page threads fill the staging folder, and the
 * site goes in only if they pass (site_opts.before_swap; else the staging
 * folder is removed and the previous site stays, as when the checks ran
 * first). Each side keeps its own diagnostics, put together in the order
 * of the checks run one after the other (load, schema, model, rules; then
 * the pages' when the checks pass), so the output is the same whatever
 * the timing.
 *
 * Threads: the thread starts as soon as the document is loaded, and first
 * walks the root file as written for the schema (validate_raw_new()),
 * which reads the document's trees only, while this thread builds the
 * model, which only reads those trees too (it adds copies of its own, and
 * their positions and refs to the document's tables, which the walk does
 * not read). It then waits until the model is built and the document
 * frozen (loader_freeze()); from then on the pages only read both, and
 * the checks write only their own lists and the document's via chunks
 * (rules' loader_deref() with a via: chunks that never move, which the
 * pages never touch; validate.h allows validate_schema() on any thread).
 * The walk took ~15 ms of the page writers' cores on the 1500-channel
 * bench spec; beside the model it takes a core the build left idle.
 */
struct side {
	pthread_t tid;
	int running;  /* a thread to join */
	int finished; /* side_finish() ran: pass holds the verdict */
	int pass;
	/* the model's turn: the thread waits for `go` before the rest */
	pthread_mutex_t lock;
	pthread_cond_t cond;
	int go;
	struct validate_raw *raw; /* the early walk, or NULL */
	struct loader_doc *doc;
	const struct model *m; /* NULL: the model failed (no rules) */
	const struct pipeline_opts *opts;
	/* the load's, then everything in check order */
	struct diag_list *checks;
	struct diag_list *model, *schema, *rules;
	int schema_rc, rules_rc;
	size_t nerr;
	double schema_ms, rules_ms;
	/* the verdict's status and stage, for the result */
	enum pipeline_status status;
	enum pipeline_stage stage;
};

/* The side's checks once the model is there (its thread, or the caller). */
static void *
side_run(void *arg)
{
	struct side *s = arg;
	struct validate_opts vopts = VALIDATE_OPTS_INIT;
	double t0 = clock_now_ms_f();

	s->schema_rc = validate_schema_raw(&s->nerr, s->doc, &vopts, s->raw,
	                                   s->schema);
	validate_raw_free(s->raw);
	s->raw = NULL;
	s->schema_ms += clock_now_ms_f() - t0;
	/* as check_doc(): a schema error is the one root cause */
	if (s->schema_rc == 0 && s->nerr == 0 && s->m != NULL) {
		t0 = clock_now_ms_f();
		s->rules_rc = rules_check(s->m, s->rules);
		s->rules_ms = clock_now_ms_f() - t0;
	}
	return NULL;
}

/* The side's thread: the early walk, the model's turn, then the checks. */
static void *
side_early(void *arg)
{
	struct side *s = arg;
	struct validate_opts vopts = VALIDATE_OPTS_INIT;
	double t0 = clock_now_ms_f();

	/* out of memory: side_run() then walks it itself */
	if (validate_raw_new(&s->raw, s->doc, &vopts) != 0)
		s->raw = NULL;
	s->schema_ms = clock_now_ms_f() - t0;
	pthread_mutex_lock(&s->lock);
	while (!s->go)
		pthread_cond_wait(&s->cond, &s->lock);
	pthread_mutex_unlock(&s->lock);
	return side_run(s);
}

/* Lets the side's thread go on past the model (s->m set, doc frozen). */
static void
side_go(struct side *s)
{
	pthread_mutex_lock(&s->lock);
	s->go = 1;
	pthread_cond_signal(&s->cond);
	pthread_mutex_unlock(&s->lock);
}

/* The verdict of check_doc() and check_spec(), from the side's lists. */
static int
side_verdict(struct side *s)
{
	s->status = PIPELINE_INVALID;
	s->stage = PIPELINE_STAGE_SCHEMA;
	if (diag_list_move(s->checks, s->schema) != 0)
		goto oom;
	if (s->schema_rc != 0 || s->nerr != 0) {
		if (s->schema_rc < 0)
			s->status = PIPELINE_ERROR;
		return -1;
	}
	s->stage = PIPELINE_STAGE_MODEL;
	if (diag_list_move(s->checks, s->model) != 0)
		goto oom;
	if (s->m == NULL)
		return -1;
	s->stage = PIPELINE_STAGE_RULES;
	diag_list_drop_rule(s->checks, "model-ref");
	if (diag_list_move(s->checks, s->rules) != 0)
		goto oom;
	if (s->rules_rc < 0) {
		s->status = PIPELINE_ERROR;
		return -1;
	}
	if (diag_count_at_least(s->checks, s->opts->fail_on) > 0)
		return -1;
	s->status = PIPELINE_OK;
	return 0;
oom:
	s->status = PIPELINE_ERROR;
	diag_oom(s->checks, "checking a spec");
	return -1;
}

/* Waits for the checks (once) and says whether the site may go in. */
static int
side_finish(void *arg)
{
	struct side *s = arg;

	if (!s->finished) {
		if (s->running)
			pthread_join(s->tid, NULL);
		s->running = 0;
		s->finished = 1;
		s->pass = side_verdict(s) == 0;
	}
	return s->pass ? 0 : -1;
}

static void
side_free(struct side *s)
{
	validate_raw_free(s->raw);
	pthread_cond_destroy(&s->cond);
	pthread_mutex_destroy(&s->lock);
	diag_list_free(s->checks);
	diag_list_free(s->model);
	diag_list_free(s->schema);
	diag_list_free(s->rules);
}

/*
 * Load and model, then the checks on a thread of their own while the site
 * is written (write_site() with side_finish() as its before_swap). 0 with
 * the site written; -1 with out->refused when the checks failed, else
 * with out->status saying why.
 */
static int
build_beside(struct pipeline_result *out, struct side *s, struct pipeline *p,
             const char *spec, const char *output, struct oldsite *old,
             struct warm *warm, struct diag_list *pages)
{
	struct model *m = NULL;
	double t0;
	int loaded, n;

	out->stage = PIPELINE_STAGE_READ;
	out->status = PIPELINE_ERROR;
	out->refused = 1; /* until the checks are under way */
	if (p->opts.read == NULL && pipeline_readable(spec, s->checks) != 0)
		return -1;
	out->status = PIPELINE_INVALID;
	loaded = check_load(&s->doc, out, spec, &p->opts, warm, s->checks);
	if (loaded != 0) {
		/* nothing to write: the checks run as they always did */
		if (loaded > 0 &&
		    check_doc(&m, out, s->doc, &p->opts, s->checks) == 0)
			model_free(m);
		return -1;
	}
	out->refused = 0;
	/* the early walk beside the model (see struct side) */
	s->running = pthread_create(&s->tid, NULL, side_early, s) == 0;
	out->stage = PIPELINE_STAGE_MODEL;
	t0 = clock_now_ms_f();
	n = model_new(&m, s->doc, s->model);
	out->model_ms = clock_now_ms_f() - t0;
	if (n != 0 || diag_count_at_least(s->model, DIAG_ERROR) > 0) {
		model_free(m);
		m = NULL;
	}
	s->m = m;
	if (m != NULL && loader_freeze(s->doc) == 0) {
		if (s->running)
			side_go(s);
		else if (pthread_create(&s->tid, NULL, side_run, s) == 0)
			s->running = 1;
		else
			side_run(s);
	} else if (s->running) {
		/* no pages beside it: the checks run as they always did */
		side_go(s);
		pthread_join(s->tid, NULL);
		s->running = 0;
	} else {
		side_run(s);
	}
	out->model = m;
	if (m == NULL ||
	    write_site(out, p, spec, output, old, side_finish, s, pages) != 0)
		side_finish(s);
	return s->pass && out->status == PIPELINE_OK ? 0 : -1;
}

int
pipeline_build_site(struct pipeline_result *out, struct pipeline *p,
                    const char *spec, const char *output, int keep_doc,
                    struct diag_list *diags)
{
	struct side side;
	struct diag_list *pages = NULL;
	struct oldsite *old = NULL;
	struct warm warm;
	int rc;

	/* the previous site's files, read while the spec loads */
	oldsite_start(&old, output);
	warm_init(&warm, spec, &p->opts);
	if (p->opts.no_validate) {
		/* no checks to run beside the pages */
		if (pipeline_check(out, spec, &p->opts, diags) != 0) {
			out->refused = 1;
			warm_finish(&warm);
			oldsite_free(old);
			return -1;
		}
		rc = write_site(out, p, spec, output, old, NULL, NULL, diags);
		goto out;
	}
	/* the pages' templates are parsed beside the load too */
	warm.tmpl = theme_templates(p->theme);
	warm.ropts = &p->ropts;
	memset(out, 0, sizeof(*out));
	memset(&side, 0, sizeof(side));
	pthread_mutex_init(&side.lock, NULL);
	pthread_cond_init(&side.cond, NULL);
	side.opts = &p->opts;
	side.checks = diag_list_new();
	side.model = diag_list_new();
	side.schema = diag_list_new();
	side.rules = diag_list_new();
	pages = diag_list_new();
	if (side.checks == NULL || side.model == NULL || side.schema == NULL ||
	    side.rules == NULL || pages == NULL) {
		side_free(&side);
		diag_list_free(pages);
		warm_finish(&warm);
		oldsite_free(old);
		out->status = PIPELINE_ERROR;
		return diag_oom(diags, "checking a spec");
	}
	rc = build_beside(out, &side, p, spec, output, old, &warm, pages);
	out->doc = side.doc;
	if (side.finished) {
		out->schema_ms = side.schema_ms;
		out->rules_ms = side.rules_ms;
		out->stage = side.stage;
		if (!side.pass) {
			/* what a build that checked first said: no pages */
			out->status = side.status;
			out->refused = 1;
			out->written = 0;
		}
	}
	out->check_ms =
	        out->load_ms + out->schema_ms + out->model_ms + out->rules_ms;
	if (diag_list_move(diags, side.checks) != 0 ||
	    (!out->refused && diag_list_move(diags, pages) != 0)) {
		out->status = PIPELINE_ERROR;
		rc = diag_oom(diags, "checking a spec");
	}
	if (out->refused)
		rc = -1;
	side_free(&side);
	diag_list_free(pages);
out:
	warm_finish(&warm);
	oldsite_free(old);
	model_free(out->model);
	out->model = NULL;
	if (!keep_doc || out->status != PIPELINE_OK) {
		loader_doc_free(out->doc);
		out->doc = NULL;
	}
	return rc == 0 && out->status == PIPELINE_OK ? 0 : -1;
}

/* pipeline_plan() with opts for the check. */
static int
plan(struct render_output **pages, struct pipeline_result *out,
     struct pipeline *p, const char *spec, const struct pipeline_opts *opts,
     struct diag_list *diags)
{
	*pages = NULL;
	if (pipeline_check(out, spec, opts, diags) != 0) {
		out->refused = 1;
		return -1;
	}
	if (render_site(pages, out->model, theme_templates(p->theme),
	                &p->ropts, diags) != 0) {
		out->status = PIPELINE_ERROR;
		return -1;
	}
	return 0;
}

int
pipeline_plan(struct render_output **pages, struct pipeline_result *out,
              struct pipeline *p, const char *spec, struct diag_list *diags)
{
	return plan(pages, out, p, spec, &p->opts, diags);
}

int
pipeline_plan_unchecked(struct render_output **pages,
                        struct pipeline_result *out, struct pipeline *p,
                        const char *spec, struct diag_list *diags)
{
	struct pipeline_opts opts = p->opts;
	int rc;

	/* (a broken ref then fails the load: no partial document) */
	opts.no_validate = 1;
	rc = plan(pages, out, p, spec, &opts, diags);
	out->unchecked = !p->opts.no_validate;
	return rc;
}

int
pipeline_check_planned(struct pipeline_result *out, struct pipeline *p,
                       struct loader_doc *doc, const struct model *m,
                       struct diag_list *diags)
{
	double t0 = clock_now_ms_f();
	int rc = 0;

	if (out->unchecked) {
		out->status = PIPELINE_INVALID;
		if (check_schema(out, doc, &p->opts, diags) != 0 ||
		    check_rules(out, m, &p->opts, diags) != 0)
			rc = -1;
		else if (diag_count_at_least(diags, p->opts.fail_on) > 0)
			rc = -1;
		else
			out->status = PIPELINE_OK;
		out->unchecked = 0;
	}
	out->check_ms += clock_now_ms_f() - t0;
	return rc;
}

const struct theme *
pipeline_theme(const struct pipeline *p)
{
	return p->theme;
}

const struct theme_asset *
pipeline_assets(const struct pipeline *p, size_t *n)
{
	/* Markdown pages and a self-contained page need no asset files. */
	if (p->opts.formats == RENDER_FMT_MD || p->opts.self_contained) {
		*n = 0;
		return NULL;
	}
	*n = p->n_assets;
	return p->assets;
}

/* ------------------------------------------------------------ portal */

/* Every spec of specs (folders expanded) into l. 0 or -1. */
static int
spec_list_make(struct speclist *l, const char *const *specs, size_t n,
               struct diag_list *diags)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (pipeline_is_folder(specs[i])) {
			if (speclist_add_folder(l, specs[i], diags) != 0)
				return -1;
		} else if (speclist_add(l, specs[i], diags) != 0) {
			return -1;
		}
	}
	if (l->n == 0) {
		diag_add(diags, DIAG_ERROR, NULL, 0, 0, "io-error",
		         "no AsyncAPI document (a *.yaml, *.yml or *.json "
		         "file with a top-level asyncapi key) to build");
		return -1;
	}
	return 0;
}

static int
dir_taken(const char *name, char **taken, size_t n)
{
	size_t i;

	if (strcmp(name, "assets") == 0)
		return 1;
	for (i = 0; i < n; i++)
		if (taken[i] != NULL && strcmp(taken[i], name) == 0)
			return 1;
	return 0;
}

/* A version in a folder name: "2.3.0" stays, "v2 beta" is "v2-beta". */
static void
version_slug(char *buf, size_t size, const char *v)
{
	size_t n = 0;
	char ch;

	for (; *v != '\0' && n + 1 < size; v++) {
		ch = *v >= 'A' && *v <= 'Z' ? (char)(*v - 'A' + 'a') : *v;
		if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ||
		      ch == '.'))
			ch = '-';
		if (ch == '-' && (n == 0 || buf[n - 1] == '-'))
			continue;
		buf[n++] = ch;
	}
	while (n > 0 && buf[n - 1] == '-')
		n--;
	buf[n] = '\0';
}

/*
 * The folder of an API in a portal: a slug of its title (else of its file
 * name); when another API took it, the slug with the version
 * (parkwise-2.3.0), made unique with -2, -3... if that is taken too.
 * NULL when out of memory.
 */
static char *
portal_dir(const struct model *m, const char *spec, char **taken, size_t n)
{
	char base[80], name[80], version[32];
	const char *from =
	        m != NULL && m->info.title != NULL ? m->info.title : spec;
	const char *slash = strrchr(from, '/');
	size_t k = 1;

	if (from == spec && slash != NULL)
		from = slash + 1;
	model_slug(base, 64, from);
	snprintf(name, sizeof(name), "%s", base);
	if (dir_taken(name, taken, n) && m != NULL &&
	    m->info.version != NULL) {
		version_slug(version, sizeof(version), m->info.version);
		snprintf(name, sizeof(name), "%.40s-%s", base, version);
		snprintf(base, 72, "%.71s", name);
	}
	while (dir_taken(name, taken, n))
		snprintf(name, sizeof(name), "%.72s-%zu", base, ++k);
	return strdup(name);
}

/* What a portal build holds, one slot per spec. */
struct portal {
	struct speclist list;
	struct pipeline_result *checked; /* doc and model of good specs */
	char **dirs;
	struct render_portal_entry *entries;
	struct render_output *site; /* the landing page, then everything */
	struct render_output **subs;
	/*
	 * Local logos (site/logo.h): logos[i] of spec i (rel NULL: none),
	 * its pages' assets in sub_assets[i] (the theme's and its logo), the
	 * site's in all_assets (the theme's and every logo).
	 */
	struct theme_asset *logos;
	struct theme_asset **sub_assets;
	struct theme_asset *all_assets;
	size_t n_all;
};

static void
portal_free(struct portal *po)
{
	size_t i;

	for (i = 0; i < po->list.n; i++) {
		/* each API's view of the others goes with its output */
		if (po->subs != NULL && po->subs[i] != NULL) {
			free((void *)po->subs[i]->opts.others);
			free((void *)po->subs[i]->opts.other_dirs);
			render_output_free(po->subs[i]);
		}
		if (po->checked != NULL)
			pipeline_result_clear(&po->checked[i]);
		if (po->dirs != NULL)
			free(po->dirs[i]);
	}
	for (i = 0; po->logos != NULL && i < po->list.n; i++)
		logo_asset_clear(&po->logos[i]);
	for (i = 0; po->sub_assets != NULL && i < po->list.n; i++)
		free(po->sub_assets[i]);
	free(po->logos);
	free(po->sub_assets);
	free(po->all_assets);
	render_output_free(po->site);
	speclist_clear(&po->list);
	free(po->checked);
	free(po->dirs);
	free(po->entries);
	free(po->subs);
}

static void
progress(const struct pipeline *p, enum pipeline_step step, size_t i, size_t n,
         const char *name)
{
	if (p->opts.progress != NULL)
		p->opts.progress(p->opts.progress_arg, step, i, n, name);
}

/* Checks every spec and names its folder; out->failed counts the bad. */
static int
portal_check(struct portal *po, struct pipeline_result *out,
             const struct pipeline *p, struct diag_list *diags)
{
	size_t i, n = po->list.n;

	po->checked = calloc(n, sizeof(*po->checked));
	po->dirs = calloc(n, sizeof(*po->dirs));
	po->entries = calloc(n, sizeof(*po->entries));
	po->subs = calloc(n, sizeof(*po->subs));
	if (!po->checked || !po->dirs || !po->entries || !po->subs)
		return diag_oom(diags, "building a portal");
	for (i = 0; i < n; i++) {
		progress(p, PIPELINE_STEP_CHECK, i, n, po->list.items[i]);
		if (pipeline_check(&po->checked[i], po->list.items[i], &p->opts,
		                   diags) != 0)
			out->failed++;
		po->dirs[i] = portal_dir(po->checked[i].model,
		                         po->list.items[i], po->dirs, i);
		if (po->dirs[i] == NULL)
			return diag_oom(diags, "building a portal");
		po->entries[i].m = po->checked[i].model;
		po->entries[i].dir = po->dirs[i];
		po->entries[i].spec = po->list.items[i];
	}
	return 0;
}

/*
 * Renders API i of the portal with its view of the others (allocated
 * here, owned by po->subs[i] from then on) and merges it under its
 * folder. 0 or -1.
 */
static int
portal_render_one(struct portal *po, size_t i, const struct pipeline *p,
                  struct diag_list *diags)
{
	struct render_opts ropts = p->ropts;
	const struct model **others;
	const char **other_dirs;
	size_t j, k = 0, n = po->list.n;

	others = malloc(n * sizeof(*others));
	other_dirs = malloc(n * sizeof(*other_dirs));
	if (others == NULL || other_dirs == NULL) {
		free(others);
		free(other_dirs);
		return diag_oom(diags, "rendering a portal");
	}
	for (j = 0; j < n; j++)
		if (j != i && po->checked[j].model != NULL) {
			others[k] = po->checked[j].model;
			other_dirs[k++] = po->dirs[j];
		}
	ropts.others = others;
	ropts.other_dirs = other_dirs;
	ropts.n_others = k;
	if (po->sub_assets[i] != NULL) {
		ropts.assets = po->sub_assets[i];
		ropts.n_assets = p->n_assets + 1;
	}
	if (render_site(&po->subs[i], po->checked[i].model,
	                theme_templates(p->theme), &ropts, diags) != 0) {
		free(others);
		free(other_dirs);
		return -1;
	}
	if (render_merge(po->site, po->subs[i], po->dirs[i]) != 0)
		return diag_oom(diags, "rendering a portal");
	return 0;
}

/*
 * The local logos of a portal's APIs, each named after its API's folder
 * (assets/ is shared), and the asset lists that go with them. 0 or -1.
 */
static int
portal_logos(struct portal *po, const struct pipeline *p,
             struct diag_list *diags)
{
	size_t i, n = po->list.n, sz = sizeof(struct theme_asset);
	struct theme_asset *a;
	char *name;

	po->logos = calloc(n, sz);
	po->sub_assets = calloc(n, sizeof(*po->sub_assets));
	po->all_assets = calloc(p->n_assets + n + 1, sz);
	if (po->logos == NULL || po->sub_assets == NULL ||
	    po->all_assets == NULL)
		return diag_oom(diags, "copying the logos");
	if (p->n_assets > 0)
		memcpy(po->all_assets, p->assets, p->n_assets * sz);
	po->n_all = p->n_assets;
	for (i = 0; i < n; i++) {
		a = &po->logos[i];
		if (po->checked[i].model == NULL || p->opts.self_contained ||
		    logo_asset(a, po->list.items[i],
		               po->checked[i].model->info.logo,
		               p->opts.allow_outside_refs, diags) <= 0)
			continue;
		name = malloc(strlen(po->dirs[i]) + strlen(a->out) + 2);
		po->sub_assets[i] = calloc(p->n_assets + 1, sz);
		if (name == NULL || po->sub_assets[i] == NULL) {
			free(name);
			return diag_oom(diags, "copying the logos");
		}
		sprintf(name, "%s-%s", po->dirs[i], a->out);
		free(a->out);
		a->out = name;
		if (p->n_assets > 0)
			memcpy(po->sub_assets[i], p->assets, p->n_assets * sz);
		po->sub_assets[i][p->n_assets] = *a;
		po->all_assets[po->n_all++] = *a;
	}
	return 0;
}

int
pipeline_build_portal(struct pipeline_result *out, struct pipeline *p,
                      const char *const *specs, size_t n_specs,
                      const char *output, struct diag_list *diags)
{
	struct site_opts sopts = SITE_OPTS_INIT;
	struct portal po;
	size_t i;

	memset(&po, 0, sizeof(po));
	memset(out, 0, sizeof(*out));
	out->status = PIPELINE_ERROR;
	if (spec_list_make(&po.list, specs, n_specs, diags) != 0)
		goto out;
	out->n_specs = po.list.n;
	if (portal_check(&po, out, p, diags) != 0)
		goto out;
	if (out->failed > 0 && p->opts.strict) {
		out->status = PIPELINE_INVALID;
		goto out;
	}
	if (render_portal(&po.site, po.entries, po.list.n,
	                  theme_templates(p->theme), &p->ropts, diags) != 0)
		goto out;
	if (portal_logos(&po, p, diags) != 0)
		goto out;
	for (i = 0; i < po.list.n; i++) {
		if (po.checked[i].model == NULL)
			continue;
		progress(p, PIPELINE_STEP_RENDER, i, po.list.n,
		         po.list.items[i]);
		if (portal_render_one(&po, i, p, diags) != 0)
			goto out;
	}
	progress(p, PIPELINE_STEP_WRITE, po.list.n, po.list.n, output);
	sopts.force = p->opts.force;
	sopts.no_sync = p->opts.no_sync;
	sopts.keep = po.list.items[0];
	sopts.assets = po.all_assets;
	sopts.n_assets = po.n_all;
	if (site_write(output, po.site, NULL, &sopts, diags) != 0)
		goto out;
	out->written = 1;
	out->status = out->failed > 0 ? PIPELINE_INVALID : PIPELINE_OK;
out:
	portal_free(&po);
	return out->status == PIPELINE_OK ? 0 : -1;
}
