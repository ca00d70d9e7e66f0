/*
 * The official JSON Schema test suite, draft-07, against src/jsonschema.
 *
 * Every required case (the .json files of tests/draft7) must pass; the
 * optional ones (under tests/draft7/optional) are run and counted in the
 * test log, never failing the run.
 *
 * Where the suite is: $JSONSCHEMA_SUITE_DIR, else the configure-time
 * JSONSCHEMA_SUITE_DIR (Debian's json-schema-test-suite package installs it
 * in /usr/share/json-schema-test-suite).
 *
 * Remote refs, without a server, through jsonschema_opts.load:
 * http://localhost:1234/X is read from <suite>/remotes/X, and the draft-07
 * meta-schema (http://json-schema.org/draft-07/schema) from
 * $JSONSCHEMA_DRAFT7_METASCHEMA, else python3-jsonschema's copy (a
 * dependency of the Debian package).
 */
#include "config.h"

#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#include <cJSON.h>

#include "check/jsonschema.h"

#ifndef JSONSCHEMA_SUITE_DIR
#define JSONSCHEMA_SUITE_DIR "/usr/share/json-schema-test-suite"
#endif
#define METASCHEMA_DEFAULT                                                     \
	"/usr/lib/python3/dist-packages/jsonschema/schemas/draft7.json"
#define REMOTE_PREFIX "http://localhost:1234/"
#define META_URI      "http://json-schema.org/draft-07/schema"

static const char *
suite_dir(void)
{
	const char *d = getenv("JSONSCHEMA_SUITE_DIR");

	return d && *d ? d : JSONSCHEMA_SUITE_DIR;
}

static cJSON *
read_json(const char *path)
{
	FILE *fp = fopen(path, "rb");
	char *buf = NULL;
	long len;
	cJSON *j = NULL;

	if (fp == NULL)
		return NULL;
	if (fseek(fp, 0, SEEK_END) == 0 && (len = ftell(fp)) >= 0 &&
	    fseek(fp, 0, SEEK_SET) == 0 &&
	    (buf = malloc((size_t)len + 1)) != NULL &&
	    fread(buf, 1, (size_t)len, fp) == (size_t)len) {
		buf[len] = '\0';
		j = cJSON_Parse(buf);
	}
	free(buf);
	fclose(fp);
	return j;
}

/* Documents handed to the validator through the load hook. */
struct remotes {
	cJSON *docs[32];
	size_t n;
};

static const cJSON *
load_remote(void *ctx, const char *uri)
{
	struct remotes *r = ctx;
	char path[4096];
	const char *meta = getenv("JSONSCHEMA_DRAFT7_METASCHEMA");
	cJSON *doc;

	if (strncmp(uri, REMOTE_PREFIX, strlen(REMOTE_PREFIX)) == 0)
		snprintf(path, sizeof(path), "%s/remotes/%s", suite_dir(),
		         uri + strlen(REMOTE_PREFIX));
	else if (strcmp(uri, META_URI) == 0)
		snprintf(path, sizeof(path), "%s",
		         meta && *meta ? meta : METASCHEMA_DEFAULT);
	else
		return NULL;
	if (r->n == sizeof(r->docs) / sizeof(r->docs[0]))
		return NULL;
	doc = read_json(path);
	if (doc != NULL)
		r->docs[r->n++] = doc;
	return doc;
}

struct tally {
	size_t files, groups, cases, passed, failed;
};

