/*
 * diff_print: the outputs of `asyncdoc diff` (see diff_cmd.h). Text from
 * the documents is escaped for where it goes: control bytes in text,
 * Markdown syntax in markdown, JSON strings through cJSON, workflow
 * commands and SARIF through the diagnostics printers (util/diag.h).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cJSON.h>

#include "cli/diff_cmd.h"
#include "render/mdtext.h"
#include "util/diag.h"
#include "util/strbuf.h"

/* "REV:file:line", "file:line" or "-" into b. */
static void
put_pos(struct strbuf *b, const struct diff_pos *p, const char *rev)
{
	if (p->file == NULL) {
		strbuf_puts(b, "-");
		return;
	}
	if (rev != NULL)
		strbuf_printf(b, "%s:", rev);
	strbuf_puts(b, p->file);
	if (p->line > 0)
		strbuf_printf(b, ":%u", p->line);
}

/*
 * s escaped as every diagnostic is (diag_escape: control bytes, bidi
 * controls, invalid UTF-8): nothing from a spec drives a terminal.
 */
static void
put_safe(FILE *fp, const char *s)
{
	struct strbuf e = STRBUF_INIT;

	diag_escape(&e, s);
	if (!e.oom && e.p != NULL)
		fputs(e.p, fp);
	strbuf_free(&e);
}

static void
counts_line(struct strbuf *b, const struct diff_result *r)
{
	strbuf_printf(b,
	              "%zu change%s: %zu breaking, %zu unclassified, %zu "
	              "non-breaking",
	              r->n, r->n == 1 ? "" : "s", r->count[DIFF_BREAKING],
	              r->count[DIFF_UNCLASSIFIED], r->count[DIFF_NON_BREAKING]);
}

static int
print_text(FILE *fp, const struct diff_result *r, const struct diff_names *nm)
{
	struct strbuf b = STRBUF_INIT;
	size_t i;

	for (i = 0; i < r->n; i++) {
		const struct diff_change *c = &r->items[i];

		b.len = 0;
		put_pos(&b, &c->old, nm->old_rev);
		strbuf_puts(&b, " -> ");
		put_pos(&b, &c->new, nm->new_rev);
		if (b.oom)
			break;
		put_safe(fp, b.p);
		fprintf(fp, ": %s: ", diff_class_name(c->cls));
		put_safe(fp, c->where);
		fputs(": ", fp);
		put_safe(fp, c->message);
		fprintf(fp, " [%s]\n", c->kind);
	}
	b.len = 0;
	counts_line(&b, r);
	if (!b.oom)
		fprintf(fp, "%s\n", b.p);
	strbuf_free(&b);
	return b.oom ? -1 : 0;
}

static cJSON *
json_pos(const struct diff_pos *p, const char *rev)
{
	cJSON *o = cJSON_CreateObject();

	if (p->file == NULL)
		return o;
	if (rev != NULL)
		cJSON_AddStringToObject(o, "rev", rev);
	cJSON_AddStringToObject(o, "file", p->file);
	cJSON_AddNumberToObject(o, "line", p->line);
	cJSON_AddNumberToObject(o, "col", p->col);
	return o;
}

static int
print_json(FILE *fp, const struct diff_result *r, const struct diff_names *nm)
{
	cJSON *root = cJSON_CreateObject(), *list, *o, *sum;
	char *text;
	size_t i;

	cJSON_AddStringToObject(root, "old", nm->old_spec);
	cJSON_AddStringToObject(root, "new", nm->new_spec);
	sum = cJSON_AddObjectToObject(root, "summary");
	cJSON_AddNumberToObject(sum, "breaking", (double)r->count[0]);
	cJSON_AddNumberToObject(sum, "non-breaking", (double)r->count[1]);
	cJSON_AddNumberToObject(sum, "unclassified", (double)r->count[2]);
	list = cJSON_AddArrayToObject(root, "changes");
	for (i = 0; list != NULL && i < r->n; i++) {
		const struct diff_change *c = &r->items[i];

		o = cJSON_CreateObject();
		cJSON_AddItemToArray(list, o);
		cJSON_AddStringToObject(o, "kind", c->kind);
		cJSON_AddStringToObject(o, "class", diff_class_name(c->cls));
		if (diff_dir_name(c->dir) != NULL)
			cJSON_AddStringToObject(o, "direction",
			                        diff_dir_name(c->dir));
		cJSON_AddStringToObject(o, "where", c->where);
		cJSON_AddStringToObject(o, "message", c->message);
		cJSON_AddItemToObject(o, "old", json_pos(&c->old, nm->old_rev));
		cJSON_AddItemToObject(o, "new", json_pos(&c->new, nm->new_rev));
	}
	text = cJSON_Print(root);
	cJSON_Delete(root);
	if (text == NULL)
		return -1;
	fprintf(fp, "%s\n", text);
	free(text);
	return 0;
}

