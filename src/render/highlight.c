/*
 * highlight: JSON and YAML text of a value, plain or as highlighted HTML
 * (see highlight.h).
 */
#include "config.h"

#include <ctype.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <cJSON.h>

#include "render/highlight.h"
#include "util/ascii.h"
#include "util/node.h"
#include "util/strbuf.h"

enum tok { K_KEY, K_STR, K_NUM, K_BOOL, K_NULL, K_PUNC };

static const char *const tok_class[] = {"hl-key",  "hl-str",  "hl-num",
                                        "hl-bool", "hl-null", "hl-punc"};

/* Long keys take the explicit "? key" form (libyaml stops at 1024). */
#define YAML_LONG_KEY 1000

struct hw {
	struct strbuf *o;
	int html;
	int fail; /* the depth limit was hit */
};

/* ------------------------------------------------------------------ */
/* Output                                                              */

/* s[0..n) as text: HTML-escaped in HTML mode. */
static void
put(struct hw *w, const char *s, size_t n)
{
	if (!w->html) {
		strbuf_putn(w->o, s, n);
		return;
	}
	strbuf_put_html_n(w->o, s, n);
}

static void
puts_(struct hw *w, const char *s)
{
	put(w, s, strlen(s));
}

static void
open_tok(struct hw *w, enum tok k)
{
	if (w->html) {
		strbuf_puts(w->o, "<span class=\"");
		strbuf_puts(w->o, tok_class[k]);
		strbuf_puts(w->o, "\">");
	}
}

static void
close_tok(struct hw *w)
{
	if (w->html)
		strbuf_puts(w->o, "</span>");
}

static void
token(struct hw *w, enum tok k, const char *s)
{
	open_tok(w, k);
	puts_(w, s);
	close_tok(w);
}

static void
newline(struct hw *w, int ind)
{
	int i;

	strbuf_putc(w->o, '\n');
	for (i = 0; i < ind; i++)
		strbuf_putc(w->o, ' ');
}

/*
 * Length of the valid UTF-8 sequence at p (at most left bytes), with its
 * code point in *cp; 0 when the bytes are not valid UTF-8 (overlong forms,
 * surrogates, beyond U+10FFFF, truncated).
 */
