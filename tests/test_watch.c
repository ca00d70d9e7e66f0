/* Tests of the file watcher: inotify on folders, debounce, polling. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "serve/watch.h"
#include "helpers.h"
#include "util/path.h"

/* Long enough for any loaded machine; a change ends the wait at once. */
#define CHANGE_MS 5000
/* How long "nothing happens" is watched for. */
#define QUIET_MS 400

struct fixture {
	char root[64];
	char a[128];   /* root/a.yaml, watched */
	char sub[128]; /* root/sub */
	char c[160];   /* root/sub/c.yaml */
	struct watch *w;
};

/* Saves as editors do: a temporary file renamed over the old one. */
static void
save_by_rename(const char *path, const char *text)
{
	char tmp[256];

	snprintf(tmp, sizeof(tmp), "%s.tmp~", path);
	helpers_write_file(NULL, tmp, text);
	assert_int_equal(rename(tmp, path), 0);
}

static int
setup_opts(void **state, int force_poll)
{
	struct watch_opts opts = WATCH_OPTS_INIT;
	struct fixture *f = calloc(1, sizeof(*f));
	const char *files[1];

	if (f == NULL)
		return -1;
	strcpy(f->root, "/tmp/asyncdoc-test-watch-XXXXXX");
	if (mkdtemp(f->root) == NULL)
		return -1;
	snprintf(f->a, sizeof(f->a), "%s/a.yaml", f->root);
	snprintf(f->sub, sizeof(f->sub), "%s/sub", f->root);
	snprintf(f->c, sizeof(f->c), "%s/c.yaml", f->sub);
	if (mkdir(f->sub, 0777) != 0)
		return -1;
	helpers_write_file(NULL, f->a, "a: 1\n");
	helpers_write_file(NULL, f->c, "c: 1\n");
	opts.debounce_ms = 100;
	opts.poll_ms = 50;
	opts.force_poll = force_poll;
	if (watch_new(&f->w, &opts) != 0)
		return -1;
	files[0] = f->a;
	if (watch_set_files(f->w, files, 1) != 0)
		return -1;
	*state = f;
	return 0;
}

static int
setup(void **state)
{
	return setup_opts(state, 0);
}

static int
setup_poll(void **state)
{
	return setup_opts(state, 1);
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	watch_free(f->w);
	path_remove_tree(f->root);
	free(f);
	return 0;
}

static void
uses_inotify(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(watch_polling(f->w), 0);
	assert_int_equal(watch_file_count(f->w), 1);
	assert_int_equal(watch_dir_count(f->w), 1);
}

static void
nothing_changed_is_a_timeout(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(watch_wait(f->w, QUIET_MS), WATCH_TIMEOUT);
}

static void
write_is_seen(void **state)
{
	struct fixture *f = *state;

	helpers_write_file(NULL, f->a, "a: 2\n");
	assert_int_equal(watch_wait(f->w, CHANGE_MS), WATCH_CHANGED);
	assert_int_equal(watch_wait(f->w, QUIET_MS), WATCH_TIMEOUT);
}

/* A watch on the file itself would die with the first rename. */
static void
rename_saves_are_all_seen(void **state)
{
	struct fixture *f = *state;

	save_by_rename(f->a, "a: 22\n");
	assert_int_equal(watch_wait(f->w, CHANGE_MS), WATCH_CHANGED);
	save_by_rename(f->a, "a: 333\n");
	assert_int_equal(watch_wait(f->w, CHANGE_MS), WATCH_CHANGED);
	helpers_write_file(NULL, f->a, "a: 4444\n");
	assert_int_equal(watch_wait(f->w, CHANGE_MS), WATCH_CHANGED);
}

