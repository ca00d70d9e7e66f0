/*
 * render_sidebar: the sidebar of an HTML page, one group per kind of
 * object (see "Size" in render.h for the window shown in a big site), the
 * operations optionally under their first tag.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "render/render_int.h"
#include "util/strbuf.h"

/* ---------------------------------------------------------- sidebar */

/*
 * The sidebar's entries of one kind: all of them up to
 * RENDER_SIDEBAR_FULL, else a window around the current item.
 */
static void
nav_range(const struct ctx *c, enum pages_kind kind, size_t n, size_t *from,
          size_t *to)
{
	size_t cur;

	*from = 0;
	*to = n;
	if (c->m->n_servers + c->m->n_channels + c->m->n_operations +
	            c->m->n_messages + c->m->n_schemas <=
	    RENDER_SIDEBAR_FULL)
		return;
	/* a long list of another kind than the page's: its heading only */
	if (c->kind != kind) {
		*to = 0;
		return;
	}
	cur = c->item;
	*from = cur > RENDER_SIDEBAR_NEAR ? cur - RENDER_SIDEBAR_NEAR : 0;
	*to = cur + RENDER_SIDEBAR_NEAR + 1 < n ? cur + RENDER_SIDEBAR_NEAR + 1
	                                        : n;
}

/*
 * Appends name as HTML with a <wbr> where a narrow sidebar may break it:
 * after '/', '.', '-' and '_', and between camelCase words, so that a line
 * ends at "gates/" or "onBay", never at "gateI". Escaped a run at a time (a
 * call per byte was 6 % of a build).
 */
static void
nav_name_html(struct strbuf *b, const char *name)
{
	const char *p, *run = name;

	for (p = name; *p != '\0'; p++) {
		if (p > name && *p >= 'A' && *p <= 'Z' &&
		    ((p[-1] >= 'a' && p[-1] <= 'z') ||
		     (p[-1] >= '0' && p[-1] <= '9'))) {
			strbuf_put_html_n(b, run, (size_t)(p - run));
			strbuf_puts(b, "<wbr>");
			run = p;
		}
		if ((*p == '/' || *p == '.' || *p == '-' || *p == '_') &&
		    p[1] != '\0') {
			strbuf_put_html_n(b, run, (size_t)(p + 1 - run));
			strbuf_puts(b, "<wbr>");
			run = p + 1;
		}
	}
	strbuf_put_html_n(b, run, (size_t)(p - run));
}

static void item_of(const struct model *m, enum pages_kind kind, size_t i,
                    const char **id, const char **name);

/* The slot of item i of kind in render_index.nav (its `first`). */
static size_t
nav_slot(const struct render_index *ix, enum pages_kind kind, size_t i)
{
	switch (kind) {
	case PAGES_SERVER:
		return ix->first[L_SERVER] + i;
	case PAGES_CHANNEL:
		return ix->first[L_CHANNEL] + i;
	case PAGES_OPERATION:
		return ix->first[L_OPERATION] + i;
	case PAGES_MESSAGE:
		return ix->first[L_MESSAGE] + i;
	default:
		return ix->first[L_SCHEMA] + i;
	}
}

/*
 * The entry of item i of kind. Made from render_sidebar_names()'s strings
 * with their lengths: the sidebars of a 1500-channel site hold 110,000
 * entries, and joining, measuring and copying each one's strings again
 * was a twentieth of the pages' instructions (#18).
 */
