/*
 * Tests of the split YAML load (load/yaml_split.h): every text loaded
 * serially and split gives the same tree, positions, key flags, budget,
 * diagnostics and srcmap; big texts do get split; texts the split cannot
 * prove right fall back. Cuts are swept over many lines of each text
 * (yaml_split_set_from), fixtures and the shared corpus included.
 */
#include "config.h"

#include <ftw.h>
#include <sched.h>
#include <unistd.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <cJSON.h>

#include "util/diag.h"
#include "util/strbuf.h"
#include "load/load_limits.h"
#include "load/srcmap.h"
#include "helpers.h"
#include "load/yaml_load.h"
#include "load/yaml_split.h"

/*
 * Work counts the same events and alias copies, but each part compares
 * keys within its own mappings (a mapping of up to 32 keys is a list) and
 * the stitch compares across the cut (yaml_load.h): bounded by a factor,
 * so that work stays linear in the input. Not exact even unsplit: big
 * mappings hash interned keys by address, which varies from run to run.
 */
static void
check_work(size_t serial, size_t split, const char *where)
{
	if (split < serial / 2 || split > serial * 2 + 64)
		fail_msg("%s: work %zu split, %zu serial", where, split,
		         serial);
}

static void
same_str(const char *a, const char *b, const char *what, const char *where)
{
	if ((a == NULL) != (b == NULL) || (a != NULL && strcmp(a, b) != 0))
		fail_msg("%s: %s differs: '%s' / '%s'", where, what,
		         a ? a : "(null)", b ? b : "(null)");
}

static void
same_pos(const struct srcmap *ma, const cJSON *a, const struct srcmap *mb,
         const cJSON *b, const char *where)
{
	const struct srcpos *pa = srcmap_get(ma, a), *pb = srcmap_get(mb, b);

	if ((pa == NULL) != (pb == NULL))
		fail_msg("%s: a position on one side only", where);
	if (pa == NULL)
		return;
	if (pa->file != pb->file || pa->line != pb->line ||
	    pa->col != pb->col || pa->key_line != pb->key_line ||
	    pa->key_col != pb->key_col)
		fail_msg("%s: position %u:%u key %u:%u / %u:%u key %u:%u",
		         where, pa->line, pa->col, pa->key_line, pa->key_col,
		         pb->line, pb->col, pb->key_line, pb->key_col);
}

/* Node by node: types with their flags, keys, values, order, positions. */
static void
same_tree(const struct srcmap *ma, const cJSON *a, const struct srcmap *mb,
          const cJSON *b, const char *where)
{
	const cJSON *ca, *cb;
	char w[512];

	if (a->type != b->type)
		fail_msg("%s: type %d / %d", where, a->type, b->type);
	same_str(a->string, b->string, "key", where);
	same_str(a->valuestring, b->valuestring, "value", where);
	if (a->valueint != b->valueint || a->valuedouble != b->valuedouble)
		fail_msg("%s: number differs", where);
	same_pos(ma, a, mb, b, where);
	for (ca = a->child, cb = b->child; ca != NULL && cb != NULL;
	     ca = ca->next, cb = cb->next) {
		snprintf(w, sizeof(w), "%.300s/%.100s", where,
		         ca->string ? ca->string : "[]");
		same_tree(ma, ca, mb, cb, w);
	}
	if (ca != NULL || cb != NULL)
		fail_msg("%s: member count differs", where);
	if (a->child != NULL &&
	    (a->child->prev == NULL || b->child->prev == NULL ||
	     b->child->prev->next != NULL))
		fail_msg("%s: broken member list", where);
}

static void
same_diags(const struct diag_list *a, const struct diag_list *b,
           const char *where)
{
	const struct diag *da, *db;
	size_t i;

	if (diag_count(a) != diag_count(b))
		fail_msg("%s: %zu / %zu diagnostics", where, diag_count(a),
		         diag_count(b));
	for (i = 0; i < diag_count(a); i++) {
		da = diag_at(a, i);
		db = diag_at(b, i);
		if (da->severity != db->severity || da->line != db->line ||
		    da->col != db->col)
			fail_msg("%s: diagnostic %zu at %u:%u / %u:%u", where,
			         i, da->line, da->col, db->line, db->col);
		same_str(da->rule, db->rule, "rule", where);
		same_str(da->file, db->file, "file", where);
		same_str(da->message, db->message, "message", where);
		same_str(da->hint, db->hint, "hint", where);
		same_str(da->via, db->via, "via", where);
	}
}

