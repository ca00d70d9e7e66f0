/*
 * example: example values generated from a message's schema, for the
 * messages whose document gives no example (the page labels them as
 * generated).
 *
 * Schema formats (the message's schemaFormat, passed as `format`):
 * - NULL, "", "application/schema+json...", "application/vnd.aai.asyncapi..."
 *   and "application/vnd.oai.openapi..." (JSON Schema, any draft; OpenAPI's
 *   "example" keyword, draft-04 boolean exclusive bounds);
 * - "application/vnd.apache.avro..." (Avro: records, fields with their
 *   defaults, enums, arrays, maps, fixed, unions, named types, logical
 *   types);
 * - anything else (RAML, Protobuf...): no example (*out NULL, return 0).
 *
 * JSON Schema rules, in order:
 * 1. The schema's own value: examples[0], then example, default, const,
 *    enum[0] (copied, with any $ref inside followed). examples, example
 *    and default are passed over when their type does not fit the
 *    schema's "type" (a default of "false" for a boolean, prose given as
 *    the example of an object); const and enum are constraints and win.
 * 2. By type ("type" arrays: the first type that is not "null"; no type:
 *    guessed from the keywords present, e.g. properties -> object; a schema
 *    with no hint at all, true, false or an unresolved $ref gives null):
 *    - object: every property of "properties" in document order, then the
 *      "required" names that have no property schema (value from
 *      additionalProperties, else null); when there are no properties but
 *      additionalProperties is a schema or patternProperties exist, one
 *      entry ("additionalProp1", or a key made from the pattern);
 *      minProperties/maxProperties respected where possible;
 *    - array: max(minItems, 1) items (minItems when there is no "items"),
 *      at most maxItems; tuple "items" give one item each; the first item
 *      also satisfies "contains"; with uniqueItems the items are made
 *      different where the rules allow (enum and examples members, numbers,
 *      plain strings);
 *    - number/integer: 0 when allowed, else the smallest value the bounds
 *      allow (minimum/maximum, exclusiveMinimum/exclusiveMaximum in both
 *      the draft-04 boolean and the draft-06 number forms), a multiple of
 *      multipleOf; created with their source text set (node_set_number_text)
 *      so node_print and highlight show "0.3", not 0.30000000000000004;
 *    - string: a value for "pattern" when it is simple (literals, escapes
 *      \d \w \s \D \W \S \xHH \uHHHH, classes, groups with alternation, the
 *      quantifiers ? * + {n} {n,} {n,m}, anchors), else a fixed value for a
 *      known "format" (date-time, date, time, duration, email, idn-email,
 *      hostname, idn-hostname, ipv4, ipv6, uri, uri-reference, iri,
 *      iri-reference, uri-template, uuid, json-pointer,
 *      relative-json-pointer, regex, OpenAPI byte/binary/password), else
 *      "string" cut or extended to minLength/maxLength. Each candidate is
 *      checked with our validator (jsonschema.h: PCRE2 with ECMA-262
 *      semantics, format checks, lengths) and the first that passes wins;
 *      when none does, the format's value if its length fits, else the
 *      plain string. Pattern choices: the first alternative, "?" absent,
 *      "*" and {0,m} once, "+" and {n,...} n times (longer or shorter
 *      tries follow when lengths or the check ask), repetition i of a
 *      class takes its i-th character ([A-Z]{3}\d{2} gives "ABC12").
 *      Fixed values only: output never depends on the clock.
 *    - boolean: true.
 * 3. allOf: every subschema's constraints apply at once (properties of all
 *    of them, the tightest bounds; for other keywords the first subschema
 *    having it wins; an optional property another member closes out with
 *    additionalProperties: false is left out). oneOf/anyOf: the first
 *    branch that is neither only {"type": "null"} nor a schema being
 *    expanded already (example_generate_branches() gives one per branch
 *    at the top); when every other branch recurses, the null one. not,
 *    if/then/else, dependencies, propertyNames: ignored.
 *
 * Refs: followed with the loader (doc), or, when doc is NULL or does not
 * know the ref, as a "#/..." JSON Pointer into the schema passed (so
 * hand-built trees with "definitions" work).
 *
 * Stops (never unbounded, never a crash):
 * - cycles: a schema met again on the path from the top (a recursive
 *   $ref, or the same inline node) is not expanded again: an optional
 *   property whose value would recurse is left out, an array with
 *   minItems 0 whose items would recurse is [], otherwise the value is {}
 *   for an object schema, [] for an array schema and null for anything
 *   else (so {"$ref": "#"} under a required property gives {});
 * - depth: below max_depth nested values an object is {} and an array []
 *   (optional properties that would stop there are left out);
 * - size: at most max_props members per object (required ones first),
 *   max_items items per array, max_string bytes per string,
 *   max_nodes nodes in all (after that, containers stay empty), and
 *   max_branches branches.
 * Values the rules cannot make valid (minItems above max_items, a pattern
 * too complex, contradictory bounds) are still produced, best effort.
 *
 * Output is deterministic: same schema, same bytes.
 *
 * Ownership: every tree returned is new and the caller's (cJSON_Delete, or
 * example_set_free); the inputs are borrowed and not modified.
 */
