/* Tests of validate: documents against the official AsyncAPI schemas. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ftw.h>
#include <unistd.h>

#include <cmocka.h>

#include <pthread.h>

#include "util/diag.h"
#include "load/loader.h"
#include "check/validate.h"
#include "helpers.h"
#include "model/model.h"

#define DATA TEST_DATA "/validate/"

/* validate_schema(): the number of errors, or -1 (then *out is 0). */
static int
validate_schema_count(struct diag_list *d, struct loader_doc *doc,
                      const struct validate_opts *opts)
{
	size_t n = 1;

	if (validate_schema(&n, doc, opts, d) < 0) {
		assert_int_equal(n, 0);
		return -1;
	}
	return (int)n;
}

/*
 * Loads DATA/name and validates it; the diagnostics stay in *out (free
 * with diag_list_free). Returns the number of errors, or -1.
 */
static int
check_file(struct diag_list **out, const char *name,
           const struct validate_opts *opts)
{
	struct diag_list *d = diag_list_new();
	struct loader_doc *doc = NULL;
	char path[512];
	int n;

	assert_non_null(d);
	snprintf(path, sizeof(path), DATA "%s", name);
	assert_int_equal(loader_load(&doc, path, NULL, d), 0);
	assert_int_equal(diag_count(d), 0);
	n = validate_schema_count(d, doc, opts);
	loader_doc_free(doc);
	*out = d;
	return n;
}

/* The one diagnostic of a run that found exactly one error. */
static const struct diag *
only_error(struct diag_list *d, int n)
{
	assert_int_equal(n, 1);
	assert_int_equal(diag_count(d), 1);
	assert_int_equal(diag_at(d, 0)->severity, DIAG_ERROR);
	return diag_at(d, 0);
}

static void
assert_ends_with(const char *s, const char *tail)
{
	size_t a, b;

	assert_non_null(s);
	a = strlen(s);
	b = strlen(tail);
	assert_true(a >= b);
	assert_string_equal(s + a - b, tail);
}

static void
versions_listed(void **state)
{
	const char *const *v = validate_versions();
	size_t n;

	for (n = 0; v[n] != NULL; n++)
		;
	assert_int_equal(n, 9);
	assert_string_equal(v[0], "2.0.0");
	assert_string_equal(v[6], "2.6.0");
	assert_string_equal(v[7], "3.0.0");
	assert_string_equal(v[8], "3.1.0");
}

static void
valid_v2_passes(void **state)
{
	struct diag_list *d;

	assert_int_equal(check_file(&d, "v2-valid.yaml", NULL), 0);
	assert_int_equal(diag_count(d), 0);
	diag_list_free(d);
}

static void
valid_v3_passes(void **state)
{
	struct diag_list *d;

	assert_int_equal(check_file(&d, "v3-valid.yaml", NULL), 0);
	assert_int_equal(diag_count(d), 0);
	diag_list_free(d);
}

/*
 * operation.channel, operation.messages[], reply.channel,
 * reply.messages[] and channel.servers[] as $refs (the only form the
 * schema allows there) pass once the refs are followed: the v3 patch.
 */
static void
v3_reference_places_pass(void **state)
{
	struct diag_list *d;

	assert_int_equal(check_file(&d, "v31-valid.yaml", NULL), 0);
	assert_int_equal(diag_count(d), 0);
	diag_list_free(d);
}

static void
missing_title_one_error_at_info(void **state)
{
	struct diag_list *d;
	const struct diag *e;
	int n = check_file(&d, "missing-title.yaml", NULL);

	e = only_error(d, n);
	assert_ends_with(e->file, "validate/missing-title.yaml");
	assert_int_equal(e->line, 2);
	assert_int_equal(e->col, 1);
	assert_string_equal(e->rule, "schema-required");
	assert_string_equal(e->message,
	                    "'info' must have required property 'title'");
	assert_null(e->via);
	diag_list_free(d);
}