static size_t
splits(void)
{
	struct yaml_load_split_stats st;

	yaml_load_split_stats(&st);
	return st.split;
}

/*
 * Loads text serially and split with the cut searched from byte `from`
 * (SIZE_MAX: the middle), with `left` nodes (0: the default), and checks
 * the outcomes are the same. 1 when the split load stitched two parts.
 */
static int
check_same_at(const char *name, const char *text, size_t len, size_t from,
              size_t left)
{
	struct helpers_ld s = {0}, p = {0};
	size_t before;
	char where[256];
	int split;

	snprintf(where, sizeof(where), "%s (cut from %zu)", name, from);
	s.left = p.left = left;
	yaml_load_set_split_min(SIZE_MAX);
	helpers_ld_load(&s, yaml_load_buffer, "t.yaml", text, len);
	yaml_load_set_split_min(1);
	yaml_split_set_from(from);
	before = splits();
	helpers_ld_load(&p, yaml_load_buffer, "t.yaml", text, len);
	split = splits() != before;
	yaml_split_set_from(SIZE_MAX);
	yaml_load_set_split_min(SIZE_MAX);

	if (s.rc != p.rc)
		fail_msg("%s: rc %d serial, %d split", where, s.rc, p.rc);
	same_diags(s.diags, p.diags, where);
	if (s.left != p.left)
		fail_msg("%s: nodes left %zu / %zu", where, s.left, p.left);
	check_work(s.work, p.work, where);
	if (srcmap_puts(s.map) != srcmap_puts(p.map) ||
	    srcmap_size(s.map) != srcmap_size(p.map))
		fail_msg("%s: srcmap %zu/%zu puts, %zu/%zu nodes", where,
		         srcmap_puts(s.map), srcmap_puts(p.map),
		         srcmap_size(s.map), srcmap_size(p.map));
	if (s.rc == 0)
		same_tree(s.map, s.root, p.map, p.root, where);
	helpers_ld_unload(&s);
	helpers_ld_unload(&p);
	return split;
}

/*
 * check_same_at from every line start (at most max of them, spread evenly;
 * the middle too). Returns the number of loads that split.
 */
static size_t
sweep(const char *name, const char *text, size_t len, size_t max)
{
	size_t lines = 1, i, step, n = 0, line = 0, off;

	for (i = 0; i < len; i++)
		lines += text[i] == '\n';
	step = lines > max ? lines / max : 1;
	n += (size_t)check_same_at(name, text, len, SIZE_MAX, 0);
	for (off = 0; off < len; off++) {
		if (off != 0 && text[off - 1] != '\n')
			continue;
		if (line++ % step == 0)
			n += (size_t)check_same_at(name, text, len, off, 0);
	}
	return n;
}

static size_t
sweep_str(const char *text)
{
	return sweep("crafted", text, strlen(text), 1000);
}

/* ------------------------------------------------------------ generated */

/*
 * A spec shaped like bench/gen's (channels, operations, components with
 * nested payloads) of n channels; crlf for "\r\n" line ends.
 */
