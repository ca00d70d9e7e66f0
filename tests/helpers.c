/* helpers: what the cmocka tests share (see helpers.h). */
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

#include "helpers.h"
#include "load/srcmap.h"
#include "util/diag.h"

void
helpers_assert_linear(size_t small, size_t big, const char *what)
{
	if (small == 0 || big > small * 5)
		fail_msg("%s: %zu for 4 x the input of %zu", what, big, small);
}

char *
helpers_read_file(const char *dir, const char *name, size_t *len)
{
	char path[4096], *buf;
	FILE *fp;
	long n;

	if (dir != NULL)
		snprintf(path, sizeof(path), "%s/%s", dir, name);
	else
		snprintf(path, sizeof(path), "%s", name);
	if ((fp = fopen(path, "rb")) == NULL)
		return NULL;
	assert_int_equal(fseek(fp, 0, SEEK_END), 0);
	n = ftell(fp);
	assert_true(n >= 0);
	rewind(fp);
	buf = malloc((size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, fp), (size_t)n);
	buf[n] = '\0';
	fclose(fp);
	if (len != NULL)
		*len = (size_t)n;
	return buf;
}

void
helpers_write_file(const char *dir, const char *name, const char *text)
{
	char path[4096];
	FILE *fp;

	if (dir != NULL)
		snprintf(path, sizeof(path), "%s/%s", dir, name);
	else
		snprintf(path, sizeof(path), "%s", name);
	fp = fopen(path, "w");
	assert_non_null(fp);
	assert_true(fputs(text, fp) >= 0);
	assert_int_equal(fclose(fp), 0);
}

size_t
helpers_count_rule(const struct diag_list *d, const char *rule)
{
	size_t i, n = 0;

	for (i = 0; i < diag_count(d); i++)
		n += strcmp(diag_at(d, i)->rule, rule) == 0;
	return n;
}

const struct diag *
helpers_find_rule(const struct diag_list *d, const char *rule)
{
	size_t i;

	for (i = 0; i < diag_count(d); i++)
		if (strcmp(diag_at(d, i)->rule, rule) == 0)
			return diag_at(d, i);
	return NULL;
}

const cJSON *
helpers_at(const cJSON *n, const char *path)
{
	char buf[256], *tok, *save = NULL;

	snprintf(buf, sizeof(buf), "%s", path);
	for (tok = strtok_r(buf, "/", &save); tok != NULL && n != NULL;
	     tok = strtok_r(NULL, "/", &save)) {
		if (cJSON_IsArray(n))
			n = cJSON_GetArrayItem(n, atoi(tok));
		else
			n = cJSON_GetObjectItemCaseSensitive(n, tok);
	}
	return n;
}

void
helpers_ld_load(struct helpers_ld *l, helpers_load_fn *fn, const char *shown,
                const char *text, size_t len)
{
	struct load_budget budget;
	uint32_t id;
	char *copy;

	l->map = srcmap_new();
	l->diags = diag_list_new();
	assert_non_null(l->map);
	assert_non_null(l->diags);
	assert_int_equal(srcmap_add_file(&id, l->map, shown), 0);
	if (l->lim.max_depth == 0)
		l->lim = (struct limits)LIMITS_INIT;
	if (l->left == 0)
		l->left = l->lim.max_nodes;
	copy = malloc(len ? len : 1);
	assert_non_null(copy);
	memcpy(copy, text, len);
	budget.nodes_left = l->left;
	budget.work = 0;
	l->rc = fn(&l->root, copy, len, id, l->map, &l->lim, &budget,
	           l->diags);
	l->left = budget.nodes_left;
	l->work = budget.work;
	free(copy);
	if (l->rc == 0)
		assert_non_null(l->root);
	else
		assert_null(l->root);
}

void
helpers_ld_load_file(struct helpers_ld *l, helpers_load_fn *fn,
                     const char *shown, const char *dir, const char *name)
{
	size_t len;
	char *buf = helpers_read_file(dir, name, &len);

	if (buf == NULL)
		fail_msg("cannot read %s/%s", dir, name);
	assert_true(len > 0);
	helpers_ld_load(l, fn, shown, buf, len);
	free(buf);
}

size_t
helpers_ld_work(helpers_load_fn *fn, const char *shown, const char *text)
{
	struct helpers_ld l = {0};
	size_t work;

	helpers_ld_load(&l, fn, shown, text, strlen(text));
	work = l.work;
	helpers_ld_unload(&l);
	return work;
}

void
helpers_ld_unload(struct helpers_ld *l)
{
	cJSON_Delete(l->root);
	srcmap_free(l->map);
	diag_list_free(l->diags);
	memset(l, 0, sizeof(*l));
}

void
helpers_ld_check_pos(const struct helpers_ld *l, const char *path,
                     uint32_t line, uint32_t col, uint32_t key_line,
                     uint32_t key_col)
{
	const cJSON *n = helpers_at(l->root, path);
	const struct srcpos *p;

	if (n == NULL)
		fail_msg("no node at %s", path);
	p = srcmap_get(l->map, n);
	if (p == NULL)
		fail_msg("no position for %s", path);
	if (p->line != line || p->col != col || p->key_line != key_line ||
	    p->key_col != key_col)
		fail_msg("%s at %u:%u key %u:%u, expected %u:%u key %u:%u",
		         path, p->line, p->col, p->key_line, p->key_col, line,
		         col, key_line, key_col);
	assert_int_equal(p->file, 0);
}

const char *
helpers_corpus_dir(char *buf, size_t size)
{
	const char *dir = getenv("ASYNCDOC_CORPUS");

	if (dir == NULL || *dir == '\0') {
		snprintf(buf, size, "%s/../../shared/corpus", TEST_DATA "/..");
		dir = buf;
	}
	if (access(dir, R_OK) != 0) {
		print_message("# corpus not found at %s: skipped\n", dir);
		return NULL;
	}
	return dir;
}

char *
helpers_diags_text(const struct diag_list *l)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	assert_non_null(fp);
	diag_print_text(fp, l, 0);
	fclose(fp);
	return buf;
}