static void
other_files_are_ignored(void **state)
{
	struct fixture *f = *state;
	char path[256];

	snprintf(path, sizeof(path), "%s/notes.txt", f->root);
	helpers_write_file(NULL, path, "x");
	snprintf(path, sizeof(path), "%s/.a.yaml.swp", f->root);
	helpers_write_file(NULL, path, "x");
	snprintf(path, sizeof(path), "%s/a.yaml~", f->root);
	helpers_write_file(NULL, path, "x");
	/* In a folder not watched. */
	helpers_write_file(NULL, f->c, "c: 2\n");
	assert_int_equal(watch_wait(f->w, QUIET_MS), WATCH_TIMEOUT);
}

/* A file a broken $ref names may be created next. */
static void
new_spec_files_are_seen(void **state)
{
	struct fixture *f = *state;
	char path[256];

	snprintf(path, sizeof(path), "%s/new.json", f->root);
	helpers_write_file(NULL, path, "{}");
	assert_int_equal(watch_wait(f->w, CHANGE_MS), WATCH_CHANGED);
}

static void
a_burst_is_one_change(void **state)
{
	struct fixture *f = *state;
	char text[32];
	int i;

	for (i = 0; i < 5; i++) {
		snprintf(text, sizeof(text), "a: %d\n", 100 + i);
		save_by_rename(f->a, text);
	}
	assert_int_equal(watch_wait(f->w, CHANGE_MS), WATCH_CHANGED);
	assert_int_equal(watch_wait(f->w, QUIET_MS), WATCH_TIMEOUT);
}

static void
deleting_counts(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(unlink(f->a), 0);
	assert_int_equal(watch_wait(f->w, CHANGE_MS), WATCH_CHANGED);
}

/* The set follows the $ref graph: new folders watched, old ones dropped. */
static void
the_set_can_change(void **state)
{
	struct fixture *f = *state;
	const char *two[2] = {f->a, f->c};
	const char *one[1] = {f->a};

	assert_int_equal(watch_set_files(f->w, two, 2), 0);
	assert_int_equal(watch_file_count(f->w), 2);
	if (!watch_polling(f->w))
		assert_int_equal(watch_dir_count(f->w), 2);
	save_by_rename(f->c, "c: 2\n");
	assert_int_equal(watch_wait(f->w, CHANGE_MS), WATCH_CHANGED);
	assert_int_equal(watch_set_files(f->w, one, 1), 0);
	if (!watch_polling(f->w))
		assert_int_equal(watch_dir_count(f->w), 1);
	helpers_write_file(NULL, f->c, "c: 33\n");
	assert_int_equal(watch_wait(f->w, QUIET_MS), WATCH_TIMEOUT);
}

/* A save made during a rebuild (before the set is renewed) is not lost. */
static void
changes_before_a_new_set_are_kept(void **state)
{
	struct fixture *f = *state;
	const char *two[2] = {f->a, f->c};

	save_by_rename(f->a, "a: 55555\n");
	usleep(20000);
	assert_int_equal(watch_set_files(f->w, two, 2), 0);
	assert_int_equal(watch_wait(f->w, CHANGE_MS), WATCH_CHANGED);
}

/* Relative names and two spellings of one folder: one watch. */
static void
relative_paths_work(void **state)
{
	struct fixture *f = *state;
	const char *files[2] = {"a.yaml", "./sub/../a.yaml"};
	char cwd[512];

	assert_non_null(getcwd(cwd, sizeof(cwd)));
	assert_int_equal(chdir(f->root), 0);
	assert_int_equal(watch_set_files(f->w, files, 2), 0);
	assert_int_equal(chdir(cwd), 0);
	if (!watch_polling(f->w))
		assert_int_equal(watch_dir_count(f->w), 1);
	helpers_write_file(NULL, f->a, "a: 666666\n");
	assert_int_equal(watch_wait(f->w, CHANGE_MS), WATCH_CHANGED);
}

static void
a_missing_folder_is_skipped(void **state)
{
	struct fixture *f = *state;
	char path[256];
	const char *files[2] = {f->a, path};
	int polling = watch_polling(f->w);

	snprintf(path, sizeof(path), "%s/nowhere/x.yaml", f->root);
	assert_int_equal(watch_set_files(f->w, files, 2), 0);
	/* Not a reason to give up inotify. */
	assert_int_equal(watch_polling(f->w), polling);
	helpers_write_file(NULL, f->a, "a: 7777777\n");
	assert_int_equal(watch_wait(f->w, CHANGE_MS), WATCH_CHANGED);
}

