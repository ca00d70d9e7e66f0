/*
 * fuzz_render: every HTML and Markdown page of a document that loads and
 * makes a model, rendered in memory with the default theme (its templates
 * are read once, at the first input). The schema and the rules are left
 * out (fuzz_validate runs them): `build --no-validate` renders documents
 * they refuse too.
 */
#include "config.h"

#include <string.h>

#include "fuzz.h"
#include "load/loader.h"
#include "model/model.h"
#include "render/render.h"
#include "render/theme.h"
#include "util/diag.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct theme *theme;

/* Counts bytes; a page must end, whatever the document. */
static int
sink(void *arg, const char *data, size_t len)
{
	(void)data;
	*(size_t *)arg += len;
	return 0;
}

static void
open_theme(void)
{
	struct diag_list *diags = diag_list_new();
	char *dir = NULL;

	if (diags == NULL || theme_find_default(&dir, diags) != 0 ||
	    theme_open(&theme, dir, NULL, diags) != 0)
		abort(); /* no default theme: nothing to fuzz */
	free(dir);
	diag_list_free(diags);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct loader_opts lopts = LOADER_OPTS_INIT;
	struct render_opts ropts;
	struct diag_list *diags = diag_list_new();
	struct render_output *out = NULL;
	struct loader_doc *doc = NULL;
	struct model *m = NULL;
	size_t i, bytes;

	if (theme == NULL)
		open_theme();
	if (diags == NULL)
		return 0;
	memset(&ropts, 0, sizeof(ropts));
	lopts.limits = fuzz_limits();
	if (loader_load_buffer(&doc, "/nonexistent/fuzz.yaml",
	                       (const char *)data, size, &lopts, diags) != 0 ||
	    model_new(&m, doc, diags) != 0 ||
	    diag_count_at_least(diags, DIAG_ERROR) > 0)
		goto out;
	/* HTML and Markdown; one input in two also as a single page. */
	ropts.formats = RENDER_FMT_HTML | RENDER_FMT_MD;
	ropts.single_page = size % 2;
	if (render_site(&out, m, theme_templates(theme), &ropts, diags) != 0)
		goto out;
	for (i = 0; i < out->n; i++) {
		bytes = 0;
		render_page_write(out, i, sink, &bytes, diags);
	}
out:
	render_output_free(out);
	model_free(m);
	loader_doc_free(doc);
	diag_list_free(diags);
	return 0;
}
