/*
 * json_syntax: the first JSON syntax error, said plainly (see
 * json_syntax.h).
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "load/json_load.h"
#include "load/json_syntax.h"

struct scan {
	const char *s;
	size_t len, i;
	struct json_syntax_error *out;
};

/* Records the error at off. Always -1. */
static int __attribute__((format(printf, 3, 4)))
err(struct scan *sc, size_t off, const char *fmt, ...)
{
	va_list ap;

	sc->out->off = off;
	va_start(ap, fmt);
	vsnprintf(sc->out->message, sizeof(sc->out->message), fmt, ap);
	va_end(ap);
	return -1;
}

static void
ws(struct scan *sc)
{
	while (sc->i < sc->len &&
	       (sc->s[sc->i] == ' ' || sc->s[sc->i] == '\t' ||
	        sc->s[sc->i] == '\n' || sc->s[sc->i] == '\r'))
		sc->i++;
}

/* What stands at the cursor, for messages: "'x'" or "the end of the file". */
static const char *
found(const struct scan *sc, char *buf, size_t size)
{
	unsigned char c;

	if (sc->i >= sc->len)
		return "the end of the file";
	c = (unsigned char)sc->s[sc->i];
	if (c < 0x20 || c >= 0x7f)
		snprintf(buf, size, "byte 0x%02x", c);
	else
		snprintf(buf, size, "'%c'", c);
	return buf;
}

static int
is_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
	       (c >= 'A' && c <= 'F');
}

static int
string(struct scan *sc)
{
	size_t open = sc->i, k;
	char c;

	for (sc->i++; sc->i < sc->len; sc->i++) {
		c = sc->s[sc->i];
		if (c == '"') {
			sc->i++;
			return 0;
		}
		if (c != '\\')
			continue;
		c = sc->i + 1 < sc->len ? sc->s[sc->i + 1] : '\0';
		if (c == 'u') {
			for (k = 2; k < 6; k++)
				if (sc->i + k >= sc->len ||
				    !is_hex(sc->s[sc->i + k]))
					return err(sc, sc->i, "%s",
					           "invalid escape: \\u takes four "
					           "hexadecimal digits");
			sc->i += 5;
		} else if (c != '\0' && strchr("\"\\/bfnrt", c) != NULL) {
			sc->i++;
		} else {
			return err(sc, sc->i, "%s",
			           "invalid escape (JSON has \\\" \\\\ \\/ \\b "
			           "\\f \\n \\r \\t \\uXXXX)");
		}
	}
	return err(sc, open, "%s", "a string that is never closed");
}

static int
number(struct scan *sc)
{
	size_t start = sc->i;

	while (sc->i < sc->len && sc->s[sc->i] != '\0' &&
	       strchr("+-.eE0123456789", sc->s[sc->i]) != NULL)
		sc->i++;
	if (!json_load_number_ok(sc->s + start, sc->i - start))
		return err(sc, start, "%s",
		           "invalid number (JSON numbers: no leading zero, "
		           "digits on both sides of '.')");
	return 0;
}

static int value(struct scan *sc);

/* An object or an array, the cursor on its opening bracket. */
static int
container(struct scan *sc)
{
	int obj = sc->s[sc->i] == '{';
	char close = obj ? '}' : ']', buf[16];
	const char *what = obj ? "a member" : "an element";
	size_t comma = 0, after;

	sc->i++;
	ws(sc);
	if (sc->i < sc->len && sc->s[sc->i] == close) {
		sc->i++;
		return 0;
	}
	for (;;) {
		if (comma != 0 && sc->i < sc->len && sc->s[sc->i] == close)
			return err(sc, comma,
			           "a comma before '%c': JSON allows no "
			           "trailing comma",
			           close);
		if (obj) {
			if (sc->i >= sc->len || sc->s[sc->i] != '"')
				return err(sc, sc->i,
				           "expected a member name (a string in "
				           "double quotes), found %s",
				           found(sc, buf, sizeof(buf)));
			if (string(sc) < 0)
				return -1;
			ws(sc);
			if (sc->i >= sc->len || sc->s[sc->i] != ':')
				return err(sc, sc->i,
				           "expected ':' after the member name, "
				           "found %s",
				           found(sc, buf, sizeof(buf)));
			sc->i++;
		}
		if (value(sc) < 0)
			return -1;
		after = sc->i;
		ws(sc);
		if (sc->i < sc->len && sc->s[sc->i] == close) {
			sc->i++;
			return 0;
		}
		if (sc->i >= sc->len || sc->s[sc->i] != ',') {
			/* Where the comma or the bracket belongs. */
			return err(sc, after,
			           "expected ',' or '%c' after %s, found %s",
			           close, what, found(sc, buf, sizeof(buf)));
		}
		comma = sc->i++;
		ws(sc);
	}
}

static int
value(struct scan *sc)
{
	static const char *const words[] = {"true", "false", "null"};
	char buf[16];
	size_t k, n;

	ws(sc);
	if (sc->i >= sc->len)
		return err(sc, sc->i, "%s",
		           "expected a value, found the end of the file");
	switch (sc->s[sc->i]) {
	case '{':
	case '[':
		return container(sc);
	case '"':
		return string(sc);
	default:
		break;
	}
	if (sc->s[sc->i] == '-' || (sc->s[sc->i] >= '0' && sc->s[sc->i] <= '9'))
		return number(sc);
	for (k = 0; k < 3; k++) {
		n = strlen(words[k]);
		if (sc->len - sc->i >= n && memcmp(sc->s + sc->i, words[k], n) == 0) {
			sc->i += n;
			return 0;
		}
	}
	return err(sc, sc->i,
	           "expected a value (a string in double quotes, a number, "
	           "{, [, true, false or null), found %s",
	           found(sc, buf, sizeof(buf)));
}

int
json_syntax_find(struct json_syntax_error *out, const char *text, size_t len)
{
	struct scan sc = {text, len, 0, out};
	char buf[16];

	if (value(&sc) < 0)
		return 0;
	ws(&sc);
	if (sc.i == len)
		return -1;
	err(&sc, sc.i, "unexpected %s after the document",
	    found(&sc, buf, sizeof(buf)));
	return 0;
}
