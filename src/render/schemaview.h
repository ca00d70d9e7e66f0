/*
 * schemaview: what the pages show of a schema (a message's payload or
 * headers, a channel parameter, a component schema).
 *
 * Three views of the same walk:
 *   - schemaview_type(): a one-line type string ("array<Order>",
 *     "string (date-time) | null", "Cat | Dog");
 *   - schemaview_fill(): a tree for the HTML partial schema.html.tpl, which
 *     includes itself once per nesting level;
 *   - schemaview_rows(): flat rows with dotted paths for Markdown tables.
 *
 * Formats: JSON Schema (schemaFormat absent, or any AsyncAPI or
 * application/schema+json format), OpenAPI 3.0 (application/vnd.oai.openapi
 * ...: nullable, discriminator, example), Avro
 * (application/vnd.apache.avro...: records, fields, unions, arrays, maps,
 * enums, fixed, logical types and named type references). Any other format
 * (RAML, protobuf...) is shown as its raw text, labelled with the format.
 *
 * Walking: $refs are followed with loader_deref(). A subschema that is a
 * component schema (one of m->schemas, matched by its resolved node) is
 * named and linked to its page, and expanded inline too. Nothing is
 * expanded twice on one path: a ref that loader_ref_is_circular() marks, or
 * a schema already on the path from the root, is shown as "circular" with a
 * link (to its component page, or to the ancestor's anchor in the tree).
 * Nor twice in one tree: a subschema with children met again after its
 * first expansion (same resolved node) shows its name, type and badges and
 * a link instead of its children: "see schema page" for a component, else
 * "see above" to the first expansion's anchor (rows: cut, link_id the
 * component or NULL, notes "same as PATH" with the first row's path). A
 * tree thus costs its distinct subschemas, not its paths.
 *
 * Limits (hostile documents): the tree shows SCHEMAVIEW_MAX_DEPTH levels
 * below the root; below that a subschema is not expanded but linked to its
 * component page (or to the nearest enclosing component's page, which shows
 * it less deep), else marked "not shown". One tree shows at most
 * SCHEMAVIEW_MAX_NODES subschemas; the rest of each list is counted ("12
 * more not shown"). Lists of values (enum, examples...) show their first
 * SCHEMAVIEW_MAX_VALUES and say how many more; each value's text is cut at
 * SCHEMAVIEW_MAX_VALUE_TEXT bytes, raw schemas at SCHEMAVIEW_MAX_RAW.
 * Descriptions go through mdtext with its size cap. A tree stops taking
 * subschemas once it has read SCHEMAVIEW_MAX_WORK object members and array
 * items (a schema of a million members reached through a thousand refs),
 * so its cost is bounded whatever the input. Type strings nest at most
 * SCHEMAVIEW_TYPE_DEPTH levels ("array<array<…>>") and list at most
 * SCHEMAVIEW_TYPE_MEMBERS alternatives ("A | B | …"), and end with "…"
 * after 64 subschemas.
 *
 * Output is deterministic (document order, no addresses). The context is
 * only read by the calls below (but for its cache, which is synchronised:
 * schemaview_ctx_cache()), so one context may serve several threads at
 * once (each with its own dictionaries).
 */
#ifndef ASYNCDOC_SCHEMAVIEW_H
#define ASYNCDOC_SCHEMAVIEW_H

#include <stddef.h>

#include "render/pages.h"
#include "render/tmpl.h"

struct cJSON;
struct model;
struct tmpl_dict;

#define SCHEMAVIEW_MAX_DEPTH      12
#define SCHEMAVIEW_MAX_NODES      3000
#define SCHEMAVIEW_MAX_VALUES     1000
#define SCHEMAVIEW_MAX_VALUE_TEXT 200
#define SCHEMAVIEW_MAX_RAW        ((size_t)256 << 10)
#define SCHEMAVIEW_TYPE_DEPTH     6
#define SCHEMAVIEW_TYPE_MEMBERS   8
#define SCHEMAVIEW_MAX_WORK       ((size_t)1 << 22)

/* The file name of the partial schemaview_fill() fills (it includes itself). */
#define SCHEMAVIEW_TEMPLATE "schema.html.tpl"

struct schemaview_ctx;

/*
 * Makes the context of one build: an index from resolved schema nodes to
 * the component schemas of m, and their URLs under plan (copied; plan->ext
 * is borrowed). m (and its document) must outlive the context. Returns 0,
 * or -1 with *out NULL when out of memory.
 */
