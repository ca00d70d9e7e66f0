/*
 * mediatype: media types (RFC 6838 names, RFC 6839 "+suffix", RFC 7231
 * parameters) and the one classification of an AsyncAPI schemaFormat that
 * the rules, the schema view and the example generator share.
 *
 * Type, subtype, suffix and parameter names are case-insensitive and are
 * stored lowercased; parameter values keep their case (quoted values are
 * unquoted). Nothing is allocated: the parsed form holds bounded copies.
 *
 * Thread safety: no state; every function is reentrant.
 */
#ifndef ASYNCDOC_MEDIATYPE_H
#define ASYNCDOC_MEDIATYPE_H

#include <stddef.h>

#define MEDIATYPE_MAX_PARAMS 8
#define MEDIATYPE_NAME_MAX   128 /* RFC 6838: at most 127 characters */
#define MEDIATYPE_VALUE_MAX  128

struct mediatype_param {
	char name[MEDIATYPE_NAME_MAX];
	char value[MEDIATYPE_VALUE_MAX];
};

struct mediatype {
	char type[MEDIATYPE_NAME_MAX];    /* "application" */
	char subtype[MEDIATYPE_NAME_MAX]; /* "vnd.aai.asyncapi" (no suffix) */
	char suffix[MEDIATYPE_NAME_MAX];  /* "json" after the last '+', or "" */
	size_t n_params;
	struct mediatype_param params[MEDIATYPE_MAX_PARAMS];
};

/*
 * Parses s ("type/subtype[+suffix] *(; name=value)", whitespace around the
 * parts allowed, empty parameters skipped) into *out. Returns 0, or -1
 * when s is NULL, malformed, or has a name or value too long or more than
 * MEDIATYPE_MAX_PARAMS parameters (*out is then unspecified).
 */
int mediatype_parse(struct mediatype *out, const char *s);

/* The value of parameter name (any case), or NULL when it has none. */
const char *mediatype_param(const struct mediatype *mt, const char *name);

/* What a schemaFormat says a schema is written in. */
enum mediatype_format {
	/* JSON Schema or the AsyncAPI schema (a superset): the default */
	MEDIATYPE_JSON_SCHEMA,
	MEDIATYPE_OPENAPI,  /* application/vnd.oai.openapi */
	MEDIATYPE_AVRO,     /* application/vnd.apache.avro */
	MEDIATYPE_RAML,     /* application/raml */
	MEDIATYPE_PROTOBUF, /* application/vnd.google.protobuf */
	MEDIATYPE_OTHER     /* anything else, or not a media type */
};

/*
 * Classifies a schemaFormat. NULL and "" are the default (the AsyncAPI
 * schema, so MEDIATYPE_JSON_SCHEMA). JSON Schema is
 * application/vnd.aai.asyncapi (any suffix) or application/schema+json or
 * +yaml; the other formats match on type and subtype, whatever their
 * suffix and parameters (the version is not checked; malformed parameters
 * are ignored).
 */
enum mediatype_format mediatype_schema_format(const char *schema_format);

#endif
