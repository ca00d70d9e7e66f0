/*
 * Tests of the loader: files, $ref resolution, cycles, limits, safety.
 * Fixtures live in tests/data/loader; the program runs from that directory
 * so that paths read as a user would type them ("multi/asyncapi.yaml").
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
#include <time.h>
#include <unistd.h>

#include <cJSON.h>
#include <cmocka.h>

#include "util/diag.h"
#include "helpers.h"
#include "load/loader.h"
#include "load/srcmap.h"

/* n[k1][k2]... (object keys; NULL ends the list). */
static const cJSON *
get(const cJSON *n, ...)
{
	const char *k;
	va_list ap;

	va_start(ap, n);
	while (n != NULL && (k = va_arg(ap, const char *)) != NULL)
		n = cJSON_GetObjectItemCaseSensitive(n, k);
	va_end(ap);
	return n;
}

/* The diagnostic with rule and line, or NULL. */
static const struct diag *
find_diag(const struct diag_list *l, const char *rule, uint32_t line)
{
	const struct diag *d;
	size_t i;

	for (i = 0; i < diag_count(l); i++) {
		d = diag_at(l, i);
		if (strcmp(d->rule, rule) == 0 &&
		    (line == 0 || d->line == line))
			return d;
	}
	return NULL;
}

static void
dump(const struct diag_list *l)
{
	size_t i;

	for (i = 0; i < diag_count(l); i++) {
		const struct diag *d = diag_at(l, i);

		print_message("# %s:%u:%u: [%s] %s\n", d->file ? d->file : "-",
		              d->line, d->col, d->rule, d->message);
	}
}

static struct loader_doc *
load_ok(const char *path, const struct loader_opts *opts)
{
	struct diag_list *l = diag_list_new();
	struct loader_doc *doc = NULL;
	int rc;

	assert_non_null(l);
	rc = loader_load(&doc, path, opts, l);
	if (rc != 0)
		dump(l);
	assert_int_equal(rc, 0);
	assert_non_null(doc);
	assert_int_equal(diag_count_at_least(l, DIAG_ERROR), 0);
	diag_list_free(l);
	return doc;
}

/* Loads path expecting failure; the caller frees the list. */
static struct diag_list *
load_fail(const char *path, const struct loader_opts *opts)
{
	struct diag_list *l = diag_list_new();
	struct loader_doc *doc = (struct loader_doc *)1;

	assert_non_null(l);
	assert_int_equal(loader_load(&doc, path, opts, l), -1);
	assert_null(doc);
	assert_true(diag_count_at_least(l, DIAG_ERROR) > 0);
	return l;
}

static void
assert_pos(const struct loader_doc *doc, const cJSON *n, const char *file,
           uint32_t line, uint32_t col)
{
	const struct srcpos *p = loader_pos(doc, n);

	assert_non_null(p);
	assert_string_equal(srcmap_file_path(loader_srcmap(doc), p->file),
	                    file);
	assert_int_equal(p->line, line);
	assert_int_equal(p->col, col);
}

/*
 * Pointers with the same parent start from the last walk's parent (#18):
 * each still reaches its own target, and a walk that went through a ref
 * is never a start for another, whose problem says "through its $ref".
 */
static void
pointer_walks_shared_only_when_clean(void **state)
{
	static const char text[] = "a:\n"
	                           "  $ref: '#/b'\n"
	                           "b:\n"
	                           "  x: 1\n"
	                           "  y: 2\n"
	                           "r1:\n"
	                           "  $ref: '#/a/x'\n"
	                           "r2:\n"
	                           "  $ref: '#/a/z'\n"
	                           "r3:\n"
	                           "  $ref: '#/b/y'\n"
	                           "r4:\n"
	                           "  $ref: '#/b/x'\n"
	                           "r5:\n"
	                           "  $ref: '#/b/w'\n";
	struct loader_opts opts = LOADER_OPTS_INIT;
	struct diag_list *l = diag_list_new();
	struct loader_doc *doc = NULL;
	const struct diag *d;
	const cJSON *root;

	(void)state;
	assert_non_null(l);
	opts.partial = 1;
	assert_int_equal(loader_load_buffer(&doc, "s.yaml", text,
	                                    sizeof(text) - 1, &opts, l),
	                 -1);
	assert_non_null(doc);
	root = loader_root(doc);
	assert_ptr_equal(loader_ref_target(doc, get(root, "r1", NULL)),
	                 get(root, "b", "x", NULL));
	assert_ptr_equal(loader_ref_target(doc, get(root, "r3", NULL)),
	                 get(root, "b", "y", NULL));
	assert_ptr_equal(loader_ref_target(doc, get(root, "r4", NULL)),
	                 get(root, "b", "x", NULL));
	assert_null(loader_ref_target(doc, get(root, "r2", NULL)));
	assert_null(loader_ref_target(doc, get(root, "r5", NULL)));
	assert_int_equal(diag_count(l), 2);
	d = find_diag(l, "ref-not-found", 9);
	assert_non_null(d);
	assert_string_equal(d->message,
	                    "'z' not found in #/a (through its $ref)");
	d = find_diag(l, "ref-not-found", 15);
	assert_non_null(d);
	assert_string_equal(d->message, "'w' not found in #/b");
	loader_doc_free(doc);
	diag_list_free(l);
}

static void
local_pointers_decode_escapes(void **state)
{
	struct loader_doc *doc = load_ok("pointers.yaml", NULL);
	const cJSON *root = loader_root(doc), *defs = get(root, "defs", NULL);
	const cJSON *refs = get(root, "refs", NULL);

	assert_int_equal(loader_file_count(doc), 1);
	assert_ptr_equal(loader_ref_target(doc, get(refs, "slash", NULL)),
	                 get(defs, "a/b", NULL));
	assert_ptr_equal(loader_ref_target(doc, get(refs, "tilde", NULL)),
	                 get(defs, "m~n", NULL));
	assert_ptr_equal(loader_ref_target(doc, get(refs, "space", NULL)),
	                 get(defs, "sp ace", NULL));
	/* decoded once: %2541 -> "%41", not "A" */
	assert_ptr_equal(loader_ref_target(doc, get(refs, "enc", NULL)),
	                 get(defs, "%41", NULL));
	assert_string_equal(
	        loader_ref_target(doc, get(refs, "item", NULL))->valuestring,
	        "one");
	assert_ptr_equal(
	        loader_ref_target(doc, get(refs, "deep", NULL)),
	        get(cJSON_GetArrayItem(get(defs, "list", NULL), 2), "v", NULL));
	/* "#" is the whole document, which encloses the ref */
	assert_ptr_equal(loader_ref_target(doc, get(refs, "whole", NULL)),
	                 root);
	assert_true(loader_ref_is_circular(doc, get(refs, "whole", NULL)));
	assert_false(loader_ref_is_circular(doc, get(refs, "slash", NULL)));
	assert_true(loader_is_ref(get(refs, "slash", NULL)));
	assert_false(loader_is_ref(defs));
	assert_string_equal(loader_ref_string(get(refs, "tilde", NULL)),
	                    "#/defs/m~0n");
	assert_null(loader_ref_target(doc, defs));
	loader_doc_free(doc);
}