static void
nav_fill(struct ctx *c, struct tmpl_dict *e, enum pages_kind kind, size_t i,
         const char *id, const char *name)
{
	const struct render_nav *nav = &c->ix->nav;
	const struct render_nav_item *it =
	        nav->items != NULL ? &nav->items[nav_slot(c->ix, kind, i)]
	                           : NULL;
	int raw = c->fmt->escape == NULL;
	struct strbuf own = STRBUF_INIT;
	char url[512];

	/* the page's root before the URL from the site's root */
	if (it == NULL || it->url == RENDER_NAV_NONE || c->plan != &c->ix->plan)
		render_set_url(c, e, "NAV_URL", kind, id);
	else if (raw && strcmp(c->root, "../") == 0)
		tmpl_setn(e, "NAV_URL", nav->text + it->url, it->url_len);
	else if (raw && c->root[0] == '\0')
		tmpl_setn(e, "NAV_URL", nav->text + it->url + 3,
		          it->url_len - 3);
	else if (render_cat3(url, sizeof(url), c->root, nav->text + it->url + 3,
	                     "") < sizeof(url) - 1)
		render_set(c, e, "NAV_URL", url);
	else
		render_set_url(c, e, "NAV_URL", kind, id);
	if (raw && it != NULL && name != NULL)
		tmpl_setn(e, "NAV_NAME", name, it->name_len);
	else
		render_set(c, e, "NAV_NAME", name);
	if (it != NULL && it->html != RENDER_NAV_NONE) {
		if (raw)
			tmpl_setn(e, "NAV_NAME_HTML", nav->text + it->html,
			          it->html_len);
		else
			render_set(c, e, "NAV_NAME_HTML", nav->text + it->html);
	} else if (name != NULL) {
		nav_name_html(&own, name);
		if (own.oom)
			c->nomem = 1;
		render_set(c, e, "NAV_NAME_HTML", own.p);
	}
	strbuf_free(&own);
	if (c->kind == kind && c->item == i && !c->plan->single_page)
		tmpl_show(e, "NAV_CURRENT");
}

static void
nav_entry(struct ctx *c, struct tmpl_dict *list, enum pages_kind kind, size_t i,
          const char *id, const char *name)
{
	nav_fill(c, tmpl_section_add(list, "NAV_ITEM"), kind, i, id, name);
}

/*
 * The memo key of a window's entry i (tmpl_section_lazy_memo). Every entry
 * but the page's own is the same on every page of its folder depth
 * (nav_fill() makes it from the site's strings and the page's root only),
 * so its expansion is made once: a 1500-channel site shows 110,000
 * entries, 21 a page, and expanding each was a quarter of the pages'
 * instructions (#18).
 */
static size_t
nav_key(size_t i, void *arg)
{
	const struct nav_run *run = arg;
	const struct ctx *c = run->c;
	size_t k = run->from + i, slot;

	if (c->nav_variant == SIZE_MAX ||
	    (c->kind == run->kind && c->item == k))
		return SIZE_MAX;
	slot = nav_slot(c->ix, run->kind, k);
	if (c->ix->nav.items[slot].url == RENDER_NAV_NONE)
		return SIZE_MAX;
	return 2 * slot + c->nav_variant;
}

/* Makes a window's entry i, when the expansion reaches it. */
static void
nav_body(struct tmpl_dict *d, size_t i, void *arg)
{
	const struct nav_run *run = arg;
	const char *id, *name;

	item_of(run->c->m, run->kind, run->from + i, &id, &name);
	nav_fill(run->c, d, run->kind, run->from + i, id, name);
}

/* The values of g, the nav group of one kind. */
static void
nav_group(struct ctx *c, struct tmpl_dict *g, enum pages_kind kind,
          const char *title, const char *section_anchor, size_t n)
{
	char u[512];

	render_set(c, g, "GROUP_TITLE", title);
	tmpl_set_int(g, "GROUP_COUNT", (long)n);
	render_set(c, g, "GROUP_KIND", pages_kind_name(kind));
	/* on the stack: a join per group and page added up */
	if (c->plan->single_page && !c->is_404)
		render_cat3(u, sizeof(u), "#", section_anchor, "");
	else
		render_cat3(u, sizeof(u), c->root, "index.html#",
		            section_anchor);
	render_set(c, g, "GROUP_URL", u);
}

static void
nav_more(struct tmpl_dict *g, size_t shown, size_t n)
{
	if (shown < n)
		tmpl_set_int(tmpl_section_add(g, "NAV_MORE"), "NAV_MORE_COUNT",
		             (long)(n - shown));
}

/* The first tag of an operation, or NULL. */
static const char *
first_tag(const struct model_operation *op)
{
	const char *tag = op->tags.n > 0 ? op->tags.items[0]->name : NULL;

	return is_set(tag) ? tag : NULL;
}

/*
 * The operations under their first tag, the tags in order of first use,
 * then the untagged ones under "Untagged".
 */
