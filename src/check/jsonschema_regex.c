/*
 * jsonschema_regex: ECMA-262 regular expressions on PCRE2, for "pattern",
 * "patternProperties" and the "regex" format. A pattern is translated
 * into PCRE2 syntax with ECMA's meaning (see jsonschema.h) and compiled
 * with PCRE2_UTF; what has no ECMA meaning is refused.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check/jsonschema_int.h"
#include "util/ascii.h"

/*
 * ECMA-262 white space and line terminators, as the body of a PCRE2
 * character class (PCRE2's \s without UCP is ASCII only).
 */
#define ECMA_WS                                                                \
	"\\t\\n\\x0b\\f\\r \\x{a0}\\x{1680}\\x{2000}-\\x{200a}\\x{2028}"       \
	"\\x{2029}\\x{202f}\\x{205f}\\x{3000}\\x{feff}"

/* A code point as a PCRE2 escape that is literal inside or outside []. */
static void
re_emit_cp(struct strbuf *o, uint32_t cp)
{
	if (cp >= 0xD800 && cp <= 0xDFFF)
		strbuf_puts(o, "(?!)"); /* a lone surrogate: UTF-8 has none */
	else if (cp < 0x80)
		strbuf_printf(o, "\\x%02x", (unsigned)cp);
	else
		strbuf_printf(o, "\\x{%x}", (unsigned)cp);
}

/* Reads \uHHHH (p after the 'u'); returns the value or -1. */
static long
re_u4(const unsigned char *p)
{
	long v = 0;
	int i, h;

	for (i = 0; i < 4; i++) {
		h = ascii_hex_value(p[i]);
		if (h < 0)
			return -1;
		v = v * 16 + h;
	}
	return v;
}

/*
 * An escape with no meaning of its own: ECMA's unicode mode (strict)
 * refuses it, its legacy mode reads it as the character itself.
 */
static int
re_identity(struct strbuf *o, unsigned c, int strict)
{
	if (strict)
		return -1;
	strbuf_putc(o, (char)c);
	return 0;
}

/*
 * \u{H...} or \uHHHH (a surrogate pair of two \uHHHH is one code point);
 * *pp points after the 'u'. 1 when there is none (then *pp is unchanged),
 * 0 done, -1 invalid.
 */
static int
re_escape_u(struct strbuf *o, const unsigned char **pp)
{
	const unsigned char *p = *pp;
	long v, lo;
	int h;

	if (*p == '{') {
		v = 0;
		p++;
		if (*p == '}')
			return -1;
		while ((h = ascii_hex_value(*p)) >= 0) {
			v = v * 16 + h;
			if (v > 0x10FFFF)
				return -1;
			p++;
		}
		if (*p != '}')
			return -1;
		p++;
	} else if ((v = re_u4(p)) >= 0) {
		p += 4;
		if (v >= 0xD800 && v <= 0xDBFF && p[0] == '\\' && p[1] == 'u' &&
		    (lo = re_u4(p + 2)) >= 0xDC00 && lo <= 0xDFFF) {
			v = 0x10000 + ((v - 0xD800) << 10) + (lo - 0xDC00);
			p += 6;
		}
	} else {
		return 1;
	}
	re_emit_cp(o, (uint32_t)v);
	*pp = p;
	return 0;
}

/*
 * \k<name> and \p{...} / \P{...}: the escape (c) followed by the
 * delimited text from *pp up to close, copied as they are. 1 when *pp does
 * not start with open (nothing done), 0 done, -1 unterminated or empty.
 */
static int
re_escape_delimited(struct strbuf *o, const unsigned char **pp, unsigned c,
                    char open, char close, int empty_ok)
{
	const unsigned char *p = *pp, *e;

	if (*p != open)
		return 1;
	for (e = p + 1; *e && *e != close; e++)
		;
	if (*e != close || (!empty_ok && e == p + 1))
		return -1;
	strbuf_putc(o, '\\');
	strbuf_putc(o, (char)c);
	strbuf_putn(o, (const char *)p, (size_t)(e - p + 1));
	*pp = e + 1;
	return 0;
}

/* Escapes of no letter of their own: back references, syntax characters. */
static int
re_escape_other(struct strbuf *o, const unsigned char **pp, unsigned c,
                int in_class, int strict)
{
	const unsigned char *p = *pp;
	long v;

	if (c >= '1' && c <= '9') {
		v = (long)(c - '0');
		while (*p >= '0' && *p <= '9' && v < 100000)
			v = v * 10 + (*p++ - '0');
		if (in_class) {
			if (strict)
				return -1;
			re_emit_cp(o, (uint32_t)(v & 0xFF));
		} else {
			strbuf_printf(o, "\\g{%ld}", v);
		}
	} else if (strchr("^$\\.*+?()[]{}|/", (int)c) != NULL ||
	           (c == '-' && in_class)) {
		strbuf_putc(o, '\\');
		strbuf_putc(o, (char)c);
	} else if (strict) {
		return -1;
	} else if (c < 0x80 && isalnum((int)c)) {
		strbuf_putc(o, (char)c);
	} else if (c < 0x80) {
		strbuf_putc(o, '\\');
		strbuf_putc(o, (char)c);
	} else {
		/* an escaped non-ASCII character is itself */
		strbuf_putc(o, (char)c);
		while ((*p & 0xC0) == 0x80)
			strbuf_putc(o, (char)*p++);
	}
	*pp = p;
	return 0;
}