#ifndef ASYNCDOC_EXAMPLE_H
#define ASYNCDOC_EXAMPLE_H

#include <stddef.h>

struct cJSON;
struct loader_doc;

/* Defaults of struct example_opts (0 in a field means the default). */
#define EXAMPLE_DEFAULT_MAX_DEPTH    16    /* nested objects/arrays */
#define EXAMPLE_DEFAULT_MAX_ITEMS    16    /* items per array */
#define EXAMPLE_DEFAULT_MAX_PROPS    128   /* members per object */
#define EXAMPLE_DEFAULT_MAX_NODES    10000 /* nodes per example */
#define EXAMPLE_DEFAULT_MAX_STRING   1024  /* bytes per generated string */
#define EXAMPLE_DEFAULT_MAX_BRANCHES 32    /* examples per oneOf/anyOf */

struct example_opts {
	size_t max_depth;
	size_t max_items;
	size_t max_props;
	size_t max_nodes;
	size_t max_string;
	size_t max_branches;
};

#define EXAMPLE_OPTS_INIT                                                      \
	{                                                                      \
		0, 0, 0, 0, 0, 0                                               \
	}

/*
 * One example for schema (borrowed; a loader tree or a hand-built one) in
 * schema format `format` (see above; NULL for JSON Schema). doc may be
 * NULL; opts may be NULL for the defaults. Returns 0 with the new value in
 * *out, or 0 with *out NULL when the format is not supported (or schema is
 * NULL), or -1 with *out NULL when out of memory.
 */
int example_generate(struct cJSON **out, const struct loader_doc *doc,
                     const struct cJSON *schema, const char *format,
                     const struct example_opts *opts);

/* One example of a set; label NULL when the schema has no branches. */
struct example_branch {
	char *label;         /* owned by the set */
	struct cJSON *value; /* owned by the set */
};

struct example_set {
	struct example_branch *items;
	size_t n;
	size_t cap; /* items' capacity (the set's own) */
};

/*
 * One example per branch of the schema's own top-level oneOf (else anyOf)
 * after following refs, each made as if the branch were the only one (the
 * schema's other keywords still apply). Label: the branch's title, else
 * the component name its $ref points to (the last segment of the pointer,
 * or the file name without extension), else "option N" (N from 1). Avro:
 * one per member of a top-level union other than "null", labelled with the
 * member's name or type. A schema with no such branches gives a set of one
 * example with label NULL; an unsupported format gives an empty set.
 * Returns 0 with the set in *out (free with example_set_free()), or -1 with
 * *out NULL when out of memory.
 */
int example_generate_branches(struct example_set **out,
                              const struct loader_doc *doc,
                              const struct cJSON *schema, const char *format,
                              const struct example_opts *opts);

void example_set_free(struct example_set *set);

/*
 * Deep copy of a value given in the document (an example), with every
 * {"$ref": ...} in it replaced by what it points to (as for schemas above;
 * a cycle or an unresolved ref stays as the {"$ref": ...} object), under
 * the depth and node limits of opts (deeper containers are copied empty).
 * Number source texts are kept. Returns 0 with the copy in *out, or -1 with
 * *out NULL when out of memory; value NULL gives *out NULL and 0.
 */
int example_copy(struct cJSON **out, const struct loader_doc *doc,
                 const struct cJSON *value, const struct example_opts *opts);

#endif
