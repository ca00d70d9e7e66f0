/*
 * tmplcheck: HTML templates keep auto-escaping on (see tmplcheck.h).
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "render/tmplcheck.h"
#include "util/path.h"

#define PRAGMA "{{%AUTOESCAPE context=\"HTML\"}}"
#define RULE "theme-unescaped"
/* Deeper folders than this are not template folders. */
#define MAX_DEPTH 8
/* Bigger files are not templates of ours either; read at most this. */
#define MAX_SIZE (4u << 20)

/* Line (1-based) of offset off in text. */
static uint32_t
line_of(const char *text, size_t off)
{
	uint32_t line = 1;
	size_t i;

	for (i = 0; i < off; i++)
		line += text[i] == '\n';
	return line;
}

/* Column (1-based, in code points) of offset off in text. */
static uint32_t
col_of(const char *text, size_t off)
{
	uint32_t col = 1;

	while (off > 0 && text[off - 1] != '\n') {
		off--;
		col += ((unsigned char)text[off] & 0xC0) != 0x80;
	}
	return col;
}

static int
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/*
 * 1 when text starts (after blanks) with an AUTOESCAPE pragma whose
 * context is HTML: {{%AUTOESCAPE context="HTML"}}, with blanks between
 * its words and an optional state="IN_TAG". *at gets where it starts.
 */
static int
has_pragma(const char *text, size_t len, size_t *at)
{
	static const char *const forms[] = {
	        "context=\"HTML\"}}",
	        "context=\"HTML\" state=\"IN_TAG\"}}",
	        "state=\"IN_TAG\" context=\"HTML\"}}",
	};
	size_t i = 0, k, n;

	while (i < len && is_space(text[i]))
		i++;
	*at = i;
	n = strlen("{{%AUTOESCAPE");
	if (len - i < n || memcmp(text + i, "{{%AUTOESCAPE", n) != 0)
		return 0;
	i += n;
	if (i >= len || !is_space(text[i]))
		return 0;
	while (i < len && is_space(text[i]))
		i++;
	for (k = 0; k < sizeof(forms) / sizeof(forms[0]); k++) {
		n = strlen(forms[k]);
		if (len - i >= n && memcmp(text + i, forms[k], n) == 0)
			return 1;
	}
	return 0;
}

/* 1 when the n bytes of name end in "_HTML". */
static int
html_name(const char *name, size_t n)
{
	return n > 5 && memcmp(name + n - 5, "_HTML", 5) == 0;
}

/*
 * Checks the marker text[a..b) (between "{{" and "}}"): a delimiter
 * change, or a :none modifier on a name that does not end in _HTML.
 */
static int
check_marker(const char *name, const char *text, size_t a, size_t b,
             struct diag_list *diags)
{
	size_t i, j, n;

	if (a < b && text[a] == '=') {
		diag_add(diags, DIAG_ERROR, name, line_of(text, a),
		         col_of(text, a), RULE,
		         "an HTML template may not change the marker "
		         "delimiters ({{=...=}})");
		return -1;
	}
	if (a < b && (text[a] == '!' || text[a] == '%'))
		return 0;
	if (a < b && strchr("#/^>", text[a]) != NULL)
		a++;
	for (n = 0; a + n < b && text[a + n] != ':'; n++)
		;
	for (i = a + n; i < b; i = j) {
		for (j = i + 1; j < b && text[j] != ':'; j++)
			;
		/* A modifier is "none" up to its end or its "=" argument. */
		if (j - i - 1 >= 4 && memcmp(text + i + 1, "none", 4) == 0 &&
		    (j - i - 1 == 4 || text[i + 5] == '=') &&
		    !html_name(text + a, n)) {
			diag_add(diags, DIAG_ERROR, name, line_of(text, a),
			         col_of(text, a), RULE,
			         "'%.*s:none' would print text of the document "
			         "unescaped",
			         (int)(n < 80 ? n : 80), text + a);
			diag_set_hint(diags,
			              "drop ':none': only variables whose name "
			              "ends in _HTML (HTML asyncdoc made and "
			              "sanitised) may use it");
			return -1;
		}
	}
	return 0;
}

int
tmplcheck_text(const char *name, const char *text, size_t len,
               struct diag_list *diags)
{
	size_t at, i, end;
	int rc = 0;

	if (!has_pragma(text, len, &at)) {
		diag_add(diags, DIAG_ERROR, name, line_of(text, at), 0, RULE,
		         "HTML template without HTML auto-escaping");
		diag_set_hint(diags,
		              "add %s as its first line: it escapes every "
		              "value for where it lands",
		              PRAGMA);
		return -1;
	}
	for (i = 0; i + 1 < len; i++) {
		if (text[i] != '{' || text[i + 1] != '{')
			continue;
		for (end = i + 2; end + 1 < len; end++)
			if (text[end] == '}' && text[end + 1] == '}')
				break;
		if (end + 1 >= len)
			break; /* unterminated: ctemplate refuses it */
		if (check_marker(name, text, i + 2, end, diags) != 0)
			rc = -1;
		i = end + 1;
	}
	return rc;
}

/* Reads and checks the file at path. */
static int
check_file(const char *path, struct diag_list *diags)
{
	FILE *fp = fopen(path, "rb");
	char *buf = NULL;
	size_t len;
	int rc = -1;

	if (fp == NULL) {
		diag_add(diags, DIAG_ERROR, path, 0, 0, "theme-invalid",
		         "cannot read the template: %s", strerror(errno));
		return -1;
	}
	if ((buf = malloc(MAX_SIZE + 1)) == NULL) {
		diag_oom(diags, NULL);
		goto out;
	}
	len = fread(buf, 1, MAX_SIZE + 1, fp);
	if (ferror(fp) || len > MAX_SIZE) {
		diag_add(diags, DIAG_ERROR, path, 0, 0, "theme-invalid",
		         ferror(fp) ? "cannot read the template"
		                    : "template over %u bytes",
		         MAX_SIZE);
		goto out;
	}
	rc = tmplcheck_text(path, buf, len, diags);
out:
	free(buf);
	fclose(fp);
	return rc;
}

static int
ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && strcmp(s + n - m, suffix) == 0;
}

static int
walk(const char *dir, int all_tpl, int depth, struct diag_list *diags)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	struct stat st;
	char *path;
	int rc = 0;

	if (d == NULL)
		return errno == ENOENT || errno == ENOTDIR ? 0 : -1;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		if ((path = path_join(dir, e->d_name)) == NULL) {
			rc = diag_oom(diags, NULL);
			break;
		}
		if (stat(path, &st) == 0 && S_ISDIR(st.st_mode) &&
		    depth < MAX_DEPTH) {
			if (walk(path, all_tpl, depth + 1, diags) != 0)
				rc = -1;
		} else if (stat(path, &st) == 0 && S_ISREG(st.st_mode) &&
		           (ends_with(e->d_name, ".html.tpl") ||
		            (all_tpl && ends_with(e->d_name, ".tpl")))) {
			if (check_file(path, diags) != 0)
				rc = -1;
		}
		free(path);
	}
	closedir(d);
	return rc;
}

int
tmplcheck_dir(const char *dir, int all_tpl, struct diag_list *diags)
{
	return walk(dir, all_tpl, 0, diags);
}
