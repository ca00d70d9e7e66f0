/*
 * pipeline: the one library call from a spec to a site. It runs the
 * stages in their order (loader -> validate_schema -> model -> rules_check
 * -> render -> site_write) for one spec, or for several specs as a portal
 * (a landing page, each API in its folder, one search index). The command
 * line, the benchmark and the tests all go through it.
 *
 * Errors: every problem is a diagnostic in the caller's diags (nothing is
 * printed); what the caller shows besides (counts, times, how far the
 * check went) comes back in a struct pipeline_result.
 *
 * Threads: one pipeline is used by one thread at a time (site_write()
 * starts its own writer threads and joins them before returning).
 * pipeline_check() touches no shared state and may run on several threads
 * at once, each with its own diags.
 */
#ifndef ASYNCDOC_PIPELINE_H
#define ASYNCDOC_PIPELINE_H

#include <stddef.h>

#include "load/load_limits.h"
#include "site/site.h"
#include "util/diag.h"

struct loader_doc;
struct model;
struct remote;

/* Theme parameters (-p KEY=VALUE) one pipeline takes at most. */
#define PIPELINE_MAX_PARAMS 64

/* The steps progress() is told about (i counts from 0 to n - 1). */
enum pipeline_step {
	PIPELINE_STEP_CHECK,  /* name: the spec */
	PIPELINE_STEP_RENDER, /* name: the spec */
	PIPELINE_STEP_WRITE   /* name: the output folder; i is n */
};

/* How a call ended. */
enum pipeline_status {
	PIPELINE_OK,      /* done; in a portal, every spec was good */
	PIPELINE_INVALID, /* a spec has a diagnostic at or above fail_on */
	PIPELINE_ERROR    /* unreadable spec, I/O error, out of memory */
};

/* How far the checks of a spec went. */
enum pipeline_stage {
	PIPELINE_STAGE_READ,
	PIPELINE_STAGE_LOAD,
	PIPELINE_STAGE_SCHEMA,
	PIPELINE_STAGE_MODEL,
	PIPELINE_STAGE_RULES
};

/*
 * What to do; set with designated initialisers, zero meaning the default
 * for every field. Strings and arrays are borrowed: they must outlive the
 * pipeline made from them.
 */
struct pipeline_opts {
	/* Checking. */
	struct limits limits;   /* each 0: its default (load_limits.h) */
	int allow_outside_refs; /* $ref may read files outside the root */
	/* The ref root (loader_opts.ref_root); NULL: found per spec. */
	const char *ref_root;
	/*
	 * http(s) refs are read through it, with the lockfile of each spec
	 * (remote.h); NULL: they are reported, not read. Borrowed: one
	 * session may serve many builds (serve fetches once).
	 */
	struct remote *remote;
	int no_validate;        /* skip the schema and the semantic rules */
	/*
	 * build --compare-to: the model of the older version (borrowed);
	 * pipeline_build_site() diffs the spec against it and renders a
	 * Changes page (render_opts.changes), compare_label naming it.
	 */
	const struct model *compare_to;
	const char *compare_label;
	/* Read the spec's files through this (loader_opts.read); NULL: disk. */
	int (*read)(char **out, size_t *len, const char *path, void *arg);
	void *read_arg;
	/* The least severe diagnostic that fails a spec (0: DIAG_ERROR). */
	enum diag_severity fail_on;
	/* Rendering. */
	const char *theme;         /* a name or a folder; NULL: default */
	const char *const *params; /* "KEY=VALUE" strings, n_params of them */
	size_t n_params;
	unsigned formats; /* RENDER_FMT_HTML and/or _MD; 0: HTML */
	int single_page;
	int single_file;          /* Markdown: one page */
	const char *front_matter; /* Markdown: a file put atop each page */
	const char *md_ext;       /* ".md" (NULL) or ".mdx" */
	int self_contained;       /* one index.html with everything inside */
	const char *site_url;     /* http(s) address the site goes to */
	/* Writing. */
	int force;  /* replace a non-empty folder that is not a site */
	int no_sync; /* no fsync before and after the swap (site.h) */
	int strict; /* portal: a spec that fails fails the build */
	/*
	 * Lay out the architecture graph in a helper process started by
	 * pipeline_new() (render/graphproc.h: Graphviz's text libraries stay
	 * out of the builder's memory); pipeline_new() must then run before
	 * any other thread starts. 0: in this process. No helper is started
	 * when no SVG graph will be drawn (theme parameter graph=false,
	 * Markdown only): it warms Graphviz's fonts up as soon as it starts.
	 */
	int graph_process;
	/*
	 * Fill pipeline_result.site (files written, unchanged and removed,
	 * and the times): the counts walk the new site and the old one after
	 * the swap, which a build that does not print them need not pay for
	 * (#18). 0: site stays zeroed.
	 */
	int stats;
	/*
	 * Portal: called before each spec is checked and rendered and
	 * before the site is written, so that a command line can show
	 * progress; NULL for none. It runs on the caller's thread.
	 */
	void (*progress)(void *arg, enum pipeline_step step, size_t i, size_t n,
	                 const char *name);
	void *progress_arg;
};

