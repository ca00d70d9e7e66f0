/* Tests of the site writer: staging, swap, refusal, assets. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <dirent.h>
#include <errno.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "util/path.h"
#include "util/diag.h"
#include "helpers.h"
#include "load/loader.h"
#include "model/model.h"
#include "render/render.h"
#include "site/oldsite.h"
#include "site/site.h"
#include "render/theme.h"
#include "render/tmpl.h"

#define DEFAULT_THEME ABS_TOP_SRCDIR "/themes/default"
#define USER_THEME    TEST_DATA "/render/user-theme"
#define SPEC          TEST_DATA "/render/v3.yaml"

struct fixture {
	char root[64];  /* a fresh temporary folder */
	char site[128]; /* root/site, not created */
	struct diag_list *diags;
};

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	if (f == NULL)
		return -1;
	strcpy(f->root, "/tmp/asyncdoc-test-site-XXXXXX");
	if (mkdtemp(f->root) == NULL)
		return -1;
	snprintf(f->site, sizeof(f->site), "%s/site", f->root);
	f->diags = diag_list_new();
	umask(022);
	*state = f;
	return f->diags != NULL ? 0 : -1;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	path_remove_tree(f->root);
	diag_list_free(f->diags);
	free(f);
	return 0;
}

/* dir "/" name in buf (256 bytes). */
static char *
path_in(char *buf, const char *dir, const char *name)
{
	snprintf(buf, 256, "%s/%s", dir, name);
	return buf;
}

/* The whole content of dir/name, or NULL (the copy: tests/helpers.c). */
#define slurp(dir, name) helpers_read_file(dir, name, NULL)

static void
assert_file(const char *dir, const char *name, const char *content)
{
	char *text = slurp(dir, name);

	assert_non_null(text);
	assert_string_equal(text, content);
	free(text);
}

static int
exists(const char *dir, const char *name)
{
	char path[512];
	struct stat st;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return lstat(path, &st) == 0;
}

