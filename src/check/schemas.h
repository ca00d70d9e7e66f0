/*
 * schemas: the official AsyncAPI JSON Schema bundles, compiled into the
 * binary.
 *
 * src/schemas_gen.c is generated at build time by scripts/gen-schemas from
 * the pinned npm data package @asyncapi/specs (package-lock.json): one
 * schemas/<version>-without-$id.json bundle (every $ref local) per AsyncAPI
 * version, oldest first, as JSON text. Nothing here is parsed: validate.c
 * parses a bundle the first time a document of its version needs it.
 */
#ifndef ASYNCDOC_SCHEMAS_H
#define ASYNCDOC_SCHEMAS_H

#include <stddef.h>

struct schemas_bundle {
	const char *version; /* "2.0.0" ... "3.1.0" */
	const char *json;    /* the bundle, NUL-terminated */
	size_t len;          /* strlen(json) */
};

/* The bundles, oldest version first; static data. */
extern const struct schemas_bundle schemas_bundles[];
extern const size_t schemas_count;
/* Version of the @asyncapi/specs package they come from, e.g. "6.11.1". */
extern const char schemas_package_version[];

#endif