int schemaview_ctx_new(struct schemaview_ctx **out, const struct model *m,
                       const struct pages_plan *plan);
void schemaview_ctx_free(struct schemaview_ctx *ctx);

/*
 * Turns on the cache of rendered subtrees for the trees of
 * schemaview_fill*(): a component schema's subtree met again in a tree
 * (of any page, on any thread) that would show it the same is not walked
 * again: its text, expanded once through tmpl's SCHEMAVIEW_TEMPLATE with
 * strip (so a theme's own partial is honoured and escaping stays the
 * templates'), is reused (tmpl_include_text). Every page stays the same
 * byte for byte: a subtree is reused only where nothing its walk reads
 * from the rest of the tree (the schemas seen before, those on its path,
 * the budgets and limits, anchors) differs, else walked; see
 * schemaview_int.h. The pages that show the trees must be expanded
 * through tmpl with strip. The texts take at most max_bytes; past that
 * trees are walked. tmpl must outlive ctx. Then the context is no longer
 * only read, but the cache is synchronised: the calls stay safe on
 * several threads at once, and their results do not depend on which
 * thread or page came first. Returns 0, or -1 when out of memory (the
 * cache is then off). Does nothing while schemaview_set_cache(0).
 */
#define SCHEMAVIEW_CACHE_BYTES ((size_t)4 << 20)
int schemaview_ctx_cache(struct schemaview_ctx *ctx, struct tmpl_cache *tmpl,
                         enum tmpl_strip strip, size_t max_bytes);

/* What the cache did (all 0 when it is off). */
struct schemaview_cache_stats {
	size_t hits;      /* subtrees shown from a text */
	size_t stored;    /* texts kept */
	size_t refused;   /* texts that read from the page: not reused */
	size_t conflicts; /* trees walked again: an anchor into a text */
	size_t tree_hits; /* whole trees shown from a text */
	size_t trees_stored; /* whole trees' texts kept */
	size_t trees_met;    /* trees not shown from an equal one's text:
	                        its walk met a node of theirs */
	size_t bytes;     /* held by the texts and what replays them */
};
void schemaview_ctx_cache_stats(struct schemaview_ctx *ctx,
                                struct schemaview_cache_stats *out);

/*
 * Tests: 0 makes schemaview_ctx_cache() a no-op (the trees are then walked
 * every time), 1 (the default) lets it work. Not synchronised.
 */
void schemaview_set_cache(int on);

/*
 * The type string of schema (in format, NULL for JSON Schema) into *out,
 * freed by the caller: "string", "integer (int64)", "array<Order>" (a
 * nested component schema goes by its name; the schema itself never does),
 * "string | null" (type lists, OpenAPI nullable), "Cat | Dog" (oneOf and
 * anyOf), "A & B" (allOf), an enum or const by its values' type, "object"
 * or "array" from the keywords when there is no type, else "any";
 * "never" for false, "invalid" for what is no schema. Avro: "null |
 * string", "array<Address>", "map<long>", "enum Color", "fixed Hash(16)",
 * "long (timestamp-millis)", a record by its name. Other formats: the
 * format string itself.
 * Returns 0, or -1 with *out NULL when out of memory.
 */
int schemaview_type(char **out, const struct schemaview_ctx *ctx,
                    const struct cJSON *schema, const char *format);

/*
 * Fills d, the dictionary of an include of SCHEMAVIEW_TEMPLATE, with the
 * tree of schema (NULL: d gets nothing). root is what the including page
 * puts before a site-root URL ("" or "../", see pages_root()). The partial
 * needs nothing else from the including page. d must hold nothing else:
 * with the cache on, a tree whose walk would need an anchor inside a
 * reused text is made again uncached, d emptied first (tmpl_dict_clear).
 * Returns 0, or -1 when out of memory (d may then hold part of the tree).
 *
 * Anchors: a circular ref to an ancestor, or a repeat of a schema, that is
 * no component links to an id set on the ancestor or first expansion:
 * "sv-<owner>-<n>", where owner is the model id of the schema (component,
 * payload, headers, parameter; "schema" for others) and n its ordinal in
 * the tree (each id once per tree, the same on every build). Two trees of
 * one schema, or of schemas with no model id, would repeat the ids on one
 * page: a page that shows more than one tree names each with
 * schemaview_fill_flags().
 */