static char *
gen_spec(size_t *len, size_t n, int crlf)
{
	struct strbuf b = STRBUF_INIT;
	const char *nl = crlf ? "\r\n" : "\n";
	size_t i, f;

#define L(...)                                                                 \
	do {                                                                   \
		strbuf_printf(&b, __VA_ARGS__);                                \
		strbuf_puts(&b, nl);                                           \
	} while (0)
	L("# generated by test_yaml_split");
	L("asyncapi: \"3.0.0\"");
	L("info:");
	L("  title: Fleet");
	L("  version: \"1.0.0\"");
	L("channels:");
	for (i = 0; i < n; i++) {
		L("  ch%zu:", i);
		L("    address: \"fleet/{id}/events/%zu\"", i);
		L("    description: Events of one kind.");
		L("    messages:");
		L("      m%zu:", i);
		L("        $ref: \"#/components/messages/m%zu\"", i);
	}
	L("operations:");
	for (i = 0; i < n; i++) {
		L("  op%zu:", i);
		L("    action: receive");
		L("    channel:");
		L("      $ref: \"#/channels/ch%zu\"", i);
	}
	L("components:");
	L("  messages:");
	for (i = 0; i < n; i++) {
		L("    m%zu:", i);
		L("      name: m%zu", i);
		L("      payload:");
		L("        type: object");
		L("        required: [f0, f1]");
		L("        properties:");
		for (f = 0; f < 6; f++) {
			L("          f%zu:", f);
			L("            type: %s", f % 2 ? "integer" : "string");
			L("            description: >-");
			L("              Field %zu of message %zu,", f, i);
			L("              folded over two lines.");
			if (f % 3 == 2)
				L("            enum: [ok, 'late', \"lost\", "
				  "%zu]",
				  i);
		}
		L("      examples:");
		L("        - payload: {f0: x%zu, f1: %zu}", i, i);
	}
#undef L
	assert_false(b.oom);
	*len = b.len;
	return strbuf_take(&b);
}

static void
test_big_spec_splits(void **state)
{
	struct yaml_load_split_stats st0, st1;
	struct helpers_ld l = {0};
	size_t len;
	char *text = gen_spec(&len, 400, 0);

	(void)state;
	assert_true(len >= 256 << 10);
	/* The default threshold: the split must happen, and be the same. */
	yaml_load_split_stats(&st0);
	yaml_load_set_split_min(256 << 10);
	helpers_ld_load(&l, yaml_load_buffer, "t.yaml", text, len);
	yaml_load_split_stats(&st1);
	assert_int_equal(l.rc, 0);
	assert_int_equal(st1.tried - st0.tried, 1);
	assert_int_equal(st1.split - st0.split, 1);
	helpers_ld_unload(&l);
	yaml_load_set_split_min(SIZE_MAX);
	assert_int_equal(check_same_at("gen", text, len, SIZE_MAX, 0), 1);
	/* Cuts all over it, each level of the chain. */
	assert_true(sweep("gen", text, len, 60) >= 40);
	free(text);
}

static void
test_big_spec_crlf(void **state)
{
	size_t len;
	char *text = gen_spec(&len, 300, 1);

	(void)state;
	assert_int_equal(check_same_at("gen-crlf", text, len, SIZE_MAX, 0), 1);
	assert_true(sweep("gen-crlf", text, len, 30) >= 20);
	free(text);
}

/* The budget across the cut: the serial limit-nodes error, same place. */
static void
test_big_spec_budget(void **state)
{
	struct helpers_ld s = {0};
	size_t len, used;
	char *text = gen_spec(&len, 60, 0);

	(void)state;
	yaml_load_set_split_min(SIZE_MAX);
	helpers_ld_load(&s, yaml_load_buffer, "t.yaml", text, len);
	assert_int_equal(s.rc, 0);
	used = LIMITS_DEFAULT_MAX_NODES - s.left;
	helpers_ld_unload(&s);
	/* Just enough, one short (the error falls after the cut), half. */
	assert_int_equal(check_same_at("budget", text, len, SIZE_MAX, used), 1);
	assert_int_equal(check_same_at("budget", text, len, SIZE_MAX, used - 1),
	                 0);
	assert_int_equal(check_same_at("budget", text, len, SIZE_MAX, used / 2),
	                 0);
	assert_int_equal(check_same_at("budget", text, len, SIZE_MAX, used + 1),
	                 1);
	free(text);
}

/* ------------------------------------------------------------- crafted */