static void
unexpected_property_at_its_key(void **state)
{
	struct diag_list *d;
	const struct diag *e;
	int n = check_file(&d, "unexpected-property.yaml", NULL);

	e = only_error(d, n);
	assert_int_equal(e->line, 7);
	assert_int_equal(e->col, 5);
	assert_string_equal(e->rule, "schema-additional-properties");
	assert_string_equal(e->message, "unexpected property 'descripton'");
	assert_string_equal(e->hint, "did you mean 'description'?");
	diag_list_free(d);
}

static void
security_type_typo_did_you_mean(void **state)
{
	struct diag_list *d;
	const struct diag *e;
	int n = check_file(&d, "security-typo.yaml", NULL);

	e = only_error(d, n);
	assert_int_equal(e->line, 8);
	assert_int_equal(e->col, 13);
	assert_string_equal(e->rule, "schema-enum");
	assert_non_null(strstr(e->message, "got 'userPasword'"));
	assert_string_equal(e->hint, "did you mean 'userPassword'?");
	diag_list_free(d);
}

static void
v3_binding_wrong_field(void **state)
{
	struct diag_list *d;
	const struct diag *e;
	int n = check_file(&d, "binding-bad.yaml", NULL);

	e = only_error(d, n);
	assert_int_equal(e->line, 11);
	assert_int_equal(e->col, 9);
	assert_string_equal(e->rule, "schema-additional-properties");
	assert_string_equal(e->message, "unexpected property 'partitons'");
	assert_string_equal(e->hint, "did you mean 'partitions'?");
	diag_list_free(d);
}

/* bindingVersion 0.4.0 picks the kafka 0.4.0 channel binding schema. */
static void
v3_binding_version_selects_schema(void **state)
{
	struct diag_list *d;
	const struct diag *e;
	int n = check_file(&d, "binding-version.yaml", NULL);

	e = only_error(d, n);
	assert_int_equal(e->line, 10);
	assert_int_equal(e->col, 21);
	assert_string_equal(e->rule, "schema-minimum");
	assert_string_equal(e->message,
	                    "'partitions' must be at least 1, got 0");
	diag_list_free(d);
}

/*
 * v2: a binding with a bindingVersion the package ships is checked; one
 * without bindingVersion, one of a version the package lacks and one of an
 * unknown protocol are not.
 */
static void
v2_binding_with_known_version_checked(void **state)
{
	struct diag_list *d;
	const struct diag *e;
	int n = check_file(&d, "v2-binding-bad.yaml", NULL);

	e = only_error(d, n);
	assert_int_equal(e->line, 9);
	assert_int_equal(e->col, 9);
	assert_string_equal(e->message, "unexpected property 'partitons'");
	diag_list_free(d);
}

static void
unknown_version_lists_supported(void **state)
{
	struct diag_list *d;
	const struct diag *e;
	int n = check_file(&d, "version-unknown.yaml", NULL);

	e = only_error(d, n);
	assert_int_equal(e->line, 1);
	assert_int_equal(e->col, 11);
	assert_string_equal(e->rule, "asyncapi-version");
	assert_string_equal(e->message,
	                    "unsupported AsyncAPI version '4.0.0': supported "
	                    "versions are 2.0.0, 2.1.0, 2.2.0, 2.3.0, 2.4.0, "
	                    "2.5.0, 2.6.0, 3.0.0 and 3.1.0");
	assert_null(e->hint);
	diag_list_free(d);
}

static void
number_version_hint_to_quote(void **state)
{
	struct diag_list *d;
	const struct diag *e;
	int n = check_file(&d, "version-number.yaml", NULL);

	e = only_error(d, n);
	assert_int_equal(e->line, 1);
	assert_string_equal(e->rule, "asyncapi-version");
	assert_non_null(strstr(e->message, "got the number 2.6"));
	assert_string_equal(e->hint,
	                    "write the full version in quotes: asyncapi: "
	                    "'2.6.0'");
	diag_list_free(d);
}