static void
refs_across_directories(void **state)
{
	struct loader_doc *doc = load_ok("multi/asyncapi.yaml", NULL);
	const cJSON *schemas =
	        get(loader_root(doc), "components", "schemas", NULL);
	const cJSON *user = get(loader_file_root(doc, 1), "User", NULL);
	const cJSON *addr = get(loader_file_root(doc, 2), "Address", NULL);
	const cJSON *common = loader_file_root(doc, 4);

	/* each distinct file once, breadth first, paths normalised */
	assert_int_equal(loader_file_count(doc), 5);
	assert_string_equal(loader_file_path(doc, 0), "multi/asyncapi.yaml");
	assert_string_equal(loader_file_path(doc, 1),
	                    "multi/schemas/user.yaml");
	assert_string_equal(loader_file_path(doc, 2),
	                    "multi/schemas/deep/address.json");
	assert_string_equal(loader_file_path(doc, 3),
	                    "multi/schemas/event.yaml");
	assert_string_equal(loader_file_path(doc, 4), "multi/common.yaml");
	assert_null(loader_file_path(doc, 5));
	assert_null(loader_file_root(doc, 5));

	assert_non_null(user);
	assert_ptr_equal(loader_ref_target(doc, get(schemas, "User", NULL)),
	                 user);
	assert_ptr_equal(loader_ref_target(doc, get(schemas, "Address", NULL)),
	                 addr);
	/* back up from a subdirectory: ../common.yaml, ../../common.yaml */
	assert_ptr_equal(
	        loader_ref_target(doc, get(user, "properties", "id", NULL)),
	        get(common, "Id", NULL));
	assert_ptr_equal(loader_ref_target(
	                         doc, get(addr, "properties", "country", NULL)),
	                 get(common, "Country", NULL));
	loader_doc_free(doc);
}

static void
ref_in_referenced_file_is_relative_to_it(void **state)
{
	struct loader_doc *doc = load_ok("multi/asyncapi.yaml", NULL);
	const cJSON *user = get(loader_file_root(doc, 1), "User", NULL);
	const cJSON *root_addr =
	        get(loader_root(doc), "components", "schemas", "Address", NULL);

	/* 'deep/address.json#/Address' from schemas/ is the same node as
	 * './schemas/deep/address.json#/Address' from the root */
	assert_ptr_equal(loader_ref_target(
	                         doc, get(user, "properties", "address", NULL)),
	                 loader_ref_target(doc, root_addr));
	loader_doc_free(doc);
}

static void
json_and_yaml_mixed(void **state)
{
	struct loader_doc *doc = load_ok("multi/asyncapi.yaml", NULL);
	const cJSON *addr = get(loader_file_root(doc, 2), "Address", NULL);
	const cJSON *street = get(addr, "properties", "street", NULL);
	const cJSON *country = get(addr, "properties", "country", NULL);

	assert_true(cJSON_IsObject(addr));
	assert_pos(doc, addr, "multi/schemas/deep/address.json", 2, 14);
	assert_pos(doc, get(street, "maxLength", NULL),
	           "multi/schemas/deep/address.json", 6, 50);
	assert_pos(doc, get(country, "$ref", NULL),
	           "multi/schemas/deep/address.json", 5, 28);
	assert_pos(doc, get(loader_root(doc), "info", "title", NULL),
	           "multi/asyncapi.yaml", 3, 10);
	loader_doc_free(doc);
}

static void
whole_file_ref_without_fragment(void **state)
{
	struct loader_doc *doc = load_ok("multi/asyncapi.yaml", NULL);
	const cJSON *ev =
	        get(loader_root(doc), "components", "schemas", "Event", NULL);

	assert_ptr_equal(loader_ref_target(doc, ev), loader_file_root(doc, 3));
	assert_string_equal(
	        get(loader_ref_target(doc, ev), "type", NULL)->valuestring,
	        "object");
	loader_doc_free(doc);
}

static void
pointer_through_a_ref(void **state)
{
	struct loader_doc *doc = load_ok("multi/asyncapi.yaml", NULL);
	const cJSON *st =
	        get(loader_root(doc), "components", "schemas", "Street", NULL);
	const cJSON *addr = get(loader_file_root(doc, 2), "Address", NULL);

	/* #/components/schemas/Address is a ref: the pointer goes on in
	 * the file it points to */
	assert_ptr_equal(loader_ref_target(doc, st),
	                 get(addr, "properties", "street", NULL));
	loader_doc_free(doc);
}

static void
unused_parts_of_referenced_files_are_not_resolved(void **state)
{
	struct loader_doc *doc = load_ok("multi/asyncapi.yaml", NULL);
	const cJSON *common = loader_file_root(doc, 4);
	const cJSON *deep =
	        get(loader_root(doc), "components", "schemas", "Deep", NULL);

	/* common.yaml's Unused names a missing file: not reached, no error */
	assert_string_equal(loader_file_path(doc, 4), "multi/common.yaml");
	assert_true(loader_is_ref(get(common, "Unused", NULL)));
	assert_null(loader_ref_target(doc, get(common, "Unused", NULL)));
	assert_int_equal(loader_file_count(doc), 5);
	/* a pointer through a ref of a part nothing else reaches */
	assert_ptr_equal(loader_ref_target(doc, deep),
	                 get(common, "Country", "type", NULL));
	assert_ptr_equal(
	        loader_ref_target(doc, get(common, "Wrapper", "inner", NULL)),
	        get(common, "Country", NULL));
	loader_doc_free(doc);
}

static void
chain_of_refs_and_via_text(void **state)
{
	struct loader_doc *doc = load_ok("multi/asyncapi.yaml", NULL);
	const cJSON *schemas =
	        get(loader_root(doc), "components", "schemas", NULL);
	const cJSON *alias = get(schemas, "Alias", NULL);
	const cJSON *user = get(loader_file_root(doc, 1), "User", NULL);
	const struct loader_via *via = NULL, *via2 = NULL;
	const cJSON *n;
	char *text;

	/* a ref to a ref: the direct target is the second ref */
	assert_ptr_equal(loader_ref_target(doc, alias),
	                 get(schemas, "User", NULL));
	assert_ptr_equal(loader_deref(NULL, doc, alias, NULL), user);
	/* a node that is no ref comes back as is, with or without via_out */
	assert_ptr_equal(loader_deref(NULL, doc, user, NULL), user);
	assert_ptr_equal(loader_deref(&via, doc, user, NULL), user);
	assert_null(via);
	n = loader_deref(&via, doc, alias, NULL);
	assert_ptr_equal(n, user);
	assert_non_null(via);
	/* one hop for the whole chain: its first ref */
	assert_ptr_equal(via->ref, alias);
	assert_null(via->prev);
	text = loader_via_text(doc, via);
	assert_string_equal(text,
	                    "multi/asyncapi.yaml:14:13 -> "
	                    "multi/asyncapi.yaml#/components/schemas/User -> "
	                    "multi/schemas/user.yaml#/User");
	free(text);

	/* a ref met inside a target: the chain goes on with ", then" */
	n = loader_deref(&via, doc, get(schemas, "User", NULL), NULL);
	n = loader_deref(&via2, doc, get(n, "properties", "id", NULL), via);
	assert_string_equal(get(n, "format", NULL)->valuestring, "uuid");
	text = loader_via_text(doc, via2);
	assert_string_equal(text, "multi/asyncapi.yaml:8:13 -> "
	                          "multi/schemas/user.yaml#/User, then "
	                          "multi/schemas/user.yaml:5:13 -> "
	                          "multi/common.yaml#/Id");
	free(text);

	/* a node that is no ref is its own deref, via unchanged */
	assert_ptr_equal(loader_deref(&via2, doc, user, via), user);
	assert_ptr_equal(via2, via);
	assert_null(loader_via_text(doc, NULL));
	loader_doc_free(doc);
}