static size_t
utf8_seq(const unsigned char *p, size_t left, uint32_t *cp)
{
	size_t n, i;
	uint32_t c = p[0];

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xC2 && c <= 0xDF)
		n = 2, c &= 0x1F;
	else if (c >= 0xE0 && c <= 0xEF)
		n = 3, c &= 0x0F;
	else if (c >= 0xF0 && c <= 0xF4)
		n = 4, c &= 0x07;
	else
		return 0;
	if (n > left)
		return 0;
	for (i = 1; i < n; i++) {
		if ((p[i] & 0xC0) != 0x80)
			return 0;
		c = (c << 6) | (p[i] & 0x3F);
	}
	if ((n == 3 && c < 0x800) || (n == 4 && c < 0x10000) || c > 0x10FFFF ||
	    (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	*cp = c;
	return n;
}

static const char replacement[] = "\xEF\xBF\xBD"; /* U+FFFD */

/* Text with invalid UTF-8 replaced by U+FFFD. */
static void
put_utf8(struct hw *w, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, run = 0, k;
	uint32_t cp;

	while (i < n) {
		k = utf8_seq(p + i, n - i, &cp);
		if (k > 0) {
			i += k;
			continue;
		}
		put(w, s + run, i - run);
		put(w, replacement, 3);
		i++;
		run = i;
	}
	put(w, s + run, n - run);
}

/* ------------------------------------------------------------------ */
/* JSON                                                                */

static void
json_string(struct hw *w, enum tok k, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i, run = 0, n = strlen(s);
	char esc[8];

	open_tok(w, k);
	put(w, "\"", 1);
	for (i = 0; i < n; i++) {
		if (p[i] >= 0x20 && p[i] != '"' && p[i] != '\\')
			continue;
		put_utf8(w, s + run, i - run);
		put(w, esc, ascii_json_escape(esc, p[i]));
		run = i + 1;
	}
	put_utf8(w, s + run, n - run);
	put(w, "\"", 1);
	close_tok(w);
}

/* Number text as node_print writes it; null when it cannot be JSON. */
static void
number(struct hw *w, const cJSON *v)
{
	char buf[40];

	if (v->valuestring == NULL && !isfinite(v->valuedouble))
		token(w, K_NULL, "null");
	else
		token(w, K_NUM, node_text(v, buf, sizeof(buf)));
}

static void
scalar_common(struct hw *w, const cJSON *v)
{
	if (cJSON_IsNumber(v))
		number(w, v);
	else if (cJSON_IsTrue(v))
		token(w, K_BOOL, "true");
	else if (cJSON_IsFalse(v))
		token(w, K_BOOL, "false");
	else if (cJSON_IsObject(v))
		token(w, K_PUNC, "{}");
	else if (cJSON_IsArray(v))
		token(w, K_PUNC, "[]");
	else
		token(w, K_NULL, "null");
}

static void
json_value(struct hw *w, const cJSON *v, int depth)
{
	const cJSON *c;
	int obj;

	if (v != NULL && (cJSON_IsObject(v) || cJSON_IsArray(v)) &&
	    v->child != NULL) {
		if (depth >= HIGHLIGHT_MAX_DEPTH) {
			w->fail = 1;
			return;
		}
		obj = cJSON_IsObject(v);
		token(w, K_PUNC, obj ? "{" : "[");
		for (c = v->child; c != NULL && !w->fail; c = c->next) {
			newline(w, 2 * (depth + 1));
			if (obj) {
				json_string(w, K_KEY,
				            c->string ? c->string : "");
				token(w, K_PUNC, ":");
				strbuf_putc(w->o, ' ');
			}
			json_value(w, c, depth + 1);
			if (c->next != NULL)
				token(w, K_PUNC, ",");
		}
		newline(w, 2 * depth);
		token(w, K_PUNC, obj ? "}" : "]");
	} else if (cJSON_IsString(v)) {
		json_string(w, K_STR, v->valuestring);
	} else {
		scalar_common(w, v);
	}
}

/* ------------------------------------------------------------------ */
/* YAML                                                                */

enum style { S_PLAIN, S_QUOTED, S_LITERAL };

/* Characters a YAML stream may not hold raw, or that break lines. */
static int
yaml_bad_cp(uint32_t cp)
{
	return cp == 0x7F || (cp >= 0x80 && cp <= 0x9F) || cp == 0x2028 ||
	       cp == 0x2029 || cp == 0xFEFF || cp == 0xFFFE || cp == 0xFFFF;
}

static int
ci_in(const char *s, const char *const *words)
{
	for (; *words != NULL; words++)
		if (strcasecmp(s, *words) == 0)
			return 1;
	return 0;
}

/* 1 when s, written plain, reads back as the string s. */
static int
plain_ok(const char *s, size_t n)
{
	static const char *const words[] = {
	        "null", "~", "true", "false", "yes", "no", "on",
	        "off",  "y", "n",    "<<",    "=",   NULL};
	static const char indicators[] = "-?:,[]{}#&*!|>'\"%@`";
	const char *p = s;

	if (n == 0 || s[0] == ' ' || s[n - 1] == ' ' || s[n - 1] == ':')
		return 0;
	if (ci_in(s, words))
		return 0;
	if (strchr(indicators, s[0]) != NULL &&
	    (strchr("-?:", s[0]) == NULL || s[1] == '\0' || s[1] == ' '))
		return 0;
	if (strncmp(s, "---", 3) == 0)
		return 0;
	/* anything that starts like a number, .inf or .nan */
	if (*p == '-' || *p == '+')
		p++;
	if (isdigit((unsigned char)*p) ||
	    (*p == '.' && (isdigit((unsigned char)p[1]) || p[1] == '.' ||
	                   strncasecmp(p + 1, "inf", 3) == 0 ||
	                   strncasecmp(p + 1, "nan", 3) == 0)))
		return 0;
	if (strstr(s, ": ") != NULL || strstr(s, " #") != NULL)
		return 0;
	return 1;
}

static enum style
yaml_style(const char *s, int key)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s), i, k, line;
	int nl = 0, ctrl = 0, bad = 0, blank;
	uint32_t cp;

	for (i = 0; i < n; i += k) {
		k = utf8_seq(p + i, n - i, &cp);
		if (k == 0) {
			bad = 1;
			k = 1;
		} else if (cp == '\n') {
			nl = 1;
		} else if (cp == '\t') {
			ctrl = 1; /* fine in a literal block, not plain */
		} else if (cp < 0x20 || yaml_bad_cp(cp)) {
			bad = 1;
		}
	}
	if (bad)
		return S_QUOTED;
	if (!nl)
		return !ctrl && plain_ok(s, n) ? S_PLAIN : S_QUOTED;
	if (key)
		return S_QUOTED;
	/* literal: no white-space-only line, no indented first line */
	for (i = 0; i < n && s[i] == '\n'; i++)
		;
	if (s[i] == ' ' || s[i] == '\t')
		return S_QUOTED;
	for (line = 0; line <= n; line = i + 1) {
		blank = 1;
		for (i = line; i < n && s[i] != '\n'; i++)
			if (s[i] != ' ' && s[i] != '\t')
				blank = 0;
		if (blank && i > line)
			return S_QUOTED;
	}
	return S_LITERAL;
}

static void
yaml_quoted(struct hw *w, enum tok t, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s), i, k, run = 0;
	uint32_t cp;
	char esc[12];

	open_tok(w, t);
	put(w, "\"", 1);
	for (i = 0; i < n; i += k) {
		k = utf8_seq(p + i, n - i, &cp);
		if (k > 0 && cp >= 0x20 && cp != '"' && cp != '\\' &&
		    !yaml_bad_cp(cp))
			continue;
		put(w, s + run, i - run);
		if (k == 0) {
			put(w, replacement, 3);
			k = 1;
		} else if (cp == '"') {
			put(w, "\\\"", 2);
		} else if (cp == '\\') {
			put(w, "\\\\", 2);
		} else if (cp == '\n') {
			put(w, "\\n", 2);
		} else if (cp == '\t') {
			put(w, "\\t", 2);
		} else if (cp == '\r') {
			put(w, "\\r", 2);
		} else {
			if (cp < 0x100)
				snprintf(esc, sizeof(esc), "\\x%02X", cp);
			else
				snprintf(esc, sizeof(esc), "\\u%04X", cp);
			put(w, esc, strlen(esc));
		}
		run = i + k;
	}
	put(w, s + run, n - run);
	put(w, "\"", 1);
	close_tok(w);
}

