/*
 * jsonschema_format: the "format" checks other than the URI ones (in
 * jsonschema_uri.c): dates and times (RFC 3339), IP addresses, host names,
 * email addresses, JSON Pointers, regular expressions. Syntax only: no
 * IDNA tables, no DNS.
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

/* n digits at p into *v. */
static int
digits(const char *p, int n, int *v)
{
	int i;

	*v = 0;
	for (i = 0; i < n; i++) {
		if (!isdigit((unsigned char)p[i]))
			return 0;
		*v = *v * 10 + (p[i] - '0');
	}
	return 1;
}

static int
fmt_full_date(const char *s)
{
	static const int mdays[] = {31, 29, 31, 30, 31, 30,
	                            31, 31, 30, 31, 30, 31};
	int y, m, d, leap;

	if (!digits(s, 4, &y) || s[4] != '-' || !digits(s + 5, 2, &m) ||
	    s[7] != '-' || !digits(s + 8, 2, &d))
		return 0;
	if (m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
		return 0;
	leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	if (m == 2 && d == 29 && !leap)
		return 0;
	return 1;
}

static int
fmt_date(const char *s)
{
	return strlen(s) == 10 && fmt_full_date(s);
}

/* RFC 3339 full-time: HH:MM:SS[.frac](Z|+HH:MM|-HH:MM). */
static int
fmt_time(const char *s)
{
	int hh, mm, ss, oh = 0, om = 0, sign = 0, utc;
	const char *p = s + 8;

	if (!digits(s, 2, &hh) || s[2] != ':' || !digits(s + 3, 2, &mm) ||
	    s[5] != ':' || !digits(s + 6, 2, &ss))
		return 0;
	if (*p == '.') {
		p++;
		if (!isdigit((unsigned char)*p))
			return 0;
		while (isdigit((unsigned char)*p))
			p++;
	}
	if (*p == 'Z' || *p == 'z') {
		p++;
	} else if (*p == '+' || *p == '-') {
		sign = *p == '+' ? 1 : -1;
		if (!digits(p + 1, 2, &oh) || p[3] != ':' ||
		    !digits(p + 4, 2, &om))
			return 0;
		p += 6;
		if (oh > 23 || om > 59)
			return 0;
	} else {
		return 0;
	}
	if (*p != '\0' || hh > 23 || mm > 59 || ss > 60)
		return 0;
	if (ss == 60) {
		/* a leap second is 23:59:60 UTC */
		utc = ((hh * 60 + mm - sign * (oh * 60 + om)) % 1440 + 1440) %
		      1440;
		if (utc != 23 * 60 + 59)
			return 0;
	}
	return 1;
}

static int
fmt_date_time(const char *s)
{
	if (strlen(s) < 20 || !fmt_full_date(s))
		return 0;
	if (s[10] != 'T' && s[10] != 't' && s[10] != ' ')
		return 0;
	return fmt_time(s + 11);
}

static int
fmt_ipv4_n(const char *s, size_t n)
{
	size_t i = 0;
	int part, v, len;

	for (part = 0; part < 4; part++) {
		if (part > 0) {
			if (i >= n || s[i] != '.')
				return 0;
			i++;
		}
		v = 0;
		len = 0;
		while (i < n && isdigit((unsigned char)s[i]) && len < 4) {
			v = v * 10 + (s[i] - '0');
			i++;
			len++;
		}
		if (len == 0 || len > 3 || v > 255 ||
		    (len > 1 && s[i - len] == '0'))
			return 0;
	}
	return i == n;
}

static int
fmt_ipv4(const char *s)
{
	return fmt_ipv4_n(s, strlen(s));
}

int
jsonschema_format_ipv6(const char *s, size_t n)
{
	size_t i = 0, groups = 0;
	int dbl = 0, h;
	size_t start;

	if (n >= 2 && s[0] == ':' && s[1] == ':') {
		dbl = 1;
		i = 2;
		if (i == n)
			return 1;
	} else if (n >= 1 && s[0] == ':') {
		return 0;
	}
	while (i < n) {
		start = i;
		h = 0;
		while (i < n && ascii_hex_value(s[i]) >= 0 && h < 5) {
			i++;
			h++;
		}
		if (i < n && s[i] == '.') {
			/* trailing IPv4 takes two groups */
			if (!fmt_ipv4_n(s + start, n - start))
				return 0;
			groups += 2;
			i = n;
			break;
		}
		if (h == 0 || h > 4)
			return 0;
		groups++;
		if (i == n)
			break;
		if (s[i] != ':')
			return 0;
		i++;
		if (i < n && s[i] == ':') {
			if (dbl)
				return 0;
			dbl = 1;
			i++;
			if (i == n)
				break;
		} else if (i == n) {
			return 0; /* a single trailing ':' */
		}
	}
	return dbl ? groups <= 7 : groups == 8;
}

/* RFC 1123 host name, as ajv's "hostname" format. */
static int
fmt_hostname(const char *s, int idn)
{
	size_t n = strlen(s), i = 0, len;
	const unsigned char *p = (const unsigned char *)s;

	if (n > 0 && s[n - 1] == '.')
		n--;
	if (n == 0 || n > 253)
		return 0;
	while (i < n) {
		len = 0;
		while (i + len < n && p[i + len] != '.') {
			unsigned c = p[i + len];

			if (!(isalnum((int)c) || c == '-' ||
			      (idn && c >= 0x80)))
				return 0;
			len++;
		}
		if (len == 0 || len > 63 || p[i] == '-' ||
		    p[i + len - 1] == '-')
			return 0;
		i += len + 1;
	}
	return 1;
}

/* The "email" format as ajv checks it (dot-atom local part, dotted host). */
static int
fmt_email(const char *s, int idn)
{
	const char *at = strrchr(s, '@'), *p;
	int dots = 0, prev_dot = 1;

	if (at == NULL || at == s)
		return 0;
	for (p = s; p < at; p++) {
		unsigned c = (unsigned char)*p;

		if (c == '.') {
			if (prev_dot)
				return 0;
			prev_dot = 1;
			continue;
		}
		prev_dot = 0;
		if (!(isalnum((int)c) ||
		      strchr("!#$%&'*+/=?^_`{|}~-", (int)c) ||
		      (idn && c >= 0x80)))
			return 0;
	}
	if (prev_dot)
		return 0;
	for (p = at + 1; *p; p++)
		if (*p == '.')
			dots++;
	return dots > 0 && at[strlen(at) - 1] != '.' &&
	       fmt_hostname(at + 1, idn);
}

static int
fmt_json_pointer_n(const char *s)
{
	if (*s != '\0' && *s != '/')
		return 0;
	for (; *s; s++)
		if (*s == '~' && s[1] != '0' && s[1] != '1')
			return 0;
	return 1;
}

static int
fmt_rel_json_pointer(const char *s)
{
	if (!isdigit((unsigned char)*s))
		return 0;
	if (*s == '0' && isdigit((unsigned char)s[1]))
		return 0;
	while (isdigit((unsigned char)*s))
		s++;
	if (*s == '#')
		return s[1] == '\0';
	return fmt_json_pointer_n(s);
}

static const struct {
	const char *name; /* the format keyword value */
	const char *what; /* in messages: "is not a valid ..." */
} formats[] = {
        [F_NONE] = {"", ""},
        [F_URI] = {"uri", "URI (it needs a scheme, e.g. https://...)"},
        [F_URI_REF] = {"uri-reference", "URI reference"},
        [F_IRI] = {"iri", "IRI"},
        [F_IRI_REF] = {"iri-reference", "IRI reference"},
        [F_URI_TEMPLATE] = {"uri-template", "URI template (RFC 6570)"},
        [F_EMAIL] = {"email", "email address"},
        [F_IDN_EMAIL] = {"idn-email", "email address"},
        [F_REGEX] = {"regex", "regular expression (ECMA-262)"},
        [F_DATE_TIME] = {"date-time",
                         "date-time (RFC 3339, e.g. 2024-01-31T12:00:00Z)"},
        [F_DATE] = {"date", "date (RFC 3339, e.g. 2024-01-31)"},
        [F_TIME] = {"time", "time (RFC 3339, e.g. 12:00:00Z)"},
        [F_IPV4] = {"ipv4", "IPv4 address"},
        [F_IPV6] = {"ipv6", "IPv6 address"},
        [F_HOSTNAME] = {"hostname", "host name"},
        [F_IDN_HOSTNAME] = {"idn-hostname", "host name"},
        [F_JSON_POINTER] = {"json-pointer", "JSON Pointer"},
        [F_REL_JSON_POINTER] = {"relative-json-pointer",
                                "relative JSON Pointer"},
};

enum fmt
jsonschema_format_find(const char *name)
{
	size_t i;

	for (i = 1; i < sizeof(formats) / sizeof(formats[0]); i++)
		if (strcmp(formats[i].name, name) == 0)
			return (enum fmt)i;
	return F_NONE;
}

const char *
jsonschema_format_what(enum fmt f)
{
	return formats[f].what;
}

int
jsonschema_format_check(enum fmt f, const char *s)
{
	switch (f) {
	case F_URI:
		return jsonschema_uri_valid(s, 1, 0);
	case F_URI_REF:
		return jsonschema_uri_valid(s, 0, 0);
	case F_IRI:
		return jsonschema_uri_valid(s, 1, 1);
	case F_IRI_REF:
		return jsonschema_uri_valid(s, 0, 1);
	case F_URI_TEMPLATE:
		return jsonschema_uri_template_valid(s);
	case F_EMAIL:
		return fmt_email(s, 0);
	case F_IDN_EMAIL:
		return fmt_email(s, 1);
	case F_REGEX:
		return jsonschema_regex_valid(s);
	case F_DATE_TIME:
		return fmt_date_time(s);
	case F_DATE:
		return fmt_date(s);
	case F_TIME:
		return fmt_time(s);
	case F_IPV4:
		return fmt_ipv4(s);
	case F_IPV6:
		return jsonschema_format_ipv6(s, strlen(s));
	case F_HOSTNAME:
		return fmt_hostname(s, 0);
	case F_IDN_HOSTNAME:
		return fmt_hostname(s, 1);
	case F_JSON_POINTER:
		return fmt_json_pointer_n(s);
	case F_REL_JSON_POINTER:
		return fmt_rel_json_pointer(s);
	default:
		return 1;
	}
}