static void
long_via_chain_is_shortened(void **state)
{
	struct diag_list *l = diag_list_new();
	const struct loader_via *via;
	struct loader_doc *doc;
	char buf[2048], want[2048], *text;
	size_t len = 0, wl = 0;
	int i;

	len += (size_t)snprintf(buf + len, sizeof(buf) - len, "c:\n");
	for (i = 0; i < 20; i++)
		len += (size_t)snprintf(buf + len, sizeof(buf) - len,
		                        "  a%d: {$ref: '#/c/a%d'}\n", i, i + 1);
	len += (size_t)snprintf(buf + len, sizeof(buf) - len,
	                        "  a20: {type: string}\n");
	assert_int_equal(
	        loader_load_buffer(&doc, "chain.yaml", buf, len, NULL, l), 0);
	loader_deref(&via, doc, get(loader_root(doc), "c", "a0", NULL), NULL);
	text = loader_via_text(doc, via);
	/* first 8 hops, then the last 8, each still file:line:col first */
	wl += (size_t)snprintf(want + wl, sizeof(want) - wl, "chain.yaml:2:14");
	for (i = 1; i <= 8; i++)
		wl += (size_t)snprintf(want + wl, sizeof(want) - wl,
		                       " -> chain.yaml#/c/a%d", i);
	wl += (size_t)snprintf(want + wl, sizeof(want) - wl,
	                       ", ... 4 more $refs ..., then "
	                       "chain.yaml:14:15");
	for (i = 13; i <= 20; i++)
		wl += (size_t)snprintf(want + wl, sizeof(want) - wl,
		                       " -> chain.yaml#/c/a%d", i);
	assert_string_equal(text, want);
	free(text);
	loader_doc_free(doc);
	diag_list_free(l);
}

/*
 * "c:" then n members: a chain a0 -> a1 -> ... (pointer 0) or members whose
 * property p is a ref to the previous member's p (pointer 1). Caller frees.
 */
static char *
shape_buf(size_t *len, int n, int pointer)
{
	size_t cap = (size_t)n * 64 + 64, l = 0;
	char *buf = malloc(cap);
	int i;

	assert_non_null(buf);
	l += (size_t)snprintf(buf + l, cap - l, "c:\n");
	if (pointer)
		l += (size_t)snprintf(buf + l, cap - l,
		                      "  a0: {p: {type: string}}\n");
	for (i = pointer; i < n; i++)
		l += (size_t)snprintf(buf + l, cap - l,
		                      pointer ? "  a%d: {p: {$ref: '#/c/a%d/p'}}\n"
		                              : "  a%d: {$ref: '#/c/a%d'}\n",
		                      i, pointer ? i - 1 : i + 1);
	if (!pointer)
		l += (size_t)snprintf(buf + l, cap - l, "  a%d: {type: x}\n", n);
	*len = l;
	return buf;
}

/* Following refs costs a few steps per ref, whatever the chain's length. */
static void
ref_work_is_linear_in_chains(void **state)
{
	struct diag_list *l = diag_list_new();
	const struct loader_via *via, *via2;
	struct loader_doc *doc;
	const cJSON *c, *n;
	size_t len, steps[2][2];
	char *buf, name[16], *text;
	int p, k, i, sizes[2] = {1000, 4000};

	for (p = 0; p < 2; p++) {
		for (k = 0; k < 2; k++) {
			buf = shape_buf(&len, sizes[k], p);
			assert_int_equal(loader_load_buffer(&doc, "s.yaml", buf,
			                                    len, NULL, l),
			                 0);
			steps[p][k] = loader_ref_steps(doc);
			assert_true(steps[p][k] <= 4 * (size_t)sizes[k]);
			/* every member derefs with a via of one hop */
			c = get(loader_root(doc), "c", NULL);
			for (i = 0; i < sizes[k]; i += 97) {
				snprintf(name, sizeof(name), "a%d", i);
				n = get(c, name, NULL);
				if (p)
					n = get(n, "p", NULL);
				n = loader_deref(&via, doc, n, NULL);
				assert_non_null(n);
				assert_false(loader_is_ref(n));
				assert_true(i == 0 && p ? via == NULL
				                        : via->prev == NULL);
			}
			loader_doc_free(doc);
			free(buf);
		}
		/* four times the refs, about four times the steps */
		assert_true(steps[p][1] <= 5 * steps[p][0]);
	}
	/* a via of two chains (12 refs, then 9 of them) shortens across both */
	buf = shape_buf(&len, 12, 0);
	assert_int_equal(loader_load_buffer(&doc, "s.yaml", buf, len, NULL, l),
	                 0);
	c = get(loader_root(doc), "c", NULL);
	loader_deref(&via, doc, get(c, "a0", NULL), NULL);
	loader_deref(&via2, doc, get(c, "a3", NULL), via);
	text = loader_via_text(doc, via2);
	assert_string_equal(text,
	                    "s.yaml:2:14 -> s.yaml#/c/a1 -> s.yaml#/c/a2 -> "
	                    "s.yaml#/c/a3 -> s.yaml#/c/a4 -> s.yaml#/c/a5 -> "
	                    "s.yaml#/c/a6 -> s.yaml#/c/a7 -> s.yaml#/c/a8, "
	                    "... 5 more $refs ..., then s.yaml:6:14 -> "
	                    "s.yaml#/c/a5 -> s.yaml#/c/a6 -> s.yaml#/c/a7 -> "
	                    "s.yaml#/c/a8 -> s.yaml#/c/a9 -> s.yaml#/c/a10 -> "
	                    "s.yaml#/c/a11 -> s.yaml#/c/a12");
	free(text);
	loader_doc_free(doc);
	free(buf);
	diag_list_free(l);
}

/* The budget of ref steps: a clear error, no partial document. */
static void
ref_steps_limit(void **state)
{
	struct loader_opts o = LOADER_OPTS_INIT;
	struct diag_list *l = diag_list_new();
	struct loader_doc *doc = NULL;
	const struct diag *d;
	size_t len;
	char *buf = shape_buf(&len, 3000, 0);

	o.limits.max_ref_steps = 1000;
	o.partial = 1;
	assert_int_equal(loader_load_buffer(&doc, "s.yaml", buf, len, &o, l),
	                 -1);
	assert_null(doc);
	assert_int_equal(helpers_count_rule(l, "limit-ref-steps"), 1);
	d = find_diag(l, "limit-ref-steps", 0);
	assert_string_equal(d->file, "s.yaml");
	assert_non_null(strstr(d->message, "following $refs took more than "
	                                   "1000 steps"));
	diag_list_free(l);
	free(buf);
}

