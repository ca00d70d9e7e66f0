/* Tests of the file name helpers (path). */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/path.h"

static void
join_puts_one_slash_between(void **state)
{
	char *p;

	(void)state;
	p = path_join("a/b", "c.json");
	assert_string_equal(p, "a/b/c.json");
	free(p);
	p = path_join("", "x");
	assert_string_equal(p, "/x");
	free(p);
	p = path_join("x/", "");
	assert_string_equal(p, "x//");
	free(p);
}

/* s is a new string equal to want; frees it. */
static void
eq(char *s, const char *want)
{
	assert_non_null(s);
	assert_string_equal(s, want);
	free(s);
}

static void
norm_dir_resolve_decode(void **state)
{
	int nul;

	(void)state;
	eq(path_norm("a/./b//c/../d"), "a/b/d");
	eq(path_norm("../../x"), "../../x");
	eq(path_norm("a/../../x"), "../x");
	eq(path_norm("/../etc"), "/etc");
	eq(path_norm(""), ".");
	eq(path_dir("a/b.yaml"), "a");
	eq(path_dir("/x"), "/");
	eq(path_dir("x"), "");
	eq(path_resolve("api/v1", "../common/m.yaml"), "api/common/m.yaml");
	eq(path_resolve("api", "/abs/x.yaml"), "/abs/x.yaml");
	eq(path_resolve("", "./x.yaml"), "x.yaml");
	eq(path_pct_decode("a%20b%zz", 8, &nul), "a b%zz");
	assert_int_equal(nul, 0);
	free(path_pct_decode("a%00b", 5, &nul));
	assert_int_equal(nul, 1);
}

/* Writes a small file at path. */
static void
touch(const char *path)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs("x\n", f);
	fclose(f);
}

/*
 * rm -rf: files, folders, a link to a folder outside (removed, its
 * target kept), a tree deeper than the descriptors remove_at keeps open
 * (the nftw() fallback), a lone file; a missing path is ENOENT.
 */
static void
remove_tree_removes_all_and_follows_no_link(void **state)
{
	char root[] = "/tmp/asyncdoc-path-XXXXXX", p[4096], keep[4200];
	size_t len;
	int i;

	(void)state;
	assert_non_null(mkdtemp(root));
	snprintf(keep, sizeof(keep), "%s/keep", root);
	assert_int_equal(mkdir(keep, 0777), 0);
	snprintf(p, sizeof(p), "%s/keep/precious", root);
	touch(p);
	snprintf(p, sizeof(p), "%s/site", root);
	assert_int_equal(mkdir(p, 0777), 0);
	snprintf(p, sizeof(p), "%s/site/index.html", root);
	touch(p);
	snprintf(p, sizeof(p), "%s/site/link", root);
	assert_int_equal(symlink(keep, p), 0);
	snprintf(p, sizeof(p), "%s/site", root);
	len = strlen(p);
	for (i = 0; i < 40; i++) {
		snprintf(p + len, sizeof(p) - len, "/d%d", i);
		len = strlen(p);
		assert_int_equal(mkdir(p, 0777), 0);
		snprintf(p + len, sizeof(p) - len, "/f");
		touch(p);
		p[len] = '\0';
	}
	snprintf(p, sizeof(p), "%s/site", root);
	assert_int_equal(path_remove_tree(p), 0);
	assert_int_equal(access(p, F_OK), -1);
	snprintf(p, sizeof(p), "%s/keep/precious", root);
	assert_int_equal(access(p, F_OK), 0);
	/* a file is removed as it is */
	assert_int_equal(path_remove_tree(p), 0);
	assert_int_equal(access(p, F_OK), -1);
	errno = 0;
	assert_int_equal(path_remove_tree(p), -1);
	assert_int_equal(errno, ENOENT);
	assert_int_equal(path_remove_tree(root), 0);
	assert_int_equal(access(root, F_OK), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(join_puts_one_slash_between),
	        cmocka_unit_test(norm_dir_resolve_decode),
	        cmocka_unit_test(remove_tree_removes_all_and_follows_no_link),
	};

	return cmocka_run_group_tests_name("path", tests, NULL, NULL);
}