/*
 * What a call did, for the caller to show. Clear it with
 * pipeline_result_clear() (which frees doc and model) before reusing it.
 */
struct pipeline_result {
	enum pipeline_status status;
	enum pipeline_stage stage; /* the last check stage run */
	/* The check stopped the build: nothing was written. */
	int refused;
	/*
	 * pipeline_check(), when status is PIPELINE_OK: the document and
	 * its model, owned by the result. pipeline_build_site(): the
	 * document when keep_doc was asked (its files are those to watch).
	 * NULL otherwise.
	 */
	struct loader_doc *doc;
	struct model *model;
	/* Milliseconds per check stage (0 for a stage not run). */
	double load_ms, schema_ms, model_ms, rules_ms;
	double check_ms; /* the whole check, from reading to the verdict */
	struct site_stats site; /* build: what site_write() did */
	/* Portal: the specs found (files and folders' files), those failed. */
	size_t n_specs, failed;
	int written; /* a site was swapped in */
	/* pipeline_plan_unchecked(): pipeline_check_planned() is to run */
	int unchecked;
};

void pipeline_result_clear(struct pipeline_result *r);

/*
 * Checks spec: load, validate_schema (unless no_validate; its errors stop
 * there: one root cause, one error), model_new, rules_check (unless
 * no_validate). Diagnostics go to diags (not sorted). Fills *out (cleared
 * first) and returns 0 with out->doc and out->model when no diagnostic is
 * at or above opts->fail_on; else -1 with out->status PIPELINE_INVALID, or
 * PIPELINE_ERROR when spec cannot be read or memory ran out. opts may be
 * NULL for the defaults. Unless no_validate (or with opts->read), a thread
 * compiles the schema's validators while the spec loads, for the version
 * the top of its text declares (#18); it is joined before the return.
 */
int pipeline_check(struct pipeline_result *out, const char *spec,
                   const struct pipeline_opts *opts, struct diag_list *diags);

/*
 * The theme (with its parameters, assets and the front matter file) and
 * the render options, prepared once for any number of builds. Borrows
 * opts (copied; its strings must outlive the pipeline). Returns 0, or -1
 * with *out NULL and the reason in diags (`theme-not-found`,
 * `theme-invalid`, `theme-param`, `io-error`, `out-of-memory`).
 */
struct pipeline;
struct render_output;
struct theme_asset;
int pipeline_new(struct pipeline **out, const struct pipeline_opts *opts,
                 struct diag_list *diags);
void pipeline_free(struct pipeline *p);

/*
 * Checks spec (pipeline_check()), then renders it and writes it as the
 * folder output (a staging folder swapped in: the previous site stays
 * whole until the new one is). Returns 0; or -1 with out->status and the
 * reasons in diags, out->refused set when the check stopped it before
 * anything was written. With keep_doc, out->doc holds the document after
 * a good build.
 *
 * Unless no_validate, the schema and the rules run on a thread of their
 * own while the pages go into the staging folder (after the load and the
 * model, which the pages need); the site is swapped in only if they pass.
 * The result and the diagnostics are those of checking first: the same
 * order, and none of the pages' when the checks fail. check_ms is then the
 * sum of the stages' times (schema and rules overlap the pages). As in
 * pipeline_check(), the validators are compiled on a thread of their own
 * while the spec loads. pipeline_new() may have started the graph helper
 * (graph_process).
 */