/* Entries of dir (but . and ..). */
static int
count_entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	assert_non_null(d);
	while ((e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			n++;
	closedir(d);
	return n;
}

/* A site of one or two pages. */
static int
write_site(struct fixture *f, const char *dir, const char *index,
           const char *extra_path, const struct site_opts *opts,
           const struct theme *theme)
{
	struct render_page pages[2];
	struct render_output out;
	struct render_opts ropts = {0};

	memset(pages, 0, sizeof(pages));
	memset(&out, 0, sizeof(out));
	pages[0].path = (char *)"index.html";
	pages[0].data = (char *)index;
	pages[0].len = strlen(index);
	pages[0].kind = RENDER_DATA;
	pages[1].path = (char *)extra_path;
	pages[1].data = (char *)"extra";
	pages[1].len = 5;
	pages[1].kind = RENDER_DATA;
	out.pages = pages;
	out.n = extra_path != NULL ? 2 : 1;
	out.opts = ropts;

	return site_write(dir, &out, theme, opts, f->diags);
}

static void
writes_a_new_site_with_parents(void **state)
{
	struct fixture *f = *state;
	struct theme *theme = NULL;
	char dir[256];
	struct stat st;

	assert_int_equal(theme_open(&theme, DEFAULT_THEME, NULL, f->diags), 0);
	snprintf(dir, sizeof(dir), "%s/a/b/site", f->root);
	assert_int_equal(write_site(f, dir, "<p>one</p>", "sub/dir/page.html",
	                            NULL, theme),
	                 0);
	assert_int_equal(diag_count(f->diags), 0);
	assert_file(dir, "index.html", "<p>one</p>");
	assert_file(dir, "sub/dir/page.html", "extra");
	assert_true(exists(dir, SITE_MARKER));
	assert_true(exists(dir, "assets/style.css"));
	assert_int_equal(stat(dir, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0755);
	/* Nothing but the site is left in its parent. */
	snprintf(dir, sizeof(dir), "%s/a/b", f->root);
	assert_int_equal(count_entries(dir), 1);
	theme_free(theme);
}

/*
 * Pages in more folders than a writer keeps open (site.c opens each page
 * relative to its folder, #18), interleaved, nested and at the top, by two
 * threads: each page in its place with its own bytes.
 */
static void
pages_in_many_folders_each_in_its_place(void **state)
{
	static const char *const dirs[] = {"a",     "b",   "c/d", "e",
	                                   "f/g/h", "a/i", "j",   ""};
	struct fixture *f = *state;
	struct site_opts opts = SITE_OPTS_INIT;
	struct render_page pages[48];
	struct render_output out;
	char paths[48][32], texts[48][32];
	size_t i, n = sizeof(pages) / sizeof(pages[0]);

	memset(pages, 0, sizeof(pages));
	memset(&out, 0, sizeof(out));
	for (i = 0; i < n; i++) {
		const char *d = dirs[i % 8];

		snprintf(paths[i], sizeof(paths[i]), "%s%sp%zu.html", d,
		         d[0] != '\0' ? "/" : "", i);
		snprintf(texts[i], sizeof(texts[i]), "page %zu", i);
		pages[i].path = paths[i];
		pages[i].data = texts[i];
		pages[i].len = strlen(texts[i]);
		pages[i].kind = RENDER_DATA;
	}
	out.pages = pages;
	out.n = n;
	opts.jobs = 2;
	assert_int_equal(site_write(f->site, &out, NULL, &opts, f->diags), 0);
	assert_int_equal(diag_count(f->diags), 0);
	for (i = 0; i < n; i++)
		assert_file(f->site, paths[i], texts[i]);
	/* a b c e f j, the six pages at the top, the marker */
	assert_int_equal(count_entries(f->site), 13);
}

/* A page under a name another page holds as a file: its path, and no site. */
static void
page_under_a_file_fails_with_its_path(void **state)
{
	struct fixture *f = *state;
	const struct diag *d;

	assert_int_equal(write_site(f, f->site, "old", NULL, NULL, NULL), 0);
	assert_int_equal(
	        write_site(f, f->site, "new", "index.html/x.html", NULL, NULL),
	        -1);
	assert_int_equal(diag_count(f->diags), 1);
	d = diag_at(f->diags, 0);
	assert_string_equal(d->rule, "output-error");
	assert_non_null(strstr(d->message, "cannot write "));
	assert_non_null(strstr(d->message, ".site.tmp-"));
	assert_non_null(strstr(d->message, "/index.html/x.html: "));
	assert_non_null(strstr(d->message, strerror(ENOTDIR)));
	assert_file(f->site, "index.html", "old");
	assert_int_equal(count_entries(f->root), 1);
}

static void
replaces_its_own_site(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(write_site(f, f->site, "old", "old.html", NULL, NULL),
	                 0);
	assert_int_equal(write_site(f, f->site, "new", NULL, NULL, NULL), 0);
	assert_file(f->site, "index.html", "new");
	assert_false(exists(f->site, "old.html"));
	/* The staging folder and the old tree are gone. */
	assert_int_equal(count_entries(f->root), 1);
	/* A trailing slash names the same folder. */
	strcat(f->site, "/");
	assert_int_equal(write_site(f, f->site, "newer", NULL, NULL, NULL), 0);
	assert_file(f->site, "index.html", "newer");
	assert_int_equal(count_entries(f->root), 1);
}

static void
refuses_a_folder_that_is_not_a_site(void **state)
{
	struct fixture *f = *state;
	char path[256];

	assert_int_equal(mkdir(f->site, 0777), 0);
	assert_int_equal(
	        write_site(f, f->site, "<p>x</p>", "precious.txt", NULL, NULL),
	        0);
	assert_int_equal(remove(path_in(path, f->site, SITE_MARKER)), 0);
	assert_int_equal(write_site(f, f->site, "new", NULL, NULL, NULL), -1);
	assert_int_equal(diag_count(f->diags), 1);
	assert_string_equal(diag_at(f->diags, 0)->rule, "output-not-site");
	assert_string_equal(diag_at(f->diags, 0)->file, f->site);
	assert_non_null(diag_at(f->diags, 0)->hint);
	assert_file(f->site, "precious.txt", "extra");
	assert_file(f->site, "index.html", "<p>x</p>");
	assert_int_equal(count_entries(f->root), 1);
}

static void
force_replaces_a_foreign_folder(void **state)
{
	struct fixture *f = *state;
	char path[256];
	struct site_opts opts = SITE_OPTS_INIT;

	assert_int_equal(mkdir(f->site, 0777), 0);
	assert_int_equal(mkdir(path_in(path, f->site, "x"), 0777), 0);
	opts.force = 1;
	assert_int_equal(write_site(f, f->site, "new", NULL, &opts, NULL), 0);
	assert_false(exists(f->site, "x"));
	assert_file(f->site, "index.html", "new");
	assert_int_equal(count_entries(f->root), 1);
}

static void
empty_folder_is_accepted(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(mkdir(f->site, 0777), 0);
	assert_int_equal(write_site(f, f->site, "new", NULL, NULL, NULL), 0);
	assert_file(f->site, "index.html", "new");
}

static void
failed_build_leaves_the_previous_site(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(write_site(f, f->site, "old", NULL, NULL, NULL), 0);
	/* A page that would escape the site fails the build midway. */
	assert_int_equal(
	        write_site(f, f->site, "new", "../escape.html", NULL, NULL),
	        -1);
	assert_string_equal(diag_at(f->diags, 0)->rule, "output-error");
	assert_file(f->site, "index.html", "old");
	assert_false(exists(f->root, "escape.html"));
	assert_int_equal(count_entries(f->root), 1);
}

static void
refuses_a_folder_holding_the_spec(void **state)
{
	struct fixture *f = *state;
	struct site_opts opts = SITE_OPTS_INIT;
	char spec[200], *cwd;
	FILE *fp;

	assert_int_equal(write_site(f, f->site, "old", NULL, NULL, NULL), 0);
	snprintf(spec, sizeof(spec), "%s/spec.yaml", f->site);
	fp = fopen(spec, "w");
	assert_non_null(fp);
	fclose(fp);
	opts.force = 1;
	opts.keep = spec;
	assert_int_equal(write_site(f, f->site, "new", NULL, &opts, NULL), -1);
	assert_string_equal(diag_at(f->diags, 0)->rule, "output-not-site");
	assert_true(exists(f->site, "spec.yaml"));
	assert_file(f->site, "index.html", "old");
	/* Nor the current folder or its parents (tried from inside root). */
	cwd = getcwd(NULL, 0);
	assert_non_null(cwd);
	assert_int_equal(chdir(f->site), 0);
	diag_list_clear(f->diags);
	assert_int_equal(write_site(f, ".", "new", NULL, &opts, NULL), -1);
	assert_string_equal(diag_at(f->diags, 0)->rule, "output-not-site");
	diag_list_clear(f->diags);
	assert_int_equal(write_site(f, "..", "new", NULL, &opts, NULL), -1);
	assert_string_equal(diag_at(f->diags, 0)->rule, "output-not-site");
	assert_int_equal(chdir(cwd), 0);
	free(cwd);
	assert_file(f->site, "index.html", "old");
}

static void
output_that_is_a_file_fails(void **state)
{
	struct fixture *f = *state;
	FILE *fp = fopen(f->site, "w");

	assert_non_null(fp);
	fclose(fp);
	assert_int_equal(write_site(f, f->site, "new", NULL, NULL, NULL), -1);
	assert_string_equal(diag_at(f->diags, 0)->rule, "output-error");
	assert_int_equal(count_entries(f->root), 1);
}

static void
user_assets_override_the_default(void **state)
{
	struct fixture *f = *state;
	struct theme *theme = NULL;
	char *css;

	assert_int_equal(
	        theme_open(&theme, DEFAULT_THEME, USER_THEME, f->diags), 0);
	assert_string_equal(theme_name(theme), "test-user");
	assert_int_equal(write_site(f, f->site, "x", NULL, NULL, theme), 0);
	css = slurp(f->site, "assets/style.css");
	assert_non_null(css);
	assert_non_null(strstr(css, "user theme style"));
	free(css);
	assert_true(exists(f->site, "assets/extra.css"));
	theme_free(theme);
}

static void
missing_themes_are_reported(void **state)
{
	struct fixture *f = *state;
	struct theme *theme = (struct theme *)f;

	assert_int_equal(
	        theme_open(&theme, DEFAULT_THEME, TEST_DATA "/nope", f->diags),
	        -1);
	assert_null(theme);
	assert_string_equal(diag_at(f->diags, 0)->rule, "theme-not-found");
	diag_list_clear(f->diags);
	/* A folder with none of theme.json, html/, assets/ is no theme. */
	assert_int_equal(theme_open(&theme, DEFAULT_THEME, f->root, f->diags),
	                 -1);
	assert_string_equal(diag_at(f->diags, 0)->rule, "theme-invalid");
	diag_list_clear(f->diags);
	assert_int_equal(theme_open(&theme, f->root, NULL, f->diags), -1);
	assert_string_equal(diag_at(f->diags, 0)->rule, "theme-invalid");
}

/* A spec loaded and modelled for the tests that render. */
struct spec {
	struct loader_doc *doc;
	struct model *m;
};

static void
spec_load(struct spec *s, struct diag_list *diags)
{
	memset(s, 0, sizeof(*s));
	assert_int_equal(loader_load(&s->doc, SPEC, NULL, diags), 0);
	assert_int_equal(model_new(&s->m, s->doc, diags), 0);
}

static void
spec_free(struct spec *s)
{
	model_free(s->m);
	loader_doc_free(s->doc);
}

static void
rendered_page_goes_straight_to_its_file(void **state)
{
	struct fixture *f = *state;
	struct render_output *out = NULL;
	struct theme *theme = NULL;
	char *text = NULL;
	struct spec s;

	spec_load(&s, f->diags);
	assert_int_equal(theme_open(&theme, DEFAULT_THEME, NULL, f->diags), 0);
	assert_int_equal(
	        render_site(&out, s.m, theme_templates(theme), NULL, f->diags),
	        0);
	/* Made while written: never held by the output. */
	assert_null(out->pages[0].data);
	assert_int_equal(site_write(f->site, out, theme, NULL, f->diags), 0);
	assert_int_equal(diag_count(f->diags), 0);
	assert_int_equal(render_page_text(&text, NULL, out, 0, f->diags), 0);
	assert_non_null(strstr(text, "<!DOCTYPE html>"));
	assert_non_null(strstr(text, "</html>"));
	assert_file(f->site, "index.html", text);
	assert_true(exists(f->site, "assets/style.css"));
	free(text);
	render_output_free(out);
	theme_free(theme);
	spec_free(&s);
}

static void
page_that_fails_to_render_leaves_the_old_site(void **state)
{
	struct fixture *f = *state;
	struct tmpl_cache *c = tmpl_cache_new();
	struct render_page page;
	struct render_output out;
	struct render_opts ropts = {0};
	struct spec s;

	memset(&page, 0, sizeof(page));
	memset(&out, 0, sizeof(out));
	page.path = (char *)"index.html";
	page.kind = RENDER_INDEX;
	out.pages = &page;
	out.n = 1;
	out.tmpl = c;
	out.opts = ropts;

	assert_int_equal(write_site(f, f->site, "old", NULL, NULL, NULL), 0);
	/*
	 * No index template here (render_site would have refused it): the
	 * page fails once its file is open in the staging folder.
	 */
	assert_int_equal(tmpl_cache_add_dir(c, USER_THEME "/html"), 0);
	spec_load(&s, f->diags);
	out.m = s.m;
	assert_int_equal(site_write(f->site, &out, NULL, NULL, f->diags), -1);
	assert_int_equal(diag_count(f->diags), 1);
	assert_string_equal(diag_at(f->diags, 0)->rule, "template-error");
	assert_non_null(
	        strstr(diag_at(f->diags, 0)->message, "index.html.tpl"));
	assert_file(f->site, "index.html", "old");
	assert_int_equal(count_entries(f->root), 1);
	spec_free(&s);
	tmpl_cache_free(c);
}

/* The inode of dir/name (0 when missing). */
static ino_t
inode_of(const char *dir, const char *name)
{
	char path[512];
	struct stat st;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return stat(path, &st) == 0 ? st.st_ino : 0;
}

static void
unchanged_files_are_kept_not_rewritten(void **state)
{
	struct fixture *f = *state;
	struct site_opts opts = SITE_OPTS_INIT;
	struct site_stats stats;
	ino_t index_ino, extra_ino;

	opts.stats = &stats;
	assert_int_equal(
	        write_site(f, f->site, "same", "a/extra.html", &opts, NULL), 0);
	assert_int_equal(stats.written, 2);
	assert_int_equal(stats.unchanged, 0);
	index_ino = inode_of(f->site, "index.html");
	extra_ino = inode_of(f->site, "a/extra.html");
	/* same bytes: the very same files (linked, not written) */
	assert_int_equal(
	        write_site(f, f->site, "same", "a/extra.html", &opts, NULL), 0);
	assert_int_equal(stats.written, 0);
	assert_int_equal(stats.unchanged, 2);
	assert_int_equal(stats.removed, 0);
	assert_true(inode_of(f->site, "index.html") == index_ino);
	assert_true(inode_of(f->site, "a/extra.html") == extra_ino);
	/* one page changed, one gone */
	assert_int_equal(write_site(f, f->site, "changed", NULL, &opts, NULL),
	                 0);
	assert_int_equal(stats.written, 1);
	assert_int_equal(stats.unchanged, 0);
	assert_int_equal(stats.removed, 1);
	assert_file(f->site, "index.html", "changed");
	assert_false(exists(f->site, "a/extra.html"));
	assert_int_equal(count_entries(f->root), 1);
}

/*
 * The previous site read beside the load (oldsite): pages are told by
 * digest; the same bytes are linked, other bytes (same size or not) and
 * new paths are written; a file that is no page (a link, a FIFO) is not
 * read and not linked.
 */
static void
old_site_read_beforehand_links_same_bytes_only(void **state)
{
	struct fixture *f = *state;
	struct site_opts opts = SITE_OPTS_INIT;
	struct site_stats stats;
	struct oldsite *o = NULL;
	char path[512];
	ino_t ino, extra;

	opts.stats = &stats;
	assert_int_equal(
	        write_site(f, f->site, "abcdef", "a/extra.html", &opts, NULL),
	        0);
	ino = inode_of(f->site, "index.html");
	extra = inode_of(f->site, "a/extra.html");
	snprintf(path, sizeof(path), "%s/fifo", f->site);
	assert_int_equal(mkfifo(path, 0600), 0);
	snprintf(path, sizeof(path), "%s/link", f->site);
	assert_int_equal(symlink("index.html", path), 0);
	/* not a folder of ours: nothing is read */
	assert_int_equal(oldsite_start(&o, f->root), 0);
	assert_null(o);
	assert_int_equal(oldsite_start(&o, f->site), 0);
	assert_non_null(o);
	assert_int_equal(oldsite_finish(o, f->site), 1);
	assert_true(oldsite_same(o, "index.html", "abcdef", 6));
	assert_false(oldsite_same(o, "index.html", "abcdeX", 6));
	assert_false(oldsite_same(o, "index.html", "abcde", 5));
	assert_true(oldsite_same(o, "a/extra.html", "extra", 5));
	assert_false(oldsite_has(o, "fifo"));
	assert_false(oldsite_has(o, "link"));
	assert_false(oldsite_same(o, "missing.html", "", 0));
	opts.old = o;
	/* same bytes: linked; a changed page: written */
	assert_int_equal(
	        write_site(f, f->site, "abcdef", "a/extra.html", &opts, NULL),
	        0);
	assert_int_equal(stats.unchanged, 2);
	assert_true(inode_of(f->site, "index.html") == ino);
	assert_true(inode_of(f->site, "a/extra.html") == extra);
	oldsite_free(o);
	assert_int_equal(oldsite_start(&o, f->site), 0);
	opts.old = o;
	assert_int_equal(
	        write_site(f, f->site, "abcdeX", "a/extra.html", &opts, NULL),
	        0);
	assert_int_equal(stats.unchanged, 1);
	assert_int_equal(stats.written, 1);
	assert_file(f->site, "index.html", "abcdeX");
	assert_true(inode_of(f->site, "a/extra.html") == extra);
	oldsite_free(o);
}

static int
refuse_swap(void *arg)
{
	(void)arg;
	return -1;
}

/*
 * Nothing changed (every page, the marker, nothing else in the old site):
 * the old site stays as it is, its folder included; anything else in it
 * (a file, an empty folder, a link) or a changed page makes a new site,
 * with the unchanged pages linked and the stray entries gone.
 */
static void
unchanged_rebuild_touches_nothing(void **state)
{
	struct fixture *f = *state;
	struct site_opts opts = SITE_OPTS_INIT;
	struct site_stats stats;
	struct oldsite *o = NULL;
	char path[512];
	ino_t dir, extra;
	const char *stray[] = {"stray.txt", "a/empty", "link"};
	size_t k;

	opts.stats = &stats;
	assert_int_equal(
	        write_site(f, f->site, "one", "a/extra.html", &opts, NULL), 0);
	dir = inode_of(f->site, "");
	extra = inode_of(f->site, "a/extra.html");
	assert_int_equal(oldsite_start(&o, f->site), 0);
	opts.old = o;
	assert_int_equal(
	        write_site(f, f->site, "one", "a/extra.html", &opts, NULL), 0);
	assert_int_equal(stats.unchanged, 2);
	assert_int_equal(stats.written, 0);
	assert_true(inode_of(f->site, "") == dir);
	assert_int_equal(count_entries(f->root), 1); /* no stage left */
	oldsite_free(o);
	/* the checks refuse: still nothing changes, and it fails */
	assert_int_equal(oldsite_start(&o, f->site), 0);
	opts.old = o;
	opts.before_swap = refuse_swap;
	assert_int_equal(
	        write_site(f, f->site, "one", "a/extra.html", &opts, NULL), -1);
	opts.before_swap = NULL;
	assert_true(inode_of(f->site, "") == dir);
	assert_int_equal(count_entries(f->root), 1);
	oldsite_free(o);
	/* each stray entry makes a new site without it */
	for (k = 0; k < sizeof(stray) / sizeof(stray[0]); k++) {
		snprintf(path, sizeof(path), "%s/%s", f->site, stray[k]);
		if (k == 0)
			helpers_write_file(f->site, stray[k], "x");
		if (k == 1)
			assert_int_equal(mkdir(path, 0777), 0);
		if (k == 2)
			assert_int_equal(symlink("index.html", path), 0);
		assert_int_equal(oldsite_start(&o, f->site), 0);
		opts.old = o;
		assert_int_equal(write_site(f, f->site, "one", "a/extra.html",
		                            &opts, NULL),
		                 0);
		oldsite_free(o);
		assert_true(inode_of(f->site, "") != dir);
		dir = inode_of(f->site, "");
		assert_false(exists(f->site, stray[k]));
		assert_true(inode_of(f->site, "a/extra.html") == extra);
		assert_int_equal(stats.unchanged, 2);
		assert_int_equal(count_entries(f->root), 1);
	}
	/* a changed page: written, the other one linked */
	assert_int_equal(oldsite_start(&o, f->site), 0);
	opts.old = o;
	assert_int_equal(
	        write_site(f, f->site, "two", "a/extra.html", &opts, NULL), 0);
	oldsite_free(o);
	assert_int_equal(stats.written, 1);
	assert_int_equal(stats.unchanged, 1);
	assert_true(inode_of(f->site, "") != dir);
	assert_true(inode_of(f->site, "a/extra.html") == extra);
	assert_file(f->site, "index.html", "two");
	/* a page gone: a new site without it */
	dir = inode_of(f->site, "");
	assert_int_equal(oldsite_start(&o, f->site), 0);
	opts.old = o;
	assert_int_equal(write_site(f, f->site, "two", NULL, &opts, NULL), 0);
	oldsite_free(o);
	assert_true(inode_of(f->site, "") != dir);
	assert_false(exists(f->site, "a/extra.html"));
	assert_int_equal(stats.removed, 1);
}

/*
 * An unchanged page whose old file goes away after it was read (before
 * the deferred link) is written instead: the build does not fail.
 */
static void
old_file_gone_before_its_link_is_written(void **state)
{
	struct fixture *f = *state;
	struct site_opts opts = SITE_OPTS_INIT;
	struct site_stats stats;
	struct oldsite *o = NULL;
	char path[512];

	opts.stats = &stats;
	assert_int_equal(
	        write_site(f, f->site, "one", "a/extra.html", &opts, NULL), 0);
	assert_int_equal(oldsite_start(&o, f->site), 0);
	assert_int_equal(oldsite_finish(o, f->site), 1);
	snprintf(path, sizeof(path), "%s/a/extra.html", f->site);
	assert_int_equal(unlink(path), 0);
	opts.old = o;
	assert_int_equal(
	        write_site(f, f->site, "two", "a/extra.html", &opts, NULL), 0);
	assert_int_equal(diag_count(f->diags), 0);
	assert_file(f->site, "index.html", "two");
	assert_file(f->site, "a/extra.html", "extra");
	oldsite_free(o);
}

/*
 * A read of a folder that another build replaced before the write is not
 * used: the pages are compared with the files now there.
 */
static void
old_site_replaced_since_is_not_trusted(void **state)
{
	struct fixture *f = *state;
	struct site_opts opts = SITE_OPTS_INIT;
	struct site_stats stats;
	struct oldsite *o = NULL;
	char aside[256];

	opts.stats = &stats;
	assert_int_equal(write_site(f, f->site, "one", NULL, &opts, NULL), 0);
	assert_int_equal(oldsite_start(&o, f->site), 0);
	assert_non_null(o);
	/* wait for the read, then swap another site in (what a concurrent
	 * build does: a new folder at the path) */
	assert_int_equal(oldsite_finish(o, f->site), 1);
	assert_true(oldsite_same(o, "index.html", "one", 3));
	oldsite_free(o);
	assert_int_equal(oldsite_start(&o, f->site), 0);
	snprintf(aside, sizeof(aside), "%s/aside", f->root);
	assert_int_equal(rename(f->site, aside), 0);
	assert_int_equal(write_site(f, f->site, "two", NULL, &opts, NULL), 0);
	assert_int_equal(oldsite_finish(o, f->site), 0);
	assert_false(oldsite_same(o, "index.html", "one", 3));
	opts.old = o;
	/* "one" is what the read saw; "two" is what is there */
	assert_int_equal(write_site(f, f->site, "two", NULL, &opts, NULL), 0);
	assert_int_equal(stats.unchanged, 1);
	assert_file(f->site, "index.html", "two");
	oldsite_free(o);
	path_remove_tree(aside);
}

/*
 * The old file is compared byte for byte, its size read off the reads:
 * same size other bytes, a longer file, a shorter one and a FIFO (which
 * must not hang the build) are written anew; a page in a folder the old
 * site lacks gets its folder.
 */
static void
changed_bytes_are_written_whatever_the_size(void **state)
{
	struct fixture *f = *state;
	struct site_opts opts = SITE_OPTS_INIT;
	struct site_stats stats;
	char path[512];
	ino_t ino;

	opts.stats = &stats;
	assert_int_equal(write_site(f, f->site, "abcdef", NULL, &opts, NULL),
	                 0);
	ino = inode_of(f->site, "index.html");
	assert_int_equal(write_site(f, f->site, "abcdeX", NULL, &opts, NULL),
	                 0);
	assert_int_equal(stats.written, 1);
	assert_int_equal(stats.unchanged, 0);
	assert_true(inode_of(f->site, "index.html") != ino);
	assert_file(f->site, "index.html", "abcdeX");
	/* the old file holds the new bytes and more */
	assert_int_equal(write_site(f, f->site, "abcde", NULL, &opts, NULL), 0);
	assert_int_equal(stats.unchanged, 0);
	assert_file(f->site, "index.html", "abcde");
	/* the old file is the start of the new bytes */
	assert_int_equal(write_site(f, f->site, "abcdef", NULL, &opts, NULL),
	                 0);
	assert_int_equal(stats.unchanged, 0);
	assert_file(f->site, "index.html", "abcdef");
	/* a FIFO where a page was */
	snprintf(path, sizeof(path), "%s/index.html", f->site);
	assert_int_equal(unlink(path), 0);
	assert_int_equal(mkfifo(path, 0600), 0);
	assert_int_equal(
	        write_site(f, f->site, "abcdef", "x/y/z.html", &opts, NULL), 0);
	assert_int_equal(stats.unchanged, 0);
	assert_int_equal(stats.written, 2);
	assert_file(f->site, "index.html", "abcdef");
	assert_file(f->site, "x/y/z.html", "extra");
	/* and now both are the same */
	assert_int_equal(
	        write_site(f, f->site, "abcdef", "x/y/z.html", &opts, NULL), 0);
	assert_int_equal(stats.unchanged, 2);
}

static void
stale_staging_folders_are_removed(void **state)
{
	struct fixture *f = *state;
	char stale[512];

	/* what a build killed with SIGKILL leaves beside the site */
	snprintf(stale, sizeof(stale), "%s/.site.tmp-AbC123", f->root);
	assert_int_equal(mkdir(stale, 0700), 0);
	snprintf(stale, sizeof(stale), "%s/.site.tmp-AbC123/index.html",
	         f->root);
	fclose(fopen(stale, "w"));
	/* and a folder that only looks alike is left alone */
	snprintf(stale, sizeof(stale), "%s/.site.tmp-keep-me", f->root);
	assert_int_equal(mkdir(stale, 0700), 0);
	assert_int_equal(write_site(f, f->site, "new", NULL, NULL, NULL), 0);
	assert_false(exists(f->root, ".site.tmp-AbC123"));
	assert_true(exists(f->root, ".site.tmp-keep-me"));
	assert_int_equal(count_entries(f->root), 2);
	/*
	 * Killed between the two renames of a system without exchange: the
	 * old site aside, none in place. It is put back, then replaced.
	 */
	snprintf(stale, sizeof(stale), "%s/.site.old-XyZ789", f->root);
	assert_int_equal(rename(f->site, stale), 0);
	assert_int_equal(write_site(f, f->site, "newer", NULL, NULL, NULL), 0);
	assert_file(f->site, "index.html", "newer");
	assert_false(exists(f->root, ".site.old-XyZ789"));
	assert_int_equal(count_entries(f->root), 2);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test_setup_teardown(
	                unchanged_files_are_kept_not_rewritten, setup,
	                teardown),
	        cmocka_unit_test_setup_teardown(
	                changed_bytes_are_written_whatever_the_size, setup,
	                teardown),
	        cmocka_unit_test_setup_teardown(
	                old_site_read_beforehand_links_same_bytes_only, setup,
	                teardown),
	        cmocka_unit_test_setup_teardown(
	                old_site_replaced_since_is_not_trusted, setup,
	                teardown),
	        cmocka_unit_test_setup_teardown(
	                unchanged_rebuild_touches_nothing, setup, teardown),
	        cmocka_unit_test_setup_teardown(
	                old_file_gone_before_its_link_is_written, setup,
	                teardown),
	        cmocka_unit_test_setup_teardown(
	                stale_staging_folders_are_removed, setup, teardown),
	        cmocka_unit_test_setup_teardown(writes_a_new_site_with_parents,
	                                        setup, teardown),
	        cmocka_unit_test_setup_teardown(
	                pages_in_many_folders_each_in_its_place, setup,
	                teardown),
	        cmocka_unit_test_setup_teardown(
	                page_under_a_file_fails_with_its_path, setup, teardown),
	        cmocka_unit_test_setup_teardown(replaces_its_own_site, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(
	                refuses_a_folder_that_is_not_a_site, setup, teardown),
	        cmocka_unit_test_setup_teardown(force_replaces_a_foreign_folder,
	                                        setup, teardown),
	        cmocka_unit_test_setup_teardown(empty_folder_is_accepted, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(
	                failed_build_leaves_the_previous_site, setup, teardown),
	        cmocka_unit_test_setup_teardown(
	                refuses_a_folder_holding_the_spec, setup, teardown),
	        cmocka_unit_test_setup_teardown(output_that_is_a_file_fails,
	                                        setup, teardown),
	        cmocka_unit_test_setup_teardown(
	                user_assets_override_the_default, setup, teardown),
	        cmocka_unit_test_setup_teardown(missing_themes_are_reported,
	                                        setup, teardown),
	        cmocka_unit_test_setup_teardown(
	                rendered_page_goes_straight_to_its_file, setup,
	                teardown),
	        cmocka_unit_test_setup_teardown(
	                page_that_fails_to_render_leaves_the_old_site, setup,
	                teardown),
	};

	return cmocka_run_group_tests_name("site", tests, NULL, NULL);
}