static void
add_nav_ops_by_tag(struct ctx *c, struct tmpl_dict *g)
{
	const struct model *m = c->m;
	struct tmpl_dict *t = NULL;
	const char *tag;
	size_t i, j;

	for (i = 0; i < m->n_operations; i++) {
		tag = first_tag(m->operations[i]);
		if (tag == NULL)
			continue;
		/* listed already, with the first operation of its tag */
		for (j = 0; j < i; j++)
			if (first_tag(m->operations[j]) != NULL &&
			    strcmp(first_tag(m->operations[j]), tag) == 0)
				break;
		if (j < i)
			continue;
		t = tmpl_section_add(g, "NAV_TAG");
		render_set(c, t, "NAV_TAG_NAME", tag);
		for (j = i; j < m->n_operations; j++)
			if (first_tag(m->operations[j]) != NULL &&
			    strcmp(first_tag(m->operations[j]), tag) == 0)
				nav_entry(c, t, PAGES_OPERATION, j,
				          m->operations[j]->id,
				          operation_name(m->operations[j]));
	}
	t = NULL;
	for (i = 0; i < m->n_operations; i++) {
		if (first_tag(m->operations[i]) != NULL)
			continue;
		if (t == NULL) {
			t = tmpl_section_add(g, "NAV_TAG");
			render_set(c, t, "NAV_TAG_NAME", "Untagged");
		}
		nav_entry(c, t, PAGES_OPERATION, i, m->operations[i]->id,
		          operation_name(m->operations[i]));
	}
}

/* The id and name of item i of kind. */
static void
item_of(const struct model *m, enum pages_kind kind, size_t i, const char **id,
        const char **name)
{
	switch (kind) {
	case PAGES_SERVER:
		*id = m->servers[i]->id;
		*name = server_name(m->servers[i]);
		break;
	case PAGES_CHANNEL:
		*id = m->channels[i]->id;
		*name = channel_name(m->channels[i]);
		break;
	case PAGES_OPERATION:
		*id = m->operations[i]->id;
		*name = operation_name(m->operations[i]);
		break;
	case PAGES_MESSAGE:
		*id = m->messages[i]->id;
		*name = message_name(m->messages[i]);
		break;
	default:
		*id = m->schemas[i]->id;
		*name = schema_name(m->schemas[i]);
		break;
	}
}

/* The sidebar's groups, one per kind of object, in order. */
static const struct {
	enum pages_kind kind;
	const char *title, *anchor;
} nav_kinds[NAV_KINDS] = {
        {PAGES_SERVER, "Servers", "servers"},
        {PAGES_CHANNEL, "Channels", "channels"},
        {PAGES_OPERATION, "Operations", "operations"},
        {PAGES_MESSAGE, "Messages", "messages"},
        {PAGES_SCHEMA, "Schemas", "schemas"},
};

/* The number of objects of nav_kinds[k]. */
static size_t
kind_count(const struct model *m, size_t k)
{
	switch (nav_kinds[k].kind) {
	case PAGES_SERVER:
		return m->n_servers;
	case PAGES_CHANNEL:
		return m->n_channels;
	case PAGES_OPERATION:
		return m->n_operations;
	case PAGES_MESSAGE:
		return m->n_messages;
	default:
		return m->n_schemas;
	}
}

/* Fills g, the group of nav_kinds[k] in the page's sidebar. */
static void
group_fill(struct ctx *c, struct tmpl_dict *g, size_t k)
{
	enum pages_kind kind = nav_kinds[k].kind;
	size_t n = kind_count(c->m, k), from, to;
	struct tmpl_dict *l;

	nav_group(c, g, kind, nav_kinds[k].title, nav_kinds[k].anchor, n);
	if (kind == PAGES_OPERATION && c->opts->group_by_tags &&
	    n <= RENDER_SIDEBAR_FULL) {
		add_nav_ops_by_tag(c, g);
		return;
	}
	nav_range(c, kind, n, &from, &to);
	l = tmpl_section_add(g, "NAV_LIST");
	c->nav_runs[k] = (struct nav_run){c, kind, from};
	tmpl_section_lazy_memo(l, "NAV_ITEM", to - from, NULL, nav_body,
	                       &c->nav_runs[k], c->ix->nav.memo, nav_key);
	nav_more(g, to - from, n);
}

/* Makes the page's group i, when the expansion reaches it. */
static void
group_body(struct tmpl_dict *g, size_t i, void *arg)
{
	struct ctx *c = arg;

	group_fill(c, g, c->nav_groups[i]);
}

