/*
 * bench_load: times loading one spec in-process against the libyaml floor.
 *
 *   bench_load [-r RUNS] [-s BYTES] [-f] FILE
 *
 * Over RUNS runs (default 5, after one untimed warm-up of each) it times:
 *   floor  reading FILE and pulling every libyaml event (yaml_parser_parse
 *          until the stream ends), building nothing: what any YAML-based
 *          loader must pay at least;
 *   load   the loader and the model stages of pipeline_check(): everything
 *          asyncdoc does before rendering (parse, positions, refs, model),
 *          as the issue defines loading; freeing both is timed apart as
 *          free_ms;
 *   check  its schema stage (the official schema of the document's
 *          version) and its rules stage: what `asyncdoc validate` adds to
 *          loading (schema_ms, rules_ms).
 * The stages run in the pipeline's own order (load, schema, model, rules),
 * the one build and validate use; a spec with a diagnostic at error level
 * (rules included) fails.
 *   yaml   yaml_load_buffer() alone on the text already in memory (a new
 *          srcmap each run, freed untimed): the YAML load that issue 18's
 *          split puts on two threads (yaml_ms; not for JSON files).
 * -s sets yaml_load_set_split_min ("max": never split), to compare the
 * serial load with the split one; -f splits even on one processor or a
 * busy machine (see yaml_load.h), to measure the split itself there.
 *
 * The floor uses libyaml even for JSON files (the loader parses those with
 * cJSON), so the same floor is used for both.
 *
 * Prints "key value" lines (medians in milliseconds): runs, bytes, events,
 * floor_ms, yaml_ms, split (loads split of those tried), load_ms, loader_ms,
 * model_ms, free_ms, schema_ms, rules_ms, check_ms, load_floor_ratio. Exits 1
 * when the file does not load (the first error is printed), 2 on usage or I/O
 * errors.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <yaml.h>

#include <cJSON.h>

#include "load/load_limits.h"
#include "load/srcmap.h"
#include "load/yaml_load.h"
#include "load/yaml_split.h"
#include "site/pipeline.h"
#include "util/clock.h"
#include "util/diag.h"

#define BL_MAX_RUNS 1000

/* One timed load, in milliseconds. */
struct bl_sample {
	double load_ms, loader_ms, model_ms, free_ms, schema_ms, rules_ms;
};


/* Reads path whole into *out (caller frees). 0 or -1 with errno set. */
static int
bl_read_file(char **out, size_t *len, const char *path)
{
	FILE *fp = fopen(path, "rb");
	char *buf = NULL, *nbuf;
	size_t cap = 0, n = 0, got;
	int rc = -1;

	if (fp == NULL)
		return -1;
	for (;;) {
		if (cap - n < 65536) {
			cap = cap ? cap * 2 : 1 << 20;
			nbuf = realloc(buf, cap);
			if (nbuf == NULL)
				goto out;
			buf = nbuf;
		}
		got = fread(buf + n, 1, cap - n, fp);
		n += got;
		if (got == 0)
			break;
	}
	if (ferror(fp))
		goto out;
	*out = buf;
	*len = n;
	buf = NULL;
	rc = 0;
out:
	free(buf);
	fclose(fp);
	return rc;
}

/* The floor: read the file, pull every event. Returns events or -1. */
static long
bl_floor_once(const char *path, size_t *bytes)
{
	yaml_parser_t parser;
	yaml_event_t ev;
	char *buf = NULL;
	size_t len;
	long events = 0;
	int done = 0;

	if (bl_read_file(&buf, &len, path) < 0)
		return -1;
	*bytes = len;
	if (!yaml_parser_initialize(&parser)) {
		free(buf);
		return -1;
	}
	yaml_parser_set_input_string(&parser, (const unsigned char *)buf, len);
	while (!done) {
		if (!yaml_parser_parse(&parser, &ev)) {
			events = -1;
			break;
		}
		done = ev.type == YAML_STREAM_END_EVENT;
		yaml_event_delete(&ev);
		events++;
	}
	yaml_parser_delete(&parser);
	free(buf);
	return events;
}

