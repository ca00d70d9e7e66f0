/*
 * render_portal: a portal's own pages (render_portal() in render.h): the
 * landing page listing every API, its search index and .nojekyll.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render/render_int.h"
#include "render/searchidx.h"

/* The landing page of a portal: every API with its counts. */
int
render_write_portal(const struct render_output *out, render_write_fn write,
                    void *arg, struct diag_list *diags)
{
	struct relay r = {write, arg, 0};
	struct tmpl_dict *root, *e;
	struct ctx cx, *c = &cx;
	char url[1024];
	size_t i;
	int ret = -1;

	memset(&cx, 0, sizeof(cx));
	cx.opts = &out->opts;
	cx.diags = diags;
	cx.fmt = &render_format_html;
	cx.root = "";
	root = tmpl_dict_new("portal");
	if (root == NULL)
		return diag_oom(diags, "rendering");
	render_set_global(c, root, "GENERATOR",
	                  PACKAGE_NAME " " PACKAGE_VERSION);
	render_set_global(c, root, "ROOT", "");
	render_set_global(c, root, "INDEX_URL", "index.html");
	render_set_global(c, root, "SITE_TITLE", "APIs");
	render_set_global(c, root, "SITE_VERSION", "");
	render_set_global(c, root, "ASYNCAPI_VERSION", "");
	{
		char from[64];

		snprintf(from, sizeof(from), "%zu AsyncAPI document%s",
		         out->n_portal, out->n_portal == 1 ? "" : "s");
		render_set_global(c, root, "FOOTER_FROM", from);
	}
	render_set_asset_globals(c, root, &out->opts, "", "");
	{
		struct tmpl_dict *head =
		        render_include(c, root, "HEAD", T_HEAD);

		render_set(c, head, "PAGE_TITLE", "APIs");
		tmpl_show(head, "LINKED");
	}
	render_include(c, root, "HEADER", T_HEADER);
	render_include(c, root, "FOOTER", T_FOOTER);
	tmpl_set_int(root, "API_COUNT", (long)out->n_portal);
	for (i = 0; i < out->n_portal; i++) {
		const struct render_portal_entry *a = &out->portal[i];

		e = tmpl_section_add(root, "API");
		snprintf(url, sizeof(url), "%s/index.html", a->dir);
		render_set(c, e, "API_URL", url);
		render_set(c, e, "API_SPEC", a->spec);
		if (a->m == NULL) {
			render_set(c, e, "API_TITLE", a->spec);
			tmpl_show(e, "API_FAILED");
			continue;
		}
		tmpl_show(e, "API_OK");
		render_set(c, e, "API_TITLE",
		           first_of(a->m->info.title, NULL, NULL, a->dir));
		render_set_section(c, e, "API_VERSION", a->m->info.version);
		render_set_one_line(c, e, "API_SUMMARY",
		                    a->m->info.description);
		tmpl_set_int(e, "API_CHANNELS", (long)a->m->n_channels);
		tmpl_set_int(e, "API_MESSAGES", (long)a->m->n_messages);
		tmpl_set_int(e, "API_OPERATIONS", (long)a->m->n_operations);
		render_set(c, e, "API_ASYNCAPI", a->m->asyncapi);
	}
	render_add_portal_graph(c, root, out->portal, out->n_portal);
	if (c->nomem) {
		ret = diag_oom(diags, "rendering");
		goto out;
	}
	if (tmpl_expand_to(render_relay_write, &r, out->tmpl, T_PORTAL,
	                   TMPL_STRIP_BLANK, root) != 0) {
		if (!r.failed)
			diag_add(diags, DIAG_ERROR, NULL, 0, 0,
			         "template-error", "%s", tmpl_error());
		goto out;
	}
	ret = 0;
out:
	tmpl_dict_free(root);
	return ret;
}

int
render_portal(struct render_output **out,
              const struct render_portal_entry *apis, size_t n,
              struct tmpl_cache *tmpl, const struct render_opts *opts,
              struct diag_list *diags)
{
	static const struct render_opts defaults = {0};
	struct render_output *r;
	size_t cap = 0;

	*out = NULL;
	if (tmpl_cache_load(tmpl, T_PORTAL, TMPL_STRIP_BLANK) != 0 ||
	    tmpl_cache_load(tmpl, "head.html.tpl", TMPL_STRIP_BLANK) != 0 ||
	    tmpl_cache_load(tmpl, "header.html.tpl", TMPL_STRIP_BLANK) != 0 ||
	    tmpl_cache_load(tmpl, "footer.html.tpl", TMPL_STRIP_BLANK) != 0 ||
	    tmpl_cache_load(tmpl, "graph.html.tpl", TMPL_STRIP_BLANK) != 0) {
		diag_add(diags, DIAG_ERROR, NULL, 0, 0, "template-error", "%s",
		         tmpl_error());
		return -1;
	}
	r = calloc(1, sizeof(*r));
	if (r == NULL)
		return diag_oom(diags, "rendering");
	r->tmpl = tmpl;
	r->opts = opts != NULL ? *opts : defaults;
	r->portal = apis;
	r->n_portal = n;
	if (render_add_page(r, &cap, strdup("index.html"), RENDER_PORTAL, 0) !=
	            0 ||
	    render_add_page(r, &cap, strdup(SEARCHIDX_FILE), RENDER_SEARCH,
	                    0) != 0 ||
	    render_add_page(r, &cap, strdup(".nojekyll"), RENDER_DATA, 0) !=
	            0) {
		render_output_free(r);
		return diag_oom(diags, "rendering");
	}
	*out = r;
	return 0;
}