/*
 * The memo key of the page's group i: a group of another kind than the
 * page's is the same on every page of its folder depth (no current item,
 * and a window only around one), so its expansion is made once too.
 */
static size_t
group_key(size_t i, void *arg)
{
	const struct ctx *c = arg;
	size_t k = c->nav_groups[i];

	if (nav_kinds[k].kind == c->kind || c->nav_variant == SIZE_MAX ||
	    c->plan->single_page || c->is_404)
		return SIZE_MAX;
	return 2 * k + c->nav_variant;
}

void
render_fill_sidebar(struct ctx *c, struct tmpl_dict *d)
{
	size_t k;

	/* what the memo keys need of the page, once (nav_key, group_key) */
	c->nav_variant = SIZE_MAX;
	if (c->ix->nav.items != NULL && c->fmt->escape == NULL &&
	    c->plan == &c->ix->plan) {
		if (strcmp(c->root, "../") == 0)
			c->nav_variant = 1;
		else if (c->root[0] == '\0')
			c->nav_variant = 0;
	}
	c->n_nav_groups = 0;
	for (k = 0; k < NAV_KINDS; k++)
		if (kind_count(c->m, k) > 0)
			c->nav_groups[c->n_nav_groups++] = k;
	tmpl_section_lazy_memo(d, "NAV_GROUP", c->n_nav_groups, NULL,
	                       group_body, c, c->ix->nav.group_memo, group_key);
}

int
render_sidebar_names(struct render_index *ix, const struct model *m)
{
	static const enum pages_kind kinds[] = {PAGES_SERVER, PAGES_CHANNEL,
	                                        PAGES_OPERATION, PAGES_MESSAGE,
	                                        PAGES_SCHEMA};
	size_t total = ix->first[L_SCHEMA] + m->n_schemas, counts[5], k, i, n;
	struct strbuf b = STRBUF_INIT;
	const char *id, *name;
	struct render_nav_item *items, *it;
	char url[512];

	counts[0] = m->n_servers;
	counts[1] = m->n_channels;
	counts[2] = m->n_operations;
	counts[3] = m->n_messages;
	counts[4] = m->n_schemas;
	/* one buffer for all (a malloc per string was 0.8 MiB more peak) */
	items = malloc((total + 1) * sizeof(*items));
	if (items == NULL)
		return -1;
	for (k = 0; k < 5; k++)
		for (i = 0; i < counts[k]; i++) {
			item_of(m, kinds[k], i, &id, &name);
			it = &items[nav_slot(ix, kinds[k], i)];
			it->name_len = 0;
			it->html = it->url = RENDER_NAV_NONE;
			it->html_len = it->url_len = 0;
			if (name != NULL) {
				it->name_len = strlen(name);
				it->html = b.len;
				nav_name_html(&b, name);
				it->html_len = b.len - it->html;
				strbuf_putc(&b, '\0');
			}
			if (ix->plan.single_page)
				continue;
			/* a URL too long for the buffer: made by the page */
			n = pages_url_into(url, sizeof(url), &ix->plan, "../",
			                   kinds[k], id);
			if (n >= sizeof(url))
				continue;
			it->url = b.len;
			it->url_len = n;
			strbuf_putn(&b, url, n);
			strbuf_putc(&b, '\0');
		}
	if (b.oom) {
		strbuf_free(&b);
		free(items);
		return -1;
	}
	if (tmpl_memo_new(&ix->nav.memo, 2 * total) != 0 ||
	    tmpl_memo_new(&ix->nav.group_memo, 2 * NAV_KINDS) != 0) {
		tmpl_memo_free(ix->nav.memo);
		ix->nav.memo = NULL;
		strbuf_free(&b);
		free(items);
		return -1;
	}
	ix->nav.text = strbuf_take(&b);
	ix->nav.items = items;
	return 0;
}

void
render_sidebar_names_free(struct render_nav *nav)
{
	free(nav->text);
	free(nav->items);
	tmpl_memo_free(nav->memo);
	tmpl_memo_free(nav->group_memo);
	nav->group_memo = NULL;
	nav->text = NULL;
	nav->items = NULL;
	nav->memo = NULL;
}