/* yaml_load_buffer() of buf alone, in milliseconds, or -1 on failure. */
static double
bl_yaml_once(const char *buf, size_t len)
{
	struct limits lim = LIMITS_INIT;
	struct load_budget budget = {LIMITS_DEFAULT_MAX_NODES, 0};
	struct srcmap *map = srcmap_new();
	struct diag_list *diags = diag_list_new();
	cJSON *root = NULL;
	uint32_t file;
	double t0, ms = -1;
	int rc;

	if (map == NULL || diags == NULL ||
	    srcmap_add_file(&file, map, "bench.yaml") < 0)
		goto out;
	t0 = clock_now_ms_f();
	rc = yaml_load_buffer(&root, buf, len, file, map, &lim, &budget, diags);
	ms = clock_now_ms_f() - t0;
	if (rc < 0)
		ms = -1;
out:
	cJSON_Delete(root);
	srcmap_free(map);
	diag_list_free(diags);
	return ms;
}

static void
bl_print_first_error(const struct diag_list *diags)
{
	size_t i;

	for (i = 0; i < diag_count(diags); i++) {
		const struct diag *d = diag_at(diags, i);

		if (d->severity != DIAG_ERROR)
			continue;
		fprintf(stderr, "bench_load: %s:%u:%u: %s [%s]\n",
		        d->file ? d->file : "?", (unsigned)d->line,
		        (unsigned)d->col, d->message, d->rule);
		return;
	}
	fputs("bench_load: load failed without an error diagnostic\n", stderr);
}

/*
 * Our load, timed by phase: pipeline_check(), which runs the stages in the
 * order build and validate do (load, schema, model, rules) and times each.
 * 0, or -1 (first error printed).
 */
static int
bl_load_once(const char *path, struct bl_sample *s)
{
	struct diag_list *diags = diag_list_new();
	struct pipeline_result res;
	double t0;
	int rc = -1;

	if (diags == NULL) {
		fputs("bench_load: out of memory\n", stderr);
		return -1;
	}
	/* A first call compiles the schema bundles: the warm-up run pays it. */
	if (pipeline_check(&res, path, NULL, diags) != 0) {
		bl_print_first_error(diags);
		goto out;
	}
	s->loader_ms = res.load_ms;
	s->model_ms = res.model_ms;
	s->load_ms = res.load_ms + res.model_ms;
	s->schema_ms = res.schema_ms;
	s->rules_ms = res.rules_ms;
	t0 = clock_now_ms_f();
	pipeline_result_clear(&res);
	s->free_ms = clock_now_ms_f() - t0;
	rc = 0;
out:
	pipeline_result_clear(&res);
	diag_list_free(diags);
	return rc;
}

