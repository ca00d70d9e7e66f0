/*
 * Tests of treehash: equal content hashes and compares alike (member
 * order, number text, ref targets, opaque nodes, the depth limit), and the
 * loader's refs are compared by target, not by text.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cJSON.h>
#include <cmocka.h>

#include "util/diag.h"
#include "util/strbuf.h"
#include "load/loader.h"
#include "load/treehash.h"
#include "helpers.h"

/* A document loaded from files written into a new folder. */
struct doc {
	char dir[40];
	struct diag_list *diags;
	struct loader_doc *doc;
	const cJSON *root;
};

static void
doc_load(struct doc *d, const char *main_text, const char *other_text)
{
	char path[96];

	memset(d, 0, sizeof(*d));
	snprintf(d->dir, sizeof(d->dir), "/tmp/asyncdoc-treehash-XXXXXX");
	assert_non_null(mkdtemp(d->dir));
	helpers_write_file(d->dir, "main.yaml", main_text);
	if (other_text != NULL)
		helpers_write_file(d->dir, "other.yaml", other_text);
	snprintf(path, sizeof(path), "%s/main.yaml", d->dir);
	d->diags = diag_list_new();
	assert_non_null(d->diags);
	assert_int_equal(loader_load(&d->doc, path, NULL, d->diags), 0);
	d->root = loader_root(d->doc);
	assert_non_null(d->root);
}

