/*
 * rules: the semantic rules the official schemas cannot express, for v2 and
 * v3 documents alike, run on the model of a document that passed
 * validate_schema().
 *
 * Every rule has a stable id (its rule id in diagnostics), a severity, a
 * one-line description (rules_list(), for --help and the docs) and at least
 * one failing and one passing fixture in tests/data/rules/. Errors: unique
 * operationIds and message ids; every parameter of a channel address
 * defined; every variable of a server url defined; security requirements name
 * defined schemes, with scopes that exist for oauth2/openIdConnect; v3
 * operation.channel points into #/channels, the operation's messages are
 * messages of that channel, channel servers point into #/servers; no query or
 * fragment in channel addresses; duplicate tag names; reply address location
 * syntax; message examples (payload and headers) valid against their schemas
 * (the Message Example Object says MUST). Warnings/infos that never fail a run
 * by default: schema examples and default valid against their schema (warnings:
 * JSON Schema only RECOMMENDS it), parameters and server variables defined but
 * not used in the address or url (warnings: harmless, and the specification
 * only requires the other direction), unused components (info), missing
 * descriptions, license,
 * contact, operation summaries...
 *
 * Only JSON Schema and AsyncAPI schemas (no or an empty schemaFormat, or
 * an application/vnd.aai.asyncapi or application/schema+json/yaml one, in
 * any case: see mediatype_schema_format()) are checked; Avro, RAML,
 * Protobuf and OpenAPI schemas are skipped.
 */
#ifndef ASYNCDOC_RULES_H
#define ASYNCDOC_RULES_H

#include <stddef.h>

#include "util/diag.h"

struct model;

struct rules_info {
	const char *id;
	enum diag_severity severity;
	const char *description;
};

/*
 * Runs every rule on m and appends its findings to diags. Returns the
 * number of error diagnostics added, or -1 when out of memory.
 */
int rules_check(const struct model *m, struct diag_list *diags);
/*
 * Same, and *work gets the work the rules did (slots of their hash maps
 * examined, cleared or rehashed), exact and machine-independent, for tests
 * that it grows linearly with the document.
 */
int rules_check_work(size_t *work, const struct model *m,
                     struct diag_list *diags);

/* Every rule, in a stable order; *n_out gets the count. */
const struct rules_info *rules_list(size_t *n_out);

#endif