/* One Markdown list item: kind, where, message, positions. */
static int
md_item(struct strbuf *b, const struct diff_change *c,
        const struct diff_names *nm)
{
	struct strbuf pos = STRBUF_INIT;
	char *kind = NULL, *where = NULL, *msg = NULL, *po = NULL, *pn = NULL;
	int rc = -1;

	put_pos(&pos, &c->old, nm->old_rev);
	if (pos.oom || mdtext_code_span(&po, pos.p, 0) < 0)
		goto out;
	pos.len = 0;
	put_pos(&pos, &c->new, nm->new_rev);
	if (pos.oom || mdtext_code_span(&pn, pos.p, 0) < 0 ||
	    mdtext_code_span(&kind, c->kind, 0) < 0 ||
	    mdtext_escape(&where, c->where) < 0 ||
	    mdtext_escape(&msg, c->message) < 0)
		goto out;
	strbuf_printf(b, "- %s %s: %s (%s → %s)\n", kind, where, msg, po, pn);
	rc = 0;
out:
	strbuf_free(&pos);
	free(kind);
	free(where);
	free(msg);
	free(po);
	free(pn);
	return rc;
}

static int
print_markdown(FILE *fp, const struct diff_result *r,
               const struct diff_names *nm)
{
	static const char *const heads[] = {"Breaking", "Non-breaking",
	                                    "Unclassified"};
	static const enum diff_class order[] = {
	        DIFF_BREAKING, DIFF_UNCLASSIFIED, DIFF_NON_BREAKING};
	struct strbuf b = STRBUF_INIT;
	char *o = NULL, *n = NULL;
	size_t i, k;
	int rc = -1;

	if (mdtext_code_span(&o, nm->old_spec, 0) < 0 ||
	    mdtext_code_span(&n, nm->new_spec, 0) < 0)
		goto out;
	strbuf_printf(&b, "## API changes\n\n%s → %s: **", o, n);
	counts_line(&b, r);
	strbuf_puts(&b, "**\n");
	for (k = 0; k < 3; k++) {
		if (r->count[order[k]] == 0)
			continue;
		strbuf_printf(&b, "\n### %s (%zu)\n\n", heads[order[k]],
		              r->count[order[k]]);
		for (i = 0; i < r->n; i++)
			if (r->items[i].cls == order[k] &&
			    md_item(&b, &r->items[i], nm) < 0)
				goto out;
	}
	if (b.oom)
		goto out;
	fputs(b.p, fp);
	rc = 0;
out:
	free(o);
	free(n);
	strbuf_free(&b);
	return rc;
}

/* The changes as diagnostics on the NEW file, for github and sarif. */
static int
to_diags(struct diag_list *d, const struct diff_result *r,
         const struct diff_names *nm)
{
	static const enum diag_severity sev[] = {DIAG_ERROR, DIAG_INFO,
	                                         DIAG_WARNING};
	struct strbuf was = STRBUF_INIT;
	size_t i;
	int rc = 0;

	for (i = 0; i < r->n && rc == 0; i++) {
		const struct diff_change *c = &r->items[i];
		const char *file = c->new.file;

		was.len = 0;
		put_pos(&was, &c->old, nm->old_rev);
		if (was.oom)
			return -1;
		/* A change with no place in NEW (a removal) goes on its file.
		 */
		if (file == NULL && nm->new_rev == NULL)
			file = nm->new_spec;
		rc = diag_add(d, sev[c->cls], file, c->new.line, c->new.col,
		              c->kind, "%s change: %s: %s (was %s)",
		              diff_class_name(c->cls), c->where, c->message,
		              was.p);
	}
	strbuf_free(&was);
	return rc;
}

static int
print_diags(FILE *fp, enum diff_format format, const struct diff_result *r,
            const struct diff_names *nm)
{
	struct diag_list *d = diag_list_new();
	struct diag_rule_desc *rules = NULL;
	struct diag_sarif_opts so = {.tool_name = "asyncdoc diff",
	                             .tool_version = PACKAGE_VERSION};
	const struct diff_kind_info *k;
	char *cwd = NULL;
	size_t i, n;
	int rc = -1;

	if (d == NULL || to_diags(d, r, nm) < 0)
		goto out;
	if (format == DIFF_FORMAT_GITHUB) {
		rc = diag_print_github(fp, d);
		goto out;
	}
	k = diff_kinds(&n);
	rules = calloc(n, sizeof(*rules));
	cwd = getcwd(NULL, 0);
	if (rules == NULL)
		goto out;
	for (i = 0; i < n; i++) {
		rules[i].id = k[i].id;
		rules[i].severity =
		        k[i].effect == DIFF_EFFECT_NON_BREAKING ? DIAG_INFO
		        : k[i].effect == DIFF_EFFECT_BREAKING   ? DIAG_ERROR
		                                                : DIAG_WARNING;
		rules[i].description = k[i].description;
	}
	so.rules = rules;
	so.n_rules = n;
	so.base_dir = cwd;
	rc = diag_print_sarif(fp, d, &so);
out:
	free(rules);
	free(cwd);
	diag_list_free(d);
	return rc;
}

int
diff_print(FILE *fp, enum diff_format format, const struct diff_result *r,
           const struct diff_names *names)
{
	switch (format) {
	case DIFF_FORMAT_JSON:
		return print_json(fp, r, names);
	case DIFF_FORMAT_MARKDOWN:
		return print_markdown(fp, r, names);
	case DIFF_FORMAT_GITHUB:
	case DIFF_FORMAT_SARIF:
		return print_diags(fp, format, r, names);
	default:
		return print_text(fp, r, names);
	}
}