/* Runs one suite file; prints each failure as a TAP comment. */
static void
run_file(const char *path, struct tally *t)
{
	cJSON *doc = read_json(path), *g, *tc;
	struct jsonschema_opts opts = JSONSCHEMA_OPTS_INIT;
	struct jsonschema *js;
	struct jsonschema_result *res;
	struct remotes rem;
	int want, got, checked;
	size_t i;

	if (doc == NULL) {
		print_message("# cannot read %s\n", path);
		t->failed++;
		return;
	}
	t->files++;
	cJSON_ArrayForEach(g, doc)
	{
		const cJSON *schema =
		        cJSON_GetObjectItemCaseSensitive(g, "schema");
		const cJSON *desc =
		        cJSON_GetObjectItemCaseSensitive(g, "description");

		t->groups++;
		memset(&rem, 0, sizeof(rem));
		opts.load = load_remote;
		opts.load_ctx = &rem;
		js = NULL;
		if (jsonschema_new(&js, schema, &opts, NULL) < 0) {
			print_message("# %s: '%s': schema not compiled\n", path,
			              desc ? desc->valuestring : "?");
		}
		cJSON_ArrayForEach(tc,
		                   cJSON_GetObjectItemCaseSensitive(g, "tests"))
		{
			const cJSON *data =
			        cJSON_GetObjectItemCaseSensitive(tc, "data");
			const cJSON *td = cJSON_GetObjectItemCaseSensitive(
			        tc, "description");

			t->cases++;
			want = cJSON_IsTrue(
			        cJSON_GetObjectItemCaseSensitive(tc, "valid"));
			got = -1;
			checked = -1;
			res = NULL;
			if (js != NULL &&
			    jsonschema_validate(&res, js, data, NULL, NULL,
			                        NULL) == 0) {
				got = jsonschema_result_valid(res);
				checked = jsonschema_check(js, data, NULL, NULL,
				                           NULL);
			}
			/* both entry points must agree with the suite */
			if (got == want && checked == want) {
				t->passed++;
			} else {
				t->failed++;
				print_message(
				        "# FAIL %s: '%s' / '%s': expected "
				        "%s, got %s (check %d)\n",
				        path, desc ? desc->valuestring : "?",
				        td ? td->valuestring : "?",
				        want ? "valid" : "invalid",
				        got == 1   ? "valid"
				        : got == 0 ? "invalid"
				                   : "error",
				        checked);
				for (i = 0;
				     res && i < jsonschema_result_count(res);
				     i++)
					print_message(
					        "#   %s: %s\n",
					        jsonschema_result_error(res, i)
					                ->instance_path,
					        jsonschema_result_error(res, i)
					                ->message);
			}
			jsonschema_result_free(res);
		}
		jsonschema_free(js);
		for (i = 0; i < rem.n; i++)
			cJSON_Delete(rem.docs[i]);
	}
	cJSON_Delete(doc);
}

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Runs every *.json under dir (recursing when deep), in name order. */
static void
run_dir(const char *dir, int deep, struct tally *t)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char *names[256], path[4096];
	size_t n = 0, i, len;
	struct stat st;

	if (d == NULL) {
		print_message("# cannot open %s\n", dir);
		t->failed++;
		return;
	}
	while ((de = readdir(d)) != NULL && n < 256) {
		if (de->d_name[0] == '.')
			continue;
		names[n] = strdup(de->d_name);
		if (names[n] != NULL)
			n++;
	}
	closedir(d);
	qsort(names, n, sizeof(names[0]), name_cmp);
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		len = strlen(names[i]);
		if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
			if (deep)
				run_dir(path, deep, t);
		} else if (len > 5 &&
		           strcmp(names[i] + len - 5, ".json") == 0) {
			run_file(path, t);
		}
		free(names[i]);
	}
}

static void
draft7_required_all_pass(void **state)
{
	struct tally t = {0};
	char dir[4096];

	snprintf(dir, sizeof(dir), "%s/tests/draft7", suite_dir());
	run_dir(dir, 0, &t);
	print_message("# draft7 required: %zu files, %zu groups, %zu cases: "
	              "%zu passed, %zu failed\n",
	              t.files, t.groups, t.cases, t.passed, t.failed);
	/* the Debian 2.0.0 package has 35 files and 423 cases */
	assert_true(t.files >= 35);
	assert_true(t.cases >= 423);
	assert_int_equal(t.failed, 0);
	assert_int_equal(t.passed, t.cases);
}

static void
draft7_optional_reported(void **state)
{
	struct tally t = {0};
	char dir[4096];

	snprintf(dir, sizeof(dir), "%s/tests/draft7/optional", suite_dir());
	run_dir(dir, 1, &t);
	print_message("# draft7 optional: %zu files, %zu groups, %zu cases: "
	              "%zu passed, %zu failed (reported, not asserted)\n",
	              t.files, t.groups, t.cases, t.passed, t.failed);
	assert_true(t.files > 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(draft7_required_all_pass),
	        cmocka_unit_test(draft7_optional_reported),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