static void
test_crafted_split(void **state)
{
	/* Plain nested specs: these must split somewhere. */
	(void)state;
	assert_true(sweep_str("a: 1\n"
	                      "channels:\n"
	                      "  one:\n"
	                      "    x: 1\n"
	                      "    y: [1, 2]\n"
	                      "  two:\n"
	                      "    x: 2\n"
	                      "  # a comment\n"
	                      "\n"
	                      "  three:\n"
	                      "    x: 3\n"
	                      "    deeper:\n"
	                      "      p: 1\n"
	                      "      q: 2\n"
	                      "      r: 3\n"
	                      "z: last\n") >= 5);
	/* Comments and blank lines around the cut, comments on A lines. */
	assert_true(sweep_str("top: # comment\n"
	                      "  a: 1\n"
	                      "\n"
	                      "  # between\n"
	                      "    # deeper comment\n"
	                      "\n"
	                      "  b: 2\n"
	                      "  c:   \n"
	                      "    d: 3\n"
	                      "    e: 4\n"
	                      "  f: 5\n"
	                      "# end\n") >= 3);
	/* Top-level cuts (no chain). */
	assert_true(sweep_str("a: 1\nb: 2\nc: 3\nd: {x: 1}\ne: [1]\n") >= 3);
	/* '---' and '...' around the document. */
	assert_true(sweep_str("---\n"
	                      "a:\n"
	                      "  b: 1\n"
	                      "  c: 2\n"
	                      "  d: 3\n"
	                      "...\n") >= 2);
	/* Warnings on both sides: kept, in order, at their lines. */
	assert_true(sweep_str("a:\n"
	                      "  b: yes\n"
	                      "  c: .inf\n"
	                      "  d: 1\n"
	                      "  e: on\n"
	                      "  f: \"on\"\n"
	                      "  g: -.INF\n") >= 3);
	/* A UTF-8 byte-order mark and non-ASCII text. */
	assert_true(sweep_str("\xef\xbb\xbf"
	                      "x: \xc3\xa9\n"
	                      "a:\n"
	                      "  b: \xc3\xa9t\xc3\xa9\n"
	                      "  c: \xe2\x82\xac\n"
	                      "  d: x\n") >= 2);
}