static int
bl_cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Median of n values (the mean of the middle two when n is even). */
static double
bl_median(double *v, size_t n)
{
	qsort(v, n, sizeof(*v), bl_cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

int
main(int argc, char **argv)
{
	static double floor_ms[BL_MAX_RUNS], load_ms[BL_MAX_RUNS],
	        loader_ms[BL_MAX_RUNS], model_ms[BL_MAX_RUNS],
	        free_ms[BL_MAX_RUNS], schema_ms[BL_MAX_RUNS],
	        rules_ms[BL_MAX_RUNS], check_ms[BL_MAX_RUNS];
	struct bl_sample smp;
	const char *path;
	size_t bytes = 0, n;
	double t0, fl, ld;
	long runs = 5, events = 0, i;
	static double yaml_ms[BL_MAX_RUNS];
	struct yaml_load_split_stats st0, st1;
	unsigned long long smin;
	char *end, *text = NULL;
	size_t text_len = 0;
	int a = 1, yaml = 0;

	for (; a + 1 < argc && argv[a][0] == '-'; a += 2) {
		errno = 0;
		if (strcmp(argv[a], "-f") == 0) {
			yaml_split_set_any_cpus(1);
			a--;
			continue;
		}
		if (strcmp(argv[a], "-r") == 0) {
			runs = strtol(argv[a + 1], &end, 10);
			if (errno || *end || runs < 1 || runs > BL_MAX_RUNS) {
				fprintf(stderr,
				        "bench_load: bad run count %s\n",
				        argv[a + 1]);
				return 2;
			}
		} else if (strcmp(argv[a], "-s") == 0) {
			if (strcmp(argv[a + 1], "max") == 0) {
				yaml_load_set_split_min(SIZE_MAX);
				continue;
			}
			smin = strtoull(argv[a + 1], &end, 10);
			if (errno || *end || argv[a + 1][0] == '-' ||
			    argv[a + 1][0] == '\0') {
				fprintf(stderr,
				        "bench_load: bad byte count %s\n",
				        argv[a + 1]);
				return 2;
			}
			yaml_load_set_split_min((size_t)smin);
		} else {
			break;
		}
	}
	if (a + 1 != argc) {
		fputs("usage: bench_load [-r RUNS] [-s BYTES] [-f] FILE\n",
		      stderr);
		return 2;
	}
	path = argv[a];

	/* Warm-up: page cache, allocator arenas. */
	errno = 0;
	if (bl_floor_once(path, &bytes) < 0) {
		fprintf(stderr, "bench_load: %s: cannot read or parse: %s\n",
		        path, errno ? strerror(errno) : "libyaml error");
		return 2;
	}
	if (bl_load_once(path, &smp) < 0)
		return 1;
	if (bl_read_file(&text, &text_len, path) < 0) {
		fprintf(stderr, "bench_load: %s: %s\n", path, strerror(errno));
		return 2;
	}
	yaml = !(text_len > 0 && (text[0] == '{' || text[0] == '['));
	if (yaml && bl_yaml_once(text, text_len) < 0)
		return 1;
	yaml_load_split_stats(&st0);
	/* Interleaved, so a slow phase of the machine hits both alike. */
	for (i = 0; i < runs; i++) {
		t0 = clock_now_ms_f();
		events = bl_floor_once(path, &bytes);
		floor_ms[i] = clock_now_ms_f() - t0;
		if (events < 0 || bl_load_once(path, &smp) < 0)
			return 1;
		yaml_ms[i] = yaml ? bl_yaml_once(text, text_len) : 0;
		if (yaml_ms[i] < 0)
			return 1;
		load_ms[i] = smp.load_ms;
		loader_ms[i] = smp.loader_ms;
		model_ms[i] = smp.model_ms;
		free_ms[i] = smp.free_ms;
		schema_ms[i] = smp.schema_ms;
		rules_ms[i] = smp.rules_ms;
		check_ms[i] = smp.schema_ms + smp.rules_ms;
	}
	n = (size_t)runs;
	fl = bl_median(floor_ms, n);
	ld = bl_median(load_ms, n);
	printf("runs %ld\nbytes %zu\nevents %ld\n", runs, bytes, events);
	yaml_load_split_stats(&st1);
	printf("floor_ms %.3f\n", fl);
	printf("yaml_ms %.3f\n", bl_median(yaml_ms, n));
	printf("split %zu/%zu\n", st1.split - st0.split, st1.tried - st0.tried);
	printf("load_ms %.3f\n", ld);
	printf("loader_ms %.3f\n", bl_median(loader_ms, n));
	printf("model_ms %.3f\n", bl_median(model_ms, n));
	printf("free_ms %.3f\n", bl_median(free_ms, n));
	printf("schema_ms %.3f\n", bl_median(schema_ms, n));
	printf("rules_ms %.3f\n", bl_median(rules_ms, n));
	printf("check_ms %.3f\n", bl_median(check_ms, n));
	printf("load_floor_ratio %.2f\n", fl > 0 ? ld / fl : 0.0);
	free(text);
	return 0;
}