/* The read and parsed callbacks of parsed_called_between_reads, logged. */
struct parse_log {
	char text[256];
	int fail_root;
};

static void
log_event(struct parse_log *lg, const char *what)
{
	size_t n = strlen(lg->text);

	snprintf(lg->text + n, sizeof(lg->text) - n, "%s%s", n ? " " : "",
	         what);
}

static int
log_read(char **out, size_t *len, const char *path, void *arg)
{
	static const char root[] = "asyncapi: 3.0.0\n"
	                           "info: {title: T, version: '1'}\n"
	                           "components:\n"
	                           "  schemas:\n"
	                           "    a: {$ref: 'part.yaml#/b'}\n";
	static const char bad[] = "asyncapi: [3.0.0\n";
	static const char part[] = "b: {type: string}\n";
	struct parse_log *lg = arg;
	const char *text;

	log_event(lg, path);
	if (strcmp(path, "root.yaml") == 0 && lg->fail_root == 1) {
		errno = ENOENT;
		return -1;
	}
	text = strcmp(path, "part.yaml") == 0 ? part
	       : lg->fail_root == 2           ? bad
	                                      : root;
	*out = strdup(text);
	*len = strlen(text);
	return *out != NULL ? 0 : -1;
}

static void
log_parsed(void *arg)
{
	log_event(arg, "parsed");
}

/*
 * loader_opts.parsed comes once, after the root's parse and before its
 * refs are read (the build starts its validator warm-up there); also after
 * a parse that failed, never when the root could not be read.
 */
static void
parsed_called_between_reads(void **state)
{
	struct loader_opts o = LOADER_OPTS_INIT;
	struct parse_log lg;
	struct diag_list *l;
	struct loader_doc *doc = NULL;
	int fail;

	(void)state;
	o.read = log_read;
	o.read_arg = &lg;
	o.parsed = log_parsed;
	o.parsed_arg = &lg;
	for (fail = 0; fail <= 2; fail++) {
		memset(&lg, 0, sizeof(lg));
		lg.fail_root = fail;
		l = diag_list_new();
		assert_int_equal(loader_load(&doc, "root.yaml", &o, l),
		                 fail ? -1 : 0);
		assert_string_equal(lg.text,
		                    fail == 0   ? "root.yaml parsed part.yaml"
		                    : fail == 1 ? "root.yaml"
		                                : "root.yaml parsed");
		loader_doc_free(doc);
		doc = NULL;
		diag_list_free(l);
	}
}

static void
report_uses_position_and_via(void **state)
{
	struct loader_doc *doc = load_ok("multi/asyncapi.yaml", NULL);
	struct diag_list *l = diag_list_new();
	const cJSON *alias =
	        get(loader_root(doc), "components", "schemas", "Alias", NULL);
	const struct loader_via *via;
	const struct diag *d;
	const cJSON *n = loader_deref(&via, doc, alias, NULL);

	assert_int_equal(loader_report(l, doc, get(n, "type", NULL), via,
	                               DIAG_WARNING, "test-rule", "odd %s",
	                               "type"),
	                 0);
	d = diag_at(l, 0);
	assert_string_equal(d->file, "multi/schemas/user.yaml");
	assert_int_equal(d->line, 2);
	assert_int_equal(d->col, 9);
	assert_int_equal(d->severity, DIAG_WARNING);
	assert_string_equal(d->rule, "test-rule");
	assert_string_equal(d->message, "odd type");
	assert_string_equal(d->via,
	                    "multi/asyncapi.yaml:14:13 -> "
	                    "multi/asyncapi.yaml#/components/schemas/User -> "
	                    "multi/schemas/user.yaml#/User");
	diag_list_free(l);
	loader_doc_free(doc);
}

static void
recursive_schema_is_circular(void **state)
{
	struct loader_doc *doc = load_ok("recursive.yaml", NULL);
	const cJSON *schemas =
	        get(loader_root(doc), "components", "schemas", NULL);
	const cJSON *node = get(schemas, "Node", NULL);
	const cJSON *items = get(node, "properties", "children", "items", NULL);
	const cJSON *root = get(schemas, "Tree", "properties", "root", NULL);
	const struct loader_via *via;

	assert_ptr_equal(loader_ref_target(doc, items), node);
	assert_true(loader_ref_is_circular(doc, items));
	/* the same target from outside is no cycle */
	assert_ptr_equal(loader_ref_target(doc, root), node);
	assert_false(loader_ref_is_circular(doc, root));
	assert_ptr_equal(loader_deref(&via, doc, items, NULL), node);
	assert_ptr_equal(via->ref, items);
	assert_null(via->prev);
	loader_doc_free(doc);
}

/*
 * No mark of the load's passes outlives it: below n, an array's valueint
 * is 0, an object's holds at most the two bits that remember whether it
 * is a ref (64: known, 128: a ref), and those agree with its members,
 * and a ref's index from bit 8 on.
 */
static void
assert_no_marks(const cJSON *n)
{
	const cJSON *c, *r = NULL;

	if (cJSON_IsArray(n))
		assert_int_equal(n->valueint, 0);
	if (cJSON_IsObject(n)) {
		assert_int_equal(n->valueint & 0xFF & ~(64 | 128), 0);
		for (c = n->child; c != NULL && r == NULL; c = c->next)
			if (strcmp(c->string, "$ref") == 0)
				r = c;
		if (n->valueint & 64)
			assert_int_equal((n->valueint & 128) != 0,
			                 r != NULL && cJSON_IsString(r));
		else
			assert_int_equal(n->valueint & 0xFF, 0);
		if (n->valueint >> 8)
			assert_true(r != NULL && cJSON_IsString(r));
	}
	for (c = n->child; c != NULL; c = c->next)
		assert_no_marks(c);
}

/*
 * loader_is_ref() answers from what the load remembered until
 * loader_node_changed() says the members changed.
 */
static void
is_ref_follows_changed_members(void **state)
{
	struct loader_doc *doc = load_ok("skips.yaml", NULL);
	cJSON *p = (cJSON *)get(loader_root(doc), "components", "schemas", "A",
	                        "properties", "p", NULL);
	cJSON *plain = (cJSON *)get(loader_root(doc), "components", "schemas",
	                            "Plain", NULL);
	cJSON *ref;

	(void)state;
	assert_true(loader_is_ref(p));
	assert_true(p->valueint & 64);
	assert_false(loader_is_ref(plain));
	/* a copy keeps the answer with the members it copies */
	ref = cJSON_Duplicate(p, 1);
	assert_non_null(ref);
	assert_true(loader_is_ref(ref));
	/* a "$ref" added to a plain object */
	cJSON_AddItemToObject(plain, "$ref", cJSON_CreateString("#/x"));
	loader_node_changed(plain);
	assert_true(loader_is_ref(plain));
	cJSON_DeleteItemFromObjectCaseSensitive(plain, "$ref");
	loader_node_changed(plain);
	assert_false(loader_is_ref(plain));
	/* the copy's "$ref" removed */
	cJSON_DeleteItemFromObjectCaseSensitive(ref, "$ref");
	loader_node_changed(ref);
	assert_false(loader_is_ref(ref));
	cJSON_Delete(ref);
	loader_doc_free(doc);
}