/* A literal block scalar; its lines are indented by ind. */
static void
yaml_literal(struct hw *w, const char *s, int ind)
{
	size_t n = strlen(s), trail = 0, i, start;

	while (trail < n && s[n - 1 - trail] == '\n')
		trail++;
	/* clip ("|") drops a block of empty lines entirely: keep them */
	token(w, K_PUNC,
	      trail == 0                ? "|-"
	      : trail == 1 && trail < n ? "|"
	                                : "|+");
	/*
	 * The last break ends the last line (written by what follows: the
	 * next line or the final newline); with "|+" the other trailing
	 * breaks are empty lines of the block.
	 */
	if (trail > 0)
		n--;
	for (start = 0;; start = i + 1) {
		for (i = start; i < n && s[i] != '\n'; i++)
			;
		if (i > start) {
			newline(w, ind);
			open_tok(w, K_STR);
			put(w, s + start, i - start);
			close_tok(w);
		} else {
			strbuf_putc(w->o, '\n');
		}
		if (i >= n)
			break;
	}
}

static void
yaml_string(struct hw *w, enum tok t, const char *s, int ind, int key)
{
	switch (yaml_style(s, key)) {
	case S_PLAIN:
		token(w, t, s);
		break;
	case S_LITERAL:
		yaml_literal(w, s, ind);
		break;
	default:
		yaml_quoted(w, t, s);
	}
}

static int
nonempty_container(const cJSON *v)
{
	return v != NULL && (cJSON_IsObject(v) || cJSON_IsArray(v)) &&
	       v->child != NULL;
}

static void yaml_block(struct hw *w, const cJSON *v, int ind, int depth);

/* A value after "key:" or "- ": on the same line, or nested below. */
static void
yaml_value(struct hw *w, const cJSON *v, int ind, int depth)
{
	if (nonempty_container(v)) {
		if (depth >= HIGHLIGHT_MAX_DEPTH) {
			w->fail = 1;
			return;
		}
		yaml_block(w, v, ind, depth);
	} else if (cJSON_IsString(v)) {
		yaml_string(w, K_STR, v->valuestring, ind, 0);
	} else {
		scalar_common(w, v);
	}
}

/*
 * A non-empty mapping or sequence whose lines are indented by ind; the
 * first line goes on the current one (after "- " or an indent).
 */
static void
yaml_block(struct hw *w, const cJSON *v, int ind, int depth)
{
	const cJSON *c;
	const char *key;

	for (c = v->child; c != NULL && !w->fail; c = c->next) {
		if (c != v->child)
			newline(w, ind);
		if (cJSON_IsArray(v)) {
			token(w, K_PUNC, "-");
			strbuf_putc(w->o, ' ');
			yaml_value(w, c, ind + 2, depth + 1);
			continue;
		}
		key = c->string ? c->string : "";
		if (strlen(key) > YAML_LONG_KEY) {
			token(w, K_PUNC, "?");
			strbuf_putc(w->o, ' ');
			yaml_quoted(w, K_KEY, key);
			newline(w, ind);
		} else {
			yaml_string(w, K_KEY, key, ind, 1);
		}
		token(w, K_PUNC, ":");
		if (nonempty_container(c)) {
			newline(w, ind + 2);
			yaml_value(w, c, ind + 2, depth + 1);
		} else {
			strbuf_putc(w->o, ' ');
			yaml_value(w, c, ind + 2, depth + 1);
		}
	}
}

/* ------------------------------------------------------------------ */
/* API                                                                 */

static int
run(struct strbuf *out, const cJSON *v, int html, int yaml)
{
	struct hw w = {out, html, 0};
	size_t start = out->len;

	if (yaml) {
		if (nonempty_container(v))
			yaml_block(&w, v, 0, 0);
		else
			yaml_value(&w, v, 2, 0);
		strbuf_putc(out, '\n');
	} else {
		json_value(&w, v, 0);
	}
	if (w.fail || out->oom) {
		if (out->p != NULL && !out->oom) {
			out->len = start;
			out->p[start] = '\0';
		}
		return -1;
	}
	return 0;
}

int
highlight_json_html(struct strbuf *out, const cJSON *v)
{
	return run(out, v, 1, 0);
}

int
highlight_yaml_html(struct strbuf *out, const cJSON *v)
{
	return run(out, v, 1, 1);
}

int
highlight_json_text(struct strbuf *out, const cJSON *v)
{
	return run(out, v, 0, 0);
}

int
highlight_yaml_text(struct strbuf *out, const cJSON *v)
{
	return run(out, v, 0, 1);
}