/*
 * Translates one escape; *pp points just after the backslash and is moved
 * past the escape. strict follows ECMA-262's unicode mode (what ajv uses
 * for the "regex" format: unknown identity escapes are errors); otherwise
 * an unknown escape of a letter is that letter, as in ECMA's legacy mode.
 * Returns 0, or -1 when the escape is not ECMA-262.
 */
static int
re_escape(struct strbuf *o, const unsigned char **pp, int in_class, int strict)
{
	const unsigned char *p = *pp;
	unsigned c = *p;
	int rc = 0;

	if (c == 0)
		return -1;
	p++;
	switch (c) {
	case 'd':
	case 'D':
	case 'w':
	case 'W':
	case 'f':
	case 'n':
	case 'r':
	case 't':
		strbuf_putc(o, '\\');
		strbuf_putc(o, (char)c);
		break;
	case 'b':
		strbuf_puts(o, in_class ? "\\x08" : "\\b");
		break;
	case 'B':
		if (in_class)
			rc = re_identity(o, c, strict);
		else
			strbuf_puts(o, "\\B");
		break;
	case 's':
		strbuf_puts(o, in_class ? ECMA_WS : "[" ECMA_WS "]");
		break;
	case 'S':
		/* inside [] PCRE2's ASCII \S is the closest we can say */
		strbuf_puts(o, in_class ? "\\S" : "[^" ECMA_WS "]");
		break;
	case 'v':
		strbuf_puts(o, "\\x0b"); /* PCRE2's \v is a class */
		break;
	case '0':
		if (strict && *p >= '0' && *p <= '9')
			return -1;
		strbuf_puts(o, "\\x00");
		break;
	case 'c':
		if (isalpha(*p)) {
			re_emit_cp(o, (uint32_t)(*p % 32));
			p++;
		} else {
			if (strict)
				return -1;
			strbuf_puts(o, "\\\\c");
		}
		break;
	case 'x':
		if (ascii_hex_value(p[0]) >= 0 && ascii_hex_value(p[1]) >= 0) {
			re_emit_cp(o, (uint32_t)(ascii_hex_value(p[0]) * 16 +
			                         ascii_hex_value(p[1])));
			p += 2;
		} else {
			rc = re_identity(o, c, strict);
		}
		break;
	case 'u':
		rc = re_escape_u(o, &p);
		break;
	case 'k':
		rc = re_escape_delimited(o, &p, c, '<', '>', 0);
		break;
	case 'p':
	case 'P':
		rc = re_escape_delimited(o, &p, c, '{', '}', 1);
		break;
	default:
		rc = re_escape_other(o, &p, c, in_class, strict);
		break;
	}
	if (rc == 1) /* \u, \k, \p, \P without what follows them */
		rc = re_identity(o, c, strict);
	if (rc < 0)
		return -1;
	*pp = p;
	return 0;
}

/* 1 when p starts a quantifier {n}, {n,} or {n,m}. */
static int
re_is_braces(const unsigned char *p)
{
	if (*p++ != '{' || !isdigit(*p))
		return 0;
	while (isdigit(*p))
		p++;
	if (*p == ',') {
		p++;
		while (isdigit(*p))
			p++;
	}
	return *p == '}';
}

/*
 * A character class; *pp points at its '['. [] matches nothing and [^]
 * anything, as in ECMA-262. 0, or -1 when it is unterminated or holds an
 * invalid escape.
 */
static int
re_class(struct strbuf *o, const unsigned char **pp, int strict)
{
	const unsigned char *p = *pp + 1;

	if (*p == '^' && p[1] == ']') {
		strbuf_puts(o, "(?s:.)");
		p += 2;
	} else if (*p == ']') {
		strbuf_puts(o, "(?!)");
		p++;
	} else {
		strbuf_putc(o, '[');
		if (*p == '^') {
			strbuf_putc(o, '^');
			p++;
		}
		while (*p && *p != ']') {
			if (*p == '\\') {
				p++;
				if (re_escape(o, &p, 1, strict) < 0)
					return -1;
			} else if (*p == '[') {
				strbuf_puts(o, "\\[");
				p++;
			} else {
				strbuf_putc(o, (char)*p++);
			}
		}
		if (*p != ']')
			return -1;
		strbuf_putc(o, ']');
		p++;
	}
	*pp = p;
	return 0;
}

/*
 * The opening of a group; *pp points at its '('. (?:, (?=, (?!, (?<=,
 * (?<! and (?<name> are ECMA-262; another (? is refused when strict.
 */