static void
test_crafted_fallback(void **state)
{
	(void)state;
	/* An anchor of part 1 aliased in part 2: the serial tree. */
	sweep_str("a:\n"
	          "  b: &x {p: 1, q: [1, 2]}\n"
	          "  c: 2\n"
	          "  d: *x\n"
	          "  e: *x\n"
	          "f: *x\n");
	/* Anchors redefined after the cut. */
	sweep_str("a:\n"
	          "  b: &x 1\n"
	          "  c: &x 2\n"
	          "  d: *x\n"
	          "  e: *x\n");
	/* Duplicate keys across the cut, in the chain mapping and at top. */
	sweep_str("a:\n  b: 1\n  c: 2\n  d: 3\n  b: 4\n");
	sweep_str("a:\n  b: 1\n  c: 2\nx: 1\na: 2\n");
	sweep_str("a:\n  b: 1\n  c: 2\nx: 1\ny: 2\nx: 3\n");
	/* A quoted scalar whose continuation lines look like keys. */
	sweep_str("a:\n"
	          "  b: \"x\n"
	          "  c: 1\n"
	          "  d: 2\"\n"
	          "  e: 3\n");
	sweep_str("y:\n"
	          "    b: \"x\n"
	          "y:\n"
	          "  z\"\n"
	          "  c: 2\n");
	sweep_str("y:\n"
	          "  b: 'x\n"
	          "y:\n"
	          "  k:\n"
	          "  z'\n"
	          "  c: 2\n");
	/* Block scalars, at top level and nested, with key-like lines. */
	sweep_str("a: |\n"
	          "  b:\n"
	          "    c: 1\n"
	          "  d: 2\n"
	          "e: >\n"
	          "  f: 1\n"
	          "  g: 2\n");
	sweep_str("--- |\n"
	          "a:\n"
	          "  b: 1\n"
	          "  c: 2\n");
	sweep_str("a:\n"
	          "  b: |2\n"
	          "      c: 1\n"
	          "    d: 2\n"
	          "  e: 3\n");
	/* Flow collections over several lines. */
	sweep_str("a:\n"
	          "  b: {p: 1,\n"
	          "  q: 2}\n"
	          "  c: 3\n");
	sweep_str("a:\n"
	          "  {\n"
	          "  b: 1}\n"
	          "  c: 2\n");
	sweep_str("a: [1,\n"
	          "  2,\n"
	          "  3]\n"
	          "b:\n"
	          "  c: 1\n"
	          "  d: 2\n");
	/* A plain scalar over several lines. */
	sweep_str("a:\n"
	          "  b: one\n"
	          "   two\n"
	          "  c: 3\n"
	          "  d:\n"
	          "    x\n"
	          "  e: 4\n");
	/* Merge keys in and across the chain mappings. */
	sweep_str("base: &b {x: 1, y: 2}\n"
	          "a:\n"
	          "  p: 1\n"
	          "  <<: *b\n"
	          "  q: 2\n"
	          "  x: 3\n");
	sweep_str("a:\n"
	          "  p: 1\n"
	          "  <<: {x: 1, q: 9}\n"
	          "  q: 2\n"
	          "  r: 3\n");
	/* Sequences in the chain, and a compact sequence as a value. */
	sweep_str("a:\n"
	          "  - b: 1\n"
	          "    c: 2\n"
	          "  - d: 3\n"
	          "    e: 4\n"
	          "f:\n"
	          "- 1\n"
	          "- 2\n"
	          "g: 3\n");
	/* Warnings and an error: the serial parse reports them all. */
	sweep_str("a:\n  b: yes\n  c: .inf\n  d: on\n  e: !!int x\n");
	/* A syntax error after the cut, and before it. */
	sweep_str("a:\n  b: 1\n  c: 2\n  d: [\n  e: 3\n");
	sweep_str("a:\n  b: ]\n  c: 2\n  d: 3\n  e: 3\n");
	sweep_str("a:\n  b: 1\n  c: 2\n  d: 3\n e: 3\n");
	sweep_str("a:\n  b: 1\n  c: 2\n   d: 3\n  e: 3\n");
	/* Tabs: in indentation (an error), in values, on blank lines. */
	sweep_str("a:\n  b: 1\n\t c: 2\n  d: 3\n");
	sweep_str("a:\n  b: \"1\t2\"\n \t\n  c:\t3\n  d: 4\n");
	/* A %YAML directive, a %TAG that part 2 would not see. */
	sweep_str("%YAML 1.2\n---\na:\n  b: 1\n  c: 2\n  d: 3\n");
	sweep_str("%TAG !! tag:example.com,2000:\n---\n"
	          "a:\n  b: 1\n  c: !!str 2\n  d: !!str 3\n");
	/* Two documents. */
	sweep_str("a:\n  b: 1\n  c: 2\n---\nd:\n  e: 1\n");
	sweep_str("a:\n  b: 1\n  c: 2\n...\n  e: 1\n");
	/* A lone CR and a NEL inside the text (line breaks to libyaml). */
	sweep_str("a:\n  b: 1\r  c: 2\n  d: 3\n  e: 4\n");
	sweep_str("a:\n  b: \"1\xc2\x85x\"\n  c: 2\n  d: 3\n");
	sweep_str("a:\n  b: 1\xe2\x80\xa8  c: 2\n  d: 3\n");
	/* Complex keys, tags, anchors on chain mappings. */
	sweep_str("a:\n  ? b\n  : 1\n  c: 2\n  d: 3\n");
	sweep_str("a: !!map\n  b: 1\n  c: 2\n  d: 3\n");
	sweep_str("a:\n  &m\n  b: 1\n  c: 2\nz: *m\n");
	sweep_str("a: &m\n  b: 1\n  c: 2\n  d: 3\nz: *m\n");
	/* A root that is not a mapping. */
	sweep_str("- a:\n    b: 1\n    c: 2\n- d\n");
	sweep_str("just a scalar\n  b: 1\n");
	/* Keys with odd spellings in the chain. */
	sweep_str("\"a\":\n  b: 1\n  c: 2\n'd':\n  e: 1\n  f: 2\n");
	sweep_str("a :\n  b: 1\n  c: 2\n  d: 3\n");
	sweep_str("a:b:\n  c: 1\n  d: 2\n");
}

/* Depth limit with the chain: part 2 is as deep as the real text. */
static void
test_crafted_depth(void **state)
{
	struct strbuf b = STRBUF_INIT;
	size_t d;

	(void)state;
	for (d = 0; d < 131; d++)
		strbuf_printf(&b, "%*sk%zu:\n", (int)(d * 2), "", d);
	strbuf_printf(&b, "%*sx: 1\n", 262, "");
	strbuf_printf(&b, "%*sy: 2\n", 262, "");
	strbuf_printf(&b, "%*sz: 3\n", 60, "");
	assert_false(b.oom);
	sweep("deep", b.p, b.len, 40);
	strbuf_free(&b);
}