static void
missing_version_one_error(void **state)
{
	struct diag_list *d;
	const struct diag *e;
	int n = check_file(&d, "version-missing.yaml", NULL);

	e = only_error(d, n);
	assert_int_equal(e->line, 1);
	assert_int_equal(e->col, 1);
	assert_string_equal(e->rule, "asyncapi-version");
	assert_non_null(strstr(e->message, "missing 'asyncapi' version"));
	diag_list_free(d);
}

static void
not_a_mapping_one_error(void **state)
{
	struct diag_list *d;
	const struct diag *e;
	int n = check_file(&d, "not-a-mapping.yaml", NULL);

	e = only_error(d, n);
	assert_string_equal(e->rule, "asyncapi-version");
	assert_non_null(strstr(e->message, "the top level is a list"));
	diag_list_free(d);
}

/* 2.2.0 servers cannot be refs: reported at the server's key. */
static void
ref_where_none_allowed(void **state)
{
	struct diag_list *d;
	const struct diag *e;
	int n = check_file(&d, "ref-not-allowed.yaml", NULL);

	e = only_error(d, n);
	assert_int_equal(e->line, 6);
	assert_int_equal(e->col, 3);
	assert_string_equal(e->rule, "schema-ref-not-allowed");
	assert_string_equal(e->message,
	                    "a $ref is not allowed here: AsyncAPI 2.2.0 wants "
	                    "the object itself");
	diag_list_free(d);
}

/* An error in a referenced file: its own position, and the ref chain. */
static void
error_through_ref_has_via(void **state)
{
	struct diag_list *d;
	const struct diag *e;
	int n = check_file(&d, "via-ref.yaml", NULL);

	e = only_error(d, n);
	assert_ends_with(e->file, "validate/messages/state.yaml");
	assert_int_equal(e->line, 3);
	assert_int_equal(e->col, 11);
	assert_string_equal(e->rule, "schema-enum");
	assert_string_equal(e->hint, "did you mean 'string'?");
	assert_non_null(e->via);
	assert_non_null(strstr(e->via, "via-ref.yaml:10:15"));
	assert_non_null(strstr(e->via, "messages/state.yaml#/LampState"));
	diag_list_free(d);
}

/* A 2.x habit in a 3.x document: the hint says how 3.x spells it. */
static void
v2_server_url_in_v3_hint(void **state)
{
	struct diag_list *d;
	const struct diag *e;

	assert_int_equal(check_file(&d, "v3-server-url.yaml", NULL), 2);
	assert_int_equal(diag_count(d), 2);
	diag_sort(d);
	e = diag_at(d, 0);
	assert_int_equal(e->line, 6);
	assert_int_equal(e->col, 3);
	assert_string_equal(e->message,
	                    "'broker' must have required property 'host'");
	e = diag_at(d, 1);
	assert_int_equal(e->line, 7);
	assert_int_equal(e->col, 5);
	assert_string_equal(e->message, "unexpected property 'url'");
	assert_non_null(e->hint);
	assert_non_null(strstr(e->hint, "'host' and 'pathname'"));
	diag_list_free(d);
}

/* Validates a document given as text; diagnostics in *out. */
static int
check_text(struct diag_list **out, const char *text)
{
	struct diag_list *d = diag_list_new();
	struct loader_doc *doc = NULL;
	int n;

	assert_non_null(d);
	assert_int_equal(loader_load_buffer(&doc, "mem.yaml", text,
	                                    strlen(text), NULL, d),
	                 0);
	n = validate_schema_count(d, doc, NULL);
	loader_doc_free(doc);
	*out = d;
	return n;
}

