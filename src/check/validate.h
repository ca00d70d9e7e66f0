/*
 * validate: a loaded AsyncAPI document against the official JSON Schema of
 * its declared version (2.0.0 ... 3.1.0, from @asyncapi/specs, compiled
 * into the binary), including its bindings against the binding schemas of
 * the versions the package ships.
 *
 * The document is validated as the reference parser does: with every $ref
 * followed (loader_deref), after pointing the v3 schema's Reference-only
 * places (operation.channel, operation.messages[], reply.channel,
 * reply.messages[], channel.servers[]) at the objects they reference.
 * Each schema error becomes one diagnostic at the node's file:line:col (the
 * member's key for "unexpected property" and "required" errors, as the
 * reference does), with the $ref chain that led there, a rule id
 * ("schema-<keyword>"), and a fix hint when one is obvious (quote a
 * version written as a number, the closest allowed name for a typo). One
 * root cause gives one error (see jsonschema.h on oneOf/anyOf).
 *
 * An unknown or missing "asyncapi" version is one error naming the
 * supported versions (rule asyncapi-version).
 *
 * As the reference parser also does, the root file is checked as written
 * too (refs not followed), for $refs where the version allows none (rule
 * schema-ref-not-allowed, e.g. a 2.2.0 server given by $ref).
 *
 * Bindings: v3 bundles choose the binding schema by bindingVersion (the
 * latest when absent; another version is an error) among those the
 * package ships. v2 bundles check no binding at all; here a v2 binding
 * whose bindingVersion is one the package ships is checked against that
 * schema (a divergence from the reference parser, which checks none),
 * while a v2 binding without bindingVersion, of a version the package
 * lacks, or of an unknown protocol is not: it was written against the
 * binding of its day.
 *
 * Other rule ids: schema-too-many-errors (a warning when the error cap
 * was hit), schema-internal (a bundle could not be loaded).
 *
 * The bundles are parsed and compiled on first use and kept for the life
 * of the process; every function may be called from several threads at
 * once (each validate_schema() call with a document of its own).
 */
#ifndef ASYNCDOC_VALIDATE_H
#define ASYNCDOC_VALIDATE_H

#include <stddef.h>

#include "util/diag.h"

struct loader_doc;

struct validate_opts {
	int no_formats; /* do not assert "format" */
};

#define VALIDATE_OPTS_INIT                                                     \
	{                                                                      \
		0                                                              \
	}

/*
 * Appends the schema problems of doc to diags (opts may be NULL for the
 * defaults). Returns 0 with the number of error diagnostics added in *out
 * (0: the document matches its schema), or -1 when the check itself could
 * not run (out of memory; a diagnostic says so; *out is 0).
 */
int validate_schema(size_t *out, struct loader_doc *doc,
                    const struct validate_opts *opts, struct diag_list *diags);

/*
 * The part of validate_schema() that reads nothing but doc's trees: the
 * walk of the root file as written (refs not followed) against its
 * version's schema, with no position or ref looked up (#18: a build runs
 * it beside model_new(), which adds to the document's position and ref
 * tables, on a core the load leaves idle). Hand it to validate_schema_raw()
 * of the same doc and opts, which reports what it found in its place;
 * for a version it does not know it walks nothing, and
 * validate_schema_raw() does all. *out is freed with validate_raw_free().
 * 0, or -1 with *out NULL when out of memory.
 */
struct validate_raw;
int validate_raw_new(struct validate_raw **out, const struct loader_doc *doc,
                     const struct validate_opts *opts);
void validate_raw_free(struct validate_raw *raw);

/*
 * Tests: 0 makes the checks walk every payload and headers schema, 1 (the
 * default) lets a payload written inline in many messages be checked once
 * (jsonschema_call.canon; the same diagnostics). Not synchronised.
 */
void validate_set_canon(int on);

/*
 * validate_schema() with the walk of validate_raw_new() (NULL: none),
 * which it uses up: the same diagnostics, in the same order.
 */
int validate_schema_raw(size_t *out, struct loader_doc *doc,
                        const struct validate_opts *opts,
                        struct validate_raw *raw, struct diag_list *diags);

/*
 * Compiles now what validate_schema() with opts needs for a document of
 * version ("3.0.0"), which it would otherwise compile on first use (#18:
 * a build does it on an idle core while the spec loads, before it knows
 * the version for sure). The validators are kept as validate_schema()'s
 * are, so a wrong guess costs only the work. A validate_schema() call for
 * that version made meanwhile on another thread waits for this one. 0, or
 * -1 (an unknown version, or out of memory: validate_schema() then tries
 * again and says so).
 */
int validate_prepare(const char *version, const struct validate_opts *opts);

/* Versions with a compiled schema, oldest first, NULL-terminated. */
const char *const *validate_versions(void);

#endif