/* ------------------------------------------------------------ fixtures */

static size_t files_seen, files_split;

static int
visit(const char *path, const struct stat *sb, int type, struct FTW *ftw)
{
	size_t n = strlen(path), len;
	char *buf;

	(void)sb;
	(void)ftw;
	if (type != FTW_F || !((n > 5 && strcmp(path + n - 5, ".yaml") == 0) ||
	                       (n > 4 && strcmp(path + n - 4, ".yml") == 0)))
		return 0;
	buf = helpers_read_file(NULL, path, &len);
	if (buf == NULL)
		fail_msg("cannot read %s", path);
	files_seen++;
	if (len > 0)
		files_split += sweep(path, buf, len, 24) != 0;
	free(buf);
	return 0;
}

static void
test_fixtures(void **state)
{
	(void)state;
	files_seen = files_split = 0;
	assert_int_equal(nftw(TEST_DATA, visit, 16, FTW_PHYS), 0);
	print_message("# %zu fixtures, %zu of them split at some cut\n",
	              files_seen, files_split);
	assert_true(files_seen > 50);
	assert_true(files_split > 10);
}

static void
test_corpus(void **state)
{
	const char *dir = getenv("ASYNCDOC_CORPUS");
	char path[4096];

	(void)state;
	if (dir == NULL || *dir == '\0') {
		snprintf(path, sizeof(path), "%s/../../shared/corpus",
		         TEST_DATA "/..");
		dir = path;
	}
	if (access(dir, R_OK) != 0) {
		print_message("# corpus not found at %s: skipped\n", dir);
		return;
	}
	files_seen = files_split = 0;
	assert_int_equal(nftw(dir, visit, 16, FTW_PHYS), 0);
	print_message("# corpus: %zu documents, %zu of them split at some "
	              "cut\n",
	              files_seen, files_split);
	assert_true(files_seen > 100);
	assert_true(files_split > 50);
}

/* A process that may use one processor only parses serially. */
static void
test_one_cpu(void **state)
{
	struct yaml_load_split_stats st0, st1;
	struct helpers_ld l = {0};
	cpu_set_t old, one;
	size_t len;
	char *text = gen_spec(&len, 100, 0);

	(void)state;
	assert_int_equal(sched_getaffinity(0, sizeof(old), &old), 0);
	CPU_ZERO(&one);
	CPU_SET(sched_getcpu() >= 0 ? sched_getcpu() : 0, &one);
	assert_int_equal(sched_setaffinity(0, sizeof(one), &one), 0);
	yaml_split_set_any_cpus(0);
	yaml_load_set_split_min(1);
	yaml_load_split_stats(&st0);
	helpers_ld_load(&l, yaml_load_buffer, "t.yaml", text, len);
	yaml_load_split_stats(&st1);
	yaml_load_set_split_min(SIZE_MAX);
	yaml_split_set_any_cpus(1);
	assert_int_equal(sched_setaffinity(0, sizeof(old), &old), 0);
	assert_int_equal(l.rc, 0);
	assert_int_equal(st1.tried - st0.tried, 1);
	assert_int_equal(st1.split - st0.split, 0);
	assert_int_equal(st1.serial - st0.serial, 1);
	helpers_ld_unload(&l);
	free(text);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_big_spec_splits),
	        cmocka_unit_test(test_big_spec_crlf),
	        cmocka_unit_test(test_big_spec_budget),
	        cmocka_unit_test(test_crafted_split),
	        cmocka_unit_test(test_crafted_fallback),
	        cmocka_unit_test(test_crafted_depth),
	        cmocka_unit_test(test_fixtures),
	        cmocka_unit_test(test_corpus),
	        cmocka_unit_test(test_one_cpu),
	};

	/* The equivalence holds on one processor too (taskset, CI). */
	yaml_split_set_any_cpus(1);

	return cmocka_run_group_tests(tests, NULL, NULL);
}