static void
circular_refs_beside_subtrees_without_refs(void **state)
{
	struct loader_doc *doc = load_ok("skips.yaml", NULL);
	const cJSON *schemas =
	        get(loader_root(doc), "components", "schemas", NULL);
	const cJSON *a = get(schemas, "A", NULL);
	const cJSON *props = get(a, "properties", NULL);
	const cJSON *b_item =
	        cJSON_GetArrayItem(get(schemas, "B", "items", NULL), 0);

	assert_ptr_equal(loader_ref_target(doc, get(props, "x", NULL)),
	                 get(schemas, "Plain", "properties", "x", NULL));
	assert_false(loader_ref_is_circular(doc, get(props, "p", NULL)));
	assert_false(loader_ref_is_circular(doc, get(props, "x", NULL)));
	assert_true(loader_ref_is_circular(doc, get(props, "self", NULL)));
	assert_true(loader_ref_is_circular(doc, b_item));
	assert_false(loader_ref_is_circular(doc, get(props, "b", NULL)));
	assert_no_marks(loader_root(doc));
	/* Keys are the map's interned strings: one pointer per key. */
	assert_ptr_equal(get(a, "type", NULL)->string,
	                 get(schemas, "Plain", "type", NULL)->string);
	assert_ptr_equal(get(props, "p", "$ref", NULL)->string,
	                 get(props, "self", "$ref", NULL)->string);
	loader_doc_free(doc);
	doc = load_ok("mutual/a.yaml", NULL);
	assert_no_marks(loader_file_root(doc, 0));
	assert_no_marks(loader_file_root(doc, 1));
	loader_doc_free(doc);
}

static void
mutual_recursion_across_files(void **state)
{
	struct loader_doc *doc = load_ok("mutual/a.yaml", NULL);
	const cJSON *a = get(loader_root(doc), "A", NULL);
	const cJSON *b = get(loader_file_root(doc, 1), "B", NULL);
	const cJSON *ab = get(a, "properties", "b", NULL);
	const cJSON *ba = get(b, "properties", "a", NULL);

	assert_int_equal(loader_file_count(doc), 2);
	assert_string_equal(loader_file_path(doc, 1), "mutual/b.yaml");
	assert_ptr_equal(loader_ref_target(doc, ab), b);
	assert_ptr_equal(loader_ref_target(doc, ba), a);
	/* expanding A reaches B, whose ref back to A closes the cycle */
	assert_false(loader_ref_is_circular(doc, ab));
	assert_true(loader_ref_is_circular(doc, ba));
	assert_ptr_equal(loader_deref(NULL, doc, ba, NULL), a);
	loader_doc_free(doc);
}

static void
pure_ref_loop_is_an_error(void **state)
{
	struct diag_list *l = load_fail("loop.yaml", NULL);
	const struct diag *d = find_diag(l, "ref-loop", 0);

	assert_non_null(d);
	assert_int_equal(helpers_count_rule(l, "ref-loop"), 1);
	assert_int_equal(diag_count(l), 1);
	assert_string_equal(d->file, "loop.yaml");
	assert_int_equal(d->line, 4);
	assert_int_equal(d->col, 13);
	assert_string_equal(d->message,
	                    "$ref loop with no content: "
	                    "loop.yaml:4:13 '#/components/schemas/B' -> "
	                    "loop.yaml:6:13 '#/components/schemas/A' -> "
	                    "back to loop.yaml:4:13");
	diag_list_free(l);
}

static void
pointer_that_needs_itself_is_a_loop(void **state)
{
	static const char buf[] = "a:\n  $ref: '#/a/x'\n";
	struct diag_list *l = diag_list_new();
	struct loader_doc *doc;
	const struct diag *d;

	assert_int_equal(loader_load_buffer(&doc, "self.yaml", buf, strlen(buf),
	                                    NULL, l),
	                 -1);
	assert_null(doc);
	d = find_diag(l, "ref-loop", 2);
	assert_non_null(d);
	assert_string_equal(d->message,
	                    "$ref that needs itself to resolve: "
	                    "self.yaml:2:9 '#/a/x' -> back to self.yaml:2:9");
	diag_list_free(l);
}

static void
missing_file_reported_at_ref(void **state)
{
	struct diag_list *l = load_fail("broken/missing.yaml", NULL);
	const struct diag *d = find_diag(l, "ref-file-missing", 0);

	assert_non_null(d);
	assert_string_equal(d->file, "broken/missing.yaml");
	assert_int_equal(d->line, 4);
	assert_int_equal(d->col, 13);
	assert_string_equal(d->message, "$ref 'nowhere/gone.yaml#/Gone' names "
	                                "a missing file "
	                                "'broken/nowhere/gone.yaml'");
	diag_list_free(l);
}

static void
missing_target_names_failed_token(void **state)
{
	struct diag_list *l = load_fail("broken/missing.yaml", NULL);
	const struct diag *d;

	assert_int_equal(helpers_count_rule(l, "ref-not-found"), 3);
	d = find_diag(l, "ref-not-found", 6);
	assert_non_null(d);
	assert_string_equal(d->file, "broken/missing.yaml");
	assert_int_equal(d->col, 13);
	assert_string_equal(d->message,
	                    "'User' not found in #/components/schemas");
	d = find_diag(l, "ref-not-found", 8);
	assert_non_null(d);
	assert_string_equal(d->message,
	                    "'7' not found in #/list (an array of 2 items)");
	d = find_diag(l, "ref-not-found", 10);
	assert_non_null(d);
	assert_string_equal(d->message, "'x' is not an array index in #/list");
	diag_list_free(l);
}

static void
not_found_in_other_file_names_it(void **state)
{
	static const char buf[] = "x:\n  $ref: 'schemas/user.yaml#/Usr'\n";
	struct diag_list *l = diag_list_new();
	struct loader_doc *doc;
	const struct diag *d;

	assert_int_equal(loader_load_buffer(&doc, "multi/virtual.yaml", buf,
	                                    strlen(buf), NULL, l),
	                 -1);
	d = find_diag(l, "ref-not-found", 2);
	assert_non_null(d);
	assert_string_equal(d->file, "multi/virtual.yaml");
	/* no stray "#" after the file; the near name as a hint */
	assert_string_equal(d->message,
	                    "'Usr' not found in multi/schemas/user.yaml");
	assert_string_equal(d->hint, "did you mean 'User'?");
	diag_list_free(l);
}