/* A member name that looks like the message's own punctuation. */
static void
odd_property_name_kept_whole(void **state)
{
	struct diag_list *d;
	const struct diag *e;
	int n = check_text(&d, "asyncapi: 3.0.0\n"
	                       "info:\n"
	                       "  title: t\n"
	                       "  version: '1'\n"
	                       "  \"a' (b)\": 1\n");

	e = only_error(d, n);
	assert_int_equal(e->line, 5);
	assert_int_equal(e->col, 3);
	assert_string_equal(e->message, "unexpected property 'a' (b)'");
	assert_non_null(e->hint);
	assert_int_equal(strncmp(e->hint, "allowed: title, version", 23), 0);
	diag_list_free(d);
}

/* 300 errors: the first 200 and a warning that there are more. */
static void
error_cap_gives_warning(void **state)
{
	static const char head[] = "asyncapi: 3.0.0\n"
	                           "info: {title: t, version: '1'}\n"
	                           "channels:\n";
	size_t i, len = sizeof(head) - 1;
	struct diag_list *d;
	char *text = malloc(len + 300 * 32 + 1);
	int n;

	assert_non_null(text);
	memcpy(text, head, len);
	for (i = 0; i < 300; i++)
		len += (size_t)sprintf(text + len, "  c%zu: {adress: x}\n", i);
	n = check_text(&d, text);
	free(text);
	assert_int_equal(n, 200);
	assert_int_equal(diag_count(d), 201);
	assert_int_equal(diag_count_at_least(d, DIAG_ERROR), 200);
	diag_sort(d);
	assert_string_equal(diag_at(d, 0)->rule, "schema-too-many-errors");
	assert_int_equal(diag_at(d, 0)->severity, DIAG_WARNING);
	diag_list_free(d);
}

static void
formats_checked_unless_disabled(void **state)
{
	struct validate_opts opts = VALIDATE_OPTS_INIT;
	struct diag_list *d;
	const struct diag *e;
	int n = check_file(&d, "bad-format.yaml", NULL);

	e = only_error(d, n);
	assert_int_equal(e->line, 6);
	assert_int_equal(e->col, 12);
	assert_string_equal(e->rule, "schema-format");
	diag_list_free(d);
	opts.no_formats = 1;
	assert_int_equal(check_file(&d, "bad-format.yaml", &opts), 0);
	assert_int_equal(diag_count(d), 0);
	diag_list_free(d);
}

static void *
prepare_v3(void *arg)
{
	(void)arg;
	return (void *)(intptr_t)validate_prepare("3.0.0", NULL);
}

/*
 * validate_prepare() (a build's warm-up while the spec loads, #18): the
 * validators of a known version, or -1; a validate_schema() on another
 * thread meanwhile gives the verdict it gives alone.
 */
static void
prepare_compiles_a_known_version(void **state)
{
	struct validate_opts opts = VALIDATE_OPTS_INIT;
	struct diag_list *d;
	pthread_t tid;
	void *rc = NULL;
	int n;

	(void)state;
	assert_int_equal(validate_prepare("9.9.9", NULL), -1);
	assert_int_equal(validate_prepare("", NULL), -1);
	assert_int_equal(pthread_create(&tid, NULL, prepare_v3, NULL), 0);
	n = check_file(&d, "missing-title.yaml", NULL);
	assert_int_equal(pthread_join(tid, &rc), 0);
	assert_int_equal((intptr_t)rc, 0);
	assert_string_equal(only_error(d, n)->rule, "schema-required");
	diag_list_free(d);
	/* compiled already: the same answer */
	assert_int_equal(validate_prepare("3.0.0", NULL), 0);
	opts.no_formats = 1;
	assert_int_equal(validate_prepare("2.6.0", &opts), 0);
	assert_int_equal(check_file(&d, "v2-valid.yaml", &opts), 0);
	diag_list_free(d);
}

struct early_walk {
	struct loader_doc *doc;
	struct validate_opts opts;
	struct validate_raw *raw;
};

