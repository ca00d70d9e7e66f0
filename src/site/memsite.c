/*
 * memsite: a site rendered on demand from its model (see memsite.h).
 */
#include "config.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "load/loader.h"
#include "model/model.h"
#include "render/render.h"
#include "render/theme.h"
#include "site/memsite.h"
#include "util/diag.h"
#include "util/hmap.h"

/* One site: its pages, what they were rendered from, an index by path. */
struct gen {
	struct render_output *pages;
	struct model *m;
	struct loader_doc *doc;
	const struct theme_asset *assets;
	size_t n_assets;
	struct hmap by_path; /* path -> page index + 1 */
};

struct cached {
	char *path, *data;
	size_t len;
	unsigned long used; /* for dropping the least recently used */
};

struct memsite {
	pthread_rwlock_t lock; /* readers: gets; writer: set */
	struct gen *cur;
	struct gen *old; /* replaced, not freed yet (memsite_drop_old()) */
	pthread_mutex_t cache_lock;
	struct cached cache[MEMSITE_CACHE];
	unsigned long clock;
};

static void
gen_free(struct gen *g)
{
	if (g == NULL)
		return;
	hmap_free(&g->by_path);
	/* The pages refer to the model, which refers to the document. */
	render_output_free(g->pages);
	model_free(g->m);
	loader_doc_free(g->doc);
	free(g);
}

static void
cache_clear_locked(struct memsite *ms)
{
	size_t i;

	for (i = 0; i < MEMSITE_CACHE; i++) {
		free(ms->cache[i].path);
		free(ms->cache[i].data);
		memset(&ms->cache[i], 0, sizeof(ms->cache[i]));
	}
}

int
memsite_new(struct memsite **out)
{
	struct memsite *ms = calloc(1, sizeof(*ms));

	*out = NULL;
	if (ms == NULL)
		return -1;
	pthread_rwlock_init(&ms->lock, NULL);
	pthread_mutex_init(&ms->cache_lock, NULL);
	*out = ms;
	return 0;
}

void
memsite_free(struct memsite *ms)
{
	if (ms == NULL)
		return;
	cache_clear_locked(ms);
	gen_free(ms->cur);
	gen_free(ms->old);
	pthread_mutex_destroy(&ms->cache_lock);
	pthread_rwlock_destroy(&ms->lock);
	free(ms);
}

int
memsite_set(struct memsite *ms, struct render_output *pages, struct model *m,
            struct loader_doc *doc, const struct theme_asset *assets,
            size_t n)
{
	struct gen *g = calloc(1, sizeof(*g)), *old;
	size_t i;

	if (g == NULL) {
		render_output_free(pages);
		model_free(m);
		loader_doc_free(doc);
		return -1;
	}
	g->pages = pages;
	g->m = m;
	g->doc = doc;
	g->assets = assets;
	g->n_assets = n;
	for (i = 0; pages != NULL && i < pages->n; i++) {
		if (hmap_put_str(&g->by_path, pages->pages[i].path,
		                 (void *)(uintptr_t)(i + 1)) != 0) {
			gen_free(g);
			return -1;
		}
	}
	pthread_rwlock_wrlock(&ms->lock);
	old = ms->cur;
	ms->cur = g;
	pthread_mutex_lock(&ms->cache_lock);
	cache_clear_locked(ms);
	pthread_mutex_unlock(&ms->cache_lock);
	pthread_rwlock_unlock(&ms->lock);
	/*
	 * No get can still be reading it (they hold the lock while they do):
	 * it is kept only to be freed after the reload has gone out.
	 */
	gen_free(ms->old);
	ms->old = old;
	return 0;
}

void
memsite_drop_old(struct memsite *ms)
{
	gen_free(ms->old);
	ms->old = NULL;
}

/* A copy of a cached page into *out: 1, 0 when not cached, -1 ENOMEM. */
static int
cache_get(char **out, size_t *len, struct memsite *ms, const char *path)
{
	int r = 0;
	size_t i;

	pthread_mutex_lock(&ms->cache_lock);
	for (i = 0; i < MEMSITE_CACHE; i++) {
		if (ms->cache[i].path == NULL ||
		    strcmp(ms->cache[i].path, path) != 0)
			continue;
		*out = malloc(ms->cache[i].len + 1);
		if (*out == NULL) {
			r = -1;
			break;
		}
		memcpy(*out, ms->cache[i].data, ms->cache[i].len + 1);
		*len = ms->cache[i].len;
		ms->cache[i].used = ++ms->clock;
		r = 1;
		break;
	}
	pthread_mutex_unlock(&ms->cache_lock);
	return r;
}

/* Keeps a copy of data in the least recently used slot (best effort). */
static void
cache_put(struct memsite *ms, const char *path, const char *data, size_t len)
{
	char *p = strdup(path), *d = malloc(len + 1);
	size_t i, victim = 0;

	if (p == NULL || d == NULL) {
		free(p);
		free(d);
		return;
	}
	memcpy(d, data, len + 1);
	pthread_mutex_lock(&ms->cache_lock);
	for (i = 0; i < MEMSITE_CACHE; i++)
		if (ms->cache[i].used < ms->cache[victim].used)
			victim = i;
	free(ms->cache[victim].path);
	free(ms->cache[victim].data);
	ms->cache[victim].path = p;
	ms->cache[victim].data = d;
	ms->cache[victim].len = len;
	ms->cache[victim].used = ++ms->clock;
	pthread_mutex_unlock(&ms->cache_lock);
}

/* An asset under "assets/": its bytes in memory, or read from its file. */
static int
get_asset(char **out, size_t *len, const struct gen *g, const char *name)
{
	const struct theme_asset *a = NULL;
	size_t i;

	for (i = 0; i < g->n_assets; i++)
		if (strcmp(g->assets[i].out, name) == 0)
			a = &g->assets[i];
	if (a == NULL)
		return 0;
	return theme_asset_read(out, len, a) == 0 ? 1 : -1;
}

int
memsite_get(char **out, size_t *len, struct memsite *ms, const char *path)
{
	struct diag_list *diags;
	struct gen *g;
	void *v;
	int r;

	*out = NULL;
	*len = 0;
	pthread_rwlock_rdlock(&ms->lock);
	g = ms->cur;
	if (g == NULL) {
		r = 0;
	} else if (strncmp(path, "assets/", 7) == 0) {
		r = get_asset(out, len, g, path + 7);
	} else if (!hmap_find_str(&g->by_path, path, &v)) {
		r = 0;
	} else if ((r = cache_get(out, len, ms, path)) == 0) {
		/* Rendered now; what it reports was said at the check. */
		diags = diag_list_new();
		r = diags != NULL &&
		                    render_page_text(out, len, g->pages,
		                                     (size_t)(uintptr_t)v - 1,
		                                     diags) == 0
		            ? 1
		            : -1;
		diag_list_free(diags);
		if (r == 1)
			cache_put(ms, path, *out, *len);
	}
	pthread_rwlock_unlock(&ms->lock);
	return r;
}
