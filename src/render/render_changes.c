/*
 * render_changes: with render_opts.changes (build --compare-to), the
 * "Changes" page (changes.html, changes.md) listing the changes since the
 * older version, breaking first, each linking to its item when the item
 * is in this version; a link to it on the index; and a badge (new,
 * changed, breaking) on the pages of changed servers' index entries,
 * channels, operations and messages.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diff/diff.h"
#include "render/render_int.h"

#define T_CHANGES "changes"

/* The file of the Changes page of a format: "changes" + ext. */
static char *
changes_file(const struct pages_plan *plan)
{
	size_t n = strlen(plan->ext) + sizeof("changes");
	char *s = malloc(n);

	if (s != NULL)
		snprintf(s, n, "changes%s", plan->ext);
	return s;
}

int
render_changes_plan(struct render_output *r, size_t *cap, int md)
{
	const struct pages_plan *plan = md ? &r->ix->plan_md : &r->ix->plan;

	if (r->opts.changes == NULL)
		return 0;
	if (render_add_page(r, cap, changes_file(plan), RENDER_CHANGES, 0) != 0)
		return -1;
	r->pages[r->n - 1].md = md;
	return 0;
}

const char *
render_changes_template(void)
{
	return T_CHANGES;
}

static enum pages_kind
page_kind(enum diff_item item)
{
	switch (item) {
	case DIFF_ITEM_SERVER:
		return PAGES_SERVER;
	case DIFF_ITEM_CHANNEL:
		return PAGES_CHANNEL;
	case DIFF_ITEM_OPERATION:
		return PAGES_OPERATION;
	case DIFF_ITEM_MESSAGE:
		return PAGES_MESSAGE;
	default:
		return PAGES_INDEX;
	}
}

/* 1 when the change's item is in this version (so it can be linked). */
static int
item_here(const struct model *m, const struct diff_change *ch)
{
	size_t i;

	if (ch->gone || ch->item_id == NULL)
		return ch->item == DIFF_ITEM_DOC;
	switch (ch->item) {
	case DIFF_ITEM_SERVER:
		for (i = 0; i < m->n_servers; i++)
			if (strcmp(m->servers[i]->id, ch->item_id) == 0)
				return 1;
		return 0;
	case DIFF_ITEM_CHANNEL:
		return model_channel_by_id(m, ch->item_id) != NULL;
	case DIFF_ITEM_OPERATION:
		return model_operation_by_id(m, ch->item_id) != NULL;
	case DIFF_ITEM_MESSAGE:
		return model_message_by_id(m, ch->item_id) != NULL;
	default:
		return 1;
	}
}

static void
add_change(struct ctx *c, struct tmpl_dict *d, const struct diff_change *ch)
{
	char pos[64];
	struct tmpl_dict *l;

	render_set(c, d, "C_KIND", ch->kind);
	render_set(c, d, "C_CLASS", diff_class_name(ch->cls));
	render_set(c, d, "C_WHERE", ch->where);
	render_set(c, d, "C_MESSAGE", ch->message);
	if (ch->old.file != NULL) {
		snprintf(pos, sizeof(pos), ":%u", ch->old.line);
		render_set(c, tmpl_section_add(d, "C_OLD"), "C_OLD_FILE",
		           ch->old.file);
		render_set(c, d, "C_OLD_LINE", pos);
	}
	if (!item_here(c->m, ch))
		return;
	l = tmpl_section_add(d, "C_LINK");
	if (ch->item == DIFF_ITEM_DOC) {
		char url[64];

		snprintf(url, sizeof(url), "%sindex%s", c->root, c->plan->ext);
		render_set(c, l, "C_URL", url);
	} else {
		render_set_url(c, l, "C_URL", page_kind(ch->item), ch->item_id);
	}
}

struct tmpl_dict *
render_changes_dict(struct ctx *c)
{
	static const enum diff_class order[] = {
	        DIFF_BREAKING, DIFF_UNCLASSIFIED, DIFF_NON_BREAKING};
	static const char *const titles[] = {"Breaking", "Non-breaking",
	                                     "Unclassified"};
	const struct diff_result *r = c->opts->changes;
	struct tmpl_dict *root, *g;
	char buf[32];
	size_t k, i;

	root = render_page_dict(c, "Changes", NULL);
	if (root == NULL || r == NULL)
		return root;
	render_set(c, root, "CHANGES_FROM",
	           c->opts->changes_from ? c->opts->changes_from : "");
	for (k = 0; k < 3; k++) {
		snprintf(buf, sizeof(buf), "%zu", r->count[order[k]]);
		render_set(c, root,
		           order[k] == DIFF_BREAKING       ? "N_BREAKING"
		           : order[k] == DIFF_UNCLASSIFIED ? "N_UNCLASSIFIED"
		                                           : "N_NON_BREAKING",
		           buf);
		if (r->count[order[k]] == 0)
			continue;
		g = tmpl_section_add(root, "CHANGE_GROUP");
		render_set(c, g, "GROUP_TITLE", titles[order[k]]);
		render_set(c, g, "GROUP_CLASS", diff_class_name(order[k]));
		for (i = 0; i < r->n; i++)
			if (r->items[i].cls == order[k])
				add_change(c, tmpl_section_add(g, "CHANGE"),
				           &r->items[i]);
	}
	if (r->n == 0)
		tmpl_show(root, "NO_CHANGES");
	return root;
}

void
render_changes_link(struct ctx *c, struct tmpl_dict *root)
{
	const struct diff_result *r = c->opts->changes;
	struct tmpl_dict *s;
	char *url, buf[96];

	if (r == NULL || c->opts->self_contained)
		return;
	s = tmpl_section_add(root, "CHANGES_LINK");
	url = changes_file(c->plan);
	render_set(c, s, "CHANGES_URL", url != NULL ? url : "");
	free(url);
	render_set(c, s, "CHANGES_FROM",
	           c->opts->changes_from ? c->opts->changes_from : "");
	snprintf(buf, sizeof(buf),
	         "%zu breaking, %zu unclassified, %zu "
	         "non-breaking",
	         r->count[DIFF_BREAKING], r->count[DIFF_UNCLASSIFIED],
	         r->count[DIFF_NON_BREAKING]);
	render_set(c, s, "CHANGES_COUNTS", buf);
}

/* new (added), breaking, or changed; NULL when the item did not change. */
static const char *
item_status(const struct diff_result *r, enum diff_item item, const char *id)
{
	const char *st = NULL;
	size_t i;

	for (i = 0; i < r->n; i++) {
		const struct diff_change *ch = &r->items[i];

		if (ch->item != item || ch->gone || ch->item_id == NULL ||
		    strcmp(ch->item_id, id) != 0)
			continue;
		if (ch->added)
			return "new";
		if (ch->cls == DIFF_BREAKING)
			st = "breaking";
		else if (st == NULL)
			st = "changed";
	}
	return st;
}

void
render_changes_badge(struct ctx *c, struct tmpl_dict *d, enum diff_item item,
                     const char *id)
{
	const char *st;
	struct tmpl_dict *s;
	char *url;

	if (c->opts->changes == NULL || c->opts->self_contained ||
	    (st = item_status(c->opts->changes, item, id)) == NULL)
		return;
	s = tmpl_section_add(d, "CHANGE_BADGE");
	render_set(c, s, "BADGE_TEXT", st);
	render_set(c, s, "BADGE_CLASS", st);
	url = changes_file(c->plan);
	if (url != NULL) {
		char *full = render_join(c, c->root, "", url);

		render_set(c, s, "BADGE_URL", full != NULL ? full : url);
		free(full);
	}
	free(url);
}