static void *
early_walk_run(void *arg)
{
	struct early_walk *w = arg;

	assert_int_equal(validate_raw_new(&w->raw, w->doc, &w->opts), 0);
	return NULL;
}

/*
 * validate_raw_new() on a thread beside model_new() (as a build runs it),
 * then validate_schema_raw(): the diagnostics of validate_schema(), in
 * the same order, for every document here, valid or not, whatever the
 * walk's options.
 */
static void
early_walk_gives_the_same_diagnostics(void **state)
{
	static const char *const names[] = {
	        "bad-format.yaml",
	        "binding-bad.yaml",
	        "binding-version.yaml",
	        "missing-title.yaml",
	        "not-a-mapping.yaml",
	        "ref-not-allowed.yaml",
	        "security-typo.yaml",
	        "unexpected-property.yaml",
	        "v2-binding-bad.yaml",
	        "v2-valid.yaml",
	        "v3-server-url.yaml",
	        "v3-valid.yaml",
	        "v31-valid.yaml",
	        "version-missing.yaml",
	        "version-number.yaml",
	        "version-unknown.yaml",
	        "via-ref.yaml",
	        "../model/traits-v3.yaml",
	        "../model/traits-v2.yaml",
	        "../model/circular-traits.yaml",
	};
	size_t i, k, nerr, want_n;
	char path[512];

	(void)state;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		for (k = 0; k < 2; k++) {
			struct diag_list *a = diag_list_new(),
			                 *b = diag_list_new();
			struct loader_doc *doc = NULL;
			struct early_walk w;
			struct model *m = NULL;
			pthread_t tid;
			char *ta, *tb;

			snprintf(path, sizeof(path), DATA "%s", names[i]);
			if (access(path, R_OK) != 0)
				continue;
			assert_int_equal(loader_load(&doc, path, NULL, a), 0);
			assert_int_equal(validate_schema(&want_n, doc, NULL, a),
			                 0);
			loader_doc_free(doc);
			doc = NULL;

			assert_int_equal(loader_load(&doc, path, NULL, b), 0);
			memset(&w, 0, sizeof(w));
			w.doc = doc;
			/* k = 1: a walk made with other options is not used */
			w.opts.no_formats = (int)k;
			assert_int_equal(
			        pthread_create(&tid, NULL, early_walk_run, &w),
			        0);
			/* the model adds to the tables meanwhile (traits) */
			if (model_new(&m, doc, NULL) != 0)
				m = NULL;
			pthread_join(tid, NULL);
			assert_int_equal(loader_freeze(doc), 0);
			assert_int_equal(
			        validate_schema_raw(&nerr, doc, NULL, w.raw, b),
			        0);
			validate_raw_free(w.raw);
			assert_int_equal(nerr, want_n);
			ta = helpers_diags_text(a);
			tb = helpers_diags_text(b);
			assert_string_equal(ta, tb);
			free(ta);
			free(tb);
			model_free(m);
			loader_doc_free(doc);
			diag_list_free(a);
			diag_list_free(b);
		}
	}
}

/* ------------------------------------- payloads of equal content once */

/* The diagnostics of validate_schema() of path, canon on or off. */
static char *
diags_with(const char *path, int canon)
{
	struct diag_list *l = diag_list_new();
	struct loader_doc *doc = NULL;
	size_t nerr = 0;
	char *text;

	assert_non_null(l);
	validate_set_canon(canon);
	/* a spec that does not load says so the same way either way */
	if (loader_load(&doc, path, NULL, l) == 0)
		assert_int_equal(validate_schema(&nerr, doc, NULL, l), 0);
	validate_set_canon(1);
	text = helpers_diags_text(l);
	loader_doc_free(doc);
	diag_list_free(l);
	return text;
}

static size_t n_same;

