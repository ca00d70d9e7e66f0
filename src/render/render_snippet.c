/*
 * render_snippet: an operation's command-line snippets (snippet.h) into
 * its page, through the partial snippets.html.tpl / snippets.md.tpl.
 *
 * Variables of the partial (section SN, shown when there is any entry):
 * SN_ID (unique in the page: the radio group's name), and per entry
 * (section SN_TAB, in order) TAB_ID, TAB_FIRST (section: the first
 * entry), TAB_LABEL ("MQTT"), TAB_DIR ("Receive" or "Send"), TAB_TOOL,
 * SERVER_URL and SERVER_NAME, and either TAB_TEXT (the command, HTML
 * escaped by the template) with TAB_CODE_HTML (Markdown: a fenced sh
 * block) or section TAB_NONE (no snippet for TAB_LABEL's protocol).
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "render/render_int.h"
#include "render/snippet.h"

void
render_add_snippets(struct ctx *c, struct tmpl_dict *d,
                    const struct model_operation *op)
{
	struct snippet_list *list = NULL;
	struct tmpl_dict *inc, *sn, *tab;
	char anchor[512], id[600];
	size_t i;

	if (c->opts->no_snippets)
		return;
	if (snippet_list_new(&list, c->m, op) != 0) {
		c->nomem = 1;
		return;
	}
	if (list->n == 0)
		goto out;
	inc = render_include(c, d, "SNIPPETS", T_SNIPPETS);
	sn = tmpl_section_add(inc, "SN");
	pages_anchor(anchor, sizeof(anchor), PAGES_OPERATION, op->id);
	/* a join per operation page, without snprintf's format parsing */
	render_cat3(id, sizeof(id), "sn-", anchor, "");
	render_set(c, sn, "SN_ID", id);
	for (i = 0; i < list->n; i++) {
		const struct snippet *s = &list->items[i];

		tab = tmpl_section_add(sn, "SN_TAB");
		snprintf(id, sizeof(id), "sn-%s-%zu", anchor, i + 1);
		render_set(c, tab, "TAB_ID", id);
		if (i == 0)
			tmpl_show(tab, "TAB_FIRST");
		render_set(c, tab, "TAB_LABEL", s->label);
		render_set(c, tab, "TAB_DIR",
		           s->dir == SNIPPET_SEND ? "Send" : "Receive");
		render_set_url(c, tab, "SERVER_URL", PAGES_SERVER,
		               s->server->id);
		render_set(c, tab, "SERVER_NAME", server_name(s->server));
		if (s->text == NULL) {
			tmpl_show(tab, "TAB_NONE");
			continue;
		}
		tab = tmpl_section_add(tab, "TAB_CODE");
		render_set(c, tab, "TAB_TOOL", s->tool);
		render_set(c, tab, "TAB_TEXT", s->text);
		if (c->fmt->markdown)
			render_set_fenced(c, tab, "TAB_CODE_HTML", "sh",
			                  s->text, strlen(s->text));
	}
out:
	snippet_list_free(list);
}