int schemaview_fill(struct tmpl_dict *d, const struct schemaview_ctx *ctx,
                    const struct cJSON *schema, const char *format,
                    const char *root);

/*
 * For a page that shows the schema's type, title and description itself
 * (a component schema's page): the same tree without the root's head line
 * (type and badges; SCHEMAVIEW_NO_HEAD) and/or without its title and
 * description (SCHEMAVIEW_NO_ROOT_TEXT). name, when not NULL, is the
 * owner of the tree's anchors ("sv-<name>-<n>") in place of the schema's
 * model id: the caller keeps it unique among the trees of the page, and
 * then every anchor of the page is unique and every "see above" link
 * reaches its own tree (the ordinal ends the id, so "a" and "a-1" never
 * make the same one). schemaview_fill() is flags 0 and name NULL.
 */
#define SCHEMAVIEW_NO_HEAD      1u
#define SCHEMAVIEW_NO_ROOT_TEXT 2u
int schemaview_fill_flags(struct tmpl_dict *d, const struct schemaview_ctx *ctx,
                          const struct cJSON *schema, const char *format,
                          const char *root, unsigned flags, const char *name);

/*
 * Adds the tree of schema (NULL: nothing) to parent as an include of
 * SCHEMAVIEW_TEMPLATE at marker: schemaview_fill_flags() of a new include
 * dictionary, or, with the cache on (schemaview_ctx_cache), the text that
 * the same tree made on an earlier page. Trees are the same when their
 * schemas have equal content (treehash: refs by target, component schemas
 * by identity), with the same format, flags and root, and set no anchor
 * (which would carry name): a payload repeated inline in many messages is
 * walked three times and expanded four, then copied. The pages stay the same
 * byte for byte. Returns 0, or -1 when out of memory.
 */
int schemaview_add_tree(struct tmpl_dict *parent, const char *marker,
                        const struct schemaview_ctx *ctx,
                        const struct cJSON *schema, const char *format,
                        const char *root, unsigned flags, const char *name);

/* One row of schemaview_rows(). */
struct schemaview_row {
	/*
	 * "" for the schema itself, else the path from it: "user.address.city"
	 * (properties, Avro fields), "tags[]" (items), "point[0]" (tuple
	 * items), "point[...]" (additional items), "meta.*"
	 * (additionalProperties, Avro map values), "meta./^x-/"
	 * (patternProperties), "pet{oneOf 1}" (also anyOf, allOf, not, if,
	 * then, else, contains, propertyNames, dependentSchemas,
	 * unevaluatedProperties, unevaluatedItems, Avro union members).
	 */
	char *path;
	size_t depth;            /* 0 for the schema itself */
	char *type;              /* its type string */
	const char *title;       /* raw text, or NULL */
	const char *description; /* raw Markdown (Avro: doc), or NULL */
	/* Markdown for a table cell, the values as code spans: */
	char *values;      /* "enum: `\"a\"`, `\"b\"` (and 3 more); default: `1`" */
	char *constraints; /* "minimum: `1`; pattern: `^a$`" */
	char *other;       /* "discriminator: `kind`; x-foo: `1`" */
	char *notes;       /* "required, deprecated, read-only, circular" */
	/* The component schema this row is (its type names it), or NULL. */
	const char *link_id;
	/*
	 * 1 when the row is not expanded (circular, or deeper than
	 * SCHEMAVIEW_MAX_DEPTH): link_id's page shows the rest (link_id may be
	 * the nearest enclosing component, or NULL when there is none).
	 */
	int cut;
};

struct schemaview_rows {
	struct schemaview_row *items; /* depth-first, document order */
	size_t n;
	size_t not_shown; /* subschemas left out past SCHEMAVIEW_MAX_NODES */
	/*
	 * A schema in a format shown as text: raw is that text (cut at
	 * SCHEMAVIEW_MAX_RAW) and items is empty; raw_format names the format.
	 * NULL otherwise.
	 */
	char *raw;
	const char *raw_format;
};

/*
 * The rows of schema into *out, freed with schemaview_rows_free(). Strings
 * are owned by the rows, but for title, description and raw_format, which
 * are borrowed from the document (or NULL). Other fields are NULL when
 * empty. Returns 0, or -1 with *out NULL when out of memory.
 */
int schemaview_rows(struct schemaview_rows **out,
                    const struct schemaview_ctx *ctx,
                    const struct cJSON *schema, const char *format);
void schemaview_rows_free(struct schemaview_rows *rows);

#endif