static int
same_visit(const char *path, const struct stat *sb, int type, struct FTW *ftw)
{
	size_t n = strlen(path);
	char *a, *b;

	(void)sb;
	(void)ftw;
	if (type != FTW_F || !((n > 5 && strcmp(path + n - 5, ".yaml") == 0) ||
	                       (n > 4 && strcmp(path + n - 4, ".yml") == 0) ||
	                       (n > 5 && strcmp(path + n - 5, ".json") == 0)))
		return 0;
	a = diags_with(path, 0);
	b = diags_with(path, 1);
	if (strcmp(a, b) != 0)
		fail_msg("%s: other diagnostics when equal payloads are "
		         "checked once:\n--- each\n%s--- once\n%s",
		         path, a, b);
	n_same++;
	free(a);
	free(b);
	return 0;
}

/*
 * Payloads and headers of equal content are checked once
 * (validate_set_canon): every fixture, example and corpus document gives
 * the same diagnostics as when each is walked, and so do crafted ones
 * whose copies are invalid, differ in a ref's text, or sit at other
 * depths.
 */
static void
equal_payloads_same_diagnostics(void **state)
{
	char path[4096];
	const char *corpus = helpers_corpus_dir(path, sizeof(path));

	(void)state;
	n_same = 0;
	assert_int_equal(nftw(TEST_DATA, same_visit, 16, FTW_PHYS), 0);
	assert_int_equal(
	        nftw(ABS_TOP_SRCDIR "/examples", same_visit, 16, FTW_PHYS), 0);
	if (corpus != NULL)
		assert_int_equal(nftw(corpus, same_visit, 16, FTW_PHYS), 0);
	print_message("# %zu documents: the same diagnostics%s\n", n_same,
	              corpus != NULL ? " (corpus too)" : "");
	assert_true(n_same > 100);
}

/* The crafted copies report each at its own place. */
static void
equal_invalid_payloads_each_reported(void **state)
{
	char *text = diags_with(DATA "equal-payloads.yaml", 1);
	const char *p = text;
	size_t n = 0;

	(void)state;
	/* the four copies of the bad payload, each at its own line */
	while ((p = strstr(p, "schema-enum")) != NULL) {
		n++;
		p++;
	}
	assert_int_equal(n, 4);
	assert_non_null(strstr(text, ":14:"));
	assert_non_null(strstr(text, ":20:"));
	assert_non_null(strstr(text, ":26:"));
	assert_non_null(strstr(text, ":62:"));
	/* far's Where is its own file's */
	assert_non_null(strstr(text, "equal-payloads-far.yaml:18:"));
	free(text);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(versions_listed),
	        cmocka_unit_test(valid_v2_passes),
	        cmocka_unit_test(valid_v3_passes),
	        cmocka_unit_test(v3_reference_places_pass),
	        cmocka_unit_test(missing_title_one_error_at_info),
	        cmocka_unit_test(unexpected_property_at_its_key),
	        cmocka_unit_test(security_type_typo_did_you_mean),
	        cmocka_unit_test(v3_binding_wrong_field),
	        cmocka_unit_test(v3_binding_version_selects_schema),
	        cmocka_unit_test(v2_binding_with_known_version_checked),
	        cmocka_unit_test(unknown_version_lists_supported),
	        cmocka_unit_test(number_version_hint_to_quote),
	        cmocka_unit_test(missing_version_one_error),
	        cmocka_unit_test(not_a_mapping_one_error),
	        cmocka_unit_test(ref_where_none_allowed),
	        cmocka_unit_test(error_through_ref_has_via),
	        cmocka_unit_test(v2_server_url_in_v3_hint),
	        cmocka_unit_test(odd_property_name_kept_whole),
	        cmocka_unit_test(error_cap_gives_warning),
	        cmocka_unit_test(formats_checked_unless_disabled),
	        cmocka_unit_test(prepare_compiles_a_known_version),
	        cmocka_unit_test(early_walk_gives_the_same_diagnostics),
	        cmocka_unit_test(equal_payloads_same_diagnostics),
	        cmocka_unit_test(equal_invalid_payloads_each_reported),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