int pipeline_build_site(struct pipeline_result *out, struct pipeline *p,
                        const char *spec, const char *output, int keep_doc,
                        struct diag_list *diags);

/*
 * Checks spec (pipeline_check()) and plans its pages without rendering
 * or writing any (serve from memory: see site/memsite.h): *pages in
 * pages, the document and the model they refer to in out->doc and
 * out->model (free the pages first). Returns 0; or -1 with out->status
 * and the reasons in diags (out->refused when the check stopped it).
 */
int pipeline_plan(struct render_output **pages, struct pipeline_result *out,
                  struct pipeline *p, const char *spec,
                  struct diag_list *diags);

/*
 * pipeline_plan() in two halves, so that serve can show a saved spec
 * before its checks are done: what the schema and the rules find changes
 * no page (only the diagnostics shown over them), so the first half loads
 * the spec, builds its model and plans its pages as pipeline_plan() does
 * with no_validate (a broken $ref fails it), and the second,
 * pipeline_check_planned(), runs the schema and the rules on the document
 * and model of the first (which must still be alive; they are only read:
 * pages may be rendered from them meanwhile, on other threads). Their
 * diagnostics go to diags, which should hold those of the first half
 * (the rules drop the model's `model-ref` warnings, and the verdict counts
 * them all). A spec that the second half fails is invalid: its schema
 * errors come without the model's diagnostics that the full check would
 * not have made, so a caller that shows them runs pipeline_check() (or
 * pipeline_plan()) again for the exact list. Both return 0, or -1 with
 * out->status (the second: PIPELINE_INVALID, or PIPELINE_ERROR when out
 * of memory).
 */
int pipeline_plan_unchecked(struct render_output **pages,
                            struct pipeline_result *out, struct pipeline *p,
                            const char *spec, struct diag_list *diags);
int pipeline_check_planned(struct pipeline_result *out, struct pipeline *p,
                           struct loader_doc *doc, const struct model *m,
                           struct diag_list *diags);

/* The theme p opened (owned by p). */
struct theme;
const struct theme *pipeline_theme(const struct pipeline *p);

/* The theme's assets as a build writes them (n in *n), owned by p. */
const struct theme_asset *pipeline_assets(const struct pipeline *p, size_t *n);

/*
 * A portal of specs (files, or folders whose *.yaml, *.yml and *.json
 * files are taken in name order) into the folder output: each API in a
 * folder named after its title, a landing page, one search index. A spec
 * that fails is reported and listed as failed, the others are built,
 * unless opts.strict: then nothing is written. Returns 0 when every spec
 * was good and the site was written; else -1 with out->status
 * (PIPELINE_INVALID: out->failed specs failed; out->written says whether
 * the others were written).
 *
 * Ownership of the members' views of each other: each API is rendered
 * with render_opts.others / other_dirs listing the other good APIs. That
 * list is allocated once per API, held by that API's render_output (its
 * opts) for as long as the output lives, and freed by this call just
 * before the output, after the site is written. The models and folder
 * names it points to are the call's own, freed after every output.
 */
int pipeline_build_portal(struct pipeline_result *out, struct pipeline *p,
                          const char *const *specs, size_t n_specs,
                          const char *output, struct diag_list *diags);

/*
 * Loads spec (its $refs, remote ones through opts->remote, with its
 * lockfile) with nothing checked: what `asyncdoc fetch` does. 0 with *out
 * (free it with loader_doc_free()), or -1 with the reasons in diags.
 */
int pipeline_load(struct loader_doc **out, const char *spec,
                  const struct pipeline_opts *opts, struct diag_list *diags);

/*
 * 1 when path is a folder (which build takes as a portal's specs), 0
 * otherwise (also when it cannot be read).
 */
int pipeline_is_folder(const char *path);

/*
 * 0 when spec is a regular file that can be opened; else -1 with an
 * io-error diagnostic (missing, unreadable, a folder, a device): the
 * checks and builds start with it, and serve before its server starts.
 */
int pipeline_readable(const char *spec, struct diag_list *diags);

#endif