static void
remote_ref_reported(void **state)
{
	struct diag_list *l = load_fail("broken/missing.yaml", NULL);
	const struct diag *d = find_diag(l, "ref-remote", 0);

	assert_non_null(d);
	assert_int_equal(helpers_count_rule(l, "ref-remote"), 1);
	assert_int_equal(d->line, 14);
	assert_int_equal(d->col, 13);
	assert_string_equal(d->message,
	                    "remote $ref "
	                    "'https://example.com/schemas/user.json#/User' is "
	                    "not fetched");
	assert_string_equal(d->hint, "download it next to the spec and use a "
	                             "relative path");
	diag_list_free(l);
}

static void
anchor_fragment_and_scheme_are_syntax_errors(void **state)
{
	struct diag_list *l = load_fail("broken/missing.yaml", NULL);
	const struct diag *d;

	assert_int_equal(helpers_count_rule(l, "ref-syntax"), 2);
	d = find_diag(l, "ref-syntax", 12);
	assert_non_null(d);
	assert_string_equal(d->message,
	                    "the fragment of $ref '#user' is not a JSON "
	                    "Pointer (it must be empty or start with '/')");
	d = find_diag(l, "ref-syntax", 16);
	assert_non_null(d);
	assert_string_equal(d->message, "$ref 'urn:example:user' uses the "
	                                "unsupported scheme 'urn:'");
	assert_non_null(d->hint);
	/* 7 refs, 7 errors, nothing else */
	assert_int_equal(diag_count(l), 7);
	diag_list_free(l);
}

static void
io_error_names_path_and_reason(void **state)
{
	struct diag_list *l = load_fail("no-such-spec.yaml", NULL);
	const struct diag *d = diag_at(l, 0);

	assert_string_equal(d->rule, "io-error");
	assert_string_equal(d->file, "no-such-spec.yaml");
	assert_string_equal(
	        d->message,
	        "cannot read 'no-such-spec.yaml': No such file or directory");
	diag_list_free(l);
	l = load_fail("multi", NULL);
	assert_string_equal(diag_at(l, 0)->message,
	                    "cannot read 'multi': Is a directory");
	diag_list_free(l);
}

static char *
real(const char *p)
{
	char *r = realpath(p, NULL);

	assert_non_null(r);
	return r;
}

/* The tests run in the source tree, a git repository: the spec's folder. */
static void
outside_root_refused(void **state)
{
	struct loader_opts o = {.ref_root_spec_dir = 1};
	struct diag_list *l = load_fail("outside/sub/root.yaml", &o);
	const struct diag *d = find_diag(l, "ref-outside-root", 0);
	char *out = real("outside/outside.yaml"), *dir = real("outside/sub");
	char want[4096];

	assert_non_null(d);
	assert_int_equal(diag_count(l), 1);
	assert_string_equal(d->file, "outside/sub/root.yaml");
	assert_int_equal(d->line, 4);
	assert_int_equal(d->col, 13);
	snprintf(want, sizeof(want),
	         "$ref '../outside.yaml#/Secret' reads '%s' outside the "
	         "ref root '%s' (the spec's folder)",
	         out, dir);
	assert_string_equal(d->message, want);
	assert_string_equal(d->hint, "pass --allow-outside-refs to allow it");
	diag_list_free(l);

	l = load_fail("outside/sub/abs.yaml", &o);
	d = find_diag(l, "ref-outside-root", 4);
	assert_non_null(d);
	snprintf(want, sizeof(want),
	         "$ref '/etc/passwd' reads '/etc/passwd' outside the "
	         "ref root '%s' (the spec's folder)",
	         dir);
	assert_string_equal(d->message, want);
	diag_list_free(l);
	free(out);
	free(dir);
}

static void
outside_root_allowed_with_option(void **state)
{
	struct loader_opts o = LOADER_OPTS_INIT;
	struct loader_doc *doc;
	const cJSON *up;

	o.allow_outside_root = 1;
	doc = load_ok("outside/sub/root.yaml", &o);
	up = get(loader_root(doc), "components", "schemas", "Up", NULL);
	assert_int_equal(loader_file_count(doc), 2);
	assert_string_equal(loader_file_path(doc, 1), "outside/outside.yaml");
	assert_ptr_equal(loader_ref_target(doc, up),
	                 get(loader_file_root(doc, 1), "Secret", NULL));
	loader_doc_free(doc);
}

/* The temp tree of symlink_out_of_tree_refused, removed even on failure. */
static char symlink_tmp[] = "/tmp/loader-test-XXXXXX";

static int
symlink_teardown(void **state)
{
	static const char *const files[] = {
	        "out/x.yaml",   "root/link.yaml", "root/inner.yaml",
	        "root/in.yaml", "root/spec.yaml", "root/abs.yaml",
	};
	char p[128];
	size_t i;

	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(p, sizeof(p), "%s/%s", symlink_tmp, files[i]);
		unlink(p);
	}
	snprintf(p, sizeof(p), "%s/root", symlink_tmp);
	rmdir(p);
	snprintf(p, sizeof(p), "%s/out", symlink_tmp);
	rmdir(p);
	rmdir(symlink_tmp);
	return 0;
}

static void
symlink_out_of_tree_refused(void **state)
{
	char *tmp = symlink_tmp, root[64], out[64];
	char link[4096], spec[4096], want[8192], *target;
	struct loader_opts o = LOADER_OPTS_INIT;
	struct diag_list *l;
	struct loader_doc *doc;
	const struct diag *d;

	assert_non_null(mkdtemp(tmp));
	snprintf(root, sizeof(root), "%s/root", tmp);
	snprintf(out, sizeof(out), "%s/out", tmp);
	assert_int_equal(mkdir(root, 0700), 0);
	assert_int_equal(mkdir(out, 0700), 0);
	helpers_write_file(out, "x.yaml", "X:\n  type: string\n");
	helpers_write_file(root, "in.yaml", "Y:\n  type: integer\n");
	helpers_write_file(
	        root, "spec.yaml",
	        "a:\n  $ref: 'inner.yaml#/Y'\nb:\n  $ref: 'link.yaml#/X'\n");
	snprintf(link, sizeof(link), "%s/link.yaml", root);
	snprintf(spec, sizeof(spec), "%s/x.yaml", out);
	assert_int_equal(symlink(spec, link), 0);
	/* a symlink that stays inside the tree is fine */
	snprintf(link, sizeof(link), "%s/inner.yaml", root);
	assert_int_equal(symlink("in.yaml", link), 0);

	snprintf(spec, sizeof(spec), "%s/spec.yaml", root);
	l = load_fail(spec, NULL);
	d = find_diag(l, "ref-outside-root", 4);
	assert_non_null(d);
	assert_int_equal(diag_count(l), 1);
	assert_string_equal(d->file, spec);
	target = real(out);
	snprintf(want, sizeof(want),
	         "$ref 'link.yaml#/X' reads '%s/x.yaml' outside the ref root "
	         "'%s' (the spec's folder: it is in no git repository and not "
	         "below the current folder; set another with --ref-root)",
	         target, root);
	free(target);
	target = real(root);
	if (strcmp(target, root) == 0)
		assert_string_equal(d->message, want);
	free(target);
	diag_list_free(l);

	o.allow_outside_root = 1;
	doc = load_ok(spec, &o);
	assert_int_equal(loader_file_count(doc), 3);
	/* shown as the user would reach it, not as its realpath */
	snprintf(want, sizeof(want), "%s/link.yaml", root);
	assert_string_equal(loader_file_path(doc, 2), want);
	loader_doc_free(doc);

	/* an absolute path in a ref: refused, then allowed */
	snprintf(want, sizeof(want), "a:\n  $ref: '%s/x.yaml#/X'\n", out);
	helpers_write_file(root, "abs.yaml", want);
	snprintf(spec, sizeof(spec), "%s/abs.yaml", root);
	l = load_fail(spec, NULL);
	assert_int_equal(helpers_count_rule(l, "ref-outside-root"), 1);
	diag_list_free(l);
	doc = load_ok(spec, &o);
	snprintf(want, sizeof(want), "%s/x.yaml", out);
	assert_string_equal(loader_file_path(doc, 1), want);
	loader_doc_free(doc);
}

