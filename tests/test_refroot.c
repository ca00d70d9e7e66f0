/*
 * Tests of the ref root (refroot): the git repository of the spec, the
 * current folder holding it, the spec's folder, a given folder; and the
 * loader taking it (a sibling folder inside the root is read, a file
 * outside it is refused with the root and the reason named).
 */
#include "config.h"

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "load/loader.h"
#include "load/refroot.h"
#include "util/diag.h"
#include "util/path.h"
#include "helpers.h"

/* The temporary tree (a realpath) and the folder the tests started in. */
static char tmp[256], start[4096];

static int
setup(void **state)
{
	char t[] = "/tmp/refroot-test-XXXXXX", *r;

	(void)state;
	if (mkdtemp(t) == NULL || getcwd(start, sizeof(start)) == NULL)
		return -1;
	r = realpath(t, NULL);
	if (r == NULL)
		return -1;
	snprintf(tmp, sizeof(tmp), "%s", r);
	free(r);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	if (chdir(start) != 0)
		return -1;
	return path_remove_tree(tmp);
}

/* mkdir -p tmp/rel */
static void
mkdirs(const char *rel)
{
	char p[4096];
	size_t i, n;

	n = (size_t)snprintf(p, sizeof(p), "%s/%s", tmp, rel);
	for (i = strlen(tmp) + 1; i <= n; i++) {
		if (p[i] != '/' && p[i] != '\0')
			continue;
		p[i] = '\0';
		assert_true(mkdir(p, 0700) == 0 || errno == EEXIST);
		if (i < n)
			p[i] = '/';
	}
}

/* tmp/rel in buf. */
static const char *
at(char *buf, size_t size, const char *rel)
{
	int n = snprintf(buf, size, "%s%s%s", tmp, rel[0] ? "/" : "", rel);

	assert_true(n > 0 && (size_t)n < size);
	return buf;
}

/* Asserts the root of spec (tmp-relative) is tmp/want, chosen by how. */
static void
expect(const char *spec, const struct refroot_opts *o, const char *want,
       enum refroot_how how)
{
	char s[4096], w[4096], *root = NULL;
	enum refroot_how h;

	assert_int_equal(refroot_find(&root, &h, at(s, sizeof(s), spec), o),
	                 0);
	assert_string_equal(root, at(w, sizeof(w), want));
	assert_int_equal(h, how);
	free(root);
}

static void
contains_is_by_whole_names(void **state)
{
	(void)state;
	assert_int_equal(refroot_contains("/a/b", "/a/b"), 1);
	assert_int_equal(refroot_contains("/a/b", "/a/b/c.yaml"), 1);
	assert_int_equal(refroot_contains("/a/b", "/a/bc/d.yaml"), 0);
	assert_int_equal(refroot_contains("/a/b", "/a"), 0);
	assert_int_equal(refroot_contains("/", "/etc/passwd"), 1);
}

static void
git_folder_or_file_above_the_spec(void **state)
{
	char buf[4096];

	(void)state;
	assert_int_equal(chdir("/"), 0);
	mkdirs("repo/.git");
	mkdirs("repo/services/a");
	mkdirs("repo/common");
	helpers_write_file(at(buf, sizeof(buf), "repo/services/a"),
	                   "asyncapi.yaml", "asyncapi: 3.0.0\n");
	expect("repo/services/a/asyncapi.yaml", NULL, "repo", REFROOT_GIT);
	/* the nearest one wins: a worktree or submodule has a .git file */
	helpers_write_file(at(buf, sizeof(buf), "repo/services"), ".git",
	                   "gitdir: ../.git/modules/services\n");
	expect("repo/services/a/asyncapi.yaml", NULL, "repo/services",
	       REFROOT_GIT);
	/* a spec in the repository's top folder */
	helpers_write_file(at(buf, sizeof(buf), "repo"), "top.yaml", "x: 1\n");
	expect("repo/top.yaml", NULL, "repo", REFROOT_GIT);
}

static void
current_folder_when_it_holds_the_spec(void **state)
{
	char buf[4096], *root = NULL;
	enum refroot_how h;

	(void)state;
	mkdirs("plain/social/public-api");
	mkdirs("other");
	helpers_write_file(at(buf, sizeof(buf), "plain/social/public-api"),
	                   "asyncapi.yaml", "asyncapi: 2.6.0\n");
	assert_int_equal(chdir(at(buf, sizeof(buf), "plain")), 0);
	expect("plain/social/public-api/asyncapi.yaml", NULL, "plain",
	       REFROOT_CWD);
	/* relative to the current folder, as given on a command line */
	assert_int_equal(refroot_find(&root, &h,
	                              "social/public-api/asyncapi.yaml", NULL),
	                 0);
	assert_string_equal(root, at(buf, sizeof(buf), "plain"));
	free(root);
	/* run from elsewhere: the spec's folder */
	assert_int_equal(chdir(at(buf, sizeof(buf), "other")), 0);
	expect("plain/social/public-api/asyncapi.yaml", NULL,
	       "plain/social/public-api", REFROOT_SPEC_DIR);
	/* the current folder "/" would open everything: the spec's folder */
	assert_int_equal(chdir("/"), 0);
	expect("plain/social/public-api/asyncapi.yaml", NULL,
	       "plain/social/public-api", REFROOT_SPEC_DIR);
}

