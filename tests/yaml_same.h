/*
 * yaml_same.h: two YAML loads of one text compared node by node (types
 * with their flags, keys, values, member order, positions) and diagnostic
 * by diagnostic; what test_yaml_split.c and fuzz/fuzz_yaml_split.c check
 * the split load against the serial one with. The includer defines
 * YAML_SAME_FAIL(fmt, ...), which must not return (cmocka's fail_msg, or
 * an abort), and includes cJSON.h, util/diag.h and load/srcmap.h.
 */
#ifndef ASYNCDOC_YAML_SAME_H
#define ASYNCDOC_YAML_SAME_H

#include <stdio.h>
#include <string.h>

static void
same_str(const char *a, const char *b, const char *what, const char *where)
{
	if ((a == NULL) != (b == NULL) || (a != NULL && strcmp(a, b) != 0))
		YAML_SAME_FAIL("%s: %s differs: '%s' / '%s'", where, what,
		               a ? a : "(null)", b ? b : "(null)");
}

static void
same_pos(const struct srcmap *ma, const cJSON *a, const struct srcmap *mb,
         const cJSON *b, const char *where)
{
	const struct srcpos *pa = srcmap_get(ma, a), *pb = srcmap_get(mb, b);

	if ((pa == NULL) != (pb == NULL))
		YAML_SAME_FAIL("%s: a position on one side only", where);
	if (pa == NULL)
		return;
	if (pa->file != pb->file || pa->line != pb->line ||
	    pa->col != pb->col || pa->key_line != pb->key_line ||
	    pa->key_col != pb->key_col)
		YAML_SAME_FAIL("%s: position %u:%u key %u:%u / %u:%u key %u:%u",
		               where, pa->line, pa->col, pa->key_line,
		               pa->key_col, pb->line, pb->col, pb->key_line,
		               pb->key_col);
}

/* Node by node: types with their flags, keys, values, order, positions. */
static void
same_tree(const struct srcmap *ma, const cJSON *a, const struct srcmap *mb,
          const cJSON *b, const char *where)
{
	const cJSON *ca, *cb;
	char w[512];

	if (a->type != b->type)
		YAML_SAME_FAIL("%s: type %d / %d", where, a->type, b->type);
	same_str(a->string, b->string, "key", where);
	same_str(a->valuestring, b->valuestring, "value", where);
	if (a->valueint != b->valueint || a->valuedouble != b->valuedouble)
		YAML_SAME_FAIL("%s: number differs", where);
	same_pos(ma, a, mb, b, where);
	for (ca = a->child, cb = b->child; ca != NULL && cb != NULL;
	     ca = ca->next, cb = cb->next) {
		snprintf(w, sizeof(w), "%.300s/%.100s", where,
		         ca->string ? ca->string : "[]");
		same_tree(ma, ca, mb, cb, w);
	}
	if (ca != NULL || cb != NULL)
		YAML_SAME_FAIL("%s: member count differs", where);
	if (a->child != NULL &&
	    (a->child->prev == NULL || b->child->prev == NULL ||
	     b->child->prev->next != NULL))
		YAML_SAME_FAIL("%s: broken member list", where);
}

static void
same_diags(const struct diag_list *a, const struct diag_list *b,
           const char *where)
{
	const struct diag *da, *db;
	size_t i;

	if (diag_count(a) != diag_count(b))
		YAML_SAME_FAIL("%s: %zu / %zu diagnostics", where,
		               diag_count(a), diag_count(b));
	for (i = 0; i < diag_count(a); i++) {
		da = diag_at(a, i);
		db = diag_at(b, i);
		if (da->severity != db->severity || da->line != db->line ||
		    da->col != db->col)
			YAML_SAME_FAIL("%s: diagnostic %zu at %u:%u / %u:%u",
			               where, i, da->line, da->col, db->line,
			               db->col);
		same_str(da->rule, db->rule, "rule", where);
		same_str(da->file, db->file, "file", where);
		same_str(da->message, db->message, "message", where);
		same_str(da->hint, db->hint, "hint", where);
		same_str(da->via, db->via, "via", where);
	}
}

#endif