static void
the_wake_fd_ends_a_wait(void **state)
{
	struct watch_opts opts = WATCH_OPTS_INIT;
	struct fixture *f = *state;
	struct watch *w;
	const char *files[1] = {f->a};
	int p[2];

	assert_int_equal(pipe(p), 0);
	opts.wake_fd = p[0];
	opts.force_poll = watch_polling(f->w);
	assert_int_equal(watch_new(&w, &opts), 0);
	assert_int_equal(watch_set_files(w, files, 1), 0);
	assert_int_equal(write(p[1], "x", 1), 1);
	assert_int_equal(watch_wait(w, CHANGE_MS), WATCH_WOKEN);
	/* The watch never reads it: it stays readable. */
	assert_int_equal(watch_wait(w, CHANGE_MS), WATCH_WOKEN);
	watch_free(w);
	close(p[0]);
	close(p[1]);
}

/*
 * A watch of f->a whose debounce (10 s) is longer than any wait of these
 * tests: a change reported within CHANGE_MS ended its burst without it.
 */
static struct watch *
slow_watch(const struct fixture *f)
{
	struct watch_opts opts = WATCH_OPTS_INIT;
	const char *files[1] = {f->a};
	struct watch *w;

	opts.debounce_ms = 10000;
	assert_int_equal(watch_new(&w, &opts), 0);
	assert_int_equal(watch_set_files(w, files, 1), 0);
	assert_int_equal(watch_polling(w), 0);
	return w;
}

/* An editor's save ends with the rename: no debounce. */
static void
a_rename_over_the_file_ends_the_burst(void **state)
{
	struct fixture *f = *state;
	struct watch *w = slow_watch(f);

	save_by_rename(f->a, "a: 8\n");
	assert_int_equal(watch_wait(w, CHANGE_MS), WATCH_CHANGED);
	assert_int_equal(watch_dirs_changed(w), 0);
	/* and again: the burst was forgotten */
	save_by_rename(f->a, "a: 88\n");
	assert_int_equal(watch_wait(w, CHANGE_MS), WATCH_CHANGED);
	watch_free(w);
}

/* So does a close after writing. */
static void
a_close_after_writing_ends_the_burst(void **state)
{
	struct fixture *f = *state;
	struct watch *w = slow_watch(f);

	helpers_write_file(NULL, f->a, "a: 9\n");
	assert_int_equal(watch_wait(w, CHANGE_MS), WATCH_CHANGED);
	watch_free(w);
}

/* A file still open for writing may be half written: debounced. */
static void
a_write_without_close_waits(void **state)
{
	struct fixture *f = *state;
	struct watch *w = slow_watch(f);
	int fd;

	/* a whole save first: the write after it is what counts */
	helpers_write_file(NULL, f->a, "a: 1\n");
	fd = open(f->a, O_WRONLY | O_TRUNC);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "a:", 2), 2);
	assert_int_equal(watch_wait(w, QUIET_MS), WATCH_TIMEOUT);
	/* the rest, and the close that completes the save */
	assert_int_equal(write(fd, " 10\n", 4), 4);
	assert_int_equal(close(fd), 0);
	assert_int_equal(watch_wait(w, CHANGE_MS), WATCH_CHANGED);
	watch_free(w);
}

/* A checkout writes several files: debounced, even when each is closed. */
static void
several_files_keep_the_debounce(void **state)
{
	struct fixture *f = *state;
	struct watch *w = slow_watch(f);
	char b[160];
	const char *files[2] = {f->a, b};

	snprintf(b, sizeof(b), "%s/b.yaml", f->root);
	helpers_write_file(NULL, b, "b: 1\n");
	assert_int_equal(watch_set_files(w, files, 2), 0);
	helpers_write_file(NULL, f->a, "a: 11\n");
	helpers_write_file(NULL, b, "b: 2\n");
	assert_int_equal(watch_wait(w, QUIET_MS), WATCH_TIMEOUT);
	watch_free(w);
}

