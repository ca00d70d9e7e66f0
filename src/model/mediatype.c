/*
 * mediatype: a small media-type parser and the schemaFormat classifier
 * (see mediatype.h).
 */
#include "config.h"

#include <string.h>

#include "model/mediatype.h"

/* RFC 7230 tchar: the characters of a token. */
static int
is_tchar(char c)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9'))
		return 1;
	return c != '\0' && strchr("!#$%&'*+-.^_`|~", c) != NULL;
}

static const char *
skip_ows(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

static char
lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/*
 * Copies the token at *s (lowercased when fold) into dst[size] and moves
 * *s past it. -1 when there is no token or it does not fit.
 */
static int
take_token(char *dst, size_t size, const char **s, int fold)
{
	size_t n = 0;
	const char *p = *s;

	for (; is_tchar(*p); p++) {
		if (n + 1 >= size)
			return -1;
		dst[n++] = fold ? lower(*p) : *p;
	}
	dst[n] = '\0';
	*s = p;
	return n > 0 ? 0 : -1;
}

/* A quoted-string's content (backslash escapes undone) into dst[size]. */
static int
take_quoted(char *dst, size_t size, const char **s)
{
	size_t n = 0;
	const char *p = *s + 1;

	for (; *p != '"'; p++) {
		if (*p == '\\' && p[1] != '\0')
			p++;
		if (*p == '\0' || n + 1 >= size)
			return -1;
		dst[n++] = *p;
	}
	dst[n] = '\0';
	*s = p + 1;
	return 0;
}

/* One "name=value" at *s (after its ';' and whitespace). */
static int
take_param(struct mediatype *out, const char **s)
{
	struct mediatype_param *p;

	if (out->n_params == MEDIATYPE_MAX_PARAMS)
		return -1;
	p = &out->params[out->n_params];
	if (take_token(p->name, sizeof(p->name), s, 1) < 0)
		return -1;
	if (**s != '=')
		return -1;
	(*s)++;
	if (**s == '"') {
		if (take_quoted(p->value, sizeof(p->value), s) < 0)
			return -1;
	} else if (take_token(p->value, sizeof(p->value), s, 0) < 0) {
		return -1;
	}
	out->n_params++;
	return 0;
}

/* "type/subtype[+suffix]" at *s (after leading whitespace), *s past it. */
static int
take_head(struct mediatype *out, const char **s)
{
	char *plus;

	*s = skip_ows(*s);
	if (take_token(out->type, sizeof(out->type), s, 1) < 0 || **s != '/')
		return -1;
	(*s)++;
	if (take_token(out->subtype, sizeof(out->subtype), s, 1) < 0)
		return -1;
	/* RFC 6839: the suffix follows the last '+'. */
	plus = strrchr(out->subtype, '+');
	if (plus != NULL) {
		strcpy(out->suffix, plus + 1);
		*plus = '\0';
	}
	*s = skip_ows(*s);
	return 0;
}

int
mediatype_parse(struct mediatype *out, const char *s)
{
	memset(out, 0, sizeof(*out));
	if (s == NULL || take_head(out, &s) < 0)
		return -1;
	for (; *s == ';'; s = skip_ows(s)) {
		s = skip_ows(s + 1);
		if (*s == ';' || *s == '\0')
			continue; /* an empty parameter */
		if (take_param(out, &s) < 0)
			return -1;
	}
	return *s == '\0' ? 0 : -1;
}

const char *
mediatype_param(const struct mediatype *mt, const char *name)
{
	size_t i, len = strlen(name);

	for (i = 0; i < mt->n_params; i++) {
		const char *n = mt->params[i].name;
		size_t k;

		for (k = 0; k < len && n[k] == lower(name[k]); k++)
			;
		if (k == len && n[k] == '\0')
			return mt->params[i].value;
	}
	return NULL;
}

enum mediatype_format
mediatype_schema_format(const char *schema_format)
{
	struct mediatype mt;

	if (schema_format == NULL || schema_format[0] == '\0')
		return MEDIATYPE_JSON_SCHEMA;
	/*
	 * Only the type and subtype decide: a parameter the parser rejects
	 * (an odd version string) does not make a schema unreadable.
	 */
	memset(&mt, 0, sizeof(mt));
	if (take_head(&mt, &schema_format) < 0 ||
	    (*schema_format != ';' && *schema_format != '\0') ||
	    strcmp(mt.type, "application") != 0)
		return MEDIATYPE_OTHER;
	if (strcmp(mt.subtype, "vnd.aai.asyncapi") == 0)
		return MEDIATYPE_JSON_SCHEMA;
	if (strcmp(mt.subtype, "schema") == 0)
		return strcmp(mt.suffix, "json") == 0 ||
		                       strcmp(mt.suffix, "yaml") == 0
		               ? MEDIATYPE_JSON_SCHEMA
		               : MEDIATYPE_OTHER;
	if (strcmp(mt.subtype, "vnd.oai.openapi") == 0)
		return MEDIATYPE_OPENAPI;
	if (strcmp(mt.subtype, "vnd.apache.avro") == 0)
		return MEDIATYPE_AVRO;
	if (strcmp(mt.subtype, "raml") == 0)
		return MEDIATYPE_RAML;
	if (strcmp(mt.subtype, "vnd.google.protobuf") == 0)
		return MEDIATYPE_PROTOBUF;
	return MEDIATYPE_OTHER;
}