static void
file_count_limit(void **state)
{
	struct loader_opts o = LOADER_OPTS_INIT;
	struct diag_list *l;
	const struct diag *d;

	o.limits.max_files = 3;
	l = load_fail("multi/asyncapi.yaml", &o);
	assert_int_equal(helpers_count_rule(l, "limit-files"), 1);
	d = find_diag(l, "limit-files", 0);
	assert_string_equal(d->file, "multi/asyncapi.yaml");
	assert_int_equal(d->line, 12);
	assert_int_equal(d->col, 13);
	assert_string_equal(d->message,
	                    "$ref 'schemas/event.yaml' would load "
	                    "'multi/schemas/event.yaml', over the limit of 3 "
	                    "files");
	diag_list_free(l);

	o.limits.max_files = 5;
	loader_doc_free(load_ok("multi/asyncapi.yaml", &o));
}

static void
file_size_limit(void **state)
{
	struct loader_opts o = LOADER_OPTS_INIT;
	struct diag_list *l;
	const struct diag *d;
	struct stat big, root;
	char want[256];

	assert_int_equal(stat("size/big.yaml", &big), 0);
	assert_int_equal(stat("size/root.yaml", &root), 0);
	assert_true(big.st_size > 1000 && root.st_size < 1000);
	o.limits.max_file_size = 1000;
	l = load_fail("size/root.yaml", &o);
	d = find_diag(l, "limit-file-size", 0);
	assert_non_null(d);
	assert_string_equal(d->file, "size/root.yaml");
	assert_int_equal(d->line, 4);
	assert_int_equal(d->col, 13);
	snprintf(want, sizeof(want),
	         "'size/big.yaml' is %lld bytes, over the limit of 1000 bytes",
	         (long long)big.st_size);
	assert_string_equal(d->message, want);
	diag_list_free(l);

	o.limits.max_file_size = (size_t)root.st_size - 1;
	l = load_fail("size/root.yaml", &o);
	d = diag_at(l, 0);
	assert_string_equal(d->rule, "limit-file-size");
	assert_int_equal(d->line, 0);
	snprintf(want, sizeof(want),
	         "'size/root.yaml' is %lld bytes, over the limit of %lld bytes",
	         (long long)root.st_size, (long long)root.st_size - 1);
	assert_string_equal(d->message, want);
	diag_list_free(l);

	o.limits.max_file_size = (size_t)big.st_size;
	loader_doc_free(load_ok("size/root.yaml", &o));
}

static void
parse_error_in_referenced_file_fails_load(void **state)
{
	static const char buf[] = "x:\n  $ref: 'bad.yaml#/A'\n";
	struct diag_list *l = diag_list_new();
	struct loader_doc *doc;
	size_t i, n = 0;

	assert_int_equal(loader_load_buffer(&doc, "broken/virtual.yaml", buf,
	                                    strlen(buf), NULL, l),
	                 -1);
	for (i = 0; i < diag_count(l); i++)
		n += diag_at(l, i)->file != NULL &&
		     strcmp(diag_at(l, i)->file, "broken/bad.yaml") == 0;
	assert_true(n >= 1);
	/* the ref itself is not reported again */
	assert_int_equal(helpers_count_rule(l, "ref-not-found"), 0);
	diag_list_free(l);
}

/* N0 .. N{levels-1}, each with a and b both referring to the next. */
static char *
diamond_dag(size_t levels, size_t *len)
{
	size_t cap = levels * 160, n = 0, i;
	char *buf = malloc(cap);

	assert_non_null(buf);
	n += (size_t)snprintf(buf + n, cap - n, "components:\n  schemas:\n");
	for (i = 0; i + 1 < levels; i++)
		n += (size_t)snprintf(
		        buf + n, cap - n,
		        "    N%zu:\n      properties:\n"
		        "        a: {$ref: '#/components/schemas/N%zu'}\n"
		        "        b: {$ref: '#/components/schemas/N%zu'}\n",
		        i, i + 1, i + 1);
	n += (size_t)snprintf(buf + n, cap - n, "    N%zu: {type: string}\n", i);
	assert_true(n < cap);
	*len = n;
	return buf;
}

static void
diamond_dag_stays_fast(void **state)
{
	enum { LEVELS = 5001 };
	struct diag_list *l = diag_list_new();
	struct loader_doc *doc;
	size_t len, i, circ = 0, small_steps, small_cycle;
	char *buf = diamond_dag(LEVELS / 4 + 1, &len);
	const cJSON *s, *n0;

	assert_int_equal(
	        loader_load_buffer(&doc, "diamond.yaml", buf, len, NULL, l), 0);
	small_steps = loader_ref_steps(doc);
	small_cycle = loader_cycle_steps(doc);
	loader_doc_free(doc);
	free(buf);
	buf = diamond_dag(LEVELS, &len);
	assert_int_equal(
	        loader_load_buffer(&doc, "diamond.yaml", buf, len, NULL, l), 0);
	/*
	 * 2^5000 paths: only memoisation keeps the work linear (ref steps
	 * are the loader's work, exact whatever else the machine runs).
	 */
	helpers_assert_linear(small_steps, loader_ref_steps(doc), "ref steps");
	helpers_assert_linear(small_cycle, loader_cycle_steps(doc),
	                      "cycle steps");
	s = get(loader_root(doc), "components", "schemas", NULL);
	n0 = get(s, "N0", "properties", "a", NULL);
	assert_ptr_equal(loader_ref_target(doc, n0), get(s, "N1", NULL));
	for (i = 0; i + 1 < LEVELS; i++) {
		char k[32];

		snprintf(k, sizeof(k), "N%zu", i);
		circ += (size_t)loader_ref_is_circular(
		        doc, get(s, k, "properties", "b", NULL));
	}
	assert_int_equal(circ, 0);
	loader_doc_free(doc);
	diag_list_free(l);
	free(buf);
}