static int
re_group(struct strbuf *o, const unsigned char **pp, int strict)
{
	const unsigned char *p = *pp + 1;

	if (*p != '?') {
		strbuf_putc(o, '(');
	} else if (p[1] == ':' || p[1] == '=' || p[1] == '!') {
		strbuf_putn(o, "(?", 2);
		strbuf_putc(o, (char)p[1]);
		p += 2;
	} else if (p[1] == '<' && (p[2] == '=' || p[2] == '!')) {
		strbuf_putn(o, "(?<", 3);
		strbuf_putc(o, (char)p[2]);
		p += 3;
	} else if (p[1] == '<') {
		strbuf_putn(o, "(?<", 3);
		p += 2;
	} else {
		if (strict)
			return -1;
		strbuf_putn(o, "(?", 2);
		p++;
	}
	*pp = p;
	return 0;
}

/*
 * ECMA-262 pattern -> PCRE2 pattern (see the header for what changes).
 * Returns 0, or -1 when the pattern is not ECMA-262 (strict) or cannot be
 * translated.
 */
static int
re_translate(struct strbuf *o, const char *src, int strict)
{
	const unsigned char *p = (const unsigned char *)src;
	int quant = 0; /* the last token was a quantifier */
	int atom = 0;  /* something a quantifier may apply to precedes */

	while (*p) {
		unsigned c = *p;

		if (c == '\\') {
			p++;
			atom = *p != 'b' && *p != 'B'; /* assertions are not */
			if (re_escape(o, &p, 0, strict) < 0)
				return -1;
			quant = 0;
		} else if (c == '[') {
			if (re_class(o, &p, strict) < 0)
				return -1;
			atom = 1;
			quant = 0;
		} else if (c == '.') {
			strbuf_puts(o, "[^\\n\\r\\x{2028}\\x{2029}]");
			p++;
			atom = 1;
			quant = 0;
		} else if (c == '$') {
			strbuf_puts(
			        o,
			        "\\z"); /* ECMA's $ never matches before a \n */
			p++;
			atom = 0;
			quant = 0;
		} else if (c == '(') {
			if (re_group(o, &p, strict) < 0)
				return -1;
			atom = 0;
			quant = 0;
		} else if (c == '*' || c == '+' || c == '?' ||
		           (c == '{' && re_is_braces(p))) {
			if (quant && c == '?') {
				strbuf_putc(o, '?'); /* lazy */
				p++;
				quant = 0;
				continue;
			}
			if (strict && (quant || !atom))
				return -1; /* "nothing to repeat" */
			if (c == '{') {
				while (*p != '}')
					strbuf_putc(o, (char)*p++);
			}
			strbuf_putc(o, (char)*p++);
			quant = 1;
			atom = 0;
		} else if (c == ')' || c == '|') {
			strbuf_putc(o, (char)c);
			p++;
			atom = (c == ')');
			quant = 0;
		} else if (c == '^') {
			strbuf_putc(o, '^');
			p++;
			atom = 0;
			quant = 0;
		} else if (c == ']' || c == '}' || c == '{') {
			if (strict)
				return -1; /* a lone bracket in unicode mode */
			strbuf_putc(o, '\\');
			strbuf_putc(o, (char)c);
			p++;
			atom = 1;
			quant = 0;
		} else {
			strbuf_putc(o, (char)c);
			p++;
			while ((*p & 0xC0) == 0x80)
				strbuf_putc(o, (char)*p++);
			atom = 1;
			quant = 0;
		}
	}
	return o->oom ? -1 : 0;
}

size_t
jsonschema_regex_prefix(const char *src)
{
	size_t n = 0;
	unsigned char ch;

	if (src[0] != '^' || strchr(src, '|') != NULL)
		return 0;
	for (;; n++) {
		ch = (unsigned char)src[1 + n];
		/* plain ASCII only: no escape, class, group or quantifier */
		if (ch == '\0' || ch >= 0x80 || ch < 0x20 ||
		    strchr("\\^$.|?*+()[]{}", ch) != NULL)
			break;
	}
	/* a quantifier makes the character before it optional */
	if (n > 0 && ch != '\0' && strchr("?*{", ch) != NULL)
		n--;
	return n;
}

pcre2_code *
jsonschema_regex_compile(const char *src, int strict)
{
	struct strbuf o = {0};
	pcre2_code *re = NULL;
	int err;
	PCRE2_SIZE off;

	if (re_translate(&o, src, strict) < 0 || o.oom)
		goto out;
	re = pcre2_compile((PCRE2_SPTR)(o.p ? o.p : ""), o.len,
	                   PCRE2_UTF | PCRE2_MATCH_INVALID_UTF |
	                           PCRE2_NEVER_BACKSLASH_C,
	                   &err, &off, NULL);
out:
	free(o.p);
	return re;
}

int
jsonschema_regex_valid(const char *text)
{
	pcre2_code *re;

	if (text == NULL)
		return 0;
	re = jsonschema_regex_compile(text, 1);
	if (re == NULL)
		return 0;
	pcre2_code_free(re);
	return 1;
}