static void
doc_free(struct doc *d)
{
	char path[96];

	loader_doc_free(d->doc);
	diag_list_free(d->diags);
	snprintf(path, sizeof(path), "%s/main.yaml", d->dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/other.yaml", d->dir);
	unlink(path);
	rmdir(d->dir);
}

/* 1 when a and b (paths under the root) are equal, checking the hash. */
static int
same(const struct treehash_opts *o, const struct doc *d, const char *a,
     const char *b)
{
	const cJSON *x = helpers_at(d->root, a), *y = helpers_at(d->root, b);
	int eq;

	assert_non_null(x);
	assert_non_null(y);
	eq = treehash_equal(o, x, y);
	assert_int_equal(eq, treehash_equal(o, y, x));
	if (eq)
		assert_true(treehash_hash(o, x) == treehash_hash(o, y));
	return eq;
}

static const char spec[] =
        "a: {type: object, properties: {n: {type: integer, maximum: 10}}}\n"
        "b: {type: object, properties: {n: {type: integer, maximum: 10}}}\n"
        /* another member order */
        "c: {properties: {n: {type: integer, maximum: 10}}, type: object}\n"
        /* the same value, other text */
        "d: {type: object, properties: {n: {type: integer, maximum: 10.0}}}\n"
        "e: {type: object, properties: {n: {type: integer, maximum: 11}}}\n"
        "f: {type: object, properties: {m: {type: integer, maximum: 10}}}\n"
        "g: [1, 2, 3]\n"
        "h: [1, 2]\n"
        "i: [1, 2, 3]\n"
        "T: {type: string}\n"
        "U: {type: string}\n"
        /* the same text in another file: that file's T */
        "r1: {x: {$ref: '#/T'}}\n"
        "r2: {x: {$ref: '#/T'}}\n"
        "r3: {x: {$ref: 'other.yaml#/T'}}\n"
        /* another text, the same target */
        "r4: {x: {$ref: 'main.yaml#/T'}}\n"
        /* a target of equal content is another target */
        "r5: {x: {$ref: '#/U'}}\n"
        "far: {$ref: 'other.yaml#/r'}\n";

static const char other[] = "T: {type: string}\n"
                            "r: {x: {$ref: '#/T'}}\n";

static void
test_content(void **state)
{
	struct doc d;
	struct treehash_opts o;

	(void)state;
	doc_load(&d, spec, other);
	o = (struct treehash_opts){.doc = d.doc};
	assert_true(same(&o, &d, "a", "a"));
	assert_true(same(&o, &d, "a", "b"));
	assert_false(same(&o, &d, "a", "c"));
	assert_false(same(&o, &d, "a", "d"));
	assert_false(same(&o, &d, "a", "e"));
	assert_false(same(&o, &d, "a", "f"));
	assert_true(same(&o, &d, "g", "i"));
	assert_false(same(&o, &d, "g", "h"));
	assert_false(same(&o, &d, "a", "g"));
	assert_true(same(&o, &d, "T", "U"));
	doc_free(&d);
}

static void
test_refs_by_target(void **state)
{
	struct doc d;
	struct treehash_opts o;
	const cJSON *far;

	(void)state;
	doc_load(&d, spec, other);
	o = (struct treehash_opts){.doc = d.doc};
	assert_true(same(&o, &d, "r1", "r2"));
	assert_false(same(&o, &d, "r1", "r3"));
	assert_true(same(&o, &d, "r1", "r4"));
	assert_false(same(&o, &d, "r1", "r5"));
	/* other.yaml's r: the same text as r1, that file's T */
	far = loader_ref_target(d.doc, helpers_at(d.root, "far"));
	assert_non_null(far);
	assert_false(treehash_equal(&o, helpers_at(d.root, "r1"), far));
	assert_true(treehash_equal(&o, helpers_at(d.root, "r3"), far));
	/* without the loader's table, refs are text */
	o.doc = NULL;
	assert_true(same(&o, &d, "r1", "r2"));
	assert_false(same(&o, &d, "r1", "r4"));
	doc_free(&d);
}

/* Opaque: the nodes whose "maximum" is 10 here. */
static int
max10(void *arg, const cJSON *n)
{
	const cJSON *m = cJSON_GetObjectItemCaseSensitive(n, "maximum");

	(*(int *)arg)++;
	return cJSON_IsNumber(m) && m->valuedouble == 10;
}

static void
test_opaque(void **state)
{
	struct doc d;
	struct treehash_opts o;
	int calls = 0;

	(void)state;
	doc_load(&d, spec, other);
	o = (struct treehash_opts){
	        .doc = d.doc, .opaque = max10, .arg = &calls};
	/* a and b hold such a node each: equal only to itself */
	assert_false(same(&o, &d, "a", "b"));
	assert_true(same(&o, &d, "a", "a"));
	assert_true(same(&o, &d, "e", "e"));
	assert_true(calls > 0);
	doc_free(&d);
}

/* Objects nested n deep: {"k": {"k": ... {"v": 1}}}. */
static cJSON *
nested(size_t n)
{
	cJSON *top = cJSON_CreateObject(), *cur = top;
	size_t i;

	assert_non_null(top);
	for (i = 0; i < n; i++) {
		cJSON *next = cJSON_CreateObject();

		assert_non_null(next);
		cJSON_AddItemToObject(cur, "k", next);
		cur = next;
	}
	assert_non_null(cJSON_AddNumberToObject(cur, "v", 1));
	return top;
}

static void
test_depth_limit(void **state)
{
	const struct treehash_opts o = {0};
	cJSON *a = nested(TREEHASH_MAX_DEPTH - 2),
	      *b = nested(TREEHASH_MAX_DEPTH - 2);
	cJSON *c = nested(TREEHASH_MAX_DEPTH + 8),
	      *e = nested(TREEHASH_MAX_DEPTH + 8);

	(void)state;
	assert_true(treehash_equal(&o, a, b));
	assert_true(treehash_hash(&o, a) == treehash_hash(&o, b));
	/* below the limit nodes are compared by identity */
	assert_false(treehash_equal(&o, c, e));
	assert_true(treehash_equal(&o, c, c));
	cJSON_Delete(a);
	cJSON_Delete(b);
	cJSON_Delete(c);
	cJSON_Delete(e);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_content),
	        cmocka_unit_test(test_refs_by_target),
	        cmocka_unit_test(test_opaque),
	        cmocka_unit_test(test_depth_limit),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