/* A theme's folder: any file in it counts, and the caller is told. */
static void
whole_folders_are_watched(void **state)
{
	struct fixture *f = *state;
	const char *dirs[1] = {f->sub};
	char path[256];

	assert_int_equal(watch_set_dirs(f->w, dirs, 1), 0);
	if (!watch_polling(f->w))
		assert_int_equal(watch_dir_count(f->w), 2);
	snprintf(path, sizeof(path), "%s/page.html.tpl", f->sub);
	helpers_write_file(NULL, path, "<p>{{x}}</p>");
	assert_int_equal(watch_wait(f->w, CHANGE_MS), WATCH_CHANGED);
	assert_int_equal(watch_dirs_changed(f->w), 1);
	/* hidden files and backups do not count */
	snprintf(path, sizeof(path), "%s/.page.html.tpl.swp", f->sub);
	helpers_write_file(NULL, path, "x");
	snprintf(path, sizeof(path), "%s/page.html.tpl~", f->sub);
	helpers_write_file(NULL, path, "x");
	assert_int_equal(watch_wait(f->w, QUIET_MS), WATCH_TIMEOUT);
	/* a file of the set: no theme change */
	helpers_write_file(NULL, f->a, "a: 12\n");
	assert_int_equal(watch_wait(f->w, CHANGE_MS), WATCH_CHANGED);
	assert_int_equal(watch_dirs_changed(f->w), 0);
	/* a new subfolder (to be watched next) */
	snprintf(path, sizeof(path), "%s/partials", f->sub);
	assert_int_equal(mkdir(path, 0777), 0);
	assert_int_equal(watch_wait(f->w, CHANGE_MS), WATCH_CHANGED);
	assert_int_equal(watch_dirs_changed(f->w), 1);
	/* none any more */
	assert_int_equal(watch_set_dirs(f->w, NULL, 0), 0);
	if (!watch_polling(f->w))
		assert_int_equal(watch_dir_count(f->w), 1);
	helpers_write_file(NULL, f->c, "c: 13\n");
	assert_int_equal(watch_wait(f->w, QUIET_MS), WATCH_TIMEOUT);
}

static void
polls_when_asked(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(watch_polling(f->w), 1);
	assert_int_equal(watch_dir_count(f->w), 0);
}

#define BOTH(fn)                                                               \
	cmocka_unit_test_setup_teardown(fn, setup, teardown),                  \
	        cmocka_unit_test_setup_teardown(fn, setup_poll, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test_setup_teardown(uses_inotify, setup, teardown),
	        cmocka_unit_test_setup_teardown(polls_when_asked, setup_poll,
	                                        teardown),
	        BOTH(nothing_changed_is_a_timeout),
	        BOTH(write_is_seen),
	        BOTH(rename_saves_are_all_seen),
	        BOTH(other_files_are_ignored),
	        cmocka_unit_test_setup_teardown(new_spec_files_are_seen, setup,
	                                        teardown),
	        BOTH(a_burst_is_one_change),
	        BOTH(deleting_counts),
	        BOTH(the_set_can_change),
	        BOTH(changes_before_a_new_set_are_kept),
	        BOTH(relative_paths_work),
	        BOTH(a_missing_folder_is_skipped),
	        BOTH(the_wake_fd_ends_a_wait),
	        cmocka_unit_test_setup_teardown(
	                a_rename_over_the_file_ends_the_burst, setup, teardown),
	        cmocka_unit_test_setup_teardown(
	                a_close_after_writing_ends_the_burst, setup, teardown),
	        cmocka_unit_test_setup_teardown(a_write_without_close_waits,
	                                        setup, teardown),
	        cmocka_unit_test_setup_teardown(several_files_keep_the_debounce,
	                                        setup, teardown),
	        BOTH(whole_folders_are_watched),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