static void
dup_copies_positions_and_refs(void **state)
{
	struct loader_doc *doc = load_ok("multi/asyncapi.yaml", NULL);
	const cJSON *user = get(loader_file_root(doc, 1), "User", NULL);
	const cJSON *friend = get(user, "properties", "friend", NULL);
	const struct srcpos *a, *b;
	cJSON *copy, *made;

	copy = loader_dup(doc, user);
	assert_non_null(copy);
	assert_ptr_not_equal(copy, user);
	a = loader_pos(doc, user);
	b = loader_pos(doc, copy);
	assert_non_null(b);
	assert_memory_equal(a, b, sizeof(*a));
	assert_pos(doc, get(copy, "properties", "id", "$ref", NULL),
	           "multi/schemas/user.yaml", 5, 13);
	/* refs inside the copy point where the originals point */
	assert_ptr_equal(
	        loader_ref_target(doc, get(copy, "properties", "id", NULL)),
	        get(loader_file_root(doc, 4), "Id", NULL));
	assert_ptr_equal(
	        loader_ref_target(doc, get(copy, "properties", "friend", NULL)),
	        user);
	assert_int_equal(loader_ref_is_circular(
	                         doc, get(copy, "properties", "friend", NULL)),
	                 loader_ref_is_circular(doc, friend));
	assert_true(loader_ref_is_circular(doc, friend));

	/* a node the model builds gets a position on request */
	made = cJSON_CreateString("derived");
	assert_non_null(made);
	assert_null(loader_pos(doc, made));
	assert_int_equal(cJSON_AddItemToObject(copy, "x-made", made), 1);
	assert_int_equal(loader_copy_pos(doc, made, friend), 0);
	assert_pos(doc, made, "multi/schemas/user.yaml", 9, 7);
	assert_int_equal(loader_adopt(doc, copy), 0);
	loader_doc_free(doc);
}

static void
load_buffer_resolves_from_its_directory(void **state)
{
	static const char buf[] =
	        "{\"u\": {\"$ref\": \"schemas/user.yaml#/User\"}}";
	struct diag_list *l = diag_list_new();
	struct loader_doc *doc;
	const cJSON *u;

	assert_int_equal(loader_load_buffer(&doc, "multi/virtual.json", buf,
	                                    strlen(buf), NULL, l),
	                 0);
	u = get(loader_root(doc), "u", NULL);
	assert_pos(doc, u, "multi/virtual.json", 1, 7);
	assert_ptr_equal(loader_ref_target(doc, u),
	                 get(loader_file_root(doc, 1), "User", NULL));
	assert_string_equal(loader_file_path(doc, 1),
	                    "multi/schemas/user.yaml");
	loader_doc_free(doc);
	diag_list_free(l);
}

/*
 * With opts.partial, a document whose only errors are broken refs comes
 * back (still -1) with its broken refs left as refs that deref to
 * themselves; parse errors never give a partial document.
 */
static void
partial_document_keeps_broken_refs(void **state)
{
	struct loader_opts o = LOADER_OPTS_INIT;
	struct diag_list *l = diag_list_new();
	struct loader_doc *doc = NULL;
	const cJSON *gone, *item;

	(void)state;
	o.partial = 1;
	assert_int_equal(loader_load(&doc, "broken/missing.yaml", &o, l), -1);
	assert_non_null(doc);
	assert_true(helpers_count_rule(l, "ref-file-missing") == 1);
	gone = cJSON_GetObjectItemCaseSensitive(
	        cJSON_GetObjectItemCaseSensitive(
	                cJSON_GetObjectItemCaseSensitive(loader_root(doc),
	                                                 "components"),
	                "schemas"),
	        "Gone");
	assert_non_null(gone);
	assert_true(loader_is_ref(gone));
	assert_null(loader_ref_target(doc, gone));
	assert_ptr_equal(loader_deref(NULL, doc, gone, NULL), gone);
	item = cJSON_GetObjectItemCaseSensitive(loader_root(doc), "list");
	assert_non_null(item);
	loader_doc_free(doc);
	diag_list_free(l);

	/* a parse error in a referenced file: no partial document */
	l = diag_list_new();
	doc = (struct loader_doc *)1;
	assert_int_equal(
	        loader_load(&doc, "broken/parse-error-ref.yaml", &o, l), -1);
	assert_null(doc);
	diag_list_free(l);

	/* without the option: nothing comes back */
	o.partial = 0;
	l = diag_list_new();
	doc = (struct loader_doc *)1;
	assert_int_equal(loader_load(&doc, "broken/missing.yaml", &o, l), -1);
	assert_null(doc);
	diag_list_free(l);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(local_pointers_decode_escapes),
	        cmocka_unit_test(pointer_walks_shared_only_when_clean),
	        cmocka_unit_test(ref_work_is_linear_in_chains),
	        cmocka_unit_test(ref_steps_limit),
	        cmocka_unit_test(refs_across_directories),
	        cmocka_unit_test(ref_in_referenced_file_is_relative_to_it),
	        cmocka_unit_test(json_and_yaml_mixed),
	        cmocka_unit_test(whole_file_ref_without_fragment),
	        cmocka_unit_test(pointer_through_a_ref),
	        cmocka_unit_test(
	                unused_parts_of_referenced_files_are_not_resolved),
	        cmocka_unit_test(chain_of_refs_and_via_text),
	        cmocka_unit_test(long_via_chain_is_shortened),
	        cmocka_unit_test(report_uses_position_and_via),
	        cmocka_unit_test(recursive_schema_is_circular),
	        cmocka_unit_test(circular_refs_beside_subtrees_without_refs),
	        cmocka_unit_test(is_ref_follows_changed_members),
	        cmocka_unit_test(mutual_recursion_across_files),
	        cmocka_unit_test(pure_ref_loop_is_an_error),
	        cmocka_unit_test(pointer_that_needs_itself_is_a_loop),
	        cmocka_unit_test(missing_file_reported_at_ref),
	        cmocka_unit_test(missing_target_names_failed_token),
	        cmocka_unit_test(not_found_in_other_file_names_it),
	        cmocka_unit_test(remote_ref_reported),
	        cmocka_unit_test(anchor_fragment_and_scheme_are_syntax_errors),
	        cmocka_unit_test(io_error_names_path_and_reason),
	        cmocka_unit_test(outside_root_refused),
	        cmocka_unit_test(outside_root_allowed_with_option),
	        cmocka_unit_test_teardown(symlink_out_of_tree_refused,
	                                  symlink_teardown),
	        cmocka_unit_test(file_count_limit),
	        cmocka_unit_test(file_size_limit),
	        cmocka_unit_test(parse_error_in_referenced_file_fails_load),
	        cmocka_unit_test(diamond_dag_stays_fast),
	        cmocka_unit_test(dup_copies_positions_and_refs),
	        cmocka_unit_test(load_buffer_resolves_from_its_directory),
	        cmocka_unit_test(partial_document_keeps_broken_refs),
	        cmocka_unit_test(parsed_called_between_reads),
	};

	if (chdir(TEST_DATA "/loader") != 0) {
		perror(TEST_DATA "/loader");
		return 1;
	}
	return cmocka_run_group_tests_name("loader", tests, NULL, NULL);
}