static void
given_root_or_spec_folder_only(void **state)
{
	struct refroot_opts given = {.given = tmp}, only = {.spec_dir_only = 1};
	struct refroot_opts missing = {.given = "/nonexistent/refroot"};
	char buf[4096], *root = NULL;
	enum refroot_how h;

	(void)state;
	mkdirs("g/.git");
	mkdirs("g/sub");
	helpers_write_file(at(buf, sizeof(buf), "g/sub"), "s.yaml", "x: 1\n");
	expect("g/sub/s.yaml", &given, "", REFROOT_GIVEN);
	expect("g/sub/s.yaml", &only, "g/sub", REFROOT_SPEC_ONLY);
	assert_int_equal(refroot_find(&root, &h, "x.yaml", &missing), -1);
	assert_int_equal(errno, ENOENT);
	assert_null(root);
	assert_non_null(strstr(refroot_how_text(REFROOT_GIT), "git"));
	assert_string_equal(refroot_how_text(REFROOT_SPEC_ONLY),
	                    "the spec's folder");
}

/* The loader with its default root, in a repository laid out as many. */
static void
loader_reads_siblings_in_the_repository(void **state)
{
	char svc[4096], spec[4096], want[8192], *outside;
	struct loader_opts o = LOADER_OPTS_INIT;
	struct loader_doc *doc = NULL;
	struct diag_list *l = diag_list_new();
	const struct diag *d;

	(void)state;
	assert_non_null(l);
	assert_int_equal(chdir("/"), 0);
	mkdirs("r/.git");
	mkdirs("r/services/public-api");
	mkdirs("r/common");
	helpers_write_file(at(svc, sizeof(svc), "r/common"), "messages.yaml",
	                   "liked:\n  payload:\n    type: string\n");
	helpers_write_file(tmp, "secret.yaml", "s: 1\n");
	at(svc, sizeof(svc), "r/services/public-api");
	helpers_write_file(svc, "asyncapi.yaml",
	                   "m:\n  $ref: '../../common/messages.yaml#/liked'\n");
	helpers_write_file(svc, "out.yaml",
	                   "m:\n  $ref: '../../../secret.yaml#/s'\n");
	assert_true(snprintf(spec, sizeof(spec), "%s/asyncapi.yaml", svc) <
	            (int)sizeof(spec));
	assert_int_equal(loader_load(&doc, spec, &o, l), 0);
	assert_int_equal(loader_file_count(doc), 2);
	loader_doc_free(doc);

	assert_true(snprintf(spec, sizeof(spec), "%s/out.yaml", svc) <
	            (int)sizeof(spec));
	assert_int_equal(loader_load(&doc, spec, &o, l), -1);
	d = helpers_find_rule(l, "ref-outside-root");
	assert_non_null(d);
	outside = path_join(tmp, "secret.yaml");
	snprintf(want, sizeof(want),
	         "$ref '../../../secret.yaml#/s' reads '%s' outside the ref "
	         "root '%s/r' (the git repository of the spec; set another "
	         "with --ref-root)",
	         outside, tmp);
	assert_string_equal(d->message, want);
	free(outside);

	/* a given root lets it in; a given root that is no folder fails */
	diag_list_free(l);
	l = diag_list_new();
	o.ref_root = tmp;
	assert_int_equal(loader_load(&doc, spec, &o, l), 0);
	loader_doc_free(doc);
	o.ref_root = "/nonexistent/refroot";
	assert_int_equal(loader_load(&doc, spec, &o, l), -1);
	assert_non_null(helpers_find_rule(l, "io"));
	diag_list_free(l);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(contains_is_by_whole_names),
	        cmocka_unit_test(git_folder_or_file_above_the_spec),
	        cmocka_unit_test(current_folder_when_it_holds_the_spec),
	        cmocka_unit_test(given_root_or_spec_folder_only),
	        cmocka_unit_test(loader_reads_siblings_in_the_repository),
	};

	return cmocka_run_group_tests_name("refroot", tests, setup, teardown);
}
